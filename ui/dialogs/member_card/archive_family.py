"""The Archive tab's family table (家庭成员与纪念日): adding and removing rows, the leap
box enabled only for lunar dates, and the rows as ``app.members`` family data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from app import labels
from ui.dialogs.member_card.common import _lang
from ui.dialogs.member_card.fields import (
    FAM_CALENDAR,
    FAM_DATE,
    FAM_LEAP,
    FAM_NAME,
    FAM_NOTE,
    FAM_RELATION,
)


class FamilyTable:
    """The family table's rows (a mixin of :class:`MemberCardDialog` through
    ``ArchiveTab``)."""

    def add_family_row(self, data: dict[str, Any] | None = None) -> int:
        data = data or {}
        lang = _lang()
        table = self.family_table
        row = table.rowCount()
        was_loading = self._loading
        self._loading = True
        table.blockSignals(True)
        table.insertRow(row)
        relation = QComboBox()
        for code in labels.choices("relation"):
            relation.addItem(labels.word("relation", code, lang), code)
        self._set_combo(relation, data.get("relation") or "spouse")
        relation.currentIndexChanged.connect(self._changed)
        table.setCellWidget(row, FAM_RELATION, relation)
        table.setItem(row, FAM_NAME, QTableWidgetItem(data.get("name") or ""))
        table.setItem(row, FAM_DATE, QTableWidgetItem(data.get("date") or ""))
        calendar = QComboBox()
        for code in labels.choices("calendar"):
            calendar.addItem(labels.word("calendar", code, lang), code)
        self._set_combo(calendar, data.get("calendar") or "solar")
        table.setCellWidget(row, FAM_CALENDAR, calendar)
        leap = QTableWidgetItem()
        leap.setCheckState(Qt.CheckState.Checked if data.get("leap") else Qt.CheckState.Unchecked)
        table.setItem(row, FAM_LEAP, leap)
        table.setItem(row, FAM_NOTE, QTableWidgetItem(data.get("note") or ""))
        calendar.currentIndexChanged.connect(lambda _i, c=calendar: self._family_calendar(c))
        self._family_calendar(calendar)
        table.blockSignals(False)
        self._loading = was_loading
        if not was_loading:
            self._changed()
            table.setCurrentCell(row, FAM_NAME)
        return row

    def _family_calendar(self, combo: QComboBox) -> None:
        table = self.family_table
        for row in range(table.rowCount()):
            if table.cellWidget(row, FAM_CALENDAR) is combo:
                leap = table.item(row, FAM_LEAP)
                if leap is None:
                    return
                lunar = combo.currentData() == "lunar"
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                table.blockSignals(True)
                leap.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if lunar else flags)
                if not lunar:
                    leap.setCheckState(Qt.CheckState.Unchecked)
                table.blockSignals(False)
                self._changed()
                return

    def remove_family_row(self) -> None:
        row = self.family_table.currentRow()
        if row >= 0:
            self.family_table.removeRow(row)
            self._changed()

    def _family_item_changed(self, _item: QTableWidgetItem) -> None:
        self._changed()

    def _collect_family(self) -> tuple[list[dict[str, Any]], list[int]]:
        table = self.family_table
        rows: list[dict[str, Any]] = []
        where: list[int] = []
        for row in range(table.rowCount()):
            relation = table.cellWidget(row, FAM_RELATION)
            calendar = table.cellWidget(row, FAM_CALENDAR)
            name = (table.item(row, FAM_NAME).text() if table.item(row, FAM_NAME) else "").strip()
            date = (table.item(row, FAM_DATE).text() if table.item(row, FAM_DATE) else "").strip()
            note = (table.item(row, FAM_NOTE).text() if table.item(row, FAM_NOTE) else "").strip()
            if not (name or date or note):
                continue  # an empty line left over: not a family member
            leap_item = table.item(row, FAM_LEAP)
            rows.append(
                {
                    "relation": relation.currentData() if isinstance(relation, QComboBox) else None,
                    "name": name,
                    "date": date or None,
                    "calendar": calendar.currentData()
                    if isinstance(calendar, QComboBox)
                    else "solar",
                    "leap": bool(leap_item and leap_item.checkState() == Qt.CheckState.Checked),
                    "note": note,
                }
            )
            where.append(row)
        return rows, where
