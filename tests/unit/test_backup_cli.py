"""backup, restore, check and backups on the command line."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from app import members
from app.cli import main
from app.core import SYSTEM
from app.db import open_db

ROOT = Path(__file__).resolve().parents[2]


def _store(path: Path, *names: str) -> None:
    db = open_db(path)
    for name in names:
        members.create_member(db, actor=SYSTEM, data={"name": name})
    db.close()


def test_backup_goes_beside_the_database_and_restore_brings_it_back(tmp_path, capsys):
    path = tmp_path / "store.db"
    _store(path, "张三")
    assert main(["backup", "--db", str(path)]) == 0
    made = list((tmp_path / "backups").glob("vipkeeper-*-manual.db"))
    assert len(made) == 1 and str(made[0]) in capsys.readouterr().out
    _store(path, "李四")
    assert main(["backups", "--db", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["reason"], b["members"]) for b in listed] == [("manual", 1)]
    assert main(["restore", str(made[0]), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "before-restore" in out
    db = open_db(path)
    assert [r[0] for r in db.execute("SELECT name FROM members")] == ["张三"]
    db.close()
    assert len(list((tmp_path / "backups").glob("*-before-restore.db"))) == 1


def test_backup_to_another_folder(tmp_path):
    path = tmp_path / "store.db"
    _store(path, "张三")
    assert main(["backup", "--db", str(path), "--to", str(tmp_path / "usb")]) == 0
    assert len(list((tmp_path / "usb").glob("*.db"))) == 1
    assert not (tmp_path / "backups").exists()


def test_restore_refuses_a_file_that_is_not_a_store_with_one_line(tmp_path):
    path = tmp_path / "store.db"
    _store(path, "张三")
    bogus = tmp_path / "bogus.db"
    c = sqlite3.connect(bogus)
    c.execute("CREATE TABLE t (x)")
    c.close()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "restore", str(bogus), "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"error: refused: {bogus.name}: not a VIP Keeper database"
    assert not (tmp_path / "backups").exists()  # refused before anything was written


def test_check_passes_a_good_store_and_fails_a_broken_foreign_key(tmp_path, capsys):
    path = tmp_path / "store.db"
    _store(path, "张三")
    assert main(["check", "--db", str(path)]) == 0
    assert "integrity check:   ok" in capsys.readouterr().out
    c = sqlite3.connect(path)  # foreign keys off: a purchase of nobody slips in
    c.execute(
        "INSERT INTO purchases (member_id, at, total_fen, paid_fen, created_at) "
        "VALUES (999, '2026-01-01T10:00:00', 100, 100, '2026-01-01T10:00:00')"
    )
    c.commit()
    c.close()
    assert main(["check", "--db", str(path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["foreign_key_check"][0][0] == "purchases"


def test_check_of_a_file_that_is_not_sqlite_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "store.db"
    path.write_bytes(b"this is not a database file" * 100)
    assert main(["check", "--db", str(path)]) == 2
    assert "cannot be checked" in capsys.readouterr().err


def _damage(path: Path) -> None:
    """Keep SQLite's 100-byte header, scribble over the schema page: no longer opens."""
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xee" * (4096 - 100)
    path.write_bytes(bytes(data))


def test_restore_over_a_file_too_damaged_to_open_keeps_a_raw_copy(tmp_path, capsys):
    path = tmp_path / "store.db"
    _store(path, "张三", "李四")
    assert main(["backup", "--db", str(path)]) == 0
    good = next((tmp_path / "backups").glob("*-manual.db"))
    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    _damage(path)
    assert main(["check", "--db", str(path)]) == 2
    assert main(["restore", str(good), "--db", str(path)]) == 0
    assert "damaged file" in capsys.readouterr().err
    assert main(["check", "--db", str(path)]) == 0
    db = open_db(path)
    assert [r[0] for r in db.execute("SELECT name FROM members ORDER BY id")] == ["张三", "李四"]
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == "restore"
    db.close()
    raw = next((tmp_path / "backups").glob("*-before-restore.db"))
    assert raw.read_bytes()[100:200] == b"\xee" * 100  # the damaged file, byte for byte
