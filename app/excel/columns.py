"""The columns each import kind understands (``COLUMNS[kind]``), with their Chinese and
English names, header synonyms and what the importer accepts in each.

The single source of truth: the importer reads it, the templates and exports write its
Chinese names, ``app.excel.mapping`` matches a file's headers against it, and
``docs/excel-columns.md`` is generated from it (``python -m app.excel.mapping >
docs/excel-columns.md``; a test fails when the two disagree).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One importable column: ``key`` is the field, ``zh``/``en`` the names templates and
    exports write, ``synonyms`` other headers that mean it, ``note_zh``/``note_en`` what
    the importer accepts."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...]
    note_zh: str
    note_en: str
    required: bool = False


def _c(
    key: str,
    zh: str,
    en: str,
    synonyms: str,
    note_zh: str,
    note_en: str,
    required: bool = False,
) -> Column:
    return Column(
        key, zh, en, tuple(s for s in synonyms.split("|") if s), note_zh, note_en, required
    )


_MEMBER_NO = _c(
    "member_no",
    "会员号",
    "Member no",
    "会员编号|会员卡号|卡号|会员卡|会员编码|vip卡号|vip号|member number|memberno|card no|"
    "card number",
    "会员的唯一编号；新会员留空则自动编号",
    "the member's unique number; left empty for a new member, one is assigned",
)
_PHONE = _c(
    "phone",
    "手机号",
    "Phone",
    "手机|手机号码|电话|联系电话|电话号码|移动电话|mobile|mobile phone|tel|telephone",
    "11 位手机号，可带 +86、空格或横线；科学计数法（1.38E+10）会被拒绝",
    "11-digit mobile; +86, spaces and dashes are fine; scientific notation (1.38E+10) is refused",
)
_WHO_PURCHASE = (
    "按手机号优先、再按会员号找到会员；两者至少填一个",
    "the member is found by phone first, then by member number; give at least one",
)

_WHO_FEEDBACK = (
    "按手机号优先、再按会员号找到会员；两者都不填为非会员",
    "the member is found by phone first, then by member number; neither: not a member",
)

COLUMNS: dict[str, list[Column]] = {
    "members": [
        _MEMBER_NO,
        _c(
            "name",
            "姓名",
            "Name",
            "顾客姓名|会员姓名|客户姓名|名字|客户名称|name|customer name|full name",
            "必填，最多 50 个字",
            "required, at most 50 characters",
            required=True,
        ),
        _PHONE,
        _c("gender", "性别", "Gender", "sex", "女/男（或 F/M）", "female/male (or F/M, 女/男)"),
        _c(
            "birthday",
            "生日",
            "Birthday",
            "出生日期|出生年月日|生日日期|birth date|date of birth|dob",
            "2023-05-01、2023/5/1、2023年5月1日、Excel 日期或 --05-01（不知年份）；"
            "写“农历”即为农历生日（如 农历1985-03-02）",
            "2023-05-01, 2023/5/1, 2023年5月1日, an Excel date or --05-01 (year unknown); "
            "“农历”/“lunar” marks a lunar birthday (农历1985-03-02)",
        ),
        _c(
            "birthday_calendar",
            "历法",
            "Calendar",
            "生日历法|公历农历|阴历阳历|birthday calendar",
            "公历 或 农历（也可在生日里写“农历”）",
            "solar or lunar (or write “农历” in the birthday)",
        ),
        _c(
            "birthday_leap",
            "闰月",
            "Leap month",
            "是否闰月|leap",
            "农历闰月生日填“是”",
            "“yes” for a lunar birthday in a leap month",
        ),
        _c("address", "地址", "Address", "住址|联系地址|家庭住址", "最多 200 字", "at most 200"),
        _c("email", "邮箱", "E-mail", "电子邮件|电子邮箱|邮件|email address", "", ""),
        _c("wechat", "微信", "WeChat", "微信号|wechat id", "", ""),
        _c("occupation", "职业", "Occupation", "工作|job", "", ""),
        _c("income_band", "收入", "Income band", "收入水平|月收入|income", "", ""),
        _c("education", "学历", "Education", "教育程度|文化程度", "", ""),
        _c("hobbies", "爱好", "Hobbies", "兴趣爱好|兴趣", "", ""),
        _c(
            "employer",
            "工作单位",
            "Employer",
            "单位|公司|所在单位|company",
            "最多 100 字",
            "at most 100",
        ),
        _c(
            "transport",
            "交通方式",
            "Transport",
            "出行方式|来店方式",
            "自驾、公共交通、步行、出租车等",
            "by car, public transport, on foot, taxi…",
        ),
        _c(
            "source",
            "来源",
            "Source",
            "顾客来源|会员来源|入会渠道|how they came",
            "广告、路过进店、会员介绍、活动、线上、其他",
            "advert, walk-in, referral, event, online, other",
        ),
        _c(
            "referrer_no",
            "介绍人会员号",
            "Referrer no",
            "介绍人|推荐人|推荐人会员号|referrer|referred by",
            "介绍人的会员号（须已存在）",
            "the referring member's number (must exist)",
        ),
        _c("temperament", "气质", "Temperament", "", "", ""),
        _c("appearance", "外貌", "Appearance", "形象|外貌特征", "", ""),
        _c("personality", "性格", "Personality", "个性", "", ""),
        _c("service_style", "服务偏好", "Service style", "喜欢的服务方式|服务方式", "", ""),
        _c("size_top", "上衣尺码", "Top size", "上装尺码|衣服尺码", "", ""),
        _c("size_bottom", "下装尺码", "Bottom size", "裤装尺码|裤子尺码", "", ""),
        _c("size_shoe", "鞋码", "Shoe size", "鞋子尺码", "", ""),
        _c("preferred_styles", "喜好款式", "Preferred styles", "偏好款式|喜欢的款式", "", ""),
        _c("preferred_colours", "喜好颜色", "Preferred colours", "偏好颜色|喜欢的颜色", "", ""),
        _c("preferred_brands", "喜好品牌", "Preferred brands", "偏好品牌|喜欢的品牌", "", ""),
        _c("contact_notes", "联系注意", "Contact notes", "联系备注|联系注意事项", "", ""),
        _c("note", "备注", "Note", "说明|notes|remark|remarks", "最多 1000 字", "at most 1000"),
        _c(
            "tier",
            "等级",
            "Tier",
            "会员等级|卡级别|卡类型|vip等级|level",
            "普通会员、银卡、金卡、钻石卡（或代码）",
            "Member, Silver, Gold, Diamond (or the code)",
        ),
        _c(
            "status",
            "状态",
            "Status",
            "会员状态",
            "活跃、休眠、流失",
            "active, dormant, lost",
        ),
        _c(
            "joined_on",
            "入会日期",
            "Joined on",
            "开卡日期|注册日期|入会时间|办卡日期|join date",
            "日期，留空为今天",
            "a date; today when empty",
        ),
        _c("store_code", "门店", "Store", "门店代码|店铺|store code", "", ""),
        _c("tags", "标签", "Tags", "tag", "逗号分隔", "comma-separated"),
        _c(
            "consent_channels",
            "同意联系渠道",
            "Consent channels",
            "联系许可|consent",
            "电话、短信、微信、邮寄，逗号分隔",
            "phone, sms, wechat, mail, comma-separated",
        ),
        _c("verified_at", "核实日期", "Verified on", "资料核实日期|verified", "日期", "a date"),
        _c(
            "family",
            "家庭成员",
            "Family",
            "家庭|家人|家庭信息|family members",
            "每人一段，用“；”分隔；每段“关系｜姓名｜日期｜历法｜闰月｜备注”，如 "
            "配偶｜王伟｜1985-03-02；父亲｜｜1950-08-15｜农历；结婚纪念日｜｜2008-10-01",
            "one entry per person separated by “;”, each “relation|name|date|calendar|leap"
            "|note”, e.g. spouse|Wang Wei|1985-03-02; father||1950-08-15|lunar",
        ),
        _c(
            "consent_at",
            "同意日期",
            "Consent given",
            "同意联系日期|consent date",
            "同意联系的日期或日期时间；留空为导入时",
            "when contact was agreed (date or date-time); empty: the import's time",
        ),
        _c(
            "consent_notice_version",
            "告知版本",
            "Notice version",
            "隐私告知版本|notice version",
            "顾客同意时所看的告知书版本，最多 20 字",
            "the privacy notice's version the customer agreed to (at most 20)",
        ),
        _c(
            "status_changed_at",
            "状态变更时间",
            "Status since",
            "状态日期|status changed",
            "状态（如流失）开始的日期或日期时间",
            "since when the status (e.g. lost) holds",
        ),
        _c(
            "lost_reason",
            "流失原因",
            "Lost reason",
            "流失原因代码|lost reason",
            "质量不稳定、款式缺乏新意、服务不满意、被竞争对手吸引、价格偏高、搬家/离开本地、其他",
            "unstable quality, no novelty, poor service, a competitor's offer, prices too "
            "high, moved away, other",
        ),
        _c(
            "lost_note", "流失说明", "Lost note", "流失备注|lost note", "最多 500 字", "at most 500"
        ),
        _c(
            "enrolled_by",
            "办卡导购",
            "Enrolled by",
            "开卡导购|办卡店员|招募导购|enrolled by",
            "为顾客办卡的店员，姓名或登录名；不是本店账号的留空（不拒绝该行）",
            "the clerk who enrolled the member, name or login; a name that is no user "
            "here is left empty (the row is not refused)",
        ),
    ],
    "purchases": [
        _c(
            "member_no", _MEMBER_NO.zh, _MEMBER_NO.en, "|".join(_MEMBER_NO.synonyms), *_WHO_PURCHASE
        ),
        _c("phone", _PHONE.zh, _PHONE.en, "|".join(_PHONE.synonyms), *_WHO_PURCHASE),
        _c(
            "ticket_no",
            "小票号",
            "Ticket no",
            "单号|销售单号|票号|订单号|流水号|小票编号|receipt no|ticket|order no",
            "每张小票唯一；按商品逐行时，同一小票号的行合为一张小票",
            "unique per ticket; in a one-row-per-item file, rows with the same ticket number "
            "form one ticket",
        ),
        _c(
            "at",
            "消费日期",
            "Date",
            "日期|购买日期|销售日期|消费时间|时间|交易时间|date|time|purchase date",
            "日期或日期时间，不能晚于今天",
            "a date or date-time, not after today",
            required=True,
        ),
        _c(
            "amount",
            "金额",
            "Amount",
            "消费金额|实收金额|实付金额|成交金额|实收|实付|paid|paid amount|total",
            "实付金额（元），如 1,200 或 ¥1200.50；逐行商品时为该行实付",
            "paid, in yuan (1,200 or ¥1200.50); per line in a one-row-per-item file",
        ),
        _c(
            "list_amount",
            "原价",
            "List amount",
            "标价金额|吊牌金额|应收金额|吊牌价|标价|list price",
            "按原价应付的金额（元）；留空同实付",
            "what it cost at list price (yuan); empty: the paid amount",
        ),
        _c(
            "unit_price",
            "单价",
            "Unit price",
            "成交单价|price",
            "逐行商品时的实付单价（元），金额留空时用 单价 × 数量",
            "paid unit price (yuan) in a one-row-per-item file; amount = price × qty when "
            "amount is empty",
        ),
        _c(
            "discounted",
            "是否折扣",
            "Discounted",
            "折扣|打折|折扣标志|discount",
            "是/否（或 1/0、折扣/正价）；有原价时由金额推算",
            "yes/no (1/0); derived from the amounts when a list amount is given",
        ),
        _c(
            "clerk",
            "导购",
            "Clerk",
            "店员|营业员|销售员|导购员|sales",
            "店员姓名或登录名",
            "name or login",
        ),
        _c("category", "品类", "Category", "类别|商品类别|大类", "", ""),
        _c("sku", "款号", "SKU", "货号|商品编码|款式|style", "", ""),
        _c("size", "尺码", "Size", "规格", "", ""),
        _c("colour", "颜色", "Colour", "color|色号", "", ""),
        _c(
            "qty",
            "数量",
            "Qty",
            "件数|quantity",
            "整数，默认 1；退货行为负数",
            "whole number, default 1; negative on a return",
        ),
        _c("note", "备注", "Note", "说明|remark", "", ""),
        _c(
            "return_of",
            "原小票号",
            "Returns ticket",
            "退货原小票|原单号|退货原单号|return of|original ticket",
            "退货时填所退小票的小票号（同一文件或已在系统中），金额为负数",
            "for a return: the ticket number of the sale it returns (in this file or "
            "already recorded); negative amounts",
        ),
        _c(
            "cost",
            "成本",
            "Cost",
            "进价|成本价|成本金额|进货价|cost price|unit cost",
            "进货成本（元），用于计算毛利：与金额同口径（有金额列时为该行合计，只有单价时为"
            "单件成本）；留空为未知；退货行为负数",
            "what it cost the store (yuan), for the gross margin: read like the amount (the "
            "line's total beside an amount, a unit cost when only the unit price is given); "
            "empty: not known; negative on a return",
        ),
    ],
    "contacts": [
        _c(
            "member_no", _MEMBER_NO.zh, _MEMBER_NO.en, "|".join(_MEMBER_NO.synonyms), *_WHO_PURCHASE
        ),
        _c("phone", _PHONE.zh, _PHONE.en, "|".join(_PHONE.synonyms), *_WHO_PURCHASE),
        _c(
            "at",
            "联系时间",
            "Date",
            "联系日期|日期|时间|回访日期|回访时间|date|time",
            "日期或日期时间，不能晚于今天",
            "a date or date-time, not after today",
            required=True,
        ),
        _c(
            "channel",
            "方式",
            "Channel",
            "联系方式|渠道|联系渠道|回访方式",
            "电话、短信、微信、到店/拜访、邮寄",
            "phone, SMS, WeChat, visit, mail",
            required=True,
        ),
        _c(
            "purpose",
            "目的",
            "Purpose",
            "联系目的|回访目的|事由",
            "售后次日回访、生日祝福、新品通知……（或代码）",
            "post-sale day 1, birthday, new arrivals, … (or the code)",
            required=True,
        ),
        _c(
            "outcome",
            "结果",
            "Outcome",
            "联系结果|回访结果",
            "已联系上、无人接听、需回电、号码错误、拒绝",
            "reached, no answer, call back, wrong number, declined",
            required=True,
        ),
        _c(
            "note",
            "内容",
            "Note",
            "备注|记录|联系内容|回访内容|notes",
            "最多 1000 字",
            "at most 1000",
        ),
        _c(
            "next_follow_up",
            "下次回访",
            "Next follow-up",
            "下次联系日期|下次回访日期|next contact",
            "日期，不早于本次联系",
            "a date, not before this contact",
        ),
        _c("clerk", "导购", "Clerk", "店员|营业员|联系人", "店员姓名或登录名", "name or login"),
    ],
    "points": [
        _c(
            "member_no", _MEMBER_NO.zh, _MEMBER_NO.en, "|".join(_MEMBER_NO.synonyms), *_WHO_PURCHASE
        ),
        _c("phone", _PHONE.zh, _PHONE.en, "|".join(_PHONE.synonyms), *_WHO_PURCHASE),
        _c(
            "points",
            "积分",
            "Points",
            "期初积分|积分余额|剩余积分|可用积分|balance|opening points",
            "正整数：从旧系统结转的积分余额（与“变动积分”二选一）",
            "a positive whole number: the balance carried over (or give “Change”)",
        ),
        _c(
            "delta",
            "变动积分",
            "Change",
            "积分变动|积分变化|points change|delta",
            "积分明细（本软件导出的积分流水）：每行一笔，正数为得、负数为扣",
            "a ledger entry (our points export): positive earned, negative spent",
        ),
        _c(
            "reason",
            "原因",
            "Reason",
            "积分原因|变动原因|reason",
            "积分明细的原因：消费积分、推荐积分、生日积分、到店积分、兑换、过期、调整、"
            "期初余额、退货扣回",
            "the entry's reason: spend, referral, birthday, visit, redeem, expire, adjust, "
            "opening balance, return",
        ),
        _c(
            "ticket_no",
            "小票号",
            "Ticket no",
            "单号|销售单号",
            "消费积分、退货扣回所属的小票（须已导入）",
            "the ticket a spend or return entry belongs to (imported before)",
        ),
        _c(
            "ref_member_no",
            "关联会员号",
            "Referred member",
            "被推荐会员号|referred member no",
            "推荐积分：被推荐的会员号",
            "referral points: the referred member's number",
        ),
        _c(
            "at",
            "结转日期",
            "Date",
            "日期|date",
            "日期，留空为今天",
            "a date; today when empty",
        ),
        _c(
            "expires_at",
            "有效期至",
            "Expires on",
            "到期日|到期日期|过期日期|expires|expiry",
            "最后有效日；留空按积分规则",
            "the last valid day; empty: by the points rules",
        ),
        _c(
            "ref",
            "来源",
            "Source",
            "结转来源|积分来源|reference",
            "旧系统名称；同一会员同一来源只结转一次（默认 opening）",
            "the old system's name; one balance per member and source (default “opening”)",
        ),
        _c("note", "备注", "Note", "说明|remark", "", ""),
    ],
    "surveys": [
        _c(
            "member_no", _MEMBER_NO.zh, _MEMBER_NO.en, "|".join(_MEMBER_NO.synonyms), *_WHO_FEEDBACK
        ),
        _c("phone", _PHONE.zh, _PHONE.en, "|".join(_PHONE.synonyms), *_WHO_FEEDBACK),
        _c(
            "at",
            "调查时间",
            "Date",
            "调查日期|日期|时间|date|time",
            "日期或日期时间，不能晚于今天；同一会员同一时间的行合为一份问卷",
            "a date or date-time, not after today; rows of one member and time form one survey",
            required=True,
        ),
        _c("overall", "总体满意度", "Overall", "总体评分|总分|overall", "1–5", "1–5"),
        _c("comment", "意见", "Comment", "评价|建议|comment", "最多 1000 字", "at most 1000"),
        _c(
            "factor",
            "因素",
            "Factor",
            "调查因素|factor",
            "产品质量、服务、店铺形象、价格、品种款式（或本店设置的因素）",
            "product quality, service, store image, price, range (or the store's own)",
        ),
        _c("satisfaction", "满意度", "Satisfaction", "满意|satisfaction", "1–5", "1–5"),
        _c("importance", "重要性", "Importance", "重要度|importance", "1–5", "1–5"),
    ],
    "complaints": [
        _c(
            "member_no", _MEMBER_NO.zh, _MEMBER_NO.en, "|".join(_MEMBER_NO.synonyms), *_WHO_FEEDBACK
        ),
        _c("phone", _PHONE.zh, _PHONE.en, "|".join(_PHONE.synonyms), *_WHO_FEEDBACK),
        _c(
            "at",
            "投诉时间",
            "Date",
            "投诉日期|日期|时间|date|time",
            "日期或日期时间，不能晚于今天",
            "a date or date-time, not after today",
            required=True,
        ),
        _c(
            "category",
            "类别",
            "Category",
            "投诉类别|category",
            "质量、服务、价格、环境、其他",
            "quality, service, price, environment, other",
            required=True,
        ),
        _c(
            "description",
            "内容",
            "Description",
            "投诉内容|描述|description",
            "必填，最多 1000 字",
            "required, at most 1000",
            required=True,
        ),
        _c("owner", "负责人", "Owner", "处理人|owner", "店员姓名或登录名", "name or login"),
        _c(
            "status",
            "状态",
            "Status",
            "处理状态|status",
            "待处理、处理中、已解决、已关闭",
            "open, in progress, resolved, closed",
        ),
        _c("resolution", "处理结果", "Resolution", "解决办法|resolution", "", ""),
        _c(
            "compensation",
            "补偿金额",
            "Compensation",
            "补偿|compensation",
            "元，默认 0",
            "yuan, default 0",
        ),
        _c(
            "resolved_at",
            "解决时间",
            "Resolved at",
            "解决日期|resolved",
            "日期或日期时间",
            "a date",
        ),
    ],
    # praise and suggestions (app/service/praise.py, issue #19); the members export's
    # 表扬与建议 sheet has these headers (phone left out)
    "praise": [
        _c(
            "member_no", _MEMBER_NO.zh, _MEMBER_NO.en, "|".join(_MEMBER_NO.synonyms), *_WHO_FEEDBACK
        ),
        _c("phone", _PHONE.zh, _PHONE.en, "|".join(_PHONE.synonyms), *_WHO_FEEDBACK),
        _c(
            "at",
            "时间",
            "Time",
            "日期|date|time",
            "日期或日期时间，不能晚于今天",
            "a date or date-time, not after today",
            required=True,
        ),
        _c("kind", "类别", "Kind", "kind", "表扬、建议", "praise, suggestion", required=True),
        _c(
            "about",
            "关于",
            "About",
            "方面|about|subject",
            "服务、商品、环境、其他",
            "service, goods, environment, other",
            required=True,
        ),
        _c(
            "clerk",
            "被表扬导购",
            "Clerk praised",
            "导购|clerk",
            "店员姓名或登录名；不是本店账号的，名字记在内容后",
            "name or login; a name that is no user here is kept after the text",
        ),
        _c(
            "text",
            "内容",
            "Text",
            "表扬内容|建议内容|评价|text",
            "必填，最多 500 字",
            "required, at most 500",
            required=True,
        ),
        _c(
            "recorded_by",
            "记录人",
            "Recorded by",
            "登记人|recorded by",
            "店员姓名或登录名；不认识的留空",
            "name or login; unknown names are left empty",
        ),
    ],
    # event attendance (app/service/events.py, m025; app/excel/importer/attendance.py):
    # the list ticked at the door, or the members export's 活动邀请 sheet read back
    "attendance": [
        _c(
            "event_id",
            "活动编号",
            "Event no",
            "活动id|event id|event number",
            "活动的编号（活动页上显示）；不填则按活动名称和日期查找",
            "the event's number (shown on the events page); else name and date find it",
        ),
        _c(
            "event",
            "活动",
            "Event",
            "活动名称|活动名|event name",
            "活动名称，与活动日期一起确定活动（当天只能有一个同名活动）",
            "the event's name; with its date it names one event",
        ),
        _c(
            "event_date",
            "活动日期",
            "Event date",
            "时间|活动时间|date|date and time",
            "活动那天的日期（可带时间）",
            "the day of the event (a time may follow)",
        ),
        _c(
            "member_no",
            _MEMBER_NO.zh,
            _MEMBER_NO.en,
            "|".join(_MEMBER_NO.synonyms),
            "按手机号优先、再按会员号找到会员；须在该活动的邀请名单上",
            "the member by phone first, then number; must be on the event's guest list",
        ),
        _c(
            "phone",
            _PHONE.zh,
            _PHONE.en,
            "|".join(_PHONE.synonyms),
            "按手机号优先、再按会员号找到会员；须在该活动的邀请名单上",
            "the member by phone first, then number; must be on the event's guest list",
        ),
        _c(
            "attended",
            "出席",
            "Came",
            "是否出席|到场|签到|attended|attendance",
            "是/否",
            "yes/no",
            required=True,
        ),
    ],
}

# Columns the members export writes that the importer reads past (shown as ignored).
EXPORT_ONLY: dict[str, list[tuple[str, str]]] = {
    "members": [
        ("访问次数", "Visits"),
        ("累计消费", "Total spend"),
        ("首次消费", "First purchase"),
        ("最近消费", "Last purchase"),
        ("积分余额", "Points balance"),
    ],
}

KIND_NAMES = {
    "members": ("会员资料", "Members"),
    "purchases": ("消费记录", "Purchases"),
    "contacts": ("联系记录", "Contacts"),
    "points": ("期初积分", "Opening points"),
    "surveys": ("满意度调查", "Surveys"),
    "complaints": ("投诉", "Complaints"),
    "praise": ("表扬与建议", "Praise"),
    "attendance": ("活动出席", "Event attendance"),
}
