"""The daily plan (app.plan): one row per member with all of today's reasons, ranked by
urgency and value, cut to each clerk's capacity; reasons past their window lapse."""

from __future__ import annotations

import datetime as dt

import pytest

from app import calllist, contacts, feedback, plan, purchases, settings
from app.core import SYSTEM, Actor
from app.members import create_member

TODAY = dt.date(2026, 6, 10)


def staff(db, username, role="clerk") -> Actor:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES (?, ?, ?, '2026-01-01T09:00:00')",
        [username, username, role],
    )
    return Actor(user_id=cur.lastrowid, name=username, role=role)


def mk(db, name, **data) -> int:
    data.setdefault("consent_channels", ["phone"])
    return create_member(db, actor=SYSTEM, data={"name": name, **data}).created_id


def sale(db, mid, day: dt.date, clerk_id=None, paid=1000) -> int:
    return purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at=f"{day.isoformat()}T11:00:00",
        clerk_id=clerk_id,
        items=[{"qty": 1, "list_fen": paid, "paid_fen": paid}],
    ).created_id


def set_capacity(db, n: int, vip: int = 0) -> None:
    settings.set_many(
        db, actor=SYSTEM, values={"plan_daily_capacity": n, "plan_vip_talks_per_day": vip}
    )


def test_a_member_with_three_reasons_is_one_row_carrying_all_three(db):
    li = staff(db, "li")
    mid = mk(db, "张三", birthday=f"1990-{TODAY:%m-%d}")
    sale(db, mid, TODAY - dt.timedelta(days=1), li.user_id)
    feedback.register_complaint(
        db,
        actor=li,
        member_id=mid,
        category="quality",
        description="起球",
        at=f"{TODAY.isoformat()}T09:00:00",
    )
    day = plan.daily_plan(db, today=TODAY)
    rows = [r for r in day.rows if r.member_id == mid]
    assert len(rows) == 1
    assert {t.reason for t in rows[0].reasons} == {
        "complaint_followup",
        "birthday",
        "post_sale_day1",
    }
    # the complaint is the most urgent: it comes first in the row too
    assert rows[0].reasons[0].reason == "complaint_followup"


def test_complaint_follow_ups_come_first_then_time_bound_reasons_then_the_rest(db):
    li = staff(db, "li")
    old = mk(db, "老客")
    sale(db, old, TODAY - dt.timedelta(days=200), li.user_id)  # dormant, 20 days overdue
    follow = mk(db, "预约")
    contacts.log_contact(
        db,
        actor=li,
        member_id=follow,
        channel="phone",
        purpose="other",
        outcome="reached",
        at=f"{(TODAY - dt.timedelta(days=10)).isoformat()}T10:00:00",
        next_follow_up=TODAY - dt.timedelta(days=5),
    )
    fresh = mk(db, "新买")
    sale(db, fresh, TODAY - dt.timedelta(days=1), li.user_id)
    angry = mk(db, "投诉")
    sale(db, angry, TODAY - dt.timedelta(days=60), li.user_id)
    feedback.register_complaint(
        db,
        actor=li,
        member_id=angry,
        category="service",
        description="态度差",
        at=f"{(TODAY - dt.timedelta(days=2)).isoformat()}T09:00:00",
    )
    # the old call list put the oldest overdue first
    assert calllist.call_list(db, today=TODAY)[0].name == "老客"
    names = [r.name for r in plan.daily_plan(db, today=TODAY).rows]
    assert names.index("投诉") == 0
    assert names.index("新买") == 1
    assert set(names[2:]) == {"老客", "预约"}


def test_each_clerk_gets_no_more_than_the_capacity_today_highest_value_first(db):
    li, wang = staff(db, "li"), staff(db, "wang")
    set_capacity(db, 3)
    for i in range(6):
        mid = mk(db, f"李客{i}", tier="gold" if i == 4 else "normal")
        sale(db, mid, TODAY - dt.timedelta(days=1), li.user_id, paid=1000 + 100 * i)
    for i in range(2):
        mid = mk(db, f"王客{i}")
        sale(db, mid, TODAY - dt.timedelta(days=1), wang.user_id)
    day = plan.daily_plan(db, today=TODAY)
    mine = day.for_clerk(li.user_id)
    today = [r.name for r in mine if r.slot == plan.TODAY]
    later = [r.name for r in mine if r.slot == plan.LATER]
    assert today == ["李客4", "李客5", "李客3"]  # gold tier first, then by spend
    assert later == ["李客2", "李客1", "李客0"]
    assert [r.slot for r in day.for_clerk(wang.user_id)] == [plan.TODAY, plan.TODAY]
    assert day.counts(li.user_id) == {"today": 3, "later": 3, "done": 0}


def test_calls_made_today_count_as_done_and_use_up_the_capacity(db):
    li = staff(db, "li")
    set_capacity(db, 2)
    ids = []
    for i in range(4):
        mid = mk(db, f"客{i}")
        sale(db, mid, TODAY - dt.timedelta(days=1), li.user_id, paid=1000 + i)
        ids.append(mid)
    contacts.log_contact(
        db,
        actor=li,
        member_id=ids[3],
        channel="phone",
        purpose="post_sale_day1",
        outcome="reached",
        at=f"{TODAY.isoformat()}T10:00:00",
    )
    day = plan.daily_plan(db, today=TODAY)
    assert day.counts(li.user_id) == {"today": 1, "later": 2, "done": 1}


def test_a_reason_past_its_window_lapses_instead_of_staying_overdue(db):
    li = staff(db, "li")
    late = mk(db, "过期")
    sale(db, late, TODAY - dt.timedelta(days=4), li.user_id)  # day-1 call due 3 days ago
    ok = mk(db, "未过期")
    sale(db, ok, TODAY - dt.timedelta(days=3), li.user_id)  # due 2 days ago: last day
    assert {t.name for t in calllist.call_list(db, today=TODAY)} >= {"过期", "未过期"}
    day = plan.daily_plan(db, today=TODAY)
    assert [r.name for r in day.rows] == ["未过期"]
    assert day.lapsed == {"post_sale_day1": 1}
    assert plan.WINDOWS["post_sale_day1"] == (0, 2)


def test_a_birthday_a_week_ahead_is_not_on_today_s_plan(db):
    mk(db, "下周生日", birthday=f"1990-{TODAY + dt.timedelta(days=6):%m-%d}")
    mk(db, "今天生日", birthday=f"1990-{TODAY:%m-%d}")
    assert [r.name for r in plan.daily_plan(db, today=TODAY).rows] == ["今天生日"]


def test_the_manager_gets_vip_talks_with_the_top_members_not_contacted_lately(db):
    boss = staff(db, "boss", "manager")
    li = staff(db, "li")
    set_capacity(db, 25, vip=2)
    for i, tier in enumerate(("diamond", "diamond", "gold", "normal")):
        mid = mk(db, f"贵宾{i}", tier=tier)
        sale(db, mid, TODAY - dt.timedelta(days=40), li.user_id, paid=50000 - i)
    talked = mk(db, "刚聊过", tier="diamond")
    sale(db, talked, TODAY - dt.timedelta(days=40), li.user_id, paid=90000)
    contacts.log_contact(
        db,
        actor=boss,
        member_id=talked,
        channel="phone",
        purpose="vip_care",
        outcome="reached",
        at=f"{(TODAY - dt.timedelta(days=3)).isoformat()}T10:00:00",
    )
    rows = plan.daily_plan(db, today=TODAY).for_clerk(boss.user_id)
    assert [(r.name, [t.reason for t in r.reasons]) for r in rows] == [
        ("贵宾0", ["vip_talk"]),
        ("贵宾1", ["vip_talk"]),
    ]


def test_the_demo_store_plan_fits_each_clerk_s_day(demo_db):
    today = dt.date.today()
    everything = calllist.call_list(demo_db, today=today)
    day = plan.daily_plan(demo_db, today=today)
    capacity = settings.get(demo_db, "plan_daily_capacity")
    members = [r.member_id for r in day.rows]
    assert len(members) == len(set(members))  # one row per member
    by_clerk: dict = {}
    for r in day.rows:
        if r.slot == plan.TODAY:
            by_clerk[r.clerk_id] = by_clerk.get(r.clerk_id, 0) + 1
    assert by_clerk and max(by_clerk.values()) <= capacity
    # every member the call list names is on the plan once, unless all their reasons
    # are upcoming or lapsed
    listed = {r.member_id for r in day.rows}
    for t in everything:
        if plan.window_state(t.reason, t.days_overdue) == "open":
            assert t.member_id in listed


@pytest.mark.parametrize("reason", sorted(plan.WINDOWS))
def test_every_reason_has_a_window_an_urgency_and_words(reason):
    from app import labels

    assert reason in plan.URGENCY
    assert labels.word("task_reason", reason, "zh") != reason


def test_members_without_a_known_clerk_go_to_the_least_busy_clerk(db):
    li, wang = staff(db, "li"), staff(db, "wang")
    for i in range(3):
        sale(db, mk(db, f"李客{i}"), TODAY - dt.timedelta(days=1), li.user_id)
    for i in range(3):
        mk(db, f"无主{i}", birthday=f"1990-{TODAY:%m-%d}")
    day = plan.daily_plan(db, today=TODAY)
    assert day.for_clerk(None) == []
    assert [r.name for r in day.for_clerk(wang.user_id)] == ["无主0", "无主1", "无主2"]
    assert len(day.for_clerk(li.user_id)) == 3


def test_infrequent_buyers_get_a_seasonal_visit_in_the_first_two_weeks_of_a_season(db):
    li = staff(db, "li")
    season = dt.date(2026, 6, 1)
    rare = mk(db, "少来")
    sale(db, rare, season - dt.timedelta(days=400), li.user_id)
    sale(db, rare, season - dt.timedelta(days=90), li.user_id)
    often = mk(db, "常来")
    for k in range(8):
        sale(db, often, season - dt.timedelta(days=90 + 40 * k), li.user_id)
    recent = mk(db, "刚来过")
    sale(db, recent, season - dt.timedelta(days=20), li.user_id)
    assert plan.daily_plan(db, today=season - dt.timedelta(days=1)).rows == []
    rows = plan.daily_plan(db, today=season + dt.timedelta(days=3)).rows
    assert [(r.name, r.reason_codes, r.first.purpose) for r in rows] == [
        ("少来", ["seasonal"], "new_arrivals")
    ]
    contacts.log_contact(
        db,
        actor=li,
        member_id=rare,
        channel="phone",
        purpose="new_arrivals",
        outcome="reached",
        at="2026-06-02T10:00:00",
    )
    assert plan.daily_plan(db, today=season + dt.timedelta(days=3)).rows == []
    assert plan.daily_plan(db, today=season + dt.timedelta(days=20)).rows == []


def test_a_balance_that_reached_a_reward_is_a_notice_with_its_words(db):
    from app.plan import templates

    li = staff(db, "li")
    db.execute("INSERT INTO rewards (name, kind, cost_points) VALUES ('羊绒围巾', 'gift', 50)")
    mid = mk(db, "攒分", consent_channels=["sms"])
    task = calllist.Task(
        mid,
        "VK000001",
        "攒分",
        None,
        "normal",
        "reward_ready",
        "points",
        TODAY,
        0,
        li.user_id,
        detail={"ref": 1, "balance": 60, "cost": 50},
    )
    day = plan.daily_plan(db, today=TODAY, tasks=[task])
    (row,) = day.rows
    (msg,) = templates.messages_for_row(templates.Renderer(db), row)
    assert msg.kind == "reward_ready" and "可以兑换羊绒围巾" in msg.text
