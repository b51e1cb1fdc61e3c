"""Feedback (反馈): satisfaction surveys with the importance × satisfaction chart,
complaints, and churn / win-back — three tabs over a chosen period (default: the last
12 months).

* **Satisfaction**: the quadrant chart (``app.feedback.charts.quadrant_chart``) and the
  monthly trend, the factor table (means, quadrant) and the period's surveys; New
  survey…, Survey factors… (the owner's list).
* **Complaints**: counts by status and category, the median time to resolve and the
  overdue count; the list (open ones first) with overdue rows in red — overdue means
  open or in progress longer than the ``feedback_complaint_overdue_days`` setting (3);
  New complaint…, double-click (or Open…) to update status, resolution, compensation.
* **Churn & win-back**: dormant members with their last purchase (most valuable first;
  put the selected ones on today's call list as win-back calls through
  ``app.analytics.add_campaign_tasks``, or mark one lost with a reason), the win-back
  rate and the lost reasons by month.

Everything comes from ``app.feedback`` (no SQL and no rules here), read on a worker
thread with its own connection, as the call list does: on the 100k-member store the
dormant list and the win-back rate take ~0.5 s of the ~0.7 s, which the window would
otherwise spend frozen. A result that arrives after a newer request started is dropped.
An in-memory store (or ``threaded=False``) reads on the GUI thread. The GUI thread never
imports matplotlib: ``ui/warmup.py`` does on the task runner, and each chart is built and
drawn there when its tab is first shown, then painted as an image
(``ui/widgets/chart_view.py``).

One module per tab (``surveys``, ``complaints``, ``churn``), mixed into ``FeedbackPage``
(``page.py``); ``common.py`` holds what they share.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages.feedback.common import OVERDUE_BG, OVERDUE_FG
from ui.pages.feedback.page import FeedbackPage, read_period

__all__ = ["OVERDUE_BG", "OVERDUE_FG", "FeedbackPage", "create", "read_period"]


def create(ctx: AppContext) -> QWidget:
    return FeedbackPage(ctx)
