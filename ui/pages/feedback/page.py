"""The feedback page: the period, the three tabs (``surveys``, ``complaints``, ``churn``,
one module each, mixed into :class:`FeedbackPage`) and the praise tab, the read on the
task runner, the charts and the words. A tab is built on its first show (the page's
first show builds the current one only); the read fills the built tabs, and a tab built
later fills itself from the last read."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import feedback
from app.core import Changes
from app.feedback import charts as feedback_charts
from ui import warmup
from ui.context import AppContext
from ui.pages.feedback.churn import ChurnTab
from ui.pages.feedback.common import DORMANT_SHOWN, _lang
from ui.pages.feedback.complaints import ComplaintsTab
from ui.pages.feedback.praise import PraiseListTab
from ui.pages.feedback.surveys import SurveysTab
from ui.widgets.chart_view import ChartView

log = logging.getLogger(__name__)

TABS = ("surveys", "complaints", "churn", "praise")

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


class FeedbackPage(SurveysTab, ComplaintsTab, ChurnTab, QWidget):
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
        # Each tab is an empty slot until it is first shown (the page's first show built
        # all four, ~80 ms of the GUI thread on a big store; bench_gui_stalls).
        self._built: set[str] = set()
        self.chart_holders: dict[str, QWidget] = {}
        for key in TABS:
            slot = QWidget()
            slot.setObjectName(f"feedbackTab_{key}")
            box = QVBoxLayout(slot)
            box.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(slot, "")
        self._build_tab(self.tabs.currentIndex(), fill=False)  # worded below
        self.tabs.currentChanged.connect(self._build_tab)  # first: a chart needs its holder
        self.tabs.currentChanged.connect(self._draw_shown_charts)

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

    def built(self, key: str) -> bool:
        """Whether the tab ``key`` (one of :data:`TABS`) has been built (first shown)."""
        return key in self._built

    def show_tab(self, key: str) -> None:
        """Bring the tab ``key`` forward, as a click on it does (building it if need be)."""
        self.tabs.setCurrentIndex(TABS.index(key))

    def _build_tab(self, index: int, *, fill: bool = True) -> None:
        """Build the tab at ``index`` on its first show; word it and fill it with the
        figures read so far (its charts follow, ``_draw_shown_charts``)."""
        if not 0 <= index < len(TABS) or TABS[index] in self._built:
            return
        key = TABS[index]
        if key == "praise":
            # 表扬与建议 (issue #19, its own module; it reads when shown)
            self.praise_tab = PraiseListTab(self.ctx)
            content: QWidget = self.praise_tab
        else:
            content = getattr(self, f"_build_{key}")()
        self.tabs.widget(index).layout().addWidget(content)
        self._built.add(key)
        if key == "surveys":
            self.chart_tabs.currentChanged.connect(self._draw_shown_charts)
        if fill and key != "praise":
            getattr(self, f"_retranslate_{key}")()
            if self.quad is not None:
                getattr(self, f"_fill_{key}")()
        content.show()  # now, not when the layout's queued show comes

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.dateChanged.connect(lambda _d: self._period_changed())
        return edit

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
        if self.built("praise"):
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

    def _fill(self) -> None:
        if self.quad is None:
            return
        for key in ("surveys", "complaints", "churn"):
            if self.built(key):
                getattr(self, f"_fill_{key}")()
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

    def _run(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == int(QDialog.DialogCode.Accepted)
        finally:
            dialog.deleteLater()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Feedback"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.tabs.setTabText(0, self.tr("Satisfaction"))
        self.tabs.setTabText(1, self.tr("Complaints"))
        self.tabs.setTabText(2, self.tr("Churn and win-back"))
        self.tabs.setTabText(
            3, QCoreApplication.translate("PraiseListTab", "Praise and suggestions")
        )
        for key in ("surveys", "complaints", "churn"):
            if self.built(key):
                getattr(self, f"_retranslate_{key}")()
        if self.quad is not None:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_built"):
            self.retranslate_ui()
        super().changeEvent(event)
