"""Windows and dialogs sized to the screen they open on (#20: the store's PC is often
1366×768 with a taskbar, where a fixed 1060×780 card does not fit).

``fit_to_screen(widget, preferred)`` gives the widget its preferred size where the
screen has room, and otherwise the screen's available area less a margin for the title
bar and frame, centred on that area. The minimum size is lowered to fit too, so the
window manager never has to clip it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room left around a window for its title bar and frame (Windows 10/11 at 100%: ~31 px
# title bar, 8 px invisible resize borders).
FRAME_MARGIN = QSize(16, 48)


def screen_of(widget: QWidget) -> QScreen:
    """The screen ``widget`` (or its parent window) is on, else the primary one."""
    for candidate in (widget, widget.parentWidget()):
        if candidate is not None:
            screen = candidate.screen()
            if screen is not None:
                return screen
    return QGuiApplication.primaryScreen()


def fitted_size(preferred: QSize, available: QRect) -> QSize:
    """``preferred`` capped by ``available`` less the frame margin."""
    return QSize(
        min(preferred.width(), available.width() - FRAME_MARGIN.width()),
        min(preferred.height(), available.height() - FRAME_MARGIN.height()),
    )


def fit_to_screen(widget: QWidget, preferred: QSize, *, centre: bool = True) -> QSize:
    """Resize ``widget`` to ``preferred`` or what its screen can show; return the size."""
    available = screen_of(widget).availableGeometry()
    size = fitted_size(preferred, available)
    minimum = widget.minimumSize()
    if minimum.width() > size.width() or minimum.height() > size.height():
        widget.setMinimumSize(minimum.boundedTo(size))
    widget.resize(size)
    if centre:
        frame = QRect(0, 0, size.width(), size.height())
        frame.moveCenter(available.center())
        widget.move(frame.topLeft().x(), max(available.top(), frame.top() - 12))
    return size
