"""The analytics page's drill-down table: the members of the segment clicked on a chart
(``app.analytics.member_rows`` tuples), formatted when shown and sorted on raw values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app import analytics as segments
from app import labels
from app.normalize import format_fen, mask_phone
from ui import i18n
from ui.models.readonly_table import ReadOnlyTableModel
from ui.pages.analytics_words import word

SORT = int(Qt.ItemDataRole.UserRole)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
C = segments.COLUMNS.index


class MemberListModel(ReadOnlyTableModel):
    """The members of one segment (``app.analytics.member_rows`` tuples). A row is
    formatted when the view first asks for it (a segment can hold tens of thousands of
    members); sorting is a Python sort of the rows on raw values (``raw``), so no proxy
    walks every row through ``data()`` (ui/models/readonly_table.py)."""

    COLUMNS = (
        "member_no",
        "name",
        "phone",
        "layer",
        "lifecycle",
        "rfm",
        "recency",
        "spend",
        "margin",
        "spend_12m",
        "p_alive",
        "expected",
        "clv",
    )
    # the member_rows column behind each shown column (rfm: the three scores)
    SOURCE = (
        C("member_no"),
        C("name"),
        C("phone"),
        C("layer"),
        C("lifecycle"),
        C("r_score"),
        C("recency_days"),
        C("spend_fen"),
        C("margin_fen"),
        C("spend_12m_fen"),
        C("p_alive"),
        C("expected_purchases"),
        C("clv_fen"),
    )

    sort_role = SORT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(self.COLUMNS), self._header_text, parent)
        self.lang = "zh"

    def _header_text(self, section: int) -> str:
        key = f"col_{self.COLUMNS[section]}"
        if key in labels.WORDS["analytics_ui"]:
            return word(key)
        return labels.word("margin_ui", key, i18n.current_language())

    @property
    def member_ids(self) -> list[int]:
        return [int(r[C("member_id")]) for r in self.records]

    def set_rows(self, rows: list[tuple[Any, ...]], lang: str) -> None:
        self.lang = lang
        self.set_records(list(rows))

    def raw(self, row: int, column: int) -> Any:
        r = self.records[row]
        if self.COLUMNS[column] == "rfm":
            return tuple(r[C(k)] or 0 for k in ("r_score", "f_score", "m_score"))
        return r[self.SOURCE[column]]

    def sort_value(self, row: int, column: int) -> Any:
        return self.raw(row, column)

    def format_row(self, r: tuple[Any, ...]) -> tuple[str, ...]:
        return tuple(self._text(r, column) for column in range(len(self.COLUMNS)))

    def _text(self, r: tuple[Any, ...], column: int) -> str:
        key = self.COLUMNS[column]
        v = r[self.SOURCE[column]]
        if key == "rfm":
            return "".join(str(r[C(k)] or "-") for k in ("r_score", "f_score", "m_score"))
        if v is None:
            return ""
        if key == "phone":
            return mask_phone(v)
        if key == "layer":
            return labels.word("pyramid_layer", v, self.lang)
        if key == "lifecycle":
            return labels.word("lifecycle", v, self.lang)
        if key in ("spend", "spend_12m", "clv", "margin"):
            return format_fen(v)
        if key == "recency":
            return f"{v:,}"
        if key == "p_alive":
            return f"{100 * v:.0f}%"
        if key == "expected":
            return f"{v:.1f}"
        return str(v)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        return RIGHT if role == ALIGN and column >= 6 else None
