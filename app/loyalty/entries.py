"""The points ledger (``points_ledger``): writing one entry, the balance — the sum of a
member's entries, never a stored counter — and the member check the actions share.
Reasons, idempotency keys and the append-only rule are in the package docstring
(:mod:`app.loyalty`, "Ledger")."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app import labels
from app.core import FieldError, now

REASONS = labels.choices("points_reason")
NOTE_MAX = 200

_INSERT = (
    "INSERT INTO points_ledger (member_id, at, delta, reason, ref_type, ref_id, expires_at, "
    "clerk_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _add(
    db: sqlite_utils.Database,
    member_id: int,
    at: str,
    delta: int,
    reason: str,
    *,
    ref_type: str | None = None,
    ref_id: int | None = None,
    expires_at: str | None = None,
    clerk_id: int | None = None,
    note: str | None = None,
) -> int:
    cur = db.execute(
        _INSERT,
        [member_id, at, delta, reason, ref_type, ref_id, expires_at, clerk_id, note, now()],
    )
    return int(cur.lastrowid or 0)


def balance(db: sqlite_utils.Database, member_id: int) -> int:
    """The member's points: the sum of their ledger entries."""
    return int(
        db.execute(
            "SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE member_id = ?", [member_id]
        ).fetchone()[0]
    )


def _member(db: sqlite_utils.Database, member_id: object, errors: list[FieldError]) -> Any:
    row = db.execute(
        "SELECT id, member_no, name, status, tier, referrer_id FROM members WHERE id = ?",
        [member_id],
    ).fetchone()
    if row is None:
        errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
    elif row[3] == "anonymised":
        errors.append(FieldError("member_id", "member_anonymised"))
    return row
