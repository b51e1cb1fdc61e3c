"""The loyalty programme's daily job, kept running while the app runs (the task runner
does the work; see :class:`DailyJobs`).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app import loyalty
from app.core import SYSTEM, Changes
from ui.context import AppContext

log = logging.getLogger(__name__)


class DailyJobs(QObject):
    """The loyalty programme's start-up and daily job (``app.loyalty.run_daily``: expiry,
    birthday points, the tier review) off the GUI thread: once now, then every
    ``interval_ms`` (the job itself acts once a day), each run through the task runner
    (its own connection); what changed reaches ``ctx.notify`` on the GUI thread."""

    done = Signal(object)  # app.core.Changes, after ctx.notify had them

    KEY = "loyalty-daily"

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, *, interval_ms: int = 3_600_000
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        QTimer.singleShot(0, self.run)

    def run(self) -> None:
        if self.ctx.runner.running(self.KEY):
            return
        self.ctx.runner.run(
            self._work,
            name="loyalty-daily",
            key=self.KEY,
            owner=self,
            changes=lambda changes: changes,
            on_done=self.done.emit,
        )

    def wait(self, timeout: float | None = None) -> None:
        """Join the running job's thread (tests)."""
        self.ctx.runner.wait(timeout)

    @staticmethod
    def _work(db: Any, _progress: Any, _cancel: Any) -> Changes:
        try:
            return loyalty.run_daily(db, actor=SYSTEM)  # a scheduled job
        except Exception:  # logged; the next run tries again
            log.exception("the loyalty daily job failed")
            return Changes()


def start_daily_jobs(ctx: AppContext, parent: QObject | None = None) -> DailyJobs:
    """Run the loyalty daily job now and keep running it (the main window calls this
    once at start-up)."""
    return DailyJobs(ctx, parent)
