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


# ------------------------------------------------------------------ rotation

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app import backup  # noqa: E402
from app.core import Actor, PermissionDenied  # noqa: E402


def _fake(folder: Path, at: dt.datetime, reason: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"vipkeeper-{at:%Y%m%d-%H%M%S}-{reason}.db"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_12_daily_10_weekly_9_monthly_and_all_of_the_last_day(tmp_path):
    now = dt.datetime(2026, 11, 22, 18, 0)
    folder = tmp_path / "b"
    # Two years of routine backups: every 4 hours and one on close each evening.
    t = now - dt.timedelta(days=730)
    made = []
    while t <= now:  # every 8 hours, the evening one "on close"
        _fake(folder, t, "close" if t.hour == 2 else "auto")
        made.append(t)
        t += dt.timedelta(hours=8)
    other = folder / "notes.db"
    other.write_bytes(b"mine")
    removed = backup.rotate(folder, now=now)
    kept = backup.list_backups(folder, counts=False)
    ats = sorted(b.at for b in kept)
    assert removed and other.exists()
    # all of the last 24 hours
    assert [a for a in ats if now - a < dt.timedelta(hours=24)] == sorted(
        now - dt.timedelta(hours=8 * k) for k in range(3)
    )
    days = {a.date() for a in ats}
    last_12_days = {(now - dt.timedelta(days=k)).date() for k in range(12)}
    assert last_12_days <= days
    weeks = {tuple(a.isocalendar())[:2] for a in ats}
    ten_weeks_ago = tuple((now - dt.timedelta(weeks=9)).isocalendar())[:2]
    assert len([w for w in weeks if w >= ten_weeks_ago]) == 10
    months = {(a.year, a.month) for a in ats}
    assert {(2026, m) for m in range(3, 12)} <= months
    assert min(ats) > now - dt.timedelta(days=9 * 31 + 1)  # nothing older than 9 months
    # each period keeps its newest backup
    assert max(a for a in made if (a.year, a.month) == (2026, 10)) in ats  # October's newest
    # bounded: 6 recent + ~12 daily + ~10 weekly + ~9 monthly, overlaps counted once
    assert len(kept) <= 3 + 12 + 10 + 9
    # rotating again removes nothing
    assert backup.rotate(folder, now=now) == []


def test_rotation_keeps_safety_backups_by_their_own_count_and_age(tmp_path):
    now = dt.datetime(2026, 11, 22, 18, 0)
    folder = tmp_path / "b"
    old = [_fake(folder, now - dt.timedelta(days=30 + k), "import-members") for k in range(15)]
    recent = [
        _fake(folder, now - dt.timedelta(days=k, hours=1), "before-restore") for k in range(12)
    ]
    manual = _fake(folder, now - dt.timedelta(days=400), "manual")
    backup.rotate(folder, rule=backup.Retention(safety=3, safety_days=14), now=now)
    left = {b.path for b in backup.list_backups(folder, counts=False)}
    assert set(recent) <= left  # all younger than 14 days (more than 3 of them)
    assert not set(old) & left and manual not in left  # older and not among the newest 3
    backup.rotate(folder, rule=backup.Retention(safety=20, safety_days=0), now=now)
    assert len(backup.list_backups(folder, counts=False)) == 12


def test_a_stale_partial_file_goes_and_a_fresh_one_stays(tmp_path):
    import os
    import time

    folder = tmp_path / "b"
    folder.mkdir()
    stale = folder / "vipkeeper-20261101-120000-auto.db.partial"
    fresh = folder / "vipkeeper-20261122-120000-auto.db.partial"
    for p in (stale, fresh):
        p.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    backup.rotate(folder)
    assert not stale.exists() and fresh.exists()


def test_routine_due_after_the_interval_only(tmp_path):
    now = dt.datetime(2026, 11, 22, 18, 0)
    folder = tmp_path / "b"
    assert backup.routine_due(folder, hours=4, now=now)  # no backup at all
    _fake(folder, now - dt.timedelta(hours=1), "import-members")  # not routine
    assert backup.routine_due(folder, hours=4, now=now)
    _fake(folder, now - dt.timedelta(hours=3), "auto")
    assert not backup.routine_due(folder, hours=4, now=now)
    assert backup.routine_due(folder, hours=4, now=now + dt.timedelta(hours=1))


# ------------------------------------------------------------------ inspect, restore


def test_the_list_shows_counts_read_from_each_backup_file(demo_db, tmp_path):
    first = backup.backup_now(demo_db, tmp_path / "b", reason="manual")
    members.create_member(demo_db, actor=SYSTEM, data={"name": "新会员"})
    second = backup.backup_now(demo_db, tmp_path / "b", reason="auto")
    (tmp_path / "b" / "vipkeeper-20260101-000000-auto.db").write_bytes(b"not sqlite at all")
    infos = {i.path: i for i in backup.list_backups(tmp_path / "b")}
    n = demo_db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    p = demo_db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0]
    assert (infos[first].members, infos[first].purchases) == (n - 1, p)
    assert (infos[second].members, infos[second].reason) == (n, "auto")
    assert infos[second].size == second.stat().st_size
    broken = infos[tmp_path / "b" / "vipkeeper-20260101-000000-auto.db"]
    assert broken.error and broken.members is None
    assert not list((tmp_path / "b").glob("*-wal"))  # read-only: nothing written beside


def test_restore_brings_the_backup_back_saves_the_current_first_and_audits(db, db_path, tmp_path):
    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    saved = backup.backup_now(db, tmp_path / "b", reason="manual")
    members.create_member(db, actor=SYSTEM, data={"name": "李四"})
    other = open_db_again(db_path)  # another connection (a worker) sees the result too
    result = backup.restore(db, backup=saved, actor=SYSTEM, backup_dir=tmp_path / "b")
    names = [r[0] for r in db.execute("SELECT name FROM members ORDER BY id")]
    assert names == ["张三"]
    assert [r[0] for r in other.execute("SELECT name FROM members ORDER BY id")] == ["张三"]
    other.close()
    pre = sqlite3.connect(result.safety_backup)
    assert [r[0] for r in pre.execute("SELECT name FROM members ORDER BY id")] == ["张三", "李四"]
    pre.close()
    entry = db.execute("SELECT action, summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert entry[0] == "restore" and saved.name in entry[1]
    assert result.changes.touches("members", "audit_log", "purchases")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert backup.check(db).ok
    assert not list(db_path.parent.glob("*.restoring*"))


def open_db_again(path):
    from app.db import open_db

    return open_db(path)


def test_restore_refuses_other_files_and_damaged_ones_and_changes_nothing(db, tmp_path):
    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    text = tmp_path / "notes.db"
    text.write_text("hello")
    other_sqlite = tmp_path / "other.db"
    c = sqlite3.connect(other_sqlite)
    c.execute("CREATE TABLE members (id)")
    c.close()
    good = backup.backup_now(db, tmp_path / "b", reason="manual")
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    page = 4096
    for i in range(2 * page, len(data) - page, page):  # scribble over every other page
        if (i // page) % 2 == 0:
            data[i + 8 : i + 200] = b"\xff" * 192
    damaged.write_bytes(bytes(data))
    cases = ((text, "not a SQLite"), (other_sqlite, "not a VIP Keeper"), (damaged, "damaged|read"))
    for bad, why in cases:
        with pytest.raises(backup.BackupRefused, match=why):
            backup.restore(db, backup=bad, actor=SYSTEM, backup_dir=tmp_path / "b")
    assert [r[0] for r in db.execute("SELECT name FROM members")] == ["张三"]
    assert len(list((tmp_path / "b").glob("*.db"))) == 1  # no pre-restore backup either


def test_only_an_owner_may_restore_and_a_manager_may_back_up(db, tmp_path):
    saved = backup.backup_now(db, tmp_path / "b", reason="manual")
    manager = Actor(user_id=None, name="店长", role="manager")
    with pytest.raises(PermissionDenied):
        backup.restore(db, backup=saved, actor=manager, backup_dir=tmp_path / "b")
    clerk = Actor(user_id=None, name="店员", role="clerk")
    with pytest.raises(PermissionDenied):
        backup.back_up(db, dest_dir=tmp_path / "b", actor=clerk)
    result = backup.back_up(db, dest_dir=tmp_path / "b", actor=manager)
    assert result.path.exists() and result.check == "ok"
    last = db.execute("SELECT action, actor_name FROM audit_log ORDER BY id DESC LIMIT 1")
    assert tuple(last.fetchone()) == ("backup", "店长")


def test_a_full_disk_while_backing_up_leaves_no_file_and_says_so(db, tmp_path, monkeypatch):
    from app.db import StorageFull

    members.create_member(db, actor=SYSTEM, data={"name": "张三"})
    real_connect = sqlite3.connect

    def small_disk(path, *a, **k):
        conn = real_connect(path, *a, **k)
        if str(path).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 3")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    with pytest.raises(StorageFull):
        backup.backup_now(db, tmp_path / "b", reason="manual")
    assert list((tmp_path / "b").iterdir()) == []


def _swap_index_pages(db_path: Path) -> None:
    """Two indexes of one table trade their b-trees (as a torn write can leave them):
    every page is a well-formed b-tree, so quick_check passes; only integrity_check,
    which compares each index with its table, notices."""
    conn = sqlite3.connect(db_path)
    conn.executescript(
        "CREATE TABLE t (a TEXT, b TEXT); CREATE INDEX ta ON t(a); CREATE INDEX tb ON t(b);"
    )
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(f"a{i}", f"z{i}") for i in range(50)])
    conn.commit()
    (ra,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ta'").fetchone()
    (rb,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tb'").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'ta'", [rb])
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'tb'", [ra])
    conn.commit()
    conn.close()


def test_routine_backups_check_a_small_file_fully_and_refuse_swapped_index_pages(db_path, tmp_path):
    from app.db import integrity_check, open_db

    open_db(db_path).close()
    _swap_index_pages(db_path)
    damaged = open_db(db_path)
    try:
        assert integrity_check(damaged, quick=True) == "ok"  # the check that missed it
        result = backup.routine_backup(damaged, tmp_path / "b", reason="close")
    finally:
        damaged.close()
    assert result.path is None and result.check_kind == "integrity"
    assert "ta" in result.check or "tb" in result.check
    assert list((tmp_path / "b").glob("*.db")) == []


def test_a_large_file_gets_the_quick_check_and_the_list_shows_each_backups_check(
    db, tmp_path, monkeypatch
):
    made = backup.routine_backup(db, tmp_path / "b", reason="auto")
    assert (made.check_kind, made.check) == ("integrity", "ok")
    monkeypatch.setattr(backup, "FULL_CHECK_MAX_BYTES", 0)
    quick = backup.routine_backup(db, tmp_path / "b", reason="close")
    assert (quick.check_kind, quick.check) == ("quick", "ok")
    listed = {b.path: (b.check_kind, b.check_result) for b in backup.list_backups(tmp_path / "b")}
    assert listed == {made.path: ("integrity", "ok"), quick.path: ("quick", "ok")}
    assert backup.describe(backup.inspect(quick.path))["check"] == {"kind": "quick", "result": "ok"}


def test_a_restored_store_does_not_keep_the_backups_check_record(db, db_path, tmp_path):
    from app.db import user_tables

    made = backup.routine_backup(db, tmp_path / "b", reason="auto")
    backup.restore(db, backup=made.path, actor=SYSTEM, backup_dir=tmp_path / "safety")
    assert backup.CHECK_TABLE not in db.table_names()
    assert backup.CHECK_TABLE not in user_tables(db)
