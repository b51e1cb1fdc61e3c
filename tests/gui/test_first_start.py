"""First start: no database file yet, so the user picks an empty or a demo store."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app import members
from ui import application
from ui.dialogs import first_start
from ui.dialogs.first_start import FirstStartDialog

needs_demo = pytest.mark.skipif(
    importlib.util.find_spec("app.demo") is None, reason="app.demo is not there yet"
)


def click_in_dialog(monkeypatch, *button_names: str) -> list[FirstStartDialog]:
    """Make FirstStartDialog.exec click the named buttons, one per time it is shown
    (None: close the dialog)."""
    shown: list[FirstStartDialog] = []
    choices = iter(button_names)

    def fake_exec(self: FirstStartDialog) -> int:
        shown.append(self)
        name = next(choices)
        if name is None:
            return int(QDialog.DialogCode.Rejected)
        getattr(self, name).click()
        return self.result()

    monkeypatch.setattr(FirstStartDialog, "exec", fake_exec)
    return shown


def test_first_start_dialog_offers_empty_and_demo_stores_in_chinese(gui_app, qtbot):
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    assert dialog.empty_button.text() == "空白店铺"
    assert dialog.demo_button.text() == "示范店铺"
    assert "2,000" in dialog.demo_button.description()
    assert first_start.DEMO_MEMBERS == 2000 and first_start.DEMO_SEED == 42


@needs_demo
def test_choosing_the_demo_store_creates_a_populated_store(gui_app, monkeypatch, tmp_path):
    monkeypatch.setattr(first_start, "DEMO_MEMBERS", 150)  # the real 2,000 take ~3 s
    shown = click_in_dialog(monkeypatch, "demo_button")
    path = tmp_path / "new" / "vipkeeper.db"

    db = application.open_store(path, ask_first_start=True)

    assert len(shown) == 1
    assert db is not None and path.exists()
    try:
        assert members.count_members(db) == 150
        assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] > 0
    finally:
        db.close()


def test_choosing_the_empty_store_creates_an_empty_database(gui_app, monkeypatch, tmp_path):
    click_in_dialog(monkeypatch, "empty_button")
    path = tmp_path / "vipkeeper.db"
    db = application.open_store(path, ask_first_start=True)
    assert db is not None
    try:
        assert members.count_members(db) == 0
    finally:
        db.close()


def test_closing_the_first_start_dialog_creates_nothing(gui_app, monkeypatch, tmp_path):
    click_in_dialog(monkeypatch, None)
    path = tmp_path / "vipkeeper.db"
    assert application.open_store(path, ask_first_start=True) is None
    assert not path.exists()


def test_an_existing_store_opens_without_asking(gui_app, monkeypatch, db_path, db):
    shown = click_in_dialog(monkeypatch)
    again = application.open_store(db_path, ask_first_start=True)
    again.close()
    assert shown == []


@needs_demo
def test_cancelling_the_demo_removes_the_half_made_file_and_asks_again(
    gui_app, monkeypatch, tmp_path
):
    from app import demo

    def cancelled(db, **kwargs):
        raise demo.Cancelled("demo generation cancelled")

    monkeypatch.setattr(demo, "generate", cancelled)
    shown = click_in_dialog(monkeypatch, "demo_button", None)
    path = tmp_path / "vipkeeper.db"
    assert application.open_store(path, ask_first_start=True) is None
    assert len(shown) == 2
    assert not any(Path(str(path) + s).exists() for s in ("", "-wal", "-shm"))
