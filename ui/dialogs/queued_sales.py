"""The counter queue's refused sales (``app/counter_queue.py``), with 丢弃… for an owner or
a manager: opened from the status bar's queue label (and the member card's pending
line). Each sale shows its member number, time, ticket, amount and why the store refused
it; discarding asks for a confirmation naming the sale and a reason, then runs
``counter_queue.discard`` on the task runner (the store may be held by an import: the
worker waits for the lock, the window does not). Only refused sales are listed, so a
sale that only waits for the lock cannot be picked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import counter_queue, permissions
from app.core import Changes, NotFound, PermissionDenied, ValidationError
from app.normalize import format_fen
from ui import i18n
from ui.context import AppContext
from ui.tasks import unhandled

KEY_ROLE = Qt.ItemDataRole.UserRole


class QueuedSalesDialog(QDialog):
    """The refused queued sales (of one member when ``member_id`` is given)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, member_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.setObjectName("queuedSalesDialog")
        self.setWindowTitle(self.tr("Sales that could not be entered"))
        self.resize(760, 360)
        self.hint = QLabel(
            self.tr(
                "These sales were saved at the counter while the store was busy, but the "
                "store refused them when they were entered. Fix the cause (for example, "
                "re-create the member) and they are entered at the next try; or discard one "
                "that will never be entered: the audit log keeps what it was."
            )
        )
        self.hint.setWordWrap(True)
        self.sales = QListWidget()
        self.sales.setObjectName("refusedSales")
        self.sales.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.discard_button = QPushButton(self.tr("Discard…"))
        self.discard_button.setObjectName("discardQueued")
        self.discard_button.clicked.connect(lambda: self.discard())
        self.may_discard = permissions.allowed(ctx.actor, permissions.DISCARD_QUEUED)
        if not self.may_discard:
            self.discard_button.setEnabled(False)
            self.discard_button.setToolTip(
                self.tr("Only the owner or a manager may discard a queued sale.")
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.sales, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        queue = counter_queue.queue_path(self.ctx.db_path)
        lang = i18n.current_language()
        self.sales.clear()
        for sale in counter_queue.pending(queue, member_id=self.member_id):
            if not sale["errors"]:
                continue  # only waiting for the lock: entered on its own
            item = QListWidgetItem(
                self.describe(sale)
                + "\n    "
                + self.tr("Refused: %1").replace(
                    "%1", "；".join(e.message(lang) for e in sale["errors"])
                )
            )
            item.setData(KEY_ROLE, sale)
            self.sales.addItem(item)
        if self.sales.count():
            self.sales.setCurrentRow(0)
        else:
            self.message.setText(self.tr("No queued sale was refused."))
        self.discard_button.setEnabled(self.may_discard and self.sales.count() > 0)

    def describe(self, sale: dict[str, Any]) -> str:
        """One sale in words: member number, time, ticket, amount."""
        return (
            self.tr("%1 · %2 · ticket %3 · %4")
            .replace("%1", str(sale["member_no"]))
            .replace("%2", str(sale["at"])[:16].replace("T", " "))
            .replace("%3", sale["ticket_no"] or "—")
            .replace("%4", format_fen(sale["paid_fen"]))
        )

    def selected(self) -> dict[str, Any] | None:
        item = self.sales.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def _confirm(self, sale: dict[str, Any]) -> tuple[bool, str]:
        """Ask, naming the sale; returns (confirmed, reason). Tests replace this."""
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Discard queued sale"),
            self.tr(
                "Discard this sale for good?\n%1\n\nIt will not be entered into the store; "
                "the audit log records it. Reason:"
            ).replace("%1", self.describe(sale)),
        )
        return ok, reason

    def discard(self) -> bool:
        """Discard the selected refused sale after a confirmation; True when started."""
        sale = self.selected()
        if sale is None or not self.may_discard:
            return False
        confirmed, reason = self._confirm(sale)
        if not confirmed:
            return False
        queue = counter_queue.queue_path(self.ctx.db_path)
        key = sale["uuid"]
        actor = self.ctx.actor

        def work(db: Any, _progress: object, _cancel: object) -> Changes:
            return counter_queue.discard(db, queue=queue, key=key, actor=actor, reason=reason)

        self.discard_button.setEnabled(False)
        self.ctx.runner.run(
            work,
            name="counter-queue-discard",
            key="counter-queue-discard",
            owner=self,
            changes=lambda changes: changes,
            on_done=lambda _changes: self._done(sale),
            on_error=self._failed,
        )
        return True

    def _done(self, sale: dict[str, Any]) -> None:
        self.refresh()
        self.message.setText(self.tr("Discarded: %1").replace("%1", self.describe(sale)))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            lang = i18n.current_language()
            text = "；".join(e.message(lang) for e in exc.errors)
        elif isinstance(exc, NotFound):
            text = self.tr("The sale is no longer in the queue.")
        elif isinstance(exc, PermissionDenied):
            text = self.tr("Only the owner or a manager may discard a queued sale.")
        else:
            unhandled(exc)
            return
        self.refresh()
        self.message.setText(text)
