"""Praise and suggestions (表扬与建议, issue #19): recorded with the actor in one audited
transaction, refused with every field's problem, listed for the member and the store,
and the migration that adds them (with 办卡导购) upgrades an old file without losing a
row."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest

from app import audit, migrations
from app.core import SYSTEM, Actor, NotFound, PermissionDenied, ValidationError
from app.db import connect, open_db
from app.members import create_member
from app.service import praise

OWNER = Actor(user_id=None, name="店主", role="owner")


@pytest.fixture
def member(db) -> int:
    return create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id


def test_praise_for_a_clerk_is_recorded_audited_and_listed(db, member, clerk):
    changes = praise.record_praise(
        db,
        actor=clerk,
        member_id=member,
        kind="praise",
        about="service",
        text="小李帮我挑的大衣很合身",
        at="2026-11-03T15:20:00",
        clerk_id=clerk.user_id,
    )
    assert changes.tables == {"praise"} and changes.member_ids == {member}
    rows = praise.member_praise(db, member)
    assert [
        (r["kind"], r["about"], r["clerk_name"], r["recorded_by_name"], r["at"]) for r in rows
    ] == [("praise", "service", "小李", "小李", "2026-11-03T15:20:00")]
    entry = audit.entries(db, actor=OWNER, limit=1)[0]
    assert entry["action"] == "praise" and entry["entity_id"] == changes.created_id
    assert "表扬" in audit.summary_text(entry, "zh") and "小李" in audit.summary_text(entry, "zh")
    assert "Praise" in audit.summary_text(entry, "en")


def test_a_suggestion_without_a_member_is_kept_for_the_store(db, clerk):
    changes = praise.record_praise(
        db, actor=clerk, kind="suggestion", about="environment", text="试衣间再多一面镜子"
    )
    assert changes.member_ids == frozenset()
    rows = praise.list_praise(db, kind="suggestion")
    assert [(r["member_no"], r["text"]) for r in rows] == [(None, "试衣间再多一面镜子")]
    assert praise.list_praise(db, kind="praise") == []


def test_bad_input_names_every_field_and_writes_nothing(db):
    with pytest.raises(ValidationError) as err:
        praise.record_praise(
            db,
            actor=SYSTEM,
            member_id=999,
            kind="compliment",
            about="weather",
            text="  ",
            at="2099-01-01",
            clerk_id=77,
        )
    assert {e.field for e in err.value.errors} == {
        "member_id",
        "kind",
        "about",
        "text",
        "at",
        "clerk_id",
    }
    assert db.execute("SELECT COUNT(*) FROM praise").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'praise'").fetchone()[0] == 0


def test_deleting_praise_needs_feedback_administration_and_is_audited(db, member, clerk):
    pid = praise.record_praise(
        db, actor=clerk, member_id=member, kind="praise", about="goods", text="面料很好"
    ).created_id
    with pytest.raises(PermissionDenied):
        praise.delete_praise(
            db, praise_id=pid, actor=clerk
        )  # a clerk may not remove praise counted for stars
    praise.delete_praise(db, praise_id=pid, actor=SYSTEM)
    assert praise.member_praise(db, member) == []
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == (
        "praise_delete"
    )
    with pytest.raises(NotFound):
        praise.delete_praise(db, praise_id=pid, actor=SYSTEM)


def test_a_failed_audit_entry_leaves_no_praise(db, member, monkeypatch):
    def boom(*a, **k):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(audit, "record", boom)
    with pytest.raises(sqlite3.OperationalError):
        praise.record_praise(
            db, actor=SYSTEM, member_id=member, kind="praise", about="other", text="好"
        )
    assert db.execute("SELECT COUNT(*) FROM praise").fetchone()[0] == 0


def test_the_members_export_carries_a_praise_sheet(db, member, clerk, tmp_path):
    from app.excel.exporter import export

    praise.record_praise(
        db,
        actor=clerk,
        member_id=member,
        kind="praise",
        about="service",
        text="耐心",
        at="2026-10-01T10:00:00",
        clerk_id=clerk.user_id,
    )
    out = tmp_path / "members.xlsx"
    export(db, kind="members", out=out, actor=SYSTEM)
    wb = openpyxl.load_workbook(out, read_only=True)
    rows = list(wb["表扬与建议"].iter_rows(values_only=True))
    assert rows[0][:5] == ("会员号", "时间", "类别", "关于", "被表扬导购")
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [member]).fetchone()[0]
    assert rows[1][:6] == (no, "2026-10-01 10:00:00", "表扬", "服务", "小李", "耐心")


def test_m026_upgrades_a_file_and_fills_enrolled_by_from_the_audit_log(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m026_staff_and_praise")
    db.execute(
        "INSERT INTO users (id, username, display_name, role, created_at) "
        "VALUES (5, 'li', '小李', 'clerk', '2026-01-01T09:00:00')"
    )
    for mid, no in ((1, "VK000001"), (2, "VK000002"), (3, "VK000003")):
        db.execute(
            "INSERT INTO members (id, member_no, name, name_pinyin, name_initials, joined_on, "
            "created_at, updated_at) VALUES (?, ?, '客', '', '', '2026-01-02', "
            "'2026-01-02T10:00:00', '2026-01-02T10:00:00')",
            [mid, no],
        )
    audit_rows = (
        (5, "create", 1),  # made by the clerk at the form: she enrolled the member
        (None, "create", 2),  # made by the system (an import, the demo): unknown
        (5, "update", 3),  # only edited by the clerk: unknown
    )
    for uid, action, mid in audit_rows:
        db.execute(
            "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
            "VALUES ('2026-01-02T10:00:00', ?, 'x', ?, 'member', ?, '')",
            [uid, action, mid],
        )
    db.conn.commit()
    db.close()
    db = open_db(db_path)
    got = db.execute("SELECT id, enrolled_by FROM members ORDER BY id").fetchall()
    assert got == [(1, 5), (2, None), (3, None)]
    assert "praise" in db.table_names()
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 3
    db.close()


def test_anonymising_a_member_keeps_the_praise_but_not_who_said_it(db, member, clerk):
    from app import privacy

    praise.record_praise(
        db, actor=clerk, member_id=member, kind="praise", about="service", text="耐心",
        clerk_id=clerk.user_id,
    )  # fmt: skip
    privacy.anonymise_member(db, actor=SYSTEM, member_id=member)
    assert praise.member_praise(db, member) == []
    rows = praise.list_praise(db)
    assert [(r["member_id"], r["clerk_name"]) for r in rows] == [(None, "小李")]


def test_merging_two_cards_moves_the_praise_to_the_kept_one(db, member, clerk):
    from app.merge import merge_members

    other = create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id
    praise.record_praise(
        db, actor=clerk, member_id=other, kind="suggestion", about="goods", text="大码"
    )
    merge_members(db, actor=SYSTEM, keep_id=member, remove_id=other)
    assert [r["text"] for r in praise.member_praise(db, member)] == ["大码"]
