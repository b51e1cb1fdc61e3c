"""Planning a head-office import: the three-way merge per field (``plan_sync``), with
the staleness check ``apply_sync`` runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app import change_cards
from app.core import FieldError
from app.excel import FileRefused, mapping
from app.excel.importer import file_checksum, read
from app.excel.importer.plan import cards_since, taken_since, watermark
from app.excel.importer.rows import _reject, _Rows
from app.excel.readers import cell_text
from app.excel.sync.common import (
    DEFAULT_TARGET,
    SYNC_KEYS,
    _bases,
    _check_target,
    _clerks,
    canonical,
    local_cards,
)
from app.excel.sync.export import read_meta
from app.excel.sync_changes import _acks, _baseline, _pending
from app.excel.validate import MASKED_PHONE, Rejection, clean_member, tier_index


@dataclass
class CardChange:
    row: int
    member_id: int | None
    member_no: str
    name: str
    action: str  # new | updated | unchanged | conflict
    applied: dict[str, Any] = field(default_factory=dict)  # remote-only changes taken
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> base/local/remote
    remote: dict[str, Any] = field(default_factory=dict)
    local: dict[str, Any] = field(default_factory=dict)


@dataclass
class SyncPlan:
    path: Path
    target: str
    meta: dict[str, str]
    checksum: str
    counts: dict[str, int]
    rejections: list[Rejection]
    cards: list[CardChange]
    fingerprint: tuple
    previously_imported: str | None = None

    def report(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "file": str(self.path),
            "target": self.target,
            "counts": dict(self.counts),
            "previously_imported": self.previously_imported,
            "conflicts": [
                {
                    "row": c.row,
                    "member_no": c.member_no,
                    "name": c.name,
                    "fields": {k: v for k, v in c.conflicts.items()},
                }
                for c in self.cards
                if c.conflicts
            ],
            "rejections": [r.to_json(lang) for r in self.rejections],
        }


def _sync_fingerprint(db: sqlite_utils.Database, target: str) -> tuple:
    """Where the store stood when the plan was made: see :func:`_stale`."""
    b = db.execute(
        "SELECT COUNT(*), MAX(batch_id) FROM sync_base WHERE target = ?", [target]
    ).fetchone()
    return (watermark(db, "members"), *b)


def _stale(db: sqlite_utils.Database, plan: SyncPlan) -> bool:
    """Did anything the plan relies on change since it was made? Another sync with
    this target; a member removed, a phone or number changed (``cards_since``); a
    change card on a field the plan takes or holds as a conflict; a new member taking
    a phone or number of a card the plan adds. Counter sales, the tier changes they
    bring and edits of other fields leave it valid."""
    w, *base = plan.fingerprint
    now_base = _sync_fingerprint(db, plan.target)[1:]
    if tuple(base) != tuple(now_base):
        return True
    cards = cards_since(db, w)
    if cards is None:
        return True
    taken = {c.member_id: {*c.applied, *c.conflicts} for c in plan.cards if c.member_id}
    if any(f in taken.get(mid, ()) for mid, f in cards):
        return True
    # 办卡导购 writes no change card: compare the store's value with the plan's
    clerk = [c for c in plan.cards if c.member_id and "enrolled_by" in taken[c.member_id]]
    if clerk:
        now_cards = local_cards(db, [int(c.member_id) for c in clerk if c.member_id])
        if any(
            now_cards.get(c.member_id, {}).get("enrolled_by") != c.local.get("enrolled_by")
            for c in clerk
        ):
            return True
    new = [c.remote for c in plan.cards if c.action == "new"]
    phones = {str(r["phone"]) for r in new if r.get("phone")}
    numbers = {str(r["member_no"]) for r in new if r.get("member_no")}
    return taken_since(db, w, phones, numbers)


def plan_sync(
    db: sqlite_utils.Database, path: str | Path, *, target: str | None = None
) -> SyncPlan:
    """The dry run of a head-office file: what would be added, updated, kept, and which
    rows conflict. Writes nothing."""
    path = Path(path)
    meta = read_meta(path)
    target = _check_target(target or meta.get("target") or DEFAULT_TARGET)
    table = read(db, path, kind="members")
    if not table.headers:
        raise FileRefused("no_header", name=path.name)
    cmap = mapping.remembered(db, "members", table.headers)
    if "member_no" not in cmap.values() and "phone" not in cmap.values():
        raise FileRefused(
            "columns_missing", name=path.name, columns="会员号", columns_en="Member no"
        )
    rows = _Rows(table, cmap)
    mapped = [k for k in SYNC_KEYS if k in cmap.values()]
    clerks = _clerks(db) if "enrolled_by" in mapped else {}
    tiers = tier_index(db)
    locals_ = local_cards(db)
    by_no = {c["member_no"]: m for m, c in locals_.items()}
    by_phone = {c["phone"]: m for m, c in locals_.items() if c.get("phone")}
    # merged cards' old numbers and phones: their rows apply to the kept member
    merged_no, merged_phone = _aliases(db)
    bases = _bases(db, target)
    # the store's own changes head office has not agreed on: never overwritten
    pending = _pending(db, _acks(db, target), after=_baseline(db, target))
    checksum = file_checksum(path)
    prev = db.execute(
        "SELECT at FROM sync_batches WHERE direction = 'import' AND target = ? AND checksum = ? "
        "ORDER BY id DESC LIMIT 1",
        [target, checksum],
    ).fetchone()
    plan = SyncPlan(
        path,
        target,
        meta,
        checksum,
        {"new": 0, "updated": 0, "unchanged": 0, "conflict": 0, "rejected": 0},
        [],
        [],
        _sync_fingerprint(db, target),
        prev[0] if prev else None,
    )
    seen: dict[str, int] = {}
    for number, raw in rows:
        no = cell_text(raw.get("member_no"))
        mid = by_no.get(no) if no else None
        merged = mid is None and no in merged_no
        if merged:
            mid = merged_no[no]
        clean, errors = clean_member(raw, tiers=tiers, for_new=mid is None)
        if mid is None and not no and clean.get("phone"):
            mid = by_phone.get(clean["phone"])
            merged = mid is None and clean["phone"] in merged_phone
            if merged:
                mid = merged_phone[clean["phone"]]
        if mid is None and not clean.get("name") and not any(e.field == "name" for e in errors):
            errors.append(FieldError("name", "required"))
        if "enrolled_by" in mapped:
            _clerk_of(clean, raw, clerks, errors, file=path.name, row=number)
        if errors:
            for e in errors:
                _reject(plan.rejections, number, rows, raw, e)
            continue
        key = no or clean.get("phone") or ""
        if key in seen:
            plan.rejections.append(Rejection(number, "", key, "dup_in_file", {"first": seen[key]}))
            continue
        seen[key] = number
        remote = {k: clean.get(k) for k in mapped}
        if "phone" in raw and isinstance(raw["phone"], str) and MASKED_PHONE.match(raw["phone"]):
            remote.pop("phone", None)
        if "birthday" in remote and remote["birthday"] is not None:
            remote.setdefault("birthday_calendar", clean.get("birthday_calendar"))
            remote.setdefault("birthday_leap", clean.get("birthday_leap"))
        if merged:
            # the row names a merged-away card: it applies to the kept member, whose own
            # number stays; the old phone is already the kept member's alias
            remote.pop("member_no", None)
            if remote.get("phone") in merged_phone:
                remote.pop("phone", None)
        remote = canonical(remote)
        if remote.get("referrer_no") and remote["referrer_no"] not in by_no:
            _reject(
                plan.rejections, number, rows, raw, FieldError("referrer_no", "referrer_missing")
            )
            continue
        if remote.get("phone") and by_phone.get(remote["phone"]) not in (None, mid):
            other = locals_[by_phone[remote["phone"]]]
            _reject(
                plan.rejections,
                number,
                rows,
                raw,
                FieldError(
                    "phone",
                    "phone_duplicate",
                    {"member_no": other["member_no"], "name": other["name"]},
                ),
            )
            continue
        if mid is None:
            plan.cards.append(
                CardChange(number, None, no, remote.get("name") or "", "new", remote=remote)
            )
            plan.counts["new"] += 1
            continue
        local = locals_[mid]
        # a merged-away card's row only fills what the kept card lacks: the store's merge
        # decided which values stay, and head office's base is the other card's
        base = None if merged else bases.get(mid)
        mine = {} if merged else pending.get(mid, {})
        applied: dict[str, Any] = {}
        conflicts: dict[str, dict[str, Any]] = {}
        for k, r in remote.items():
            loc = local.get(k)
            if r == loc:
                continue
            if k in mine:
                # the store changed this field since head office last agreed on it: a
                # value it replaced (an older file) changes nothing, a new one is a
                # conflict for a person
                if change_cards._text(r) in mine[k] or (base is not None and r == base.get(k)):
                    continue
                conflicts[k] = {"base": (base or {}).get(k), "local": loc, "remote": r}
                continue
            if base is None:
                if loc is None:
                    applied[k] = r
                else:
                    conflicts[k] = {"base": None, "local": loc, "remote": r}
            elif r == base.get(k):
                continue  # only the store changed it
            elif loc == base.get(k):
                applied[k] = r
            else:
                conflicts[k] = {"base": base.get(k), "local": loc, "remote": r}
        _fix_birthday_group(applied, conflicts, local, remote)
        if merged:
            conflicts = {}
        action = "conflict" if conflicts else "updated" if applied else "unchanged"
        plan.counts[action] += 1
        plan.cards.append(
            CardChange(
                number,
                mid,
                local["member_no"],
                local["name"] or "",
                action,
                applied,
                conflicts,
                remote,
                local,
            )
        )
    if plan.previously_imported:
        # The same file again: it was taken (and its conflicts listed) the first time;
        # what changed since on either side must not be undone by an old file.
        n = len(plan.cards)
        plan.cards = []
        plan.counts.update(new=0, updated=0, conflict=0, unchanged=n)
    plan.counts["rejected"] = len({r.row for r in plan.rejections})
    plan.rejections.sort(key=lambda r: r.row)
    return plan


def _clerk_of(
    clean: dict[str, Any],
    raw: Mapping[str, Any],
    clerks: Mapping[str, tuple[int, str]],
    errors: list[FieldError],
    *,
    file: str,
    row: int,
) -> None:
    """办卡导购 of a row as the clerk's display name (the card's spelling; head office may
    write the login too); a name that is no user of the store refuses the row, naming
    the file, row and value (taking the rest of it would drop the field silently)."""
    text = cell_text(raw.get("enrolled_by"))
    if not text:
        clean["enrolled_by"] = None
        return
    hit = clerks.get(text.lower())
    if hit is None:
        errors.append(
            FieldError(
                "enrolled_by", "enrolled_by_unknown", {"value": text, "file": file, "row": row}
            )
        )
        return
    clean["enrolled_by"] = hit[1]


_BIRTHDAY = ("birthday", "birthday_calendar", "birthday_leap")


def _fix_birthday_group(applied: dict, conflicts: dict, local: Mapping, remote: Mapping) -> None:
    """A birthday, its calendar and leap flag move together (a lunar date read as solar
    is a different day)."""
    touched = [k for k in _BIRTHDAY if k in applied or k in conflicts]
    if not touched:
        return
    if any(k in conflicts for k in _BIRTHDAY):
        for k in _BIRTHDAY:
            applied.pop(k, None)
            if k in remote and remote.get(k) != local.get(k):
                conflicts.setdefault(
                    k, {"base": None, "local": local.get(k), "remote": remote.get(k)}
                )
    else:
        for k in _BIRTHDAY:
            if k in remote:
                applied[k] = remote[k]


def _aliases(db: sqlite_utils.Database) -> tuple[dict[str, int], dict[str, int]]:
    """Merged cards' old member numbers and phones → the kept member's id."""
    out: dict[str, dict[str, int]] = {"member_no": {}, "phone": {}}
    for kind, value, member_id in db.execute(
        "SELECT kind, value, member_id FROM member_aliases"
    ).fetchall():
        out[kind][value] = member_id
    return out["member_no"], out["phone"]
