"""Excel for the staff records (issue #19): the members export carries 办卡导购 by name
and a 表扬与建议 sheet; both read back (the praise sheet as import kind ``praise``), a
second read adds nothing, and a clerk nobody knows is refused naming row and column."""

from __future__ import annotations

import openpyxl
import pytest

from app.core import SYSTEM, Actor
from app.db import open_db
from app.excel.exporter import export
from app.excel.importer import import_file, plan_import
from app.members import create_member
from app.service import praise


def _users(db) -> tuple[Actor, Actor]:
    out = []
    for login, name in (("li", "小李"), ("zhang", "小张")):
        cur = db.execute(
            "INSERT INTO users (username, display_name, role, created_at) "
            "VALUES (?, ?, 'clerk', '2026-01-01T09:00:00')",
            [login, name],
        )
        out.append(Actor(user_id=cur.lastrowid, name=name, role="clerk"))
    db.conn.commit()
    return out[0], out[1]


@pytest.fixture
def store(db):
    li, zhang = _users(db)
    a = create_member(db, actor=li, data={"name": "王芳", "phone": "13800000001"}).created_id
    create_member(db, actor=zhang, data={"name": "李娜", "phone": "13800000002"})
    praise.record_praise(
        db, actor=li, member_id=a, kind="praise", about="service", text="耐心细致",
        at="2026-10-01T10:00:00", clerk_id=li.user_id,
    )  # fmt: skip
    praise.record_praise(
        db, actor=zhang, kind="suggestion", about="environment", text="多一面镜子",
        at="2026-10-02T11:00:00",
    )  # fmt: skip
    return li, zhang


def test_the_members_export_reads_back_with_enrolled_by_and_praise(db, store, tmp_path):
    path = export(db, kind="members", out=tmp_path / "m.xlsx", actor=SYSTEM, mask_phones=False).path
    book = openpyxl.load_workbook(path, read_only=True)
    head, *rows = list(book["会员资料"].iter_rows(values_only=True))
    col = head.index("办卡导购")
    assert sorted(r[col] for r in rows) == ["小张", "小李"]
    # into another store with the same clerks
    other = open_db(tmp_path / "other.db")
    _users(other)
    plan, _ = import_file(other, path=path, kind="members", actor=SYSTEM)
    assert plan.rejections == []
    got = other.execute(
        "SELECT m.name, u.display_name FROM members m JOIN users u ON u.id = m.enrolled_by "
        "ORDER BY m.name"
    ).fetchall()
    assert got == [("李娜", "小张"), ("王芳", "小李")]
    plan, _ = import_file(other, path=path, kind="praise", sheet="表扬与建议", actor=SYSTEM)
    assert plan.rejections == [] and plan.counts["new"] == 2
    rows = praise.list_praise(other)
    assert {
        (r["member_name"], r["kind"], r["about"], r["clerk_name"], r["text"]) for r in rows
    } == {
        ("王芳", "praise", "service", "小李", "耐心细致"),
        (None, "suggestion", "environment", None, "多一面镜子"),
    }
    again = plan_import(other, path, kind="praise", sheet="表扬与建议")
    assert again.counts["new"] == 0 and again.counts["unchanged"] == 2
    other.close()


def test_the_praise_export_reads_back_into_the_same_store_as_unchanged(db, store, tmp_path):
    path = export(db, kind="praise", out=tmp_path / "p.xlsx", actor=SYSTEM).path
    plan = plan_import(db, path, kind="praise")
    assert plan.rejections == [] and plan.counts == {**plan.counts, "new": 0, "unchanged": 2}


def test_a_bad_kind_or_subject_is_refused_naming_row_and_column(db, store, tmp_path):
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["会员号", "时间", "类别", "关于", "被表扬导购", "内容"])
    ws.append(["VK000001", "2026-10-05 10:00", "表扬", "服务", "小王", "很好"])
    ws.append(["VK000001", "2026-10-06 10:00", "夸奖", "服务", "小李", "很好"])
    ws.append(["VK000001", "2026-10-07 10:00", "建议", "价格", "", "再便宜点"])
    ws.append(["VK000001", "2026-10-08 10:00", "建议", "商品", "", ""])
    wb.save(path)
    plan = plan_import(db, path, kind="praise")
    got = sorted((r.row, r.column, r.code) for r in plan.rejections)
    assert got == [
        (3, "类别", "choice_invalid"),
        (4, "关于", "choice_invalid"),
        (5, "内容", "required"),
    ]
    assert "夸奖" in plan.rejections[0].reason("zh")
    # a clerk who is no user here (小王 has left) is kept in the words, not lost
    assert plan.counts["new"] == 1
    import_file(db, path=path, kind="praise", actor=SYSTEM)
    assert [r["text"] for r in praise.list_praise(db, since="2026-10-05")] == ["很好（导购：小王）"]


def test_an_unknown_enrolling_clerk_leaves_the_member_unknown_not_refused(db, store, tmp_path):
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "手机号", "办卡导购"])
    ws.append(["赵敏", "13800000003", "小李"])
    ws.append(["钱多", "13800000004", "离职的小陈"])
    wb.save(path)
    plan, _ = import_file(db, path=path, kind="members", actor=SYSTEM)
    assert plan.rejections == [] and plan.counts["new"] == 2
    got = db.execute(
        "SELECT m.name, u.display_name FROM members m LEFT JOIN users u ON u.id = m.enrolled_by "
        "WHERE m.name IN ('赵敏', '钱多') ORDER BY m.phone"
    ).fetchall()
    assert got == [("赵敏", "小李"), ("钱多", None)]


def test_a_walk_ins_complaint_imports_without_a_crash(db, tmp_path):
    """A row with neither phone nor member number is a walk-in's (the feedback page
    allows it); applying such a plan used to fail in the staleness check (int(None))."""
    path = tmp_path / "c.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["投诉时间", "类别", "内容"])
    ws.append(["2026-10-05 10:00", "服务", "排队太久"])
    wb.save(path)
    plan, result = import_file(db, path=path, kind="complaints", actor=SYSTEM)
    assert plan.rejections == [] and result is not None
    assert db.execute("SELECT member_id, description FROM complaints").fetchall() == [
        (None, "排队太久")
    ]


def test_the_head_office_change_set_carries_the_enrolling_clerk(db, store, tmp_path):
    from app.excel import sync

    res = sync.sync_export(db, target="head_office", out=tmp_path / "hq.xlsx", actor=SYSTEM)
    book = openpyxl.load_workbook(res.path, read_only=True)
    head, *rows = list(book["会员资料"].iter_rows(values_only=True))
    col = head.index("办卡导购")
    assert sorted(r[col] for r in rows) == ["小张", "小李"]
