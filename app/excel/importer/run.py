"""The two steps of every import: :func:`plan_import`, the dry run (read, map, validate,
compare; writes nothing), and :func:`apply_plan` (a backup, then the plan's writes, the
``sync_batches`` row and the audit entry in one transaction); :func:`import_file` does
both, as the CLI does."""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping
from pathlib import Path

import sqlite_utils

from app import audit, permissions
from app.core import Actor, Changes, now
from app.excel import KINDS, FileRefused, columns, hostile, mapping
from app.excel.importer import (
    attendance,
    contacts,
    feedback,
    members,
    points,
    praise,
    purchases,
)
from app.excel.importer.plan import (
    Cancel,
    ImportCancelled,
    ImportResult,
    Plan,
    PlanStale,
    Progress,
    file_checksum,
    is_stale,
    watermark,
)
from app.excel.readers import Table, read_table

PLANNERS = {
    "members": members.dry_run,
    "purchases": purchases.dry_run,
    "contacts": contacts.dry_run,
    "points": points.dry_run,
    "surveys": feedback.dry_run_surveys,
    "complaints": feedback.dry_run_complaints,
    "praise": praise.dry_run,
    "attendance": attendance.dry_run,
}
PREPARERS = {"members": members.prepare}
WRITERS = {
    "members": members.apply,
    "purchases": purchases.apply,
    "contacts": contacts.apply,
    "points": points.apply,
    "surveys": feedback.apply_surveys,
    "complaints": feedback.apply_complaints,
    "praise": praise.apply,
    "attendance": attendance.apply,
}


def read(
    db: sqlite_utils.Database, path: str | Path, *, kind: str, sheet: str | None = None
) -> Table:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    from app import settings

    max_rows = int(settings.get(db, "excel_import_max_rows") or hostile.DEFAULT_MAX_ROWS)
    return read_table(
        path,
        score_header=lambda cells: mapping.score_header(kind, cells),
        sheet=sheet,
        max_rows=max_rows,
    )


def plan_import(
    db: sqlite_utils.Database,
    path: str | Path,
    *,
    kind: str,
    sheet: str | None = None,
    column_map: Mapping[int, str] | None = None,
    table: Table | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    overwrite: bool = False,
) -> Plan:
    """The dry run: read (unless ``table`` is given), map (``column_map`` or the
    remembered/guessed mapping), validate and compare with the database. Writes
    nothing. Raises ``FileRefused`` for a file that cannot be taken at all.

    Members matched in the archive are compared field by field (``plan.preview``
    holds each row's :class:`FieldChange` list, before → after): by default only empty
    fields are filled; ``overwrite=True`` replaces filled ones too. A new name or phone
    for a member who has one is an identity change (``plan.identity_rows``), applied
    only when :func:`apply_plan` is told to accept it."""
    started = time.perf_counter()
    path = Path(path)
    if table is None:
        table = read(db, path, kind=kind, sheet=sheet)
    if not table.headers:
        raise FileRefused("no_header", name=path.name)
    cmap = (
        dict(column_map) if column_map is not None else mapping.remembered(db, kind, table.headers)
    )
    fields = set(cmap.values())
    missing = [c for c in columns.COLUMNS[kind] if c.required and c.key not in fields]
    if kind in ("purchases", "contacts", "points") and not fields & {"phone", "member_no"}:
        missing.insert(0, mapping.column(kind, "member_no"))
    if kind == "purchases" and not fields & {"amount", "unit_price"}:
        missing.append(mapping.column(kind, "amount"))
    if kind == "points" and not fields & {"points", "delta"}:
        missing.append(mapping.column(kind, "points"))  # an opening balance or a ledger
    if kind == "points" and "delta" in fields and "reason" not in fields:
        missing.append(mapping.column(kind, "reason"))
    if kind == "attendance" and not fields & {"phone", "member_no"}:
        missing.insert(0, mapping.column(kind, "member_no"))
    if kind == "attendance" and "event_id" not in fields and not {"event", "event_date"} <= fields:
        # the event by its number, or by name and date
        missing += [mapping.column(kind, k) for k in ("event", "event_date") if k not in fields]
    if kind == "members" and fields & {"phone", "member_no"}:
        # name is required for new members only; a file updating by phone/number may omit it
        missing = [c for c in missing if c.key != "name"]
    if missing:
        raise FileRefused(
            "columns_missing",
            name=path.name,
            columns="、".join(c.zh for c in missing),
            columns_en=", ".join(c.en for c in missing),
        )
    plan = Plan(
        kind=kind,
        path=path,
        table=table,
        mapping=cmap,
        counts={"new": 0, "updated": 0, "unchanged": 0, "rejected": 0},
        rejections=[],
        preview=[],
        watermark=watermark(db, kind),
        checksum=file_checksum(path) if path.exists() else "",
        overwrite=overwrite,
    )
    progress = on_progress or (lambda done, total: None)
    cancel = should_cancel or (lambda: False)
    PLANNERS[kind](db, plan, progress, cancel)
    rejected_rows = {r.row for r in plan.rejections}
    plan.counts["rejected"] = len(rejected_rows)
    plan.rejections.sort(key=lambda r: r.row)
    plan.elapsed_s = time.perf_counter() - started
    return plan


def apply_plan(
    db: sqlite_utils.Database,
    *,
    plan: Plan,
    actor: Actor,
    backup_dir: str | Path | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    accept_identity: bool | Collection[int] = (),
) -> ImportResult:
    """Perform the plan's writes in one transaction (after a backup into
    ``backup_dir`` when given). Rejected rows are skipped: the rest goes in. Rows with
    an identity change (``plan.identity_rows``) are written only when accepted
    (``accept_identity=True`` for all, or the row numbers a person ticked); the others
    are skipped whole and listed in ``ImportResult.skipped_identity``. Raises
    ``PlanStale``, ``ImportCancelled`` or the writing error; in each case nothing was
    written and the backup made for this import is removed. Manager or owner only
    (``app.permissions.IMPORT``)."""
    permissions.require(actor, permissions.IMPORT)
    started = time.perf_counter()
    progress = on_progress or (lambda done, total: None)
    cancel = should_cancel or (lambda: False)
    if is_stale(db, plan):
        raise PlanStale()
    backup: Path | None = None
    if backup_dir is not None:
        from app.backup import backup_now

        backup = backup_now(db, Path(backup_dir), reason=f"import-{plan.kind}")
    if plan.kind in PREPARERS:  # lock-free work first: the transaction stays short
        PREPARERS[plan.kind](plan)
    plan.ops["accept_identity"] = True if accept_identity is True else set(accept_identity or ())
    plan.ops["skipped_identity"] = []
    committed = False
    try:
        with db.atomic():
            if is_stale(db, plan):
                raise PlanStale()
            changes = WRITERS[plan.kind](
                db, plan=plan, actor=actor, progress=progress, cancel=cancel
            )
            counts = {**plan.counts}
            skipped = plan.ops["skipped_identity"]
            if skipped:
                counts["updated"] -= len(skipped)
                counts["skipped"] = len(skipped)
            cur = db.execute(
                "INSERT INTO sync_batches (direction, target, kind, file_name, at, counts, "
                "checksum, user_id) VALUES ('import', 'file', ?, ?, ?, ?, ?, ?)",
                [
                    plan.kind,
                    plan.path.name,
                    now(),
                    json.dumps(counts),
                    plan.checksum,
                    actor.user_id,
                ],
            )
            batch_id = int(cur.lastrowid or 0)
            audit.record(
                db,
                actor,
                "import",
                plan.kind,
                batch_id,
                audit.summary("import", file=plan.path.name, counts=dict(counts)),
            )
            if cancel():
                raise ImportCancelled()
        committed = True
    finally:
        if not committed and backup is not None:
            backup.unlink(missing_ok=True)
    return ImportResult(
        plan,
        changes | Changes.of({"sync_batches", "audit_log"}),
        backup,
        batch_id,
        time.perf_counter() - started,
        list(plan.ops["skipped_identity"]),
    )


def import_file(
    db: sqlite_utils.Database,
    *,
    path: str | Path,
    kind: str,
    actor: Actor,
    dry_run: bool = False,
    backup_dir: str | Path | None = None,
    sheet: str | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    overwrite: bool = False,
    accept_identity: bool | Collection[int] = (),
) -> tuple[Plan, ImportResult | None]:
    """Plan, and unless ``dry_run``, apply (what the CLI does)."""
    plan = plan_import(
        db,
        path,
        kind=kind,
        sheet=sheet,
        on_progress=on_progress,
        should_cancel=should_cancel,
        overwrite=overwrite,
    )
    if dry_run or not plan.has_work:
        return plan, None
    return plan, apply_plan(
        db,
        plan=plan,
        actor=actor,
        backup_dir=backup_dir,
        on_progress=on_progress,
        should_cancel=should_cancel,
        accept_identity=accept_identity,
    )
