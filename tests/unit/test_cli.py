"""The command line: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, members
from app.core import SYSTEM
from app.db import open_db

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )


def test_help_lists_the_commands():
    out = run_main("--help")
    assert out.returncode == 0
    for name in ("demo", "info"):
        assert name in out.stdout


def test_info_reports_schema_counts_and_integrity(db_path, capsys):
    db = open_db(db_path)
    members.create_member(db, actor=SYSTEM, data={"name": "张三", "phone": "13812345678"})
    db.close()
    assert cli.main(["info", "--db", str(db_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"].startswith("m0")
    assert data["integrity_check"] == "ok"
    assert data["tables"]["members"] == 1
    assert data["tables"]["tiers"] == 4
    assert "members_fts" not in data["tables"]


def test_info_on_a_missing_file_fails_with_one_line(tmp_path):
    out = run_main("info", "--db", str(tmp_path / "nope.db"))
    assert out.returncode != 0
    assert out.stderr.strip().count("\n") == 0
    assert "nope.db" in out.stderr


def test_info_on_a_file_that_is_not_a_database_fails_with_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"PK\x03\x04 not sqlite at all" * 200)
    out = run_main("info", "--db", str(bad))
    assert out.returncode != 0
    assert "bad.db" in out.stderr
    assert "Traceback" not in out.stderr


def test_demo_command_builds_a_store_and_refuses_to_overwrite(tmp_path):
    pytest.importorskip("app.demo")
    path = tmp_path / "demo.db"
    out = run_main("demo", "--db", str(path), "--members", "50", "--seed", "3")
    assert out.returncode == 0, out.stderr
    assert "50 members" in out.stdout
    # built with a rollback journal, left in WAL mode like every store (app.db)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()
    assert not (tmp_path / "demo.db-journal").exists()
    db = open_db(path)
    assert members.count_members(db) == 50
    db.close()
    again = run_main("demo", "--db", str(path), "--members", "50")
    assert again.returncode != 0
    assert "already exists" in again.stderr


def test_demo_refuses_zero_members(tmp_path):
    out = run_main("demo", "--db", str(tmp_path / "x.db"), "--members", "0")
    assert out.returncode != 0
    assert "--members" in out.stderr
