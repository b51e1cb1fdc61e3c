"""resources/style.qss must parse: Qt drops a sheet with one syntax error whole (every
page loses its look) and says so only on stderr ("Could not parse application
stylesheet"). A merge once left a rule without its closing brace."""

from __future__ import annotations

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QLabel

from app.paths import resource


def test_the_application_stylesheet_parses(qtbot):
    app = QApplication.instance()
    assert app is not None
    seen: list[str] = []

    def handler(kind: QtMsgType, _context, message: str) -> None:
        seen.append(message)

    previous = qInstallMessageHandler(handler)
    old = app.styleSheet()
    try:
        app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
        label = QLabel("贵宾")
        qtbot.addWidget(label)
        label.show()
        label.ensurePolished()
    finally:
        app.setStyleSheet(old)
        qInstallMessageHandler(previous)
    assert not [m for m in seen if "stylesheet" in m.lower()], seen
