"""Surveys and the importance × satisfaction quadrants (the rules: ``app.feedback``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import audit, permissions, settings
from app.core import Actor, Changes, FieldError, ValidationError, parse_at
from app.feedback.common import check_member, check_user, clean_text, day_range, month_span

DEFAULT_FACTORS = ("quality", "service", "store_image", "price", "range")
QUADRANTS = ("improve", "keep", "low_priority", "bonus")
COMMENT_MAX = 1000
FACTOR_MAX = 30


def survey_factors(db: sqlite_utils.Database) -> list[str]:
    """The owner's factor list (setting ``feedback_survey_factors``), in order."""
    factors = settings.get(db, "feedback_survey_factors") or list(DEFAULT_FACTORS)
    return [str(f) for f in factors]


def set_survey_factors(db: sqlite_utils.Database, *, factors: list[str], actor: Actor) -> Changes:
    """Replace the factor list (codes of ``survey_factor`` or the owner's own words).
    Past surveys keep their scores; the analysis shows every factor that was rated."""
    permissions.require(actor, permissions.RULES)
    clean: list[str] = []
    errors: list[FieldError] = []
    for f in factors:
        text = str(f).strip()
        if not text:
            continue
        if len(text) > FACTOR_MAX:
            errors.append(FieldError("factors", "too_long", {"max": FACTOR_MAX}))
        elif text not in clean:
            clean.append(text)
    if not clean:
        errors.append(FieldError("factors", "required"))
    if errors:
        raise ValidationError(errors)
    return settings.set_many(db, actor=actor, values={"feedback_survey_factors": clean})


def _score(value: object, field: str, errors: list[FieldError]) -> int | None:
    """A rating 1–5 (an int, or its digits as text)."""
    n: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    elif isinstance(value, str) and value.strip().isdigit():
        n = int(value.strip())
    if n is None or not 1 <= n <= 5:
        errors.append(FieldError(field, "score_invalid", {"value": value}))
        return None
    return n


def record_survey(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    scores: Mapping[str, tuple[object, object]],
    overall: object = None,
    comment: str | None = None,
    member_id: int | None = None,
    contact_id: int | None = None,
    clerk_id: int | None = None,
    at: object = None,
) -> Changes:
    """Record one survey. ``scores`` maps a factor of the current list to
    ``(satisfaction, importance)``, each 1–5; ``overall`` 1–5 or None. At least one
    score or the overall rating is needed. ``contact_id`` must be one of the member's
    contacts (the member is taken from it when not given). ``clerk_id`` defaults to
    the acting user, ``at`` to now (not after today)."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        errors: list[FieldError] = []
        if contact_id is not None:
            row = db.execute("SELECT member_id FROM contacts WHERE id = ?", [contact_id]).fetchone()
            if row is None:
                errors.append(FieldError("contact_id", "contact_missing"))
            elif member_id is None:
                member_id = int(row[0])
            elif int(row[0]) != member_id:
                errors.append(FieldError("contact_id", "contact_other_member"))
        member = None
        if member_id is not None:
            member = check_member(db, member_id, errors)
        clerk = actor.user_id if clerk_id is None else clerk_id
        check_user(db, clerk, "clerk_id", errors)
        stamp = parse_at(at, field="at", errors=errors)
        allowed = survey_factors(db)
        clean: list[tuple[str, int, int]] = []
        for factor, pair in scores.items():
            field = f"score_{factor}"
            if factor not in allowed:
                errors.append(
                    FieldError(
                        field, "choice_invalid", {"value": factor, "choices": ", ".join(allowed)}
                    )
                )
                continue
            try:
                sat_raw, imp_raw = pair
            except (TypeError, ValueError):
                errors.append(FieldError(field, "score_invalid", {"value": pair}))
                continue
            sat = _score(sat_raw, field, errors)
            imp = _score(imp_raw, field, errors)
            if sat is not None and imp is not None:
                clean.append((factor, sat, imp))
        total = None if overall in (None, "") else _score(overall, "overall", errors)
        text = clean_text(comment, COMMENT_MAX, "comment", errors)
        if not scores and total is None and not any(e.field == "overall" for e in errors):
            errors.append(FieldError("scores", "survey_empty"))
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO surveys (member_id, at, clerk_id, contact_id, overall, comment) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [member_id, stamp, clerk, contact_id, total, text],
        )
        survey_id = int(cur.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO survey_scores (survey_id, factor, satisfaction, importance) "
            "VALUES (?, ?, ?, ?)",
            [(survey_id, f, s, i) for f, s, i in clean],
        )
        who = f"{member[0]} {member[1]}" if member else "—"
        said = audit.summary("survey", who=who, factors=len(clean), overall=total)
        audit.record(db, actor, "survey", "survey", survey_id, said)
    return Changes.of({"surveys", "survey_scores"}, {member_id} if member_id else (), survey_id)


def quadrant_of(importance: float, satisfaction: float, axis_i: float, axis_s: float) -> str:
    """The quadrant code of a point against the axes (at the axis counts as high)."""
    important = importance >= axis_i
    satisfied = satisfaction >= axis_s
    if important:
        return "keep" if satisfied else "improve"
    return "bonus" if satisfied else "low_priority"


def importance_satisfaction(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str
) -> dict[str, Any]:
    """Each factor's mean importance and satisfaction over the surveys of ``[start,
    end]`` and its quadrant (module docstring). Returns ``{"from", "to", "surveys",
    "scores", "axes": {"importance", "satisfaction"} (None without scores),
    "overall_mean" (mean overall rating or None), "factors": [{"factor",
    "importance", "satisfaction", "n", "quadrant"}]}`` — factors of the current list
    first, in its order, then any other factor rated in the period."""
    lo, hi = day_range(start, end)
    rows = db.execute(
        """SELECT ss.factor, AVG(ss.importance), AVG(ss.satisfaction), COUNT(*),
                  SUM(ss.importance), SUM(ss.satisfaction)
           FROM surveys s JOIN survey_scores ss ON ss.survey_id = s.id
           WHERE s.at >= ? AND s.at < ? GROUP BY ss.factor""",
        [lo, hi],
    ).fetchall()
    n_surveys, overall = db.execute(
        "SELECT COUNT(*), AVG(overall) FROM surveys WHERE at >= ? AND at < ?", [lo, hi]
    ).fetchone()
    n_scores = sum(r[3] for r in rows)
    axes: dict[str, float | None] = {"importance": None, "satisfaction": None}
    if n_scores:
        axes = {
            "importance": sum(r[4] for r in rows) / n_scores,
            "satisfaction": sum(r[5] for r in rows) / n_scores,
        }
    order = {f: i for i, f in enumerate(survey_factors(db))}
    factors = []
    for factor, imp, sat, n, _si, _ss in sorted(
        rows, key=lambda r: (order.get(r[0], len(order)), r[0])
    ):
        factors.append(
            {
                "factor": factor,
                "importance": float(imp),
                "satisfaction": float(sat),
                "n": int(n),
                "quadrant": quadrant_of(imp, sat, axes["importance"], axes["satisfaction"]),  # type: ignore[arg-type]
            }
        )
    return {
        "from": lo,
        "to": str(end)[:10],
        "surveys": int(n_surveys),
        "scores": int(n_scores),
        "axes": axes,
        "overall_mean": None if overall is None else float(overall),
        "factors": factors,
    }


def satisfaction_trend(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str
) -> dict[str, Any]:
    """Month by month over ``[start, end]``: ``{"months": ["YYYY-MM", …] (from the
    first month with surveys to the last), "factors": {factor: [mean satisfaction or
    None per month]}, "overall": [mean overall rating or None per month], "surveys":
    [count per month]}``."""
    lo, hi = day_range(start, end)
    by_factor = db.execute(
        """SELECT substr(s.at, 1, 7), ss.factor, AVG(ss.satisfaction)
           FROM surveys s JOIN survey_scores ss ON ss.survey_id = s.id
           WHERE s.at >= ? AND s.at < ? GROUP BY 1, 2""",
        [lo, hi],
    ).fetchall()
    per_month = db.execute(
        """SELECT substr(at, 1, 7), COUNT(*), AVG(overall) FROM surveys
           WHERE at >= ? AND at < ? GROUP BY 1 ORDER BY 1""",
        [lo, hi],
    ).fetchall()
    months = month_span([r[0] for r in per_month])
    index = {m: i for i, m in enumerate(months)}
    order = {f: i for i, f in enumerate(survey_factors(db))}
    names = sorted({r[1] for r in by_factor}, key=lambda f: (order.get(f, len(order)), f))
    factors: dict[str, list[float | None]] = {f: [None] * len(months) for f in names}
    for month, factor, mean in by_factor:
        factors[factor][index[month]] = float(mean)
    overall: list[float | None] = [None] * len(months)
    surveys = [0] * len(months)
    for month, n, mean in per_month:
        overall[index[month]] = None if mean is None else float(mean)
        surveys[index[month]] = int(n)
    return {"months": months, "factors": factors, "overall": overall, "surveys": surveys}


def list_surveys(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, limit: int = 500
) -> list[dict[str, Any]]:
    """The period's surveys, newest first, with member, clerk and their scores
    (``scores``: {factor: (satisfaction, importance)})."""
    lo, hi = day_range(start, end)
    rows = db.execute(
        """SELECT s.id, s.at, s.member_id, m.member_no, m.name, u.display_name, s.overall,
                  s.comment, s.contact_id
           FROM surveys s LEFT JOIN members m ON m.id = s.member_id
           LEFT JOIN users u ON u.id = s.clerk_id
           WHERE s.at >= ? AND s.at < ? ORDER BY s.at DESC, s.id DESC LIMIT ?""",
        [lo, hi, limit],
    ).fetchall()
    keys = (
        "id",
        "at",
        "member_id",
        "member_no",
        "name",
        "clerk_name",
        "overall",
        "comment",
        "contact_id",
    )
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    by_id = {s["id"]: s for s in out}
    for s in out:
        s["scores"] = {}
    if out:
        for sid, factor, sat, imp in db.execute(
            "SELECT survey_id, factor, satisfaction, importance FROM survey_scores "
            "WHERE survey_id IN (SELECT value FROM json_each(?))",
            [f"[{','.join(str(i) for i in by_id)}]"],
        ):
            by_id[sid]["scores"][factor] = (sat, imp)
        order = {f: i for i, f in enumerate(survey_factors(db))}
        for s in out:
            s["scores"] = dict(
                sorted(s["scores"].items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
            )
    return out
