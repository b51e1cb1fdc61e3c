"""The points tab of the member card (积分): ``PointsTab(ctx, member_id, parent=None)``.

* Figures: the balance (the sum of the ledger), what it is worth, the points expiring
  within 30 days and their first last-valid day.
* Redeem: pick a reward of the catalogue; when the points are short the refusal is shown
  inline ("积分不足：需要 500 分，现有 320 分，还差 180 分") and nothing is written.
* Adjust: an amount (+ or −) and a written reason (required; owner or manager).
* Record visit: the day's visit points (once a day).
* The ledger, newest first, with the balance after each entry.

Everything comes from ``app.loyalty``; after an action the tab notifies the app
(``ctx.notify``) and reloads. It reloads itself when shown and when its window becomes
active again (a purchase or return recorded in a dialog changes the points). With
``member_id`` None it follows its parent's ``member_id`` (the card of a new member gets
one on its first save).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import labels, loyalty, permissions
from app.core import Changes, NotFound, PermissionDenied, ValidationError
from app.loyalty.voucher import redemption_voucher
from app.normalize import format_fen
from ui import i18n
from ui.context import AppContext
from ui.dialogs import voucher
from ui.models.readonly_table import ReadOnlyTableModel

CONTEXT = "PointsTab"
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
GAIN = QBrush(QColor("#2e7d32"))
LOSS = QBrush(QColor("#b3261e"))
MUTED = QBrush(QColor("#7b8794"))

C_AT, C_REASON, C_DELTA, C_BALANCE, C_EXPIRES, C_REF, C_CLERK, C_NOTE = range(8)
HEADERS = (
    QT_TRANSLATE_NOOP("PointsTab", "Time"),
    QT_TRANSLATE_NOOP("PointsTab", "Type"),
    QT_TRANSLATE_NOOP("PointsTab", "Points"),
    QT_TRANSLATE_NOOP("PointsTab", "Balance"),
    QT_TRANSLATE_NOOP("PointsTab", "Valid until"),
    QT_TRANSLATE_NOOP("PointsTab", "Reference"),
    QT_TRANSLATE_NOOP("PointsTab", "Clerk"),
    QT_TRANSLATE_NOOP("PointsTab", "Note"),
)
NUMERIC = (C_DELTA, C_BALANCE)

STYLE = """
QLabel#pointsBalance { font-size: 22pt; font-weight: bold; color: #1d4f66; }
QLabel#figureCaption { color: #616e7c; }
QLabel#figureValue { font-size: 13pt; font-weight: bold; color: #1f2933; }
QLabel#expiringValue { font-size: 13pt; font-weight: bold; color: #8a5a00; }
QLabel#pointsError { color: #b3261e; }
QLabel#pointsOk { color: #2e7d32; }
QLabel#pointsNotice { background: #fff4e5; color: #8a5a00; border-radius: 4px; padding: 6px 10px; }
QGroupBox { font-weight: bold; border: 1px solid #e4e7eb; border-radius: 8px;
            margin-top: 14px; padding: 14px 10px 8px 10px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 4px; color: #323f4b; }
QGroupBox QLabel { font-weight: normal; }
QFrame#pointsFigures { background: #ffffff; border: 1px solid #e4e7eb; border-radius: 8px; }
"""


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _time(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else ""


def _ref_text(entry: dict[str, Any]) -> str:
    kind, label = entry["ref_type"], entry["ref_label"]
    if not label:
        return ""
    if kind == "purchase":
        return QCoreApplication.translate("PointsTab", "Ticket %1").replace("%1", label)
    if kind == "points_ledger":
        return QCoreApplication.translate("PointsTab", "earned %1").replace("%1", label)
    if kind == "member" and entry["reason"] == "referral":
        return QCoreApplication.translate("PointsTab", "Referred %1").replace("%1", label)
    return str(label)


_SPEND_NOTE = re.compile(r"^spend #(\d+)(?:; shortfall=(\d+))?$")


def _note_text(entry: dict[str, Any]) -> str:
    note = entry["note"] or ""
    if note == "backfill":
        return QCoreApplication.translate("PointsTab", "awarded afterwards for an earlier purchase")
    m = _SPEND_NOTE.match(note)
    if m:
        text = QCoreApplication.translate("PointsTab", "points of entry #%1").replace(
            "%1", m.group(1)
        )
        if m.group(2):
            text += QCoreApplication.translate(
                "PointsTab", "; %1 not taken back (balance too low)"
            ).replace("%1", m.group(2))
        return text
    return note


class LedgerModel(ReadOnlyTableModel):
    """The ledger's rows (``app.loyalty`` entries), each formatted when first shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(len(HEADERS), lambda section: _t(HEADERS[section]), parent)
        self.lang = "zh"

    def set_entries(self, entries: list[dict[str, Any]], lang: str) -> None:
        self.lang = lang
        self.set_records(entries)

    def format_row(self, e: dict[str, Any]) -> tuple[str, ...]:
        return (
            _time(e["at"]),
            labels.word("points_reason", e["reason"], self.lang),
            f"{e['delta']:+,}",
            f"{e['balance_after']:,}",
            (e["expires_at"] or QCoreApplication.translate("PointsTab", "never"))
            if e["delta"] > 0
            else "",
            _ref_text(e),
            e["clerk_name"] or ("—" if e["clerk_id"] is None else f"#{e['clerk_id']}"),
            _note_text(e),
        )

    def cell_data(self, row: int, column: int, role: int) -> Any:
        if role == ALIGN and column in NUMERIC:
            return RIGHT
        if role == FOREGROUND:
            if column == C_DELTA:
                return GAIN if self.records[row]["delta"] > 0 else LOSS
            if column in (C_EXPIRES, C_CLERK):
                return MUTED
        if role == TOOLTIP and column == C_NOTE:
            return self.text(row, column) or None
        return None


class PointsTab(QWidget):
    """One member's points (see the module docstring)."""

    changed = Signal(object)  # app.core.Changes of an action taken here

    def __init__(
        self,
        ctx: AppContext,
        member_id: int | None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._member_id = member_id
        self._owner = parent
        self._today = today
        self.data: dict[str, Any] | None = None
        self.setObjectName("pointsTab")
        self.setStyleSheet(STYLE)

        # figures ---------------------------------------------------------------
        self.balance_caption = QLabel()
        self.balance_caption.setObjectName("figureCaption")
        self.balance_value = QLabel("0")
        self.balance_value.setObjectName("pointsBalance")
        self.worth_caption = QLabel()
        self.worth_caption.setObjectName("figureCaption")
        self.worth_value = QLabel()
        self.worth_value.setObjectName("figureValue")
        self.expiring_caption = QLabel()
        self.expiring_caption.setObjectName("figureCaption")
        self.expiring_value = QLabel()
        self.expiring_value.setObjectName("expiringValue")
        self.visit_button = QPushButton()
        self.visit_button.setObjectName("visitButton")
        self.visit_button.clicked.connect(self.record_visit)
        self.visit_message = QLabel()
        self.visit_message.setWordWrap(True)
        figures = QFrame()
        figures.setObjectName("pointsFigures")
        grid = QGridLayout(figures)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setHorizontalSpacing(36)
        for col, (cap, val) in enumerate(
            (
                (self.balance_caption, self.balance_value),
                (self.worth_caption, self.worth_value),
                (self.expiring_caption, self.expiring_value),
            )
        ):
            grid.addWidget(cap, 0, col)
            grid.addWidget(val, 1, col, Qt.AlignmentFlag.AlignBottom)
        grid.setColumnStretch(3, 1)
        visit_box = QVBoxLayout()
        visit_box.addWidget(self.visit_button, 0, Qt.AlignmentFlag.AlignRight)
        visit_box.addWidget(self.visit_message, 0, Qt.AlignmentFlag.AlignRight)
        grid.addLayout(visit_box, 0, 4, 2, 1)

        self.notice = QLabel()
        self.notice.setObjectName("pointsNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        # redeem ----------------------------------------------------------------
        self.redeem_group = QGroupBox()
        self.reward_combo = QComboBox()
        self.reward_combo.setObjectName("rewardCombo")
        self.reward_combo.setMinimumWidth(220)
        self.redeem_button = QPushButton()
        self.redeem_button.setObjectName("redeemButton")
        self.redeem_button.clicked.connect(self.redeem)
        self.redeem_message = QLabel()
        self.redeem_message.setWordWrap(True)
        self.redeem_message.hide()
        self.last_redemption_id: int | None = None
        self.voucher_button = QPushButton()  # shown after a redemption
        self.voucher_button.setObjectName("voucherButton")
        self.voucher_button.clicked.connect(lambda: self.print_voucher())
        self.voucher_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.reward_combo, 1)
        row.addWidget(self.redeem_button)
        done_row = QHBoxLayout()
        done_row.addWidget(self.redeem_message, 1)
        done_row.addWidget(self.voucher_button)
        redeem_layout = QVBoxLayout(self.redeem_group)
        redeem_layout.addLayout(row)
        redeem_layout.addLayout(done_row)
        redeem_layout.addStretch(1)

        # adjust ----------------------------------------------------------------
        self.adjust_group = QGroupBox()
        self.points_spin = QSpinBox()
        self.points_spin.setObjectName("adjustPoints")
        self.points_spin.setRange(-loyalty.MAX_POINTS, loyalty.MAX_POINTS)
        self.points_spin.setSingleStep(10)
        self.points_spin.setMinimumWidth(110)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("adjustReason")
        self.reason_edit.setMaxLength(loyalty.NOTE_MAX + 20)
        self.reason_edit.returnPressed.connect(self.adjust)
        self.adjust_button = QPushButton()
        self.adjust_button.setObjectName("adjustButton")
        self.adjust_button.clicked.connect(self.adjust)
        self.adjust_message = QLabel()
        self.adjust_message.setWordWrap(True)
        self.adjust_message.hide()
        row = QHBoxLayout()
        row.addWidget(self.points_spin)
        row.addWidget(self.reason_edit, 1)
        row.addWidget(self.adjust_button)
        adjust_layout = QVBoxLayout(self.adjust_group)
        adjust_layout.addLayout(row)
        adjust_layout.addWidget(self.adjust_message)
        adjust_layout.addStretch(1)

        actions = QHBoxLayout()
        actions.setSpacing(12)
        actions.addWidget(self.redeem_group, 1)
        actions.addWidget(self.adjust_group, 1)
        # adjustments are for managers and owners (app/permissions.py ADJUST_POINTS)
        if not permissions.allowed(ctx.actor, permissions.ADJUST_POINTS):
            self.adjust_group.hide()

        # ledger ----------------------------------------------------------------
        self.ledger_caption = QLabel()
        self.ledger_caption.setObjectName("figureCaption")
        self.model = LedgerModel(self)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((C_AT, 130), (C_REASON, 90), (C_DELTA, 80), (C_BALANCE, 80),
                           (C_EXPIRES, 95), (C_REF, 150), (C_CLERK, 70)):  # fmt: skip
            self.table.setColumnWidth(col, width)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 8)
        layout.setSpacing(10)
        layout.addWidget(figures)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        layout.addWidget(self.ledger_caption)
        layout.addWidget(self.table, 1)

        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ state

    def member_id(self) -> int | None:
        if self._member_id is not None:
            return self._member_id
        return getattr(self._owner, "member_id", None)

    def today(self) -> dt.date:
        if self._today is not None:
            return self._today
        return getattr(self._owner, "today", None) or dt.date.today()

    def refresh(self) -> None:
        """Reload everything from the ledger."""
        mid = self.member_id()
        lang = i18n.current_language()
        if mid is None:
            self.data = None
            self.model.set_entries([], lang)
            self._show_figures(None)
            self._set_enabled(False)
            self._notice(self.tr("Save the member first: points start with the member number."))
            return
        try:
            self.data = loyalty.member_points(self.ctx.db, mid, today=self.today())
        except NotFound:
            self.data = None
            self._set_enabled(False)
            return
        except sqlite3.ProgrammingError:  # the store was closed under a closing window
            return
        self.model.set_entries(self.data["ledger"], lang)
        self._show_figures(self.data)
        self._fill_rewards()
        self._set_enabled(True)
        if not self.data["started"]:
            self._notice(
                self.tr(
                    "The points programme has not started: the owner sets its rules on the "
                    "Loyalty page. Adjustments can still be recorded."
                )
            )
        else:
            self.notice.hide()
        self.ledger_caption.setText(
            self.tr("Points ledger (%1 entries)").replace("%1", f"{len(self.data['ledger']):,}")
        )

    def _notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _set_enabled(self, on: bool) -> None:
        started = bool(self.data and self.data["started"])
        self.redeem_group.setEnabled(on and started)
        self.visit_button.setEnabled(on and started)
        self.adjust_group.setEnabled(on)

    def _show_figures(self, data: dict[str, Any] | None) -> None:
        if data is None:
            self.balance_value.setText("—")
            self.worth_value.setText("—")
            self.expiring_value.setText("—")
            return
        self.balance_value.setText(f"{data['balance']:,}")
        self.worth_value.setText(format_fen(data["value_fen"]))
        if data["expiring_points"]:
            self.expiring_value.setText(
                self.tr("%1 (valid until %2)")
                .replace("%1", f"{data['expiring_points']:,}")
                .replace("%2", data["next_expiry"] or "")
            )
        else:
            self.expiring_value.setText(self.tr("none"))

    def _fill_rewards(self) -> None:
        assert self.data is not None
        current = self.reward_combo.currentData()
        self.reward_combo.blockSignals(True)
        self.reward_combo.clear()
        lang = i18n.current_language()
        for w in self.data["rewards"]:
            text = (
                self.tr("%1 · %2 points")
                .replace("%1", w["name"])
                .replace("%2", f"{w['cost_points']:,}")
            )
            kind = labels.word("reward_kind", w["kind"], lang)
            text = f"{text}（{kind}）" if lang == "zh" else f"{text} ({kind})"
            if not w["affordable"]:
                text += self.tr(" — not enough points")
            self.reward_combo.addItem(text, w["id"])
        if not self.data["rewards"]:
            self.reward_combo.addItem(self.tr("No rewards in the catalogue yet"), None)
        index = self.reward_combo.findData(current)
        if index >= 0:
            self.reward_combo.setCurrentIndex(index)
        else:  # the dearest one the member can afford, else the cheapest
            affordable = [i for i, w in enumerate(self.data["rewards"]) if w["affordable"]]
            self.reward_combo.setCurrentIndex(affordable[-1] if affordable else 0)
        self.reward_combo.blockSignals(False)

    # ------------------------------------------------------------------ actions

    def _say(self, label: QLabel, text: str, ok: bool) -> None:
        label.setObjectName("pointsOk" if ok else "pointsError")
        label.style().unpolish(label)
        label.style().polish(label)
        label.setText(text)
        label.setVisible(bool(text))

    def _errors(self, exc: ValidationError) -> str:
        lang = i18n.current_language()
        return (
            "；".join(e.message(lang) for e in exc.errors)
            if lang == "zh"
            else "; ".join(e.message(lang) for e in exc.errors)
        )

    def _done(self, changes: Changes) -> None:
        self.refresh()
        if changes:
            self.ctx.notify(changes)
            self.changed.emit(changes)

    def redeem(self) -> bool:
        """Redeem the chosen reward; a refusal is shown under it."""
        mid = self.member_id()
        reward_id = self.reward_combo.currentData()
        if mid is None or reward_id is None:
            self._say(self.redeem_message, self.tr("Choose a reward first."), False)
            return False
        reward = next(
            (w for w in (self.data or {}).get("rewards", []) if w["id"] == reward_id), None
        )
        name = reward["name"] if reward else self.reward_combo.currentText().split(" · ")[0]
        if reward is not None and reward["affordable"] and not self._confirm_redeem(reward):
            return False  # a short balance is refused below without asking
        try:
            changes = loyalty.redeem(
                self.ctx.db, actor=self.ctx.actor, member_id=mid, reward_id=reward_id
            )
        except ValidationError as exc:
            self._say(self.redeem_message, self._errors(exc), False)
            return False
        self.last_redemption_id = changes.created_id
        self._done(changes)
        self._say(self.redeem_message, self.tr("Redeemed: %1").replace("%1", name), True)
        self.voucher_button.show()
        return True

    def _confirm_redeem(self, reward: dict[str, Any]) -> bool:
        """Points leave the member's account for good: say how many, what for and what
        they are worth, and ask (#20: one click used to redeem)."""
        balance = int((self.data or {}).get("balance") or 0)
        text = (
            self.tr("Redeem %1?\n\nThis uses %3 points%4; %5 points are left.")
            .replace("%1", reward["name"])
            .replace("%3", f"{reward['cost_points']:,}")
            .replace(
                "%4",
                self.tr(" (worth %1)").replace("%1", format_fen(reward["value_fen"]))
                if reward.get("value_fen")
                else "",
            )
            .replace("%5", f"{balance - reward['cost_points']:,}")
        )
        answer = QMessageBox.question(
            self,
            self.tr("Redeem points"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def print_voucher(self, printer: Any = None) -> bool:
        """Print the last redemption's voucher: on ``printer`` (tests, a PDF), else on
        the printer the clerk picks."""
        if self.last_redemption_id is None:
            return False
        data = redemption_voucher(self.ctx.db, self.last_redemption_id)
        if printer is not None:
            voucher.print_voucher(data, printer)
            return True
        return voucher.ask_and_print(data, self)

    def adjust(self) -> bool:
        """Add or remove points with the written reason."""
        mid = self.member_id()
        if mid is None:
            return False
        try:
            changes = loyalty.adjust_points(
                self.ctx.db,
                actor=self.ctx.actor,
                member_id=mid,
                points=self.points_spin.value(),
                note=self.reason_edit.text(),
            )
        except ValidationError as exc:
            self._say(self.adjust_message, self._errors(exc), False)
            return False
        except PermissionDenied:
            self._say(
                self.adjust_message,
                self.tr("Only the owner or a manager may adjust points."),
                False,
            )
            return False
        points = self.points_spin.value()
        self.points_spin.setValue(0)
        self.reason_edit.clear()
        self._done(changes)
        text = self.tr("Adjusted by %1 points.").replace("%1", f"{points:+,}")
        self._say(self.adjust_message, text, True)
        return True

    def record_visit(self) -> bool:
        """Today's visit points (once a day)."""
        mid = self.member_id()
        if mid is None:
            return False
        try:
            changes = loyalty.record_visit(self.ctx.db, actor=self.ctx.actor, member_id=mid)
        except ValidationError as exc:
            self._say(self.visit_message, self._errors(exc), False)
            return False
        if not changes:
            self._say(self.visit_message, self.tr("Already recorded today."), False)
            return False
        self._done(changes)
        self._say(self.visit_message, self.tr("Visit points added."), True)
        return True

    # ------------------------------------------------------------------ Qt

    def on_changes(self, changes: Changes) -> None:
        mid = self.member_id()
        if mid in changes.member_ids or changes.touches("rewards", "loyalty_rules", "settings"):
            self.refresh()

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refresh()
        elif kind == QEvent.Type.ActivationChange and self.isVisible() and self.isActiveWindow():
            self.refresh()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.balance_caption.setText(self.tr("Points balance"))
        self.worth_caption.setText(self.tr("Worth"))
        self.expiring_caption.setText(self.tr("Expiring within 30 days"))
        self.visit_button.setText(self.tr("Record visit"))
        self.visit_button.setToolTip(self.tr("Visit points, once a day, no purchase needed"))
        self.redeem_group.setTitle(self.tr("Redeem a reward"))
        self.redeem_button.setText(self.tr("Redeem"))
        self.voucher_button.setText(self.tr("Print voucher…"))
        self.adjust_group.setTitle(self.tr("Adjust points"))
        self.adjust_button.setText(self.tr("Adjust"))
        self.reason_edit.setPlaceholderText(
            self.tr("Reason (required), e.g. missed on ticket 0815")
        )
        self.points_spin.setToolTip(self.tr("Points to add; negative to take away"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
