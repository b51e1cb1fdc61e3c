"""The main window's pages: a small registry (key, title, icon, factory).

Pages are built the first time they are shown, so a page that imports something heavy
(matplotlib for analytics) costs nothing at start. A factory is ``"module:callable"``,
imported on first visit, or a callable; either way it is called as
``factory(ctx: AppContext) -> QWidget``.

A page may implement:

* ``on_changes(changes: app.core.Changes)`` — called after any action anywhere;
  refresh if ``changes.touches(...)`` what the page shows;
* ``retranslate_ui()`` — re-read its strings after a language switch (from
  ``changeEvent`` on ``QEvent.Type.LanguageChange``).

To plug in a real page, point its entry's factory at it (or call ``register`` with a
spec of the same key, e.g. from a test or a plug-in); the placeholder goes away.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core import Actor
    from ui.context import AppContext

Factory = Callable[["AppContext"], "QWidget"]


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation list.

    ``title`` and ``summary`` are English source strings in the ``Pages`` translation
    context (marked with ``QT_TRANSLATE_NOOP`` so lupdate finds them); ``summary`` says
    what the page does, and a placeholder shows it. ``icon`` names a file in
    ``resources/icons`` (optional). ``permission`` (an ``app.permissions`` name) hides
    the page from roles without it; None shows it to everyone.
    """

    key: str
    title: str
    summary: str
    icon: str
    factory: str | Factory
    permission: str | None = None

    def display_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)

    def display_summary(self) -> str:
        return QCoreApplication.translate("Pages", self.summary)

    def create(self, ctx: AppContext) -> QWidget:
        factory = self.factory
        if isinstance(factory, str):
            module_name, _, attr = factory.partition(":")
            factory = getattr(importlib.import_module(module_name), attr or "create")
        return factory(ctx)


_PAGES: list[PageSpec] = [
    PageSpec(
        "members",
        QT_TRANSLATE_NOOP("Pages", "Members"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Find a member by name, pinyin initials or phone number; open the archive "
            "with purchases, family dates, preferences and points; add and edit members.",
        ),
        "members.svg",
        "ui.pages.members:create",
    ),
    PageSpec(
        "call_list",
        QT_TRANSLATE_NOOP("Pages", "Today's calls"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "The day's call list: after-sale follow-ups, birthdays and family occasions, "
            "members who have gone quiet; record each call's outcome and when to call "
            "next.",
        ),
        "calls.svg",
        "ui.pages.call_list:create",
    ),
    PageSpec(
        "analytics",
        QT_TRANSLATE_NOOP("Pages", "Analytics"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "RFM segments, the customer pyramid, loyalty × value and lifecycle charts, "
            "and each member's chance of buying again and lifetime value.",
        ),
        "analytics.svg",
        "ui.pages.analytics:create",
        "reports",
    ),
    PageSpec(
        "loyalty",
        QT_TRANSLATE_NOOP("Pages", "Loyalty"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Points balances and the points ledger, rewards and redemptions, member "
            "tiers and expiry rules.",
        ),
        "loyalty.svg",
        "ui.pages.loyalty:create",
    ),
    PageSpec(
        "feedback",
        QT_TRANSLATE_NOOP("Pages", "Feedback"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Satisfaction surveys, importance × satisfaction, complaints from first "
            "report to resolution, and the reasons members leave.",
        ),
        "feedback.svg",
        "ui.pages.feedback:create",
    ),
    PageSpec(
        "reports",
        QT_TRANSLATE_NOOP("Pages", "Reports"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "The month's figures as a report with charts: preview, print or save as PDF.",
        ),
        "reports.svg",
        "ui.pages.reports:create",
        "reports",
    ),
    PageSpec(
        "import_export",
        QT_TRANSLATE_NOOP("Pages", "Import / export"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Import members and purchases from Excel or CSV, with a dry run first; export "
            "lists to Excel; exchange change sets with head office; back up and restore.",
        ),
        "import_export.svg",
        "ui.pages.import_export:create",
        "import",
    ),
    PageSpec(
        "settings",
        QT_TRANSLATE_NOOP("Pages", "Settings"),
        QT_TRANSLATE_NOOP("Pages", "Language, where the data is kept, and the database's version."),
        "settings.svg",
        "ui.pages.settings:create",
    ),
]


_PAGES += [
    PageSpec(
        "users",
        QT_TRANSLATE_NOOP("Pages", "Users"),
        QT_TRANSLATE_NOOP(
            "Pages", "Staff accounts and roles: add users, reset passwords, deactivate."
        ),
        "users.svg",
        "ui.pages.users:create",
        "users",
    ),
    PageSpec(
        "privacy",
        QT_TRANSLATE_NOOP("Pages", "Privacy"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "The consent notice customers are shown, and members inactive for the retention "
            "period, for the owner to anonymise.",
        ),
        "privacy.svg",
        "ui.pages.privacy:create",
        "retention",
    ),
    PageSpec(
        "audit",
        QT_TRANSLATE_NOOP("Pages", "Audit log"),
        QT_TRANSLATE_NOOP(
            "Pages",
            "Who did what and when: sign-ins, records viewed, phones shown, exports, imports, "
            "merges, deletions, rule changes and restores; filter and export to Excel.",
        ),
        "audit.svg",
        "ui.pages.audit:create",
        "audit",
    ),
]


def page_specs(actor: Actor | None = None) -> list[PageSpec]:
    """The pages in navigation order; with ``actor``, only those its role may see."""
    if actor is None:
        return list(_PAGES)
    from app.permissions import allowed

    return [s for s in _PAGES if s.permission is None or allowed(actor, s.permission)]


def get_spec(key: str) -> PageSpec:
    for spec in _PAGES:
        if spec.key == key:
            return spec
    raise KeyError(f"no page {key!r}; known: {[s.key for s in _PAGES]}")


def register(spec: PageSpec, *, before: str | None = None) -> None:
    """Replace the page with ``spec.key`` or add it (at the end, or before ``before``)."""
    for i, old in enumerate(_PAGES):
        if old.key == spec.key:
            _PAGES[i] = spec
            return
    if before is None:
        _PAGES.append(spec)
    else:
        _PAGES.insert([s.key for s in _PAGES].index(before), spec)
