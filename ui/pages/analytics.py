"""Analytics (分析): the customer pyramid, both value matrices, R × F, the lifecycle
funnel and the monthly trend as charts; clicking a layer or cell lists its members,
who can be exported to Excel or put on the call list with a purpose.

Everything shown comes from ``app.analytics`` / ``app.charts``; this page
holds no SQL and no rules. The analysis (~2 s on 100k members / 2M purchases) runs on
a worker thread with its own connection behind a progress dialog with Cancel
(the task runner, ``ui/tasks.py``), when the page is first shown, on Refresh, and at the
next show after a change to purchases, members or rules (``on_changes`` marks the
result stale and says so inline; an ``app.analytics.AnalysisCache`` hands the last
result back while the data's fingerprint is unchanged).

The GUI thread never imports scipy or matplotlib (~0.7 s): ``ui/warmup.py`` imports them
on the task runner, and the analysis starts once it has. Each chart is built and drawn
on the runner the first time its tab is shown and painted as an image
(``ui/widgets/chart_view.py``), so no chart layout runs on the GUI thread either.

The page's words come from ``app.labels`` (groups ``analytics_ui``, ``chart`` and the
segment groups) in the UI language, like the charts drawn for reports.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import analytics as segments
from app import charts, labels, permissions
from app.analytics import breakdowns
from app.core import Changes, ValidationError
from app.files import WriteFailed
from app.margin_charts import margin_chart
from app.types_chart import customer_types_chart
from ui import i18n, warmup
from ui.context import AppContext
from ui.pages import analytics_words as words
from ui.pages.analytics_breakdowns import BreakdownPanel
from ui.pages.analytics_members import MemberListModel
from ui.pages.analytics_words import more_word, segment_name, word
from ui.tasks import unhandled
from ui.widgets.chart_view import ChartView

log = logging.getLogger(__name__)

# Tables whose change makes the analysis stale.
WATCHED = ("purchases", "members", "settings", "member_stats")
# Purposes offered for call-list tasks made from a segment.
TASK_PURPOSES = ("promotion", "new_arrivals", "winback", "satisfaction", "festival", "other")
# the charts, one tab each: app/charts.py's, the customer types (app/types_chart.py) and
# the margin ranking (app/margin_charts.py); the breakdowns tab has a table and a chart
# of its own (ui/pages/analytics_breakdowns.py)
CHART_BUILDERS = {**charts.CHARTS, "types": customer_types_chart, "margin": margin_chart}
BREAKDOWNS = "breakdowns"
MARGIN_WORDS = ("margin", BREAKDOWNS)  # tabs named in labels group margin_ui


# ------------------------------------------------------------------ the page


class AnalyticsPage(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, as_of: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_analytics")
        self.cache = segments.AnalysisCache()
        self.seg: segments.Segments | None = None
        self.stale = True
        self.selection: tuple[str, str] | None = None
        self.selected_ids: list[int] = []
        self._rows: list[tuple[Any, ...]] = []
        self.canvases: dict[str, ChartView] = {}
        self.last_seconds = 0.0
        self._asked: dt.date | None = None  # the day of the analysis on its way

        # -- header
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.as_of_label = QLabel()
        self.as_of_edit = QDateEdit()
        self.as_of_edit.setObjectName("asOfDate")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        day = as_of or dt.date.today()
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))
        self.as_of_edit.dateChanged.connect(self._as_of_changed)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshAnalytics")
        self.refresh_button.clicked.connect(lambda: self.refresh(force=True))
        self.status = QLabel()
        self.status.setObjectName("hint")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.status)
        header.addWidget(self.as_of_label)
        header.addWidget(self.as_of_edit)
        header.addWidget(self.refresh_button)

        self.summary = QLabel()
        self.summary.setObjectName("analyticsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the model parameters, for whoever wants them, behind a toggle
        self.details_button = QToolButton()
        self.details_button.setObjectName("modelDetails")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = QLabel()
        self.details.setObjectName("modelParameters")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        # one line under the charts: what the cells are and what to do with them
        self.chart_note = QLabel()
        self.chart_note.setObjectName("chartExplanation")
        self.chart_note.setWordWrap(True)

        # -- charts
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chartTabs")
        self.tab_keys = list(CHART_BUILDERS)
        self.tab_pages: dict[str, QWidget] = {}
        for key in self.tab_keys:
            holder = QWidget()
            holder.setObjectName(f"chart_{key}")
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(0, 0, 0, 0)
            self.tab_pages[key] = holder
            self.tabs.addTab(holder, "")
        self.breakdown_panel = BreakdownPanel(ctx, self)
        self.breakdown_panel.group_chosen.connect(self.show_segment)
        self.breakdown_panel.ready.connect(self._groups_ready)
        self.tab_keys.append(BREAKDOWNS)
        self.tab_pages[BREAKDOWNS] = self.breakdown_panel
        self.tabs.addTab(self.breakdown_panel, "")
        self.tabs.currentChanged.connect(lambda _i: self._draw_current())
        self.tabs.currentChanged.connect(lambda _i: self._update_chart_note())
        charts_side = QWidget()
        charts_layout = QVBoxLayout(charts_side)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.setSpacing(4)
        charts_layout.addWidget(self.tabs, 1)
        charts_layout.addWidget(self.chart_note)

        # -- drill-down
        self.drill_title = QLabel()
        self.drill_title.setObjectName("sectionTitle")
        self.drill_title.setWordWrap(True)
        self.model = MemberListModel(self)
        self.table = QTableView()
        self.table.setObjectName("segmentMembers")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportSegment")
        self.export_button.clicked.connect(self._export)
        # exporting member lists is the owner's (app/permissions.py)
        if not permissions.allowed(ctx.actor, permissions.EXPORT):
            self.export_button.hide()
        self.purpose_label = QLabel()
        self.purpose_combo = QComboBox()
        self.purpose_combo.setObjectName("taskPurpose")
        for code in TASK_PURPOSES:
            self.purpose_combo.addItem("", code)
        self.due_label = QLabel()
        self.due_edit = QDateEdit()
        self.due_edit.setObjectName("taskDue")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setDate(QDate.currentDate())
        self.tasks_button = QPushButton()
        self.tasks_button.setObjectName("addSegmentTasks")
        self.tasks_button.clicked.connect(self._add_tasks)
        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)

        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        tasks = QHBoxLayout()
        tasks.addWidget(self.purpose_label)
        tasks.addWidget(self.purpose_combo, 1)
        tasks.addWidget(self.due_label)
        tasks.addWidget(self.due_edit)
        tasks.addWidget(self.tasks_button)
        drill = QWidget()
        drill_layout = QVBoxLayout(drill)
        drill_layout.setContentsMargins(8, 0, 0, 0)
        drill_layout.addWidget(self.drill_title)
        drill_layout.addWidget(self.table, 1)
        drill_layout.addLayout(actions)
        drill_layout.addLayout(tasks)
        drill_layout.addWidget(self.message)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(charts_side)
        splitter.addWidget(drill)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.summary)
        model_row = QHBoxLayout()
        model_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        model_row.addWidget(self.details, 1)
        layout.addLayout(model_row)
        layout.addWidget(splitter, 1)

        self._set_actions_enabled(False)
        self.retranslate_ui()

    # ------------------------------------------------------------------ analysis

    def as_of(self) -> dt.date:
        d = self.as_of_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale or self.seg is None:
            QTimer.singleShot(0, self.refresh)

    def refresh(self, force: bool = False) -> bool:
        """Analyse (through the task runner) unless the cached result is still current;
        True when a result is shown or on its way."""
        if not warmup.ready():
            # scipy and matplotlib are still being imported on the runner: the GUI thread
            # must not import them meanwhile, nor start a job that does (ui/warmup.py)
            self.status.setText(word("progress"))
            warmup.when_ready(self.ctx.runner, lambda: self.refresh(force), owner=self)
            return True
        as_of = self.as_of()
        cached = None if force else self.cache.get(self.ctx.db, as_of)
        if cached is not None:
            self._show(cached)
            return True
        key = ("analytics", id(self))
        if not force and self._asked == as_of and self.ctx.runner.running(key):
            return True  # already on its way (shown twice in a row)
        self._asked = as_of
        started = time.perf_counter()

        def work(db: Any, on_progress: Any, should_cancel: Any) -> tuple[Any, segments.Segments]:
            fingerprint = segments.data_fingerprint(db)
            seg = segments.analyze(
                db, as_of=as_of, on_progress=on_progress, should_cancel=should_cancel
            )
            return fingerprint, seg

        def failed(exc: BaseException) -> None:
            if isinstance(exc, segments.Cancelled):
                self.status.setText(word("cancelled"))
            elif isinstance(exc, Exception):  # shown inline; the log has the traceback
                log.error("analysis failed", exc_info=exc)
                self.status.setText(word("failed", error=exc))
            else:
                unhandled(exc)

        def done(result: tuple[Any, segments.Segments]) -> None:
            fingerprint, seg = result
            self.last_seconds = time.perf_counter() - started
            self.cache.put(fingerprint, seg)
            self._show(seg)

        self.ctx.runner.run(
            work,
            name="analytics",
            key=key,
            owner=self,
            progress=word("progress"),
            parent=self,
            on_done=done,
            on_error=failed,
        )
        return True

    def _as_of_changed(self) -> None:
        self.stale = True
        if self.isVisible():
            QTimer.singleShot(0, self.refresh)

    def _show(self, seg: segments.Segments) -> None:
        self.seg = seg
        self.stale = False
        self._update_texts()
        self._redraw()
        if self.selection is not None:
            self.show_segment(*self.selection)

    def _redraw(self) -> None:
        """Forget the drawn charts (new result or language); the current tab draws now,
        the others when shown."""
        for key, canvas in list(self.canvases.items()):
            canvas.setParent(None)
            canvas.deleteLater()
            del self.canvases[key]
        self.breakdown_panel.reset()
        self._draw_current()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.cache.invalidate()
            self.stale = True
            self.status.setText(word("stale"))

    # ------------------------------------------------------------------ charts

    def _draw_current(self) -> None:
        self.draw(self.tab_keys[self.tabs.currentIndex()])

    def draw(self, key: str) -> Any:
        """Build the chart ``key`` into its tab (once per analysis); returns the canvas."""
        if self.seg is None:
            return None
        if key == BREAKDOWNS:  # a table and a chart of its own
            self.breakdown_panel.show_for(self.seg)
            return self.breakdown_panel
        canvas = self.canvases.get(key)
        if canvas is not None:
            return canvas
        seg, lang, build = self.seg, i18n.current_language(), CHART_BUILDERS[key]
        # built and drawn on the task runner, shown as an image (ui/widgets/chart_view.py)
        canvas = ChartView(self.ctx.runner, lambda: build(seg, lang=lang), name=f"chart-{key}")
        canvas.setObjectName(f"canvas_{key}")
        canvas.clicked.connect(lambda ax, x, y, k=key: self._clicked(k, ax, x, y))
        self.tab_pages[key].layout().addWidget(canvas)
        self.canvases[key] = canvas
        return canvas

    @property
    def figures(self) -> dict[str, Any]:
        """The drawn charts' figures, by tab key."""
        return {k: c.figure for k, c in self.canvases.items() if c.figure is not None}

    def _clicked(self, key: str, ax: Any, x: float, y: float) -> None:
        fig = self.figures.get(key)
        if fig is None:
            return
        hit = charts.hit_test(fig, ax, x, y)
        if hit is not None and hit[0] != "month":
            self.show_segment(*hit)

    # ------------------------------------------------------------------ drill-down

    def show_segment(self, kind: str, code: str) -> int:
        """List the members of one layer/cell/state; returns how many."""
        if self.seg is None:
            return 0
        if kind in breakdowns.DIMENSIONS and self.seg.breakdown is None:
            # a new analysis: its groups are read on the runner first (_groups_ready)
            self.selection = (kind, code)
            self.breakdown_panel.show_for(self.seg)
            return 0
        lang = i18n.current_language()
        ids = self.seg.members_in(kind, code)
        rows = segments.member_rows(self.ctx.db, self.seg, ids.tolist())
        self._rows = rows
        self.model.set_rows(rows, lang)
        # most valuable first (by margin for the margin and breakdown groups); columns
        # fitted to (the first rows of) their contents
        by = "margin" if kind == "margin" or kind in breakdowns.DIMENSIONS else "clv"
        self.table.sortByColumn(MemberListModel.COLUMNS.index(by), Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self.selection = (kind, code)
        self.selected_ids = [int(i) for i in ids]
        self.drill_title.setText(
            word("drill_title", segment=segment_name(kind, code, lang), n=f"{len(rows):,}")
        )
        self.message.clear()
        self._set_actions_enabled(bool(rows))
        return len(rows)

    def _groups_ready(self) -> None:
        if self.selection is not None and self.selection[0] in breakdowns.DIMENSIONS:
            self.show_segment(*self.selection)

    def _set_actions_enabled(self, on: bool) -> None:
        for w in (self.export_button, self.tasks_button, self.purpose_combo, self.due_edit):
            w.setEnabled(on)

    def _export(self) -> None:
        if self.seg is None or not self.selected_ids:
            self.message.setText(word("no_selection"))
            return
        kind, code = self.selection or ("", "")
        name = segment_name(kind, code, i18n.current_language())
        suggested = str(Path(self.ctx.data_dir) / f"{name}_{self.seg.facts.as_of.isoformat()}.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, word("export"), suggested, word("export_filter")
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        seg, ids, lang = self.seg, list(self.selected_ids), i18n.current_language()
        actor = self.ctx.actor

        def work(db: Any, on_progress: Any, should_cancel: Any) -> int:
            return segments.export_xlsx(
                db,
                seg=seg,
                path=path,
                member_ids=ids,
                lang=lang,
                actor=actor,
                on_progress=on_progress,
                should_cancel=should_cancel,
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, segments.Cancelled):
                self.message.setText(word("cancelled_export"))
            elif isinstance(exc, WriteFailed):  # names the file in the user's words
                self.message.setText(exc.message(i18n.current_language()))
            elif isinstance(exc, OSError):
                self.message.setText(word("failed", error=exc))
            else:
                unhandled(exc)

        self.ctx.runner.run(
            work,
            name="export",
            owner=self,
            progress=word("export"),
            parent=self,
            on_done=lambda n: self.message.setText(word("exported", n=f"{n:,}", path=path)),
            on_error=failed,
        )

    def _add_tasks(self) -> None:
        if self.seg is None or not self.selected_ids:
            self.message.setText(word("no_selection"))
            return
        lang = i18n.current_language()
        purpose = self.purpose_combo.currentData()
        d = self.due_edit.date()
        due = dt.date(d.year(), d.month(), d.day())
        kind, code = self.selection or ("", "")
        note = f"{labels.word('analytics_ui', 'title', lang)}：{segment_name(kind, code, lang)}"
        try:
            changes = segments.add_campaign_tasks(
                self.ctx.db,
                actor=self.ctx.actor,
                member_ids=self.selected_ids,
                purpose=purpose,
                due=due,
                note=note,
            )
        except ValidationError as exc:
            self.message.setText("; ".join(e.message(lang) for e in exc.errors))
            return
        n = len(changes.member_ids)
        if n:
            self.ctx.notify(changes)
            self.message.setText(
                word(
                    "tasks_added",
                    n=f"{n:,}",
                    purpose=labels.word("purpose", purpose, lang),
                    due=due.isoformat(),
                )
            )
        else:
            self.message.setText(word("tasks_none"))

    # ------------------------------------------------------------------ words

    def _update_texts(self) -> None:
        seg = self.seg
        if seg is None:
            self.summary.setText("")
            return
        s = segments.summary(seg)
        parts = [
            word(
                "summary",
                members=f"{s['members']:,}",
                customers=f"{s['customers']:,}",
                top20="—" if s["top20_share"] is None else f"{100 * s['top20_share']:.1f}%",
            )
        ]
        mv = s.get("movement")
        if mv:
            parts.append(
                word(
                    "movement",
                    since=mv["since"],
                    layers=f"{mv['pyramid']['moved']:,}",
                    states=f"{mv['lifecycle']['moved']:,}",
                )
            )
            self.summary.setToolTip(words.flows_text(mv))
        models = s["models"]
        if models.get("forecast_model"):
            parts.append(words.model_sentence(models))
        else:
            parts.append(word("no_model", note=models["note"]))
        self.details.setText(words.details_text(models))
        self.details_button.setVisible(bool(models.get("forecast_model")))
        self._update_chart_note()
        self.summary.setText("\n".join(parts))
        if self.stale:
            self.status.setText(word("stale"))
        else:
            stamp = dt.datetime.now().strftime("%H:%M")
            self.status.setText(word("updated", time=stamp, seconds=f"{self.last_seconds:.1f}"))
        if self.selection is None:
            self.drill_title.setText(word("drill_hint"))

    def _toggle_details(self, on: bool) -> None:
        self.details.setVisible(on)
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _update_chart_note(self) -> None:
        """The current chart's one-line explanation (none for a chart without one)."""
        i = self.tabs.currentIndex()
        key = self.tab_keys[i] if 0 <= i < len(self.tab_keys) else ""
        if key not in labels.WORDS["analytics_explain"]:
            self.chart_note.setText("")
            return
        rules = self.seg.rules if self.seg is not None else segments.Rules()
        text = labels.word("analytics_explain", key, i18n.current_language())
        self.chart_note.setText(
            text.format(
                days=rules.clv_forecast_days,
                loyal=rules.loyal_min_days_12m,
                tenure=rules.loyal_min_tenure_days,
                dormant=rules.dormant_days,
                lost=rules.lost_days,
            )
        )

    def retranslate_ui(self) -> None:
        lang = i18n.current_language()
        self.title.setText(word("title"))
        self.as_of_label.setText(word("as_of"))
        self.refresh_button.setText(word("refresh"))
        for i, key in enumerate(self.tab_keys):
            group = "margin_ui" if key in MARGIN_WORDS else "analytics_ui"
            self.tabs.setTabText(i, labels.word(group, f"tab_{key}", lang))
        self.export_button.setText(word("export"))
        self.purpose_label.setText(word("purpose"))
        self.due_label.setText(word("due"))
        self.tasks_button.setText(word("add_tasks"))
        self.details_button.setText(more_word("details"))
        self._update_chart_note()
        for i, code in enumerate(TASK_PURPOSES):
            self.purpose_combo.setItemText(i, labels.word("purpose", code, lang))
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, len(MemberListModel.COLUMNS) - 1
        )
        if self.selection is None:
            self.drill_title.setText(word("drill_hint"))
        if self.seg is not None:  # no database work here: words only
            self._update_texts()
            self._redraw()  # charts carry words too
            if self.selection is not None:
                kind, code = self.selection
                self.model.set_rows(self._rows, lang)
                self.drill_title.setText(
                    word(
                        "drill_title",
                        segment=segment_name(kind, code, lang),
                        n=f"{len(self._rows):,}",
                    )
                )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "model"):
            self.retranslate_ui()
        super().changeEvent(event)


def create(ctx: AppContext) -> QWidget:
    return AnalyticsPage(ctx)
