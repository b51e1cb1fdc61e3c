"""One read-only table model for the tables that show a list the page already holds:
the card's contact log, the points ledger, a segment's members, the call list.

A row is any record (a tuple, a dict, a ``Task``); the user of the model names its
columns with constants (``COL_NAME = 1``) and says how a record becomes the row's
display texts (``format_row``), made the first time the view asks for that row and kept
until the records, their order or the language change (a segment can hold tens of
thousands of members: nothing is formatted for rows never painted).

``sort_role`` (``SORT_ROLE`` unless the subclass says otherwise) gives a cell's raw value
(``sort_value``, the display text by default), so sorting compares values, not display
text (Vorta's habit). ``sort()`` sorts the records themselves, missing values last in
either direction, so no proxy walks every row through ``data()``; a view may still put a
``QSortFilterProxyModel`` sorting by ``sort_role`` in between. Any other role comes from
``cell_data`` (colours, alignment, tool tips).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
SORT_ROLE = int(Qt.ItemDataRole.UserRole)


class ReadOnlyTableModel(QAbstractTableModel):
    """``columns`` columns headed by ``header(section)`` (called each time, so a language
    change shows at once); rows from :meth:`set_records`."""

    sort_role = SORT_ROLE

    def __init__(
        self, columns: int, header: Callable[[int], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = columns
        self._header = header
        self.records: list[Any] = []
        self._texts: dict[int, Sequence[str]] = {}

    # ------------------------------------------------------------------ what subclasses say

    def format_row(self, record: Any) -> Sequence[str]:
        """The display texts of ``record``, one per column (default: the record is them)."""
        return record  # type: ignore[no-any-return]

    def sort_value(self, row: int, column: int) -> Any:
        """The raw value a sort compares (default: the display text)."""
        return self.text(row, column)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        """Any role but display and sort (default: nothing)."""
        return None

    # ------------------------------------------------------------------ records

    def set_records(self, records: Iterable[Any]) -> None:
        self.beginResetModel()
        self.records = records if isinstance(records, list) else list(records)
        self._texts = {}
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        texts = self._texts.get(row)
        if texts is None:
            texts = self._texts[row] = self.format_row(self.records[row])
        return texts[column]

    def retranslate(self) -> None:
        """Format the rows again (the language changed) and repaint the header."""
        self._texts = {}
        if self.records:
            last = self.index(len(self.records) - 1, self._columns - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._columns - 1)

    # ------------------------------------------------------------------ QAbstractTableModel

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column, role = index.row(), index.column(), int(role)
        if role == DISPLAY:
            return self.text(row, column)
        if role == self.sort_role:
            return self.sort_value(row, column)
        return self.cell_data(row, column, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and int(role) == DISPLAY:
            return self._header(section)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        values = [self.sort_value(row, column) for row in range(len(self.records))]

        def key(row: int) -> tuple[bool, Any]:
            v = values[row]
            return (v is None) != descending, v if v is not None else 0  # missing: last

        self.layoutAboutToBeChanged.emit()
        ranked = sorted(range(len(self.records)), key=key, reverse=descending)
        self.records = [self.records[row] for row in ranked]
        self._texts = {}
        self.layoutChanged.emit()
