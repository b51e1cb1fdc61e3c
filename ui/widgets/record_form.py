"""The layout of a tab that lists a member's records and adds one more on a line below
it (the member card's Gifts and Alterations tabs): a note above, the read-only table,
the form row (label, field, label, field, …, the add button), a red inline error with
the tab's other buttons beside it.

``record_table`` sets up the table, ``date_field`` a date box, ``FormRow`` the labelled
fields in one row (``set_texts`` names them in the current language), ``inline_error``
/ ``show_error`` the error line, ``record_tab_layout`` stacks the parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def record_table(name: str, model: QAbstractItemModel, *, stretch: int) -> QTableView:
    """A read-only, single-row-selection table over ``model``; every column fits its
    contents but ``stretch``, which takes the rest of the width."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    head = table.horizontalHeader()
    for col in range(model.columnCount()):
        head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    head.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def date_field(name: str) -> QDateEdit:
    """A date box with the calendar pop-up, shown as ``yyyy-MM-dd``."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def inline_error(name: str) -> QLabel:
    """The red error line (hidden while empty; see :func:`show_error`)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FormRow(QHBoxLayout):
    """``fields`` as ``(widget, stretch)`` pairs, each after its own label (the label's
    buddy), then ``button``."""

    def __init__(self, fields: Sequence[tuple[QWidget, int]], button: QPushButton) -> None:
        super().__init__()
        self.labels: list[QLabel] = []
        for widget, stretch in fields:
            label = QLabel()
            label.setBuddy(widget)
            self.labels.append(label)
            self.addWidget(label)
            self.addWidget(widget, stretch)
        self.addWidget(button)

    def set_texts(self, texts: Sequence[str]) -> None:
        """The labels' words, in the order of the fields."""
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)


def record_tab_layout(
    owner: QWidget, note: QLabel, table: QTableView, form: QLayout, bottom: QLayout
) -> QVBoxLayout:
    """Stack the note, the table (taking the height), the form row and the bottom row."""
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.addWidget(note)
    layout.addWidget(table, 1)
    layout.addLayout(form)
    layout.addLayout(bottom)
    return layout
