"""The generic read-only table model: texts made once per row, sorting on raw values with
missing values last, other roles from the subclass."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui.models.readonly_table import SORT_ROLE, ReadOnlyTableModel

COL_NAME, COL_SPEND = range(2)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


class SpendModel(ReadOnlyTableModel):
    def __init__(self) -> None:
        super().__init__(2, lambda section: ("Name", "Spend")[section])
        self.formatted: list[str] = []

    def format_row(self, record: tuple[str, int | None]) -> tuple[str, str]:
        self.formatted.append(record[0])
        name, fen = record
        return name, "" if fen is None else f"¥{fen / 100:,.2f}"

    def sort_value(self, row: int, column: int) -> Any:
        return self.records[row][column]

    def cell_data(self, row: int, column: int, role: int) -> Any:
        return f"tip {row}" if role == TOOLTIP else None


def test_rows_are_formatted_when_first_shown_and_only_once(qapp):
    model = SpendModel()
    model.set_records([("李", 900), ("张", 10000)])
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.formatted == []
    assert model.index(1, COL_SPEND).data() == "¥100.00"
    assert model.index(1, COL_NAME).data() == "张"
    assert model.formatted == ["张"]
    assert model.headerData(COL_SPEND, Qt.Orientation.Horizontal) == "Spend"
    assert model.index(0, 0).data(TOOLTIP) == "tip 0"


def test_sorting_compares_raw_values_and_puts_missing_ones_last_both_ways(qapp):
    model = SpendModel()
    model.set_records([("李", 900), ("王", None), ("张", 10000)])
    assert model.index(0, COL_SPEND).data(SORT_ROLE) == 900
    model.sort(COL_SPEND, Qt.SortOrder.AscendingOrder)  # ¥9.00 < ¥100.00, not as text
    assert [model.text(r, COL_NAME) for r in range(3)] == ["李", "张", "王"]
    model.sort(COL_SPEND, Qt.SortOrder.DescendingOrder)
    assert [model.text(r, COL_NAME) for r in range(3)] == ["张", "李", "王"]
