"""Members (会员): the member archive — a placeholder page until it is built.

Note: a later change replaces it with the real archive page.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages import get_spec
from ui.pages.placeholder import PlaceholderPage

PLACEHOLDER = True


def create(ctx: AppContext) -> QWidget:
    return PlaceholderPage(get_spec("members"))
