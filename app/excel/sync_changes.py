"""The change-card side of the head-office cycle (app/excel/sync/): which of the
store's changes head office has not agreed on, per member and field, and the ``变动``
sheet of a change set (docs/head-office-change-set.md).

``sync_base.acked`` holds, per target, member and field, the store's change version
(a change card id, app/change_cards.py) when head office last agreed on the field's
value. A change card after it — and after the store's first export to that target,
before which head office had no data — is a change head office has not seen agreed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import change_cards
from app.normalize import mask_phone


def _acks(db: sqlite_utils.Database, target: str) -> dict[int, dict[str, int]]:
    """Per member and field, the store's change version when head office last agreed on
    the field's value (``sync_base.acked``)."""
    return {
        mid: json.loads(acked or "{}")
        for mid, acked in db.execute(
            "SELECT member_id, acked FROM sync_base WHERE target = ?", [target]
        )
    }


def _set_acks(
    db: sqlite_utils.Database, target: str, acks: Mapping[int, Mapping[str, int]]
) -> None:
    """Write acks of members whose ``sync_base`` row exists (write the bases first)."""
    db.conn.executemany(
        "UPDATE sync_base SET acked = ? WHERE target = ? AND member_id = ?",
        [(json.dumps(dict(a), sort_keys=True), target, mid) for mid, a in acks.items()],
    )


def _pending(
    db: sqlite_utils.Database, acks: Mapping[int, Mapping[str, int]], *, after: int = 0
) -> dict[int, dict[str, set[str | None]]]:
    """The store's own changes head office has not agreed on yet, from the change
    cards (after version ``after`` and after the field's ack; head office's own changes
    left out): ``{member_id: {field: {the values they replaced}}}``."""
    out: dict[int, dict[str, set[str | None]]] = {}
    for mid, fld, old, cid in db.execute(
        "SELECT member_id, field, old, id FROM member_changes WHERE id > ? "
        "AND action <> 'head_office'",
        [after],
    ):
        if cid > acks.get(mid, {}).get(fld, 0):
            out.setdefault(mid, {}).setdefault(fld, set()).add(old)
    return out


def _baseline(db: sqlite_utils.Database, target: str) -> int:
    """The store's version at its first export to ``target``: head office had no data
    before it, so no change before it can compete with one of head office's."""
    first = db.execute(
        "SELECT counts FROM sync_batches WHERE target = ? AND direction = 'export' "
        "AND kind = 'members' ORDER BY id LIMIT 1",
        [target],
    ).fetchone()
    return int(json.loads(first[0] or "{}").get("to_version") or 0) if first else 0


def _change_rows(
    db: sqlite_utils.Database,
    *,
    after: int,
    acks: Mapping[int, Mapping[str, int]],
    member_ids: set[int],
    store_code: str,
    masked: bool,
) -> list[list[Any]]:
    """The ``变动`` sheet: one row per change card head office has not agreed on, with
    the value it replaced; a merge travels as the tombstone ``A merged_into B``."""
    rows = []
    for c in change_cards.since(db, after, skip_actions=("head_office",)):
        mid, fld = c["member_id"], c["field"]
        if mid not in member_ids or c["id"] <= acks.get(mid, {}).get(fld, 0):
            continue
        no, old, new = c["member_no"], c["old"], c["new"]
        if fld == "merged_from":
            no, fld, old = old, "merged_into", None  # tombstone: the removed card → kept
        elif fld == "phone" and masked:
            old, new = (mask_phone(old) if old else old), (mask_phone(new) if new else new)
        rows.append([store_code, c["id"], no, fld, old, new, c["action"], c["at"]])
    return rows
