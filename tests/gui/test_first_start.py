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


def open_store(path: Path, qtbot) -> object:
    """``application.open_store`` and the event loop until it hands over the store."""
    opened: list[object] = []
    errors: list[BaseException] = []
    application.open_store(
        path, ask_first_start=True, on_open=opened.append, on_error=errors.append
    )
    qtbot.waitUntil(lambda: bool(opened or errors), timeout=300_000)
    assert not errors
    return opened[0]


def test_first_start_dialog_offers_empty_and_demo_stores_in_chinese(gui_app, qtbot):
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    assert dialog.empty_button.text() == "空白店铺"
    assert dialog.demo_button.text() == "示范店铺"
    assert "2,000" in dialog.demo_button.description()
    assert first_start.DEMO_MEMBERS == 2000 and first_start.DEMO_SEED == 42


@needs_demo
def test_choosing_the_demo_store_creates_a_populated_store(gui_app, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(first_start, "DEMO_MEMBERS", 150)  # the real 2,000 take ~3 s
    shown = click_in_dialog(monkeypatch, "demo_button")
    path = tmp_path / "new" / "vipkeeper.db"

    db = open_store(path, qtbot)

    assert len(shown) == 1
    assert db is not None and path.exists()
    try:
        assert members.count_members(db) == 150
        assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] > 0
        # the staff's hashes, made on a thread meanwhile, sign in
        from app import auth

        assert auth.login(db, username="clerk1", password=auth.DEMO_PASSWORD).role == "clerk"
    finally:
        db.close()


def test_choosing_the_empty_store_creates_an_empty_database(gui_app, qtbot, monkeypatch, tmp_path):
    click_in_dialog(monkeypatch, "empty_button")
    path = tmp_path / "vipkeeper.db"
    db = open_store(path, qtbot)
    assert db is not None
    try:
        assert members.count_members(db) == 0
    finally:
        db.close()


def test_closing_the_first_start_dialog_creates_nothing(gui_app, qtbot, monkeypatch, tmp_path):
    click_in_dialog(monkeypatch, None)
    path = tmp_path / "vipkeeper.db"
    assert open_store(path, qtbot) is None
    assert not path.exists()


def test_an_existing_store_opens_without_asking(gui_app, qtbot, monkeypatch, db_path, db):
    shown = click_in_dialog(monkeypatch)
    again = open_store(db_path, qtbot)
    again.close()
    assert shown == []


@needs_demo
def test_cancelling_the_demo_removes_the_half_made_file_and_asks_again(
    gui_app, qtbot, monkeypatch, tmp_path
):
    from app import demo

    def cancelled(db, **kwargs):
        raise demo.Cancelled("demo generation cancelled")

    monkeypatch.setattr(demo, "generate", cancelled)
    shown = click_in_dialog(monkeypatch, "demo_button", None)
    path = tmp_path / "vipkeeper.db"
    assert open_store(path, qtbot) is None
    assert len(shown) == 2
    assert not any(Path(str(path) + s).exists() for s in ("", "-wal", "-shm"))


@needs_demo
def test_the_demo_is_made_on_the_task_runner_while_the_event_loop_runs(
    gui_app, qtbot, monkeypatch, tmp_path
):
    """No event loop of its own (#14): ``make_store`` returns before the demo is made,
    which is generated off the GUI thread; the outcome arrives through the application's
    event loop, as a plain continuation."""
    import threading

    from app import demo

    monkeypatch.setattr(first_start, "DEMO_MEMBERS", 150)
    on_gui_thread: list[bool] = []
    real = demo.generate

    def spy(db, **kwargs):  # type: ignore[no-untyped-def]
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real(db, **kwargs)

    monkeypatch.setattr(demo, "generate", spy)
    done: list[bool] = []
    errors: list[BaseException] = []
    path = tmp_path / "vipkeeper.db"
    first_start.make_store(path, first_start.DEMO, on_done=done.append, on_error=errors.append)
    assert done == [] and errors == []  # returned at once: nothing waited for the demo
    qtbot.waitUntil(lambda: bool(done or errors), timeout=300_000)
    assert errors == [] and done == [True]
    assert on_gui_thread == [False]
    db = application.open_db(path)
    try:
        assert members.count_members(db) == 150
    finally:
        db.close()
