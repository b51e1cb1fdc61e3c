"""The monthly summary (月度报表) as data: every figure of a month (``YYYY-MM``) with last
month's value and the change, JSON-ready (plain dicts, lists, ints, floats, None).
``app.report_render`` turns it into A4 pages (PDF, print) and an .xlsx; the CLI is
``python main.py report`` (app/cli/report.py); the UI is ui/pages/reports.py.

Nothing here writes to the database (a report can be made from a read-only copy).

Shape
-----
:func:`build` returns ``{"month", "previous_month", "as_of", "partial", "store_name",
"point_value_fen", "sections": {name: section}}``. Every section has ``available``
(False when its data does not exist yet: no purchases, no contacts, no complaints
recorded, no surveys, the points programme not started) and ``note`` (a code of
``app.report_render.NOTES`` saying why). A *figure* is ``{"value", "previous",
"change"}``: ``change`` = value − previous (percentage points for rates), None when
either is None. Money is integer fen; rates are floats 0…1.

Definitions (month M = its first to its last day, local time; "end of M" = the end of
its last day; the previous month P is computed the same way)
-------------------------------------------------------------------------------------
* **members** — ``total``: members who had joined by the end of M (anonymised
  included: they were members); ``new``: joined in M (``members.joined_on``);
  ``active``: members with at least one sale in M; ``dormant`` / ``lost``: the customer
  state at the end of M (app/state.py, the one every page reads: no purchase for more
  than 180 / 365 days, or marked lost by hand with no purchase since);
  ``first_time``: members whose first sale ever was in M.
* **sales** — ``total_fen``: net paid in M (sales minus returns dated in M);
  ``tickets``: sale tickets in M; ``avg_ticket_fen``: paid of the sale tickets /
  tickets (returns not netted, rounded); ``repeat_rate``: of the members who bought in
  M, the share whose first purchase day is before M (returning buyers);
  ``top20_share``: of the members with positive net spend in M, the share of that spend
  from the top 20% of them (rounded, at least one) — the pyramid's 80/20 figure uses 12
  months instead; ``by_tier``: net paid in M by the tier the member held at the end of
  M (``tier_history``; members without history: their current tier); ``by_layer``: net
  paid in M by the member's pyramid layer at the end of M.
* **top_members** — the 20 members with the largest net paid in M (ties: member id),
  with tickets, tier and layer at the end of M; phones masked (``138****5678``).
* **segments** — members per pyramid layer and lifecycle state at the end of M and of
  P (computed from facts, as app/analytics; no snapshot is written), and the
  movement: members present at both ends whose layer (state) changed, ``up`` = moved
  to a higher layer, and the flows ``"from->to": n``.
* **follow_up** — the call list is derived day by day and never stored, so a past
  month's tasks are rebuilt from facts for the two kinds whose due day and clerk are
  facts: **post-sale calls** (one day-1 and one day-7 task per member and sale day,
  due the day after / a week after, the clerk of that day's first sale) and **scheduled
  follow-ups** (``contacts.next_follow_up``, the clerk who scheduled it). Birthday,
  festival, win-back, points and campaign tasks are left out of *due*: they depend on
  consent, tier and status on the day, which are not kept as history. ``due``: such
  tasks whose due day is in M; ``done``: cleared by the call list's rule — a contact
  with the member of the task's purpose (post-sale) or any purpose (follow-up) with
  outcome reached / declined / wrong number or setting a next follow-up, made from the
  sale (the scheduling contact) up to the last day the task is shown (due +
  ``calllist_post_sale_overdue_days`` / ``calllist_follow_up_overdue_days``), as far as
  the log holds it when the report is made; ``overdue``: not done and the due day has
  passed (before the report's day); ``calls``: contacts logged by the clerk in M (any
  purpose, task or not); ``reached``: those with outcome reached; ``reached_rate`` =
  reached / calls. Per clerk (tasks by the responsible clerk, calls by the caller) and
  in total.
* **complaints** — ``opened``: complaints dated in M; ``resolved``: with
  ``resolved_at`` in M; ``median_days``: the median of (resolved_at − at) in days of
  those resolved in M; ``open_at_end``: dated by the end of M and not resolved by then;
  ``by_category``: opened in M per category.
* **satisfaction** — surveys dated in M: ``surveys``, ``overall`` (mean of the 1–5
  overall score), and per factor the mean satisfaction and importance
  (``survey_scores``).
* **points** — ledger entries dated in M: ``issued`` (sum of positive entries),
  ``redeemed``, ``expired`` (the negated redeem / expire entries), ``clawed_back``
  (other negative entries: returns, adjustments); ``outstanding`` at the end of M = the
  ledger's sum up to then minus points of lots already past their last valid day whose
  expire entry is not written yet (app.loyalty's liability rule at that day);
  ``liability_fen`` = outstanding × ``loyalty_point_value_fen`` (today's setting).
* **birthdays** — ``next_month``: members (not anonymised) whose own birthday, solar or
  lunar (app.lunar's customs: leap months, day 30, 29 February), falls in the month
  after M; the previous value is the same count for M.
* **trend** — the last 12 months up to M: net sales, members buying, first-time buyers
  (``app.analytics.monthly_series``).

Speed
-----
Every figure needs the purchases of the last ~15 months only (the 12-month spend at the
end of the month before P, the 12-month trend), plus each member's first and last
purchase day before that: the analytics' purchase-row reader with ``since``
(``app.analytics.rows.load_rows``) reads the recent rows in detail and the older ones as
one grouped query (two stand-in rows per member) on a second connection, about half the
work of reading every row.
Every purchase figure, the three month-end states (the part of
``app.analytics.compute_facts`` the states use, as running sums read at searchsorted
bounds: :meth:`_Purchases.facts_at`) and the 12-month trend are numpy reductions of
those rows. Meanwhile a second connection to the same file makes the figures that do
not need them (the follow-up work — its post-sale tasks matched with the contacts by
one ``searchsorted``, calls per clerk summed by numpy — complaints, surveys, points,
birthdays, tiers at both month ends as numpy arrays); inside an open
transaction, or for an in-memory database, everything runs on the caller's connection.
tests/bench/bench_report.py measures it on the 100k-member / 2M-purchase store.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Callable
from typing import Any

import numpy as np
import sqlite_utils

from app import analytics as S
from app import settings as app_settings
from app import state as app_state
from app.analytics import rows as R
from app.normalize import mask_phone

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

SECTIONS = (
    "members",
    "sales",
    "top_members",
    "segments",
    "follow_up",
    "complaints",
    "satisfaction",
    "points",
    "birthdays",
    "trend",
)
TOP_N = 20
TREND_MONTHS = 12
_CLEARS = "(c.outcome IN ('reached', 'declined', 'wrong_number') OR c.next_follow_up IS NOT NULL)"


class ReportError(ValueError):
    """A month that cannot be reported (bad text, or not begun yet)."""


# ------------------------------------------------------------------ months


def parse_month(text: str) -> dt.date:
    """The first day of month ``YYYY-MM``; ReportError when it is not one."""
    try:
        if len(text) != 7 or text[4] != "-":
            raise ValueError
        return dt.date(int(text[:4]), int(text[5:]), 1)
    except (ValueError, TypeError):
        raise ReportError(f"{text!r} is not a month (YYYY-MM)") from None


def month_text(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(first: dt.date, n: int) -> dt.date:
    k = first.year * 12 + first.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


class _Month:
    """One month's bounds as dates, ISO texts and day numbers."""

    def __init__(self, first: dt.date) -> None:
        self.first = first
        self.next = add_months(first, 1)
        self.last = self.next - dt.timedelta(days=1)
        self.text = month_text(first)
        self.lo = first.isoformat()  # times >= lo …
        self.hi = self.next.isoformat()  # … and < hi
        self.d0 = R.day_number(first)
        self.d1 = R.day_number(self.last)


def figure(value: Any, previous: Any) -> dict[str, Any]:
    """``{"value", "previous", "change"}`` (change None when either side is None)."""
    change = None
    if value is not None and previous is not None:
        change = value - previous
        if isinstance(change, float):
            change = round(change, 6)
    return {"value": value, "previous": previous, "change": change}


def _pair(cur: dict[str, Any], prev: dict[str, Any], keys: Any) -> dict[str, Any]:
    return {k: figure(cur.get(k), prev.get(k)) for k in keys}


def _rows_pair(
    cur: dict[str, Any], prev: dict[str, Any], order: list[str] | None = None
) -> list[dict[str, Any]]:
    codes = order if order is not None else sorted(set(cur) | set(prev))
    return [{"code": c, **figure(cur.get(c, 0), prev.get(c, 0))} for c in codes]


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 6) if b else None


# ------------------------------------------------------------------ purchase figures


class _EndFacts:
    """The part of ``app.analytics.Facts`` that ``pyramid_layers`` and
    ``lifecycle_states`` read (:meth:`_Purchases.facts_at`)."""

    def __init__(self, **columns: np.ndarray) -> None:
        self.__dict__.update(columns)
        self.member_ids: np.ndarray = columns["member_ids"]
        self.spend_12m_fen: np.ndarray = columns["spend_12m_fen"]

    def __len__(self) -> int:
        return len(self.member_ids)


class _Purchases:
    """The purchase rows the report needs up to the end of the report month
    (``app.analytics.rows.load_rows`` with ``since``: every row from ``since`` on,
    stand-ins before) and the per-month reductions the report needs."""

    def __init__(
        self, db: sqlite_utils.Database, since: dt.date, end: dt.date, cancel: Cancel | None
    ) -> None:
        members = R.in_background(db, S.load_members)
        self.rows = R.load_rows(db, as_of=end, since=since, should_cancel=cancel)
        self.members = members()
        self.marks = app_state.load_marks(db)  # hand marks of "lost" (app/state.py)
        r = self.rows
        self.k = len(r.member_ids)
        # first sale day per member (rows are in member, time order)
        sm, sd = r.member[r.sale], r.day[r.sale]
        first = np.ones(len(sm), bool)
        if len(sm):
            first[1:] = sm[1:] != sm[:-1]
        self.first_sale = np.full(self.k, np.iinfo(np.int32).max, np.int64)
        self.first_sale[sm[first]] = sd[first]
        self._prepare_states()

    def month(self, m: _Month) -> dict[str, Any]:
        r = self.rows
        inm = (r.day >= m.d0) & (r.day <= m.d1)
        sale = inm & r.sale
        net = np.bincount(r.member[inm], r.paid[inm].astype(np.float64), minlength=self.k)
        net = np.rint(net).astype(np.int64)
        bought = np.zeros(self.k, bool)
        bought[r.member[sale]] = True
        tickets_per = np.bincount(r.member[sale], minlength=self.k)
        buyers = int(bought.sum())
        returning = int((bought & (self.first_sale < m.d0)).sum())
        tickets = int(sale.sum())
        gross = int(r.paid[sale].sum())
        pos = np.sort(net[net > 0])[::-1]
        top20 = None
        if len(pos):
            kk = max(1, round(0.2 * len(pos)))
            top20 = round(float(pos[:kk].sum() / pos.sum()), 6)
        return {
            "net": net,
            "tickets_per": tickets_per,
            "total_fen": int(net.sum()),
            "tickets": tickets,
            "avg_ticket_fen": round(gross / tickets) if tickets else None,
            "buyers": buyers,
            "repeat_rate": _ratio(returning, buyers),
            "first_time": int(((self.first_sale >= m.d0) & (self.first_sale <= m.d1)).sum()),
            "top20_share": top20,
        }

    def _prepare_states(self) -> None:
        """What every month end shares (:meth:`facts_at`): the rows keyed by (member,
        day) in one sorted int64, running sums of the amounts and of the sale rows that
        open a purchase day, and each member's first row and first sale row."""
        r = self.rows
        k = self.k
        self.dmin = int(r.day.min()) if len(r.day) else 0
        dmax = int(r.day.max()) if len(r.day) else 0
        self.span = dmax - self.dmin + 2  # day offsets 0 … span-2; span-1 caps "any day"
        self.key = r.member.astype(np.int64) * self.span + (r.day - self.dmin)
        self.cum_paid = np.concatenate([np.zeros(1, np.int64), np.cumsum(r.paid)])
        si, sd = r.member[r.sale], r.day[r.sale]
        new_day = np.ones(len(si), bool)
        if len(si):
            new_day[1:] = (si[1:] != si[:-1]) | (sd[1:] != sd[:-1])
        self.s_day = sd
        self.s_key = si.astype(np.int64) * self.span + (sd - self.dmin)
        self.cum_days = np.concatenate([np.zeros(1, np.int64), np.cumsum(new_day)])
        base = np.arange(k, dtype=np.int64) * self.span
        self.base = base
        self.r_start = np.searchsorted(self.key, base, side="left")
        self.s_start = np.searchsorted(self.s_key, base, side="left")
        # the rows' members among all members (as app.analytics.compute_facts checks)
        all_ids = self.members[0]
        pos = np.searchsorted(all_ids, r.member_ids)
        if len(pos) and (
            (pos >= len(all_ids)).any()
            or (all_ids[np.minimum(pos, len(all_ids) - 1)] != r.member_ids).any()
        ):
            raise ValueError("purchases refer to members that do not exist")
        self.pos = pos

    def facts_at(self, end: dt.date) -> _EndFacts:
        """The facts the month-end state needs, as ``app.analytics.compute_facts`` makes
        them (tests/unit/test_reports.py compares): per member present at the end of
        ``end`` (joined by then, or bought by then) whether a customer, first and last
        purchase day, recency, tenure, purchase days (all, last 12 months) and 12-month
        net spend. Each is a difference of running sums at two searchsorted bounds per
        member, ~5x faster than the full ``compute_facts`` (which also makes the
        lifetime figures the report does not use; ~0.15-0.3 s per month end on the
        100k store)."""
        D = R.day_number(end)
        if end > self.rows.as_of:
            raise ValueError("as_of is after the rows that were read")
        cap = self.span - 1

        def offset(day: int) -> int:  # -1: before every row; cap: after every row
            return min(max(day - self.dmin, -1), cap)

        hi_r = np.searchsorted(self.key, self.base + offset(D), side="right")
        lo_r = np.searchsorted(self.key, self.base + offset(D - S.WINDOW_DAYS), side="right")
        lo_r = np.maximum(lo_r, self.r_start)
        spend12 = self.cum_paid[hi_r] - self.cum_paid[lo_r]
        hi_s = np.searchsorted(self.s_key, self.base + offset(D), side="right")
        lo_s = np.searchsorted(self.s_key, self.base + offset(D - S.WINDOW_DAYS), side="right")
        lo_s = np.maximum(lo_s, self.s_start)
        days = self.cum_days[hi_s] - self.cum_days[self.s_start]
        days12 = self.cum_days[hi_s] - self.cum_days[lo_s]
        bought = hi_s > self.s_start
        sd = self.s_day
        if len(sd):
            first = np.where(bought, sd[np.minimum(self.s_start, len(sd) - 1)], -1)
            last = np.where(bought, sd[np.maximum(hi_s - 1, 0)], -1)
        else:
            first = last = np.full(self.k, -1, np.int64)
        # onto every member who had joined (or bought) by then
        all_ids, joined = self.members
        present = joined <= D
        active = np.zeros(len(all_ids), bool)
        active[self.pos] = bought
        present |= active
        ids = all_ids[present]
        n = len(ids)
        where = np.cumsum(present) - 1
        ok = present[self.pos]
        target, src = where[self.pos][ok], np.flatnonzero(ok)

        def spread(values: np.ndarray, fill: int) -> np.ndarray:
            out = np.full(n, fill, np.int64)
            out[target] = values[src]
            return out

        customer = np.zeros(n, bool)
        customer[target] = days[src] > 0
        first_day, last_day = spread(first, -1), spread(last, -1)
        return _EndFacts(
            as_of=end,
            lost_mark_day=app_state.mark_days_for(ids, self.marks),
            member_ids=ids,
            customer=customer,
            recency_days=np.where(customer, D - last_day, -1),
            tenure_days=np.where(customer, D - first_day, -1),
            days=spread(days, 0),
            days_12m=spread(days12, 0),
            spend_12m_fen=spread(spend12, 0),
        )

    def state(self, end: dt.date, rules: S.Rules) -> dict[str, Any]:
        """Layer and lifecycle per member at the end of ``end`` (facts order)."""
        facts = self.facts_at(end)
        layer = S.pyramid_layers(facts.spend_12m_fen, rules)
        life = S.lifecycle_states(facts, rules)
        codes = rules.layer_codes()
        return {
            "ids": facts.member_ids,
            "layer": layer.astype(np.int64),
            "life": life.astype(np.int64),
            "layer_counts": {
                c: int(n)
                for c, n in zip(codes, np.bincount(layer, minlength=len(codes)), strict=True)
            },
            "life_counts": {
                c: int(n)
                for c, n in zip(
                    S.LIFECYCLE, np.bincount(life, minlength=len(S.LIFECYCLE)), strict=True
                )
            },
        }

    def layer_of_rows_members(self, state: dict[str, Any]) -> np.ndarray:
        """Layer index per purchase-row member (−1 when not present at that end)."""
        ids = state["ids"]
        pos = np.searchsorted(ids, self.rows.member_ids)
        posc = np.minimum(pos, max(len(ids) - 1, 0))
        ok = (pos < len(ids)) & (ids[posc] == self.rows.member_ids) if len(ids) else pos < 0
        return np.where(ok, state["layer"][posc] if len(ids) else -1, -1)


def _movement(before: dict[str, Any], after: dict[str, Any], codes: tuple[str, ...]) -> dict:
    """Layer and lifecycle movement of members present at both ends."""
    ids_b, ids_a = before["ids"], after["ids"]
    pos = np.searchsorted(ids_b, ids_a)
    posc = np.minimum(pos, max(len(ids_b) - 1, 0))
    known = (
        (pos < len(ids_b)) & (ids_b[posc] == ids_a) if len(ids_b) else np.zeros(len(ids_a), bool)
    )
    out: dict[str, Any] = {"new_members": int((~known).sum())}
    for key, names, ranked in (("layer", codes, True), ("life", S.LIFECYCLE, False)):
        now = after[key]
        was = np.where(known, before[key][posc] if len(ids_b) else -1, -1)
        moved = known & (was != now)
        flows: dict[str, int] = {}
        if moved.any():
            pairs = was[moved] * len(names) + now[moved]
            for p, n in zip(*np.unique(pairs, return_counts=True), strict=True):
                flows[f"{names[p // len(names)]}->{names[p % len(names)]}"] = int(n)
        entry: dict[str, Any] = {
            "moved": int(moved.sum()),
            "flows": dict(sorted(flows.items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        if ranked:
            entry["up"] = int((moved & (now < was)).sum())
            entry["down"] = int((moved & (now > was)).sum())
        out["pyramid" if key == "layer" else "lifecycle"] = entry
    return out


# ------------------------------------------------------------------ SQL figures


def _seconds(text: str, n: int) -> np.ndarray:
    """Seconds since 1970 (local time, as stored) of ``n`` comma-joined ISO times:
    the fixed ``YYYY-MM-DDThh:mm:ss`` shape through numpy, anything else one by one."""
    joined = text + ","
    day = R.parse_days(joined, n)
    if day is not None:
        b = np.frombuffer(joined.encode("ascii"), np.uint8).reshape(n, 20)[:, 11:19]
        d = b.astype(np.int64) - 48
        digits = d[:, [0, 1, 3, 4, 6, 7]]
        if ((digits >= 0) & (digits <= 9)).all() and (b[:, [2, 5]] == ord(":")).all():
            hms = (d[:, 0] * 10 + d[:, 1]) * 3600 + (d[:, 3] * 10 + d[:, 4]) * 60
            return day.astype(np.int64) * 86400 + hms + d[:, 6] * 10 + d[:, 7]
    epoch = dt.datetime(1970, 1, 1)
    return np.array(
        [int((dt.datetime.fromisoformat(v[:19]) - epoch).total_seconds()) for v in text.split(",")],
        np.int64,
    )


class _Tiers:
    """Every member's tier at one time: ``get(member_id)``, and ``sums`` of values by
    tier (numpy: a code index per member, ids ascending)."""

    def __init__(self, ids: np.ndarray, index: np.ndarray, codes: list[str]) -> None:
        self.ids, self.index, self.codes = ids, index, codes

    def _pos(self, member_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.searchsorted(self.ids, member_ids)
        posc = np.minimum(pos, max(len(self.ids) - 1, 0))
        known = (pos < len(self.ids)) & (self.ids[posc] == member_ids) if len(self.ids) else pos < 0
        return posc, known

    def get(self, member_id: int, default: str = "normal") -> str:
        posc, known = self._pos(np.array([member_id], np.int64))
        return self.codes[int(self.index[posc[0]])] if known[0] else default

    def sums(self, member_ids: np.ndarray, values: np.ndarray) -> dict[str, int]:
        """Sum of ``values`` per tier of ``member_ids`` (unknown members: "normal");
        only the tiers that occur."""
        posc, known = self._pos(member_ids)
        codes = [*self.codes, "normal"]
        idx = np.where(known, self.index[posc] if len(self.ids) else 0, len(self.codes))
        total = np.bincount(idx, values.astype(np.float64), minlength=len(codes))
        present = np.bincount(idx, minlength=len(codes)) > 0
        out: dict[str, int] = {}
        for i in np.flatnonzero(present).tolist():
            out[codes[i]] = out.get(codes[i], 0) + round(float(total[i]))
        return out


def _tiers_at(db: sqlite_utils.Database, his: list[str]) -> list[_Tiers]:
    """Every member's tier at each time of ``his`` (exclusive), from ``tier_history``:
    the last change before it, else the tier before the first change after it, else the
    current tier. Current tiers come as one id list per tier (the (tier, id) index;
    numpy parses them), the history in one pass for all the times."""
    codes: list[str] = []
    parts: list[np.ndarray] = []
    for tier, ids_text, n in db.execute(
        "SELECT tier, group_concat(id, ','), COUNT(*) FROM members GROUP BY tier"
    ):
        codes.append(tier)
        parts.append(R.parse_ints(ids_text, n))
    ids = np.concatenate([np.zeros(0, np.int64), *parts])
    index = np.repeat(np.arange(len(codes), dtype=np.int64), [len(p) for p in parts])
    order = np.argsort(ids, kind="stable")
    ids, index = ids[order], index[order]
    overrides: list[dict[int, str]] = [{} for _ in his]
    history: dict[int, list[tuple[str, str | None, str]]] = {}
    for mid, at, before, after in db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY member_id, at, id"
    ):
        history.setdefault(mid, []).append((at, before, after))
    for mid, changes in history.items():
        for out, hi in zip(overrides, his, strict=True):
            earlier = [after for at, _b, after in changes if at < hi]
            later = [before for at, before, _a in changes if at >= hi]
            if earlier:
                out[mid] = earlier[-1]
            elif later:
                out[mid] = later[0] or "normal"
    result = []
    for out in overrides:
        t_codes, t_ids, t_index = list(codes), ids, index
        if out:
            t_index = index.copy()
            extra = []
            for mid, tier in out.items():
                if tier not in t_codes:
                    t_codes.append(tier)
                k = int(np.searchsorted(ids, mid))
                if k < len(ids) and ids[k] == mid:
                    t_index[k] = t_codes.index(tier)
                else:  # history of a member no longer in the table
                    extra.append((mid, t_codes.index(tier)))
            if extra:
                t_ids = np.concatenate([ids, np.array([e[0] for e in extra], np.int64)])
                t_index = np.concatenate([t_index, np.array([e[1] for e in extra], np.int64)])
                order = np.argsort(t_ids, kind="stable")
                t_ids, t_index = t_ids[order], t_index[order]
        result.append(_Tiers(t_ids, t_index, t_codes))
    return result


def _members_sql(db: sqlite_utils.Database, months: list[_Month]) -> list[dict[str, int]]:
    """Members who had joined by the end of each month, and who joined in it (one pass
    over the members for all the months)."""
    counts = ", ".join(
        "COUNT(CASE WHEN joined_on < ? THEN 1 END), "
        "COUNT(CASE WHEN joined_on >= ? AND joined_on < ? THEN 1 END)"
        for _ in months
    )
    row = db.execute(
        f"SELECT {counts} FROM members", [v for m in months for v in (m.hi, m.lo, m.hi)]
    ).fetchone()
    return [{"total": int(row[2 * k]), "new": int(row[2 * k + 1])} for k in range(len(months))]


def _follow_up(
    db: sqlite_utils.Database, months: list[_Month], today: dt.date
) -> list[dict[str, Any]]:
    """Follow-up work of each of ``months`` (module docstring), in one pass over the
    sales and post-sale contacts of the span: ``{"clerks": {clerk_id: row}, "total"}``."""
    grace_ps = int(app_settings.get(db, "calllist_post_sale_overdue_days"))
    grace_fu = int(app_settings.get(db, "calllist_follow_up_overdue_days"))
    lo = min(m.first for m in months) - dt.timedelta(days=7)
    hi = max(m.next for m in months)
    day_today = today.isoformat()
    per: list[dict[Any, dict[str, Any]]] = [{} for _ in months]

    def row(k: int, clerk: Any) -> dict[str, Any]:
        r = per[k].get(clerk)
        if r is None:
            r = per[k][clerk] = {"due": 0, "done": 0, "overdue": 0, "calls": 0, "reached": 0}
        return r

    def which(due: str) -> int:
        for k, m in enumerate(months):
            if m.lo <= due < m.hi:
                return k
        return -1

    def count(k: int, clerk: Any, due: str, done: bool) -> None:
        r = row(k, clerk)
        r["due"] += 1
        if done:
            r["done"] += 1
        elif due < day_today:
            r["overdue"] += 1

    # Post-sale tasks, vectorised (the demo's 100k-member store has ~90k a month):
    # times become seconds from ``lo``, contacts and tasks are keyed by
    # (member, kind) << 32 | seconds, and "a clearing contact from the sale up to the
    # last day shown" is one searchsorted.
    base = lo.isoformat()
    p = {
        "base": base,
        "c_hi": (hi + dt.timedelta(days=grace_ps + 8)).isoformat(),
        "s_hi": (hi - dt.timedelta(days=1)).isoformat(),
    }
    base_sec = R.day_number(lo) * 86400
    row_c = db.execute(
        "SELECT group_concat(member_id * 2 + (purpose = 'post_sale_day7'), ','), "
        "group_concat(at, ','), COUNT(*) FROM contacts c "
        "WHERE purpose IN ('post_sale_day1', 'post_sale_day7') AND at >= :base "
        "AND at < :c_hi AND " + _CLEARS,
        p,
    ).fetchone()
    contact_codes = np.zeros(0, np.int64)
    if row_c[2]:
        c_key = R.parse_ints(row_c[0], row_c[2])
        c_sec = _seconds(row_c[1], row_c[2]) - base_sec
        contact_codes = np.sort((c_key << 32) | c_sec)
    # one task pair per member and sale day: the day's first sale gives the time a
    # contact must follow and the clerk (rows come in time order from the (at) index)
    row_s = db.execute(
        "SELECT group_concat(member_id, ','), group_concat(at, ','), "
        "group_concat(IFNULL(clerk_id, -1), ','), COUNT(*) FROM purchases "
        "WHERE at >= :base AND at < :s_hi AND return_of IS NULL",
        p,
    ).fetchone()
    g_mid = g_day = g_sec = g_clerk = np.zeros(0, np.int64)
    if row_s[3]:
        n_rows = row_s[3]
        mid = R.parse_ints(row_s[0], n_rows)
        sec = _seconds(row_s[1], n_rows) - base_sec
        clerk = R.parse_ints(row_s[2], n_rows)
        order = np.lexsort((sec, mid))
        mid, sec, clerk = mid[order], sec[order], clerk[order]
        day = sec // 86400
        first = np.ones(n_rows, bool)
        first[1:] = (mid[1:] != mid[:-1]) | (day[1:] != day[:-1])
        g_mid, g_day, g_sec, g_clerk = mid[first], day[first], sec[first], clerk[first]
    today_off = (today - lo).days
    bounds = np.array([(m.first - lo).days for m in months] + [(hi - lo).days])
    tally: dict[tuple[int, Any, str], int] = {}
    for n in (1, 7):
        due = g_day + n
        k = np.searchsorted(bounds, due, side="right") - 1
        inm = (k >= 0) & (k < len(months))
        key = (g_mid[inm] * 2 + (n == 7)) << 32
        start = key | g_sec[inm]
        limit = key | ((due[inm] + grace_ps + 1) * 86400)
        i = np.searchsorted(contact_codes, start, side="left")
        nxt = contact_codes[np.minimum(i, len(contact_codes) - 1)] if len(contact_codes) else start
        done = (i < len(contact_codes)) & (nxt < limit)
        status = np.where(done, 0, np.where(due[inm] < today_off, 1, 2))
        code = (k[inm] * 3 + status) * (1 << 32) + (g_clerk[inm] + 1)
        for c, cnt in zip(*np.unique(code, return_counts=True), strict=True):
            kk, st = divmod(int(c) >> 32, 3)
            clerk = int(c) & 0xFFFFFFFF
            t = (kk, None if clerk == 0 else clerk - 1, ("done", "overdue", "pending")[st])
            tally[t] = tally.get(t, 0) + int(cnt)
    for (k_, clerk_id, status), n in tally.items():
        r = row(k_, clerk_id)
        r["due"] += n
        if status != "pending":
            r[status] += n

    # scheduled follow-ups
    for due, clerk_id, done in db.execute(
        "SELECT substr(s.next_follow_up, 1, 10), s.clerk_id, EXISTS (SELECT 1 FROM contacts c "
        "WHERE c.member_id = s.member_id AND c.at >= s.at AND (c.at > s.at OR c.id > s.id) "
        "AND c.at < date(substr(s.next_follow_up, 1, 10), ?) AND "
        + _CLEARS
        + ") FROM contacts s WHERE s.next_follow_up IS NOT NULL "
        "AND s.next_follow_up >= ? AND s.next_follow_up < ?",
        [f"+{grace_fu + 1} days", min(m.lo for m in months), hi.isoformat()],
    ):
        k = which(due)
        if k >= 0:
            count(k, clerk_id, due, bool(done))

    # calls per clerk and month (the months do not overlap): one pass over the contacts,
    # each a number (month, clerk, reached) summed by numpy (SQLite's GROUP BY through a
    # temporary b-tree took twice as long)
    month_of = " ".join(f"WHEN at >= ? AND at < ? THEN {k}" for k in range(len(months)))
    bounds = [b for m in months for b in (m.lo, m.hi)]
    codes_text, n_calls = db.execute(
        f"SELECT group_concat(((CASE {month_of} END) * 4294967296 + IFNULL(clerk_id, -1) + 1)"
        f" * 2 + (outcome = 'reached'), ','), COUNT(CASE {month_of} END) FROM contacts "
        "WHERE at >= ? AND at < ?",
        [*bounds, *bounds, min(m.lo for m in months), hi.isoformat()],
    ).fetchone()
    if n_calls:
        call_codes = R.parse_ints(codes_text, n_calls)
        if len(call_codes) != n_calls:
            raise ValueError("contacts: unexpected clerk or time format")
        groups, counts = np.unique(call_codes >> 1, return_counts=True)
        reached = np.bincount(
            np.searchsorted(groups, call_codes >> 1), call_codes & 1, minlength=len(groups)
        )
        for g, calls, got in zip(groups.tolist(), counts.tolist(), reached.tolist(), strict=True):
            k, clerk = divmod(g, 1 << 32)
            r = row(k, None if clerk == 0 else clerk - 1)
            r["calls"], r["reached"] = int(calls), int(got)
    out = []
    for k in range(len(months)):
        for r in per[k].values():
            r["reached_rate"] = _ratio(r["reached"], r["calls"])
        total: dict[str, Any] = {
            key: sum(r[key] for r in per[k].values())
            for key in ("due", "done", "overdue", "calls", "reached")
        }
        total["reached_rate"] = _ratio(total["reached"], total["calls"])
        out.append({"clerks": per[k], "total": total})
    return out


def _complaints(db: sqlite_utils.Database, m: _Month) -> dict[str, Any]:
    p = {"lo": m.lo, "hi": m.hi}
    opened = db.execute(
        "SELECT COUNT(*) FROM complaints WHERE at >= :lo AND at < :hi", p
    ).fetchone()[0]
    spans = [
        float(x)
        for (x,) in db.execute(
            "SELECT julianday(resolved_at) - julianday(at) FROM complaints "
            "WHERE resolved_at >= :lo AND resolved_at < :hi",
            p,
        )
        if x is not None
    ]
    open_at_end = db.execute(
        "SELECT COUNT(*) FROM complaints WHERE at < :hi "
        "AND (resolved_at IS NULL OR resolved_at >= :hi)",
        p,
    ).fetchone()[0]
    cats = dict(
        db.execute(
            "SELECT category, COUNT(*) FROM complaints WHERE at >= :lo AND at < :hi "
            "GROUP BY category",
            p,
        ).fetchall()
    )
    return {
        "opened": int(opened),
        "resolved": len(spans),
        "median_days": round(statistics.median(spans), 2) if spans else None,
        "open_at_end": int(open_at_end),
        "by_category": {k: int(v) for k, v in cats.items()},
    }


def _satisfaction(db: sqlite_utils.Database, m: _Month) -> dict[str, Any]:
    p = {"lo": m.lo, "hi": m.hi}
    n, overall = db.execute(
        "SELECT COUNT(*), AVG(overall) FROM surveys WHERE at >= :lo AND at < :hi", p
    ).fetchone()
    factors = {
        f: {"satisfaction": round(s, 4), "importance": round(i, 4), "answers": int(k)}
        for f, s, i, k in db.execute(
            "SELECT ss.factor, AVG(ss.satisfaction), AVG(ss.importance), COUNT(*) "
            "FROM surveys s JOIN survey_scores ss ON ss.survey_id = s.id "
            "WHERE s.at >= :lo AND s.at < :hi GROUP BY ss.factor ORDER BY ss.factor",
            p,
        )
    }
    return {
        "surveys": int(n),
        "overall": None if overall is None else round(float(overall), 4),
        "factors": factors,
    }


def _points(db: sqlite_utils.Database, m: _Month) -> dict[str, Any]:
    p = {"lo": m.lo, "hi": m.hi, "last": m.last.isoformat()}
    issued, redeemed, expired, other = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN delta > 0 THEN delta END), 0), "
        "COALESCE(-SUM(CASE WHEN reason = 'redeem' THEN delta END), 0), "
        "COALESCE(-SUM(CASE WHEN reason = 'expire' THEN delta END), 0), "
        "COALESCE(-SUM(CASE WHEN delta < 0 AND reason NOT IN ('redeem', 'expire') "
        "THEN delta END), 0) FROM points_ledger WHERE at >= :lo AND at < :hi",
        p,
    ).fetchone()
    total = db.execute(
        "SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE at < :hi", p
    ).fetchone()[0]
    due = db.execute(
        "SELECT COALESCE(SUM(remaining), 0) FROM points_lots "
        "WHERE expires_at < :last AND earned_at < :hi",
        p,
    ).fetchone()[0]
    return {
        "issued": int(issued),
        "redeemed": int(redeemed),
        "expired": int(expired),
        "clawed_back": int(other),
        "outstanding": int(total) - int(due),
    }


def _birthdays(db: sqlite_utils.Database, first: dt.date) -> int:
    """Members (not anonymised) whose own birthday falls in the month from ``first``."""
    from app.calllist import occasion_keys

    last = add_months(first, 1) - dt.timedelta(days=1)
    keys = [[cal, md, leap] for (cal, md, leap) in occasion_keys(first, last)]
    return int(
        db.execute(
            "SELECT COUNT(*) FROM (SELECT json_extract(value, '$[0]') AS cal, "
            "json_extract(value, '$[1]') AS md, json_extract(value, '$[2]') AS leap "
            "FROM json_each(?)) k JOIN members m ON substr(m.birthday, -5) = k.md "
            "AND m.birthday_calendar = k.cal AND m.birthday_leap = k.leap "
            "WHERE m.status <> 'anonymised'",
            [json.dumps(keys)],
        ).fetchone()[0]
    )


def _any(db: sqlite_utils.Database, table: str, where: str = "") -> bool:
    return db.execute(f"SELECT EXISTS (SELECT 1 FROM {table} {where})").fetchone()[0] == 1


# ------------------------------------------------------------------ the report


def build(
    db: sqlite_utils.Database,
    month: str,
    *,
    today: dt.date | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> dict[str, Any]:
    """Every figure of ``month`` (``YYYY-MM``) and the previous month (module
    docstring). ``today`` (default: the date today) decides what is overdue and whether
    the month is still running (``partial``); a month that has not begun is refused."""
    today = today or dt.date.today()
    first = parse_month(month)
    if first > today:
        raise ReportError(f"{month} has not begun yet")

    def progress(done: int) -> None:
        if on_progress is not None:
            on_progress(done, 100)
        if should_cancel is not None and should_cancel():
            raise S.Cancelled("report cancelled")

    progress(0)
    cur, prev, prev2 = _Month(first), _Month(add_months(first, -1)), _Month(add_months(first, -2))
    rules = S.Rules.load(db)
    codes = rules.layer_codes()
    store_name = str(app_settings.get(db, "store_name"))
    point_value = int(app_settings.get(db, "loyalty_point_value_fen"))
    sections: dict[str, Any] = {}

    has_purchases = _any(db, "purchases")

    # The figures that do not need the purchase rows (follow-up work, ~1 s on the 100k
    # store, and the small ones) are made on a second connection while the purchases
    # are read: SQLite releases the GIL as it steps.
    def sql_figures(other: sqlite_utils.Database) -> dict[str, Any]:
        return {
            "follow_up": _follow_up(other, [prev, cur], today),
            "members": _members_sql(other, [cur, prev]),
            "complaints": [_complaints(other, m) for m in (cur, prev)],
            "satisfaction": [_satisfaction(other, m) for m in (cur, prev)],
            "points": [_points(other, m) for m in (cur, prev)],
            "birthdays": [_birthdays(other, cur.next), _birthdays(other, cur.first)],
            "tiers": _tiers_at(other, [cur.hi, prev.hi]),
        }

    background = R.in_background(db, sql_figures)
    # rows in detail from the first day any figure looks at: the 12 months before the
    # earliest month end (two months back) and the trend's first month
    since = min(
        prev2.last - dt.timedelta(days=S.WINDOW_DAYS - 1),
        add_months(first, 1 - TREND_MONTHS),
    )
    pur = _Purchases(db, since, cur.last, should_cancel)
    progress(50)
    pm_cur, pm_prev = pur.month(cur), pur.month(prev)
    # the three month-end states (~40 ms each: _Purchases.facts_at)
    st_cur, st_prev, st_prev2 = (pur.state(m.last, rules) for m in (cur, prev, prev2))
    progress(70)

    # members
    bg = background()
    mem_cur = {**bg["members"][0], "active": pm_cur["buyers"]}
    mem_prev = {**bg["members"][1], "active": pm_prev["buyers"]}
    for d, pm, st in ((mem_cur, pm_cur, st_cur), (mem_prev, pm_prev, st_prev)):
        d["dormant"] = st["life_counts"]["dormant"]
        d["lost"] = st["life_counts"]["lost"]
        d["first_time"] = pm["first_time"]
    sections["members"] = {
        "available": mem_cur["total"] > 0,
        "note": None if mem_cur["total"] else "no_members",
        "figures": _pair(
            mem_cur, mem_prev, ("total", "new", "active", "first_time", "dormant", "lost")
        ),
    }

    # sales
    def by_tier(pm: dict[str, Any], m: _Month) -> dict[str, int]:
        net = pm["net"]
        nz = np.flatnonzero(net)
        return bg["tiers"][0 if m is cur else 1].sums(pur.rows.member_ids[nz], net[nz])

    def by_layer(pm: dict[str, Any], st: dict[str, Any]) -> dict[str, int]:
        lay = pur.layer_of_rows_members(st)
        out = {c: 0 for c in codes}
        ok = lay >= 0
        sums = np.bincount(lay[ok], pm["net"][ok].astype(np.float64), minlength=len(codes))
        for i, c in enumerate(codes):
            out[c] = round(float(sums[i]))
        return out

    tier_order = [c for (c,) in db.execute("SELECT code FROM tiers ORDER BY rank DESC").fetchall()]
    t_cur, t_prev = by_tier(pm_cur, cur), by_tier(pm_prev, prev)
    tier_order += sorted((set(t_cur) | set(t_prev)) - set(tier_order))
    keys = ("total_fen", "tickets", "avg_ticket_fen", "repeat_rate", "top20_share")
    sections["sales"] = {
        "available": has_purchases,
        "note": None if has_purchases else "no_purchases",
        "figures": _pair(pm_cur, pm_prev, keys),
        "by_tier": _rows_pair(t_cur, t_prev, tier_order),
        "by_layer": _rows_pair(by_layer(pm_cur, st_cur), by_layer(pm_prev, st_prev), list(codes)),
    }

    # top members
    net = pm_cur["net"]
    pos = np.flatnonzero(net > 0)
    order = pos[np.lexsort((pur.rows.member_ids[pos], -net[pos]))][:TOP_N]
    top_ids = [int(pur.rows.member_ids[i]) for i in order]
    info = {
        int(r[0]): r[1:]
        for r in db.execute(
            "SELECT id, member_no, name, phone FROM members "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(top_ids)],
        )
    }
    tiers_top = bg["tiers"][0]
    lay_rows = pur.layer_of_rows_members(st_cur)
    prev_net = pm_prev["net"]
    sections["top_members"] = {
        "available": bool(top_ids),
        "note": None if top_ids else "no_sales_this_month" if has_purchases else "no_purchases",
        "rows": [
            {
                "rank": k + 1,
                "member_id": mid,
                "member_no": info.get(mid, ("", "", None))[0],
                "name": info.get(mid, ("", "", None))[1],
                "phone": mask_phone(info.get(mid, ("", "", None))[2]),
                "tier": tiers_top.get(mid, "normal"),
                "layer": codes[lay_rows[i]] if lay_rows[i] >= 0 else None,
                "spend_fen": int(net[i]),
                "previous_fen": int(prev_net[i]),
                "tickets": int(pm_cur["tickets_per"][i]),
            }
            for k, (i, mid) in enumerate(zip(order, top_ids, strict=True))
        ],
    }

    # segments and movement
    had_before = bool(len(st_prev["ids"])) and int(pur.first_sale.min(initial=1 << 40)) <= prev.d1
    sections["segments"] = {
        "available": has_purchases,
        "note": None if has_purchases else "no_purchases",
        "pyramid": _rows_pair(st_cur["layer_counts"], st_prev["layer_counts"], list(codes)),
        "lifecycle": _rows_pair(st_cur["life_counts"], st_prev["life_counts"], list(S.LIFECYCLE)),
        "movement": _movement(st_prev, st_cur, codes),
        "movement_previous": _movement(st_prev2, st_prev, codes),
        "movement_note": None if had_before else "no_previous_month",
    }
    progress(80)

    # follow-up
    fu_prev, fu_cur = bg["follow_up"]
    clerk_ids = sorted(
        set(fu_cur["clerks"]) | set(fu_prev["clerks"]), key=lambda c: (c is None, c or 0)
    )
    names = dict(db.execute("SELECT id, display_name FROM users").fetchall())
    fu_keys = ("due", "done", "overdue", "calls", "reached", "reached_rate")
    idle = {"due": 0, "done": 0, "overdue": 0, "calls": 0, "reached": 0, "reached_rate": None}
    has_contacts = _any(db, "contacts")
    sections["follow_up"] = {
        "available": has_contacts or has_purchases,
        "note": None if has_contacts or has_purchases else "no_contacts",
        "clerks": [
            {
                "clerk_id": c,
                "name": names.get(c) if c is not None else None,
                **_pair(fu_cur["clerks"].get(c, idle), fu_prev["clerks"].get(c, idle), fu_keys),
            }
            for c in clerk_ids
        ],
        "total": _pair(fu_cur["total"], fu_prev["total"], fu_keys),
    }
    progress(88)

    # complaints
    c_cur, c_prev = bg["complaints"]
    has_complaints = _any(db, "complaints")
    cats = sorted(set(c_cur["by_category"]) | set(c_prev["by_category"]))
    sections["complaints"] = {
        "available": has_complaints,
        "note": None if has_complaints else "no_complaints",
        "figures": _pair(c_cur, c_prev, ("opened", "resolved", "median_days", "open_at_end")),
        "by_category": _rows_pair(c_cur["by_category"], c_prev["by_category"], cats),
    }

    # satisfaction
    s_cur, s_prev = bg["satisfaction"]
    has_surveys = _any(db, "surveys")
    factors = sorted(set(s_cur["factors"]) | set(s_prev["factors"]))
    sections["satisfaction"] = {
        "available": has_surveys,
        "note": None if has_surveys else "no_surveys",
        "figures": _pair(s_cur, s_prev, ("surveys", "overall")),
        "factors": [
            {
                "factor": f,
                "satisfaction": figure(
                    s_cur["factors"].get(f, {}).get("satisfaction"),
                    s_prev["factors"].get(f, {}).get("satisfaction"),
                ),
                "importance": figure(
                    s_cur["factors"].get(f, {}).get("importance"),
                    s_prev["factors"].get(f, {}).get("importance"),
                ),
                "answers": s_cur["factors"].get(f, {}).get("answers", 0),
            }
            for f in factors
        ],
    }

    # points
    has_points = _any(db, "points_ledger") or _any(db, "loyalty_rules")
    p_cur, p_prev = bg["points"]
    p_cur["liability_fen"] = p_cur["outstanding"] * point_value
    p_prev["liability_fen"] = p_prev["outstanding"] * point_value
    sections["points"] = {
        "available": has_points,
        "note": None if has_points else "points_not_started",
        "figures": _pair(
            p_cur,
            p_prev,
            ("issued", "redeemed", "expired", "clawed_back", "outstanding", "liability_fen"),
        ),
    }

    # birthdays
    has_birthdays = _any(db, "members", "WHERE birthday IS NOT NULL")
    sections["birthdays"] = {
        "available": has_birthdays,
        "note": None if has_birthdays else "no_birthdays",
        "month": month_text(cur.next),
        "figures": {"next_month": figure(*bg["birthdays"])},
    }

    # trend
    trend = S.monthly_series(pur.rows, cur.last, months=TREND_MONTHS)
    sections["trend"] = {
        "available": has_purchases,
        "note": None if has_purchases else "no_purchases",
        "months": trend,
    }
    progress(100)
    return {
        "month": cur.text,
        "previous_month": prev.text,
        "as_of": min(cur.last, today).isoformat(),
        "partial": cur.last >= today,
        "store_name": store_name,
        "made_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "point_value_fen": point_value,
        "tiers": {
            code: {"name_zh": zh, "name_en": en}
            for code, zh, en in db.execute("SELECT code, name_zh, name_en FROM tiers")
        },
        "sections": sections,
    }
