"""Issue #16 item 5: the audit log holds no personal text (names are looked up when an
entry is shown, so an anonymised member shows 已匿名), m017 redacts older entries,
anonymising checkpoints the WAL and finds the backups that still hold the person."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app import audit, backup, contacts, feedback, migrations, privacy, purchases
from app.core import SYSTEM, Actor, PermissionDenied
from app.db import open_db
from app.members import create_member

OWNER = Actor(user_id=None, name="店主", role="owner")
MANAGER = Actor(user_id=None, name="店长", role="manager")


def _pick_member(db) -> tuple[int, str, str, str]:
    """A demo member with a phone whose name no user or other member shares."""
    users = {r[0] for r in db.execute("SELECT display_name FROM users")}
    for mid, no, name, phone in db.execute(
        "SELECT id, member_no, name, phone FROM members WHERE phone IS NOT NULL "
        "AND status <> 'anonymised' AND length(name) >= 3 ORDER BY id"
    ):
        same = db.execute("SELECT COUNT(*) FROM members WHERE name = ?", [name]).fetchone()[0]
        if same == 1 and name not in users:
            return mid, no, name, phone
    raise AssertionError("no suitable demo member")


def _audited_history(db, mid: int) -> None:
    """Actions whose audit entries used to name the member."""
    purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at="2026-11-01T10:00:00",
        items=[{"qty": 1, "list_fen": 9500, "paid_fen": 9500}],
    )
    contacts.log_contact(
        db,
        actor=SYSTEM,
        member_id=mid,
        channel="phone",
        purpose="other",
        outcome="reached",
        at="2026-11-02T10:00:00",
    )
    feedback.mark_lost(db, member_id=mid, reason="price", note=None, actor=SYSTEM)


def test_anonymising_a_demo_member_leaves_no_name_or_phone_in_the_audit_log(demo_db):
    mid, no, name, phone = _pick_member(demo_db)
    _audited_history(demo_db, mid)
    shown = audit.entries(demo_db, actor=OWNER, entity_id=None)
    # while the member is known, the viewer shows the name (looked up, not stored)
    assert any(name in audit.summary_text(e) for e in shown)
    privacy.anonymise_member(demo_db, actor=OWNER, member_id=mid, reason="本人要求")
    for summary, detail in demo_db.execute("SELECT summary, detail FROM audit_log"):
        for secret in (name, phone):
            assert secret not in (summary or ""), summary
            assert secret not in (detail or ""), detail
    texts = [audit.summary_text(e) for e in audit.entries(demo_db, actor=OWNER)]
    mine = [t for t in texts if no in t]
    assert mine and not any(name in t for t in texts)
    assert any(privacy.ANONYMISED_NAME in t for t in mine)


def test_audit_entries_of_a_sale_show_the_members_name_in_the_export_too(db, tmp_path):
    from openpyxl import load_workbook

    mid = create_member(
        db, actor=SYSTEM, data={"name": "王小明", "phone": "13900001111"}
    ).created_id
    purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at="2026-11-01T10:00:00",
        items=[{"qty": 1, "list_fen": 9500, "paid_fen": 9500}],
    )
    stored = db.execute("SELECT summary, detail FROM audit_log WHERE action = 'purchase'")
    summary, detail = stored.fetchone()
    assert "王小明" not in summary and "王小明" not in detail
    out = tmp_path / "audit.xlsx"
    audit.export_xlsx(db, actor=OWNER, out=out)
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert any("王小明" in str(c) and "¥95.00" in str(c) for c in cells)
    privacy.anonymise_member(db, actor=OWNER, member_id=mid)
    audit.export_xlsx(db, actor=OWNER, out=out)
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert not any("王小明" in str(c) for c in cells)
    assert any(privacy.ANONYMISED_NAME in str(c) and "¥95.00" in str(c) for c in cells)


def test_m017_redacts_existing_entries_and_keeps_every_row(tmp_path):
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    migrations.apply(db, stop_before="m017_audit_without_names")
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary, "
        "detail) VALUES ('2026-01-01T10:00:00', NULL, 'system', 'purchase', 'purchase', 1, "
        "'VK002002 王小明: ¥95.00, 1 line(s)', ?)",
        [json.dumps({"what": "sale", "member_no": "VK002002", "name": "王小明",
                     "paid_fen": 9500, "lines": 1}, ensure_ascii=False)],
    )  # fmt: skip
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary, "
        "detail) VALUES ('2026-01-01T10:00:00', NULL, 'system', 'create', 'member', 2, "
        "'purchase: VK002002 王小明: ¥95.00', NULL)"
    )
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary, "
        "detail) VALUES ('2026-01-01T10:00:00', NULL, 'system', 'survey', 'survey', 3, "
        "'VK002003 李雷: 4 factors, 4.5', ?)",
        [json.dumps({"what": "survey", "who": "VK002003 李雷", "factors": 4, "overall": 4.5},
                    ensure_ascii=False)],
    )  # fmt: skip
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
        "VALUES ('2026-01-01T10:00:00', NULL, 'system', 'backup', NULL, NULL, 'x.db (auto)')"
    )
    before = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    migrations.apply(db)
    rows = db.execute("SELECT summary, detail FROM audit_log ORDER BY id").fetchall()
    assert len(rows) == before == 4
    for summary, detail in rows:
        for secret in ("王小明", "李雷"):
            assert secret not in summary and secret not in (detail or "")
    assert "VK002002" in rows[0][0] and "¥95.00" in rows[0][0]
    assert rows[1][0] == "purchase: VK002002: ¥95.00"
    assert json.loads(rows[2][1])["who"] == "VK002003"
    assert rows[3][0] == "x.db (auto)"
    # still append-only afterwards
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE audit_log SET summary = 'x'")
    db.close()


# ------------------------------------------------------------------ WAL and backups


def test_anonymising_checkpoints_the_wal_so_it_does_not_hold_the_name(db, db_path):
    mid = create_member(
        db, actor=SYSTEM, data={"name": "欧阳娜娜", "phone": "13812345678"}
    ).created_id
    wal = Path(str(db_path) + "-wal")
    assert "欧阳娜娜".encode() in wal.read_bytes()
    privacy.anonymise_member(db, actor=OWNER, member_id=mid)
    assert not wal.exists() or "欧阳娜娜".encode() not in wal.read_bytes()
    assert b"13812345678" not in (wal.read_bytes() if wal.exists() else b"")


def test_backups_still_holding_an_anonymised_member_are_listed_and_purged(db, tmp_path):
    folder = tmp_path / "backups"
    mid = create_member(
        db, actor=SYSTEM, data={"name": "欧阳娜娜", "phone": "13812345678"}
    ).created_id
    create_member(db, actor=SYSTEM, data={"name": "张三", "phone": "13900000000"})
    before = backup.backup_now(db, folder, reason="manual")
    privacy.anonymise_member(db, actor=OWNER, member_id=mid)
    after = backup.backup_now(db, folder, reason="manual")
    assert after != before
    held = privacy.backups_holding(db, folder=folder, member_id=mid)
    assert held == [before]
    with pytest.raises(PermissionDenied):
        privacy.purge_backups(db, actor=MANAGER, member_id=mid, folder=folder)
    removed = privacy.purge_backups(db, actor=OWNER, member_id=mid, folder=folder)
    assert removed == [before]
    assert not before.exists() and after.exists()
    assert privacy.backups_holding(db, folder=folder, member_id=mid) == []
    entry = db.execute("SELECT action, entity_id, detail FROM audit_log ORDER BY id DESC")
    action, entity_id, detail = entry.fetchone()
    assert (action, entity_id) == ("purge_backups", mid) and before.name in detail


def test_cli_anonymise_purge_backups(db, db_path, capsys):
    from app.cli import main
    from app.paths import backups_dir

    mid = create_member(
        db, actor=SYSTEM, data={"name": "欧阳娜娜", "phone": "13812345678"}
    ).created_id
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [mid]).fetchone()[0]
    old = backup.backup_now(db, backups_dir(db_path), reason="manual")
    db.close()
    assert main(["anonymise", "--db", str(db_path), "--member", no]) == 0
    out = capsys.readouterr().out
    assert old.name in out and old.exists()
    # already anonymised: --purge-backups still removes what holds the person
    assert main(["anonymise", "--db", str(db_path), "--member", no, "--purge-backups"]) == 0
    assert old.name in capsys.readouterr().out and not old.exists()
