"""The audit log in the reader's language (issue #14): entries keep codes (``detail``)
beside a plain English text (``summary``); the viewer, its export and the member
report show them through ``app.labels``; entries written before keep their text."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from app import audit, auth, contacts, labels, migrations
from app.core import SYSTEM, Actor
from app.db import connect, open_db
from app.members import create_member

OWNER = Actor(user_id=None, name="店主", role="owner")


@pytest.fixture
def member(db) -> int:
    return create_member(db, actor=SYSTEM, data={"name": "张三"}).created_id


def _last(db) -> dict:
    return audit.entries(db, actor=OWNER, limit=1)[0]


def test_a_contact_is_stored_as_codes_and_shown_in_chinese_or_english(db, member, clerk):
    contacts.log_contact(
        db,
        actor=clerk,
        member_id=member,
        channel="phone",
        purpose="scheduled",
        outcome="reached",
    )
    entry = _last(db)
    no = db.execute("SELECT member_no FROM members").fetchone()[0]
    assert json.loads(entry["detail"]) == {
        "what": "contact",
        "member_no": no,
        "purpose": "scheduled",
        "channel": "phone",
        "outcome": "reached",
    }
    # the plain text beside the codes names the member by number only (issue #16); the
    # name is looked up when the entry is shown
    assert entry["summary"] == f"{no}: scheduled by phone, reached"
    assert audit.summary_text(entry, "zh") == f"{no} 张三：预约回访（电话），已联系上"
    assert audit.summary_text(entry, "en") == f"{no} 张三: Scheduled follow-up by Phone, Reached"
    assert audit.actor_text(entry, "zh") == "小李"
    assert audit.entity_text(entry, "zh") == f"联系记录 #{entry['entity_id']}"


def test_an_entry_written_before_codes_shows_its_text_as_stored(db):
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
        "VALUES ('2025-01-01T09:00:00', NULL, 'system', 'backup', NULL, NULL, "
        "'vk-1.db (auto); check: ok')"
    )
    entry = _last(db)
    assert entry["detail"] is None
    assert audit.summary_text(entry, "zh") == "vk-1.db (auto); check: ok"
    assert audit.summary_text(entry, "en") == "vk-1.db (auto); check: ok"
    assert audit.actor_text(entry, "zh") == "系统" and audit.actor_text(entry, "en") == "System"


def test_a_broken_detail_falls_back_to_the_stored_text():
    entry = {"detail": "{not json", "summary": "as stored"}
    assert audit.summary_text(entry, "zh") == "as stored"


def test_users_and_members_are_named_not_numbered(db, member):
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈店主", password="pw-12345")
    entry = _last(db)
    assert entry["action"] == "user_setup" and entry["entity"] == "user"
    assert audit.entity_text(entry, "zh") == "用户 陈店主"
    assert audit.summary_text(entry, "zh") == "店主账号 boss（陈店主）"
    assert audit.actor_text(entry, "zh") == "系统"
    created = audit.entries(db, actor=OWNER, action="create")[0]
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [member]).fetchone()[0]
    assert audit.entity_text(created, "zh") == f"会员 {no}"
    assert audit.entity_text(created, "en") == f"Member {no}"


def test_a_failed_sign_in_is_in_words(db):
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈店主", password="pw-12345")
    with pytest.raises(auth.LoginFailed):
        auth.login(db, username="nobody", password="x")
    entry = _last(db)
    assert entry["summary"] == "'nobody': bad_credentials, 1 in a row"
    assert audit.summary_text(entry, "zh") == "'nobody'：用户名或密码错误，连续第 1 次"


def test_settings_keys_are_named_by_the_settings_page_or_the_labels(db):
    from app import settings

    settings.set_many(
        db, actor=SYSTEM, values={"store_name": "小店", "retention_inactive_years": 3}
    )
    entry = _last(db)
    assert entry["summary"] == "retention_inactive_years, store_name"
    assert audit.summary_text(entry, "zh") == "不活跃资料保留年限、店铺名称"


def test_the_export_shows_words(db, member, tmp_path):
    out = tmp_path / "audit.xlsx"
    audit.export_xlsx(db, actor=OWNER, out=out, lang="zh")
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    created = next(r for r in rows if r[2] == "新建")
    assert created[1] == "系统" and created[3] == "会员" and created[5].endswith(" 张三")
    entry = _last(db)  # the export is itself logged, as codes
    assert json.loads(entry["detail"])["what"] == "audit_export"
    assert audit.summary_text(entry, "zh").startswith("audit.xlsx：")


def test_summary_refuses_a_template_that_does_not_exist():
    with pytest.raises(ValueError, match="no audit summary template"):
        audit.summary("no_such_summary")


def test_fill_shows_money_lists_maps_and_missing_values():
    fill = labels.fill
    assert fill("audit_summary", "sale", {"member_no": "VK1", "name": "张三",
                "paid_fen": 12345, "lines": 2}, "zh") == "VK1 张三：¥123.45，共 2 行"  # fmt: skip
    assert fill("audit_summary", "member_update", {"fields": ["phone", "name"]}, "zh") == (
        "修改了：手机、姓名"
    )
    assert fill("audit_summary", "member_update", {"fields": ["phone", "name"]}, raw=True) == (
        "changed: phone, name"
    )
    moved = {"moved": {}, "removed_no": "A", "removed_name": "甲", "kept_no": "B"}
    assert fill("audit_summary", "member_merge", {**moved, "kept_name": "乙"}, "zh") == (
        "A 甲 并入 B 乙；转移：无"
    )
    survey = {"who": "—", "factors": 0, "overall": None}
    assert fill("audit_summary", "survey", survey, "zh") == "—：0 项评分，总体 —"
    assert fill("audit_summary", "survey", survey, raw=True) == "—: 0 factors, None"
    # a parameter missing: the template unfilled rather than an error in the viewer
    assert fill("audit_summary", "login", {}, "zh") == "{name} 登录"
    assert fill("audit_summary", "no_such", {}, "zh") == "no_such"


def test_m011_adds_detail_and_keeps_every_audit_row(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m011_audit_detail")
    with db.atomic():
        for i in range(5):
            db.execute(
                "INSERT INTO audit_log (at, actor_name, action, summary) VALUES (?, ?, ?, ?)",
                [f"2025-01-0{i + 1}T09:00:00", "system", "backup", f"entry {i}"],
            )
    before = db.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    db.close()
    upgraded = open_db(db_path)
    after = upgraded.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    assert [r[:-1] for r in after] == before and all(r[-1] is None for r in after)
    with pytest.raises(Exception, match="append-only"):
        upgraded.execute("UPDATE audit_log SET detail = '{}'")
    upgraded.close()
