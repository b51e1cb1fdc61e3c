"""Loyalty (积分): the owner's page for the points programme.

* **Overview** — the outstanding points and what they are worth (the store's liability,
  points × the value of one point, which is set here), members holding points, points
  expiring within 30 days, members per tier; the daily job (expiry, birthday points,
  tier review) on demand and "award points for past purchases" (``app.loyalty.backfill``)
  for a store that ran without points — both on a worker thread with progress.
* **Points rules** — spend rate (with the rounding rule stated), a multiplier per tier,
  referral, birthday and visit points, expiry; saved as a *new version* from an
  effective date (``app.loyalty.save_rules``), never changing points already earned. The
  versions so far are listed.
* **Tiers** — names and 12-month spend thresholds, the yearly review date; recompute
  now (upgrades only; downgrades wait for the review).
* **Rewards** — the redemption catalogue (coupon, gift, voucher) with point costs; a
  reward is switched off rather than deleted.
* **Events** (活动, issue #19, ``events.py``) — member club events and launches: the
  list with guest counts, a form to plan one and say who is invited (tiers, pyramid
  layers, a saved target list), the guest list with who was told, answers and
  attendance ticks. Every role sees it; planning is the owner's and the manager's.

:func:`start_daily_jobs` (for the main window, once at start-up; ``scheduler.py``) runs
``app.loyalty.run_daily`` now and hourly through the task runner — the job acts once a
day. One module per tab (``overview``, ``rules``, ``tiers``, ``rewards``), mixed into
``LoyaltyPage`` (``page.py``); ``common.py`` holds what they share. A tab is built on its
first show (the page's first show builds the Overview only, issue #14's stall goal);
refreshes and translations reach the built tabs, and a tab built later fills itself.

Problems the owner should fix are shown inline under the form, never in pop-ups. The
page reads everything from ``app.loyalty``; ``LoyaltyPage(ctx, today=...)`` pins the
day (tests). It refreshes when shown and, while visible, after changes that concern it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages.loyalty.page import LoyaltyPage
from ui.pages.loyalty.scheduler import DailyJobs, start_daily_jobs

__all__ = ["DailyJobs", "LoyaltyPage", "create", "start_daily_jobs"]


def create(ctx: AppContext) -> QWidget:
    return LoyaltyPage(ctx)
