"""Customer types of a few members (the member card, a page of the member list): the
same rule as the analytics page (:func:`app.analytics.scores.customer_types`) over
only their purchases, so a page of 256 rows costs milliseconds, not a pass over the
store; :func:`members_of_type` is the whole store's list of one type (the member list's
discount / frequency / amount filters, read on the task runner). Effective / ineffective
need no purchase rows: :func:`effective_sql` is the same
rule over ``member_stats`` for the member list's filter (app.state.effective_sql: no numpy
there, the member list imports it)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import numpy as np
import sqlite_utils

from app.analytics.facts import compute_facts
from app.analytics.rows import (
    PurchaseRows,
    day_number,
    parse_days,
    parse_days_slow,
    parse_ints,
)
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
    id_list = json.dumps(ids.tolist())
    # The covering index only (a return is a negative amount, as app.analytics.rows
    # reads it; the table's rows cost ~35 µs each at random), as three concatenated
    # strings parsed by numpy (85k rows of the 256 biggest spenders of the 100k store:
    # ~0.4 s under load, where Python tuples and the table's rows took ~3 s).
    ids_text, at_text, both_text, n = db.execute(
        "SELECT group_concat(member_id, ','), group_concat(at || ',', ''), "
        "group_concat(paid_fen * 2 + is_discounted, ','), COUNT(*) FROM ("
        "SELECT member_id, at, paid_fen, is_discounted "
        "FROM purchases INDEXED BY idx_purchases_member_at "
        "WHERE member_id IN (SELECT value FROM json_each(?)) AND at < ? "
        "ORDER BY member_id, at)",
        [id_list, end],
    ).fetchone()
    mid = parse_ints(ids_text or "", n)
    day = parse_days(at_text or "", n)
    if day is None:  # a time not in the usual shape
        day = parse_days_slow(at_text or "")
    both = parse_ints(both_text or "", n)
    paid = both >> 1  # floor division by 2, right for negative amounts too
    disc = (both & 1).astype(bool)
    sale = paid >= 0
    # zero-amount returns look like sales in the index (rare): mark them
    for member, day_text in db.execute(
        "SELECT member_id, substr(at, 1, 10) FROM purchases WHERE return_of IS NOT NULL "
        "AND paid_fen = 0 AND member_id IN (SELECT value FROM json_each(?)) AND at < ?",
        [id_list, end],
    ):
        hits = np.flatnonzero(
            (mid == member)
            & (day == day_number(dt.date.fromisoformat(day_text)))
            & (paid == 0)
            & sale
        )
        if len(hits):
            sale[hits[0]] = False
    buyers = np.unique(mid)
    pr = PurchaseRows(
        as_of=as_of,
        member_ids=buyers,
        member=np.searchsorted(buyers, mid).astype(np.int32),
        day=day,
        paid=paid,
        disc=disc,
        sale=sale,
    )
    joined = np.full(len(ids), day_number(as_of), np.int32)  # every asked member present
    facts = compute_facts(pr, (ids, joined), as_of)
    flags = customer_types(facts, rules)
    out: dict[int, list[str]] = {}
    for k, member in enumerate(facts.member_ids.tolist()):
        out[member] = [t for t in CUSTOMER_TYPES if flags[t][k]]
    return out


def members_of_type(
    db: sqlite_utils.Database, code: str, *, as_of: dt.date, rules: Rules | None = None
) -> list[int]:
    """Ascending ids of every member of customer type ``code`` (one of
    ``CUSTOMER_TYPES``) as of the end of ``as_of``: the analytics page's reading of the
    whole store, without the forecast (about a second for 100,000 members: call it off
    the GUI thread)."""
    from app.analytics.facts import load_members
    from app.analytics.rows import load_rows

    if code not in CUSTOMER_TYPES:
        raise ValueError(f"unknown customer type {code!r}")
    rules = rules or Rules.load(db)
    facts = compute_facts(load_rows(db, as_of=as_of), load_members(db), as_of)
    flags = customer_types(facts, rules)[code]
    return sorted(int(i) for i in facts.member_ids[flags].tolist())
