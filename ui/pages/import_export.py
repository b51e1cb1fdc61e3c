"""Import / export (导入导出): Excel import and export, head-office change sets, backups —
a placeholder page until it is built."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.pages import get_spec
from ui.pages.placeholder import PlaceholderPage

PLACEHOLDER = True


def create(ctx: AppContext) -> QWidget:
    return PlaceholderPage(get_spec("import_export"))
