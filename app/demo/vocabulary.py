"""The demo store's vocabulary: names, places, goods, the store's words and their weights."""

from __future__ import annotations

# (data tables, laid out by hand)
# fmt: off

# Surnames with rough relative frequencies (per mille of the population), including
# heteronym surnames (曾 zeng, 单 shan, 仇 qiu, 解 xie, 查 zha, 区 ou) and compound ones.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 16), ("孙", 15), ("马", 14), ("朱", 13),
    ("胡", 13), ("郭", 12), ("何", 12), ("林", 11), ("高", 11), ("罗", 10), ("郑", 10),
    ("梁", 9), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 6), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 5), ("董", 5), ("潘", 5), ("袁", 5),
    ("蔡", 4), ("蒋", 4), ("余", 4), ("于", 4), ("杜", 4), ("叶", 4), ("程", 4), ("魏", 3),
    ("苏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("傅", 3),
    ("钟", 3), ("姜", 3), ("崔", 2), ("谭", 2), ("廖", 2), ("范", 2), ("汪", 2), ("陆", 2),
    ("金", 2), ("石", 2), ("戴", 2), ("贾", 2), ("韦", 2), ("夏", 2), ("邱", 2), ("方", 2),
    ("侯", 2), ("邹", 2), ("熊", 2), ("孟", 2), ("秦", 2), ("白", 2), ("江", 2), ("薛", 1),
    ("尹", 1), ("段", 1), ("雷", 1), ("黎", 1), ("史", 1), ("龙", 1), ("陶", 1), ("贺", 1),
    ("顾", 1), ("毛", 1), ("郝", 1), ("龚", 1), ("邵", 1), ("万", 1), ("覃", 1),
    ("单", 0.8), ("解", 0.5), ("查", 0.5), ("翟", 0.5), ("仇", 0.3), ("区", 0.3),
    ("缪", 0.3), ("欧阳", 0.5), ("司马", 0.2), ("上官", 0.1),
)

# Given names by gender and birth era (before 1972, 1972–1987, 1988 on).
GIVEN: dict[tuple[bool, int], tuple[str, ...]] = {
    (True, 0): (
        "秀英", "桂英", "玉兰", "淑珍", "丽华", "春梅", "红霞", "秀兰", "桂兰", "玉梅", "凤英",
        "淑英", "秀珍", "美华", "玉珍", "翠花", "月英", "素芬", "建华", "丽君", "爱华", "红梅",
        "芳", "英", "华", "兰", "萍", "琴", "珍", "梅", "霞", "娟",
    ),
    (True, 1): (
        "丽娟", "静", "敏", "艳", "晓燕", "海燕", "丽萍", "红艳", "雪梅", "晓红", "丹", "婷",
        "小燕", "丽丽", "秀丽", "慧", "颖", "晶晶", "玲", "琳", "莉", "燕", "霞", "洁", "娜",
        "倩", "雪", "琼", "晓梅", "春燕", "丽娜", "佳",
    ),
    (True, 2): (
        "欣怡", "梓涵", "雨萱", "思琪", "佳怡", "诗涵", "梦瑶", "可馨", "雨桐", "子涵", "婉婷",
        "佳琪", "晓雯", "依诺", "心怡", "梦琪", "雅婷", "紫涵", "语嫣", "一诺", "璐", "悦",
        "瑶", "萱", "彤", "雯", "琪", "妍", "婧", "璇", "莹", "玥",
    ),
    (False, 0): (
        "建国", "国强", "建军", "志强", "卫东", "建平", "国庆", "德明", "振华", "海涛", "永刚",
        "立新", "文斌", "志明", "庆华", "伟", "军", "勇", "强", "斌", "平", "明",
    ),
    (False, 1): (
        "伟", "磊", "涛", "斌", "鹏", "超", "杰", "浩", "亮", "刚", "海波", "晓东", "志伟",
        "俊杰", "建华", "文涛", "国栋", "晓明", "永强", "海峰", "宏伟", "东升",
    ),
    (False, 2): (
        "浩然", "子轩", "宇航", "俊熙", "梓豪", "皓轩", "子豪", "博文", "一鸣", "睿", "宇",
        "轩", "浩", "晨", "昊", "航", "哲", "凯", "子墨", "天佑", "思远", "嘉懿",
    ),
}
CHILD_GIVEN = ("子涵", "一诺", "梓萱", "浩宇", "欣然", "子轩", "语桐", "思远", "可欣", "宇轩",
               "诗琪", "沐阳", "若曦", "俊豪", "雨泽", "梓睿")

# Mobile prefixes: 13x, 15x (no 154), 18x, 19x in use.
PHONE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "191", "193", "195", "196", "198", "199",
)
SOURCES = (("walk_in", 52), ("referral", 16), ("advert", 10), ("event", 12), ("online", 8),
           ("other", 2))
DISTRICTS = ("城东区", "城西区", "城南区", "城北区", "高新区", "经开区", "滨江区")
ROADS = ("人民路", "解放路", "建设路", "中山路", "和平路", "长江路", "新华路", "文化路",
         "幸福路", "光明路", "青年路", "胜利路")
ESTATES = ("阳光花园", "锦绣家园", "翠湖苑", "金色港湾", "丽景小区", "世纪城", "御景湾",
           "碧桂园", "万科城", "书香门第")
OCCUPATIONS = ("教师", "公务员", "医生", "护士", "会计", "个体经营", "企业职员", "退休",
               "自由职业", "销售", "设计师", "银行职员", "工程师", "家庭主妇", "学生")
INCOME_BANDS = ("5千以下", "5千-1万", "1-2万", "2万以上")
EDUCATIONS = ("初中", "高中/中专", "大专", "本科", "研究生")
HOBBIES = ("旅游", "瑜伽", "广场舞", "烘焙", "摄影", "读书", "跑步", "插花", "茶艺", "追剧",
           "健身", "钓鱼", "书法")
TEMPERAMENTS = ("温和", "爽快", "文静", "干练", "随和", "挑剔")
APPEARANCES = ("身材娇小", "高挑", "微胖", "气质优雅", "短发干练", "戴眼镜")
PERSONALITIES = ("开朗健谈", "内向少言", "有主见", "犹豫不决", "热情", "注重细节")
SERVICE_STYLES = ("喜欢自己逛，不要跟太紧", "需要搭配建议", "喜欢热情介绍", "注重效率，直接推荐",
                  "喜欢试穿多套")
STYLES = ("简约", "通勤", "休闲", "优雅", "中式", "运动", "复古", "甜美", "知性")
COLOURS = ("黑色", "白色", "米白", "灰色", "藏青", "驼色", "酒红", "豆沙粉", "雾霾蓝", "墨绿",
           "卡其", "杏色")
BRANDS = ("本店自有品牌", "雅致", "棉语", "素舍", "悦家纺")
CONTACT_NOTES = (
    "上午10点前勿扰", "只接受微信联系", "工作日晚上7点后方便", "周末勿扰",
    "请勿电话推销，有新品可发短信", "中午12点到2点午休勿扰", "打电话请找本人，家人不知情",
)
STAFF_NOTES = (
    "喜欢棉麻材质", "对羊毛过敏", "裤长一般要改短3厘米", "常给女儿买衣服", "每年换季来买床品",
    "喜欢先看新品再决定", "和店长很熟", "买东西很干脆", "常带朋友来", "只在打折时来",
    "喜欢宽松版型", "肩宽，上衣要大一码",
)
TAGS = ("老客", "团购", "喜欢新品", "敏感价格", "大码", "送礼", "带朋友来")
CONSENT_SETS = (
    (("phone", "sms", "wechat"), 35), (("phone", "wechat"), 20), (("sms", "wechat"), 10),
    (("phone", "sms"), 10), (("wechat",), 8), (("phone",), 5), (("phone", "sms", "wechat",
                                                                  "mail"), 2),
)
LOST_REASONS = (("quality_unstable", 20), ("no_novelty", 25), ("poor_service", 12),  # labels
                ("competitor", 20), ("moved_away", 15), ("price", 8))  # group lost_reason
LOST_NOTES = ("回访时说在别家办了卡", "说最近的款式不喜欢", "电话停机", "搬去外地了",
              "上次买的衣服起球，不太满意", None, None)

DEMO_STORE_NAME = "贵宾管家示范店"  # the demo's settings.store_name

USERS = (
    ("owner", "陈建华", "owner"),
    ("manager", "王丽", "manager"),
    ("clerk1", "李娜", "clerk"),
    ("clerk2", "张敏", "clerk"),
    ("clerk3", "刘婷", "clerk"),
    ("clerk4", "赵雪", "clerk"),
)
USERS_PINYIN = {  # their names' sort keys, as app.normalize.name_pinyin spells them
    "陈建华": "chenjianhua",
    "王丽": "wangli",
    "李娜": "lina",
    "张敏": "zhangmin",
    "刘婷": "liuting",
    "赵雪": "zhaoxue",
}
CLERK_WEIGHTS = (0.34, 0.29, 0.21, 0.16)

# name, sku prefix, list price range in yuan, sizes, season (w winter, s summer, a all)
CLOTH = ("S", "M", "M", "L", "L", "XL", "XXL")
CATEGORIES: tuple[tuple[str, str, tuple[int, int], tuple[str, ...], str, float], ...] = (
    ("上衣", "SY", (129, 599), CLOTH, "a", 16),
    ("衬衫", "CS", (159, 459), CLOTH, "a", 8),
    ("针织衫", "ZZ", (199, 799), CLOTH, "w", 8),
    ("裤装", "KZ", (159, 499), CLOTH, "a", 13),
    ("半身裙", "BQ", (159, 459), CLOTH, "s", 6),
    ("连衣裙", "LQ", (259, 999), CLOTH, "s", 9),
    ("外套", "WT", (399, 1899), CLOTH, "w", 9),
    ("羽绒服", "YR", (599, 2599), CLOTH, "w", 4),
    ("家居服", "JJ", (129, 399), CLOTH, "a", 7),
    ("床品", "CP", (299, 1999), ("1.5m", "1.8m", "1.8m", "2.0m"), "a", 8),
    ("毛巾", "MJ", (29, 129), ("均码",), "a", 7),
    ("配饰", "PS", (39, 199), ("均码",), "a", 5),
)
SKUS_PER_CATEGORY = 24
# What a piece costs the store, as a share of its list price (the range a SKU's own
# ratio is drawn from): outerwear and down carry less margin, home wear and accessories
# more (issue #19: item costs and the margin per member)
COST_RATIO = {
    "上衣": (0.40, 0.50), "衬衫": (0.40, 0.50), "针织衫": (0.42, 0.55), "裤装": (0.40, 0.50),
    "半身裙": (0.40, 0.50), "连衣裙": (0.38, 0.48), "外套": (0.45, 0.58),
    "羽绒服": (0.50, 0.60), "家居服": (0.35, 0.45), "床品": (0.45, 0.55),
    "毛巾": (0.45, 0.60), "配饰": (0.35, 0.45),
}  # fmt: skip
# The store began typing costs in after its first fifth of tickets; the lines of one SKU
# in this many (bought from a market stall, no invoice) never carry one.
COST_FROM_TICKET_SHARE = 0.2
COST_UNKNOWN_SKU_EVERY = 9
SEASON = {  # month factor by season kind, January first
    "w": (1.8, 1.4, 0.8, 0.4, 0.2, 0.1, 0.1, 0.1, 0.5, 1.2, 1.9, 2.0),
    "s": (0.2, 0.3, 0.6, 1.2, 1.8, 2.2, 2.2, 1.8, 1.0, 0.4, 0.2, 0.2),
    "a": (1.0,) * 12,
}
MONTH_FACTOR = (1.3, 1.1, 0.9, 0.9, 1.0, 1.0, 0.75, 0.75, 0.9, 1.1, 1.35, 1.4)
DISCOUNT_PCTS = (95, 90, 88, 85, 80, 75, 70, 60, 50)
DISCOUNT_PCT_W = (6, 18, 8, 14, 22, 10, 10, 7, 5)
ITEMS_PER_TICKET_W = (0.65, 0.23, 0.09, 0.03)  # 1, 2, 3, 4 lines: 1.5 on average
PURCHASE_NOTES = ("会员日", "改裤长，约三天后取", "送礼，已包装", "团购", "换季清仓", None)
PURCHASE_NOTE_W = (2, 3, 2, 0.5, 2.5)  # per mille of sales; the rest None
RETURN_NOTES = ("退货：尺码不合适", "退货：颜色与预期不符", "退货：质量问题", "退货：不喜欢")

PURPOSES = ("post_sale_day1", "post_sale_day7", "birthday", "family_occasion", "festival",
            "new_arrivals", "promotion", "winback", "satisfaction", "complaint_follow_up",
            "scheduled", "other")
P_DAY1, P_DAY7, P_BIRTHDAY, P_FAMILY, P_FESTIVAL, P_NEW, P_PROMO, P_WINBACK, P_SAT, \
    P_COMPLAINT, P_SCHEDULED, P_OTHER = range(len(PURPOSES))
CHANNELS = ("phone", "sms", "wechat", "visit", "mail")
C_PHONE, C_SMS, C_WECHAT, C_VISIT, C_MAIL = range(len(CHANNELS))
OUTCOMES = ("reached", "no_answer", "call_back", "wrong_number", "declined")
O_REACHED, O_NO_ANSWER, O_CALL_BACK, O_WRONG, O_DECLINED = range(len(OUTCOMES))
CONTACT_TEXTS: dict[int, tuple[str, ...]] = {
    P_DAY1: ("尺码合适，很满意", "裤长需要修改，已约周六来店", "询问洗涤方法，已告知冷水手洗",
             "衣服已收到，家人也说好看", "提醒羊毛衫平铺晾干"),
    P_DAY7: ("穿着舒服，没有起球", "洗后略有缩水，已说明保养方法", "很满意，说下次带朋友来",
             "床品洗后柔软，想再买一套枕套"),
    P_BIRTHDAY: ("生日快乐！已告知到店可领生日礼", "发送生日祝福和优惠券"),
    P_FAMILY: ("结婚纪念日祝福", "孩子生日，推荐了童装新品"),
    P_FESTIVAL: ("节日问候",),
    P_NEW: ("秋冬新品到店通知", "春夏新品到店通知"),
    P_PROMO: ("会员专享折扣通知", "双11 活动预告", "618 活动预告"),
    P_WINBACK: ("好久没来了，邀请来看新品", "说最近工作忙，有空会来", "已送上回店礼券"),
    P_SAT: ("做了满意度问卷",),
    P_COMPLAINT: ("跟进投诉处理结果，顾客表示接受", "已换货，顾客满意"),
    P_SCHEDULED: ("按约回访，已完成", "通知修改好的裤子可以取了"),
    P_OTHER: ("确认地址",),
}
COMPLAINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "quality": (("毛衣洗了一次就起球", "换新并赠送毛衣护理液"),
                ("裤子开线", "免费修补"), ("床单洗后褪色", "退款处理"),
                ("拉链坏了", "更换拉链")),
    "service": (("店员态度冷淡", "店长致歉，已对店员培训"),
                ("改衣服拖了一周", "致歉并赠送小礼品"), ("结账排队太久", "增加高峰时段收银")),
    "price": (("刚买就打折了，要求补差价", "按价保规则补差价"),
              ("会员价和宣传不一致", "核实后按宣传价补差")),
    "environment": (("试衣间太少", "周末增加临时试衣间"), ("店里空调太冷", "调整空调温度")),
    "other": (("停车不方便", "提供附近停车场信息"), ("会员积分没到账", "已补录积分")),
}
COMPLAINT_W = (("quality", 40), ("service", 25), ("price", 15), ("environment", 10),
               ("other", 10))
SURVEY_FACTORS = (  # factor, (satisfaction weights 1..5), (importance weights 1..5)
    ("quality", (2, 4, 14, 45, 35), (1, 2, 8, 34, 55)),
    ("service", (2, 5, 15, 43, 35), (1, 3, 15, 41, 40)),
    ("store_image", (1, 4, 20, 45, 30), (5, 15, 40, 30, 10)),
    ("price", (5, 15, 35, 32, 13), (2, 6, 22, 40, 30)),
    ("range", (4, 12, 34, 35, 15), (4, 12, 34, 35, 15)),
)
SURVEY_COMMENTS = ("希望多进一些大码", "店员很专业", "价格可以再优惠些", "款式更新可以快一点",
                   "试衣间有点挤", "床品质量很好", None, None, None)


# fmt: on
