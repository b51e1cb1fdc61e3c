"""Sale entry at the counter (录入消费): keyboard first.

``PurchaseDialog(ctx, member_id=None, parent=None)``; ``exec()`` returns Accepted after
the sale was saved with ``app.purchases.record_purchase`` and ``ctx.notify(changes)``
was called (``dialog.changes`` / ``dialog.purchase_id`` hold the result). While a long
import holds the store, the sale goes to the counter queue after half a second
(``app.counter_queue.record_sale``; ``dialog.queued`` holds it, ``purchase_id`` stays
None) and is entered when the import ends.

Keys: without a member the dialog opens on the member finder (name, pinyin initials,
phone tail; ↑/↓ choose, Enter picks). In the items grid Tab moves to the next cell
(typing replaces the cell), Enter goes to the next line (adding one after the last),
``+`` adds a line, Esc then Delete (or Ctrl+Delete) removes the current line;
Ctrl+Enter or Ctrl+S saves from anywhere. Prices are per piece in yuan; an empty paid
price means the list price, an empty quantity means 1. The discount is derived
(paid < list), never typed. Every problem ``app`` reports is shown next to its cell or
field and nothing is written.

The items grid is ``ui.dialogs.purchase_items``; the clerk/date/ticket/note fields and
the rest of the form kit shared with the return, contact and feedback dialogs are
``ui.widgets.form_kit``.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import counter_queue, labels, members, search, users
from app.core import Actor, Changes, FieldError, ValidationError
from app.normalize import format_fen, parse_money_fen
from ui.context import AppContext
from ui.dialogs.purchase_items import (
    COL_CATEGORY,
    COL_COLOUR,
    COL_COST,
    COL_LIST,
    COL_PAID,
    COL_QTY,
    COL_SIZE,
    COL_SKU,
    FIELD_COLUMN,
    ItemsGrid,
)
from ui.widgets.form_kit import (
    TicketFields,
    add_save_shortcuts,
    error_label,
    is_ctrl_enter,
    lang,
    member_line,
    set_error,
    use_dialog_style,
)
from ui.widgets.screen_fit import fit_to_screen

_ITEM_FIELD = re.compile(r"^items\[(\d+)\](?:\.(\w+))?$")

# ------------------------------------------------------------------ member finder


class MemberFinder(QWidget):
    """A line edit with a results list: type, ↑/↓, Enter picks (``picked(id)``)."""

    picked = Signal(int)

    def __init__(self, db: Any, parent: QWidget | None = None, *, actor: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        # phones in the results as this user may see them (masked for the counter)
        self.actor = actor or Actor(user_id=None, name="", role="clerk")
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
        rows = search.search(self.db, text, actor=self.actor, limit=20) if text.strip() else []
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


# ------------------------------------------------------------------ the dialog


class PurchaseDialog(QDialog):
    def __init__(
        self, ctx: AppContext, member_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("purchaseDialog")
        use_dialog_style(self)
        self.setMinimumSize(860, 600)
        fit_to_screen(self, QSize(980, 700))  # capped by the screen it opens on (1366×768)
        self.member_id: int | None = None
        self.changes: Changes | None = None
        self.purchase_id: int | None = None
        self.queued: counter_queue.Queued | None = None  # saved to the counter queue
        self.tiers = users.tier_names(ctx.db)

        # member -------------------------------------------------------------
        self.member_heading = QLabel()
        self.member_heading.setObjectName("sectionTitle")
        self.finder = MemberFinder(ctx.db, actor=ctx.actor)
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
        self.grid.lines_changed.connect(self.refresh_grid_errors)
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
        self.ticket_fields = TicketFields(ctx.db, ctx.actor, with_ticket=True)
        fields = self.ticket_fields
        assert fields.ticket_edit is not None
        self.clerk_combo, self.at_edit = fields.clerk_combo, fields.at_edit
        self.ticket_edit, self.note_edit = fields.ticket_edit, fields.note_edit
        self.field_errors = fields.field_errors
        self.clerk_label, self.at_label = fields.clerk_label, fields.at_label
        self.ticket_label, self.note_label = fields.ticket_label, fields.note_label

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
        layout.addWidget(self.ticket_fields)
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
                self.tr("Unit cost ¥"),
            ]
        )
        cost_header = self.grid.horizontalHeaderItem(COL_COST)
        if cost_header is not None:
            cost_header.setToolTip(
                self.tr("Optional: what one piece cost the store, for the gross margin")
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
        rows = search.fetch_rows(self.ctx.db, [member_id], actor=self.ctx.actor)
        row = rows.get(member_id)
        if row is None:
            set_error(self.member_error, None, labels.error_text("member_missing", lang()))
            return
        archive = members.get_member(self.ctx.db, member_id, actor=self.ctx.actor) or {}
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
            cost_text = self.grid.text(row, COL_COST)
            if cost_text:  # optional: an empty cell is "not known"
                try:
                    item["cost_fen"] = parse_money_fen(cost_text, field=f"items[{i}].cost_fen")
                except ValidationError as exc:
                    problems.extend(exc.errors)
                    item["cost_fen"] = cost_text
            items.append(item)
            rows.append(row)
        return items, rows, problems

    def refresh_grid_errors(self) -> None:
        """The summary under the grid follows its cells: a fixed cell's line leaves it
        at once (it used to stay until the next save)."""
        if not self.items_error.text():
            return
        set_error(self.items_error, None, "\n".join(self._grid_lines()))

    def _grid_lines(self) -> list[str]:
        lines = []
        for row, col, message in self.grid.cell_errors():
            header = self.grid.horizontalHeaderItem(col)
            name = header.text() if header is not None else ""
            line = self.tr("Line %1, %2: %3")
            lines.append(
                line.replace("%1", str(row + 1)).replace("%2", name).replace("%3", message)
            )
        return lines

    def clear_errors(self) -> None:
        self.grid.clear_errors()
        set_error(self.items_error, None, "")
        set_error(self.member_error, None, "")
        self.ticket_fields.clear_errors()

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
        try:
            # waits at most half a second for the store; during a long import the sale
            # is saved to the counter queue and entered when the import ends
            result = counter_queue.record_sale(
                self.ctx.db,
                queue=counter_queue.queue_path(self.ctx.db_path),
                actor=self.ctx.actor,
                member_id=self.member_id,  # type: ignore[arg-type]  # None: app refuses
                items=items,
                clerk_id=self.clerk_combo.current_id(),
                at=self.ticket_fields.at(),
                ticket_no=self.ticket_edit.text().strip() or None,
                note=self.note_edit.text().strip() or None,
            )
        except ValidationError as exc:
            self.show_errors(exc.errors, problems, rows)
            return
        self.clerk_combo.remember()
        if isinstance(result, counter_queue.Queued):
            self.queued = result
            changes = result.changes
        else:
            changes = result
            self.purchase_id = changes.created_id
        self.changes = changes
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
