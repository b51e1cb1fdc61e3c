"""Free alterations and deliveries (免费修改/扦边/送衣, issue #19): an order for a member,
optionally for one of the member's sales, with its kind (labels ``alteration_kind``:
hem, alteration, delivery, refit), due date and status open → ready → collected.

``create_alteration`` writes one (status open); ``mark_ready`` and ``mark_collected``
move it on, stamping ``ready_at`` / ``collected_at``; a status never moves back
(a mistake is a new order). ``member_alterations`` lists a member's, open ones first;
``ready_to_call`` the orders ready and not yet collected (for the daily plan's
"ready → call the member").

Who may: counter work (``contacts`` permission).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import audit, permissions
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now
from app.service import common

KINDS = ("hem", "alteration", "delivery", "refit")
STATUSES = ("open", "ready", "collected")
NOTE_MAX = 300


def create_alteration(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    kind: str,
    due_on: object,
    purchase_id: int | None = None,
    note: str | None = None,
) -> Changes:
    """A new order, status open. ``purchase_id``, when given, must be the member's."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        errors: list[FieldError] = []
        no = common.member_no(db, member_id, errors)
        common.choice(kind, "alteration_kind", "kind", errors)
        due = common.day(due_on, "due_on", errors)
        text = common.text(note, NOTE_MAX, "note", errors)
        if purchase_id is not None:
            owner = db.execute(
                "SELECT member_id FROM purchases WHERE id = ?", [purchase_id]
            ).fetchone()
            if owner is None or owner[0] != member_id:
                errors.append(FieldError("purchase_id", "purchase_missing", {"value": purchase_id}))
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO alterations (member_id, purchase_id, kind, due_on, status, note, "
            "created_by, created_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
            [member_id, purchase_id, kind, due, text, actor.user_id, now()],
        )
        aid = int(cur.lastrowid or 0)
        said = audit.summary("alteration", member_no=no, kind=kind, due_on=due)
        audit.record(db, actor, "alteration", "alteration", aid, said)
    return Changes.of({"alterations"}, {member_id}, aid)


def _move(db: sqlite_utils.Database, *, alteration_id: int, to: str, actor: Actor) -> Changes:
    permissions.require(actor, permissions.CONTACTS)
    stamp_col = {"ready": "ready_at", "collected": "collected_at"}[to]
    with db.atomic():
        row = db.execute(
            "SELECT a.member_id, m.member_no, a.kind, a.status FROM alterations a "
            "JOIN members m ON m.id = a.member_id WHERE a.id = ?",
            [alteration_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"alteration order {alteration_id} does not exist")
        member_id, no, kind, old = row
        if STATUSES.index(old) >= STATUSES.index(to):
            raise ValidationError(
                [FieldError("status", "status_backwards", {"old": old, "new": to})]
            )
        stamp = now()
        db.execute(
            f"UPDATE alterations SET status = ?, {stamp_col} = ? WHERE id = ?",
            [to, stamp, alteration_id],
        )
        said = audit.summary("alteration_status", member_no=no, kind=kind, old=old, new=to)
        audit.record(db, actor, "alteration_status", "alteration", alteration_id, said)
    return Changes.of({"alterations"}, {member_id})


def mark_ready(db: sqlite_utils.Database, *, alteration_id: int, actor: Actor) -> Changes:
    """The order is done: the member can be called to collect it."""
    return _move(db, alteration_id=alteration_id, to="ready", actor=actor)


def mark_collected(db: sqlite_utils.Database, *, alteration_id: int, actor: Actor) -> Changes:
    """The member collected it (or it was delivered)."""
    return _move(db, alteration_id=alteration_id, to="collected", actor=actor)


def _dicts(cur: Any) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def member_alterations(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's orders: not collected first (by due date), then collected, newest first."""
    return _dicts(
        db.execute(
            "SELECT a.id, a.kind, a.due_on, a.status, a.note, a.purchase_id, a.ready_at, "
            "a.collected_at, p.ticket_no FROM alterations a "
            "LEFT JOIN purchases p ON p.id = a.purchase_id WHERE a.member_id = ? "
            "ORDER BY a.status = 'collected', "
            "CASE WHEN a.status = 'collected' THEN a.collected_at END DESC, a.due_on, a.id",
            [member_id],
        )
    )


def ready_to_call(db: sqlite_utils.Database, *, today: dt.date) -> list[dict[str, Any]]:
    """Orders ready and not collected, oldest ready first, with the days waiting."""
    rows = _dicts(
        db.execute(
            "SELECT a.id, a.member_id, m.member_no, a.kind, a.due_on, a.ready_at "
            "FROM alterations a JOIN members m ON m.id = a.member_id "
            "WHERE a.status = 'ready' AND m.status != 'anonymised' ORDER BY a.ready_at, a.id"
        )
    )
    for r in rows:
        r["days_waiting"] = (today - dt.date.fromisoformat(r["ready_at"][:10])).days
    return rows
