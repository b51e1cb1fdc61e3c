"""The store's first day (#20): what the set-up wizard asks, saved by one action.

:func:`needs_setup` is True for a store that was never set up and holds nobody yet (a
store made empty by the first start, ``File → New store`` or ``python main.py init``);
a store with members — the demo, or one upgraded from an older version — never asks.
:func:`complete_setup` saves the store's name and code, the member-number prefix, the
tiers' thresholds and the backups' second folder in one transaction: a refused field
leaves everything as it was, and the errors name their fields (``store_name``,
``tiers[2].min_spend_fen``, ``backup_copy_folder``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from app import loyalty, permissions, settings
from app.core import Actor, Changes, FieldError, ValidationError

STORE_KEYS = ("store_name", "store_code", "member_no_prefix")
BACKUP_KEYS = ("backup_copy_folder", "backup_interval_hours")


def create_empty_store(path: str | Path, **values: str) -> Path:
    """A new, empty store at ``path`` (``store_name``/``store_code`` optional), for
    File → New store and ``python main.py init``. Refuses (``FileExistsError``) to
    touch a file that exists and is not empty."""
    from app.core import SYSTEM
    from app.db import open_db

    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise FileExistsError(f"{path} already exists and is not empty: nothing was changed")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    try:
        chosen = {k: v for k, v in values.items() if v is not None}
        if chosen:
            settings.set_many(db, actor=SYSTEM, values=chosen)
    finally:
        db.close()
    return path


def needs_setup(db: sqlite_utils.Database) -> bool:
    """True when the set-up was never done and the store has no members yet."""
    if settings.get(db, "setup_done"):
        return False
    return db.execute("SELECT 1 FROM members LIMIT 1").fetchone() is None


def complete_setup(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    store: Mapping[str, Any],
    tiers: Sequence[Mapping[str, Any]],
    backup: Mapping[str, Any],
) -> Changes:
    """Save the wizard's answers (all or nothing) and mark the store as set up."""
    permissions.require(actor, permissions.RULES)
    values = {k: store[k] for k in STORE_KEYS if k in store}
    values.update({k: backup[k] for k in BACKUP_KEYS if k in backup})
    errors: list[FieldError] = []
    changes = Changes()
    with db.atomic():
        try:
            changes = changes | settings.save_rules(db, actor=actor, values=values)
        except ValidationError as exc:
            errors.extend(exc.errors)
        if tiers:
            try:
                changes = changes | loyalty.save_tiers(db, actor=actor, tiers=tiers)
            except ValidationError as exc:
                errors.extend(exc.errors)
        if errors:
            raise ValidationError(errors)  # the transaction rolls back what was saved
        changes = changes | settings.set_many(db, actor=actor, values={"setup_done": True})
    return changes
