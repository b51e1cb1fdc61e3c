"""办卡导购 (members.enrolled_by, m026) in the head-office cycle (app/excel/sync/): sent by
the clerk's display name in the 会员资料 sheet, compared per field like the other card
fields, a head-office change applied, a change on both sides a conflict, a name that is
no user of the store refused with the file, row and column named.

Real files: the change set is written by ``sync_export`` and edited with openpyxl as
head office would, then planned and applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core import SYSTEM
from app.excel import sync
from app.excel.importer import PlanStale
from app.members import create_member, update_member

HEADER = "办卡导购"


def _user(db, username: str, name: str) -> int:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES (?, ?, 'clerk', '2026-01-01T09:00:00')",
        [username, name],
    )
    return int(cur.lastrowid)


@pytest.fixture
def store(db) -> dict:
    li = _user(db, "xiaoli", "小李")
    wang = _user(db, "xiaowang", "小王")
    zhao = _user(db, "xiaozhao", "小赵")
    member = create_member(
        db, actor=SYSTEM, data={"name": "王芳", "phone": "13800001234", "enrolled_by": li}
    ).created_id
    return {"li": li, "wang": wang, "zhao": zhao, "member": member}


def _enrolled(db, member: int) -> int | None:
    return db.execute("SELECT enrolled_by FROM members WHERE id = ?", [member]).fetchone()[0]


def _head_office_edits(path: Path, out: Path, value: str) -> None:
    """Head office changes 办卡导购 in the first data row and sends the file back."""
    wb = load_workbook(path)
    ws = wb["会员资料"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index(HEADER) + 1).value = value
    wb.save(out)


def test_the_change_set_sends_the_clerk_by_display_name(db, store, tmp_path):
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    ws = load_workbook(first.path)["会员资料"]
    headers = [c.value for c in ws[1]]
    assert [c.value for c in ws[2]][headers.index(HEADER)] == "小李"
    # a local change of 办卡导购 alone goes out in the next change set
    update_member(db, actor=SYSTEM, member_id=store["member"], data={"enrolled_by": store["zhao"]})
    again = sync.sync_export(db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM)
    assert again.rows == 1


def test_a_head_office_change_of_enrolled_by_applies(db, store, tmp_path):
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    _head_office_edits(first.path, tmp_path / "ho.xlsx", "小王")
    plan = sync.plan_sync(db, tmp_path / "ho.xlsx")
    assert plan.counts["updated"] == 1 and not plan.rejections
    (card,) = [c for c in plan.cards if c.action == "updated"]
    assert card.applied == {"enrolled_by": "小王"}
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert _enrolled(db, store["member"]) == store["wang"]
    # agreed now: the next change set is empty
    assert sync.sync_export(db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM).rows == 0


def test_head_office_may_name_the_clerk_by_login(db, store, tmp_path):
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    _head_office_edits(first.path, tmp_path / "ho.xlsx", "XiaoWang")
    plan = sync.plan_sync(db, tmp_path / "ho.xlsx")
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert _enrolled(db, store["member"]) == store["wang"]


def test_enrolled_by_changed_on_both_sides_is_a_conflict(db, store, tmp_path):
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    update_member(db, actor=SYSTEM, member_id=store["member"], data={"enrolled_by": store["zhao"]})
    _head_office_edits(first.path, tmp_path / "ho.xlsx", "小王")
    plan = sync.plan_sync(db, tmp_path / "ho.xlsx")
    assert plan.counts["conflict"] == 1
    (card,) = [c for c in plan.cards if c.action == "conflict"]
    assert card.conflicts == {"enrolled_by": {"base": "小李", "local": "小赵", "remote": "小王"}}
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert _enrolled(db, store["member"]) == store["zhao"]  # nothing silently overwritten
    (conflict,) = sync.open_conflicts(db)
    sync.resolve_conflict(db, conflict_id=conflict["id"], take="remote", actor=SYSTEM)
    assert _enrolled(db, store["member"]) == store["wang"]


def test_a_clerk_head_office_names_who_is_no_user_here_is_refused_with_file_row_and_column(
    db, store, tmp_path
):
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    _head_office_edits(first.path, tmp_path / "ho.xlsx", "总部的张三")
    plan = sync.plan_sync(db, tmp_path / "ho.xlsx")
    (rej,) = plan.rejections
    assert (rej.row, rej.column, rej.value) == (2, HEADER, "总部的张三")
    assert "ho.xlsx" in rej.reason("zh") and "总部的张三" in rej.reason("zh")
    assert "ho.xlsx" in rej.reason("en") and "row 2" in rej.reason("en")
    assert plan.counts["rejected"] == 1
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert _enrolled(db, store["member"]) == store["li"]


def test_a_local_change_of_enrolled_by_after_the_dry_run_makes_the_plan_stale(db, store, tmp_path):
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    _head_office_edits(first.path, tmp_path / "ho.xlsx", "小王")
    plan = sync.plan_sync(db, tmp_path / "ho.xlsx")
    update_member(db, actor=SYSTEM, member_id=store["member"], data={"enrolled_by": store["zhao"]})
    with pytest.raises(PlanStale):
        sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert _enrolled(db, store["member"]) == store["zhao"]
