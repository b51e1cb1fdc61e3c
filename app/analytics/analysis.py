"""The whole analysis (:func:`analyze`) and its figures as JSON-ready data
(:func:`summary`)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import numpy as np
import sqlite_utils

from app import state as app_state
from app.analytics.facts import compute_facts, load_members
from app.analytics.margin import load_cost_sums, margins_for, top_share
from app.analytics.rows import in_background, load_rows
from app.analytics.rules import Cancel, Cancelled, Progress, Rules
from app.analytics.scores import Segments, run_forecast, segment
from app.analytics.series import monthly_series
from app.analytics.snapshots import movement
from app.core import gc_deferred
from app.purchase_fetch import PurchaseFetch


def analyze(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    with_forecast: bool = True,
    with_movement: bool = True,
    with_monthly: bool = True,
    store_snapshots: bool = True,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    prefetched: PurchaseFetch | None = None,
) -> Segments:
    """Everything the analytics page, the ``analyze`` command and the monthly report
    show, as of the end of ``as_of`` (default today). Progress runs 0…100.
    ``prefetched``: the purchase fetch of this store and ``as_of``, already started
    (``app.purchase_fetch``; the ``analyze`` command starts it before this import).
    Without ``with_monthly`` the monthly series (``seg.monthly``, the charts' and the
    report's) is left empty: the ``analyze`` command prints none of it (~60 ms).

    With ``with_forecast`` this imports ``app.analytics.forecast`` (scipy) on the calling
    thread if it is not imported yet: a caller on a worker thread imports it on the main
    thread first (ui/pages/analytics.py does), so that no package is ever imported on two
    threads at once (that can raise ``_DeadlockError``).

    No cyclic garbage collection runs meanwhile (``core.gc_deferred``): on the page's
    worker a full collection of the window's heap held the GIL long enough to freeze the
    window."""
    with gc_deferred():
        return _analyze(
            db,
            as_of=as_of or dt.date.today(),
            rules=rules or Rules.load(db),
            with_forecast=with_forecast,
            with_movement=with_movement,
            with_monthly=with_monthly,
            store_snapshots=store_snapshots,
            on_progress=on_progress,
            should_cancel=should_cancel,
            prefetched=prefetched,
        )


def _analyze(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date,
    rules: Rules,
    with_forecast: bool,
    with_movement: bool,
    with_monthly: bool,
    store_snapshots: bool,
    on_progress: Progress | None,
    should_cancel: Cancel | None,
    prefetched: PurchaseFetch | None = None,
) -> Segments:

    def progress(done: int, total: int = 100) -> None:
        if on_progress is not None:
            on_progress(done, total)
        if should_cancel is not None and should_cancel():
            raise Cancelled("analysis cancelled")

    progress(0)
    found: list[tuple[np.ndarray, np.ndarray]] = []
    cost_sums: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def meanwhile() -> None:
        # The lines with a known cost: a second grouped pass (~0.3 s on the 100k store),
        # on a thread and connection of its own, beside the purchase reader. Both answer
        # in one row per pass or range, so neither needs the GIL while SQLite works.
        costs = in_background(db, lambda conn: load_cost_sums(conn, as_of=as_of))
        found.append(load_members(db))
        if with_forecast:
            # scipy takes ~0.3 s to import: on this thread while the readers' SQLite runs
            # (it releases the GIL), never on a thread started for it
            importlib.import_module("app.analytics.modelcheck")
        cost_sums.append(costs())

    rows = load_rows(
        db,
        as_of=as_of,
        on_progress=lambda d, t: progress(int(60 * d / max(t, 1))),
        should_cancel=should_cancel,
        meanwhile=meanwhile,
        prefetched=prefetched,
    )
    members = found[0]
    facts = compute_facts(rows, members, as_of)
    facts.lost_mark_day = app_state.mark_days_for(facts.member_ids, app_state.load_marks(db))
    margins = margins_for(
        facts.member_ids,
        facts.spend_fen,
        cost_sums[0],
        default_rate=rules.clv_margin,
        min_known_share=rules.clv_margin_min_known_share,
    )
    progress(70)
    fc = None
    if with_forecast:
        modelcheck: Any = importlib.import_module("app.analytics.modelcheck")
        fc = run_forecast(facts, rules, modelcheck.check_rows(rows, as_of), margins)
    progress(85)
    seg = segment(facts, rules, fc)
    seg.margins = margins
    if with_monthly:
        seg.monthly = monthly_series(rows, as_of)
    progress(90)
    if with_movement:
        seg.movement = movement(db, seg, rows, members, store=store_snapshots)
    progress(100)
    return seg


def summary(seg: Segments) -> dict[str, Any]:
    """The figures of an analysis as JSON-ready data (what ``analyze --json`` prints)."""
    fc = seg.forecast
    facts = seg.facts
    models: dict[str, Any] = {
        "bgnbd": None,
        "pareto_nbd": None,
        "gamma_gamma": None,
        "note": "",
        "forecast_model": None,
        "check": None,
    }
    if fc is not None:
        models["note"] = fc.note
        models["forecast_model"] = fc.model if fc.bgnbd is not None else None
        if fc.check is not None:
            models["check"] = fc.check.as_dict()
        if fc.pareto is not None:
            models["pareto_nbd"] = {
                **{k: round(v, 6) for k, v in fc.pareto.as_dict().items()},
                "alpha_beta_unit": "day",
                "log_likelihood": round(fc.pareto.log_likelihood, 3),
                "customers": fc.pareto.n,
                "converged": fc.pareto.converged,
            }
        if fc.bgnbd is not None:
            models["bgnbd"] = {
                **{k: round(v, 6) for k, v in fc.bgnbd.as_dict().items()},
                "alpha_unit": "day",
                "log_likelihood": round(fc.bgnbd.log_likelihood, 3),
                "customers": fc.bgnbd.n,
                "converged": fc.bgnbd.converged,
            }
        if fc.gamma_gamma is not None:
            models["gamma_gamma"] = {
                **{k: round(v, 6) for k, v in fc.gamma_gamma.as_dict().items()},
                "gamma_unit": "yuan",
                "mean_spend_yuan": round(fc.gamma_gamma.mean_spend, 2),
                "customers": fc.gamma_gamma.n,
                "converged": fc.gamma_gamma.converged,
            }
    c = facts.customer
    out: dict[str, Any] = {
        "as_of": facts.as_of.isoformat(),
        "members": len(facts),
        "customers": int(c.sum()),
        "top20_share": None if seg.top20_share is None else round(seg.top20_share, 4),
        "thresholds": {k: round(v, 4) for k, v in seg.thresholds.items()},
        "counts": seg.counts(),
        "pyramid_spend_share": {k: round(v, 4) for k, v in seg.layer_spend_share.items()},
        "models": models,
    }
    if r := _r(fc):
        out["params"] = r
    if fc is not None and fc.bgnbd is not None:
        out["forecast"] = {
            "days": fc.rules.forecast_days,
            "expected_purchases": round(float(np.nansum(fc.expected_purchases)), 1),
            "expected_sales_fen": int(np.nansum(fc.expected_value_fen)),
            "mean_p_alive": round(float(np.nanmean(fc.p_alive)), 4),
            "clv_total_fen": int(np.nansum(fc.clv_fen)),
        }
    if seg.movement is not None:
        out["movement"] = seg.movement
    if seg.margins is not None:
        out["margin"] = margin_summary(seg.margins)
    return out


def margin_summary(m: Any) -> dict[str, Any]:
    """The store's gross margin (app/analytics/margin.py) as JSON-ready figures."""
    spend = int(m.spend_fen[m.spend_fen > 0].sum())
    known = int(m.known_paid_fen.sum())
    top = top_share(m.margin_fen)
    return {
        "margin_fen": int(m.margin_fen.sum()),
        "known_margin_fen": int(m.known_margin_fen.sum()),
        "known_cost_share": round(min(1.0, known / spend), 4) if spend > 0 else 0.0,
        "members_own_rate": int(m.uses_own_rate.sum()),
        "top20_share": None if top is None else round(top, 4),
    }


def _r(fc: Any) -> dict[str, float] | None:
    """The flat parameter block: r, alpha (per day), a, b, p, q, gamma."""
    if fc is None or fc.bgnbd is None:
        return None
    out = {k: round(v, 6) for k, v in fc.bgnbd.as_dict().items()}
    if fc.gamma_gamma is not None:
        out.update({k: round(v, 6) for k, v in fc.gamma_gamma.as_dict().items()})
    return out
