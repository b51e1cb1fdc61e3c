"""The loyalty programme (积分 / 会员等级): versioned rules, an append-only points ledger,
redemptions, expiry and tiers.

**The programme starts when the owner saves the first rule version.** Until a version is
in force nothing is awarded and tiers are not changed automatically (points are a debt of
the store: the owner opts in). :data:`DEFAULT_RULES` is what the loyalty page offers
for that first version.

Rules (one JSON document per version in ``loyalty_rules``)
============================================================

* **Which version applies**: the one in force on the *date of the fact* — the sale's
  date for spend and referral points, the birthday's date, the visit's date. A version
  is in force from its ``effective_from`` until the next one; two versions with the same
  date: the later saved wins. A new version may not start before today (except while the
  ledger is still empty, so a store can date its first version back and
  :func:`backfill` its history): earned points are never rewritten, and a change never
  re-dates them, because every earning entry carries its own expiry date (below).
* **Spend points, rounding**: ``points = ⌊paid_fen × multiplier_pct ÷ (100 ×
  fen_per_point)⌋`` on the ticket's *paid* amount (after discounts), floored once, in
  integers. ``fen_per_point`` 1000 = 1 point per ¥10; the multiplier is that of the tier
  the member holds when the sale is recorded (before any upgrade that sale brings).
  ¥95 paid by a gold member (125%): ⌊9500 × 125 ÷ 100000⌋ = 11 points.
* **Referral points** go to the referrer (``members.referrer_id``) once per referred
  member, when the referred member's first sale is recorded (no earlier sale exists);
  they are not taken back when that sale is returned.
* **Birthday points**: once per member per calendar year, by the daily job
  (:func:`award_birthdays`), dated on the birthday (lunar birthdays converted, the call
  list's customs), for birthdays in the last ``loyalty_birthday_catch_up_days`` days
  (so a store closed on the day still awards them), not before the member joined.
* **Visit points**: :func:`record_visit`, at most once per member per day, no purchase
  needed.
* **Expiry**: ``expiry_months`` N (or None: never). Points earned in month M stay valid
  to the *last day of month M + N* (earned 2026-01-15 with N = 24: valid through
  2028-01-31); that date is stamped on the entry (``expires_at``, the last valid day)
  when it is earned.

Ledger (``points_ledger``, append-only by trigger)
==================================================

The balance is ``SUM(delta)`` — never a stored counter. Reasons: spend, referral,
birthday, visit, opening, adjust (+/−), redeem, return, expire. Each entry has a
reference (``ref_type``/``ref_id``), clerk, time, expiry date and note. Idempotency is
in the schema (unique index ``idx_ledger_once``): one ``spend`` per sale
(``purchase``, sale id), one ``return`` per return ticket, one ``referral`` per referred
member (``member``, referred id), one ``birthday`` per member per year and one ``visit``
per member per day (``member``, id at the time), one ``opening`` per member and source
(``ref_type`` = the source name, ``ref_id`` = member). Keys never involve the current
``member_id``, so merging two members never collides. ``expire`` entries reference their
lot (``points_ledger``, lot id) and are kept to what the lot still holds by the cache
below; a lot normally gets one, a second only when a back-dated entry (a return or an
adjustment dated in the past) changed what it held before it expired.

* **Lots and consumption**: every positive entry is a *lot*. Negative entries consume
  lots *oldest first* (FIFO by ``(at, id)``), skipping lots already expired at the
  entry's time; a **return** first takes back from the returned sale's own lot, and an
  **expire** entry takes exactly its lot's remainder. :func:`lots._replay` is the one
  definition; ``points_lots`` caches each lot's remaining points (triggers keep it
  current for new lots and expiries and mark a member *stale* for anything else — a
  negative entry, a back-dated lot, a merge — and the actions here rebuild stale members
  in their own transaction). :func:`lots_mismatches` compares the cache with a replay.
* **Returns** reverse points in proportion to what was refunded: after returns refunding
  R of a sale that paid P and earned A points, ``⌊A × R ÷ P⌋`` points in total are
  taken back (all of A when everything comes back), never more than A. The entry
  references the return ticket; its note names the spend entry. **The balance never
  goes negative**: when the clawback exceeds the balance, the balance is taken and the
  rest is recorded in the note (``shortfall=N``); a later return of the same ticket
  recovers it if it can.
* **Redemption** (:func:`redeem`): refused with ``points_short`` when the balance (after
  expiring what is due) is below the reward's cost; nothing is written then.
* **Adjustments** (:func:`adjust_points`) need a written reason; owner or manager only.
* **Opening balances** (:func:`add_opening_balance`) are idempotent on ``ref``.

Expiry
======

:func:`expire_points` writes one ``expire`` entry per lot whose last valid day is before
``today`` and which still has points, dated the day after that last valid day, oldest
first; running it twice writes nothing. It commits every
:data:`jobs.EXPIRY_CHUNK_MEMBERS` members, so a large catch-up does not hold the write lock
for long; an interrupted run is finished by the next. Actions that spend points expire the member's
due lots first, so a balance never includes expired points. :func:`run_daily` (start-up
and daily) runs expiry, birthdays and the tier review.

Tiers
=====

Tiers (``tiers``: names, ``min_spend_fen`` thresholds) are by *rolling 12-month net
spend*: S(d) = net paid (sales minus refunds) dated in [d − 365 days, d]. With R the
latest yearly review date on or before today (setting ``loyalty_tier_review_date``,
``MM-DD``, default ``01-01``):

    expected tier = max( tier_for_spend(S(R − 1 day)),
                         max over sales p dated in [R, today] of tier_for_spend(S_p) )

where S_p is S at sale p counting the purchases recorded up to p (``id <= p.id``): a
member keeps for the year the tier last year's spend earned and moves **up at once**
when a sale lifts the rolling spend over a threshold (the purchase hook upgrades), but
moves **down only at the yearly review** (:func:`recompute_tiers` with ``review=True``
on or after the review date, once per review date). Between reviews the stored tier is
``max(stored, expected)``; after the review it equals ``expected``. Tier changes write
``tier_history``. Threshold raises and manual edits therefore take effect at the next
review; :func:`tier_mismatches` lists members whose tier differs from the
recomputation.

Liability
=========

Outstanding points (not expired) × ``loyalty_point_value_fen`` (default 100 fen: one
point usable as ¥1, DOMAIN.md's "10 points usable as 10 yuan"), :func:`liability`.

Speed (tests/bench/bench_loyalty.py, 100k members / 2M purchases)
==================================================================

* The award inside a sale is a handful of indexed statements (≈0.4 ms added).
* Bulk work (:func:`backfill`, a large :func:`expire_points`, rebuilding many members'
  lots) drops the cache triggers — and for the backfill the ledger's secondary indexes —
  inside its transaction and puts them back before it commits (:func:`lots._schema_off`):
  row-by-row upkeep would cost minutes. The daily expiry reads only the due lots through
  ``idx_points_lots_expires``.
* The tier formula needs the per-sale sums S_p only for members whose sales in the
  whole span could reach a higher tier than their base (and, when upgrading only, than
  the tier they hold); those are computed in one pass over their purchases
  (:func:`tiers._best_instants`). A test compares it with the formula computed the slow way.

Where the code lives
====================

One module per concern; this package re-exports the public API (``from app import
loyalty; loyalty.redeem(...)``). Lower modules never import higher ones:

* :mod:`~app.loyalty.entries` — writing a ledger entry, the balance;
* :mod:`~app.loyalty.lots` — FIFO lots, their cache (``points_lots``), settling due lots;
* :mod:`~app.loyalty.tiers` — tiers, the rolling spend, the yearly review;
* :mod:`~app.loyalty.rules` — rule versions, spend points, expiry dates;
* :mod:`~app.loyalty.actions` — visit points, redemption, adjustments, opening balances;
* :mod:`~app.loyalty.rewards` — the rewards catalogue;
* :mod:`~app.loyalty.sales` — the loyalty step of a sale or return;
* :mod:`~app.loyalty.jobs` — the daily jobs (expiry, birthdays, tier review);
* :mod:`~app.loyalty.history` — starting on a store with a history: the backfill;
* :mod:`~app.loyalty.reading` — the ledger, the points tab, the liability.

**A sale and its points**: :func:`app.purchases.record_purchase` (and
``record_return``, and the Excel import of purchases) calls
:func:`~app.loyalty.sales.award_for_purchase` inside the sale's transaction; nothing is
registered at import time.
"""

from app.loyalty.actions import (
    MAX_POINTS,
    add_opening_balance,
    adjust_points,
    record_visit,
    redeem,
    visit_awarded,
)
from app.loyalty.entries import NOTE_MAX, REASONS, balance
from app.loyalty.history import BackfillChanges, backfill, history_start
from app.loyalty.jobs import award_birthdays, expire_points, run_daily
from app.loyalty.lots import compute_lots, lots_mismatches, rebuild_lots, refresh_stale
from app.loyalty.reading import EXPIRING_DAYS, LEDGER_COLUMNS, ledger, liability, member_points
from app.loyalty.rewards import REWARD_KINDS, list_rewards, save_reward
from app.loyalty.rules import (
    DEFAULT_RULES,
    POINT_MANAGERS,
    RULE_LIMITS,
    RULE_MANAGERS,
    Rules,
    clean_rules,
    default_rules,
    expiry_for,
    points_for_paid,
    rule_versions,
    rules_at,
    save_rules,
    started,
)
from app.loyalty.sales import PurchaseEvent, award_for_purchase
from app.loyalty.tiers import (
    expected_tiers,
    list_tiers,
    recompute_tiers,
    review_start,
    save_tiers,
    tier_for_spend,
    tier_mismatches,
    tier_spend,
)

__all__ = [
    "DEFAULT_RULES",
    "EXPIRING_DAYS",
    "LEDGER_COLUMNS",
    "MAX_POINTS",
    "NOTE_MAX",
    "POINT_MANAGERS",
    "REASONS",
    "REWARD_KINDS",
    "RULE_LIMITS",
    "RULE_MANAGERS",
    "BackfillChanges",
    "PurchaseEvent",
    "Rules",
    "add_opening_balance",
    "adjust_points",
    "award_birthdays",
    "award_for_purchase",
    "backfill",
    "balance",
    "clean_rules",
    "compute_lots",
    "default_rules",
    "expected_tiers",
    "expire_points",
    "expiry_for",
    "history_start",
    "ledger",
    "liability",
    "list_rewards",
    "list_tiers",
    "lots_mismatches",
    "member_points",
    "points_for_paid",
    "rebuild_lots",
    "recompute_tiers",
    "record_visit",
    "redeem",
    "refresh_stale",
    "review_start",
    "rule_versions",
    "rules_at",
    "run_daily",
    "save_reward",
    "save_rules",
    "save_tiers",
    "started",
    "tier_for_spend",
    "tier_mismatches",
    "tier_spend",
    "visit_awarded",
]
