"""Call-list tasks made from a segment (``campaign_tasks``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from app import audit
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.labels import choices


def add_campaign_tasks(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_ids: Iterable[int],
    purpose: str,
    due: dt.date | str,
    note: str | None = None,
) -> Changes:
    """Put members on the call list with ``purpose`` (a ``purpose`` code of
    app.labels, e.g. ``promotion``, ``winback``) on ``due``: one open task per member,
    purpose and day (an open duplicate is skipped). Anonymised members are skipped. The
    call list reads ``campaign_tasks``; a task is done when ``done_at`` is set."""
    errors = []
    if purpose not in choices("purpose"):
        errors.append(
            FieldError(
                "purpose",
                "choice_invalid",
                {"value": purpose, "choices": ", ".join(choices("purpose"))},
            )
        )
    due_text = due.isoformat() if isinstance(due, dt.date) else str(due)
    try:
        dt.date.fromisoformat(due_text)
    except ValueError:
        errors.append(FieldError("due", "date_invalid", {"value": due_text}))
    if errors:
        raise ValidationError(errors)
    ids = sorted({int(m) for m in member_ids})
    if not ids:
        return Changes()
    created = now()
    with db.atomic():
        before = db.execute("SELECT COALESCE(MAX(id), 0) FROM campaign_tasks").fetchone()[0]
        cur = db.execute(
            """
            INSERT INTO campaign_tasks (member_id, purpose, due, note, created_by, created_at)
            SELECT m.id, :purpose, :due, :note, :user, :created
            FROM members m
            WHERE m.id IN (SELECT value FROM json_each(:ids)) AND m.status <> 'anonymised'
              AND NOT EXISTS (SELECT 1 FROM campaign_tasks t WHERE t.member_id = m.id
                              AND t.purpose = :purpose AND t.due = :due AND t.done_at IS NULL)
            """,
            {
                "purpose": purpose,
                "due": due_text,
                "note": note,
                "user": actor.user_id,
                "created": created,
                "ids": json.dumps(ids),
            },
        )
        n = cur.rowcount
        added = [
            mid
            for (mid,) in db.execute("SELECT member_id FROM campaign_tasks WHERE id > ?", [before])
        ]
        audit.record(
            db,
            actor,
            "campaign_tasks",
            "campaign_tasks",
            None,
            audit.summary(
                "campaign_tasks_note" if note else "campaign_tasks",
                tasks=n,
                purpose=purpose,
                due=due_text,
                **({"note": note} if note else {}),
            ),
        )
    return Changes.of({"campaign_tasks"}, added)


def open_campaign_tasks(db: sqlite_utils.Database, *, due_by: dt.date) -> list[dict[str, Any]]:
    """Open campaign tasks due on or before ``due_by`` (for the call list)."""
    cur = db.execute(
        "SELECT id, member_id, purpose, due, note, created_by, created_at FROM campaign_tasks "
        "WHERE done_at IS NULL AND due <= ? ORDER BY due, id",
        [due_by.isoformat()],
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
