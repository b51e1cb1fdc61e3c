"""Purchases and returns: validation, line totals, derived discount, return limits,
history, and the loyalty step every sale and return calls."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app import loyalty, purchases
from app.core import ValidationError
from app.members import create_member, update_member
from app.paths import project_root


@pytest.fixture
def member(db, actor) -> int:
    return create_member(
        db, actor=actor, data={"name": "张三丰", "phone": "13800001234"}
    ).created_id


def _codes(exc: ValidationError) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def test_lines_store_line_totals_and_the_ticket_sums_and_derives_the_discount(db, clerk, member):
    ch = purchases.record_purchase(
        db,
        actor=clerk,
        member_id=member,
        ticket_no="T001",
        at="2025-05-01T15:30:00",
        items=[
            {
                "category": "上衣",
                "sku": "A1",
                "size": "M",
                "colour": "红",
                "qty": 3,
                "list_fen": 19900,
                "paid_fen": 15900,
            },
            {"category": "裤子", "sku": "B2", "qty": 1, "list_fen": 29900, "paid_fen": 29900},
        ],
    )
    assert ch.created_id and ch.member_ids == {member}
    assert {"purchases", "purchase_items", "member_stats"} <= ch.tables
    p = purchases.get_purchase(db, ch.created_id)
    assert (p["total_fen"], p["paid_fen"], p["is_discounted"]) == (
        3 * 19900 + 29900,
        3 * 15900 + 29900,
        1,
    )
    assert [(i["qty"], i["list_fen"], i["paid_fen"]) for i in p["items"]] == [
        (3, 59700, 47700),
        (1, 29900, 29900),
    ]
    assert p["clerk_id"] == clerk.user_id and p["clerk_name"] == "小李"
    assert p["at"] == "2025-05-01T15:30:00" and p["ticket_no"] == "T001"
    audit = db.execute(
        "SELECT action, entity_id FROM audit_log WHERE action = 'purchase'"
    ).fetchall()
    assert audit == [("purchase", ch.created_id)]


def test_full_price_ticket_is_not_discounted(db, actor, member):
    pid = purchases.record_purchase(
        db, actor=actor, member_id=member, items=[{"qty": 2, "list_fen": 500, "paid_fen": 500}]
    ).created_id
    assert purchases.get_purchase(db, pid)["is_discounted"] == 0


def test_every_bad_field_is_reported_at_once_with_item_indexes(db, actor, member):
    with pytest.raises(ValidationError) as err:
        purchases.record_purchase(
            db,
            actor=actor,
            member_id=member,
            clerk_id=999,
            at="yesterday",
            items=[
                {"qty": 1, "list_fen": 100, "paid_fen": 100},
                {"qty": 0, "list_fen": -1, "paid_fen": 1.5},
                {"qty": 1, "list_fen": 100, "paid_fen": 120, "price": 3},
                {"qty": True, "list_fen": "100", "paid_fen": 100},
            ],
        )
    assert _codes(err.value) == {
        "clerk_id": "clerk_missing",
        "at": "datetime_invalid",
        "items[1].qty": "qty_invalid",
        "items[1].list_fen": "amount_negative",  # said in yuan: −¥0.01
        "items[1].paid_fen": "price_invalid",
        "items[2].paid_fen": "paid_above_list",
        "items[2].price": "unknown_field",
        "items[3].qty": "qty_invalid",
        "items[3].list_fen": "price_invalid",
    }
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 0
    assert "above the list price" in err.value.for_field("items[2].paid_fen")[0].message()


def test_empty_items_missing_member_future_date_and_duplicate_ticket_are_refused(db, actor, member):
    purchases.record_purchase(
        db,
        actor=actor,
        member_id=member,
        ticket_no="X1",
        items=[{"qty": 1, "list_fen": 1, "paid_fen": 1}],
    )
    with pytest.raises(ValidationError) as err:
        purchases.record_purchase(
            db, actor=actor, member_id=4242, items=[], at="2999-01-01", ticket_no="X1"
        )
    assert _codes(err.value) == {
        "member_id": "member_missing",
        "items": "items_empty",
        "at": "date_in_future",
        "ticket_no": "ticket_duplicate",
    }


def test_anonymised_member_cannot_buy(db, actor, member):
    update_member(db, actor=actor, member_id=member, data={"status": "anonymised"})
    with pytest.raises(ValidationError) as err:
        purchases.record_purchase(
            db, actor=actor, member_id=member, items=[{"qty": 1, "list_fen": 1, "paid_fen": 1}]
        )
    assert _codes(err.value) == {"member_id": "member_anonymised"}


def _sale(db, actor, member, *lines, at="2025-05-01T10:00:00"):
    pid = purchases.record_purchase(
        db,
        actor=actor,
        member_id=member,
        at=at,
        items=[{"qty": q, "list_fen": lf, "paid_fen": pf} for q, lf, pf in lines],
    ).created_id
    return pid, [i["id"] for i in purchases.get_purchase(db, pid)["items"]]


def test_return_is_a_negative_purchase_linked_to_the_sale_and_its_lines(db, actor, member):
    pid, (a, _b) = _sale(db, actor, member, (3, 1000, 900), (1, 5000, 5000))
    rid = purchases.record_return(
        db,
        actor=actor,
        purchase_id=pid,
        lines=[{"item_id": a, "qty": 2}],
        at="2025-05-02T10:00:00",
        note="尺码不合适",
    ).created_id
    r = purchases.get_purchase(db, rid)
    assert (r["return_of"], r["total_fen"], r["paid_fen"], r["note"]) == (
        pid,
        -2000,
        -1800,
        "尺码不合适",
    )
    assert [(i["qty"], i["list_fen"], i["paid_fen"], i["return_of_item"]) for i in r["items"]] == [
        (-2, -2000, -1800, a)
    ]
    sale = purchases.get_purchase(db, pid)
    assert [(i["returned_qty"], i["returnable_qty"]) for i in sale["items"]] == [(2, 1), (0, 1)]


def test_cannot_return_more_than_bought_minus_earlier_returns(db, actor, member):
    pid, (a, b) = _sale(db, actor, member, (3, 1000, 900), (1, 5000, 5000))
    purchases.record_return(db, actor=actor, purchase_id=pid, lines=[{"item_id": a, "qty": 2}])
    with pytest.raises(ValidationError) as err:
        purchases.record_return(db, actor=actor, purchase_id=pid, lines=[{"item_id": a, "qty": 2}])
    assert _codes(err.value) == {"lines[0].qty": "return_qty_exceeds"}
    assert err.value.errors[0].params == {"max": 1}
    # the same line twice in one return counts together
    with pytest.raises(ValidationError) as err:
        purchases.record_return(
            db,
            actor=actor,
            purchase_id=pid,
            lines=[{"item_id": b, "qty": 1}, {"item_id": b, "qty": 1}],
        )
    assert _codes(err.value) == {"lines[1].qty": "return_qty_exceeds"}


def test_return_refuses_foreign_lines_returns_of_returns_and_dates_before_the_sale(
    db, actor, member
):
    pid, (a,) = _sale(db, actor, member, (1, 1000, 1000))
    _other, (x,) = _sale(db, actor, member, (1, 1000, 1000))
    with pytest.raises(ValidationError) as err:
        purchases.record_return(
            db,
            actor=actor,
            purchase_id=pid,
            at="2025-04-30T10:00:00",
            lines=[{"item_id": x, "qty": 1}, {"item_id": a, "qty": 0}],
        )
    assert _codes(err.value) == {
        "at": "return_before_purchase",
        "lines[0].item_id": "item_not_in_purchase",
        "lines[1].qty": "qty_invalid",
    }
    with pytest.raises(ValidationError) as err:
        purchases.record_return(db, actor=actor, purchase_id=pid, lines=[])
    assert _codes(err.value) == {"lines": "return_empty"}
    rid = purchases.record_return(
        db, actor=actor, purchase_id=pid, lines=[{"item_id": a, "qty": 1}]
    ).created_id
    with pytest.raises(ValidationError) as err:
        purchases.record_return(db, actor=actor, purchase_id=rid, lines=[{"item_id": a, "qty": 1}])
    assert _codes(err.value) == {"purchase_id": "return_of_return"}
    with pytest.raises(ValidationError) as err:
        purchases.record_return(db, actor=actor, purchase_id=9999, lines=[])
    assert _codes(err.value) == {"purchase_id": "purchase_missing"}


def test_partial_returns_refund_in_proportion_and_the_last_one_refunds_the_rest(db, actor, member):
    # a line of 3 paid 1000 fen in all (e.g. an imported ticket): 333 + 333 + 334
    pid, (a,) = _sale(db, actor, member, (3, 400, 400))
    db.execute("UPDATE purchase_items SET paid_fen = 1000 WHERE id = ?", [a])
    db.execute("UPDATE purchases SET paid_fen = 1000 WHERE id = ?", [pid])
    refunds = []
    for _ in range(3):
        rid = purchases.record_return(
            db, actor=actor, purchase_id=pid, lines=[{"item_id": a, "qty": 1}]
        ).created_id
        refunds.append(-purchases.get_purchase(db, rid)["paid_fen"])
    assert refunds == [333, 333, 334]
    assert sum(refunds) == 1000


def test_history_is_newest_first_with_items_and_returned_quantities(db, actor, member):
    old, (a,) = _sale(db, actor, member, (2, 1000, 800), at="2025-01-01T10:00:00")
    new, _ = _sale(db, actor, member, (1, 300, 300), at="2025-06-01T10:00:00")
    rid = purchases.record_return(
        db,
        actor=actor,
        purchase_id=old,
        lines=[{"item_id": a, "qty": 1}],
        at="2025-01-05T10:00:00",
    ).created_id
    hist = purchases.purchase_history(db, member)
    assert [p["id"] for p in hist] == [new, rid, old]
    by_id = {p["id"]: p for p in hist}
    assert by_id[old]["returned_fen"] == 800
    assert by_id[old]["items"][0]["returned_qty"] == 1
    assert by_id[rid]["items"][0]["qty"] == -1
    assert by_id[new]["returned_fen"] == 0
    assert purchases.purchase_history(db, 12345) == []


def test_the_loyalty_step_runs_inside_the_transaction_and_can_veto(db, actor, member, monkeypatch):
    seen = []

    def step(database, event):
        seen.append((event.kind, event.paid_fen, event.member_id))
        # the sale is already visible to the loyalty step, inside the same transaction
        assert database.conn.in_transaction
        assert (
            database.execute(
                "SELECT paid_fen FROM purchases WHERE id = ?", [event.purchase_id]
            ).fetchone()[0]
            == event.paid_fen
        )
        return {"points_ledger"}

    monkeypatch.setattr(loyalty, "award_for_purchase", step)
    ch = purchases.record_purchase(
        db, actor=actor, member_id=member, items=[{"qty": 1, "list_fen": 900, "paid_fen": 800}]
    )
    assert "points_ledger" in ch.tables
    item = purchases.get_purchase(db, ch.created_id)["items"][0]["id"]
    purchases.record_return(
        db, actor=actor, purchase_id=ch.created_id, lines=[{"item_id": item, "qty": 1}]
    )
    assert seen == [("sale", 800, member), ("return", -800, member)]

    def veto(database, event):
        raise RuntimeError("points service down")

    monkeypatch.setattr(loyalty, "award_for_purchase", veto)
    with pytest.raises(RuntimeError):
        purchases.record_purchase(
            db, actor=actor, member_id=member, items=[{"qty": 1, "list_fen": 1, "paid_fen": 1}]
        )
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 2


def test_a_sale_in_a_fresh_process_earns_its_points_without_anyone_importing_loyalty(
    db, db_path, actor, member
):
    """No registry filled by an import: a program that opens the file and records a
    sale and a return through ``app.purchases`` alone gets the points awarded and taken
    back (¥95 paid by a gold member at ¥10 a point, 125%: 11 points)."""
    loyalty.save_rules(db, actor=actor, rules=loyalty.DEFAULT_RULES, effective_from="2000-01-01")
    db.execute("UPDATE members SET tier = 'gold' WHERE id = ?", [member])
    db.close()
    code = f"""
import json, sys
from app.core import SYSTEM
from app.db import open_db

db = open_db({str(db_path)!r})
assert "app.loyalty" not in sys.modules, "opening the file imported app.loyalty"
from app import purchases

sale = purchases.record_purchase(
    db, actor=SYSTEM, member_id={member},
    items=[{{"qty": 1, "list_fen": 12_000, "paid_fen": 9_500}}],
)
item = purchases.get_purchase(db, sale.created_id)["items"][0]["id"]
back = purchases.record_return(
    db, actor=SYSTEM, purchase_id=sale.created_id, lines=[{{"item_id": item, "qty": 1}}]
)
ledger = db.execute("SELECT reason, delta FROM points_ledger ORDER BY id").fetchall()
print(json.dumps([sorted(sale.tables), sorted(back.tables), ledger]))
"""
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sale_tables, return_tables, ledger = json.loads(proc.stdout)
    assert "points_ledger" in sale_tables and "points_ledger" in return_tables
    assert ledger == [["spend", 11], ["return", -11]]
