"""Contacts: the dry run (same member lookup; channel, purpose and outcome as codes or
words; a contact with the same member, time, channel and purpose is unchanged) and the
writes through ``app.contacts.log_contact``."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app.core import Actor, Changes, FieldError, ValidationError
from app.excel.importer.plan import (
    PREVIEW_LIMIT,
    Cancel,
    ImportCancelled,
    Plan,
    Progress,
    RowChange,
    _check_cancel,
)
from app.excel.importer.rows import _at_text, _clerks, _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import Rejection, choice, to_date


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    clerks = _clerks(db)
    rej = plan.rejections
    total = len(plan.table.rows)
    out: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        if i % 5000 == 0:
            progress(i, total)
        errors: list[FieldError] = []
        mid = index.find(raw, number, rows, rej)
        rec: dict[str, Any] = {"row": number, "member_id": mid}
        for key in ("channel", "purpose", "outcome"):
            if key not in raw:
                errors.append(FieldError(key, "required"))
                continue
            try:
                rec[key] = choice(key, raw[key], field=key)
            except ValidationError as exc:
                errors.extend(exc.errors)
        try:
            rec["at"] = _at_text(raw["at"], "at") if "at" in raw else None
            if rec["at"] is None:
                errors.append(FieldError("at", "required"))
        except ValidationError as exc:
            errors.extend(exc.errors)
        rec["next_follow_up"] = None
        if "next_follow_up" in raw:
            try:
                d = to_date(raw["next_follow_up"], field="next_follow_up")
                rec["next_follow_up"] = d.isoformat() if d else None
                if d and rec.get("at") and d.isoformat() < rec["at"][:10]:
                    errors.append(FieldError("next_follow_up", "follow_up_before_contact"))
            except ValidationError as exc:
                errors.extend(exc.errors)
        parts = []
        rec["clerk_id"] = None
        if "clerk" in raw:
            name = cell_text(raw["clerk"])
            rec["clerk_id"] = clerks.get(name.lower())
            if rec["clerk_id"] is None:
                parts.append(f"导购：{name}")
        if "note" in raw:
            parts.append(cell_text(raw["note"]))
        rec["note"] = "；".join(p for p in parts if p) or None
        if rec["note"] and len(rec["note"]) > 1000:
            errors.append(FieldError("note", "too_long", {"max": 1000}))
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        key = (mid, rec["at"], rec["channel"], rec["purpose"])
        if key in seen:
            rej.append(Rejection(number, "", None, "dup_in_file", {"first": seen[key]}))
            continue
        seen[key] = number
        out.append(rec)
    progress(total, total)
    ids = sorted({r["member_id"] for r in out})
    existing: set[tuple] = set()
    for start in range(0, len(ids), 20000):
        existing.update(
            tuple(r)
            for r in db.execute(
                "SELECT member_id, at, channel, purpose FROM contacts WHERE member_id IN "
                "(SELECT value FROM json_each(?))",
                [json.dumps(ids[start : start + 20000])],
            )
        )
    new = []
    for rec in out:
        if (rec["member_id"], rec["at"], rec["channel"], rec["purpose"]) in existing:
            plan.counts["unchanged"] += 1
            continue
        new.append(rec)
        if len(plan.preview) < PREVIEW_LIMIT:
            plan.preview.append(RowChange(rec["row"], "new", index.no_of[rec["member_id"]], []))
    plan.counts["new"] = len(new)
    plan.ops = {"contacts": new}


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    from app.contacts import log_contact

    out = Changes()
    recs = plan.ops["contacts"]
    for i, rec in enumerate(recs):
        out |= log_contact(
            db,
            actor=actor,
            member_id=rec["member_id"],
            channel=rec["channel"],
            purpose=rec["purpose"],
            outcome=rec["outcome"],
            note=rec["note"],
            next_follow_up=rec["next_follow_up"],
            clerk_id=rec["clerk_id"],
            at=rec["at"],
        )
        if i % 500 == 0:
            progress(i, len(recs))
            if cancel():
                raise ImportCancelled()
    return out
