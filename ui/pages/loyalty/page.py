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

TABS = ("overview", "rules", "tiers", "rewards", "events")


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
        # Each tab is an empty slot until it is first shown: building all five at the
        # page's first show held the GUI thread ~150 ms on a big store (bench_gui_stalls).
        self._built: set[str] = set()
        self._liability: dict[str, Any] | None = None
        for key in TABS:
            slot = QWidget()
            slot.setObjectName(f"loyaltyTab_{key}")
            box = QVBoxLayout(slot)
            box.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(slot, "")
        # rules, tiers and rewards are the owner's to change (app/permissions.py RULES)
        may_rules = permissions.allowed(ctx.actor, permissions.RULES)
        for key in ("rules", "tiers", "rewards"):
            self.tabs.setTabVisible(TABS.index(key), may_rules)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self._build_tab(self.tabs.currentIndex(), fill=False)  # worded and filled below
        self.retranslate_ui()
        self.refresh()
        self.tabs.currentChanged.connect(self._build_tab)

    def built(self, key: str) -> bool:
        """Whether the tab ``key`` (one of :data:`TABS`) has been built (first shown)."""
        return key in self._built

    def show_tab(self, key: str) -> None:
        """Bring the tab ``key`` forward, as a click on it does (building it if need be)."""
        self.tabs.setCurrentIndex(TABS.index(key))

    def _build_tab(self, index: int, *, fill: bool = True) -> None:
        """Build the tab at ``index`` on its first show, then word and fill it."""
        if not 0 <= index < len(TABS) or TABS[index] in self._built:
            return
        key = TABS[index]
        if key == "events":
            self.events_tab = EventsTab(self)  # 活动: member events (issue #19), every role
            content: QWidget = self.events_tab
        else:
            content = _scrolled(getattr(self, f"_build_{key}")())
        self.tabs.widget(index).layout().addWidget(content)
        content.show()  # now, not when the layout's queued show comes (a test reads it)
        self._built.add(key)
        if not fill:
            return
        with contextlib.suppress(sqlite3.ProgrammingError):  # closed under a closing window
            self._retranslate_tab(key)
            self._fill_tab(key, self.ctx.db, self.today(), _lang())

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

        for key in TABS:
            if key in self._built:
                self._fill_tab(key, db, today, lang, versions=versions, current=current)
        # The liability sums the whole ledger (~0.2 s on 100k members): on the runner.
        self.ctx.runner.run(
            lambda conn, _progress, _cancel: loyalty.liability(conn, today=today),
            name="loyalty-figures",
            key=("loyalty-figures", id(self)),
            owner=self,
            on_done=self._show_liability,
        )

    def _fill_tab(
        self,
        key: str,
        db: Any,
        today: dt.date,
        lang: str,
        *,
        versions: list[dict[str, Any]] | None = None,
        current: Any = None,
    ) -> None:
        """Fill one built tab from the database."""
        if key == "overview":
            self._fill_overview(db, loyalty.list_tiers(db), lang)
            if self._liability is not None:
                self._show_liability(self._liability)
        elif key == "rules":
            if versions is None:
                versions, current = loyalty.rule_versions(db), loyalty.rules_at(db, today)
            self._fill_rules(db, versions, current, today)
        elif key == "tiers":
            self._fill_tiers(db, loyalty.list_tiers(db))
            if self._liability is not None:
                self._show_liability(self._liability)
        elif key == "rewards":
            self._fill_rewards(db, lang)
        else:
            self.events_tab.refresh()

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
            self.tabs.setTabText(i, text)  # in the order of TABS
        for key in TABS:
            if key in self._built:
                self._retranslate_tab(key)

    def _retranslate_tab(self, key: str) -> None:
        if key == "events":
            self.events_tab.retranslate_ui()
        else:
            getattr(self, f"_retranslate_{key}")()
