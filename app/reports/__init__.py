"""The monthly summary (月度报表) as data: every figure of a month (``YYYY-MM``) with last
month's value and the change, JSON-ready (plain dicts, lists, ints, floats, None).
``app.report`` turns it into A4 pages (PDF, print) and an .xlsx; the CLI is
``python main.py report`` (app/cli/report.py); the UI is ui/pages/reports.py.

Nothing here writes to the database (a report can be made from a read-only copy).

Shape
-----
:func:`build` returns ``{"month", "previous_month", "as_of", "partial", "store_name",
"point_value_fen", "sections": {name: section}}``. Every section has ``available``
(False when its data does not exist yet: no purchases, no contacts, no complaints
recorded, no surveys, the points programme not started) and ``note`` (a code of
``app.report.note_text`` words it). A *figure* is ``{"value", "previous",
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

Modules
-------
``base`` (sections, ``ReportError``, month bounds, the figure shape), ``purchases``
(sales, month-end states and movement from the purchase rows), ``tiers`` (tiers at a
month's end), ``follow_up`` (tasks and calls), ``counts`` (members joined, complaints,
satisfaction, points, birthdays) and ``build``.
"""

from app.reports.base import (
    SECTIONS,
    TOP_N,
    TREND_MONTHS,
    Cancel,
    Progress,
    ReportError,
    add_months,
    figure,
    month_text,
    parse_month,
)
from app.reports.build import build
from app.reports.follow_up import _seconds
from app.reports.purchases import _Purchases

__all__ = [
    "SECTIONS",
    "TOP_N",
    "TREND_MONTHS",
    "Cancel",
    "Progress",
    "ReportError",
    "_Purchases",
    "_seconds",
    "add_months",
    "build",
    "figure",
    "month_text",
    "parse_month",
]
