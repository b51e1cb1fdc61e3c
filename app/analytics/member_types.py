"""Customer types of a few members (the member card, a page of the member list): the
same rule as the analytics page (:func:`app.analytics.scores.customer_types`) over
only their purchases, so a page of 256 rows costs milliseconds, not a pass over the
store. Effective / ineffective need no purchase rows: :func:`effective_sql` is the same
rule over ``member_stats`` for the member list's filter (app.state.effective_sql: no numpy
there, the member list imports it)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import numpy as np
import sqlite_utils

from app.analytics.facts import compute_facts
from app.analytics.rows import PurchaseRows, day_number
from app.analytics.rules import CUSTOMER_TYPES, Rules
from app.analytics.scores import customer_types


def types_for(
    db: sqlite_utils.Database,
    member_ids: Sequence[int],
    *,
    as_of: dt.date,
    rules: Rules | None = None,
) -> dict[int, list[str]]:
    """``{member_id: [type codes in CUSTOMER_TYPES order]}`` as of the end of ``as_of``
    (members who never bought: [])."""
    rules = rules or Rules.load(db)
    ids = np.array(sorted({int(i) for i in member_ids}), np.int64)
    if not len(ids):
        return {}
    end = (as_of + dt.timedelta(days=1)).isoformat()
    rows = db.execute(
        "SELECT member_id, julianday(substr(at, 1, 10)) - 2440587.5, paid_fen, is_discounted, "
        "return_of IS NULL FROM purchases WHERE member_id IN (SELECT value FROM json_each(?)) "
        "AND at < ? ORDER BY member_id, at, id",
        [json.dumps(ids.tolist()), end],
    ).fetchall()
    arr = np.array(rows, dtype=np.float64).reshape(-1, 5)
    mid = arr[:, 0].astype(np.int64)
    buyers = np.unique(mid)
    pr = PurchaseRows(
        as_of=as_of,
        member_ids=buyers,
        member=np.searchsorted(buyers, mid).astype(np.int32),
        day=np.rint(arr[:, 1]).astype(np.int32),
        paid=arr[:, 2].astype(np.int64),
        disc=arr[:, 3].astype(bool),
        sale=arr[:, 4].astype(bool),
    )
    joined = np.full(len(ids), day_number(as_of), np.int32)  # every asked member present
    facts = compute_facts(pr, (ids, joined), as_of)
    flags = customer_types(facts, rules)
    out: dict[int, list[str]] = {}
    for k, member in enumerate(facts.member_ids.tolist()):
        out[member] = [t for t in CUSTOMER_TYPES if flags[t][k]]
    return out
