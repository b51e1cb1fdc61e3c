"""The monthly series: net sales, active members and new customers per month."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import numpy as np

from app.analytics.rows import PurchaseRows, day_number


def monthly_series(rows: PurchaseRows, as_of: dt.date, months: int = 24) -> list[dict[str, Any]]:
    """Net sales, active members (with a sale that month) and new customers (first
    purchase that month) for the last ``months`` calendar months up to ``as_of``. The
    last month ends at ``as_of`` (see :func:`month_so_far`)."""
    D = day_number(as_of)
    last = np.datetime64(as_of, "M")
    starts = np.arange(last - months + 1, last + 1).astype("datetime64[D]").astype(np.int64)
    keep = (rows.day <= D) & (rows.day >= starts[0])
    day, mi, paid, sale = rows.day[keep], rows.member[keep], rows.paid[keep], rows.sale[keep]
    month = np.searchsorted(starts, day, side="right") - 1
    sales = np.bincount(month, paid.astype(np.float64), minlength=months)
    # (member, month) runs: rows are in member then time order
    sm, smi = month[sale], mi[sale]
    new_pair = np.ones(len(sm), bool)
    if len(sm):
        new_pair[1:] = (smi[1:] != smi[:-1]) | (sm[1:] != sm[:-1])
    active = np.bincount(sm[new_pair], minlength=months)
    # first sale ever, per member (looking at all rows up to as_of)
    all_sale = rows.sale & (rows.day <= D)
    am, ad = rows.member[all_sale], rows.day[all_sale]
    first = np.ones(len(am), bool)
    if len(am):
        first[1:] = am[1:] != am[:-1]
    fd = ad[first]
    fd = fd[fd >= starts[0]]
    new = np.bincount(np.searchsorted(starts, fd, side="right") - 1, minlength=months)
    return [
        {
            "month": str(np.datetime64(int(starts[k]), "D").astype("datetime64[M]")),
            "sales_fen": round(float(sales[k])),
            "active_members": int(active[k]),
            "new_customers": int(new[k]),
        }
        for k in range(months)
    ]


def month_so_far(as_of: dt.date) -> tuple[int, int] | None:
    """(days counted, days in the month) when ``as_of`` is not the last day of its
    month, so the series' last month is unfinished ("so far", 本月至今); else None."""
    days = calendar.monthrange(as_of.year, as_of.month)[1]
    return None if as_of.day == days else (as_of.day, days)
