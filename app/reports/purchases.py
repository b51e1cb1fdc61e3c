"""The report's purchase figures: the month's sales, the month-end states (pyramid layer,
lifecycle) and the movement between them, all numpy reductions of the purchase rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import sqlite_utils

from app import analytics as S
from app import state as app_state
from app.analytics import rows as R
from app.reports.base import Cancel, _Month, _ratio


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
