"""What the feedback page's tabs share: the tables' set-up, cells, times and the
hours shown as "5.5 小时" / "2.5 天"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

from app.feedback import charts as feedback_charts
from ui import i18n

DORMANT_SHOWN = 500


OVERDUE_FG = QColor("#b42318")


OVERDUE_BG = QColor("#fdecea")


QUADRANT_FG = {k: QColor(v) for k, v in feedback_charts.QUADRANT_COLOURS.items()}


def _lang() -> str:
    return i18n.current_language()


def _item(text: str, sort: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if sort is not None:
        item.setData(int(Qt.ItemDataRole.UserRole), sort)
    return item


def _view(name: str, model: QAbstractItemModel) -> QTableView:
    """A read-only list backed by a model, set up as :func:`_table`'s tables are."""
    view = QTableView()
    view.setModel(model)
    _setup(view, name)
    return view


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    _setup(table, name)
    return table


def _setup(table: QTableView, name: str) -> None:
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # fitting columns looks at the first 200 rows, not every dormant member listed
    table.horizontalHeader().setResizeContentsPrecision(200)


def _when(at: str | None) -> str:
    return (at or "")[:16].replace("T", " ")


def _hours_text(hours: float | None) -> str:
    """ "5.5 小时" under two days, else "2.5 天"."""
    if hours is None:
        return ""
    if hours < 48:
        return QCoreApplication.translate("FeedbackPage", "%1 h").replace("%1", f"{hours:.1f}")
    return QCoreApplication.translate("FeedbackPage", "%1 days").replace("%1", f"{hours / 24:.1f}")
