"""The member card (会员卡片): one member's header figures, archive, purchases and
contacts, in a non-modal window the clerk keeps open beside the list.

* Header: name, member no., tier, total spend, visits, last purchase, points, next
  birthday (a lunar one as ``农历八月十五 → 2027-09-15``), open complaints.
* Tabs: Archive (every field of the 顾客档案, edited in place, saved with Ctrl+S),
  Purchases (tickets with their lines and returns; a Return button per ticket) and
  Contacts (the contact log; Log contact).
* Saving calls ``app.members.create_member``/``update_member``; every ``FieldError``
  is shown in red under its field, which is outlined (nothing is written while any
  field is wrong — the app guarantees it). A duplicate phone links to the member who
  has it.
* A new member is the same card, empty; after the first save it is that member's card.
* Merge duplicate…: pick the other card, compare both side by side, confirm; the other
  card's history moves here (``app.merge.merge_members``, keep = this card).

The purchase, return and contact dialogs belong to other modules and are imported when
first used (``load_dialog``); when one is accepted it has already notified the changes.
Open cards hear about changes through :func:`broadcast` (the members page forwards its
``on_changes``) and reload what they show; unsaved edits in the archive are kept.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import labels, member_form, members, merge, permissions, search
from app.core import Changes, FieldError, NotFound, ValidationError, now
from app.lunar import next_occurrence
from app.member_card import member_card
from app.normalize import format_fen, mask_phone, parse_birthday, parse_date, split_birthday
from ui import i18n
from ui.context import AppContext
from ui.dialogs.member_privacy import MemberPrivacy
from ui.widgets.points_tab import PointsTab

log = logging.getLogger(__name__)

CONTEXT = "MemberCard"
RETURN_BUTTONS = 50  # sales with their own Return button (the newest)
SEARCH_DELAY_MS = 150
USER_ROLE = int(Qt.ItemDataRole.UserRole)
# Brushes made once (a QColor would be converted to a brush on every call).
RED = QBrush(QColor("#b3261e"))
MUTED = QBrush(QColor("#7b8794"))
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ERROR_CELL = QBrush(QColor("#fde2e1"))
NO_BRUSH = QBrush()

# Archive fields: key -> label (English source, translated in the MemberCard context).
LABELS: dict[str, str] = {
    "member_no": QT_TRANSLATE_NOOP("MemberCard", "Member no."),
    "name": QT_TRANSLATE_NOOP("MemberCard", "Name *"),
    "gender": QT_TRANSLATE_NOOP("MemberCard", "Gender"),
    "birthday": QT_TRANSLATE_NOOP("MemberCard", "Birthday"),
    "phone": QT_TRANSLATE_NOOP("MemberCard", "Mobile phone"),
    "address": QT_TRANSLATE_NOOP("MemberCard", "Address"),
    "email": QT_TRANSLATE_NOOP("MemberCard", "E-mail"),
    "wechat": QT_TRANSLATE_NOOP("MemberCard", "WeChat"),
    "occupation": QT_TRANSLATE_NOOP("MemberCard", "Occupation"),
    "income_band": QT_TRANSLATE_NOOP("MemberCard", "Income band"),
    "education": QT_TRANSLATE_NOOP("MemberCard", "Education"),
    "hobbies": QT_TRANSLATE_NOOP("MemberCard", "Hobbies"),
    "source": QT_TRANSLATE_NOOP("MemberCard", "How they came"),
    "referrer_id": QT_TRANSLATE_NOOP("MemberCard", "Referred by"),
    "status": QT_TRANSLATE_NOOP("MemberCard", "Status"),
    "lost_reason": QT_TRANSLATE_NOOP("MemberCard", "Reason lost"),
    "lost_note": QT_TRANSLATE_NOOP("MemberCard", "Note on leaving"),
    "joined_on": QT_TRANSLATE_NOOP("MemberCard", "Member since"),
    "note": QT_TRANSLATE_NOOP("MemberCard", "Note"),
    "temperament": QT_TRANSLATE_NOOP("MemberCard", "Temperament"),
    "appearance": QT_TRANSLATE_NOOP("MemberCard", "Appearance"),
    "personality": QT_TRANSLATE_NOOP("MemberCard", "Personality"),
    "service_style": QT_TRANSLATE_NOOP("MemberCard", "Preferred service"),
    "sizes": QT_TRANSLATE_NOOP("MemberCard", "Sizes"),
    "size_top": QT_TRANSLATE_NOOP("MemberCard", "Top"),
    "size_bottom": QT_TRANSLATE_NOOP("MemberCard", "Bottom"),
    "size_shoe": QT_TRANSLATE_NOOP("MemberCard", "Shoes"),
    "preferred_styles": QT_TRANSLATE_NOOP("MemberCard", "Preferred styles"),
    "preferred_colours": QT_TRANSLATE_NOOP("MemberCard", "Preferred colours"),
    "preferred_brands": QT_TRANSLATE_NOOP("MemberCard", "Preferred brands"),
    "contact_notes": QT_TRANSLATE_NOOP("MemberCard", "Contact notes"),
    "consent_channels": QT_TRANSLATE_NOOP("MemberCard", "May contact by"),
    "consent_at": QT_TRANSLATE_NOOP("MemberCard", "Consent given on"),
    "tags": QT_TRANSLATE_NOOP("MemberCard", "Tags"),
    "verified_at": QT_TRANSLATE_NOOP("MemberCard", "Data verified"),
    "family": QT_TRANSLATE_NOOP("MemberCard", "Family"),
}
PLACEHOLDERS: dict[str, str] = {
    "member_no": QT_TRANSLATE_NOOP("MemberCard", "given on saving"),
    "birthday": QT_TRANSLATE_NOOP("MemberCard", "1990-08-15, or --08-15 without the year"),
    "phone": QT_TRANSLATE_NOOP("MemberCard", "11-digit mobile number"),
    "income_band": QT_TRANSLATE_NOOP("MemberCard", "e.g. 10k–20k a month"),
    "contact_notes": QT_TRANSLATE_NOOP("MemberCard", "e.g. no calls before 10 am"),
    "tags": QT_TRANSLATE_NOOP("MemberCard", "comma-separated, e.g. regular, gift buyer"),
    "consent_at": "YYYY-MM-DD",
    "service_style": QT_TRANSLATE_NOOP("MemberCard", "e.g. leave her to browse"),
}
BASIC_TEXT = ("address", "email", "wechat", "occupation", "income_band", "education", "hobbies")
FEATURE_TEXT = (
    "temperament",
    "appearance",
    "personality",
    "service_style",
    "preferred_styles",
    "preferred_colours",
    "preferred_brands",
    "contact_notes",
)
SIZE_FIELDS = ("size_top", "size_bottom", "size_shoe")
CONSENT_CHANNELS = ("phone", "sms", "wechat", "mail")

FAM_RELATION, FAM_NAME, FAM_DATE, FAM_CALENDAR, FAM_LEAP, FAM_NOTE = range(6)
FAMILY_HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Relation"),
    QT_TRANSLATE_NOOP("MemberCard", "Name"),
    QT_TRANSLATE_NOOP("MemberCard", "Date"),
    QT_TRANSLATE_NOOP("MemberCard", "Calendar"),
    QT_TRANSLATE_NOOP("MemberCard", "Leap"),
    QT_TRANSLATE_NOOP("MemberCard", "Note"),
)
FAMILY_FIELDS = {"relation": FAM_RELATION, "date": FAM_DATE, "calendar": FAM_CALENDAR}

P_AT, P_TICKET, P_WHAT, P_LIST, P_PAID, P_DISCOUNT, P_RETURNED, P_CLERK, P_ACTION = range(9)
PURCHASE_HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Date"),
    QT_TRANSLATE_NOOP("MemberCard", "Ticket"),
    QT_TRANSLATE_NOOP("MemberCard", "Items"),
    QT_TRANSLATE_NOOP("MemberCard", "List price"),
    QT_TRANSLATE_NOOP("MemberCard", "Paid"),
    QT_TRANSLATE_NOOP("MemberCard", "Price"),
    QT_TRANSLATE_NOOP("MemberCard", "Returned"),
    QT_TRANSLATE_NOOP("MemberCard", "Clerk"),
    "",
)
CONTACT_HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Time"),
    QT_TRANSLATE_NOOP("MemberCard", "Channel"),
    QT_TRANSLATE_NOOP("MemberCard", "Purpose"),
    QT_TRANSLATE_NOOP("MemberCard", "Outcome"),
    QT_TRANSLATE_NOOP("MemberCard", "Clerk"),
    QT_TRANSLATE_NOOP("MemberCard", "Note"),
    QT_TRANSLATE_NOOP("MemberCard", "Next follow-up"),
)

STYLE = """
QLabel#fieldError { color: #b3261e; }
QLabel#formErrors { color: #b3261e; font-weight: bold; }
QLabel#savedNote { color: #2e7d32; font-weight: bold; }
QLabel#cardMessage { color: #8a5a00; }
QLabel#cardName { font-size: 19pt; font-weight: bold; color: #1f2933; }
QLabel#cardMemberNo { font-size: 12pt; color: #3e4c59; }
QLabel#tierChip { background: #e1eef4; color: #1d4f66; border-radius: 4px; padding: 2px 10px;
                  font-weight: bold; }
QLabel#statusChip { background: #fff4e5; color: #8a5a00; border-radius: 4px; padding: 2px 10px; }
QLabel#complaintFlag { background: #fdecea; color: #b3261e; border-radius: 4px;
                       padding: 2px 10px; font-weight: bold; }
QLabel#figureCaption { color: #616e7c; }
QLabel#figureValue { font-size: 13pt; font-weight: bold; color: #1f2933; }
QLabel#tagsLine { color: #3e4c59; }
QLabel#hint { color: #616e7c; }
QLineEdit, QPlainTextEdit {
    background: #ffffff; border: 1px solid #cbd2d9; border-radius: 5px; padding: 4px 6px;
}
QLineEdit:focus, QPlainTextEdit:focus { border-color: #2f6f8f; }
QLineEdit:read-only { background: #f0f2f5; color: #3e4c59; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QTableWidget[invalid="true"] { border: 2px solid #d64545; background: #fff5f5; }
QGroupBox { font-weight: bold; border: 1px solid #e4e7eb; border-radius: 8px;
            margin-top: 14px; padding: 14px 10px 8px 10px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 4px; color: #323f4b; }
QGroupBox QLabel { font-weight: normal; }
QGroupBox QCheckBox { font-weight: normal; }
QPushButton#primary { background: #2f6f8f; color: #ffffff; border-color: #2f6f8f;
                      font-weight: bold; }
QPushButton#primary:hover { background: #285f7a; }
QPushButton#primary:disabled { background: #9fbccb; border-color: #9fbccb; }
"""


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text) if text else ""


def _lang() -> str:
    return i18n.current_language()


def _date(value: str | None) -> str:
    return value[:10] if value else ""


def _time(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else ""


# ------------------------------------------------------------------ open cards


_cards: list[MemberCardDialog] = []


def load_dialog(module: str, name: str) -> Any:
    """The dialog class ``module.name``, imported now, or None when that module is not
    installed yet (it is built by another part of the issue)."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        log.warning("dialog %s.%s is not available", module, name)
        return None


def open_cards() -> list[MemberCardDialog]:
    """The cards open now (a card deleted with its parent window drops out)."""
    _cards[:] = [card for card in _cards if shiboken6.isValid(card)]
    return list(_cards)


def open_member_card(
    ctx: AppContext,
    member_id: int | None,
    parent: QWidget | None = None,
    *,
    today: dt.date | None = None,
) -> MemberCardDialog:
    """Show the card of ``member_id`` (a new, empty card for None), raising the one
    already open for that member instead of opening a second."""
    if member_id is not None:
        for card in open_cards():
            if card.member_id == member_id:
                card.show()
                card.raise_()
                card.activateWindow()
                return card
    card = _take_spare(ctx, parent)
    if card is not None:
        card.reuse(member_id, today=today)
    else:
        card = MemberCardDialog(ctx, member_id, parent, today=today)
    card.show()
    card.raise_()
    card.activateWindow()
    return card


# One closed card is kept (hidden) and refilled for the next member: building the
# window is most of the cost of opening a card, and the counter opens one after another.
_spare: list[MemberCardDialog] = []


def prepare_spare(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Build a hidden card ahead of time (the members page does this once it is idle),
    so the first card of the day opens as fast as the ones after it."""
    if any(shiboken6.isValid(c) and c.ctx is ctx for c in _spare):
        return
    card = MemberCardDialog(ctx, None, parent)
    card.ensurePolished()
    card.adjustSize()
    _cards.remove(card)
    _spare.append(card)


def _take_spare(ctx: AppContext, parent: QWidget | None) -> MemberCardDialog | None:
    while _spare:
        card = _spare.pop()
        if shiboken6.isValid(card) and card.ctx is ctx and card.parentWidget() is parent:
            return card
        if shiboken6.isValid(card):
            card.deleteLater()  # another store or window: not reusable
    return None


def close_all() -> bool:
    """Close every open card (unsaved edits asked about, as on Esc) and drop the spare,
    e.g. before another user signs in (a card keeps its user's permissions). False when
    a card stayed open (the user chose Cancel)."""
    for card in open_cards():
        card.reject()
    while _spare:
        card = _spare.pop()
        if shiboken6.isValid(card):
            card.deleteLater()
    return not open_cards()


def broadcast(changes: Changes) -> None:
    """Tell every open card what changed (they reload if it concerns them)."""
    for card in open_cards():
        try:
            card.on_changes(changes)
        except Exception:
            log.exception("member card failed to refresh")


# ------------------------------------------------------------------ small widgets


def _mark(widget: QWidget, invalid: bool) -> None:
    """Outline ``widget`` in red (the ``invalid`` property is styled in STYLE; text, as
    in the purchase dialog, so one selector serves both)."""
    value = "true" if invalid else ""
    if (widget.property("invalid") or "") == value:
        return
    widget.setProperty("invalid", value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldBox(QWidget):
    """An editor with its error text under it (hidden while the field is fine)."""

    link_activated = Signal(str)

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.error.linkActivated.connect(self.link_activated)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def set_error(self, rich_text: str, highlight: QWidget | None = None) -> None:
        self.error.setText(rich_text)
        self.error.setVisible(bool(rich_text))
        _mark(highlight or self._focus_target(), bool(rich_text))

    def clear_error(self, highlight: QWidget | None = None) -> None:
        self.set_error("", highlight)

    def _focus_target(self) -> QWidget:
        return self.editor.focusProxy() or self.editor


class MemberPicker(QWidget):
    """Find a member as you type (``app.search.search``) and pick one.

    ``picked(member_id or None)`` fires when a member is chosen or the choice is
    cleared by editing the text. Down opens the list; Enter takes the highlighted one.
    """

    picked = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        exclude: Callable[[], set[int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._exclude = exclude or set
        self._member_id: int | None = None
        self._results: list[dict[str, Any]] = []
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(
            QCoreApplication.translate("MemberPicker", "type a name, initials or phone digits")
        )
        self.list_model = QStandardItemModel(self)
        self.completer = QCompleter(self.list_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._activated)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        self.edit.textEdited.connect(self._edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def member_id(self) -> int | None:
        return self._member_id

    def results(self) -> list[dict[str, Any]]:
        return list(self._results)

    @staticmethod
    def describe(row: dict[str, Any]) -> str:
        parts = [row.get("member_no") or "", row.get("name") or ""]
        if row.get("phone"):
            parts.append(mask_phone(row["phone"]))
        return "  ".join(p for p in parts if p)

    def set_member(self, member_id: int | None, text: str = "") -> None:
        """Show ``member_id`` as chosen (no signal)."""
        self._member_id = member_id
        self.edit.setText(text if member_id is not None else "")

    def _edited(self, _text: str) -> None:
        if self._member_id is not None:
            self._member_id = None
            self.picked.emit(None)
        self.timer.start()

    def search_now(self) -> None:
        self.timer.stop()
        text = self.edit.text().strip()
        excluded = self._exclude()
        rows = search.search(self.ctx.db, text, limit=12) if text else []
        self._results = [r for r in rows if r["id"] not in excluded][:10]
        self.list_model.clear()
        for row in self._results:
            item = QStandardItem(self.describe(row))
            item.setData(row["id"], USER_ROLE)
            self.list_model.appendRow(item)
        if self._results and self.edit.hasFocus():
            self.completer.complete()
        elif not self._results:
            self.completer.popup().hide()

    def choose_row(self, row: int) -> None:
        """Pick the ``row``-th result (what clicking it in the list does)."""
        if 0 <= row < len(self._results):
            chosen = self._results[row]
            self._member_id = int(chosen["id"])
            self.edit.setText(self.describe(chosen))
            self.completer.popup().hide()
            self.picked.emit(self._member_id)

    def _activated(self, index: QModelIndex) -> None:
        member_id = index.data(USER_ROLE)
        for row, result in enumerate(self._results):
            if result["id"] == member_id:
                # After QCompleter has put the item's text in: ours wins.
                QTimer.singleShot(0, lambda row=row: self.choose_row(row))
                return


# ------------------------------------------------------------------ merge


class MergeDialog(QDialog):
    """Pick the duplicate, compare both cards side by side, confirm."""

    def __init__(self, ctx: AppContext, keep_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.keep_id = keep_id
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge duplicate member"))
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(620)
        intro = QLabel(
            self.tr(
                "Pick the other card of the same customer. Its purchases, contacts, points, "
                "family and tags move to this card, empty fields here are filled from it, "
                "and the other card is deleted. This cannot be undone."
            )
        )
        intro.setWordWrap(True)
        self.picker = MemberPicker(ctx, self, exclude=lambda: {keep_id})
        self.picker.setObjectName("mergePicker")
        self.picker.picked.connect(self._picked)
        self.compare = QGridLayout()
        self.compare.setHorizontalSpacing(24)
        self.compare.setVerticalSpacing(6)
        compare_box = QFrame()
        compare_box.setObjectName("card")
        compare_box.setLayout(self.compare)
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(
            self.tr("Merge into this card"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setObjectName("primary")
        self.merge_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.picker)
        layout.addWidget(compare_box)
        layout.addWidget(self.buttons)
        self._show_comparison(None)

    def remove_id(self) -> int | None:
        return self.picker.member_id()

    def pick(self, member_id: int) -> None:
        """Choose ``member_id`` as the duplicate (as picking it in the list does)."""
        rows = search.fetch_rows(self.ctx.db, [member_id])
        if member_id in rows and member_id != self.keep_id:
            self.picker.set_member(member_id, MemberPicker.describe(rows[member_id]))
            self._picked(member_id)

    def _picked(self, member_id: int | None) -> None:
        self.merge_button.setEnabled(member_id is not None and member_id != self.keep_id)
        self._show_comparison(member_id)

    def _show_comparison(self, other_id: int | None) -> None:
        while self.compare.count():
            item = self.compare.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # deleteLater() is deferred: it would still be painted
                widget.deleteLater()
        ids = [self.keep_id] + ([other_id] if other_id is not None else [])
        rows = search.fetch_rows(self.ctx.db, ids)
        lang = _lang()
        tiers = member_form.tier_names(member_form.tier_choices(self.ctx.db), lang)
        lines: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
            (self.tr("Member no."), lambda r: r["member_no"]),
            (self.tr("Name"), lambda r: r["name"]),
            (self.tr("Phone"), lambda r: mask_phone(r["phone"])),
            (
                self.tr("Birthday"),
                lambda r: member_form.birthday_text(
                    r["birthday"], r["birthday_calendar"], r["birthday_leap"], lang
                ),
            ),
            (self.tr("Tier"), lambda r: tiers.get(r["tier"], r["tier"])),
            (self.tr("Visits"), lambda r: str(r["visits"])),
            (self.tr("Total spend"), lambda r: format_fen(r["total_paid_fen"])),
            (self.tr("Last purchase"), lambda r: _date(r["last_purchase_at"])),
        ]
        heads = [self.tr("Keep (this card)"), self.tr("Merge in and delete")]
        for col, text in enumerate(heads[: len(ids)], start=1):
            head = QLabel(text)
            head.setObjectName("sectionTitle")
            self.compare.addWidget(head, 0, col)
        for line, (caption, getter) in enumerate(lines, start=1):
            cap = QLabel(caption)
            cap.setObjectName("figureCaption")
            self.compare.addWidget(cap, line, 0)
            for col, member_id in enumerate(ids, start=1):
                row = rows.get(member_id)
                self.compare.addWidget(QLabel(getter(row) if row else "—"), line, col)
        if other_id is None:
            hint = QLabel(self.tr("No member picked yet."))
            hint.setObjectName("hint")
            self.compare.addWidget(hint, 1, 2, len(lines), 1)


# ------------------------------------------------------------------ history models


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT_COLUMNS = (P_LIST, P_PAID, P_RETURNED)
_TOP = 0  # internal id of a ticket row; a line row carries its ticket's row + 1


Entry = tuple[tuple[str, ...], QBrush | None]  # a row's texts and its colour


class PurchaseModel(QAbstractItemModel):
    """Tickets (newest first) with their lines as children, each ticket formatted the
    first time a view asks for it.

    A model rather than QTreeWidget items: a regular with 800 tickets costs the list
    app/ returned, not thousands of item objects and setter calls.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tickets: list[dict[str, Any]] = []
        self._format: Callable[[dict[str, Any], dict[int, str]], tuple[Entry, list[Entry]]]
        self._format = lambda p, t: ((("",) * len(PURCHASE_HEADERS), None), [])
        self._ticket_nos: dict[int, str] = {}
        self._done: dict[int, tuple[Entry, list[Entry]]] = {}

    def set_purchases(
        self,
        purchases: list[dict[str, Any]],
        format_ticket: Callable[[dict[str, Any], dict[int, str]], tuple[Entry, list[Entry]]],
    ) -> None:
        self.beginResetModel()
        self.tickets = purchases
        self._format = format_ticket
        self._ticket_nos = {p["id"]: p.get("ticket_no") or f"#{p['id']}" for p in purchases}
        self._done = {}
        self.endResetModel()

    def _entry(self, row: int) -> tuple[Entry, list[Entry]]:
        done = self._done.get(row)
        if done is None:
            done = self._done[row] = self._format(self.tickets[row], self._ticket_nos)
        return done

    def purchase_id(self, row: int) -> int:
        return int(self.tickets[row]["id"])

    def is_return(self, row: int) -> bool:
        return self.tickets[row]["return_of"] is not None

    def returnable(self, row: int) -> bool:
        p = self.tickets[row]
        if p["return_of"] is not None:
            return False
        return sum(int(i["qty"]) - int(i.get("returned_qty") or 0) for i in p["items"]) > 0

    def text(self, row: int, column: int, line: int | None = None) -> str:
        """What a cell shows (ticket ``row``; its ``line`` when given)."""
        ticket, lines = self._entry(row)
        return (ticket if line is None else lines[line])[0][column]

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if not parent.isValid():
            if 0 <= row < len(self.tickets) and 0 <= column < len(PURCHASE_HEADERS):
                return self.createIndex(row, column, _TOP)
            return QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        ticket = parent.row()
        if 0 <= row < len(self.tickets[ticket]["items"]) and 0 <= column < len(PURCHASE_HEADERS):
            return self.createIndex(row, column, ticket + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.tickets)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.tickets[parent.row()]["items"])
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(PURCHASE_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        ticket = int(index.internalId())
        texts, brush = (
            self._entry(index.row())[0]
            if ticket == _TOP
            else self._entry(ticket - 1)[1][index.row()]
        )
        column = index.column()
        if role == _DISPLAY:
            return texts[column]
        if role == _ALIGN:
            return RIGHT if column in _RIGHT_COLUMNS else None
        if role == _FOREGROUND:
            return brush
        if role == USER_ROLE and ticket == _TOP:
            return self.tickets[index.row()]["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and int(role) == _DISPLAY:
            return _t(PURCHASE_HEADERS[section])
        return None


class ContactModel(QAbstractTableModel):
    """The contact log, newest first, formatted once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CONTACT_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == _DISPLAY or (role == _TOOLTIP and index.column() == 5):
            return self._rows[index.row()][index.column()] or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and int(role) == _DISPLAY:
            return _t(CONTACT_HEADERS[section])
        return None


# ------------------------------------------------------------------ the card


class MemberCardDialog(QDialog):
    """One member's card (``member_id`` None: a new member)."""

    def __init__(
        self,
        ctx: AppContext,
        member_id: int | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.today = today
        self.card: dict[str, Any] | None = None
        self._loading = False
        self._dirty = False
        self._gone = False
        self._last_changes: Changes | None = None
        self._verified_at: str | None = None
        self._consent_at: str | None = None
        self._family_rows: list[int] = []  # table row of each family entry sent
        self.setObjectName("memberCard")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        self.resize(1060, 780)
        self.setMinimumSize(820, 600)

        self.labels: dict[str, QLabel] = {}
        self.boxes: dict[str, FieldBox] = {}
        self.edits: dict[str, QLineEdit] = {}

        header = self._build_header()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("cardTabs")
        self.tabs.setDocumentMode(True)
        self.archive_tab = self._build_archive()
        self.purchases_tab = self._build_purchases()
        self.contacts_tab = self._build_contacts()
        self.tabs.addTab(self.archive_tab, "")
        self.tabs.addTab(self.purchases_tab, "")
        self.tabs.addTab(self.contacts_tab, "")
        self.points_tab = PointsTab(ctx, None, self)  # follows this card's member and day
        self.points_tab.changed.connect(self._points_changed)
        self.tabs.addTab(self.points_tab, "")

        self.form_errors = QLabel()
        self.form_errors.setObjectName("formErrors")
        self.form_errors.setWordWrap(True)
        self.form_errors.hide()
        self.saved_note = QLabel()
        self.saved_note.setObjectName("savedNote")
        self.saved_note.hide()
        self.message = QLabel()
        self.message.setObjectName("cardMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.form_errors, 1)
        bottom.addWidget(self.message, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.saved_note)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        self.save_button.setMinimumWidth(120)
        self.close_button.setMinimumWidth(100)
        self._bottom = bottom

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+P", self.record_purchase),
            ("Ctrl+L", self.log_contact),
            ("Ctrl+R", self.return_selected),
            ("Ctrl+1", lambda: self.tabs.setCurrentIndex(0)),
            ("Ctrl+2", lambda: self.tabs.setCurrentIndex(1)),
            ("Ctrl+3", lambda: self.tabs.setCurrentIndex(2)),
            ("Ctrl+4", lambda: self.tabs.setCurrentIndex(3)),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        # Styled once everything is in place: set first, every addWidget re-polished
        # the growing tree (a third of the time to open a card).
        self.setStyleSheet(STYLE)
        self.retranslate_ui()
        self.load()
        _cards.append(self)
        self.finished.connect(self._finished)
        self.tabs.setFocus()

    # ------------------------------------------------------------------ building

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"label_{key}")
        self.labels[key] = label
        return label

    def _line(self, key: str, *, max_len: int | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field_{key}")
        limit = max_len or members.TEXT_FIELDS.get(key)
        if limit:
            edit.setMaxLength(limit + 20)  # over the limit still reaches the app's check
        edit.textEdited.connect(self._changed)
        self.edits[key] = edit
        return edit

    def _box(self, key: str, editor: QWidget) -> FieldBox:
        box = FieldBox(editor)
        box.setObjectName(f"box_{key}")
        box.link_activated.connect(self._link)
        self.boxes[key] = box
        return box

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return form

    def _add(self, form: QFormLayout, key: str, editor: QWidget) -> FieldBox:
        box = self._box(key, editor)
        form.addRow(self._label(key), box)
        return box

    def _build_header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        self.name_label = QLabel()
        self.name_label.setObjectName("cardName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.member_no_label = QLabel()
        self.member_no_label.setObjectName("cardMemberNo")
        self.member_no_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier_label = QLabel()
        self.tier_label.setObjectName("tierChip")
        self.status_label = QLabel()
        self.status_label.setObjectName("statusChip")
        self.complaint_label = QLabel()
        self.complaint_label.setObjectName("complaintFlag")
        self.tags_label = QLabel()
        self.tags_label.setObjectName("tagsLine")
        self.header_purchase_button = QPushButton()
        self.header_purchase_button.setObjectName("cardRecordPurchase")
        self.header_purchase_button.setAutoDefault(False)
        self.header_purchase_button.clicked.connect(self.record_purchase)
        self.merge_button = QPushButton()
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setAutoDefault(False)
        self.merge_button.clicked.connect(self.merge_duplicate)
        if not permissions.allowed(self.ctx.actor, permissions.MERGE):
            self.merge_button.hide()
        # masked phone, view log, data report, delete/anonymise (ui/dialogs/member_privacy)
        self.privacy = MemberPrivacy(self.ctx, self)
        self.privacy.phone_revealed.connect(self._phone_revealed)
        self.privacy.changed.connect(self._privacy_changed)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name_label)
        top.addWidget(self.member_no_label)
        top.addWidget(self.tier_label)
        top.addWidget(self.status_label)
        top.addWidget(self.complaint_label)
        top.addStretch(1)
        top.addWidget(self.header_purchase_button)
        top.addWidget(self.merge_button)
        top.addWidget(self.privacy.button)

        self.figures: dict[str, tuple[QLabel, QLabel]] = {}
        figures = QHBoxLayout()
        figures.setSpacing(28)
        for key in ("total", "visits", "last", "points", "birthday"):
            caption = QLabel()
            caption.setObjectName("figureCaption")
            value = QLabel()
            value.setObjectName("figureValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName("figureValue")
            col = QVBoxLayout()
            col.setSpacing(0)
            col.addWidget(caption)
            col.addWidget(value)
            figures.addLayout(col)
            self.figures[key] = (caption, value)
        figures.addStretch(1)

        layout = QVBoxLayout(frame)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.tags_label)
        layout.addLayout(figures)
        return frame

    def _build_archive(self) -> QWidget:
        # -- basic data
        self.basic_group = QGroupBox()
        basic = self._form()
        self.member_no_edit = self._line("member_no", max_len=40)
        self._add(basic, "member_no", self.member_no_edit)
        self._add(basic, "name", self._line("name", max_len=members.NAME_MAX))
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("field_gender")
        self.gender_combo.currentIndexChanged.connect(self._changed)
        self._add(basic, "gender", self.gender_combo)

        self.birthday_edit = self._line("birthday", max_len=20)
        self.birthday_edit.textEdited.connect(self._update_birthday_hint)
        self.calendar_combo = QComboBox()
        self.calendar_combo.setObjectName("field_birthday_calendar")
        self.calendar_combo.currentIndexChanged.connect(self._calendar_changed)
        self.leap_check = QCheckBox()
        self.leap_check.setObjectName("field_birthday_leap")
        self.leap_check.toggled.connect(self._changed)
        self.leap_check.toggled.connect(self._update_birthday_hint)
        self.birthday_hint = QLabel()
        self.birthday_hint.setObjectName("hint")
        birthday_row = QWidget()
        row = QHBoxLayout(birthday_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.birthday_edit, 1)
        row.addWidget(self.calendar_combo)
        row.addWidget(self.leap_check)
        birthday_row.setFocusProxy(self.birthday_edit)
        birthday_col = QWidget()
        col = QVBoxLayout(birthday_col)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(birthday_row)
        col.addWidget(self.birthday_hint)
        birthday_col.setFocusProxy(self.birthday_edit)
        self._add(basic, "birthday", birthday_col)

        self._add(basic, "phone", self._line("phone", max_len=30))
        for key in BASIC_TEXT:
            self._add(basic, key, self._line(key))
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("field_source")
        self.source_combo.currentIndexChanged.connect(self._changed)
        self._add(basic, "source", self.source_combo)
        self.referrer_picker = MemberPicker(
            self.ctx, exclude=lambda: {self.member_id} if self.member_id else set()
        )
        self.referrer_picker.setObjectName("field_referrer_id")
        self.referrer_picker.picked.connect(self._changed)
        self.referred_label = QLabel()
        self.referred_label.setObjectName("hint")
        self.referred_label.setWordWrap(True)
        self.referred_label.setTextFormat(Qt.TextFormat.RichText)
        self.referred_label.linkActivated.connect(self._link)
        ref_col = QWidget()
        col = QVBoxLayout(ref_col)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.referrer_picker)
        col.addWidget(self.referred_label)
        ref_col.setFocusProxy(self.referrer_picker)
        self._add(basic, "referrer_id", ref_col)
        self.basic_group.setLayout(basic)

        # -- state and notes
        self.state_group = QGroupBox()
        state = self._form()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("field_status")
        self.status_combo.currentIndexChanged.connect(self._changed)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._add(state, "status", self.status_combo)
        self._add(state, "lost_reason", self._line("lost_reason"))
        self._add(state, "lost_note", self._line("lost_note"))
        self.joined_value = QLabel()
        self.joined_value.setObjectName("valueLabel")
        state.addRow(self._label("joined_on"), self.joined_value)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("field_note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_edit.textChanged.connect(self._changed)
        self._add(state, "note", self.note_edit)
        self.state_group.setLayout(state)

        # -- features
        self.features_group = QGroupBox()
        features = self._form()
        for key in FEATURE_TEXT[:4]:
            self._add(features, key, self._line(key))
        sizes = QWidget()
        row = QHBoxLayout(sizes)
        row.setContentsMargins(0, 0, 0, 0)
        for key in SIZE_FIELDS:
            label = self._label(key)
            label.setObjectName("hint")
            row.addWidget(label)
            edit = self._line(key)
            edit.setMaximumWidth(80)
            row.addWidget(edit)
        row.addStretch(1)
        sizes.setFocusProxy(self.edits["size_top"])
        self._add(features, "sizes", sizes)
        for key in FEATURE_TEXT[4:]:
            self._add(features, key, self._line(key))
        self.features_group.setLayout(features)

        # -- consent, tags, verification
        self.consent_group = QGroupBox()
        consent = self._form()
        self.consent_checks: dict[str, QCheckBox] = {}
        channels = QWidget()
        row = QHBoxLayout(channels)
        row.setContentsMargins(0, 0, 0, 0)
        for code in CONSENT_CHANNELS:
            check = QCheckBox()
            check.setObjectName(f"consent_{code}")
            check.toggled.connect(self._consent_toggled)
            self.consent_checks[code] = check
            row.addWidget(check)
        row.addStretch(1)
        self._add(consent, "consent_channels", channels)
        consent.addRow(self.privacy.notice)
        self._add(consent, "consent_at", self._line("consent_at", max_len=20))
        self._add(consent, "tags", self._line("tags", max_len=400))
        verified = QWidget()
        row = QHBoxLayout(verified)
        row.setContentsMargins(0, 0, 0, 0)
        self.verified_value = QLabel()
        self.verified_value.setObjectName("valueLabel")
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("markVerified")
        self.verify_button.setAutoDefault(False)
        self.verify_button.clicked.connect(self.mark_verified)
        row.addWidget(self.verified_value)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        self._add(consent, "verified_at", verified)
        self.consent_group.setLayout(consent)

        # -- family
        self.family_group = QGroupBox()
        self.family_table = QTableWidget(0, len(FAMILY_HEADERS))
        self.family_table.setObjectName("familyTable")
        self.family_table.verticalHeader().setVisible(False)
        self.family_table.verticalHeader().setDefaultSectionSize(34)
        self.family_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.family_table.setMinimumHeight(150)
        fheader = self.family_table.horizontalHeader()
        fheader.setStretchLastSection(True)
        for col, width in ((0, 140), (1, 110), (2, 120), (3, 90), (4, 60)):
            self.family_table.setColumnWidth(col, width)
        self.family_table.itemChanged.connect(self._family_item_changed)
        self.add_family_button = QPushButton()
        self.add_family_button.setObjectName("addFamily")
        self.add_family_button.setAutoDefault(False)
        self.add_family_button.clicked.connect(lambda: self.add_family_row())
        self.remove_family_button = QPushButton()
        self.remove_family_button.setObjectName("removeFamily")
        self.remove_family_button.setAutoDefault(False)
        self.remove_family_button.clicked.connect(self.remove_family_row)
        self.family_box = self._box("family", self.family_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_family_button)
        buttons.addWidget(self.remove_family_button)
        buttons.addStretch(1)
        family = QVBoxLayout()
        family.addWidget(self.family_box)
        family.addLayout(buttons)
        self.family_group.setLayout(family)

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(4, 4, 8, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        left = QVBoxLayout()
        left.addWidget(self.basic_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.features_group)
        right.addWidget(self.consent_group)
        right.addWidget(self.state_group)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.family_group, 1, 0, 1, 2)  # a wide table: the full width
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setObjectName("archiveScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _build_purchases(self) -> QWidget:
        page = QWidget()
        self.purchase_model = PurchaseModel(self)
        self.purchase_tree = QTreeView()
        self.purchase_tree.setObjectName("purchaseTree")
        self.purchase_tree.setModel(self.purchase_model)
        self.purchase_tree.setAlternatingRowColors(True)
        self.purchase_tree.setUniformRowHeights(True)
        self.purchase_tree.setRootIsDecorated(True)
        self.purchase_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.purchase_tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.purchase_tree.header()
        header.setStretchLastSection(False)
        for col, width in (
            (P_AT, 140),
            (P_TICKET, 128),
            (P_WHAT, 240),
            (P_LIST, 92),
            (P_PAID, 92),
            (P_DISCOUNT, 72),
            (P_RETURNED, 80),
            (P_CLERK, 64),
            (P_ACTION, 76),
        ):
            self.purchase_tree.setColumnWidth(col, width)
        header.setSectionResizeMode(P_WHAT, QHeaderView.ResizeMode.Stretch)
        self.purchases_hint = QLabel()
        self.purchases_hint.setObjectName("hint")
        self.purchase_button = QPushButton()
        self.purchase_button.setObjectName("tabRecordPurchase")
        self.purchase_button.setAutoDefault(False)
        self.purchase_button.clicked.connect(self.record_purchase)
        self.return_selected_button = QPushButton()
        self.return_selected_button.setObjectName("returnSelected")
        self.return_selected_button.setAutoDefault(False)
        self.return_selected_button.clicked.connect(self.return_selected)
        self.purchase_tree.activated.connect(self._ticket_activated)
        top = QHBoxLayout()
        top.addWidget(self.purchases_hint, 1)
        top.addWidget(self.return_selected_button)
        top.addWidget(self.purchase_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.purchase_tree, 1)
        return page

    def _build_contacts(self) -> QWidget:
        page = QWidget()
        self.contact_model = ContactModel(self)
        self.contact_table = QTableView()
        self.contact_table.setObjectName("contactTable")
        self.contact_table.setModel(self.contact_model)
        self.contact_table.verticalHeader().setVisible(False)
        self.contact_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contact_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contact_table.setAlternatingRowColors(True)
        self.contact_table.setWordWrap(True)
        for col, width in ((0, 140), (1, 80), (2, 120), (3, 90), (4, 70), (5, 300)):
            self.contact_table.setColumnWidth(col, width)
        self.contact_table.horizontalHeader().setStretchLastSection(True)
        self.contact_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.contacts_hint = QLabel()
        self.contacts_hint.setObjectName("hint")
        self.contact_button = QPushButton()
        self.contact_button.setObjectName("logContact")
        self.contact_button.setAutoDefault(False)
        self.contact_button.clicked.connect(self.log_contact)
        top = QHBoxLayout()
        top.addWidget(self.contacts_hint, 1)
        top.addWidget(self.contact_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.contact_table, 1)
        return page

    # ------------------------------------------------------------------ loading

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def load(self) -> None:
        """Read the member again and show it (the archive only when not being edited)."""
        if self.member_id is None:
            self.card = None
        else:
            try:
                self.card = member_card(self.ctx.db, self.member_id, today=self._today())
            except NotFound:
                self._member_gone()
                return
        self.privacy.member_loaded(self.member_id, self.card["member"] if self.card else None)
        self._fill_header()
        if not self._dirty:
            self._fill_form()
        self._fill_purchases()
        self._fill_contacts()
        self._update_enabled()
        self.retranslate_tabs()

    def _member_gone(self) -> None:
        self._gone = True
        self.card = None
        self.show_message(
            self.tr("This member no longer exists (merged into another card or deleted).")
        )
        for widget in (self.tabs, self.save_button, self.header_purchase_button):
            widget.setEnabled(False)
        self.merge_button.setEnabled(False)

    def _fill_header(self) -> None:
        lang = _lang()
        card = self.card
        if card is None:
            self.setWindowTitle(self.tr("New member"))
            self.name_label.setText(self.tr("New member"))
            for widget in (self.member_no_label, self.tier_label, self.status_label):
                widget.hide()
            self.complaint_label.hide()
            self.tags_label.hide()
            for _caption, value in self.figures.values():
                value.setText("—")
            return
        head, member = card["header"], card["member"]
        self.setWindowTitle(
            self.tr("Member card — %1 %2")
            .replace("%1", head["name"])
            .replace("%2", head["member_no"])
        )
        self.name_label.setText(head["name"])
        self.member_no_label.setText(head["member_no"])
        self.member_no_label.show()
        tier = head["tier_name_zh"] if lang == "zh" else head["tier_name_en"]
        self.tier_label.setText(tier or head["tier"])
        self.tier_label.show()
        self.status_label.setText(labels.word("status", head["status"], lang))
        self.status_label.setVisible(head["status"] != "active")
        n = int(card["open_complaints"] or 0)
        self.complaint_label.setText(
            self.tr("⚠ 1 open complaint")
            if n == 1
            else self.tr("⚠ %1 open complaints").replace("%1", str(n))
        )
        self.complaint_label.setVisible(n > 0)
        if n > 0 and self.member_id is not None:  # what they are, from app.feedback
            from app import feedback

            self.complaint_label.setToolTip(
                "\n".join(
                    f"{c['at'][:10]} {labels.word('complaint_category', c['category'], lang)}："
                    f"{c['description']}"
                    for c in feedback.open_complaints(self.ctx.db, self.member_id)
                )
            )
        tags = member["tags"]
        self.tags_label.setText("  ·  ".join(tags))
        self.tags_label.setVisible(bool(tags))
        self.figures["total"][1].setText(format_fen(head["total_paid_fen"] or 0))
        self.figures["visits"][1].setText(str(head["visits"] or 0))
        last = _date(head["last_purchase_at"])
        days = head["days_since_purchase"]
        if last and days is not None:
            last = self.tr("%1 (%2 days ago)").replace("%1", last).replace("%2", str(days))
        self.figures["last"][1].setText(last or self.tr("never"))
        self.figures["points"][1].setText(self._points_text(head))
        self.figures["birthday"][1].setText(self._next_birthday_text(member, head))

    def _points_text(self, head: dict[str, Any]) -> str:
        text = f"{int(head['points_balance'] or 0):,}"
        expiring = int(head.get("points_expiring") or 0)
        if expiring > 0 and head.get("points_next_expiry"):
            text += (  # the space belongs to the language: none before "（"
                self.tr(" (%1 expire from %2)")
                .replace("%1", f"{expiring:,}")
                .replace("%2", str(head["points_next_expiry"])[:10])
            )
        return text

    def _next_birthday_text(self, member: dict[str, Any], head: dict[str, Any]) -> str:
        nxt = head.get("next_birthday")
        if nxt is None:
            return "—"
        solar = nxt.isoformat()
        lunar = member_form.lunar_birthday_text(
            member["birthday"], member["birthday_calendar"], member["birthday_leap"], _lang()
        )
        text = f"{lunar} → {solar}" if lunar else solar
        days = head.get("days_to_birthday")
        if days == 0:
            return text + " " + self.tr("(today!)")
        if days is not None and days <= 30:
            return text + " " + self.tr("(in %1 days)").replace("%1", str(days))
        return text

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str | None, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _fill_choice_combos(self) -> None:
        lang = _lang()
        self._fill_combo(
            self.gender_combo,
            [(None, "—")] + [(c, labels.word("gender", c, lang)) for c in labels.choices("gender")],
        )
        self._fill_combo(
            self.calendar_combo,
            [(c, labels.word("calendar", c, lang)) for c in labels.choices("calendar")],
        )
        self._fill_combo(
            self.source_combo,
            [(None, "—")] + [(c, labels.word("source", c, lang)) for c in labels.choices("source")],
        )
        current = self.card["member"]["status"] if self.card else "active"
        statuses = [c for c in labels.choices("status") if c != "anonymised" or current == c]
        self._fill_combo(self.status_combo, [(c, labels.word("status", c, lang)) for c in statuses])

    def _set_combo(self, combo: QComboBox, code: str | None) -> None:
        index = combo.findData(code)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _fill_form(self) -> None:
        self._loading = True
        try:
            self._clear_errors()
            self._fill_choice_combos()
            m: dict[str, Any] = self.card["member"] if self.card else {}
            new = self.card is None
            self.member_no_edit.setText(m.get("member_no") or "")
            self.member_no_edit.setReadOnly(not new)
            self.edits["name"].setText(m.get("name") or "")
            self._set_combo(self.gender_combo, m.get("gender"))
            self.birthday_edit.setText(m.get("birthday") or "")
            self._set_combo(self.calendar_combo, m.get("birthday_calendar") or "solar")
            self.leap_check.setChecked(bool(m.get("birthday_leap")))
            self.edits["phone"].setText(self.privacy.phone_text(m.get("phone")))
            for key in (*BASIC_TEXT, *FEATURE_TEXT, *SIZE_FIELDS, "lost_reason", "lost_note"):
                self.edits[key].setText(m.get(key) or "")
            if m.get("lost_reason"):  # a code (app.feedback.mark_lost): shown by its label
                self.edits["lost_reason"].setText(
                    labels.word("lost_reason", m["lost_reason"], _lang())
                )
            self._set_combo(self.source_combo, m.get("source"))
            ref = self.card["referrer"] if self.card else None
            self.referrer_picker.set_member(
                ref["id"] if ref else None, MemberPicker.describe(ref) if ref else ""
            )
            self._set_combo(self.status_combo, m.get("status") or "active")
            self.joined_value.setText(m.get("joined_on") or self.tr("today, on saving"))
            self.note_edit.setPlainText(m.get("note") or "")
            chans = set(filter(None, (m.get("consent_channels") or "").split(",")))
            for code, check in self.consent_checks.items():
                check.setChecked(code in chans)
            self._consent_at = m.get("consent_at")
            self.edits["consent_at"].setText(_date(self._consent_at))
            self.privacy.update_notice(bool(chans))
            self.edits["tags"].setText(", ".join(m.get("tags") or []))
            self._verified_at = m.get("verified_at")
            self._show_verified()
            self.family_table.setRowCount(0)
            for row in m.get("family") or []:
                self.add_family_row(row)
            self._fill_referred()
        finally:
            self._loading = False
        self._calendar_changed()
        self._status_changed()
        self._set_dirty(False)

    def _fill_referred(self) -> None:
        referred = self.card["referred"] if self.card else []
        if not referred:
            self.referred_label.hide()
            return
        links = "、".join(
            f'<a href="member:{r["id"]}">{html.escape(r["name"])}</a>' for r in referred[:8]
        )
        more = "…" if len(referred) > 8 else ""
        self.referred_label.setText(
            html.escape(self.tr("Brought %1 member(s):").replace("%1", str(len(referred))))
            + " "
            + links
            + more
        )
        self.referred_label.show()

    def _show_verified(self) -> None:
        self.verified_value.setText(_date(self._verified_at) or self.tr("never"))

    def add_family_row(self, data: dict[str, Any] | None = None) -> int:
        data = data or {}
        lang = _lang()
        table = self.family_table
        row = table.rowCount()
        was_loading = self._loading
        self._loading = True
        table.blockSignals(True)
        table.insertRow(row)
        relation = QComboBox()
        for code in labels.choices("relation"):
            relation.addItem(labels.word("relation", code, lang), code)
        self._set_combo(relation, data.get("relation") or "spouse")
        relation.currentIndexChanged.connect(self._changed)
        table.setCellWidget(row, FAM_RELATION, relation)
        table.setItem(row, FAM_NAME, QTableWidgetItem(data.get("name") or ""))
        table.setItem(row, FAM_DATE, QTableWidgetItem(data.get("date") or ""))
        calendar = QComboBox()
        for code in labels.choices("calendar"):
            calendar.addItem(labels.word("calendar", code, lang), code)
        self._set_combo(calendar, data.get("calendar") or "solar")
        table.setCellWidget(row, FAM_CALENDAR, calendar)
        leap = QTableWidgetItem()
        leap.setCheckState(Qt.CheckState.Checked if data.get("leap") else Qt.CheckState.Unchecked)
        table.setItem(row, FAM_LEAP, leap)
        table.setItem(row, FAM_NOTE, QTableWidgetItem(data.get("note") or ""))
        calendar.currentIndexChanged.connect(lambda _i, c=calendar: self._family_calendar(c))
        self._family_calendar(calendar)
        table.blockSignals(False)
        self._loading = was_loading
        if not was_loading:
            self._changed()
            table.setCurrentCell(row, FAM_NAME)
        return row

    def _family_calendar(self, combo: QComboBox) -> None:
        table = self.family_table
        for row in range(table.rowCount()):
            if table.cellWidget(row, FAM_CALENDAR) is combo:
                leap = table.item(row, FAM_LEAP)
                if leap is None:
                    return
                lunar = combo.currentData() == "lunar"
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                table.blockSignals(True)
                leap.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if lunar else flags)
                if not lunar:
                    leap.setCheckState(Qt.CheckState.Unchecked)
                table.blockSignals(False)
                self._changed()
                return

    def remove_family_row(self) -> None:
        row = self.family_table.currentRow()
        if row >= 0:
            self.family_table.removeRow(row)
            self._changed()

    def _family_item_changed(self, _item: QTableWidgetItem) -> None:
        self._changed()

    def _ticket_formatter(
        self,
    ) -> Callable[[dict[str, Any], dict[int, str]], tuple[Entry, list[Entry]]]:
        """Formats one ticket and its lines for the purchase model (words looked up once
        per fill, not once per ticket)."""
        returned_word = self.tr("%1 returned")
        return_of = self.tr("Return of %1, %2 piece(s)")
        pieces = self.tr("%1 piece(s)")
        discount, full = self.tr("discount"), self.tr("full")

        def format_ticket(p: dict[str, Any], ticket_nos: dict[int, str]) -> tuple[Entry, list]:
            is_return = p["return_of"] is not None
            qty = sum(abs(int(it["qty"])) for it in p["items"])
            if is_return:
                original = ticket_nos.get(p["return_of"], f"#{p['return_of']}")
                what = return_of.replace("%1", original).replace("%2", str(qty))
                price = ""
            else:
                what = pieces.replace("%1", str(qty))
                price = discount if p["is_discounted"] else full
            row = (
                (
                    _time(p["at"]),
                    p.get("ticket_no") or "",
                    what,
                    format_fen(p["total_fen"]),
                    format_fen(p["paid_fen"]),
                    price,
                    format_fen(p["returned_fen"]) if p.get("returned_fen") else "",
                    p.get("clerk_name") or "",
                    "",
                ),
                RED if is_return else None,
            )
            lines: list[Entry] = []
            for it in p["items"]:
                desc = " · ".join(
                    str(x) for x in (it["category"], it["sku"], it["size"], it["colour"]) if x
                )
                back = it.get("returned_qty") if not is_return else 0
                lines.append(
                    (
                        (
                            "",
                            "",
                            f"{desc}  ×{abs(int(it['qty']))}",
                            format_fen(it["list_fen"]),
                            format_fen(it["paid_fen"]),
                            "",
                            returned_word.replace("%1", str(back)) if back else "",
                            "",
                            "",
                        ),
                        RED if is_return or back else MUTED,
                    )
                )
            return row, lines

        return format_ticket

    def _fill_purchases(self) -> None:
        purchases = self.card["purchases"] if self.card else []
        model = self.purchase_model
        model.set_purchases(purchases, self._ticket_formatter())
        tree = self.purchase_tree
        for row in range(min(3, model.rowCount())):
            tree.expand(model.index(row, 0))  # before the buttons: one layout pass
        # A Return button on each of the newest sales (a return ticket cannot be returned
        # again). Older tickets — goods rarely come back after months — are returned
        # with "Return selected ticket" (Ctrl+R): a regular with 800 tickets would
        # otherwise cost 800 widgets and half a second.
        sales = 0
        for row in range(model.rowCount()):
            if model.is_return(row):
                continue
            sales += 1
            if sales > RETURN_BUTTONS:
                break
            button = QPushButton(self.tr("Return"))
            button.setAutoDefault(False)
            button.setEnabled(model.returnable(row))
            pid = model.purchase_id(row)
            button.clicked.connect(lambda _c=False, pid=pid: self.return_purchase(pid))
            tree.setIndexWidget(model.index(row, P_ACTION), button)
        if self.card:
            head = self.card["header"]
            self.purchases_hint.setText(
                self.tr("%1 tickets · total %2 · last 12 months %3")
                .replace("%1", str(len(purchases)))
                .replace("%2", format_fen(head["total_paid_fen"] or 0))
                .replace("%3", format_fen(head["spend_12m_fen"] or 0))
            )
        else:
            self.purchases_hint.setText("")

    def selected_ticket_row(self) -> int | None:
        index = self.purchase_tree.currentIndex()
        if not index.isValid():
            return None
        parent = index.parent()
        return parent.row() if parent.isValid() else index.row()

    def return_selected(self) -> bool:
        """Return goods of the selected ticket (any age; Ctrl+R)."""
        row = self.selected_ticket_row()
        if row is None or not self.purchase_model.returnable(row):
            self.show_message(self.tr("Select a sale with goods left to return."))
            return False
        return self.return_purchase(self.purchase_model.purchase_id(row))

    def _ticket_activated(self, index: QModelIndex) -> None:
        if index.column() == P_ACTION:
            self.return_selected()

    def return_button(self, row: int) -> QPushButton | None:
        """The Return button of ticket ``row`` (None for a return ticket)."""
        widget = self.purchase_tree.indexWidget(self.purchase_model.index(row, P_ACTION))
        return widget if isinstance(widget, QPushButton) else None

    def _fill_contacts(self) -> None:
        contacts = self.card["contacts"] if self.card else []
        lang = _lang()
        self.contact_model.set_rows(
            [
                (
                    _time(c["at"]),
                    labels.word("channel", c["channel"], lang),
                    labels.word("purpose", c["purpose"], lang),
                    labels.word("outcome", c["outcome"], lang),
                    c.get("clerk_name") or "",
                    c.get("note") or "",
                    _date(c.get("next_follow_up")),
                )
                for c in contacts
            ]
        )
        if self.card:
            notes = self.card["member"].get("contact_notes")
            hint = self.tr("%1 contacts").replace("%1", str(len(contacts)))
            if notes:
                hint += " · " + notes
            self.contacts_hint.setText(hint)
        else:
            self.contacts_hint.setText("")

    def _update_enabled(self) -> None:
        exists = self.card is not None and not self._gone
        self.tabs.setTabEnabled(1, exists)
        self.tabs.setTabEnabled(2, exists)
        for widget in (self.header_purchase_button, self.merge_button, self.contact_button):
            widget.setEnabled(exists)
        self.purchase_button.setEnabled(exists)

    # ------------------------------------------------------------------ editing

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        if dirty:
            self.saved_note.hide()
        self.save_button.setEnabled(not self._gone and (dirty or self.card is None))

    def is_dirty(self) -> bool:
        return self._dirty

    def _calendar_changed(self, *_args: object) -> None:
        lunar = self.calendar_combo.currentData() == "lunar"
        self.leap_check.setEnabled(lunar)
        if not lunar and self.leap_check.isChecked():
            self.leap_check.setChecked(False)
        self._update_birthday_hint()
        self._changed()

    def _status_changed(self, *_args: object) -> None:
        lost = self.status_combo.currentData() == "lost"
        for key in ("lost_reason", "lost_note"):
            self.edits[key].setEnabled(lost)
        stored = self.card["member"].get("status") if self.card else None
        if lost and not self._loading and self.member_id is not None and stored != "lost":
            self._ask_lost_reason(stored or "active")

    def _ask_lost_reason(self, stored: str) -> None:
        """Choosing "lost" asks why (app.feedback.mark_lost saves status and reason at
        once); closing the question puts the status back."""
        from ui.dialogs.feedback_dialogs import LostReasonDialog

        dialog = LostReasonDialog(self.ctx, int(self.member_id), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        member = members.get_member(self.ctx.db, int(self.member_id)) if accepted else None
        was_loading, self._loading = self._loading, True
        try:
            if member is None:
                self._set_combo(self.status_combo, stored)
                return
            if self.card is not None:
                self.card["member"].update(
                    status=member["status"],
                    lost_reason=member["lost_reason"],
                    lost_note=member["lost_note"],
                )
                self.card["header"]["status"] = member["status"]
            self._set_combo(self.status_combo, member["status"])
            self.edits["lost_reason"].setText(
                labels.word("lost_reason", member["lost_reason"], _lang())
                if member["lost_reason"]
                else ""
            )
            self.edits["lost_note"].setText(member["lost_note"] or "")
        finally:
            self._loading = was_loading
        self._fill_header()

    def _update_birthday_hint(self, *_args: object) -> None:
        """``农历八月十五 → 2027-09-15`` under a lunar birthday as it is typed."""
        text = self.birthday_edit.text().strip()
        calendar = self.calendar_combo.currentData() or "solar"
        hint = ""
        if text and calendar == "lunar":
            leap = self.leap_check.isChecked()
            try:
                stored = parse_birthday(text, calendar="lunar", leap=leap)
            except ValidationError:
                stored = None
            if stored:
                _y, month, day = split_birthday(stored)
                nxt = next_occurrence(
                    month, day, calendar="lunar", leap=leap, on_or_after=self._today()
                )
                hint = f"{member_form.lunar_md_text(month, day, leap, _lang())} → {nxt.isoformat()}"
        self.birthday_hint.setText(hint)
        self.birthday_hint.setVisible(bool(hint))

    def _consent_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        if checked and not self.edits["consent_at"].text().strip():
            self.edits["consent_at"].setText(self._today().isoformat())
        self.privacy.update_notice(any(c.isChecked() for c in self.consent_checks.values()))
        self._changed()

    def mark_verified(self) -> None:
        """The clerk has just gone through the data with the customer: record today
        (saved at once for an existing member)."""
        self._verified_at = now()
        self._show_verified()
        self._set_dirty(True)
        if self.card is not None:
            self.save()

    def collect(self) -> dict[str, Any]:
        """The form as ``app.members`` data (every field; unchanged ones stay equal)."""
        data: dict[str, Any] = {
            "name": self.edits["name"].text(),
            "phone": self.privacy.phone_value(self.edits["phone"].text().strip() or None),
            "gender": self.gender_combo.currentData(),
            "birthday": self.birthday_edit.text().strip() or None,
            "birthday_calendar": self.calendar_combo.currentData() or "solar",
            "birthday_leap": self.leap_check.isChecked(),
            "source": self.source_combo.currentData(),
            "referrer_id": self.referrer_picker.member_id(),
            "status": self.status_combo.currentData(),
            "note": self.note_edit.toPlainText(),
            "consent_channels": [
                c for c, check in self.consent_checks.items() if check.isChecked()
            ],
            "tags": self.edits["tags"].text(),
        }
        for key in (*BASIC_TEXT, *FEATURE_TEXT, *SIZE_FIELDS, "lost_reason", "lost_note"):
            data[key] = self.edits[key].text()
        if self.card is None and self.member_no_edit.text().strip():
            data["member_no"] = self.member_no_edit.text().strip()
        stored = (self.card["member"]["consent_channels"] if self.card else "") or ""
        chosen = ",".join(data["consent_channels"])
        if chosen and chosen != stored:  # a new consent: the notice the customer saw
            data["consent_notice_version"] = self.privacy.notice_version()
        original = self.card["member"]["verified_at"] if self.card else None
        if self._verified_at != original:
            data["verified_at"] = self._verified_at
        data["family"], self._family_rows = self._collect_family()
        return data

    def _collect_family(self) -> tuple[list[dict[str, Any]], list[int]]:
        table = self.family_table
        rows: list[dict[str, Any]] = []
        where: list[int] = []
        for row in range(table.rowCount()):
            relation = table.cellWidget(row, FAM_RELATION)
            calendar = table.cellWidget(row, FAM_CALENDAR)
            name = (table.item(row, FAM_NAME).text() if table.item(row, FAM_NAME) else "").strip()
            date = (table.item(row, FAM_DATE).text() if table.item(row, FAM_DATE) else "").strip()
            note = (table.item(row, FAM_NOTE).text() if table.item(row, FAM_NOTE) else "").strip()
            if not (name or date or note):
                continue  # an empty line left over: not a family member
            leap_item = table.item(row, FAM_LEAP)
            rows.append(
                {
                    "relation": relation.currentData() if isinstance(relation, QComboBox) else None,
                    "name": name,
                    "date": date or None,
                    "calendar": calendar.currentData()
                    if isinstance(calendar, QComboBox)
                    else "solar",
                    "leap": bool(leap_item and leap_item.checkState() == Qt.CheckState.Checked),
                    "note": note,
                }
            )
            where.append(row)
        return rows, where

    def _consent_value(self, errors: list[FieldError]) -> str | None:
        """The consent date to send: the stored one when unchanged (it carries the time),
        else the typed date checked by ``app.normalize.parse_date``."""
        text = self.edits["consent_at"].text().strip()
        if not text:
            return None
        if self._consent_at and text == _date(self._consent_at):
            return self._consent_at
        try:
            parsed = parse_date(text, field="consent_at")
        except ValidationError as exc:
            errors.extend(exc.errors)
            return None
        return parsed.isoformat() if parsed else None

    def save(self) -> bool:
        """Validate and write the archive; show every problem inline. True if saved."""
        if self._gone:
            return False
        self._clear_errors()
        data = self.collect()
        pre: list[FieldError] = []
        data["consent_at"] = self._consent_value(pre)
        if pre:
            # Checked here because app.members stores the consent date as given.
            self._show_errors(pre)
            return False
        try:
            if self.member_id is None:
                changes = members.create_member(self.ctx.db, actor=self.ctx.actor, data=data)
                self.member_id = changes.created_id
            else:
                changes = members.update_member(
                    self.ctx.db, actor=self.ctx.actor, member_id=self.member_id, data=data
                )
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        except NotFound:
            self._member_gone()
            return False
        self._set_dirty(False)
        self.load()
        self._notify(changes)
        self.saved_note.setText(self.tr("Saved"))
        self.saved_note.show()
        return True

    def _notify(self, changes: Changes) -> None:
        self._last_changes = changes
        self.ctx.notify(changes)

    # ------------------------------------------------------------------ errors

    def _clear_errors(self) -> None:
        for key, box in self.boxes.items():
            if key == "family":
                box.clear_error(self.family_table)
            else:
                box.clear_error()
        for row in range(self.family_table.rowCount()):
            for col in (FAM_NAME, FAM_DATE, FAM_NOTE):
                item = self.family_table.item(row, col)
                if item is not None:
                    item.setBackground(NO_BRUSH)
        self.form_errors.hide()
        self.message.hide()

    def _error_html(self, error: FieldError) -> str:
        text = html.escape(error.message(_lang()))
        if error.code == "phone_duplicate" and error.params.get("member_id"):
            p = error.params
            link = (
                self.tr("Open %1 %2")
                .replace("%1", str(p.get("member_no") or ""))
                .replace("%2", str(p.get("name") or ""))
            )
            text += f' &nbsp;<a href="member:{int(str(p["member_id"]))}">{html.escape(link)}</a>'
        return text

    def _show_errors(self, errors: list[FieldError]) -> None:
        by_box: dict[str, list[str]] = {}
        unplaced: list[str] = []
        family_cells: list[tuple[int, int]] = []
        lang = _lang()
        for error in errors:
            key = error.field
            if key.startswith("family["):
                index_text, _, sub = key[len("family[") :].partition("]")
                sub = sub.lstrip(".")
                try:
                    index = int(index_text)
                    row = self._family_rows[index]
                except (ValueError, IndexError):
                    row = -1
                label = _t(FAMILY_HEADERS[FAMILY_FIELDS[sub]]) if sub in FAMILY_FIELDS else sub
                prefix = self.tr("Row %1").replace("%1", str(row + 1)) if row >= 0 else ""
                by_box.setdefault("family", []).append(
                    html.escape(f"{prefix} {label}: {error.message(lang)}".strip())
                )
                if row >= 0 and sub in FAMILY_FIELDS:
                    family_cells.append((row, FAMILY_FIELDS[sub]))
                continue
            if key in ("birthday_calendar", "birthday_leap"):
                key = "birthday"
            if key in SIZE_FIELDS:
                key = "sizes"
            if key in self.boxes:
                by_box.setdefault(key, []).append(self._error_html(error))
            else:
                unplaced.append(html.escape(f"{key}: {error.message(lang)}"))
        first: QWidget | None = None
        for key, texts in by_box.items():
            box = self.boxes[key]
            if key == "family":
                box.set_error("<br>".join(texts), self.family_table)
            else:
                box.set_error("<br>".join(texts))
            first = first or box
        for row, col in family_cells:
            item = self.family_table.item(row, col)
            if item is not None:
                item.setBackground(ERROR_CELL)
        n = len(by_box) + len(unplaced)
        summary = (
            self.tr("1 field needs attention; nothing was saved.")
            if n == 1
            else self.tr("%1 fields need attention; nothing was saved.").replace("%1", str(n))
        )
        if unplaced:
            summary += "<br>" + "<br>".join(unplaced)
        self.form_errors.setText(summary)
        self.form_errors.show()
        self.saved_note.hide()
        self.tabs.setCurrentWidget(self.archive_tab)
        if first is not None:
            scroll = self.archive_tab
            if isinstance(scroll, QScrollArea):
                scroll.ensureWidgetVisible(first)
            target = first.editor.focusProxy() or first.editor
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_error(self, key: str) -> str:
        """The error text shown under ``key`` (empty when fine). For tests and tools."""
        box = self.boxes[key]
        return box.error.text() if not box.error.isHidden() else ""

    def _link(self, href: str) -> None:
        if href.startswith("member:"):
            open_member_card(self.ctx, int(href.split(":", 1)[1]), self.parentWidget())

    # ------------------------------------------------------------------ actions

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run_dialog(self, module: str, name: str, *args: Any, **kwargs: Any) -> bool:
        cls = load_dialog(module, name)
        if cls is None:
            self.show_message(self.tr("This part of the app is not installed yet."))
            return False
        dialog = cls(self.ctx, *args, parent=self, **kwargs)
        accepted = dialog.exec() == int(QDialog.DialogCode.Accepted)
        if accepted:
            self.load()  # the dialog has notified the changes already
        return accepted

    def record_purchase(self) -> bool:
        if self.member_id is None or self._gone:
            return False
        return self._run_dialog(
            "ui.dialogs.purchase_dialog", "PurchaseDialog", member_id=self.member_id
        )

    def return_purchase(self, purchase_id: int) -> bool:
        return self._run_dialog("ui.dialogs.return_dialog", "ReturnDialog", purchase_id)

    def log_contact(self) -> bool:
        if self.member_id is None or self._gone:
            return False
        return self._run_dialog("ui.dialogs.contact_dialog", "ContactDialog", self.member_id)

    def merge_duplicate(self) -> bool:
        """Pick the duplicate, compare, confirm, merge it into this card."""
        if self.member_id is None or self._gone:
            return False
        dialog = MergeDialog(self.ctx, self.member_id, self)
        if dialog.exec() != int(QDialog.DialogCode.Accepted) or dialog.remove_id() is None:
            return False
        return self.merge_with(int(dialog.remove_id() or 0))

    def merge_with(self, remove_id: int) -> bool:
        assert self.member_id is not None
        try:
            changes = merge.merge_members(
                self.ctx.db, actor=self.ctx.actor, keep_id=self.member_id, remove_id=remove_id
            )
        except (ValidationError, NotFound) as exc:
            errors = exc.errors if isinstance(exc, ValidationError) else []
            text = "; ".join(e.message(_lang()) for e in errors) or str(exc)
            self.show_message(self.tr("Not merged: %1").replace("%1", text))
            return False
        self._set_dirty(False)
        self.load()
        self._notify(changes)
        self.show_message(self.tr("Merged: the other card's history is now on this card."))
        return True

    # ------------------------------------------------------------------ changes

    def on_changes(self, changes: Changes) -> None:
        if self.member_id is not None and self.points_tab.isVisible():
            self.points_tab.on_changes(changes)
        if changes is self._last_changes or self.member_id is None:
            return
        if self.member_id in changes.member_ids or changes.touches("tiers", "users"):
            self.load()

    def _points_changed(self, changes: Changes) -> None:
        """A redemption, adjustment or visit on the points tab: the header's balance."""
        if self.member_id is not None and not self._gone:
            self.load()

    def _phone_revealed(self, phone: str) -> None:
        self.edits["phone"].setText(phone)

    def _privacy_changed(self, changes: Changes) -> None:
        """The owner deleted or anonymised this member."""
        self._set_dirty(False)
        self.load()
        self._notify(changes)

    def _finished(self, _result: int) -> None:
        self.privacy.forget()
        if self in _cards:
            _cards.remove(self)
        if not _spare:
            _spare.append(self)  # hidden, refilled by the next open_member_card
        else:
            self.deleteLater()

    def reuse(self, member_id: int | None, *, today: dt.date | None = None) -> None:
        """Show another member (None: a new one) in this closed card."""
        self.member_id = member_id
        self.today = today
        self.card = None
        self._dirty = False
        self._gone = False
        self._last_changes = None
        self.saved_note.hide()
        self.tabs.setEnabled(True)
        self.tabs.setCurrentIndex(0)
        self.archive_tab.verticalScrollBar().setValue(0)
        if self._lang != _lang():
            self.retranslate_ui()
        self.load()
        _cards.append(self)
        self.tabs.setFocus()

    def reject(self) -> None:
        """Close (Esc); unsaved edits are saved, dropped or kept on the user's word."""
        if self._dirty and not self._gone:
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save the changes to this member before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Save:
                if not self.save():
                    return
            elif answer != QMessageBox.StandardButton.Discard:
                return  # Cancel, or the box was closed
        super().reject()

    def discard_and_close(self) -> None:
        self._dirty = False
        super().reject()

    # ------------------------------------------------------------------ language

    def retranslate_tabs(self) -> None:
        n_p = len(self.card["purchases"]) if self.card else 0
        n_c = len(self.card["contacts"]) if self.card else 0
        self.tabs.setTabText(0, self.tr("Archive"))
        self.tabs.setTabText(1, self.tr("Purchases (%1)").replace("%1", str(n_p)))
        self.tabs.setTabText(2, self.tr("Contacts (%1)").replace("%1", str(n_c)))
        self.tabs.setTabText(3, self.tr("Points"))

    def retranslate_ui(self) -> None:
        self._lang = _lang()
        self.privacy.retranslate_ui()
        for key, label in self.labels.items():
            label.setText(_t(LABELS[key]))
        for key, text in PLACEHOLDERS.items():
            if key in self.edits:
                self.edits[key].setPlaceholderText(_t(text))
        self.basic_group.setTitle(self.tr("Basic data"))
        self.state_group.setTitle(self.tr("Status and notes"))
        self.features_group.setTitle(self.tr("Features and preferences"))
        self.consent_group.setTitle(self.tr("Consent, tags, verification"))
        self.family_group.setTitle(self.tr("Family and anniversaries"))
        self.leap_check.setText(self.tr("Leap month"))
        self.leap_check.setToolTip(self.tr("The birthday is in a leap month (闰月)"))
        for code, check in self.consent_checks.items():
            check.setText(labels.word("channel", code, _lang()))
        self.verify_button.setText(self.tr("Mark verified today"))
        self.add_family_button.setText(self.tr("Add family member"))
        self.remove_family_button.setText(self.tr("Remove selected"))
        self.family_table.setHorizontalHeaderLabels([_t(h) for h in FAMILY_HEADERS])
        self.header_purchase_button.setText(self.tr("Record purchase"))
        self.header_purchase_button.setToolTip("Ctrl+P")
        self.purchase_button.setText(self.tr("Record purchase"))
        self.purchase_button.setToolTip("Ctrl+P")
        self.return_selected_button.setText(self.tr("Return selected ticket…"))
        self.return_selected_button.setToolTip("Ctrl+R")
        self.contact_button.setText(self.tr("Log contact"))
        self.contact_button.setToolTip("Ctrl+L")
        self.merge_button.setText(self.tr("Merge duplicate…"))
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip("Ctrl+S")
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip("Esc")
        self.figures["total"][0].setText(self.tr("Total spend"))
        self.figures["visits"][0].setText(self.tr("Visits"))
        self.figures["last"][0].setText(self.tr("Last purchase"))
        self.figures["points"][0].setText(self.tr("Points"))
        self.figures["birthday"][0].setText(self.tr("Next birthday"))
        self.retranslate_tabs()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.isVisible():
            # Words from app.labels and the tiers table come in through load().
            self.retranslate_ui()
            self._fill_choice_combos()
            self.load()
        super().changeEvent(event)
