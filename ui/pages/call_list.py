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
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import calllist, labels, users
from app.calllist import Task
from app.core import Changes
from app.normalize import format_fen, mask_phone
from ui import i18n
from ui.context import AppContext
from ui.models.readonly_table import ReadOnlyTableModel

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

# Roles as ints, cached once (PERF-NOTES.md: the enum lookup costs ~3 µs per call).
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
TASK_ROLE = int(Qt.ItemDataRole.UserRole) + 2
STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 3

OVERDUE, TODAY, UPCOMING = "overdue", "today", "upcoming"
# Readable tints, not alarms: dark text on a pale ground.
STATE_COLOURS = {
    OVERDUE: (QColor("#b42318"), QColor("#fdecea")),
    TODAY: (QColor("#8a5a00"), QColor("#fff4e5")),
    UPCOMING: (QColor("#52606d"), None),
}
_FG = {k: QBrush(v[0]) for k, v in STATE_COLOURS.items()}
_BG = {k: QBrush(v[1]) for k, v in STATE_COLOURS.items() if v[1] is not None}
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

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


def tried_text(attempts: int) -> str:
    # A function of its own: pyside6-lupdate did not pick this call up inside data().
    return QCoreApplication.translate(
        "CallListPage", "Tried %n time(s) without reaching the member.", None, attempts
    )


def state_of(task: Task) -> str:
    if task.days_overdue > 0:
        return OVERDUE
    if task.days_overdue == 0:
        return TODAY
    return UPCOMING


def state_text(task: Task) -> str:
    days = task.days_overdue
    if days > 0:
        return QCoreApplication.translate("CallListPage", "%n day(s) overdue", None, days)
    if days == 0:
        return QCoreApplication.translate("CallListPage", "Due today")
    return QCoreApplication.translate("CallListPage", "in %n day(s)", None, -days)


def reason_text(task: Task, lang: str) -> str:
    """The reason with its detail: "配偶生日（李四）", "售后次日回访（¥1,280.00）"."""
    d = task.detail
    sep = "，" if lang == "zh" else ", "
    extra: list[str] = []
    base = labels.word("task_reason", task.reason, lang)
    if task.reason == "birthday":
        if d.get("calendar") == "lunar":
            extra.append(labels.word("calendar", "lunar", lang))
        if d.get("age") is not None:
            extra.append(
                QCoreApplication.translate("CallListPage", "%1 years old").replace(
                    "%1", str(d["age"])
                )
            )
    elif task.reason == "family_birthday":
        relation = labels.word("relation", d.get("relation"), lang)
        base = (
            QCoreApplication.translate("CallListPage", "%1's birthday").replace("%1", relation)
            if relation
            else base
        )
        if d.get("name"):
            extra.append(str(d["name"]))
        if d.get("calendar") == "lunar":
            extra.append(labels.word("calendar", "lunar", lang))
        if d.get("age") is not None:
            extra.append(
                QCoreApplication.translate("CallListPage", "%1 years old").replace(
                    "%1", str(d["age"])
                )
            )
    elif task.reason == "wedding_anniversary":
        if d.get("years"):
            extra.append(
                QCoreApplication.translate("CallListPage", "%1 years married").replace(
                    "%1", str(d["years"])
                )
            )
    elif task.reason in ("post_sale_day1", "post_sale_day7"):
        if d.get("paid_fen") is not None:
            extra.append(format_fen(d["paid_fen"]))
    elif task.reason == "dormant":
        if d.get("days_since_purchase") is not None:
            days = str(d["days_since_purchase"])
            extra.append(
                QCoreApplication.translate("CallListPage", "no purchase for %1 days").replace(
                    "%1", days
                )
            )
    elif task.reason == "follow_up":
        if d.get("previous_purpose"):
            previous = labels.word("purpose", d["previous_purpose"], lang)
            extra.append(
                QCoreApplication.translate("CallListPage", "last time: %1").replace("%1", previous)
            )
        note = (d.get("note") or "").strip()
        if note:
            extra.append(note if len(note) <= 24 else note[:23] + "…")
    elif task.reason == "campaign":
        extra.append(labels.word("purpose", d.get("purpose"), lang))
        if d.get("note"):
            extra.append(str(d["note"]))
    elif task.reason in ("complaint_followup", "complaint_check"):
        extra.append(labels.word("complaint_category", d.get("category"), lang))
        text = (d.get("text") or "").strip()
        if text:
            extra.append(text if len(text) <= 24 else text[:23] + "…")
    elif task.reason == "festival" and d.get("festival"):
        extra.append(labels.word("festival", d["festival"], lang))
    elif task.reason == "points_expiring" and d.get("points"):
        extra.append(
            QCoreApplication.translate("CallListPage", "%1 points expire on %2")
            .replace("%1", f"{int(d['points']):,}")
            .replace("%2", str(d.get("expires_on") or "")[:10])
        )
    elif task.reason == "reward_ready" and d.get("balance") is not None:
        extra.append(
            QCoreApplication.translate("CallListPage", "%1 points, a reward needs %2")
            .replace("%1", f"{int(d['balance']):,}")
            .replace("%2", f"{int(d.get('cost') or 0):,}")
        )
    if not extra:
        return base
    return (
        QCoreApplication.translate("CallListPage", "%1 (%2)")
        .replace("%1", base)
        .replace("%2", sep.join(extra))
    )


# ------------------------------------------------------------------ model


class TaskModel(ReadOnlyTableModel):
    """The tasks as rows; display texts are made when first painted and cached."""

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
    def tasks(self) -> list[Task]:
        return self.records

    def set_tasks(
        self,
        tasks: list[Task] | TaskList,
        *,
        clerks: dict[int, str],
        tiers: dict[str, dict[str, Any]],
        lang: str,
    ) -> None:
        listed = tasks if isinstance(tasks, TaskList) else prepare(tasks)
        self.listed = listed
        self.clerks = clerks
        self.tiers = tiers
        self.lang = lang
        self._states = listed.states
        self.set_records(listed.tasks)

    def retranslate(self, lang: str) -> None:  # type: ignore[override]
        self.lang = lang
        super().retranslate()

    def format_row(self, t: Task) -> tuple[str, ...]:
        clerk = self.clerks.get(t.clerk_id, "") if t.clerk_id is not None else ""
        return (
            t.due.isoformat(),
            state_text(t),
            reason_text(t, self.lang),
            t.name,
            t.member_no,
            mask_phone(t.phone),
            users.tier_name(self.tiers, t.tier, self.lang),
            clerk or "—",
            QCoreApplication.translate("CallListPage", "Log"),
        )

    def sort_value(self, row: int, column: int) -> Any:
        if column in (COL_DUE, COL_STATE, COL_ACTION):
            return row  # app's order: overdue first, then due date, reason
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


class TaskSortProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` (raw values); the due and state columns keep app's order
    (overdue first, then by due date, reason and member no.)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)


class StateDelegate(QStyledItemDelegate):
    """The state as a soft pill (tinted ground, dark coloured text) that keeps its
    colour on the selected row too."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        state = index.data(STATE_ROLE)
        fg, bg = STATE_COLOURS.get(state, STATE_COLOURS[UPCOMING])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor("#e1eef4"))
        text = str(index.data(DISPLAY) or "")
        width = option.fontMetrics.horizontalAdvance(text) + 20
        rect = QRect(0, 0, min(width, option.rect.width() - 8), option.rect.height() - 10)
        rect.moveCenter(option.rect.center())
        if bg is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bg)
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(fg)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class LogButtonDelegate(QStyledItemDelegate):
    """Draws a "Log" button in its column; a click on it emits ``clicked(row)``."""

    clicked = Signal(QModelIndex)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight().color().lighter(190))
        rect = self.button_rect(option.rect)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.setPen(QPen(QColor("#2f6f8f"), 1))
        painter.setBrush(QColor("#e1eef4") if hover else QColor("#ffffff"))
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(QColor("#1d4f66"))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(index.data(DISPLAY) or ""))
        painter.restore()

    @staticmethod
    def button_rect(cell: QRect) -> QRect:
        return cell.adjusted(8, 4, -8, -4)

    def editorEvent(
        self,
        event: QEvent,
        model: Any,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.button_rect(option.rect).contains(event.position().toPoint())
        ):
            self.clicked.emit(QModelIndex(index))
            return True
        return super().editorEvent(event, model, option, index)


# ------------------------------------------------------------------ worker


def compute_tasks(db: Any, today: dt.date, clerk_id: int | None) -> list[Task]:
    """The call list through ``db``: the runner's connection of the worker thread's own
    (a sqlite3 connection belongs to its thread), ``ctx.db`` for an in-memory store."""
    return calllist.call_list(db, today=today, clerk_id=clerk_id)


@dataclass
class TaskList:
    """A computed list with what the page needs precomputed on the worker thread (the
    GUI thread then only swaps it in: ~25k tasks on the 100k store)."""

    tasks: list[Task] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    by_reason: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_today: int = 0
    rows_by_key: dict[str, int] = field(default_factory=dict)


def prepare(tasks: list[Task], *, unassigned_only: bool = False) -> TaskList:
    if unassigned_only:
        tasks = [t for t in tasks if t.clerk_id is None]
    states = [state_of(t) for t in tasks]
    return TaskList(
        tasks=tasks,
        states=states,
        by_reason=dict(Counter(t.reason for t in tasks)),
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
        clerk_id = clerk if isinstance(clerk, int) else None
        self._update_date()
        self.status_label.setText(QCoreApplication.translate("CallListPage", "Computing the list…"))
        self.refresh_button.setEnabled(False)
        db = self.ctx.db
        # Read on the GUI thread now: the result may arrive after the window (and its
        # connection) closed, and _on_done must not touch the database then.
        self._tier_names = users.tier_names(db)
        unassigned_only = clerk == UNASSIGNED

        def work(conn: Any, _progress: Any, _cancel: Any) -> tuple[TaskList, Any, float]:
            # on the worker thread: touches neither the page nor widgets
            started = time.perf_counter()
            try:
                tasks = compute_tasks(conn, today, clerk_id)
                listed = prepare(tasks, unassigned_only=unassigned_only)
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
        tasks = self.model.tasks
        lang = i18n.current_language()
        if not tasks:
            self.counts_label.setText(
                QCoreApplication.translate("CallListPage", "No calls for this day.")
            )
            self.empty_label.setText(
                QCoreApplication.translate(
                    "CallListPage", "Nothing to call about today — well done."
                )
            )
            return
        listed = self.model.listed
        overdue, due_today, by_reason = listed.overdue, listed.due_today, listed.by_reason
        order = list(calllist.REASON_ORDER)
        pair = QCoreApplication.translate("CallListPage", "%1: %2")
        parts = [
            pair.replace("%1", labels.word("task_reason", r, lang)).replace("%2", f"{n:,}")
            for r, n in sorted(by_reason.items(), key=lambda rn: order.index(rn[0]))
        ]
        head = QCoreApplication.translate(
            "CallListPage", "%1 calls: %2 overdue, %3 due today"
        ).replace("%1", f"{len(tasks):,}")
        head = head.replace("%2", f"{overdue:,}").replace("%3", f"{due_today:,}")
        self.counts_label.setText(head + "\n" + "  ·  ".join(parts))

    def counts(self) -> dict[str, int]:
        """Tasks per reason code, as shown."""
        return dict(self.model.listed.by_reason)

    # ------------------------------------------------------------------ actions

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
