"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every call of a Qt
method returning nothing, and one to ``True`` on every signal ``emit()``; after a few
hundred calls Python aborted ("Fatal Python error: bool_dealloc"). pyproject.toml pins
below 6.12; this test fails if an upgrade brings such a build back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal()


def test_qt_calls_and_emits_keep_references_to_none_and_true(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    label.setText("warm up")
    emitter.fired.emit()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        label.setText("会员")
        emitter.fired.emit()
    # A little slack for unrelated objects created or freed meanwhile; the broken
    # build loses exactly 200 of each.
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
