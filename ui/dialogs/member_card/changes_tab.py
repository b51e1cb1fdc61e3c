"""The card's Changes tab (顾客变动卡): every change to the member's archive, newest
first — when, which field, old → new, who, and through which action (app/change_cards.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import change_cards
from ui.dialogs.member_card.common import _lang, _t, _time
from ui.models.readonly_table import ReadOnlyTableModel

MUTED = QBrush(QColor("#7b8794"))
C_AT, C_FIELD, C_OLD, C_NEW, C_WHO, C_HOW = range(6)
HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Time"),
    QT_TRANSLATE_NOOP("MemberCard", "Field"),
    QT_TRANSLATE_NOOP("MemberCard", "Before"),
    QT_TRANSLATE_NOOP("MemberCard", "After"),
    QT_TRANSLATE_NOOP("MemberCard", "By"),
    QT_TRANSLATE_NOOP("MemberCard", "Through"),
)
NOTE_SOME = QT_TRANSLATE_NOOP(
    "MemberCard", "Every change to this archive: field, before → after, who and how."
)
NOTE_NONE = QT_TRANSLATE_NOOP("MemberCard", "No changes recorded yet.")


class ChangesModel(ReadOnlyTableModel):
    """Rows are :func:`app.change_cards.history_rows` dicts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(HEADERS), lambda s: _t(HEADERS[s]), parent)

    def format_row(self, record: Any) -> list[str]:
        return [
            _time(record["at"]),
            record["field_text"],
            record["old_text"],
            record["new_text"],
            record["actor_text"],
            record["action_text"],
        ]

    def sort_value(self, row: int, column: int) -> Any:
        return self.records[row]["id"] if column == C_AT else self.text(row, column)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and self.records[row]["redacted"]:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole and column in (C_OLD, C_NEW):
            return self.text(row, column) or None
        return None


class ChangesTab(QWidget):
    """The table of change cards and a line saying how many there are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesTab")
        self.model = ChangesModel(self)
        self.table = QTableView()
        self.table.setObjectName("changesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        for col, mode in (
            (C_AT, QHeaderView.ResizeMode.ResizeToContents),
            (C_FIELD, QHeaderView.ResizeMode.ResizeToContents),
            (C_OLD, QHeaderView.ResizeMode.Stretch),
            (C_NEW, QHeaderView.ResizeMode.Stretch),
            (C_WHO, QHeaderView.ResizeMode.ResizeToContents),
            (C_HOW, QHeaderView.ResizeMode.ResizeToContents),
        ):
            head.setSectionResizeMode(col, mode)
        self.note = QLabel()
        self.note.setObjectName("changesNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def fill(self, db: Any, member_id: int | None) -> None:
        """Show ``member_id``'s change cards (none for a new card). One indexed read of
        at most 1,000 rows: quick enough on the GUI thread, like the card's other tabs."""
        rows = [] if member_id is None else change_cards.history_rows(db, member_id, _lang())
        self.model.set_records(rows)
        self.retranslate_ui()

    def count(self) -> int:
        return len(self.model.records)

    def retranslate_ui(self) -> None:
        n = self.count()
        self.note.setText(_t(NOTE_SOME if n else NOTE_NONE))
        self.model.retranslate()
