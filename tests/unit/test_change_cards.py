"""Change cards (顾客变动卡, issue #15 item 2): every change to a member's archive is
recorded in the same transaction — field, old → new, who, when, through which action —
and after anonymisation the history holds no personal values."""

from __future__ import annotations

import datetime as dt

import pytest

from app import change_cards, feedback, members, migrations, privacy
from app.core import SYSTEM, Actor, ValidationError
from app.db import open_db
from app.loyalty import tiers
from app.merge import merge_members

OWNER = Actor(user_id=None, name="老板", role="owner")


def _mid(db, no):
    return db.execute("SELECT id FROM members WHERE member_no = ?", [no]).fetchone()[0]


def _cards(db, member_id):
    return [
        (c["field"], c["old"], c["new"], c["action"]) for c in change_cards.history(db, member_id)
    ]


def test_a_form_edit_records_field_old_new_who_when_and_action(demo_db):
    mid = _mid(demo_db, "VK000003")
    old = members.get_member(demo_db, mid, actor=SYSTEM)["address"]
    clerk = Actor(user_id=None, name="小李", role="clerk")
    version = change_cards.latest(demo_db)
    members.update_member(demo_db, actor=clerk, member_id=mid, data={"address": "新地址 1 号"})
    (card,) = [c for c in change_cards.history(demo_db, mid) if c["id"] > version]
    assert card["id"] == change_cards.latest(demo_db)
    assert (card["field"], card["old"], card["new"]) == ("address", old, "新地址 1 号")
    assert card["actor_name"] == "小李" and card["action"] == "form"
    assert card["at"][:4].isdigit() and "T" in card["at"]
    # an unchanged field records nothing
    members.update_member(demo_db, actor=clerk, member_id=mid, data={"address": "新地址 1 号"})
    assert change_cards.latest(demo_db) == card["id"]


def test_family_tags_and_consent_are_recorded(demo_db):
    mid = _mid(demo_db, "VK000004")
    members.update_member(
        demo_db,
        actor=SYSTEM,
        member_id=mid,
        data={
            "tags": ["爱运动", "VIP老客"],
            "family": [{"relation": "spouse", "name": "张伟", "date": "1980-05-01"}],
            "consent_channels": "sms",
        },
    )
    fields = {c[0]: c for c in _cards(demo_db, mid)}
    assert {"tags", "family", "consent_channels"} <= set(fields)
    assert fields["tags"][2] == "VIP老客,爱运动"
    assert "张伟" in fields["family"][2]


def test_the_card_is_written_in_the_same_transaction_as_the_change(demo_db):
    mid = _mid(demo_db, "VK000005")
    before = change_cards.history(demo_db, mid)
    with pytest.raises(ValidationError):
        members.update_member(
            demo_db, actor=SYSTEM, member_id=mid, data={"address": "x", "phone": "123"}
        )
    assert change_cards.history(demo_db, mid) == before


def test_status_tier_merge_and_anonymise_are_recorded(demo_db):
    mid = _mid(demo_db, "VK000006")
    before = members.get_member(demo_db, mid, actor=SYSTEM)["status"]
    feedback.mark_lost(demo_db, member_id=mid, reason="moved_away", note=None, actor=SYSTEM)
    assert ("status", before, "lost", "status") in _cards(demo_db, mid)
    assert ("lost_reason", None, "moved_away", "status") in _cards(demo_db, mid)
    feedback.reactivate(demo_db, member_id=mid, actor=SYSTEM)
    assert [c[2] for c in _cards(demo_db, mid) if c[0] == "status"][-1] == "active"
    # tier: a member stored below its tier is upgraded by the recomputation, and says so
    low = demo_db.execute("SELECT code FROM tiers ORDER BY rank LIMIT 1").fetchone()[0]
    top_id, top = demo_db.execute(
        "SELECT m.id, m.tier FROM members m JOIN tiers t ON t.code = m.tier "
        "WHERE m.status <> 'anonymised' ORDER BY t.rank DESC, m.id LIMIT 1"
    ).fetchone()
    assert top != low
    demo_db.execute("UPDATE members SET tier = ? WHERE id = ?", [low, top_id])
    tiers.recompute_tiers(demo_db, actor=SYSTEM, today=dt.date.today())
    assert ("tier", low, top, "tier") in _cards(demo_db, top_id)
    # merge: the kept member's history says which card was merged into it
    keep, remove = _mid(demo_db, "VK000011"), _mid(demo_db, "VK000010")
    merge_members(demo_db, actor=SYSTEM, keep_id=keep, remove_id=remove)
    merged = [c for c in _cards(demo_db, keep) if c[3] == "merge"]
    assert ("merged_from", "VK000010", "VK000011", "merge") in merged


def test_after_anonymisation_the_history_holds_no_personal_values(demo_db):
    mid = _mid(demo_db, "VK000007")
    members.update_member(
        demo_db, actor=SYSTEM, member_id=mid, data={"address": "秘密路 7 号", "name": "周秘密"}
    )
    privacy.anonymise_member(demo_db, actor=OWNER, member_id=mid)
    cards = change_cards.history(demo_db, mid)
    assert any(c["action"] == "anonymise" for c in cards)
    text = repr(cards)
    assert "秘密路" not in text and "周秘密" not in text
    stored = demo_db.execute(
        "SELECT group_concat(coalesce(old, '') || coalesce(new, '')) FROM member_changes "
        "WHERE member_id = ?",
        [mid],
    ).fetchone()[0]
    assert "秘密" not in (stored or "")


def test_member_report_includes_the_change_cards(demo_db, tmp_path):
    from openpyxl import load_workbook

    mid = _mid(demo_db, "VK000008")
    members.update_member(demo_db, actor=SYSTEM, member_id=mid, data={"note": "报告里要有"})
    out = privacy.member_report(demo_db, actor=OWNER, member_id=mid, out=tmp_path / "r.xlsx")
    wb = load_workbook(out, read_only=True)
    found = [
        ws.title
        for ws in wb.worksheets
        if any("报告里要有" in str(v) for r in ws.iter_rows(values_only=True) for v in r if v)
        and ws.title not in ("顾客档案", "Archive")
    ]
    assert any("变动" in t for t in found), found


def test_an_old_database_upgrades_to_m016_without_losing_a_row(db_path):
    db = open_db(db_path, migrate=False)
    migrations.apply(db, stop_before="m016_change_cards")
    db.execute(
        "INSERT INTO members (member_no, name, joined_on, created_at, updated_at) "
        "VALUES ('VK1', '甲', '2026-01-01', '2026-01-01T09:00:00', '2026-01-01T09:00:00')"
    )
    db.execute(
        "INSERT INTO sync_base (target, member_id, data, batch_id) VALUES ('hq', 1, '{}', NULL)"
    )
    db.conn.commit()
    migrations.apply(db)
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 1
    assert db.execute("SELECT acked FROM sync_base").fetchall() == [("{}",)]
    cols = {r[1] for r in db.execute("PRAGMA table_info(member_changes)")}
    assert {"member_id", "field", "old", "new", "action", "user_id", "actor_name", "at"} <= cols
    idx = {r[1] for r in db.execute("PRAGMA index_list(member_changes)")}
    assert any("member" in i for i in idx)


def test_the_demo_store_has_a_realistic_change_history(demo_db):
    n = demo_db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    by_action = dict(
        demo_db.execute("SELECT action, COUNT(*) FROM member_changes GROUP BY action").fetchall()
    )
    assert by_action["create"] == n  # every card made on the day its member joined
    assert by_action["form"] >= n // 25 and by_action["tier"] > 0 and by_action["merge"] == 1
    # each tier change is the one the loyalty recomputation made, on its day
    tier_cards = demo_db.execute(
        "SELECT member_id, at, old, new FROM member_changes WHERE field = 'tier' ORDER BY 1, 2"
    ).fetchall()
    changes = demo_db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history "
        "WHERE from_tier IS NOT NULL AND from_tier <> to_tier ORDER BY 1, 2"
    ).fetchall()
    assert tier_cards == changes and changes
    ats = [r[0] for r in demo_db.execute("SELECT at FROM member_changes ORDER BY id")]
    assert ats == sorted(ats) and ats[-1][:10] <= dt.date.today().isoformat()
    clerks = {
        r[0]
        for r in demo_db.execute(
            "SELECT DISTINCT actor_name FROM member_changes WHERE action = 'form'"
        )
    }
    assert len(clerks) >= 2 and "system" not in clerks
    # the card merged away last month: its old number is the kept card's merged_from
    old_no, kept = demo_db.execute(
        "SELECT value, member_id FROM member_aliases WHERE kind = 'member_no'"
    ).fetchone()
    assert ("merged_from", old_no) in [
        (c["field"], c["old"]) for c in change_cards.history(demo_db, kept)
    ]


def test_a_member_made_by_an_import_has_its_card_made_by_the_import(db, tmp_path):
    """Every card's history starts with how it was made: by the form (建档) or, for the
    rows of a members import, by that import."""
    from app.excel.importer import apply_plan, plan_import

    sheet = tmp_path / "new.csv"
    sheet.write_text("姓名,手机\n赵导入,13911112222\n钱导入,13911113333\n", encoding="utf-8")
    apply_plan(db, plan=plan_import(db, sheet, kind="members"), actor=SYSTEM)
    made = db.execute(
        "SELECT c.action, c.field, c.new, m.member_no FROM member_changes c "
        "JOIN members m ON m.id = c.member_id WHERE c.field = 'created' ORDER BY m.id"
    ).fetchall()
    assert [(a, f) for a, f, _new, _no in made] == [("import", "created")] * 2
    assert all(new == no for _a, _f, new, no in made)
