"""Per-member facts as of a day (:class:`Facts`, :func:`compute_facts`): recency,
purchase days, spend, discount share, ticket and gap variation, the BG/NBD inputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

from app.analytics.rows import PurchaseRows, day_number, parse_ints
from app.analytics.rules import WINDOW_DAYS


@dataclass
class Facts:
    """Per-member figures as of ``as_of`` (the package docstring); arrays aligned with
    ``member_ids`` (every member who had joined or bought by then, ascending)."""

    as_of: dt.date
    member_ids: np.ndarray
    customer: np.ndarray  # bool: at least one purchase day
    first_day: np.ndarray  # int, -1 for prospects
    last_day: np.ndarray
    recency_days: np.ndarray  # int, -1 for prospects
    tenure_days: np.ndarray
    days: np.ndarray  # distinct purchase days (F)
    days_12m: np.ndarray
    tickets: np.ndarray
    spend_fen: np.ndarray  # net, lifetime (M)
    spend_12m_fen: np.ndarray
    sales_fen: np.ndarray  # gross sales
    discounted_fen: np.ndarray
    ticket_mean_fen: np.ndarray  # float, NaN without tickets
    ticket_cv: np.ndarray
    gap_mean_days: np.ndarray  # NaN with fewer than 2 purchase days
    gap_cv: np.ndarray
    first_day_spend_fen: np.ndarray
    # day of a hand mark of "lost" per member (app/state.py), NOT_MARKED when none; None:
    # marks not read (every member unmarked)
    lost_mark_day: np.ndarray | None = None

    @property
    def x(self) -> np.ndarray:
        return np.maximum(self.days - 1, 0)

    @property
    def t_x(self) -> np.ndarray:
        return np.where(self.customer, self.last_day - self.first_day, 0)

    @property
    def m_x(self) -> np.ndarray:
        """Average net spend of the repeat purchase days, yuan (NaN for x = 0)."""
        x = self.x
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                x > 0,
                (self.spend_fen - self.first_day_spend_fen) / np.maximum(x, 1) / 100.0,
                np.nan,
            )

    @property
    def discount_share(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.sales_fen > 0, self.discounted_fen / self.sales_fen, np.nan)

    def __len__(self) -> int:
        return len(self.member_ids)


def load_members(db: sqlite_utils.Database) -> tuple[np.ndarray, np.ndarray]:
    """Every member's id and join day (days since 1970), ascending ids. Two strings from
    SQLite, parsed by numpy (a join date SQLite cannot read counts as long ago)."""
    ids_text, days_text, n = db.execute(
        "SELECT group_concat(id, ','), "
        "group_concat(COALESCE(CAST(julianday(joined_on) AS INTEGER) - 2440587, -1000000), ','), "
        "COUNT(*) FROM (SELECT id, joined_on FROM members ORDER BY id)"
    ).fetchone()
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int32)
    ids = parse_ints(ids_text, n)
    days = parse_ints(days_text, n).astype(np.int32)
    return ids, days


class _Runs:
    """Sorted group indexes 0…k−1 (each group one run): per-group sums and counts."""

    def __init__(self, idx: np.ndarray, k: int) -> None:
        self.idx, self.k = idx, k
        n = len(idx)
        self.first = np.ones(n, bool)
        if n:
            self.first[1:] = idx[1:] != idx[:-1]
        self.starts = np.flatnonzero(self.first)
        self.groups = idx[self.starts]

    def sum(self, values: np.ndarray) -> np.ndarray:
        out = np.zeros(self.k, dtype=values.dtype)
        if len(self.starts):
            out[self.groups] = np.add.reduceat(values, self.starts)
        return out

    def count(self) -> np.ndarray:
        out = np.zeros(self.k, dtype=np.int64)
        if len(self.starts):
            out[self.groups] = np.diff(np.append(self.starts, len(self.idx)))
        return out

    def first_mask(self) -> np.ndarray:
        return self.first

    def last_mask(self) -> np.ndarray:
        last = np.ones(len(self.idx), bool)
        if len(self.idx):
            last[:-1] = self.first[1:]
        return last


def compute_facts(
    rows: PurchaseRows, members: tuple[np.ndarray, np.ndarray], as_of: dt.date
) -> Facts:
    """The figures of every member as of the end of ``as_of`` (on or before
    ``rows.as_of``), from rows already read."""
    D = day_number(as_of)
    if as_of > rows.as_of:
        raise ValueError("as_of is after the rows that were read")
    keep = rows.day <= D
    full = bool(keep.all())
    mi = rows.member if full else rows.member[keep]
    day = rows.day if full else rows.day[keep]
    paid = rows.paid if full else rows.paid[keep]
    disc = rows.disc if full else rows.disc[keep]
    sale = rows.sale if full else rows.sale[keep]
    k = len(rows.member_ids)

    # Rows are grouped by member: per-member sums are np.add.reduceat over runs (3-5x
    # faster than bincount); subsets are summed as zeroed values, not compacted.
    rows_g = _Runs(mi, k)
    spend = rows_g.sum(paid)
    recent = day > D - WINDOW_DAYS
    spend12 = rows_g.sum(np.where(recent, paid, 0))
    si, sd, sp = mi[sale], day[sale], paid[sale]
    sales_g = _Runs(si, k)
    tickets = sales_g.count()
    sales = sales_g.sum(sp)
    sales_sq = sales_g.sum(sp.astype(np.float64) ** 2)
    discounted = sales_g.sum(np.where(disc[sale], sp, 0))
    first_of_member = sales_g.first_mask()
    last_of_member = sales_g.last_mask()
    new_day = first_of_member.copy()
    if len(sd):
        new_day[1:] |= sd[1:] != sd[:-1]
    di, dd, dfirst = si[new_day], sd[new_day], first_of_member[new_day]
    days_g = _Runs(di, k)
    days = days_g.count()
    days12 = days_g.sum((dd > D - WINDOW_DAYS).astype(np.int64))
    first_day = np.full(k, -1, np.int64)
    last_day = np.full(k, -1, np.int64)
    first_day[si[first_of_member]] = sd[first_of_member]
    last_day[si[last_of_member]] = sd[last_of_member]
    gaps = np.zeros(len(dd), np.float64)
    if len(dd):
        gaps[1:] = np.where(dfirst[1:], 0, dd[1:] - dd[:-1])
    gap_n = np.maximum(days - 1, 0)
    gap_sum = days_g.sum(gaps)
    gap_sq = days_g.sum(gaps * gaps)
    on_first = day == first_day[mi]
    first_spend = rows_g.sum(np.where(on_first, paid, 0))

    with np.errstate(invalid="ignore", divide="ignore"):
        t_mean = np.where(tickets > 0, sales / np.maximum(tickets, 1), np.nan)
        t_var = np.maximum(sales_sq / np.maximum(tickets, 1) - t_mean**2, 0.0)
        t_cv = np.where(t_mean > 0, np.sqrt(t_var) / t_mean, np.nan)
        g_mean = np.where(gap_n > 0, gap_sum / np.maximum(gap_n, 1), np.nan)
        g_var = np.maximum(gap_sq / np.maximum(gap_n, 1) - g_mean**2, 0.0)
        g_cv = np.where(g_mean > 0, np.sqrt(g_var) / g_mean, np.nan)

    # onto every member who had joined (or bought) by as_of
    all_ids, joined = members
    present = joined <= D
    pos = np.searchsorted(all_ids, rows.member_ids)
    if len(pos) and (
        (pos >= len(all_ids)).any()
        or (all_ids[np.minimum(pos, len(all_ids) - 1)] != rows.member_ids).any()
    ):
        raise ValueError("purchases refer to members that do not exist")
    has_row_activity = np.zeros(len(all_ids), bool)
    has_row_activity[pos] = tickets > 0
    present |= has_row_activity
    ids = all_ids[present]
    n = len(ids)
    where = np.cumsum(present) - 1  # all-members index -> facts index
    target = where[pos]
    # rows' members that are not present (bought only after as_of) drop out
    ok = present[pos]
    target, src = target[ok], np.flatnonzero(ok)

    def spread(values: np.ndarray, fill: float | int, dtype: Any) -> np.ndarray:
        out = np.full(n, fill, dtype=dtype)
        out[target] = values[src]
        return out

    customer = spread(days > 0, False, bool)
    first = spread(first_day, -1, np.int64)
    last = spread(last_day, -1, np.int64)
    return Facts(
        as_of=as_of,
        member_ids=ids,
        customer=customer,
        first_day=first,
        last_day=last,
        recency_days=np.where(customer, D - last, -1),
        tenure_days=np.where(customer, D - first, -1),
        days=spread(days, 0, np.int64),
        days_12m=spread(days12, 0, np.int64),
        tickets=spread(tickets, 0, np.int64),
        spend_fen=spread(spend, 0, np.int64),
        spend_12m_fen=spread(spend12, 0, np.int64),
        sales_fen=spread(sales, 0, np.int64),
        discounted_fen=spread(discounted, 0, np.int64),
        ticket_mean_fen=spread(t_mean, np.nan, np.float64),
        ticket_cv=spread(t_cv, np.nan, np.float64),
        gap_mean_days=spread(g_mean, np.nan, np.float64),
        gap_cv=spread(g_cv, np.nan, np.float64),
        first_day_spend_fen=spread(first_spend, 0, np.int64),
    )
