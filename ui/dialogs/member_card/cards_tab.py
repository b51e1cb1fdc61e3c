"""The card's Member cards tab (会员卡): the card the member carries now, every card
before it with the day and reason it was replaced, and one line to issue the first card
or replace the current one (补卡/换卡, app/service/cards.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import labels, users
from app.core import ValidationError
from app.service import cards
from ui.dialogs.member_card.common import _date, _lang
from ui.models.readonly_table import ReadOnlyTableModel

C_TYPE, C_NO, C_ISSUED, C_BY, C_REPLACED, C_REASON = range(6)


class CardsModel(ReadOnlyTableModel):
    """Rows are :func:`app.service.cards.member_cards` dicts."""

    def __init__(self, owner: CardsTab) -> None:
        super().__init__(6, owner.header_text, owner)
        self.owner = owner

    def format_row(self, record: Any) -> list[str]:
        reason = record["replace_reason"]
        return [
            self.owner.type_name(record["card_type"]),
            record["card_no"],
            _date(record["issued_on"]),
            record["issued_by_name"] or "",
            _date(record["replaced_on"]) or self.owner.in_use,
            labels.word("card_reason", reason, _lang()) if reason else "",
        ]

    def sort_value(self, row: int, column: int) -> Any:
        rec = self.records[row]
        if column == C_ISSUED:
            return (rec["issued_on"], rec["id"])
        return self.text(row, column)


class CardsTab(QWidget):
    """The member's cards; ``card`` is the member card (its ``ctx``, ``member_id``,
    ``_notify`` and ``tabs``)."""

    def __init__(self, card: Any) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("cardsTab")
        self.tiers: dict[str, dict[str, Any]] = {}
        self.current: dict[str, Any] | None = None
        self.model = CardsModel(self)
        self.table = QTableView()
        self.table.setObjectName("cardsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        for col in range(6):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(C_REASON, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setObjectName("cardsNote")
        self.note.setWordWrap(True)

        self.kind = QComboBox()
        self.kind.setObjectName("cardType")
        self.number = QLineEdit()
        self.number.setObjectName("cardNo")
        self.number.setMaxLength(cards.CARD_NO_MAX + 10)
        self.day = QDateEdit()
        self.day.setObjectName("cardDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.reason = QComboBox()
        self.reason.setObjectName("cardReason")
        self.issue_button = QPushButton()
        self.issue_button.setObjectName("cardIssue")
        self.issue_button.setAutoDefault(False)
        self.issue_button.clicked.connect(self.issue)
        self.replace_button = QPushButton()
        self.replace_button.setObjectName("cardReplace")
        self.replace_button.setAutoDefault(False)
        self.replace_button.clicked.connect(self.replace)
        self.error = QLabel()
        self.error.setObjectName("cardError")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QHBoxLayout()
        self.form_labels = [QLabel() for _ in range(4)]
        for label, widget, stretch in zip(
            self.form_labels,
            (self.reason, self.kind, self.number, self.day),
            (0, 0, 2, 0),
            strict=True,
        ):
            label.setBuddy(widget)
            form.addWidget(label)
            form.addWidget(widget, stretch)
        form.addWidget(self.issue_button)
        form.addWidget(self.replace_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.retranslate_ui()

    # ------------------------------------------------------------------ data

    def header_text(self, section: int) -> str:
        return (
            self.tr("Card type"),
            self.tr("Card no."),
            self.tr("Issued on"),
            self.tr("Issued by"),
            self.tr("Replaced on"),
            self.tr("Reason"),
        )[section]

    @property
    def in_use(self) -> str:
        return self.tr("in use")

    def type_name(self, code: str | None) -> str:
        return users.tier_name(self.tiers, code, _lang())

    def _today(self) -> dt.date:
        return self.card.today or dt.date.today()

    def fill(self) -> None:
        """Show the card's member's cards (none for a new card): one indexed read."""
        mid = self.card.member_id
        gone = getattr(self.card, "_gone", False)
        db = self.card.ctx.db
        self.tiers = users.tier_names(db)
        rows = [] if mid is None or gone else cards.member_cards(db, mid)
        self.current = next((r for r in rows if r["replaced_on"] is None), None)
        self.model.set_records(rows)
        member = (getattr(self.card, "card", None) or {}).get("member") or {}
        self._fill_types(member.get("tier"))
        exists = mid is not None and not gone
        self.issue_button.setEnabled(exists and self.current is None)
        self.replace_button.setEnabled(exists and self.current is not None)
        self.reason.setEnabled(self.current is not None)
        if not self.number.text():
            t = self._today()
            self.day.setDate(QDate(t.year, t.month, t.day))
        self.retranslate_ui()

    def _fill_types(self, tier: str | None) -> None:
        """The store's tiers as card types; the member's tier chosen."""
        self.kind.blockSignals(True)
        self.kind.clear()
        for code in self.tiers:
            self.kind.addItem(self.type_name(code), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(tier)))
        self.kind.blockSignals(False)

    def count(self) -> int:
        return len(self.model.records)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _done(self, run: Any) -> bool:
        try:
            changes = run()
        except ValidationError as exc:
            self._show_error(
                self.tr("Not saved: %1").replace(
                    "%1", "; ".join(self._field(e.field) + e.message(_lang()) for e in exc.errors)
                )
            )
            return False
        self._show_error("")
        self.number.clear()
        self.fill()
        self.card._notify(changes)
        return True

    def issue(self) -> bool:
        """Issue the member's first card with the type, number and day on the line."""
        mid = self.card.member_id
        if mid is None:
            return False
        return self._done(
            lambda: cards.issue_card(
                self.card.ctx.db,
                actor=self.card.ctx.actor,
                member_id=mid,
                issued_on=self.day.date().toString("yyyy-MM-dd"),
                card_no=self.number.text(),
                card_type=self.kind.currentData(),
            )
        )

    def replace(self) -> bool:
        """Replace the current card (补卡/换卡) for the reason chosen."""
        mid = self.card.member_id
        if mid is None:
            return False
        return self._done(
            lambda: cards.replace_card(
                self.card.ctx.db,
                actor=self.card.ctx.actor,
                member_id=mid,
                reason=self.reason.currentData(),
                replaced_on=self.day.date().toString("yyyy-MM-dd"),
                card_no=self.number.text() or None,
                card_type=self.kind.currentData(),
            )
        )

    def _field(self, name: str) -> str:
        names = {
            "card_type": self.tr("Card type"),
            "card_no": self.tr("Card no."),
            "issued_on": self.tr("Date"),
            "replaced_on": self.tr("Date"),
            "reason": self.tr("Reason"),
        }
        return names[name] + ": " if name in names else ""

    # ------------------------------------------------------------------ language

    def retranslate_ui(self) -> None:
        lang = _lang()
        current = self.reason.currentData()
        self.reason.blockSignals(True)
        self.reason.clear()
        for code in cards.REASONS:
            self.reason.addItem(labels.word("card_reason", code, lang), code)
        if current is not None:
            self.reason.setCurrentIndex(max(0, self.reason.findData(current)))
        self.reason.blockSignals(False)
        for label, text in zip(
            self.form_labels,
            (self.tr("Reason"), self.tr("Card type"), self.tr("Card no."), self.tr("Date")),
            strict=True,
        ):
            label.setText(text)
        self.issue_button.setText(self.tr("Issue card"))
        self.replace_button.setText(self.tr("Replace card"))
        if self.current is None:
            self.number.setPlaceholderText(self.tr("the member number if left empty"))
            self.note.setText(self.tr("No member card issued yet."))
        else:
            self.number.setPlaceholderText(
                self.tr("the old number if left empty (a lost card needs a new one)")
            )
            c = self.current
            self.note.setText(
                self.tr("Card in use: %1, no. %2, issued %3.")
                .replace("%1", self.type_name(c["card_type"]))
                .replace("%2", c["card_no"])
                .replace("%3", _date(c["issued_on"]))
            )
        self.model.retranslate()
        tabs = getattr(self.card, "tabs", None)
        if tabs is not None and tabs.indexOf(self) >= 0:
            tabs.setTabText(tabs.indexOf(self), self.tr("Member card"))
