"""Sale entry at the counter (录入消费): keyboard first.

``PurchaseDialog(ctx, member_id=None, parent=None)``; ``exec()`` returns Accepted after
the sale was saved with ``app.purchases.record_purchase`` and ``ctx.notify(changes)``
was called (``dialog.changes`` / ``dialog.purchase_id`` hold the result).

Keys: without a member the dialog opens on the member finder (name, pinyin initials,
phone tail; ↑/↓ choose, Enter picks). In the items grid Tab moves to the next cell
(typing replaces the cell), Enter goes to the next line (adding one after the last),
``+`` adds a line, Esc then Delete (or Ctrl+Delete) removes the current line;
Ctrl+Enter or Ctrl+S saves from anywhere. Prices are per piece in yuan; an empty paid
price means the list price, an empty quantity means 1. The discount is derived
(paid < list), never typed. Every problem ``app`` reports is shown next to its cell or
field and nothing is written.

``ClerkCombo`` (the staff chooser, remembering the last clerk for the session) is
shared by the return and contact dialogs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import labels, members, purchases, search, users
from app.core import Actor, Changes, FieldError, ValidationError
from app.normalize import format_fen, mask_phone, parse_money_fen
from ui import i18n
from ui.context import AppContext

# The store's usual categories (the combo is editable: any other can be typed).
# app/ has no list of the store's categories yet (see the report in the issue).
CATEGORIES = (
    "上衣",
    "衬衫",
    "针织",
    "裤装",
    "半身裙",
    "连衣裙",
    "外套",
    "羽绒服",
    "家居服",
    "床品",
    "毛巾",
    "配饰",
)

COL_CATEGORY, COL_SKU, COL_SIZE, COL_COLOUR, COL_QTY, COL_LIST, COL_PAID, COL_TOTAL = range(8)
N_COLUMNS = 8
EDITABLE_COLUMNS = (COL_CATEGORY, COL_SKU, COL_SIZE, COL_COLOUR, COL_QTY, COL_LIST, COL_PAID)
NUMBER_COLUMNS = (COL_QTY, COL_LIST, COL_PAID)
FIELD_COLUMN = {
    "category": COL_CATEGORY,
    "sku": COL_SKU,
    "size": COL_SIZE,
    "colour": COL_COLOUR,
    "qty": COL_QTY,
    "list_fen": COL_LIST,
    "paid_fen": COL_PAID,
}
_ITEM_FIELD = re.compile(r"^items\[(\d+)\](?:\.(\w+))?$")

ERROR_BG = QColor("#fdecea")
ERROR_FG = QColor("#b42318")
MUTED_FG = QColor("#7b8794")
FIELD_ERROR_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_EDIT_ROLE = int(Qt.ItemDataRole.EditRole)

# Local styling for the counter dialogs (style.qss is shared; these names are ours).
DIALOG_QSS = """
QLabel#fieldError { color: #b42318; }
QLabel#memberBanner { font-size: 12pt; font-weight: bold; color: #1f2933; }
QLabel#memberNotes { color: #8a5a00; background: #fff4e5; border-radius: 4px; padding: 3px 8px; }
QLabel#totals { font-size: 12pt; color: #1f2933; }
QLabel#keysHint { color: #616e7c; }
QDateTimeEdit::drop-down, QDateEdit::drop-down { subcontrol-origin: padding;
    subcontrol-position: center right; width: 22px; border: none; }
QDateTimeEdit::down-arrow, QDateEdit::down-arrow { image: url(icons:chevron-down.svg);
    width: 12px; height: 12px; }
QLineEdit, QDateTimeEdit, QDateEdit, QPlainTextEdit {
    background: #ffffff; border: 1px solid #cbd2d9; border-radius: 5px; padding: 4px 6px;
}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateTimeEdit[invalid="true"],
QDateEdit[invalid="true"] {
    border: 1px solid #d64545; background: #fffafa; }
QSpinBox[invalid="true"] { color: #b42318; background: #fdecea; }
QTableWidget, QTableView { background: #ffffff; gridline-color: #e4e7eb;
    border: 1px solid #d9e2ec; border-radius: 6px; }
QHeaderView::section { background: #f0f3f6; color: #3e4c59; border: none;
    border-right: 1px solid #e4e7eb; border-bottom: 1px solid #d9e2ec; padding: 5px 6px; }
QListWidget#memberResults { background: #ffffff; border: 1px solid #cbd2d9;
    border-radius: 5px; }
QListWidget#memberResults::item { padding: 4px 6px; }
QListWidget#memberResults::item:selected { background: #e1eef4; color: #1d4f66; }
"""


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
    """Red frame (``invalid`` property, see DIALOG_QSS) and the message as tooltip.
    The property is the text "true" or "", not a bool: reading a bool property back
    through PySide6 6.12 corrupts the refcount of True (Fatal Python error)."""
    widget.setProperty("invalid", "true" if message else "")
    widget.setToolTip(message)
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


# ------------------------------------------------------------------ member finder


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


class MemberFinder(QWidget):
    """A line edit with a results list: type, ↑/↓, Enter picks (``picked(id)``)."""

    picked = Signal(int)

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tiers = users.tier_names(db)
        self.edit = QLineEdit()
        self.edit.setObjectName("memberFinder")
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("memberResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setMaximumHeight(150)
        self.results.hide()
        self.status = QLabel()
        self.status.setObjectName("keysHint")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        col.addWidget(self.edit)
        col.addWidget(self.results)
        col.addWidget(self.status)
        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        self.setFocusProxy(self.edit)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.edit.setPlaceholderText(
            self.tr("Member: name, pinyin initials, phone tail or member no. (Enter picks)")
        )

    def _search(self, text: str) -> None:
        self.results.clear()
        rows = search.search(self.db, text, limit=20) if text.strip() else []
        for row in rows:
            item = QListWidgetItem(member_line(row, self.tiers, last_visit=True))
            item.setData(int(Qt.ItemDataRole.UserRole), row["id"])
            self.results.addItem(item)
        self.results.setVisible(bool(rows))
        if rows:
            self.results.setCurrentRow(0)
            self.status.setText("")
        else:
            self.status.setText(self.tr("No member found.") if text.strip() else "")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not is_ctrl_enter(event):
                item = self.results.currentItem()
                if item is not None:
                    self._activated(item)
                return True  # never the dialog's default button
        return super().eventFilter(obj, event)

    def _activated(self, item: QListWidgetItem) -> None:
        self.picked.emit(int(item.data(int(Qt.ItemDataRole.UserRole))))


# ------------------------------------------------------------------ items grid


class ItemDelegate(QStyledItemDelegate):
    """Editors for the grid: an editable category combo, line edits elsewhere. Enter,
    ``+`` and Ctrl+Enter are turned into grid actions. An empty paid price is drawn as
    the list price in grey, an empty quantity of a started line as 1."""

    enter_pressed = Signal()
    plus_pressed = Signal()
    save_requested = Signal()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        problem = str(index.data(FIELD_ERROR_ROLE) or "")
        if index.column() == COL_CATEGORY:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems(CATEGORIES)
            combo.setObjectName("categoryEditor")
            mark_invalid(combo, problem)
            return combo
        edit = QLineEdit(parent)
        # A cell with a problem keeps its red mark while being edited.
        mark_invalid(edit, problem)
        edit.setObjectName(f"cellEditor{index.column()}")
        # Totals follow each keystroke, not only the Tab.
        edit.textEdited.connect(lambda _text, e=edit: self.commitData.emit(e))
        if index.column() in NUMBER_COLUMNS:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return edit

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if option.text:
            return
        col = index.column()
        model = index.model()
        if col == COL_PAID:
            list_text = str(model.index(index.row(), COL_LIST).data() or "").strip()
            try:
                fen = parse_money_fen(list_text) if list_text else None
            except ValidationError:
                fen = None
            if fen is not None:
                option.text = format_fen(fen, symbol=False)
                option.palette.setColor(option.palette.ColorRole.Text, MUTED_FG)
        elif col == COL_QTY:
            row_has_text = any(
                str(model.index(index.row(), c).data() or "").strip() for c in EDITABLE_COLUMNS
            )
            if row_has_text:
                option.text = "1"
                option.palette.setColor(option.palette.ColorRole.Text, MUTED_FG)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        text = str(index.data(_EDIT_ROLE) or "")
        if isinstance(editor, QComboBox):
            editor.setEditText(text)
            editor.lineEdit().selectAll()
        elif isinstance(editor, QLineEdit) and editor.text().strip() != text:
            # (the view calls this again after each keystroke's commit: leave it be)
            editor.setText(text)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText().strip(), _EDIT_ROLE)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text().strip(), _EDIT_ROLE)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QWidget):
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                if is_ctrl_enter(event):
                    self.save_requested.emit()
                else:
                    self.enter_pressed.emit()
                return True
            numeric = editor.objectName() in {f"cellEditor{c}" for c in NUMBER_COLUMNS}
            keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
            if key == Qt.Key.Key_Plus and (numeric or keypad):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.plus_pressed.emit()
                return True
        return super().eventFilter(editor, event)


class ItemsGrid(QTableWidget):
    """The sale's lines. Tab walks the editable cells (typing replaces a cell) and
    leaves the grid after the last one; totals are read-only."""

    lines_changed = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, N_COLUMNS, parent)
        self.setObjectName("itemsGrid")
        self.delegate = ItemDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setMinimumHeight(5 * 34 + 30)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(34)
        self.verticalHeader().setMinimumWidth(28)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = {
            COL_CATEGORY: 96,
            COL_SKU: 104,
            COL_SIZE: 64,
            COL_COLOUR: 72,
            COL_QTY: 56,
            COL_LIST: 96,
            COL_PAID: 96,
            COL_TOTAL: 150,
        }
        for col, width in widths.items():
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_TOTAL, QHeaderView.ResizeMode.Stretch)
        self.delegate.enter_pressed.connect(self._enter)
        self.delegate.plus_pressed.connect(self.add_line_and_edit)
        self.delegate.save_requested.connect(self.save_requested)
        self.itemChanged.connect(self._item_changed)
        self._updating = False
        self.add_line()

    # -- lines

    def add_line(self) -> int:
        row = self.rowCount()
        self._updating = True
        self.insertRow(row)
        for col in range(N_COLUMNS):
            item = QTableWidgetItem("")
            if col in NUMBER_COLUMNS or col == COL_TOTAL:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == COL_TOTAL:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(row, col, item)
        self._updating = False
        self.lines_changed.emit()
        return row

    def add_line_and_edit(self) -> None:
        last = self.rowCount() - 1
        row = last if last >= 0 and self.is_blank(last) else self.add_line()
        self.edit_cell(row, COL_CATEGORY)

    def remove_line(self, row: int) -> None:
        if not 0 <= row < self.rowCount():
            return
        self.removeRow(row)
        if self.rowCount() == 0:
            self.add_line()
        self.setCurrentCell(min(row, self.rowCount() - 1), COL_CATEGORY)
        self.lines_changed.emit()

    def edit_cell(self, row: int, col: int) -> None:
        self.setFocus()
        index = self.model().index(row, col)
        if self.currentIndex() != index:
            self.setCurrentIndex(index)  # opens the editor (CurrentChanged)
        if self.state() != QAbstractItemView.State.EditingState:
            self.edit(index)

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item is not None else ""

    def is_blank(self, row: int) -> bool:
        return not any(self.text(row, c) for c in EDITABLE_COLUMNS)

    def commit_editor(self) -> None:
        """Write the open cell editor (if any) back to its cell."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # -- keys

    def _enter(self) -> None:
        row = self.currentRow()
        if row < self.rowCount() - 1:
            self.edit_cell(row + 1, COL_CATEGORY)
        elif not self.is_blank(row):
            self.edit_cell(self.add_line(), COL_CATEGORY)
        else:
            self.edit_cell(row, COL_CATEGORY)

    def _at_last_cell(self) -> bool:
        return self.currentRow() == self.rowCount() - 1 and self.currentColumn() >= COL_PAID

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem and self._at_last_cell():
            # Tab after the last cell leaves the grid for the fields below.
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            QWidget.focusNextPrevChild(self, True)
            return
        if hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem and (
            self.currentRow() == 0 and self.currentColumn() == COL_CATEGORY
        ):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            QWidget.focusNextPrevChild(self, False)
            return
        super().closeEditor(editor, hint)

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        # Tabbing into the grid starts editing its current cell, as Tab inside does.
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            index = self.currentIndex()
            if not index.isValid():
                row = 0 if event.reason() == Qt.FocusReason.TabFocusReason else self.rowCount() - 1
                col = COL_CATEGORY if event.reason() == Qt.FocusReason.TabFocusReason else COL_PAID
                index = self.model().index(row, col)
                self.setCurrentIndex(index)
            if self.state() != QAbstractItemView.State.EditingState:
                self.edit(index)

    def focusNextPrevChild(self, next: bool) -> bool:
        if next and self._at_last_cell():
            return QWidget.focusNextPrevChild(self, True)
        if not next and self.currentRow() <= 0 and self.currentColumn() <= COL_CATEGORY:
            return QWidget.focusNextPrevChild(self, False)
        return super().focusNextPrevChild(next)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        # Tab skips the read-only totals.
        if action == QAbstractItemView.CursorAction.MoveNext and index.column() == COL_TOTAL:
            nxt = self.model().index(index.row() + 1, COL_CATEGORY)
            return nxt if nxt.isValid() else self.model().index(index.row(), COL_PAID)
        if action == QAbstractItemView.CursorAction.MovePrevious and index.column() == COL_TOTAL:
            return self.model().index(index.row(), COL_PAID)
        return index

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Delete and (
            ctrl or self.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_line(self.currentRow())
            return
        if key == Qt.Key.Key_Plus and self.state() != QAbstractItemView.State.EditingState:
            self.add_line_and_edit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if ctrl:
                self.save_requested.emit()
            else:
                self._enter()
            return
        super().keyPressEvent(event)

    # -- totals

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        if item.column() != COL_TOTAL:
            self.set_cell_error(item.row(), item.column(), "")
            self.update_line(item.row())
            self.lines_changed.emit()

    def line_amounts(self, row: int) -> tuple[int, int, int] | None:
        """``(qty, list total, paid total)`` of a line in fen, None while unparsable."""
        try:
            qty_text = self.text(row, COL_QTY)
            qty = int(qty_text) if qty_text else 1
            unit_list = parse_money_fen(self.text(row, COL_LIST))
            paid_text = self.text(row, COL_PAID)
            unit_paid = parse_money_fen(paid_text) if paid_text else unit_list
        except (ValueError, ValidationError):
            return None
        if unit_list is None or unit_paid is None or qty < 1:
            return None
        return qty, unit_list * qty, unit_paid * qty

    def update_line(self, row: int) -> None:
        total = self.item(row, COL_TOTAL)
        if total is None:
            return
        amounts = self.line_amounts(row)
        self._updating = True
        if amounts is None:
            total.setText("")
            total.setToolTip("")
        else:
            _qty, list_total, paid_total = amounts
            text = format_fen(paid_total)
            if paid_total < list_total:
                text += "  " + self.tr("(−%1)").replace("%1", format_fen(list_total - paid_total))
            total.setText(text)
            total.setToolTip(self.tr("List total %1").replace("%1", format_fen(list_total)))
        self._updating = False

    # -- errors

    def set_cell_error(self, row: int, col: int, message: str) -> None:
        item = self.item(row, col)
        if item is None:
            return
        if (item.data(FIELD_ERROR_ROLE) or "") == message:
            return
        self._updating = True
        item.setData(FIELD_ERROR_ROLE, message or None)
        item.setBackground(QBrush(ERROR_BG) if message else QBrush())
        item.setToolTip(message)
        self._updating = False

    def clear_errors(self) -> None:
        for row in range(self.rowCount()):
            for col in EDITABLE_COLUMNS:
                self.set_cell_error(row, col, "")

    def cell_error(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return str(item.data(FIELD_ERROR_ROLE) or "") if item is not None else ""


# ------------------------------------------------------------------ the dialog


class PurchaseDialog(QDialog):
    def __init__(
        self, ctx: AppContext, member_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("purchaseDialog")
        self.setStyleSheet(DIALOG_QSS)
        self.setMinimumSize(860, 600)
        self.resize(980, 700)
        self.member_id: int | None = None
        self.changes: Changes | None = None
        self.purchase_id: int | None = None
        self.tiers = users.tier_names(ctx.db)

        # member -------------------------------------------------------------
        self.member_heading = QLabel()
        self.member_heading.setObjectName("sectionTitle")
        self.finder = MemberFinder(ctx.db)
        self.finder.picked.connect(self.set_member)
        self.member_banner = QLabel()
        self.member_banner.setObjectName("memberBanner")
        self.member_notes = QLabel()
        self.member_notes.setObjectName("memberNotes")
        self.member_notes.setWordWrap(True)
        self.member_notes.hide()
        self.change_member_button = QPushButton()
        self.change_member_button.setObjectName("changeMember")
        self.change_member_button.setAutoDefault(False)
        self.change_member_button.clicked.connect(self._change_member)
        self.member_error = error_label()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.member_banner, 1)
        banner_row.addWidget(self.change_member_button)
        self.banner_box = QWidget()
        banner_col = QVBoxLayout(self.banner_box)
        banner_col.setContentsMargins(0, 0, 0, 0)
        banner_col.addLayout(banner_row)
        banner_col.addWidget(self.member_notes)
        self.banner_box.hide()

        # items ---------------------------------------------------------------
        self.items_heading = QLabel()
        self.items_heading.setObjectName("sectionTitle")
        self.grid = ItemsGrid()
        self.grid.save_requested.connect(self.save)
        self.grid.lines_changed.connect(self.update_totals)
        self.add_line_button = QPushButton()
        self.add_line_button.setObjectName("addLine")
        self.add_line_button.setAutoDefault(False)
        self.add_line_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_line_button.clicked.connect(self.grid.add_line_and_edit)
        self.remove_line_button = QPushButton()
        self.remove_line_button.setObjectName("removeLine")
        self.remove_line_button.setAutoDefault(False)
        self.remove_line_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_line_button.clicked.connect(
            lambda: self.grid.remove_line(self.grid.currentRow())
        )
        self.items_error = error_label()
        self.items_error.setObjectName("fieldError")
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)

        # ticket fields -----------------------------------------------------------
        self.clerk_combo = ClerkCombo(ctx.db, ctx.actor)
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.at_edit.setObjectName("atEdit")
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.ticket_edit = QLineEdit()
        self.ticket_edit.setObjectName("ticketEdit")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.field_errors = {
            "clerk_id": (error_label(), self.clerk_combo),
            "at": (error_label(), self.at_edit),
            "ticket_no": (error_label(), self.ticket_edit),
            "note": (error_label(), self.note_edit),
        }
        self.clerk_label = QLabel()
        self.at_label = QLabel()
        self.ticket_label = QLabel()
        self.note_label = QLabel()
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 2)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        for i, (label, key) in enumerate(
            (
                (self.clerk_label, "clerk_id"),
                (self.at_label, "at"),
                (self.ticket_label, "ticket_no"),
                (self.note_label, "note"),
            )
        ):
            err, widget = self.field_errors[key]
            row, col = divmod(i, 2)
            label.setContentsMargins(0, 6, 0, 0)
            form.addWidget(label, row, col * 2, right)
            form.addWidget(field_with_error(widget, err), row, col * 2 + 1)

        # buttons -------------------------------------------------------------
        self.keys_hint = QLabel()
        self.keys_hint.setObjectName("keysHint")
        self.keys_hint.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.save)
        remove_sc = QShortcut(QKeySequence("Ctrl+Delete"), self)
        remove_sc.activated.connect(lambda: self.grid.remove_line(self.grid.currentRow()))

        # layout --------------------------------------------------------------
        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.setSpacing(6)
        inner.addWidget(self.member_heading)
        inner.addWidget(self.finder)
        inner.addWidget(self.banner_box)
        inner.addWidget(self.member_error)

        grid_buttons = QHBoxLayout()
        grid_buttons.addWidget(self.items_heading)
        grid_buttons.addStretch(1)
        grid_buttons.addWidget(self.add_line_button)
        grid_buttons.addWidget(self.remove_line_button)

        bottom = QHBoxLayout()
        bottom.addWidget(self.keys_hint, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(card)
        layout.addLayout(grid_buttons)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.items_error)
        layout.addWidget(self.totals, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)
        layout.addLayout(bottom)

        self.setTabOrder(self.finder.edit, self.change_member_button)
        self.setTabOrder(self.change_member_button, self.grid)
        self.setTabOrder(self.grid, self.clerk_combo)
        self.setTabOrder(self.clerk_combo, self.at_edit)
        self.setTabOrder(self.at_edit, self.ticket_edit)
        self.setTabOrder(self.ticket_edit, self.note_edit)
        self.setTabOrder(self.note_edit, self.save_button)
        self.setTabOrder(self.save_button, self.cancel_button)

        self.retranslate_ui()
        if member_id is not None:
            self.set_member(member_id, focus=False)
        else:
            self.finder.edit.setFocus()
        self.update_totals()

    # ------------------------------------------------------------------ text

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Record a purchase"))
        self.member_heading.setText(self.tr("Member"))
        self.items_heading.setText(self.tr("Items"))
        self.grid.setHorizontalHeaderLabels(
            [
                self.tr("Category"),
                self.tr("SKU"),
                self.tr("Size"),
                self.tr("Colour"),
                self.tr("Qty"),
                self.tr("List price ¥"),
                self.tr("Paid price ¥"),
                self.tr("Line total"),
            ]
        )
        self.add_line_button.setText(self.tr("+ Add line"))
        self.remove_line_button.setText(self.tr("Remove line"))
        self.change_member_button.setText(self.tr("Change member"))
        self.clerk_label.setText(self.tr("Clerk:"))
        self.at_label.setText(self.tr("Date and time:"))
        self.ticket_label.setText(self.tr("Ticket no.:"))
        self.note_label.setText(self.tr("Note:"))
        self.ticket_edit.setPlaceholderText(self.tr("optional"))
        self.note_edit.setPlaceholderText(self.tr("optional, e.g. alterations, pick-up day"))
        self.keys_hint.setText(
            self.tr(
                "Tab next cell · Enter next line · + add line · Esc, Delete remove line · "
                "prices per piece; empty paid price = list price · Ctrl+Enter save. "
                "The next-day call is added to the call list automatically."
            )
        )
        self.save_button.setText(self.tr("Save (Ctrl+Enter)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.update_totals()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ member

    def set_member(self, member_id: int, *, focus: bool = True) -> None:
        rows = search.fetch_rows(self.ctx.db, [member_id])
        row = rows.get(member_id)
        if row is None:
            set_error(self.member_error, None, labels.error_text("member_missing", lang()))
            return
        archive = members.get_member(self.ctx.db, member_id) or {}
        self.member_id = member_id
        self.member_banner.setText(member_line(row, self.tiers))
        notes = (archive.get("contact_notes") or "").strip()
        self.member_notes.setText(notes)
        self.member_notes.setVisible(bool(notes))
        self.finder.hide()
        self.banner_box.show()
        set_error(self.member_error, None, "")
        if focus:
            self.grid.edit_cell(0, COL_CATEGORY)

    def _change_member(self) -> None:
        self.member_id = None
        self.banner_box.hide()
        self.finder.show()
        self.finder.edit.selectAll()
        self.finder.edit.setFocus()

    # ------------------------------------------------------------------ totals

    def update_totals(self) -> None:
        n = 0
        list_sum = paid_sum = 0
        for row in range(self.grid.rowCount()):
            if self.grid.is_blank(row):
                continue
            amounts = self.grid.line_amounts(row)
            if amounts is None:
                continue
            qty, list_total, paid_total = amounts
            n += qty
            list_sum += list_total
            paid_sum += paid_total
        text = self.tr("%1 piece(s) · list price %2 · discount %3 · to pay %4")
        for i, value in enumerate(
            (str(n), format_fen(list_sum), format_fen(list_sum - paid_sum), format_fen(paid_sum)),
            start=1,
        ):
            text = text.replace(f"%{i}", value)
        self.totals.setText(text)

    # ------------------------------------------------------------------ saving

    def collect_items(self) -> tuple[list[dict[str, Any]], list[int], list[FieldError]]:
        """The non-blank lines as ``record_purchase`` items (unit prices in fen), the
        grid row of each, and the money cells that are not amounts at all (those are
        sent as text, so ``app`` refuses them too and nothing is written)."""
        items: list[dict[str, Any]] = []
        rows: list[int] = []
        problems: list[FieldError] = []
        for row in range(self.grid.rowCount()):
            if self.grid.is_blank(row):
                continue
            i = len(items)
            item: dict[str, Any] = {
                "category": self.grid.text(row, COL_CATEGORY),
                "sku": self.grid.text(row, COL_SKU),
                "size": self.grid.text(row, COL_SIZE),
                "colour": self.grid.text(row, COL_COLOUR),
            }
            qty_text = self.grid.text(row, COL_QTY)
            try:
                item["qty"] = int(qty_text) if qty_text else 1
            except ValueError:
                item["qty"] = qty_text
            for key, col in (("list_fen", COL_LIST), ("paid_fen", COL_PAID)):
                text = self.grid.text(row, col)
                if col == COL_PAID and not text:
                    text = self.grid.text(row, COL_LIST)
                try:
                    item[key] = parse_money_fen(text, field=f"items[{i}].{key}")
                except ValidationError as exc:
                    problems.extend(exc.errors)
                    item[key] = text
            items.append(item)
            rows.append(row)
        return items, rows, problems

    def clear_errors(self) -> None:
        self.grid.clear_errors()
        set_error(self.items_error, None, "")
        set_error(self.member_error, None, "")
        for label, widget in self.field_errors.values():
            set_error(label, widget, "")

    def show_errors(
        self, errors: list[FieldError], parse_problems: list[FieldError], rows: list[int]
    ) -> None:
        lg = lang()
        own = {e.field: e for e in parse_problems}
        merged = [own.get(e.field, e) for e in errors]
        merged += [e for e in parse_problems if e.field not in {m.field for m in merged}]
        grid_lines: list[str] = []
        field_text: dict[str, list[str]] = {}
        first_cell: tuple[int, int] | None = None
        for err in merged:
            message = err.message(lg)
            match = _ITEM_FIELD.match(err.field)
            if match:
                index = int(match.group(1))
                row = rows[index] if index < len(rows) else index
                col = FIELD_COLUMN.get(match.group(2) or "", COL_CATEGORY)
                self.grid.set_cell_error(row, col, message)
                header = self.grid.horizontalHeaderItem(col)
                name = header.text() if header is not None else ""
                line = self.tr("Line %1, %2: %3")
                grid_lines.append(
                    line.replace("%1", str(row + 1)).replace("%2", name).replace("%3", message)
                )
                if first_cell is None:
                    first_cell = (row, col)
            elif err.field == "items":
                grid_lines.append(message)
            elif err.field == "member_id":
                if self.member_id is None:
                    message = self.tr("Choose the member first.")
                field_text.setdefault("member_id", []).append(message)
            else:
                field_text.setdefault(err.field, []).append(message)
        set_error(self.items_error, None, "\n".join(grid_lines))
        set_error(self.member_error, None, "；".join(field_text.pop("member_id", [])))
        for key, messages in field_text.items():
            label, widget = self.field_errors.get(key, (self.items_error, None))
            set_error(label, widget, "；".join(messages))
        if "member_id" in {e.field for e in merged} and self.member_id is None:
            self.finder.edit.setFocus()
        elif first_cell is not None:
            self.grid.setFocus()
            self.grid.setCurrentCell(*first_cell)

    def save(self) -> None:
        self.grid.commit_editor()
        self.clear_errors()
        items, rows, problems = self.collect_items()
        stamp = self.at_edit.dateTime().toPython()
        assert isinstance(stamp, dt.datetime)
        try:
            changes = purchases.record_purchase(
                self.ctx.db,
                actor=self.ctx.actor,
                member_id=self.member_id,  # type: ignore[arg-type]  # None: app refuses
                items=items,
                clerk_id=self.clerk_combo.current_id(),
                at=stamp.replace(microsecond=0),
                ticket_no=self.ticket_edit.text().strip() or None,
                note=self.note_edit.text().strip() or None,
            )
        except ValidationError as exc:
            self.show_errors(exc.errors, problems, rows)
            return
        self.clerk_combo.remember()
        self.changes = changes
        self.purchase_id = changes.created_id
        self.ctx.notify(changes)
        self.accept()

    def has_input(self) -> bool:
        return any(not self.grid.is_blank(r) for r in range(self.grid.rowCount()))

    def reject(self) -> None:
        if self.result() != int(QDialog.DialogCode.Accepted) and self.has_input():
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.tr("Discard this purchase? Nothing has been saved."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Plain Enter must never close the dialog (there is no default button).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not is_ctrl_enter(event):
            return
        super().keyPressEvent(event)
