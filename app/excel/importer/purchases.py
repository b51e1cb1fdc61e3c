"""Purchases: the dry run (rows to lines, lines to tickets, tickets against the
database) and the writes (``source='import'``, the members' cached figures rebuilt, the
loyalty step runs for each new sale in date order)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import loyalty, stats
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.excel.importer.plan import (
    PREVIEW_LIMIT,
    Cancel,
    ImportCancelled,
    Plan,
    Progress,
    RowChange,
    _check_cancel,
)
from app.excel.importer.rows import _at_text, _clerks, _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import Rejection, money, to_bool, to_int
from app.normalize import format_fen
from app.purchases import cost_sums

ITEM_FIELDS = {"sku", "category", "size", "colour", "qty", "unit_price"}
MAX_QTY = 10_000  # pieces on one row: more is a typo (or a hostile file), never a sale


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    """Rows to lines (:func:`_read_lines`), lines to tickets (grouped by ticket number
    for a file of one row per item, else one ticket per row), tickets against the
    database (:func:`_compare_with_database`); the new ones in date order."""
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    clerks = _clerks(db)
    fields = set(plan.mapping.values())
    per_item = "ticket_no" in fields and bool(fields & ITEM_FIELDS)
    plan.notes.append("layout_items" if per_item else "layout_tickets")
    lines = _read_lines(plan, rows, index, clerks, progress, cancel)
    ticket_column = rows.header.get("ticket_no", "")
    if per_item:
        tickets = _tickets_of_items(lines, plan.rejections, ticket_column)
    else:
        tickets = _tickets_of_rows(lines, plan.rejections, ticket_column)
    new = _compare_with_database(db, plan, rows, index, tickets)
    plan.counts["new"] = len(new)
    new.sort(key=lambda t: (t["at"], t["rows"][0]))
    plan.ops = {"tickets": new}


# ------------------------------------------------------------------ rows to lines


def _read_lines(
    plan: Plan,
    rows: _Rows,
    index: _MemberIndex,
    clerks: Mapping[str, int],
    progress: Progress,
    cancel: Cancel,
) -> list[dict[str, Any]]:
    """Each row as a line (member, time, amounts, item …); a row with any problem is
    rejected (each problem with its column) and left out."""
    rej = plan.rejections
    total = len(plan.table.rows)
    lines: list[dict[str, Any]] = []
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        if i % 5000 == 0:
            progress(i, total)
        mid = index.find(raw, number, rows, rej)
        line, errors = _parse_line(raw, clerks, rows.header)
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        lines.append({"row": number, "member_id": mid, **line})
    progress(total, total)
    return lines


def _parse_line(
    raw: Mapping[str, Any], clerks: Mapping[str, int], header: Mapping[str, str]
) -> tuple[dict[str, Any], list[FieldError]]:
    """One row's values (``at``, ``ticket``, ``paid``, ``listed``, ``flag``, ``qty``,
    ``clerk_id``, ``note``, ``item``) and its problems, in the order of the columns'
    checks."""
    errors: list[FieldError] = []
    at = _line_at(raw, errors)
    return_of = cell_text(raw["return_of"]) if "return_of" in raw else None
    qty = _line_qty(raw, errors, allow_negative=bool(return_of))
    paid, listed = _line_amounts(raw, qty, header, errors)
    cost = _line_cost(raw, qty, errors, is_return=bool(return_of) or qty < 0)
    flag = _line_discounted(raw, errors)
    clerk_id, note = _line_clerk_and_note(raw, clerks)
    item = _line_item(raw, errors)
    ticket = _line_ticket(raw, errors)
    line = {
        "at": at,
        "ticket": ticket,
        "paid": paid,
        "listed": listed,
        "cost": cost,
        "flag": flag,
        "qty": qty,
        "clerk_id": clerk_id,
        "note": note,
        "item": item,
        "return_of": return_of,
    }
    return line, errors


def _line_at(raw: Mapping[str, Any], errors: list[FieldError]) -> str | None:
    try:
        at = _at_text(raw["at"], "at") if "at" in raw else None
    except ValidationError as exc:
        errors.extend(exc.errors)
        return None
    if at is None:
        errors.append(FieldError("at", "required"))
    return at


def _line_qty(raw: Mapping[str, Any], errors: list[FieldError], *, allow_negative: bool) -> int:
    """The quantity (1 when the file has none; negative on a return's rows)."""
    qty = 1
    if "qty" in raw:
        try:
            qty = to_int(raw["qty"], field="qty", code="qty_invalid")
            if qty == 0 or (qty < 0 and not allow_negative):
                errors.append(FieldError("qty", "qty_invalid", {"value": raw["qty"]}))
            elif abs(qty) > MAX_QTY:
                errors.append(
                    FieldError("qty", "qty_too_large", {"value": raw["qty"], "max": f"{MAX_QTY:,}"})
                )
                qty = 1  # the amounts are not worked out from an absurd quantity
        except ValidationError as exc:
            errors.extend(exc.errors)
    return qty


def _line_amounts(
    raw: Mapping[str, Any], qty: int, header: Mapping[str, str], errors: list[FieldError]
) -> tuple[int | None, int | None]:
    """(paid, list) in fen: the amount, else unit price × quantity; the list amount
    defaults to the paid one and may not be below it."""
    paid = listed = None
    try:
        if "amount" in raw:
            paid = money(raw["amount"], field="amount")
        elif "unit_price" in raw:
            unit = money(raw["unit_price"], field="unit_price")
            paid = None if unit is None else unit * qty
        if "list_amount" in raw:
            listed = money(raw["list_amount"], field="list_amount")
    except ValidationError as exc:
        errors.extend(exc.errors)
    if paid is None and not any(e.field in ("amount", "unit_price") for e in errors):
        errors.append(FieldError("amount" if "amount" in header else "unit_price", "required"))
    if listed is None:
        listed = paid
    if paid is not None and listed is not None and 0 <= listed < paid:
        errors.append(
            FieldError(
                "list_amount",
                "paid_above_list",
                {"paid": f"{paid / 100:.2f}", "list": f"{listed / 100:.2f}"},
            )
        )
    return paid, listed


def _line_cost(
    raw: Mapping[str, Any], qty: int, errors: list[FieldError], *, is_return: bool
) -> int | None:
    """The line's cost in fen (成本/进价, yuan in the file), None when the file has none
    or the cell is empty. Read like the paid amount: a line total beside an amount
    column, a unit cost (× quantity) in a file that gives only the unit price. Checked
    like an amount (the same upper bound); never negative on a sale, never positive on
    a return's row (one naming the ticket it returns, or a negative quantity)."""
    if "cost" not in raw:
        return None
    try:
        cost = money(raw["cost"], field="cost")
    except ValidationError as exc:
        errors.extend(exc.errors)
        return None
    if cost is None:
        return None
    if "amount" not in raw and "unit_price" in raw:
        cost *= qty
    if not is_return and cost < 0:
        errors.append(FieldError("cost", "amount_negative", {"yuan": format_fen(cost)}))
        return None
    if is_return and cost > 0:
        errors.append(FieldError("cost", "cost_return_positive", {"yuan": format_fen(cost)}))
        return None
    return cost


def _line_discounted(raw: Mapping[str, Any], errors: list[FieldError]) -> bool | None:
    """The file's discount flag (折扣/打折/特价, 正价/原价 or yes/no), None without one."""
    if "discounted" not in raw:
        return None
    v = raw["discounted"]
    if isinstance(v, str) and v.strip() in ("折扣", "打折", "特价"):
        return True
    if isinstance(v, str) and v.strip() in ("正价", "原价"):
        return False
    try:
        return to_bool(v, field="discounted")
    except ValidationError as exc:
        errors.extend(exc.errors)
        return None


def _line_clerk_and_note(
    raw: Mapping[str, Any], clerks: Mapping[str, int]
) -> tuple[int | None, str | None]:
    """The clerk's user id; a clerk name we do not know is kept in the note."""
    note_parts = []
    clerk_id = None
    if "clerk" in raw:
        name = cell_text(raw["clerk"])
        clerk_id = clerks.get(name.lower())
        if clerk_id is None:
            note_parts.append(f"导购：{name}")
    if "note" in raw:
        note_parts.append(cell_text(raw["note"]))
    note = "；".join(p for p in note_parts if p)[:500] or None
    return clerk_id, note


def _line_item(raw: Mapping[str, Any], errors: list[FieldError]) -> dict[str, str | None]:
    item = {}
    for k, limit in (("category", 40), ("sku", 60), ("size", 20), ("colour", 20)):
        if k in raw:
            text = cell_text(raw[k])
            if len(text) > limit:
                errors.append(FieldError(k, "too_long", {"max": limit}))
            item[k] = text or None
    return item


def _line_ticket(raw: Mapping[str, Any], errors: list[FieldError]) -> str | None:
    ticket = cell_text(raw["ticket_no"]) if "ticket_no" in raw else None
    if ticket and len(ticket) > 40:
        errors.append(FieldError("ticket_no", "too_long", {"max": 40}))
    return ticket


# ------------------------------------------------------------------ lines to tickets


def _tickets_of_items(
    lines: list[dict[str, Any]], rej: list[Rejection], ticket_column: str
) -> list[dict[str, Any]]:
    """One row per item: the lines of a ticket number make one ticket, refused whole
    when its rows disagree on the member or the time; lines without a number are
    tickets of their own."""
    groups: dict[str, list[dict[str, Any]]] = {}
    loose: list[dict[str, Any]] = []
    for line in lines:
        if line["ticket"]:
            groups.setdefault(line["ticket"], []).append(line)
        else:
            loose.append(line)
    bad_groups = _disagreeing_tickets(groups, rej, ticket_column)
    tickets: list[dict[str, Any]] = []
    for t, group in groups.items():
        if t in bad_groups:
            for line in group:  # the whole ticket is refused, every row says so
                if not any(r.row == line["row"] for r in rej):
                    rej.append(
                        Rejection(
                            line["row"],
                            ticket_column,
                            t,
                            "ticket_rows_disagree",
                            {"first": group[0]["row"]},
                        )
                    )
            continue
        tickets.append(_ticket(group))
    tickets.extend(_ticket([line]) for line in loose)
    return tickets


def _disagreeing_tickets(
    groups: Mapping[str, list[dict[str, Any]]], rej: list[Rejection], ticket_column: str
) -> set[str]:
    """Ticket numbers whose rows name another member or time than their first row
    (each such row rejected)."""
    bad_groups = set()
    for t, group in groups.items():
        first = group[0]
        for other in group[1:]:
            if other["member_id"] != first["member_id"] or other["at"] != first["at"]:
                rej.append(
                    Rejection(
                        other["row"],
                        ticket_column,
                        t,
                        "ticket_rows_disagree",
                        {"first": first["row"]},
                    )
                )
                bad_groups.add(t)
    return bad_groups


def _tickets_of_rows(
    lines: list[dict[str, Any]], rej: list[Rejection], ticket_column: str
) -> list[dict[str, Any]]:
    """One row per ticket: a ticket number seen earlier in the file is refused."""
    tickets: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line in lines:
        t = line["ticket"]
        if t and t in seen:
            rej.append(Rejection(line["row"], ticket_column, t, "dup_in_file", {"first": seen[t]}))
            continue
        if t:
            seen[t] = line["row"]
        tickets.append(_ticket([line]))
    return tickets


# ------------------------------------------------------------------ tickets against the database


def _compare_with_database(
    db: sqlite_utils.Database,
    plan: Plan,
    rows: _Rows,
    index: _MemberIndex,
    tickets: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The tickets to write. Already there (unchanged): a numbered ticket with the same
    member, time and amount, or as many unnumbered ones (and returns, i.e. negative
    amounts) as the database holds with that member, time and amount. Refused: a
    number the database has for another sale, and any other return."""
    existing = _numbered_in_database(db, tickets)
    have = _unnumbered_in_database(db, tickets)
    rej = plan.rejections
    new = []
    returns = _Returns(db, tickets, rows)
    for t in tickets:
        if t["return_of"] and not (t["ticket_no"] and t["ticket_no"] in existing):
            if not t["ticket_no"] and _take(have, t):
                plan.counts["unchanged"] += 1  # recorded already (a file read back)
                continue
            problem = returns.check(t)
            if problem is not None:
                for row in t["rows"]:
                    rej.append(problem(row))
                continue
            new.append(t)
            if len(plan.preview) < PREVIEW_LIMIT:
                label = t["ticket_no"] or f"{index.no_of[t['member_id']]} {t['at'][:10]}"
                plan.preview.append(RowChange(t["rows"][0], "new", label, []))
            continue
        if t["paid"] < 0 and not t["return_of"]:
            # a return: already recorded (our own export read back) or refused
            if _take(have, t):
                plan.counts["unchanged"] += 1
            else:
                for row in t["rows"]:
                    rej.append(
                        Rejection(
                            row,
                            rows.header.get("amount", ""),
                            t["paid"] / 100,
                            "import_return_refused",
                        )
                    )
            continue
        if t["ticket_no"] and t["ticket_no"] in existing:
            if existing[t["ticket_no"]] == (t["member_id"], t["at"], t["paid"]):
                plan.counts["unchanged"] += 1
            else:
                for row in t["rows"]:
                    rej.append(
                        Rejection(
                            row,
                            rows.header.get("ticket_no", ""),
                            t["ticket_no"],
                            "ticket_duplicate",
                            {"value": t["ticket_no"]},
                        )
                    )
            continue
        if not t["ticket_no"] and _take(have, t):
            plan.counts["unchanged"] += 1
            continue
        new.append(t)
        if len(plan.preview) < PREVIEW_LIMIT:
            label = t["ticket_no"] or f"{index.no_of[t['member_id']]} {t['at'][:10]}"
            plan.preview.append(RowChange(t["rows"][0], "new", label, []))
    return new


class _Returns:
    """Returns named by the ticket they return (原小票号): the sale must be recorded or
    a sale of this file, of the same member, not later than the return, and what its
    returns refund may not exceed what it paid."""

    def __init__(self, db: sqlite_utils.Database, tickets: list[dict[str, Any]], rows: _Rows):
        self.rows = rows
        wanted = sorted({t["return_of"] for t in tickets if t["return_of"]})
        # ticket number -> (member, time, paid, refunded so far)
        self.sales: dict[str, list[Any]] = {}
        for start in range(0, len(wanted), 20000):
            for no, mid, at, paid, refunded in db.execute(
                "SELECT p.ticket_no, p.member_id, p.at, p.paid_fen, "
                "(SELECT COALESCE(-SUM(r.paid_fen), 0) FROM purchases r WHERE r.return_of = p.id) "
                "FROM purchases p WHERE p.return_of IS NULL AND p.ticket_no IN "
                "(SELECT value FROM json_each(?))",
                [json.dumps(wanted[start : start + 20000])],
            ):
                self.sales[no] = [mid, at, paid, refunded]
        for t in tickets:  # sales of this file (returns come after them in time)
            if t["ticket_no"] and not t["return_of"] and t["ticket_no"] not in self.sales:
                self.sales[t["ticket_no"]] = [t["member_id"], t["at"], t["paid"], 0]

    def check(self, t: Mapping[str, Any]):
        """None when the return can be recorded (its refund is then counted), else a
        function of the row giving its rejection."""
        col = self.rows.header.get("return_of", "")
        sale = self.sales.get(t["return_of"])
        code, params = None, {"value": t["return_of"]}
        if sale is None:
            code = "return_sale_missing"
        elif sale[0] != t["member_id"]:
            code = "return_other_member"
        elif t["at"] < sale[1]:
            code = "return_before_sale"
        elif t["paid"] > 0 or sale[3] - t["paid"] > sale[2]:
            code = "return_too_much"
            params["paid"] = f"{sale[2] / 100:.2f}"
        if code is None:
            sale[3] -= t["paid"]
            return None
        return lambda row: Rejection(row, col, t["return_of"], code, params)


def _numbered_in_database(
    db: sqlite_utils.Database, tickets: list[dict[str, Any]]
) -> dict[str, tuple]:
    """Ticket number → (member, time, paid) of the file's numbers the database has."""
    numbered = [t["ticket_no"] for t in tickets if t["ticket_no"]]
    existing: dict[str, tuple] = {}
    for start in range(0, len(numbered), 20000):
        for r in db.execute(
            "SELECT ticket_no, member_id, at, paid_fen FROM purchases WHERE ticket_no IN "
            "(SELECT value FROM json_each(?))",
            [json.dumps(numbered[start : start + 20000])],
        ):
            existing[r[0]] = tuple(r[1:])
    return existing


def _unnumbered_in_database(db: sqlite_utils.Database, tickets: list[dict[str, Any]]) -> Counter:
    """(member, time, paid) → how many unnumbered tickets and returns the database has,
    for the members of the file's unnumbered tickets and returns."""
    loose_ids = sorted({t["member_id"] for t in tickets if not t["ticket_no"] or t["paid"] < 0})
    have: Counter = Counter()
    for start in range(0, len(loose_ids), 20000):
        for mid, at, paid, n in db.execute(
            "SELECT member_id, at, paid_fen, COUNT(*) FROM purchases WHERE "
            "(ticket_no IS NULL OR return_of IS NOT NULL) "
            "AND member_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2, 3",
            [json.dumps(loose_ids[start : start + 20000])],
        ):
            have[(mid, at, paid)] = n
    return have


def _take(have: Counter, ticket: Mapping[str, Any]) -> bool:
    """Count one of the database's tickets with this member, time and amount as this
    one (False when none is left)."""
    k = (ticket["member_id"], ticket["at"], ticket["paid"])
    if have[k] > 0:
        have[k] -= 1
        return True
    return False


def _ticket(lines: list[dict[str, Any]]) -> dict[str, Any]:
    first = lines[0]
    paid = sum(x["paid"] for x in lines)
    listed = sum(x["listed"] for x in lines)
    flags = [x["flag"] for x in lines if x["flag"] is not None]
    discounted = paid < listed or (bool(flags) and any(flags) and paid == listed)
    return {
        "rows": [x["row"] for x in lines],
        "member_id": first["member_id"],
        "ticket_no": first["ticket"],
        "at": first["at"],
        "clerk_id": first["clerk_id"],
        "paid": paid,
        "listed": listed,
        "discounted": int(discounted),
        "note": first["note"],
        "return_of": first.get("return_of"),
        "items": [
            (
                x["item"].get("category"),
                x["item"].get("sku"),
                x["item"].get("size"),
                x["item"].get("colour"),
                x["qty"],
                x["listed"],
                x["paid"],
                x.get("cost"),
            )
            for x in lines
        ],
    }


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    tickets = plan.ops["tickets"]
    stamp = now()
    events: list[loyalty.PurchaseEvent] = []
    # sales before returns at the same time: a return's sale is written first
    tickets = sorted(tickets, key=lambda t: (t["at"], bool(t["return_of"])))
    for i, t in enumerate(tickets):
        sale_id = None
        if t["return_of"]:
            sale_id = db.execute(
                "SELECT id FROM purchases WHERE ticket_no = ? AND return_of IS NULL",
                [t["return_of"]],
            ).fetchone()[0]
        cost_paid, cost = cost_sums((item[6], item[7]) for item in t["items"])
        cur = db.execute(
            "INSERT INTO purchases (member_id, ticket_no, at, clerk_id, total_fen, paid_fen, "
            "is_discounted, return_of, source, note, created_at, cost_paid_fen, cost_fen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)",
            [
                t["member_id"],
                t["ticket_no"],
                t["at"],
                t["clerk_id"],
                t["listed"],
                t["paid"],
                t["discounted"] if sale_id is None else 0,
                sale_id,
                t["note"],
                stamp,
                cost_paid,
                cost,
            ],
        )
        pid = int(cur.lastrowid or 0)
        if sale_id is None:
            db.conn.executemany(
                "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
                "list_fen, paid_fen, cost_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(pid, *item) for item in t["items"]],
            )
        else:  # each returned line points at the sale's line with the same article
            db.conn.executemany(
                "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
                "list_fen, paid_fen, cost_fen, return_of_item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "(SELECT id FROM purchase_items WHERE purchase_id = ? AND category IS ? "
                "AND sku IS ? AND size IS ? AND colour IS ? ORDER BY id LIMIT 1))",
                [(pid, *item, sale_id, *item[:4]) for item in t["items"]],
            )
        events.append(
            loyalty.PurchaseEvent(
                "return" if sale_id else "sale",
                pid,
                t["member_id"],
                t["at"],
                t["listed"],
                t["paid"],
                t["clerk_id"],
                sale_id,
                actor,
            )
        )
        if i % 1000 == 0:
            progress(i, len(tickets) * 2)
            if cancel():
                raise ImportCancelled()
    member_ids = {t["member_id"] for t in tickets}
    stats.rebuild(db, member_ids)
    tables = {"purchases", "purchase_items", "member_stats"}
    for i, event in enumerate(events):
        tables |= loyalty.award_for_purchase(db, event)
        if i % 1000 == 0:
            progress(len(tickets) + i, len(tickets) * 2)
            if cancel():
                raise ImportCancelled()
    return Changes.of(tables, member_ids)
