"""The counter queue (app/counter_queue.py): a sale made while another connection or
process holds the store's write lock is saved to the queue at once, entered into the
store exactly once when the lock is free (points and tier as for any sale), survives a
kill between the two commits and a restore, and is never dropped silently.

No timing races: the lock is held deliberately (``BEGIN IMMEDIATE`` in another
connection, or in another process that waits on its stdin) for as long as the test
needs, so whether a sale is queued never depends on the machine's speed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import counter_queue, loyalty, migrations, purchases
from app.backup import backup_now, restore
from app.core import SYSTEM, Changes, ValidationError
from app.db import connect, open_db, schema_version
from app.members import create_member
from app.normalize import format_fen

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60
ITEMS = [{"category": "上衣", "sku": "A1", "qty": 2, "list_fen": 39900, "paid_fen": 29900}]


@pytest.fixture
def member(db, actor) -> int:
    # points on: 1 point per ¥10 from 2000 on (so the queued sale has points to follow)
    loyalty.save_rules(db, actor=actor, rules=loyalty.DEFAULT_RULES, effective_from="2000-01-01")
    return create_member(
        db, actor=actor, data={"name": "王小明", "phone": "13800001234"}
    ).created_id


@pytest.fixture
def queue(db_path) -> Path:
    path = counter_queue.queue_path(db_path)
    assert path is not None and path.parent == db_path.parent
    return path


class Holder:
    """Another connection holding the store's write lock until released."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=0)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _count(db, sql: str, params=()) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def test_a_free_store_takes_the_sale_at_once_and_queues_nothing(db, member, queue):
    result = counter_queue.record_sale(db, queue=queue, actor=SYSTEM, member_id=member, items=ITEMS)
    assert isinstance(result, Changes) and result.created_id
    assert not queue.exists()
    assert counter_queue.pending(queue) == []


def test_a_sale_while_another_connection_holds_the_lock_is_queued_then_entered_once(
    db, db_path, member, queue, tmp_path
):
    # the reference: the same sale recorded the ordinary way on a copy of the store
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ref_path = tmp_path / "ref.db"
    shutil.copy(db_path, ref_path)
    ref = open_db(ref_path)
    purchases.record_purchase(ref, actor=SYSTEM, member_id=member, items=ITEMS)
    ref_points = loyalty.balance(ref, member)
    ref_tier = ref.execute("SELECT tier FROM members WHERE id = ?", [member]).fetchone()[0]
    ref.close()
    assert ref_points > 0

    holder = Holder(db_path)
    try:
        result = counter_queue.record_sale(
            db, queue=queue, actor=SYSTEM, member_id=member, items=ITEMS, wait_ms=50
        )
        assert isinstance(result, counter_queue.Queued)
        assert result.paid_fen == 2 * 29900 and result.member_id == member
        assert result.changes.touches(counter_queue.QUEUE_TABLE)
        (queued,) = counter_queue.pending(queue, member_id=member)
        assert queued["errors"] == [] and queued["member_no"]
        assert counter_queue.waiting(queue) == 1
        # while the lock is held, the drain waits and leaves the sale queued
        held = counter_queue.drain(db, queue, wait_ms=50)
        assert (held.entered, held.waiting) == (0, 1)
    finally:
        holder.release()
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 0

    drained = counter_queue.drain(db, queue)
    assert (drained.entered, drained.already, drained.waiting, drained.failed) == (1, 0, 0, [])
    assert member in drained.changes.member_ids
    assert drained.changes.touches("purchases", counter_queue.QUEUE_TABLE)
    assert counter_queue.pending(queue) == []
    (purchase_id, at) = db.execute("SELECT id, at FROM purchases").fetchone()
    assert at == result.at  # the time of the sale at the counter, not of the drain
    assert loyalty.balance(db, member) == ref_points
    assert db.execute("SELECT tier FROM members WHERE id = ?", [member]).fetchone()[0] == ref_tier
    assert (
        _count(
            db, "SELECT COUNT(*) FROM counter_queue_entered WHERE purchase_id = ?", [purchase_id]
        )
        == 1
    )
    # draining again changes nothing
    again = counter_queue.drain(db, queue)
    assert (again.entered, again.already) == (0, 0)
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 1


_HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO settings (key, value) VALUES ('held_by_other_process', '1')")
print("held", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
"""


def test_a_sale_while_another_process_holds_the_lock_returns_within_the_wait_and_is_queued(
    db, db_path, member, queue
):
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "held"
        result = counter_queue.record_sale(
            db, queue=queue, actor=SYSTEM, member_id=member, items=ITEMS, ticket_no="T-9"
        )
        assert isinstance(result, counter_queue.Queued)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "released"
        assert proc.wait(timeout=TIMEOUT_S) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=TIMEOUT_S)
    assert counter_queue.drain(db, queue).entered == 1
    assert db.execute("SELECT ticket_no, paid_fen FROM purchases").fetchall() == [
        ("T-9", 2 * 29900)
    ]
    # the other process's own transaction went in too
    assert _count(db, "SELECT COUNT(*) FROM settings WHERE key = 'held_by_other_process'") == 1


def test_a_sale_the_store_would_refuse_is_refused_at_the_counter_and_not_queued(
    db, db_path, member, queue
):
    holder = Holder(db_path)
    try:
        with pytest.raises(ValidationError) as refused:
            counter_queue.record_sale(
                db,
                queue=queue,
                actor=SYSTEM,
                member_id=member,
                items=[{"qty": 0, "list_fen": 100, "paid_fen": 200}],
                wait_ms=50,
            )
        assert {e.field for e in refused.value.errors} >= {"items[0].qty", "items[0].paid_fen"}
        assert counter_queue.pending(queue) == []
        # a ticket number already waiting in the queue is taken
        counter_queue.record_sale(
            db,
            queue=queue,
            actor=SYSTEM,
            member_id=member,
            items=ITEMS,
            ticket_no="T1",
            wait_ms=50,
        )
        with pytest.raises(ValidationError) as twice:
            counter_queue.record_sale(
                db,
                queue=queue,
                actor=SYSTEM,
                member_id=member,
                items=ITEMS,
                ticket_no="T1",
                wait_ms=50,
            )
        assert [e.code for e in twice.value.errors] == ["ticket_duplicate"]
    finally:
        holder.release()
    assert len(counter_queue.pending(queue)) == 1


_KILLED_DRAIN = """
import os, sys
from app import counter_queue
from app.db import open_db
db = open_db(sys.argv[1])
counter_queue._forget = lambda conn, key: os._exit(9)  # die after the store's commit
counter_queue.drain(db, counter_queue.queue_path(sys.argv[1]))
"""


def test_a_drain_killed_between_the_store_commit_and_the_queue_never_doubles_the_sale(
    db, db_path, member, queue
):
    holder = Holder(db_path)
    try:
        counter_queue.record_sale(
            db, queue=queue, actor=SYSTEM, member_id=member, items=ITEMS, wait_ms=50
        )
    finally:
        holder.release()
    points_before = loyalty.balance(db, member)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_DRAIN, str(db_path)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert killed.returncode == 9, killed.stderr
    # the sale is in the store and still in the queue
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 1
    assert len(counter_queue.pending(queue)) == 1
    points_after = loyalty.balance(db, member)
    assert points_after > points_before

    drained = counter_queue.drain(db, queue)
    assert (drained.entered, drained.already) == (0, 1)
    assert counter_queue.pending(queue) == []
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 1
    assert loyalty.balance(db, member) == points_after


def test_a_queued_sale_whose_member_a_restore_took_away_stays_queued_with_the_reason(
    db, db_path, queue, tmp_path
):
    backups = tmp_path / "backups"
    before = backup_now(db, backups, reason="manual")
    member = create_member(db, actor=SYSTEM, data={"name": "李新", "phone": "13900001111"})
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [member.created_id]).fetchone()[0]
    holder = Holder(db_path)
    try:
        counter_queue.record_sale(
            db, queue=queue, actor=SYSTEM, member_id=member.created_id, items=ITEMS, wait_ms=50
        )
    finally:
        holder.release()
    restore(db, backup=before, actor=SYSTEM, backup_dir=backups)
    result = counter_queue.drain(db, queue)
    assert result.entered == 0
    assert [e.code for e in result.failed[0]["errors"]] == ["member_missing"]
    (kept,) = counter_queue.pending(queue)
    assert [e.code for e in kept["errors"]] == ["member_missing"]
    assert kept["member_no"] == no and kept["paid_fen"] == 2 * 29900
    assert counter_queue.waiting(queue) == 0  # refused: nothing to retry on its own
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 0


def test_after_a_restore_a_queued_sale_goes_to_the_member_holding_its_number(
    db, db_path, queue, tmp_path
):
    """Ids can differ between the queue and a restored store: the number decides."""
    first = create_member(db, actor=SYSTEM, data={"name": "甲", "phone": "13900000001"})
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [first.created_id]).fetchone()[0]
    # a backup in which that number belongs to the second member of the file
    other = open_db(tmp_path / "other.db")
    create_member(
        other, actor=SYSTEM, data={"name": "乙", "phone": "13900000002", "member_no": "OTHER1"}
    )
    held = create_member(
        other, actor=SYSTEM, data={"name": "甲", "phone": "13900000003", "member_no": no + "X"}
    ).created_id
    other.execute("UPDATE members SET member_no = ? WHERE id = ?", [no, held])
    backup = backup_now(other, tmp_path / "backups", reason="manual")
    other.close()
    assert held != first.created_id
    holder = Holder(db_path)
    try:
        counter_queue.record_sale(
            db, queue=queue, actor=SYSTEM, member_id=first.created_id, items=ITEMS, wait_ms=50
        )
    finally:
        holder.release()
    restore(db, backup=backup, actor=SYSTEM, backup_dir=tmp_path / "backups")
    assert counter_queue.drain(db, queue).entered == 1
    assert db.execute("SELECT member_id FROM purchases").fetchall() == [(held,)]


def test_the_command_line_drains_the_queue_and_lists_what_is_left(db, db_path, member, queue):
    holder = Holder(db_path)
    try:
        counter_queue.record_sale(
            db, queue=queue, actor=SYSTEM, member_id=member, items=ITEMS, wait_ms=50
        )
    finally:
        holder.release()
    listed = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "counter-queue", "--db", str(db_path), "--list"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert listed.returncode == 0, listed.stderr
    paid = sum(int(i["qty"]) * int(i["paid_fen"]) for i in ITEMS)
    assert format_fen(paid) in listed.stdout and "1 sale(s) still queued" in listed.stdout
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "counter-queue", "--db", str(db_path)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "entered 1 queued sale(s)" in done.stdout and "0 sale(s) still queued" in done.stdout
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 1


def test_a_store_from_before_the_queue_upgrades_without_losing_a_row(db_path):
    db = connect(db_path)
    names = migrations.names()
    migrations.apply(db, stop_before="m029_counter_queue")
    assert names[-1] == "m029_counter_queue" or "m029_counter_queue" in names
    create_member(db, actor=SYSTEM, data={"name": "老会员", "phone": "13700000000"})
    before = _count(db, "SELECT COUNT(*) FROM members")
    assert not db["counter_queue_entered"].exists()
    db.close()
    db = open_db(db_path)
    assert schema_version(db) == names[-1]
    assert _count(db, "SELECT COUNT(*) FROM members") == before == 1
    assert db["counter_queue_entered"].exists()
    db.close()


def test_the_demo_store_has_the_sales_that_waited_during_last_months_import(demo_db):
    rows = demo_db.execute(
        "SELECT q.uuid, q.queued_at, q.entered_at, p.at FROM counter_queue_entered q "
        "JOIN purchases p ON p.id = q.purchase_id ORDER BY q.queued_at"
    ).fetchall()
    assert 1 <= len(rows) <= 6
    assert len({r[0] for r in rows}) == len(rows)
    for _uuid, queued_at, entered_at, at in rows:
        assert queued_at == at < entered_at  # queued when sold, entered after the import
        assert "10:00:00" <= at[11:] <= "11:30:00"
