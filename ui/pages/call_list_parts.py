"""Pieces of the 今日回访 page (ui/pages/call_list.py): roles, state colours, the texts
of a reason and its state, and the two delegates (state pill, "Log" button)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app import labels
from app.calllist import Task
from app.normalize import format_fen

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
    elif task.reason in ("event_invite", "event_reminder"):
        extra += [str(d[k]) for k in ("event", "event_date") if d.get(k)]
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
