"""The monthly series marks the unfinished month, and the monthly chart draws it as
"so far" (本月至今) instead of a drop."""

from __future__ import annotations

import datetime as dt
import types

import numpy as np
from matplotlib.patches import Rectangle

from app import analytics, charts
from app.analytics.rows import PurchaseRows, day_number
from app.analytics.series import month_so_far


def _rows(days: list[dt.date], as_of: dt.date) -> PurchaseRows:
    n = len(days)
    return PurchaseRows(
        as_of=as_of,
        member_ids=np.arange(1, n + 1, dtype=np.int64),
        member=np.arange(n, dtype=np.int32),
        day=np.array([day_number(d) for d in days], dtype=np.int32),
        paid=np.full(n, 10_000, np.int64),
        disc=np.zeros(n, bool),
        sale=np.ones(n, bool),
    )


def test_the_month_so_far_unless_as_of_is_its_last_day():
    assert month_so_far(dt.date(2026, 12, 6)) == (6, 31)
    assert month_so_far(dt.date(2026, 12, 31)) is None
    assert month_so_far(dt.date(2028, 2, 28)) == (28, 29)
    assert month_so_far(dt.date(2028, 2, 29)) is None
    # and the series' last month is the one as_of is in
    days = [dt.date(2026, 11, 3), dt.date(2026, 12, 2)]
    series = analytics.monthly_series(_rows(days, dt.date(2026, 12, 6)), dt.date(2026, 12, 6), 3)
    assert [m["month"] for m in series] == ["2026-10", "2026-11", "2026-12"]


class _Seg:
    def __init__(self, monthly, as_of):
        self.monthly = monthly
        self.facts = types.SimpleNamespace(as_of=as_of)


def test_the_monthly_chart_draws_the_month_so_far_pale_dashed_and_labelled():
    months = [
        {
            "month": f"2026-{k:02d}",
            "sales_fen": 5_000_000,
            "active_members": 80,
            "new_customers": 5,
        }
        for k in range(1, 12)
    ]
    months.append(
        {
            "month": "2026-12",
            "sales_fen": 600_000,
            "active_members": 12,
            "new_customers": 1,
        }
    )
    fig = charts.monthly_chart(_Seg(months, dt.date(2026, 12, 6)), lang="zh")
    ax = fig.axes[0]
    bars = [p for c in ax.containers for p in c if isinstance(p, Rectangle)]
    assert len(bars) == 12
    assert bars[-1].get_linestyle() == "--" and bars[0].get_linestyle() == "solid"
    assert bars[-1].get_facecolor() != bars[0].get_facecolor()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[-1] == "本月至今" and ticks[0] == "2026年1月"  # months as the report writes them
    assert any(t.get_text() == "6/31天" for t in ax.texts)
    # no line runs down into the unfinished month
    for line in fig.axes[1].get_lines():
        if line.get_linestyle() != "None":
            assert len(line.get_xdata()) == 11
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "本月至今" in legend
    # a finished month is drawn like the others
    fig = charts.monthly_chart(_Seg(months, dt.date(2026, 12, 31)), lang="zh")
    assert not any(p.get_linestyle() == "--" for p in fig.axes[0].patches)
