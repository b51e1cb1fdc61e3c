"""The counter queue on screen (``app/counter_queue.py``): the drain runs on the task
runner, at start-up and again every few seconds while sales wait for the store's lock
(a long import); a label in the status bar says how many sales are saved but not yet
entered, and which could not be entered.

The main window owns one :class:`QueueDrainer` and calls :meth:`QueueDrainer.kick` when
a sale was queued (``Changes`` naming ``counter_queue``) or the store's purchases changed
wholesale (a restore: the queued sales go into the restored store); nothing here waits: the drain
job waits for the lock on its own worker connection, and the label is read from the
small queue file only when that file exists."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app import counter_queue
from app.normalize import format_fen
from ui import i18n
from ui.context import AppContext

RETRY_MS = 2000  # while sales wait: try again this long after a drain found the lock held


class QueueDrainer(QObject):
    """Drains the store's counter queue through ``ctx.runner`` (key ``counter-queue``)."""

    drained = Signal(object)  # app.counter_queue.DrainResult

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.kick)

    @property
    def queue(self) -> Path | None:
        return counter_queue.queue_path(self.ctx.db_path)

    def kick(self) -> bool:
        """Start a drain unless one runs or nothing waits; True when one started."""
        queue = self.queue
        if self.ctx.runner.running("counter-queue") or not counter_queue.waiting(queue):
            return False

        def work(db: object, _progress: object, should_cancel: object) -> object:
            return counter_queue.drain(db, queue, should_cancel=should_cancel)  # type: ignore[arg-type]

        self.ctx.runner.run(
            work,
            name="counter-queue",
            key="counter-queue",
            changes=lambda result: result.changes,
            on_done=self._done,
        )
        return True

    def _done(self, result: counter_queue.DrainResult) -> None:
        if result.waiting:
            self.timer.start()
        self.drained.emit(result)


class QueueLabel(QLabel):
    """ "2 sales saved, waiting for the import to end" in the status bar; hidden when the
    queue is empty. When the store refused some, a 查看/丢弃… link opens the list of them
    (``ui/dialogs/queued_sales.py``; discarding there is for an owner or a manager)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QWidget | None = None
        self.setObjectName("counterQueue")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.linkActivated.connect(lambda _link: self.open_refused())
        self.refresh()

    def open_refused(self) -> QWidget:
        """Show the refused sales (one dialog, raised when already open)."""
        from ui.dialogs.queued_sales import QueuedSalesDialog

        if self.dialog is None:
            self.dialog = QueuedSalesDialog(self.ctx, self.window())
            self.dialog.finished.connect(self._closed)
        else:
            self.dialog.refresh()  # type: ignore[attr-defined]
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def refresh(self) -> None:
        sales = counter_queue.pending(counter_queue.queue_path(self.ctx.db_path))
        refused = [s for s in sales if s["errors"]]
        waiting = len(sales) - len(refused)
        parts = []
        if waiting:
            parts.append(
                self.tr("%1 sale(s) saved, to be entered when the import ends").replace(
                    "%1", str(waiting)
                )
            )
        if refused:
            parts.append(
                self.tr("%1 queued sale(s) could not be entered (point here for why)").replace(
                    "%1", str(len(refused))
                )
            )
        if refused:  # rich text only then: a link to the list (and 丢弃… there)
            link = self.tr("Show / discard…")
            self.setTextFormat(Qt.TextFormat.RichText)
            self.setText(
                html.escape(" · ".join(parts)) + f' <a href="refused">{html.escape(link)}</a>'
            )
        else:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setText(" · ".join(parts))
        lang = i18n.current_language()
        self.setToolTip(
            "\n".join(
                f"{s['member_no']} {s['at']} {format_fen(s['paid_fen'])}"
                + "".join(f" · {e.message(lang)}" for e in s["errors"])
                for s in sales
            )
        )
        self.setVisible(bool(sales))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)
