"""Store settings: JSON values in the ``settings`` table, with defaults here so a new
database needs no rows. Rules (call-list thresholds, member-number prefix, …) live here,
the same for every clerk."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app import audit
from app.core import Actor, Changes

DEFAULTS: dict[str, Any] = {
    "store_name": "贵宾管家示范店",
    "store_code": "VK",
    "member_no_prefix": "VK",
}


def get(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(row[0])


def set_many(db: sqlite_utils.Database, *, actor: Actor, values: dict[str, Any]) -> Changes:
    """Write several settings in one transaction (and one audit entry)."""
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
        )
        audit.record(db, actor, "rule_change", "settings", None, ", ".join(sorted(values)))
    return Changes.of({"settings"})
