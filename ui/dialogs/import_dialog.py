"""The import dialog: pick a file and what it holds, check the column mapping (a person
can correct it; the correction is remembered for files with the same headers), see the
dry run — counts of new / updated / unchanged / rejected, every rejected row with
its reason in the UI language, and for members already in the archive each field as
before → after (:mod:`ui.dialogs.import_changes`) — export the rejected rows to fix
them, then Apply. Filled fields are kept unless "Overwrite filled fields" is ticked; a
row that renames a member or changes their phone is written only when its box is
ticked.

Reading, the dry run and Apply run on a worker thread with their own connection behind
a progress dialog with Cancel (the task runner, ``ui/tasks.py``); Apply is one
transaction after an automatic backup (``<data folder>/backups``), and Cancel leaves
nothing behind. All rules live in ``app.excel``; this dialog holds none.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import labels
from app.db import StorageFull
from app.excel import KINDS, FileRefused, columns, mapping
from app.excel.importer import (
    ImportCancelled,
    Plan,
    PlanStale,
    apply_plan,
    plan_import,
    read,
)
from app.excel.readers import Table, cell_text
from app.paths import backups_dir
from ui import i18n
from ui.context import AppContext
from ui.dialogs.import_changes import ChangesTable
from ui.tasks import unhandled
from ui.widgets.form_kit import set_style_flag

log = logging.getLogger(__name__)
FILE_FILTER = "Excel / CSV (*.xlsx *.xlsm *.xls *.ods *.csv *.txt)"
SHOWN_REJECTIONS = 5000


def kind_name(kind: str) -> str:
    return labels.word("excel", kind, i18n.current_language())


def field_name(kind: str, key: str) -> str:
    col = mapping.column(kind, key)
    return col.zh if i18n.current_language() == "zh" else col.en


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, kind: str = "members"):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importDialog")
        self.table: Table | None = None
        self.plan: Plan | None = None
        self.result_changes = None
        self.resize(980, 680)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.browse_btn = QPushButton()
        self.browse_btn.clicked.connect(self.browse)
        self.kind_combo = QComboBox()
        for k in KINDS:
            self.kind_combo.addItem("", k)
        self.kind_combo.setCurrentIndex(KINDS.index(kind))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.file_info = QLabel()
        self.file_info.setObjectName("fileInfo")

        top = QFormLayout()
        self.file_label, self.kind_label, self.sheet_label = QLabel(), QLabel(), QLabel()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_btn)
        top.addRow(self.file_label, row)
        kinds = QHBoxLayout()
        kinds.addWidget(self.kind_combo)
        kinds.addWidget(self.sheet_label)
        kinds.addWidget(self.sheet_combo, 1)
        top.addRow(self.kind_label, kinds)
        top.addRow("", self.file_info)

        # mapping
        self.map_box = QGroupBox()
        self.map_table = QTableWidget(0, 3)
        self.map_table.setObjectName("mappingTable")
        self.map_table.verticalHeader().setVisible(False)
        self.map_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.map_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.map_hint = QLabel()
        self.map_hint.setWordWrap(True)
        mv = QVBoxLayout(self.map_box)
        mv.addWidget(self.map_hint)
        mv.addWidget(self.map_table)

        # preview
        self.preview_box = QGroupBox()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.rej_table = QTableWidget(0, 4)
        self.rej_table.setObjectName("rejectedTable")
        self.rej_table.verticalHeader().setVisible(False)
        self.rej_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rej_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.rej_table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rej_table.setColumnWidth(2, 150)
        self.rej_table.setWordWrap(True)
        self.changes_table = ChangesTable()
        self.overwrite_box = QCheckBox()
        self.overwrite_box.setObjectName("overwriteBox")
        self.overwrite_box.toggled.connect(self._overwrite_toggled)
        self.preview_tabs = QTabWidget()
        self.preview_tabs.addTab(self.rej_table, "")
        self.preview_tabs.addTab(self.changes_table, "")
        head = QHBoxLayout()
        head.addWidget(self.counts_label, 1)
        head.addWidget(self.overwrite_box)
        pv = QVBoxLayout(self.preview_box)
        pv.addLayout(head)
        pv.addWidget(self.preview_tabs)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.map_box)
        split.addWidget(self.preview_box)
        split.setSizes([300, 360])

        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)
        self.check_btn = QPushButton()
        self.check_btn.setObjectName("dryRunButton")
        self.check_btn.clicked.connect(self.run_dry_run)
        self.export_rej_btn = QPushButton()
        self.export_rej_btn.clicked.connect(self.export_rejected)
        self.apply_btn = QPushButton()
        self.apply_btn.setObjectName("applyButton")
        self.apply_btn.setDefault(True)
        self.apply_btn.clicked.connect(self.apply)
        self.close_btn = QPushButton()
        self.close_btn.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_btn)
        buttons.addWidget(self.export_rej_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_btn)
        buttons.addWidget(self.close_btn)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._update_buttons()

    # ------------------------------------------------------------ texts

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import from Excel or CSV"))
        self.file_label.setText(self.tr("File:"))
        self.kind_label.setText(self.tr("Contains:"))
        self.sheet_label.setText(self.tr("Sheet:"))
        self.browse_btn.setText(self.tr("Choose file…"))
        for i, k in enumerate(KINDS):
            self.kind_combo.setItemText(i, kind_name(k))
        self.map_box.setTitle(self.tr("Columns"))
        self.map_hint.setText(
            self.tr(
                "Check what each column of the file holds; correct it where the guess is "
                "wrong. The choice is remembered for files with the same columns."
            )
        )
        self.map_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("First value"), self.tr("Imports as")]
        )
        self.preview_box.setTitle(self.tr("Dry run: nothing has been written yet"))
        self.rej_table.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Reason")]
        )
        self.overwrite_box.setText(self.tr("Overwrite filled fields"))
        self.overwrite_box.setToolTip(
            self.tr(
                "Off: a member's filled fields are kept and only empty ones are filled. "
                "On: the file's values replace them."
            )
        )
        self.changes_table.retranslate_ui()
        self._tab_titles()
        self.check_btn.setText(self.tr("Check again"))
        self.export_rej_btn.setText(self.tr("Export rejected rows…"))
        self.apply_btn.setText(self.tr("Apply"))
        self.close_btn.setText(self.tr("Close"))
        if self.table is not None:
            self._fill_mapping()
        if self.plan is not None:
            self._show_plan()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_style_flag(self.message, "outcome", True)  # green, or red when an error
        set_style_flag(self.message, "error", error)  # (resources/style.qss)

    def _tab_titles(self) -> None:
        plan = self.plan
        rejected = len({r.row for r in plan.rejections}) if plan else 0
        changed = self.changes_table.rowCount()
        self.preview_tabs.setTabText(
            0, self.tr("Rejected rows (%1)").replace("%1", f"{rejected:,}")
        )
        self.preview_tabs.setTabText(
            1, self.tr("Changes to members (%1)").replace("%1", f"{changed:,}")
        )

    def _overwrite_toggled(self) -> None:
        if self.table is not None and self.plan is not None:
            self.run_dry_run()

    def _update_buttons(self) -> None:
        self.overwrite_box.setVisible(self.kind == "members")
        self.check_btn.setEnabled(self.table is not None)
        self.apply_btn.setEnabled(self.plan is not None and self.plan.has_work)
        self.export_rej_btn.setEnabled(self.plan is not None and bool(self.plan.rejections))

    # ------------------------------------------------------------ file

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), "", FILE_FILTER
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path, *, sheet: str | None = None) -> bool:
        """Read the file (off the GUI thread) and run the dry run with the remembered
        or guessed mapping. False when the file is refused (the reason is shown)."""
        self.path_edit.setText(str(path))
        self.table = None
        self.plan = None
        self.rej_table.setRowCount(0)
        self.counts_label.clear()
        kind = self.kind

        def work(db, progress, cancel) -> Table:
            return read(db, path, kind=kind, sheet=sheet)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, FileRefused):
                unhandled(exc)
                return
            self._say(exc.message(i18n.current_language()), error=True)
            self._update_buttons()

        def done(table: Table) -> None:
            self.table = table
            self._fill_sheets()
            self._fill_mapping(initial=True)
            self.run_dry_run()

        self.ctx.runner.run(
            work,
            name="import-read",
            key=("import", id(self)),
            owner=self,
            progress=self.tr("Reading the file…"),
            parent=self,
            on_done=done,
            on_error=failed,
        )
        return True

    def _fill_sheets(self) -> None:
        assert self.table is not None
        self.sheet_combo.clear()
        for s in self.table.sheets:
            label = s.name if s.visible else self.tr("%1 (hidden)").replace("%1", s.name)
            self.sheet_combo.addItem(label, s.name)
        idx = self.sheet_combo.findData(self.table.sheet)
        self.sheet_combo.setCurrentIndex(max(idx, 0))
        self.sheet_combo.setEnabled(bool(self.table.sheets))
        enc = self.table.encoding
        info = (
            self.tr("Header in row %1; %2 data rows")
            .replace("%1", str(self.table.header_row))
            .replace("%2", f"{len(self.table.rows):,}")
        )
        if enc:
            info += self.tr("; text encoding %1").replace("%1", enc.upper())
        self.file_info.setText(info)

    def _sheet_chosen(self, index: int) -> None:
        name = self.sheet_combo.itemData(index)
        if self.table is not None and name and name != self.table.sheet:
            self.load_file(Path(self.path_edit.text()), sheet=name)

    def _kind_changed(self) -> None:
        if self.path_edit.text():
            self.load_file(Path(self.path_edit.text()))

    # ------------------------------------------------------------ mapping

    def _fill_mapping(self, initial: bool = False) -> None:
        assert self.table is not None
        kind = self.kind
        current = (
            mapping.remembered(self.ctx.db, kind, self.table.headers) if initial else self.mapping()
        )
        self.map_table.setRowCount(len(self.table.headers))
        first = self.table.rows[0] if self.table.rows else []
        for r, header in enumerate(self.table.headers):
            self.map_table.setItem(r, 0, QTableWidgetItem(header))
            sample = cell_text(first[r]) if r < len(first) else ""
            self.map_table.setItem(r, 1, QTableWidgetItem(sample))
            combo = QComboBox()
            combo.addItem(self.tr("(not imported)"), "")
            for col in columns.COLUMNS[kind]:
                combo.addItem(field_name(kind, col.key), col.key)
            combo.setCurrentIndex(max(combo.findData(current.get(r, "")), 0))
            combo.currentIndexChanged.connect(self._mapping_edited)
            self.map_table.setCellWidget(r, 2, combo)

    def mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for r in range(self.map_table.rowCount()):
            combo = self.map_table.cellWidget(r, 2)
            if isinstance(combo, QComboBox) and combo.currentData():
                out[r] = str(combo.currentData())
        return out

    def set_mapping(self, column: int, key: str) -> None:
        """Choose what file column ``column`` imports as (tests, keyboard users)."""
        combo = self.map_table.cellWidget(column, 2)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(key))

    def _mapping_edited(self) -> None:
        self.plan = None
        self.preview_box.setTitle(self.tr("The columns changed: press “Check again”"))
        self._update_buttons()

    # ------------------------------------------------------------ dry run

    def run_dry_run(self) -> bool:
        if self.table is None:
            return False
        table, kind, column_map = self.table, self.kind, self.mapping()
        path = Path(self.path_edit.text())
        overwrite = self.overwrite_box.isChecked()

        def work(db, progress, cancel) -> Plan:
            return plan_import(
                db,
                path,
                kind=kind,
                table=table,
                column_map=column_map,
                on_progress=progress,
                should_cancel=cancel,
                overwrite=overwrite,
            )

        def failed(exc: BaseException) -> None:
            self.plan = None
            if isinstance(exc, FileRefused):
                self._say(exc.message(i18n.current_language()), error=True)
            elif isinstance(exc, ImportCancelled):
                self._say(self.tr("Cancelled."))
            else:
                unhandled(exc)
            self._update_buttons()

        def done(plan: Plan) -> None:
            self.plan = plan
            self._show_plan()
            self._say("")

        self.ctx.runner.run(
            work,
            name="import-check",
            key=("import", id(self)),
            owner=self,
            progress=self.tr("Checking every row…"),
            parent=self,
            on_done=done,
            on_error=failed,
        )
        return True

    def _show_plan(self) -> None:
        plan = self.plan
        assert plan is not None
        lang = i18n.current_language()
        c = plan.counts
        colours = {
            "new": "#1B5E20",
            "updated": "#0D47A1",
            "unchanged": "#555555",
            "rejected": "#B00020",
        }
        parts = [
            f"<span style='color:{colours[k]}'><b>{labels.word('excel', k, lang)}</b> "
            f"{c.get(k, 0):,}</span>"
            for k in ("new", "updated", "unchanged", "rejected")
        ]
        text = " &nbsp;·&nbsp; ".join(parts)
        for note in plan.notes:
            text += f" &nbsp;·&nbsp; {labels.word('excel', note, lang)}"
        self.counts_label.setText(text)
        self.preview_box.setTitle(self.tr("Dry run: nothing has been written yet"))
        shown = plan.rejections[:SHOWN_REJECTIONS]
        self.rej_table.setRowCount(len(shown))
        for r, rej in enumerate(shown):
            value = "" if rej.value is None else cell_text(rej.value)
            items = [str(rej.row), rej.column, value, rej.reason(lang)]
            for col, text_ in enumerate(items):
                item = QTableWidgetItem(text_)
                if col == 3:
                    item.setForeground(QColor("#B00020"))
                    item.setToolTip(text_)
                self.rej_table.setItem(r, col, item)
        self.rej_table.resizeRowsToContents()
        self.changes_table.show_plan(plan)
        self._tab_titles()
        if not plan.rejections and self.changes_table.rowCount():
            self.preview_tabs.setCurrentWidget(self.changes_table)
        self._update_buttons()

    # ------------------------------------------------------------ actions

    def export_rejected(self, out: Path | None = None) -> Path | None:
        if self.plan is None or not self.plan.rejections:
            return None
        if out is None:
            default = Path(self.path_edit.text()).with_name(
                Path(self.path_edit.text()).stem + "-rejected.xlsx"
            )
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the rejected rows"), str(default), "Excel (*.xlsx)"
            )
            if not name:
                return None
            out = Path(name)
        from app.excel.exporter import export_rejections

        path = export_rejections(
            self.plan.path,
            self.plan.table,
            self.plan.rejections,
            out,
            lang=i18n.current_language(),
        )
        self._say(
            self.tr("Saved %1 rejected rows to %2: fix them there and import that file.")
            .replace("%1", str(self.plan.counts["rejected"]))
            .replace("%2", str(path))
        )
        return path

    def _say_disk_full(self) -> None:
        self._say(
            self.tr("The disk is full: nothing was imported. Free some disk space and try again."),
            True,
        )

    def apply(self) -> bool:
        plan = self.plan
        if plan is None or not plan.has_work:
            return False
        mapping.remember(
            self.ctx.db,
            actor=self.ctx.actor,
            kind=plan.kind,
            headers=plan.table.headers,
            mapping=plan.mapping,
        )
        actor = self.ctx.actor
        backups = backups_dir(self.ctx.db_path)  # beside the database
        accepted = self.changes_table.accepted_rows()

        def work(db, progress, cancel) -> Any:
            return apply_plan(
                db,
                plan=plan,
                actor=actor,
                backup_dir=backups,
                on_progress=progress,
                should_cancel=cancel,
                accept_identity=accepted,
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ImportCancelled):
                self._say(self.tr("Cancelled: nothing was imported."))
            elif isinstance(exc, PlanStale):
                self._say(self.tr("The data changed meanwhile: the file was checked again."), True)
                self.run_dry_run()
            elif isinstance(exc, StorageFull):  # app/db.py: "database or disk is full"
                log.warning("import refused: the disk is full")
                self._say_disk_full()
            elif isinstance(exc, Exception):  # the transaction was rolled back
                log.error("import failed", exc_info=exc)
                self._say(
                    self.tr("The import failed and nothing was written: %1").replace(
                        "%1", str(exc)
                    ),
                    True,
                )
            else:
                unhandled(exc)

        def done(result: Any) -> None:
            self.result_changes = result.changes
            self.ctx.notify(result.changes)
            c = plan.counts
            skipped = len(result.skipped_identity)
            text = (
                self.tr("Imported: %1 new, %2 updated. A backup was saved first: %3")
                .replace("%1", f"{c['new']:,}")
                .replace("%2", f"{c['updated'] - skipped:,}")
                .replace("%3", result.backup.name if result.backup else "-")
            )
            if skipped:
                text += " " + self.tr(
                    "%1 rows with a new name or phone were not ticked and were skipped."
                ).replace("%1", f"{skipped:,}")
            self._say(text)
            self.plan = None
            self.preview_box.setTitle(self.tr("Imported"))
            self._update_buttons()

        self.ctx.runner.run(
            work,
            name="import-apply",
            key=("import", id(self)),
            owner=self,
            progress=self.tr("Importing…"),
            parent=self,
            on_done=done,
            on_error=failed,
        )
        return True
