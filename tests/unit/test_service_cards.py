"""Member cards (发放会员卡, issue #19): a card issued, replaced (lost, damaged, upgrade)
with the old card's row kept, every action audited in one transaction; the numbers are
one member's; m027 upgrades an old store without losing a row."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app import audit, migrations
from app.core import SYSTEM, Actor, ValidationError
from app.db import connect, open_db
from app.members import create_member
from app.service import cards

OWNER = Actor(user_id=None, name="店主", role="owner")


@pytest.fixture
def member(db) -> int:
    return create_member(
        db, actor=SYSTEM, data={"name": "王芳", "member_no": "VK000101"}
    ).created_id


def _gold(db, mid: int) -> None:
    db.execute("UPDATE members SET tier = 'gold' WHERE id = ?", [mid])
    db.conn.commit()


def test_a_first_card_takes_the_member_number_and_tier_and_is_audited(db, member, clerk):
    changes = cards.issue_card(db, actor=clerk, member_id=member, issued_on="2025-03-01")
    assert changes.tables == {"member_cards"} and changes.member_ids == {member}
    now = cards.current_card(db, member)
    assert (now["card_type"], now["card_no"], now["issued_on"]) == (
        "normal",
        "VK000101",
        "2025-03-01",
    )
    rows = cards.member_cards(db, member)
    assert [(r["card_no"], r["issued_by_name"]) for r in rows] == [("VK000101", "小李")]
    entry = audit.entries(db, actor=OWNER, limit=1)[0]
    assert entry["action"] == "card_issue" and entry["entity_id"] == changes.created_id
    assert "普通会员" in audit.summary_text(entry, "zh") and "VK000101" in audit.summary_text(
        entry, "zh"
    )


def test_a_second_first_card_is_refused_a_replacement_keeps_the_old_row(db, member):
    cards.issue_card(db, actor=SYSTEM, member_id=member, issued_on="2025-03-01", card_no="8800123")
    with pytest.raises(ValidationError) as err:
        cards.issue_card(db, actor=SYSTEM, member_id=member, issued_on="2025-04-01")
    assert [e.code for e in err.value.errors] == ["card_exists"]
    cards.replace_card(
        db, actor=SYSTEM, member_id=member, reason="damaged", replaced_on="2025-09-10"
    )
    _gold(db, member)
    cards.replace_card(
        db,
        actor=SYSTEM,
        member_id=member,
        reason="upgrade",
        replaced_on="2026-01-05",
        card_no="G0001",
    )
    rows = cards.member_cards(db, member)
    assert [
        (r["card_type"], r["card_no"], r["issued_on"], r["replaced_on"], r["replace_reason"])
        for r in rows
    ] == [
        ("gold", "G0001", "2026-01-05", None, None),
        ("normal", "8800123", "2025-09-10", "2026-01-05", "upgrade"),
        ("normal", "8800123", "2025-03-01", "2025-09-10", "damaged"),
    ]
    assert rows[1]["replaced_by_no"] == "G0001"
    assert cards.current_card(db, member)["card_no"] == "G0001"
    said = audit.summary_text(audit.entries(db, actor=OWNER, limit=1)[0], "en")
    assert "Upgrade" in said and "8800123 -> G0001" in said and "Gold" in said


def test_a_lost_card_needs_a_new_number_and_its_old_number_still_finds_the_member(db, member):
    cards.issue_card(db, actor=SYSTEM, member_id=member, issued_on="2025-03-01", card_no="8800123")
    with pytest.raises(ValidationError) as err:
        cards.replace_card(
            db, actor=SYSTEM, member_id=member, reason="lost", replaced_on="2025-06-01"
        )
    assert [(e.field, e.code) for e in err.value.errors] == [("card_no", "card_lost_same_no")]
    cards.replace_card(
        db,
        actor=SYSTEM,
        member_id=member,
        reason="lost",
        replaced_on="2025-06-01",
        card_no="8800999",
    )
    assert cards.find_by_card_no(db, " 8800999 ") == [member]
    assert cards.find_by_card_no(db, "8800123") == [member]
    assert cards.find_by_card_no(db, "nothing") == []


def test_bad_input_names_every_field_and_writes_nothing(db, member):
    other = create_member(db, actor=SYSTEM, data={"name": "李娜"}).created_id
    cards.issue_card(db, actor=SYSTEM, member_id=other, issued_on="2025-01-01", card_no="X1")
    with pytest.raises(ValidationError) as err:
        cards.issue_card(
            db,
            actor=SYSTEM,
            member_id=member,
            issued_on="2025-02-30",
            card_no="X1",
            card_type="platinum",
        )
    assert {(e.field, e.code) for e in err.value.errors} == {
        ("issued_on", "date_invalid"),
        ("card_no", "card_no_taken"),
        ("card_type", "choice_invalid"),
    }
    with pytest.raises(ValidationError) as err:  # another member's number is no card number
        cards.issue_card(
            db, actor=SYSTEM, member_id=other + 0, issued_on="2025-01-01", card_no="VK000101"
        )
    assert {e.code for e in err.value.errors} == {"card_exists", "card_no_taken"}
    with pytest.raises(ValidationError) as err:
        cards.replace_card(db, actor=SYSTEM, member_id=member, reason="lost", replaced_on="x")
    assert {(e.field, e.code) for e in err.value.errors} == {
        ("card_no", "card_none"),
        ("replaced_on", "date_invalid"),
    }
    with pytest.raises(ValidationError) as err:
        cards.replace_card(
            db, actor=SYSTEM, member_id=other, reason="stolen", replaced_on="2024-12-01"
        )
    assert {(e.field, e.code) for e in err.value.errors} == {
        ("reason", "choice_invalid"),
        ("replaced_on", "card_before_issue"),
    }
    assert db.execute("SELECT COUNT(*) FROM member_cards").fetchone()[0] == 1
    assert (
        db.execute("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'card_%'").fetchone()[0] == 1
    )


def test_a_failed_audit_leaves_neither_card(db, member, monkeypatch):
    cards.issue_card(db, actor=SYSTEM, member_id=member, issued_on="2025-03-01", card_no="A1")

    def boom(*a, **k):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(audit, "record", boom)
    with pytest.raises(sqlite3.OperationalError):
        cards.replace_card(
            db, actor=SYSTEM, member_id=member, reason="damaged", replaced_on="2025-04-01"
        )
    rows = cards.member_cards(db, member)
    assert [(r["card_no"], r["replaced_on"]) for r in rows] == [("A1", None)]


def test_a_tier_rise_without_a_new_card_is_listed_until_the_card_is_replaced(db, member):
    cards.issue_card(db, actor=SYSTEM, member_id=member, issued_on="2025-03-01")
    assert cards.cards_behind_tier(db) == {}
    _gold(db, member)
    assert cards.cards_behind_tier(db) == {member: ("normal", "gold")}
    cards.replace_card(
        db, actor=SYSTEM, member_id=member, reason="upgrade", replaced_on="2025-08-01"
    )
    assert cards.cards_behind_tier(db) == {}


def test_m027_upgrades_an_m024_store_without_losing_a_row_or_resending_it(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m027_member_cards")
    mid = create_member(db, actor=SYSTEM, data={"name": "老客户", "occupation": "教师"}).created_id
    db.execute(
        "INSERT INTO sync_batches (direction, target, kind, file_name, at, counts, checksum) "
        "VALUES ('export', 'head_office', 'members', 'f.xlsx', '2026-01-01T00:00:00', '{}', 'x')"
    )
    db.execute(
        "INSERT INTO sync_base (target, member_id, data, batch_id) VALUES (?, ?, ?, 1)",
        ["head_office", mid, json.dumps({"name": "老客户"})],
    )
    db.conn.commit()
    assert "member_cards" not in db.table_names()
    db.close()
    db = open_db(db_path)
    assert "member_cards" in db.table_names()
    assert db.execute("SELECT name, occupation, employer, transport FROM members").fetchall() == [
        ("老客户", "教师", None, None)
    ]
    base = json.loads(db.execute("SELECT data FROM sync_base").fetchone()[0])
    assert base == {"name": "老客户", "employer": None, "transport": None}
    db.close()


def test_the_members_export_lists_every_card_and_anonymising_keeps_no_note(db, member, tmp_path):
    from openpyxl import load_workbook

    from app import privacy
    from app.excel.exporter import export

    cards.issue_card(
        db, actor=SYSTEM, member_id=member, issued_on="2025-03-01", card_no="A1", note="她自己取"
    )
    cards.replace_card(
        db, actor=SYSTEM, member_id=member, reason="lost", replaced_on="2025-06-01", card_no="A2"
    )
    out = export(db, kind="members", out=tmp_path / "m.xlsx", actor=OWNER).path
    rows = list(load_workbook(out)["会员卡"].iter_rows(values_only=True))
    assert rows[0][:3] == ("会员号", "卡类型", "卡号")
    assert [r[:6] for r in rows[1:]] == [
        ("VK000101", "普通会员", "A1", "2025-03-01", "2025-06-01", "遗失补卡"),
        ("VK000101", "普通会员", "A2", "2025-06-01", None, None),
    ]
    privacy.anonymise_member(db, actor=SYSTEM, member_id=member, reason="request")
    assert db.execute("SELECT COUNT(note), COUNT(*) FROM member_cards").fetchone() == (0, 2)


def test_after_a_merge_both_cards_are_in_use_until_one_new_card_replaces_them(db, member):
    from app.merge import merge_members

    other = create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id
    cards.issue_card(db, actor=SYSTEM, member_id=member, issued_on="2025-03-01", card_no="A1")
    cards.issue_card(db, actor=SYSTEM, member_id=other, issued_on="2025-04-01", card_no="B1")
    merge_members(db, actor=SYSTEM, keep_id=member, remove_id=other)
    assert cards.find_by_card_no(db, "B1") == [member]
    cards.replace_card(
        db, actor=SYSTEM, member_id=member, reason="other", replaced_on="2025-05-01", card_no="C1"
    )
    rows = cards.member_cards(db, member)
    assert [(r["card_no"], r["replaced_by_no"]) for r in rows] == [
        ("C1", None),
        ("B1", "C1"),
        ("A1", "C1"),
    ]


def test_the_card_check_is_one_search_of_the_current_cards_index(db):
    """m030: the plan asks every member on it whether their card is behind the tier; a
    look-up of each card's row and a sort per member cost the 100k store's plan 45 ms."""
    sql = f"SELECT m.id, {cards.card_behind_sql('m')} FROM members m"
    plan = " | ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
    assert "idx_member_cards_current" in plan
    assert "TEMP B-TREE" not in plan
