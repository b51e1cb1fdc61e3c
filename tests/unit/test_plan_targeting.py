"""Targeting lists (app.plan.targeting): built from purchases, preferences and who the
members are; saved; put on the plan with a purpose; the campaign's result."""

from __future__ import annotations

import datetime as dt

import pytest

from app import plan, purchases
from app.core import SYSTEM, ValidationError
from app.members import create_member
from app.plan import targeting

TODAY = dt.date(2026, 6, 10)


def mk(db, name, **data) -> int:
    data.setdefault("consent_channels", ["sms"])
    return create_member(db, actor=SYSTEM, data={"name": name, **data}).created_id


def buy(db, mid, day, category="针织衫", size="M", colour="红", unit=39900, qty=1) -> int:
    return purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at=f"{day.isoformat()}T11:00:00",
        items=[
            {
                "category": category,
                "size": size,
                "colour": colour,
                "qty": qty,
                "list_fen": unit * qty,
                "paid_fen": unit * qty,
            }
        ],
    ).created_id


@pytest.fixture
def shoppers(db):
    red = mk(db, "红毛衣", tier="gold")
    buy(db, red, TODAY - dt.timedelta(days=40))
    old = mk(db, "旧毛衣")
    buy(db, old, TODAY - dt.timedelta(days=500))
    cheap = mk(db, "便宜货")
    buy(db, cheap, TODAY - dt.timedelta(days=30), unit=5900, colour="蓝")
    fan = mk(db, "喜欢红", preferred_colours="红色、米色", preferred_brands="雅戈尔")
    silent = mk(db, "不让联系", consent_channels=[])
    buy(db, silent, TODAY - dt.timedelta(days=10))
    return {"red": red, "old": old, "cheap": cheap, "fan": fan, "silent": silent}


def test_lists_come_from_what_members_bought_or_prefer_and_who_they_are(db, shoppers):
    s = shoppers
    pick = lambda **c: targeting.find_members(db, c, today=TODAY)  # noqa: E731
    assert pick(category="针织衫", months=6) == [s["red"], s["cheap"]]
    assert pick(category="针织衫", price_min_fen=10000, months=6) == [s["red"]]
    assert pick(category="针织衫", months=24) == [s["red"], s["old"], s["cheap"]]
    assert pick(colour="红") == [s["red"], s["fan"]]  # bought red, or likes 红色
    assert pick(brand="雅戈尔") == [s["fan"]]
    assert pick(tiers=["gold"]) == [s["red"]]
    with pytest.raises(ValidationError):
        pick(birthday_month=13)


def test_a_saved_list_goes_on_the_plan_with_its_purpose_and_message_then_shows_its_result(
    db, shoppers
):
    s = shoppers
    list_id = targeting.save_list(
        db, actor=SYSTEM, name="针织衫老客", criteria={"category": "针织衫", "months": 6}
    ).created_id
    with pytest.raises(ValidationError):
        targeting.save_list(db, actor=SYSTEM, name="针织衫老客", criteria={})
    changes = targeting.put_on_plan(
        db, actor=SYSTEM, list_id=list_id, purpose="new_arrivals", due=TODAY
    )
    assert changes.touches("campaign_tasks", "target_lists")
    rows = plan.daily_plan(db, today=TODAY).rows
    picked = {r.member_id: r for r in rows if "campaign" in r.reason_codes}
    assert set(picked) == {s["red"], s["cheap"]}
    from app.plan import templates

    (msg,) = templates.messages_for_row(templates.Renderer(db), picked[s["red"]])
    assert msg.kind == "new_arrivals" and "新品到店" in msg.text

    buy(db, s["red"], TODAY + dt.timedelta(days=5))
    buy(db, s["old"], TODAY + dt.timedelta(days=5))  # not on the list
    buy(db, s["cheap"], TODAY + dt.timedelta(days=45))  # too late
    result = targeting.campaign_result(db, list_id, days=30)
    assert (result["members"], result["bought"], result["buyers"]) == (2, 1, [s["red"]])
    assert result["paid_fen"] == 39900 and result["rate"] == 0.5
    (saved,) = targeting.list_targets(db)
    assert saved["purpose"] == "new_arrivals" and saved["member_ids"] == [s["red"], s["cheap"]]
