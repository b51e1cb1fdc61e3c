"""Churn: marking a member lost with a reason, taking the mark back, and the reasons
counted by month (the rules: ``app.feedback``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import audit, change_cards, labels, permissions
from app import state as app_state
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.feedback.common import check_choice, check_member, clean_text, day_range, month_span

LOST_REASONS = (
    "quality_unstable",
    "no_novelty",
    "poor_service",
    "competitor",
    "price",
    "moved_away",
    "other",
)
NOTE_MAX = 300  # members.lost_note


def mark_lost(
    db: sqlite_utils.Database, *, member_id: int, reason: str, note: str | None, actor: Actor
) -> Changes:
    """Mark a member lost with a reason (labels ``lost_reason``); ``other`` needs a
    note. The call list stops routine calls to lost members. The mark is a fact
    (app/state.py): a purchase on a later day ends it, and it stays in ``lost_marks``."""
    permissions.require(actor, permissions.EDIT_MEMBERS)
    with db.atomic():
        errors: list[FieldError] = []
        member = check_member(db, member_id, errors)
        if reason in (None, ""):
            errors.append(FieldError("reason", "required"))
        else:
            check_choice(reason, "lost_reason", "reason", errors)
        text = clean_text(note, NOTE_MAX, "note", errors)
        if reason == "other" and text is None:
            errors.append(FieldError("note", "lost_note_required"))
        if errors:
            raise ValidationError(errors)
        assert member is not None
        stamp = now()
        was = change_cards.snapshot(db, [member_id])
        db.execute(
            "UPDATE members SET status = 'lost', lost_reason = ?, lost_note = ?, "
            "status_changed_at = ?, updated_at = ? WHERE id = ?",
            [reason, text, stamp, stamp, member_id],
        )
        app_state.record_mark(
            db, member_id, at=stamp, reason=reason, note=text, user_id=actor.user_id
        )
        said = audit.summary("member_lost", member_no=member[0], name=member[1], reason=reason)
        audit.record(db, actor, "mark_lost", "member", member_id, said)
        change_cards.record_diff(db, actor=actor, action="status", before=was)
    return Changes.of({"members"}, {member_id})


def reactivate(db: sqlite_utils.Database, *, member_id: int, actor: Actor) -> Changes:
    """Take back a hand mark of "lost" (a mistake): the member's state is derived again
    (app/state.py). The reason is cleared from the row; ``lost_marks`` and the audit
    log keep it."""
    permissions.require(actor, permissions.EDIT_MEMBERS)
    with db.atomic():
        errors: list[FieldError] = []
        member = check_member(db, member_id, errors)
        if member is not None and member[2] == "active":
            errors.append(FieldError("status", "member_already_active"))
        if errors:
            raise ValidationError(errors)
        assert member is not None
        stamp = now()
        was = change_cards.snapshot(db, [member_id])
        marked_at = db.execute(
            "SELECT status_changed_at FROM members WHERE id = ?", [member_id]
        ).fetchone()[0]
        db.execute(
            "UPDATE members SET status = 'active', lost_reason = NULL, lost_note = NULL, "
            "status_changed_at = ?, updated_at = ? WHERE id = ?",
            [stamp, stamp, member_id],
        )
        if member[2] == "lost":
            # month-end lifecycle snapshots counted the mark (app/state.py): forget those
            # from the mark on, as app.analytics.invalidate_snapshots does (no numpy here)
            since = (marked_at or "")[:10]
            months = "SELECT month FROM segment_snapshot_months WHERE as_of >= ?"
            db.execute(f"DELETE FROM segment_snapshots WHERE month IN ({months})", [since])
            db.execute("DELETE FROM segment_snapshot_months WHERE as_of >= ?", [since])
        audit.record(
            db,
            actor,
            "reactivate",
            "member",
            member_id,
            audit.summary(
                "member_status",
                member_no=member[0],
                name=member[1],
                old_status=member[2],
                new_status="active",
            ),
        )
        change_cards.record_diff(db, actor=actor, action="status", before=was)
    return Changes.of({"members"}, {member_id})


def lost_reasons(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str
) -> dict[str, Any]:
    """Members now lost who were marked lost in ``[start, end]``: ``counts`` {reason:
    n} (every code, zeros included; free-text reasons count as ``other``), ``months``
    ["YYYY-MM"] and ``by_month`` {reason: [n per month]}, ``total``."""
    lo, hi = day_range(start, end)
    codes = labels.choices("lost_reason")
    rows = db.execute(
        """SELECT substr(status_changed_at, 1, 7), lost_reason, COUNT(*) FROM members
           WHERE status = 'lost' AND status_changed_at >= ? AND status_changed_at < ?
           GROUP BY 1, 2 ORDER BY 1""",
        [lo, hi],
    ).fetchall()
    months = month_span([r[0] for r in rows])
    index = {m: i for i, m in enumerate(months)}
    counts = dict.fromkeys(codes, 0)
    by_month = {c: [0] * len(months) for c in codes}
    for month, reason, n in rows:
        code = reason if reason in counts else "other"
        counts[code] += n
        by_month[code][index[month]] += n
    return {"counts": counts, "months": months, "by_month": by_month, "total": sum(counts.values())}


def lost_members(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str
) -> list[dict[str, Any]]:
    """Members now lost who were marked lost in ``[start, end]``, latest first: id,
    member_no, name, lost_reason (a code, or older free text), lost_note,
    status_changed_at, last_purchase_at, total_paid_fen."""
    lo, hi = day_range(start, end)
    rows = db.execute(
        """SELECT m.id, m.member_no, m.name, m.lost_reason, m.lost_note, m.status_changed_at,
                  s.last_purchase_at, COALESCE(s.total_paid_fen, 0)
           FROM members m LEFT JOIN member_stats s ON s.member_id = m.id
           WHERE m.status = 'lost' AND m.status_changed_at >= ? AND m.status_changed_at < ?
           ORDER BY m.status_changed_at DESC, m.id DESC""",
        [lo, hi],
    ).fetchall()
    keys = (
        "id",
        "member_no",
        "name",
        "lost_reason",
        "lost_note",
        "status_changed_at",
        "last_purchase_at",
        "total_paid_fen",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]
