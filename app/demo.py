"""A deterministic, realistic demo store (演示数据): members, purchases, contacts,
complaints and surveys of a Chinese clothing / home-textiles shop.

``generate(db, members=2000, seed=42)`` fills an *empty* store (users, members with
tags and family, purchases with items and returns, the contact log, complaints,
surveys, ``member_stats``) in one transaction. Everything is placed relative to
``today`` so the demo always looks current; the same ``seed`` + ``today`` + sizes give
identical rows. Nothing is written to ``points_ledger`` (the loyalty rules own it).

Derived columns agree with the facts, the way the app derives them:

* ``members.tier``: by app.loyalty's rule (rolling 12-month net paid spend against the
  ``tiers`` thresholds, up at once, down at the yearly review), see ``_tier_spend``;
* ``members.status``: ``dormant`` after ``DORMANT_DAYS`` without a sale, and some of
  those idle for ``LOST_DAYS`` ``lost`` with a ``lost_reason``; members who never
  bought, and everybody else, ``active``;
* ``member_stats`` by app/stats.py's definitions.

Speed (tests/bench/bench_demo.py: 100,000 members, 2,000,000 purchases): purchases,
items and the contact log are made column-wise with numpy and the archive mostly so
(a Python loop per row over ~6 M rows would alone exceed the goal); rows go in through
``executemany`` in chunks, between which ``on_progress``/``should_cancel`` run. The
load is a bulk load (see ``generate``): row-by-row FK/CHECK enforcement off, the big
tables' indexes built after the rows, the full-text index rebuilt once, and for a big
store purchases and contacts written by a helper process on the second core and
copied in at the end (``_Helper``).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import os
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

from app.normalize import name_pinyin

# ---------------------------------------------------------------- public contract


class Cancelled(Exception):
    """``should_cancel()`` asked to stop; the transaction was rolled back."""


@dataclass(frozen=True)
class DemoSummary:
    members: int
    purchases: int
    items: int
    contacts: int
    complaints: int
    surveys: int
    users: int


HISTORY_DAYS = 4 * 365 + 1  # members joined over the last four years
PURCHASES_PER_MEMBER = 12  # default purchases per member
DORMANT_DAYS = 180  # no purchase for this long: dormant
LOST_DAYS = 365  # … and for this long: some are marked lost
RETURN_SHARE = 0.015  # share of purchases that are returns
STORE_OPEN = 10 * 3600
STORE_CLOSE = 22 * 3600
CHUNK = 100_000  # rows per executemany call (progress/cancel granularity)


# ---------------------------------------------------------------- vocabulary
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


# ---------------------------------------------------------------- small helpers


_TIMES: list[str] = []


def _times() -> list[str]:
    """``'THH:MM:SS'`` for every second of the day (built once)."""
    if not _TIMES:
        _TIMES.extend(f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400))
    return _TIMES


_LUNAR: dict[int, tuple[int, dict[int, tuple[int, dt.date]]]] = {}


def _lunar_year(year: int) -> tuple[int, dict[int, tuple[int, dt.date]]]:
    """(leap month or 0, {month (negative: the leap month): (day count, solar date of its
    first day)}). lunar-python computes a whole year at a time (~7 ms) and keeps only the
    last one, so the tables are kept here for the process."""
    if year not in _LUNAR:
        from lunar_python import LunarYear, Solar

        ly = LunarYear.fromYear(year)
        months: dict[int, tuple[int, dt.date]] = {}
        for m in ly.getMonthsInYear():
            s = Solar.fromJulianDay(m.getFirstJulianDay())
            months[m.getMonth()] = (m.getDayCount(), dt.date(s.getYear(), s.getMonth(), s.getDay()))
        _LUNAR[year] = (ly.getLeapMonth(), months)
    return _LUNAR[year]


def _lunar_solar(year: int, month: int, day: int, leap: bool) -> dt.date:
    """Solar date of a lunar date, with app.lunar's customs: a leap month the year lacks
    is the ordinary month, a day past the month's end is its last day."""
    leap_month, months = _lunar_year(year)
    count, first = months[-month if leap and leap_month == month else month]
    return first + dt.timedelta(days=min(day, count) - 1)


def _cum(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _wpick(rnd: random.Random, values: Sequence[Any], cum: list[float]) -> Any:
    """One of ``values`` by cumulative weights ``cum``."""
    return values[bisect.bisect_right(cum, rnd.random() * cum[-1])]


def _nchoice(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """``n`` indices drawn with the given relative weights."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    x = rng.random(n) * cum[-1]
    if len(cum) <= 8:  # a few comparisons beat a binary search per element
        idx = np.zeros(n, dtype=np.int64)
        for c in cum[:-1]:
            idx += x >= c
        return idx
    idx = np.searchsorted(cum, x, side="right")
    return np.minimum(idx, len(cum) - 1).astype(np.int64)


def _lookup(table: Sequence[Any], idx: np.ndarray) -> list[Any]:
    """``[table[i] for i in idx]`` (index -1 is the table's last entry)."""
    return list(map(table.__getitem__, idx.tolist()))


def _maybe(
    rng: np.random.Generator,
    n: int,
    share: float,
    values: Sequence[Any],
    weights: Sequence[float] | None = None,
) -> list[Any]:
    """For each of ``n`` rows, one of ``values`` (weighted) for about ``share`` of them,
    else None."""
    idx = _nchoice(rng, n, weights) if weights else rng.integers(0, len(values), n)
    idx[rng.random(n) >= share] = len(values)
    return _lookup([*values, None], idx)


def _none_if(values: list[Any], absent: Any = 0) -> list[Any]:
    return [None if v == absent else v for v in values]


# ---------------------------------------------------------------- the calendar


class _Calendar:
    """Day index 0 is ``today - HISTORY_DAYS``; index ``D`` is today. Weights say how
    busy each day is (season, weekend, 国庆, 双11, 618, 春节, 元旦, 妇女节)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.D = HISTORY_DAYS
        self.start = today - dt.timedelta(days=HISTORY_DAYS)
        span = self.D + 30  # follow-ups run into the coming weeks
        self.dates = [self.start + dt.timedelta(days=i) for i in range(span)]
        self.iso = [d.isoformat() for d in self.dates]
        self.compact = ["T" + d.strftime("%Y%m%d") for d in self.dates]
        self.month = np.array([d.month - 1 for d in self.dates], dtype=np.int64)
        weekday = np.array([d.weekday() for d in self.dates])
        weight = np.asarray(MONTH_FACTOR)[self.month] * np.where(
            weekday >= 5, 1.45, np.where(weekday == 4, 1.1, 1.0)
        )
        promo = np.zeros(span, dtype=bool)
        for i, d in enumerate(self.dates):
            md = (d.month, d.day)
            if (10, 1) <= md <= (10, 7):  # 国庆
                weight[i] *= 1.8
                promo[i] = True
            elif (11, 1) <= md <= (11, 11):  # 双11
                weight[i] *= 2.2 if md >= (11, 9) else 1.3
                promo[i] = True
            elif (6, 10) <= md <= (6, 18):  # 618
                weight[i] *= 1.8 if md >= (6, 16) else 1.2
                promo[i] = True
            elif md in ((3, 7), (3, 8)) or md >= (12, 30) or md <= (1, 2):  # 妇女节, 元旦
                weight[i] *= 1.5
                promo[i] = True
        # 春节: the weeks before sell best; the first days of the year the shop is all but
        # closed, then it picks up again.
        for y in range(self.start.year, today.year + 2):
            spring = (_lunar_solar(y, 1, 1, False) - self.start).days
            for k in range(-21, 8):
                i = spring + k
                if 0 <= i < span:
                    if k < 0:
                        weight[i] *= 1.6
                        promo[i] = promo[i] or k >= -10
                    else:
                        weight[i] *= 0.25 if k <= 2 else 1.3
        self.weight = weight
        self.promo = promo
        # cumulative weights over the past: day d has mass cum[d+1] - cum[d]
        self.cum = np.concatenate(([0.0], np.cumsum(weight[: self.D])))

    def sample_days(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """One day per pair in ``[lo, hi]`` (inclusive, hi < D), weighted by business."""
        a = self.cum[lo]
        u = a + rng.random(len(lo)) * (self.cum[hi + 1] - a)
        return np.clip(np.searchsorted(self.cum, u, side="right") - 1, lo, hi)


def _store_secs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds of the day for sales: 10:00–21:59, busiest after work."""
    hour = _nchoice(rng, n, (1.0, 2.0, 2.2, 2.0, 2.6, 3.0, 3.0, 3.2, 3.6, 4.0, 3.2, 1.2))
    return STORE_OPEN + hour * 3600 + rng.integers(0, 3600, n)


def _office_secs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds of the day for calls and messages: 10:00–19:59."""
    return STORE_OPEN + rng.integers(0, 10 * 3600, n)


# ---------------------------------------------------------------- members

_GIVEN_KEYS = ((False, 0), (False, 1), (False, 2), (True, 0), (True, 1), (True, 2))
_GIVEN_FLAT = [g for k in _GIVEN_KEYS for g in GIVEN[k]]
_GIVEN_LEN = np.array([len(GIVEN[k]) for k in _GIVEN_KEYS])
_GIVEN_OFF = np.concatenate(([0], np.cumsum(_GIVEN_LEN)[:-1]))
_COMMON_YEAR = [dt.date(2001, 1, 1) + dt.timedelta(days=i) for i in range(365)]
_DOY_MONTH = np.array([d.month for d in _COMMON_YEAR])
_DOY_DAY = np.array([d.day for d in _COMMON_YEAR])
_MMDD = [f"{k // 32:02d}-{k % 32:02d}" for k in range(13 * 32)]  # index month * 32 + day
_CONSENT_LIST = [",".join(c) for c, _ in CONSENT_SETS]
_CONSENT_MARKET = [
    C_WECHAT if "wechat" in c else C_SMS if "sms" in c else -1 for c, _ in CONSENT_SETS
]
_CONSENT_CALL = ["phone" in c for c, _ in CONSENT_SETS]
MEMBER_COLUMNS = (
    "member_no",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "phone",
    "birthday",
    "birthday_calendar",
    "birthday_leap",
    "address",
    "email",
    "wechat",
    "occupation",
    "income_band",
    "education",
    "hobbies",
    "source",
    "referrer_id",
    "temperament",
    "appearance",
    "personality",
    "service_style",
    "size_top",
    "size_bottom",
    "size_shoe",
    "preferred_styles",
    "preferred_colours",
    "preferred_brands",
    "contact_notes",
    "note",
    "consent_channels",
    "consent_at",
    "consent_notice_version",
    "store_code",
    "joined_on",
    "created_at",
    "verified_at",
)


@dataclass
class _Members:
    n: int
    cols: dict[str, list[Any]]  # MEMBER_COLUMNS
    joined: np.ndarray  # day index of joining (and of the first purchase)
    created_sec: np.ndarray
    one_timer: np.ndarray  # bool: buys once
    churn_end: np.ndarray  # the last day they may buy
    disc_prop: np.ndarray  # chance a ticket is discounted (discount-type customers: high)
    market_channel: np.ndarray  # CHANNELS index for messages, -1: no consent
    call_ok: np.ndarray  # bool: consented to calls
    b_cal: np.ndarray  # birthday: 0 unknown, 1 solar, 2 lunar
    b_month: np.ndarray
    b_day: np.ndarray
    b_leap: np.ndarray
    family: list[tuple[Any, ...]]  # member_family rows
    family_dates: list[tuple[int, str, int, int, bool, str]]  # (idx, relation, m, d, leap, cal)


def _pick_some(
    rng: np.random.Generator, n: int, share: float, values: Sequence[str], kmax: int
) -> list[str | None]:
    """For about ``share`` of ``n`` rows, 1 to ``kmax`` different ``values`` joined with
    '、' (as many rows with one as with two…), else None."""
    combos: list[list[str]] = [
        ["、".join(c) for c in itertools.combinations(values, k)] for k in range(1, kmax + 1)
    ]
    flat = [c for group in combos for c in group]
    size = np.array([len(g) for g in combos])
    offset = np.concatenate(([0], np.cumsum(size)[:-1]))
    k = rng.integers(0, kmax, n)
    idx = offset[k] + (rng.random(n) * size[k]).astype(np.int64)
    idx[rng.random(n) >= share] = -1
    return _lookup([*flat, None], idx)


def _make_members(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    n: int,
    prefix: str,
    store_code: str,
    tick: Callable[[int], None],
) -> _Members:
    D = cal.D
    times = _times()
    # Joins: half uniform over four years, half growing with time (the shop grew);
    # sorted, so member numbers follow joining and referrers joined earlier.
    u = rng.random(n)
    joined = np.where(rng.random(n) < 0.5, np.sqrt(u), u) * D
    joined = np.sort(np.minimum(joined.astype(np.int64), D - 1))
    created_sec = STORE_OPEN + rng.integers(0, 11 * 3600, n)
    one_timer = rng.random(n) < 0.15
    churn_end = np.where(
        rng.random(n) < 0.3, joined + (rng.random(n) * (D - 1 - joined)).astype(np.int64), D - 1
    )
    disc_prop = np.where(rng.random(n) < 0.2, 0.72, 0.24)

    # names: weighted surname, given name by gender and birth era
    female = rng.random(n) < 0.7
    byear = np.minimum(rng.triangular(1950, 1982, 2006, n).astype(np.int64), 2005)
    group = female * 3 + np.where(byear < 1972, 0, np.where(byear < 1988, 1, 2))
    surname = _nchoice(rng, n, [w for _, w in SURNAMES])
    given = _GIVEN_OFF[group] + (rng.random(n) * _GIVEN_LEN[group]).astype(np.int64)
    surnames = [s for s, _ in SURNAMES]
    sn_l = _lookup(surnames, surname)
    names = [s + _GIVEN_FLAT[g] for s, g in zip(sn_l, given.tolist(), strict=True)]
    cache: dict[str, tuple[str, str]] = {}
    pinyin, initials = [], []
    every = max(1, n // 5)
    for i, name in enumerate(names):
        py = cache.get(name)
        if py is None:
            py = cache[name] = name_pinyin(name)
        pinyin.append(py[0])
        initials.append(py[1])
        if i % every == every - 1:
            tick(every // 2)

    # unique mobiles (redraw the later of any duplicates); 1% gave none
    prefixes = np.array([int(p) for p in PHONE_PREFIXES], dtype=np.int64)
    phone = prefixes[rng.integers(0, len(prefixes), n)] * 10**8 + rng.integers(0, 10**8, n)
    while True:
        _, first = np.unique(phone, return_index=True)
        if len(first) == n:
            break
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        k = int(dup.sum())
        phone[dup] = prefixes[rng.integers(0, len(prefixes), k)] * 10**8 + rng.integers(0, 10**8, k)
    phones = [
        None if no else str(p)
        for p, no in zip(phone.tolist(), (rng.random(n) < 0.01).tolist(), strict=True)
    ]

    # birthdays: 10% unknown, 15% lunar, a few without the year
    kind = rng.random(n)
    b_cal = np.where(kind < 0.10, 0, np.where(kind < 0.25, 2, 1))
    no_year = (b_cal > 0) & (rng.random(n) < 0.04)
    doy = rng.integers(0, 365, n)
    b_month = np.where(b_cal == 2, rng.integers(1, 13, n), _DOY_MONTH[doy])
    b_day = np.where(b_cal == 2, rng.integers(1, 30, n), _DOY_DAY[doy])  # lunar 1–29
    b_leap = np.zeros(n, dtype=np.int64)
    # Days 1–29 exist in every lunar month; leap-month and day-30 birthdays need the
    # year's table, so only some lunar birthdays look it up.
    for i in np.flatnonzero((b_cal == 2) & ~no_year & (rng.random(n) < 0.1)).tolist():
        leap_month, months = _lunar_year(int(byear[i]))
        month = int(b_month[i])
        if leap_month and rnd.random() < 0.6:
            month = leap_month
            b_month[i], b_leap[i] = month, 1
        b_day[i] = rnd.randint(1, months[-month if b_leap[i] else month][0])
    year_prefix = {y: f"{y:04d}-" for y in range(1940, 2011)}
    birthday = [
        None if c == 0 else ("--" if ny else year_prefix[y]) + _MMDD[k]
        for c, ny, y, k in zip(
            b_cal.tolist(),
            no_year.tolist(),
            byear.tolist(),
            (b_month * 32 + b_day).tolist(),
            strict=True,
        )
    ]

    cols: dict[str, list[Any]] = {}
    cols["member_no"] = [f"{prefix}{i:06d}" for i in range(1, n + 1)]
    cols["name"] = names
    cols["name_pinyin"] = pinyin
    cols["name_initials"] = initials
    cols["gender"] = _lookup(("male", "female"), female.astype(np.int64))
    cols["phone"] = phones
    cols["birthday"] = birthday
    cols["birthday_calendar"] = _lookup(("solar", "solar", "lunar"), b_cal)
    cols["birthday_leap"] = b_leap.tolist()

    address: list[str | None] = [None] * n
    has = np.flatnonzero(rng.random(n) < 0.4)
    m = len(has)
    parts = (
        rng.integers(0, len(DISTRICTS), m),
        rng.integers(0, len(ROADS), m),
        rng.integers(1, 400, m),
        rng.integers(0, len(ESTATES), m),
        rng.integers(1, 31, m),
        rng.integers(1, 5, m),
        rng.integers(1, 29, m),
        rng.integers(1, 5, m),
    )
    for i, a, b, c, d, e, f, g, h in zip(has.tolist(), *(p.tolist() for p in parts), strict=True):
        address[i] = f"{DISTRICTS[a]}{ROADS[b]}{c}号{ESTATES[d]}{e}栋{f}单元{g}{h:02d}室"
    cols["address"] = address
    email: list[str | None] = [None] * n
    idx = np.flatnonzero(rng.random(n) < 0.1)
    for i, k, dom in zip(
        idx.tolist(),
        rng.integers(1, 1000, len(idx)).tolist(),
        rng.integers(0, 3, len(idx)).tolist(),
        strict=True,
    ):
        email[i] = f"{pinyin[i]}{k}@{('qq.com', '163.com', '126.com')[dom]}"
    cols["email"] = email
    wechat: list[str | None] = [None] * n
    idx = np.flatnonzero(rng.random(n) < 0.35)
    for i, k in zip(idx.tolist(), rng.integers(10, 10000, len(idx)).tolist(), strict=True):
        wechat[i] = f"{pinyin[i]}_{k}"
    cols["wechat"] = wechat
    occupation = _maybe(rng, n, 0.5, OCCUPATIONS)
    retired = (byear < 1966) & (rng.random(n) < 0.6)
    for i in np.flatnonzero(retired).tolist():
        if occupation[i] is not None:
            occupation[i] = "退休"
    cols["occupation"] = occupation
    cols["income_band"] = _maybe(rng, n, 0.3, INCOME_BANDS)
    cols["education"] = _maybe(rng, n, 0.3, EDUCATIONS)
    cols["hobbies"] = _pick_some(rng, n, 0.3, HOBBIES, 3)

    source = _nchoice(rng, n, [w for _, w in SOURCES])
    source[0] = 0  # the first member cannot have been referred
    cols["source"] = _lookup([s for s, _ in SOURCES], source)
    referrer = (rng.random(n) * np.arange(n)).astype(np.int64) + 1  # an earlier member
    cols["referrer_id"] = _none_if(np.where(source == 1, referrer, 0).tolist())

    staff = rng.random(n) < 0.2
    for key, values, share in (
        ("temperament", TEMPERAMENTS, 1.0),
        ("appearance", APPEARANCES, 0.6),
        ("personality", PERSONALITIES, 1.0),
        ("service_style", SERVICE_STYLES, 0.7),
    ):
        idx = rng.integers(0, len(values), n)
        idx[~staff | (rng.random(n) >= share)] = -1
        cols[key] = _lookup([*values, None], idx)
    sized = rng.random(n) < 0.6
    top = rng.integers(0, 4, n) + np.where(female, 0, 1)  # men: M–XXL
    top[~sized] = -1
    cols["size_top"] = _lookup(("S", "M", "L", "XL", "XXL", None), top)
    bottom = np.where(female, rng.integers(0, 5, n), 5 + rng.integers(0, 6, n))
    bottom[~sized] = -1
    cols["size_bottom"] = _lookup(
        ("26", "27", "28", "29", "30", "30", "31", "32", "33", "34", "36", None), bottom
    )
    shoe = np.where(female, rng.integers(35, 40, n), rng.integers(40, 45, n))
    shoe[rng.random(n) >= 0.2] = 0
    cols["size_shoe"] = _none_if(list(map(str, shoe.tolist())), "0")
    cols["preferred_styles"] = _pick_some(rng, n, 0.4, STYLES, 2)
    cols["preferred_colours"] = _pick_some(rng, n, 0.4, COLOURS, 3)
    cols["preferred_brands"] = _maybe(rng, n, 0.15, BRANDS)
    cols["contact_notes"] = _maybe(rng, n, 0.15, CONTACT_NOTES)
    cols["note"] = _maybe(rng, n, 0.12, STAFF_NOTES)

    created = [
        cal.iso[j] + times[s] for j, s in zip(joined.tolist(), created_sec.tolist(), strict=True)
    ]
    consent = _nchoice(rng, n, [w for _, w in CONSENT_SETS])
    consent[rng.random(n) >= 0.9] = -1
    cols["consent_channels"] = _lookup([*_CONSENT_LIST, ""], consent)
    consented = (consent >= 0).tolist()
    cols["consent_at"] = [c if ok else None for c, ok in zip(created, consented, strict=True)]
    cols["consent_notice_version"] = ["v1" if ok else None for ok in consented]
    cols["store_code"] = [store_code] * n
    cols["joined_on"] = _lookup(cal.iso, joined)
    cols["created_at"] = created
    verified = (rng.random(n) < 0.6) & (joined < D - 1)
    vday = joined + 1 + (rng.random(n) * (D - 1 - joined)).astype(np.int64)
    vsec = STORE_OPEN + rng.integers(0, 11 * 3600, n)
    cols["verified_at"] = [
        cal.iso[d] + times[s] if ok else None
        for ok, d, s in zip(verified.tolist(), vday.tolist(), vsec.tolist(), strict=True)
    ]
    assert tuple(cols) == MEMBER_COLUMNS

    family, family_dates = _make_family(rnd, rng, cal, female, byear, sn_l, surnames)
    return _Members(
        n=n,
        cols=cols,
        joined=joined,
        created_sec=created_sec,
        one_timer=one_timer,
        churn_end=churn_end,
        disc_prop=disc_prop,
        market_channel=np.asarray([*_CONSENT_MARKET, -1])[consent],
        call_ok=np.asarray([*_CONSENT_CALL, False])[consent],
        b_cal=b_cal,
        b_month=b_month,
        b_day=b_day,
        b_leap=b_leap,
        family=family,
        family_dates=family_dates,
    )


def _make_family(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    female: np.ndarray,
    byear: np.ndarray,
    surname: list[str],
    surnames: list[str],
) -> tuple[list[tuple[Any, ...]], list[tuple[int, str, int, int, bool, str]]]:
    """Spouse, children, wedding anniversary and parents' (lunar) birthdays for ~30%."""
    this_year = cal.today.year
    family: list[tuple[Any, ...]] = []
    dates: list[tuple[int, str, int, int, bool, str]] = []
    sur_cum = _cum(w for _, w in SURNAMES)
    r = rnd.random

    def ri(a: int, b: int) -> int:  # rnd.randint, without its overhead
        return a + int(r() * (b - a + 1))

    def solar_md() -> tuple[int, int]:
        d = _COMMON_YEAR[int(r() * 365)]
        return d.month, d.day

    for i in np.flatnonzero(rng.random(len(female)) < 0.3).tolist():
        mid, fem, by = i + 1, bool(female[i]), int(byear[i])
        if by <= 1998 and r() < 0.85:
            sy = min(2005, max(1945, by + ri(-3, 4)))
            era = 0 if sy < 1972 else (1 if sy < 1988 else 2)
            name = _wpick(rnd, surnames, sur_cum) + rnd.choice(GIVEN[(not fem, era)])
            if r() < 0.12:  # a lunar birthday
                month, day, leap = ri(1, 12), ri(1, 29), False
                leap_month, months = _lunar_year(sy) if r() < 0.2 else (0, {})
                if leap_month:
                    month, leap = leap_month, True
                    day = ri(1, months[-month][0])
                calendar = "lunar"
            else:
                (month, day), leap, calendar = solar_md(), False, "solar"
            family.append(
                (mid, "spouse", name, f"{sy:04d}-{month:02d}-{day:02d}", calendar, int(leap), None)
            )
            dates.append((i, "spouse", month, day, leap, calendar))
            wy = min(this_year - 1, max(by, sy) + ri(22, 32))
            if r() < 0.6:
                month, day = solar_md()
                note = (
                    "银婚纪念"
                    if this_year - wy >= 25 and r() < 0.5
                    else ("喜欢鲜花" if r() < 0.2 else None)
                )
                family.append(
                    (
                        mid,
                        "wedding_anniversary",
                        None,
                        f"{wy:04d}-{month:02d}-{day:02d}",
                        "solar",
                        0,
                        note,
                    )
                )
                dates.append((i, "wedding_anniversary", month, day, False, "solar"))
            for _ in range((0, 1, 1, 1, 2, 2)[int(r() * 6)]):
                cy = max(by, sy) + ri(22, 36)
                if cy >= this_year:
                    continue
                month, day = solar_md()
                child_surname = surname[i] if not fem else _wpick(rnd, surnames, sur_cum)
                family.append(
                    (
                        mid,
                        "child",
                        child_surname + rnd.choice(CHILD_GIVEN),
                        f"{cy:04d}-{month:02d}-{day:02d}",
                        "solar",
                        0,
                        None,
                    )
                )
                dates.append((i, "child", month, day, False, "solar"))
        if r() < 0.25:
            relation = rnd.choice(("mother", "father"))
            month, day = ri(1, 12), ri(1, 29)
            family.append(
                (mid, relation, None, f"--{month:02d}-{day:02d}", "lunar", 0, "过农历生日")
            )
            dates.append((i, relation, month, day, False, "lunar"))
    return family, dates


# ---------------------------------------------------------------- purchases


@dataclass
class _Purchases:
    # per purchase, in id order (ids 1..n follow time)
    member: np.ndarray  # member index (id - 1)
    day: np.ndarray
    sec: np.ndarray
    clerk: np.ndarray  # index into the clerks
    total: np.ndarray
    paid: np.ndarray
    disc: np.ndarray
    return_of: np.ndarray  # purchase id, 0 for a sale
    note: np.ndarray  # index into PURCHASE_NOTES (sales) / RETURN_NOTES (returns), -1
    ticket_seq: np.ndarray  # number of the ticket within its day
    is_return: np.ndarray
    # per item, in id order (ids 1..n)
    item_purchase: np.ndarray  # purchase id
    item_sku: np.ndarray
    item_size: np.ndarray  # index into SIZE_STRINGS
    item_colour: np.ndarray
    item_qty: np.ndarray
    item_list: np.ndarray
    item_paid: np.ndarray
    item_return_of: np.ndarray  # item id, 0 for a sale's line


SIZE_STRINGS: list[str] = []
_SIZE_OFFSET: list[int] = []
for _c in CATEGORIES:
    _SIZE_OFFSET.append(len(SIZE_STRINGS))
    SIZE_STRINGS.extend(_c[3])


def _sku_catalogue(seed: int) -> tuple[list[str], list[str], np.ndarray]:
    """SKU codes, their category names and list prices in fen (whole yuan ending in 9)."""
    rnd = random.Random(f"catalogue-{seed}")
    codes, cats, prices = [], [], []
    for name, prefix, (lo, hi), _sizes, _season, _w in CATEGORIES:
        for k in range(SKUS_PER_CATEGORY):
            codes.append(f"{prefix}{k + 1:03d}")
            cats.append(name)
            prices.append(max(lo, round(rnd.uniform(lo, hi) / 10) * 10 - 1) * 100)
    return codes, cats, np.asarray(prices, dtype=np.int64)


def _make_purchases(
    rng: np.random.Generator, cal: _Calendar, mem: _Members, total: int, sku_prices: np.ndarray
) -> _Purchases:
    D = cal.D
    n = mem.n
    n_returns = round(total * RETURN_SHARE) if total >= 40 else 0
    n_sales = total - n_returns

    # --- how many sales each member makes: heavy-tailed, ~20% buy once
    counts = np.zeros(n, dtype=np.int64)
    if n_sales <= n:
        counts[rng.permutation(n)[:n_sales]] = 1
    else:
        counts[:] = 1
        span = (mem.churn_end - mem.joined + 1).astype(np.float64)
        w = np.minimum(rng.lognormal(0.0, 1.0, n), np.e**2.5) * (span + 30) / D
        w[mem.one_timer] = 0.0
        if w.sum() <= 0:
            w[:] = 1.0
        counts += rng.multinomial(n_sales - n, w / w.sum())
    member = np.repeat(np.arange(n, dtype=np.int64), counts)
    first = np.zeros(n_sales, dtype=bool)
    first[(np.cumsum(counts) - counts)[counts > 0]] = True
    lo = mem.joined[member]
    day = cal.sample_days(rng, lo, np.maximum(lo, mem.churn_end[member]))
    day[first] = lo[first]  # they joined at their first purchase, minutes before paying
    sec = _store_secs(rng, n_sales)
    sec[first] = np.minimum(
        mem.created_sec[member[first]] + rng.integers(60, 900, int(first.sum())), STORE_CLOSE - 1
    )
    order = np.argsort(day * 86400 + sec, kind="stable")
    member, day, sec = member[order], day[order], sec[order]

    # --- ticket header: clerk, discount (more in promotions, for discount-type members)
    clerk = _nchoice(rng, n_sales, CLERK_WEIGHTS)
    p_disc = np.minimum(mem.disc_prop[member] * np.where(cal.promo[day], 1.6, 1.0), 0.95)
    disc = rng.random(n_sales) < p_disc
    pct = np.where(disc, np.asarray(DISCOUNT_PCTS)[_nchoice(rng, n_sales, DISCOUNT_PCT_W)], 100)
    note = _nchoice(rng, n_sales, (*PURCHASE_NOTE_W, 1000 - sum(PURCHASE_NOTE_W)))
    note[note == len(PURCHASE_NOTE_W)] = -1

    # --- items: 1–4 lines a ticket, category by season, popular SKUs sell more
    n_items = 1 + _nchoice(rng, n_sales, ITEMS_PER_TICKET_W)
    item_sale = np.repeat(np.arange(n_sales, dtype=np.int64), n_items)
    ni = len(item_sale)
    n_cat = len(CATEGORIES)
    cat_w = np.array([[c[5] * SEASON[c[4]][m] for c in CATEGORIES] for m in range(12)])
    cat_cum = np.cumsum(cat_w / cat_w.sum(axis=1, keepdims=True), axis=1)
    cat_cum[:, -1] = 1.0
    month = cal.month[day][item_sale]
    flat = (cat_cum + np.arange(12)[:, None]).ravel()  # row m spans [m, m + 1]
    cat = np.clip(
        np.searchsorted(flat, month + rng.random(ni), side="right") - month * n_cat, 0, n_cat - 1
    )
    sku = cat * SKUS_PER_CATEGORY + (rng.random(ni) ** 2 * SKUS_PER_CATEGORY).astype(np.int64)
    size_count = np.array([len(c[3]) for c in CATEGORIES])
    size = np.asarray(_SIZE_OFFSET)[cat] + (rng.random(ni) * size_count[cat]).astype(np.int64)
    colour = rng.integers(0, len(COLOURS), ni)
    qty = 1 + _nchoice(rng, ni, (88, 10, 2))
    towel = cat == [c[0] for c in CATEGORIES].index("毛巾")
    qty[towel] = 1 + _nchoice(rng, int(towel.sum()), (35, 35, 10, 20))
    bulk = rng.random(ni) < 0.003  # 团购, gifts for the office
    qty[bulk] = rng.integers(5, 13, int(bulk.sum()))
    line_list = sku_prices[sku] * qty
    line_pct = pct[item_sale]
    # discounted lines are rounded to whole yuan, as the till does
    line_paid = np.where(line_pct < 100, (line_list * line_pct // 100 + 50) // 100 * 100, line_list)
    first_item = np.cumsum(n_items) - n_items
    total_list = np.add.reduceat(line_list, first_item) if ni else np.zeros(0, np.int64)
    total_paid = np.add.reduceat(line_paid, first_item) if ni else np.zeros(0, np.int64)

    # --- returns: one line of an earlier sale, 1–14 days later (never today)
    eligible = np.flatnonzero(day <= D - 2)
    n_returns = min(n_returns, len(eligible))
    ret_sale = (
        np.sort(rng.choice(eligible, n_returns, replace=False))
        if n_returns
        else np.zeros(0, np.int64)
    )
    ret_item = first_item[ret_sale] + (rng.random(n_returns) * n_items[ret_sale]).astype(np.int64)
    ret_day = np.minimum(day[ret_sale] + rng.integers(1, 15, n_returns), D - 1)
    ret_sec = _store_secs(rng, n_returns)
    ret_clerk = _nchoice(rng, n_returns, CLERK_WEIGHTS)
    ret_note = rng.integers(0, len(RETURN_NOTES), n_returns)

    # --- sales and returns merged in time order: ids follow time
    order = np.argsort(
        np.concatenate((day * 86400 + sec, ret_day * 86400 + ret_sec)), kind="stable"
    )
    n_all = n_sales + n_returns
    pid_of = np.empty(n_all, dtype=np.int64)
    pid_of[order] = np.arange(1, n_all + 1)
    sale_pid, ret_pid = pid_of[:n_sales], pid_of[n_sales:]

    def merged(sale_vals: np.ndarray, ret_vals: np.ndarray) -> np.ndarray:
        return np.concatenate((sale_vals, ret_vals))[order]

    m_day = merged(day, ret_day)
    # ticket numbers: T + date + the ticket's number within the day (days are sorted)
    day_start = np.flatnonzero(np.diff(m_day, prepend=-1))
    ticket_seq = np.arange(n_all) - np.repeat(day_start, np.diff(day_start, append=n_all)) + 1
    return _Purchases(
        member=merged(member, member[ret_sale]),
        day=m_day,
        sec=merged(sec, ret_sec),
        clerk=merged(clerk, ret_clerk),
        total=merged(total_list, -line_list[ret_item]),
        paid=merged(total_paid, -line_paid[ret_item]),
        disc=merged(disc, disc[ret_sale]).astype(np.int64),
        return_of=merged(np.zeros(n_sales, np.int64), sale_pid[ret_sale]),
        note=merged(note, ret_note),
        ticket_seq=ticket_seq,
        is_return=merged(np.zeros(n_sales, bool), np.ones(n_returns, bool)),
        # the sales' lines in sale order, then the return lines
        item_purchase=np.concatenate((sale_pid[item_sale], ret_pid)),
        item_sku=np.concatenate((sku, sku[ret_item])),
        item_size=np.concatenate((size, size[ret_item])),
        item_colour=np.concatenate((colour, colour[ret_item])),
        item_qty=np.concatenate((qty, -qty[ret_item])),
        item_list=np.concatenate((line_list, -line_list[ret_item])),
        item_paid=np.concatenate((line_paid, -line_paid[ret_item])),
        item_return_of=np.concatenate((np.zeros(ni, np.int64), ret_item + 1)),
    )


# ---------------------------------------------------------------- members' facts


@dataclass
class _Facts:
    status: list[str]
    status_at: list[str | None]
    lost_reason: list[str | None]
    lost_note: list[str | None]
    tier: list[str]
    updated_at: list[str]
    tags: list[tuple[int, str]]
    active: np.ndarray  # bool
    seen: np.ndarray  # day of the last sale, or of joining


def _tier_spend(cal: _Calendar, pur: _Purchases, n: int, review: dt.date) -> np.ndarray:
    """The spend each member's tier rests on, by app.loyalty's rule (its module docstring,
    ``tier_spend``): with S(d) the net paid dated in [d − 365 days, d] and R the last
    yearly review date, max(S(R − 1 day), S at each sale dated from R on, counting the
    purchases recorded up to that sale). Ids follow time here, so "recorded up to" is
    "up to this position in the member's history"."""
    D = cal.D
    r = (review - cal.start).days
    order = np.argsort(pur.member, kind="stable")  # by member, then id (= time)
    member, day, paid = pur.member[order], pur.day[order], pur.paid[order]
    csum = np.concatenate(([0], np.cumsum(paid)))
    big = D + 1000  # key = member * big + day + 366 increases along ``order``
    key = member * big + day + 366
    window_first = np.searchsorted(key, member * big + day + 1, side="left")  # day >= d - 365
    at_sale = csum[1:] - csum[window_first]
    spend = np.zeros(n, dtype=np.int64)
    counted = (day >= r) & (paid > 0)
    np.maximum.at(spend, member[counted], at_sale[counted])
    before = (pur.day >= r - 366) & (pur.day < r)
    base = np.bincount(pur.member[before], weights=pur.paid[before], minlength=n)
    return np.maximum(spend, base.astype(np.int64))


def _member_facts(
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    pur: _Purchases,
    tiers: list[tuple[str, int]],
    review: dt.date,
) -> _Facts:
    """Status, tier and tags consistent with the purchases."""
    D, n = cal.D, mem.n
    sale = ~pur.is_return
    who = pur.member[sale]
    n_sales = np.bincount(who, minlength=n)
    disc_share = np.bincount(who, weights=pur.disc[sale], minlength=n) / np.maximum(n_sales, 1)
    last_day = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_day, who, pur.day[sale])
    seen = np.maximum(last_day, mem.joined)
    # members who never bought were never customers: not dormant (as app.calllist sees it)
    idle = np.where(last_day >= 0, D - seen, 0)

    lost = (idle >= LOST_DAYS) & (rng.random(n) < 0.35)
    dormant = ~lost & (idle >= DORMANT_DAYS)
    changed = np.where(
        lost,
        seen + LOST_DAYS + rng.integers(0, 60, n),
        seen + DORMANT_DAYS + rng.integers(0, 30, n),
    )
    changed = np.where(lost | dormant, np.minimum(changed, D - 1), -1)
    status_idx = np.where(lost, 2, np.where(dormant, 1, 0))
    status = _lookup(("active", "dormant", "lost"), status_idx)
    times = _times()
    status_at = [
        cal.iso[d] + times[STORE_CLOSE - 1800] if d >= 0 else None for d in changed.tolist()
    ]
    reason = _nchoice(rng, n, [w for _, w in LOST_REASONS])
    reason[~lost] = -1
    lost_reason = _lookup([*(r for r, _ in LOST_REASONS), None], reason)
    note = rng.integers(0, len(LOST_NOTES), n)
    note[~lost] = -1
    lost_note = _lookup([*LOST_NOTES, None], note)

    spend = _tier_spend(cal, pur, n, review)
    tier_idx = np.zeros(n, dtype=np.int64)
    for k, (_code, threshold) in enumerate(tiers):
        tier_idx[spend >= threshold] = k
    tier = _lookup([code for code, _ in tiers], tier_idx)

    cols = mem.cols
    updated_at = [
        max(c, v or c, s or c)
        for c, v, s in zip(cols["created_at"], cols["verified_at"], status_at, strict=True)
    ]

    bulk_buyer = np.zeros(n, dtype=bool)
    bulk_buyer[pur.member[pur.item_purchase[pur.item_qty >= 5] - 1]] = True
    big = np.isin(np.asarray(cols["size_top"], dtype=object), ("XL", "XXL"))
    referred = np.asarray(cols["source"], dtype=object) == "referral"
    rules = (
        ("老客", (n_sales >= 8) & (mem.joined < D - 730), 0.7),
        ("团购", bulk_buyer, 1.0),
        ("团购", np.ones(n, dtype=bool), 0.01),
        ("喜欢新品", n_sales >= 3, 0.08),
        ("敏感价格", (n_sales >= 3) & (disc_share >= 0.6), 0.6),
        ("大码", big, 0.3),
        ("送礼", np.ones(n, dtype=bool), 0.03),
        ("带朋友来", referred, 0.1),
    )
    tagged: set[tuple[int, str]] = set()
    for tag, mask, share in rules:
        for i in np.flatnonzero(mask & (rng.random(n) < share)).tolist():
            tagged.add((i + 1, tag))
    return _Facts(
        status=status,
        status_at=status_at,
        lost_reason=lost_reason,
        lost_note=lost_note,
        tier=tier,
        updated_at=updated_at,
        tags=sorted(tagged),
        active=status_idx == 0,
        seen=seen,
    )


# ---------------------------------------------------------------- contacts

# (month, day) -> (purpose, index of its text, share of reachable members messaged)
CAMPAIGNS: dict[tuple[int, int], tuple[int, int, float]] = {
    (3, 1): (P_NEW, 1, 0.12),
    (9, 1): (P_NEW, 0, 0.12),
    (6, 8): (P_PROMO, 2, 0.15),
    (11, 5): (P_PROMO, 1, 0.15),
    (9, 28): (P_PROMO, 0, 0.10),
    (1, 1): (P_FESTIVAL, 0, 0.08),
    (5, 10): (P_FESTIVAL, 0, 0.08),
}
CONTACT_TEXT_LIST: list[str] = []
_TEXT_OFFSET: dict[int, int] = {}
for _p, _texts in CONTACT_TEXTS.items():
    _TEXT_OFFSET[_p] = len(CONTACT_TEXT_LIST)
    CONTACT_TEXT_LIST.extend(_texts)


class _Contacts:
    """Contact rows collected column-wise from several rules, put in time order at the
    end (ids follow time)."""

    KEYS = (
        "member",
        "day",
        "sec",
        "clerk",
        "channel",
        "purpose",
        "outcome",
        "note",
        "follow",
        "purchase",
    )

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []
        self.size = 0

    def add(self, **cols: Any) -> int:
        """Add rows (equal-length arrays or lists; ``note``/``follow`` -1 and ``purchase``
        0 for none); returns the position of the first one."""
        arrays = {k: np.asarray(cols[k], dtype=np.int64) for k in self.KEYS}
        start = self.size
        self.parts.append(arrays)
        self.size += len(arrays["member"])
        return start

    def build(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Columns in time order, and the contact id of each added position."""
        cols = {
            k: np.concatenate([p[k] for p in self.parts]) if self.parts else np.zeros(0, np.int64)
            for k in self.KEYS
        }
        order = np.argsort(cols["day"] * 86400 + cols["sec"], kind="stable")
        ids = np.empty(len(order), dtype=np.int64)
        ids[order] = np.arange(1, len(order) + 1)
        return {k: v[order] for k, v in cols.items()}, ids


class _Rows:
    """Contact rows made one at a time (Python rules), handed to _Contacts in one go."""

    def __init__(self) -> None:
        self.cols: dict[str, list[int]] = {k: [] for k in _Contacts.KEYS}

    def add(
        self,
        member: int,
        day: int,
        sec: int,
        clerk: int,
        channel: int,
        purpose: int,
        outcome: int,
        note: int = -1,
        follow: int = -1,
        purchase: int = 0,
    ) -> None:
        for k, v in zip(
            _Contacts.KEYS,
            (member, day, sec, clerk, channel, purpose, outcome, note, follow, purchase),
            strict=True,
        ):
            self.cols[k].append(v)

    def flush(self, contacts: _Contacts) -> None:
        if self.cols["member"]:
            contacts.add(**self.cols)


def _texts_for(
    rng: np.random.Generator, purpose: np.ndarray, outcome: np.ndarray, share: float
) -> np.ndarray:
    """Note (index into CONTACT_TEXT_LIST) for a share of the reached contacts, else -1."""
    out = np.full(len(purpose), -1, dtype=np.int64)
    pick = (outcome == O_REACHED) & (rng.random(len(purpose)) < share)
    for p, texts in CONTACT_TEXTS.items():
        sel = pick & (purpose == p)
        k = int(sel.sum())
        if k:
            out[sel] = _TEXT_OFFSET[p] + rng.integers(0, len(texts), k)
    return out


def _post_sale_contacts(
    rng: np.random.Generator,
    cal: _Calendar,
    p: _Purchases,
    clerk_ids: np.ndarray,
    contacts: _Contacts,
) -> None:
    """Day-1 and day-7 calls after sales (售后回访), by the clerk who sold. Yesterday's
    sales have no call yet (today's call list), the days before only some; further back
    the log is sparse. Call-backs of the last fortnight are due in the coming two weeks;
    older ones were made on the day agreed (a 'scheduled' contact)."""
    D = cal.D
    sale = np.flatnonzero(~p.is_return)
    age = D - p.day[sale]
    for offset, purpose, recent, old in ((1, P_DAY1, 0.65, 0.03), (7, P_DAY7, 0.3, 0.01)):
        prob = np.where(age <= 90, recent, old) * np.where(age <= 3, 0.5, 1.0)
        idx = sale[(age - offset >= 1) & (rng.random(len(sale)) < prob)]
        k = len(idx)
        outcome = _nchoice(rng, k, (76, 14, 7, 1, 2))
        cday = p.day[idx] + offset
        follow = np.full(k, -1, dtype=np.int64)
        fresh = (D - cday <= 14) & ((outcome == O_CALL_BACK) | (rng.random(k) < 0.04))
        follow[fresh] = D + rng.integers(0, 14, int(fresh.sum()))
        later = (D - cday > 14) & (outcome == O_CALL_BACK)
        fday = cday[later] + rng.integers(1, 4, int(later.sum()))
        follow[later] = fday
        purposes = np.full(k, purpose)
        contacts.add(
            member=p.member[idx],
            day=cday,
            sec=_office_secs(rng, k),
            clerk=clerk_ids[p.clerk[idx]],
            channel=_nchoice(rng, k, (70, 5, 25)),
            purpose=purposes,
            outcome=outcome,
            note=_texts_for(rng, purposes, outcome, 0.5),
            follow=follow,
            purchase=idx + 1,
        )
        m = len(fday)
        if m:
            sched = np.full(m, P_SCHEDULED)
            sout = _nchoice(rng, m, (85, 15))
            contacts.add(
                member=p.member[idx[later]],
                day=fday,
                sec=_office_secs(rng, m),
                clerk=clerk_ids[p.clerk[idx[later]]],
                channel=np.full(m, C_PHONE),
                purpose=sched,
                outcome=sout,
                note=_texts_for(rng, sched, sout, 0.7),
                follow=np.full(m, -1),
                purchase=idx[later] + 1,
            )


def _campaign_contacts(
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
) -> None:
    """New-arrival, promotion and festival messages over the last year to a share of the
    members who accept messages."""
    D = cal.D
    reachable = np.flatnonzero((mem.market_channel >= 0) & facts.active)
    joined = mem.joined[reachable]
    for d_i in range(max(0, D - 400), D):
        date = cal.dates[d_i]
        campaign = CAMPAIGNS.get((date.month, date.day))
        if campaign is None:
            continue
        purpose, text, share = campaign
        who = reachable[(rng.random(len(reachable)) < share) & (joined <= d_i)]
        k = len(who)
        contacts.add(
            member=who,
            day=np.full(k, d_i),
            sec=_office_secs(rng, k),
            clerk=staff_ids[rng.integers(0, len(staff_ids), k)],
            channel=mem.market_channel[who],
            purpose=np.full(k, purpose),
            outcome=np.full(k, O_REACHED),
            note=np.full(k, _TEXT_OFFSET[purpose] + text),
            follow=np.full(k, -1),
            purchase=np.zeros(k),
        )


def _occasion_contacts(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
) -> None:
    """Birthday greetings (in the member's own calendar) and family occasions over the
    last half year, to active members who accept messages or calls."""
    D = cal.D
    since = D - 183
    years = (cal.today.year - 1, cal.today.year)
    rows = _Rows()

    def last_occurrence(month: int, day: int, leap: bool, calendar: str) -> int:
        """Day index of the last occurrence in [since, yesterday], or -1."""
        best = -1
        for y in years:
            if calendar == "lunar":
                d = _lunar_solar(y, month, day, leap)
            else:
                d = dt.date(y, month, day) if (month, day) != (2, 29) else dt.date(y, 2, 28)
            i = (d - cal.start).days
            if since <= i < D:
                best = max(best, i)
        return best

    channel = np.where(
        mem.market_channel >= 0, mem.market_channel, np.where(mem.call_ok, C_PHONE, -1)
    )
    n = mem.n
    pick = facts.active & (mem.b_cal > 0) & (channel >= 0) & (rng.random(n) < 0.7)
    for i in np.flatnonzero(pick).tolist():
        d = last_occurrence(
            int(mem.b_month[i]),
            int(mem.b_day[i]),
            bool(mem.b_leap[i]),
            "lunar" if mem.b_cal[i] == 2 else "solar",
        )
        if d >= mem.joined[i]:
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                int(channel[i]),
                P_BIRTHDAY,
                O_REACHED,
                _TEXT_OFFSET[P_BIRTHDAY] + rnd.randrange(2),
            )
    for i, relation, month, day, leap, calendar in mem.family_dates:
        if (
            relation not in ("wedding_anniversary", "child")
            or not facts.active[i]
            or mem.market_channel[i] < 0
            or rnd.random() >= 0.4
        ):
            continue
        d = last_occurrence(month, day, leap, calendar)
        if d >= mem.joined[i]:
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                int(mem.market_channel[i]),
                P_FAMILY,
                O_REACHED,
                _TEXT_OFFSET[P_FAMILY] + (relation == "child"),
            )
    rows.flush(contacts)


def _winback_contacts(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
    pur: _Purchases | None = None,
) -> None:
    """Tracking calls (追踪) to members gone quiet: about half of them got a call after half
    a year without a purchase; some recent ones agreed to a call back in the coming two
    weeks. Plus a few members who asked to be called again in the next days. And calls
    that worked: about one in eight of the sales that ended a half-year silence follow a
    reached win-back call made 1–60 days before (still dormant on the day of the call),
    so the win-back rate has something to count."""
    D = cal.D
    n = mem.n
    rows = _Rows()
    if pur is not None and len(pur.day):
        sale = ~pur.is_return
        who, day = pur.member[sale], pur.day[sale]
        order = np.lexsort((day, who))
        who, day = who[order], day[order]
        gap = np.diff(day, prepend=0)
        first = np.r_[True, who[1:] != who[:-1]]
        back = np.flatnonzero(~first & (gap >= DORMANT_DAYS + 2) & (rng.random(len(day)) < 0.12))
        for k in back.tolist():
            i = int(who[k])
            if not mem.call_ok[i]:
                continue
            earliest = int(day[k - 1]) + DORMANT_DAYS + 1  # dormant when called
            d = int(day[k]) - 1 - rnd.randrange(60)
            if d < earliest:
                d = earliest
            if d >= int(day[k]) or d > D - 1:
                continue
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                C_PHONE,
                P_WINBACK,
                O_REACHED,
                _TEXT_OFFSET[P_WINBACK] + rnd.randrange(3),
                -1,
            )
    lost = np.asarray(facts.status, dtype=object) == "lost"
    for i in np.flatnonzero(~facts.active & mem.call_ok & (rng.random(n) < 0.5)).tolist():
        lo = int(facts.seen[i]) + DORMANT_DAYS
        if lo > D - 1:
            continue
        d = rnd.randint(lo, min(D - 1, lo + 120))
        if lost[i]:
            outcome = rnd.choice((O_DECLINED, O_WRONG, O_NO_ANSWER, O_REACHED))
        else:
            outcome = rnd.choice((O_REACHED, O_REACHED, O_NO_ANSWER, O_CALL_BACK, O_DECLINED))
        follow = D + rnd.randrange(14) if outcome == O_CALL_BACK and D - d <= 14 else -1
        rows.add(
            i,
            d,
            STORE_OPEN + rnd.randrange(9 * 3600),
            int(staff_ids[rnd.randrange(len(staff_ids))]),
            C_PHONE,
            P_WINBACK,
            outcome,
            _TEXT_OFFSET[P_WINBACK] + rnd.randrange(3) if outcome == O_REACHED else -1,
            follow,
        )
    for _ in range(max(2, n // 400)):
        i = rnd.randrange(n)
        d = D - 1 - rnd.randrange(7)
        if facts.active[i] and mem.call_ok[i] and d >= mem.joined[i]:
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                C_PHONE,
                P_OTHER,
                O_CALL_BACK,
                -1,
                D + rnd.randrange(14),
            )
    rows.flush(contacts)


# ---------------------------------------------------------------- complaints, surveys


def _complaints(
    rnd: random.Random,
    cal: _Calendar,
    pur: _Purchases,
    n_members: int,
    owner_id: int,
    manager_id: int,
    contacts: _Contacts,
) -> list[tuple[Any, ...]]:
    """About one complaint per hundred members, each after a sale; the older ones were
    resolved (and most followed up by a call), the last days' are still open."""
    D = cal.D
    times = _times()
    sales = np.flatnonzero(~pur.is_return & (pur.day <= D - 2))
    out: list[tuple[Any, ...]] = []
    if not len(sales):
        return out
    cat_values = [c for c, _ in COMPLAINT_W]
    cat_cum = _cum(w for _, w in COMPLAINT_W)
    rows = _Rows()
    picks = sorted(int(sales[rnd.randrange(len(sales))]) for _ in range(max(3, n_members // 100)))
    for cid, s in enumerate(picks, start=1):
        member = int(pur.member[s])
        day = min(D - 1, int(pur.day[s]) + rnd.randrange(10))
        category = _wpick(rnd, cat_values, cat_cum)
        description, resolution = rnd.choice(COMPLAINTS[category])
        owner = manager_id if rnd.random() < 0.75 else owner_id
        at = cal.iso[day] + times[STORE_OPEN + rnd.randrange(11 * 3600)]
        resolve_day = day + rnd.randrange(6)
        if D - day <= 3 or resolve_day >= D:
            status = rnd.choice(("open", "in_progress"))
            resolved_at, res_text, comp = None, None, 0
        else:
            status = "resolved" if rnd.random() < 0.8 else "closed"
            resolved_at = max(
                at, cal.iso[resolve_day] + times[STORE_OPEN + rnd.randrange(10 * 3600)]
            )
            res_text = resolution
            comp = rnd.choice((0, 0, 5000, 10000, 20000)) if category == "quality" else 0
            if rnd.random() < 0.8:
                rows.add(
                    member,
                    min(D - 1, resolve_day + 1),
                    STORE_OPEN + rnd.randrange(9 * 3600),
                    owner,
                    C_PHONE,
                    P_COMPLAINT,
                    O_REACHED,
                    _TEXT_OFFSET[P_COMPLAINT] + rnd.randrange(2),
                    -1,
                    s + 1,
                )
        out.append(
            (cid, member + 1, at, category, description, owner, status, res_text, comp, resolved_at)
        )
    rows.flush(contacts)
    return out


def _surveys(
    rnd: random.Random,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
) -> tuple[list[tuple[Any, ...]], list[list[tuple[str, int, int]]], int]:
    """Satisfaction surveys (about one per 25 members) over the last year, each taken in a
    'satisfaction' contact; five factors, each with satisfaction and importance 1–5.
    Returns the survey rows (contact position in place of the id), scores, and the
    position of the first survey contact."""
    D = cal.D
    times = _times()
    candidates = np.flatnonzero(facts.active).tolist()
    rows = _Rows()
    surveys: list[tuple[Any, ...]] = []
    scores: list[list[tuple[str, int, int]]] = []
    if not candidates:
        return surveys, scores, contacts.size
    one_to_five = (1, 2, 3, 4, 5)
    tables = [(f, _cum(sw), _cum(iw)) for f, sw, iw in SURVEY_FACTORS]
    for _ in range(max(3, mem.n // 25)):
        i = rnd.choice(candidates)
        lo = max(int(mem.joined[i]), D - 365)
        day = rnd.randint(lo, D - 1)
        sec = STORE_OPEN + rnd.randrange(9 * 3600)
        clerk = int(staff_ids[rnd.randrange(len(staff_ids))])
        factor_scores = [
            (f, _wpick(rnd, one_to_five, sc), _wpick(rnd, one_to_five, ic)) for f, sc, ic in tables
        ]
        mean = sum(s for _, s, _ in factor_scores) / len(factor_scores)
        overall = max(1, min(5, round(mean + rnd.choice((-0.6, 0, 0, 0, 0.6)))))
        surveys.append(
            (
                i + 1,
                cal.iso[day] + times[sec],
                clerk,
                len(surveys),
                overall,
                rnd.choice(SURVEY_COMMENTS),
            )
        )
        scores.append(factor_scores)
        rows.add(
            i,
            day,
            sec,
            clerk,
            rnd.choice((C_PHONE, C_WECHAT, C_VISIT)),
            P_SAT,
            O_REACHED,
            _TEXT_OFFSET[P_SAT],
        )
    first = contacts.size
    rows.flush(contacts)
    return surveys, scores, first


# ---------------------------------------------------------------- writing

# Bulk load. Secondary indexes of the big tables are dropped for the load and made again
# from their own SQL afterwards (one sort is several times cheaper than keeping a B-tree
# up to date row by row in random order); partial indexes (few rows) stay. The insert
# triggers whose per-row work is redone in bulk afterwards (full-text index 'rebuild',
# member_stats written from the arrays) are off meanwhile. It all happens inside the one
# transaction: a failure or Cancelled leaves schema and data as they were.
_BULK_TABLES = ("members", "member_family", "purchases", "purchase_items", "contacts")
_DEFERRED_TRIGGERS = ("members_fts_ai", "member_stats_member_ai")
# Tables a helper process may write (into a scratch file, copied in at the end).
_HELPER_TABLES = ("purchases", "contacts")
# The helper is worth its start-up (~1 s) from this many rows on.
HELPER_MIN_ROWS = 300_000


def _drop_for_load(conn: Any, tables: Sequence[str]) -> list[tuple[str, str]]:
    marks = ", ".join("?" * len(tables))
    triggers = ", ".join("?" * len(_DEFERRED_TRIGGERS))
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        f"(type = 'index' AND tbl_name IN ({marks}) AND sql NOT LIKE '% WHERE %') OR "
        f"(type = 'trigger' AND name IN ({triggers}))) ORDER BY rowid",
        [*tables, *_DEFERRED_TRIGGERS],
    ).fetchall()
    for type_, name, _sql in saved:
        conn.execute(f'DROP {"INDEX" if type_ == "index" else "TRIGGER"} "{name}"')
    return [(type_, sql) for type_, _name, sql in saved]


def _restore_after_load(conn: Any, saved: list[tuple[str, str]]) -> None:
    for type_, sql in saved:
        if type_ == "index":
            conn.execute(sql)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'members_fts'").fetchone():
        conn.execute("INSERT INTO members_fts(members_fts) VALUES ('rebuild')")
    for type_, sql in saved:
        if type_ == "trigger":
            conn.execute(sql)


def _insert(
    conn: Any, sql: str, rows: Iterable[tuple[Any, ...]], n: int, step: Callable[[int], None]
) -> None:
    """executemany in chunks of CHUNK rows, calling ``step(rows)`` after each."""
    it = iter(rows)
    done = 0
    while done < n:
        k = min(CHUNK, n - done)
        conn.executemany(sql, itertools.islice(it, k))
        done += k
        step(k)


# Rows of purchase_items and contacts are built from compact arrays ("payloads") by the
# same code whether this process writes them or the helper does.


def _purchases_payload(pur: _Purchases, cal: _Calendar, clerk_ids: np.ndarray) -> dict[str, Any]:
    return {
        "member": pur.member.astype(np.int32),
        "day": pur.day.astype(np.int32),
        "sec": pur.sec.astype(np.int32),
        "seq": pur.ticket_seq.astype(np.int32),
        "clerk": clerk_ids[pur.clerk].astype(np.int32),
        "total": pur.total,
        "paid": pur.paid,
        "return_of": pur.return_of.astype(np.int32),
        "note": pur.note.astype(np.int16),
        "is_return": pur.is_return,
        "iso": cal.iso,
        "compact": cal.compact,
    }


def _purchase_at(p: dict[str, Any]) -> list[str]:
    times, iso = _times(), p["iso"]
    return [iso[d] + times[s] for d, s in zip(p["day"].tolist(), p["sec"].tolist(), strict=True)]


def _purchase_inserts(p: dict[str, Any]) -> list[tuple[str, Iterable[tuple[Any, ...]], int]]:
    """Ids are not sent: the table is empty, so rows get 1, 2, 3… in insertion order,
    which is how they were numbered. is_discounted is derived in SQL (one parameter less,
    times millions): a discounted line is always paid below list (prices ≥ ¥29,
    discounts ≥ 5%), an undiscounted one at list."""
    n = len(p["day"])
    seq = [f"{s:04d}" for s in range(int(p["seq"].max(initial=0)) + 1)]
    compact = p["compact"]
    ticket = [
        compact[d] + seq[s] for d, s in zip(p["day"].tolist(), p["seq"].tolist(), strict=True)
    ]
    notes: list[str | None] = [None] * n
    noted = np.flatnonzero(p["note"] >= 0)
    for i, k, r in zip(
        noted.tolist(), p["note"][noted].tolist(), p["is_return"][noted].tolist(), strict=True
    ):
        notes[i] = RETURN_NOTES[k] if r else PURCHASE_NOTES[k]
    rows = zip(
        (p["member"] + 1).tolist(),
        ticket,
        _purchase_at(p),
        p["clerk"].tolist(),
        p["total"].tolist(),
        p["paid"].tolist(),
        _none_if(p["return_of"].tolist()),
        notes,
        strict=True,
    )
    sql = (
        "INSERT INTO purchases (member_id, ticket_no, at, clerk_id, total_fen, paid_fen, "
        "is_discounted, return_of, source, note, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6 <> ?5, ?7, 'demo', ?8, ?3)"
    )
    return [(sql, rows, n)]


def _items_payload(pur: _Purchases, seed: int) -> dict[str, Any]:
    return {
        "seed": seed,
        "purchase": pur.item_purchase.astype(np.int32),
        "sku": pur.item_sku.astype(np.int16),
        "size": pur.item_size.astype(np.int16),
        "colour": pur.item_colour.astype(np.int16),
        "qty": pur.item_qty.astype(np.int32),
        "list": pur.item_list,
        "paid": pur.item_paid,
        "return_of": pur.item_return_of.astype(np.int32),
    }


def _item_inserts(p: dict[str, Any]) -> list[tuple[str, Iterable[tuple[Any, ...]], int]]:
    """The sales' lines (no return_of_item: one parameter less), then the return lines."""
    codes, cats, _ = _sku_catalogue(p["seed"])
    ret = p["return_of"]
    n_sale = int(np.count_nonzero(ret == 0))
    assert not ret[:n_sale].any()
    cols = [
        p["purchase"].tolist(),
        _lookup(cats, p["sku"]),
        _lookup(codes, p["sku"]),
        _lookup(SIZE_STRINGS, p["size"]),
        _lookup(COLOURS, p["colour"]),
        p["qty"].tolist(),
        p["list"].tolist(),
        p["paid"].tolist(),
    ]
    sql = (
        "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
        "list_fen, paid_fen, return_of_item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {})"
    )
    sales = zip(*(c[:n_sale] for c in cols), strict=True)
    returns = zip(*(c[n_sale:] for c in cols), ret[n_sale:].tolist(), strict=True)
    return [(sql.format("NULL"), sales, n_sale), (sql.format("?"), returns, len(ret) - n_sale)]


def _contacts_payload(ccols: dict[str, np.ndarray], cal: _Calendar) -> dict[str, Any]:
    return {"cols": ccols, "iso": cal.iso}


def _contact_inserts(p: dict[str, Any]) -> list[tuple[str, Iterable[tuple[Any, ...]], int]]:
    cols, iso = p["cols"], p["iso"]
    times = _times()
    rows = zip(
        (cols["member"] + 1).tolist(),
        [
            iso[d] + times[s]
            for d, s in zip(cols["day"].tolist(), cols["sec"].tolist(), strict=True)
        ],
        cols["clerk"].tolist(),
        _lookup(CHANNELS, cols["channel"]),
        _lookup(PURPOSES, cols["purpose"]),
        _lookup(OUTCOMES, cols["outcome"]),
        _lookup([*CONTACT_TEXT_LIST, None], cols["note"]),
        _lookup([*iso, None], cols["follow"]),
        _none_if(cols["purchase"].tolist()),
        strict=True,
    )
    sql = (
        "INSERT INTO contacts (member_id, at, clerk_id, channel, purpose, outcome, note, "
        "next_follow_up, purchase_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?2)"
    )
    return [(sql, rows, len(cols["day"]))]


_INSERTS: dict[str, Callable[[dict[str, Any]], list[tuple[str, Iterable[Any], int]]]] = {
    "purchases": _purchase_inserts,
    "purchase_items": _item_inserts,
    "contacts": _contact_inserts,
}


def _helper_main(path: str, schema: list[tuple[str, str]], jobs: list[tuple[str, Any]]) -> None:
    """The helper's work: write ``jobs`` into a fresh scratch file with the store's own
    table and index definitions (``schema``), indexes built after the rows."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "ignore_check_constraints = ON"):
        conn.execute(f"PRAGMA {pragma}")  # a scratch file: nothing to protect
    conn.execute("BEGIN")
    for type_, sql in schema:
        if type_ == "table":
            conn.execute(sql)
    for table, payload in jobs:
        for sql, rows, _n in _INSERTS[table](payload):
            conn.executemany(sql, rows)
    for type_, sql in schema:
        if type_ == "index":
            conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()


def _helper_entry(payload_path: str) -> None:
    """Entry point of the helper process (``python -c``): read the pickled work, do it."""
    import pickle

    with open(payload_path, "rb") as f:
        path, schema, jobs = pickle.load(f)
    os.remove(payload_path)
    _helper_main(path, schema, jobs)


class _Helper:
    """Writes purchase_items and contacts in a second process (the second core) while
    this one writes members and purchases; at the end they are copied in with
    ``INSERT … SELECT`` (SQLite's transfer optimisation copies rows and matching indexes
    without decoding them).

    The helper is a plain ``python -c`` subprocess of this interpreter, handed its work
    in a pickle file: unlike multiprocessing's spawn it never re-imports the caller's
    main module (a script without a ``__main__`` guard would run again). Used for big
    stores only and never in a frozen bundle, where ``sys.executable`` is the app."""

    ALIAS = "demo_load"

    def __init__(self, conn: Any) -> None:
        import tempfile

        main_file = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
        folder = os.path.dirname(main_file) if main_file else tempfile.gettempdir()
        base = os.path.join(folder, f".{os.path.basename(main_file) or 'store'}.demo-{os.getpid()}")
        self.path = base + ".tmp"  # the scratch database
        self.files = (self.path, self.path + "-journal", base + ".work", base + ".log")
        self.proc: Any = None
        self.attached = False

    @staticmethod
    def wanted(n_rows: int) -> bool:
        return (
            n_rows >= HELPER_MIN_ROWS
            and (os.cpu_count() or 1) >= 2
            and bool(sys.executable)
            and not getattr(sys, "frozen", False)
        )

    def start(self, conn: Any, jobs: list[tuple[str, Any]]) -> None:
        import pickle
        import subprocess

        tables = [t for t, _ in jobs]
        marks = ", ".join("?" * len(tables))
        schema = conn.execute(
            "SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN "
            f"('table', 'index') AND tbl_name IN ({marks}) ORDER BY rowid",
            tables,
        ).fetchall()
        self._remove()
        work, log = self.files[2], self.files[3]
        with open(work, "wb") as f:
            pickle.dump((self.path, schema, jobs), f, protocol=pickle.HIGHEST_PROTOCOL)
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        with open(log, "wb") as err:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys; from app.demo import _helper_entry; _helper_entry(sys.argv[1])",
                    work,
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )

    def finish(self, conn: Any, tables: Sequence[str], step: Callable[[int], None]) -> None:
        """Wait for the helper (cancellable) and copy its tables in."""
        import subprocess

        while True:
            try:
                code = self.proc.wait(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                step(0)
        if code != 0:
            with open(self.files[3], "rb") as f:
                tail = f.read().decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"demo: the helper process failed (exit code {code}): {tail}")
        conn.execute(f"ATTACH DATABASE ? AS {self.ALIAS}", [self.path])
        self.attached = True
        for table in tables:
            conn.execute(f'INSERT INTO main."{table}" SELECT * FROM {self.ALIAS}."{table}"')

    def close(self, conn: Any) -> None:
        """After the transaction: stop the helper if it still runs, detach, remove files."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.attached:
            conn.execute(f"DETACH DATABASE {self.ALIAS}")
            self.attached = False
        self._remove()

    def _remove(self) -> None:
        for path in self.files:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)


def _write_member_stats(
    conn: Any, pur: _Purchases, at: list[str], clerk_ids: np.ndarray, n: int
) -> None:
    """``member_stats`` (app/stats.py: a cache of purchase facts that bulk writers must
    fill) from the arrays in hand, by its definitions: visits = sales, total = net paid,
    first/last = first and last sale, last clerk = clerk of the last sale, ties going to
    the higher id (ids follow time here). ``stats.rebuild`` computes the same in SQL in
    several seconds at 2M purchases; the tests compare the two (``stats.mismatches``)."""
    sale = np.flatnonzero(~pur.is_return)
    who = pur.member[sale]
    visits = np.bincount(who, minlength=n)
    total = np.bincount(pur.member, weights=pur.paid, minlength=n).astype(np.int64)
    first = np.full(n, len(at), dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    np.minimum.at(first, who, sale)
    np.maximum.at(last, who, sale)
    clerks = clerk_ids[pur.clerk].tolist()
    rows = [
        (i, v, t, at[f], at[lst], clerks[lst]) if v else (i, 0, t, None, None, None)
        for i, v, t, f, lst in zip(
            range(1, n + 1),
            visits.tolist(),
            total.tolist(),
            first.tolist(),
            last.tolist(),
            strict=True,
        )
    ]
    conn.executemany(
        "INSERT INTO member_stats (member_id, visits, total_paid_fen, first_purchase_at, "
        "last_purchase_at, last_clerk_id) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(member_id) DO UPDATE SET visits = excluded.visits, "
        "total_paid_fen = excluded.total_paid_fen, "
        "first_purchase_at = excluded.first_purchase_at, "
        "last_purchase_at = excluded.last_purchase_at, last_clerk_id = excluded.last_clerk_id",
        rows,
    )


def _second_cards(db: sqlite_utils.Database, today: dt.date) -> None:
    """What a real archive holds and the clean-up tools are for (issue #15):

    * a second card for one customer, made at the counter without a phone: the newest
      member without a phone becomes a namesake of an older member with a birthday
      (same name and birthday), so the duplicate finder has a pair to propose;
    * a card merged away last month: its member number (the one after the highest
      issued) is an alias of an older member, so searching it finds the kept card.
    Member counts stay as asked; a store too small for either is left alone."""
    from app.normalize import name_pinyin

    older = db.execute(
        "SELECT id, name, birthday, birthday_calendar, birthday_leap FROM members "
        "WHERE birthday GLOB '[0-9]*' AND phone IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    newer = db.execute(
        "SELECT id FROM members WHERE phone IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if older and newer and newer[0] != older[0]:
        full, initials = name_pinyin(older[1])
        db.execute(
            "UPDATE members SET name = ?, name_pinyin = ?, name_initials = ?, birthday = ?, "
            "birthday_calendar = ?, birthday_leap = ? WHERE id = ?",
            [older[1], full, initials, older[2], older[3], older[4], newer[0]],
        )
    last = db.execute("SELECT member_no FROM members ORDER BY member_no DESC LIMIT 1").fetchone()
    keep = db.execute("SELECT id FROM members ORDER BY id LIMIT 1 OFFSET 10").fetchone()
    if last and keep and last[0][-6:].isdigit():
        merged_no = f"{last[0][:-6]}{int(last[0][-6:]) + 1:06d}"
        merged_at = (today - dt.timedelta(days=30)).isoformat() + "T15:20:00"
        db.execute(
            "INSERT INTO member_aliases (kind, value, member_id, merged_at) "
            "VALUES ('member_no', ?, ?, ?)",
            [merged_no, keep[0], merged_at],
        )


def generate(
    db: sqlite_utils.Database,
    *,
    members: int = 2000,
    purchases: int | None = None,
    seed: int = 42,
    today: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty store with the demo shop (see the module docstring).

    ``purchases`` counts every purchase row, returns included (default
    ``PURCHASES_PER_MEMBER`` per member). Progress is reported in rows, ``total =
    members + purchases``, a few dozen times. Raises ``ValueError`` for a store that
    already has members and ``Cancelled`` (everything rolled back) when
    ``should_cancel()`` returns true.

    For a big store (``HELPER_MIN_ROWS`` item and contact rows) purchase_items and
    contacts are written by a helper process on the second core into a scratch file
    beside the store, removed afterwards.
    """
    if members < 1:
        raise ValueError("members must be at least 1")
    n_purchases = PURCHASES_PER_MEMBER * members if purchases is None else purchases
    if n_purchases < 0:
        raise ValueError("purchases must not be negative")
    today = today or dt.date.today()
    for table in ("members", "purchases", "purchase_items", "contacts"):
        if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise ValueError(f"the demo fills an empty store; this one has {table}")

    total = members + n_purchases
    done = [0]

    def step(k: int = 0) -> None:
        done[0] += k
        if should_cancel is not None and should_cancel():
            raise Cancelled("demo generation cancelled")
        if on_progress is not None:
            on_progress(min(done[0], total), total)

    conn = db.conn
    pragmas = {
        name: int(conn.execute(f"PRAGMA {name}").fetchone()[0])
        for name in ("threads", "foreign_keys", "ignore_check_constraints")
    }
    conn.execute("PRAGMA threads = 2")  # CREATE INDEX may sort in a helper thread
    # Row-by-row FK and CHECK enforcement costs about half of each insert. The rows are
    # made to satisfy both; tests/unit/test_demo.py proves it with foreign_key_check and
    # integrity_check (which checks CHECK constraints). foreign_keys only changes outside
    # a transaction: inside a caller's transaction it stays on, and that is fine.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    helper = _Helper(conn)
    try:
        with db.atomic():
            summary = _generate(db, members, n_purchases, seed, today, step, helper)
            _second_cards(db, today)
            step()
    finally:
        helper.close(conn)
        for name, value in pragmas.items():
            conn.execute(f"PRAGMA {name} = {value}")
    if on_progress is not None:
        on_progress(total, total)
    return summary


def _generate(
    db: sqlite_utils.Database,
    n_members: int,
    n_purchases: int,
    seed: int,
    today: dt.date,
    step: Callable[[int], None],
    helper: _Helper,
) -> DemoSummary:
    from app import settings

    conn = db.conn
    step()
    rnd = random.Random(seed)
    rng = np.random.default_rng([seed, 20261122])
    cal = _Calendar(today)

    # ---- users: owner, manager, four clerks
    first_user = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM users").fetchone()[0]) + 1
    user_ids = list(range(first_user, first_user + len(USERS)))
    opened = cal.iso[0] + "T09:00:00"
    conn.executemany(
        "INSERT INTO users (id, username, display_name, name_pinyin, role, password_hash, "
        "active, created_at) VALUES (?, ?, ?, ?, ?, NULL, 1, ?)",
        [
            (uid, login, shown, USERS_PINYIN[shown], role, opened)
            for uid, (login, shown, role) in zip(user_ids, USERS, strict=True)
        ],
    )
    owner_id, manager_id = user_ids[0], user_ids[1]
    clerk_ids = np.asarray(user_ids[2:], dtype=np.int64)
    staff_ids = np.asarray(user_ids[1:], dtype=np.int64)

    # ---- generate everything: the archive, the purchases, what follows from them
    prefix = str(settings.get(db, "member_no_prefix", "VK"))
    store_code = str(settings.get(db, "store_code", "VK"))
    mem = _make_members(rnd, rng, cal, n_members, prefix, store_code, step)
    _codes, _cats, prices = _sku_catalogue(seed)
    pur = _make_purchases(rng, cal, mem, n_purchases, prices)
    n_p, n_i = len(pur.day), len(pur.item_purchase)
    tiers = [
        (str(c), int(t))
        for c, t in conn.execute("SELECT code, min_spend_fen FROM tiers ORDER BY rank")
    ]
    from app.loyalty import review_start

    facts = _member_facts(rng, cal, mem, pur, tiers, review_start(db, today))
    contacts = _Contacts()
    _post_sale_contacts(rng, cal, pur, clerk_ids, contacts)
    _campaign_contacts(rng, cal, mem, facts, staff_ids, contacts)
    _occasion_contacts(rnd, rng, cal, mem, facts, staff_ids, contacts)
    _winback_contacts(rnd, rng, cal, mem, facts, staff_ids, contacts, pur)
    complaints = _complaints(rnd, cal, pur, n_members, owner_id, manager_id, contacts)
    surveys, scores, survey_pos = _surveys(rnd, cal, mem, facts, staff_ids, contacts)
    ccols, contact_id = contacts.build()
    n_c = len(ccols["day"])

    # ---- purchases and contacts: in the helper process for a big store, else here
    assert np.array_equal(pur.disc, pur.paid != pur.total)  # see _purchase_inserts
    purchases_payload = _purchases_payload(pur, cal, clerk_ids)
    jobs = [("purchases", purchases_payload), ("contacts", _contacts_payload(ccols, cal))]
    # (with foreign keys still on, in a caller's transaction, rows must go in parent first)
    offload = _Helper.wanted(n_p + n_c) and not conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if offload:
        helper.start(conn, jobs)
    saved = _drop_for_load(conn, [t for t in _BULK_TABLES if not (offload and t in _HELPER_TABLES)])

    # ---- members, tags, family, member_stats
    rows: Iterable[tuple[Any, ...]] = zip(
        range(1, n_members + 1),
        *mem.cols.values(),
        facts.tier,
        facts.status,
        facts.status_at,
        facts.lost_reason,
        facts.lost_note,
        facts.updated_at,
        strict=True,
    )
    names = (
        "id",
        *MEMBER_COLUMNS,
        "tier",
        "status",
        "status_changed_at",
        "lost_reason",
        "lost_note",
        "updated_at",
    )
    _insert(
        conn,
        f"INSERT INTO members ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        rows,
        n_members,
        lambda k: step(k // 2),
    )
    # hand marks of "lost" keep their history in lost_marks (app/state.py)
    conn.execute(
        "INSERT INTO lost_marks (member_id, at, reason, note) "
        "SELECT id, status_changed_at, lost_reason, lost_note FROM members WHERE status = 'lost'"
    )
    conn.executemany("INSERT INTO member_tags (member_id, tag) VALUES (?, ?)", facts.tags)
    conn.executemany(
        "INSERT INTO member_family (member_id, relation, name, date, calendar, leap, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        mem.family,
    )
    _write_member_stats(conn, pur, _purchase_at(purchases_payload), clerk_ids, n_members)
    del rows, purchases_payload

    # ---- purchases, items, contacts (purchases and contacts maybe from the helper)
    if not offload:
        for sql, table_rows, n in _purchase_inserts(jobs[0][1]):
            _insert(conn, sql, table_rows, n, lambda k: step(k // 2))
    item_share = n_p if offload else n_p // 2  # progress counts members + purchases
    for sql, table_rows, n in _item_inserts(_items_payload(pur, seed)):
        _insert(conn, sql, table_rows, n, lambda k: step(k * item_share // max(n_i, 1)))
    if offload:
        _restore_after_load(conn, saved)  # indexes of this side while the helper works
        helper.finish(conn, _HELPER_TABLES, step)
    else:
        for sql, table_rows, n in _contact_inserts(jobs[1][1]):
            _insert(conn, sql, table_rows, n, lambda k: step(0))
        _restore_after_load(conn, saved)
    del jobs

    # ---- complaints, surveys
    conn.executemany(
        "INSERT INTO complaints (id, member_id, at, category, description, owner_id, status, "
        "resolution, compensation_fen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        complaints,
    )
    conn.executemany(
        "INSERT INTO surveys (id, member_id, at, clerk_id, contact_id, overall, comment) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (sid, m, at_, clerk, int(contact_id[survey_pos + k]), overall, comment)
            for sid, (m, at_, clerk, k, overall, comment) in enumerate(surveys, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO survey_scores (survey_id, factor, satisfaction, importance) "
        "VALUES (?, ?, ?, ?)",
        [(sid, *s) for sid, survey_scores in enumerate(scores, start=1) for s in survey_scores],
    )
    return DemoSummary(
        members=n_members,
        purchases=n_p,
        items=n_i,
        contacts=n_c,
        complaints=len(complaints),
        surveys=len(surveys),
        users=len(USERS),
    )
