"""GUI test fixtures: offscreen Qt (tests/conftest.py), the language pinned to Chinese,
QSettings and QStandardPaths isolated per test, no modal dialog that can block, no clerk
remembered from an earlier test, and an ``AppContext`` acting as the clerk whose
notifications land in ``notified``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QMessageBox

from ui import application, crash, i18n
from ui.context import AppContext
from ui.widgets import form_kit


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp):
    """QSettings in a per-test folder (never the real user's), QStandardPaths in Qt's
    test mode (~/.qttest instead of the user's data folder)."""
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    yield tmp_path / "qsettings"


@pytest.fixture
def gui_app(qapp, isolated_settings):
    """The application as ``run`` sets it up: names, style, fonts, stylesheet."""
    return application.create_application()


@pytest.fixture(autouse=True)
def chinese(qapp):
    """Every GUI test starts in Chinese, whatever the machine's locale."""
    i18n.install_translators("zh")
    yield
    i18n.install_translators("zh")


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Modal dialogs return at once (Rejected) and are recorded; the crash dialog too.

    A test that expects a dialog replaces ``exec`` itself (monkeypatch) and inspects it.
    """
    shown: list[object] = []

    def fake_exec(self):
        shown.append(self)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(
            QMessageBox,
            name,
            staticmethod(lambda *a, **k: QMessageBox.StandardButton.NoButton),
        )
    monkeypatch.setattr(crash, "show_crash_dialog", lambda text, log_path: shown.append(text))
    yield shown
    crash.uninstall()


@pytest.fixture(autouse=True)
def fresh_session():
    """The counter dialogs remember the session's clerk: every test starts without one."""
    form_kit.forget_clerk()
    yield
    form_kit.forget_clerk()


@pytest.fixture
def notified() -> list:
    """The changes ``ctx`` was notified of, in order."""
    return []


@pytest.fixture
def ctx(gui_app, db, db_path, tmp_path, clerk, notified) -> AppContext:
    """The store as the clerk sees it (test files with other needs define their own)."""
    return AppContext(
        db=db, db_path=db_path, data_dir=tmp_path, actor=clerk, notify=notified.append
    )


@pytest.fixture
def seen(notified) -> list:
    """The changes ``ctx`` was notified of (the member card tests' name for them)."""
    return notified


@pytest.fixture
def open_card(qtbot, ctx):
    """Open a member card on ``ctx`` as of 2026-11-20; every card is closed after."""
    import datetime as dt

    from ui.dialogs import member_card

    def opener(member_id):
        card = member_card.open_member_card(ctx, member_id, today=dt.date(2026, 11, 20))
        qtbot.addWidget(card)
        qtbot.waitExposed(card)
        return card

    yield opener
    for card in member_card.open_cards():
        card.discard_and_close()


@pytest.fixture(autouse=True)
def no_key_held_over():
    """A key click whose widget went away before the modifier's release (Shift+Tab
    that closes a cell editor) leaves Qt believing Shift is still down, and the next
    test's ``selectRow`` then extends a selection instead of making one. Release any
    modifier left held after each test."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    held = QGuiApplication.keyboardModifiers()
    if held == Qt.KeyboardModifier.NoModifier:
        return
    sink = QWidget()
    for modifier, key in (
        (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
        (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
        (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
        (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta),
    ):
        if held & modifier:
            QTest.keyRelease(sink, key, Qt.KeyboardModifier.NoModifier)
    sink.deleteLater()
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
