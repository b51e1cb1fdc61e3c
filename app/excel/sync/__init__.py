"""The head-office cycle (总部同步): full export, change sets, idempotent import with
conflicts kept for a person to decide.

Change tracking: a *base* per target and member
================================================

``sync_base(target, member_id, data)`` holds, for each member, the data card (canonical
values: codes, ISO dates, ``None`` for empty) that the store and that target last agreed
on: what was last sent to it, or taken from it. Everything follows from comparing three
versions of a card — *base*, *local* (the archive now) and *remote* (the file):

* **Change set** (``sync_export``): the members with change cards (app/change_cards.py)
  since the last set that head office has not agreed on, plus any whose card differs
  from its base (a change made before change cards existed). The first export to a
  target is the full list; ``full=True`` forces one. Besides the cards, the file's
  ``变动`` sheet lists the change cards themselves, each with the value it replaced,
  merges and anonymisations as tombstones (docs/head-office-change-set.md).
  After writing, base := what was sent.
* **Import** (``plan_sync`` / ``apply_sync``): a three-way merge per field against
  what head office last acknowledged. A file already imported from that target (same
  SHA-256 in ``sync_batches``) changes nothing. Otherwise, field by field: remote =
  local → agreed (``sync_base.acked[field]`` := the store's version now); the store
  changed the field since head office acknowledged it (a change card after the ack and
  after the first export to the target) → a value it replaced (an older file) changes
  nothing, another one is a **conflict**; else local = base → only head office changed
  it, take remote; both changed → a conflict. Without a base (a member both sides know
  but never exchanged), a field the store left empty is filled, a differing one is a
  conflict. A card unknown locally is a new member; a merged-away card's row applies
  to the kept member. Conflicting fields wait in ``sync_conflicts`` until a person
  keeps the local values (a ``sync_conflict`` change card: they go out next time) or
  takes head office's (:func:`resolve_conflict`).

Why not timestamps (``members.updated_at`` > the last batch)? A timestamp says *that* a
card changed, not *which field*, has one-second resolution, and is not bumped by every
writer; it cannot tell "head office changed the phone, the store the address" (merge
both) from a real conflict. With the base: importing the same file twice changes
nothing (remote = base = local after the first time), importing one's own export
changes nothing (remote = local), and a row changed on both sides is never silently
overwritten. Points are not in the sync file: balances move through ``import --kind
points`` (one opening balance per member and source), never twice.

The file (docs/head-office-change-set.md): sheet ``会员资料`` (the members export's
columns), ``变动`` (the change cards), ``赠礼`` (gifts recorded since the last set, for
head office's gift costs per member; not read on import) and ``同步信息`` (format,
store, target, mode, since, time, rows, data checksum, versions).
``sync_batches`` records every export and import with the file's SHA-256.

Where it lives: ``export`` (the change set, ``read_meta``), ``plan`` (the three-way
merge), ``apply``, ``conflicts`` (and the batch list), ``common`` (canonical cards and
bases); the change-card side is ``app/excel/sync_changes.py``. This package re-exports
the public names: ``from app.excel import sync; sync.plan_sync(...)`` keeps working.
"""

from __future__ import annotations

from app.excel.sync.apply import SyncResult, apply_sync
from app.excel.sync.common import (
    CARD_KEYS,
    CHANGE_COLUMNS,
    CHANGES_SHEET,
    DEFAULT_TARGET,
    FORMAT,
    META_SHEET,
    SYNC_KEYS,
    Cancel,
    Progress,
    canonical,
    local_cards,
)
from app.excel.sync.conflicts import last_batches, open_conflicts, resolve_conflict
from app.excel.sync.export import SyncExport, read_meta, sync_export
from app.excel.sync.plan import CardChange, SyncPlan, plan_sync

__all__ = [
    "CARD_KEYS",
    "CHANGES_SHEET",
    "CHANGE_COLUMNS",
    "DEFAULT_TARGET",
    "FORMAT",
    "META_SHEET",
    "SYNC_KEYS",
    "Cancel",
    "CardChange",
    "Progress",
    "SyncExport",
    "SyncPlan",
    "SyncResult",
    "apply_sync",
    "canonical",
    "last_batches",
    "local_cards",
    "open_conflicts",
    "plan_sync",
    "read_meta",
    "resolve_conflict",
    "sync_export",
]
