"""Scores and cells: RFM quintiles, the pyramid, the loyalty × value and current ×
potential matrices, lifecycle states and customer types (:func:`segment`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app import state as app_state
from app.analytics.facts import Facts
from app.analytics.rules import (
    CUSTOMER_TYPES,
    LIFECYCLE,
    LOYALTY_CELLS,
    STRATEGIES,
    STRATEGY_OF,
    VALUE_CELLS,
    Rules,
)


def midranks(values: np.ndarray) -> np.ndarray:
    """Mid-rank (1…n) of each value: ties share the average of the ranks they occupy."""
    v = np.asarray(values)
    n = len(v)
    if n == 0:
        return np.zeros(0)
    order = np.argsort(v, kind="stable")
    sv = v[order]
    new = np.ones(n, bool)
    new[1:] = sv[1:] != sv[:-1]
    starts = np.flatnonzero(new)  # each run of equal values holds ranks start+1 … end
    ends = np.append(starts[1:], n)
    ranks = np.empty(n)
    ranks[order] = ((starts + 1 + ends) / 2.0)[np.cumsum(new) - 1]
    return ranks


def quintile_scores(values: np.ndarray, k: int = 5) -> np.ndarray:
    """Scores 1…k, higher for higher values, ties equal (the package docstring)."""
    n = len(values)
    if n == 0:
        return np.zeros(0, np.int8)
    score = np.floor(k * (midranks(values) - 0.5) / n).astype(np.int64) + 1
    return np.clip(score, 1, k).astype(np.int8)


def percentiles(values: np.ndarray) -> np.ndarray:
    """Mid-rank percentile (ρ − ½)/n in (0, 1)."""
    n = len(values)
    if n == 0:
        return np.zeros(0)
    return (midranks(values) - 0.5) / n


def pyramid_layers(spend_12m: np.ndarray, rules: Rules) -> np.ndarray:
    """Layer index per member into ``rules.layer_codes()`` (the package docstring)."""
    codes = rules.layer_codes()
    out = np.full(len(spend_12m), len(codes) - 1, np.int8)  # inactive
    active = spend_12m > 0
    n = int(active.sum())
    if n:
        v = spend_12m[active]
        s = np.sort(v)
        less = np.searchsorted(s, v, side="left")
        leq = np.searchsorted(s, v, side="right")
        top_rank = (2 * n - leq - less + 1) / 2.0  # mid-rank counted from the top
        cum = np.cumsum([share for _, share in rules.pyramid_layers])
        out[active] = np.searchsorted(cum, top_rank / n - 1e-9, side="left")
    return out


def top_share(spend_12m: np.ndarray, share: float = 0.2) -> float | None:
    """Share of 12-month spend coming from the top ``share`` of active customers."""
    v = np.sort(spend_12m[spend_12m > 0])[::-1]
    if not len(v):
        return None
    k = max(1, round(share * len(v)))
    return float(v[:k].sum() / v.sum())


def _threshold(values: np.ndarray, fixed: float | None) -> float:
    if fixed is not None:
        return float(fixed)
    return float(np.median(values)) if len(values) else 0.0


@dataclass
class Segments:
    """Every member's scores and segments as of ``facts.as_of`` plus the summary
    figures. Cell/layer/state arrays hold indexes into the code tuples (−1: none);
    :meth:`code` turns them into codes."""

    facts: Facts
    rules: Rules
    layer_codes: tuple[str, ...]
    r_score: np.ndarray  # int8, 0 for prospects
    f_score: np.ndarray
    m_score: np.ndarray
    layer: np.ndarray  # index into layer_codes
    loyalty: np.ndarray  # float 0..1, NaN for prospects
    loyalty_cell: np.ndarray  # index into LOYALTY_CELLS, −1 for prospects
    value_cell: np.ndarray  # index into VALUE_CELLS, −1 without a forecast
    lifecycle: np.ndarray  # index into LIFECYCLE
    types: dict[str, np.ndarray]  # code -> bool array
    thresholds: dict[str, float]
    top20_share: float | None
    layer_spend_share: dict[str, float]
    forecast: Any = None  # app.analytics.forecast.Forecast aligned with the customers, or None
    potential_fen: np.ndarray | None = None  # per member, NaN for prospects
    monthly: list[dict[str, Any]] = field(default_factory=list)
    movement: dict[str, Any] | None = None
    margins: Any = None  # app.analytics.margin.Margins aligned with facts, or None
    breakdown: Any = None  # app.analytics.breakdowns.Groups aligned with facts, or None

    # -- per member
    def code(self, kind: str, i: int) -> str | None:
        """The code of member index ``i`` for ``kind`` (layer, loyalty_cell,
        value_cell, lifecycle)."""
        table = {
            "layer": self.layer_codes,
            "loyalty_cell": LOYALTY_CELLS,
            "value_cell": VALUE_CELLS,
            "lifecycle": LIFECYCLE,
        }[kind]
        k = int(getattr(self, kind)[i])
        return table[k] if k >= 0 else None

    def index_of(self, member_id: int) -> int:
        i = int(np.searchsorted(self.facts.member_ids, member_id))
        if i >= len(self.facts.member_ids) or self.facts.member_ids[i] != member_id:
            raise KeyError(member_id)
        return i

    # -- groups
    def members_in(self, kind: str, code: str) -> np.ndarray:
        """Member ids of one layer, cell, lifecycle state, customer type, strategy or
        R×F cell (``kind="rf"``, ``code="r5f3"``)."""
        mask = self.mask(kind, code)
        return self.facts.member_ids[mask]

    def mask(self, kind: str, code: str) -> np.ndarray:
        if kind == "layer":
            return self.layer == self.layer_codes.index(code)
        if kind == "loyalty_cell":
            return self.loyalty_cell == LOYALTY_CELLS.index(code)
        if kind == "value_cell":
            return self.value_cell == VALUE_CELLS.index(code)
        if kind == "lifecycle":
            return self.lifecycle == LIFECYCLE.index(code)
        if kind == "type":
            return self.types[code].copy()
        if kind == "strategy":
            cells = [c for c, s in STRATEGY_OF.items() if s == code]
            m = np.zeros(len(self.facts), bool)
            for c in cells:
                m |= self.mask("loyalty_cell" if c in LOYALTY_CELLS else "value_cell", c)
            return m
        if kind == "rf":
            r, f = int(code[1]), int(code[3])
            return (self.r_score == r) & (self.f_score == f)
        if kind == "margin" and self.margins is not None:  # code "top": the top 20%
            from app.analytics.margin import top_mask

            return top_mask(self.margins.margin_fen)
        if self.breakdown is not None and kind in self.breakdown.codes:
            return self.breakdown.mask(kind, code)
        raise ValueError(f"unknown segment kind {kind!r}")

    def counts(self) -> dict[str, dict[str, int]]:
        """Members per segment of each model."""

        def count(codes: Sequence[str], arr: np.ndarray) -> dict[str, int]:
            bins = np.bincount(arr[arr >= 0].astype(np.int64), minlength=len(codes))
            return {c: int(bins[i]) for i, c in enumerate(codes)}

        strategies = {s: int(self.mask("strategy", s).sum()) for s in STRATEGIES}
        customers = self.facts.customer
        return {
            "pyramid": count(self.layer_codes, self.layer),
            "loyalty_matrix": count(LOYALTY_CELLS, self.loyalty_cell),
            "value_matrix": count(VALUE_CELLS, self.value_cell),
            "lifecycle": count(LIFECYCLE, self.lifecycle),
            "customer_types": {t: int(self.types[t].sum()) for t in CUSTOMER_TYPES},
            "strategies": strategies,
            "rfm_r": {str(s): int((self.r_score[customers] == s).sum()) for s in range(1, 6)},
            "rfm_f": {str(s): int((self.f_score[customers] == s).sum()) for s in range(1, 6)},
            "rfm_m": {str(s): int((self.m_score[customers] == s).sum()) for s in range(1, 6)},
        }

    def rf_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, mean monetary in yuan) over R (rows 1..5) × F (columns 1..5)."""
        c = self.facts.customer
        idx = (self.r_score[c].astype(np.int64) - 1) * 5 + (self.f_score[c].astype(np.int64) - 1)
        m = (
            self.facts.spend_fen[c]
            if self.rules.rfm_window == "lifetime"
            else self.facts.spend_12m_fen[c]
        )
        counts = np.bincount(idx, minlength=25).reshape(5, 5)
        sums = np.bincount(idx, m / 100.0, minlength=25).reshape(5, 5)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        return counts, mean


def lifecycle_states(facts: Facts, rules: Rules) -> np.ndarray:
    """Index into LIFECYCLE per member. Prospect, dormant and lost are the customer
    state of app/state.py (the one every page reads, hand marks included); the state's
    new and active customers are split further into new (one purchase day), loyal and
    repeat by the package docstring's rules."""
    c = facts.customer
    life = np.zeros(len(facts), np.int8)  # prospect
    life[c] = LIFECYCLE.index("repeat")
    loyal = (facts.days_12m >= rules.loyal_min_days_12m) & (
        facts.tenure_days >= rules.loyal_min_tenure_days
    )
    life[c & loyal] = LIFECYCLE.index("loyal")
    life[c & (facts.days == 1)] = LIFECYCLE.index("new")
    # recency and tenure are as of the facts' day: day numbers relative to it
    last = np.where(c, -facts.recency_days, -1)
    first = np.where(c, -facts.tenure_days, -1)
    mark = getattr(facts, "lost_mark_day", None)
    st = app_state.classify(
        as_of_day=0,
        customer=c,
        first_day=first,
        last_day=last,
        mark_day=None if mark is None else mark - _as_of_day(facts),
        th=app_state.Thresholds(rules.dormant_days, rules.lost_days),
    )
    life[st == app_state.STATES.index("prospect")] = LIFECYCLE.index("prospect")
    life[st == app_state.STATES.index("dormant")] = LIFECYCLE.index("dormant")
    life[st == app_state.STATES.index("lost")] = LIFECYCLE.index("lost")
    return life


def _as_of_day(facts: Any) -> int:
    return int((facts.as_of - dt.date(1970, 1, 1)).days)


def customer_types(facts: Facts, rules: Rules) -> dict[str, np.ndarray]:
    """The customer types of the package docstring, a bool array per code of
    CUSTOMER_TYPES (the analytics page, the member list's column and filter and the
    member card all read this)."""
    c = facts.customer
    rec = facts.recency_days
    with np.errstate(invalid="ignore"):
        ineffective = c & (facts.days == 1) & (rec > rules.one_time_gone_days)
        return {
            "effective": c & ~ineffective,
            "ineffective": ineffective,
            "discount": c
            & (facts.tickets >= rules.min_tickets)
            & (np.nan_to_num(facts.discount_share, nan=0.0) >= rules.discount_share),
            "frequency": c
            & (facts.days - 1 >= rules.min_tickets)
            & (np.nan_to_num(facts.gap_cv, nan=np.inf) <= rules.frequency_max_cv),
            "amount": c
            & (facts.tickets >= rules.min_tickets)
            & (np.nan_to_num(facts.ticket_cv, nan=np.inf) <= rules.amount_max_cv),
        }


def segment(facts: Facts, rules: Rules, forecast: Any = None) -> Segments:
    """Scores and segments of every member of ``facts``. ``forecast`` is an
    ``app.analytics.forecast.Forecast`` over the customers (in facts order) or None (no
    value matrix)."""
    n = len(facts)
    c = facts.customer
    codes = rules.layer_codes()

    # RFM
    r_score = np.zeros(n, np.int8)
    f_score = np.zeros(n, np.int8)
    m_score = np.zeros(n, np.int8)
    if c.any():
        f_vals = facts.days if rules.rfm_window == "lifetime" else facts.days_12m
        m_vals = facts.spend_fen if rules.rfm_window == "lifetime" else facts.spend_12m_fen
        r_score[c] = quintile_scores(-facts.recency_days[c])
        f_score[c] = quintile_scores(f_vals[c])
        m_score[c] = quintile_scores(m_vals[c])

    layer = pyramid_layers(facts.spend_12m_fen, rules)
    total12 = float(facts.spend_12m_fen[facts.spend_12m_fen > 0].sum())
    layer_spend_share = {}
    for i, code in enumerate(codes):
        sel = (layer == i) & (facts.spend_12m_fen > 0)
        layer_spend_share[code] = (
            float(facts.spend_12m_fen[sel].sum() / total12) if total12 else 0.0
        )

    # loyalty x value
    loyalty = np.full(n, np.nan)
    loyalty_cell = np.full(n, -1, np.int8)
    thresholds: dict[str, float] = {}
    if c.any():
        loyalty[c] = (
            percentiles(facts.days_12m[c])
            + percentiles(facts.tenure_days[c])
            + percentiles(-facts.recency_days[c])
        ) / 3.0
        thr_l = _threshold(loyalty[c], rules.loyalty_threshold)
        thr_v = _threshold(facts.spend_fen[c], rules.value_threshold_fen)
        thresholds.update(loyalty=thr_l, value_fen=thr_v)
        # LOYALTY_CELLS order: true_friend (loyal, valuable), barnacle (loyal, low
        # value), butterfly (not loyal, valuable), stranger
        hl, hv = loyalty[c] > thr_l, facts.spend_fen[c] > thr_v
        loyalty_cell[c] = np.where(hl, np.where(hv, 0, 1), np.where(hv, 2, 3))

    # current x potential
    value_cell = np.full(n, -1, np.int8)
    potential = None
    if forecast is not None and forecast.bgnbd is not None and c.any():
        potential = np.full(n, np.nan)
        potential[c] = forecast.expected_value_fen
        cur = facts.spend_12m_fen[c]
        thr_c = _threshold(cur, rules.current_threshold_fen)
        thr_p = _threshold(potential[c], rules.potential_threshold_fen)
        thresholds.update(current_fen=thr_c, potential_fen=thr_p)
        hc, hp = cur > thr_c, potential[c] > thr_p
        value_cell[c] = np.where(hc, np.where(hp, 0, 1), np.where(hp, 2, 3))

    life = lifecycle_states(facts, rules)

    types = customer_types(facts, rules)

    return Segments(
        facts=facts,
        rules=rules,
        layer_codes=codes,
        r_score=r_score,
        f_score=f_score,
        m_score=m_score,
        layer=layer,
        loyalty=loyalty,
        loyalty_cell=loyalty_cell,
        value_cell=value_cell,
        lifecycle=life,
        types=types,
        thresholds=thresholds,
        top20_share=top_share(facts.spend_12m_fen),
        layer_spend_share=layer_spend_share,
        forecast=forecast,
        potential_fen=potential,
    )


def run_forecast(facts: Facts, rules: Rules, check: Any = None, margins: Any = None) -> Any:
    """Fit BG/NBD, Pareto/NBD and Gamma-Gamma on the customers of ``facts`` and score
    them; ``check`` (``app.analytics.modelcheck``) says which model forecasts;
    ``margins`` (``app.analytics.margin.Margins`` aligned with ``facts``) gives each
    customer's margin rate for CLV, else the flat ``clv_margin``."""
    from app.analytics import forecast

    c = facts.customer
    return forecast.forecast(
        facts.x[c],
        facts.t_x[c],
        facts.tenure_days[c],
        facts.m_x[c],
        rules.clv_rules(),
        check=check,
        margin_rate=None if margins is None else margins.rate[c],
    )
