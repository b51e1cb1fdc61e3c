"""backup_now: an online copy that opens, holds the rows, and never a half file."""

from __future__ import annotations

import sqlite3

from app import members
from app.backup import backup_now
from app.core import SYSTEM


def test_backup_is_a_complete_database_with_the_rows(db, tmp_path):
    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    path = backup_now(db, tmp_path / "b", reason="import members!")
    assert path.exists() and path.name.endswith("-import-members.db")
    assert not list((tmp_path / "b").glob("*.partial"))
    copy = sqlite3.connect(path)
    assert copy.execute("SELECT name FROM members").fetchall() == [("张三",)]
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
    second = backup_now(db, tmp_path / "b", reason="import members!")
    assert second != path  # same second: a distinct name
