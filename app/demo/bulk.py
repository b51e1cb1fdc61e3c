"""Bulk writing of the demo store: indexes off for the load, rows from compact payloads."""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from app.demo.contacts import CONTACT_TEXT_LIST
from app.demo.helpers import _Calendar, _lookup, _none_if, _times
from app.demo.purchases import (
    SIZE_STRINGS,
    _Purchases,
    _sku_catalogue,
    line_costs,
    ticket_costs,
)
from app.demo.vocabulary import (
    CHANNELS,
    COLOURS,
    OUTCOMES,
    PURCHASE_NOTES,
    PURPOSES,
    RETURN_NOTES,
)

CHUNK = 100_000  # rows per executemany call (progress/cancel granularity)

# Bulk load. Secondary indexes of the big tables are dropped for the load and made again
# from their own SQL afterwards (one sort is several times cheaper than keeping a B-tree
# up to date row by row in random order); partial indexes (few rows) stay. The insert
# triggers whose per-row work is redone in bulk afterwards (full-text index 'rebuild',
# member_stats written from the arrays) are off meanwhile. It all happens inside the one
# transaction: a failure or Cancelled leaves schema and data as they were.
_BULK_TABLES = (
    "members",
    "member_family",
    "purchases",
    "purchase_items",
    "contacts",
    "member_cards",
)
_DEFERRED_TRIGGERS = ("members_fts_ai", "member_stats_member_ai")


def _drop_for_load(conn: Any, tables: Sequence[str]) -> list[tuple[str, str]]:
    marks = ", ".join("?" * len(tables))
    triggers = ", ".join("?" * len(_DEFERRED_TRIGGERS))
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        f"(type = 'index' AND tbl_name IN ({marks}) AND sql NOT LIKE '% WHERE %') OR "
        f"(type = 'trigger' AND name IN ({triggers}))) ORDER BY rowid",
        [*tables, *_DEFERRED_TRIGGERS],
    ).fetchall()
    for type_, name, _sql in saved:
        conn.execute(f'DROP {"INDEX" if type_ == "index" else "TRIGGER"} "{name}"')
    return [(type_, sql) for type_, _name, sql in saved]


@contextlib.contextmanager
def _dropped(conn: Any, kind: str, tables: Sequence[str]) -> Iterator[None]:
    """Every ``kind`` ('index' or 'trigger') of the store's ``tables`` is dropped for the
    block and made again from its own SQL afterwards, in the same transaction (if the
    block fails, the transaction's rollback puts them back)."""
    marks = ", ".join("?" * len(tables))
    saved = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = ? AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY rowid",
        [kind, *tables],
    ).fetchall()
    for name, _sql in saved:
        conn.execute(f'DROP {kind.upper()} main."{name}"')
    yield
    for _name, sql in saved:
        conn.execute(sql)


def _indexes_after(conn: Any, tables: Sequence[str]) -> contextlib.AbstractContextManager[None]:
    """Every index of ``tables`` (empty tables the block fills; partial indexes too) is
    dropped for the block and made again afterwards. For the smaller tables filled after
    the load (card history, change cards, gifts: rows in time order, so each index gets
    its keys in random order), measured at 100k members: member_changes 1.1 -> 0.5
    CPU-s."""
    return _dropped(conn, "index", tables)


def _restore_after_load(conn: Any, saved: list[tuple[str, str]]) -> None:
    for type_, sql in saved:
        if type_ == "index":
            conn.execute(sql)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'members_fts'").fetchone():
        conn.execute("INSERT INTO members_fts(members_fts) VALUES ('rebuild')")
    for type_, sql in saved:
        if type_ == "trigger":
            conn.execute(sql)


ROWS_PER_INSERT = 20


def many_rows(
    sql: str, rows: Sequence[Sequence[Any]], k: int = ROWS_PER_INSERT
) -> list[tuple[str, Iterable[list[Any]], int]]:
    """The statements that insert ``rows`` as ``executemany(sql, rows)`` would, in order,
    ``k`` rows to a statement (``VALUES`` of many rows) and one for the rest: one flat
    list is bound per ``k`` rows instead of a tuple per row (1M ledger-like rows: apsw
    0.89 -> 0.66 CPU-s, sqlite3 1.25 -> 1.01). ``sql``: ``INSERT … VALUES (…)`` with
    plain ``?`` or numbered ``?N`` parameters (each row's renumbered after the last)."""
    head, _sep, group = sql.partition(" VALUES ")
    numbered = [int(n) for n in re.findall(r"\?(\d+)", group)]
    plain = group.count("?") - len(numbered)
    if not (group.startswith("(") and group.endswith(")")) or (plain and numbered):
        raise ValueError(f"many_rows: not an INSERT … VALUES (?, …) or (?1, …): {sql}")
    width = max(numbered, default=0)

    def groups(count: int) -> str:
        if not numbered:
            return ", ".join([group] * count)
        return ", ".join(
            re.sub(r"\?(\d+)", lambda m, at=j * width: f"?{int(m.group(1)) + at}", group)
            for j in range(count)
        )

    chain = itertools.chain.from_iterable
    full = len(rows) - len(rows) % k
    out: list[tuple[str, Iterable[list[Any]], int]] = []
    if full:
        flat = (list(chain(rows[a : a + k])) for a in range(0, full, k))
        out.append((f"{head} VALUES {groups(k)}", flat, full))
    if full < len(rows):
        rest = rows[full:]
        out.append((f"{head} VALUES {groups(len(rest))}", [list(chain(rest))], len(rest)))
    return out


def _insert(
    conn: Any,
    sql: str,
    rows: Iterable[tuple[Any, ...]],
    n: int,
    step: Callable[[int], None],
    many: bool = False,
) -> None:
    """executemany in chunks of CHUNK rows, calling ``step(rows)`` after each; ``many``:
    each chunk ROWS_PER_INSERT rows to a statement (:func:`many_rows`)."""
    it = iter(rows)
    done = 0
    while done < n:
        k = min(CHUNK, n - done)
        if many:
            for sql_k, rows_k, _n in many_rows(sql, list(itertools.islice(it, k))):
                conn.executemany(sql_k, rows_k)
        else:
            conn.executemany(sql, itertools.islice(it, k))
        done += k
        step(k)


# Rows of purchase_items and contacts are built from compact arrays ("payloads") by the
# same code whether this process writes them or the helper does.


def _purchases_payload(
    pur: _Purchases, cal: _Calendar, clerk_ids: np.ndarray, seed: int, items: dict[str, Any]
) -> dict[str, Any]:
    """``items``: the lines' payload (:func:`_items_payload`), from which the tickets'
    costs are summed where the rows are made (pickled once with both jobs)."""
    return {
        "seed": seed,
        "items": items,
        "member": pur.member.astype(np.int32),
        "day": pur.day.astype(np.int32),
        "sec": pur.sec.astype(np.int32),
        "seq": pur.ticket_seq.astype(np.int32),
        "clerk": clerk_ids[pur.clerk].astype(np.int32),
        "total": pur.total,
        "paid": pur.paid,
        "return_of": pur.return_of.astype(np.int32),
        "note": pur.note.astype(np.int16),
        "is_return": pur.is_return,
        "iso": cal.iso,
        "compact": cal.compact,
    }


def _purchase_at(p: dict[str, Any]) -> list[str]:
    times, iso = _times(), p["iso"]
    return [iso[d] + times[s] for d, s in zip(p["day"].tolist(), p["sec"].tolist(), strict=True)]


def _purchase_inserts(p: dict[str, Any]) -> list[tuple[str, Iterable[tuple[Any, ...]], int]]:
    """Ids are not sent: the table is empty, so rows get 1, 2, 3… in insertion order,
    which is how they were numbered. is_discounted is derived in SQL (one parameter less,
    times millions): a discounted line is always paid below list (prices ≥ ¥29,
    discounts ≥ 5%), an undiscounted one at list."""
    n = len(p["day"])
    cost_paid, cost = ticket_costs(p["seed"], n, p["items"])  # known-cost sums (m028)
    seq = [f"{s:04d}" for s in range(int(p["seq"].max(initial=0)) + 1)]
    compact = p["compact"]
    ticket = [
        compact[d] + seq[s] for d, s in zip(p["day"].tolist(), p["seq"].tolist(), strict=True)
    ]
    notes: list[str | None] = [None] * n
    noted = np.flatnonzero(p["note"] >= 0)
    for i, k, r in zip(
        noted.tolist(), p["note"][noted].tolist(), p["is_return"][noted].tolist(), strict=True
    ):
        notes[i] = RETURN_NOTES[k] if r else PURCHASE_NOTES[k]
    rows = zip(
        (p["member"] + 1).tolist(),
        ticket,
        _purchase_at(p),
        p["clerk"].tolist(),
        p["total"].tolist(),
        p["paid"].tolist(),
        _none_if(p["return_of"].tolist()),
        notes,
        cost_paid,
        cost,
        strict=True,
    )
    sql = (
        "INSERT INTO purchases (member_id, ticket_no, at, clerk_id, total_fen, paid_fen, "
        "is_discounted, return_of, source, note, created_at, cost_paid_fen, cost_fen) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6 <> ?5, ?7, 'demo', ?8, ?3, ?9, ?10)"
    )
    return [(sql, rows, n)]


def _items_payload(pur: _Purchases, seed: int) -> dict[str, Any]:
    return {
        "seed": seed,
        "purchase": pur.item_purchase.astype(np.int32),
        "sku": pur.item_sku.astype(np.int16),
        "size": pur.item_size.astype(np.int16),
        "colour": pur.item_colour.astype(np.int16),
        "qty": pur.item_qty.astype(np.int32),
        "list": pur.item_list,
        "paid": pur.item_paid,
        "return_of": pur.item_return_of.astype(np.int32),
    }


def _item_inserts(p: dict[str, Any]) -> list[tuple[str, Iterable[tuple[Any, ...]], int]]:
    """The sales' lines (no return_of_item: one parameter less), then the return lines."""
    codes, cats, _ = _sku_catalogue(p["seed"])
    ret = p["return_of"]
    n_sale = int(np.count_nonzero(ret == 0))
    assert not ret[:n_sale].any()
    # a return line's cost is known when its sale's is (the sale's ticket decides)
    cost, known = line_costs(p["seed"], p["purchase"], p["sku"], p["qty"], ret)
    cols = [
        p["purchase"].tolist(),
        _lookup(cats, p["sku"]),
        _lookup(codes, p["sku"]),
        _lookup(SIZE_STRINGS, p["size"]),
        _lookup(COLOURS, p["colour"]),
        p["qty"].tolist(),
        p["list"].tolist(),
        p["paid"].tolist(),
        [c if k else None for c, k in zip(cost.tolist(), known.tolist(), strict=True)],
    ]
    sql = (
        "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
        "list_fen, paid_fen, cost_fen, return_of_item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {})"
    )
    sales = zip(*(c[:n_sale] for c in cols), strict=True)
    returns = zip(*(c[n_sale:] for c in cols), ret[n_sale:].tolist(), strict=True)
    return [(sql.format("NULL"), sales, n_sale), (sql.format("?"), returns, len(ret) - n_sale)]


def _contacts_payload(ccols: dict[str, np.ndarray], cal: _Calendar) -> dict[str, Any]:
    return {"cols": ccols, "iso": cal.iso}


def _contact_inserts(p: dict[str, Any]) -> list[tuple[str, Iterable[tuple[Any, ...]], int]]:
    cols, iso = p["cols"], p["iso"]
    times = _times()
    rows = zip(
        (cols["member"] + 1).tolist(),
        [
            iso[d] + times[s]
            for d, s in zip(cols["day"].tolist(), cols["sec"].tolist(), strict=True)
        ],
        cols["clerk"].tolist(),
        _lookup(CHANNELS, cols["channel"]),
        _lookup(PURPOSES, cols["purpose"]),
        _lookup(OUTCOMES, cols["outcome"]),
        _lookup([*CONTACT_TEXT_LIST, None], cols["note"]),
        _lookup([*iso, None], cols["follow"]),
        _none_if(cols["purchase"].tolist()),
        strict=True,
    )
    sql = (
        "INSERT INTO contacts (member_id, at, clerk_id, channel, purpose, outcome, note, "
        "next_follow_up, purchase_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?2)"
    )
    return [(sql, rows, len(cols["day"]))]


_INSERTS: dict[str, Callable[[dict[str, Any]], list[tuple[str, Iterable[Any], int]]]] = {
    "purchases": _purchase_inserts,
    "purchase_items": _item_inserts,
    "contacts": _contact_inserts,
}
