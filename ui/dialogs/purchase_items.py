"""The purchase dialog's items grid: one line per article (category, SKU, size, colour,
quantity, list and paid price per piece, line total, and the optional unit cost),
edited from the keyboard — Tab to the next cell, Enter to the next line, ``+`` adds
one — with each cell's problem shown on the cell. The cost (进价, for the margin) is
the last column, out of the Tab walk: most sales are rung up without it, and whoever
knows it clicks the cell."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app import labels
from app.core import ValidationError
from app.normalize import format_fen, parse_money_fen
from ui.widgets.form_kit import (
    is_ctrl_enter,
    lang,
    mark_invalid,
)

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
COL_COST = 8  # the unit cost, optional (after the total: not in the Tab walk)
N_COLUMNS = 9
EDITABLE_COLUMNS = (
    COL_CATEGORY,
    COL_SKU,
    COL_SIZE,
    COL_COLOUR,
    COL_QTY,
    COL_LIST,
    COL_PAID,
    COL_COST,
)
NUMBER_COLUMNS = (COL_QTY, COL_LIST, COL_PAID, COL_COST)
FIELD_COLUMN = {
    "category": COL_CATEGORY,
    "sku": COL_SKU,
    "size": COL_SIZE,
    "colour": COL_COLOUR,
    "qty": COL_QTY,
    "list_fen": COL_LIST,
    "paid_fen": COL_PAID,
    "cost_fen": COL_COST,
}
ERROR_BG = QColor("#fdecea")
ERROR_FG = QColor("#b42318")
MUTED_FG = QColor("#7b8794")
FIELD_ERROR_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_EDIT_ROLE = int(Qt.ItemDataRole.EditRole)


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
            COL_COST: 96,
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
        if action == QAbstractItemView.CursorAction.MovePrevious and index.column() in (
            COL_TOTAL,
            COL_COST,
        ):
            return self.model().index(index.row(), COL_PAID)
        if action == QAbstractItemView.CursorAction.MoveNext and index.column() == COL_COST:
            nxt = self.model().index(index.row() + 1, COL_CATEGORY)  # Tab out of the cost
            return nxt if nxt.isValid() else index
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
            self.set_cell_error(
                item.row(), item.column(), self.cell_problem(item.row(), item.column())
            )
            if item.column() == COL_LIST:  # an empty paid cell means "the list price"
                self.set_cell_error(item.row(), COL_PAID, self.cell_problem(item.row(), COL_PAID))
            self.update_line(item.row())
            self.lines_changed.emit()

    def cell_problem(self, row: int, col: int) -> str:
        """What is wrong with a quantity or money cell as typed, in the user's words and
        yuan (empty when fine or not yet known): shown at once, cleared when fixed. The
        rules are app's (app.purchases, app.normalize); this only asks them early."""
        text = self.text(row, col)
        if not text or col not in NUMBER_COLUMNS:
            return ""
        if col == COL_QTY:
            try:
                ok = int(text) >= 1
            except ValueError:
                ok = False
            return "" if ok else labels.error_text("qty_invalid", lang())
        try:
            fen = parse_money_fen(text)
        except ValidationError as exc:
            return exc.errors[0].message(lang())
        if fen is not None and fen < 0:
            return labels.error_text("amount_negative", lang(), yuan=format_fen(fen))
        return ""

    def cell_errors(self) -> list[tuple[int, int, str]]:
        """``(row, col, message)`` of every marked cell, top to bottom."""
        return [
            (row, col, self.cell_error(row, col))
            for row in range(self.rowCount())
            for col in EDITABLE_COLUMNS
            if self.cell_error(row, col)
        ]

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
        if unit_list is None or unit_paid is None or qty < 1 or min(unit_list, unit_paid) < 0:
            return None  # a negative price is an error, never a negative total
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
