"""Service records on the day's plan (#19 item 2): an alteration ready for collection is
a call to make until it is collected or the call is logged; a stale archive adds
"verify details" to a member's row at the next call, never a call of its own."""

from __future__ import annotations

import datetime as dt

from app import contacts
from app.core import SYSTEM
from app.members import create_member
from app.plan import daily
from app.service import alterations as alt

TODAY = dt.date.today()


_PHONES = iter(f"1390000{n:04d}" for n in range(1, 1000))


def _member(db, name: str, **extra) -> int:
    data = {"name": name, "phone": next(_PHONES), **extra}
    return create_member(db, actor=SYSTEM, data=data).created_id


def _row(plan, member_id):
    return next((r for r in plan.rows if r.member_id == member_id), None)


def test_a_ready_alteration_is_a_call_until_the_member_is_told(db, clerk):
    mid = _member(db, "陈静", consent_channels="phone,sms")
    aid = alt.create_alteration(
        db, actor=clerk, member_id=mid, kind="hem", due_on=TODAY.isoformat()
    ).created_id
    assert _row(daily.daily_plan(db, today=TODAY), mid) is None  # not ready yet
    alt.mark_ready(db, alteration_id=aid, actor=clerk)
    row = _row(daily.daily_plan(db, today=TODAY), mid)
    assert row is not None and row.reason_codes[0] == "alteration_ready"
    contacts.log_contact(
        db,
        actor=clerk,
        member_id=mid,
        channel="phone",
        purpose="alteration_ready",
        outcome="reached",
    )
    assert _row(daily.daily_plan(db, today=TODAY), mid) is None  # told: off the plan


def test_a_collected_alteration_is_no_call(db, clerk):
    mid = _member(db, "林芳", consent_channels="phone")
    aid = alt.create_alteration(
        db, actor=clerk, member_id=mid, kind="hem", due_on=TODAY.isoformat()
    ).created_id
    alt.mark_ready(db, alteration_id=aid, actor=clerk)
    alt.mark_collected(db, alteration_id=aid, actor=clerk)
    assert _row(daily.daily_plan(db, today=TODAY), mid) is None


def test_a_stale_archive_rides_along_with_a_call_and_never_makes_one(db, clerk):
    # archive_fresh_months: 12 by default (app/settings.py)
    old = (TODAY - dt.timedelta(days=800)).isoformat()
    stale = _member(db, "王旧", joined_on=old, consent_channels="phone")
    quiet = _member(db, "赵静", joined_on=old, consent_channels="phone")
    db.execute("UPDATE members SET created_at = ? WHERE id IN (?, ?)", [old, stale, quiet])
    aid = alt.create_alteration(
        db, actor=clerk, member_id=stale, kind="hem", due_on=TODAY.isoformat()
    ).created_id
    alt.mark_ready(db, alteration_id=aid, actor=clerk)
    plan = daily.daily_plan(db, today=TODAY)
    row = _row(plan, stale)
    assert row is not None and "verify_details" in row.reason_codes
    assert row.reason_codes[0] != "verify_details"  # the call's reason leads
    assert _row(plan, quiet) is None  # stale but nothing to call about: no call of its own


def test_a_tier_rise_without_a_new_card_rides_along_until_the_card_is_replaced(db, clerk):
    from app.service import cards

    up = _member(db, "孙莉", consent_channels="phone")
    quiet = _member(db, "周敏", consent_channels="phone")
    for mid in (up, quiet):
        cards.issue_card(db, actor=clerk, member_id=mid, issued_on="2025-01-10")
    db.execute("UPDATE members SET tier = 'gold' WHERE id IN (?, ?)", [up, quiet])
    db.conn.commit()
    aid = alt.create_alteration(
        db, actor=clerk, member_id=up, kind="hem", due_on=TODAY.isoformat()
    ).created_id
    alt.mark_ready(db, alteration_id=aid, actor=clerk)
    plan = daily.daily_plan(db, today=TODAY)
    row = _row(plan, up)
    assert row is not None and "new_card" in row.reason_codes
    assert row.reason_codes[0] == "alteration_ready"  # the call's reason leads
    assert _row(plan, quiet) is None  # nothing to call about: no call of its own
    cards.replace_card(
        db, actor=clerk, member_id=up, reason="upgrade", replaced_on=TODAY.isoformat()
    )
    row = _row(daily.daily_plan(db, today=TODAY), up)
    assert row is not None and "new_card" not in row.reason_codes
