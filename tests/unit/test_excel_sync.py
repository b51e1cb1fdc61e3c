"""The head-office cycle: full export, change sets, idempotent imports, conflicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import members
from app.core import SYSTEM
from app.excel import sync

ROOT = Path(__file__).resolve().parents[2]


def _edit(path: Path, out: Path, changes: dict[str, dict[str, str]]) -> Path:
    """Head office edits our file: ``{member_no: {header: value}}``."""
    wb = load_workbook(path)
    ws = wb["会员资料"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        no = row[0].value
        for header, value in changes.get(no, {}).items():
            row[headers.index(header)].value = value
    wb.save(out)
    return out


def _member(db, no):
    return db.execute(
        "SELECT id, name, phone, address, note FROM members WHERE member_no = ?", [no]
    ).fetchone()


def test_first_export_is_full_then_only_changes(demo_db, tmp_path):
    first = sync.sync_export(demo_db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM)
    assert first.mode == "full" and first.rows == 300
    meta = sync.read_meta(first.path)
    assert meta["format"] == sync.FORMAT and meta["mode"] == "full" and meta["rows"] == "300"
    second = sync.sync_export(demo_db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM)
    assert second.mode == "changes" and second.rows == 0
    mid = _member(demo_db, "VK000007")[0]
    members.update_member(demo_db, actor=SYSTEM, member_id=mid, data={"address": "新地址 8 号"})
    third = sync.sync_export(demo_db, target="hq", out=tmp_path / "c.xlsx", actor=SYSTEM)
    assert third.rows == 1
    ws = load_workbook(third.path)["会员资料"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "VK000007" and "新地址 8 号" in rows[1]
    # another target has its own history: its first export is full
    other = sync.sync_export(demo_db, target="branch", out=tmp_path / "d.xlsx", actor=SYSTEM)
    assert other.mode == "full"
    batches = demo_db.execute(
        "SELECT direction, target, checksum FROM sync_batches ORDER BY id"
    ).fetchall()
    assert [b[:2] for b in batches] == [("export", "hq")] * 3 + [("export", "branch")]
    assert all(len(b[2]) == 64 for b in batches)


def test_own_export_reimported_and_same_file_twice_change_nothing(demo_db, tmp_path):
    out = sync.sync_export(demo_db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM).path
    plan = sync.plan_sync(demo_db, out)
    assert plan.target == "hq"
    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 300, "conflict": 0, "rejected": 0}
    ho = _edit(out, tmp_path / "ho.xlsx", {"VK000003": {"地址": "总部改的地址"}})
    plan = sync.plan_sync(demo_db, ho)
    assert plan.counts["updated"] == 1
    sync.apply_sync(demo_db, plan=plan, actor=SYSTEM)
    assert _member(demo_db, "VK000003")[3] == "总部改的地址"
    again = sync.plan_sync(demo_db, ho)
    assert again.counts["updated"] == 0 and again.counts["unchanged"] == 300
    assert again.previously_imported is not None
    # the change came from head office: it is not sent back to them
    assert sync.sync_export(demo_db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM).rows == 0


def test_changes_on_both_sides_merge_and_same_field_conflicts(demo_db, tmp_path):
    out = sync.sync_export(demo_db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM).path
    m5 = _member(demo_db, "VK000005")
    m6 = _member(demo_db, "VK000006")
    # the store edits after the export
    members.update_member(demo_db, actor=SYSTEM, member_id=m5[0], data={"address": "店里改的"})
    members.update_member(demo_db, actor=SYSTEM, member_id=m6[0], data={"address": "店里改的6"})
    # head office edits the same member 5 address (conflict), member 6's note (merge)
    ho = _edit(
        out,
        tmp_path / "ho.xlsx",
        {
            "VK000005": {"地址": "总部改的"},
            "VK000006": {"备注": "总部备注"},
            "VK000009": {"姓名": "总部改名"},
        },
    )
    plan = sync.plan_sync(demo_db, ho)
    assert plan.counts["conflict"] == 1 and plan.counts["updated"] == 2
    conflict = next(c for c in plan.cards if c.conflicts)
    assert conflict.member_no == "VK000005"
    assert conflict.conflicts["address"]["local"] == "店里改的"
    assert conflict.conflicts["address"]["remote"] == "总部改的"
    sync.apply_sync(demo_db, plan=plan, actor=SYSTEM)
    assert _member(demo_db, "VK000005")[3] == "店里改的"  # never silently overwritten
    assert _member(demo_db, "VK000006")[3:] == ("店里改的6", "总部备注")  # both kept
    assert _member(demo_db, "VK000009")[1] == "总部改名"
    open_ = sync.open_conflicts(demo_db)
    assert len(open_) == 1 and open_[0]["member_no"] == "VK000005"
    # importing the file again lists the same conflict, still once, and changes nothing
    sync.apply_sync(demo_db, plan=sync.plan_sync(demo_db, ho), actor=SYSTEM)
    assert len(sync.open_conflicts(demo_db)) == 1
    # a person takes head office's value
    sync.resolve_conflict(demo_db, actor=SYSTEM, conflict_id=open_[0]["id"], take="remote")
    assert _member(demo_db, "VK000005")[3] == "总部改的"
    assert sync.open_conflicts(demo_db) == []
    # the store's member-6 address still goes to head office; nothing else
    res = sync.sync_export(demo_db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM)
    assert res.rows == 1


def test_keeping_local_sends_the_store_value_next_time(demo_db, tmp_path):
    out = sync.sync_export(demo_db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM).path
    mid = _member(demo_db, "VK000004")[0]
    members.update_member(demo_db, actor=SYSTEM, member_id=mid, data={"note": "店"})
    ho = _edit(out, tmp_path / "ho.xlsx", {"VK000004": {"备注": "总部"}})
    sync.apply_sync(demo_db, plan=sync.plan_sync(demo_db, ho), actor=SYSTEM)
    (c,) = sync.open_conflicts(demo_db)
    sync.resolve_conflict(demo_db, actor=SYSTEM, conflict_id=c["id"], take="local")
    assert _member(demo_db, "VK000004")[4] == "店"
    res = sync.sync_export(demo_db, target="hq", out=tmp_path / "b.xlsx", actor=SYSTEM)
    assert res.rows == 1
    # head office sends the same file again: no new conflict, the store's value stays
    plan = sync.plan_sync(demo_db, ho)
    assert plan.counts["conflict"] == 0
    sync.apply_sync(demo_db, plan=plan, actor=SYSTEM)
    assert _member(demo_db, "VK000004")[4] == "店"


def test_new_cards_from_head_office_become_members(demo_db, tmp_path):
    out = sync.sync_export(demo_db, target="hq", out=tmp_path / "a.xlsx", actor=SYSTEM).path
    wb = load_workbook(out)
    ws = wb["会员资料"]
    ws.append(["HQ-NEW-1", "总部新会员", "13700009999"])
    wb.save(tmp_path / "ho.xlsx")
    plan = sync.plan_sync(demo_db, tmp_path / "ho.xlsx")
    assert plan.counts["new"] == 1
    sync.apply_sync(demo_db, plan=plan, actor=SYSTEM)
    assert _member(demo_db, "HQ-NEW-1")[1:3] == ("总部新会员", "13700009999")
    assert sync.plan_sync(demo_db, tmp_path / "ho.xlsx").counts["new"] == 0


def test_cli_sync_commands(demo_db, tmp_path):
    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    demo_db.close()
    out = tmp_path / "hq.xlsx"
    r = subprocess.run(
        [
            sys.executable,
            "main.py",
            "sync-export",
            "--db",
            path,
            "--target",
            "hq",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "full" in r.stdout
    r = subprocess.run(
        [sys.executable, "main.py", "sync-import", str(out), "--db", path, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert '"unchanged": 300' in r.stdout


@pytest.mark.parametrize("take", ["sideways"])
def test_resolve_refuses_unknown_choice(demo_db, take):
    with pytest.raises(ValueError):
        sync.resolve_conflict(demo_db, actor=SYSTEM, conflict_id=1, take=take)
