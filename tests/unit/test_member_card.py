"""The member card's figures on a hand-made store."""

from __future__ import annotations

import datetime as dt

import pytest

from app import contacts, purchases
from app.core import SYSTEM, NotFound
from app.member_card import member_card
from app.members import create_member

TODAY = dt.date(2025, 11, 22)


@pytest.fixture
def store(db, actor, clerk):
    ids = {}
    ids["referrer"] = create_member(db, actor=actor, data={"name": "介绍人"}).created_id
    ids["a"] = create_member(
        db,
        actor=actor,
        data={
            "name": "林芳",
            "tier": "gold",
            "birthday": "1980-08-15",
            "birthday_calendar": "lunar",
            "referrer_id": ids["referrer"],
            "tags": ["老客"],
        },
    ).created_id
    for name, joined in (("新人乙", "2025-03-01"), ("新人甲", "2025-02-01")):
        ids[name] = create_member(
            db, actor=actor, data={"name": name, "referrer_id": ids["a"], "joined_on": joined}
        ).created_id
    a = ids["a"]
    for at, paid in (
        ("2024-06-01T10:00:00", 30000),
        ("2025-01-10T10:00:00", 20000),
        ("2025-11-01T10:00:00", 15000),
    ):
        purchases.record_purchase(
            db,
            actor=clerk,
            member_id=a,
            at=at,
            items=[{"qty": 1, "list_fen": paid, "paid_fen": paid}],
        )
    last = purchases.purchase_history(db, a)[0]
    purchases.record_return(
        db,
        actor=actor,
        purchase_id=last["id"],
        at="2025-11-03T10:00:00",
        lines=[{"item_id": last["items"][0]["id"], "qty": 1}],
    )
    for at in ("2025-11-02T10:00:00", "2025-11-05T10:00:00"):
        contacts.log_contact(
            db,
            actor=clerk,
            member_id=a,
            channel="phone",
            purpose="post_sale_day1",
            outcome="reached",
            at=at,
        )
    for status in ("open", "in_progress", "resolved"):
        db.execute(
            "INSERT INTO complaints (member_id, at, category, description, status) "
            "VALUES (?, '2025-11-01', 'quality', '开线', ?)",
            [a, status],
        )
    for delta in (100, -30):
        db.execute(
            "INSERT INTO points_ledger (member_id, at, delta, reason, created_at) "
            "VALUES (?, '2025-11-01', ?, 'adjust', '2025-11-01')",
            [a, delta],
        )
    return ids


def test_card_header_figures(db, store, clerk):
    card = member_card(db, store["a"], today=TODAY, actor=SYSTEM, unmask=True)
    h = card["header"]
    assert h["total_paid_fen"] == 30000 + 20000  # the last ticket came back in full
    assert h["visits"] == 3
    assert h["first_purchase_at"] == "2024-06-01T10:00:00"
    assert h["last_purchase_at"] == "2025-11-01T10:00:00"
    assert h["days_since_purchase"] == 21
    assert h["spend_12m_fen"] == 20000  # 2025-01-10 (+15000 −15000); 2024-06 is older
    assert (h["last_clerk_id"], h["last_clerk_name"]) == (clerk.user_id, "小李")
    assert (h["tier"], h["tier_name_zh"], h["tier_name_en"], h["tier_rank"]) == (
        "gold",
        "金卡",
        "Gold",
        2,
    )
    assert h["points_balance"] == 70
    # lunar 八月十五: 2025-10-06 has passed; next 2026-09-25. Born 1980-09-23.
    assert (h["next_birthday"], h["days_to_birthday"], h["age"]) == (dt.date(2026, 9, 25), 307, 45)


def test_card_lists_history_complaints_and_referrals(db, store):
    card = member_card(db, store["a"], today=TODAY, actor=SYSTEM, unmask=True)
    assert card["member"]["name"] == "林芳" and card["member"]["tags"] == ["老客"]
    assert [p["paid_fen"] for p in card["purchases"]] == [-15000, 15000, 20000, 30000]
    assert card["purchases"][1]["returned_fen"] == 15000
    assert all(p["items"] for p in card["purchases"])
    assert [c["at"][:10] for c in card["contacts"]] == ["2025-11-05", "2025-11-02"]
    assert card["open_complaints"] == 2
    assert card["referrer"] == {"id": store["referrer"], "member_no": "VK000001", "name": "介绍人"}
    assert [r["name"] for r in card["referred"]] == ["新人甲", "新人乙"]  # by joining date


def test_card_of_a_new_member_and_of_a_missing_one(db, store):
    card = member_card(db, store["新人甲"], today=TODAY, actor=SYSTEM, unmask=True)
    h = card["header"]
    assert (
        h["total_paid_fen"],
        h["visits"],
        h["last_purchase_at"],
        h["days_since_purchase"],
        h["points_balance"],
        h["next_birthday"],
        h["age"],
    ) == (0, 0, None, None, 0, None, None)
    assert card["purchases"] == [] and card["contacts"] == [] and card["referred"] == []
    with pytest.raises(NotFound):
        member_card(db, 999, today=TODAY, actor=SYSTEM, unmask=True)


def test_solar_birthday_age_and_feb_29(db, actor):
    mid = create_member(db, actor=actor, data={"name": "闰日", "birthday": "2000-02-29"}).created_id
    h = member_card(db, mid, today=dt.date(2025, 2, 27), actor=SYSTEM, unmask=True)["header"]
    assert (h["next_birthday"], h["days_to_birthday"], h["age"]) == (dt.date(2025, 2, 28), 1, 24)
    h = member_card(db, mid, today=dt.date(2025, 3, 1), actor=SYSTEM, unmask=True)["header"]
    assert (h["next_birthday"], h["age"]) == (dt.date(2026, 2, 28), 25)
