"""The PyInstaller bundle builds and opens its main window (slow: run with -m slow).

Uses dist/VIPKeeper when it is newer than every source file, otherwise builds it with
pyinstaller.spec (needs the `bundle` extra: `python3 tasks.py bundle` installs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tasks

pytestmark = pytest.mark.slow

BUILD_TIMEOUT = 1800  # seconds; about 1 minute on the 2-core machine once packages are in
SMOKE_TIMEOUT = 180


@pytest.fixture(scope="module")
def bundle():
    root = tasks.ROOT
    if not (root / "ui" / "application.py").exists():
        pytest.skip("ui/application.py does not exist yet: nothing to bundle")
    if not tasks.bundle_is_fresh(root):
        pytest.importorskip("PyInstaller", reason="install the bundle extra (tasks.py bundle)")
        rc = tasks.build_bundle(Path(sys.executable), timeout=BUILD_TIMEOUT)
        assert rc == 0, "PyInstaller failed: its output is in the captured stdout/stderr"
    exe = tasks.bundle_executable(root)
    assert exe.is_file()
    return exe


def test_bundle_smoke_opens_the_main_window_and_exits_0(bundle):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MPLBACKEND="Agg")
    proc = subprocess.run(
        [str(bundle), "--smoke"],
        cwd=bundle.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_bundle_carries_the_resources_tree(bundle):
    source = tasks.ROOT / "resources"
    if not source.is_dir():
        pytest.skip("no resources/ folder")
    bundled = bundle.parent / "_internal" / "resources"
    skipped = {".ts", ".py", ".pyc"}
    wanted = [
        p.relative_to(source)
        for p in source.rglob("*")
        if p.is_file() and p.suffix not in skipped and "__pycache__" not in p.parts
    ]
    missing = [str(rel) for rel in wanted if not (bundled / rel).is_file()]
    assert not missing, f"not in the bundle: {missing}"


def test_bundle_writes_the_monthly_report_pdf_through_reportlab(bundle, tmp_path):
    """The report's PDF writer (reportlab, imported inside a function) is in the bundle."""
    import datetime as dt

    from app import demo
    from app.db import open_db

    db_path = tmp_path / "store.db"
    db = open_db(db_path)
    demo.generate(db, members=200, purchases=2_000, seed=3)
    db.close()
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    pdf = tmp_path / "report.pdf"
    proc = subprocess.run(
        [str(bundle), "report", "--db", str(db_path), "--month", month, "--pdf", str(pdf)],
        cwd=bundle.parent,
        env=dict(os.environ, MPLBACKEND="Agg"),
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert b"ReportLab" in pdf.read_bytes()


def test_the_console_companion_prints_the_command_line(bundle, tmp_path):
    """On Windows the app is windowed and prints nothing; VIPKeeper-cli, built beside it
    from the same analysis, is the console program that does."""
    companion = tasks.companion_executable(tasks.ROOT)
    assert companion.is_file(), f"{companion} was not built"
    db_path = tmp_path / "store.db"
    proc = subprocess.run(
        [str(companion), "init", "--db", str(db_path), "--store-name", "测试店"],
        cwd=companion.parent,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.strip(), "the companion printed nothing"
    assert db_path.is_file()
