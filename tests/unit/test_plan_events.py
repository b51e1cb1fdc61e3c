"""Member events on the day's plan (#19 item 3): each guest not yet told is an
invitation to make from 14 to 3 days before the event; a guest who accepted gets a
reminder the day before; the messages name the event, its time and place."""

from __future__ import annotations

import datetime as dt

from app import contacts
from app.core import SYSTEM
from app.members import create_member
from app.plan import daily, templates
from app.service import events as ev

TODAY = dt.date.today()
_PHONES = iter(f"1360000{n:04d}" for n in range(1, 1000))


def _member(db, name, consent="phone,sms"):
    data = {"name": name, "phone": next(_PHONES), "consent_channels": consent}
    return create_member(db, actor=SYSTEM, data=data).created_id


def _event_in(db, days, **extra):
    day = TODAY + dt.timedelta(days=days)
    data = {
        "name": "春季新品发布会",
        "kind": "launch",
        "starts_at": f"{day.isoformat()} 19:00",
        "place": "本店二楼",
        **extra,
    }
    return ev.create_event(db, actor=SYSTEM, data=data).created_id


def _reasons(db, member_id, today=TODAY):
    row = next(
        (r for r in daily.daily_plan(db, today=today).rows if r.member_id == member_id), None
    )
    return [] if row is None else row.reason_codes


def test_an_invitation_is_a_task_from_14_to_3_days_before_the_event(db):
    mid = _member(db, "陈静")
    eid = _event_in(db, 20)
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[mid])
    day = TODAY + dt.timedelta(days=20)
    assert "event_invite" not in _reasons(db, mid, day - dt.timedelta(days=15))
    assert "event_invite" in _reasons(db, mid, day - dt.timedelta(days=14))
    assert "event_invite" in _reasons(db, mid, day - dt.timedelta(days=3))
    assert "event_invite" not in _reasons(db, mid, day - dt.timedelta(days=2))


def test_an_invitation_leaves_the_plan_once_logged_or_answered(db, clerk):
    a, b = _member(db, "甲"), _member(db, "乙")
    eid = _event_in(db, 10)
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[a, b])
    assert "event_invite" in _reasons(db, a) and "event_invite" in _reasons(db, b)
    contacts.log_contact(
        db, actor=clerk, member_id=a, channel="phone", purpose="event_invite", outcome="reached"
    )
    inv = {g["member_id"]: g["id"] for g in ev.guest_list(db, eid)}
    ev.record_response(db, invitation_id=inv[b], actor=clerk, response="declined")
    assert "event_invite" not in _reasons(db, a) and "event_invite" not in _reasons(db, b)


def test_who_accepted_is_reminded_the_day_before_and_a_cancelled_event_asks_nothing(db, clerk):
    yes, no = _member(db, "接受"), _member(db, "婉拒")
    eid = _event_in(db, 6)
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[yes, no])
    inv = {g["member_id"]: g["id"] for g in ev.guest_list(db, eid)}
    ev.record_response(db, invitation_id=inv[yes], actor=clerk, response="accepted")
    ev.record_response(db, invitation_id=inv[no], actor=clerk, response="declined")
    eve = TODAY + dt.timedelta(days=5)
    assert "event_reminder" not in _reasons(db, yes, eve - dt.timedelta(days=1))
    assert "event_reminder" in _reasons(db, yes, eve)
    assert _reasons(db, no, eve) == []
    ev.cancel_event(db, event_id=eid, actor=SYSTEM)
    assert "event_reminder" not in _reasons(db, yes, eve)


def test_the_invitation_message_names_the_event_its_time_and_place(db):
    mid = _member(db, "林芳")
    eid = _event_in(db, 10, name="VIP茶话沙龙", kind="salon", place="二楼茶室")
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[mid])
    row = next(r for r in daily.daily_plan(db, today=TODAY).rows if r.member_id == mid)
    msgs = templates.messages_for_row(templates.Renderer(db, "zh"), row)
    text = next(m.text for m in msgs if m.reason == "event_invite")
    day = (TODAY + dt.timedelta(days=10)).isoformat()
    assert "VIP茶话沙龙" in text and f"{day} 19:00" in text and "二楼茶室" in text
    assert "林芳" in text


def test_a_template_may_use_the_event_placeholders_and_no_others(db):
    assert not templates.check_text("{name}：{event} {event_date} {event_place}", "text_zh")
    assert templates.check_text("{event_time}", "text_zh")[0].code == "placeholder_unknown"
