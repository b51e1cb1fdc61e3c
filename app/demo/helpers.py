"""Small helpers of the demo store: weighted picks, lookups, lunar dates and the calendar."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from app.demo.contract import HISTORY_DAYS, STORE_OPEN
from app.demo.vocabulary import MONTH_FACTOR

_TIMES: list[str] = []


def _times() -> list[str]:
    """``'THH:MM:SS'`` for every second of the day (built once)."""
    if not _TIMES:
        _TIMES.extend(f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400))
    return _TIMES


_LUNAR: dict[int, tuple[int, dict[int, tuple[int, dt.date]]]] = {}


def _lunar_year(year: int) -> tuple[int, dict[int, tuple[int, dt.date]]]:
    """(leap month or 0, {month (negative: the leap month): (day count, solar date of its
    first day)}). lunar-python computes a whole year at a time (~7 ms) and keeps only the
    last one, so the tables are kept here for the process."""
    if year not in _LUNAR:
        from lunar_python import LunarYear, Solar

        ly = LunarYear.fromYear(year)
        months: dict[int, tuple[int, dt.date]] = {}
        for m in ly.getMonthsInYear():
            s = Solar.fromJulianDay(m.getFirstJulianDay())
            months[m.getMonth()] = (m.getDayCount(), dt.date(s.getYear(), s.getMonth(), s.getDay()))
        _LUNAR[year] = (ly.getLeapMonth(), months)
    return _LUNAR[year]


def _lunar_solar(year: int, month: int, day: int, leap: bool) -> dt.date:
    """Solar date of a lunar date, with app.lunar's customs: a leap month the year lacks
    is the ordinary month, a day past the month's end is its last day."""
    leap_month, months = _lunar_year(year)
    count, first = months[-month if leap and leap_month == month else month]
    return first + dt.timedelta(days=min(day, count) - 1)


def _cum(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _wpick(rnd: random.Random, values: Sequence[Any], cum: list[float]) -> Any:
    """One of ``values`` by cumulative weights ``cum``."""
    return values[bisect.bisect_right(cum, rnd.random() * cum[-1])]


def _nchoice(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """``n`` indices drawn with the given relative weights."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    x = rng.random(n) * cum[-1]
    if len(cum) <= 8:  # a few comparisons beat a binary search per element
        idx = np.zeros(n, dtype=np.int64)
        for c in cum[:-1]:
            idx += x >= c
        return idx
    idx = np.searchsorted(cum, x, side="right")
    return np.minimum(idx, len(cum) - 1).astype(np.int64)


def _lookup(table: Sequence[Any], idx: np.ndarray) -> list[Any]:
    """``[table[i] for i in idx]`` (index -1 is the table's last entry)."""
    return list(map(table.__getitem__, idx.tolist()))


def _maybe(
    rng: np.random.Generator,
    n: int,
    share: float,
    values: Sequence[Any],
    weights: Sequence[float] | None = None,
) -> list[Any]:
    """For each of ``n`` rows, one of ``values`` (weighted) for about ``share`` of them,
    else None."""
    idx = _nchoice(rng, n, weights) if weights else rng.integers(0, len(values), n)
    idx[rng.random(n) >= share] = len(values)
    return _lookup([*values, None], idx)


def _none_if(values: list[Any], absent: Any = 0) -> list[Any]:
    return [None if v == absent else v for v in values]


# ---------------------------------------------------------------- the calendar


class _Calendar:
    """Day index 0 is ``today - HISTORY_DAYS``; index ``D`` is today. Weights say how
    busy each day is (season, weekend, 国庆, 双11, 618, 春节, 元旦, 妇女节)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.D = HISTORY_DAYS
        self.start = today - dt.timedelta(days=HISTORY_DAYS)
        span = self.D + 30  # follow-ups run into the coming weeks
        self.dates = [self.start + dt.timedelta(days=i) for i in range(span)]
        self.iso = [d.isoformat() for d in self.dates]
        self.compact = ["T" + d.strftime("%Y%m%d") for d in self.dates]
        self.month = np.array([d.month - 1 for d in self.dates], dtype=np.int64)
        weekday = np.array([d.weekday() for d in self.dates])
        weight = np.asarray(MONTH_FACTOR)[self.month] * np.where(
            weekday >= 5, 1.45, np.where(weekday == 4, 1.1, 1.0)
        )
        promo = np.zeros(span, dtype=bool)
        for i, d in enumerate(self.dates):
            md = (d.month, d.day)
            if (10, 1) <= md <= (10, 7):  # 国庆
                weight[i] *= 1.8
                promo[i] = True
            elif (11, 1) <= md <= (11, 11):  # 双11
                weight[i] *= 2.2 if md >= (11, 9) else 1.3
                promo[i] = True
            elif (6, 10) <= md <= (6, 18):  # 618
                weight[i] *= 1.8 if md >= (6, 16) else 1.2
                promo[i] = True
            elif md in ((3, 7), (3, 8)) or md >= (12, 30) or md <= (1, 2):  # 妇女节, 元旦
                weight[i] *= 1.5
                promo[i] = True
        # 春节: the weeks before sell best; the first days of the year the shop is all but
        # closed, then it picks up again.
        for y in range(self.start.year, today.year + 2):
            spring = (_lunar_solar(y, 1, 1, False) - self.start).days
            for k in range(-21, 8):
                i = spring + k
                if 0 <= i < span:
                    if k < 0:
                        weight[i] *= 1.6
                        promo[i] = promo[i] or k >= -10
                    else:
                        weight[i] *= 0.25 if k <= 2 else 1.3
        self.weight = weight
        self.promo = promo
        # cumulative weights over the past: day d has mass cum[d+1] - cum[d]
        self.cum = np.concatenate(([0.0], np.cumsum(weight[: self.D])))

    def sample_days(self, rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """One day per pair in ``[lo, hi]`` (inclusive, hi < D), weighted by business."""
        a = self.cum[lo]
        u = a + rng.random(len(lo)) * (self.cum[hi + 1] - a)
        return np.clip(np.searchsorted(self.cum, u, side="right") - 1, lo, hi)


STORE_HOUR_W = (1.0, 2.0, 2.2, 2.0, 2.6, 3.0, 3.0, 3.2, 3.6, 4.0, 3.2, 1.2)
_STORE_HOUR_CUM = np.cumsum(np.asarray(STORE_HOUR_W, dtype=np.float64)).tolist()


def _store_secs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds of the day for sales: 10:00–21:59, busiest after work."""
    hour = _nchoice(rng, n, STORE_HOUR_W)
    return STORE_OPEN + hour * 3600 + rng.integers(0, 3600, n)


def _store_sec(rng: np.random.Generator) -> int:
    """``int(_store_secs(rng, 1)[0])``: the same draws from ``rng`` and the same value,
    without a dozen array calls on one-element arrays (~20 µs a call, 36,000 calls for
    the 100k demo's redemptions)."""
    x = rng.random() * _STORE_HOUR_CUM[-1]
    hour = min(bisect.bisect_right(_STORE_HOUR_CUM, x), len(_STORE_HOUR_CUM) - 1)
    return STORE_OPEN + hour * 3600 + int(rng.integers(0, 3600))


def _office_secs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds of the day for calls and messages: 10:00–19:59."""
    return STORE_OPEN + rng.integers(0, 10 * 3600, n)
