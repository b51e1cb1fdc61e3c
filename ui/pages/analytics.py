"""Analytics (分析): segments and charts — a placeholder page until it is built.

Note: the real page imports matplotlib through app.plotting.configure_matplotlib() when it opens.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages import get_spec
from ui.pages.placeholder import PlaceholderPage

PLACEHOLDER = True


def create(ctx: AppContext) -> QWidget:
    return PlaceholderPage(get_spec("analytics"))
