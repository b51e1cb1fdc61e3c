"""The points ledger read back (a points file with 变动积分 and 原因, as the points
export writes it): the dry run and the writes.

Each row is one entry: member, time, change, reason, expiry, note and what it refers to
— the ticket of a spend or return entry (imported before, with the purchases), the
referred member of a referral entry, the source of an opening balance. Idempotent: an
entry the store already has with the same member, time, reason and change is
*unchanged* (as many times as the store holds it), so reading a file back, or reading
it after the purchases import already awarded the same points, adds nothing twice. An
entry whose one-per-fact key (``idx_ledger_once``: one spend per sale, one referral per
referred member, one birthday per year …) is taken by a different entry is refused.
Written as they are, in time order, in the import's transaction; the members' lots
cache is rebuilt from the ledger (``app.loyalty.rebuild_lots``)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import sqlite_utils

from app import loyalty
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
from app.excel.importer.rows import _at_text, _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import Rejection, choice, to_date, to_int

_ONCE = ("spend", "return", "referral", "birthday", "visit", "opening")


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    tickets = _tickets(db, plan)
    rej = plan.rejections
    total = len(plan.table.rows)
    out: list[dict[str, Any]] = []
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        mid = index.find(raw, number, rows, rej)
        rec, errors = _entry(raw, mid, index, tickets)
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        rec["row"] = number
        out.append(rec)
    progress(total, total)
    have, keys = _in_store(db, out)
    new = []
    for rec in out:
        fact = (rec["member_id"], rec["at"], rec["reason"], rec["delta"])
        if have[fact] > 0:
            have[fact] -= 1
            plan.counts["unchanged"] += 1
            continue
        key = _once_key(rec)
        if key is not None and key in keys:
            rej.append(
                Rejection(rec["row"], rows.header.get("reason", ""), None, "points_entry_taken", {})
            )
            continue
        if key is not None:
            keys.add(key)
        new.append(rec)
        if len(plan.preview) < PREVIEW_LIMIT:
            label = f"{index.no_of[rec['member_id']]} {rec['delta']:+d}"
            plan.preview.append(RowChange(rec["row"], "new", label))
    new.sort(key=lambda r: (r["at"], r["row"]))
    plan.counts["new"] = len(new)
    plan.ops = {"entries": new}


def _entry(
    raw: dict[str, Any], mid: int | None, index: _MemberIndex, tickets: dict[str, int]
) -> tuple[dict[str, Any], list[FieldError]]:
    errors: list[FieldError] = []
    rec: dict[str, Any] = {"member_id": mid, "ref_type": None, "ref_id": None}
    try:
        delta = to_int(raw["delta"], field="delta", code="int_invalid") if "delta" in raw else 0
        if delta == 0:
            errors.append(FieldError("delta", "int_invalid", {"value": raw.get("delta", "")}))
        rec["delta"] = delta
    except ValidationError as exc:
        errors.extend(exc.errors)
    try:
        rec["reason"] = choice("points_reason", raw.get("reason", ""), field="reason")
    except ValidationError as exc:
        errors.extend(exc.errors)
    try:
        rec["at"] = _at_text(raw["at"], "at") if "at" in raw else None
        if rec["at"] is None:
            errors.append(FieldError("at", "required"))
    except ValidationError as exc:
        errors.extend(exc.errors)
    try:
        d = to_date(raw["expires_at"], field="expires_at") if "expires_at" in raw else None
        rec["expires_at"] = d.isoformat() if d else None
    except ValidationError as exc:
        errors.extend(exc.errors)
    rec["note"] = cell_text(raw.get("note"))[:200] or None
    reason = rec.get("reason")
    if reason in ("spend", "return"):
        ticket = cell_text(raw.get("ticket_no"))
        if ticket and ticket not in tickets:
            errors.append(FieldError("ticket_no", "return_sale_missing", {"value": ticket}))
        elif ticket:
            rec["ref_type"], rec["ref_id"] = "purchase", tickets[ticket]
    elif reason == "referral":
        ref = index.by_no.get(cell_text(raw.get("ref_member_no")))
        if ref is None:
            errors.append(FieldError("ref_member_no", "member_unknown"))
        rec["ref_type"], rec["ref_id"] = "member", ref
    elif reason in ("birthday", "visit"):
        rec["ref_type"], rec["ref_id"] = "member", mid
    elif reason == "opening":
        rec["ref_type"], rec["ref_id"] = (cell_text(raw.get("ref")) or "opening")[:80], mid
    return rec, errors


def _tickets(db: sqlite_utils.Database, plan: Plan) -> dict[str, int]:
    """Ticket number → purchase id, for the file's ticket numbers."""
    col = next((i for i, k in plan.mapping.items() if k == "ticket_no"), None)
    if col is None:
        return {}
    wanted = sorted({cell_text(r[col]) for r in plan.table.rows if r[col] not in (None, "")})
    out: dict[str, int] = {}
    for start in range(0, len(wanted), 20000):
        for no, pid in db.execute(
            "SELECT ticket_no, id FROM purchases WHERE ticket_no IN "
            "(SELECT value FROM json_each(?))",
            [json.dumps(wanted[start : start + 20000])],
        ):
            out[no] = pid
    return out


def _once_key(rec: dict[str, Any]) -> tuple | None:
    """The entry's key in ``idx_ledger_once`` (None: not one of those reasons)."""
    reason = rec["reason"]
    if reason not in _ONCE or rec["ref_id"] is None:
        return None
    part = rec["at"][:4] if reason == "birthday" else rec["at"][:10] if reason == "visit" else ""
    return (reason, rec["ref_type"], rec["ref_id"], part)


def _in_store(db: sqlite_utils.Database, recs: list[dict[str, Any]]) -> tuple[Counter, set]:
    """The store's entries of the file's members (member, time, reason, change → how
    many) and the one-per-fact keys already taken."""
    ids = sorted({r["member_id"] for r in recs})
    have: Counter = Counter()
    keys: set = set()
    for start in range(0, len(ids), 20000):
        for mid, at, reason, delta, ref_type, ref_id in db.execute(
            "SELECT member_id, at, reason, delta, ref_type, ref_id FROM points_ledger "
            "WHERE member_id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids[start : start + 20000])],
        ):
            have[(mid, at, reason, delta)] += 1
            key = _once_key({"reason": reason, "ref_type": ref_type, "ref_id": ref_id, "at": at})
            if key is not None:
                keys.add(key)
    # keys held by members outside the file (a referral is keyed on the referred member)
    for reason, ref_type, ref_id, at in db.execute(
        "SELECT reason, ref_type, ref_id, at FROM points_ledger WHERE reason IN "
        "('spend', 'return', 'referral', 'opening')"
    ):
        key = _once_key({"reason": reason, "ref_type": ref_type, "ref_id": ref_id, "at": at})
        if key is not None:
            keys.add(key)
    return have, keys


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    recs = plan.ops["entries"]
    stamp = now()
    clerk = actor.user_id
    for start in range(0, len(recs), 5000):
        db.conn.executemany(
            "INSERT INTO points_ledger (member_id, at, delta, reason, ref_type, ref_id, "
            "expires_at, clerk_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r["member_id"],
                    r["at"],
                    r["delta"],
                    r["reason"],
                    r["ref_type"],
                    r["ref_id"],
                    r["expires_at"],
                    clerk,
                    r["note"],
                    stamp,
                )
                for r in recs[start : start + 5000]
            ],
        )
        progress(start, len(recs))
        if cancel():
            raise ImportCancelled()
    member_ids = {r["member_id"] for r in recs}
    loyalty.rebuild_lots(db, member_ids)
    return Changes.of({"points_ledger", "points_lots"}, member_ids)
