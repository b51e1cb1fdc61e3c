"""Reports (报表): the monthly report — a placeholder page until it is built."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages import get_spec
from ui.pages.placeholder import PlaceholderPage

PLACEHOLDER = True


def create(ctx: AppContext) -> QWidget:
    return PlaceholderPage(get_spec("reports"))
