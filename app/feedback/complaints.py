"""Complaints: registering, updating, overdue and time to resolve, lists and figures
(the rules: ``app.feedback``)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import audit, labels, permissions, settings
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now, parse_at
from app.feedback.common import check_choice, check_member, check_user, clean_text, day_range
from app.normalize import format_fen

OPEN_STATUSES = ("open", "in_progress")
DONE_STATUSES = ("resolved", "closed")
DESCRIPTION_MAX = 1000


_COMPLAINT_FIELDS = (
    "category",
    "description",
    "owner_id",
    "status",
    "resolution",
    "compensation_fen",
    "at",
    "resolved_at",
)


def _fen(value: object, errors: list[FieldError]) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(FieldError("compensation_fen", "price_invalid", {"value": value}))
        return 0
    if value < 0:
        errors.append(
            FieldError("compensation_fen", "amount_negative", {"yuan": format_fen(value)})
        )
        return 0
    return value


def register_complaint(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int | None,
    category: str,
    description: str,
    owner_id: int | None = None,
    at: object = None,
    status: str = "open",
    resolution: str | None = None,
    compensation_fen: int = 0,
) -> Changes:
    """Register a complaint (a member's, or a walk-in's when ``member_id`` is None).
    ``owner_id`` (the clerk responsible) defaults to the acting user; ``at`` to now.
    Registered already resolved (handled on the spot) needs a resolution, and
    ``resolved_at`` is the registration time."""
    permissions.require(actor, permissions.CONTACTS)
    if compensation_fen:
        permissions.require(actor, permissions.FEEDBACK_ADMIN)
    with db.atomic():
        errors: list[FieldError] = []
        member = check_member(db, member_id, errors) if member_id is not None else None
        check_choice(category, "complaint_category", "category", errors)
        check_choice(status, "complaint_status", "status", errors)
        text = clean_text(description, DESCRIPTION_MAX, "description", errors)
        if text is None:
            errors.append(FieldError("description", "required"))
        owner = actor.user_id if owner_id is None else owner_id
        check_user(db, owner, "owner_id", errors)
        stamp = parse_at(at, field="at", errors=errors)
        res = clean_text(resolution, DESCRIPTION_MAX, "resolution", errors)
        comp = _fen(compensation_fen, errors)
        if status in DONE_STATUSES and res is None:
            errors.append(FieldError("resolution", "resolution_required"))
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO complaints (member_id, at, category, description, owner_id, status, "
            "resolution, compensation_fen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                member_id,
                stamp,
                category,
                text,
                owner,
                status,
                res,
                comp,
                stamp if status in DONE_STATUSES else None,
            ],
        )
        cid = int(cur.lastrowid or 0)
        who = f"{member[0]} {member[1]}" if member else "—"
        said = audit.summary("complaint", who=who, category=category, status=status)
        audit.record(db, actor, "complaint", "complaint", cid, said)
    return Changes.of({"complaints"}, {member_id} if member_id else (), cid)


def update_complaint(
    db: sqlite_utils.Database,
    *,
    complaint_id: int,
    data: Mapping[str, Any],
    actor: Actor,
) -> Changes:
    """Change the given fields (``category``, ``description``, ``owner_id``,
    ``status``, ``resolution``, ``compensation_fen``, ``at``, ``resolved_at``). Moving
    to resolved/closed stamps ``resolved_at`` (now, unless given; never before ``at``)
    and needs a resolution; moving back to open/in progress clears it. Changing the
    compensation needs ``feedback_admin``."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        row = db.execute(
            "SELECT member_id, at, category, description, owner_id, status, resolution, "
            "compensation_fen, resolved_at FROM complaints WHERE id = ?",
            [complaint_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"complaint {complaint_id} does not exist")
        before = dict(
            zip(
                (
                    "member_id",
                    "at",
                    "category",
                    "description",
                    "owner_id",
                    "status",
                    "resolution",
                    "compensation_fen",
                    "resolved_at",
                ),
                row,
                strict=True,
            )
        )
        errors: list[FieldError] = []
        for key in data:
            if key not in _COMPLAINT_FIELDS:
                errors.append(FieldError(key, "unknown_field"))
        new = dict(before)
        if "category" in data:
            check_choice(data["category"], "complaint_category", "category", errors)
            new["category"] = data["category"]
        if "status" in data:
            check_choice(data["status"], "complaint_status", "status", errors)
            new["status"] = data["status"]
        if "description" in data:
            new["description"] = clean_text(
                data["description"], DESCRIPTION_MAX, "description", errors
            )
            if new["description"] is None:
                errors.append(FieldError("description", "required"))
        if "resolution" in data:
            new["resolution"] = clean_text(
                data["resolution"], DESCRIPTION_MAX, "resolution", errors
            )
        if "owner_id" in data:
            check_user(db, data["owner_id"], "owner_id", errors)
            new["owner_id"] = data["owner_id"]
        if "compensation_fen" in data:
            new["compensation_fen"] = _fen(data["compensation_fen"], errors)
            if new["compensation_fen"] != before["compensation_fen"]:
                permissions.require(actor, permissions.FEEDBACK_ADMIN)
        if "at" in data:
            new["at"] = parse_at(data["at"], field="at", errors=errors) or before["at"]
        if new["status"] in DONE_STATUSES:
            if new["resolution"] is None:
                errors.append(FieldError("resolution", "resolution_required"))
            if data.get("resolved_at") not in (None, ""):
                new["resolved_at"] = parse_at(
                    data["resolved_at"], field="resolved_at", errors=errors
                )
            elif before["status"] not in DONE_STATUSES or before["resolved_at"] is None:
                new["resolved_at"] = now()
            if new["resolved_at"] and new["at"] and new["resolved_at"] < new["at"]:
                errors.append(
                    FieldError("resolved_at", "resolved_before_complaint", {"at": new["at"]})
                )
        else:
            new["resolved_at"] = None
        if errors:
            raise ValidationError(errors)
        changed = [k for k in before if before[k] != new[k]]
        if changed:
            db.execute(
                "UPDATE complaints SET at = ?, category = ?, description = ?, owner_id = ?, "
                "status = ?, resolution = ?, compensation_fen = ?, resolved_at = ? WHERE id = ?",
                [
                    new["at"],
                    new["category"],
                    new["description"],
                    new["owner_id"],
                    new["status"],
                    new["resolution"],
                    new["compensation_fen"],
                    new["resolved_at"],
                    complaint_id,
                ],
            )
        audit.record(
            db,
            actor,
            "complaint_update",
            "complaint",
            complaint_id,
            audit.summary(
                "complaint_update",
                old_status=before["status"],
                new_status=new["status"],
                fields=changed,
            ),
        )
    member = before["member_id"]
    return Changes.of({"complaints"}, {member} if member else ())


def complaint_overdue(status: str, at: str, today: dt.date, overdue_days: int) -> bool:
    """Overdue: still open or in progress more than ``overdue_days`` whole days after
    the day it was registered."""
    return status in OPEN_STATUSES and (today - dt.date.fromisoformat(at[:10])).days > overdue_days


def resolution_hours(at: str, resolved_at: str | None) -> float | None:
    """Hours from registration to resolution (None while unresolved)."""
    if not resolved_at:
        return None
    delta = dt.datetime.fromisoformat(resolved_at) - dt.datetime.fromisoformat(at)
    return delta.total_seconds() / 3600


_LIST_KEYS = (
    "id",
    "member_id",
    "member_no",
    "name",
    "at",
    "category",
    "description",
    "owner_id",
    "owner_name",
    "status",
    "resolution",
    "compensation_fen",
    "resolved_at",
)


def list_complaints(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    statuses: tuple[str, ...] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    member_id: int | None = None,
) -> list[dict[str, Any]]:
    """Complaints, the open ones first (oldest first), then the rest newest first, each
    with ``age_days`` (days since registration), ``overdue`` and
    ``resolution_hours``. Filters: statuses, registration day in ``[start, end]``,
    member."""
    cond, params = ["1"], []
    if statuses:
        cond.append(f"c.status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    if start is not None and end is not None:
        lo, hi = day_range(start, end)
        cond.append("c.at >= ? AND c.at < ?")
        params.extend([lo, hi])
    if member_id is not None:
        cond.append("c.member_id = ?")
        params.append(member_id)
    rows = db.execute(
        f"""SELECT c.id, c.member_id, m.member_no, m.name, c.at, c.category, c.description,
                   c.owner_id, u.display_name, c.status, c.resolution, c.compensation_fen,
                   c.resolved_at
            FROM complaints c LEFT JOIN members m ON m.id = c.member_id
            LEFT JOIN users u ON u.id = c.owner_id
            WHERE {" AND ".join(cond)}
            ORDER BY c.status IN ('open', 'in_progress') DESC,
                     CASE WHEN c.status IN ('open', 'in_progress') THEN c.at END ASC,
                     c.at DESC, c.id DESC""",
        params,
    ).fetchall()
    days = int(settings.get(db, "feedback_complaint_overdue_days"))
    out = []
    for r in rows:
        d = dict(zip(_LIST_KEYS, r, strict=True))
        d["age_days"] = (today - dt.date.fromisoformat(d["at"][:10])).days
        d["overdue"] = complaint_overdue(d["status"], d["at"], today, days)
        d["resolution_hours"] = resolution_hours(d["at"], d["resolved_at"])
        out.append(d)
    return out


def open_complaints(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's open and in-progress complaints, oldest first (the member card's
    flag)."""
    return list_complaints(db, today=dt.date.today(), statuses=OPEN_STATUSES, member_id=member_id)


def complaint_stats(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, today: dt.date
) -> dict[str, Any]:
    """The complaints registered in ``[start, end]``: ``total``, ``by_status`` and
    ``by_category`` (every code, zeros included), ``resolved`` (resolved or closed),
    ``median_resolution_hours`` / ``median_resolution_days`` (None when none is
    resolved), ``compensation_fen``; and ``overdue_now``: complaints of any date open
    past the overdue rule as of ``today``."""
    lo, hi = day_range(start, end)
    rows = db.execute(
        "SELECT status, category, at, resolved_at, compensation_fen FROM complaints "
        "WHERE at >= ? AND at < ?",
        [lo, hi],
    ).fetchall()
    by_status = dict.fromkeys(labels.choices("complaint_status"), 0)
    by_category = dict.fromkeys(labels.choices("complaint_category"), 0)
    hours = []
    for status, category, at, resolved_at, _comp in rows:
        by_status[status] = by_status.get(status, 0) + 1
        by_category[category] = by_category.get(category, 0) + 1
        h = resolution_hours(at, resolved_at) if status in DONE_STATUSES else None
        if h is not None:
            hours.append(h)
    median = statistics.median(hours) if hours else None
    days = int(settings.get(db, "feedback_complaint_overdue_days"))
    overdue = sum(
        complaint_overdue(s, a, today, days)
        for s, a in db.execute(
            "SELECT status, at FROM complaints WHERE status IN ('open', 'in_progress')"
        )
    )
    return {
        "total": len(rows),
        "by_status": by_status,
        "by_category": by_category,
        "resolved": len(hours),
        "median_resolution_hours": None if median is None else round(median, 2),
        "median_resolution_days": None if median is None else round(median / 24, 2),
        "compensation_fen": sum(r[4] for r in rows),
        "overdue_now": overdue,
        "overdue_days": days,
    }
