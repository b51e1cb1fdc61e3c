"""Applying a planned head-office import in one transaction (``apply_sync``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, change_cards, members, permissions
from app.core import Actor, Changes, now
from app.excel.importer import ImportCancelled, PlanStale
from app.excel.sync.common import (
    Cancel,
    Progress,
    _bases,
    _clerks,
    _member_data,
    _set_bases,
    local_cards,
)
from app.excel.sync.plan import SyncPlan, _stale
from app.excel.sync_changes import _acks, _set_acks


@dataclass
class SyncResult:
    plan: SyncPlan
    changes: Changes
    batch_id: int
    backup: Path | None


def apply_sync(
    db: sqlite_utils.Database,
    *,
    plan: SyncPlan,
    actor: Actor,
    backup_dir: str | Path | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> SyncResult:
    """Add new members, take head office's changes, record the conflicts — one
    transaction (after a backup when ``backup_dir`` is given). Manager or owner only
    (``app.permissions.IMPORT``)."""
    permissions.require(actor, permissions.IMPORT)
    progress = on_progress or (lambda d, t: None)
    cancel = should_cancel or (lambda: False)
    if _stale(db, plan):
        raise PlanStale()
    backup = None
    if backup_dir is not None:
        from app.backup import backup_now

        backup = backup_now(db, backup_dir, reason=f"sync-import-{plan.target}")
    committed = False
    try:
        with db.atomic():
            if _stale(db, plan):  # a save between the check above and this transaction
                raise PlanStale()
            stamp = now()
            cur = db.execute(
                "INSERT INTO sync_batches (direction, target, kind, file_name, at, counts, "
                "checksum, user_id) VALUES ('import', ?, 'members', ?, ?, ?, ?, ?)",
                [
                    plan.target,
                    plan.path.name,
                    stamp,
                    json.dumps(plan.counts),
                    plan.checksum,
                    actor.user_id,
                ],
            )
            batch_id = int(cur.lastrowid or 0)
            by_no = {r[0]: r[1] for r in db.execute("SELECT member_no, id FROM members")}
            clerks = _clerks(db)
            bases = _bases(db, plan.target)
            new_bases: dict[int, dict[str, Any]] = {}
            agreed: dict[int, set[str]] = {}  # fields head office and the store agree on
            changes = Changes.of({"sync_batches", "sync_base"})
            total = len(plan.cards)
            for i, card in enumerate(plan.cards):
                if i % 200 == 0:
                    progress(i, total)
                    if cancel():
                        raise ImportCancelled()
                if card.action == "new":
                    data = {
                        k: v
                        for k, v in _member_data(card.remote, by_no, clerks).items()
                        if v not in (None, "", [])  # empty cells: the defaults
                    }
                    changes |= members.create_member(db, actor=actor, data=data, via="head_office")
                    mid = changes.created_id
                    assert mid is not None
                    by_no[data.get("member_no") or ""] = mid
                    new_bases[mid] = local_cards(db, [mid])[mid]
                    agreed[mid] = set(new_bases[mid])
                    continue
                assert card.member_id is not None
                mid = card.member_id
                if card.applied:
                    changes |= members.update_member(
                        db,
                        actor=actor,
                        member_id=mid,
                        data=_member_data(card.applied, by_no, clerks),
                        via="head_office",
                    )
                base = dict(bases.get(mid) or {})
                for k, r in card.remote.items():
                    # agreed now (taken, or already equal); a value only the store
                    # changed keeps its old base, so it goes out with the next change set
                    if k not in card.conflicts and (k in card.applied or r == card.local.get(k)):
                        base[k] = r
                        agreed.setdefault(mid, set()).add(k)
                new_bases[mid] = base
                if card.conflicts:
                    same = db.execute(
                        "SELECT fields FROM sync_conflicts WHERE target = ? AND member_id = ? "
                        "AND status = 'open'",
                        [plan.target, mid],
                    ).fetchone()
                    remotes = {k: v["remote"] for k, v in card.conflicts.items()}
                    if same and {k: v["remote"] for k, v in json.loads(same[0]).items()} == remotes:
                        continue  # the same file again: the conflict is already listed
                    db.execute(
                        "UPDATE sync_conflicts SET status = 'superseded', decided_at = ? "
                        "WHERE target = ? AND member_id = ? AND status = 'open'",
                        [stamp, plan.target, mid],
                    )
                    db.execute(
                        "INSERT INTO sync_conflicts (target, batch_id, member_id, row, fields, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            plan.target,
                            batch_id,
                            mid,
                            card.row,
                            json.dumps(card.conflicts, ensure_ascii=False),
                            stamp,
                        ],
                    )
                    changes |= Changes.of({"sync_conflicts"}, {mid})
            _set_bases(db, plan.target, new_bases, batch_id)
            version = change_cards.latest(db)
            acks = _acks(db, plan.target)
            _set_acks(
                db,
                plan.target,
                {m: {**acks.get(m, {}), **dict.fromkeys(ks, version)} for m, ks in agreed.items()},
            )
            audit.record(
                db,
                actor,
                "sync_import",
                "sync_batches",
                batch_id,
                audit.summary("sync_import", target=plan.target, counts=dict(plan.counts)),
            )
            if cancel():
                raise ImportCancelled()
        committed = True
    finally:
        if not committed and backup is not None:
            backup.unlink(missing_ok=True)
    progress(1, 1)
    return SyncResult(plan, changes, batch_id, backup)
