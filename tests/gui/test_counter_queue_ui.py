"""The counter during a long import (issue #16 item 3): the sale dialog saves while
another connection holds the store's write lock, the status bar and the member card show
the sale as pending, and the task runner enters it once the lock is free.

The lock is held deliberately by a second connection for as long as the test needs, so
whether the sale is queued never depends on the machine's speed; only the moment the
runner gets it in is waited for (``qtbot.waitUntil``, generous bound)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QDialog

from app import counter_queue, loyalty
from app.members import create_member
from ui.context import AppContext
from ui.dialogs.member_card import MemberCardDialog
from ui.dialogs.purchase_dialog import PurchaseDialog
from ui.dialogs.purchase_items import COL_CATEGORY, COL_LIST
from ui.main_window import MainWindow


def _count(db, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


@pytest.fixture
def window(gui_app, qtbot, db, db_path, tmp_path, clerk):
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=clerk)
    win = MainWindow(ctx, [])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    ctx.runner.shutdown(30)


@pytest.fixture
def member(db, actor) -> int:
    loyalty.save_rules(db, actor=actor, rules=loyalty.DEFAULT_RULES, effective_from="2000-01-01")
    return create_member(
        db, actor=actor, data={"name": "王小明", "phone": "13800001234"}
    ).created_id


def test_the_sale_dialog_saves_while_the_store_is_locked_and_the_card_shows_it_pending(
    qtbot, window, db, db_path, member
):
    ctx = window.ctx
    holder = sqlite3.connect(str(db_path), isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # as a long import's one transaction does
    try:
        dialog = PurchaseDialog(ctx, member_id=member)
        qtbot.addWidget(dialog)
        dialog.grid.item(0, COL_CATEGORY).setText("外套")
        dialog.grid.item(0, COL_LIST).setText("1280")
        dialog.save()
        assert dialog.result() == int(QDialog.DialogCode.Accepted)
        assert dialog.queued is not None and dialog.purchase_id is None
        assert dialog.queued.paid_fen == 128000
        assert _count(db, "SELECT COUNT(*) FROM purchases") == 0

        # the status bar says it is saved and waiting
        label = window.queue_label
        assert label.isVisible()
        assert label.text() == "1 笔销售已保存，导入结束后入账"

        # the card shows it pending
        card = MemberCardDialog(ctx, member)
        qtbot.addWidget(card)
        card.show()
        card.tabs.setCurrentIndex(1)
        assert card.pending_sales.isVisible()
        assert "待入账" in card.pending_sales.text()
        assert "¥1,280.00" in card.pending_sales.text() or "1,280.00" in card.pending_sales.text()
        card.grab().save("/tmp/outbox_card_pending.png")
        window.grab().save("/tmp/outbox_main_pending.png")
        # while the lock is held the runner's drain only waits: nothing is entered
        qtbot.waitUntil(lambda: not ctx.runner.running("counter-queue"), timeout=60_000)
        assert _count(db, "SELECT COUNT(*) FROM purchases") == 0
        assert len(counter_queue.pending(counter_queue.queue_path(db_path))) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    # the lock is free: the runner enters the sale (its retry timer), once
    qtbot.waitUntil(
        lambda: (
            _count(db, "SELECT COUNT(*) FROM purchases") == 1
            and not ctx.runner.running("counter-queue")
        ),
        timeout=60_000,
    )
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=10_000)
    assert counter_queue.pending(counter_queue.queue_path(db_path)) == []
    assert loyalty.balance(db, member) > 0
    qtbot.waitUntil(lambda: not card.pending_sales.isVisible(), timeout=10_000)
    assert card.purchase_model.rowCount() == 1
    # the card opened while the store was locked: its view entry went in afterwards
    qtbot.waitUntil(ctx.runner.idle, timeout=60_000)
    assert (
        _count(db, f"SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND entity_id = {member}")
        == 1
    )


def test_a_sale_with_the_store_free_is_saved_at_once_and_nothing_is_queued(
    qtbot, window, db, db_path, member
):
    dialog = PurchaseDialog(window.ctx, member_id=member)
    qtbot.addWidget(dialog)
    dialog.grid.item(0, COL_CATEGORY).setText("外套")
    dialog.grid.item(0, COL_LIST).setText("99")
    dialog.save()
    assert dialog.purchase_id is not None and dialog.queued is None
    assert _count(db, "SELECT COUNT(*) FROM purchases") == 1
    assert not counter_queue.queue_path(db_path).exists()
    assert not window.queue_label.isVisible()
