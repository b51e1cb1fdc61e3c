"""Month-end snapshots (a cache of each member's layer and lifecycle state) and the
month-over-month movement between them."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import sqlite_utils

from app import state as app_state
from app.analytics.facts import Facts, compute_facts, load_members
from app.analytics.rows import PurchaseRows, load_rows, parse_ints
from app.analytics.rules import LIFECYCLE, Cancel, Progress, Rules
from app.analytics.scores import Segments, lifecycle_states, pyramid_layers
from app.core import now


def month_end(d: dt.date) -> dt.date:
    nxt = (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def previous_month_end(d: dt.date) -> dt.date:
    return d.replace(day=1) - dt.timedelta(days=1)


def _snapshot_fresh(db: sqlite_utils.Database, month: str, rules: Rules) -> bool:
    row = db.execute(
        "SELECT as_of, max_purchase_id, max_member_id, rules_hash "
        "FROM segment_snapshot_months WHERE month = ?",
        [month],
    ).fetchone()
    if row is None:
        return False
    as_of, max_pid, max_mid, rules_hash = row
    if rules_hash != rules.fingerprint():
        return False
    end = (dt.date.fromisoformat(as_of) + dt.timedelta(days=1)).isoformat()
    # only the rows added since (a rowid range); "+at" keeps the planner off the
    # (at) index, which would walk every older purchase instead
    late = db.execute(
        "SELECT EXISTS (SELECT 1 FROM purchases WHERE id > ? AND +at < ?)", [max_pid, end]
    ).fetchone()[0]
    if late:
        return False
    joined = db.execute(
        "SELECT EXISTS (SELECT 1 FROM members WHERE id > ? AND joined_on <= ?)", [max_mid, as_of]
    ).fetchone()[0]
    return not joined


def _state(facts: Facts, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """(layer index, lifecycle index) per member: what a snapshot keeps."""
    return pyramid_layers(facts.spend_12m_fen, rules), lifecycle_states(facts, rules)


def snapshot_rows(facts: Facts, rules: Rules) -> tuple[list[int], list[str], list[str]]:
    """A snapshot's columns: member ids (ascending), layer codes, lifecycle codes."""
    layer, life = _state(facts, rules)
    layer_names = np.asarray(rules.layer_codes(), dtype=object)[layer]
    life_names = np.asarray(LIFECYCLE, dtype=object)[life]
    return facts.member_ids.tolist(), layer_names.tolist(), life_names.tolist()


_RECORD_MONTH = (
    "INSERT INTO segment_snapshot_months "
    "(month, as_of, computed_at, max_purchase_id, max_member_id, rules_hash) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(month) DO UPDATE SET "
    "as_of = excluded.as_of, computed_at = excluded.computed_at, "
    "max_purchase_id = excluded.max_purchase_id, "
    "max_member_id = excluded.max_member_id, rules_hash = excluded.rules_hash"
)


def write_snapshot(
    db: sqlite_utils.Database, facts: Facts, rules: Rules, *, month: str | None = None
) -> int:
    """Store the layer and lifecycle state of every member of ``facts`` as the snapshot
    of ``month`` (default: the month of ``facts.as_of``), replacing it. Returns rows."""
    month = month or facts.as_of.strftime("%Y-%m")
    ids, layers, states = snapshot_rows(facts, rules)
    max_pid = db.execute("SELECT COALESCE(MAX(id), 0) FROM purchases").fetchone()[0]
    max_mid = db.execute("SELECT COALESCE(MAX(id), 0) FROM members").fetchone()[0]
    with db.atomic():
        db.execute("DELETE FROM segment_snapshots WHERE month = ?", [month])
        _insert_snapshot_rows(db.conn, month, ids, layers, states)
        db.execute(
            _RECORD_MONTH,
            [month, facts.as_of.isoformat(), now(), max_pid, max_mid, rules.fingerprint()],
        )
    return len(facts)


def fill_snapshots(
    conn: Any,
    months: Iterable[str],
    rows: PurchaseRows,
    members: tuple[np.ndarray, np.ndarray],
    marks: tuple[np.ndarray, np.ndarray],
    rules: Rules,
    *,
    computed_at: str,
    max_purchase_id: int,
    max_member_id: int,
) -> int:
    """:func:`rebuild_snapshots` into empty tables for a writer that holds its inputs
    instead of a store to read them from (the demo build, from its arrays; ``conn``:
    anything with ``execute`` and ``executemany``): ``rows`` as
    :func:`load_rows` reads them up to the last month's end, ``members`` as
    :func:`load_members`, ``marks`` as ``app.state.load_marks``, and the store's highest
    purchase and member ids. Returns rows."""
    ends = sorted(month_end(dt.date.fromisoformat(m + "-01")) for m in months)
    total = 0
    for facts in _month_facts(rows, members, marks, ends):
        month = facts.as_of.strftime("%Y-%m")
        ids, layers, states = snapshot_rows(facts, rules)
        _insert_snapshot_rows(conn, month, ids, layers, states)
        conn.execute(
            _RECORD_MONTH,
            [month, facts.as_of.isoformat(), computed_at, max_purchase_id, max_member_id,
             rules.fingerprint()],
        )  # fmt: skip
        total += len(ids)
    return total


def _month_facts(
    rows: PurchaseRows,
    members: tuple[np.ndarray, np.ndarray],
    marks: tuple[np.ndarray, np.ndarray],
    ends: Iterable[dt.date],
) -> Iterator[Facts]:
    """Each month end's facts with the hand marks of lost, as a snapshot keeps them."""
    for end in ends:
        facts = compute_facts(rows, members, end)
        facts.lost_mark_day = app_state.mark_days_for(facts.member_ids, marks)
        yield facts


SNAPSHOT_ROWS_PER_INSERT = 250  # 751 parameters: far below SQLite's limit (32,766)


def _insert_snapshot_rows(
    conn: Any, month: str, ids: list[int], layers: list[str], states: list[str]
) -> None:
    """One month's rows, SNAPSHOT_ROWS_PER_INSERT to a statement (``VALUES`` of many
    rows, the month bound once): the Python side binds a flat list instead of a tuple per
    row. The 100k demo's 12 months into an empty table, measured in one run: 1.41 CPU-s
    one row per statement, 0.62 with 100 rows, 0.58 with 300 (json_each was slower)."""
    k = SNAPSHOT_ROWS_PER_INSERT
    flat = list(itertools.chain.from_iterable(zip(ids, layers, states, strict=True)))
    full = len(ids) - len(ids) % k

    def sql(rows: int) -> str:
        return (
            "INSERT INTO segment_snapshots (month, member_id, layer, lifecycle) "
            "SELECT ?1, column1, column2, column3 FROM (VALUES "
            + ", ".join(["(?, ?, ?)"] * rows)
            + ")"
        )

    if full:
        conn.executemany(sql(k), ([month, *flat[3 * a : 3 * (a + k)]] for a in range(0, full, k)))
    if full < len(ids):
        conn.execute(sql(len(ids) - full), [month, *flat[3 * full :]])


def read_snapshot(db: sqlite_utils.Database, month: str) -> dict[int, tuple[str, str]]:
    """``{member_id: (layer, lifecycle)}`` of a stored snapshot ({} when none)."""
    ids, layers, states = _snapshot_columns(db, month)
    return dict(zip(ids.tolist(), zip(layers, states, strict=True), strict=True))


def _snapshot_columns(
    db: sqlite_utils.Database, month: str
) -> tuple[np.ndarray, list[str], list[str]]:
    """A stored snapshot as (member ids ascending, layer codes, lifecycle codes): three
    strings from SQLite instead of 100k row tuples (~2x faster)."""
    ids, layers, states, n = db.execute(
        "SELECT group_concat(member_id, ','), group_concat(layer, ','), "
        "group_concat(lifecycle, ','), COUNT(*) FROM segment_snapshots WHERE month = ?",
        [month],
    ).fetchone()
    if not n:
        return np.zeros(0, np.int64), [], []
    return parse_ints(ids, n), layers.split(","), states.split(",")


def _with_marks(db: sqlite_utils.Database, facts: Facts) -> Facts:
    """``facts`` with the hand marks of "lost" (app/state.py) the lifecycle reads."""
    facts.lost_mark_day = app_state.mark_days_for(facts.member_ids, app_state.load_marks(db))
    return facts


def invalidate_snapshots(db: sqlite_utils.Database, *, since: dt.date | None = None) -> int:
    """Forget stored snapshots (of months ending on or after ``since``; all when None);
    they are rebuilt from facts when next needed. Returns how many months."""
    where, params = "", []
    if since is not None:
        where, params = " WHERE as_of >= ?", [since.isoformat()]
    with db.atomic():
        months = [
            m for (m,) in db.execute("SELECT month FROM segment_snapshot_months" + where, params)
        ]
        for m in months:
            db.execute("DELETE FROM segment_snapshots WHERE month = ?", [m])
            db.execute("DELETE FROM segment_snapshot_months WHERE month = ?", [m])
    return len(months)


def rebuild_snapshots(
    db: sqlite_utils.Database,
    months: Iterable[str],
    *,
    rules: Rules | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> int:
    """Recompute the snapshots of ``months`` (``YYYY-MM``) from facts; returns rows."""
    rules = rules or Rules.load(db)
    ends = sorted(month_end(dt.date.fromisoformat(m + "-01")) for m in months)
    if not ends:
        return 0
    rows = load_rows(db, as_of=ends[-1], should_cancel=should_cancel)
    members = load_members(db)
    marks = app_state.load_marks(db)  # (read once for every month)
    total = 0
    for i, facts in enumerate(_month_facts(rows, members, marks, ends)):
        total += write_snapshot(db, facts, rules)
        if on_progress is not None:
            on_progress(i + 1, len(ends))
    return total


def movement(
    db: sqlite_utils.Database,
    seg: Segments,
    rows: PurchaseRows,
    members: tuple[np.ndarray, np.ndarray],
    *,
    store: bool = True,
) -> dict[str, Any]:
    """Members who moved between pyramid layers and lifecycle states from the end of
    the previous month to ``seg.facts.as_of``. The previous state comes from the stored
    snapshot when it is fresh, else from facts (stored when ``store``)."""
    rules = seg.rules
    prev_end = previous_month_end(seg.facts.as_of)
    month = prev_end.strftime("%Y-%m")
    codes = rules.layer_codes()
    source = "snapshot"
    if _snapshot_fresh(db, month, rules):
        prev_ids, layer_names, life_names = _snapshot_columns(db, month)
        order = np.argsort(prev_ids, kind="stable")  # (already ascending: the key order)
        prev_ids = prev_ids[order]
        li = {c: i for i, c in enumerate(codes)}
        si = {c: i for i, c in enumerate(LIFECYCLE)}
        prev_layer = np.array([li.get(c, -1) for c in layer_names], np.int64)[order]
        prev_life = np.array([si.get(c, -1) for c in life_names], np.int64)[order]
    else:
        source = "facts"
        pf = _with_marks(db, compute_facts(rows, members, prev_end))
        pl, pc = _state(pf, rules)
        prev_ids, prev_layer, prev_life = pf.member_ids, pl.astype(np.int64), pc.astype(np.int64)
        if store:
            try:
                write_snapshot(db, pf, rules, month=month)
            except sqlite3.DatabaseError:  # a read-only or busy file: movement still works
                source = "facts (not stored)"

    ids = seg.facts.member_ids
    pos = np.searchsorted(prev_ids, ids)
    pos_c = np.minimum(pos, max(len(prev_ids) - 1, 0))
    known = (
        (pos < len(prev_ids)) & (prev_ids[pos_c] == ids)
        if len(prev_ids)
        else np.zeros(len(ids), bool)
    )

    def table(
        now_idx: np.ndarray, before: np.ndarray, names: Sequence[str], ranked: bool
    ) -> dict[str, Any]:
        b = np.where(known, before[pos_c] if len(before) else -1, -1)
        moved = known & (b >= 0) & (b != now_idx)  # b < 0: a code these rules lack
        flows: dict[str, int] = {}
        if moved.any():
            pairs = b[moved] * len(names) + now_idx[moved]
            for p, cnt in zip(*np.unique(pairs, return_counts=True), strict=True):
                flows[f"{names[p // len(names)]}->{names[p % len(names)]}"] = int(cnt)
        joined = ~known
        out: dict[str, Any] = {"moved": int(moved.sum())}
        if ranked:  # layers are ordered from the top: a smaller index is a higher layer
            out["up"] = int((moved & (now_idx < b)).sum())
        return {
            **out,
            "flows": dict(sorted(flows.items(), key=lambda kv: -kv[1])),
            "new_members": int(joined.sum()),
            "before": {
                names[i]: int(v)
                for i, v in enumerate(np.bincount(b[known & (b >= 0)], minlength=len(names)))
            },
        }

    layers = table(seg.layer.astype(np.int64), prev_layer, codes, ranked=True)
    life = table(seg.lifecycle.astype(np.int64), prev_life, LIFECYCLE, ranked=False)
    return {"since": prev_end.isoformat(), "source": source, "pyramid": layers, "lifecycle": life}
