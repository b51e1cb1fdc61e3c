"""The counter queue (收银待入账): a sale is never kept waiting by a big import.

An import of a few hundred thousand rows, a head-office sync or a restore holds the
store's write lock for seconds, in one transaction (all or nothing, and it must stay so).
A sale at the counter that waited for it would freeze the till for that long, or fail
with "database is busy" after the busy timeout. So :func:`record_sale`:

1. tries :func:`app.purchases.record_purchase` with a short wait for the write lock
   (``WAIT_MS``, half a second);
2. when the lock cannot be had in that time, checks the sale exactly as
   ``record_purchase`` would (member, clerk, time, ticket number, lines: reading works
   while another connection writes, the store is in WAL mode) and commits it to a small
   SQLite file beside the store (``<store>.counter-queue``, see :func:`queue_path`),
   durable (``synchronous=FULL``) before the clerk is told it is saved. The sale keeps
   the time it was made at the counter.

:func:`drain` enters the queued sales into the store, oldest first, each through
``record_purchase`` (points, tier, stats, audit as for any sale) in its own transaction
that also writes the sale's queue id (``uuid``) into ``counter_queue_entered``; only
after that commit is the sale removed from the queue. A drain killed between the two
commits finds the id in the store next time and only removes it from the queue: a sale
is never entered twice, and never lost. Two drains at once (the app and the command
line) are serialised by the store's write lock and the same check.

The queue stores the member's number beside its id (no name, phone or other personal
text: it is looked up in the store when shown). After a restore (ids may differ)
the number decides; a member the store no longer knows, a ticket number taken
meanwhile or a clerk who is gone leave the sale in the queue with the reason
(:func:`pending` lists it, the member card shows it, ``python main.py counter-queue``
prints it): nothing is dropped without a person seeing it. An owner or a manager may
then throw such a sale away (:func:`discard`, never one that only waits for the lock):
the store's audit log records what it was and why, first; only then does it leave the
queue, so a crash in between leaves the sale queued (the next discard or drain finds the
audit entry and only removes it).

The app drains at start-up, as soon as the lock is free after a sale was queued (the
task runner, ``ui/counter_queue.py``), and ``python main.py counter-queue --db PATH``
drains from the command line. Why a queue and not only a shorter import transaction:
``tests/bench/bench_import_lock.py`` measures that even a bare ``INSERT … SELECT`` of
100,000 already-computed members with their full-text rows holds the lock for well over
a second, so staging alone cannot promise the counter under a second; the queue can.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid as uuid_mod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, members, permissions, purchases
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now
from app.db import DatabaseBusy

WAIT_MS = 500  # how long a sale waits for the store's write lock before it is queued
DRAIN_WAIT_MS = 2000  # a drain on a worker thread may wait longer for each sale
QUEUE_SUFFIX = ".counter-queue"
QUEUE_TABLE = "counter_queue"  # named in Changes when the queue changed
_SCHEMA = """
CREATE TABLE IF NOT EXISTS queued_sales (
    uuid TEXT PRIMARY KEY,
    queued_at TEXT NOT NULL,
    member_id INTEGER NOT NULL,
    member_no TEXT NOT NULL,
    at TEXT NOT NULL,
    ticket_no TEXT,
    paid_fen INTEGER NOT NULL,
    sale TEXT NOT NULL,
    actor TEXT NOT NULL,
    error TEXT
)
"""


@dataclass(frozen=True)
class Queued:
    """A sale committed to the queue, not yet in the store."""

    uuid: str
    member_id: int
    paid_fen: int
    at: str

    @property
    def changes(self) -> Changes:
        return Changes.of({QUEUE_TABLE}, {self.member_id})


@dataclass
class DrainResult:
    entered: int = 0  # sales entered into the store by this drain
    already: int = 0  # found entered by an earlier, interrupted drain: only forgotten
    discarded: int = 0  # discarded by an interrupted discard (audited): only forgotten
    failed: list[dict[str, Any]] = field(default_factory=list)  # refused, kept queued
    waiting: int = 0  # left because the store's lock could not be had
    changes: Changes = field(default_factory=Changes)


def queue_path(db_path: str | Path | None) -> Path | None:
    """The queue file of the store at ``db_path`` (None for an in-memory store)."""
    if db_path is None or str(db_path) in ("", ":memory:"):
        return None
    path = Path(db_path)
    return path.with_name(path.name + QUEUE_SUFFIX)


def store_path(db: sqlite_utils.Database) -> Path | None:
    """The file ``db`` is open on (None in memory)."""
    for _seq, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


@contextlib.contextmanager
def _connect(queue: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(str(queue), isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # "saved" means on the disk
        conn.execute(_SCHEMA)
        yield conn
    finally:
        conn.close()


@contextlib.contextmanager
def busy_wait(db: sqlite_utils.Database, ms: int) -> Iterator[None]:
    """Within the block, ``db`` waits at most ``ms`` for another connection's lock."""
    (old,) = db.execute("PRAGMA busy_timeout").fetchone()
    db.execute(f"PRAGMA busy_timeout = {int(ms)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(old)}")


# ------------------------------------------------------------------ saving a sale


def record_sale(
    db: sqlite_utils.Database,
    *,
    queue: Path | None,
    actor: Actor,
    member_id: int,
    items: Sequence[Mapping[str, Any]],
    clerk_id: int | None = None,
    at: object = None,
    ticket_no: str | None = None,
    note: str | None = None,
    wait_ms: int = WAIT_MS,
) -> Changes | Queued:
    """Record a sale at the counter: into the store (``Changes``, as
    :func:`app.purchases.record_purchase`) when its write lock is free within
    ``wait_ms``, else into the queue (:class:`Queued`). Raises ``ValidationError`` for a
    sale ``record_purchase`` would refuse, in both cases. ``queue`` None (an in-memory
    store) waits as long as ``record_purchase`` does."""
    sale: dict[str, Any] = {
        "items": [dict(item) if isinstance(item, Mapping) else item for item in items or ()],
        "clerk_id": clerk_id,
        "at": at if at not in (None, "") else now(),  # the counter's time, kept when queued
        "ticket_no": ticket_no,
        "note": note,
    }
    if queue is None:
        return purchases.record_purchase(db, actor=actor, member_id=member_id, **sale)
    try:
        with busy_wait(db, wait_ms):
            return purchases.record_purchase(db, actor=actor, member_id=member_id, **sale)
    except DatabaseBusy:
        pass
    return _enqueue(db, queue=queue, actor=actor, member_id=member_id, sale=sale)


def _enqueue(
    db: sqlite_utils.Database, *, queue: Path, actor: Actor, member_id: int, sale: dict[str, Any]
) -> Queued:
    member, clerk, stamp, ticket, _note, lines = purchases.check_sale(
        db, actor=actor, member_id=member_id, **sale
    )
    paid = sum(line["paid_fen"] for line in lines)
    sale = {**sale, "clerk_id": clerk, "at": stamp}
    with _connect(queue) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if (
                ticket
                and conn.execute(
                    "SELECT 1 FROM queued_sales WHERE ticket_no = ?", [ticket]
                ).fetchone()
            ):
                raise ValidationError(
                    [FieldError("ticket_no", "ticket_duplicate", {"value": ticket})]
                )
            key = uuid_mod.uuid4().hex
            conn.execute(
                "INSERT INTO queued_sales (uuid, queued_at, member_id, member_no, at, "
                "ticket_no, paid_fen, sale, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    key,
                    now(),
                    member_id,
                    member[1],
                    stamp,
                    ticket,
                    paid,
                    json.dumps(sale, ensure_ascii=False, default=str),
                    json.dumps(
                        {"user_id": actor.user_id, "name": actor.name, "role": actor.role},
                        ensure_ascii=False,
                    ),
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return Queued(key, member_id, paid, stamp)


# ------------------------------------------------------------------ reading the queue


def _errors(text: str | None) -> list[FieldError]:
    if not text:
        return []
    return [FieldError(e["field"], e["code"], e.get("params") or {}) for e in json.loads(text)]


def pending(queue: Path | None, *, member_id: int | None = None) -> list[dict[str, Any]]:
    """The queued sales, oldest first (of one member when given): ``uuid``,
    ``queued_at``, ``member_id``, ``member_no``, ``at``, ``ticket_no``, ``paid_fen`` and
    ``errors`` (the FieldErrors of the last refused try; empty while
    it only waits for the lock). Reads nothing when there is no queue file."""
    if queue is None or not queue.is_file():
        return []
    where, params = ("WHERE member_id = ?", [member_id]) if member_id is not None else ("", [])
    with _connect(queue) as conn:
        rows = conn.execute(
            "SELECT uuid, queued_at, member_id, member_no, at, ticket_no, paid_fen, error "
            f"FROM queued_sales {where} ORDER BY queued_at, rowid",
            params,
        ).fetchall()
    keys = ("uuid", "queued_at", "member_id", "member_no", "at", "ticket_no")
    return [
        {**dict(zip(keys, r[:6], strict=True)), "paid_fen": r[6], "errors": _errors(r[7])}
        for r in rows
    ]


def waiting(queue: Path | None) -> int:
    """How many queued sales have not been refused (they only wait for the lock)."""
    if queue is None or not queue.is_file():
        return 0
    with _connect(queue) as conn:
        return int(
            conn.execute("SELECT COUNT(*) FROM queued_sales WHERE error IS NULL").fetchone()[0]
        )


# ------------------------------------------------------------------ draining


def _member_for(db: sqlite_utils.Database, member_id: int, member_no: str) -> int:
    """The store's member for a queued sale: its id if that member still has the number,
    else whoever holds the number now (a merge, a restore); refused if nobody does."""
    row = db.execute("SELECT member_no FROM members WHERE id = ?", [member_id]).fetchone()
    if row is not None and row[0] == member_no:
        return member_id
    found = members.resolve(db, member_no=member_no)
    if found is None:
        raise ValidationError([FieldError("member_id", "member_missing", {"value": member_no})])
    return found


class _Discarded(Exception):
    """A queued sale the audit log says was discarded (an interrupted :func:`discard`)."""


def _discarded(db: sqlite_utils.Database, key: str) -> bool:
    """True when the store's audit log records queued sale ``key`` as discarded."""
    return (
        db.execute(
            "SELECT 1 FROM audit_log WHERE action = 'queue_discard' "
            "AND json_extract(detail, '$.uuid') = ?",
            [key],
        ).fetchone()
        is not None
    )


def _enter(db: sqlite_utils.Database, row: sqlite3.Row | tuple) -> Changes | None:
    """One queued sale into the store, in one transaction with its id; None when an
    earlier drain entered it already. Raises :class:`_Discarded` for a refused sale an
    interrupted discard left queued."""
    key, queued_at, member_id, member_no, sale_text, actor_text, refused = row
    sale = json.loads(sale_text)
    actor = Actor(**json.loads(actor_text))
    with db.atomic():
        if db.execute("SELECT 1 FROM counter_queue_entered WHERE uuid = ?", [key]).fetchone():
            return None
        if refused and _discarded(db, key):
            raise _Discarded(key)
        member = _member_for(db, member_id, member_no)
        changes = purchases.record_purchase(db, actor=actor, member_id=member, **sale)
        db.execute(
            "INSERT INTO counter_queue_entered (uuid, purchase_id, queued_at, entered_at) "
            "VALUES (?, ?, ?, ?)",
            [key, changes.created_id, queued_at, now()],
        )
    return changes


def _forget(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM queued_sales WHERE uuid = ?", [key])


def drain(
    db: sqlite_utils.Database,
    queue: Path | None,
    *,
    wait_ms: int = DRAIN_WAIT_MS,
    should_cancel: Any = None,
) -> DrainResult:
    """Enter every queued sale into the store (module docstring). Stops at the first
    sale whose lock wait runs out (``waiting`` counts what is left); a refused sale stays
    queued with its reason (``failed``). ``changes`` names what was written, the queue
    included, for the app to fan out."""
    result = DrainResult()
    if queue is None or not queue.is_file():
        return result
    cancel = should_cancel or (lambda: False)
    touched: set[int] = set()
    with _connect(queue) as conn:
        rows = conn.execute(
            "SELECT uuid, queued_at, member_id, member_no, sale, actor, error IS NOT NULL "
            "FROM queued_sales ORDER BY queued_at, rowid"
        ).fetchall()
        for i, row in enumerate(rows):
            if cancel():
                result.waiting = len(rows) - i
                break
            try:
                with busy_wait(db, wait_ms):
                    changes = _enter(db, row)
            except DatabaseBusy:
                result.waiting = len(rows) - i
                break
            except _Discarded:
                _forget(conn, row[0])
                result.discarded += 1
                touched.add(int(row[2]))
                continue
            except ValidationError as exc:
                errors = [
                    {"field": e.field, "code": e.code, "params": e.params} for e in exc.errors
                ]
                conn.execute(
                    "UPDATE queued_sales SET error = ? WHERE uuid = ?",
                    [json.dumps(errors, ensure_ascii=False, default=str), row[0]],
                )
                result.failed.append({"uuid": row[0], "member_no": row[3], "errors": exc.errors})
                touched.add(int(row[2]))
                continue
            _forget(conn, row[0])
            touched.add(int(row[2]))
            if changes is None:
                result.already += 1
            else:
                result.entered += 1
                result.changes = result.changes | Changes.of(changes.tables, changes.member_ids)
    if touched:
        result.changes = result.changes | Changes.of({QUEUE_TABLE}, touched)
    return result


# ------------------------------------------------------------------ discarding a refused sale


def discard(
    db: sqlite_utils.Database, *, queue: Path | None, key: str, actor: Actor, reason: str = ""
) -> Changes:
    """Throw away queued sale ``key`` that the store refused (member gone after a
    restore, ticket number taken): owner or manager only (``DISCARD_QUEUED``).

    The store's audit log records it first (member number, time, ticket, amount, the
    refusal's codes, ``reason``, who), in one transaction that also checks no
    drain entered it meanwhile; only after that commit does the sale leave the queue.
    Killed in between, the sale stays queued and shown: discarding it again (or a drain)
    finds the audit entry and only removes it, without a second entry. Raises
    ``NotFound`` for a key not in the queue, ``ValidationError`` (``queue_sale_waiting``)
    for a sale that only waits for the lock, ``PermissionDenied`` for a clerk."""
    permissions.require(actor, permissions.DISCARD_QUEUED)
    row = None
    if queue is not None and queue.is_file():
        with _connect(queue) as conn:
            row = conn.execute(
                "SELECT member_id, member_no, at, ticket_no, paid_fen, error "
                "FROM queued_sales WHERE uuid = ?",
                [key],
            ).fetchone()
    if row is None:
        raise NotFound(f"{queue}: no queued sale {key!r}")
    member_id, member_no, at, ticket, paid, error = row
    if not error:
        raise ValidationError([FieldError("key", "queue_sale_waiting", {"value": key})])
    errors = _errors(error)
    with db.atomic():
        if db.execute("SELECT 1 FROM counter_queue_entered WHERE uuid = ?", [key]).fetchone():
            raise ValidationError([FieldError("key", "queue_sale_entered", {"value": key})])
        if not _discarded(db, key):
            # the member holding the number in the store now (ids differ after a restore)
            holder = members.resolve(db, member_no=member_no)
            audit.record(
                db,
                actor,
                "queue_discard",
                "member",
                holder,
                audit.summary(
                    "queued_sale_discarded",
                    uuid=key,
                    member_no=member_no,
                    at=at,
                    ticket=ticket or "—",
                    paid_fen=paid,
                    refusal=[e.code for e in errors],
                    reason=(reason or "").strip() or "—",
                ),
            )
    with _connect(queue) as conn:  # type: ignore[arg-type]  # a row was read from it
        _forget(conn, key)
    return Changes.of({QUEUE_TABLE, "audit_log"}, {int(member_id)})
