"""The feedback page's Praise tab (表扬与建议, issue #19), beside surveys, complaints and
churn: the store's praise and suggestions, newest first, filtered by kind, and a line to
write one down — for a member found by name or phone, or a passer-by (no member).
A tab of its own module: the feedback page only adds it (one line) and passes it its
``Changes``. The reads are one indexed query of at most ``LIMIT`` rows (a few ms), so
they run on the GUI thread when the tab is shown or something it shows changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import labels
from app.core import Changes
from app.service import praise
from ui import i18n
from ui.widgets.member_picker import MemberPicker
from ui.widgets.praise_form import C_TEXT, PraiseForm, PraiseModel

LIMIT = 500


class PraiseListTab(QWidget):
    def __init__(self, ctx: Any, tabs: QTabWidget | None = None) -> None:
        """``tabs``: add itself to them (the feedback page puts it in its own tab's slot
        and words the tab itself)."""
        super().__init__()
        self.ctx = ctx
        self._tabs = tabs
        self.setObjectName("praiseListTab")
        self.stale = True
        self.filter = QComboBox()
        self.filter.setObjectName("praiseFilter")
        self.filter.currentIndexChanged.connect(self.refresh)
        self.filter_label = QLabel()
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.model = PraiseModel(self)
        self.table = QTableView()
        self.table.setObjectName("praiseListTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(C_TEXT, QHeaderView.ResizeMode.Stretch)
        self.member = MemberPicker(ctx)
        self.member.setObjectName("praiseMember")
        self.member_label = QLabel()
        self.member_label.setBuddy(self.member)
        self.form = PraiseForm(ctx, self.member.member_id, self._saved)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.count_label)
        who = QHBoxLayout()
        who.addWidget(self.member_label)
        who.addWidget(self.member, 1)
        who.addStretch(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(who)
        layout.addWidget(self.form)
        layout.addWidget(self.form.error)
        if tabs is not None:
            tabs.addTab(self, "")
        self.retranslate_ui()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("praise", "members", "users"):
            self.stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self.stale = False
        rows = praise.list_praise(self.ctx.db, kind=self.filter.currentData(), limit=LIMIT)
        self.model.set_records(rows)
        self.form.refresh_staff()
        self._count()

    def _count(self) -> None:
        n = len(self.model.records)
        text = self.tr("%1 shown (the newest %2 at most)") if n >= LIMIT else self.tr("%1 shown")
        self.count_label.setText(text.replace("%1", str(n)).replace("%2", str(LIMIT)))

    def _saved(self, changes: Changes) -> None:
        self.member.set_member(None, "")
        self.refresh()
        self.ctx.notify(changes)

    def retranslate_ui(self) -> None:
        lang = i18n.current_language()
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("All"), None)
        for code in praise.KINDS:
            self.filter.addItem(labels.word("praise_kind", code, lang), code)
        self.filter.setCurrentIndex(max(0, self.filter.findData(current)))
        self.filter.blockSignals(False)
        self.filter_label.setText(self.tr("Show"))
        self.member_label.setText(self.tr("Member (empty: not a member)"))
        self.form.retranslate_ui()
        self.model.retranslate()
        self._count()
        i = -1 if self._tabs is None else self._tabs.indexOf(self)
        if i >= 0:
            self._tabs.setTabText(i, self.tr("Praise and suggestions"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "form"):
            self.retranslate_ui()
        super().changeEvent(event)
