"""Breakdowns by age band, occupation, income band and area (issue #19 item 7): the
groups read off the archive, the figures per group against a hand count, and the
drill-down masks the analytics page lists."""

from __future__ import annotations

import datetime as dt

import pytest

from app import analytics, purchases
from app.analytics import breakdowns as B
from app.members import create_member

AS_OF = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("address", "area"),
    [
        ("上海市徐汇区示例路 1 号", "徐汇区"),
        ("浙江省杭州市西湖区文三路", "西湖区"),
        ("城东区阳光路12号锦绣家园3栋", "城东区"),
        ("江苏省苏州市吴江县松陵镇", "吴江县"),
        ("内蒙古自治区呼和浩特市", None),  # a region and a city, no district
        ("内蒙古自治区呼和浩特市赛罕区大学路", "赛罕区"),
        ("阳光花园小区3栋201", None),  # an estate is not an area
        ("解放路 88 号", None),
        ("", None),
        (None, None),
    ],
)
def test_the_area_is_the_district_or_county_read_off_the_address(address, area):
    assert B.area_of(address) == area


@pytest.mark.parametrize(
    ("birthday", "band"),
    [
        ("2008-07-01", "under_18"),  # 17 on 2026-06-30
        ("2008-06-30", "18_25"),  # 18 that day
        ("2000-06-30", "26_35"),
        ("1991-01-01", "26_35"),
        ("1990-06-30", "36_45"),
        ("1980-06-30", "46_55"),
        ("1970-06-30", "56_plus"),
        ("--05-12", "~unknown"),
        (None, "~unknown"),
    ],
)
def test_age_bands_on_the_analysis_day(birthday, band):
    assert B.age_band(birthday, AS_OF) == band


def _store(db, actor):
    people = [
        # name, birthday, occupation, income, address, paid per sale, sales, cost
        ("甲", "1995-03-01", "教师", "5千-1万", "上海市徐汇区示例路1号", 10000, 2, 4000),
        ("乙", "1996-08-01", "教师", "1-2万", "城东区阳光路2号", 30000, 1, None),
        ("丙", "1980-01-01", " 医生 ", "5千以下", "城东区阳光路3号", 20000, 3, 12000),
        ("丁", "--02-02", None, None, "解放路 88 号", 5000, 1, 2500),
        ("戊", None, "会计", "2万以上", None, 0, 0, None),  # a prospect
    ]
    ids = {}
    for i, (name, bday, occ, inc, addr, paid, n, cost) in enumerate(people):
        data = {
            "name": name,
            "phone": f"1380000{i:04d}",
            "birthday": bday,
            "joined_on": "2026-01-01",
        }
        data.update(occupation=occ, income_band=inc, address=addr)
        mid = create_member(db, actor=actor, data={k: v for k, v in data.items() if v}).created_id
        ids[name] = mid
        for k in range(n):
            item = {"category": "上衣", "qty": 1, "list_fen": paid, "paid_fen": paid}
            if cost is not None:
                item["cost_fen"] = cost
            purchases.record_purchase(
                db, actor=actor, member_id=mid, at=f"2026-0{k + 1}-10T10:00:00", items=[item]
            )
    return ids


def test_each_group_has_its_members_spend_average_ticket_and_margin(db, actor):
    ids = _store(db, actor)
    seg = analytics.analyze(db, as_of=AS_OF, store_snapshots=False, with_movement=False)
    B.ensure(db, seg)
    rows = {r["code"]: r for r in B.table(seg, "occupation")}
    assert list(rows) == ["教师", "医生", "会计", "~unknown"]  # the biggest first
    t = rows["教师"]
    assert (t["members"], t["spend_fen"], t["tickets"]) == (2, 50000, 3)
    assert t["avg_ticket_fen"] == round(50000 / 3)
    # 甲: 200 paid, 80 cost -> 120 (all known: own rate); 乙: 300 at the flat 40% -> 120
    assert t["margin_fen"] == 12000 + 12000
    doctor = rows["医生"]
    assert doctor["margin_fen"] == 3 * 8000
    assert rows["会计"]["avg_ticket_fen"] is None and rows["会计"]["spend_fen"] == 0
    assert rows["~unknown"]["members"] == 1  # 丁
    total_margin = 24000 + 24000 + 2500
    assert t["margin_share"] == pytest.approx(24000 / total_margin)
    assert sum(r["member_share"] for r in rows.values()) == pytest.approx(1.0)

    areas = {r["code"]: r["members"] for r in B.table(seg, "area")}
    assert areas == {"城东区": 2, "徐汇区": 1, "~unknown": 2}
    incomes = [r["code"] for r in B.table(seg, "income_band")]
    assert incomes == ["5千以下", "5千-1万", "1-2万", "2万以上", "~unknown"]
    ages = {r["code"]: r["members"] for r in B.table(seg, "age_band")}
    assert ages == {"26_35": 2, "46_55": 1, "~unknown": 2}

    # drill-down: the members of a group, as the analytics page lists them
    assert sorted(seg.members_in("area", "城东区").tolist()) == sorted([ids["乙"], ids["丙"]])
    assert seg.members_in("age_band", "~unknown").tolist() == sorted([ids["丁"], ids["戊"]])
    assert seg.members_in("occupation", "律师").tolist() == []


def test_many_occupations_keep_the_biggest_and_put_the_rest_in_other():
    values = [f"职业{k}" for k in range(20) for _ in range(20 - k)] + [None]
    codes, index = B._group(values, order="size")
    assert len(codes) == B.MAX_GROUPS + 2 and codes[-2:] == ["~other", "~unknown"]
    assert codes[0] == "职业0"
    assert (index == codes.index("~other")).sum() == sum(20 - k for k in range(12, 20))
    assert index[-1] == codes.index("~unknown")


def test_the_whole_store_analytics_export_carries_the_breakdowns_sheet(db, actor, tmp_path):
    import openpyxl

    _store(db, actor)
    seg = analytics.analyze(db, as_of=AS_OF, store_snapshots=False, with_movement=False)
    out = tmp_path / "a.xlsx"
    analytics.export_xlsx(db, seg=seg, path=out)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["会员", "分组分析"]
    rows = list(book["分组分析"].iter_rows(values_only=True))
    assert rows[0][:3] == ("分组方式", "分组", "人数")
    teachers = next(r for r in rows if r[1] == "教师")
    assert teachers[0] == "职业" and teachers[2] == 2
    assert teachers[4] == 500 and teachers[6] == 240  # yuan: spend, margin
    assert {r[0] for r in rows[1:]} == {"年龄段", "职业", "收入", "区域（地址中的区/县）"}
    # a chosen group's export is about those members only: no store-wide sheet
    some = tmp_path / "s.xlsx"
    analytics.export_xlsx(db, seg=seg, path=some, member_ids=seg.facts.member_ids[:2])
    assert openpyxl.load_workbook(some, read_only=True).sheetnames == ["会员"]
