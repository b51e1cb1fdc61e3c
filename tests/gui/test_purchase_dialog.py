"""The counter's sale entry and the return dialog, driven from the keyboard on real
tmp-file stores: member by pinyin initials, a two-line ticket typed cell by cell,
inline errors that write nothing, returns limited to what is left."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog

from app import purchases
from app.members import create_member
from ui.dialogs.purchase_dialog import PurchaseDialog
from ui.dialogs.purchase_items import (
    COL_CATEGORY,
    COL_LIST,
    COL_PAID,
    COL_QTY,
    COL_TOTAL,
)
from ui.dialogs.return_dialog import ReturnDialog

CTRL = Qt.KeyboardModifier.ControlModifier


# ------------------------------------------------------------------ helpers


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_keys(qtbot, text: str) -> None:
    """Type into whatever has the focus, as a clerk would: ASCII as key presses,
    Chinese as the input method's commit (QTest cannot press a Chinese key)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(focused(), ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(focused(), event)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)


def type_line(qtbot, cells: list[str]) -> None:
    """One grid line: cells separated by Tab (no Tab after the last)."""
    for i, cell in enumerate(cells):
        type_keys(qtbot, cell)
        if i < len(cells) - 1:
            press(qtbot, Qt.Key.Key_Tab)


@pytest.fixture
def zhang_san(db, actor) -> int:
    member = create_member(
        db,
        actor=actor,
        data={"name": "张三", "phone": "13812345678", "contact_notes": "上午10点前勿扰"},
    )
    create_member(db, actor=actor, data={"name": "李四", "phone": "13900001111"})
    return member.created_id


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def open_dialog(qtbot, ctx, member_id=None) -> PurchaseDialog:
    return show(qtbot, PurchaseDialog(ctx, member_id))


def count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# ------------------------------------------------------------------ sale entry


def test_keyboard_only_sale_finds_zhang_san_by_initials_and_saves_two_lines_with_derived_discount(
    qtbot, ctx, db, zhang_san, clerk, notified
):
    dialog = open_dialog(qtbot, ctx)
    assert focused() is dialog.finder.edit  # the member comes first

    type_keys(qtbot, "zs")
    assert dialog.finder.results.count() == 1
    assert "张三" in dialog.finder.results.item(0).text()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.member_id == zhang_san
    assert "张三" in dialog.member_banner.text() and "138****5678" in dialog.member_banner.text()
    assert dialog.member_notes.text() == "上午10点前勿扰"

    type_line(qtbot, ["上衣", "SY001", "M", "白", "1", "299", "259"])
    press(qtbot, Qt.Key.Key_Return)  # next line
    type_line(qtbot, ["裤装", "KZ002", "L", "黑", "2", "199", "179"])
    assert dialog.grid.rowCount() == 2
    assert dialog.totals.text() == "共 3 件 · 标价 ¥697.00 · 优惠 ¥80.00 · 实收 ¥617.00"
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert dialog.result() == int(QDialog.DialogCode.Accepted)
    assert dialog.purchase_id is not None
    rows = db.execute(
        "SELECT category, sku, size, colour, qty, list_fen, paid_fen FROM purchase_items "
        "WHERE purchase_id = ? ORDER BY id",
        [dialog.purchase_id],
    ).fetchall()
    # line totals (unit × qty), as the table stores them
    assert rows == [
        ("上衣", "SY001", "M", "白", 1, 29900, 25900),
        ("裤装", "KZ002", "L", "黑", 2, 39800, 35800),
    ]
    ticket = db.execute(
        "SELECT member_id, total_fen, paid_fen, is_discounted, clerk_id FROM purchases"
    ).fetchone()
    assert ticket == (zhang_san, 69700, 61700, 1, clerk.user_id)
    assert len(notified) == 1 and notified[0].touches("purchases")
    assert notified[0].created_id == dialog.purchase_id


def test_an_invalid_quantity_is_shown_inline_on_its_cell_and_nothing_is_written(
    qtbot, ctx, db, zhang_san
):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.edit_cell(0, COL_CATEGORY)
    type_line(qtbot, ["上衣", "SY001", "M", "白", "0", "299"])
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert dialog.result() != int(QDialog.DialogCode.Accepted)
    assert dialog.isVisible()
    assert count(db, "purchases") == 0 and count(db, "purchase_items") == 0
    assert dialog.items_error.isVisible()
    assert dialog.items_error.text() == "第 1 行，数量：数量必须是不小于 1 的整数"
    assert dialog.grid.cell_error(0, COL_QTY) == "数量必须是不小于 1 的整数"
    # the other cells are fine
    assert dialog.grid.cell_error(0, COL_LIST) == ""

    # fixing the cell clears its mark; saving then works
    dialog.grid.item(0, COL_QTY).setText("1")
    assert dialog.grid.cell_error(0, COL_QTY) == ""
    dialog.save()
    assert dialog.result() == int(QDialog.DialogCode.Accepted)
    assert count(db, "purchases") == 1


def test_no_member_and_a_price_that_is_not_an_amount_are_reported_together(qtbot, ctx, db):
    dialog = open_dialog(qtbot, ctx)
    grid = dialog.grid
    grid.item(0, COL_CATEGORY).setText("外套")
    grid.item(0, COL_LIST).setText("abc")
    grid.item(0, COL_PAID).setText("1,280")
    dialog.save()

    assert count(db, "purchases") == 0
    assert dialog.member_error.text() == "请先选择会员。"
    assert grid.cell_error(0, COL_LIST) == "“abc” 不是有效金额"
    assert "第 1 行，标价 ¥：“abc” 不是有效金额" in dialog.items_error.text()
    assert focused() is dialog.finder.edit


def test_a_paid_price_above_the_list_price_marks_the_paid_cell(qtbot, ctx, db, zhang_san):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    for col, text in ((COL_CATEGORY, "毛巾"), (COL_LIST, "59"), (COL_PAID, "69")):
        dialog.grid.item(0, col).setText(text)
    dialog.save()
    assert count(db, "purchases") == 0
    assert dialog.grid.cell_error(0, COL_PAID) == "实收单价 ¥69.00 高于标价 ¥59.00"


def test_totals_follow_each_keystroke_and_an_empty_paid_price_is_the_list_price(
    qtbot, ctx, db, zhang_san
):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.edit_cell(0, COL_CATEGORY)
    type_line(qtbot, ["床品", "CP001", "1.8m", "灰", "2", "899"])
    # still editing the list price: the totals already count it
    assert dialog.grid.item(0, COL_TOTAL).text() == "¥1,798.00"
    assert dialog.totals.text() == "共 2 件 · 标价 ¥1,798.00 · 优惠 ¥0.00 · 实收 ¥1,798.00"
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "799")
    assert dialog.grid.item(0, COL_TOTAL).text() == "¥1,598.00  （优惠 ¥200.00）"
    dialog.save()
    assert db.execute("SELECT total_fen, paid_fen, is_discounted FROM purchases").fetchone() == (
        179800,
        159800,
        1,
    )


def test_full_price_sale_with_empty_paid_and_qty_cells_is_not_discounted(qtbot, ctx, db, zhang_san):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.item(0, COL_CATEGORY).setText("配饰")
    dialog.grid.item(0, COL_LIST).setText("¥99")
    dialog.save()
    assert db.execute("SELECT qty, list_fen, paid_fen FROM purchase_items").fetchone() == (
        1,
        9900,
        9900,
    )
    assert db.execute("SELECT is_discounted FROM purchases").fetchone() == (0,)


def test_plus_adds_a_line_and_escape_then_delete_removes_it(qtbot, ctx, zhang_san):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.edit_cell(0, COL_CATEGORY)
    type_line(qtbot, ["上衣", "SY001", "M", "白", "1"])
    press(qtbot, Qt.Key.Key_Plus)  # in a number cell: a new line
    assert dialog.grid.rowCount() == 2
    assert (dialog.grid.currentRow(), dialog.grid.currentColumn()) == (1, COL_CATEGORY)
    press(qtbot, Qt.Key.Key_Escape)  # leave the cell editor, not the dialog
    assert dialog.isVisible()
    press(qtbot, Qt.Key.Key_Delete)
    assert dialog.grid.rowCount() == 1
    assert dialog.grid.text(0, COL_CATEGORY) == "上衣"


def test_tab_after_the_last_cell_leaves_the_grid_for_the_clerk(qtbot, ctx, zhang_san):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.edit_cell(0, COL_CATEGORY)
    type_line(qtbot, ["上衣", "SY001", "M", "白", "1", "299", "259"])
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.clerk_combo
    assert dialog.grid.rowCount() == 1


def test_the_clerk_is_remembered_for_the_session(qtbot, ctx, db, zhang_san):
    other = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('clerk2', '小王', 'clerk', '2026-01-01T09:00:00')"
    ).lastrowid
    first = open_dialog(qtbot, ctx, zhang_san)
    first.clerk_combo.setCurrentIndex(first.clerk_combo.findData(other))
    first.grid.item(0, COL_CATEGORY).setText("上衣")
    first.grid.item(0, COL_LIST).setText("100")
    first.save()
    assert db.execute("SELECT clerk_id FROM purchases").fetchone() == (other,)

    second = open_dialog(qtbot, ctx, zhang_san)
    assert second.clerk_combo.current_id() == other


def test_a_date_after_today_is_refused_under_the_date_field(qtbot, ctx, db, zhang_san):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.item(0, COL_CATEGORY).setText("上衣")
    dialog.grid.item(0, COL_LIST).setText("100")
    tomorrow = QDate.currentDate().addDays(1)
    dialog.at_edit.setDateTime(QDateTime(tomorrow, QTime(10, 0)))
    dialog.save()
    label, _widget = dialog.field_errors["at"]
    assert label.isVisible() and "晚于今天" in label.text()
    assert count(db, "purchases") == 0


def test_a_duplicate_ticket_number_is_refused_next_to_the_ticket_field(
    qtbot, ctx, db, actor, zhang_san
):
    purchases.record_purchase(
        db,
        actor=actor,
        member_id=zhang_san,
        items=[{"qty": 1, "list_fen": 100, "paid_fen": 100}],
        ticket_no="T-001",
    )
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.item(0, COL_CATEGORY).setText("上衣")
    dialog.grid.item(0, COL_LIST).setText("100")
    dialog.ticket_edit.setText("T-001")
    dialog.save()
    label, _ = dialog.field_errors["ticket_no"]
    assert label.text() == "小票号 T-001 已被使用"
    assert count(db, "purchases") == 1


def test_plain_enter_never_closes_the_dialog_and_an_empty_ticket_needs_an_item(
    qtbot, ctx, db, zhang_san
):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.note_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert dialog.items_error.text() == "至少需要一件商品"
    assert count(db, "purchases") == 0


def test_english_labels(qtbot, ctx, zhang_san):
    from ui import i18n

    i18n.install_translators("en")
    dialog = open_dialog(qtbot, ctx, zhang_san)
    assert dialog.windowTitle() == "Record a purchase"
    assert dialog.grid.horizontalHeaderItem(COL_QTY).text() == "Qty"


# ------------------------------------------------------------------ returns


@pytest.fixture
def sale(db, actor, zhang_san) -> int:
    return purchases.record_purchase(
        db,
        actor=actor,
        member_id=zhang_san,
        items=[
            {"category": "上衣", "sku": "SY001", "qty": 1, "list_fen": 29900, "paid_fen": 25900},
            {"category": "裤装", "sku": "KZ002", "qty": 3, "list_fen": 10000, "paid_fen": 10000},
        ],
        at=dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=1),
    ).created_id


def open_return(qtbot, ctx, purchase_id) -> ReturnDialog:
    return show(qtbot, ReturnDialog(ctx, purchase_id))


def test_return_dialog_lists_lines_limits_each_to_what_is_left_and_saves_the_refund(
    qtbot, ctx, db, sale, notified
):
    dialog = open_return(qtbot, ctx, sale)
    assert dialog.table.rowCount() == 2
    assert [s.maximum() for s in dialog.spins] == [1, 3]
    assert "张三" in dialog.banner.text()
    assert focused() is dialog.spins[0]

    press(qtbot, Qt.Key.Key_Tab)  # to the second line
    assert focused() is dialog.spins[1]
    qtbot.keyClicks(focused(), "9")  # more than bought: the spin box refuses it
    assert dialog.spins[1].value() == 0
    qtbot.keyClicks(focused(), "2")
    assert dialog.spins[1].value() == 2
    assert dialog.refund_total.text() == "共 2 件 · 退款 ¥200.00"
    press(qtbot, Qt.Key.Key_Return, CTRL)

    assert dialog.result() == int(QDialog.DialogCode.Accepted)
    back = purchases.get_purchase(db, sale)["items"]
    assert [it["returned_qty"] for it in back] == [0, 2]
    assert notified and notified[-1].touches("purchases")

    again = open_return(qtbot, ctx, sale)
    assert [s.maximum() for s in again.spins] == [1, 1]
    assert again.table.item(1, 5).text() == "2"  # returned so far


def test_returning_more_than_is_left_is_refused_inline_and_nothing_is_written(
    qtbot, ctx, db, actor, sale
):
    dialog = open_return(qtbot, ctx, sale)
    dialog.spins[0].setValue(1)
    # meanwhile the same piece is returned at the other till
    item_id = purchases.get_purchase(db, sale)["items"][0]["id"]
    purchases.record_return(
        db, actor=actor, purchase_id=sale, lines=[{"item_id": item_id, "qty": 1}]
    )
    before = count(db, "purchases")

    dialog.save()
    assert dialog.result() != int(QDialog.DialogCode.Accepted)
    assert count(db, "purchases") == before
    assert dialog.lines_error.text() == "第 1 行：最多还能退 0 件"
    assert dialog.spins[0].property("invalid") == "true"
    assert dialog.spins[0].maximum() == 0  # reloaded: nothing left on that line


def test_a_return_with_nothing_chosen_says_so_inline(qtbot, ctx, db, sale):
    dialog = open_return(qtbot, ctx, sale)
    dialog.save()
    assert dialog.lines_error.text() == "请选择要退的商品"
    assert count(db, "purchases") == 1


def test_refund_preview_uses_the_same_rounding_as_the_saved_return(db, actor, zhang_san):
    pid = purchases.record_purchase(
        db,
        actor=actor,
        member_id=zhang_san,
        items=[{"qty": 3, "list_fen": 1000, "paid_fen": 1000}],
    ).created_id
    item = purchases.get_purchase(db, pid)["items"][0]
    assert purchases.refund_fen(item, 1) == 1000
    item["paid_fen"] = 2999  # e.g. a rounded ticket discount
    assert purchases.refund_fen(item, 1) == 999
    assert purchases.refund_fen(item, 3) == 2999


def test_a_negative_price_is_refused_in_yuan_as_it_is_typed_and_never_totalled(
    qtbot, ctx, db, zhang_san
):
    """#20: −50 gave "金额必须是不小于 0 的整数（分）" (fen, integers), and the total line
    showed a negative sale before saving."""
    dialog = open_dialog(qtbot, ctx, zhang_san)
    grid = dialog.grid
    grid.item(0, COL_CATEGORY).setText("袜子")
    grid.item(0, COL_LIST).setText("-50")
    message = grid.cell_error(0, COL_LIST)
    assert message == "金额不能是负数（输入的是 -¥50.00）"  # at once, in yuan
    assert "分" not in message and "整数" not in message
    assert "-" not in grid.item(0, COL_TOTAL).text()
    assert "-" not in dialog.totals.text() and "实收 ¥0.00" in dialog.totals.text()
    dialog.save()
    assert count(db, "purchases") == 0
    assert "第 1 行，标价 ¥：金额不能是负数（输入的是 -¥50.00）" in dialog.items_error.text()


def test_a_fixed_error_leaves_the_screen_as_soon_as_the_cell_is_fixed(qtbot, ctx, db, zhang_san):
    """#20: fixed errors stayed on screen until the next save."""
    dialog = open_dialog(qtbot, ctx, zhang_san)
    grid = dialog.grid
    grid.item(0, COL_CATEGORY).setText("外套")
    grid.item(0, COL_LIST).setText("abc")
    dialog.save()
    assert dialog.items_error.text()
    height = dialog.height()
    grid.item(0, COL_LIST).setText("399")
    assert grid.cell_error(0, COL_LIST) == ""
    assert dialog.items_error.text() == "" and dialog.items_error.isHidden()
    assert dialog.height() == height  # the form keeps its size


def test_the_amount_rule_speaks_yuan_in_app_too(db, actor, zhang_san):
    from app.core import ValidationError
    from app.purchases import record_purchase

    with pytest.raises(ValidationError) as caught:
        record_purchase(
            db,
            actor=actor,
            member_id=zhang_san,
            at="2026-01-05T10:00:00",
            items=[{"qty": 1, "list_fen": -5000, "paid_fen": -5000}],
        )
    texts = [e.message("zh") for e in caught.value.errors]
    assert "金额不能是负数（输入的是 -¥50.00）" in texts


# ------------------------------------------------------------------ item cost (#19)


def test_a_unit_cost_typed_in_its_cell_is_saved_as_the_lines_cost_and_empty_is_unknown(
    qtbot, ctx, db, zhang_san
):
    from ui.dialogs.purchase_items import COL_COST

    dialog = open_dialog(qtbot, ctx, zhang_san)
    grid = dialog.grid
    for col, text in ((COL_CATEGORY, "上衣"), (COL_QTY, "2"), (COL_LIST, "299"), (COL_COST, "120")):
        grid.item(0, col).setText(text)
    grid.add_line()
    grid.item(1, COL_CATEGORY).setText("配饰")
    grid.item(1, COL_LIST).setText("59")
    dialog.save()
    assert dialog.purchase_id is not None
    rows = db.execute("SELECT qty, paid_fen, cost_fen FROM purchase_items ORDER BY id").fetchall()
    assert rows == [(2, 59800, 24000), (1, 5900, None)]


def test_a_cost_that_is_not_an_amount_is_marked_on_its_cell_and_nothing_is_written(
    qtbot, ctx, db, zhang_san
):
    from ui.dialogs.purchase_items import COL_COST

    dialog = open_dialog(qtbot, ctx, zhang_san)
    grid = dialog.grid
    for col, text in ((COL_CATEGORY, "上衣"), (COL_LIST, "299"), (COL_COST, "-5")):
        grid.item(0, col).setText(text)
    assert "-¥5.00" in grid.cell_error(0, COL_COST)  # shown at once, in yuan
    dialog.save()
    assert count(db, "purchases") == 0
    assert "-¥5.00" in grid.cell_error(0, COL_COST)


def test_tab_walks_past_the_cost_column_and_shift_tab_comes_back_to_the_paid_price(
    qtbot, ctx, zhang_san
):
    dialog = open_dialog(qtbot, ctx, zhang_san)
    dialog.grid.edit_cell(0, COL_CATEGORY)
    type_line(qtbot, ["上衣", "SY001", "M", "白", "1", "299", "259"])
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "裤装")
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert (dialog.grid.currentRow(), dialog.grid.currentColumn()) == (0, COL_PAID)
