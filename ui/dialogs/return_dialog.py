"""Return of goods (退货): ``ReturnDialog(ctx, purchase_id, parent=None)``.

Lists the sale's lines with what was bought and what earlier returns took back, a spin
box per line for the quantity to return now (at most what is left) and the refund it
gives. Saving calls ``app.purchases.record_return`` and ``ctx.notify(changes)``;
``exec()`` then returns Accepted. Problems (a line returned meanwhile from another
till, a date before the sale) are shown inline and nothing is written.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import purchases, search, users
from app.core import Changes, FieldError, NotFound, ValidationError
from app.normalize import format_fen
from ui.context import AppContext
from ui.widgets.form_kit import (
    DIALOG_QSS,
    TicketFields,
    add_save_shortcuts,
    error_label,
    is_ctrl_enter,
    lang,
    mark_invalid,
    member_line,
    set_error,
)
from ui.widgets.screen_fit import fit_to_screen

(
    COL_CATEGORY,
    COL_SKU,
    COL_SIZE,
    COL_COLOUR,
    COL_BOUGHT,
    COL_RETURNED,
    COL_PAID,
    COL_RETURN_NOW,
    COL_REFUND,
) = range(9)
N_COLUMNS = 9
_LINE_FIELD = re.compile(r"^lines\[(\d+)\](?:\.(\w+))?$")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReturnDialog(QDialog):
    def __init__(self, ctx: AppContext, purchase_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.purchase_id = purchase_id
        self.changes: Changes | None = None
        self.return_id: int | None = None
        self.purchase: dict[str, Any] | None = None
        self.member_row: dict[str, Any] | None = None
        self.tiers = users.tier_names(ctx.db)
        self.setObjectName("returnDialog")
        self.setStyleSheet(DIALOG_QSS)
        self.setMinimumSize(820, 480)
        fit_to_screen(self, QSize(900, 540))  # capped by the screen it opens on (1366×768)

        self.banner = QLabel()
        self.banner.setObjectName("memberBanner")
        self.ticket_info = QLabel()
        self.ticket_info.setObjectName("hint")
        self.ticket_info.setWordWrap(True)
        self.load_error = error_label()

        self.table = QTableWidget(0, N_COLUMNS)
        self.table.setObjectName("returnLines")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)  # Tab goes from spin box to spin box
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        for col, width in {
            COL_CATEGORY: 84,
            COL_SKU: 96,
            COL_SIZE: 56,
            COL_COLOUR: 64,
            COL_BOUGHT: 60,
            COL_RETURNED: 70,
            COL_PAID: 110,
            COL_RETURN_NOW: 96,
            COL_REFUND: 110,
        }.items():
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_REFUND, QHeaderView.ResizeMode.Stretch)
        self.spins: list[QSpinBox] = []
        self.lines_error = error_label()
        self.refund_total = QLabel()
        self.refund_total.setObjectName("totals")

        self.ticket_fields = TicketFields(ctx.db, ctx.actor, with_ticket=False)
        fields = self.ticket_fields
        self.clerk_combo, self.at_edit = fields.clerk_combo, fields.at_edit
        self.note_edit = fields.note_edit
        self.field_errors = fields.field_errors
        self.clerk_label, self.at_label = fields.clerk_label, fields.at_label
        self.note_label = fields.note_label

        self.keys_hint = QLabel()
        self.keys_hint.setObjectName("keysHint")
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        add_save_shortcuts(self, self.save)

        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(self.banner)
        inner.addWidget(self.ticket_info)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keys_hint, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(card)
        layout.addWidget(self.load_error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.lines_error)
        layout.addWidget(self.refund_total, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.ticket_fields)
        layout.addLayout(bottom)

        self.retranslate_ui()
        self.load()

    # ------------------------------------------------------------------ content

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Return goods"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Category"),
                self.tr("SKU"),
                self.tr("Size"),
                self.tr("Colour"),
                self.tr("Bought"),
                self.tr("Returned"),
                self.tr("Paid (line)"),
                self.tr("Return now"),
                self.tr("Refund"),
            ]
        )
        self.clerk_label.setText(self.tr("Clerk:"))
        self.at_label.setText(self.tr("Date and time:"))
        self.note_label.setText(self.tr("Reason / note:"))
        self.note_edit.setPlaceholderText(self.tr("e.g. wrong size, colour not as expected"))
        self.keys_hint.setText(
            self.tr("Tab to the next line · type the quantity to return · Ctrl+Enter save")
        )
        self.save_button.setText(self.tr("Save return (Ctrl+Enter)"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self.purchase is not None:
            self._fill_header()
            self.update_refund()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def load(self) -> None:
        """(Re)read the sale: lines, what was returned, what is left."""
        try:
            purchase = purchases.get_purchase(self.ctx.db, self.purchase_id)
        except NotFound:
            set_error(self.load_error, None, labels_error("purchase_missing"))
            self.save_button.setEnabled(False)
            return
        if purchase["return_of"] is not None:
            set_error(self.load_error, None, labels_error("return_of_return"))
            self.save_button.setEnabled(False)
        keep = {it["id"]: sp.value() for it, sp in zip(self.items, self.spins, strict=True)}
        self.purchase = purchase
        rows = search.fetch_rows(self.ctx.db, [purchase["member_id"]], actor=self.ctx.actor)
        self.member_row = rows.get(purchase["member_id"])
        self.table.setRowCount(0)
        self.spins = []
        for row, it in enumerate(self.items):
            self.table.insertRow(row)
            left = it["returnable_qty"]
            cells = {
                COL_CATEGORY: it["category"] or "",
                COL_SKU: it["sku"] or "",
                COL_SIZE: it["size"] or "",
                COL_COLOUR: it["colour"] or "",
                COL_BOUGHT: str(it["qty"]),
                COL_RETURNED: str(it["returned_qty"]),
                COL_PAID: format_fen(it["paid_fen"]),
                COL_REFUND: "",
            }
            for col, text in cells.items():
                item = QTableWidgetItem(text)
                if col in (COL_BOUGHT, COL_RETURNED, COL_PAID, COL_REFUND):
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(row, col, item)
            spin = QSpinBox()
            spin.setObjectName(f"returnQty{row}")
            spin.setRange(0, max(0, left))
            spin.setAlignment(_RIGHT)
            # Typed, or ↑/↓: the tiny arrows only crowd the cell.
            spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            spin.setEnabled(left > 0)
            spin.setValue(min(keep.get(it["id"], 0), left))
            spin.setToolTip(self.tr("At most %1").replace("%1", str(left)))
            spin.valueChanged.connect(self.update_refund)
            self.table.setCellWidget(row, COL_RETURN_NOW, spin)
            self.spins.append(spin)
        enabled = [s for s in self.spins if s.isEnabled()]
        chain: list[QWidget] = [*enabled, self.clerk_combo, self.at_edit, self.note_edit]
        chain += [self.save_button, self.cancel_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        if enabled:
            enabled[0].setFocus()
            enabled[0].selectAll()
        self._fill_header()
        self.update_refund()

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.purchase["items"]) if self.purchase else []

    def _fill_header(self) -> None:
        p = self.purchase
        if p is None:
            return
        row = self.member_row
        self.banner.setText(member_line(row, self.tiers) if row else "")
        info = self.tr("Ticket %1 · %2 · clerk %3 · paid %4")
        for i, value in enumerate(
            (
                p["ticket_no"] or f"#{p['id']}",
                str(p["at"]).replace("T", " ")[:16],
                p["clerk_name"] or "—",
                format_fen(p["paid_fen"]),
            ),
            start=1,
        ):
            info = info.replace(f"%{i}", value)
        self.ticket_info.setText(info)

    def update_refund(self) -> None:
        total = 0
        for row, (it, spin) in enumerate(zip(self.items, self.spins, strict=True)):
            back = purchases.refund_fen(it, spin.value())  # what record_return will store
            total += back
            cell = self.table.item(row, COL_REFUND)
            if cell is not None:
                cell.setText(format_fen(back) if spin.value() else "")
            if spin.property("invalid"):
                mark_invalid(spin, "")
        pieces = sum(s.value() for s in self.spins)
        text = self.tr("%1 piece(s) · refund %2")
        self.refund_total.setText(text.replace("%1", str(pieces)).replace("%2", format_fen(total)))

    # ------------------------------------------------------------------ saving

    def lines(self) -> tuple[list[dict[str, int]], list[int]]:
        out: list[dict[str, int]] = []
        rows: list[int] = []
        for row, (it, spin) in enumerate(zip(self.items, self.spins, strict=True)):
            if spin.value() > 0:
                out.append({"item_id": it["id"], "qty": spin.value()})
                rows.append(row)
        return out, rows

    def clear_errors(self) -> None:
        set_error(self.lines_error, None, "")
        for spin in self.spins:
            mark_invalid(spin, "")
        self.ticket_fields.clear_errors()

    def show_errors(self, errors: list[FieldError], rows: list[int]) -> None:
        lg = lang()
        lines: list[str] = []
        by_field: dict[str, list[str]] = {}
        for err in errors:
            message = err.message(lg)
            match = _LINE_FIELD.match(err.field)
            if match:
                index = int(match.group(1))
                row = rows[index] if index < len(rows) else index
                if row < len(self.spins):
                    mark_invalid(self.spins[row], message)
                text = self.tr("Line %1: %2").replace("%1", str(row + 1)).replace("%2", message)
                lines.append(text)
            elif err.field in ("lines", "purchase_id"):
                lines.append(message)
            else:
                by_field.setdefault(err.field, []).append(message)
        set_error(self.lines_error, None, "\n".join(lines))
        for key, messages in by_field.items():
            label, widget = self.field_errors.get(key, (self.lines_error, None))
            set_error(label, widget, "；".join(messages))

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        lines, rows = self.lines()
        try:
            changes = purchases.record_return(
                self.ctx.db,
                actor=self.ctx.actor,
                purchase_id=self.purchase_id,
                lines=lines,
                clerk_id=self.clerk_combo.current_id(),
                at=self.ticket_fields.at(),
                note=self.note_edit.text().strip() or None,
            )
        except ValidationError as exc:
            if any(e.code == "return_qty_exceeds" for e in exc.errors):
                # Someone returned some of it meanwhile: show what is left now.
                self.load()
            self.show_errors(exc.errors, rows)
            return
        self.clerk_combo.remember()
        self.changes = changes
        self.return_id = changes.created_id
        self.ctx.notify(changes)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not is_ctrl_enter(event):
            return
        super().keyPressEvent(event)


def labels_error(code: str) -> str:
    from app.labels import error_text

    return error_text(code, lang())
