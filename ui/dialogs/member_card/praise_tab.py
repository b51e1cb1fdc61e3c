"""The card's Praise tab (表扬与建议, issue #19): what this member said about the store —
praise (and for which clerk) and suggestions — newest first, and a line to write one
down (app/service/praise.py). Complaints stay on the feedback page."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import Changes
from app.service import praise
from ui.widgets.praise_form import C_MEMBER, C_TEXT, PraiseForm, PraiseModel


class PraiseTab(QWidget):
    """``card`` is the member card (its ``ctx``, ``member_id``, ``_notify`` and ``tabs``)."""

    def __init__(self, card: Any) -> None:
        super().__init__(card)
        self.card = card
        self.setObjectName("praiseTab")
        self.model = PraiseModel(self)
        self.table = QTableView()
        self.table.setObjectName("praiseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setColumnHidden(C_MEMBER, True)  # it is this member's card
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(C_TEXT, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setObjectName("praiseNote")
        self.form = PraiseForm(card.ctx, lambda: self.card.member_id, self._saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        layout.addWidget(self.form.error)
        self.retranslate_ui()

    def fill(self) -> None:
        mid = self.card.member_id
        gone = getattr(self.card, "_gone", False)
        rows = [] if mid is None or gone else praise.member_praise(self.card.ctx.db, mid)
        self.model.set_records(rows)
        self.form.setEnabled(mid is not None and not gone)
        self.retranslate_ui()

    def count(self) -> int:
        return len(self.model.records)

    def _saved(self, changes: Changes) -> None:
        self.fill()
        self.card._notify(changes)

    def retranslate_ui(self) -> None:
        self.form.retranslate_ui()
        n = self.count()
        said = sum(1 for r in self.model.records if r["kind"] == "praise")
        self.note.setText(
            self.tr("%1 praise, %2 suggestions.")
            .replace("%1", str(said))
            .replace("%2", str(n - said))
            if n
            else self.tr(
                "Nothing written down yet: praise for the shop or a clerk, or a suggestion."
            )
        )
        self.model.retranslate()
        tabs = getattr(self.card, "tabs", None)
        if tabs is not None and tabs.indexOf(self) >= 0:
            tabs.setTabText(tabs.indexOf(self), self.tr("Praise (%1)").replace("%1", str(n)))
