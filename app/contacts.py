"""The contact log (联系记录): every call, message or visit with a member, its purpose
and outcome, and the next follow-up date. The day's call list (``app.calllist``) is
derived from it: logging a contact with the task's ``purpose`` (and ``purchase_id``
for post-sale calls) is what takes a task off the list.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app import audit, labels
from app.core import Actor, Changes, FieldError, ValidationError, now, parse_at
from app.normalize import parse_date

NOTE_MAX = 1000

_COLUMNS = (
    "id",
    "member_id",
    "at",
    "clerk_id",
    "clerk_name",
    "channel",
    "purpose",
    "outcome",
    "note",
    "next_follow_up",
    "purchase_id",
)


def consented_channels(consent: str | None) -> tuple[str, ...]:
    """The channel codes a member agreed to, from ``members.consent_channels``
    (comma-separated), in the labels' order."""
    agreed = {c for c in (consent or "").split(",") if c}
    return tuple(c for c in labels.choices("channel") if c in agreed)


def default_channel(consent: str | None) -> str:
    """The channel a new contact starts on: the phone when the member agreed to it (or
    to nothing recorded: service calls), else the first channel they agreed to, so a
    member who chose only 短信/微信 is not offered 电话."""
    agreed = consented_channels(consent)
    if not agreed or "phone" in agreed:
        return "phone"
    return agreed[0]


def log_contact(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    channel: str,
    purpose: str,
    outcome: str,
    note: str | None = None,
    next_follow_up: object = None,
    clerk_id: int | None = None,
    at: object = None,
    purchase_id: int | None = None,
) -> Changes:
    """Record one contact. ``channel``/``purpose``/``outcome`` are codes of the labels
    groups of the same names. ``next_follow_up`` is a date (any form ``parse_date``
    takes) not before the contact; ``clerk_id`` defaults to the acting user, ``at`` to
    now (not after today); ``purchase_id`` must be one of the member's purchases. The
    member must exist and not be anonymised. Returns Changes with the contact id."""
    with db.atomic():
        errors: list[FieldError] = []
        row = db.execute(
            "SELECT member_no, name, status FROM members WHERE id = ?", [member_id]
        ).fetchone()
        if row is None:
            errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
        elif row[2] == "anonymised":
            errors.append(FieldError("member_id", "member_anonymised"))
        for name, value in (("channel", channel), ("purpose", purpose), ("outcome", outcome)):
            if value not in labels.choices(name):
                errors.append(
                    FieldError(
                        name,
                        "choice_invalid",
                        {"value": value, "choices": ", ".join(labels.choices(name))},
                    )
                )
        clerk = actor.user_id if clerk_id is None else clerk_id
        if (
            clerk is not None
            and not db.execute("SELECT 1 FROM users WHERE id = ?", [clerk]).fetchone()
        ):
            errors.append(FieldError("clerk_id", "clerk_missing", {"value": clerk}))
        stamp = parse_at(at, field="at", errors=errors)
        follow = None
        try:
            d = parse_date(next_follow_up, field="next_follow_up")
            follow = d.isoformat() if d else None
        except ValidationError as exc:
            errors.extend(exc.errors)
        if follow and stamp and follow < stamp[:10]:
            errors.append(FieldError("next_follow_up", "follow_up_before_contact"))
        text = "" if note is None else str(note).strip()
        if len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        if purchase_id is not None:
            owner = db.execute(
                "SELECT member_id FROM purchases WHERE id = ?", [purchase_id]
            ).fetchone()
            if owner is None:
                errors.append(FieldError("purchase_id", "purchase_missing"))
            elif owner[0] != member_id:
                errors.append(FieldError("purchase_id", "purchase_other_member"))
        if errors:
            raise ValidationError(errors)
        assert row is not None
        cur = db.execute(
            "INSERT INTO contacts (member_id, at, clerk_id, channel, purpose, outcome, note, "
            "next_follow_up, purchase_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                member_id,
                stamp,
                clerk,
                channel,
                purpose,
                outcome,
                text or None,
                follow,
                purchase_id,
                now(),
            ],
        )
        contact_id = int(cur.lastrowid or 0)
        audit.record(
            db,
            actor,
            "contact",
            "contact",
            contact_id,
            audit.summary(
                "contact",
                member_no=row[0],
                name=row[1],
                purpose=purpose,
                channel=channel,
                outcome=outcome,
            ),
        )
    return Changes.of({"contacts"}, {member_id}, contact_id)


def contact_history(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's contacts, newest first, with the clerk's display name."""
    cur = db.execute(
        "SELECT c.id, c.member_id, c.at, c.clerk_id, u.display_name, c.channel, c.purpose, "
        "c.outcome, c.note, c.next_follow_up, c.purchase_id "
        "FROM contacts c LEFT JOIN users u ON u.id = c.clerk_id "
        "WHERE c.member_id = ? ORDER BY c.at DESC, c.id DESC",
        [member_id],
    )
    return [dict(zip(_COLUMNS, row, strict=True)) for row in cur]


def log_sent(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    messages: list[dict[str, Any]],
    at: object = None,
) -> Changes:
    """Log messages sent through a bulk SMS/WeChat tool (the plan's send list) as
    contacts, all in one transaction: each ``{"member_id", "channel", "purpose", "text"}``
    becomes a ``reached`` contact whose note is the text sent (so the reason leaves the
    plan), audited one by one as every contact is. One bad entry saves none."""
    changes = Changes()
    with db.atomic():
        for m in messages:
            changes = changes | log_contact(
                db,
                actor=actor,
                member_id=int(m["member_id"]),
                channel=str(m["channel"]),
                purpose=str(m["purpose"]),
                outcome="reached",
                note=str(m.get("text") or "")[:NOTE_MAX],
                at=at,
                purchase_id=m.get("purchase_id"),
            )
    return Changes.of(changes.tables, changes.member_ids)
