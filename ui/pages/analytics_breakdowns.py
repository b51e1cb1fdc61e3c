"""The analytics page's breakdowns tab (分组, issue #19 item 7): members by age band,
occupation, income band or area, as a table (members, share, spend, average ticket,
gross margin, share of margin) or a bar chart — one at a time, switched by two buttons,
since a 1366×768 screen has no height for both under the page's header. Double-clicking
a row or clicking a bar asks the page to list that group's members (``group_chosen``),
in the same drill-down list as every other chart, with its export and call-list actions.

The groups (``app.analytics.breakdowns``) are read once per analysis on the task runner
(one pass over the members table) the first time the tab is shown; the chart is built
and drawn on the runner like the page's others (``ui/widgets/chart_view.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import charts, labels
from app.analytics import breakdowns
from app.margin_charts import breakdown_chart, group_name
from ui import i18n
from ui.models.readonly_table import ReadOnlyTableModel
from ui.widgets.chart_view import ChartView

ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _yuan(fen: int) -> str:
    return f"¥{round(fen / 100):,}"  # whole yuan: seven columns share the tab's width


def _w(key: str) -> str:
    return labels.word("margin_ui", key, i18n.current_language())


class BreakdownModel(ReadOnlyTableModel):
    """The groups of one dimension (``breakdowns.table`` dicts)."""

    COLUMNS = (
        "group",
        "members",
        "member_share",
        "spend",
        "avg_ticket",
        "margin",
        "margin_share",
    )
    KEYS = ("code", "members", "member_share", "spend_fen", "avg_ticket_fen", "margin_fen",
            "margin_share")  # fmt: skip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(self.COLUMNS), lambda c: _w(f"col_{self.COLUMNS[c]}"), parent)
        self.dim = "age_band"
        self.lang = "zh"

    def set_rows(self, dim: str, rows: list[dict[str, Any]], lang: str) -> None:
        self.dim, self.lang = dim, lang
        self.set_records([{**r, "order": i} for i, r in enumerate(rows)])

    def code(self, row: int) -> str:
        return str(self.records[row]["code"])

    def sort_value(self, row: int, column: int) -> Any:
        if column == 0:  # the table's own order (age bands, incomes, biggest first)
            return self.records[row]["order"]
        return self.records[row][self.KEYS[column]]

    def format_row(self, r: dict[str, Any]) -> tuple[str, ...]:
        avg = r["avg_ticket_fen"]
        return (
            group_name(self.dim, r["code"], self.lang),
            f"{r['members']:,}",
            f"{100 * r['member_share']:.1f}%",
            _yuan(r["spend_fen"]),
            "—" if avg is None else _yuan(avg),
            _yuan(r["margin_fen"]),
            f"{100 * r['margin_share']:.1f}%",
        )

    def cell_data(self, row: int, column: int, role: int) -> Any:
        return RIGHT if role == ALIGN and column >= 1 else None


class BreakdownPanel(QWidget):
    """The tab's widget; :meth:`show_for` fills it from an analysis."""

    group_chosen = Signal(str, str)  # dimension, group code
    ready = Signal()  # the analysis' groups have been read

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("breakdowns")
        self.seg: Any = None
        self.canvas: ChartView | None = None
        self.by_label = QLabel()
        self.dim_combo = QComboBox()
        self.dim_combo.setObjectName("breakdownDimension")
        for dim in breakdowns.DIMENSIONS:
            self.dim_combo.addItem("", dim)
        self.dim_combo.currentIndexChanged.connect(lambda _i: self._fill())
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.model = BreakdownModel(self)
        self.table = QTableView()
        self.table.setObjectName("breakdownTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.doubleClicked.connect(lambda index: self.choose_row(index.row()))
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.chart_holder)
        self.table_button = QToolButton()
        self.table_button.setObjectName("breakdownShowTable")
        self.chart_button = QToolButton()
        self.chart_button.setObjectName("breakdownShowChart")
        self.views = QButtonGroup(self)
        for i, button in enumerate((self.table_button, self.chart_button)):
            button.setCheckable(True)
            self.views.addButton(button, i)
        self.table_button.setChecked(True)
        self.views.idClicked.connect(self.stack.setCurrentIndex)

        top = QHBoxLayout()
        top.addWidget(self.by_label)
        top.addWidget(self.dim_combo)
        top.addSpacing(12)
        top.addWidget(self.table_button)
        top.addWidget(self.chart_button)
        top.addStretch(1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.retranslate_ui()

    @property
    def dim(self) -> str:
        return str(self.dim_combo.currentData())

    def show_chart(self, on: bool = True) -> None:
        """The chart (True) or the table (False)."""
        (self.chart_button if on else self.table_button).setChecked(True)
        self.stack.setCurrentIndex(1 if on else 0)

    def set_dimension(self, dim: str) -> None:
        self.dim_combo.setCurrentIndex(breakdowns.DIMENSIONS.index(dim))

    def show_for(self, seg: Any) -> None:
        """Show the groups of analysis ``seg`` (read on the runner the first time)."""
        if seg is None:
            return
        if seg is self.seg and seg.breakdown is not None:
            if self.canvas is None:
                self._fill()
            return
        self.seg = seg
        if seg.breakdown is not None:
            self._fill()
            return
        self.status.setText(_w("computing"))

        def work(db: Any, _progress: Any, _cancel: Any) -> Any:
            return breakdowns.ensure(db, seg)

        def done(_groups: Any) -> None:
            if seg is self.seg:
                self.status.clear()
                if self.isVisible():
                    self._fill()
                self.ready.emit()

        self.ctx.runner.run(
            work, name="breakdowns", key=("breakdowns", id(self)), owner=self, on_done=done
        )

    def reset(self) -> None:
        """Forget the chart (a new analysis or language); drawn again when shown."""
        if self.canvas is not None:
            self.canvas.setParent(None)
            self.canvas.deleteLater()
            self.canvas = None

    def _fill(self) -> None:
        seg = self.seg
        if seg is None or seg.breakdown is None:
            return
        lang, dim = i18n.current_language(), self.dim
        self.model.set_rows(dim, breakdowns.table(seg, dim), lang)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.reset()
        canvas = ChartView(
            self.ctx.runner, lambda: breakdown_chart(seg, dim, lang=lang), name="chart-breakdown"
        )
        canvas.setObjectName("canvas_breakdown")
        canvas.clicked.connect(self._clicked)
        self.chart_layout.addWidget(canvas)
        self.canvas = canvas

    def _clicked(self, ax: Any, x: float, y: float) -> None:
        fig = self.canvas.figure if self.canvas is not None else None
        hit = charts.hit_test(fig, ax, x, y) if fig is not None else None
        if hit is not None:
            self.group_chosen.emit(*hit)

    def choose_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.group_chosen.emit(self.model.dim, self.model.code(row))

    def retranslate_ui(self) -> None:
        self.by_label.setText(_w("by"))
        self.table_button.setText(_w("show_table"))
        self.chart_button.setText(_w("show_chart"))
        for i, dim in enumerate(breakdowns.DIMENSIONS):
            self.dim_combo.setItemText(i, _w(f"dim_{dim}"))
        self.model.retranslate()
        if self.seg is not None and self.seg.breakdown is not None and self.isVisible():
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "model"):
            self.retranslate_ui()
        super().changeEvent(event)
