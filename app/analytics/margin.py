"""Gross margin per member (毛利, issue #19): paid − cost where the items' cost is known.

Item costs are optional (``purchase_items.cost_fen``, NULL = not known; migration
m028), so a member's figures keep the known and the unknown part apart:

* ``known_paid_fen`` / ``known_cost_fen`` — net paid and cost of the lines with a known
  cost (returns take back their share of both);
* ``known_share`` — ``known_paid / net spend`` (0…1; 0 without spend);
* ``own_rate`` — ``(known_paid − known_cost) / known_paid`` (NaN without known lines);
* ``rate`` — the member's own rate once costs are known for at least
  ``clv_margin_min_known_share`` of their net spend, else the store's flat
  ``clv_margin`` setting. CLV (app/analytics/forecast.py) uses this rate;
* ``margin_fen`` — known margin + the spend without a known cost × ``rate``: the gross
  margin the member brought, estimated only where the cost is not known.

The one reader (:func:`load_cost_sums`) sums the tickets' known-cost figures
(``purchases.cost_paid_fen``/``cost_fen``, kept by every writer of purchases) by member
through a partial covering index (m028), so a store without costs pays nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

from app.analytics.rows import parse_ints

# the tickets' sums of their lines with a known cost (m028), through the partial
# covering index idx_purchases_cost: member order, no sort, no line read. One answer
# row (the per-member sums concatenated, parsed by numpy): the whole pass is then one
# sqlite3_step, with Python's GIL free for the analysis' other threads (a row per
# member took the GIL back 100,000 times; any Python work elsewhere stalled it).
_SUMS_SQL = """
SELECT group_concat(member_id, ','), group_concat(paid, ','), group_concat(cost, ','),
       COUNT(*)
FROM (
    SELECT member_id, SUM(cost_paid_fen) AS paid, SUM(cost_fen) AS cost
    FROM purchases
    WHERE cost_fen IS NOT NULL{until}{members}
    GROUP BY member_id
    ORDER BY member_id
)
"""


def load_cost_sums(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date | None = None,
    member_ids: list[int] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(member ids ascending, net paid, net cost) of the lines with a known cost, up to
    the end of ``as_of`` (all when None), for ``member_ids`` (all when None)."""
    params: list[Any] = []
    until = members = ""
    if as_of is not None:
        end = (as_of + dt.timedelta(days=1)).isoformat()
        # left out when nothing is dated later (the usual "as of today": ~15% of the pass)
        latest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
        if latest is not None and latest >= end:
            until = " AND at < ?"
            params.append(end)
    if member_ids is not None:
        members = " AND member_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps([int(m) for m in member_ids]))
    ids_text, paid_text, cost_text, n = db.execute(
        _SUMS_SQL.format(until=until, members=members), params
    ).fetchone()
    if not n:
        empty = np.zeros(0, np.int64)
        return empty, empty.copy(), empty.copy()
    ids, paid, cost = (parse_ints(t, n) for t in (ids_text, paid_text, cost_text))
    if not len(ids) == len(paid) == len(cost) == n:
        raise ValueError("purchases: unexpected cost sums (a ticket's cost_paid_fen missing?)")
    if n > 1 and (ids[1:] < ids[:-1]).any():  # (SQLite does not promise the order)
        order = np.argsort(ids, kind="stable")
        ids, paid, cost = ids[order], paid[order], cost[order]
    return ids, paid, cost


@dataclass
class Margins:
    """Per-member margin figures aligned with ``member_ids`` (see the module text)."""

    member_ids: np.ndarray
    spend_fen: np.ndarray  # net spend, every line
    known_paid_fen: np.ndarray
    known_cost_fen: np.ndarray
    default_rate: float
    min_known_share: float

    @property
    def known_margin_fen(self) -> np.ndarray:
        return self.known_paid_fen - self.known_cost_fen

    @property
    def known_share(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(
                self.spend_fen > 0, self.known_paid_fen / np.maximum(self.spend_fen, 1), 0.0
            )
        return np.clip(share, 0.0, 1.0)

    @property
    def own_rate(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                self.known_paid_fen > 0,
                self.known_margin_fen / np.maximum(self.known_paid_fen, 1),
                np.nan,
            )

    @property
    def uses_own_rate(self) -> np.ndarray:
        return (self.known_paid_fen > 0) & (self.known_share >= self.min_known_share - 1e-12)

    @property
    def rate(self) -> np.ndarray:
        return np.where(self.uses_own_rate, self.own_rate, self.default_rate)

    @property
    def margin_fen(self) -> np.ndarray:
        """Known margin + the rest of the net spend at ``rate``, whole fen."""
        unknown = np.maximum(self.spend_fen - self.known_paid_fen, 0)
        return self.known_margin_fen + np.rint(unknown * self.rate).astype(np.int64)

    def __len__(self) -> int:
        return len(self.member_ids)


def margins_for(
    member_ids: np.ndarray,
    spend_fen: np.ndarray,
    sums: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    default_rate: float,
    min_known_share: float,
) -> Margins:
    """:class:`Margins` for ``member_ids`` (ascending) with their net ``spend_fen``, from
    :func:`load_cost_sums`' result (members not in it have no known cost)."""
    ids, paid, cost = sums
    known_paid = np.zeros(len(member_ids), np.int64)
    known_cost = np.zeros(len(member_ids), np.int64)
    if len(ids) and len(member_ids):
        pos = np.searchsorted(member_ids, ids)
        ok = pos < len(member_ids)
        ok[ok] = member_ids[pos[ok]] == ids[ok]
        known_paid[pos[ok]] = paid[ok]
        known_cost[pos[ok]] = cost[ok]
    return Margins(
        np.asarray(member_ids, np.int64),
        np.asarray(spend_fen, np.int64),
        known_paid,
        known_cost,
        float(default_rate),
        float(min_known_share),
    )


def member_margin(db: sqlite_utils.Database, member_id: int) -> dict[str, Any]:
    """One member's lifetime figures (the card's 毛利): ``margin_fen`` (None without
    spend), ``known_margin_fen``, ``known_share`` (0…1), ``rate`` and ``own_rate``
    (True when the member's own rate is used)."""
    from app.analytics.rules import Rules

    rules = Rules.load(db)
    row = db.execute(
        "SELECT total_paid_fen FROM member_stats WHERE member_id = ?", [member_id]
    ).fetchone()
    spend = int(row[0] or 0) if row else 0
    m = margins_for(
        np.asarray([member_id], np.int64),
        np.asarray([spend], np.int64),
        load_cost_sums(db, member_ids=[member_id]),
        default_rate=rules.clv_margin,
        min_known_share=rules.clv_margin_min_known_share,
    )
    return {
        "margin_fen": int(m.margin_fen[0]) if spend > 0 or m.known_paid_fen[0] else None,
        "known_margin_fen": int(m.known_margin_fen[0]),
        "known_share": float(m.known_share[0]),
        "rate": float(m.rate[0]),
        "own_rate": bool(m.uses_own_rate[0]),
    }


def top_share(margin_fen: np.ndarray, share: float = 0.2) -> float | None:
    """The share of the (positive) total margin brought by the top ``share`` of the
    members with a margin — the 80/20 check on margin (None without margin)."""
    values = np.sort(margin_fen[margin_fen > 0])[::-1]
    if not len(values):
        return None
    k = max(1, int(np.ceil(len(values) * share)))
    return float(values[:k].sum() / values.sum())


def top_mask(margin_fen: np.ndarray, share: float = 0.2) -> np.ndarray:
    """The members of the top ``share`` by margin (of those with a positive margin)."""
    mask = np.zeros(len(margin_fen), bool)
    positive = np.flatnonzero(margin_fen > 0)
    if not len(positive):
        return mask
    k = max(1, int(np.ceil(len(positive) * share)))
    order = positive[np.argsort(-margin_fen[positive], kind="stable")]
    mask[order[:k]] = True
    return mask
