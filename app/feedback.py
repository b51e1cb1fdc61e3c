"""Satisfaction, complaints and churn (满意度、投诉、流失原因).

**Surveys** (``record_survey``): a short form taken after a follow-up call or in store.
Each factor of the owner's list (setting ``feedback_survey_factors``; default product
quality, service, store image, price, range — codes of the labels group
``survey_factor``; a factor the owner adds is its own label) is rated for satisfaction
1–5 and importance 1–5; plus the overall satisfaction 1–5 and a comment. A survey may
name the contact it was taken in (``contacts.id``, the member's own).

**Importance × satisfaction** (``importance_satisfaction``) over a period (days
inclusive, by the survey's date): each factor's point is its mean importance and mean
satisfaction over the period's scores; the axes cross at the overall means — the mean
of *all* factor scores of the period (every score row counts once, so a factor rated
more often weighs more). A factor is *important* when its mean importance is at or
above the importance axis, *satisfied* when its mean satisfaction is at or above the
satisfaction axis:

===============  ===============  =================================
important        satisfied        quadrant
===============  ===============  =================================
yes              no               ``improve`` 急需改进
yes              yes              ``keep`` 继续保持
no               no               ``low_priority`` 不占优先
no               yes              ``bonus`` 锦上添花
===============  ===============  =================================

``satisfaction_trend`` gives each month's mean satisfaction per factor and the mean
overall score.

**Complaints** (``register_complaint``, ``update_complaint``): member, time, category
(labels ``complaint_category``), description, owner (the clerk responsible), status
``open`` → ``in_progress`` → ``resolved`` / ``closed``, resolution, compensation in
fen. ``resolved_at`` is stamped when the status first becomes resolved or closed (or
given) and cleared if the complaint is reopened; resolving needs a written resolution.
*Overdue*: a complaint still open or in progress more than
``feedback_complaint_overdue_days`` (3) whole days after it was registered
(``complaint_overdue``). *Time to resolve*: ``resolved_at − at`` in hours; the median
is over the complaints registered in the period that have been resolved or closed.

The call list (``app.calllist``) reads complaints: ``complaint_followup`` — an open or
in-progress complaint, due the day it was registered, for its owner, until a
``complaint_follow_up`` contact reaches the member (or the complaint is resolved);
``complaint_check`` — the day after a complaint was *resolved*, a call to ask whether
the customer is now satisfied, shown for ``calllist_complaint_check_overdue_days`` (7)
days, until a ``complaint_follow_up`` contact made after the resolution. Closed
complaints need no call (closed means nothing more will be done).

**Churn** (``mark_lost``, ``reactivate``): marking a member lost records a reason
(labels ``lost_reason``: unstable quality, no novelty, poor service, a competitor's
offer, price, moved away, other — "other" needs a note). ``lost_reasons`` counts the
members marked lost in a period by reason and month (by ``status_changed_at``;
members who returned are no longer counted). Free-text reasons of older data count as
``other``.

**Who may** (``app.permissions``): surveys, complaints and their updates are counter
work (``contacts``); compensation is money (``feedback_admin``, managers); the factor
list is a rule (``rules``, the owner); marking lost or active edits the member
(``edit_members``).

**Win-back** (``dormant_members``, ``winback_rate``): dormant members are those whose
derived state (app/state.py, the same everywhere) is dormant: last sale more than
``lifecycle_dormant_days`` (180) and at most ``lifecycle_lost_days`` (365) days ago, no
hand mark of "lost" in force, not anonymised. The win-back rate over a period: of the
members who got a ``winback`` contact that reached them in the period while dormant
(no sale in the ``lifecycle_dormant_days`` before the call; the first such call per
member counts), the share who bought within ``feedback_winback_days`` (90) days after
the call. Calls whose window has not ended and whose member has not bought yet are
*pending* and left out of the rate (it would otherwise sink for every recent call).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import audit, change_cards, labels, permissions, settings
from app import state as app_state
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now, parse_at
from app.normalize import format_fen

DEFAULT_FACTORS = ("quality", "service", "store_image", "price", "range")
QUADRANTS = ("improve", "keep", "low_priority", "bonus")
LOST_REASONS = (
    "quality_unstable",
    "no_novelty",
    "poor_service",
    "competitor",
    "price",
    "moved_away",
    "other",
)
OPEN_STATUSES = ("open", "in_progress")
DONE_STATUSES = ("resolved", "closed")
COMMENT_MAX = 1000
DESCRIPTION_MAX = 1000
NOTE_MAX = 300  # members.lost_note
FACTOR_MAX = 30


# ------------------------------------------------------------------ helpers


def _day_range(start: dt.date | str, end: dt.date | str) -> tuple[str, str]:
    """``[start, end]`` as text bounds for ``at`` columns: ``>= lo AND < hi``."""
    lo = dt.date.fromisoformat(str(start)[:10])
    hi = dt.date.fromisoformat(str(end)[:10]) + dt.timedelta(days=1)
    return lo.isoformat(), hi.isoformat()


def _month_span(present: list[str]) -> list[str]:
    """Every ``YYYY-MM`` from the first to the last of ``present`` (gaps filled)."""
    if not present:
        return []
    first, last = min(present), max(present)
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _member_check(db: sqlite_utils.Database, member_id: Any, errors: list[FieldError]) -> Any:
    row = db.execute(
        "SELECT member_no, name, status FROM members WHERE id = ?", [member_id]
    ).fetchone()
    if row is None:
        errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
    elif row[2] == "anonymised":
        errors.append(FieldError("member_id", "member_anonymised"))
    return row


def _user_check(
    db: sqlite_utils.Database, user_id: Any, field: str, errors: list[FieldError]
) -> None:
    if (
        user_id is not None
        and not db.execute("SELECT 1 FROM users WHERE id = ?", [user_id]).fetchone()
    ):
        errors.append(FieldError(field, "clerk_missing", {"value": user_id}))


def _text(value: object, limit: int, field: str, errors: list[FieldError]) -> str | None:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        errors.append(FieldError(field, "too_long", {"max": limit}))
    return text or None


def _choice(value: object, group: str, field: str, errors: list[FieldError]) -> None:
    if value not in labels.choices(group):
        errors.append(
            FieldError(
                field,
                "choice_invalid",
                {"value": value, "choices": ", ".join(labels.choices(group))},
            )
        )


# ------------------------------------------------------------------ surveys


def survey_factors(db: sqlite_utils.Database) -> list[str]:
    """The owner's factor list (setting ``feedback_survey_factors``), in order."""
    factors = settings.get(db, "feedback_survey_factors") or list(DEFAULT_FACTORS)
    return [str(f) for f in factors]


def set_survey_factors(db: sqlite_utils.Database, factors: list[str], *, actor: Actor) -> Changes:
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
            member = _member_check(db, member_id, errors)
        clerk = actor.user_id if clerk_id is None else clerk_id
        _user_check(db, clerk, "clerk_id", errors)
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
        text = _text(comment, COMMENT_MAX, "comment", errors)
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
    lo, hi = _day_range(start, end)
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
    lo, hi = _day_range(start, end)
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
    months = _month_span([r[0] for r in per_month])
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
    lo, hi = _day_range(start, end)
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


# ------------------------------------------------------------------ complaints

_COMPLAINT_FIELDS = (
    "category",
    "description",
    "owner_id",
    "status",
    "resolution",
    "compensation_fen",
    "at",
    "resolved_at",
)


def _fen(value: object, errors: list[FieldError]) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(FieldError("compensation_fen", "price_invalid", {"value": value}))
        return 0
    if value < 0:
        errors.append(
            FieldError("compensation_fen", "amount_negative", {"yuan": format_fen(value)})
        )
        return 0
    return value


def register_complaint(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int | None,
    category: str,
    description: str,
    owner_id: int | None = None,
    at: object = None,
    status: str = "open",
    resolution: str | None = None,
    compensation_fen: int = 0,
) -> Changes:
    """Register a complaint (a member's, or a walk-in's when ``member_id`` is None).
    ``owner_id`` (the clerk responsible) defaults to the acting user; ``at`` to now.
    Registered already resolved (handled on the spot) needs a resolution, and
    ``resolved_at`` is the registration time."""
    permissions.require(actor, permissions.CONTACTS)
    if compensation_fen:
        permissions.require(actor, permissions.FEEDBACK_ADMIN)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member_check(db, member_id, errors) if member_id is not None else None
        _choice(category, "complaint_category", "category", errors)
        _choice(status, "complaint_status", "status", errors)
        text = _text(description, DESCRIPTION_MAX, "description", errors)
        if text is None:
            errors.append(FieldError("description", "required"))
        owner = actor.user_id if owner_id is None else owner_id
        _user_check(db, owner, "owner_id", errors)
        stamp = parse_at(at, field="at", errors=errors)
        res = _text(resolution, DESCRIPTION_MAX, "resolution", errors)
        comp = _fen(compensation_fen, errors)
        if status in DONE_STATUSES and res is None:
            errors.append(FieldError("resolution", "resolution_required"))
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO complaints (member_id, at, category, description, owner_id, status, "
            "resolution, compensation_fen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                member_id,
                stamp,
                category,
                text,
                owner,
                status,
                res,
                comp,
                stamp if status in DONE_STATUSES else None,
            ],
        )
        cid = int(cur.lastrowid or 0)
        who = f"{member[0]} {member[1]}" if member else "—"
        said = audit.summary("complaint", who=who, category=category, status=status)
        audit.record(db, actor, "complaint", "complaint", cid, said)
    return Changes.of({"complaints"}, {member_id} if member_id else (), cid)


def update_complaint(
    db: sqlite_utils.Database,
    complaint_id: int,
    data: Mapping[str, Any],
    *,
    actor: Actor,
) -> Changes:
    """Change the given fields (``category``, ``description``, ``owner_id``,
    ``status``, ``resolution``, ``compensation_fen``, ``at``, ``resolved_at``). Moving
    to resolved/closed stamps ``resolved_at`` (now, unless given; never before ``at``)
    and needs a resolution; moving back to open/in progress clears it. Changing the
    compensation needs ``feedback_admin``."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        row = db.execute(
            "SELECT member_id, at, category, description, owner_id, status, resolution, "
            "compensation_fen, resolved_at FROM complaints WHERE id = ?",
            [complaint_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"complaint {complaint_id} does not exist")
        before = dict(
            zip(
                (
                    "member_id",
                    "at",
                    "category",
                    "description",
                    "owner_id",
                    "status",
                    "resolution",
                    "compensation_fen",
                    "resolved_at",
                ),
                row,
                strict=True,
            )
        )
        errors: list[FieldError] = []
        for key in data:
            if key not in _COMPLAINT_FIELDS:
                errors.append(FieldError(key, "unknown_field"))
        new = dict(before)
        if "category" in data:
            _choice(data["category"], "complaint_category", "category", errors)
            new["category"] = data["category"]
        if "status" in data:
            _choice(data["status"], "complaint_status", "status", errors)
            new["status"] = data["status"]
        if "description" in data:
            new["description"] = _text(data["description"], DESCRIPTION_MAX, "description", errors)
            if new["description"] is None:
                errors.append(FieldError("description", "required"))
        if "resolution" in data:
            new["resolution"] = _text(data["resolution"], DESCRIPTION_MAX, "resolution", errors)
        if "owner_id" in data:
            _user_check(db, data["owner_id"], "owner_id", errors)
            new["owner_id"] = data["owner_id"]
        if "compensation_fen" in data:
            new["compensation_fen"] = _fen(data["compensation_fen"], errors)
            if new["compensation_fen"] != before["compensation_fen"]:
                permissions.require(actor, permissions.FEEDBACK_ADMIN)
        if "at" in data:
            new["at"] = parse_at(data["at"], field="at", errors=errors) or before["at"]
        if new["status"] in DONE_STATUSES:
            if new["resolution"] is None:
                errors.append(FieldError("resolution", "resolution_required"))
            if data.get("resolved_at") not in (None, ""):
                new["resolved_at"] = parse_at(
                    data["resolved_at"], field="resolved_at", errors=errors
                )
            elif before["status"] not in DONE_STATUSES or before["resolved_at"] is None:
                new["resolved_at"] = now()
            if new["resolved_at"] and new["at"] and new["resolved_at"] < new["at"]:
                errors.append(
                    FieldError("resolved_at", "resolved_before_complaint", {"at": new["at"]})
                )
        else:
            new["resolved_at"] = None
        if errors:
            raise ValidationError(errors)
        changed = [k for k in before if before[k] != new[k]]
        if changed:
            db.execute(
                "UPDATE complaints SET at = ?, category = ?, description = ?, owner_id = ?, "
                "status = ?, resolution = ?, compensation_fen = ?, resolved_at = ? WHERE id = ?",
                [
                    new["at"],
                    new["category"],
                    new["description"],
                    new["owner_id"],
                    new["status"],
                    new["resolution"],
                    new["compensation_fen"],
                    new["resolved_at"],
                    complaint_id,
                ],
            )
        audit.record(
            db,
            actor,
            "complaint_update",
            "complaint",
            complaint_id,
            audit.summary(
                "complaint_update",
                old_status=before["status"],
                new_status=new["status"],
                fields=changed,
            ),
        )
    member = before["member_id"]
    return Changes.of({"complaints"}, {member} if member else ())


def complaint_overdue(status: str, at: str, today: dt.date, overdue_days: int) -> bool:
    """Overdue: still open or in progress more than ``overdue_days`` whole days after
    the day it was registered."""
    return status in OPEN_STATUSES and (today - dt.date.fromisoformat(at[:10])).days > overdue_days


def resolution_hours(at: str, resolved_at: str | None) -> float | None:
    """Hours from registration to resolution (None while unresolved)."""
    if not resolved_at:
        return None
    delta = dt.datetime.fromisoformat(resolved_at) - dt.datetime.fromisoformat(at)
    return delta.total_seconds() / 3600


_LIST_KEYS = (
    "id",
    "member_id",
    "member_no",
    "name",
    "at",
    "category",
    "description",
    "owner_id",
    "owner_name",
    "status",
    "resolution",
    "compensation_fen",
    "resolved_at",
)


def list_complaints(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    statuses: tuple[str, ...] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    member_id: int | None = None,
) -> list[dict[str, Any]]:
    """Complaints, the open ones first (oldest first), then the rest newest first, each
    with ``age_days`` (days since registration), ``overdue`` and
    ``resolution_hours``. Filters: statuses, registration day in ``[start, end]``,
    member."""
    cond, params = ["1"], []
    if statuses:
        cond.append(f"c.status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    if start is not None and end is not None:
        lo, hi = _day_range(start, end)
        cond.append("c.at >= ? AND c.at < ?")
        params.extend([lo, hi])
    if member_id is not None:
        cond.append("c.member_id = ?")
        params.append(member_id)
    rows = db.execute(
        f"""SELECT c.id, c.member_id, m.member_no, m.name, c.at, c.category, c.description,
                   c.owner_id, u.display_name, c.status, c.resolution, c.compensation_fen,
                   c.resolved_at
            FROM complaints c LEFT JOIN members m ON m.id = c.member_id
            LEFT JOIN users u ON u.id = c.owner_id
            WHERE {" AND ".join(cond)}
            ORDER BY c.status IN ('open', 'in_progress') DESC,
                     CASE WHEN c.status IN ('open', 'in_progress') THEN c.at END ASC,
                     c.at DESC, c.id DESC""",
        params,
    ).fetchall()
    days = int(settings.get(db, "feedback_complaint_overdue_days"))
    out = []
    for r in rows:
        d = dict(zip(_LIST_KEYS, r, strict=True))
        d["age_days"] = (today - dt.date.fromisoformat(d["at"][:10])).days
        d["overdue"] = complaint_overdue(d["status"], d["at"], today, days)
        d["resolution_hours"] = resolution_hours(d["at"], d["resolved_at"])
        out.append(d)
    return out


def open_complaints(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's open and in-progress complaints, oldest first (the member card's
    flag)."""
    return list_complaints(db, today=dt.date.today(), statuses=OPEN_STATUSES, member_id=member_id)


def complaint_stats(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, today: dt.date
) -> dict[str, Any]:
    """The complaints registered in ``[start, end]``: ``total``, ``by_status`` and
    ``by_category`` (every code, zeros included), ``resolved`` (resolved or closed),
    ``median_resolution_hours`` / ``median_resolution_days`` (None when none is
    resolved), ``compensation_fen``; and ``overdue_now``: complaints of any date open
    past the overdue rule as of ``today``."""
    lo, hi = _day_range(start, end)
    rows = db.execute(
        "SELECT status, category, at, resolved_at, compensation_fen FROM complaints "
        "WHERE at >= ? AND at < ?",
        [lo, hi],
    ).fetchall()
    by_status = dict.fromkeys(labels.choices("complaint_status"), 0)
    by_category = dict.fromkeys(labels.choices("complaint_category"), 0)
    hours = []
    for status, category, at, resolved_at, _comp in rows:
        by_status[status] = by_status.get(status, 0) + 1
        by_category[category] = by_category.get(category, 0) + 1
        h = resolution_hours(at, resolved_at) if status in DONE_STATUSES else None
        if h is not None:
            hours.append(h)
    median = statistics.median(hours) if hours else None
    days = int(settings.get(db, "feedback_complaint_overdue_days"))
    overdue = sum(
        complaint_overdue(s, a, today, days)
        for s, a in db.execute(
            "SELECT status, at FROM complaints WHERE status IN ('open', 'in_progress')"
        )
    )
    return {
        "total": len(rows),
        "by_status": by_status,
        "by_category": by_category,
        "resolved": len(hours),
        "median_resolution_hours": None if median is None else round(median, 2),
        "median_resolution_days": None if median is None else round(median / 24, 2),
        "compensation_fen": sum(r[4] for r in rows),
        "overdue_now": overdue,
        "overdue_days": days,
    }


# ------------------------------------------------------------------ churn


def mark_lost(
    db: sqlite_utils.Database, member_id: int, reason: str, note: str | None, *, actor: Actor
) -> Changes:
    """Mark a member lost with a reason (labels ``lost_reason``); ``other`` needs a
    note. The call list stops routine calls to lost members. The mark is a fact
    (app/state.py): a purchase on a later day ends it, and it stays in ``lost_marks``."""
    permissions.require(actor, permissions.EDIT_MEMBERS)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member_check(db, member_id, errors)
        if reason in (None, ""):
            errors.append(FieldError("reason", "required"))
        else:
            _choice(reason, "lost_reason", "reason", errors)
        text = _text(note, NOTE_MAX, "note", errors)
        if reason == "other" and text is None:
            errors.append(FieldError("note", "lost_note_required"))
        if errors:
            raise ValidationError(errors)
        assert member is not None
        stamp = now()
        was = change_cards.snapshot(db, [member_id])
        db.execute(
            "UPDATE members SET status = 'lost', lost_reason = ?, lost_note = ?, "
            "status_changed_at = ?, updated_at = ? WHERE id = ?",
            [reason, text, stamp, stamp, member_id],
        )
        app_state.record_mark(
            db, member_id, at=stamp, reason=reason, note=text, user_id=actor.user_id
        )
        said = audit.summary("member_lost", member_no=member[0], name=member[1], reason=reason)
        audit.record(db, actor, "mark_lost", "member", member_id, said)
        change_cards.record_diff(db, actor=actor, action="status", before=was)
    return Changes.of({"members"}, {member_id})


def reactivate(db: sqlite_utils.Database, member_id: int, *, actor: Actor) -> Changes:
    """Take back a hand mark of "lost" (a mistake): the member's state is derived again
    (app/state.py). The reason is cleared from the row; ``lost_marks`` and the audit
    log keep it."""
    permissions.require(actor, permissions.EDIT_MEMBERS)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member_check(db, member_id, errors)
        if member is not None and member[2] == "active":
            errors.append(FieldError("status", "member_already_active"))
        if errors:
            raise ValidationError(errors)
        assert member is not None
        stamp = now()
        was = change_cards.snapshot(db, [member_id])
        marked_at = db.execute(
            "SELECT status_changed_at FROM members WHERE id = ?", [member_id]
        ).fetchone()[0]
        db.execute(
            "UPDATE members SET status = 'active', lost_reason = NULL, lost_note = NULL, "
            "status_changed_at = ?, updated_at = ? WHERE id = ?",
            [stamp, stamp, member_id],
        )
        if member[2] == "lost":
            # month-end lifecycle snapshots counted the mark (app/state.py): forget those
            # from the mark on, as app.analytics.invalidate_snapshots does (no numpy here)
            since = (marked_at or "")[:10]
            months = "SELECT month FROM segment_snapshot_months WHERE as_of >= ?"
            db.execute(f"DELETE FROM segment_snapshots WHERE month IN ({months})", [since])
            db.execute("DELETE FROM segment_snapshot_months WHERE as_of >= ?", [since])
        audit.record(
            db,
            actor,
            "reactivate",
            "member",
            member_id,
            audit.summary(
                "member_status",
                member_no=member[0],
                name=member[1],
                old_status=member[2],
                new_status="active",
            ),
        )
        change_cards.record_diff(db, actor=actor, action="status", before=was)
    return Changes.of({"members"}, {member_id})


def lost_reasons(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str
) -> dict[str, Any]:
    """Members now lost who were marked lost in ``[start, end]``: ``counts`` {reason:
    n} (every code, zeros included; free-text reasons count as ``other``), ``months``
    ["YYYY-MM"] and ``by_month`` {reason: [n per month]}, ``total``."""
    lo, hi = _day_range(start, end)
    codes = labels.choices("lost_reason")
    rows = db.execute(
        """SELECT substr(status_changed_at, 1, 7), lost_reason, COUNT(*) FROM members
           WHERE status = 'lost' AND status_changed_at >= ? AND status_changed_at < ?
           GROUP BY 1, 2 ORDER BY 1""",
        [lo, hi],
    ).fetchall()
    months = _month_span([r[0] for r in rows])
    index = {m: i for i, m in enumerate(months)}
    counts = dict.fromkeys(codes, 0)
    by_month = {c: [0] * len(months) for c in codes}
    for month, reason, n in rows:
        code = reason if reason in counts else "other"
        counts[code] += n
        by_month[code][index[month]] += n
    return {"counts": counts, "months": months, "by_month": by_month, "total": sum(counts.values())}


def lost_members(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str
) -> list[dict[str, Any]]:
    """Members now lost who were marked lost in ``[start, end]``, latest first: id,
    member_no, name, lost_reason (a code, or older free text), lost_note,
    status_changed_at, last_purchase_at, total_paid_fen."""
    lo, hi = _day_range(start, end)
    rows = db.execute(
        """SELECT m.id, m.member_no, m.name, m.lost_reason, m.lost_note, m.status_changed_at,
                  s.last_purchase_at, COALESCE(s.total_paid_fen, 0)
           FROM members m LEFT JOIN member_stats s ON s.member_id = m.id
           WHERE m.status = 'lost' AND m.status_changed_at >= ? AND m.status_changed_at < ?
           ORDER BY m.status_changed_at DESC, m.id DESC""",
        [lo, hi],
    ).fetchall()
    keys = (
        "id",
        "member_no",
        "name",
        "lost_reason",
        "lost_note",
        "status_changed_at",
        "last_purchase_at",
        "total_paid_fen",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def _dormant_where(db: sqlite_utils.Database, today: dt.date) -> str:
    """Members whose derived state (app/state.py) is dormant on ``today``."""
    return app_state.sql_filter("dormant", today, app_state.Thresholds.load(db))


def dormant_count(db: sqlite_utils.Database, *, today: dt.date) -> int:
    """How many members ``dormant_members`` would list."""
    return int(
        db.execute(
            "SELECT COUNT(*) FROM member_stats s JOIN members m ON m.id = s.member_id "
            f"WHERE {_dormant_where(db, today)}"
        ).fetchone()[0]
    )


def dormant_members(
    db: sqlite_utils.Database, *, today: dt.date, limit: int | None = None
) -> list[dict[str, Any]]:
    """Dormant customers (app/state.py: last sale more than ``lifecycle_dormant_days``
    and at most ``lifecycle_lost_days`` ago, no hand mark in force), most valuable
    first: id, member_no, name, phone, status,
    last_purchase_at, days_since, total_paid_fen, visits, last_winback_at (the last
    win-back contact), consent (any channel consented)."""
    rows = db.execute(
        f"""SELECT m.id, m.member_no, m.name, m.phone, 'dormant', s.last_purchase_at,
                   s.total_paid_fen, s.visits,
                   (SELECT MAX(c.at) FROM contacts c WHERE c.member_id = m.id
                      AND c.purpose = 'winback') AS last_winback,
                   m.consent_channels <> ''
            FROM member_stats s JOIN members m ON m.id = s.member_id
            WHERE {_dormant_where(db, today)}
            ORDER BY s.total_paid_fen DESC, m.id
            {"LIMIT " + str(int(limit)) if limit else ""}"""
    ).fetchall()
    out = []
    for r in rows:
        out.append(
            {
                "id": r[0],
                "member_no": r[1],
                "name": r[2],
                "phone": r[3],
                "status": r[4],
                "last_purchase_at": r[5],
                "days_since": (today - dt.date.fromisoformat(r[5][:10])).days,
                "total_paid_fen": r[6],
                "visits": r[7],
                "last_winback_at": r[8],
                "consent": bool(r[9]),
            }
        )
    return out


def winback_rate(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, today: dt.date
) -> dict[str, Any]:
    """Win-back over ``[start, end]`` (module docstring): ``called`` (dormant members
    reached by a win-back call in the period), ``won`` (bought within the window after
    the call), ``pending`` (window still open, no purchase yet), ``rate`` =
    won / (called − pending) or None, ``window_days``, ``dormant_days``."""
    lo, hi = _day_range(start, end)
    window = int(settings.get(db, "feedback_winback_days"))
    dormant_days = int(settings.get(db, "lifecycle_dormant_days"))
    rows = db.execute(
        """
        WITH calls AS (
            SELECT c.member_id, MIN(c.at) AS at FROM contacts c
            WHERE c.purpose = 'winback' AND c.outcome = 'reached' AND c.at >= :lo AND c.at < :hi
              AND EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = c.member_id
                          AND p.return_of IS NULL AND p.at < c.at)
              AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = c.member_id
                          AND p.return_of IS NULL AND p.at < c.at
                          AND p.at >= strftime('%Y-%m-%dT%H:%M:%S', c.at, :back))
            GROUP BY c.member_id)
        SELECT k.member_id, k.at,
               EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = k.member_id
                       AND p.return_of IS NULL AND p.at > k.at
                       AND p.at < strftime('%Y-%m-%dT%H:%M:%S', k.at, :ahead)) AS won,
               date(k.at, :ahead) > :today AS open_window
        FROM calls k
        """,
        {
            "lo": lo,
            "hi": hi,
            "back": f"-{dormant_days} days",
            "ahead": f"+{window} days",
            "today": today.isoformat(),
        },
    ).fetchall()
    called = len(rows)
    won = sum(1 for r in rows if r[2])
    pending = sum(1 for r in rows if not r[2] and r[3])
    decided = called - pending
    return {
        "called": called,
        "won": won,
        "pending": pending,
        "rate": won / decided if decided else None,
        "window_days": window,
        "dormant_days": dormant_days,
    }


def summary(
    db: sqlite_utils.Database, start: dt.date | str, end: dt.date | str, *, today: dt.date
) -> dict[str, Any]:
    """Everything the ``feedback`` command reports, as data."""
    quad = importance_satisfaction(db, start, end)
    return {
        "from": str(start)[:10],
        "to": str(end)[:10],
        "surveys": quad["surveys"],
        "overall_mean": quad["overall_mean"],
        "axes": quad["axes"],
        "factors": quad["factors"],
        "complaints": complaint_stats(db, start, end, today=today),
        "lost_reasons": lost_reasons(db, start, end)["counts"],
        "winback": winback_rate(db, start, end, today=today),
    }
