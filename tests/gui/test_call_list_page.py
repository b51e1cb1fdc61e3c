"""Today's calls: derived from app.calllist on a real tmp-file store with a pinned day;
reasons with their detail, overdue colours, the per-clerk view, one-click logging that
takes the task off the list — and the whole counter flow from a keyboard-only sale to
the logged next-day call."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog

from app import contacts, purchases
from app.core import Changes
from app.members import create_member
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.purchase_dialog import PurchaseDialog
from ui.pages import call_list
from ui.pages.call_list import (
    COL_ACTION,
    COL_NAME,
    COL_REASON,
    COL_STATE,
    OVERDUE,
    STATE_ROLE,
    TODAY,
    UPCOMING,
    CallListPage,
)

CTRL = Qt.KeyboardModifier.ControlModifier
TODAY_DATE = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY_DATE + dt.timedelta(days=n)


@pytest.fixture
def clerk2(db) -> int:
    return db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('clerk2', '小王', 'clerk', '2026-01-01T09:00:00')"
    ).lastrowid


def member(db, actor, name: str, **data) -> int:
    return create_member(db, actor=actor, data={"name": name, **data}).created_id


def sale(db, actor, member_id: int, *, on: dt.date, paid_fen: int = 128000, clerk_id=None) -> int:
    return purchases.record_purchase(
        db,
        actor=actor,
        member_id=member_id,
        items=[{"category": "外套", "qty": 1, "list_fen": paid_fen, "paid_fen": paid_fen}],
        at=dt.datetime.combine(on, dt.time(15, 30)),
        clerk_id=clerk_id,
    ).created_id


def open_page(qtbot, ctx, today: dt.date | None = None) -> CallListPage:
    page = CallListPage(ctx, today=today)
    qtbot.addWidget(page)
    page.resize(1180, 700)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    return page


def refill(qtbot, page: CallListPage, action) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        action()


def tasks_of(page: CallListPage, member_id: int):
    return [t for t in page.model.tasks if t.member_id == member_id]


def row_of(page: CallListPage, member_id: int) -> int:
    for row in range(page.proxy.rowCount()):
        task = page.task_at(row)
        if task is not None and task.member_id == member_id:
            return row
    raise AssertionError(f"member {member_id} is not on the list")


def cell(page: CallListPage, row: int, col: int, role=int(Qt.ItemDataRole.DisplayRole)):
    return page.proxy.index(row, col).data(role)


def focused():
    return QApplication.focusWidget()


def type_keys(qtbot, text: str) -> None:
    """ASCII as key presses, Chinese as the input method's commit."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(focused(), ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(focused(), event)


def type_line(qtbot, cells: list[str]) -> None:
    for i, text in enumerate(cells):
        type_keys(qtbot, text)
        if i < len(cells) - 1:
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def click_log(qtbot, page: CallListPage, row: int) -> None:
    rect = page.view.visualRect(page.proxy.index(row, COL_ACTION))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def dialogs_save_with_ctrl_enter(qtbot, monkeypatch):
    """Modal dialogs are shown for real and answered the way a clerk would: Ctrl+Enter
    on whatever has the focus. Returns ``(dialog class, result)`` of each (the page
    deletes its dialogs afterwards)."""
    seen: list[tuple[type, int]] = []

    def exec_(dialog: QDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
        seen.append((type(dialog), dialog.result()))
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", exec_)
    return seen


# ------------------------------------------------------------------ the whole flow


def test_done_when_keyboard_sale_puts_the_next_day_call_on_the_list_and_one_click_logs_it(
    qtbot, ctx, db, actor, clerk, dialogs_save_with_ctrl_enter
):
    zhang_san = member(db, actor, "张三", phone="13812345678")
    member(db, actor, "李四", phone="13900001111")

    # the sale, keys only
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    type_keys(qtbot, "zs")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_line(qtbot, ["上衣", "SY001", "M", "白", "1", "299", "259"])
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_line(qtbot, ["裤装", "KZ002", "L", "黑", "2", "199", "179"])
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert dialog.result() == int(QDialog.DialogCode.Accepted)
    items = db.execute(
        "SELECT qty, list_fen, paid_fen FROM purchase_items WHERE purchase_id = ? ORDER BY id",
        [dialog.purchase_id],
    ).fetchall()
    assert items == [(1, 29900, 25900), (2, 39800, 35800)]
    assert db.execute(
        "SELECT total_fen, paid_fen, is_discounted FROM purchases WHERE id = ?",
        [dialog.purchase_id],
    ).fetchone() == (69700, 61700, 1)

    # the next day's list has the day-1 call
    page = open_page(qtbot, ctx, today=days(1))
    [task] = tasks_of(page, zhang_san)
    assert (task.reason, task.purpose, task.purchase_id) == (
        "post_sale_day1",
        "post_sale_day1",
        dialog.purchase_id,
    )
    row = row_of(page, zhang_san)
    assert cell(page, row, COL_REASON) == "售后次日回访（¥617.00）"
    assert cell(page, row, COL_STATE) == "今天到期"
    assert cell(page, row, COL_NAME) == "张三"

    # one click on "记录", Ctrl+Enter in the dialog: the task is gone
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        click_log(qtbot, page, row)
    assert dialogs_save_with_ctrl_enter == [(ContactDialog, int(QDialog.DialogCode.Accepted))]
    [logged] = contacts.contact_history(db, zhang_san)
    assert (logged["purpose"], logged["outcome"], logged["purchase_id"]) == (
        "post_sale_day1",
        "reached",
        dialog.purchase_id,
    )
    assert tasks_of(page, zhang_san) == []


# ------------------------------------------------------------------ what the list shows


def test_reasons_carry_their_detail(qtbot, ctx, db, actor):
    wang = member(
        db,
        actor,
        "王芳",
        consent_channels=["phone"],
        family=[{"relation": "spouse", "name": "李四", "date": days(1).strftime("--%m-%d")}],
    )
    zhao = member(db, actor, "赵敏")
    sale(db, actor, zhao, on=days(-1), paid_fen=128000)
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    assert cell(page, row_of(page, wang), COL_REASON) == "配偶生日（李四）"
    assert cell(page, row_of(page, zhao), COL_REASON) == "售后次日回访（¥1,280.00）"


def test_overdue_is_red_due_today_amber_upcoming_neutral(qtbot, ctx, db, actor):
    late = member(db, actor, "逾期")
    sale(db, actor, late, on=days(-2))  # day-1 call was due yesterday
    due = member(db, actor, "今天")
    sale(db, actor, due, on=days(-1))
    soon = member(db, actor, "生日", birthday=days(1).replace(year=1986).isoformat(),
                  consent_channels=["phone"])  # fmt: skip
    page = open_page(qtbot, ctx, today=TODAY_DATE)

    expected = {
        late: (OVERDUE, "逾期 1 天", "#b42318", "#fdecea"),
        due: (TODAY, "今天到期", "#8a5a00", "#fff4e5"),
        soon: (UPCOMING, "1 天后", "#52606d", None),
    }
    for member_id, (state, text, fg, bg) in expected.items():
        row = row_of(page, member_id)
        assert cell(page, row, COL_STATE, STATE_ROLE) == state
        assert cell(page, row, COL_STATE) == text
        assert cell(page, row, COL_STATE, int(Qt.ItemDataRole.ForegroundRole)).color().name() == fg
        brush = cell(page, row, COL_STATE, int(Qt.ItemDataRole.BackgroundRole))
        assert (brush.color().name() if brush is not None else None) == bg
    # the plan's order: all three are time-bound; the buyers (more spend) first
    assert [page.task_at(r).member_id for r in range(3)] == [late, due, soon]
    assert cell(page, row_of(page, soon), COL_REASON) == "会员生日（40 岁）"


def test_the_date_and_the_counts_per_reason_are_shown(qtbot, ctx, db, actor):
    for name in ("甲", "乙"):
        sale(db, actor, member(db, actor, name), on=days(-1))
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    assert page.counts() == {"post_sale_day1": 2}
    assert page.counts_label.text() == (
        "今天待联系 2 位，已完成 0 位；稍后 0 位；过期未做 0 项\n售后次日回访 2"
    )

    refill(qtbot, page, lambda: page.set_today(dt.date(2026, 11, 22)))
    assert page.date_label.text() == "2026-11-22 星期日"


def test_an_empty_day_says_so(qtbot, ctx):
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    assert page.model.rowCount() == 0
    assert page.counts_label.text() == "这一天没有需要回访的会员。"
    assert page.empty_label.isVisible()


# ------------------------------------------------------------------ per clerk


def test_each_clerk_sees_their_own_calls_and_the_choice_is_remembered(
    qtbot, ctx, db, actor, clerk, clerk2
):
    mine = member(db, actor, "小李的客人")
    sale(db, actor, mine, on=days(-1), clerk_id=clerk.user_id)
    theirs = member(db, actor, "小王的客人")
    sale(db, actor, theirs, on=days(-1), clerk_id=clerk2)
    nobody = member(db, actor, "没人管", birthday=days(1).replace(year=1990).isoformat(),
                    consent_channels=["sms"])  # fmt: skip

    # the signed-in clerk (小李) starts on their own list; the member without a known
    # clerk went to the least busy clerk (a tie: the first)
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    assert page.clerk_combo.currentText() == "小李"
    assert [t.member_id for t in page.model.tasks] == [mine, nobody]

    refill(qtbot, page, lambda: page.set_clerk(call_list.ALL))
    assert {t.member_id for t in page.model.tasks} == {mine, theirs, nobody}
    assert cell(page, row_of(page, theirs), 7) == "小王"
    refill(qtbot, page, lambda: page.set_clerk(clerk2))
    assert [t.member_id for t in page.model.tasks] == [theirs]
    assert QSettings().value(call_list.CLERK_SETTING) == str(clerk2)
    refill(qtbot, page, lambda: page.set_clerk(call_list.UNASSIGNED))
    assert [t.member_id for t in page.model.tasks] == []

    # filtered by reason
    refill(qtbot, page, lambda: page.set_clerk(call_list.ALL))
    combo = [page.reason_combo.itemText(i) for i in range(page.reason_combo.count())]
    assert combo == ["全部事由", "售后次日回访", "会员生日"]
    refill(qtbot, page, lambda: page.reason_combo.setCurrentIndex(2))
    assert [t.member_id for t in page.model.tasks] == [nobody]


# ------------------------------------------------------------------ logging, refreshing


def test_enter_on_the_selected_row_opens_the_contact_dialog_pre_filled(
    qtbot, ctx, db, actor, monkeypatch
):
    zhao = member(db, actor, "赵敏")
    pid = sale(db, actor, zhao, on=days(-1))
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(row_of(page, zhao), COL_NAME))
    seen = []
    no_modal_dialogs_exec = QDialog.exec

    def exec_(dialog):
        seen.append((dialog.member_id, dialog.purchase_id, dialog.purpose_combo.currentData()))
        return no_modal_dialogs_exec(dialog)

    monkeypatch.setattr(QDialog, "exec", exec_)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert seen == [(zhao, pid, "post_sale_day1")]
    assert tasks_of(page, zhao)  # cancelled: still there


def test_an_unanswered_call_hides_the_task_for_the_rest_of_the_day(
    qtbot, ctx, db, actor, clerk, monkeypatch
):
    zhao = member(db, actor, "赵敏")
    sale(db, actor, zhao, on=days(-1))
    page = open_page(qtbot, ctx, today=TODAY_DATE)

    def exec_(dialog):
        dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("no_answer"))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", exec_)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert page.log_call(page.model.tasks[0]) is True
    assert tasks_of(page, zhao) == []
    # tomorrow it is back, with the attempt counted
    refill(qtbot, page, lambda: page.set_today(days(1)))
    [task] = tasks_of(page, zhao)
    assert task.attempts == 1
    assert "已尝试 1 次" in cell(
        page, row_of(page, zhao), COL_REASON, int(Qt.ItemDataRole.ToolTipRole)
    )


def test_changes_from_elsewhere_refresh_the_visible_list(qtbot, ctx, db, actor, clerk):
    zhao = member(db, actor, "赵敏")
    pid = sale(db, actor, zhao, on=days(-1))
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    changes = contacts.log_contact(
        db,
        actor=clerk,
        member_id=zhao,
        channel="wechat",
        purpose="post_sale_day1",
        outcome="reached",
        purchase_id=pid,
    )
    refill(qtbot, page, lambda: page.on_changes(changes))
    assert tasks_of(page, zhao) == []

    # hidden pages only remember that they are stale
    page.hide()
    qian = member(db, actor, "钱多多")
    new_sale = sale(db, actor, qian, on=days(-1))
    page.on_changes(Changes.of({"purchases"}, {qian}, new_sale))
    assert page._stale
    refill(qtbot, page, page.show)
    assert len(tasks_of(page, qian)) == 1


def test_double_click_opens_the_member_card(qtbot, ctx, db, actor, monkeypatch):
    from ui.dialogs import member_card

    zhao = member(db, actor, "赵敏")
    sale(db, actor, zhao, on=days(-1))
    page = open_page(qtbot, ctx, today=TODAY_DATE)
    index = page.proxy.index(row_of(page, zhao), COL_NAME)

    opened: list[int] = []
    monkeypatch.setattr(
        member_card, "open_member_card", lambda c, mid, parent=None: opened.append(mid)
    )
    page.view.doubleClicked.emit(index)
    assert opened == [zhao]


def test_the_main_window_shows_the_real_page_and_fans_changes_to_it(
    qtbot, ctx, db, actor, clerk, db_path, tmp_path
):
    from ui.main_window import MainWindow

    zhao = member(db, actor, "赵敏")
    pid = sale(db, actor, zhao, on=days(-1))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("call_list")
    assert isinstance(page, CallListPage)
    qtbot.waitUntil(lambda: page._loaded_generation >= 0, timeout=10_000)
    assert tasks_of(page, zhao)
    changes = contacts.log_contact(
        db,
        actor=clerk,
        member_id=zhao,
        channel="phone",
        purpose="post_sale_day1",
        outcome="declined",
        purchase_id=pid,
    )
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        ctx.notify(changes)
    assert tasks_of(page, zhao) == []


def test_english(qtbot, ctx, db, actor):
    from ui import i18n

    i18n.install_translators("en")
    sale(db, actor, member(db, actor, "赵敏"), on=days(-2))
    page = open_page(qtbot, ctx, today=dt.date.today())
    assert page.title.text() == "Today's calls"
    row = 0
    assert cell(page, row, COL_STATE) == "1 day(s) overdue"
    assert cell(page, row, COL_REASON) == "Post-sale, day 1 (¥1,280.00)"
    assert cell(page, row, COL_ACTION) == "Log"


def test_the_clerk_chooser_lists_active_staff_clerks_first_and_names_inactive_ones_on_tasks(
    qtbot, ctx, db, actor, clerk, clerk2
):
    from app import users

    owner = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('boss', '陈店主', 'owner', '2026-01-01T09:00:00')"
    ).lastrowid
    zhao = member(db, actor, "赵敏")
    sale(db, actor, zhao, on=days(-1), clerk_id=clerk2)
    db.execute("UPDATE users SET active = 0 WHERE id = ?", [clerk2])

    assert [u["display_name"] for u in users.list_staff(db)] == ["小李", "陈店主"]
    assert [u["id"] for u in users.list_staff(db, roles=("owner",))] == [owner]
    assert len(users.list_staff(db, active_only=False)) == 3
    with pytest.raises(ValueError):
        users.list_staff(db, roles=("boss",))

    page = open_page(qtbot, ctx, today=TODAY_DATE)
    combo = [page.clerk_combo.itemText(i) for i in range(page.clerk_combo.count())]
    assert combo == ["全部", "小李", "陈店主", "未指定"]
    refill(qtbot, page, lambda: page.set_clerk(call_list.ALL))
    assert cell(page, row_of(page, zhao), 7) == "小王"  # left, but their customers stay


def test_loyalty_tasks_say_how_many_points_and_when(gui_app):
    from app.calllist import Task

    day = dt.date(2026, 12, 1)

    def task(reason: str, detail: dict) -> Task:
        return Task(
            1, "M1", "林小雨", None, "silver", reason, "points", day, 0, None, detail=detail
        )

    expiring = call_list.reason_text(
        task("points_expiring", {"points": 1200, "expires_on": "2026-12-20"}), "zh"
    )
    assert "1,200 积分将于 2026-12-20 到期" in expiring
    ready = call_list.reason_text(task("reward_ready", {"balance": 640, "cost": 500}), "zh")
    assert "积分 640，兑换礼品需 500" in ready
