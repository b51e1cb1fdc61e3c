"""The card's Events tab (活动): the member's invitations to club events and launches,
the newest event first — when, what, where, when they were told and how, their answer
and whether they came (app/service/events.py); the answer can be recorded here too,
when the member tells the clerk at the counter."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import labels
from app.core import NotFound, ValidationError
from app.service import events
from ui.dialogs.member_card.common import _lang
from ui.models.readonly_table import ReadOnlyTableModel

C_WHEN, C_EVENT, C_KIND, C_PLACE, C_TOLD, C_ANSWER, C_CAME = range(7)


class InvitationsModel(ReadOnlyTableModel):
    """Rows are :func:`app.service.events.member_invitations` dicts."""

    def __init__(self, owner: MemberEventsTab) -> None:
        super().__init__(7, owner.header_text, owner)
        self.owner = owner

    def format_row(self, record: Any) -> list[str]:
        lang = _lang()
        told = (record["invited_at"] or "")[:10]
        if told and record["channel"]:
            told += " " + labels.word("channel", record["channel"], lang)
        name = record["name"]
        if record["status"] == "cancelled":
            word = labels.word("event_status", "cancelled", lang)
            name += f"（{word}）" if lang == "zh" else f" ({word})"
        return [
            record["starts_at"][:16].replace("T", " "),
            name,
            labels.word("event_kind", record["kind"], lang),
            record["place"] or "",
            told,
            labels.word("event_response", record["response"], lang),
            self.owner.came_text(bool(record["attended"])),
        ]


class MemberEventsTab(QWidget):
    """The member's invitations; ``card`` is the member card (its ``ctx``,
    ``member_id``, ``_notify`` and ``tabs``)."""

    def __init__(self, card: Any) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("memberEventsTab")
        self.model = InvitationsModel(self)
        self.table = QTableView()
        self.table.setObjectName("memberEventsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        for col in range(7):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(C_EVENT, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setObjectName("memberEventsNote")
        self.note.setWordWrap(True)
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("memberEventAccept")
        self.accept_button.setAutoDefault(False)
        self.accept_button.clicked.connect(lambda: self.answer("accepted"))
        self.decline_button = QPushButton()
        self.decline_button.setObjectName("memberEventDecline")
        self.decline_button.setAutoDefault(False)
        self.decline_button.clicked.connect(lambda: self.answer("declined"))
        self.error = QLabel()
        self.error.setObjectName("memberEventError")
        self.error.setWordWrap(True)
        self.error.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.accept_button)
        bottom.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()

    def header_text(self, section: int) -> str:
        return (
            self.tr("Date"),
            self.tr("Event"),
            self.tr("Kind"),
            self.tr("Place"),
            self.tr("Told"),
            self.tr("Answer"),
            self.tr("Came"),
        )[section]

    def came_text(self, came: bool) -> str:
        return self.tr("yes") if came else ""

    def fill(self) -> None:
        """Show the card's member's invitations (none for a new card)."""
        mid = self.card.member_id
        gone = getattr(self.card, "_gone", False)
        rows = [] if mid is None or gone else events.member_invitations(self.card.ctx.db, mid)
        self.model.set_records(rows)
        for b in (self.accept_button, self.decline_button):
            b.setEnabled(bool(rows))
        self.retranslate_ui()

    def count(self) -> int:
        return len(self.model.records)

    def answer(self, response: str) -> bool:
        """Record the selected invitation's answer."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.error.setText(self.tr("Select the invitation first."))
            self.error.show()
            return False
        record = self.model.records[rows[0].row()]
        try:
            changes = events.record_response(
                self.card.ctx.db,
                invitation_id=record["id"],
                actor=self.card.ctx.actor,
                response=response,
            )
        except (ValidationError, NotFound):
            return False
        self.error.hide()
        self.fill()
        self.card._notify(changes)
        return True

    def retranslate_ui(self) -> None:
        records = self.model.records
        n = len(records)
        came = sum(1 for r in records if r["attended"])
        self.note.setText(
            self.tr("Invited to %1 events, came to %2.")
            .replace("%1", str(n))
            .replace("%2", str(came))
            if n
            else self.tr("No invitations yet: events are planned on the Loyalty page, Events tab.")
        )
        self.accept_button.setText(self.tr("Accepted"))
        self.decline_button.setText(self.tr("Declined"))
        self.model.retranslate()
        tabs = getattr(self.card, "tabs", None)
        if tabs is not None and tabs.indexOf(self) >= 0:
            tabs.setTabText(tabs.indexOf(self), self.tr("Events (%1)").replace("%1", str(n)))
