"""The card's Alterations tab (修改/送衣): the member's free hemming, alteration,
delivery and re-fitting orders — kind, due date, status, the sale it belongs to and a
note — and the counter's three actions: a new order, ready, collected
(app/service/alterations.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app import labels
from app.core import NotFound, ValidationError
from app.service import alterations as alt
from ui.dialogs.member_card.common import _date, _lang
from ui.models.readonly_table import ReadOnlyTableModel
from ui.widgets.record_form import (
    FormRow,
    date_field,
    inline_error,
    record_tab_layout,
    record_table,
    show_error,
)

C_KIND, C_DUE, C_STATUS, C_TICKET, C_NOTE = range(5)
MUTED = QBrush(QColor("#7b8794"))
READY = QBrush(QColor("#1d7a3a"))


class AlterationsModel(ReadOnlyTableModel):
    """Rows are :func:`app.service.alterations.member_alterations` dicts."""

    def __init__(self, owner: AlterationsTab) -> None:
        super().__init__(5, owner.header_text, owner)

    def format_row(self, record: Any) -> list[str]:
        lang = _lang()
        return [
            labels.word("alteration_kind", record["kind"], lang),
            _date(record["due_on"]),
            labels.word("alteration_status", record["status"], lang),
            record["ticket_no"] or "",
            record["note"] or "",
        ]

    def cell_data(self, row: int, column: int, role: int) -> Any:
        status = self.records[row]["status"]
        if role == Qt.ItemDataRole.ForegroundRole:
            if status == "collected":
                return MUTED
            if status == "ready" and column == C_STATUS:
                return READY
        return None


class AlterationsTab(QWidget):
    """The member's orders; ``card`` is the member card (``ctx``, ``member_id``,
    ``today``, ``_notify``, ``tabs``)."""

    def __init__(self, card: Any) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("alterationsTab")
        self.model = AlterationsModel(self)
        self.table = record_table("alterationsTable", self.model, stretch=C_NOTE)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)

        self.kind = QComboBox()
        self.kind.setObjectName("alterationKind")
        self.due = date_field("alterationDue")
        self.note = QLineEdit()
        self.note.setObjectName("alterationNote")
        self.note.setMaxLength(alt.NOTE_MAX)
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_order)
        self.ready_button = QPushButton()
        self.ready_button.setAutoDefault(False)
        self.ready_button.clicked.connect(lambda: self.move_selected("ready"))
        self.collected_button = QPushButton()
        self.collected_button.setAutoDefault(False)
        self.collected_button.clicked.connect(lambda: self.move_selected("collected"))
        self.error = inline_error("alterationError")

        self.form = FormRow([(self.kind, 0), (self.due, 0), (self.note, 1)], self.add_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.ready_button)
        bottom.addWidget(self.collected_button)
        record_tab_layout(self, self.note_label, self.table, self.form, bottom)
        self.retranslate_ui()

    def header_text(self, section: int) -> str:
        return (
            self.tr("Service"),
            self.tr("Due"),
            self.tr("Status"),
            self.tr("Ticket"),
            self.tr("Note"),
        )[section]

    def fill(self) -> None:
        mid = self.card.member_id
        gone = getattr(self.card, "_gone", False)
        rows = [] if mid is None or gone else alt.member_alterations(self.card.ctx.db, mid)
        self.model.set_records(rows)
        self.add_button.setEnabled(mid is not None and not gone)
        open_rows = any(r["status"] != "collected" for r in rows)
        self.ready_button.setEnabled(open_rows)
        self.collected_button.setEnabled(open_rows)
        if not self.note.text():
            t = (self.card.today or dt.date.today()) + dt.timedelta(days=3)
            self.due.setDate(QDate(t.year, t.month, t.day))
        self.retranslate_ui()

    def count_open(self) -> int:
        return sum(1 for r in self.model.records if r["status"] != "collected")

    def _show_error(self, text: str) -> None:
        show_error(self.error, text)

    def _refused(self, exc: ValidationError) -> None:
        self._show_error(
            self.tr("Not recorded: %1").replace(
                "%1", "; ".join(e.message(_lang()) for e in exc.errors)
            )
        )

    def add_order(self) -> bool:
        mid = self.card.member_id
        if mid is None:
            return False
        try:
            changes = alt.create_alteration(
                self.card.ctx.db,
                actor=self.card.ctx.actor,
                member_id=mid,
                kind=self.kind.currentData(),
                due_on=self.due.date().toString("yyyy-MM-dd"),
                note=self.note.text(),
            )
        except ValidationError as exc:
            self._refused(exc)
            return False
        self._show_error("")
        self.note.clear()
        self.fill()
        self.card._notify(changes)
        return True

    def move_selected(self, to: str) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._show_error(self.tr("Select the order first."))
            return False
        record = self.model.records[rows[0].row()]
        action = alt.mark_ready if to == "ready" else alt.mark_collected
        try:
            changes = action(
                self.card.ctx.db, alteration_id=record["id"], actor=self.card.ctx.actor
            )
        except ValidationError as exc:
            self._refused(exc)
            return False
        except NotFound:
            self.fill()
            return False
        self._show_error("")
        self.fill()
        self.card._notify(changes)
        return True

    def retranslate_ui(self) -> None:
        lang = _lang()
        current = self.kind.currentData()
        self.kind.clear()
        for code in alt.KINDS:
            self.kind.addItem(labels.word("alteration_kind", code, lang), code)
        if current is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.form.set_texts((self.tr("Service"), self.tr("Due"), self.tr("Note")))
        self.note.setPlaceholderText(self.tr("e.g. shorten trousers by 3 cm"))
        self.add_button.setText(self.tr("New order"))
        self.ready_button.setText(self.tr("Ready: call the member"))
        self.collected_button.setText(self.tr("Collected"))
        n = self.count_open()
        self.note_label.setText(
            self.tr("%1 orders not collected yet.").replace("%1", str(n))
            if n
            else self.tr("No open alteration or delivery orders.")
        )
        self.model.retranslate()
        tabs = getattr(self.card, "tabs", None)
        if tabs is not None and tabs.indexOf(self) >= 0:
            tabs.setTabText(tabs.indexOf(self), self.tr("Alterations (%1)").replace("%1", str(n)))
