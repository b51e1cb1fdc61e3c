"""The store's staff (``users``) and tier names, as the counter dialogs list them.

Reading only: accounts are created by the demo generator and by the owner's user
administration (``app/auth.py``). ``list_staff`` fills the clerk choosers (sale,
return, contact, the call list's per-clerk view); ``tier_names`` turns a member's tier
code into the store's own name for it (tiers are rows the owner can rename, so they are
not in ``app.labels``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

from app.core import ROLES
from app.normalize import name_pinyin

# Clerks first: they are the ones at the counter; owner and manager sell too.
_ROLE_ORDER = {"clerk": 0, "manager": 1, "owner": 2}


def list_staff(
    db: sqlite_utils.Database,
    roles: Sequence[str] = ("clerk", "manager", "owner"),
    active_only: bool = True,
) -> list[dict[str, Any]]:
    """Users with one of ``roles`` as ``{id, username, display_name, role, active}``,
    clerks first, then managers, then owners, each by the pinyin of the display name.
    Inactive accounts are left out unless ``active_only`` is false (a past sale's clerk
    still needs a name). Raises ValueError for an unknown role."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown role(s) {unknown}; expected some of {ROLES}")
    if not roles:
        return []
    marks = ", ".join("?" * len(roles))
    sql = (
        "SELECT id, username, display_name, role, active, name_pinyin FROM users "
        f"WHERE role IN ({marks})" + (" AND active = 1" if active_only else "")
    )
    found = db.execute(sql, list(roles)).fetchall()
    rows = [
        {"id": r[0], "username": r[1], "display_name": r[2], "role": r[3], "active": bool(r[4])}
        for r in found
    ]
    # by pinyin, as people look names up (李娜 before 刘婷 before 张敏), not by code point;
    # the spelling is stored with the user (m015), so no pinyin dictionary is loaded here
    spelled = {r[0]: r[5] if r[5] is not None else name_pinyin(r[2])[0] for r in found}
    rows.sort(
        key=lambda u: (
            _ROLE_ORDER.get(u["role"], 9),
            spelled[u["id"]],
            u["display_name"],
            u["id"],
        )
    )
    return rows


def tier_names(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """``{code: {name_zh, name_en, rank}}`` of every tier."""
    return {
        r[0]: {"name_zh": r[1], "name_en": r[2], "rank": r[3]}
        for r in db.execute("SELECT code, name_zh, name_en, rank FROM tiers ORDER BY rank")
    }


def tier_name(names: dict[str, dict[str, Any]], code: str | None, lang: str = "zh") -> str:
    """The name of tier ``code`` in ``lang`` from :func:`tier_names` (the code itself
    when unknown, "" for None)."""
    if code is None:
        return ""
    tier = names.get(code)
    if tier is None:
        return code
    return str(tier["name_zh"] if lang == "zh" else tier["name_en"])
