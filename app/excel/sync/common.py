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


def canonical(card: Mapping[str, Any]) -> dict[str, Any]:
    """One spelling per value, so equal cards compare equal."""
    out: dict[str, Any] = {}
    for k in CARD_KEYS:
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
        f"SELECT m.id, {exporter.CARD_SELECT} "
        "FROM members m LEFT JOIN members r ON r.id = m.referrer_id"
    )
    params: list[Any] = []
    if member_ids is not None:
        sql += " WHERE m.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(member_ids))
    return {
        row[0]: canonical(dict(zip(CARD_KEYS, row[1:], strict=True)))
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


def _member_data(values: Mapping[str, Any], by_no: Mapping[str, int]) -> dict[str, Any]:
    """Card values as ``members.create_member``/``update_member`` data."""
    data: dict[str, Any] = {}
    for k, v in values.items():
        if k == "referrer_no":
            data["referrer_id"] = by_no.get(v) if v else None
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
