"""The loyalty step of every sale and return. :func:`app.purchases.record_purchase`,
:func:`app.purchases.record_return` and the Excel import of purchases call
:func:`award_for_purchase` *inside* the sale's transaction, after the purchase rows and
the member's figures are written: spend and referral points and the tier upgrade for a
sale, the proportional clawback for a return (package docstring, "Rules" and
"Returns"). It returns the names of the tables it wrote (e.g. ``{"points_ledger"}``)
so they reach the sale's ``Changes``; an exception rolls the whole sale back."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from app import core
from app.core import Actor
from app.loyalty.entries import _add, balance
from app.loyalty.lots import _settle, refresh_stale
from app.loyalty.rules import Rules, expiry_for, points_for_paid, rules_at
from app.loyalty.tiers import _apply_tiers


@dataclass(frozen=True)
class PurchaseEvent:
    """What the loyalty step is told about a sale or return. ``kind`` is ``"sale"`` or
    ``"return"``; amounts are the ticket's (negative for a return); ``return_of`` is the
    sale a return belongs to."""

    kind: str
    purchase_id: int
    member_id: int
    at: str
    total_fen: int
    paid_fen: int
    clerk_id: int | None
    return_of: int | None
    actor: Actor


def award_for_purchase(db: sqlite_utils.Database, event: PurchaseEvent) -> set[str]:
    """The loyalty step of a sale or return: spend and referral points and the tier
    upgrade for a sale, the proportional clawback for a return. Runs inside the sale's
    transaction; returns the tables written."""
    if event.kind == "sale":
        return _on_sale(db, event)
    if event.kind == "return":
        return _on_return(db, event)
    return set()


def _on_sale(db: sqlite_utils.Database, event: PurchaseEvent) -> set[str]:
    tables: set[str] = set()
    day = event.at[:10]
    rules = rules_at(db, day)
    touched = [event.member_id]
    if rules is not None:
        row = db.execute(
            "SELECT tier, referrer_id FROM members WHERE id = ?", [event.member_id]
        ).fetchone()
        tier, referrer = (row[0], row[1]) if row else (None, None)
        pts = points_for_paid(event.paid_fen, rules, tier)
        if (
            pts > 0
            and not db.execute(
                "SELECT 1 FROM points_ledger WHERE reason = 'spend' AND ref_type = 'purchase' "
                "AND ref_id = ?",
                [event.purchase_id],
            ).fetchone()
        ):
            _add(
                db,
                event.member_id,
                event.at,
                pts,
                "spend",
                ref_type="purchase",
                ref_id=event.purchase_id,
                expires_at=expiry_for(day, rules.expiry_months),
                clerk_id=event.clerk_id,
            )
            tables.add("points_ledger")
        if (
            referrer is not None
            and rules.referral_points > 0
            and _pay_referral(db, event, referrer, rules)
        ):
            tables.add("points_ledger")
            touched.append(referrer)
    if tables:
        refresh_stale(db, touched)
    today = core.today()
    if rules_at(db, today) is not None:
        tables |= _apply_tiers(
            db, actor=event.actor, today=today, member_ids=[event.member_id], review=False
        ).tables
    return tables


def _pay_referral(
    db: sqlite_utils.Database, event: PurchaseEvent, referrer: int, rules: Rules
) -> bool:
    if db.execute(
        "SELECT 1 FROM purchases WHERE member_id = ? AND return_of IS NULL AND id <> ? LIMIT 1",
        [event.member_id, event.purchase_id],
    ).fetchone():
        return False  # not the first sale
    if db.execute(
        "SELECT 1 FROM points_ledger WHERE reason = 'referral' AND ref_type = 'member' "
        "AND ref_id = ?",
        [event.member_id],
    ).fetchone():
        return False
    ref = db.execute("SELECT status FROM members WHERE id = ?", [referrer]).fetchone()
    if ref is None or ref[0] == "anonymised":
        return False
    _add(
        db,
        referrer,
        event.at,
        rules.referral_points,
        "referral",
        ref_type="member",
        ref_id=event.member_id,
        expires_at=expiry_for(event.at[:10], rules.expiry_months),
        clerk_id=event.clerk_id,
    )
    return True


def _clawback_wanted(db: sqlite_utils.Database, sale_id: int) -> tuple[int | None, int]:
    """``(spend entry id, points still to take back)`` for the returns of a sale so far."""
    spend = db.execute(
        "SELECT id, delta FROM points_ledger WHERE reason = 'spend' AND ref_type = 'purchase' "
        "AND ref_id = ?",
        [sale_id],
    ).fetchone()
    if spend is None:
        return None, 0
    award = int(spend[1])
    paid = int(db.execute("SELECT paid_fen FROM purchases WHERE id = ?", [sale_id]).fetchone()[0])
    refunded = -int(
        db.execute(
            "SELECT COALESCE(SUM(paid_fen), 0) FROM purchases WHERE return_of = ?", [sale_id]
        ).fetchone()[0]
    )
    target = award if paid <= 0 else award * min(refunded, paid) // paid
    taken = -int(
        db.execute(
            "SELECT COALESCE(SUM(e.delta), 0) FROM purchases r CROSS JOIN points_ledger e "
            "ON e.reason = 'return' AND e.ref_type = 'purchase' AND e.ref_id = r.id "
            "WHERE r.return_of = ?",
            [sale_id],
        ).fetchone()[0]
    )
    return int(spend[0]), max(0, target - taken)


def _on_return(db: sqlite_utils.Database, event: PurchaseEvent) -> set[str]:
    if event.return_of is None:
        return set()
    spend_id, wanted = _clawback_wanted(db, event.return_of)
    if spend_id is None or wanted <= 0:
        return set()
    _settle(db, event.member_id, event.at[:10])
    have = balance(db, event.member_id)
    take = min(wanted, have)
    if take <= 0:
        return set()
    note = f"spend #{spend_id}" + (f"; shortfall={wanted - take}" if take < wanted else "")
    _add(
        db,
        event.member_id,
        event.at,
        -take,
        "return",
        ref_type="purchase",
        ref_id=event.purchase_id,
        clerk_id=event.clerk_id,
        note=note,
    )
    refresh_stale(db, [event.member_id])
    return {"points_ledger"}
