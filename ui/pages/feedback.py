"""Feedback (反馈): satisfaction surveys with the importance × satisfaction chart,
complaints, and churn / win-back — three tabs over a chosen period (default: the last
12 months).

* **Satisfaction**: the quadrant chart (``app.feedback_charts.quadrant_chart``) and the
  monthly trend, the factor table (means, quadrant) and the period's surveys; New
  survey…, Survey factors… (the owner's list).
* **Complaints**: counts by status and category, the median time to resolve and the
  overdue count; the list (open ones first) with overdue rows in red — overdue means
  open or in progress longer than the ``feedback_complaint_overdue_days`` setting (3);
  New complaint…, double-click (or Open…) to update status, resolution, compensation.
* **Churn & win-back**: dormant members with their last purchase (most valuable first;
  put the selected ones on today's call list as win-back calls through
  ``app.analytics.add_campaign_tasks``, or mark one lost with a reason), the win-back
  rate and the lost reasons by month.

Everything comes from ``app.feedback`` (no SQL and no rules here), read on a worker
thread with its own connection, as the call list does: on the 100k-member store the
dormant list and the win-back rate take ~0.5 s of the ~0.7 s, which the window would
otherwise spend frozen. A result that arrives after a newer request started is dropped.
An in-memory store (or ``threaded=False``) reads on the GUI thread. The GUI thread never
imports matplotlib: ``ui/warmup.py`` does on the task runner, and each chart is built and
drawn there when its tab is first shown, then painted as an image
(``ui/widgets/chart_view.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import analytics as segments
from app import feedback, feedback_charts, labels, permissions
from app.core import Changes, PermissionDenied, ValidationError
from app.normalize import format_fen, mask_phone
from ui import i18n, warmup
from ui.context import AppContext
from ui.models.readonly_table import ReadOnlyTableModel
from ui.pages.praise_tab import PraiseListTab
from ui.widgets.chart_view import ChartView

log = logging.getLogger(__name__)

WATCHED = (
    "surveys",
    "survey_scores",
    "complaints",
    "members",
    "contacts",
    "purchases",
    "member_stats",
    "settings",
    "campaign_tasks",
)
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


class DormantModel(ReadOnlyTableModel):
    """The dormant members (thousands on a big store): a row is formatted when the view
    first paints it, instead of ~25,000 table items made on the GUI thread at every
    refresh (0.3 s and more on the 100k store)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.headers: list[str] = [""] * 7  # set by the page in its language
        super().__init__(7, lambda section: self.headers[section], parent)

    def format_row(self, m: dict[str, Any]) -> tuple[str, ...]:
        return (
            m["member_no"],
            m["name"],
            mask_phone(m["phone"]),
            _when(m["last_purchase_at"])[:10],
            str(m["days_since"]),
            format_fen(m["total_paid_fen"]),
            _when(m["last_winback_at"])[:10] or "—",
        )

    def sort_value(self, row: int, column: int) -> Any:
        return self.records[row]["id"] if column == 0 else self.text(row, column)


class LostModel(ReadOnlyTableModel):
    """The members marked lost in the period (thousands in a year on a big store)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.headers: list[str] = [""] * 5  # set by the page in its language
        super().__init__(5, lambda section: self.headers[section], parent)

    def format_row(self, m: dict[str, Any]) -> tuple[str, ...]:
        return (
            m["member_no"],
            m["name"],
            _when(m["status_changed_at"])[:10],
            labels.word("lost_reason", m["lost_reason"], _lang()),
            m["lost_note"] or "",
        )


def _hours_text(hours: float | None) -> str:
    """ "5.5 小时" under two days, else "2.5 天"."""
    if hours is None:
        return ""
    if hours < 48:
        return QCoreApplication.translate("FeedbackPage", "%1 h").replace("%1", f"{hours:.1f}")
    return QCoreApplication.translate("FeedbackPage", "%1 days").replace("%1", f"{hours / 24:.1f}")


def read_period(db: Any, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    """Everything the page shows for a period (runs on the worker thread)."""
    return {
        "quad": feedback.importance_satisfaction(db, start, end),
        "trend": feedback.satisfaction_trend(db, start, end),
        "surveys": feedback.list_surveys(db, start, end, limit=200),
        "stats": feedback.complaint_stats(db, start, end, today=today),
        "complaints_open": feedback.list_complaints(
            db, today=today, statuses=feedback.OPEN_STATUSES
        ),
        "complaints_period": feedback.list_complaints(db, today=today, start=start, end=end),
        # the most valuable first; a big store has tens of thousands
        "dormant": feedback.dormant_members(db, today=today, limit=DORMANT_SHOWN),
        "dormant_total": feedback.dormant_count(db, today=today),
        "lost": feedback.lost_reasons(db, start, end),
        "lost_list": feedback.lost_members(db, start, end),
        "winback": feedback.winback_rate(db, start, end, today=today),
    }


class FeedbackPage(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
        threaded: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        self.threaded = threaded
        self.setObjectName("page_feedback")
        self.stale = True
        self.loading = False  # a read is on its way
        self.quad: dict[str, Any] | None = None
        self.trend: dict[str, Any] | None = None
        self.stats: dict[str, Any] | None = None
        self.complaints: list[dict[str, Any]] = []
        self.dormant: list[dict[str, Any]] = []
        self.dormant_total = 0
        self.lost_list: list[dict[str, Any]] = []
        self.lost: dict[str, Any] | None = None
        self.winback: dict[str, Any] | None = None
        self.surveys: list[dict[str, Any]] = []
        self.canvases: dict[str, ChartView] = {}

        # -- header
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.from_label = QLabel()
        self.to_label = QLabel()
        day = self.today()
        start = day - dt.timedelta(days=364)
        self.from_edit = self._date_edit("periodFrom", start)
        self.to_edit = self._date_edit("periodTo", day)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshFeedback")
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.from_label)
        header.addWidget(self.from_edit)
        header.addWidget(self.to_label)
        header.addWidget(self.to_edit)
        header.addWidget(self.refresh_button)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("feedbackTabs")
        self.tabs.addTab(self._build_surveys(), "")
        self.tabs.addTab(self._build_complaints(), "")
        self.tabs.addTab(self._build_churn(), "")
        self.praise_tab = PraiseListTab(ctx, self.tabs)  # 表扬与建议 (issue #19, its own module)
        self.tabs.currentChanged.connect(self._draw_shown_charts)
        self.chart_tabs.currentChanged.connect(self._draw_shown_charts)

        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()

    # ------------------------------------------------------------------ building

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.dateChanged.connect(lambda _d: self._period_changed())
        return edit

    def _chart_holder(self, key: str) -> QWidget:
        holder = QWidget()
        holder.setObjectName(f"chart_{key}")
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        self.chart_holders[key] = holder
        return holder

    def _build_surveys(self) -> QWidget:
        self.chart_holders: dict[str, QWidget] = {}
        self.chart_tabs = QTabWidget()
        self.chart_tabs.setObjectName("surveyCharts")
        self.chart_tabs.addTab(self._chart_holder("quadrant"), "")
        self.chart_tabs.addTab(self._chart_holder("trend"), "")
        self.survey_summary = QLabel()
        self.survey_summary.setObjectName("surveySummary")
        self.survey_summary.setWordWrap(True)
        self.factor_table = _table("factorTable")
        self.factor_table.setColumnCount(5)
        self.survey_table = _table("surveyTable")
        self.survey_table.setColumnCount(4)
        self.new_survey_button = QPushButton()
        self.new_survey_button.setObjectName("newSurvey")
        self.new_survey_button.clicked.connect(self.new_survey)
        self.factors_button = QPushButton()
        self.factors_button.setObjectName("editFactors")
        self.factors_button.clicked.connect(self.edit_factors)
        # the factor list is a rule: the owner's (app.permissions)
        self.factors_button.setVisible(permissions.allowed(self.ctx.actor, permissions.RULES))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_survey_button)
        buttons.addWidget(self.factors_button)
        buttons.addStretch(1)
        self.surveys_heading = QLabel()
        self.surveys_heading.setObjectName("sectionTitle")
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(8, 0, 0, 0)
        col.addWidget(self.survey_summary)
        col.addWidget(self.factor_table, 2)
        col.addLayout(buttons)
        col.addWidget(self.surveys_heading)
        col.addWidget(self.survey_table, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.chart_tabs)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _build_complaints(self) -> QWidget:
        self.complaint_summary = QLabel()
        self.complaint_summary.setObjectName("complaintSummary")
        self.complaint_summary.setWordWrap(True)
        self.complaint_filter = QComboBox()
        self.complaint_filter.setObjectName("complaintFilter")
        self.complaint_filter.addItem("", "open")
        self.complaint_filter.addItem("", "period")
        self.complaint_filter.currentIndexChanged.connect(lambda _i: self._fill_complaints())
        self.new_complaint_button = QPushButton()
        self.new_complaint_button.setObjectName("newComplaint")
        self.new_complaint_button.clicked.connect(lambda: self.open_complaint(None))
        self.edit_complaint_button = QPushButton()
        self.edit_complaint_button.setObjectName("editComplaint")
        self.edit_complaint_button.clicked.connect(self._edit_selected_complaint)
        self.complaint_table = _table("complaintTable")
        self.complaint_table.setColumnCount(8)
        self.complaint_table.horizontalHeader().setStretchLastSection(False)
        self.complaint_table.doubleClicked.connect(lambda _i: self._edit_selected_complaint())
        self.overdue_hint = QLabel()
        self.overdue_hint.setObjectName("hint")
        self.overdue_hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.complaint_filter)
        top.addStretch(1)
        top.addWidget(self.edit_complaint_button)
        top.addWidget(self.new_complaint_button)
        page = QWidget()
        col = QVBoxLayout(page)
        col.addWidget(self.complaint_summary)
        col.addLayout(top)
        col.addWidget(self.complaint_table, 1)
        col.addWidget(self.overdue_hint)
        return page

    def _build_churn(self) -> QWidget:
        self.winback_label = QLabel()
        self.winback_label.setObjectName("winbackRate")
        self.winback_label.setWordWrap(True)
        self.dormant_heading = QLabel()
        self.dormant_heading.setObjectName("sectionTitle")
        self.dormant_model = DormantModel(self)
        self.dormant_table = _view("dormantTable", self.dormant_model)
        self.dormant_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.winback_button = QPushButton()
        self.winback_button.setObjectName("addWinbackTasks")
        self.winback_button.clicked.connect(self.add_winback_tasks)
        self.lost_button = QPushButton()
        self.lost_button.setObjectName("markLost")
        self.lost_button.clicked.connect(self._mark_selected_lost)
        buttons = QHBoxLayout()
        buttons.addWidget(self.winback_button)
        buttons.addWidget(self.lost_button)
        buttons.addStretch(1)
        dormant = QWidget()
        dcol = QVBoxLayout(dormant)
        dcol.setContentsMargins(0, 4, 0, 0)
        dcol.addWidget(self.dormant_heading)
        dcol.addWidget(self.dormant_table, 1)
        dcol.addLayout(buttons)
        # members marked lost in the period, with their reason; one can come back
        self.lost_model = LostModel(self)
        self.lost_table = _view("lostTable", self.lost_model)
        self.reactivate_button = QPushButton()
        self.reactivate_button.setObjectName("reactivate")
        self.reactivate_button.clicked.connect(self._reactivate_selected)
        lost = QWidget()
        lcol = QVBoxLayout(lost)
        lcol.setContentsMargins(0, 4, 0, 0)
        lcol.addWidget(self.lost_table, 1)
        back = QHBoxLayout()
        back.addWidget(self.reactivate_button)
        back.addStretch(1)
        lcol.addLayout(back)
        self.churn_lists = QTabWidget()
        self.churn_lists.setObjectName("churnLists")
        self.churn_lists.addTab(dormant, "")
        self.churn_lists.addTab(lost, "")
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 8, 0)
        col.addWidget(self.winback_label)
        col.addWidget(self.churn_lists, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self._chart_holder("lost"))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([700, 560])
        splitter.setChildrenCollapsible(False)
        return splitter

    # ------------------------------------------------------------------ data

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def period(self) -> tuple[dt.date, dt.date]:
        a, b = self.from_edit.date(), self.to_edit.date()
        return dt.date(a.year(), a.month(), a.day()), dt.date(b.year(), b.month(), b.day())

    def set_period(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.refresh()

    def _period_changed(self) -> None:
        self.stale = True
        if self.isVisible():
            QTimer.singleShot(0, self.refresh)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            QTimer.singleShot(0, self.refresh)

    def on_changes(self, changes: Changes) -> None:
        self.praise_tab.on_changes(changes)
        if changes.touches(*WATCHED):
            self.stale = True
            if self.isVisible():
                QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Read everything for the period (on a worker thread) and show it."""
        today = self.today()
        start, end = self.period()
        if start > end:
            self.message.setText(self.tr("The period starts after it ends."))
            return
        self.stale = False
        self.loading = True

        def work(conn: Any, _progress: Any, _cancel: Any) -> tuple[Any, Any]:
            # on the worker thread: touches neither the page nor widgets
            try:
                return read_period(conn, start, end, today), None
            except Exception as exc:  # shown on the page, logged with its traceback
                log.exception("feedback page read failed")
                return None, exc

        # A newer read (another period) makes an older one's result stale: dropped.
        self.ctx.runner.run(
            work,
            name="feedback-read",
            key=("feedback-read", id(self)),
            owner=self,
            on_done=self._on_read,
            threaded=self.threaded,
        )

    def _on_read(self, result: tuple[Any, Any]) -> None:
        data, error = result
        self.loading = False
        if error is not None:
            self.message.setText(
                self.tr("The figures could not be read: %1").replace("%1", str(error))
            )
            return
        assert isinstance(data, dict)
        self._show_read(data)

    def _show_read(self, data: dict[str, Any]) -> None:
        self.quad = data["quad"]
        self.trend = data["trend"]
        self.surveys = data["surveys"]
        self.stats = data["stats"]
        self._complaints_open = data["complaints_open"]
        self._complaints_period = data["complaints_period"]
        self.dormant = data["dormant"]
        self.dormant_total = data["dormant_total"]
        self.lost = data["lost"]
        self.lost_list = data["lost_list"]
        self.winback = data["winback"]
        self._fill()

    # ------------------------------------------------------------------ showing

    def _fill(self) -> None:
        if self.quad is None:
            return
        self._fill_surveys()
        self._fill_complaints()
        self._fill_churn()
        self._redraw()

    # which tab (and chart tab) shows each chart
    _CHART_PLACES: ClassVar[dict[str, tuple[int, int | None]]] = {
        "quadrant": (0, 0),
        "trend": (0, 1),
        "lost": (2, None),
    }

    def _redraw(self) -> None:
        """New figures for new figures' data: built when their tab is shown (a chart's
        layout pass costs ~0.1 s; three on every refresh stalled the page)."""
        if self.quad is None or self.trend is None or self.lost is None:
            return
        self._stale_charts = set(self._CHART_PLACES)
        self._draw_shown_charts()

    @property
    def figures(self) -> dict[str, Any]:
        """The drawn charts' figures, by key."""
        return {k: c.figure for k, c in self.canvases.items() if c.figure is not None}

    def _draw_shown_charts(self, *_args: object) -> None:
        if not warmup.ready():
            # matplotlib is still being imported on the runner (ui/warmup.py): not here
            warmup.when_ready(
                self.ctx.runner, self._draw_shown_charts, owner=self, threaded=self.threaded
            )
            return
        stale = getattr(self, "_stale_charts", set())
        shown = {
            key
            for key, (tab, chart_tab) in self._CHART_PLACES.items()
            if key in stale
            and self.tabs.currentIndex() == tab
            and (chart_tab is None or self.chart_tabs.currentIndex() == chart_tab)
        }
        if not shown:
            return
        lang, quad, trend, lost = _lang(), self.quad, self.trend, self.lost
        # built and drawn on the task runner, shown as an image (ui/widgets/chart_view.py)
        build = {
            "quadrant": lambda: feedback_charts.quadrant_chart(quad, lang=lang),
            "trend": lambda: feedback_charts.trend_chart(trend, lang=lang),
            "lost": lambda: feedback_charts.lost_chart(lost, lang=lang),
        }
        for key in sorted(shown):
            stale.discard(key)
            old = self.canvases.pop(key, None)
            if old is not None:
                old.setParent(None)
                old.deleteLater()
            canvas = ChartView(
                self.ctx.runner, build[key], name=f"chart-{key}", threaded=self.threaded
            )
            canvas.setObjectName(f"canvas_{key}")
            self.chart_holders[key].layout().addWidget(canvas)
            self.canvases[key] = canvas

    def _fill_surveys(self) -> None:
        assert self.quad is not None
        lang = _lang()
        q = self.quad
        if q["axes"]["importance"] is None:
            self.survey_summary.setText(self.tr("No surveys in this period yet."))
        else:
            overall = q["overall_mean"]
            self.survey_summary.setText(
                self.tr(
                    "%1 surveys. Mean importance %2, mean satisfaction %3 (the chart's axes); "
                    "overall satisfaction %4."
                )
                .replace("%1", f"{q['surveys']:,}")
                .replace("%2", f"{q['axes']['importance']:.2f}")
                .replace("%3", f"{q['axes']['satisfaction']:.2f}")
                .replace("%4", "—" if overall is None else f"{overall:.2f}")
            )
        t = self.factor_table
        t.setRowCount(len(q["factors"]))
        for row, f in enumerate(q["factors"]):
            quadrant = _item(labels.word("quadrant", f["quadrant"], lang))
            quadrant.setForeground(QBrush(QUADRANT_FG[f["quadrant"]]))
            cells = (
                _item(labels.word("survey_factor", f["factor"], lang)),
                _item(f"{f['importance']:.2f}"),
                _item(f"{f['satisfaction']:.2f}"),
                _item(str(f["n"])),
                quadrant,
            )
            for col, item in enumerate(cells):
                t.setItem(row, col, item)
        t.resizeColumnsToContents()
        s = self.survey_table
        s.setRowCount(len(self.surveys))
        for row, sv in enumerate(self.surveys):
            scores = "  ".join(
                f"{labels.word('survey_factor', k, lang)} {v[0]}/{v[1]}"
                for k, v in sv["scores"].items()
            )
            cells = (
                _item(_when(sv["at"])),
                _item(sv["name"] or "—"),
                _item("—" if sv["overall"] is None else str(sv["overall"])),
                _item(" · ".join(p for p in (sv["comment"] or "", scores) if p)),
            )
            for col, item in enumerate(cells):
                s.setItem(row, col, item)
        s.resizeColumnsToContents()

    def _fill_complaints(self) -> None:
        if self.stats is None:
            return
        lang = _lang()
        st = self.stats
        by_status = "，".join(
            f"{labels.word('complaint_status', k, lang)} {v}" for k, v in st["by_status"].items()
        )
        by_cat = "，".join(
            f"{labels.word('complaint_category', k, lang)} {v}"
            for k, v in st["by_category"].items()
        )
        med = st["median_resolution_hours"]
        self.complaint_summary.setText(
            self.tr("%1 complaints in the period (%2; %3). Median time to resolve: %4. ")
            .replace("%1", f"{st['total']:,}")
            .replace("%2", by_status)
            .replace("%3", by_cat)
            .replace("%4", "—" if med is None else _hours_text(med))
            + self.tr("Overdue now: %1.").replace("%1", str(st["overdue_now"]))
        )
        self.overdue_hint.setText(
            self.tr(
                "Red rows are overdue: still open or in progress more than %1 days after "
                "they were received (the number of days is a setting)."
            ).replace("%1", str(st["overdue_days"]))
        )
        rows = (
            self._complaints_open
            if self.complaint_filter.currentData() == "open"
            else self._complaints_period
        )
        self.complaints = rows
        t = self.complaint_table
        t.setRowCount(len(rows))
        for row, c in enumerate(rows):
            if c["status"] in feedback.OPEN_STATUSES:
                age = self.tr("open %1 days").replace("%1", str(c["age_days"]))
            else:
                age = _hours_text(c["resolution_hours"])
            who = f"{c['name']}（{c['member_no']}）" if c["name"] else "—"
            cells = (
                _item(_when(c["at"]), c["id"]),
                _item(who),
                _item(labels.word("complaint_category", c["category"], lang)),
                _item(c["description"] or ""),
                _item(c["owner_name"] or "—"),
                _item(labels.word("complaint_status", c["status"], lang)),
                _item(age),
                _item(format_fen(c["compensation_fen"]) if c["compensation_fen"] else ""),
            )
            for col, item in enumerate(cells):
                if c["overdue"]:
                    item.setForeground(QBrush(OVERDUE_FG))
                    item.setBackground(QBrush(OVERDUE_BG))
                    item.setToolTip(self.tr("Overdue"))
                t.setItem(row, col, item)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _fill_churn(self) -> None:
        if self.winback is None:
            return
        w = self.winback
        rate = "—" if w["rate"] is None else f"{100 * w['rate']:.1f}%"
        self.winback_label.setText(
            self.tr(
                "Win-back rate %1: %2 of %3 dormant members reached by a win-back call in "
                "the period bought within %4 days (%5 still within the %4 days)."
            )
            .replace("%1", rate)
            .replace("%2", str(w["won"]))
            .replace("%3", str(w["called"] - w["pending"]))
            .replace("%4", str(w["window_days"]))
            .replace("%5", str(w["pending"]))
        )
        self.dormant_heading.setText(
            self.tr("Dormant members (no purchase for %1 days): %2")
            .replace("%1", str(w["dormant_days"]))
            .replace("%2", f"{self.dormant_total:,}")
        )
        if self.dormant_total > len(self.dormant):
            self.dormant_heading.setText(
                self.dormant_heading.text()
                + self.tr(" (the %1 with the highest spend are listed)").replace(
                    "%1", f"{len(self.dormant):,}"
                )
            )
        self.dormant_model.set_records(self.dormant)
        self.dormant_table.resizeColumnsToContents()
        self.lost_model.set_records(self.lost_list)
        self.lost_table.resizeColumnsToContents()

    # ------------------------------------------------------------------ actions

    def _run(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == int(QDialog.DialogCode.Accepted)
        finally:
            dialog.deleteLater()

    def new_survey(self) -> bool:
        from ui.dialogs.feedback_dialogs import SurveyDialog

        return self._run(SurveyDialog(self.ctx, parent=self))

    def edit_factors(self) -> bool:
        from ui.dialogs.feedback_dialogs import FactorsDialog

        return self._run(FactorsDialog(self.ctx, parent=self))

    def open_complaint(self, complaint_id: int | None) -> bool:
        from ui.dialogs.feedback_dialogs import ComplaintDialog

        return self._run(ComplaintDialog(self.ctx, complaint_id, parent=self))

    def _edit_selected_complaint(self) -> None:
        row = self.complaint_table.currentRow()
        if 0 <= row < len(self.complaints):
            self.open_complaint(self.complaints[row]["id"])
        else:
            self.message.setText(self.tr("Choose a complaint first."))

    def selected_dormant_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.dormant_table.selectionModel().selectedRows()})
        return [self.dormant[r]["id"] for r in rows if r < len(self.dormant)]

    def add_winback_tasks(self) -> int:
        """Put the selected dormant members on today's call list (purpose win-back)."""
        ids = self.selected_dormant_ids()
        if not ids:
            self.message.setText(self.tr("Choose members in the list first."))
            return 0
        try:
            changes = segments.add_campaign_tasks(
                self.ctx.db,
                actor=self.ctx.actor,
                member_ids=ids,
                purpose="winback",
                due=self.today(),
                note=self.tr("Dormant members (feedback page)"),
            )
        except ValidationError as exc:
            self.message.setText("; ".join(e.message(_lang()) for e in exc.errors))
            return 0
        n = len(changes.member_ids)
        if n:
            self.ctx.notify(changes)
            self.message.setText(
                self.tr("%1 members added to today's calls.").replace("%1", str(n))
            )
        else:
            self.message.setText(self.tr("These members are already on today's calls."))
        return n

    def _mark_selected_lost(self) -> None:
        ids = self.selected_dormant_ids()
        if len(ids) != 1:
            self.message.setText(self.tr("Choose one member to mark as lost."))
            return
        self.mark_lost(ids[0])

    def _reactivate_selected(self) -> None:
        row = self.lost_table.currentIndex().row()
        if not 0 <= row < len(self.lost_list):
            self.message.setText(self.tr("Choose a member first."))
            return
        self.reactivate(self.lost_list[row]["id"])

    def reactivate(self, member_id: int) -> bool:
        """Return a lost member to active (they came back)."""
        try:
            changes = feedback.reactivate(self.ctx.db, member_id, actor=self.ctx.actor)
        except ValidationError as exc:
            self.message.setText("; ".join(e.message(_lang()) for e in exc.errors))
            return False
        except PermissionDenied:
            self.message.setText(self.tr("Your role may not do this."))
            return False
        self.ctx.notify(changes)
        self.message.setText(self.tr("The member is active again."))
        self.refresh()
        return True

    def mark_lost(self, member_id: int) -> bool:
        from ui.dialogs.feedback_dialogs import LostReasonDialog

        return self._run(LostReasonDialog(self.ctx, member_id, parent=self))

    # ------------------------------------------------------------------ words

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Feedback"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.tabs.setTabText(0, self.tr("Satisfaction"))
        self.tabs.setTabText(1, self.tr("Complaints"))
        self.tabs.setTabText(2, self.tr("Churn and win-back"))
        self.chart_tabs.setTabText(0, self.tr("Importance × satisfaction"))
        self.chart_tabs.setTabText(1, self.tr("Trend by month"))
        self.factor_table.setHorizontalHeaderLabels(
            [
                self.tr("Factor"),
                self.tr("Importance"),
                self.tr("Satisfaction"),
                self.tr("Scores"),
                self.tr("Quadrant"),
            ]
        )
        self.surveys_heading.setText(self.tr("Surveys in the period"))
        self.survey_table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Member"), self.tr("Overall"), self.tr("Comment and scores")]
        )
        self.new_survey_button.setText(self.tr("New survey…"))
        self.factors_button.setText(self.tr("Survey factors…"))
        self.complaint_filter.setItemText(0, self.tr("Open and in progress"))
        self.complaint_filter.setItemText(1, self.tr("All received in the period"))
        self.new_complaint_button.setText(self.tr("New complaint…"))
        self.edit_complaint_button.setText(self.tr("Open…"))
        self.complaint_table.setHorizontalHeaderLabels(
            [
                self.tr("Received"),
                self.tr("Member"),
                self.tr("Category"),
                self.tr("What happened"),
                self.tr("Handled by"),
                self.tr("Status"),
                self.tr("Open / time to resolve"),
                self.tr("Compensation"),
            ]
        )
        self.dormant_model.headers = [
            self.tr("Member no."),
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Last purchase"),
            self.tr("Days"),
            self.tr("Total spend"),
            self.tr("Last win-back call"),
        ]
        self.dormant_model.retranslate()
        self.churn_lists.setTabText(0, self.tr("Dormant"))
        self.churn_lists.setTabText(1, self.tr("Marked lost in the period"))
        self.lost_model.headers = [
            self.tr("Member no."),
            self.tr("Name"),
            self.tr("Marked lost"),
            self.tr("Reason"),
            self.tr("Note"),
        ]
        self.lost_model.retranslate()
        self.reactivate_button.setText(self.tr("Back to active"))
        self.winback_button.setText(self.tr("Add to today's calls (win-back)"))
        self.lost_button.setText(self.tr("Mark as lost…"))
        if self.quad is not None:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "dormant_table"):
            self.retranslate_ui()
        super().changeEvent(event)


def create(ctx: AppContext) -> QWidget:
    return FeedbackPage(ctx)
