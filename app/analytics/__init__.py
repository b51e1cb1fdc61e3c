"""Customer segments as of a date (DOMAIN.md, "Segmentation models"): RFM, the customer
pyramid, the loyalty × value and current × potential matrices, lifecycle states,
customer types, the four strategies, month-over-month movement, and call-list tasks
made from a segment.

Everything is derived from ``purchases`` (and ``members`` for the prospects); nothing
here is the truth, and the only stored results — monthly snapshots — are rebuilt from
facts. Codes, never words: ``app.labels`` has the Chinese and English for every code.

Facts per member, as of the end of day D (``as_of``)
----------------------------------------------------
One grouped pass over ``purchases`` through the covering index (member_id, at,
paid_fen, is_discounted): each member's rows come back as two concatenated strings
(times; 2·paid_fen + is_discounted) that numpy parses (:func:`load_rows`; two
connections read alternate member ranges when a second core is free); every figure
below is then a vectorised numpy reduction. Members joined after D who had not bought
by then are left out.
A *sale* is a row with ``paid_fen >= 0`` (the schema forces returns to ``<= 0``; the
rare zero-amount return is found through the partial index on ``return_of``), a
*purchase day* a calendar day with at least one sale; returns are netted into spend.

* ``recency_days`` = D − last purchase day (0 = bought today);
* ``days`` (F, lifetime) = distinct purchase days; ``days_12m`` = those in the last 365
  days (D−364 … D); ``tickets`` = sale tickets;
* ``spend_fen`` (M, lifetime) = net paid (sales − returns); ``spend_12m_fen`` the same
  over the last 365 days;
* ``discount_share`` = discounted sales / all sales (sales only, before returns);
* ``ticket_cv`` = population std / mean of sale ticket amounts;
* ``gap_cv`` = population std / mean of the gaps (days) between consecutive purchase
  days;
* ``tenure_days`` = D − first purchase day;
* BG/NBD inputs (``app.analytics.forecast``): x = days − 1, t_x = last − first purchase day, T =
  tenure_days; m_x = (net spend − net spend of the first purchase day) / x, in yuan.

Customers are members with at least one purchase day; the others are *prospects*
(潜在) and get no RFM score, no matrix cell and layer ``inactive``.

RFM quintile scores (1–5, 5 best)
---------------------------------
R ranks −recency, F ranks ``days``, M ranks ``spend_fen`` (lifetime; ``rfm_window =
"12m"`` uses ``days_12m``/``spend_12m_fen``) among customers. **Ties**: each value gets
the average of the ranks its ties occupy (mid-rank ρ, 1…n), and score =
⌊5 (ρ − ½) / n⌋ + 1. So equal values always get equal scores, a tie group that
straddles a quintile boundary goes wholly to the quintile holding its middle, and
without ties every quintile has n/5 members.

Pyramid (顾客金字塔), by share of spend
-------------------------------------
Customers with positive net spend in the last 12 months are ranked by it. With
cumulative shares c₁ < c₂ < … (default layers top 1% / next 19% / next 30%, setting
``segments_pyramid_layers``), a customer whose mid-rank from the top is ρ goes to the
first layer with ρ/n ≤ cₖ (platinum 铂金, gold 黄金, iron 钢铁), the rest to ``lead``
(铅); no spend in 12 months (and prospects): ``inactive``. The chart shows each layer's
count and share of 12-month spend. **80/20 figure**: the share of 12-month spend that
comes from the top 20% (rounded, at least one) of those customers.

Loyalty × value (客户矩阵)
-------------------------
loyalty = (P(days_12m) + P(tenure_days) + P(−recency_days)) / 3, where P is the
mid-rank percentile (ρ − ½)/n among customers (0…1): how often lately, for how long,
how recently. value = lifetime net spend. *High* means strictly above the threshold
(``segments_loyalty_threshold``, ``segments_value_threshold_fen``; null = the median
of customers, so members exactly at the median count as low). Cells: 知己 true_friend
(high, high), 藤壶 barnacle (loyal, low value), 蝴蝶 butterfly (not loyal, high value),
过客 stranger (low, low).

Current × potential (价值曲线)
-----------------------------
current = net spend in the last 12 months; potential = the forecast net spend of the
next ``clv_forecast_days`` (expected purchases × expected spend per purchase,
app.analytics.forecast). Same threshold rule (``segments_current_threshold_fen``,
``segments_potential_threshold_fen``, null = median). Cells: 明星 star (high, high),
现金 cash_cow (high current, low potential), 问题 question (low, high), 瘦狗 dog.

Strategies: 深度关爱 deep_care for 知己/明星, 深度获取 deep_acquisition for 蝴蝶/问题,
深度挖掘 deep_mining for 藤壶/现金, 长期培育 long_term_nurture for 过客/瘦狗.

Lifecycle (settings ``lifecycle_*``), first rule that applies
-------------------------------------------------------------
prospect, lost and dormant are the customer state of app/state.py, the one every page
reads: prospect: no purchase; lost: marked lost by hand with no purchase on a later day,
or recency > 365 days; dormant: recency > 180 days. The state's other customers: new:
one purchase day; loyal: ≥ 4 purchase days in the last 12 months and a customer for
≥ 365 days; repeat: everyone else. (app/state.py's own "new" — first purchase within
``lifecycle_new_days`` — is the member list's; here "new" is a lifecycle stage.)

Customer types (flags; a customer can have several)
---------------------------------------------------
ineffective (无效): one purchase day, more than ``types_one_time_gone_days`` (365) ago;
effective (有效): every other customer. discount (折扣型): ≥ ``types_min_tickets`` (3)
tickets and discount_share ≥ 0.6. frequency (频率型): ≥ 3 gaps and gap_cv ≤ 0.5.
amount (金额型): ≥ 3 tickets and ticket_cv ≤ 0.25.

Month-over-month movement
-------------------------
:func:`movement` compares each member's layer and lifecycle state at the end of the
previous month with those at ``as_of``. Month-end states are kept in
``segment_snapshots`` (one row per member and month), a cache: a snapshot is rebuilt
from facts when it is missing or stale — a purchase dated in or before that month was
added since (found through the ids), a member who had joined by then was added, or the
rules changed. Writers that rewrite history without adding rows (a member merge) call
:func:`invalidate_snapshots`.

Modules (no Qt anywhere; each imports only those listed before it):

* :mod:`app.analytics.rules`       — the codes, the thresholds (``Rules``), progress and
  cancel
* :mod:`app.analytics.rows`        — the purchase-row reader (``load_rows``), shared with
  the monthly report (``app.reports``)
* :mod:`app.analytics.facts`       — per-member facts as of a day (``compute_facts``)
* :mod:`app.analytics.optimise`    — the small BFGS the fits use
* :mod:`app.analytics.pareto`      — Pareto/NBD (P(active) comes from it)
* :mod:`app.analytics.forecast`    — BG/NBD, Gamma-Gamma and CLV (numpy/scipy)
* :mod:`app.analytics.modelcheck`  — which model forecasts: the store's held-out months
* :mod:`app.analytics.scores`      — RFM, pyramid, matrices, lifecycle, types
  (``segment``)
* :mod:`app.analytics.series`      — the monthly series
* :mod:`app.analytics.snapshots`   — month-end snapshots and movement
* :mod:`app.analytics.analysis`    — the whole analysis (``analyze``, ``summary``)
* :mod:`app.analytics.member_table` — one row per member (``member_rows``)
* :mod:`app.analytics.export`      — the .xlsx of every member (``export_xlsx``)
* :mod:`app.analytics.tasks`       — call-list tasks made from a segment
* :mod:`app.analytics.cache`       — the last analysis while the facts are unchanged

The names the pages and commands use are re-exported here. ``forecast`` is not
imported with the package (scipy takes ~0.3 s): :func:`analyze` imports it (through
``modelcheck``) on the calling thread while SQLite reads. The app runs ``analyze`` on
its task runner only after ``ui/warmup.py`` has imported ``app.analytics.modelcheck``
there, and the GUI thread never imports it (a package imported on two threads at once
can raise ``_DeadlockError``).
"""

from __future__ import annotations

from app.analytics.analysis import analyze, summary
from app.analytics.cache import AnalysisCache, data_fingerprint
from app.analytics.export import export_xlsx
from app.analytics.facts import Facts, compute_facts, load_members
from app.analytics.member_table import COLUMNS, member_rows
from app.analytics.rows import PurchaseRows, load_rows
from app.analytics.rules import (
    CUSTOMER_TYPES,
    LAYERS,
    LIFECYCLE,
    LOYALTY_CELLS,
    STRATEGIES,
    STRATEGY_OF,
    VALUE_CELLS,
    WINDOW_DAYS,
    Cancel,
    Cancelled,
    Progress,
    Rules,
)
from app.analytics.scores import (
    Segments,
    lifecycle_states,
    midranks,
    percentiles,
    pyramid_layers,
    quintile_scores,
    run_forecast,
    segment,
    top_share,
)
from app.analytics.series import monthly_series
from app.analytics.snapshots import (
    fill_snapshots,
    invalidate_snapshots,
    month_end,
    movement,
    previous_month_end,
    read_snapshot,
    rebuild_snapshots,
    write_snapshot,
)
from app.analytics.tasks import add_campaign_tasks, open_campaign_tasks

__all__ = [
    "COLUMNS",
    "CUSTOMER_TYPES",
    "LAYERS",
    "LIFECYCLE",
    "LOYALTY_CELLS",
    "STRATEGIES",
    "STRATEGY_OF",
    "VALUE_CELLS",
    "WINDOW_DAYS",
    "AnalysisCache",
    "Cancel",
    "Cancelled",
    "Facts",
    "Progress",
    "PurchaseRows",
    "Rules",
    "Segments",
    "add_campaign_tasks",
    "analyze",
    "compute_facts",
    "data_fingerprint",
    "export_xlsx",
    "fill_snapshots",
    "invalidate_snapshots",
    "lifecycle_states",
    "load_members",
    "load_rows",
    "member_rows",
    "midranks",
    "month_end",
    "monthly_series",
    "movement",
    "open_campaign_tasks",
    "percentiles",
    "previous_month_end",
    "pyramid_layers",
    "quintile_scores",
    "read_snapshot",
    "rebuild_snapshots",
    "run_forecast",
    "segment",
    "summary",
    "top_share",
    "write_snapshot",
]
