"""Purchases (消费记录) and returns, in integer fen.

* :func:`record_purchase` — one ticket with its lines. Callers give each line's *unit*
  prices (``list_fen`` = list price, ``paid_fen`` = price paid, per piece); the table
  stores *line totals* (unit × qty) in ``purchase_items`` and the ticket's sums in
  ``purchases.total_fen``/``paid_fen``. ``is_discounted`` is derived (paid < list),
  never typed.
* :func:`record_return` — a negative purchase linked to the sale by ``return_of``, with
  negative-quantity lines linked by ``return_of_item``; never more than was bought minus
  what earlier returns took back. Refunds are the paid line total in proportion to the
  quantity, rounded so that returning everything refunds exactly what was paid.
* :func:`purchase_history`, :func:`get_purchase` — reading, with returned quantities.

Every action validates the whole input first (``ValidationError`` carries every
field's problem: ``items[0].qty``, ``lines[1].item_id`` — indexes count from 0, as in
``members``' ``family[0]``), then writes in one transaction: the rows, the member's
cached figures (``app.stats``), the loyalty step and the audit entry.

**Points.** Every sale and return calls :func:`app.loyalty.award_for_purchase`
(``app/loyalty/sales.py``) *inside* its transaction, after the purchase rows and the
member's figures are written: it awards (and on a return claws back) points, upgrades
the tier and returns the names of the tables it wrote (e.g. ``{"points_ledger"}``) so
they reach ``Changes``. An exception there rolls the whole sale back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlite_utils

from app import audit, loyalty, stats
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now, parse_at
from app.normalize import MAX_AMOUNT_FEN, format_fen

MAX_LINES = 200
ITEM_TEXT = {"category": 40, "sku": 60, "size": 20, "colour": 20}
ITEM_KEYS = {*ITEM_TEXT, "qty", "list_fen", "paid_fen", "cost_fen"}
NOTE_MAX = 500
TICKET_MAX = 40


# ------------------------------------------------------------------ validation helpers


def _text(value: object, limit: int, field: str, errors: list[FieldError]) -> str | None:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        errors.append(FieldError(field, "too_long", {"max": limit}))
    return text or None


def _fen(value: object, field: str, errors: list[FieldError]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(FieldError(field, "price_invalid", {"value": value}))
        return None
    if value < 0:  # said in yuan, as it was typed
        errors.append(FieldError(field, "amount_negative", {"yuan": format_fen(value)}))
        return None
    return value


def _cost(value: object, field: str, errors: list[FieldError]) -> int | None:
    """A unit cost in fen (进价), optional: None = not known. Never negative, never above
    the largest amount the app takes (¥10,000,000)."""
    if value is None:
        return None
    fen = _fen(value, field, errors)
    if fen is not None and fen > MAX_AMOUNT_FEN:
        errors.append(FieldError(field, "amount_too_large", {"value": fen, "max": "¥10,000,000"}))
        return None
    return fen


def _qty(value: object, field: str, errors: list[FieldError]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors.append(FieldError(field, "qty_invalid", {"value": value}))
        return None
    return value


def _check_clerk(db: sqlite_utils.Database, clerk_id: object, errors: list[FieldError]) -> None:
    if clerk_id is None:
        return
    if not db.execute("SELECT 1 FROM users WHERE id = ?", [clerk_id]).fetchone():
        errors.append(FieldError("clerk_id", "clerk_missing", {"value": clerk_id}))


def _member(db: sqlite_utils.Database, member_id: object, errors: list[FieldError]) -> Any:
    row = db.execute(
        "SELECT id, member_no, name, status FROM members WHERE id = ?", [member_id]
    ).fetchone()
    if row is None:
        errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
    elif row[3] == "anonymised":
        errors.append(FieldError("member_id", "member_anonymised"))
    return row


def _clean_items(items: object, errors: list[FieldError]) -> list[dict[str, Any]]:
    if not isinstance(items, Sequence) or isinstance(items, str | bytes) or not items:
        errors.append(FieldError("items", "items_empty"))
        return []
    if len(items) > MAX_LINES:
        errors.append(FieldError("items", "items_too_many", {"max": MAX_LINES}))
        return []
    clean = []
    for i, item in enumerate(items):
        f = f"items[{i}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(f, "required"))
            continue
        for key in item:
            if key not in ITEM_KEYS:
                errors.append(FieldError(f"{f}.{key}", "unknown_field"))
        line = {k: _text(item.get(k), n, f"{f}.{k}", errors) for k, n in ITEM_TEXT.items()}
        qty = _qty(item.get("qty"), f"{f}.qty", errors)
        list_fen = _fen(item.get("list_fen"), f"{f}.list_fen", errors)
        paid_fen = _fen(item.get("paid_fen"), f"{f}.paid_fen", errors)
        if list_fen is not None and paid_fen is not None and paid_fen > list_fen:
            # A price above the list price is a typing slip far more often than a real
            # sale; the list price of the line is what should change, then.
            errors.append(
                FieldError(
                    f"{f}.paid_fen",
                    "paid_above_list",
                    {"paid": format_fen(paid_fen), "list": format_fen(list_fen)},
                )
            )
        cost_fen = _cost(item.get("cost_fen"), f"{f}.cost_fen", errors)
        if qty is not None and list_fen is not None and paid_fen is not None:
            line.update(qty=qty, list_fen=list_fen * qty, paid_fen=paid_fen * qty)
            line["cost_fen"] = None if cost_fen is None else cost_fen * qty
            clean.append(line)
    return clean


# ------------------------------------------------------------------ actions


def check_sale(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    items: Sequence[Mapping[str, Any]],
    clerk_id: int | None = None,
    at: object = None,
    ticket_no: str | None = None,
    note: str | None = None,
) -> tuple[Any, int | None, str, str | None, str | None, list[dict[str, Any]]]:
    """What :func:`record_purchase` checks before it writes, writing nothing: the
    member row, the clerk, the time, the ticket number, the note and the clean lines
    (line totals); raises ``ValidationError`` with every problem. Reads only, so it
    also runs while another program holds the write lock (``app.counter_queue``)."""
    errors: list[FieldError] = []
    member = _member(db, member_id, errors)
    clerk = actor.user_id if clerk_id is None else clerk_id
    _check_clerk(db, clerk, errors)
    stamp = parse_at(at, field="at", errors=errors)
    ticket = _text(ticket_no, TICKET_MAX, "ticket_no", errors)
    if ticket and db.execute("SELECT 1 FROM purchases WHERE ticket_no = ?", [ticket]).fetchone():
        errors.append(FieldError("ticket_no", "ticket_duplicate", {"value": ticket}))
    text = _text(note, NOTE_MAX, "note", errors)
    lines = _clean_items(items, errors)
    if errors:
        raise ValidationError(errors)
    assert stamp is not None
    return member, clerk, stamp, ticket, text, lines


def record_purchase(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    items: Sequence[Mapping[str, Any]],
    clerk_id: int | None = None,
    at: object = None,
    ticket_no: str | None = None,
    note: str | None = None,
) -> Changes:
    """Record a sale. ``items``: ``{category, sku, size, colour, qty, list_fen,
    paid_fen, cost_fen}`` with *unit* prices in fen (``paid_fen <= list_fen``;
    ``cost_fen``, the unit cost, optional: absent or None = not known). ``clerk_id``
    defaults to the acting user; ``at`` (datetime, date or ISO text, not after today)
    to now; ``ticket_no`` must be unused. Returns Changes with the purchase id."""
    with db.atomic():
        member, clerk, stamp, ticket, text, lines = check_sale(
            db,
            actor=actor,
            member_id=member_id,
            items=items,
            clerk_id=clerk_id,
            at=at,
            ticket_no=ticket_no,
            note=note,
        )
        total = sum(line["list_fen"] for line in lines)
        paid = sum(line["paid_fen"] for line in lines)
        cost_paid, cost = cost_sums((line["paid_fen"], line["cost_fen"]) for line in lines)
        cur = db.execute(
            "INSERT INTO purchases (member_id, ticket_no, at, clerk_id, total_fen, paid_fen, "
            "is_discounted, return_of, source, note, created_at, cost_paid_fen, cost_fen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'counter', ?, ?, ?, ?)",
            [member_id, ticket, stamp, clerk, total, paid, int(paid < total), text, now(),
             cost_paid, cost],
        )  # fmt: skip
        purchase_id = int(cur.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
            "list_fen, paid_fen, cost_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    purchase_id,
                    line["category"],
                    line["sku"],
                    line["size"],
                    line["colour"],
                    line["qty"],
                    line["list_fen"],
                    line["paid_fen"],
                    line["cost_fen"],
                )
                for line in lines
            ],
        )
        stats.on_sale(db, member_id=member_id, at=stamp, paid_fen=paid, clerk_id=clerk)
        event = loyalty.PurchaseEvent(
            "sale", purchase_id, member_id, stamp, total, paid, clerk, None, actor
        )
        points_tables = loyalty.award_for_purchase(db, event)
        audit.record(
            db,
            actor,
            "purchase",
            "purchase",
            purchase_id,
            audit.summary(
                "sale", member_no=member[1], name=member[2], paid_fen=paid, lines=len(lines)
            ),
        )
    return Changes.of(
        {"purchases", "purchase_items", "member_stats", *points_tables}, {member_id}, purchase_id
    )


def record_return(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    purchase_id: int,
    lines: Sequence[Mapping[str, Any]],
    clerk_id: int | None = None,
    at: object = None,
    note: str | None = None,
) -> Changes:
    """Return ``lines`` (``{item_id, qty}``, a line may appear once or several times)
    of sale ``purchase_id``. Refuses returning a return, lines of another ticket, more
    than is still returnable (``return_qty_exceeds`` with ``max``), or a return dated
    before the sale. Returns Changes with the return ticket's id. Allowed whatever the
    member's status: goods come back even from an anonymised customer."""
    with db.atomic():
        sale = db.execute(
            "SELECT p.id, p.member_id, p.at, p.return_of, p.clerk_id, m.member_no, m.name "
            "FROM purchases p JOIN members m ON m.id = p.member_id WHERE p.id = ?",
            [purchase_id],
        ).fetchone()
        if sale is None:
            raise ValidationError([FieldError("purchase_id", "purchase_missing")])
        if sale[3] is not None:
            raise ValidationError([FieldError("purchase_id", "return_of_return")])
        member_id = sale[1]
        errors: list[FieldError] = []
        clerk = actor.user_id if clerk_id is None else clerk_id
        _check_clerk(db, clerk, errors)
        stamp = parse_at(at, field="at", errors=errors)
        if stamp is not None and stamp < sale[2]:
            errors.append(FieldError("at", "return_before_purchase", {"purchase_at": sale[2]}))
        text = _text(note, NOTE_MAX, "note", errors)
        items = {row["id"]: row for row in _items_with_returns(db, purchase_id)}

        wanted: dict[int, int] = {}
        if not isinstance(lines, Sequence) or isinstance(lines, str | bytes) or not lines:
            errors.append(FieldError("lines", "return_empty"))
            lines = []
        for i, line in enumerate(lines):
            f = f"lines[{i}]"
            item_id = line.get("item_id") if isinstance(line, Mapping) else None
            qty = _qty(line.get("qty") if isinstance(line, Mapping) else None, f"{f}.qty", errors)
            if item_id not in items:
                errors.append(FieldError(f"{f}.item_id", "item_not_in_purchase"))
                continue
            if qty is None:
                continue
            left = items[item_id]["qty"] - items[item_id]["returned_qty"]
            if wanted.get(item_id, 0) + qty > left:
                errors.append(
                    FieldError(
                        f"{f}.qty", "return_qty_exceeds", {"max": left - wanted.get(item_id, 0)}
                    )
                )
                continue
            wanted[item_id] = wanted.get(item_id, 0) + qty
        if errors:
            raise ValidationError(errors)
        assert stamp is not None

        rows = []
        for item_id, qty in wanted.items():
            it = items[item_id]
            list_back = refund_fen(it, qty, price="list")
            paid_back = refund_fen(it, qty)
            # the cost goes back in the same share (unknown stays unknown)
            cost_back = None if it["cost_fen"] is None else refund_fen(it, qty, price="cost")
            rows.append((it, qty, list_back, paid_back, cost_back))
        total = -sum(r[2] for r in rows)
        paid = -sum(r[3] for r in rows)
        cost_paid, cost = cost_sums((-r[3], None if r[4] is None else -r[4]) for r in rows)
        cur = db.execute(
            "INSERT INTO purchases (member_id, ticket_no, at, clerk_id, total_fen, paid_fen, "
            "is_discounted, return_of, source, note, created_at, cost_paid_fen, cost_fen) "
            "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, 'counter', ?, ?, ?, ?)",
            [member_id, stamp, clerk, total, paid, int(-paid < -total), purchase_id, text, now(),
             cost_paid, cost],
        )  # fmt: skip
        return_id = int(cur.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
            "list_fen, paid_fen, return_of_item, cost_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    return_id,
                    it["category"],
                    it["sku"],
                    it["size"],
                    it["colour"],
                    -qty,
                    -list_back,
                    -paid_back,
                    it["id"],
                    None if cost_back is None else -cost_back,
                )
                for it, qty, list_back, paid_back, cost_back in rows
            ],
        )
        stats.on_return(db, member_id=member_id, paid_fen=paid)
        event = loyalty.PurchaseEvent(
            "return", return_id, member_id, stamp, total, paid, clerk, purchase_id, actor
        )
        points_tables = loyalty.award_for_purchase(db, event)
        audit.record(
            db,
            actor,
            "return",
            "purchase",
            return_id,
            audit.summary(
                "return", member_no=sale[5], name=sale[6], purchase_id=purchase_id, paid_fen=paid
            ),
        )
    return Changes.of(
        {"purchases", "purchase_items", "member_stats", *points_tables}, {member_id}, return_id
    )


# ------------------------------------------------------------------ reading

_ITEM_COLUMNS = (
    "id",
    "purchase_id",
    "category",
    "sku",
    "size",
    "colour",
    "qty",
    "list_fen",
    "paid_fen",
    "return_of_item",
    "cost_fen",
)


def _items_with_returns(db: sqlite_utils.Database, purchase_id: int) -> list[dict[str, Any]]:
    """The sale's lines with what earlier returns took back of each."""
    items = [
        dict(zip(_ITEM_COLUMNS, row, strict=True))
        for row in db.execute(
            f"SELECT {', '.join(_ITEM_COLUMNS)} FROM purchase_items WHERE purchase_id = ? "
            "ORDER BY id",
            [purchase_id],
        )
    ]
    back = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT i.return_of_item, -SUM(i.qty), -SUM(i.list_fen), -SUM(i.paid_fen), "
            "-COALESCE(SUM(i.cost_fen), 0) "
            "FROM purchases r JOIN purchase_items i ON i.purchase_id = r.id "
            "WHERE r.return_of = ? GROUP BY i.return_of_item",
            [purchase_id],
        )
    }
    for it in items:
        q, lf, pf, cf = back.get(it["id"], (0, 0, 0, 0))
        it.update(returned_qty=q, returned_list_fen=lf, returned_paid_fen=pf, returned_cost_fen=cf)
    return items


_PURCHASE_COLUMNS = (
    "id",
    "member_id",
    "ticket_no",
    "at",
    "clerk_id",
    "clerk_name",
    "total_fen",
    "paid_fen",
    "is_discounted",
    "return_of",
    "source",
    "note",
)
_PURCHASE_SQL = (
    "SELECT p.id, p.member_id, p.ticket_no, p.at, p.clerk_id, u.display_name, p.total_fen, "
    "p.paid_fen, p.is_discounted, p.return_of, p.source, p.note "
    "FROM purchases p LEFT JOIN users u ON u.id = p.clerk_id "
)


def get_purchase(db: sqlite_utils.Database, purchase_id: int) -> dict[str, Any]:
    """One ticket with ``items`` (each with ``returned_qty`` and ``returnable_qty``);
    raises NotFound. What the return dialog shows."""
    row = db.execute(_PURCHASE_SQL + "WHERE p.id = ?", [purchase_id]).fetchone()
    if row is None:
        raise NotFound(f"purchase {purchase_id} does not exist")
    purchase = dict(zip(_PURCHASE_COLUMNS, row, strict=True))
    items = _items_with_returns(db, purchase_id)
    for it in items:
        it["returnable_qty"] = it["qty"] - it["returned_qty"] if row[9] is None else 0
    purchase["items"] = items
    return purchase


def purchase_history(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """Every ticket of a member, newest first, each with ``items``. Sales carry
    ``returned_fen`` (refunded so far, positive) and each sale line ``returned_qty``;
    return tickets (negative amounts, ``return_of`` set) list their own negative lines.
    Two queries whatever the length of the history."""
    purchases = [
        dict(zip(_PURCHASE_COLUMNS, row, strict=True))
        for row in db.execute(
            _PURCHASE_SQL + "WHERE p.member_id = ? ORDER BY p.at DESC, p.id DESC", [member_id]
        )
    ]
    by_id = {p["id"]: p for p in purchases}
    for p in purchases:
        p["items"] = []
        p["returned_fen"] = 0
    item_by_id: dict[int, dict[str, Any]] = {}
    for row in db.execute(
        f"SELECT {', '.join('i.' + c for c in _ITEM_COLUMNS)} FROM purchase_items i "
        "WHERE i.purchase_id IN (SELECT id FROM purchases WHERE member_id = ?) ORDER BY i.id",
        [member_id],
    ):
        it = dict(zip(_ITEM_COLUMNS, row, strict=True))
        it["returned_qty"] = 0
        item_by_id[it["id"]] = it
        by_id[it["purchase_id"]]["items"].append(it)
    for it in item_by_id.values():
        orig = item_by_id.get(it["return_of_item"] or 0)
        if orig is not None:
            orig["returned_qty"] -= it["qty"]
    for p in purchases:
        sale = by_id.get(p["return_of"] or 0)
        if sale is not None:
            sale["returned_fen"] -= p["paid_fen"]
    return purchases


def cost_sums(lines: Iterable[tuple[int, int | None]]) -> tuple[int | None, int | None]:
    """A ticket's ``(cost_paid_fen, cost_fen)`` from its lines' ``(paid, cost)``: the
    paid and the cost of the lines whose cost is known, (None, None) when none is (m028;
    every writer of purchases stores them, app/analytics/margin.py reads them)."""
    known = [(p, c) for p, c in lines if c is not None]
    if not known:
        return None, None
    return sum(p for p, _ in known), sum(c for _, c in known)


def refund_fen(item: Mapping[str, Any], qty: int, *, price: str = "paid") -> int:
    """What returning ``qty`` more pieces of sale line ``item`` (as :func:`get_purchase`
    gives it) refunds of its ``price`` ("paid" or "list"), in fen.

    Cumulative rounding: after returns of r and then k pieces the refunds add up to
    price × (r + k) / qty, floored; returning the rest refunds exactly what is left.
    ``record_return`` stores this figure; the return dialog shows it before saving.
    ``price="cost"`` gives the share of the line's cost (``cost_fen``) going back."""
    whole, before = int(item[f"{price}_fen"]), int(item[f"returned_{price}_fen"])
    sold = int(item["qty"])
    if qty <= 0 or sold <= 0:
        return 0
    back = whole * (int(item["returned_qty"]) + qty) // sold - before
    return max(0, min(back, whole - before))
