"""Fonts that render Chinese on every machine.

The application font is a *family list*: Qt tries each family in order for every
character, so the first installed CJK font on the platform draws the text and the
bundled subset of Noto Sans CJK SC (``resources/fonts``) is the last resort on a machine
with no Chinese font at all (a bare Linux install would otherwise show boxes).

``app/plotting.py`` owns the list and gives matplotlib the same one; importing it does
not import matplotlib (that happens only when a chart is drawn).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resource
from app.plotting import (  # one list for Qt and charts
    BUNDLED_FAMILY,
    BUNDLED_FONT_FILE,
    CJK_FAMILIES,
)

log = logging.getLogger(__name__)


# Readable at the counter, from arm's length.
BASE_POINT_SIZE = 10.5

_registered: list[str] = []


def register_bundled_font() -> list[str]:
    """Add the bundled font to Qt's font database (about 10 ms); return its families.

    Safe to call more than once. A missing or broken file is logged, not fatal: the
    system fonts still work on almost every machine.
    """
    if _registered:
        return list(_registered)
    path = resource("fonts", BUNDLED_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    if font_id < 0:
        log.warning("bundled font not loaded: %s", path)
        return []
    _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(_registered)


def ui_families() -> list[str]:
    """The installed CJK families in preference order, then the bundled one.

    Families that are not installed are left out rather than handed to Qt: fontconfig
    would "substitute" a Latin-only font for them, which then wins for Latin text.
    """
    installed = set(QFontDatabase.families())
    chosen = [f for f in CJK_FAMILIES if f in installed]
    bundled = _registered or ([BUNDLED_FAMILY] if BUNDLED_FAMILY in installed else [])
    chosen.extend(f for f in bundled if f not in chosen)
    return chosen


def apply_application_font(app: QApplication) -> QFont:
    """Register the bundled font and make the family list the application's font."""
    register_bundled_font()
    font = QFont(app.font())
    families = ui_families()
    if families:
        font.setFamilies(families)
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    return font
