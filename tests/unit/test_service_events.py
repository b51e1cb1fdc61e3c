"""Member club events (issue #19, app/service/events.py): an event and its guest list —
invited from a rule or by hand, never twice, only members who may be contacted;
responses and attendance; every action audited, in one transaction; m025 upgrades an
old file without losing a row."""

from __future__ import annotations

import sqlite3

import pytest

from app import audit, migrations
from app.core import SYSTEM, ValidationError
from app.db import connect, open_db
from app.members import create_member
from app.service import events as ev

_PHONES = iter(f"1370000{n:04d}" for n in range(1, 2000))


def _member(db, name, consent="phone,sms", tier=None):
    mid = create_member(
        db, actor=SYSTEM, data={"name": name, "phone": next(_PHONES), "consent_channels": consent}
    ).created_id
    if tier:
        db.execute("UPDATE members SET tier = ? WHERE id = ?", [tier, mid])
        db.conn.commit()
    return mid


def _event(db, **extra):
    data = {"name": "秋冬新品发布会", "kind": "launch", "starts_at": "2026-12-20 19:00", **extra}
    return ev.create_event(db, actor=SYSTEM, data=data).created_id


def test_an_event_is_created_with_its_fields_and_audited(db):
    eid = _event(db, place="本店二楼", capacity=30, cost_fen=150000, rule={"tiers": ["gold"]})
    row = ev.list_events(db)[0]
    assert row["id"] == eid and row["starts_at"] == "2026-12-20T19:00:00"
    assert (row["place"], row["capacity"], row["cost_fen"]) == ("本店二楼", 30, 150000)
    assert row["rule"] == {"tiers": ["gold"]} and row["status"] == "planned"
    entry = db.execute("SELECT action, entity_id FROM audit_log ORDER BY id DESC").fetchone()
    assert entry == ("event", eid)


def test_bad_event_input_names_each_field(db):
    with pytest.raises(ValidationError) as e:
        ev.create_event(
            db,
            actor=SYSTEM,
            data={"name": "", "kind": "party", "starts_at": "next friday", "cost_fen": 1.5},
        )
    assert {f.field for f in e.value.errors} == {"name", "kind", "starts_at", "cost_fen"}
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0


def test_edit_changes_only_what_is_given_and_cancel_keeps_the_guest_list(db):
    eid = _event(db, place="本店")
    mid = _member(db, "王敏")
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[mid])
    ev.edit_event(db, event_id=eid, actor=SYSTEM, data={"place": "茶室", "capacity": 12})
    row = ev.list_events(db)[0]
    assert (row["place"], row["capacity"], row["name"]) == ("茶室", 12, "秋冬新品发布会")
    assert not ev.edit_event(db, event_id=eid, actor=SYSTEM, data={"place": "茶室"})  # no change
    ev.cancel_event(db, event_id=eid, actor=SYSTEM)
    assert ev.list_events(db)[0]["status"] == "cancelled"
    assert len(ev.guest_list(db, eid)) == 1
    with pytest.raises(ValidationError):
        ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[_member(db, "新客")])


def test_invitations_from_the_rule_never_twice_and_only_with_consent(db):
    gold = _member(db, "金卡甲", tier="gold")
    gold_no_consent = _member(db, "金卡乙", consent="", tier="gold")
    other = _member(db, "普通丙")
    picked = _member(db, "手选丁")
    eid = _event(db, rule={"tiers": ["gold"]})
    ch = ev.invite_members(db, event_id=eid, actor=SYSTEM, from_rule=True, member_ids=[picked])
    assert ch.created_id == 2 and set(ch.member_ids) == {gold, picked}
    guests = {g["member_id"] for g in ev.guest_list(db, eid)}
    assert guests == {gold, picked}
    assert gold_no_consent not in guests and other not in guests
    again = ev.invite_members(
        db, event_id=eid, actor=SYSTEM, from_rule=True, member_ids=[picked, gold]
    )
    assert again.created_id == 0
    assert len(ev.guest_list(db, eid)) == 2
    detail = db.execute(
        "SELECT detail FROM audit_log WHERE action = 'event_invite' ORDER BY id DESC"
    ).fetchone()[0]
    assert '"already": 2' in detail


def test_a_saved_target_list_narrows_the_rule(db):
    from app.plan import targeting

    a = _member(db, "金卡甲", tier="gold")
    _member(db, "金卡乙", tier="gold")
    db.execute("UPDATE members SET preferred_brands = '雅莹' WHERE id = ?", [a])
    db.conn.commit()
    lid = targeting.save_list(db, actor=SYSTEM, name="雅莹粉丝", criteria={"brand": "雅莹"})
    eid = _event(db, rule={"tiers": ["gold"], "list_id": lid.created_id})
    ev.invite_members(db, event_id=eid, actor=SYSTEM, from_rule=True)
    assert [g["member_id"] for g in ev.guest_list(db, eid)] == [a]


def test_response_marks_the_guest_told_and_attendance_ticks_several_at_once(db, clerk):
    eid = _event(db)
    ids = [_member(db, n) for n in ("甲", "乙", "丙")]
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=ids)
    inv = {g["member_id"]: g["id"] for g in ev.guest_list(db, eid)}
    ev.record_response(
        db, invitation_id=inv[ids[0]], actor=clerk, response="accepted", channel="phone"
    )
    ev.record_response(db, invitation_id=inv[ids[1]], actor=clerk, response="declined")
    g = {x["member_id"]: x for x in ev.guest_list(db, eid)}
    assert g[ids[0]]["response"] == "accepted" and g[ids[0]]["channel"] == "phone"
    assert g[ids[0]]["invited_at"] and g[ids[1]]["invited_at"] and not g[ids[2]]["invited_at"]
    with pytest.raises(ValidationError):
        ev.record_response(db, invitation_id=inv[ids[2]], actor=clerk, response="maybe")
    ch = ev.record_attendance(
        db, event_id=eid, actor=clerk, attended={inv[ids[0]]: True, inv[ids[2]]: True}
    )
    assert set(ch.member_ids) == {ids[0], ids[2]}
    row = ev.list_events(db)[0]
    assert (row["invited"], row["told"], row["accepted"], row["declined"], row["attended"]) == (
        3,
        2,
        1,
        1,
        2,
    )
    assert [i["response"] for i in ev.member_invitations(db, ids[0])] == ["accepted"]


def test_attendance_of_another_events_guest_is_refused_and_nothing_is_written(db, clerk):
    e1, e2 = _event(db), _event(db, name="VIP沙龙", kind="salon")
    a, b = _member(db, "甲"), _member(db, "乙")
    ev.invite_members(db, event_id=e1, actor=SYSTEM, member_ids=[a])
    ev.invite_members(db, event_id=e2, actor=SYSTEM, member_ids=[b])
    mine = ev.guest_list(db, e1)[0]["id"]
    theirs = ev.guest_list(db, e2)[0]["id"]
    with pytest.raises(ValidationError):
        ev.record_attendance(db, event_id=e1, actor=clerk, attended={mine: True, theirs: True})
    assert db.execute("SELECT SUM(attended) FROM event_invitations").fetchone()[0] == 0


def test_attendance_is_one_transaction(db, clerk, monkeypatch):
    eid = _event(db)
    ids = [_member(db, n) for n in ("甲", "乙")]
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=ids)
    inv = [g["id"] for g in ev.guest_list(db, eid)]

    def boom(*_a, **_k):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(audit, "record", boom)
    with pytest.raises(sqlite3.OperationalError):
        ev.record_attendance(db, event_id=eid, actor=clerk, attended=dict.fromkeys(inv, True))
    assert db.execute("SELECT SUM(attended) FROM event_invitations").fetchone()[0] == 0


def test_a_clerk_may_record_responses_but_not_create_events(db, clerk):
    from app.core import PermissionDenied

    with pytest.raises(PermissionDenied):
        ev.create_event(
            db, actor=clerk, data={"name": "x", "kind": "salon", "starts_at": "2026-12-20 19:00"}
        )


def test_sales_by_attendees_within_seven_days_of_the_event(db):
    from app.purchases import record_purchase

    eid = _event(db, starts_at="2026-11-10 19:00")
    came, stayed = _member(db, "来了"), _member(db, "没来")
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[came, stayed])
    inv = {g["member_id"]: g["id"] for g in ev.guest_list(db, eid)}
    ev.record_attendance(db, event_id=eid, actor=SYSTEM, attended={inv[came]: True})
    for mid, at, fen in (
        (came, "2026-11-10T20:00:00", 50000),  # at the event
        (came, "2026-11-17T12:00:00", 30000),  # day 7: counted
        (came, "2026-11-18T12:00:00", 99900),  # day 8: not
        (came, "2026-11-09T12:00:00", 11100),  # before: not
        (stayed, "2026-11-11T12:00:00", 77700),  # not an attendee
    ):
        record_purchase(
            db,
            actor=SYSTEM,
            member_id=mid,
            at=at,
            items=[{"category": "上衣", "qty": 1, "list_fen": fen, "paid_fen": fen}],
        )
    assert ev.event_sales(db, eid) == {"buyers": 1, "paid_fen": 80000}


def test_m025_upgrades_a_database_of_m024_without_losing_a_row(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m025_events")
    create_member(db, actor=SYSTEM, data={"name": "老客户"})
    assert "events" not in db.table_names()
    kinds = {r[0] for r in db.execute("SELECT kind FROM message_templates")}
    assert "event_invite" not in kinds
    db.close()
    db = open_db(db_path)
    assert {"events", "event_invitations"} <= set(db.table_names())
    assert db.execute("SELECT name FROM members").fetchall() == [("老客户",)]
    kinds = {r[0] for r in db.execute("SELECT kind FROM message_templates")}
    assert {"event_invite", "event_reminder"} <= kinds
    db.close()


def test_the_members_export_carries_the_invitations_and_still_reads_back(db, tmp_path):
    import openpyxl

    from app.excel.exporter import export
    from app.excel.importer import import_file

    mid = _member(db, "周敏")
    plain = export(db, kind="members", out=tmp_path / "none.xlsx", actor=SYSTEM).path
    assert openpyxl.load_workbook(plain).sheetnames == ["会员资料"]  # no events: no sheet
    eid = _event(db, place="二楼")
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[mid])
    inv = ev.guest_list(db, eid)[0]["id"]
    ev.record_response(db, invitation_id=inv, actor=SYSTEM, response="accepted", channel="wechat")
    ev.record_attendance(db, event_id=eid, actor=SYSTEM, attended={inv: True})
    path = export(db, kind="members", out=tmp_path / "m.xlsx", actor=SYSTEM).path
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["会员资料", "活动邀请"]
    rows = list(book["活动邀请"].iter_rows(values_only=True))
    assert rows[0][:4] == ("会员号", "活动", "类型", "时间")
    assert rows[1][1:5] == ("秋冬新品发布会", "新品发布会", "2026-12-20 19:00", "二楼")
    assert rows[1][6:9] == ("微信", "接受", "是")
    plan, _ = import_file(db, path=path, kind="members", actor=SYSTEM, dry_run=True)
    assert plan.rejections == [] and plan.counts["new"] == 0


def test_anonymising_a_guest_clears_the_invitations_note_and_takes_them_off_the_plan(db):
    import datetime as dt

    from app.plan import daily
    from app.privacy import anonymise_member

    mid = _member(db, "要求匿名")
    day = dt.date.today() + dt.timedelta(days=10)
    eid = _event(db, starts_at=f"{day.isoformat()} 19:00")
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[mid])
    inv = ev.guest_list(db, eid)[0]["id"]
    ev.record_response(
        db, invitation_id=inv, actor=SYSTEM, response="pending", note="她说带女儿一起来"
    )
    anonymise_member(db, actor=SYSTEM, member_id=mid)
    assert db.execute("SELECT note FROM event_invitations").fetchone()[0] is None
    plan = daily.daily_plan(db, today=dt.date.today())
    assert mid not in {r.member_id for r in plan.rows}
