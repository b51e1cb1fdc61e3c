"""First start: no database yet, so ask whether to begin with an empty store or the
demo store (about 2,000 invented members with purchases, calls and surveys), then make
it.

``ask_store_kind(parent)`` shows the dialog and returns ``"empty"``, ``"demo"`` or None
(closed). ``make_store(path, kind, on_done=..., on_error=...)`` makes the file; the demo
is generated through a task runner (``ui/tasks.py``) behind a progress dialog with
Cancel, while the application's event loop runs, and ``on_done`` is the start's
continuation: nothing here waits in an event loop of its own.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, QTimer
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


def make_store(
    path: Path,
    kind: str,
    *,
    on_done: Callable[[bool], None],
    on_error: Callable[[BaseException], None],
    parent: QWidget | None = None,
) -> None:
    """Create the store at ``path``, empty or filled with the demo, then call
    ``on_done(True)``; ``on_done(False)`` when the user cancelled the demo and
    ``on_error(exc)`` when making it failed (either way the half-made file is removed, so
    the next start asks again). An empty store is made at once, before this returns.
    The demo is generated on a task runner of its own (there is no window and no context
    yet) and this returns at once: the event loop delivers the outcome."""
    if kind == EMPTY or not demo_available():
        open_db(path).close()
        on_done(True)
        return
    demo = importlib.import_module("app.demo")
    open_db(path).close()  # the empty store, which the worker fills

    def work(db, on_progress, should_cancel):  # type: ignore[no-untyped-def]
        from app.auth import demo_password_hashes_meanwhile, set_demo_passwords
        from app.core import SYSTEM

        # the staff's password hashes, made while the store is generated: the first
        # start waits ~0.5 s less
        hashes = demo_password_hashes_meanwhile()
        summary = demo.generate(
            db,
            members=DEMO_MEMBERS,
            seed=DEMO_SEED,
            on_progress=on_progress,
            should_cancel=should_cancel,
        )
        # The demo's staff sign in with "demo"; the owner chooses a password next
        # (ui/application.py asks while app.auth.needs_owner).
        set_demo_passwords(db, actor=SYSTEM, hashes=hashes.result())
        return summary

    runner = TaskRunner(path)

    def made(summary: object) -> None:
        QTimer.singleShot(0, runner.shutdown)  # its thread ends right after delivering
        log.info("demo store created at %s: %s", path, summary)
        on_done(True)

    def failed(error: BaseException) -> None:
        QTimer.singleShot(0, runner.shutdown)
        _remove_db_files(path)  # the worker's connection is closed before it delivers
        if isinstance(error, getattr(demo, "Cancelled", ())):
            log.info("demo store cancelled: %s", error)
            on_done(False)
        else:
            on_error(error)

    runner.run(
        work,
        name="demo",
        progress=QCoreApplication.translate("FirstStart", "Creating the demo store…"),
        title="贵宾管家 VIP Keeper",
        parent=parent,
        on_done=made,
        on_error=failed,
    )
