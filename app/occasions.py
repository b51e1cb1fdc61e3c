"""Yearly dates the store marks, fast: birthdays, family dates and anniversaries in the
solar or the lunar calendar, and the festivals (节日) the call list and the day's plan
call about.

The same answers as ``app.lunar`` (lunar-python's Solar/Lunar objects) under the same
customs, read as month lengths so a whole window of days converts in microseconds;
``occasion_keys`` turns a window into the ``MM-DD`` keys the expression indexes on
birthdays and family dates are looked up by.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from functools import lru_cache

from lunar_python import LunarMonth, LunarYear

from app.lunar import lunar_to_solar

# code -> (calendar, month, day, gender or None)
FESTIVALS: dict[str, tuple[str, int, int, str | None]] = {
    "new_year": ("solar", 1, 1, None),
    "spring_festival": ("lunar", 1, 1, None),
    "lantern_festival": ("lunar", 1, 15, None),
    "womens_day": ("solar", 3, 8, "female"),
    "dragon_boat": ("lunar", 5, 5, None),
    "mid_autumn": ("lunar", 8, 15, None),
    "national_day": ("solar", 10, 1, None),
}


# ------------------------------------------------------------------ lunar, fast
# app.lunar converts through lunar-python's Solar/Lunar objects: ~4 ms per solar→lunar
# date and ~50 ms per next_occurrence on this machine, too slow for a list built in
# a few hundred ms. The same calendar, read as month lengths, gives the same answers
# in microseconds (tests/unit/test_calllist.py checks them against app.lunar).


@lru_cache(maxsize=512)
def _new_year(lunar_year: int) -> dt.date:
    return lunar_to_solar(lunar_year, 1, 1)


@lru_cache(maxsize=512)
def _months(lunar_year: int) -> tuple[tuple[int, bool, int], ...]:
    """``(month, leap, days)`` of each month of a lunar year, in order."""
    leap_month = LunarYear.fromYear(lunar_year).getLeapMonth()
    out = []
    for m in range(1, 13):
        out.append((m, False, LunarMonth.fromYm(lunar_year, m).getDayCount()))
        if m == leap_month:
            out.append((m, True, LunarMonth.fromYm(lunar_year, -m).getDayCount()))
    return tuple(out)


def lunar_date(d: dt.date) -> tuple[int, int, int, bool]:
    """``(year, month, day, leap)`` of solar ``d`` in the lunar calendar (as
    ``app.lunar.solar_to_lunar``, much faster)."""
    year = d.year if d >= _new_year(d.year) else d.year - 1
    offset = (d - _new_year(year)).days
    for month, leap, days in _months(year):
        if offset < days:
            return year, month, offset + 1, leap
        offset -= days
    raise ValueError(f"{d} is outside the lunar calendar")  # unreachable


def lunar_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    """The solar date of a yearly lunar date in lunar ``year`` under app.lunar's customs
    (leap birthday in the ordinary month when the year has no such leap month; day 30
    on the 29th); as ``app.lunar.lunar_to_solar``, much faster."""
    months = _months(year)
    if leap and not any(m == month and lp for m, lp, _n in months):
        leap = False
    offset = 0
    for m, lp, days in months:
        if m == month and lp == leap:
            return _new_year(year) + dt.timedelta(days=offset + min(day, days) - 1)
        offset += days
    raise ValueError(f"lunar month {month} does not exist")


def next_yearly(
    month: int, day: int, *, calendar: str = "solar", leap: bool = False, on_or_after: dt.date
) -> dt.date:
    """The first solar date on or after ``on_or_after`` of a yearly date (as
    ``app.lunar.next_occurrence``, much faster)."""
    if calendar == "lunar":
        start = lunar_date(on_or_after)[0]
        for y in (start - 1, start, start + 1):
            d = lunar_solar(y, month, day, leap)
            if d >= on_or_after:
                return d
        raise ValueError("no lunar occurrence found")  # unreachable
    for y in (on_or_after.year, on_or_after.year + 1):
        if month == 2 and day == 29 and not _calendar.isleap(y):
            d = dt.date(y, 2, 28)
        else:
            d = dt.date(y, month, day)
        if d >= on_or_after:
            return d
    raise ValueError("no occurrence found")  # unreachable


def occasion_keys(start: dt.date, end: dt.date) -> dict[tuple[str, str, int], dt.date]:
    """Every stored yearly date that falls on a day of ``[start, end]``, as
    ``(calendar, "MM-DD", leap) -> solar day``, under app.lunar's customs: a solar
    29 February falls on the 28th in common years; a lunar leap-month date falls in the
    ordinary month when the year has no such leap month; lunar day 30 falls on day 29
    of a short month. Keys match ``substr(birthday, -5)`` (``YYYY-MM-DD`` and
    ``--MM-DD`` alike) with ``birthday_calendar`` and ``birthday_leap``. For windows up
    to ~11 months each key falls on one day at most."""
    keys: dict[tuple[str, str, int], dt.date] = {}
    d = start
    while d <= end:
        keys[("solar", f"{d.month:02d}-{d.day:02d}", 0)] = d
        if d.month == 2 and d.day == 28 and not _calendar.isleap(d.year):
            keys[("solar", "02-29", 0)] = d
        year, month, day, leap = lunar_date(d)
        months = _months(year)
        month_days = next(n for m, lp, n in months if m == month and lp == leap)
        has_leap = any(m == month and lp for m, lp, _n in months)
        for dd in (day, 30) if day == month_days == 29 else (day,):
            md = f"{month:02d}-{dd:02d}"
            if leap:
                keys[("lunar", md, 1)] = d
            else:
                keys[("lunar", md, 0)] = d
                if not has_leap:
                    keys[("lunar", md, 1)] = d
        d += dt.timedelta(days=1)
    return keys


def festival_dates(start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """``(festival code, solar date)`` of the festivals in ``[start, end]``."""
    out = []
    for code, (cal, month, day, _gender) in FESTIVALS.items():
        d = next_yearly(month, day, calendar=cal, on_or_after=start)
        while d <= end:
            out.append((code, d))
            d = next_yearly(month, day, calendar=cal, on_or_after=d + dt.timedelta(days=1))
    return sorted(out, key=lambda x: x[1])
