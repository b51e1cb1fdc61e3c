"""First start: no database yet, so ask whether to begin with an empty store or the
demo store (about 2,000 invented members with purchases, calls and surveys), then make
it.

``ask_store_kind(parent)`` shows the dialog and returns ``"empty"``, ``"demo"`` or None
(closed). ``create_store(path, kind, parent)`` makes the file; the demo is generated
through a task runner (``ui/tasks.py``) behind a progress dialog with Cancel.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, QThread
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.db import open_db
from app.paths import resource
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

EMPTY = "empty"
DEMO = "demo"
DEMO_MEMBERS = 2000
DEMO_SEED = 42


def demo_available() -> bool:
    """True when ``app.demo`` exists (it arrived after this dialog was written)."""
    return importlib.util.find_spec("app.demo") is not None


class FirstStartDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartDialog")
        self.choice: str | None = None
        self.setWindowTitle("贵宾管家 VIP Keeper")
        self.setMinimumWidth(520)

        self.heading = QLabel(self.tr("Welcome to VIP Keeper"))
        self.heading.setObjectName("pageTitle")
        self.intro = QLabel(
            self.tr("There is no store on this computer yet. How would you like to start?")
        )
        self.intro.setWordWrap(True)

        self.empty_button = QCommandLinkButton(
            self.tr("Empty store"),
            self.tr("Start from scratch: enter your own members or import them from Excel."),
        )
        self.empty_button.setObjectName("emptyStoreButton")
        self.demo_button = QCommandLinkButton(
            self.tr("Demo store"),
            self.tr(
                "About 2,000 invented members with purchases, calls and surveys, to try "
                "everything out and to train staff. You can start an empty store later."
            ),
        )
        self.demo_button.setObjectName("demoStoreButton")
        self.demo_button.setEnabled(demo_available())
        for button, icon in (
            (self.empty_button, "store_empty.svg"),
            (self.demo_button, "store_demo.svg"),
        ):
            button.setIcon(QIcon(str(resource("icons", icon))))
            button.setIconSize(QSize(28, 28))
        self.empty_button.clicked.connect(lambda: self._choose(EMPTY))
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addWidget(self.empty_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)

    def _choose(self, kind: str) -> None:
        self.choice = kind
        self.accept()


def ask_store_kind(parent: QWidget | None = None) -> str | None:
    """Show the first-start dialog; ``"empty"``, ``"demo"`` or None if it was closed."""
    dialog = FirstStartDialog(parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choice = dialog.choice if accepted else None
    dialog.deleteLater()
    return choice


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def create_store(path: Path, kind: str, parent: QWidget | None = None) -> bool:
    """Create the store at ``path``: empty, or filled with the demo. False if the user
    cancelled the demo (the half-made file is removed, so the next start asks again)."""
    if kind == EMPTY or not demo_available():
        open_db(path).close()
        return True
    demo = importlib.import_module("app.demo")
    open_db(path).close()  # the empty store, which the worker fills

    def work(db, on_progress, should_cancel):  # type: ignore[no-untyped-def]
        summary = demo.generate(
            db,
            members=DEMO_MEMBERS,
            seed=DEMO_SEED,
            on_progress=on_progress,
            should_cancel=should_cancel,
        )
        # The demo's staff sign in with "demo"; the owner chooses a password next
        # (ui/application.py asks while app.auth.needs_owner).
        from app.auth import set_demo_passwords
        from app.core import SYSTEM

        set_demo_passwords(db, actor=SYSTEM)
        return summary

    # This runs before the application's event loop (there is no window and no context
    # yet), so the start waits for the demo in the only event loop running, never a
    # nested one; the store's own runner is made with the context afterwards.
    assert QThread.currentThread().loopLevel() == 0, "create_store runs before app.exec()"
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    runner = TaskRunner(path)
    runner.run(
        work,
        name="demo",
        progress=QCoreApplication.translate("FirstStart", "Creating the demo store…"),
        title="贵宾管家 VIP Keeper",
        parent=parent,
        on_done=lambda summary: finish("summary", summary),
        on_error=lambda exc: finish("error", exc),
    )
    if not outcome:
        loop.exec()
    runner.shutdown()
    error = outcome.get("error")
    if isinstance(error, getattr(demo, "Cancelled", ())):
        log.info("demo store cancelled: %s", error)
        _remove_db_files(path)
        return False
    if isinstance(error, BaseException):
        _remove_db_files(path)
        raise error
    log.info("demo store created at %s: %s", path, outcome["summary"])
    return True
