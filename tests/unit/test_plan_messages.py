"""Message templates, the send list and logging what was sent (app.plan.templates,
app.plan.sendlist, app.contacts.log_sent) on a real store."""

from __future__ import annotations

import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from app import audit, contacts, plan, purchases, settings
from app.core import SYSTEM, Actor, PermissionDenied, ValidationError
from app.db import open_db
from app.members import create_member
from app.migrations import apply
from app.plan import sendlist, templates

TODAY = dt.date(2026, 6, 10)


def mk(db, name, **data) -> int:
    return create_member(db, actor=SYSTEM, data={"name": name, **data}).created_id


def staff(db, username, role) -> Actor:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES (?, ?, ?, '2026-01-01T09:00:00')",
        [username, username, role],
    )
    return Actor(user_id=cur.lastrowid, name=username, role=role)


def test_every_kind_is_seeded_in_both_languages_with_known_placeholders(db):
    rows = templates.list_templates(db)
    assert {r["kind"] for r in rows} == set(templates.KINDS)
    for r in rows:
        assert templates.check_text(r["text_zh"], "text_zh") == []
        assert templates.check_text(r["text_en"], "text_en") == []
    assert any(r["kind"] == "care" and r["category"] == "针织衫" for r in rows)


def test_an_unknown_placeholder_is_refused_naming_it(db):
    with pytest.raises(ValidationError) as err:
        templates.save_template(
            db, actor=SYSTEM, kind="birthday", text_zh="{姓名}生日快乐", text_en="Happy {name}"
        )
    (e,) = err.value.errors
    assert e.field == "text_zh" and e.params["value"] == "姓名"
    assert "{姓名}" in e.message("zh")
    with pytest.raises(ValidationError) as err:
        templates.save_template(
            db, actor=SYSTEM, kind="birthday", text_zh="{name生日快乐", text_en="Happy {name}"
        )
    assert err.value.errors[0].code == "template_braces"


def test_a_clerk_may_not_change_the_store_s_words(db):
    clerk = staff(db, "li", "clerk")
    with pytest.raises(PermissionDenied):
        templates.save_template(db, actor=clerk, kind="birthday", text_zh="x", text_en="x")


def test_a_saved_template_fills_in_name_title_tier_points_reward_and_store(db):
    templates.save_template(
        db,
        actor=SYSTEM,
        kind="birthday",
        text_zh="{store}祝{name}{title}（{tier}）生日快乐，积分{points}，可换{reward}",
        text_en="{store}: happy birthday {title} {name} ({tier})",
    )
    db.execute("INSERT INTO rewards (name, kind, cost_points) VALUES ('围巾', 'gift', 10)")
    mid = mk(db, "王芳", gender="female", tier="gold")
    text = templates.Renderer(db, "zh").render(mid, "birthday")
    store = settings.get(db, "store_name")
    assert text == f"{store}祝王芳女士（金卡）生日快乐，积分0，可换围巾"
    english = templates.Renderer(db, "en").render(mid, "birthday")
    assert english.endswith("happy birthday Ms 王芳 (Gold)")
    assert "message_templates" in [e["entity"] for e in audit.entries(db, actor=SYSTEM, limit=5)]


def test_care_advice_follows_the_category_bought(db):
    mid = mk(db, "李四", consent_channels=["wechat"])
    pid = purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at="2026-06-03T11:00:00",
        items=[{"qty": 1, "list_fen": 39900, "paid_fen": 39900, "category": "针织衫"}],
    ).created_id
    day = plan.daily_plan(db, today=TODAY)
    (row,) = day.rows
    assert row.reason_codes == ["post_sale_day7"] and row.first.purchase_id == pid
    (msg,) = templates.messages_for_row(templates.Renderer(db), row)
    assert "平铺晾干" in msg.text and msg.channels == ("wechat",)


def test_the_send_list_offers_consented_text_channels_masks_phones_for_clerks_and_logs_sent(
    db, tmp_path
):
    clerk = staff(db, "li", "clerk")
    owner = staff(db, "boss", "owner")
    bday = f"1990-{TODAY:%m-%d}"
    sms = mk(db, "短信客", phone="13800000001", birthday=bday, consent_channels=["sms", "wechat"])
    mk(db, "电话客", phone="13800000002", birthday=bday, consent_channels=["phone"])
    rows = plan.daily_plan(db, today=TODAY).rows
    items = sendlist.send_items(db, rows)
    assert [(i.name, i.channel) for i in items] == [("短信客", "sms")]
    out = tmp_path / "send.xlsx"
    assert sendlist.export_send_list(db, actor=clerk, items=items, out=out) == 1
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[1][:4] == ["VK000001", "短信客", "138****0001", "短信"]
    assert "生日快乐" in sheet[1][5]
    sendlist.export_send_list(db, actor=owner, items=items, out=out)
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sheet[1][2] == "13800000001"
    changes = contacts.log_sent(db, actor=clerk, messages=[i.as_log() for i in items])
    assert changes.touches("contacts") and changes.member_ids == {sms}
    (c,) = contacts.contact_history(db, sms)
    assert (c["channel"], c["purpose"], c["outcome"]) == ("sms", "birthday", "reached")
    assert "电话客" in [r.name for r in plan.daily_plan(db, today=TODAY).rows]
    assert "短信客" not in [r.name for r in plan.daily_plan(db, today=TODAY).rows]


def test_logging_a_send_list_is_all_or_nothing(db):
    a = mk(db, "甲", consent_channels=["sms"])
    with pytest.raises(ValidationError):
        contacts.log_sent(
            db,
            actor=SYSTEM,
            messages=[
                {"member_id": a, "channel": "sms", "purpose": "birthday", "text": "hi"},
                {"member_id": a, "channel": "pigeon", "purpose": "birthday", "text": "hi"},
            ],
        )
    assert contacts.contact_history(db, a) == []


def test_an_old_store_gains_the_templates_without_losing_a_row(tmp_path):
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    apply(db, stop_before="m019_message_templates")
    mk(db, "老会员")
    apply(db)
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM message_templates").fetchone()[0] == len(
        templates.DEFAULT_TEMPLATES
    ) + len(templates.EVENT_TEMPLATES)  # m025 adds the event templates
