"""Merging two archives of one customer."""

from __future__ import annotations

import pytest

from app import contacts, purchases, stats
from app.core import SYSTEM, NotFound, ValidationError
from app.members import create_member, get_member, update_member
from app.merge import merge_members


def _count(db, sql, *params):
    return db.execute(sql, params).fetchone()[0]


@pytest.fixture
def pair(db, actor, clerk):
    keep = create_member(
        db,
        actor=actor,
        data={
            "name": "王芳",
            "tier": "silver",
            "tags": ["老客", "爱红色"],
            "email": "",
            "joined_on": "2024-05-01",
            "family": [{"relation": "spouse", "name": "李强", "date": "1980-01-02"}],
        },
    ).created_id
    remove = create_member(
        db,
        actor=actor,
        data={
            "name": "王芳",
            "phone": "13800001111",
            "tier": "gold",
            "email": "wf@example.com",
            "birthday": "1985-02-03",
            "birthday_calendar": "lunar",
            "birthday_leap": False,
            "consent_channels": "sms,wechat",
            "occupation": "教师",
            "tags": ["老客", "VIP"],
            "joined_on": "2023-01-01",
            "family": [{"relation": "child", "name": "小宝", "date": "2015-06-01"}],
        },
    ).created_id
    referred = create_member(
        db, actor=actor, data={"name": "朋友", "referrer_id": remove}
    ).created_id
    for mid, paid in ((keep, 1000), (remove, 5000), (remove, 7000)):
        purchases.record_purchase(
            db,
            actor=clerk,
            member_id=mid,
            at=f"2025-03-0{paid // 1000}T10:00:00",
            items=[{"qty": 1, "list_fen": paid, "paid_fen": paid}],
        )
    contacts.log_contact(
        db, actor=clerk, member_id=remove, channel="phone", purpose="other", outcome="reached"
    )
    db.execute(
        "INSERT INTO points_ledger (member_id, at, delta, reason, created_at) "
        "VALUES (?, '2025-03-01', 50, 'spend', '2025-03-01')",
        [remove],
    )
    db.execute(
        "INSERT INTO complaints (member_id, at, category, description) "
        "VALUES (?, '2025-03-01', 'service', '等太久')",
        [remove],
    )
    db.execute("INSERT INTO surveys (member_id, at, overall) VALUES (?, '2025-03-02', 4)", [remove])
    db.execute(
        "INSERT INTO tier_history (member_id, at, from_tier, to_tier, reason) "
        "VALUES (?, '2025-03-01', 'silver', 'gold', 'spend')",
        [remove],
    )
    return keep, remove, referred


def test_merge_moves_everything_fills_gaps_and_deletes_the_other(db, actor, pair):
    keep, remove, referred = pair
    remove_no = get_member(db, remove, actor=SYSTEM, unmask=True)["member_no"]
    ch = merge_members(db, actor=actor, keep_id=keep, remove_id=remove)
    assert ch.member_ids == {keep, remove}
    assert {
        "purchases",
        "contacts",
        "points_ledger",
        "complaints",
        "surveys",
        "members",
        "member_stats",
        "member_tags",
        "member_family",
        "tier_history",
    } <= ch.tables
    assert get_member(db, remove, actor=SYSTEM, unmask=True) is None
    for table in (
        "purchases",
        "contacts",
        "points_ledger",
        "complaints",
        "surveys",
        "tier_history",
        "member_family",
        "member_tags",
        "member_stats",
    ):
        assert _count(db, f"SELECT COUNT(*) FROM {table} WHERE member_id = ?", remove) == 0
    assert _count(db, "SELECT COUNT(*) FROM purchases WHERE member_id = ?", keep) == 3
    assert _count(db, "SELECT COUNT(*) FROM contacts WHERE member_id = ?", keep) == 1
    assert _count(db, "SELECT SUM(delta) FROM points_ledger WHERE member_id = ?", keep) == 50
    assert _count(db, "SELECT COUNT(*) FROM complaints WHERE member_id = ?", keep) == 1
    assert _count(db, "SELECT COUNT(*) FROM surveys WHERE member_id = ?", keep) == 1
    m = get_member(db, keep, actor=SYSTEM, unmask=True)
    assert m["tags"] == ["VIP", "爱红色", "老客"]
    assert sorted(f["name"] for f in m["family"]) == ["小宝", "李强"]
    assert get_member(db, referred, actor=SYSTEM, unmask=True)["referrer_id"] == keep
    # empty fields filled, groups together; higher tier; earlier joining date
    assert (m["phone"], m["email"], m["occupation"]) == ("13800001111", "wf@example.com", "教师")
    assert (m["birthday"], m["birthday_calendar"], m["birthday_leap"]) == ("1985-02-03", "lunar", 0)
    assert m["consent_channels"] == "sms,wechat" and m["consent_at"]
    assert (m["tier"], m["joined_on"]) == ("gold", "2023-01-01")
    # stats rebuilt for the kept member
    s = stats.get(db, keep)
    assert (s["visits"], s["total_paid_fen"]) == (3, 13000)
    assert stats.mismatches(db) == []
    [(summary,)] = db.execute(
        "SELECT summary FROM audit_log WHERE action = 'merge' AND entity_id = ?", [keep]
    ).fetchall()
    assert remove_no in summary and m["member_no"] in summary
    # the search index follows
    from app.search import search

    assert [r["id"] for r in search(db, "1111", actor=SYSTEM)] == [keep]


def test_kept_values_are_not_overwritten(db, actor, pair):
    keep, remove, _ = pair
    update_member(
        db, actor=actor, member_id=keep, data={"occupation": "医生", "birthday": "1990-01-01"}
    )
    merge_members(db, actor=actor, keep_id=keep, remove_id=remove)
    m = get_member(db, keep, actor=SYSTEM, unmask=True)
    assert (m["occupation"], m["birthday"], m["birthday_calendar"]) == (
        "医生",
        "1990-01-01",
        "solar",
    )


def test_merge_refuses_itself_unknown_and_anonymised_members(db, actor, pair):
    keep, remove, _ = pair
    with pytest.raises(ValidationError) as err:
        merge_members(db, actor=actor, keep_id=keep, remove_id=keep)
    assert err.value.errors[0].code == "merge_same"
    with pytest.raises(NotFound):
        merge_members(db, actor=actor, keep_id=keep, remove_id=999)
    update_member(db, actor=actor, member_id=remove, data={"status": "anonymised"})
    with pytest.raises(ValidationError) as err:
        merge_members(db, actor=actor, keep_id=keep, remove_id=remove)
    assert err.value.errors[0].field == "remove_id"
    assert get_member(db, remove, actor=SYSTEM, unmask=True) is not None


def test_a_failure_rolls_the_whole_merge_back(db, actor, pair):
    keep, remove, _ = pair
    db.execute(
        "CREATE TRIGGER boom BEFORE DELETE ON members BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    with pytest.raises(Exception, match="boom"):
        merge_members(db, actor=actor, keep_id=keep, remove_id=remove)
    assert _count(db, "SELECT COUNT(*) FROM purchases WHERE member_id = ?", remove) == 2
    assert get_member(db, keep, actor=SYSTEM, unmask=True)["phone"] is None


def test_a_member_referred_by_the_removed_one_is_not_made_to_refer_itself(db, actor):
    a = create_member(db, actor=actor, data={"name": "甲"}).created_id
    b = create_member(db, actor=actor, data={"name": "乙", "referrer_id": a}).created_id
    merge_members(db, actor=actor, keep_id=b, remove_id=a)
    assert get_member(db, b, actor=SYSTEM, unmask=True)["referrer_id"] is None


def test_merge_forgets_monthly_snapshots_so_they_are_rebuilt_from_merged_facts(db, actor):
    import datetime as dt

    from app import analytics as segments
    from app import members
    from app.merge import merge_members
    from app.purchases import record_purchase

    a = members.create_member(db, actor=actor, data={"name": "甲一"}).created_id
    b = members.create_member(db, actor=actor, data={"name": "甲二"}).created_id
    item = [{"category": "上衣", "qty": 1, "list_fen": 10000, "paid_fen": 10000}]
    record_purchase(db, actor=actor, member_id=b, items=item, at="2026-10-05T10:00:00")
    segments.analyze(db, as_of=dt.date(2026, 11, 1), with_forecast=False)
    assert db.execute("SELECT COUNT(*) FROM segment_snapshots").fetchone()[0] > 0
    merge_members(db, actor=actor, keep_id=a, remove_id=b)
    assert db.execute("SELECT COUNT(*) FROM segment_snapshots").fetchone()[0] == 0
