"""The monthly report's contract and small parts: the sections, ``ReportError``, month
bounds and the figure shape (value, previous, change)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.analytics import rows as R

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

SECTIONS = (
    "members",
    "sales",
    "top_members",
    "segments",
    "follow_up",
    "complaints",
    "satisfaction",
    "points",
    "birthdays",
    "trend",
    "gifts",
    "archive",
    "events",
    "staff",
)
TOP_N = 20
TREND_MONTHS = 12


class ReportError(ValueError):
    """A month that cannot be reported (bad text, or not begun yet)."""


# ------------------------------------------------------------------ months


def parse_month(text: str) -> dt.date:
    """The first day of month ``YYYY-MM``; ReportError when it is not one."""
    try:
        if len(text) != 7 or text[4] != "-":
            raise ValueError
        return dt.date(int(text[:4]), int(text[5:]), 1)
    except (ValueError, TypeError):
        raise ReportError(f"{text!r} is not a month (YYYY-MM)") from None


def month_text(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(first: dt.date, n: int) -> dt.date:
    k = first.year * 12 + first.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


class _Month:
    """One month's bounds as dates, ISO texts and day numbers."""

    def __init__(self, first: dt.date) -> None:
        self.first = first
        self.next = add_months(first, 1)
        self.last = self.next - dt.timedelta(days=1)
        self.text = month_text(first)
        self.lo = first.isoformat()  # times >= lo …
        self.hi = self.next.isoformat()  # … and < hi
        self.d0 = R.day_number(first)
        self.d1 = R.day_number(self.last)


def figure(value: Any, previous: Any) -> dict[str, Any]:
    """``{"value", "previous", "change"}`` (change None when either side is None)."""
    change = None
    if value is not None and previous is not None:
        change = value - previous
        if isinstance(change, float):
            change = round(change, 6)
    return {"value": value, "previous": previous, "change": change}


def _pair(cur: dict[str, Any], prev: dict[str, Any], keys: Any) -> dict[str, Any]:
    return {k: figure(cur.get(k), prev.get(k)) for k in keys}


def _rows_pair(
    cur: dict[str, Any], prev: dict[str, Any], order: list[str] | None = None
) -> list[dict[str, Any]]:
    codes = order if order is not None else sorted(set(cur) | set(prev))
    return [{"code": c, **figure(cur.get(c, 0), prev.get(c, 0))} for c in codes]


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 6) if b else None
