"""Backups while the app runs (the rules are in app/backup.py):

* :class:`BackupScheduler` — every ``CHECK_EVERY_MS`` it asks whether the newest
  routine backup is ``backup_interval_hours`` old; if so the task runner (a worker with
  its own connection) makes one (``app.backup.routine_backup``: quick check, copy, rotate);
* :func:`back_up_on_close` — the close's backup, after the window closed, in a small
  progress window; the store's lock is held until it is done, and a marker tells the
  next start to wait for it (``ui/single_instance.py``);
* :func:`warn_if_damaged` — ``PRAGMA quick_check`` at start and close; on a problem a
  dialog says so and offers the restore dialog.

No dialog here runs in ``--smoke`` or under tests unless a test asks for it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app import backup, settings
from app.db import integrity_check
from app.paths import backups_dir
from ui import single_instance
from ui.context import AppContext
from ui.tasks import Task

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 10 * 60 * 1000
FIRST_CHECK_MS = 60 * 1000


class BackupScheduler(QObject):
    """Routine backups at most every ``backup_interval_hours`` while the app runs."""

    finished = Signal(object)  # app.backup.BackupResult, or the exception

    KEY = "backup"

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.first = QTimer(self)  # owned, so it dies with the scheduler
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check)
        self.first.start(FIRST_CHECK_MS)

    def busy(self) -> bool:
        return self.ctx.runner.running(self.KEY)

    def check(self) -> bool:
        """Start a backup if one is due (and none is running); True if started."""
        if self.busy():
            return False
        hours = float(settings.get(self.ctx.db, "backup_interval_hours") or 0)
        folder = backups_dir(self.ctx.db_path)
        if hours <= 0 or not backup.routine_due(folder, hours=hours):
            return False

        def run(db, _progress, _cancel):  # type: ignore[no-untyped-def]
            try:
                result = backup.routine_backup(db, folder, reason="auto")
                if result.path is None:
                    log.warning("automatic backup skipped: quick_check says %s", result.check)
                else:
                    log.info(
                        "automatic backup %s (%d rotated away)", result.path, len(result.removed)
                    )
                return result
            except Exception as exc:  # logged; the next check tries again
                log.exception("automatic backup failed")
                return exc

        self.ctx.runner.run(
            run,
            name="backup",
            key=self.KEY,
            owner=self,
            on_done=self.finished.emit,
            on_error=self._failed,
        )
        return True

    def _failed(self, exc: BaseException) -> None:  # the connection did not open
        log.error("automatic backup failed: %s", exc)
        self.finished.emit(exc)

    def stop(self, timeout_s: float = 60.0) -> None:
        """Stop the timer and wait for a running backup (so the close's backup and the
        closing of the database do not race it)."""
        self.timer.stop()
        self.first.stop()
        self.ctx.runner.wait(timeout_s, key=self.KEY)


def back_up_on_close(ctx: AppContext, parent: QWidget | None = None) -> backup.BackupResult | None:
    """The backup when the app closes (setting ``backup_on_close``), after a quick check;
    a damaged file is not copied and the person is told."""
    try:
        if not settings.get(ctx.db, "backup_on_close"):
            return None
        window = _closing_window(parent)
        with single_instance.closing(ctx.db_path):  # the next start waits, not refuses
            result = backup.routine_backup(
                ctx.db,
                backups_dir(ctx.db_path),
                reason="close",
                on_progress=lambda done, total: _step(window, done, total),
            )
        window.close()
        window.deleteLater()
    except Exception:
        log.exception("backup on close failed")
        return None
    if result.copy_error is not None:
        log.warning("backup on close: no second copy: %s", result.copy_error.message("en"))
    if result.path is None:
        log.warning("backup on close skipped: quick_check says %s", result.check)
        show_damaged(ctx, result.check, parent, closing=True)
    else:
        log.info("backup on close %s (%d rotated away)", result.path, len(result.removed))
    return result


def _closing_window(parent: QWidget | None) -> QProgressDialog:
    """A small window while the close's backup runs (5–6 s on a 700 MB store): the app
    is visibly still at work, so nobody pulls the plug or starts it again meanwhile."""
    window = QProgressDialog(parent)
    window.setWindowTitle(QCoreApplication.translate("Backup", "VIP Keeper"))
    window.setLabelText(
        QCoreApplication.translate(
            "Backup", "Backing up the store before closing. This takes a few seconds…"
        )
    )
    window.setCancelButton(None)  # a half backup helps nobody; it removes itself anyway
    window.setRange(0, 0)
    window.setMinimumDuration(0)
    window.setAutoClose(False)
    window.setAutoReset(False)
    window.show()
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return window


def _step(window: QProgressDialog, done: int, total: int) -> None:
    """One step of the copy: move the bar and let the window repaint (user input is
    not processed, so nothing else can start while the backup runs)."""
    if window.maximum() != total:
        window.setRange(0, total)
    window.setValue(done)
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def quick_check(ctx: AppContext) -> str:
    """``PRAGMA quick_check`` of the open database: "ok" or SQLite's complaint."""
    try:
        return integrity_check(ctx.db, quick=True)
    except Exception as exc:  # a file too damaged to even check
        return str(exc)


def check_in_background(ctx: AppContext, parent: QWidget | None = None) -> Task[str]:
    """Start-up's ``quick_check`` through the task runner (its own connection: a big
    store takes seconds); a problem shows :func:`show_damaged` on the GUI thread."""

    def on_done(result: str) -> None:
        if result != "ok":
            log.error("quick_check of %s: %s", ctx.db_path, result)
            show_damaged(ctx, result, parent)

    def run(db, _progress, _cancel):  # type: ignore[no-untyped-def]
        try:
            return integrity_check(db, quick=True)
        except Exception as exc:
            return str(exc)

    return ctx.runner.run(
        run, name="quick-check", on_done=on_done, on_error=lambda exc: on_done(str(exc))
    )


def warn_if_damaged(ctx: AppContext, parent: QWidget | None = None) -> str:
    """``PRAGMA quick_check``; on a problem show the warning (offering a restore).
    Returns the check's result ("ok" when fine)."""
    result = quick_check(ctx)
    if result != "ok":
        log.error("quick_check of %s: %s", ctx.db_path, result)
        show_damaged(ctx, result, parent)
    return result


def show_damaged(
    ctx: AppContext, problem: str, parent: QWidget | None = None, *, closing: bool = False
) -> None:
    """The warning for a database that failed its check; "Restore a backup…" opens the
    restore dialog (not when closing: the next start offers it again)."""
    box = QMessageBox(parent)
    box.setObjectName("damagedDatabaseBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Backups", "The database needs attention"))
    text = QCoreApplication.translate(
        "Backups",
        "SQLite's check of the database file found a problem. Your latest changes may be "
        "affected. Restoring a recent backup is the safe way out; the current file is "
        "backed up first.",
    )
    if closing:
        text = QCoreApplication.translate(
            "Backups",
            "SQLite's check of the database file found a problem, so no backup was made on "
            "closing (the older backups are kept). Restore a backup at the next start.",
        )
    box.setText(text)
    box.setDetailedText(problem)
    restore_button = None
    if not closing:
        restore_button = box.addButton(
            QCoreApplication.translate("Backups", "Restore a backup…"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    box.addButton(
        QCoreApplication.translate("Backups", "Continue"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    if restore_button is not None and box.clickedButton() is restore_button:
        from ui.dialogs.restore_dialog import RestoreDialog

        RestoreDialog(ctx, parent).exec()


def offer_restore_on_open_failure(db_path: Path, reason: str) -> bool | None:
    """The database cannot be opened (damaged): when there are backups, offer the
    restore dialog before giving up. True when a backup was restored (open again),
    False when the person declined, None when there is no backup to offer.

    Nobody can sign in to a file that does not open, so this runs as the system user:
    whoever sits at the PC already has the files themselves."""
    if not backup.list_backups(backups_dir(db_path), counts=False):
        return None
    box = QMessageBox()
    box.setObjectName("openFailedBox")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Backups", "Cannot open the store"))
    box.setText(
        QCoreApplication.translate(
            "Backups",
            "The database file could not be opened; it may be damaged. You can restore a "
            "backup (the damaged file is kept in the backup folder).",
        )
    )
    box.setDetailedText(reason)
    restore_button = box.addButton(
        QCoreApplication.translate("Backups", "Restore a backup…"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QCoreApplication.translate("Backups", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    from ui.dialogs.restore_dialog import RestoreDialog

    ctx = AppContext(db=None, db_path=Path(db_path), data_dir=Path(db_path).parent)  # type: ignore[arg-type]
    dialog = RestoreDialog(ctx)
    dialog.exec()
    return dialog.result_info is not None
