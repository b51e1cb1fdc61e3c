"""Discarding a refused counter-queue sale (app/counter_queue.py ``discard``): only a sale
the store refused, only by an owner or a manager, audited in the store before it leaves
the queue, and never lost by a crash in between.

Real files: the store and its ``.counter-queue`` beside it. The store's lock is held by a
second connection for as long as a sale must be queued, and the refusal is made by a
restore that takes the member away (as in tests/unit/test_counter_queue.py), so nothing
depends on the machine's speed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import audit, counter_queue
from app.backup import backup_now, restore
from app.core import SYSTEM, Actor, NotFound, PermissionDenied, ValidationError
from app.members import create_member

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60
ITEMS = [{"category": "上衣", "sku": "A1", "qty": 2, "list_fen": 39900, "paid_fen": 29900}]
MANAGER = Actor(user_id=None, name="店长老周", role="manager")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _queue_sale(db, db_path, queue, member_id: int, ticket: str | None = None) -> str:
    holder = sqlite3.connect(str(db_path), isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        queued = counter_queue.record_sale(
            db,
            queue=queue,
            actor=SYSTEM,
            member_id=member_id,
            items=ITEMS,
            ticket_no=ticket,
            wait_ms=50,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert isinstance(queued, counter_queue.Queued)
    return queued.uuid


@pytest.fixture
def queue(db_path) -> Path:
    return counter_queue.queue_path(db_path)


@pytest.fixture
def refused(db, db_path, queue, tmp_path) -> dict:
    """A queued sale whose member a restore took away: refused on entry, kept queued."""
    backups = tmp_path / "backups"
    before = backup_now(db, backups, reason="manual")
    member = create_member(db, actor=SYSTEM, data={"name": "李新", "phone": "13900001111"})
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [member.created_id]).fetchone()[0]
    key = _queue_sale(db, db_path, queue, member.created_id, ticket="T-77")
    restore(db, backup=before, actor=SYSTEM, backup_dir=backups)
    result = counter_queue.drain(db, queue)
    assert [e.code for e in result.failed[0]["errors"]] == ["member_missing"]
    return {"key": key, "member_no": no}


def _discards(db) -> list[dict]:
    rows = db.execute(
        "SELECT actor_name, entity, entity_id, summary, detail FROM audit_log "
        "WHERE action = 'queue_discard'"
    ).fetchall()
    keys = ("actor_name", "entity", "entity_id", "summary", "detail")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def test_a_refused_sale_is_discarded_and_the_audit_log_says_what_it_was(db, queue, refused):
    changes = counter_queue.discard(
        db, queue=queue, key=refused["key"], actor=MANAGER, reason="顾客已退卡，小票作废"
    )
    assert changes.touches(counter_queue.QUEUE_TABLE, "audit_log")
    assert counter_queue.pending(queue) == []
    (entry,) = _discards(db)
    assert entry["actor_name"] == "店长老周"
    detail = json.loads(entry["detail"])
    assert detail["uuid"] == refused["key"] and detail["member_no"] == refused["member_no"]
    assert detail["ticket"] == "T-77" and detail["paid_fen"] == 2 * 29900
    assert detail["reason"] == "顾客已退卡，小票作废"
    # shown in the reader's language: who, what, how much, why refused, why discarded
    shown = audit.summary_text({**entry, "user_id": None}, "zh")
    assert refused["member_no"] in shown and "¥598.00" in shown
    assert "会员不存在" in shown and "顾客已退卡" in shown and "T-77" in shown
    assert "the member does not exist" in audit.summary_text({**entry}, "en")
    # no sale went into the store, and discarding again finds nothing
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 0
    with pytest.raises(NotFound):
        counter_queue.discard(db, queue=queue, key=refused["key"], actor=MANAGER)


def test_a_sale_only_waiting_for_the_lock_cannot_be_discarded(db, db_path, queue):
    member = create_member(db, actor=SYSTEM, data={"name": "王小明", "phone": "13800001234"})
    key = _queue_sale(db, db_path, queue, member.created_id)
    with pytest.raises(ValidationError) as waiting:
        counter_queue.discard(db, queue=queue, key=key, actor=SYSTEM, reason="试试")
    assert [e.code for e in waiting.value.errors] == ["queue_sale_waiting"]
    assert "only waiting" in str(waiting.value)
    assert "等待入账" in waiting.value.errors[0].message("zh")
    assert len(counter_queue.pending(queue)) == 1 and _discards(db) == []
    # and it is entered as usual once the lock is free
    assert counter_queue.drain(db, queue).entered == 1


def test_a_clerk_may_not_discard_a_refused_sale(db, queue, refused, clerk):
    with pytest.raises(PermissionDenied):
        counter_queue.discard(db, queue=queue, key=refused["key"], actor=clerk, reason="x")
    assert len(counter_queue.pending(queue)) == 1 and _discards(db) == []
    owner = Actor(user_id=None, name="店主", role="owner")
    counter_queue.discard(db, queue=queue, key=refused["key"], actor=owner)
    assert counter_queue.pending(queue) == [] and len(_discards(db)) == 1


def test_an_unknown_key_is_not_found(db, queue, refused):
    with pytest.raises(NotFound):
        counter_queue.discard(db, queue=queue, key="nope", actor=MANAGER)
    assert len(counter_queue.pending(queue)) == 1


_KILLED_DISCARD = """
import os, sys
from app import counter_queue
from app.core import Actor
from app.db import open_db
db = open_db(sys.argv[1])
counter_queue._forget = lambda conn, key: os._exit(9)  # die after the audit's commit
counter_queue.discard(
    db, queue=counter_queue.queue_path(sys.argv[1]), key=sys.argv[2],
    actor=Actor(user_id=None, name="mgr", role="manager"), reason="killed",
)
"""


def _kill_a_discard(db_path, key: str) -> None:
    """A discard in another process, killed after its audit commit, before the queue."""
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_DISCARD, str(db_path), key],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )
    assert killed.returncode == 9, killed.stderr


def test_a_discard_killed_between_the_audit_and_the_queue_keeps_the_sale_and_audits_once(
    db, db_path, queue, refused
):
    _kill_a_discard(db_path, refused["key"])
    # audited, and the sale is still queued (not lost), still shown as refused
    assert len(_discards(db)) == 1
    (kept,) = counter_queue.pending(queue)
    assert kept["uuid"] == refused["key"] and kept["errors"]
    # the member comes back meanwhile: a drain still does not enter a discarded sale
    create_member(
        db,
        actor=SYSTEM,
        data={"name": "李新", "phone": "13900001111", "member_no": refused["member_no"]},
    )
    drained = counter_queue.drain(db, queue)
    assert (drained.entered, drained.discarded) == (0, 1)
    assert counter_queue.pending(queue) == []
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 0
    assert len(_discards(db)) == 1


def test_discarding_again_after_a_killed_discard_only_removes_it(db, db_path, queue, refused):
    _kill_a_discard(db_path, refused["key"])
    counter_queue.discard(db, queue=queue, key=refused["key"], actor=MANAGER, reason="again")
    assert counter_queue.pending(queue) == []
    (entry,) = _discards(db)
    assert json.loads(entry["detail"])["reason"] == "killed"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "counter-queue", *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )


def test_the_command_line_discards_a_refused_sale_by_its_key_and_refuses_a_waiting_one(
    db, db_path, queue, refused
):
    member = create_member(db, actor=SYSTEM, data={"name": "王小明", "phone": "13800001234"})
    waiting = _queue_sale(db, db_path, queue, member.created_id)
    listed = _cli("--db", str(db_path), "--list")
    assert refused["key"][:8] in listed.stdout and waiting[:8] in listed.stdout
    # a sale waiting for the lock: a clear message, nothing changed
    no = _cli("--db", str(db_path), "--discard", waiting[:8])
    assert no.returncode == 1
    assert "only waiting" in no.stderr and waiting[:8] in no.stderr
    assert len(counter_queue.pending(queue)) == 2
    # the refused one, by the start of its key as listed
    done = _cli("--db", str(db_path), "--discard", refused["key"][:8], "--reason", "作废")
    assert done.returncode == 0, done.stderr
    assert "discarded" in done.stdout and refused["member_no"] in done.stdout
    assert [s["uuid"] for s in counter_queue.pending(queue)] == [waiting]
    (entry,) = _discards(db)
    assert entry["actor_name"] == "system" and json.loads(entry["detail"])["reason"] == "作废"
    unknown = _cli("--db", str(db_path), "--discard", "zzzz")
    assert unknown.returncode == 1 and "zzzz" in unknown.stderr


def test_the_demo_store_shows_a_refused_duplicate_the_manager_discarded(demo_db):
    (entry,) = _discards(demo_db)
    detail = json.loads(entry["detail"])
    assert detail["refusal"] == ["ticket_duplicate"] and detail["reason"]
    role = demo_db.execute(
        "SELECT u.role FROM audit_log a JOIN users u ON u.id = a.user_id "
        "WHERE a.action = 'queue_discard'"
    ).fetchone()[0]
    assert role == "manager"
    # the sale it duplicated is in the store, queued that morning and entered
    ticket_sale = demo_db.execute(
        "SELECT COUNT(*) FROM purchases p JOIN members m ON m.id = p.member_id "
        "WHERE m.member_no = ? AND p.at = ?",
        [detail["member_no"], detail["at"]],
    ).fetchone()[0]
    assert ticket_sale == 1
    assert "已与小票核对" in audit.summary_text({**entry, "user_id": 1}, "zh")
