"""One app per database: a second one is refused, a dead one's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from app.db import open_db
from ui import single_instance

ROOT = Path(__file__).resolve().parents[2]
HOLD = (
    "import sys, time\n"
    "from ui import single_instance\n"
    "lock = single_instance.acquire(sys.argv[1])\n"
    "print('started', flush=True)\n"
    "print(type(lock).__name__, flush=True)\n"
    "time.sleep(60)\n"
)


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/store.db; killed at the end."""
    db = tmp_path / "store.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], env=_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        assert proc.stdout.readline().strip() == "QLockFile"
        yield db, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def test_a_second_lock_on_the_same_database_is_refused_with_the_holder(holder):
    db, proc = holder
    got = single_instance.acquire(db)
    assert isinstance(got, single_instance.Holder)
    assert got.pid == proc.pid
    assert single_instance.lock_path(db).exists()


def test_a_lock_left_by_a_killed_process_is_taken_over(holder):
    db, proc = holder
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert single_instance.lock_path(db).exists()  # left behind
    got = single_instance.acquire(db)
    assert isinstance(got, QLockFile)
    got.unlock()
    assert not single_instance.lock_path(db).exists()


def test_a_long_held_lock_is_not_stale_by_age(tmp_path):
    db = tmp_path / "store.db"
    lock = single_instance.acquire(db)
    assert isinstance(lock, QLockFile) and lock.staleLockTime() == 0
    path = single_instance.lock_path(db)
    os.utime(path, (1, 1))  # a lock from 1970: still held, since we are alive
    other = single_instance.acquire(db)
    assert isinstance(other, single_instance.Holder) and other.pid == os.getpid()
    assert path.exists()
    lock.unlock()


def test_a_second_app_on_the_same_database_exits_with_a_message(tmp_path):
    db = tmp_path / "store.db"
    open_db(db).close()
    lock = single_instance.acquire(db)
    assert isinstance(lock, QLockFile)
    try:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--smoke", "--lang", "zh"],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        lock.unlock()
    assert proc.returncode == 1
    assert "已在另一个贵宾管家窗口中打开" in proc.stderr  # translated, with who holds it
    assert f"进程 {os.getpid()}" in proc.stderr


CLOSING = (
    "import sys, time\n"
    "from ui import single_instance\n"
    "lock = single_instance.acquire(sys.argv[1])\n"
    "with single_instance.closing(sys.argv[1]):\n"
    "    print('closing', flush=True)\n"
    "    time.sleep(float(sys.argv[2]))\n"
    "lock.unlock()\n"
)


def test_a_start_while_the_last_app_finishes_its_close_backup_waits_and_opens(tmp_path):
    """#20: reopening at once said "already open" while the close backup still ran."""
    db = tmp_path / "store.db"
    open_db(db).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", CLOSING, str(db), "3"], env=_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "closing"
        assert single_instance.closing_marker(db).exists()
        second = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--smoke", "--lang", "zh"],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        proc.wait(timeout=60)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "已在另一个贵宾管家窗口中打开" not in second.stderr
    assert not single_instance.closing_marker(db).exists()


def test_a_holder_that_is_not_closing_is_not_waited_for(holder):
    db, _proc = holder
    got = single_instance.acquire(db)
    assert isinstance(got, single_instance.Holder)
    assert not single_instance.holder_is_closing(db, got)
    single_instance.closing_marker(db).write_text("1", encoding="ascii")  # another PID's
    assert not single_instance.holder_is_closing(db, got)
