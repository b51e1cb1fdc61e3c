"""The message bar under today's plan and the templates dialog, on a real store: the
selected row's words through the consented channels, Copy, the send list written and
logged as sent; a template with an unknown placeholder refused next to the text."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication
from python_calamine import CalamineWorkbook

from app import contacts, plan
from app.core import SYSTEM, Actor
from app.members import create_member
from ui.dialogs.templates_dialog import TemplatesDialog
from ui.pages.call_list import CallListPage

TODAY = dt.date.today()


def open_page(qtbot, ctx) -> CallListPage:
    page = CallListPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def test_the_selected_row_offers_its_message_copy_and_the_send_list_is_logged_as_sent(
    qtbot, ctx, db, tmp_path
):
    bday = TODAY.replace(year=1990) if not (TODAY.month == 2 and TODAY.day == 29) else None
    mid = create_member(
        db,
        actor=SYSTEM,
        data={
            "name": "王芳",
            "gender": "female",
            "phone": "13812345678",
            "birthday": bday.isoformat() if bday else "1992-02-29",
            "consent_channels": ["wechat"],
        },
    ).created_id
    page = open_page(qtbot, ctx)
    page.view.setCurrentIndex(page.proxy.index(0, 3))
    bar = page.message_bar
    assert bar.text_label.text().startswith("【生日祝福 · 微信】王芳女士，生日快乐！")
    bar.copy()
    assert QApplication.clipboard().text().startswith("王芳女士，生日快乐！")

    out = tmp_path / "send.xlsx"
    bar.export_to(out)
    qtbot.waitUntil(lambda: bar.sent_button.isEnabled(), timeout=10_000)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[1][:4] == ["VK000001", "王芳", "138****5678", "微信"]  # a clerk: masked
    bar.mark_sent()
    qtbot.waitUntil(lambda: "1 条消息记为联系记录" in bar.note.text(), timeout=10_000)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()  # the main window would, on the Changes it is notified of
    (c,) = contacts.contact_history(db, mid)
    assert (c["channel"], c["purpose"], c["outcome"]) == ("wechat", "birthday", "reached")
    assert page.model.rowCount() == 0
    assert mid not in [r.member_id for r in plan.daily_plan(db, today=TODAY).rows]


def test_templates_are_edited_and_an_unknown_placeholder_is_named_next_to_the_text(qtbot, db, ctx):
    owner = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('boss', '陈店主', 'owner', '2026-01-01T09:00:00')"
    ).lastrowid
    ctx.actor = Actor(user_id=owner, name="陈店主", role="owner")
    dialog = TemplatesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 600)
    dialog.show()
    assert dialog.list.item(0).text() == "生日祝福"
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "生日祝福",
        "节日问候",
        "新品到店",
        "促销活动",
        "积分到期",
        "可兑换礼品",
        "洗涤保养",
        "洗涤保养 · 床品",
        "洗涤保养 · 羽绒服",
        "洗涤保养 · 针织衫",
        "售后回访",
        "活动邀请",
        "活动提醒",
    ]
    dialog.zh_edit.setPlainText("{姓名}，生日快乐")
    assert dialog.save() is False
    assert dialog.zh_error.isVisible() and "{姓名}" in dialog.zh_error.text()
    dialog.zh_edit.setPlainText("{name}{title}，生日快乐！{store}祝您开心")
    assert "王芳女士，生日快乐！" in dialog.preview.text()
    assert dialog.save() is True
    assert not dialog.zh_error.isVisible()
    text = db.execute(
        "SELECT text_zh FROM message_templates WHERE kind = 'birthday' AND category = ''"
    ).fetchone()[0]
    assert text == "{name}{title}，生日快乐！{store}祝您开心"
    dialog.grab().save("/tmp/plan_templates.png")


def test_a_target_list_is_counted_saved_put_on_the_plan_and_shows_its_result(qtbot, db, ctx):
    from app import purchases
    from ui.dialogs.targeting_dialog import TargetingDialog

    owner = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('boss', '陈店主', 'owner', '2026-01-01T09:00:00')"
    ).lastrowid
    ctx.actor = Actor(user_id=owner, name="陈店主", role="owner")
    mid = create_member(
        db, actor=SYSTEM, data={"name": "毛衣客", "consent_channels": ["sms"]}
    ).created_id
    purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at=(TODAY - dt.timedelta(days=30)).isoformat() + "T11:00:00",
        items=[{"category": "针织衫", "qty": 1, "list_fen": 39900, "paid_fen": 39900}],
    )
    dialog = TargetingDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.category.setText("针织衫")
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.count_label.text() == "符合条件的会员 1 位。", timeout=10_000)
    dialog.name_edit.setText("针织衫老客")
    assert dialog.save() is True
    assert dialog.save() is False and "已有名为“针织衫老客”的名单" in dialog.name_error.text()
    dialog.put_on_plan()
    qtbot.waitUntil(lambda: dialog.status.text() == "已加入计划。", timeout=10_000)
    assert dialog.table.item(0, 1).text() == "新品通知"
    assert dialog.table.item(0, 4).text() == "0 / 1（¥0.00）"
    rows = plan.daily_plan(db, today=TODAY).rows
    assert [r.reason_codes for r in rows if r.member_id == mid] == [["campaign"]]
    dialog.resize(1100, 640)
    dialog.grab().save("/tmp/plan_targeting.png")
