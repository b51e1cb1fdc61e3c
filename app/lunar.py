"""Lunar (农历) dates through lunar-python (6tail's maintained calendar library, pure
Python, 1900–2100, leap months included).

Customs chosen where the calendar is silent, applied the same everywhere:
* a leap-month (闰月) birthday is celebrated in the leap month when the year has one,
  otherwise in the ordinary month of that number;
* day 30 in a year whose month has 29 days is celebrated on day 29 (the month's last);
* a solar 29 February is celebrated on 28 February in common years.
"""

from __future__ import annotations

import datetime as dt

from lunar_python import Lunar, LunarMonth, LunarYear, Solar

from app.core import FieldError, ValidationError


def validate_lunar(year: int | None, month: int, day: int, leap: bool, *, field: str) -> None:
    value = f"{year or '--'}-{month:02d}-{day:02d}"
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValidationError([FieldError(field, "lunar_date_invalid", {"value": value})])
    if year is None:
        return
    if leap and LunarYear.fromYear(year).getLeapMonth() != month:
        raise ValidationError(
            [FieldError(field, "lunar_leap_invalid", {"year": year, "month": month})]
        )
    days = LunarMonth.fromYm(year, -month if leap else month).getDayCount()
    if day > days:
        raise ValidationError([FieldError(field, "lunar_date_invalid", {"value": value})])


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    """The solar date of lunar ``year-month-day`` under the customs above."""
    if leap and LunarYear.fromYear(year).getLeapMonth() != month:
        leap = False
    m = -month if leap else month
    day = min(day, LunarMonth.fromYm(year, m).getDayCount())
    s = Lunar.fromYmd(year, m, day).getSolar()
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def solar_to_lunar(d: dt.date) -> tuple[int, int, int, bool]:
    """``(year, month, day, leap)`` of the lunar date for solar ``d``."""
    lunar = Solar.fromYmd(d.year, d.month, d.day).getLunar()
    m = lunar.getMonth()
    return lunar.getYear(), abs(m), lunar.getDay(), m < 0


def next_occurrence(
    month: int, day: int, *, calendar: str = "solar", leap: bool = False, on_or_after: dt.date
) -> dt.date:
    """The first solar date on or after ``on_or_after`` when a yearly date (birthday,
    anniversary) given as ``month``/``day`` in ``calendar`` falls."""
    if calendar == "lunar":
        start_year = solar_to_lunar(on_or_after)[0]
        for y in (start_year - 1, start_year, start_year + 1, start_year + 2):
            d = lunar_to_solar(y, month, day, leap)
            if d >= on_or_after:
                return d
        raise ValueError("no lunar occurrence found")  # unreachable within 1900–2100
    for y in (on_or_after.year, on_or_after.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:  # 29 February in a common year
            d = dt.date(y, 2, 28)
        if d >= on_or_after:
            return d
    raise ValueError("no occurrence found")
