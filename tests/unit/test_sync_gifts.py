"""Gifts in the head-office change set (issue #19): head office wants each member's gift
costs. The ``赠礼`` sheet holds every gift the first time, then only the gifts recorded
since the last set; the store's import of head office's file does not read it."""

from __future__ import annotations

from openpyxl import load_workbook

from app import settings
from app.core import SYSTEM
from app.excel import sync
from app.members import create_member
from app.service import gifts


def _gift(db, mid: int, day: str, fen: int, item: str = "丝巾") -> int:
    return gifts.record_gift(
        db, actor=SYSTEM, member_id=mid, kind="birthday", item=item, given_on=day, cost_fen=fen
    ).created_id


def _sheet(path) -> list[dict]:
    ws = load_workbook(path)["赠礼"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(gifts.SYNC_COLUMNS)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_first_set_has_every_gift_then_only_new_ones(db, tmp_path):
    settings.set_many(db, actor=SYSTEM, values={"store_code": "SH01"})
    a = create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id
    b = create_member(db, actor=SYSTEM, data={"name": "李娜"}).created_id
    _gift(db, a, "2026-10-01", 12800)
    _gift(db, b, "2026-10-02", 5000, "月饼")
    first = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    rows = _sheet(first.path)
    assert [(r["store_code"], r["member_no"], r["cost_fen"], r["kind"]) for r in rows] == [
        ("SH01", "VK000001", 12800, "birthday"),
        ("SH01", "VK000002", 5000, "birthday"),
    ]
    meta = sync.read_meta(first.path)
    assert meta["gifts"] == "2"
    # nothing new: an empty gift sheet (headers only)
    second = sync.sync_export(db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM)
    assert _sheet(second.path) == [] and second.rows == 0
    new = _gift(db, a, "2026-11-03", 3000, "胸针")
    third = sync.sync_export(db, target="hq", out=tmp_path / "c.xlsx", actor=SYSTEM)
    assert [(r["gift_id"], r["item"], r["cost_fen"]) for r in _sheet(third.path)] == [
        (new, "胸针", 3000)
    ]
    # a full set sends them all again
    full = sync.sync_export(db, target="hq", out=tmp_path / "d.xlsx", actor=SYSTEM, full=True)
    assert len(_sheet(full.path)) == 3


def test_importing_a_file_with_gifts_changes_nothing_and_adds_no_gift(db, tmp_path):
    a = create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id
    _gift(db, a, "2026-10-01", 12800)
    out = sync.sync_export(db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM).path
    plan = sync.plan_sync(db, out)
    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 1, "conflict": 0, "rejected": 0}
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    assert db.execute("SELECT COUNT(*) FROM gifts").fetchone()[0] == 1
