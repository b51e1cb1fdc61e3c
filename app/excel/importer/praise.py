"""Praise and suggestions (表扬与建议, issue #19) read back: the dry run and the writes.

One row each: the member by phone, then member number (neither: a passer-by's word, as
the feedback page allows); time; kind and subject as code or word; the clerk praised
by name or login (a name that is no user here — a clerk who has left — is kept after
the words, as complaints keep an unknown owner); the words (required); who wrote it
down (an unknown name is left empty). The same member, time, kind and words:
*unchanged*, so reading the members export's 表扬与建议 sheet again adds nothing.
Written in the import's transaction (one audit entry for the import, as for
complaints)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app.core import Actor, Changes, FieldError, ValidationError, now
from app.excel.importer.plan import (
    Cancel,
    ImportCancelled,
    Plan,
    Progress,
    _check_cancel,
    keep_new,
)
from app.excel.importer.rows import _at_text, _clerks, _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import choice
from app.service.praise import TEXT_MAX


def _row(raw: dict[str, Any], clerks: dict[str, int]) -> tuple[dict[str, Any], list[FieldError]]:
    errors: list[FieldError] = []
    rec: dict[str, Any] = {}
    for key, group in (("kind", "praise_kind"), ("about", "praise_about")):
        if key not in raw:
            errors.append(FieldError(key, "required"))
            continue
        try:
            rec[key] = choice(group, raw[key], field=key)
        except ValidationError as exc:
            errors.extend(exc.errors)
    try:
        rec["at"] = _at_text(raw["at"], "at") if "at" in raw else None
    except ValidationError as exc:
        errors.extend(exc.errors)
    if rec.get("at") is None and not any(e.field == "at" for e in errors):
        errors.append(FieldError("at", "required"))
    rec["text"] = cell_text(raw.get("text"))
    if not rec["text"]:
        errors.append(FieldError("text", "required"))
    elif len(rec["text"]) > TEXT_MAX:
        errors.append(FieldError("text", "too_long", {"max": TEXT_MAX}))
    rec["clerk_id"] = None
    if "clerk" in raw:
        name = cell_text(raw["clerk"])
        rec["clerk_id"] = clerks.get(name.lower())
        if rec["clerk_id"] is None and rec["text"]:  # kept in the words, not lost
            rec["text"] += f"（导购：{name}）"
    rec["recorded_by"] = (
        clerks.get(cell_text(raw["recorded_by"]).lower()) if "recorded_by" in raw else None
    )
    return rec, errors


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    clerks = _clerks(db)
    rej = plan.rejections
    out: list[dict[str, Any]] = []
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        mid, ok = None, True
        if "phone" in raw or "member_no" in raw:
            mid = index.find(raw, number, rows, rej)
            ok = mid is not None
        rec, errors = _row(raw, clerks)
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or not ok:
            continue
        out.append({"row": number, "member_id": mid, **rec})
    progress(len(plan.table.rows), len(plan.table.rows))
    existing = db.execute("SELECT member_id, at, kind, text FROM praise")
    keep_new(plan, out, existing, ("member_id", "at", "kind", "text"), index.no_of, "praise")


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    recs = plan.ops["praise"]
    stamp = now()
    db.conn.executemany(
        "INSERT INTO praise (member_id, at, kind, about, clerk_id, text, recorded_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r["member_id"],
                r["at"],
                r["kind"],
                r["about"],
                r["clerk_id"],
                r["text"],
                r["recorded_by"],
                stamp,
            )
            for r in recs
        ],
    )
    if cancel():
        raise ImportCancelled()
    return Changes.of({"praise"}, {r["member_id"] for r in recs if r["member_id"]})
