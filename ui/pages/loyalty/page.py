"""The loyalty page: the four tabs (``overview``, ``rules``, ``tiers``, ``rewards``, one module
each, mixed into :class:`LoyaltyPage`), its refresh and its words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import loyalty, permissions
from app.core import Changes
from ui.context import AppContext
from ui.pages.loyalty.common import (
    REFRESH_TABLES,
    _lang,
    _scrolled,
)
from ui.pages.loyalty.events import EventsTab
from ui.pages.loyalty.overview import OverviewTab
from ui.pages.loyalty.rewards import RewardsTab
from ui.pages.loyalty.rules import RulesTab
from ui.pages.loyalty.tiers import TiersTab


class LoyaltyPage(OverviewTab, RulesTab, TiersTab, RewardsTab, QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        self._dirty = True
        self.setObjectName("page_loyalty")  # its look: #page_loyalty in resources/style.qss

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.status = QLabel()
        self.status.setObjectName("programmeStatus")
        self.status.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("loyaltyTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_scrolled(self._build_overview()), "")
        self.tabs.addTab(_scrolled(self._build_rules()), "")
        self.tabs.addTab(_scrolled(self._build_tiers()), "")
        self.tabs.addTab(_scrolled(self._build_rewards()), "")
        self.events_tab = EventsTab(self)  # 活动: member events (issue #19), every role
        self.tabs.addTab(self.events_tab, "")
        # rules, tiers and rewards are the owner's to change (app/permissions.py RULES)
        may_rules = permissions.allowed(ctx.actor, permissions.RULES)
        for i in (1, 2, 3):
            self.tabs.setTabVisible(i, may_rules)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.retranslate_ui()
        self.refresh()

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def refresh(self) -> None:
        """Reload every tab from the database."""
        with contextlib.suppress(sqlite3.ProgrammingError):  # closed under a closing window
            self._refresh()

    def _refresh(self) -> None:
        self._dirty = False
        db, today, lang = self.ctx.db, self.today(), _lang()
        versions = loyalty.rule_versions(db)
        current = loyalty.rules_at(db, today)
        upcoming = [v for v in versions if v["effective_from"] > today.isoformat()]
        if current is not None:
            since = next(v for v in versions if v["effective_from"] <= today.isoformat())
            self.status.setObjectName("programmeStatus")
            text = self.tr("The points programme runs under the rules in force since %1.")
            text = text.replace("%1", since["effective_from"])
            if upcoming:
                text += " " + self.tr("The next version applies from %1.").replace(
                    "%1", upcoming[-1]["effective_from"]
                )
            self.status.setText(text)
        else:
            self.status.setObjectName("programmeNotStarted")
            self.status.setText(
                self.tr(
                    "The points programme has not started: set the rules on the Points rules "
                    "tab and save them — points are awarded from their effective date."
                )
            )
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

        tiers = loyalty.list_tiers(db)
        self._fill_overview(db, tiers, lang)
        self._fill_rules(db, versions, current, today)
        self._fill_tiers(db, tiers)
        self._fill_rewards(db, lang)
        self.events_tab.refresh()
        # The liability sums the whole ledger (~0.2 s on 100k members): on the runner.
        self.ctx.runner.run(
            lambda conn, _progress, _cancel: loyalty.liability(conn, today=today),
            name="loyalty-figures",
            key=("loyalty-figures", id(self)),
            owner=self,
            on_done=self._show_liability,
        )

    def _spin(self, name: str, maximum: int = 1_000_000, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(0, maximum)
        spin.setMinimumWidth(110)
        if suffix:
            spin.setSuffix(suffix)
        return spin

    def _notify(self, changes: Changes) -> None:
        self.refresh()
        if changes:
            self.ctx.notify(changes)

    def _run(
        self,
        label: str,
        work: Any,
        on_done: Any,
        on_error: Any = None,
    ) -> None:
        """``work(db, on_progress)`` through the task runner (its own connection),
        behind a progress dialog; ``on_done(changes)`` on the GUI thread."""
        self.ctx.runner.run(
            lambda db, on_progress, _should_cancel: work(db, on_progress),
            name="loyalty",
            owner=self,
            progress=label,
            parent=self,
            on_done=on_done,
            on_error=on_error,
        )

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches(*REFRESH_TABLES):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: Any) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            with contextlib.suppress(sqlite3.ProgrammingError):  # closed under a closing window
                self.retranslate_ui()
                self.refresh()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Loyalty programme"))
        for i, text in enumerate(
            (
                self.tr("Overview"),
                self.tr("Points rules"),
                self.tr("Tiers"),
                self.tr("Rewards"),
                self.tr("Events"),
            )
        ):
            self.tabs.setTabText(i, text)
        self._retranslate_overview()
        self._retranslate_rules()
        self._retranslate_tiers()
        self._retranslate_rewards()
        self.events_tab.retranslate_ui()
