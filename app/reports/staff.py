"""The monthly report's staff figures (issue #19): enrolments, praise and suggestions,
and the service-star ranking (评选顾客服务明星) per clerk.

Facts per clerk in month M (all read from records, nothing stored):

* ``enrolled`` — members whose 办卡导购 (``members.enrolled_by``) is the clerk and who
  joined in M (``joined_on``);
* ``calls_on_time`` — follow-up tasks the clerk was responsible for, due in M and done
  within the call list's window (the report's own follow-up rule, ``follow_up`` section
  ``done``: post-sale calls and scheduled follow-ups);
* ``survey`` — the mean overall score (1–5) of the surveys in M of the clerk's members
  (enrolled by the clerk); None without one;
* ``praise`` — praise (kind ``praise``) in M naming the clerk;
* ``complaints`` — service complaints (category ``service``) in M against the clerk: a
  complaint names no clerk, so it counts against the clerk of the member's last sale
  before it (else the clerk who enrolled the member); a walk-in's counts for nobody;
* ``sales_fen`` — net paid in M on the tickets the clerk entered (returns netted).

The score (at most 100, one decimal; service complaints can take it below 0): each
fact is scaled to 0…1 — counts and sales as a share of the best clerk's figure that
month, the survey score as (mean − 1) / 4 — and weighted by the settings
``star_weight_*`` (``app.settings.star_weights``); complaints are subtracted; the sum is
divided by the positive weights' total. The ranking lists the clerks (role clerk,
active) and anyone else with a fact in M, best first (ties: name).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import sqlite_utils

from app import settings
from app.reports.base import _Month, figure
from app.reports.counts import _any

FACTS = ("enrolled", "calls_on_time", "survey", "praise", "complaints", "sales_fen")
_WEIGHT_OF = {"sales_fen": "sales"}  # fact -> settings.STAR_FACTS code


def _counts(db: sqlite_utils.Database, sql: str, params: list[Any]) -> dict[int, int]:
    return {int(k): int(n) for k, n in db.execute(sql, params) if k is not None}


def _complaints_against(db: sqlite_utils.Database, m: _Month) -> dict[int, int]:
    out: Counter[int] = Counter()
    for (clerk,) in db.execute(
        "SELECT COALESCE((SELECT p.clerk_id FROM purchases p WHERE p.member_id = c.member_id "
        "AND p.at <= c.at AND p.return_of IS NULL AND p.clerk_id IS NOT NULL "
        "ORDER BY p.at DESC LIMIT 1), m.enrolled_by) FROM complaints c "
        "JOIN members m ON m.id = c.member_id "
        "WHERE c.category = 'service' AND c.at >= ? AND c.at < ?",
        [m.lo, m.hi],
    ):
        if clerk is not None:
            out[int(clerk)] += 1
    return dict(out)


def clerk_facts(
    db: sqlite_utils.Database, m: _Month, calls_on_time: dict[int, int]
) -> dict[int, dict[str, Any]]:
    """``{user_id: {fact: value}}`` for month ``m`` (module docstring)."""
    p = [m.lo, m.hi]
    enrolled = _counts(
        db,
        "SELECT enrolled_by, COUNT(*) FROM members WHERE joined_on >= ? AND joined_on < ? "
        "GROUP BY enrolled_by",
        p,
    )
    praised = _counts(
        db,
        "SELECT clerk_id, COUNT(*) FROM praise WHERE kind = 'praise' AND at >= ? AND at < ? "
        "GROUP BY clerk_id",
        p,
    )
    sales = _counts(
        db,
        "SELECT clerk_id, SUM(paid_fen) FROM purchases WHERE at >= ? AND at < ? GROUP BY clerk_id",
        p,
    )
    survey = {
        int(k): round(float(v), 2)
        for k, v in db.execute(
            "SELECT m.enrolled_by, AVG(s.overall) FROM surveys s JOIN members m "
            "ON m.id = s.member_id WHERE s.overall IS NOT NULL AND s.at >= ? AND s.at < ? "
            "GROUP BY m.enrolled_by",
            p,
        )
        if k is not None
    }
    against = _complaints_against(db, m)
    staff = {
        int(r[0]) for r in db.execute("SELECT id FROM users WHERE role = 'clerk' AND active = 1")
    }
    ids = staff | set(enrolled) | set(praised) | set(sales) | set(survey) | set(against)
    ids |= {c for c, n in calls_on_time.items() if n}
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    for uid in ids:
        out[uid] = {
            "enrolled": enrolled.get(uid, 0),
            "calls_on_time": int(calls_on_time.get(uid, 0)),
            "survey": survey.get(uid),
            "praise": praised.get(uid, 0),
            "complaints": against.get(uid, 0),
            "sales_fen": sales.get(uid, 0),
        }
    return dict(out)


def scores(facts: dict[int, dict[str, Any]], weights: dict[str, int]) -> dict[int, float]:
    """Each clerk's score, at most 100 (module docstring) from :func:`clerk_facts`."""
    best = {
        f: max((max(v[f], 0) for v in facts.values()), default=0) for f in FACTS if f != "survey"
    }
    positive = sum(w for f, w in weights.items() if f != "complaints" and w > 0)
    out = {}
    for uid, v in facts.items():
        total = 0.0
        for f in FACTS:
            w = weights.get(_WEIGHT_OF.get(f, f), 0)
            if w <= 0:
                continue
            if f == "survey":
                share = 0.0 if v[f] is None else (v[f] - 1) / 4
            else:
                share = max(v[f], 0) / best[f] if best[f] else 0.0
            total += -w * share if f == "complaints" else w * share
        out[uid] = round(100 * total / positive, 1) if positive else 0.0
    return out


def staff_section(
    db: sqlite_utils.Database,
    cur: _Month,
    prev: _Month,
    follow_up_clerks: list[dict[str, Any]],
) -> dict[str, Any]:
    """``{"available", "note", "weights", "clerks": [{clerk_id, name, rank, score,
    previous_score, <facts>}], "figures": {enrolled, praise, suggestions}, "about":
    [{code, value, previous, change}]}`` (praise and suggestions by what they are about)."""
    weights = settings.star_weights(db)
    done = [
        {c["clerk_id"]: int(c["done"][k] or 0) for c in follow_up_clerks if c["clerk_id"]}
        for k in ("value", "previous")
    ]
    f_cur, f_prev = clerk_facts(db, cur, done[0]), clerk_facts(db, prev, done[1])
    s_cur, s_prev = scores(f_cur, weights), scores(f_prev, weights)
    names = dict(db.execute("SELECT id, display_name FROM users").fetchall())
    order = sorted(f_cur, key=lambda u: (-s_cur[u], names.get(u) or "", u))
    clerks = [
        {
            "clerk_id": u,
            "name": names.get(u),
            "rank": i + 1,
            "score": s_cur[u],
            "previous_score": s_prev.get(u),
            **f_cur[u],
        }
        for i, u in enumerate(order)
    ]

    def kinds(m: _Month) -> dict[str, int]:
        return dict(
            db.execute(
                "SELECT kind, COUNT(*) FROM praise WHERE at >= ? AND at < ? GROUP BY kind",
                [m.lo, m.hi],
            ).fetchall()
        )

    def about(m: _Month) -> dict[str, int]:
        return dict(
            db.execute(
                "SELECT about, COUNT(*) FROM praise WHERE at >= ? AND at < ? GROUP BY about",
                [m.lo, m.hi],
            ).fetchall()
        )

    k_cur, k_prev = kinds(cur), kinds(prev)
    a_cur, a_prev = about(cur), about(prev)
    e_cur = sum(v["enrolled"] for v in f_cur.values())
    e_prev = sum(v["enrolled"] for v in f_prev.values())
    has = bool(clerks) and (_any(db, "users") or _any(db, "praise"))
    return {
        "available": has,
        "note": None if has else "no_staff",
        "weights": weights,
        "clerks": clerks,
        "figures": {
            "enrolled": figure(e_cur, e_prev),
            "praise": figure(k_cur.get("praise", 0), k_prev.get("praise", 0)),
            "suggestions": figure(k_cur.get("suggestion", 0), k_prev.get("suggestion", 0)),
        },
        "about": [
            {"code": c, **figure(a_cur.get(c, 0), a_prev.get(c, 0))}
            for c in ("service", "goods", "environment", "other")
            if a_cur.get(c) or a_prev.get(c)
        ],
    }
