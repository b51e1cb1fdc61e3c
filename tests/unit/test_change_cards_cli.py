"""The issue's repro through the command line (issue #15): sync-export (full), an
address changed by a members import, sync-export again, sync-import the first, full
file — the change survives; member-report carries the change cards; the format doc
names every column of the 变动 sheet."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from app.excel import sync

ROOT = Path(__file__).resolve().parents[2]


def _main(*args: str) -> subprocess.CompletedProcess:
    r = subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    return r


def test_an_older_full_file_no_longer_reverts_an_imported_address(demo_db, tmp_path):
    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    name = demo_db.execute("SELECT name FROM members WHERE member_no = 'VK000002'").fetchone()[0]
    demo_db.close()
    full = tmp_path / "full.xlsx"
    _main("sync-export", "--db", path, "--target", "hq", "--out", str(full))
    sheet = tmp_path / "members.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["会员号", "姓名", "地址"])
        w.writerow(["VK000002", name, "人民路 88 号"])
    _main("import", str(sheet), "--db", path, "--kind", "members", "--no-backup", "--overwrite")
    _main("sync-export", "--db", path, "--target", "hq", "--out", str(tmp_path / "c.xlsx"))
    _main("sync-import", str(full), "--db", path, "--no-backup")
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        got = conn.execute("SELECT address FROM members WHERE member_no = 'VK000002'").fetchone()
    finally:
        conn.close()
    assert got == ("人民路 88 号",)
    report = tmp_path / "report.xlsx"
    _main("member-report", "--db", path, "--member", "VK000002", "--out", str(report))
    ws = load_workbook(report, read_only=True)["顾客变动卡"]
    values = [v for row in ws.iter_rows(values_only=True) for v in row]
    assert "人民路 88 号" in values and "import" in values


def test_the_format_doc_names_every_column_and_the_version():
    text = (ROOT / "docs" / "head-office-change-set.md").read_text(encoding="utf-8")
    assert sync.FORMAT in text and sync.CHANGES_SHEET in text and sync.META_SHEET in text
    for column in sync.CHANGE_COLUMNS:
        assert f"| `{column}` |" in text
