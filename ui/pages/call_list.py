"""Today's calls (今日回访): the day's call list, derived from ``app.calllist.call_list``
every time it is shown (never stored).

One row per task: due date, state in colour (overdue red, due today amber, upcoming
neutral) with the days, the reason with its detail ("配偶生日（李四）",
"售后次日回访（¥1,280.00）"), the member, masked phone, tier and responsible clerk.
A clerk chooser gives each clerk their own view (remembered in QSettings); the counts
per reason sit above the table.

Logging a call is one click on the row's "Log" button (or Enter on the selected row):
the contact dialog opens with the task's purpose and purchase filled in, and once it is
saved the list is computed again — app's rules take a task off the list when a
qualifying contact exists. Double-click opens the member card (``ui.dialogs.member_card``).

The list takes ~0.1 s on a small store and about a second on 100k members / 2M
purchases, so it is computed on a worker thread with its own connection (CONVENTIONS.md,
habit 3): when the page is first shown, on Refresh, and after changes to purchases,
contacts, members or rules — coalesced, and only while the page is visible (otherwise at
the next show). ``CallListPage(ctx, today=...)`` pins the day (tests, benchmarks).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import labels, plan, users
from app.calllist import Task
from app.core import Changes
from app.normalize import mask_phone
from app.plan import PlanRow
from ui import i18n
from ui.context import AppContext
from ui.models.readonly_table import ReadOnlyTableModel
from ui.pages.call_list_parts import (  # noqa: F401  (names tests and benches use)
    _BG,
    _CENTER,
    _FG,
    ALIGNMENT,
    BACKGROUND,
    DISPLAY,
    FOREGROUND,
    OVERDUE,
    SORT_ROLE,
    STATE_COLOURS,
    STATE_ROLE,
    TASK_ROLE,
    TODAY,
    TOOLTIP,
    UPCOMING,
    LogButtonDelegate,
    StateDelegate,
    reason_text,
    state_of,
    state_text,
    tried_text,
)

log = logging.getLogger(__name__)

(
    COL_DUE,
    COL_STATE,
    COL_REASON,
    COL_NAME,
    COL_MEMBER_NO,
    COL_PHONE,
    COL_TIER,
    COL_CLERK,
    COL_ACTION,
) = range(9)
N_COLUMNS = 9

CLERK_SETTING = "call_list/clerk"
ALL, UNASSIGNED = "all", "none"
REFRESH_TABLES = (
    "purchases",
    "purchase_items",
    "contacts",
    "members",
    "member_family",
    "member_stats",
    "settings",
    "users",
    "complaints",
)


# ------------------------------------------------------------------ model

LATER_STATE = "later"
_FG[LATER_STATE] = QBrush(QColor("#7b8794"))


class TaskModel(ReadOnlyTableModel):
    """The plan's rows (one per member, app.plan.PlanRow); the due, state and purpose
    columns speak for the row's most urgent reason, the reason column lists them all.
    Display texts are made when first painted and cached."""

    sort_role = SORT_ROLE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(N_COLUMNS, lambda section: self.headers[section], parent)
        self.listed = TaskList()
        self.clerks: dict[int, str] = {}
        self.tiers: dict[str, dict[str, Any]] = {}
        self.lang = "zh"
        self._states: list[str] = []
        self.headers: list[str] = [""] * N_COLUMNS

    @property
    def rows(self) -> list[PlanRow]:
        return self.records

    @property
    def tasks(self) -> list[Task]:
        """Each row's most urgent reason."""
        return self.listed.tasks

    def set_tasks(
        self,
        listed: TaskList,
        *,
        clerks: dict[int, str],
        tiers: dict[str, dict[str, Any]],
        lang: str,
    ) -> None:
        self.listed = listed
        self.clerks = clerks
        self.tiers = tiers
        self.lang = lang
        self._states = listed.states
        self.set_records(listed.rows)

    def retranslate(self, lang: str) -> None:  # type: ignore[override]
        self.lang = lang
        super().retranslate()

    def format_row(self, r: PlanRow) -> tuple[str, ...]:
        t = r.first
        clerk = self.clerks.get(r.clerk_id, "") if r.clerk_id is not None else ""
        state = state_text(t)
        if r.slot == plan.LATER:
            state = QCoreApplication.translate("CallListPage", "Later")
        return (
            t.due.isoformat(),
            state,
            "；".join(reason_text(x, self.lang) for x in r.reasons)
            if self.lang == "zh"
            else "; ".join(reason_text(x, self.lang) for x in r.reasons),
            r.name,
            r.member_no,
            mask_phone(r.phone),
            users.tier_name(self.tiers, r.tier, self.lang),
            clerk or "—",
            QCoreApplication.translate("CallListPage", "Log"),
        )

    def sort_value(self, row: int, column: int) -> Any:
        if column in (COL_DUE, COL_STATE, COL_ACTION):
            return row  # the plan's order: today's rows by rank, then later
        return self.text(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Not here: TaskSortProxy sorts (the states stay with their rows)."""

    def cell_data(self, row: int, col: int, role: int) -> Any:
        if role == FOREGROUND:
            if col == COL_STATE:
                return _FG[self._states[row]]
            return None
        if role == BACKGROUND:
            if col == COL_STATE:
                return _BG.get(self._states[row])
            return None
        if role == TASK_ROLE:
            return self.tasks[row]
        if role == STATE_ROLE:
            return self._states[row]
        if role == ALIGNMENT:
            if col in (COL_STATE, COL_ACTION):
                return _CENTER
            return None
        if role == TOOLTIP:
            t = self.tasks[row]
            if col == COL_REASON:
                text = self.text(row, COL_REASON)
                if t.attempts:
                    text += "\n" + tried_text(t.attempts)
                return text
            if col == COL_ACTION:
                return QCoreApplication.translate(
                    "CallListPage", "Log the call for this task (Enter)"
                )
        return None

    def task(self, row: int) -> Task | None:
        return self.tasks[row] if 0 <= row < len(self.tasks) else None

    def plan_row(self, row: int) -> PlanRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class TaskSortProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` (raw values); the due and state columns keep the plan's
    order (today's rows by rank, then the later ones)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


# ------------------------------------------------------------------ worker


def compute_plan(db: Any, today: dt.date) -> plan.Plan:
    """The day's plan through ``db``: the runner's connection of the worker thread's
    own (a sqlite3 connection belongs to its thread), ``ctx.db`` for an in-memory
    store."""
    return plan.daily_plan(db, today=today)


@dataclass
class TaskList:
    """A computed plan, cut to the page's clerk and reason, with what the page needs
    precomputed on the worker thread (the GUI thread then only swaps it in)."""

    rows: list[PlanRow] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)  # each row's most urgent reason
    states: list[str] = field(default_factory=list)
    by_reason: dict[str, int] = field(default_factory=dict)
    today: int = 0
    later: int = 0
    done: int = 0
    lapsed: int = 0
    overdue: int = 0
    due_today: int = 0
    rows_by_key: dict[str, int] = field(default_factory=dict)


def prepare(day: plan.Plan | None, *, clerk: int | str = "all", reason: str = "") -> TaskList:
    """The rows of ``clerk`` (a user id, ``ALL`` or ``UNASSIGNED``) that have
    ``reason`` ('' = any), counted."""
    if day is None:
        return TaskList()
    if clerk == ALL:
        rows = day.rows
        done = sum(day.done.values())
    else:
        who = None if clerk == UNASSIGNED else clerk
        rows = day.for_clerk(who)  # type: ignore[arg-type]
        done = day.done.get(who, 0)  # type: ignore[arg-type]
    by_reason: Counter[str] = Counter()
    for r in rows:
        by_reason.update({t.reason for t in r.reasons})
    if reason:
        rows = [r for r in rows if any(t.reason == reason for t in r.reasons)]
    tasks = [r.first for r in rows]
    states = [LATER_STATE if r.slot == plan.LATER else state_of(r.first) for r in rows]
    today = sum(1 for r in rows if r.slot == plan.TODAY)
    return TaskList(
        rows=rows,
        tasks=tasks,
        states=states,
        by_reason=dict(by_reason),
        today=today,
        later=len(rows) - today,
        done=done,
        lapsed=sum(day.lapsed.values()),
        overdue=states.count(OVERDUE),
        due_today=states.count(TODAY),
        rows_by_key={t.key: i for i, t in enumerate(tasks)},
    )


# ------------------------------------------------------------------ the page


class CallListPage(QWidget):
    """The call list. ``loaded`` is emitted after each fill (tests wait for it)."""

    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        today: dt.date | None = None,
        parent: QWidget | None = None,
        *,
        threaded: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_call_list")
        self._today = today
        self.threaded = threaded
        self._generation = 0
        self._loaded_generation = -1
        self._stale = True
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.last_seconds = 0.0  # call_list on the worker, last time
        self.last_fill_seconds = 0.0  # putting its result on screen (GUI thread)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.date_label = QLabel()
        self.date_label.setObjectName("callListDate")
        self.clerk_label = QLabel()
        self.clerk_combo = QComboBox()
        self.clerk_combo.setObjectName("clerkFilter")
        self.clerk_combo.setMinimumWidth(150)
        self.reason_combo = QComboBox()
        self.reason_combo.setObjectName("reasonFilter")
        self.reason_combo.setMinimumWidth(150)
        self.reason_combo.addItem("", "")
        self.reason_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("reasonCounts")
        self.counts_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")

        self.model = TaskModel(self)
        self.proxy = TaskSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("callListView")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setMouseTracking(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(34)
        self.view.setShowGrid(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widths = {
            COL_DUE: 100,
            COL_STATE: 132,
            COL_REASON: 250,
            COL_NAME: 90,
            COL_MEMBER_NO: 104,
            COL_PHONE: 118,
            COL_TIER: 84,
            COL_CLERK: 74,
            COL_ACTION: 80,
        }
        for col, width in widths.items():
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.state_delegate = StateDelegate(self.view)
        self.view.setItemDelegateForColumn(COL_STATE, self.state_delegate)
        self.log_delegate = LogButtonDelegate(self.view)
        self.view.setItemDelegateForColumn(COL_ACTION, self.log_delegate)
        self.log_delegate.clicked.connect(self._log_clicked)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.installEventFilter(self)

        from ui.pages.call_list_messages import MessageBar

        self.message_bar = MessageBar(ctx, lambda: self.model.rows)
        self.view.selectionModel().currentChanged.connect(
            lambda *_a: self.message_bar.show_row(self.current_row())
        )
        self.empty_label = QLabel()
        self.empty_label.setObjectName("placeholderSummary")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.title)
        top.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.clerk_label)
        top.addWidget(self.clerk_combo)
        top.addWidget(self.reason_combo)
        top.addWidget(self.refresh_button)

        summary = QFrame()
        summary.setObjectName("card")
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(16, 10, 16, 10)
        summary_layout.addWidget(self.counts_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 18)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.status_label)

        self._fill_clerks()
        self.clerk_combo.currentIndexChanged.connect(self._clerk_changed)
        self.retranslate_ui()

    # ------------------------------------------------------------------ basics

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def set_today(self, today: dt.date | None) -> None:
        self._today = today
        self.refresh()

    def _fill_clerks(self) -> None:
        self.staff = users.list_staff(self.ctx.db, active_only=False)
        self.clerk_names = {u["id"]: u["display_name"] for u in self.staff}
        self.clerk_combo.blockSignals(True)
        self.clerk_combo.clear()
        self.clerk_combo.addItem("", ALL)
        for u in self.staff:
            if u["active"]:
                self.clerk_combo.addItem(u["display_name"], u["id"])
        self.clerk_combo.addItem("", UNASSIGNED)
        saved = QSettings().value(CLERK_SETTING, ALL)
        actor = self.ctx.actor
        if actor.role == "clerk" and actor.user_id is not None:
            saved = actor.user_id  # a signed-in clerk starts on their own list
        wanted: Any = saved
        if isinstance(saved, str) and saved.isdigit():
            wanted = int(saved)
        i = self.clerk_combo.findData(wanted)
        self.clerk_combo.setCurrentIndex(i if i >= 0 else 0)
        self.clerk_combo.blockSignals(False)

    def selected_clerk(self) -> int | str:
        """A ``users.id``, ``ALL`` or ``UNASSIGNED``."""
        value = self.clerk_combo.currentData()
        return value if value is not None else ALL

    def set_clerk(self, value: int | str) -> None:
        i = self.clerk_combo.findData(value)
        if i >= 0:
            self.clerk_combo.setCurrentIndex(i)

    def _clerk_changed(self) -> None:
        QSettings().setValue(CLERK_SETTING, str(self.selected_clerk()))
        self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText(QCoreApplication.translate("CallListPage", "Today's calls"))
        self.clerk_label.setText(QCoreApplication.translate("CallListPage", "Clerk:"))
        self.clerk_combo.setItemText(0, QCoreApplication.translate("CallListPage", "All"))
        self.clerk_combo.setItemText(
            self.clerk_combo.count() - 1, QCoreApplication.translate("CallListPage", "Unassigned")
        )
        self.refresh_button.setText(QCoreApplication.translate("CallListPage", "Refresh"))
        self.model.headers = [
            QCoreApplication.translate("CallListPage", "Due"),
            QCoreApplication.translate("CallListPage", "State"),
            QCoreApplication.translate("CallListPage", "Reason"),
            QCoreApplication.translate("CallListPage", "Member"),
            QCoreApplication.translate("CallListPage", "Member no."),
            QCoreApplication.translate("CallListPage", "Phone"),
            QCoreApplication.translate("CallListPage", "Tier"),
            QCoreApplication.translate("CallListPage", "Clerk"),
            "",
        ]
        self.model.retranslate(i18n.current_language())
        self.message_bar.retranslate_ui()
        self._update_date()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_date(self) -> None:
        day = self.today()
        self.date_label.setText(QLocale().toString(QDate(day), "yyyy-MM-dd dddd"))

    # ------------------------------------------------------------------ loading

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("users"):
            current = self.selected_clerk()
            self._fill_clerks()
            self.set_clerk(current)
        if changes.touches(*REFRESH_TABLES):
            self._stale = True
            if self.isVisible():
                self._refresh_timer.start()  # several changes in a row: one refresh

    def refresh(self) -> None:
        """Compute the list again (on the worker thread unless ``threaded`` is off)."""
        self._refresh_timer.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        today = self.today()
        clerk = self.selected_clerk()
        self._update_date()
        self.status_label.setText(QCoreApplication.translate("CallListPage", "Computing the list…"))
        self.refresh_button.setEnabled(False)
        db = self.ctx.db
        # Read on the GUI thread now: the result may arrive after the window (and its
        # connection) closed, and _on_done must not touch the database then.
        self._tier_names = users.tier_names(db)
        reason = self.reason_combo.currentData() or ""

        def work(conn: Any, _progress: Any, _cancel: Any) -> tuple[TaskList, Any, float]:
            # on the worker thread: touches neither the page nor widgets
            started = time.perf_counter()
            try:
                listed = prepare(compute_plan(conn, today), clerk=clerk, reason=reason)
                error = None
            except Exception as exc:  # shown on the page, logged with its traceback
                log.exception("call list failed")
                listed, error = TaskList(), exc
            seconds = time.perf_counter() - started
            return listed, error, seconds

        # One key per page: an older request that finishes after a newer one started
        # is dropped by the runner.
        self.ctx.runner.run(
            work,
            name="call-list",
            key=("call-list", id(self)),
            owner=self,
            on_done=lambda result, g=generation: self._on_done(g, result),
            threaded=self.threaded,
        )

    def _on_done(self, generation: int, result: object) -> None:
        listed, error, seconds = result  # type: ignore[misc]
        filling = time.perf_counter()
        self._loaded_generation = generation
        self.last_seconds = seconds
        self.refresh_button.setEnabled(True)
        tasks = listed.tasks
        keep = self.current_task()
        keep_row = self.view.currentIndex().row()
        self.model.set_tasks(
            listed,
            clerks=self.clerk_names,
            tiers=self._tier_names,
            lang=i18n.current_language(),
        )
        self._restore_selection(keep, keep_row)
        self._update_counts()
        if error is not None:
            text = QCoreApplication.translate(
                "CallListPage", "The list could not be computed: %1"
            ).replace("%1", str(error))
            self.status_label.setText(text)
        else:
            self.status_label.setText(
                QCoreApplication.translate(
                    "CallListPage",
                    'Enter or "Log" records the call; double-click opens the member card.',
                )
            )
        self.empty_label.setVisible(not tasks and error is None)
        self.last_fill_seconds = time.perf_counter() - filling
        self.loaded.emit()

    def _restore_selection(self, keep: Task | None, keep_row: int) -> None:
        if not self.model.tasks:
            return
        row = -1
        if keep is not None:
            row = self.model.listed.rows_by_key.get(keep.key, -1)
            if row >= 0:
                index = self.proxy.mapFromSource(self.model.index(row, COL_NAME))
                self.view.setCurrentIndex(index)
                return
        # The logged task is gone: stay on the same line, which is now the next task.
        proxy_row = min(max(keep_row, 0), self.proxy.rowCount() - 1)
        self.view.setCurrentIndex(self.proxy.index(proxy_row, COL_NAME))

    def _update_counts(self) -> None:
        listed = self.model.listed
        lang = i18n.current_language()
        self._fill_reasons(listed.by_reason)
        if not listed.rows:
            self.counts_label.setText(
                QCoreApplication.translate("CallListPage", "No calls for this day.")
                + (
                    "  "
                    + QCoreApplication.translate("CallListPage", "Done today: %1").replace(
                        "%1", f"{listed.done:,}"
                    )
                    if listed.done
                    else ""
                )
            )
            self.empty_label.setText(
                QCoreApplication.translate(
                    "CallListPage", "Nothing to call about today — well done."
                )
            )
            return
        order = list(plan.URGENCY)
        pair = QCoreApplication.translate("CallListPage", "%1: %2")
        parts = [
            pair.replace("%1", labels.word("task_reason", r, lang)).replace("%2", f"{n:,}")
            for r, n in sorted(
                listed.by_reason.items(),
                key=lambda rn: order.index(rn[0]) if rn[0] in order else 99,
            )
        ]
        head = (
            QCoreApplication.translate(
                "CallListPage", "Today %1 to call, %2 done; %3 later; %4 lapsed"
            )
            .replace("%1", f"{listed.today:,}")
            .replace("%2", f"{listed.done:,}")
            .replace("%3", f"{listed.later:,}")
            .replace("%4", f"{listed.lapsed:,}")
        )
        self.counts_label.setText(head + "\n" + "  ·  ".join(parts))

    def _fill_reasons(self, by_reason: dict[str, int]) -> None:
        """The reason filter offers the reasons of the clerk's rows (and keeps the
        chosen one)."""
        current = self.reason_combo.currentData() or ""
        lang = i18n.current_language()
        wanted = [r for r in plan.URGENCY if r in by_reason or r == current]
        have = [self.reason_combo.itemData(i) for i in range(1, self.reason_combo.count())]
        if have != wanted:
            self.reason_combo.blockSignals(True)
            while self.reason_combo.count() > 1:
                self.reason_combo.removeItem(1)
            for r in wanted:
                self.reason_combo.addItem(labels.word("task_reason", r, lang), r)
            self.reason_combo.setCurrentIndex(max(0, self.reason_combo.findData(current)))
            self.reason_combo.blockSignals(False)
        self.reason_combo.setItemText(0, QCoreApplication.translate("CallListPage", "All reasons"))

    def counts(self) -> dict[str, int]:
        """Tasks per reason code, as shown."""
        return dict(self.model.listed.by_reason)

    # ------------------------------------------------------------------ actions

    def current_row(self) -> PlanRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.plan_row(self.proxy.mapToSource(index).row())

    def current_task(self) -> Task | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.task(self.proxy.mapToSource(index).row())

    def task_at(self, proxy_row: int) -> Task | None:
        return self.model.task(self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())

    def _log_clicked(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index.siblingAtColumn(COL_NAME))
        task = self.task_at(index.row())
        if task is not None:
            self.log_call(task)

    def log_call(self, task: Task) -> bool:
        """Open the contact dialog for ``task``; True when a contact was saved."""
        from ui.dialogs.contact_dialog import ContactDialog

        dialog = ContactDialog(
            self.ctx,
            task.member_id,
            purpose=task.purpose,
            purchase_id=task.purchase_id,
            parent=self,
        )
        try:
            saved = dialog.exec() == int(QDialog.DialogCode.Accepted)
            survey_contact = (
                dialog.contact_id
                if saved
                and dialog.purpose_combo.currentData() == "satisfaction"
                and dialog.outcome_combo.currentData() == "reached"
                else None
            )
        finally:
            dialog.deleteLater()
        if survey_contact is not None:
            self.take_survey(task.member_id, survey_contact)
        if saved:
            # ctx.notify has fanned the change out already (and scheduled a refresh when
            # this page is in a window); refresh here too for a page used on its own.
            self._stale = True
            self._refresh_timer.start()
        return saved

    def take_survey(self, member_id: int, contact_id: int) -> bool:
        """A satisfaction call that reached the member: the survey form, linked to the
        contact (ui.dialogs.feedback_dialogs); True when a survey was saved."""
        from ui.dialogs.feedback_dialogs import SurveyDialog

        survey = SurveyDialog(self.ctx, member_id, contact_id, parent=self)
        try:
            return survey.exec() == int(QDialog.DialogCode.Accepted)
        finally:
            survey.deleteLater()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_ACTION:
            return
        task = self.task_at(index.row())
        if task is not None:
            self.open_member_card(task.member_id)

    def open_member_card(self, member_id: int) -> None:
        from ui.dialogs.member_card import open_member_card

        open_member_card(self.ctx, member_id, parent=self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                task = self.current_task()
                if task is not None:
                    self.log_call(task)
                return True
        return super().eventFilter(obj, event)


def create(ctx: AppContext) -> QWidget:
    return CallListPage(ctx)
