"""The card's Gifts tab (赠礼): what the member was given, when, why, what it cost and
who gave it, newest first, and a line to record one more (app/service/gifts.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app import labels
from app.core import NotFound, ValidationError
from app.normalize import format_fen, parse_money_fen
from app.service import gifts
from ui.dialogs.member_card.common import _date, _lang
from ui.models.readonly_table import ReadOnlyTableModel
from ui.widgets.record_form import (
    FormRow,
    date_field,
    inline_error,
    record_tab_layout,
    record_table,
    show_error,
)

C_DAY, C_KIND, C_ITEM, C_OCCASION, C_COST, C_BY = range(6)


class GiftsModel(ReadOnlyTableModel):
    """Rows are :func:`app.service.gifts.member_gifts` dicts."""

    def __init__(self, owner: GiftsTab) -> None:
        super().__init__(6, owner.header_text, owner)

    def format_row(self, record: Any) -> list[str]:
        return [
            _date(record["given_on"]),
            labels.word("gift_kind", record["kind"], _lang()),
            record["item"],
            record["occasion"] or "",
            format_fen(record["cost_fen"]),
            record["given_by_name"] or "",
        ]

    def sort_value(self, row: int, column: int) -> Any:
        rec = self.records[row]
        if column == C_COST:
            return rec["cost_fen"]
        if column == C_DAY:
            return (rec["given_on"], rec["id"])
        return self.text(row, column)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == C_COST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class GiftsTab(QWidget):
    """The member's gifts; ``card`` is the member card (its ``ctx``, ``member_id``,
    ``_notify`` and ``tabs``)."""

    def __init__(self, card: Any) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("giftsTab")
        self.model = GiftsModel(self)
        self.table = record_table("giftsTable", self.model, stretch=C_OCCASION)
        self.note = QLabel()
        self.note.setObjectName("giftsNote")
        self.note.setWordWrap(True)

        self.kind = QComboBox()
        self.kind.setObjectName("giftKind")
        self.item = QLineEdit()
        self.item.setObjectName("giftItem")
        self.item.setMaxLength(gifts.ITEM_MAX)
        self.day = date_field("giftDay")
        self.cost = QLineEdit()
        self.cost.setObjectName("giftCost")
        self.cost.setMaximumWidth(110)
        self.occasion = QLineEdit()
        self.occasion.setObjectName("giftOccasion")
        self.occasion.setMaxLength(gifts.OCCASION_MAX)
        self.add_button = QPushButton()
        self.add_button.setObjectName("giftAdd")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_gift)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("giftDelete")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_selected)
        self.error = inline_error("giftError")

        self.form = FormRow(
            [(self.kind, 0), (self.item, 2), (self.day, 0), (self.cost, 0), (self.occasion, 3)],
            self.add_button,
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.delete_button)

        record_tab_layout(self, self.note, self.table, self.form, bottom)
        self.retranslate_ui()

    # ------------------------------------------------------------------ data

    def header_text(self, section: int) -> str:
        return (
            self.tr("Date"),
            self.tr("Kind"),
            self.tr("Gift"),
            self.tr("Occasion"),
            self.tr("Cost"),
            self.tr("Given by"),
        )[section]

    def _today(self) -> dt.date:
        return self.card.today or dt.date.today()

    def fill(self) -> None:
        """Show the card's member's gifts (none for a new card): one indexed read."""
        mid = self.card.member_id
        gone = getattr(self.card, "_gone", False)
        rows = [] if mid is None or gone else gifts.member_gifts(self.card.ctx.db, mid)
        self.model.set_records(rows)
        self.add_button.setEnabled(mid is not None and not gone)
        self.delete_button.setEnabled(bool(rows))
        if not self.item.text():
            t = self._today()
            self.day.setDate(QDate(t.year, t.month, t.day))
        self.retranslate_ui()

    def count(self) -> int:
        return len(self.model.records)

    def _show_error(self, text: str) -> None:
        show_error(self.error, text)

    def add_gift(self) -> bool:
        """Record the gift typed in the line below the table."""
        mid = self.card.member_id
        if mid is None:
            return False
        try:
            cost = parse_money_fen(self.cost.text(), field="cost_fen") or 0
            changes = gifts.record_gift(
                self.card.ctx.db,
                actor=self.card.ctx.actor,
                member_id=mid,
                kind=self.kind.currentData(),
                item=self.item.text(),
                given_on=self.day.date().toString("yyyy-MM-dd"),
                cost_fen=cost,
                occasion=self.occasion.text(),
            )
        except ValidationError as exc:
            self._show_error(
                self.tr("Not recorded: %1").replace(
                    "%1", "; ".join(self._field(e.field) + e.message(_lang()) for e in exc.errors)
                )
            )
            return False
        self._show_error("")
        self.item.clear()
        self.cost.clear()
        self.occasion.clear()
        self.fill()
        self.card._notify(changes)
        return True

    def _field(self, name: str) -> str:
        names = {
            "kind": self.tr("Kind"),
            "item": self.tr("Gift"),
            "given_on": self.tr("Date"),
            "cost_fen": self.tr("Cost"),
            "occasion": self.tr("Occasion"),
        }
        return names[name] + ": " if name in names else ""

    def delete_selected(self) -> bool:
        """Remove the selected gift (recorded by mistake)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._show_error(self.tr("Select the gift to delete first."))
            return False
        record = self.model.records[rows[0].row()]
        try:
            changes = gifts.delete_gift(
                self.card.ctx.db, gift_id=record["id"], actor=self.card.ctx.actor
            )
        except NotFound:
            changes = None
        self._show_error("")
        self.fill()
        if changes is not None:
            self.card._notify(changes)
        return changes is not None

    # ------------------------------------------------------------------ language

    def retranslate_ui(self) -> None:
        lang = _lang()
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for code in gifts.KINDS:
            self.kind.addItem(labels.word("gift_kind", code, lang), code)
        if current is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self.form.set_texts(
            (
                self.tr("Kind"),
                self.tr("Gift"),
                self.tr("Date"),
                self.tr("Cost ¥"),
                self.tr("Occasion"),
            )
        )
        self.item.setPlaceholderText(self.tr("e.g. silk scarf"))
        self.occasion.setPlaceholderText(self.tr("e.g. 40th birthday"))
        self.add_button.setText(self.tr("Record gift"))
        self.delete_button.setText(self.tr("Delete selected gift"))
        n = self.count()
        total = sum(r["cost_fen"] for r in self.model.records)
        self.note.setText(
            self.tr("%1 gifts, cost %2 in all.")
            .replace("%1", str(n))
            .replace("%2", format_fen(total))
            if n
            else self.tr("No gifts recorded yet.")
        )
        self.model.retranslate()
        tabs = getattr(self.card, "tabs", None)
        if tabs is not None and tabs.indexOf(self) >= 0:
            tabs.setTabText(tabs.indexOf(self), self.tr("Gifts (%1)").replace("%1", str(n)))
