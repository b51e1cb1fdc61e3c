"""The form kit of the counter dialogs (purchase, return, contact, survey, complaint,
lost reason): their stylesheet, red inline errors under a field, Ctrl+Enter/Ctrl+S to
save, the staff chooser that remembers the session's clerk, the one-line member
description, and the clerk / date-time / (ticket no.) / note fields of a ticket.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import labels, users
from app.core import Actor
from app.normalize import mask_phone
from ui import i18n


# Local styling for the counter dialogs (style.qss is shared; these names are ours).
def use_dialog_style(dialog: QWidget) -> None:
    """Give ``dialog`` the form kit's look: the rules scoped by ``formKit`` in
    resources/style.qss (fields, red invalid frames, error labels, tables)."""
    dialog.setProperty("formKit", "true")


def lang() -> str:
    return i18n.current_language()


def error_label() -> QLabel:
    """A red inline message under a field, hidden while empty."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def mark_invalid(widget: QWidget, message: str) -> None:
    """Red frame (``invalid`` property, see resources/style.qss) and the message as tooltip.
    The property is the text "true" or "", not a bool: reading a bool property back
    through PySide6 6.12 corrupts the refcount of True (Fatal Python error)."""
    widget.setProperty("invalid", "true" if message else "")
    widget.setToolTip(message)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_style_flag(widget: QWidget, name: str, on: bool) -> None:
    """Turn a dynamic property that resources/style.qss styles by (``error``, ...) on or
    off, and restyle the widget (Qt reads properties only when polishing). Text values,
    for the reason ``mark_invalid`` gives."""
    widget.setProperty(name, "true" if on else "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_error(label: QLabel, widget: QWidget | None, text: str) -> None:
    """Show ``text`` in ``label`` under a field and mark ``widget`` (empty: clear)."""
    label.setText(text)
    label.setVisible(bool(text))
    if widget is not None:
        mark_invalid(widget, text)


def field_with_error(widget: QWidget, label: QLabel) -> QWidget:
    box = QWidget()
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(2)
    col.addWidget(widget)
    col.addWidget(label)
    return box


def is_ctrl_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


def add_save_shortcuts(dialog: QDialog, slot: Any) -> list[QShortcut]:
    """Ctrl+Enter (both Enter keys) and Ctrl+S save from anywhere in the dialog."""
    out = []
    for seq in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
        sc = QShortcut(QKeySequence(seq), dialog)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(slot)
        out.append(sc)
    return out


# ------------------------------------------------------------------ clerk chooser

_SESSION: dict[str, int | None] = {"clerk_id": None}


def remembered_clerk() -> int | None:
    return _SESSION["clerk_id"]


def forget_clerk() -> None:
    """Forget the session's clerk (tests start from a clean session)."""
    _SESSION["clerk_id"] = None


class ClerkCombo(QComboBox):
    """Active staff, clerks first; preselects the clerk used last in this session, else
    the acting user. ``current_id()`` is the chosen ``users.id`` (None: no staff)."""

    def __init__(self, db: Any, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clerkCombo")
        self.staff = users.list_staff(db)
        for u in self.staff:
            text = u["display_name"]
            if u["role"] != "clerk":
                text += f"（{labels.word('role', u['role'], lang())}）"
            self.addItem(text, u["id"])
        if not self.staff:
            self.addItem("—", None)
        for wanted in (remembered_clerk(), actor.user_id):
            i = self.findData(wanted) if wanted is not None else -1
            if i >= 0:
                self.setCurrentIndex(i)
                break

    def current_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def remember(self) -> None:
        _SESSION["clerk_id"] = self.current_id()


# ------------------------------------------------------------------ member line


def member_line(
    row: dict[str, Any], tiers: dict[str, dict[str, Any]], *, last_visit: bool = False
) -> str:
    """ "张三 · VK000123 · 138****5678 · 金卡" (and the last purchase's day: namesakes
    are told apart by when they last came)."""
    parts = [row["name"], row["member_no"], mask_phone(row.get("phone"))]
    parts.append(users.tier_name(tiers, row.get("tier"), lang()))
    if last_visit:
        last = row.get("last_purchase_at")
        text = QCoreApplication.translate("MemberFinder", "last purchase %1")
        parts.append(
            text.replace("%1", str(last)[:10])
            if last
            else QCoreApplication.translate("MemberFinder", "no purchase yet")
        )
    return "  ·  ".join(p for p in parts if p)


# ------------------------------------------------------------------ ticket fields


class TicketFields(QWidget):
    """Clerk, date and time, the ticket no. (``with_ticket``) and a note, each with its
    error under it, as the purchase and the return dialog ask for them. The dialogs set
    the labels' and placeholders' words (their own translation context).

    ``field_errors`` maps ``app``'s field names (``clerk_id``, ``at``, ``ticket_no``,
    ``note``) to the error label and the editor it marks."""

    def __init__(
        self, db: Any, actor: Actor, *, with_ticket: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.clerk_combo = ClerkCombo(db, actor)
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.at_edit.setObjectName("atEdit")
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.ticket_edit: QLineEdit | None = None
        if with_ticket:
            self.ticket_edit = QLineEdit()
            self.ticket_edit.setObjectName("ticketEdit")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.field_errors: dict[str, tuple[QLabel, QWidget]] = {
            "clerk_id": (error_label(), self.clerk_combo),
            "at": (error_label(), self.at_edit),
        }
        if self.ticket_edit is not None:
            self.field_errors["ticket_no"] = (error_label(), self.ticket_edit)
        self.field_errors["note"] = (error_label(), self.note_edit)
        self.clerk_label = QLabel()
        self.at_label = QLabel()
        self.ticket_label = QLabel()
        self.note_label = QLabel()
        form = QGridLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 2 if with_ticket else 1)
        # (label, field, row, column, column span): with a ticket no. two by two; without,
        # the note takes the whole second row.
        places = (
            [
                (self.clerk_label, "clerk_id", 0, 0, 1),
                (self.at_label, "at", 0, 2, 1),
                (self.ticket_label, "ticket_no", 1, 0, 1),
                (self.note_label, "note", 1, 2, 1),
            ]
            if with_ticket
            else [
                (self.clerk_label, "clerk_id", 0, 0, 1),
                (self.at_label, "at", 0, 2, 1),
                (self.note_label, "note", 1, 0, 3),
            ]
        )
        top_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        for label, key, row, col, span in places:
            err, widget = self.field_errors[key]
            label.setContentsMargins(0, 6, 0, 0)
            form.addWidget(label, row, col, top_right)
            form.addWidget(field_with_error(widget, err), row, col + 1, 1, span)

    def at(self) -> dt.datetime:
        """The chosen date and time, to the second."""
        stamp = self.at_edit.dateTime().toPython()
        assert isinstance(stamp, dt.datetime)
        return stamp.replace(microsecond=0)

    def clear_errors(self) -> None:
        for label, widget in self.field_errors.values():
            set_error(label, widget, "")
