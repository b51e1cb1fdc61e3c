"""Tiers (会员等级) by rolling 12-month net spend: up at once when a sale lifts the
spend over a threshold, down only at the yearly review (the formula is in the package
docstring, "Tiers"), and editing the tiers' names, thresholds and review date."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sqlite_utils

from app import audit, change_cards, permissions, settings
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.loyalty.lots import _ids_json


def list_tiers(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The tiers, lowest first: ``code, name_zh, name_en, rank, min_spend_fen,
    points_multiplier_pct``."""
    cols = ("code", "name_zh", "name_en", "rank", "min_spend_fen", "points_multiplier_pct")
    return [
        dict(zip(cols, r, strict=True))
        for r in db.execute(f"SELECT {', '.join(cols)} FROM tiers ORDER BY rank")
    ]


def tier_for_spend(spend_fen: int, tiers: Sequence[Mapping[str, Any]]) -> str:
    """The highest tier whose threshold ``spend_fen`` reaches (the lowest tier when
    none does)."""
    return _tier_picker(tiers)(spend_fen)


def _tier_picker(tiers: Sequence[Mapping[str, Any]]) -> Callable[[int], str]:
    ordered = sorted(tiers, key=lambda t: t["rank"])
    steps = [(int(t["min_spend_fen"]), str(t["code"])) for t in ordered[1:]]
    lowest = str(ordered[0]["code"])

    def pick(spend_fen: int) -> str:
        best = lowest
        for threshold, code in steps:
            if spend_fen >= threshold:
                best = code
        return best

    return pick


def review_start(db: sqlite_utils.Database, today: dt.date) -> dt.date:
    """The latest yearly review date on or before ``today``."""
    month, day = _review_md(settings.get(db, "loyalty_tier_review_date"))
    for year in (today.year, today.year - 1):
        d = dt.date(year, month, min(day, _calendar.monthrange(year, month)[1]))
        if d <= today:
            return d
    raise AssertionError("unreachable")


def _review_md(text: object) -> tuple[int, int]:
    try:
        month, day = (int(x) for x in str(text).strip().split("-"))
        dt.date(2000, month, day)  # a leap year: 02-29 allowed (the 28th in other years)
        return month, day
    except (ValueError, TypeError):
        return 1, 1


# Per member over [R − 366 days, today]: the base (spend before R) and an upper bound of
# any S_p (the sales alone: returns only lower a window's sum).
_TIER_BOUNDS_SQL = """
SELECT member_id, SUM(CASE WHEN at < :r THEN paid_fen ELSE 0 END),
       SUM(CASE WHEN paid_fen > 0 THEN paid_fen ELSE 0 END)
FROM purchases INDEXED BY idx_purchases_member_at
WHERE at >= :b_lo AND at < :t1 {and_member} GROUP BY member_id
"""
# Each candidate's purchases over [R − 366 days, today], in (at, id) order.
_TIER_ROWS_SQL = """
SELECT member_id, CAST(julianday(substr(at, 1, 10)) AS INTEGER), id, paid_fen, at >= :r
FROM purchases INDEXED BY idx_purchases_member_at
WHERE member_id IN (SELECT value FROM json_each(:ids)) AND at >= :b_lo AND at < :t1
ORDER BY member_id, at
"""  # day numbers (julian), and whether the sale is dated from the review date R


def _best_instants(rows: Sequence[tuple[int, int, int, int, int]]) -> dict[int, int]:
    """The best S_p per member among sales dated from R: the member's net paid dated in
    [day − 365, day] and recorded up to that sale (id <= p.id). ``rows``: purchases
    ``(member_id, day number, id, paid_fen, dated from R)``.

    In numpy: rows sorted by (member, day, id), one prefix sum, each sale's window start
    by a binary search — exact whenever a member's ids follow their dates (sales entered
    as they happen). The few members with a sale entered later than a later-dated one
    (back-dated entries, imports) are done one by one (:func:`_best_instants_slow`),
    where "recorded up to that sale" needs the per-sale filter."""
    if not rows:
        return {}
    a = np.asarray(rows, dtype=np.int64)
    a = a[np.lexsort((a[:, 2], a[:, 1], a[:, 0]))]
    member, day, pid, paid, from_r = a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4]
    same = member[1:] == member[:-1]
    odd = np.unique(member[1:][same & (pid[1:] < pid[:-1])])
    span = int(day.max() - day.min()) + 1000  # keeps each member's keys apart
    key = member * span + (day - day.min())
    lo = np.searchsorted(key, key - 365, side="left")
    prefix = np.concatenate(([0], np.cumsum(paid)))
    window = prefix[1:] - prefix[lo]  # rows lo..i: dated in [day − 365, day], ids <= p
    ok = (paid > 0) & (from_r != 0)
    if len(odd):
        ok &= ~np.isin(member, odd)
    best: dict[int, int] = {}
    if ok.any():
        ids, inv = np.unique(member[ok], return_inverse=True)
        top = np.full(len(ids), np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(top, inv, window[ok])
        best = dict(zip(ids.tolist(), top.tolist(), strict=True))
    if len(odd):
        sel = np.isin(member, odd)
        best.update(_best_instants_slow(a[sel].tolist()))
    return best


def _best_instants_slow(rows: Sequence[Sequence[int]]) -> dict[int, int]:
    """:func:`_best_instants` member by member, for rows sorted by (member, day, id)."""
    best: dict[int, int] = {}
    start = 0
    n = len(rows)
    while start < n:
        mid = rows[start][0]
        end = start
        while end < n and rows[end][0] == mid:
            end += 1
        member = rows[start:end]
        start = end
        lo = hi = 0
        top: int | None = None
        for i, (_m, day, pid, paid, from_r) in enumerate(member):
            if paid <= 0 or not from_r:
                continue
            while member[lo][1] < day - 365:
                lo += 1
            hi = max(hi, i)
            while hi + 1 < len(member) and member[hi + 1][1] == day:
                hi += 1
            total = sum(member[j][3] for j in range(lo, hi + 1) if member[j][2] <= pid)
            if top is None or total > top:
                top = total
        if top is not None:
            best[mid] = top
    return best


def tier_spend(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    member_ids: Iterable[int] | None = None,
    floor: Mapping[int, str] | None = None,
) -> dict[int, int]:
    """A spend that gives each member's expected tier (the package docstring's formula):
    ``{member_id: fen}``; members with no purchase in the windows are absent.

    Exact where it matters: the per-sale sums are computed only for members whose
    upper bound (their sales in the whole span) reaches a higher tier than their base
    does — and, given ``floor`` (the tiers held), higher than the one they hold; for
    the others the base is returned (for ``floor`` members: only "not above it")."""
    tiers = list_tiers(db)
    rank = {t["code"]: t["rank"] for t in tiers}
    pick = _tier_picker(tiers)
    floor = floor or {}
    r = review_start(db, today)
    params: dict[str, Any] = {
        "b_lo": (r - dt.timedelta(days=366)).isoformat(),
        "r": r.isoformat(),
        "t1": (today + dt.timedelta(days=1)).isoformat(),
    }
    and_member = ""
    if member_ids is not None:
        params["ids"] = _ids_json(member_ids)
        and_member = "AND member_id IN (SELECT value FROM json_each(:ids))"
    out: dict[int, int] = {}
    maybe: list[int] = []
    for mid, base, upper in db.execute(_TIER_BOUNDS_SQL.format(and_member=and_member), params):
        out[mid] = int(base or 0)
        top = rank[pick(int(upper or 0))]
        if top > rank[pick(out[mid])] and top > rank.get(floor.get(mid), -1):
            maybe.append(mid)
    if maybe:
        params["ids"] = _ids_json(maybe)
        rows = db.execute(_TIER_ROWS_SQL, params).fetchall()
        for mid, best in _best_instants(rows).items():
            if best > out[mid]:
                out[mid] = best
    return out


def expected_tiers(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    member_ids: Iterable[int] | None = None,
    floor: Mapping[int, str] | None = None,
) -> dict[int, str]:
    """Each (non-anonymised) member's tier recomputed from the facts (with ``floor``,
    members whose tier cannot rise above it may get a lower answer: upgrades only)."""
    tiers = list_tiers(db)
    lowest = tier_for_spend(0, tiers)
    spend = tier_spend(db, today=today, member_ids=member_ids, floor=floor)
    if member_ids is None:
        ids = [r[0] for r in db.execute("SELECT id FROM members WHERE status <> 'anonymised'")]
    else:
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM members WHERE status <> 'anonymised' "
                "AND id IN (SELECT value FROM json_each(?))",
                [_ids_json(member_ids)],
            )
        ]
    cache: dict[int, str] = {}
    out = {}
    for mid in ids:
        s = spend.get(mid)
        if s is None:
            out[mid] = lowest
        else:
            if s not in cache:
                cache[s] = tier_for_spend(s, tiers)
            out[mid] = cache[s]
    return out


def tier_mismatches(db: sqlite_utils.Database, *, today: dt.date) -> list[int]:
    """Members whose stored tier differs from :func:`expected_tiers` (after the year's
    review has run, [] when everything is right)."""
    expected = expected_tiers(db, today=today)
    stored = dict(db.execute("SELECT id, tier FROM members WHERE status <> 'anonymised'"))
    return sorted(m for m, t in expected.items() if stored.get(m) != t)


def _apply_tiers(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    today: dt.date,
    member_ids: Iterable[int] | None,
    review: bool,
) -> Changes:
    tiers = list_tiers(db)
    rank = {t["code"]: t["rank"] for t in tiers}
    if member_ids is None:
        stored = dict(db.execute("SELECT id, tier FROM members WHERE status <> 'anonymised'"))
    else:
        stored = dict(
            db.execute(
                "SELECT id, tier FROM members WHERE id IN (SELECT value FROM json_each(?))",
                [_ids_json(member_ids)],
            )
        )
    expected = expected_tiers(
        db, today=today, member_ids=member_ids, floor=None if review else stored
    )
    if not expected:
        return Changes()
    stamp = now()
    updates, history = [], []
    for mid, exp in expected.items():
        cur = stored.get(mid)
        new = exp if review or rank.get(exp, -1) > rank.get(cur, -1) else cur
        if new != cur:
            why = "upgrade" if rank.get(new, -1) > rank.get(cur, -1) else "review"
            updates.append((new, stamp, mid))
            history.append((mid, stamp, cur, new, why))
    if not updates:
        return Changes()
    db.conn.executemany("UPDATE members SET tier = ?, updated_at = ? WHERE id = ?", updates)
    db.conn.executemany(
        "INSERT INTO tier_history (member_id, at, from_tier, to_tier, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        history,
    )
    change_cards.record(
        db, actor=actor, action="tier", rows=[(h[0], "tier", h[2], h[3]) for h in history], at=stamp
    )
    if member_ids is None or len(updates) > 1:
        said = audit.summary("tier_review" if review else "tier_changes", members=len(updates))
    else:
        said = audit.summary("tier_changed", old=history[0][2] or "", new=history[0][3])
    audit.record(
        db,
        actor,
        "tier_change",
        "member" if len(updates) == 1 else "members",
        updates[0][2] if len(updates) == 1 else None,
        said,
    )
    return Changes.of({"members", "tier_history"}, [u[2] for u in updates])


def recompute_tiers(
    db: sqlite_utils.Database, *, actor: Actor, today: dt.date, review: bool = False
) -> Changes:
    """Recompute every member's tier from the facts: upgrades at once; with ``review``
    on or after the yearly review date (once per review date, setting
    ``loyalty_tier_last_review``) downgrades too, so the stored tier equals the
    recomputation. Writes ``tier_history`` for each change."""
    with db.atomic():
        r = review_start(db, today)
        last = settings.get(db, "loyalty_tier_last_review")
        due = review and (last is None or str(last) < r.isoformat())
        changes = _apply_tiers(db, actor=actor, today=today, member_ids=None, review=due)
        if due:
            _set_setting(db, "loyalty_tier_last_review", r.isoformat())
    return changes


def save_tiers(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    tiers: Sequence[Mapping[str, Any]],
    review_date: str | None = None,
) -> Changes:
    """Change tiers' names and thresholds (``code, name_zh, name_en, min_spend_fen``;
    codes and order stay) and the yearly review date (``MM-DD``). Thresholds must rise
    with the rank, the lowest tier's is 0. Members move at the next recomputation
    (upgrades at once, downgrades at the review)."""
    permissions.require(actor, permissions.RULES)
    with db.atomic():
        current = {t["code"]: t for t in list_tiers(db)}
        errors: list[FieldError] = []
        rows = []
        for i, t in enumerate(tiers):
            f = f"tiers[{i}]"
            code = t.get("code")
            if code not in current:
                errors.append(
                    FieldError(
                        f"{f}.code",
                        "choice_invalid",
                        {"value": code, "choices": ", ".join(current)},
                    )
                )
                continue
            row = dict(current[code])
            for key in ("name_zh", "name_en"):
                if key in t:
                    text = str(t[key] or "").strip()
                    if not text:
                        errors.append(FieldError(f"{f}.{key}", "required"))
                    elif len(text) > 20:
                        errors.append(FieldError(f"{f}.{key}", "too_long", {"max": 20}))
                    row[key] = text
            if "min_spend_fen" in t:
                v = t["min_spend_fen"]
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    errors.append(FieldError(f"{f}.min_spend_fen", "amount_invalid", {"value": v}))
                else:
                    row["min_spend_fen"] = v
            rows.append(row)
        merged = {**current, **{r["code"]: r for r in rows}}
        ordered = sorted(merged.values(), key=lambda t: t["rank"])
        if ordered and ordered[0]["min_spend_fen"] != 0:
            errors.append(FieldError("tiers[0].min_spend_fen", "tier_lowest_not_zero"))
        for lower, upper in itertools.pairwise(ordered):
            if upper["min_spend_fen"] <= lower["min_spend_fen"]:
                errors.append(
                    FieldError(
                        f"tiers.{upper['code']}.min_spend_fen",
                        "tier_threshold_order",
                        {"tier": upper["name_zh"], "lower": lower["name_zh"]},
                    )
                )
        if review_date is not None:
            text = str(review_date).strip()
            try:
                m, d = (int(x) for x in text.split("-"))
                dt.date(2000, m, d)
                review_date = f"{m:02d}-{d:02d}"
            except (ValueError, TypeError):
                errors.append(FieldError("review_date", "review_date_invalid", {"value": text}))
        if errors:
            raise ValidationError(errors)
        db.conn.executemany(
            "UPDATE tiers SET name_zh = ?, name_en = ?, min_spend_fen = ? WHERE code = ?",
            [(r["name_zh"], r["name_en"], r["min_spend_fen"], r["code"]) for r in rows],
        )
        tables = {"tiers"}
        if review_date is not None:
            _set_setting(db, "loyalty_tier_review_date", review_date)
            tables.add("settings")
        audit.record(
            db,
            actor,
            "rule_change",
            "tiers",
            None,
            audit.summary(
                "tiers_rules",
                thresholds=[f"{r['min_spend_fen'] / 100:,.0f}" for r in rows],
                review=review_date or "—",
            ),
        )
    return Changes.of(tables)


def _set_setting(db: sqlite_utils.Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )
