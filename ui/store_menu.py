"""File menu (文件): a new empty store, another store file, the recent ones, and the
set-up wizard (#20: the welcome dialog promised "an empty store later" and there was no
way to it).

Opening another store starts the app again on that file (``--db``) and closes this
window: the close backup runs, the lock is released, and the new start waits for it
(``ui/single_instance.py``), so two stores never share one process's caches, runner or
signed-in user. The recent list lives in ``QSettings`` (this PC's, not the store's).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app import permissions, setup
from app.paths import project_root

RECENT_KEY = "stores/recent"
RECENT_MAX = 8


def recent_stores() -> list[Path]:
    value = QSettings().value(RECENT_KEY) or []
    paths = [value] if isinstance(value, str) else list(value)
    return [Path(p) for p in paths if p]


def remember_store(path: Path) -> None:
    """Put ``path`` first in the recent list (the app calls this for every store it
    opens)."""
    path = Path(path).resolve()
    paths = [str(path)] + [str(p) for p in recent_stores() if Path(p) != path]
    QSettings().setValue(RECENT_KEY, paths[:RECENT_MAX])


def start_command(db_path: Path) -> tuple[str, list[str]]:
    """The program and arguments that open the app on ``db_path``: the bundle's exe
    itself, or this Python with main.py."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--db", str(db_path)]
    return sys.executable, [str(project_root() / "main.py"), "--db", str(db_path)]


class StoreMenu:
    """Builds the File menu on ``window`` and does what its actions ask."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.menu = QMenu(window)
        self.menu.setObjectName("fileMenu")
        window.menuBar().addMenu(self.menu)
        self.new_action = QAction(window)
        self.new_action.triggered.connect(self.new_store)
        self.open_action = QAction(window)
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.open_store)
        self.recent_menu = QMenu(self.menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.wizard_action = QAction(window)
        self.wizard_action.triggered.connect(self.run_wizard)
        self.quit_action = QAction(window)
        self.quit_action.triggered.connect(window.close)
        self.menu.addAction(self.new_action)
        self.menu.addAction(self.open_action)
        self.menu.addMenu(self.recent_menu)
        self.menu.addSeparator()
        self.menu.addAction(self.wizard_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.started: list[tuple[str, list[str]]] = []  # what was started (tests read it)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(QCoreApplication.translate("StoreMenu", "&File"))
        self.new_action.setText(QCoreApplication.translate("StoreMenu", "New empty store…"))
        self.open_action.setText(QCoreApplication.translate("StoreMenu", "Open another store…"))
        self.recent_menu.setTitle(QCoreApplication.translate("StoreMenu", "Recent stores"))
        self.wizard_action.setText(QCoreApplication.translate("StoreMenu", "Store set-up wizard…"))
        self.quit_action.setText(QCoreApplication.translate("StoreMenu", "Quit"))
        ctx = self.window.ctx  # type: ignore[attr-defined]
        self.wizard_action.setEnabled(permissions.allowed(ctx.actor, permissions.RULES))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = Path(self.window.ctx.db_path).resolve()  # type: ignore[attr-defined]
        shown = [p for p in recent_stores() if p.resolve() != current and p.exists()]
        for path in shown:
            action = self.recent_menu.addAction(f"{path.stem}  ({path.parent})")
            action.triggered.connect(lambda _=False, p=path: self.switch_to(p))
        if not shown:
            self.recent_menu.addAction(
                QCoreApplication.translate("StoreMenu", "(none)")
            ).setEnabled(False)

    # ------------------------------------------------------------------ actions

    def new_store(self, path: Path | None = None) -> bool:
        """Ask where, make an empty store there, and open it (the wizard follows)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self.window,
                QCoreApplication.translate("StoreMenu", "New empty store"),
                str(Path.home() / "新店铺.db"),
                "*.db",
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            setup.create_empty_store(path)
        except (FileExistsError, OSError) as exc:
            QMessageBox.warning(
                self.window, QCoreApplication.translate("StoreMenu", "New empty store"), str(exc)
            )
            return False
        return self.switch_to(path)

    def open_store(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.window,
                QCoreApplication.translate("StoreMenu", "Open another store"),
                str(Path.home()),
                "*.db",
            )
            if not chosen:
                return False
            path = Path(chosen)
        return self.switch_to(path)

    def switch_to(self, path: Path) -> bool:
        """Start the app on ``path`` and close this window (its close backup first)."""
        program, args = start_command(Path(path))
        if not QProcess.startDetached(program, args):
            QMessageBox.warning(
                self.window,
                QCoreApplication.translate("StoreMenu", "Open another store"),
                QCoreApplication.translate("StoreMenu", "The app could not be started again."),
            )
            return False
        self.started.append((program, args))
        remember_store(Path(path))
        self.window.close()
        return True

    def run_wizard(self) -> bool:
        from ui.dialogs.setup_wizard import SetupWizard

        ctx = self.window.ctx  # type: ignore[attr-defined]
        wizard = SetupWizard(ctx, self.window)
        accepted = bool(wizard.exec())
        if (
            accepted
            and wizard.open_points_rules
            and any(
                s.key == "loyalty"
                for s in self.window.specs  # type: ignore[attr-defined]
            )
        ):
            self.window.show_page("loyalty")  # type: ignore[attr-defined]
        wizard.deleteLater()
        return accepted
