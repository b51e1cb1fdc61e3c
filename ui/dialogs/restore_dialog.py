"""Restore a backup (恢复备份): ``RestoreDialog(ctx, parent=None)``.

Lists the backups in ``backups/`` beside the database (``app.paths.backups_dir``),
newest first, with their date, reason, size and the members and purchases each holds
(read from the backup file itself, read-only, on a thread: they fill in as they come).
"Restore…" asks once, then ``app.backup.restore`` backs the current database up and
copies the chosen one in, on a worker thread; the outcome shows in the dialog and every
page refreshes through ``ctx.notify``. ``exec()`` returns Accepted after a restore.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import backup, labels
from app.core import PermissionDenied
from app.db import DatabaseError
from app.paths import backups_dir
from ui import i18n
from ui.context import AppContext
from ui.tasks import unhandled
from ui.widgets.form_kit import set_style_flag

log = logging.getLogger(__name__)

COL_DATE, COL_REASON, COL_SIZE, COL_MEMBERS, COL_PURCHASES, COL_CHECK = range(6)
PATH_ROLE = int(Qt.ItemDataRole.UserRole)


def reason_text(reason: str) -> str:
    """A backup's reason code in words (the UI language)."""
    if reason == "auto":
        return QCoreApplication.translate("RestoreDialog", "Automatic")
    if reason == "close":
        return QCoreApplication.translate("RestoreDialog", "When the app closed")
    if reason == "manual":
        return QCoreApplication.translate("RestoreDialog", "Backed up by hand")
    if reason == backup.PRE_RESTORE_REASON:
        return QCoreApplication.translate("RestoreDialog", "Before a restore")
    if reason.startswith("import-"):
        kind = reason[len("import-") :]
        return QCoreApplication.translate("RestoreDialog", "Before an import (%1)").replace(
            "%1", labels.word("excel", kind, i18n.current_language())
        )
    if reason.startswith("sync-import"):
        return QCoreApplication.translate("RestoreDialog", "Before a head-office import")
    return reason


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask yes/no (module level, so tests can replace it)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class RestoreDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = backups_dir(ctx.db_path)
        self.result_info: backup.RestoreResult | None = None
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore a backup"))
        self.resize(760, 460)

        self.intro = QLabel(
            self.tr(
                "Choose the backup to bring back. The current data is backed up first, "
                "so a restore can itself be undone."
            )
        )
        self.intro.setWordWrap(True)
        self.folder_label = QLabel(self.tr("Folder: %1").replace("%1", str(self.folder)))
        self.folder_label.setObjectName("hint")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Reason"),
                self.tr("Size"),
                self.tr("Members"),
                self.tr("Purchases"),
                self.tr("Check"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        self.message = QLabel()
        self.message.setObjectName("restoreMessage")
        self.message.setWordWrap(True)

        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.clicked.connect(self._open_folder)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self._generation = 0
        self.reload()

    # ------------------------------------------------------------------ content

    def reload(self) -> None:
        """List the files at once; their counts are read on a thread (a big store's
        backups take a moment each) and fill in as they come."""
        self._generation += 1
        self.backups = backup.list_backups(self.folder, counts=False)
        self._counted: set[int] = set()
        locale = QLocale()
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = [
                info.at.strftime("%Y-%m-%d %H:%M"),
                reason_text(info.reason),
                locale.formattedDataSize(info.size),
                "…",
                "…",
                "…",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(info.path))
                item.setToolTip(info.path.name)
                if col in (COL_SIZE, COL_MEMBERS, COL_PURCHASES):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        if not self.backups:
            self._say(self.tr("There are no backups yet."))
        self._update_buttons()
        self._count(self._generation, [b.path for b in self.backups], 0)

    def _count(self, generation: int, paths: list[Path], row: int) -> None:
        """Read the backups' counts one after another through the task runner (no
        connection to the store: each backup file is read on its own)."""
        if row >= len(paths) or generation != self._generation:
            return
        path = paths[row]

        def done(info: object) -> None:
            self._show_counts(generation, row, info)
            self._count(generation, paths, row + 1)

        self.ctx.runner.run(
            lambda _db, _p, _c: backup.inspect(path) if path.exists() else None,
            name="backup-counts",
            owner=self,
            with_db=False,
            on_done=done,
        )

    def _show_counts(self, generation: int, row: int, info: object) -> None:
        if generation != self._generation or row >= len(self.backups):
            return  # from an earlier listing
        if not isinstance(info, backup.BackupInfo):  # deleted meanwhile
            info = replace(self.backups[row], error="gone")
        self.backups[row] = info
        self._counted.add(row)
        readable = info.error is None
        locale = QLocale()
        for col, value in ((COL_MEMBERS, info.members), (COL_PURCHASES, info.purchases)):
            item = self.table.item(row, col)
            item.setText(locale.toString(value) if readable and value is not None else "—")
        check = self.table.item(row, COL_CHECK)
        check.setText(self.check_text(info) if readable else "—")
        if info.check_result not in (None, "ok"):
            check.setToolTip(str(info.check_result))
        if not readable:
            for col in range(self.table.columnCount()):
                item = self.table.item(row, col)
                item.setToolTip(str(info.error))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_buttons()

    def check_text(self, info: backup.BackupInfo) -> str:
        """Which check the store passed before this copy was made (app/backup.py)."""
        if info.check_kind is None:
            return self.tr("Not recorded")
        if info.check_result != "ok":
            return self.tr("Problem found")
        if info.check_kind == "integrity":
            return self.tr("Full check passed")
        return self.tr("Quick check passed")

    def counts_loaded(self) -> bool:
        return len(self._counted) == len(self.backups)

    def selected(self) -> backup.BackupInfo | None:
        """The chosen backup once its counts are read (and it could be read)."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        info = self.backups[row]
        return info if row in self._counted and info.error is None else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_style_flag(self.message, "error", error)  # red: resources/style.qss

    # ------------------------------------------------------------------ actions

    def restore_selected(self, *, ask: bool = True) -> bool:
        """Restore the selected backup (after asking, unless ``ask`` is False) through the
        task runner. True when the restore started; the outcome shows when it ends
        (``result_info`` is set after a restore)."""
        info = self.selected()
        if info is None:
            return False
        when = info.at.strftime("%Y-%m-%d %H:%M")
        if ask and not confirm(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "Replace all current data with the backup of %1 (%2 members, %3 purchases)? "
                "The current data is backed up first."
            )
            .replace("%1", when)
            .replace("%2", QLocale().toString(info.members))
            .replace("%3", QLocale().toString(info.purchases)),
        ):
            return False
        db_path, actor, folder = Path(self.ctx.db_path), self.ctx.actor, self.folder

        def work(db, progress, cancel):  # type: ignore[no-untyped-def]
            if db is None:  # too damaged to open: replace the file itself
                return backup.restore_file(
                    db_path, backup=info.path, actor=actor, backup_dir=folder
                )
            return backup.restore(
                db, backup=info.path, actor=actor, backup_dir=folder, db_path=db_path
            )

        def failed(exc: BaseException) -> None:
            if not isinstance(
                exc, backup.BackupRefused | DatabaseError | PermissionDenied | OSError
            ):
                unhandled(exc)
                return
            log.warning("restore of %s refused or failed: %s", info.path, exc)
            self._say(self.tr("Not restored: %1").replace("%1", str(exc)), True)

        def done(result: backup.RestoreResult) -> None:
            log.info("restored %s (safety backup %s)", info.path, result.safety_backup)
            self.result_info = result
            self.ctx.notify(result.changes)
            self.reload()
            self._say(
                self.tr("Restored the backup of %1. The data from before is in %2.")
                .replace("%1", when)
                .replace("%2", result.safety_backup.name)
            )
            self.setResult(int(QDialog.DialogCode.Accepted))

        self.ctx.runner.run(
            work,
            name="restore",
            owner=self,
            progress=self.tr("Restoring…"),
            parent=self,
            migrate=True,
            db_optional=True,
            on_done=done,
            on_error=failed,
        )
        return True

    def _open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
