"""Discarding a refused counter-queue sale on screen (ui/dialogs/queued_sales.py): the
status bar's queue label links to the list of refused sales, a manager discards one
after a confirmation naming it (the task runner does the work), a clerk sees the list
but may not discard.

The refusal is made deterministic: a sale is queued with ticket T-1 while a second
connection holds the store's lock, then the store gets another sale with ticket T-1, so
the drain refuses the queued one (ticket taken) before any window exists."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app import counter_queue, purchases
from app.core import SYSTEM, Actor
from app.members import create_member
from ui.context import AppContext
from ui.dialogs.member_card import MemberCardDialog
from ui.main_window import MainWindow

ITEMS = [{"category": "外套", "sku": "C9", "qty": 1, "list_fen": 128000, "paid_fen": 99900}]


@pytest.fixture
def refused(db, db_path) -> dict:
    member = create_member(db, actor=SYSTEM, data={"name": "王小明", "phone": "13800001234"})
    holder = sqlite3.connect(str(db_path), isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    queue = counter_queue.queue_path(db_path)
    try:
        queued = counter_queue.record_sale(
            db,
            queue=queue,
            actor=SYSTEM,
            member_id=member.created_id,
            items=ITEMS,
            ticket_no="T-1",
            wait_ms=50,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    purchases.record_purchase(
        db, actor=SYSTEM, member_id=member.created_id, items=ITEMS, ticket_no="T-1"
    )
    result = counter_queue.drain(db, queue)
    assert [e.code for e in result.failed[0]["errors"]] == ["ticket_duplicate"]
    return {"key": queued.uuid, "member_id": member.created_id, "queue": queue}


def _window(qtbot, db, db_path, tmp_path, actor) -> MainWindow:
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=actor)
    win = MainWindow(ctx, [])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def test_a_manager_discards_a_refused_sale_from_the_status_bar(
    qtbot, db, db_path, tmp_path, refused
):
    manager = Actor(user_id=None, name="店长老周", role="manager")
    win = _window(qtbot, db, db_path, tmp_path, manager)
    try:
        label = win.queue_label
        assert label.isVisible() and "未能入账" in label.text() and 'href="refused"' in label.text()
        win.grab().save("/tmp/followups_status_refused.png")
        dialog = label.open_refused()
        qtbot.waitExposed(dialog)
        assert dialog.sales.count() == 1
        shown = dialog.sales.item(0).text()
        assert "T-1" in shown and "¥999.00" in shown and "T-1 已被使用" in shown
        assert dialog.discard_button.isEnabled()
        dialog.grab().save("/tmp/followups_queued_sales_dialog.png")
        asked: list[str] = []

        def confirm(sale):
            asked.append(dialog.describe(sale))
            return True, "重复小票，已人工核对"

        dialog._confirm = confirm
        assert dialog.discard()
        assert "T-1" in asked[0] and "¥999.00" in asked[0]
        qtbot.waitUntil(lambda: counter_queue.pending(refused["queue"]) == [], timeout=60_000)
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=60_000)
        qtbot.waitUntil(lambda: dialog.sales.count() == 0, timeout=60_000)
        assert "T-1" in dialog.message.text()
        (detail,) = db.execute(
            "SELECT detail FROM audit_log WHERE action = 'queue_discard'"
        ).fetchone()
        assert json.loads(detail)["reason"] == "重复小票，已人工核对"
        # the store keeps only the sale that had the ticket first
        assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 1
    finally:
        win.ctx.runner.shutdown(30)


def test_a_clerk_sees_the_refused_sale_on_the_card_but_may_not_discard_it(
    qtbot, db, db_path, tmp_path, refused, clerk
):
    win = _window(qtbot, db, db_path, tmp_path, clerk)
    try:
        card = MemberCardDialog(win.ctx, refused["member_id"])
        qtbot.addWidget(card)
        card.resize(1100, 700)
        card.show()
        card.tabs.setCurrentIndex(1)
        assert card.pending_sales.isVisible() and 'href="refused"' in card.pending_sales.text()
        card.grab().save("/tmp/followups_card_refused.png")
        dialog = card.open_refused_sales()
        qtbot.addWidget(dialog)
        assert dialog.sales.count() == 1
        assert not dialog.discard_button.isEnabled()
        dialog._confirm = lambda sale: (True, "clerk tries")
        assert dialog.discard() is False
        assert len(counter_queue.pending(refused["queue"])) == 1
        assert (
            db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'queue_discard'").fetchone()[
                0
            ]
            == 0
        )
    finally:
        win.ctx.runner.shutdown(30)
