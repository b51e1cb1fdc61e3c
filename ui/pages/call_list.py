"""Today's calls (今日回访): the day's call list — a placeholder page until it is built.

Note: a later change replaces it with the real call list.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages import get_spec
from ui.pages.placeholder import PlaceholderPage

PLACEHOLDER = True


def create(ctx: AppContext) -> QWidget:
    return PlaceholderPage(get_spec("call_list"))
