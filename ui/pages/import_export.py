"""Import / export (导入导出): Excel import with a dry run first (``ImportDialog``),
templates to fill in, styled exports (phones masked unless unticked), and the
head-office cycle — change set export, import of head office's file, and the list of
conflicting rows for a person to decide (keep local / take head office, per row).

Slow work (exports, the sync import) runs on a worker thread with its own connection
behind a progress dialog with Cancel; the rules are in ``app.excel``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import labels, permissions
from app.core import Changes
from app.excel import KINDS, FileRefused, sync
from app.excel.importer import ImportCancelled, PlanStale
from app.files import WriteFailed
from app.paths import backups_dir
from ui import i18n
from ui.context import AppContext
from ui.dialogs.import_dialog import ImportDialog, field_name, kind_name
from ui.tasks import unhandled
from ui.widgets.form_kit import set_style_flag

log = logging.getLogger(__name__)


class ImportExportPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_import_export")
        self.last_dialog: ImportDialog | None = None
        # What the last export wrote and whether the last sync import applied, set when
        # the job ends (it runs on the task runner).
        self.exported: Path | None = None
        self.imported = False

        self.title = QLabel()
        self.title.setObjectName("pageTitle")

        # import
        self.import_box = QGroupBox()
        self.import_kind = QComboBox()
        self.import_btn = QPushButton()
        self.import_btn.setObjectName("importButton")
        self.import_btn.clicked.connect(self.open_import)
        self.template_btn = QPushButton()
        self.template_btn.clicked.connect(lambda: self.save_template())
        self.import_hint = QLabel()
        self.import_hint.setWordWrap(True)
        self.import_hint.setObjectName("hint")
        ig = QGridLayout(self.import_box)
        ig.addWidget(self.import_kind, 0, 0)
        ig.addWidget(self.import_btn, 0, 1)
        ig.addWidget(self.template_btn, 0, 2)
        ig.addWidget(self.import_hint, 1, 0, 1, 3)

        # export
        self.export_box = QGroupBox()
        self.export_kind = QComboBox()
        self.mask_check = QCheckBox()
        self.mask_check.setChecked(True)
        self.export_btn = QPushButton()
        self.export_btn.clicked.connect(lambda: self.export())
        eg = QGridLayout(self.export_box)
        eg.addWidget(self.export_kind, 0, 0)
        eg.addWidget(self.mask_check, 0, 1)
        eg.addWidget(self.export_btn, 0, 2)
        # Export is the owner's (app/permissions.py); full phones need UNMASK too.
        may_export = permissions.allowed(ctx.actor, permissions.EXPORT)
        if not may_export:
            self.export_box.hide()
        if not permissions.allowed(ctx.actor, permissions.UNMASK):
            self.mask_check.hide()
        for combo in (self.import_kind, self.export_kind):
            for k in KINDS:
                combo.addItem("", k)

        # head office
        self.sync_box = QGroupBox()
        self.target_label = QLabel()
        self.target_edit = QLineEdit(sync.DEFAULT_TARGET)
        self.target_edit.setMaximumWidth(200)
        self.sync_export_btn = QPushButton()
        self.sync_export_btn.clicked.connect(lambda: self.sync_export())
        # the month's data cards are the manager's job too (phones masked unless the
        # owner's, app.excel.sync.sync_export)
        if not permissions.allowed(ctx.actor, permissions.SYNC_EXPORT):
            self.sync_export_btn.hide()
        self.sync_import_btn = QPushButton()
        self.sync_import_btn.clicked.connect(lambda: self.sync_import())
        self.sync_status = QLabel()
        self.sync_status.setWordWrap(True)
        self.conflict_label = QLabel()
        self.conflicts = QTableWidget(0, 4)
        self.conflicts.setObjectName("conflictTable")
        self.conflicts.verticalHeader().setVisible(False)
        self.conflicts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflicts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.conflicts.horizontalHeader()
        for i in range(3):
            hh.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.keep_btn = QPushButton()
        self.keep_btn.clicked.connect(lambda: self.decide("local"))
        self.take_btn = QPushButton()
        self.take_btn.clicked.connect(lambda: self.decide("remote"))
        sv = QVBoxLayout(self.sync_box)
        row = QHBoxLayout()
        row.addWidget(self.target_label)
        row.addWidget(self.target_edit)
        row.addWidget(self.sync_export_btn)
        row.addWidget(self.sync_import_btn)
        row.addStretch(1)
        sv.addLayout(row)
        sv.addWidget(self.sync_status)
        sv.addWidget(self.conflict_label)
        sv.addWidget(self.conflicts, 1)
        decide = QHBoxLayout()
        decide.addStretch(1)
        decide.addWidget(self.keep_btn)
        decide.addWidget(self.take_btn)
        sv.addLayout(decide)

        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        top = QHBoxLayout()
        top.addWidget(self.import_box, 1)
        top.addWidget(self.export_box, 1)
        layout.addLayout(top)
        layout.addWidget(self.sync_box, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()
        self.refresh_sync()

    # ------------------------------------------------------------ texts

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Import / export"))
        self.import_box.setTitle(self.tr("Import from Excel or CSV"))
        self.import_btn.setText(self.tr("Import…"))
        self.template_btn.setText(self.tr("Download template…"))
        self.import_hint.setText(
            self.tr(
                "Reads .xlsx, .xls and .csv (UTF-8 or GBK). Every file is checked first: "
                "you see what would be added, changed or rejected, and nothing is written "
                "until you press Apply. A backup is made before each import."
            )
        )
        self.export_box.setTitle(self.tr("Export to Excel"))
        self.mask_check.setText(self.tr("Mask phone numbers"))
        self.export_btn.setText(self.tr("Export…"))
        for combo in (self.import_kind, self.export_kind):
            for i, k in enumerate(KINDS):
                combo.setItemText(i, kind_name(k))
        self.sync_box.setTitle(self.tr("Head office"))
        self.target_label.setText(self.tr("Exchange with:"))
        self.sync_export_btn.setText(self.tr("Export change set…"))
        self.sync_import_btn.setText(self.tr("Import head office's file…"))
        self.keep_btn.setText(self.tr("Keep local"))
        self.take_btn.setText(self.tr("Take head office's"))
        self.conflicts.setHorizontalHeaderLabels(
            [
                self.tr("Member no"),
                self.tr("Name"),
                self.tr("Row in file"),
                self.tr("Changed on both sides (here → head office)"),
            ]
        )
        self.refresh_sync()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("members", "sync_batches", "sync_conflicts"):
            self.refresh_sync()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_style_flag(self.message, "outcome", True)  # green, or red when an error
        set_style_flag(self.message, "error", error)  # (resources/style.qss)

    def _export_failed(self, exc: BaseException) -> None:
        """An export or head-office file that was not written: why, in the user's words."""
        from app.excel.exporter import ExportCancelled

        if isinstance(exc, WriteFailed):  # a full disk, a missing folder, Excel has it
            self._say(exc.message(i18n.current_language()), True)
        elif isinstance(exc, ExportCancelled):
            self._say(self.tr("Cancelled: no file was written."))
        else:
            unhandled(exc)

    def _lang(self) -> str:
        return i18n.current_language()

    # ------------------------------------------------------------ import

    def open_import(self, path: Path | None = None) -> ImportDialog:
        dialog = ImportDialog(self.ctx, self, kind=str(self.import_kind.currentData()))
        self.last_dialog = dialog
        if path is not None:
            dialog.load_file(path)
        else:
            dialog.browse()
        dialog.exec()
        return dialog

    def save_template(self, out: Path | None = None) -> Path | None:
        from app.excel.templates import write_template

        kind = str(self.import_kind.currentData())
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the template"), f"{kind_name(kind)}-模板.xlsx", "Excel (*.xlsx)"
            )
            if not name:
                return None
            out = Path(name)
        path = write_template(kind, out, lang=self._lang())
        self._say(self.tr("Template saved: %1").replace("%1", str(path)))
        return path

    # ------------------------------------------------------------ export

    def export(self, out: Path | None = None) -> Path | None:
        """Start the export to ``out`` (asked when None); returns the file it will write,
        or None when no file was chosen. ``exported`` is set when it is written."""
        from app.excel.exporter import export

        kind = str(self.export_kind.currentData())
        if out is None:
            stamp = dt.date.today().strftime("%Y%m%d")
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export to"), f"{kind_name(kind)}-{stamp}.xlsx", "Excel (*.xlsx)"
            )
            if not name:
                return None
            out = Path(name)
        mask, lang = self.mask_check.isChecked(), self._lang()
        actor = self.ctx.actor

        def work(db, progress, cancel):
            return export(
                db,
                kind=kind,
                out=out,
                actor=actor,
                mask_phones=mask,
                lang=lang,
                on_progress=progress,
                should_cancel=cancel,
            )

        def done(res) -> None:  # type: ignore[no-untyped-def]
            self._say(
                self.tr("%1 rows exported to %2")
                .replace("%1", f"{res.rows:,}")
                .replace("%2", str(res.path))
            )
            self.exported = res.path

        self.exported = None
        self.ctx.runner.run(
            work,
            name="export",
            owner=self,
            progress=self.tr("Exporting…"),
            parent=self,
            on_done=done,
            on_error=self._export_failed,
        )
        return out

    # ------------------------------------------------------------ head office

    def target(self) -> str:
        return self.target_edit.text().strip() or sync.DEFAULT_TARGET

    def refresh_sync(self) -> None:
        try:
            batches = sync.last_batches(self.ctx.db, 50)
            conflicts = sync.open_conflicts(self.ctx.db)
        except Exception:  # an old database without the sync tables: nothing to show
            log.exception("sync state unavailable")
            return
        target = self.target()
        last = {
            d: next((b for b in batches if b["direction"] == d and b["target"] == target), None)
            for d in ("export", "import")
        }
        parts = []
        for d, word in (("export", self.tr("Last export")), ("import", self.tr("Last import"))):
            b = last[d]
            if b is None:
                parts.append(f"{word}: " + self.tr("never"))
            else:
                counts = json.loads(b["counts"] or "{}")
                n = counts.get("rows", sum(v for k, v in counts.items() if isinstance(v, int)))
                parts.append(f"{word}: {b['at'].replace('T', ' ')} ({b['file_name']}, {n})")
        self.sync_status.setText("    ".join(parts))
        self.conflict_label.setText(
            self.tr(
                "Rows changed both here and at head office since the last exchange: %1"
            ).replace("%1", str(len(conflicts)))
        )
        self.conflicts.setRowCount(len(conflicts))
        for r, c in enumerate(conflicts):
            desc = "；".join(
                f"{field_name('members', k)}：{v['local'] if v['local'] is not None else '—'} → "
                f"{v['remote'] if v['remote'] is not None else '—'}"
                for k, v in c["fields"].items()
            )
            for col, text in enumerate([c["member_no"], c["name"], str(c["row"] or ""), desc]):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                self.conflicts.setItem(r, col, item)
        has = bool(conflicts)
        self.keep_btn.setEnabled(has)
        self.take_btn.setEnabled(has)

    def sync_export(self, out: Path | None = None) -> Path | None:
        """Start the change set's export, as :meth:`export` does."""
        target = self.target()
        if out is None:
            stamp = dt.date.today().strftime("%Y%m%d")
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export change set to"), f"{target}-{stamp}.xlsx", "Excel (*.xlsx)"
            )
            if not name:
                return None
            out = Path(name)
        actor = self.ctx.actor

        def work(db, progress, cancel):
            return sync.sync_export(
                db,
                target=target,
                out=out,
                actor=actor,
                on_progress=progress,
                should_cancel=cancel,
            )

        def done(res) -> None:  # type: ignore[no-untyped-def]
            mode = self.tr("full list") if res.mode == "full" else self.tr("changes only")
            self._say(
                self.tr("%1 members (%2) exported to %3")
                .replace("%1", f"{res.rows:,}")
                .replace("%2", mode)
                .replace("%3", str(res.path))
            )
            self.exported = res.path
            self.refresh_sync()

        self.exported = None
        self.ctx.runner.run(
            work,
            name="sync-export",
            owner=self,
            progress=self.tr("Exporting…"),
            parent=self,
            changes=lambda _res: Changes.of({"sync_batches", "sync_base"}),
            on_done=done,
            on_error=self._export_failed,
        )
        return out

    def sync_import(self, path: Path | None = None, *, confirm: bool = True) -> bool:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Head office's file"), "", "Excel / CSV (*.xlsx *.xls *.csv)"
            )
            if not name:
                return False
            path = Path(name)
        actor, target = self.ctx.actor, self.target()
        lang = self._lang()

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, FileRefused):
                unhandled(exc)
                return
            self._say(exc.message(lang), error=True)

        self.imported = False
        self.ctx.runner.run(
            lambda db, _p, _c: sync.plan_sync(db, path, target=target),
            name="sync-check",
            owner=self,
            progress=self.tr("Checking head office's file…"),
            parent=self,
            on_done=lambda plan: self._sync_apply(plan, actor, lang, confirm),
            on_error=refused,
        )
        return True

    def _sync_apply(self, plan: Any, actor: Any, lang: str, confirm: bool) -> None:
        """After the check: ask (unless ``confirm`` is off), then apply on the runner."""
        c = plan.counts
        summary = ", ".join(
            f"{labels.word('excel', k, lang)} {c[k]:,}"
            for k in ("new", "updated", "unchanged", "conflict", "rejected")
        )
        if plan.previously_imported:
            summary += "\n" + self.tr(
                "This file was already imported on %1; it changes nothing."
            ).replace("%1", plan.previously_imported.replace("T", " "))
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Import head office's file"),
                summary + "\n\n" + self.tr("Apply? Conflicting rows are listed for you to decide."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._say(self.tr("Not imported.") + " " + summary)
                return
        backups = backups_dir(self.ctx.db_path)  # beside the database

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ImportCancelled):
                self._say(self.tr("Cancelled: nothing was imported."))
            elif isinstance(exc, PlanStale):
                self._say(self.tr("The data changed meanwhile: import the file again."), True)
            else:
                unhandled(exc)

        def done(_result: Any) -> None:
            self._say(self.tr("Imported.") + " " + summary)
            self.imported = True
            self.refresh_sync()

        self.ctx.runner.run(
            lambda db, progress, cancel: sync.apply_sync(
                db,
                plan=plan,
                actor=actor,
                backup_dir=backups,
                on_progress=progress,
                should_cancel=cancel,
            ),
            name="sync-import",
            owner=self,
            progress=self.tr("Importing…"),
            parent=self,
            changes=lambda result: result.changes,
            on_done=done,
            on_error=failed,
        )

    def decide(self, take: str, rows: list[int] | None = None) -> int:
        """Keep local (``"local"``) or take head office's (``"remote"``) for the selected
        conflict rows (or ``rows``). Returns how many were decided."""
        if rows is None:
            rows = sorted({i.row() for i in self.conflicts.selectedIndexes()})
        if not rows:
            self._say(self.tr("Select the rows to decide first."), True)
            return 0
        done = 0
        changes = Changes()
        for r in rows:
            item = self.conflicts.item(r, 0)
            if item is None:
                continue
            cid = int(item.data(Qt.ItemDataRole.UserRole))
            try:
                changes |= sync.resolve_conflict(
                    self.ctx.db, actor=self.ctx.actor, conflict_id=cid, take=take
                )
                done += 1
            except Exception as exc:
                log.exception("conflict %s", cid)
                self._say(str(exc), True)
        if done:
            self.ctx.notify(changes)
            self._say(self.tr("%1 rows decided.").replace("%1", str(done)))
        self.refresh_sync()
        return done


def create(ctx: AppContext) -> QWidget:
    return ImportExportPage(ctx)
