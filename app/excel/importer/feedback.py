"""Satisfaction surveys and complaints (the feedback exports read back): the dry runs
and the writes.

* **surveys** — one row per factor score; the rows of one member (or of no member) at
  one time form one survey (overall rating and comment from its first row). Factors
  are those the store asks about (``app.feedback.survey_factors``), as code or word;
  scores 1–5. A survey the store has (same member and time) is *unchanged*.
* **complaints** — one row each: category and status as code or word, description
  required, owner by name (an unknown name is kept in the resolution note),
  compensation in yuan, when it was resolved. The same member, time and category:
  *unchanged*.

A row with neither phone nor member number is a walk-in's (no member), as the
feedback page allows. Written in the import's transaction (one audit entry for the
import, as for purchases)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlite_utils

from app import feedback
from app.core import Actor, Changes, FieldError, ValidationError
from app.excel.importer.plan import (
    PREVIEW_LIMIT,
    Cancel,
    ImportCancelled,
    Plan,
    Progress,
    RowChange,
    _check_cancel,
    keep_new,
)
from app.excel.importer.rows import _at_text, _clerks, _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import Rejection, choice, money, to_int


def _member(raw, number, rows, index, rej) -> tuple[bool, int | None]:
    """(ok, member id): no key at all is a walk-in (ok, None)."""
    if "phone" not in raw and "member_no" not in raw:
        return True, None
    mid = index.find(raw, number, rows, rej)
    return mid is not None, mid


def _score(raw: dict[str, Any], key: str, errors: list[FieldError]) -> int | None:
    if key not in raw:
        return None
    try:
        value = to_int(raw[key], field=key, code="score_invalid")
    except ValidationError as exc:
        errors.extend(exc.errors)
        return None
    if not 1 <= value <= 5:
        errors.append(FieldError(key, "score_invalid", {"value": raw[key]}))
        return None
    return value


def _factor(value: Any, allowed: list[str]) -> str:
    text = cell_text(value)
    if text in allowed:
        return text
    code = choice("survey_factor", text, field="factor")
    if code not in allowed:
        raise ValidationError(
            [
                FieldError(
                    "factor", "choice_invalid", {"value": value, "choices": ", ".join(allowed)}
                )
            ]
        )
    return code


# ------------------------------------------------------------------ surveys


def dry_run_surveys(
    db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel
) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    allowed = feedback.survey_factors(db)
    rej = plan.rejections
    surveys: dict[tuple, dict[str, Any]] = {}
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        ok, mid = _member(raw, number, rows, index, rej)
        errors: list[FieldError] = []
        at = None
        try:
            at = _at_text(raw["at"], "at") if "at" in raw else None
            if at is None:
                errors.append(FieldError("at", "required"))
        except ValidationError as exc:
            errors.extend(exc.errors)
        factor = None
        if "factor" in raw:
            try:
                factor = _factor(raw["factor"], allowed)
            except ValidationError as exc:
                errors.extend(exc.errors)
        sat = _score(raw, "satisfaction", errors)
        imp = _score(raw, "importance", errors)
        if factor is not None and (sat is None or imp is None):
            key = "satisfaction" if sat is None else "importance"
            if not any(e.field == key for e in errors):
                errors.append(FieldError(key, "required"))
        overall = _score(raw, "overall", errors)
        comment = cell_text(raw.get("comment"))
        if len(comment) > feedback.COMMENT_MAX:
            errors.append(FieldError("comment", "too_long", {"max": feedback.COMMENT_MAX}))
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or not ok:
            continue
        survey = surveys.setdefault(
            (mid, at),
            {"rows": [], "member_id": mid, "at": at, "overall": overall, "scores": {}},
        )
        survey.setdefault("comment", comment or None)
        survey["rows"].append(number)
        if factor is not None:
            if factor in survey["scores"]:
                rej.append(
                    Rejection(
                        number,
                        rows.header.get("factor", ""),
                        raw.get("factor"),
                        "dup_in_file",
                        {"first": survey["rows"][0]},
                    )
                )
                continue
            survey["scores"][factor] = (sat, imp)
    progress(len(plan.table.rows), len(plan.table.rows))
    have = Counter((mid, at) for mid, at in db.execute("SELECT member_id, at FROM surveys"))
    new = []
    for s in surveys.values():
        if not s["scores"] and s["overall"] is None:
            for row in s["rows"]:
                rej.append(Rejection(row, "", None, "survey_empty"))
            continue
        if have[(s["member_id"], s["at"])] > 0:
            have[(s["member_id"], s["at"])] -= 1
            plan.counts["unchanged"] += 1
            continue
        new.append(s)
        if len(plan.preview) < PREVIEW_LIMIT:
            who = index.no_of.get(s["member_id"], "—")
            plan.preview.append(RowChange(s["rows"][0], "new", f"{who} {s['at'][:10]}"))
    plan.counts["new"] = len(new)
    plan.ops = {"surveys": new}


def apply_surveys(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    recs = plan.ops["surveys"]
    for i, s in enumerate(recs):
        cur = db.execute(
            "INSERT INTO surveys (member_id, at, clerk_id, overall, comment) "
            "VALUES (?, ?, ?, ?, ?)",
            [s["member_id"], s["at"], actor.user_id, s["overall"], s["comment"]],
        )
        sid = int(cur.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO survey_scores (survey_id, factor, satisfaction, importance) "
            "VALUES (?, ?, ?, ?)",
            [(sid, f, sat, imp) for f, (sat, imp) in s["scores"].items()],
        )
        if i % 500 == 0:
            progress(i, len(recs))
            if cancel():
                raise ImportCancelled()
    ids = {s["member_id"] for s in recs if s["member_id"]}
    return Changes.of({"surveys", "survey_scores"}, ids)


# ------------------------------------------------------------------ complaints


def dry_run_complaints(
    db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel
) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    clerks = _clerks(db)
    rej = plan.rejections
    out: list[dict[str, Any]] = []
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        ok, mid = _member(raw, number, rows, index, rej)
        errors: list[FieldError] = []
        rec: dict[str, Any] = {"row": number, "member_id": mid}
        for key, group, default in (
            ("category", "complaint_category", None),
            ("status", "complaint_status", "open"),
        ):
            if key not in raw:
                rec[key] = default
                if default is None:
                    errors.append(FieldError(key, "required"))
                continue
            try:
                rec[key] = choice(group, raw[key], field=key)
            except ValidationError as exc:
                errors.extend(exc.errors)
        for key, name in (("at", "at"), ("resolved_at", "resolved_at")):
            try:
                rec[key] = _at_text(raw[name], name) if name in raw else None
            except ValidationError as exc:
                errors.extend(exc.errors)
        if rec.get("at") is None and not any(e.field == "at" for e in errors):
            errors.append(FieldError("at", "required"))
        rec["description"] = cell_text(raw.get("description"))
        if not rec["description"]:
            errors.append(FieldError("description", "required"))
        resolution = [cell_text(raw.get("resolution"))]
        rec["owner_id"] = None
        if "owner" in raw:
            name = cell_text(raw["owner"])
            rec["owner_id"] = clerks.get(name.lower())
            if rec["owner_id"] is None:
                resolution.append(f"负责人：{name}")
        rec["resolution"] = "；".join(p for p in resolution if p) or None
        for key in ("description", "resolution"):
            if rec[key] and len(rec[key]) > feedback.DESCRIPTION_MAX:
                errors.append(FieldError(key, "too_long", {"max": feedback.DESCRIPTION_MAX}))
        try:
            fen = money(raw["compensation"], field="compensation") if "compensation" in raw else 0
            if fen is not None and fen < 0:
                errors.append(FieldError("compensation", "amount_invalid", {"value": fen / 100}))
            rec["compensation_fen"] = fen or 0
        except ValidationError as exc:
            errors.extend(exc.errors)
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or not ok:
            continue
        out.append(rec)
    progress(len(plan.table.rows), len(plan.table.rows))
    existing = db.execute("SELECT member_id, at, category FROM complaints")
    keep_new(plan, out, existing, ("member_id", "at", "category"), index.no_of, "complaints")


def apply_complaints(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    recs = plan.ops["complaints"]
    db.conn.executemany(
        "INSERT INTO complaints (member_id, at, category, description, owner_id, status, "
        "resolution, compensation_fen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r["member_id"],
                r["at"],
                r["category"],
                r["description"],
                r["owner_id"],
                r["status"],
                r["resolution"],
                r["compensation_fen"],
                r["resolved_at"],
            )
            for r in recs
        ],
    )
    if cancel():
        raise ImportCancelled()
    ids = {r["member_id"] for r in recs if r["member_id"]}
    return Changes.of({"complaints"}, ids)
