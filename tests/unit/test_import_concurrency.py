"""An import planned (the dry run a person reads) and applied later, while the counter
goes on: the plan is refused as stale only when something it relies on changed —
a field it writes, a member it matches, a phone or member number it would take, a
sale it would count as already recorded. A sale, a tier change or an edit of another
member in between leaves it valid (CI once failed because a counter sale's tier
upgrade made a members import "stale")."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import members, purchases
from app.core import SYSTEM
from app.excel.importer import PlanStale, apply_plan, plan_import


def _member(db, name: str, phone: str, **extra) -> int:
    ch = members.create_member(db, actor=SYSTEM, data={"name": name, "phone": phone, **extra})
    return int(ch.created_id)


def _sale(db, member_id: int, at: str | None = None, fen: int = 19900) -> None:
    purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=member_id,
        at=at,
        items=[{"category": "上衣", "qty": 1, "list_fen": fen, "paid_fen": fen}],
    )


def _no(db, member_id: int) -> str:
    return db.execute("SELECT member_no FROM members WHERE id = ?", [member_id]).fetchone()[0]


@pytest.fixture
def two(db):
    a = _member(db, "甲", "13800000001")
    b = _member(db, "乙", "13800000002")
    return a, b


def _members_file(tmp_path: Path, db, a: int) -> Path:
    f = tmp_path / "m.csv"
    f.write_text(
        f"会员号,姓名,手机号,地址\n{_no(db, a)},甲,13800000001,上海市长宁路1号\n"
        ",新人,13900000009,北京\n",
        "utf-8",
    )
    return f


def _address(db, member_id: int) -> str | None:
    return db.execute("SELECT address FROM members WHERE id = ?", [member_id]).fetchone()[0]


def test_an_edit_of_another_member_and_a_sale_do_not_make_a_members_plan_stale(db, two, tmp_path):
    a, b = two
    plan = plan_import(db, _members_file(tmp_path, db, a), kind="members")
    assert plan.counts["new"] == 1 and plan.counts["updated"] == 1
    members.update_member(db, actor=SYSTEM, member_id=b, data={"note": "柜台改的"})
    _sale(db, a)
    _sale(db, b)
    _member(db, "柜台新办", "13700000007")
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert _address(db, a) == "上海市长宁路1号"
    assert db.execute("SELECT COUNT(*) FROM members WHERE phone = '13900000009'").fetchone()[0]


def test_an_edit_of_a_field_the_plan_writes_makes_it_stale(db, two, tmp_path):
    a, _b = two
    plan = plan_import(db, _members_file(tmp_path, db, a), kind="members")
    members.update_member(db, actor=SYSTEM, member_id=a, data={"address": "柜台填的地址"})
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)
    assert _address(db, a) == "柜台填的地址"  # nothing written


def test_a_new_member_with_a_phone_the_plan_adds_makes_it_stale(db, two, tmp_path):
    a, _b = two
    plan = plan_import(db, _members_file(tmp_path, db, a), kind="members")
    _member(db, "柜台先办了", "13900000009")
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)
    assert _address(db, a) is None


def test_a_phone_change_anywhere_makes_a_plan_stale(db, two, tmp_path):
    """Phones and member numbers are how every row finds its member."""
    a, b = two
    plan = plan_import(db, _members_file(tmp_path, db, a), kind="members")
    members.update_member(db, actor=SYSTEM, member_id=b, data={"phone": "13800000003"})
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)


def _purchases_file(tmp_path: Path, db, a: int) -> Path:
    f = tmp_path / "p.csv"
    f.write_text(f"会员号,消费日期,金额\n{_no(db, a)},2024-01-05,100\n", "utf-8")
    return f


def _count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_counter_sales_do_not_make_a_purchases_plan_stale(db, two, tmp_path):
    a, b = two
    plan = plan_import(db, _purchases_file(tmp_path, db, a), kind="purchases")
    assert plan.counts["new"] == 1
    _sale(db, a)  # today, at the counter: not the file's sale
    _sale(db, b)
    before = _count(db, "purchases")
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert _count(db, "purchases") == before + 1


def test_the_same_sale_recorded_at_the_counter_meanwhile_makes_it_stale(db, two, tmp_path):
    """The file's sale entered by hand between the dry run and the apply: applying
    the plan would count it twice."""
    a, _b = two
    plan = plan_import(db, _purchases_file(tmp_path, db, a), kind="purchases")
    _sale(db, a, at="2024-01-05", fen=10000)
    before = _count(db, "purchases")
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)
    assert _count(db, "purchases") == before


def test_a_deleted_member_makes_a_plan_stale(db, two, tmp_path):
    from app import merge

    a, b = two
    plan = plan_import(db, _purchases_file(tmp_path, db, a), kind="purchases")
    merge.merge_members(db, actor=SYSTEM, keep_id=b, remove_id=a)
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)
