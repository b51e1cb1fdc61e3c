"""The contact log: validation against the label codes, history order."""

from __future__ import annotations

import pytest

from app import contacts, purchases
from app.core import ValidationError
from app.members import create_member, update_member


@pytest.fixture
def member(db, actor) -> int:
    return create_member(db, actor=actor, data={"name": "李琳"}).created_id


def test_log_contact_stores_the_row_and_audits_it(db, clerk, member):
    ch = contacts.log_contact(
        db,
        actor=clerk,
        member_id=member,
        channel="phone",
        purpose="birthday",
        outcome="reached",
        note="  送了小礼物 ",
        next_follow_up="2025/6/1",
        at="2025-05-20T10:00:00",
    )
    assert ch.tables == {"contacts"} and ch.member_ids == {member}
    [row] = contacts.contact_history(db, member)
    assert row == {
        "id": ch.created_id,
        "member_id": member,
        "at": "2025-05-20T10:00:00",
        "clerk_id": clerk.user_id,
        "clerk_name": "小李",
        "channel": "phone",
        "purpose": "birthday",
        "outcome": "reached",
        "note": "送了小礼物",
        "next_follow_up": "2025-06-01",
        "purchase_id": None,
    }
    assert db.execute("SELECT action FROM audit_log WHERE entity = 'contact'").fetchall() == [
        ("contact",)
    ]


def test_codes_dates_clerk_and_purchase_are_validated_together(db, actor, member):
    other = create_member(db, actor=actor, data={"name": "王芳"}).created_id
    pid = purchases.record_purchase(
        db, actor=actor, member_id=other, items=[{"qty": 1, "list_fen": 1, "paid_fen": 1}]
    ).created_id
    with pytest.raises(ValidationError) as err:
        contacts.log_contact(
            db,
            actor=actor,
            member_id=member,
            channel="fax",
            purpose="gossip",
            outcome="maybe",
            clerk_id=77,
            at="2025-05-20T10:00:00",
            next_follow_up="2025-05-01",
            purchase_id=pid,
            note="x" * 1001,
        )
    assert {e.field: e.code for e in err.value.errors} == {
        "channel": "choice_invalid",
        "purpose": "choice_invalid",
        "outcome": "choice_invalid",
        "clerk_id": "clerk_missing",
        "next_follow_up": "follow_up_before_contact",
        "purchase_id": "purchase_other_member",
        "note": "too_long",
    }
    assert contacts.contact_history(db, member) == []


def test_unknown_or_anonymised_member_is_refused(db, actor, member):
    with pytest.raises(ValidationError) as err:
        contacts.log_contact(
            db, actor=actor, member_id=999, channel="sms", purpose="other", outcome="reached"
        )
    assert err.value.errors[0].code == "member_missing"
    update_member(db, actor=actor, member_id=member, data={"status": "anonymised"})
    with pytest.raises(ValidationError) as err:
        contacts.log_contact(
            db, actor=actor, member_id=member, channel="sms", purpose="other", outcome="reached"
        )
    assert err.value.errors[0].code == "member_anonymised"


def test_history_is_newest_first(db, actor, member):
    for at in ("2025-01-02T09:00:00", "2025-03-01T09:00:00", "2025-02-01T09:00:00"):
        contacts.log_contact(
            db,
            actor=actor,
            member_id=member,
            channel="wechat",
            purpose="other",
            outcome="reached",
            at=at,
        )
    assert [c["at"][:7] for c in contacts.contact_history(db, member)] == [
        "2025-03",
        "2025-02",
        "2025-01",
    ]
