"""The change set and the full export to head office (``sync_export``), and reading a
file's ``同步信息`` sheet (``read_meta``)."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from app import audit, change_cards, permissions, settings
from app.core import Actor, now
from app.excel import exporter
from app.excel.importer import file_checksum
from app.excel.readers import cell_text
from app.excel.sync.common import (
    CHANGE_COLUMNS,
    CHANGES_SHEET,
    FORMAT,
    META_SHEET,
    Cancel,
    Progress,
    _bases,
    _check_target,
    _set_bases,
    local_cards,
)
from app.excel.sync_changes import _acks, _change_rows, _pending
from app.files import atomic_file
from app.service import gifts as gift_records


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
