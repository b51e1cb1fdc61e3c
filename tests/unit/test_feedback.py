"""app.feedback: surveys and the importance × satisfaction quadrants, complaints (times to
resolve, the median, overdue), churn reasons, the win-back rate and the call list's
complaint tasks — on small stores built by hand, so every expected figure is known."""

from __future__ import annotations

import datetime as dt

import pytest

from app import calllist, contacts, feedback, migrations, purchases, settings
from app.core import SYSTEM, Actor, ValidationError
from app.db import connect, open_db
from app.members import create_member, get_member, update_member

TODAY = dt.date.today()


def days_ago(n: int, hour: int = 10) -> str:
    return dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(hour)).isoformat()


@pytest.fixture
def member(db, actor) -> int:
    return create_member(
        db, actor=actor, data={"name": "李琳", "consent_channels": ["phone"]}
    ).created_id


def buy(db, actor, member_id: int, at: str) -> int:
    return purchases.record_purchase(
        db,
        actor=actor,
        member_id=member_id,
        items=[{"qty": 1, "list_fen": 10000, "paid_fen": 10000}],
        at=at,
    ).created_id


# ------------------------------------------------------------------ surveys


def test_quadrants_follow_the_factor_means_against_the_overall_means(db, actor, member):
    # quality: important, unsatisfied; service: important, satisfied; store image:
    # unimportant, unsatisfied; price: unimportant, satisfied
    for at in (days_ago(10), days_ago(20)):
        feedback.record_survey(
            db,
            actor=actor,
            member_id=member,
            at=at,
            overall=4,
            scores={
                "quality": (2, 5),
                "service": (5, 5),
                "store_image": (2, 1),
                "price": (5, 1),
            },
        )
    # outside the period: would move every mean if it counted
    feedback.record_survey(
        db, actor=actor, at=days_ago(400), scores={"quality": (5, 1), "service": (1, 1)}
    )
    result = feedback.importance_satisfaction(db, TODAY - dt.timedelta(days=90), TODAY)
    assert result["surveys"] == 2 and result["scores"] == 8
    assert result["axes"] == {"importance": 3.0, "satisfaction": 3.5}
    assert result["overall_mean"] == 4.0
    placed = {
        f["factor"]: (f["importance"], f["satisfaction"], f["quadrant"]) for f in result["factors"]
    }
    assert placed == {
        "quality": (5.0, 2.0, "improve"),
        "service": (5.0, 5.0, "keep"),
        "store_image": (1.0, 2.0, "low_priority"),
        "price": (1.0, 5.0, "bonus"),
    }
    assert [f["factor"] for f in result["factors"]] == [
        "quality",
        "service",
        "store_image",
        "price",
    ]


def test_the_axes_weigh_every_score_so_a_factor_rated_more_often_counts_more(db, actor):
    feedback.record_survey(db, actor=actor, scores={"quality": (4, 4), "service": (2, 2)})
    feedback.record_survey(db, actor=actor, scores={"quality": (4, 4)})
    result = feedback.importance_satisfaction(db, TODAY, TODAY)
    # mean of all three score rows: (4 + 4 + 2) / 3, not the mean of the factor means (3)
    assert result["axes"]["satisfaction"] == pytest.approx(10 / 3)
    quadrants = {f["factor"]: f["quadrant"] for f in result["factors"]}
    assert quadrants == {"quality": "keep", "service": "low_priority"}


def test_a_point_on_an_axis_counts_as_high():
    assert feedback.quadrant_of(3.0, 3.0, 3.0, 3.0) == "keep"
    assert feedback.quadrant_of(2.99, 3.0, 3.0, 3.0) == "bonus"
    assert feedback.quadrant_of(3.0, 2.99, 3.0, 3.0) == "improve"


def test_no_surveys_gives_no_axes_and_no_factors(db):
    result = feedback.importance_satisfaction(db, TODAY - dt.timedelta(days=30), TODAY)
    assert result["axes"] == {"importance": None, "satisfaction": None}
    assert result["factors"] == [] and result["surveys"] == 0


def test_survey_input_is_checked_all_at_once(db, actor, member):
    other = create_member(db, actor=actor, data={"name": "王芳"}).created_id
    cid = contacts.log_contact(
        db, actor=actor, member_id=other, channel="phone", purpose="satisfaction", outcome="reached"
    ).created_id
    with pytest.raises(ValidationError) as err:
        feedback.record_survey(
            db,
            actor=actor,
            member_id=member,
            contact_id=cid,
            scores={"quality": (6, 3), "parking": (3, 3), "service": ("x", 2)},
            overall=0,
        )
    fields = {(e.field, e.code) for e in err.value.errors}
    assert fields == {
        ("contact_id", "contact_other_member"),
        ("score_quality", "score_invalid"),
        ("score_parking", "choice_invalid"),
        ("score_service", "score_invalid"),
        ("overall", "score_invalid"),
    }
    with pytest.raises(ValidationError) as err:
        feedback.record_survey(db, actor=actor, scores={})
    assert [e.code for e in err.value.errors] == ["survey_empty"]
    assert db.execute("SELECT COUNT(*) FROM surveys").fetchone()[0] == 0


def test_a_survey_taken_in_a_contact_belongs_to_that_member(db, actor, member):
    cid = contacts.log_contact(
        db,
        actor=actor,
        member_id=member,
        channel="phone",
        purpose="satisfaction",
        outcome="reached",
    ).created_id
    ch = feedback.record_survey(
        db, actor=actor, contact_id=cid, scores={"service": ("4", "5")}, comment=" 很好 "
    )
    assert ch.member_ids == {member} and ch.touches("surveys")
    [row] = feedback.list_surveys(db, TODAY, TODAY)
    assert row["member_id"] == member and row["contact_id"] == cid
    assert row["scores"] == {"service": (4, 5)} and row["comment"] == "很好"
    assert db.execute("SELECT action FROM audit_log WHERE entity = 'survey'").fetchall() == [
        ("survey",)
    ]


def test_the_owner_edits_the_factor_list_and_old_scores_stay_in_the_analysis(db, actor):
    feedback.record_survey(db, actor=actor, scores={"range": (3, 3)})
    feedback.set_survey_factors(db, factors=["quality", "试衣间", "quality", " "], actor=actor)
    assert feedback.survey_factors(db) == ["quality", "试衣间"]
    feedback.record_survey(db, actor=actor, scores={"试衣间": (2, 4)})
    with pytest.raises(ValidationError):
        feedback.record_survey(db, actor=actor, scores={"range": (3, 3)})
    factors = [f["factor"] for f in feedback.importance_satisfaction(db, TODAY, TODAY)["factors"]]
    assert factors == ["试衣间", "range"]
    with pytest.raises(ValidationError):
        feedback.set_survey_factors(db, factors=[" "], actor=actor)


def test_the_trend_gives_each_month_its_means_with_empty_months_filled(db, actor):
    feedback.record_survey(
        db, actor=actor, at="2025-01-10T10:00:00", overall=2, scores={"quality": (2, 3)}
    )
    feedback.record_survey(
        db, actor=actor, at="2025-01-20T10:00:00", overall=4, scores={"quality": (4, 3)}
    )
    feedback.record_survey(
        db, actor=actor, at="2025-03-05T10:00:00", overall=5, scores={"service": (5, 3)}
    )
    trend = feedback.satisfaction_trend(db, "2025-01-01", "2025-12-31")
    assert trend["months"] == ["2025-01", "2025-02", "2025-03"]
    assert trend["factors"] == {"quality": [3.0, None, None], "service": [None, None, 5.0]}
    assert trend["overall"] == [3.0, None, 5.0] and trend["surveys"] == [2, 0, 1]


# ------------------------------------------------------------------ complaints


def complaint(db, actor, member, at: str, **kw) -> int:
    return feedback.register_complaint(
        db, actor=actor, member_id=member, category="quality", description="起球", at=at, **kw
    ).created_id


def test_resolution_times_and_their_median(db, actor, member):
    start = dt.datetime.combine(TODAY - dt.timedelta(days=20), dt.time(9))
    for hours in (2, 30, 10):
        cid = complaint(db, actor, member, start.isoformat())
        feedback.update_complaint(
            db,
            complaint_id=cid,
            data={
                "status": "resolved",
                "resolution": "换新",
                "resolved_at": (start + dt.timedelta(hours=hours)).isoformat(),
            },
            actor=actor,
        )
    complaint(db, actor, member, start.isoformat())  # still open: no time yet
    rows = feedback.list_complaints(db, today=TODAY)
    assert sorted(r["resolution_hours"] or 0 for r in rows) == [0, 2.0, 10.0, 30.0]
    stats = feedback.complaint_stats(db, TODAY - dt.timedelta(days=30), TODAY, today=TODAY)
    assert stats["total"] == 4 and stats["resolved"] == 3
    assert stats["median_resolution_hours"] == 10.0
    assert stats["median_resolution_days"] == round(10 / 24, 2)
    assert stats["by_status"] == {"open": 1, "in_progress": 0, "resolved": 3, "closed": 0}
    assert stats["by_category"]["quality"] == 4 and stats["by_category"]["service"] == 0


def test_an_even_number_of_resolved_complaints_takes_the_middle_two(db, actor, member):
    start = dt.datetime.combine(TODAY - dt.timedelta(days=5), dt.time(9))
    for hours in (1, 3, 5, 100):
        complaint(
            db,
            actor,
            member,
            start.isoformat(),
            status="closed",
            resolution="已处理",
        )
        cid = db.execute("SELECT MAX(id) FROM complaints").fetchone()[0]
        feedback.update_complaint(
            db,
            complaint_id=cid,
            data={"resolved_at": (start + dt.timedelta(hours=hours)).isoformat()},
            actor=actor,
        )
    stats = feedback.complaint_stats(db, TODAY - dt.timedelta(days=30), TODAY, today=TODAY)
    assert stats["median_resolution_hours"] == 4.0


def test_resolving_stamps_the_time_and_needs_a_resolution_reopening_clears_it(db, actor, member):
    cid = complaint(db, actor, member, days_ago(2))
    with pytest.raises(ValidationError) as err:
        feedback.update_complaint(db, complaint_id=cid, data={"status": "resolved"}, actor=actor)
    assert [e.code for e in err.value.errors] == ["resolution_required"]
    ch = feedback.update_complaint(
        db,
        complaint_id=cid,
        data={"status": "resolved", "resolution": "退款", "compensation_fen": 5000},
        actor=actor,
    )
    assert ch.member_ids == {member}
    [row] = feedback.list_complaints(db, today=TODAY)
    assert row["resolved_at"][:10] == TODAY.isoformat() and row["compensation_fen"] == 5000
    feedback.update_complaint(db, complaint_id=cid, data={"status": "in_progress"}, actor=actor)
    [row] = feedback.list_complaints(db, today=TODAY)
    assert row["resolved_at"] is None and row["status"] == "in_progress"
    with pytest.raises(ValidationError) as err:
        feedback.update_complaint(
            db,
            complaint_id=cid,
            data={"status": "closed", "resolution": "x", "resolved_at": days_ago(3), "colour": 1},
            actor=actor,
        )
    assert {e.code for e in err.value.errors} == {"resolved_before_complaint", "unknown_field"}


def test_register_checks_every_field(db, actor):
    with pytest.raises(ValidationError) as err:
        feedback.register_complaint(
            db,
            actor=actor,
            member_id=999,
            category="smell",
            description=" ",
            owner_id=42,
            compensation_fen=-1,
        )
    assert {(e.field, e.code) for e in err.value.errors} == {
        ("member_id", "member_missing"),
        ("category", "choice_invalid"),
        ("description", "required"),
        ("owner_id", "clerk_missing"),
        ("compensation_fen", "amount_negative"),
    }


def test_overdue_means_open_longer_than_the_setting(db, actor, member):
    old = complaint(db, actor, member, days_ago(4))
    edge = complaint(db, actor, member, days_ago(3))
    done = complaint(db, actor, member, days_ago(9), status="resolved", resolution="已退款")
    overdue = {r["id"]: r["overdue"] for r in feedback.list_complaints(db, today=TODAY)}
    assert overdue == {old: True, edge: False, done: False}
    settings.set_many(db, actor=actor, values={"feedback_complaint_overdue_days": 2})
    overdue = {r["id"]: r["overdue"] for r in feedback.list_complaints(db, today=TODAY)}
    assert overdue == {old: True, edge: True, done: False}
    stats = feedback.complaint_stats(db, TODAY, TODAY, today=TODAY)
    assert stats["overdue_now"] == 2 and stats["total"] == 0  # none received today
    assert [c["id"] for c in feedback.open_complaints(db, member)] == [old, edge]


# ------------------------------------------------------------------ churn


def test_mark_lost_needs_a_reason_and_a_note_for_other(db, actor, member):
    with pytest.raises(ValidationError) as err:
        feedback.mark_lost(db, member_id=member, reason="bored", note=None, actor=actor)
    assert [e.code for e in err.value.errors] == ["choice_invalid"]
    with pytest.raises(ValidationError) as err:
        feedback.mark_lost(db, member_id=member, reason=None, note=None, actor=actor)
    assert [(e.field, e.code) for e in err.value.errors] == [("reason", "required")]
    with pytest.raises(ValidationError) as err:
        feedback.mark_lost(db, member_id=member, reason="other", note="  ", actor=actor)
    assert [e.code for e in err.value.errors] == ["lost_note_required"]
    ch = feedback.mark_lost(
        db, member_id=member, reason="competitor", note="对面新开了一家", actor=actor
    )
    assert ch.member_ids == {member}
    m = get_member(db, member, actor=SYSTEM, unmask=True)
    assert (m["status"], m["lost_reason"], m["lost_note"]) == (
        "lost",
        "competitor",
        "对面新开了一家",
    )
    assert m["status_changed_at"][:10] == TODAY.isoformat()
    [row] = feedback.lost_members(db, TODAY, TODAY)
    assert (row["id"], row["lost_reason"], row["lost_note"]) == (
        member,
        "competitor",
        "对面新开了一家",
    )
    counts = feedback.lost_reasons(db, TODAY, TODAY)
    assert counts["counts"]["competitor"] == 1 and counts["total"] == 1
    assert counts["months"] == [TODAY.isoformat()[:7]]
    feedback.reactivate(db, member_id=member, actor=actor)
    m = get_member(db, member, actor=SYSTEM, unmask=True)
    assert (m["status"], m["lost_reason"], m["lost_note"]) == ("active", None, None)
    assert feedback.lost_reasons(db, TODAY, TODAY)["total"] == 0
    with pytest.raises(ValidationError):
        feedback.reactivate(db, member_id=member, actor=actor)


def test_lost_reasons_count_free_text_as_other_and_labels_typed_on_the_card_as_codes(db, actor):
    a = create_member(db, actor=actor, data={"name": "甲"}).created_id
    b = create_member(db, actor=actor, data={"name": "乙"}).created_id
    update_member(
        db, actor=actor, member_id=a, data={"status": "lost", "lost_reason": "搬家/离开本地"}
    )
    update_member(db, actor=actor, member_id=b, data={"status": "lost", "lost_reason": "嫌远"})
    assert get_member(db, a, actor=SYSTEM, unmask=True)["lost_reason"] == "moved_away"
    assert get_member(db, b, actor=SYSTEM, unmask=True)["lost_reason"] == "嫌远"
    counts = feedback.lost_reasons(db, TODAY, TODAY)["counts"]
    assert counts["moved_away"] == 1 and counts["other"] == 1


def test_the_migration_turns_the_old_chinese_reasons_into_codes(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m008_feedback")
    db.execute(
        "INSERT INTO members (member_no, name, status, lost_reason, joined_on, created_at, "
        "updated_at) VALUES ('A1', '甲', 'lost', '被竞争对手吸引', '2024-01-01', "
        "'2024-01-01', '2024-01-01'), ('A2', '乙', 'lost', '嫌远', '2024-01-01', "
        "'2024-01-01', '2024-01-01')"
    )
    db.close()
    db = open_db(db_path)
    try:
        rows = db.execute("SELECT member_no, lost_reason FROM members ORDER BY 1").fetchall()
        assert rows == [("A1", "competitor"), ("A2", "嫌远")]
    finally:
        db.close()


def test_dormant_members_are_customers_idle_past_the_threshold(db, actor):
    idle = create_member(db, actor=actor, data={"name": "久未来"}).created_id
    recent = create_member(db, actor=actor, data={"name": "常来"}).created_id
    gone = create_member(db, actor=actor, data={"name": "已流失"}).created_id
    create_member(db, actor=actor, data={"name": "没买过"})
    buy(db, actor, idle, days_ago(200))
    buy(db, actor, recent, days_ago(20))
    buy(db, actor, gone, days_ago(400))
    feedback.mark_lost(db, member_id=gone, reason="moved_away", note=None, actor=actor)
    rows = feedback.dormant_members(db, today=TODAY)
    assert [r["id"] for r in rows] == [idle] and feedback.dormant_count(db, today=TODAY) == 1
    assert rows[0]["days_since"] == 200 and rows[0]["total_paid_fen"] == 10000


def test_winback_rate_on_a_hand_built_store(db, actor):
    def member_with(
        name: str, bought: list[int], call: int | None, outcome: str = "reached"
    ) -> int:
        mid = create_member(db, actor=actor, data={"name": name}).created_id
        for n in bought:
            buy(db, actor, mid, days_ago(n))
        if call is not None:
            contacts.log_contact(
                db,
                actor=actor,
                member_id=mid,
                channel="phone",
                purpose="winback",
                outcome=outcome,
                at=days_ago(call, hour=9),
            )
        return mid

    member_with("回来了", [300, 50], 100)  # won: bought 50 days after the call
    member_with("没回来", [300], 100)  # window over, no purchase
    member_with("不算休眠", [130], 100)  # bought 30 days before the call: not dormant
    member_with("还在等", [300], 10)  # window still open: pending
    member_with("没接", [300], 100, outcome="no_answer")  # not reached: not a call
    member_with("太晚", [300, 4], 100)  # bought 96 days after the call: too late
    member_with("期外", [600], 400)  # called before the period
    rate = feedback.winback_rate(db, TODAY - dt.timedelta(days=365), TODAY, today=TODAY)
    assert rate == {
        "called": 4,
        "won": 1,
        "pending": 1,
        "rate": pytest.approx(1 / 3),
        "window_days": 90,
        "dormant_days": 180,
    }
    settings.set_many(db, actor=actor, values={"feedback_winback_days": 100})
    rate = feedback.winback_rate(db, TODAY - dt.timedelta(days=365), TODAY, today=TODAY)
    assert (rate["won"], rate["pending"]) == (2, 1)


# ------------------------------------------------------------------ call list


@pytest.fixture
def staff(db) -> tuple[Actor, Actor]:
    ids = []
    for name in ("clerk_a", "clerk_b"):
        cur = db.execute(
            "INSERT INTO users (username, display_name, role, created_at) "
            "VALUES (?, ?, 'clerk', '2026-01-01T09:00:00')",
            [name, name],
        )
        ids.append(Actor(user_id=cur.lastrowid, name=name, role="clerk"))
    return ids[0], ids[1]


def complaint_tasks(db, **kw):
    return [
        t for t in calllist.call_list(db, today=TODAY, **kw) if t.reason.startswith("complaint")
    ]


def test_an_open_complaint_is_a_task_for_its_owner_until_a_call_reaches_the_member(
    db, actor, staff, member
):
    a, b = staff
    cid = feedback.register_complaint(
        db,
        actor=a,
        member_id=member,
        category="service",
        description="态度冷淡",
        at=days_ago(2),
    ).created_id
    [task] = complaint_tasks(db)
    assert (task.reason, task.purpose, task.clerk_id) == (
        "complaint_followup",
        "complaint_follow_up",
        a.user_id,
    )
    assert task.due == TODAY - dt.timedelta(days=2) and task.detail["complaint_id"] == cid
    assert task.detail["category"] == "service"
    assert complaint_tasks(db, clerk_id=b.user_id) == []
    # a lost member still gets the complaint call
    feedback.mark_lost(db, member_id=member, reason="poor_service", note=None, actor=actor)
    assert len(complaint_tasks(db)) == 1
    contacts.log_contact(
        db,
        actor=a,
        member_id=member,
        channel="phone",
        purpose="complaint_follow_up",
        outcome="reached",
        at=days_ago(1),
    )
    assert complaint_tasks(db) == []


def test_a_resolved_complaint_gets_a_check_call_the_next_day_a_closed_one_none(
    db, actor, staff, member
):
    a, _b = staff
    cid = feedback.register_complaint(
        db, actor=a, member_id=member, category="quality", description="开线", at=days_ago(5)
    ).created_id
    feedback.update_complaint(
        db,
        complaint_id=cid,
        data={"status": "resolved", "resolution": "修补", "resolved_at": days_ago(1)},
        actor=a,
    )
    [task] = complaint_tasks(db)
    assert task.reason == "complaint_check" and task.due == TODAY and task.clerk_id == a.user_id
    # resolved today: the check is tomorrow's
    feedback.update_complaint(
        db,
        complaint_id=cid,
        data={"resolved_at": dt.datetime.now().replace(microsecond=0).isoformat()},
        actor=a,
    )
    assert complaint_tasks(db) == []
    feedback.update_complaint(db, complaint_id=cid, data={"resolved_at": days_ago(1)}, actor=a)
    contacts.log_contact(
        db,
        actor=a,
        member_id=member,
        channel="phone",
        purpose="complaint_follow_up",
        outcome="reached",
    )
    assert complaint_tasks(db) == []
    other = feedback.register_complaint(
        db,
        actor=a,
        member_id=member,
        category="price",
        description="补差价",
        at=days_ago(3),
        status="closed",
        resolution="已补",
    ).created_id
    assert other and complaint_tasks(db) == []
    # too long ago: past the check's overdue days
    late = feedback.register_complaint(
        db, actor=a, member_id=member, category="other", description="停车", at=days_ago(30)
    ).created_id
    feedback.update_complaint(
        db,
        complaint_id=late,
        data={"status": "resolved", "resolution": "告知", "resolved_at": days_ago(9)},
        actor=a,
    )
    assert complaint_tasks(db) == []


def test_roles_compensation_needs_a_manager_and_the_factor_list_the_owner(db, clerk, member):
    from app.core import PermissionDenied

    cid = feedback.register_complaint(
        db, actor=clerk, member_id=member, category="quality", description="开线"
    ).created_id
    feedback.record_survey(db, actor=clerk, scores={"service": (4, 4)})
    feedback.update_complaint(
        db, complaint_id=cid, data={"status": "in_progress", "compensation_fen": 0}, actor=clerk
    )
    with pytest.raises(PermissionDenied):
        feedback.update_complaint(
            db, complaint_id=cid, data={"compensation_fen": 5000}, actor=clerk
        )
    with pytest.raises(PermissionDenied):
        feedback.register_complaint(
            db,
            actor=clerk,
            member_id=member,
            category="price",
            description="差价",
            compensation_fen=1000,
        )
    with pytest.raises(PermissionDenied):
        feedback.set_survey_factors(db, factors=["quality"], actor=clerk)
    manager = Actor(user_id=None, name="店长", role="manager")
    feedback.update_complaint(db, complaint_id=cid, data={"compensation_fen": 5000}, actor=manager)
    assert db.execute("SELECT compensation_fen FROM complaints").fetchall() == [(5000,)]
    feedback.mark_lost(
        db, member_id=member, reason="price", note=None, actor=clerk
    )  # the counter may do this
