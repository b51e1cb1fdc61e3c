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
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, change_cards, members, permissions, settings
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.excel import FileRefused, exporter, mapping
from app.excel.importer import ImportCancelled, PlanStale, file_checksum, read
from app.excel.importer.plan import cards_since, taken_since, watermark
from app.excel.importer.rows import _reject, _Rows
from app.excel.readers import cell_text
from app.excel.sync_changes import _acks, _baseline, _change_rows, _pending, _set_acks
from app.excel.validate import MASKED_PHONE, Rejection, clean_member, tier_index
from app.files import atomic_file
from app.service import gifts as gift_records

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


# ------------------------------------------------------------------ export


@dataclass
class SyncExport:
    path: Path
    mode: str  # full | changes
    rows: int
    batch_id: int
    since: str | None
    elapsed_s: float


def sync_export(
    db: sqlite_utils.Database,
    *,
    target: str,
    out: str | Path,
    actor: Actor,
    full: bool = False,
    full_phones: bool | None = None,
    lang: str = "zh",
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> SyncExport:
    """Write the change set for ``target`` (everything the first time, or with
    ``full``) and record it: ``sync_batches`` row, bases updated — in one transaction,
    after the file is complete. Manager or owner (``app.permissions.SYNC_EXPORT``:
    sending the month's data cards is the manager's job). Phones are masked unless
    ``full_phones`` (default: the owner's export carries them, as head office needs
    them); full numbers need ``UNMASK`` and are logged as an ``unmask`` entry."""
    permissions.require(actor, permissions.SYNC_EXPORT)
    if full_phones is None:
        full_phones = permissions.allowed(actor, permissions.EXPORT)
    if full_phones:
        permissions.require(actor, permissions.UNMASK)
    started = time.perf_counter()
    target = _check_target(target)
    out = Path(out)
    progress = on_progress or (lambda d, t: None)
    cancel = should_cancel or (lambda: False)
    last = db.execute(
        "SELECT at, counts FROM sync_batches WHERE target = ? AND direction = 'export' "
        "AND kind = 'members' ORDER BY id DESC LIMIT 1",
        [target],
    ).fetchone()
    from_version = int(json.loads(last[1] or "{}").get("to_version") or 0) if last else 0
    # gifts (issue #19): every gift the first time (or with ``full``), then the new ones
    gifts_from = int(json.loads(last[1] or "{}").get("gifts_to") or 0) if last else 0
    to_version = change_cards.latest(db)
    cards = local_cards(db)
    bases = _bases(db, target)
    acks = _acks(db, target)
    mode = "full" if full or last is None else "changes"
    # the members with change cards since the last change set that head office has not
    # agreed on; a card that differs from what was last sent or agreed (a change made
    # before change cards existed) goes too
    pending = _pending(db, acks, after=from_version)
    ids = (
        sorted(cards)
        if mode == "full"
        else sorted(m for m, c in cards.items() if m in pending or bases.get(m) != c)
    )
    store_code = str(settings.get(db, "store_code") or "")
    change_rows = _change_rows(
        db,
        after=from_version,
        acks=acks,
        member_ids=set(ids),
        store_code=store_code,
        masked=not full_phones,
    )
    gift_rows, gifts_to = gift_records.sync_rows(
        db, after=0 if mode == "full" else gifts_from, store_code=store_code
    )
    data_sum = hashlib.sha256(
        json.dumps([cards[m] for m in ids], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    stamp = now()
    with atomic_file(out) as af:
        exporter.write_export(
            db,
            "members",
            out,
            into=af,
            mask_phones=not full_phones,
            lang=lang,
            member_ids=ids,
            on_progress=progress,
            should_cancel=cancel,
            meta_sheet=META_SHEET,
            extra_sheets=[
                (CHANGES_SHEET, CHANGE_COLUMNS, change_rows),
                (gift_records.SYNC_SHEET, gift_records.SYNC_COLUMNS, gift_rows),
            ],
            meta={
                "format": FORMAT,
                "store_code": store_code,
                "store_name": settings.get(db, "store_name"),
                "target": target,
                "mode": mode,
                "since": last[0] if last and mode == "changes" else "",
                "exported_at": stamp,
                "rows": len(ids),
                "phones": "full" if full_phones else "masked",
                "data_sha256": data_sum,
                "identity": "store_code+member_no",
                "from_version": from_version,
                "to_version": to_version,
                "changes": len(change_rows),
                "gifts": len(gift_rows),
                "gifts_to": gifts_to,
            },
        )
        checksum = file_checksum(af.tmp)
        with db.atomic():
            cur = db.execute(
                "INSERT INTO sync_batches (direction, target, kind, file_name, at, counts, "
                "checksum, user_id) VALUES ('export', ?, 'members', ?, ?, ?, ?, ?)",
                [
                    target,
                    out.name,
                    stamp,
                    json.dumps(
                        {
                            "mode": mode,
                            "rows": len(ids),
                            "data_sha256": data_sum,
                            "from_version": from_version,
                            "to_version": to_version,
                            "gifts_to": gifts_to,
                        }
                    ),
                    checksum,
                    actor.user_id,
                ],
            )
            batch_id = int(cur.lastrowid or 0)
            _set_bases(db, target, {m: cards[m] for m in ids}, batch_id)
            audit.record(
                db,
                actor,
                "sync_export",
                "sync_batches",
                batch_id,
                audit.summary(
                    "sync_export", target=target, mode=mode, members=len(ids), file=out.name
                ),
            )
            if full_phones and ids:
                audit.record(
                    db,
                    actor,
                    "unmask",
                    "sync_batches",
                    batch_id,
                    audit.summary(
                        "phones_in_sync_file", file=out.name, target=target, members=len(ids)
                    ),
                )
            af.commit()  # the file appears with the batch that records it, or neither
    return SyncExport(
        out, mode, len(ids), batch_id, last[0] if last else None, time.perf_counter() - started
    )


def read_meta(path: str | Path) -> dict[str, str]:
    """The ``同步信息`` sheet as ``{key: value}`` ({} when there is none)."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception:
        return {}
    try:
        if META_SHEET not in wb.sheet_names:
            return {}
        rows = wb.get_sheet_by_name(META_SHEET).to_python()
        return {cell_text(r[0]): cell_text(r[1]) for r in rows if len(r) >= 2 and r[0]}
    finally:
        wb.close()


# ------------------------------------------------------------------ import


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
    mapped = [k for k in CARD_KEYS if k in cmap.values()]
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


@dataclass
class SyncResult:
    plan: SyncPlan
    changes: Changes
    batch_id: int
    backup: Path | None


def apply_sync(
    db: sqlite_utils.Database,
    plan: SyncPlan,
    *,
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
                        for k, v in _member_data(card.remote, by_no).items()
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
                        data=_member_data(card.applied, by_no),
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


# ------------------------------------------------------------------ conflicts


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
            data = _member_data({k: v["remote"] for k, v in fields.items()}, by_no)
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
