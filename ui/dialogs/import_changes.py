"""The import dialog's list of changes to members already in the archive: one line per
row of the file, each field as before → after with what will happen to it (filled,
overwritten, kept, identity change), and a check box on each row that renames a member
or changes their phone: only ticked rows are written (``apply_plan(accept_identity=…)``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.excel import mapping
from app.excel.importer import Plan
from ui import i18n

ROW_ROLE = Qt.ItemDataRole.UserRole
IDENTITY_COLOUR = "#B00020"
KEPT_COLOUR = "#777777"


def _field_name(kind: str, key: str) -> str:
    try:
        col = mapping.column(kind, key)
    except KeyError:
        return key
    return col.zh if i18n.current_language() == "zh" else col.en


def _shown(value: object) -> str:
    if value is None or value == "" or value == []:
        return "∅"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class ChangesTable(QTableWidget):
    """Rows of the plan that change (or would change) a member: accept, row, member,
    before → after per field."""

    COL_ACCEPT, COL_ROW, COL_MEMBER, COL_FIELDS = range(4)

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setObjectName("changesTable")
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        hh = self.horizontalHeader()
        for col in (self.COL_ACCEPT, self.COL_ROW, self.COL_MEMBER):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(self.COL_FIELDS, QHeaderView.ResizeMode.Stretch)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Accept"),
                self.tr("Row"),
                self.tr("Member"),
                self.tr("Before → after"),
            ]
        )

    def _kind_word(self, kind: str) -> str:
        return {
            "fill": self.tr("fills an empty field"),
            "overwrite": self.tr("overwrites"),
            "kept": self.tr("kept: tick “Overwrite filled fields” to replace"),
            "identity": self.tr("identity change: tick the row to apply"),
        }.get(kind, kind)

    def show_plan(self, plan: Plan) -> None:
        rows = [c for c in plan.preview if c.changes]
        self.setRowCount(len(rows))
        for r, change in enumerate(rows):
            accept = QTableWidgetItem()
            accept.setData(ROW_ROLE, change.row)
            if change.identity:
                accept.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                accept.setCheckState(Qt.CheckState.Unchecked)
                accept.setToolTip(self.tr("Apply this row's new name or phone"))
            else:
                accept.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(r, self.COL_ACCEPT, accept)
            self.setItem(r, self.COL_ROW, QTableWidgetItem(str(change.row)))
            self.setItem(r, self.COL_MEMBER, QTableWidgetItem(change.key))
            lines = [
                f"{_field_name(plan.kind, c.field)}: {_shown(c.before)} → {_shown(c.after)}"
                f"  ({self._kind_word(c.kind)})"
                for c in change.changes
            ]
            item = QTableWidgetItem("\n".join(lines))
            item.setToolTip("\n".join(lines))
            if change.identity:
                item.setForeground(QColor(IDENTITY_COLOUR))
            elif all(c.kind == "kept" for c in change.changes):
                item.setForeground(QColor(KEPT_COLOUR))
            self.setItem(r, self.COL_FIELDS, item)
        self.resizeRowsToContents()

    def accepted_rows(self) -> set[int]:
        """File rows whose identity change a person ticked."""
        out = set()
        for r in range(self.rowCount()):
            item = self.item(r, self.COL_ACCEPT)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.add(int(item.data(ROW_ROLE)))
        return out

    def set_accepted(self, row: int, accepted: bool = True) -> None:
        for r in range(self.rowCount()):
            item = self.item(r, self.COL_ACCEPT)
            if item is not None and item.data(ROW_ROLE) == row:
                state = Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked
                item.setCheckState(state)
