"""Failure tests: a killed import, a full disk, two writers at once.

Real processes (``python main.py import …``), real SQLite files, bounded in time: every
subprocess has a timeout, and the member file is sized so one import takes about a
second (half of it interpreter start-up).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import members, settings
from app.core import SYSTEM
from app.db import StorageFull, open_db
from app.excel.importer import apply_plan, plan_import

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"
IMPORT_ROWS = 1500
KILL_POINTS = 20
PARALLEL = 2  # kills at once; the reference runs are timed under the same load
SEED = 20261122
TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VIPKEEPER_DEBUG", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _import_cmd(file: Path, db: Path) -> list[str]:
    return [sys.executable, str(MAIN), "import", str(file), "--db", str(db), "--kind", "members"]


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        db_tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        return {t: conn.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0] for t in db_tables}
    finally:
        conn.close()


def _checks(path: Path) -> tuple[str, list]:
    conn = sqlite3.connect(path)
    try:
        integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        return integrity, fks
    finally:
        conn.close()


@pytest.fixture(scope="session")
def members_csv(tmp_path_factory) -> Path:
    """One largish members file per session (IMPORT_ROWS new members)."""
    path = tmp_path_factory.mktemp("crash") / "members.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "手机号", "性别", "生日", "地址", "上衣尺码", "备注"])
        for i in range(IMPORT_ROWS):
            w.writerow(
                [
                    f"顾客{i:05d}",
                    f"139{i:08d}",
                    "女" if i % 2 else "男",
                    f"19{60 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    f"上海市长宁路{i}号",
                    "M",
                    "批量导入",
                ]
            )
    return path


@pytest.fixture(scope="session")
def base_store(tmp_path_factory) -> Path:
    """A small store with members, purchases and points, checkpointed (one file)."""
    from app import demo

    path = tmp_path_factory.mktemp("crash-base") / "base.db"
    db = open_db(path)
    demo.generate(db, members=60, seed=3)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def test_a_killed_import_leaves_the_database_exactly_before_or_after(
    members_csv, base_store, tmp_path
):
    """SIGKILL ``main.py import`` at 20 seeded random moments: each time the file holds
    exactly the rows from before or exactly those from after, passes integrity_check
    and foreign_key_check, and every ``*.db`` in backups/ is a whole database."""
    before = _counts(base_store)
    # Reference runs, uninterrupted and as many at once as the kills below: "after",
    # and how long a whole import takes under that load.
    refs = []
    for j in range(PARALLEL):
        ref = tmp_path / f"ref{j}" / "store.db"
        ref.parent.mkdir()
        shutil.copy(base_store, ref)
        refs.append(ref)
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            _import_cmd(members_csv, ref),
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for ref in refs
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=TIMEOUT_S)
        assert proc.returncode == 0, err.decode()
    whole = time.perf_counter() - started
    after = _counts(refs[0])
    assert all(_counts(ref) == after for ref in refs[1:])
    assert after["members"] == before["members"] + IMPORT_ROWS
    assert before != after

    rnd = random.Random(SEED)
    outcomes: list[str] = []
    # PARALLEL kills at a time, each on its own copy of the store.
    for round_ in range(0, KILL_POINTS, PARALLEL):
        runs = []
        for i in range(round_, min(round_ + PARALLEL, KILL_POINTS)):
            work = tmp_path / f"k{i}"
            work.mkdir()
            db = work / "store.db"
            shutil.copy(base_store, db)
            # Interpreter start-up is about a third of a run: kill anywhere from there to
            # a little past the reference's end.
            delay = rnd.uniform(0.3 * whole, 1.1 * whole)
            proc = subprocess.Popen(
                _import_cmd(members_csv, db),
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            runs.append((i, delay, time.perf_counter(), proc, work))
        for _i, delay, t0, proc, _work in sorted(runs, key=lambda r: r[2] + r[1]):
            time.sleep(max(0.0, t0 + delay - time.perf_counter()))
            proc.send_signal(signal.SIGKILL)
        for i, delay, _t0, proc, work in runs:
            proc.wait(timeout=TIMEOUT_S)
            db = work / "store.db"
            # The CLI backs up right before the import's transaction: a finished backup
            # and the old rows mean the kill hit the transaction (or its commit).
            backed_up = any((work / "backups").glob("*.db"))
            copying = any((work / "backups").glob("*.partial"))
            counts = _counts(db)
            assert counts in (before, after), f"kill {i} at {delay:.2f}s: partial import {counts}"
            integrity, fks = _checks(db)
            assert integrity == "ok", f"kill {i}: {integrity}"
            assert fks == [], f"kill {i}: {fks[:5]}"
            for copy in (work / "backups").glob("*.db"):
                assert _checks(copy)[0] == "ok", f"kill {i}: half backup {copy.name}"
            outcomes.append(
                "after"
                if counts == after
                else "in-transaction"
                if backed_up
                else "in-backup"
                if copying
                else "before"
            )
    # Some kills must land inside the import's transaction, or the test proves little.
    assert "in-transaction" in outcomes, outcomes
    print(f"whole import {whole:.2f} s; outcomes {outcomes}")


def test_a_full_disk_during_an_import_is_a_clear_error_and_changes_nothing(
    members_csv, base_store, tmp_path
):
    path = tmp_path / "store.db"
    shutil.copy(base_store, path)
    db = open_db(path)
    try:
        before = _counts(path)
        plan = plan_import(db, members_csv, kind="members")
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 5}")  # this connection: "disk full"
        with pytest.raises(StorageFull, match="disk is full") as info:
            apply_plan(db, plan=plan, actor=SYSTEM)
        assert type(info.value) is StorageFull  # not SQLite's raw "database or disk is full"
        assert str(info.value).startswith("the disk is full")
        assert not db.conn.in_transaction
        assert _counts(path) == before
        # the connection is still usable, and with room again the import goes in
        db.execute("PRAGMA max_page_count = 1073741823")
        apply_plan(db, plan=plan_import(db, members_csv, kind="members"), actor=SYSTEM)
        assert _counts(path)["members"] == before["members"] + IMPORT_ROWS
    finally:
        db.close()
    assert _checks(path) == ("ok", [])


def test_a_full_disk_in_a_nested_action_rolls_back_the_whole_action(base_store, tmp_path):
    path = tmp_path / "store.db"
    shutil.copy(base_store, path)
    db = open_db(path)
    try:
        before = _counts(path)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = "备注" * 20000
        with pytest.raises(StorageFull), db.atomic():
            settings.set_many(db, actor=SYSTEM, values={"store_name": "新店名"})
            with db.atomic():  # a savepoint inside the action
                for i in range(20):
                    members.create_member(
                        db, actor=SYSTEM, data={"name": f"大{i}", "note": big[:999]}
                    )
                    db.execute(
                        "INSERT INTO audit_log (at, actor_name, action, summary) "
                        "VALUES ('2026-01-01', 'x', 'x', ?)",
                        [big],
                    )
        assert not db.conn.in_transaction
        assert _counts(path) == before
        assert settings.get(db, "store_name") != "新店名"
    finally:
        db.close()


def test_a_full_disk_through_the_command_line_prints_one_readable_line(
    members_csv, base_store, tmp_path
):
    """The CLI maps it too: ``error: the disk is full …``, no traceback."""
    path = tmp_path / "store.db"
    shutil.copy(base_store, path)
    code = (
        "import sys, sqlite3\n"
        "import app.db as d\n"
        "orig = d.connect\n"
        "def connect(p):\n"
        "    db = orig(p)\n"
        "    n = db.execute('PRAGMA page_count').fetchone()[0]\n"
        "    db.execute(f'PRAGMA max_page_count = {n + 5}')\n"
        "    return db\n"
        "d.connect = connect\n"
        "from app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    before = _counts(path)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "import",
            str(members_csv),
            "--db",
            str(path),
            "--kind",
            "members",
            "--no-backup",
        ],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "disk is full" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert _counts(path) == before


def test_write_transactions_take_the_write_lock_at_begin(db_path):
    """``atomic()`` starts with BEGIN IMMEDIATE: while it is open, another writer that
    does not wait is refused at once (with a deferred BEGIN it would get in)."""
    db = open_db(db_path)
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        with db.atomic():
            assert db.conn.in_transaction
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
        other.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    finally:
        other.close()
        db.close()


_SALES = """
import sys, time
from app.db import open_db
from app import purchases
from app.core import SYSTEM
db = open_db(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT id FROM members ORDER BY id LIMIT 20")]
print("ready", flush=True)
deadline = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < deadline:
    purchases.record_purchase(db, actor=SYSTEM, member_id=ids[n % len(ids)], items=[
        {"category": "上衣", "qty": 1, "list_fen": 19900, "paid_fen": 19900}])
    n += 1
    time.sleep(0.005)
print(n, flush=True)
"""


def test_an_import_and_sales_at_once_in_two_processes_never_see_database_locked(
    members_csv, base_store, tmp_path
):
    path = tmp_path / "store.db"
    shutil.copy(base_store, path)
    before = _counts(path)
    sales = subprocess.Popen(
        [sys.executable, "-c", _SALES, str(path), "2.0"],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert sales.stdout is not None
        assert sales.stdout.readline().strip() == "ready"
        imp = subprocess.run(
            _import_cmd(members_csv, path),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        out, err = sales.communicate(timeout=TIMEOUT_S)
    finally:
        if sales.poll() is None:
            sales.kill()
            sales.wait(timeout=TIMEOUT_S)
    assert imp.returncode == 0, imp.stderr
    assert sales.returncode == 0, err
    assert "locked" not in imp.stderr + err
    sold = int(out.split()[-1])
    assert sold > 10
    after = _counts(path)
    assert after["members"] == before["members"] + IMPORT_ROWS
    assert after["purchases"] == before["purchases"] + sold
    assert _checks(path) == ("ok", [])


RESTORE_KILLS = 6


def test_a_killed_restore_leaves_the_old_database_or_the_restored_one(
    members_csv, base_store, tmp_path
):
    """SIGKILL ``main.py restore`` at seeded random moments: the live file holds either
    its own rows or the backup's (plus the restore's audit entry), never a mix."""
    live = tmp_path / "live.db"
    shutil.copy(base_store, live)
    db = open_db(live)
    with db.atomic():
        for i in range(300):
            members.create_member(db, actor=SYSTEM, data={"name": f"新会员{i}"})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    old, restored = _counts(live), _counts(base_store)
    restored["audit_log"] += 1

    def restore_cmd(db: Path) -> list[str]:
        return [sys.executable, str(MAIN), "restore", str(base_store), "--db", str(db)]

    ref = tmp_path / "ref.db"
    shutil.copy(live, ref)
    started = time.perf_counter()
    done = subprocess.run(restore_cmd(ref), env=_env(), capture_output=True, timeout=TIMEOUT_S)
    whole = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert _counts(ref) == restored

    rnd = random.Random(SEED + 1)
    outcomes = []
    for i in range(RESTORE_KILLS):
        work = tmp_path / f"r{i}"
        work.mkdir()
        db = work / "store.db"
        shutil.copy(live, db)
        delay = rnd.uniform(0.4 * whole, 1.2 * whole)
        proc = subprocess.Popen(
            restore_cmd(db), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=TIMEOUT_S)
        counts = _counts(db)
        assert counts in (old, restored), f"kill {i} at {delay:.2f}s: a mix {counts}"
        assert _checks(db) == ("ok", []), f"kill {i}"
        outcomes.append("restored" if counts == restored else "old")
    # and a later restore still works over whatever a killed one left behind
    assert subprocess.run(restore_cmd(db), env=_env(), timeout=TIMEOUT_S).returncode == 0
    assert _counts(db)["members"] == restored["members"]
    print(f"whole restore {whole:.2f} s; outcomes {outcomes}")


def test_a_writer_kept_out_past_the_busy_timeout_gets_a_readable_error(db_path, monkeypatch):
    import app.db

    open_db(db_path).close()
    monkeypatch.setattr(app.db, "BUSY_TIMEOUT_MS", 300)
    db = app.db.connect(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.perf_counter()
        with pytest.raises(app.db.DatabaseBusy, match="busy with another program"), db.atomic():
            db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
        assert 0.25 < time.perf_counter() - started < 5  # it waited, then gave up
        assert not db.conn.in_transaction
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()
