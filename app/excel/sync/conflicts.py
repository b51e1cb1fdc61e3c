"""The conflicts a head-office import left for a person (``open_conflicts``,
``resolve_conflict``) and the batches so far (``last_batches``)."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app import audit, change_cards, members, permissions
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.excel.sync.common import _bases, _clerks, _member_data, _set_bases, local_cards
from app.excel.sync_changes import _acks, _set_acks


def open_conflicts(db: sqlite_utils.Database, target: str | None = None) -> list[dict[str, Any]]:
    """Conflicts waiting for a person, oldest first: ``{id, target, member_id,
    member_no, name, row, fields: {field: {base, local, remote}}, created_at}``. The
    ``local`` values are re-read now (the archive may have changed since)."""
    sql = (
        "SELECT c.id, c.target, c.member_id, m.member_no, m.name, c.row, c.fields, c.created_at "
        "FROM sync_conflicts c JOIN members m ON m.id = c.member_id WHERE c.status = 'open'"
    )
    params: list[Any] = []
    if target:
        sql += " AND c.target = ?"
        params.append(target)
    out = []
    rows = db.execute(sql + " ORDER BY c.id", params).fetchall()
    cards = local_cards(db, [r[2] for r in rows]) if rows else {}
    for cid, tgt, mid, no, name, row, fields, at in rows:
        f = json.loads(fields)
        for k, v in f.items():
            v["local"] = cards.get(mid, {}).get(k, v["local"])
        out.append(
            {
                "id": cid,
                "target": tgt,
                "member_id": mid,
                "member_no": no,
                "name": name,
                "row": row,
                "fields": f,
                "created_at": at,
            }
        )
    return out


def resolve_conflict(
    db: sqlite_utils.Database, *, actor: Actor, conflict_id: int, take: str
) -> Changes:
    """A person's decision on one conflicting row: ``take="local"`` keeps the store's
    values (they go to head office with the next change set), ``take="remote"`` takes
    head office's. Either way the base becomes head office's values. Manager or owner
    only (``app.permissions.IMPORT``)."""
    permissions.require(actor, permissions.IMPORT)
    if take not in ("local", "remote"):
        raise ValueError("take must be 'local' or 'remote'")
    with db.atomic():
        row = db.execute(
            "SELECT target, member_id, fields, status FROM sync_conflicts WHERE id = ?",
            [conflict_id],
        ).fetchone()
        if row is None or row[3] != "open":
            raise ValidationError([FieldError("conflict", "conflict_closed")])
        target, mid, fields_json, _ = row
        fields = json.loads(fields_json)
        changes = Changes.of({"sync_conflicts", "sync_base"}, {mid})
        if take == "remote":
            by_no = {r[0]: r[1] for r in db.execute("SELECT member_no, id FROM members")}
            data = _member_data({k: v["remote"] for k, v in fields.items()}, by_no, _clerks(db))
            changes |= members.update_member(
                db, actor=actor, member_id=mid, data=data, via="head_office"
            )
        base = _bases(db, target).get(mid) or {}
        base.update({k: v["remote"] for k, v in fields.items()})
        _set_bases(db, target, {mid: base}, None)  # type: ignore[arg-type]
        # head office's values are agreed now; a kept local value is the store's change
        # from them (a change card), so it goes out with the next change set
        acks = _acks(db, target).get(mid, {})
        _set_acks(db, target, {mid: {**acks, **dict.fromkeys(fields, change_cards.latest(db))}})
        if take == "local":
            local = local_cards(db, [mid]).get(mid, {})
            change_cards.record(
                db,
                actor=actor,
                action="sync_conflict",
                rows=[
                    (mid, k, v["remote"], local.get(k))
                    for k, v in fields.items()
                    if local.get(k) != v["remote"]
                ],
            )
            changes |= Changes.of({"member_changes"}, {mid})
        db.execute(
            "UPDATE sync_conflicts SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?",
            [
                "took_remote" if take == "remote" else "kept_local",
                now(),
                actor.user_id,
                conflict_id,
            ],
        )
        said = audit.summary("sync_conflict", target=target, take=take, fields=list(fields))
        audit.record(db, actor, "sync_conflict", "member", mid, said)
    return changes


def last_batches(db: sqlite_utils.Database, limit: int = 20) -> list[dict[str, Any]]:
    cols = ("id", "direction", "target", "kind", "file_name", "at", "counts")
    return [
        dict(zip(cols, r, strict=True))
        for r in db.execute(
            f"SELECT {', '.join(cols)} FROM sync_batches ORDER BY id DESC LIMIT ?", [limit]
        )
    ]
