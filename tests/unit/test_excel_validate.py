"""The importer's batch member rules agree with ``members.validate_member``; cells of
every shape become the right values; pinyin's fast path equals ``name_pinyin``."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app import members
from app.core import ValidationError
from app.excel import validate
from app.normalize import name_pinyin

SAMPLES = [
    {"name": "王秀英", "phone": "+86 138 1234 5678", "gender": "女", "birthday": "1985-03-02"},
    {"name": "李娜", "phone": 13912345678.0, "birthday": dt.date(1990, 5, 1), "email": "a@b.cn"},
    {"name": "张伟", "phone": "1.38123E+10"},
    {"name": "赵", "phone": "12345"},
    {"name": "刘芳", "email": "not-an-email", "gender": "X"},
    {"name": "陈静", "birthday": "1995年2月30日"},
    {"name": "杨" * 60},
    {"name": "周杰", "source": "walk_in", "status": "dormant", "address": "上海"},
    {"name": "吴", "joined_on": "2023/5/1", "hobbies": "x" * 201},
    {"name": "郑", "birthday": "--12-24"},
    {"name": "孙", "birthday": "2999-01-01"},
    {"name": "曾小贤", "tags": "老客户，VIP", "consent_channels": "phone,sms"},
]


@pytest.mark.parametrize("row", SAMPLES)
def test_batch_rules_give_the_same_values_and_errors_as_members_validate(db, row):
    tiers = validate.tier_index(db)
    fast, errors = validate.clean_member(row, tiers=tiers, for_new=True)
    try:
        slow = members.validate_member(db, row)
        slow_codes: set[tuple[str, str]] = set()
    except ValidationError as exc:
        slow = None
        slow_codes = {(e.field, e.code) for e in exc.errors}
    assert {(e.field, e.code) for e in errors} == slow_codes
    if slow is not None:
        for key, value in slow.items():
            if key in ("name_pinyin", "name_initials"):
                continue
            assert fast.get(key) == value, key


def test_lunar_marker_and_leap_month_in_the_birthday_cell(db):
    tiers = validate.tier_index(db)
    out, errors = validate.clean_member(
        {"birthday": "农历1988年8月15日"}, tiers=tiers, for_new=False
    )
    assert errors == [] and out["birthday"] == "1988-08-15" and out["birthday_calendar"] == "lunar"
    out, _ = validate.clean_member(
        {"birthday": "1985-03-02", "birthday_calendar": "阴历"}, tiers=tiers, for_new=False
    )
    assert out["birthday_calendar"] == "lunar"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (45047, dt.datetime(2023, 5, 1)),
        ("45047", dt.datetime(2023, 5, 1)),
        (45047.5, dt.datetime(2023, 5, 1, 12)),
        ("2023/5/1 14:30", dt.datetime(2023, 5, 1, 14, 30)),
        ("2023年5月1日", dt.datetime(2023, 5, 1)),
        ("2023-05-01T08:00:00", dt.datetime(2023, 5, 1, 8)),
        (dt.date(2023, 5, 1), dt.datetime(2023, 5, 1)),
    ],
)
def test_datetime_cells(cell, expected):
    assert validate.to_datetime(cell, field="at") == expected


@pytest.mark.parametrize(
    ("cell", "fen"), [("1,200", 120000), ("¥1200.50", 120050), (1200.5, 120050), (99.9, 9990)]
)
def test_money_cells(cell, fen):
    assert validate.money(cell, field="amount") == fen


def test_fast_pinyin_equals_name_pinyin():
    rng = random.Random(3)
    chars = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
        "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
        "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单长乐重行朝华明秀英丽芳娜敏静强磊军洋勇"
        "艳杰娟涛超霞平刚桂"
    )
    names = {"".join(rng.choice(chars) for _ in range(rng.choice((2, 3, 4)))) for _ in range(3000)}
    names |= {"曾小贤", "单田芳", "长孙无忌", "乐嘉", "Anna 李", "欧阳修"}
    for n in names:
        assert validate.fast_name_pinyin(n) == name_pinyin(n), n


# Every surname whose reading differs from the character's commonest one, compound
# surnames that are phrases of pypinyin's dictionary, and given names holding phrases
# (长乐, 重阳, 朝阳 …) or polyphonic characters; then the edges (Latin letters, spaces,
# characters outside the common block, one character, eight).
POLYPHONIC_SURNAMES = "曾单仇解查区朴繁秘覃乐员盖种翟缪折纪句阚尉召冼洗重藏华任沈柏"
COMPOUND_SURNAMES = [
    "欧阳",
    "长孙",
    "单于",
    "尉迟",
    "万俟",
    "令狐",
    "上官",
    "司马",
    "诸葛",
    "东方",
    "皇甫",
    "公孙",
    "慕容",
    "夏侯",
    "司徒",
    "澹台",
    "宇文",
    "呼延",
    "轩辕",
    "端木",
    "独孤",
    "南宫",
    "闻人",
    "东郭",
    "百里",
    "仲长",
    "申屠",
    "公冶",
    "太史",
    "钟离",
]
GIVEN = [
    "长乐",
    "重阳",
    "朝阳",
    "长生",
    "乐天",
    "行舟",
    "觉晓",
    "还珠",
    "都督",
    "曲直",
    "和平",
    "长江",
    "重庆",
    "银行",
    "会计",
    "降雪",
    "薄荷",
    "传奇",
    "单车",
    "调和",
    "差池",
    "恶少",
    "给予",
    "更生",
    "好奇",
    "华夏",
    "校长",
    "率真",
    "数学",
    "省长",
    "宿舍",
    "相声",
    "兴旺",
    "应当",
    "乐山",
    "朝夕",
    "强大",
    "少年",
    "似的",
    "折扣",
    "重复",
    "传说",
    "大夫",
    "便宜",
    "明",
    "秀英",
    "丽",
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "子",
    "一",
    "乐",
    "行",
    "长",
    "重",
    "朝",
    "曾",
    "单",
    "仇",
    "解",
    "查",
    "区",
    "朴",
]


def polyphonic_names() -> list[str]:
    names = [s + g for s in POLYPHONIC_SURNAMES for g in ("小明", "乐", "长生", "行")]
    names += [s + g for s in COMPOUND_SURNAMES for g in ("无忌", "明", "长乐", "重")]
    names += [s + g for s in "王李张刘陈曾单乐朝" for g in GIVEN]
    names += [
        "曾",
        "单",
        "长孙",
        "欧阳修",
        "朝阳区",
        "王长乐长生",
        "重重重重重重重重",
        " 曾小贤 ",
        "Anna 李",
        "李Anna",
        "王 芳",
        "张-三",
        "张3",
        "㐀",
        "王㐀明",
        "𠀀明",
        "Ü",
        "吕绿",
        "女",
        "",
        "   ",
    ]
    return names


def test_fast_pinyin_equals_name_pinyin_on_polyphonic_surnames_phrases_and_edges():
    names = polyphonic_names()
    assert len(names) > 300
    for n in names:
        assert validate.fast_name_pinyin(n) == name_pinyin(n), n


def test_cached_dates_tell_a_true_cell_from_the_number_one(db):
    """1.0 is Excel's day 1; TRUE in a birthday or date column is not a date, even right
    after a 1.0 was read (the caches are typed: 1.0 == True in Python)."""
    tiers = validate.tier_index(db)
    out, errors = validate.clean_member({"birthday": 1.0}, tiers=tiers, for_new=False)
    assert errors == [] and out["birthday"] == "1899-12-31"
    out, errors = validate.clean_member({"birthday": True}, tiers=tiers, for_new=False)
    assert [e.code for e in errors] == ["date_invalid"]
    assert validate.to_date(1.0, field="joined_on") is not None
    with pytest.raises(ValidationError):
        validate.to_date(True, field="joined_on")
