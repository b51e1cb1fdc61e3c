"""Free alterations and deliveries (免费修改/扦边/送衣, issue #19): an order is created
open, moves to ready and then collected (stamped, audited, never backwards), may name
one of the member's own sales, and the ready ones are the calls to make."""

from __future__ import annotations

import datetime as dt

import pytest

from app import purchases
from app.core import SYSTEM, NotFound, ValidationError
from app.members import create_member
from app.service import alterations as alt


@pytest.fixture
def member(db) -> int:
    return create_member(db, actor=SYSTEM, data={"name": "陈静"}).created_id


def _sale(db, member_id: int) -> int:
    return purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=member_id,
        items=[{"qty": 1, "list_fen": 89900, "paid_fen": 89900}],
        at="2026-11-10T15:00:00",
    ).created_id


def test_an_order_goes_open_ready_collected_and_each_step_is_audited(db, member, clerk):
    sale = _sale(db, member)
    ch = alt.create_alteration(
        db,
        actor=clerk,
        member_id=member,
        kind="hem",
        due_on="2026-11-15",
        purchase_id=sale,
        note="裤长改短 3 厘米",
    )
    assert ch.tables == {"alterations"} and ch.member_ids == {member}
    aid = ch.created_id
    [row] = alt.member_alterations(db, member)
    assert (row["status"], row["due_on"], row["purchase_id"]) == ("open", "2026-11-15", sale)
    assert alt.ready_to_call(db, today=dt.date(2026, 11, 14)) == []
    alt.mark_ready(db, alteration_id=aid, actor=clerk)
    ready = alt.ready_to_call(db, today=dt.date.today())
    assert [r["id"] for r in ready] == [aid] and ready[0]["days_waiting"] == 0
    alt.mark_collected(db, alteration_id=aid, actor=clerk)
    [row] = alt.member_alterations(db, member)
    assert row["status"] == "collected" and row["ready_at"] and row["collected_at"]
    assert alt.ready_to_call(db, today=dt.date.today()) == []
    actions = [
        r[0]
        for r in db.execute(
            "SELECT action FROM audit_log WHERE entity = 'alteration' ORDER BY id"
        ).fetchall()
    ]
    assert actions == ["alteration", "alteration_status", "alteration_status"]


def test_a_status_never_moves_back_and_a_missing_order_is_not_found(db, member):
    aid = alt.create_alteration(
        db, actor=SYSTEM, member_id=member, kind="delivery", due_on="2026-11-20"
    ).created_id
    alt.mark_collected(db, alteration_id=aid, actor=SYSTEM)  # delivered straight away
    with pytest.raises(ValidationError) as err:
        alt.mark_ready(db, alteration_id=aid, actor=SYSTEM)
    assert err.value.errors[0].field == "status"
    with pytest.raises(NotFound):
        alt.mark_ready(db, alteration_id=999, actor=SYSTEM)


def test_bad_input_names_every_field_and_writes_nothing(db, member):
    other = create_member(db, actor=SYSTEM, data={"name": "别人"}).created_id
    sale = _sale(db, other)
    with pytest.raises(ValidationError) as err:
        alt.create_alteration(
            db, actor=SYSTEM, member_id=member, kind="dye", due_on="soon", purchase_id=sale
        )
    assert {e.field for e in err.value.errors} == {"kind", "due_on", "purchase_id"}
    assert db.execute("SELECT COUNT(*) FROM alterations").fetchone()[0] == 0
