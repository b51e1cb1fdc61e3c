"""One row per member with every score, segment code and forecast (:func:`member_rows`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import sqlite_utils

from app.analytics.rules import CUSTOMER_TYPES, LIFECYCLE, LOYALTY_CELLS, STRATEGY_OF, VALUE_CELLS
from app.analytics.scores import Segments

COLUMNS = (
    "member_id",
    "member_no",
    "name",
    "phone",
    "recency_days",
    "days",
    "days_12m",
    "tickets",
    "spend_fen",
    "spend_12m_fen",
    "r_score",
    "f_score",
    "m_score",
    "layer",
    "loyalty",
    "loyalty_cell",
    "loyalty_strategy",
    "value_cell",
    "value_strategy",
    "lifecycle",
    "types",
    "discount_share",
    "gap_cv",
    "ticket_cv",
    "p_alive",
    "expected_purchases",
    "expected_spend_yuan",
    "potential_fen",
    "clv_fen",
    "margin_fen",  # gross margin, lifetime (app/analytics/margin.py)
)


def member_rows(
    db: sqlite_utils.Database, seg: Segments, member_ids: Iterable[int] | None = None
) -> list[tuple[Any, ...]]:
    """One tuple per member (``COLUMNS``), in id order: every score, segment code,
    P(active), expected purchases, CLV and gross margin. Codes stay codes (``app.labels``
    words)."""
    facts = seg.facts
    if member_ids is None:
        idx = np.arange(len(facts))
    else:
        wanted = np.unique(np.fromiter(member_ids, dtype=np.int64))
        idx = np.searchsorted(facts.member_ids, wanted)
        ok = (idx < len(facts)) & (facts.member_ids[np.minimum(idx, len(facts) - 1)] == wanted)
        idx = idx[ok]
    info = {}
    for mid, no, name, phone in db.execute(
        "SELECT id, member_no, name, phone FROM members"
        + ("" if member_ids is None else " WHERE id IN (SELECT value FROM json_each(?))"),
        [] if member_ids is None else [json.dumps(facts.member_ids[idx].tolist())],
    ):
        info[mid] = (no, name, phone)
    n = len(idx)
    customer = facts.customer[idx]

    def nums(values: np.ndarray, nd: int) -> list[float | None]:
        v = np.round(values.astype(np.float64), nd)
        return [
            None if not ok else x for x, ok in zip(v.tolist(), np.isfinite(v).tolist(), strict=True)
        ]

    def ints(values: np.ndarray, none_where: np.ndarray | None = None) -> list[int | None]:
        out = values.astype(np.int64).tolist()
        if none_where is not None:
            out = [None if no else v for v, no in zip(out, none_where.tolist(), strict=True)]
        return out

    def codes(table: Sequence[str], arr: np.ndarray) -> list[str | None]:
        lookup = [*table, None]  # index -1 -> None
        return [lookup[k] for k in arr[idx].tolist()]

    # forecast columns: the forecast arrays are over customers, in facts order
    fc = seg.forecast
    empty = [None] * n
    p_alive, expected, spend, potential, clv_col = empty, empty, empty, empty, empty
    if fc is not None and fc.bgnbd is not None:
        j = (np.cumsum(facts.customer) - 1)[idx]
        jj = np.where(customer, j, 0)

        def pick(values: np.ndarray) -> np.ndarray:
            return np.where(customer, values[jj] if len(values) else np.nan, np.nan)

        p_alive = nums(pick(fc.p_alive), 4)
        expected = nums(pick(fc.expected_purchases), 3)
        spend = nums(pick(fc.expected_spend), 2)
        clv_col = [None if v is None else round(v) for v in nums(pick(fc.clv_fen), 0)]
        if seg.potential_fen is not None:
            potential = [None if v is None else round(v) for v in nums(seg.potential_fen[idx], 0)]
    lcells = codes(LOYALTY_CELLS, seg.loyalty_cell)
    vcells = codes(VALUE_CELLS, seg.value_cell)
    type_flags = [seg.types[t][idx].tolist() for t in CUSTOMER_TYPES]
    type_text = (
        [
            ",".join(t for t, flags in zip(CUSTOMER_TYPES, row, strict=True) if flags)
            for row in zip(*type_flags, strict=True)
        ]
        if n
        else []
    )
    ids = facts.member_ids[idx].tolist()
    names = [info.get(mid, ("", "", None)) for mid in ids]
    no_score = ~customer
    columns = [
        ids,
        [x[0] for x in names],
        [x[1] for x in names],
        [x[2] for x in names],
        ints(facts.recency_days[idx], no_score),
        ints(facts.days[idx]),
        ints(facts.days_12m[idx]),
        ints(facts.tickets[idx]),
        ints(facts.spend_fen[idx]),
        ints(facts.spend_12m_fen[idx]),
        ints(seg.r_score[idx], no_score),
        ints(seg.f_score[idx], no_score),
        ints(seg.m_score[idx], no_score),
        codes(seg.layer_codes, seg.layer),
        nums(seg.loyalty[idx], 4),
        lcells,
        [STRATEGY_OF.get(c) if c else None for c in lcells],
        vcells,
        [STRATEGY_OF.get(c) if c else None for c in vcells],
        codes(LIFECYCLE, seg.lifecycle),
        type_text,
        nums(facts.discount_share[idx], 4),
        nums(facts.gap_cv[idx], 4),
        nums(facts.ticket_cv[idx], 4),
        p_alive,
        expected,
        spend,
        potential,
        clv_col,
        ints(seg.margins.margin_fen[idx]) if seg.margins is not None else [None] * n,
    ]
    return list(zip(*columns, strict=True)) if n else []
