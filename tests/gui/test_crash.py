"""The crash hook: every unexpected exception is logged with its traceback and shown."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from ui import crash

REAL_DIALOG = crash.show_crash_dialog  # before the autouse fixture replaces it


@pytest.fixture
def hooked(gui_app, tmp_path, monkeypatch):
    calls: list[tuple[str, object, threading.Thread]] = []
    monkeypatch.setattr(
        crash,
        "show_crash_dialog",
        lambda text, log_path: calls.append((text, log_path, threading.current_thread())),
    )
    log_file = crash.install(tmp_path / "data")
    yield calls, log_file
    crash.uninstall()


def _raise_and_hook() -> None:
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())


def test_an_unhandled_exception_is_logged_and_the_dialog_shows_the_traceback(hooked):
    calls, log_file = hooked
    assert sys.excepthook is crash.handle
    _raise_and_hook()
    assert len(calls) == 1
    text, log_path, _ = calls[0]
    assert "ZeroDivisionError" in text and "Traceback" in text
    assert log_path == log_file
    logged = log_file.read_text(encoding="utf-8")
    assert "unhandled exception" in logged
    assert "ZeroDivisionError: division by zero" in logged
    assert crash.error_count() == 1


def test_a_crash_in_a_worker_thread_is_logged_and_shown_on_the_gui_thread(hooked, qtbot):
    calls, log_file = hooked
    assert threading.excepthook is crash._thread_hook

    def boom():
        raise RuntimeError("worker failed")

    worker = threading.Thread(target=boom, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(calls) == 1)
    text, _, thread = calls[0]
    assert "RuntimeError: worker failed" in text
    assert thread is threading.main_thread()
    assert "in thread import-worker" in log_file.read_text(encoding="utf-8")


def test_the_crash_dialog_is_a_critical_box_with_the_traceback_as_details(
    gui_app, monkeypatch, tmp_path
):
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self) or 0)
    REAL_DIALOG("Traceback (most recent call last): …", tmp_path / "vipkeeper.log")
    (box,) = boxes
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.windowTitle() == "贵宾管家：意外错误"
    assert "您的数据是安全的" in box.text()
    assert str(tmp_path / "vipkeeper.log") in box.text()
    assert box.detailedText().startswith("Traceback")


def test_without_a_dialog_smoke_runs_print_the_traceback_and_count_it(gui_app, tmp_path, capsys):
    crash.install(tmp_path, interactive=False)
    try:
        _raise_and_hook()
        assert crash.error_count() == 1
        assert "ZeroDivisionError" in capsys.readouterr().err
    finally:
        crash.uninstall()


def test_the_log_rotates(gui_app, tmp_path):
    crash.install(tmp_path)
    try:
        handler = next(
            h for h in __import__("logging").getLogger().handlers if getattr(h, "_vipkeeper", False)
        )
        assert handler.maxBytes == crash.LOG_MAX_BYTES and handler.backupCount == crash.LOG_BACKUPS
    finally:
        crash.uninstall()
