"""What the head-office sync's steps share: the file's names, one canonical spelling
per card value, the archive's cards and the bases agreed with a target."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import sqlite_utils

from app.excel import exporter

FORMAT = "vipkeeper-sync/2"  # docs/head-office-change-set.md
META_SHEET = "同步信息"
CHANGES_SHEET = "变动"  # the change cards since the last change set, one row per field
CHANGE_COLUMNS = ("store_code", "version", "member_no", "field", "old", "new", "action", "at")
DEFAULT_TARGET = "head_office"
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

CARD_KEYS = exporter.CARD_KEYS  # the data card's columns, as the members export has them
# what the cycle compares per field: the card, and 办卡导购 (members.enrolled_by, m026) by
# the clerk's display name, as the members export writes it (a user id means nothing to
# head office); read back by display name or login (:func:`_clerks`)
SYNC_KEYS = [*CARD_KEYS, "enrolled_by"]


def canonical(card: Mapping[str, Any]) -> dict[str, Any]:
    """One spelling per value, so equal cards compare equal."""
    out: dict[str, Any] = {}
    for k in SYNC_KEYS:
        if k not in card:
            continue
        v = card[k]
        if isinstance(v, list):
            v = ",".join(sorted(v))
        if isinstance(v, str):
            v = v.strip() or None
        if k == "verified_at" and v:
            v = v[:10]
        if k == "birthday_leap":
            v = int(v or 0)
        out[k] = v
    if "birthday" in out and out["birthday"] is None:
        out["birthday_calendar"] = None
        out["birthday_leap"] = None
    elif "birthday" in out:
        out.setdefault("birthday_calendar", "solar")
        out["birthday_calendar"] = out["birthday_calendar"] or "solar"
        out.setdefault("birthday_leap", 0)
    return out


def local_cards(
    db: sqlite_utils.Database, member_ids: list[int] | None = None
) -> dict[int, dict[str, Any]]:
    sql = (
        f"SELECT m.id, {exporter.CARD_SELECT}, "
        "(SELECT display_name FROM users u WHERE u.id = m.enrolled_by) "
        "FROM members m LEFT JOIN members r ON r.id = m.referrer_id"
    )
    params: list[Any] = []
    if member_ids is not None:
        sql += " WHERE m.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(member_ids))
    return {
        row[0]: canonical(dict(zip(SYNC_KEYS, row[1:], strict=True)))
        for row in db.execute(sql, params)
    }


def _bases(db: sqlite_utils.Database, target: str) -> dict[int, dict[str, Any]]:
    return {
        mid: json.loads(data)
        for mid, data in db.execute(
            "SELECT member_id, data FROM sync_base WHERE target = ?", [target]
        )
    }


def _set_bases(
    db: sqlite_utils.Database, target: str, cards: Mapping[int, Mapping[str, Any]], batch_id: int
) -> None:
    db.conn.executemany(
        "INSERT INTO sync_base (target, member_id, data, batch_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(target, member_id) DO UPDATE SET data = excluded.data, "
        "batch_id = excluded.batch_id",
        [
            (target, mid, json.dumps(card, ensure_ascii=False, sort_keys=True), batch_id)
            for mid, card in cards.items()
        ],
    )


def _check_target(target: str) -> str:
    target = (target or "").strip()
    if not target or len(target) > 60:
        raise ValueError("target must be 1–60 characters")
    return target


def _clerks(db: sqlite_utils.Database) -> dict[str, tuple[int, str]]:
    """A clerk's display name or login (lower case) -> (user id, display name), as the
    importer matches 办卡导购 (``app.excel.importer.rows._clerks``): the first user wins."""
    out: dict[str, tuple[int, str]] = {}
    for uid, username, name in db.execute(
        "SELECT id, username, display_name FROM users ORDER BY id"
    ):
        for key in (name, username):
            out.setdefault(str(key).strip().lower(), (int(uid), str(name).strip()))
    return out


def _member_data(
    values: Mapping[str, Any],
    by_no: Mapping[str, int],
    clerks: Mapping[str, tuple[int, str]] | None = None,
) -> dict[str, Any]:
    """Card values as ``members.create_member``/``update_member`` data (``clerks``, from
    :func:`_clerks`, turns 办卡导购's name into the user's id)."""
    data: dict[str, Any] = {}
    for k, v in values.items():
        if k == "referrer_no":
            data["referrer_id"] = by_no.get(v) if v else None
        elif k == "enrolled_by":
            hit = (clerks or {}).get(str(v).strip().lower()) if v else None
            if v and hit is None:
                continue  # the user is gone since the plan: keep the store's value
            data[k] = hit[0] if hit else None
        elif k == "tags":
            data["tags"] = [t for t in (v or "").split(",") if t]
        elif k == "birthday_leap":
            data[k] = bool(v)
        elif k == "birthday_calendar":
            data[k] = v or "solar"
        elif k == "consent_channels":
            data[k] = v or ""
        elif k == "store_code" and not v:
            continue  # NOT NULL DEFAULT '': members._clean turns '' into None
        elif k in ("tier", "status") and v is None:
            continue  # NOT NULL columns: an empty cell keeps the value
        else:
            data[k] = v
    return data
