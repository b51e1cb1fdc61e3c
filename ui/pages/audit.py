"""Audit log (审计日志, the owner's page): who did what and when, filtered by date
range, user, action and text, newest first, exported to Excel (the export is itself
logged). The log is append-only in the schema; this page only reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import audit, auth, labels
from app.core import Changes, PermissionDenied
from ui import i18n
from ui.context import AppContext

LIMIT = 5000  # rows shown; the export has them all
DEFAULT_DAYS = 30


def _lang() -> str:
    return i18n.current_language()


class AuditPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_audit")
        self.rows: list[dict[str, Any]] = []
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addDays(-DEFAULT_DAYS))
        self.since_edit.setObjectName("auditSince")
        self.until_edit = QDateEdit(today)
        self.until_edit.setObjectName("auditUntil")
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.refresh)
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("auditUser")
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("auditAction")
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("auditText")
        self.text_edit.returnPressed.connect(self.refresh)
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.refresh)
        self.export_button = QPushButton()
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(lambda: self.export())
        self.since_label, self.until_label = QLabel(), QLabel()
        self.user_label, self.action_label = QLabel(), QLabel()
        filters = QHBoxLayout()
        for w in (
            self.since_label,
            self.since_edit,
            self.until_label,
            self.until_edit,
            self.user_label,
            self.user_combo,
            self.action_label,
            self.action_combo,
            self.text_edit,
            self.search_button,
        ):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("auditTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.retranslate_ui()
        self._fill_combos()
        self.user_combo.currentIndexChanged.connect(self.refresh)
        self.action_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------ filters

    def _fill_combos(self) -> None:
        self._words_stale = False
        lang = _lang()
        user, action = self.user_combo.currentData(), self.action_combo.currentData()
        for combo in (self.user_combo, self.action_combo):
            combo.blockSignals(True)
            combo.clear()
        self.user_combo.addItem(self.tr("Everyone"), None)
        for u in auth.list_users(self.ctx.db):
            self.user_combo.addItem(u["display_name"], u["id"])
        self.action_combo.addItem(self.tr("All actions"), None)
        codes = set(audit.actions_in_use(self.ctx.db)) | set(labels.WORDS["audit_action"])
        for code in sorted(codes, key=lambda c: labels.word("audit_action", c, lang)):
            self.action_combo.addItem(labels.word("audit_action", code, lang), code)
        for combo, value in ((self.user_combo, user), (self.action_combo, action)):
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            combo.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        return {
            "since": self.since_edit.date().toString("yyyy-MM-dd"),
            "until": self.until_edit.date().toString("yyyy-MM-dd"),
            "user_id": self.user_combo.currentData(),
            "action": self.action_combo.currentData(),
            "text": self.text_edit.text().strip() or None,
        }

    def set_range(self, since: dt.date, until: dt.date) -> None:
        self.since_edit.setDate(QDate(since.year, since.month, since.day))
        self.until_edit.setDate(QDate(until.year, until.month, until.day))

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        lang = _lang()
        try:
            self.rows = audit.entries(
                self.ctx.db, actor=self.ctx.actor, limit=LIMIT, **self.filters()
            )
        except PermissionDenied:
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for r, e in enumerate(self.rows):
            for c, text in enumerate(
                (
                    str(e["at"]).replace("T", " "),
                    audit.actor_text(e, lang),
                    labels.word("audit_action", str(e["action"]), lang),
                    audit.entity_text(e, lang),
                    audit.summary_text(e, lang),
                )
            ):
                self.table.setItem(r, c, QTableWidgetItem(text))
        shown = f"{len(self.rows):,}"
        self.count_label.setText(
            self.tr("%1 entries (at most %2 shown; the export has all)")
            .replace("%1", shown)
            .replace("%2", f"{LIMIT:,}")
        )

    def export(self, out: Path | None = None) -> Path | None:
        if out is None:
            stamp = dt.date.today().strftime("%Y%m%d")
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the audit log"),
                str(Path(self.ctx.data_dir) / f"audit-{stamp}.xlsx"),
                "Excel (*.xlsx)",
            )
            if not name:
                return None
            out = Path(name)
        audit.export_xlsx(
            self.ctx.db, actor=self.ctx.actor, out=out, lang=_lang(), **self.filters()
        )
        self.ctx.notify(Changes.of({"audit_log"}))
        self.refresh()
        return out

    # ------------------------------------------------------------------ Qt

    def on_changes(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._words_stale:
            self._fill_combos()
        self.refresh()
        super().showEvent(event)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Audit log"))
        self.since_label.setText(self.tr("From"))
        self.until_label.setText(self.tr("to"))
        self.user_label.setText(self.tr("User"))
        self.action_label.setText(self.tr("Action"))
        self.text_edit.setPlaceholderText(self.tr("text in the summary"))
        self.search_button.setText(self.tr("Search"))
        self.export_button.setText(self.tr("Export to Excel…"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("User"),
                self.tr("Action"),
                self.tr("Entity"),
                self.tr("Summary"),
            ]
        )
        self._words_stale = True  # the combos' words: refilled when next shown

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "title"):
            self.retranslate_ui()
        super().changeEvent(event)


def create(ctx: AppContext) -> QWidget:
    return AuditPage(ctx)
