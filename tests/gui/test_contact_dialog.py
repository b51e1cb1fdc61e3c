"""The contact dialog: who is called (masked phone, "don't call before 10am" notes, the
last three contacts), pre-filled purpose and purchase, follow-up quick buttons, inline
errors, Ctrl+Enter to save — on a real tmp-file store."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app import contacts, purchases
from app.members import create_member
from ui import i18n
from ui.dialogs.contact_dialog import ContactDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def member(db, actor) -> int:
    return create_member(
        db,
        actor=actor,
        data={
            "name": "张三",
            "phone": "13812345678",
            "contact_notes": "上午10点前勿扰",
            "consent_channels": ["phone", "wechat"],
        },
    ).created_id


def open_dialog(qtbot, ctx, member_id, **kwargs) -> ContactDialog:
    dialog = ContactDialog(ctx, member_id, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focused():
    return QApplication.focusWidget()


def test_shows_the_member_masked_phone_contact_notes_consent_and_the_last_three_contacts(
    qtbot, ctx, db, clerk, member
):
    for day, purpose, note in (
        (1, "birthday", "最早的一次"),
        (2, "new_arrivals", None),
        (3, "promotion", "说下周来店"),
        (4, "satisfaction", "很满意"),
    ):
        contacts.log_contact(
            db,
            actor=clerk,
            member_id=member,
            channel="phone",
            purpose=purpose,
            outcome="reached",
            note=note,
            at=f"2026-10-0{day}T10:30:00",
        )
    dialog = open_dialog(qtbot, ctx, member)
    assert dialog.banner.text() == "张三  ·  VK000001  ·  138****5678  ·  普通会员"
    assert "13812345678" not in dialog.banner.text()
    assert dialog.notes.text() == "上午10点前勿扰" and dialog.notes.isVisible()
    assert dialog.consent.text() == "同意的联系方式：电话、微信"
    lines = dialog.history.text().splitlines()
    assert lines == [
        "2026-10-04 10:30 · 电话 · 满意度调查 · 已联系上 · 小李 — 很满意",
        "2026-10-03 10:30 · 电话 · 促销通知 · 已联系上 · 小李 — 说下周来店",
        "2026-10-02 10:30 · 电话 · 新品通知 · 已联系上 · 小李",
    ]


def test_purpose_and_purchase_come_pre_filled_and_ctrl_enter_saves_a_reached_call(
    qtbot, ctx, db, actor, clerk, member, notified
):
    pid = purchases.record_purchase(
        db,
        actor=actor,
        member_id=member,
        items=[{"category": "外套", "qty": 1, "list_fen": 128000, "paid_fen": 128000}],
    ).created_id
    dialog = open_dialog(qtbot, ctx, member, purpose="post_sale_day1", purchase_id=pid)
    assert dialog.purpose_combo.currentText() == "售后次日回访"
    assert dialog.outcome_combo.currentText() == "已联系上"
    assert dialog.channel_combo.currentText() == "电话"
    assert "¥1,280.00" in dialog.purchase_info.text() and "外套" in dialog.purchase_info.text()
    assert focused() is dialog.outcome_combo  # the one thing to decide

    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert dialog.result() == int(QDialog.DialogCode.Accepted)
    [row] = contacts.contact_history(db, member)
    assert (row["purpose"], row["outcome"], row["channel"], row["purchase_id"]) == (
        "post_sale_day1",
        "reached",
        "phone",
        pid,
    )
    assert row["clerk_id"] == clerk.user_id and row["next_follow_up"] is None
    assert notified and notified[0].touches("contacts")


def test_follow_up_quick_buttons_set_the_date_from_the_contact_day(qtbot, ctx, db, member):
    dialog = open_dialog(qtbot, ctx, member, purpose="complaint_follow_up")
    assert not dialog.follow_edit.isEnabled()
    qtbot.mouseClick(dialog.plus7_button, Qt.MouseButton.LeftButton)
    assert dialog.follow_check.isChecked() and dialog.follow_edit.isEnabled()
    today = dt.date.today()
    assert dialog.follow_edit.date().toPython() == today + dt.timedelta(days=7)
    qtbot.mouseClick(dialog.plus1_button, Qt.MouseButton.LeftButton)
    assert dialog.follow_edit.date().toPython() == today + dt.timedelta(days=1)
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("call_back"))
    dialog.note_edit.setPlainText("客户说明天上午再打")
    dialog.save()
    [row] = contacts.contact_history(db, member)
    assert row["next_follow_up"] == (today + dt.timedelta(days=1)).isoformat()
    assert row["outcome"] == "call_back" and row["note"] == "客户说明天上午再打"


def test_without_a_purpose_nothing_is_written_and_the_purpose_is_marked(qtbot, ctx, db, member):
    dialog = open_dialog(qtbot, ctx, member)
    assert dialog.purpose_combo.currentIndex() == -1
    assert focused() is dialog.purpose_combo
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert dialog.result() != int(QDialog.DialogCode.Accepted)
    label, widget = dialog.field_errors["purpose"]
    assert label.text() == "请选择一项。" and label.isVisible()
    assert widget.property("invalid") == "true"
    assert contacts.contact_history(db, member) == []


def test_a_follow_up_before_the_contact_is_refused_next_to_the_date(qtbot, ctx, db, member):
    dialog = open_dialog(qtbot, ctx, member, purpose="other")
    dialog.follow_check.setChecked(True)
    dialog.follow_edit.setDate(dialog.at_edit.date().addDays(-2))
    dialog.save()
    label, _ = dialog.field_errors["next_follow_up"]
    assert label.text() == "下次回访日期早于本次联系"
    assert contacts.contact_history(db, member) == []


def test_tab_order_walks_the_form_from_top_to_bottom(qtbot, ctx, member):
    dialog = open_dialog(qtbot, ctx, member, purpose="birthday")
    dialog.channel_combo.setFocus()
    seen = [focused()]
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused())
    assert seen == [
        dialog.channel_combo,
        dialog.purpose_combo,
        dialog.outcome_combo,
        dialog.note_edit,
        dialog.follow_check,
    ]


def test_a_member_with_no_history_and_no_consent_says_so(qtbot, ctx, db, actor):
    bare = create_member(db, actor=actor, data={"name": "王五"}).created_id
    dialog = open_dialog(qtbot, ctx, bare, purpose="other")
    assert dialog.history.text() == "还没有联系记录。"
    assert dialog.consent.text() == "未登记营销联系同意（只做售后服务联系）。"
    assert not dialog.notes.isVisible()


def test_english_labels_come_from_app_labels(qtbot, ctx, member):
    i18n.install_translators("en")
    dialog = open_dialog(qtbot, ctx, member, purpose="winback")
    assert dialog.windowTitle() == "Log a contact"
    assert dialog.purpose_combo.currentText() == "Dormant win-back"
    assert dialog.outcome_combo.currentText() == "Reached"
    assert dialog.banner.text().endswith("Member")


def test_ctrl_enter_in_the_note_saves_instead_of_adding_a_line(qtbot, ctx, db, member):
    dialog = open_dialog(qtbot, ctx, member, purpose="satisfaction")
    dialog.note_edit.setFocus()
    qtbot.keyClicks(focused(), "ok")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert dialog.result() == int(QDialog.DialogCode.Accepted)
    assert contacts.contact_history(db, member)[0]["note"] == "ok"


def test_the_clerk_can_show_the_number_to_dial_and_the_log_notes_it(qtbot, ctx, db, member):
    dialog = open_dialog(qtbot, ctx, member, purpose="birthday")
    assert dialog.show_number_button.isVisible()
    assert dialog.show_number_button.text() == "显示号码"
    before = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'unmask'").fetchone()[0]
    qtbot.mouseClick(dialog.show_number_button, Qt.MouseButton.LeftButton)
    assert dialog.banner.text() == "张三  ·  VK000001  ·  13812345678  ·  普通会员"
    assert not dialog.show_number_button.isVisible()
    row = db.execute(
        "SELECT COUNT(*), MAX(summary) FROM audit_log WHERE action = 'unmask'"
    ).fetchone()
    assert row[0] == before + 1 and "to call (birthday)" in row[1]


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        (["sms", "wechat"], "sms"),
        (["wechat"], "wechat"),
        (["wechat", "phone"], "phone"),
        ([], "phone"),
    ],
)
def test_the_channel_defaults_to_one_the_member_consented_to(
    qtbot, ctx, db, actor, consent, expected
):
    member_id = create_member(
        db, actor=actor, data={"name": "王五", "phone": "13912345678", "consent_channels": consent}
    ).created_id
    dialog = open_dialog(qtbot, ctx, member_id)
    assert dialog.channel_combo.currentData() == expected
