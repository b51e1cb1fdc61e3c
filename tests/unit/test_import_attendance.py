"""Event attendance from a sheet (``--kind attendance``, app/excel/importer/attendance.py):
the door list typed up afterwards, a real .xlsx written with openpyxl; a dry run that
writes nothing, then one transaction; every refused row named by row, column and
reason; the members export's 活动邀请 sheet reads back as unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core import SYSTEM
from app.excel.exporter import export
from app.excel.importer import PlanStale, apply_plan, import_file, plan_import
from app.members import create_member
from app.service import events


def _xlsx(path: Path, headers: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def salon(db) -> dict:
    ids = [
        create_member(
            db,
            actor=SYSTEM,
            data={"name": n, "phone": f"1380000{i:04d}", "consent_channels": "phone"},
        ).created_id
        for i, n in enumerate(["王芳", "李娜", "张伟", "刘洋"])
    ]
    nos = [db.execute("SELECT member_no FROM members WHERE id = ?", [i]).fetchone()[0] for i in ids]
    event = events.create_event(
        db,
        actor=SYSTEM,
        data={"name": "秋冬新品沙龙", "kind": "salon", "starts_at": "2026-11-20 19:00"},
    ).created_id
    events.invite_members(db, event_id=event, actor=SYSTEM, member_ids=ids[:3])
    other = events.create_event(
        db,
        actor=SYSTEM,
        data={"name": "秋冬新品沙龙", "kind": "salon", "starts_at": "2026-10-20 19:00"},
    ).created_id
    return {"ids": ids, "nos": nos, "event": event, "other": other}


def _came(db, event: int) -> dict[int, int]:
    return dict(
        db.execute(
            "SELECT member_id, attended FROM event_invitations WHERE event_id = ?", [event]
        ).fetchall()
    )


def test_attendance_by_event_name_and_date_is_planned_then_written_in_one_go(db, salon, tmp_path):
    nos = salon["nos"]
    path = _xlsx(
        tmp_path / "签到表.xlsx",
        ["活动", "活动日期", "会员号", "手机号", "出席"],
        [
            ["秋冬新品沙龙", "2026-11-20", nos[0], None, "是"],
            ["秋冬新品沙龙", "2026-11-20 19:00", None, "13800000001", "√"],
            ["秋冬新品沙龙", "2026-11-20", nos[2], None, "否"],  # already not marked
            ["秋冬新品沙龙", "2026-11-20", nos[3], None, "是"],  # not on the list
            ["冬季答谢会", "2026-11-20", nos[0], None, "是"],  # no such event
            ["秋冬新品沙龙", "2026-11-20", nos[0], None, "也许"],  # not yes/no
            ["秋冬新品沙龙", "2026-11-20", nos[1], None, "否"],  # the same guest again
        ],
    )
    before = _came(db, salon["event"])
    plan = plan_import(db, path, kind="attendance")
    assert _came(db, salon["event"]) == before  # the dry run writes nothing
    assert (plan.counts["updated"], plan.counts["unchanged"], plan.counts["rejected"]) == (2, 1, 4)
    why = {(r.row, r.column): r.code for r in plan.rejections}
    assert why == {
        (5, "会员号"): "event_not_invited",
        (6, "活动"): "event_unknown",
        (7, "出席"): "yes_no_invalid",
        (8, ""): "dup_in_file",
    }
    said = {r.row: r.reason("zh") for r in plan.rejections}
    assert nos[3] in said[5] and "秋冬新品沙龙" in said[5]
    assert "冬季答谢会 2026-11-20" in said[6]
    result = apply_plan(db, plan=plan, actor=SYSTEM)
    assert result.changes.touches("event_invitations")
    ids = salon["ids"]
    assert _came(db, salon["event"]) == {ids[0]: 1, ids[1]: 1, ids[2]: 0}
    assert _came(db, salon["other"]) == {}
    # the same file again changes nothing
    again = plan_import(db, path, kind="attendance")
    assert (again.counts["updated"], again.counts["unchanged"]) == (0, 3)


def test_attendance_by_event_number_and_a_cancelled_event_refused(db, salon, tmp_path):
    nos = salon["nos"]
    path = _xlsx(
        tmp_path / "door.xlsx",
        ["活动编号", "会员号", "出席"],
        [[salon["event"], nos[1], "yes"], [salon["other"], nos[1], "yes"], [9999, nos[1], "1"]],
    )
    events.cancel_event(db, event_id=salon["other"], actor=SYSTEM)
    plan = plan_import(db, path, kind="attendance")
    codes = {r.row: r.code for r in plan.rejections}
    assert codes == {3: "event_cancelled_attendance", 4: "event_unknown"}
    apply_plan(db, plan=plan, actor=SYSTEM)
    assert _came(db, salon["event"])[salon["ids"][1]] == 1


def test_a_file_without_the_event_or_member_columns_is_refused_naming_them(db, salon, tmp_path):
    from app.excel import FileRefused

    path = _xlsx(tmp_path / "bad.xlsx", ["会员号", "出席"], [[salon["nos"][0], "是"]])
    with pytest.raises(FileRefused) as refused:
        plan_import(db, path, kind="attendance")
    assert "活动" in str(refused.value.message("zh")) and "活动日期" in str(
        refused.value.message("zh")
    )


def test_a_guest_ticked_by_hand_after_the_dry_run_makes_the_plan_stale(db, salon, tmp_path):
    path = _xlsx(
        tmp_path / "door.xlsx",
        ["活动编号", "会员号", "出席"],
        [[salon["event"], salon["nos"][0], "是"]],
    )
    plan = plan_import(db, path, kind="attendance")
    (iid,) = db.execute(
        "SELECT id FROM event_invitations WHERE event_id = ? AND member_id = ?",
        [salon["event"], salon["ids"][0]],
    ).fetchone()
    events.record_attendance(db, event_id=salon["event"], actor=SYSTEM, attended={iid: True})
    with pytest.raises(PlanStale):
        apply_plan(db, plan=plan, actor=SYSTEM)


def test_the_members_exports_event_sheet_reads_back_unchanged(db, salon, tmp_path):
    iid = db.execute(
        "SELECT id FROM event_invitations WHERE event_id = ? AND member_id = ?",
        [salon["event"], salon["ids"][0]],
    ).fetchone()[0]
    events.record_attendance(db, event_id=salon["event"], actor=SYSTEM, attended={iid: True})
    out = tmp_path / "members.xlsx"
    export(db, kind="members", out=out, actor=SYSTEM, mask_phones=False)
    plan, _result = import_file(db, path=out, kind="attendance", sheet="活动邀请", actor=SYSTEM)
    assert plan.rejections == [] and plan.counts["unchanged"] == 3
    assert plan.counts["updated"] == 0


def test_the_attendance_export_is_ticked_at_the_door_and_read_back(db, salon, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "guests.xlsx"
    export(db, kind="attendance", out=out, actor=SYSTEM, mask_phones=True)
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers == ["活动编号", "活动", "活动日期", "会员号", "手机号", "出席"]
    body = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(body) == 3 and {r[5] for r in body} == {"否"}
    assert all(r[4].startswith("138****") for r in body)  # masked phones are left aside
    body[1][5] = "是"
    for r, values in zip(ws.iter_rows(min_row=2), body, strict=True):
        r[5].value = values[5]
    wb.save(out)
    plan, _result = import_file(db, path=out, kind="attendance", actor=SYSTEM)
    assert plan.rejections == [] and (plan.counts["updated"], plan.counts["unchanged"]) == (1, 2)
    came = _came(db, salon["event"])
    assert sum(came.values()) == 1
