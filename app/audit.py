"""Who did what: an append-only audit log (triggers in the schema refuse UPDATE and
DELETE, so the application has no way to rewrite history)."""

from __future__ import annotations

import sqlite_utils

from app.core import Actor, now


def record(
    db: sqlite_utils.Database,
    actor: Actor,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    summary: str = "",
) -> None:
    """Append one entry. Call it inside the action's transaction, so the entry exists
    exactly when the action took effect."""
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [now(), actor.user_id, actor.name, action, entity, entity_id, summary[:500]],
    )
