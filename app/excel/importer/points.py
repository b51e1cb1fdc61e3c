"""Opening points balances: the dry run (idempotent per member and source) and the
writes through ``app.loyalty.add_opening_balance``. A file with a 变动积分 (change)
column is the ledger as exported: :mod:`app.excel.importer.ledger` reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import loyalty
from app.core import Actor, Changes, FieldError, ValidationError
from app.excel.importer import ledger
from app.excel.importer.plan import (
    PREVIEW_LIMIT,
    Cancel,
    ImportCancelled,
    Plan,
    Progress,
    RowChange,
    _check_cancel,
)
from app.excel.importer.rows import _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import Rejection, to_date, to_int


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    if "delta" in plan.mapping.values():  # the ledger, as the points export writes it
        plan.notes.append("layout_ledger")
        ledger.dry_run(db, plan, progress, cancel)
        return
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    rej = plan.rejections
    total = len(plan.table.rows)
    out: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        errors: list[FieldError] = []
        mid = index.find(raw, number, rows, rej)
        rec: dict[str, Any] = {"row": number, "member_id": mid}
        try:
            pts = (
                to_int(raw["points"], field="points", code="points_invalid")
                if "points" in raw
                else None
            )
            if pts is None:
                errors.append(FieldError("points", "required"))
            elif pts <= 0:
                errors.append(FieldError("points", "points_invalid", {"value": raw["points"]}))
            rec["points"] = pts
        except ValidationError as exc:
            errors.extend(exc.errors)
        try:
            d = to_date(raw["at"], field="at") if "at" in raw else None
            d = d or dt.date.today()
            if d > dt.date.today():
                errors.append(FieldError("at", "date_in_future", {"value": d.isoformat()}))
            rec["at"] = d.isoformat() + "T00:00:00"
        except ValidationError as exc:
            errors.extend(exc.errors)
        try:
            d = to_date(raw["expires_at"], field="expires_at") if "expires_at" in raw else None
            rec["expires_at"] = d.isoformat() if d else None
        except ValidationError as exc:
            errors.extend(exc.errors)
        rec["ref"] = cell_text(raw.get("ref")) or "opening"
        if len(rec["ref"]) > 80:
            errors.append(FieldError("ref", "too_long", {"max": 80}))
        rec["note"] = cell_text(raw.get("note"))[:200] or None
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        key = (mid, rec["ref"])
        if key in seen:
            rej.append(Rejection(number, "", None, "dup_in_file", {"first": seen[key]}))
            continue
        seen[key] = number
        out.append(rec)
    progress(total, total)
    existing = {
        (r[0], r[1])
        for r in db.execute("SELECT ref_id, ref_type FROM points_ledger WHERE reason = 'opening'")
    }
    new = []
    for rec in out:
        if (rec["member_id"], rec["ref"]) in existing:
            plan.counts["unchanged"] += 1
            continue
        new.append(rec)
        if len(plan.preview) < PREVIEW_LIMIT:
            plan.preview.append(
                RowChange(rec["row"], "new", f"{index.no_of[rec['member_id']]} +{rec['points']}")
            )
    plan.counts["new"] = len(new)
    plan.ops = {"points": new}


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    if "entries" in plan.ops:
        return ledger.apply(db, plan=plan, actor=actor, progress=progress, cancel=cancel)
    out = Changes()
    recs = plan.ops["points"]
    for i, rec in enumerate(recs):
        out |= loyalty.add_opening_balance(
            db,
            actor=actor,
            member_id=rec["member_id"],
            points=rec["points"],
            at=rec["at"],
            expires_at=rec["expires_at"],
            ref=rec["ref"],
            note=rec["note"],
        )
        if i % 500 == 0:
            progress(i, len(recs))
            if cancel():
                raise ImportCancelled()
    return out
