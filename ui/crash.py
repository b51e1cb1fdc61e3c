"""Unexpected errors: log the traceback, tell the user, keep the app alive.

``install(log_dir)`` sets up a rotating log file (``vipkeeper.log`` in the data folder)
and routes ``sys.excepthook`` and ``threading.excepthook`` through ``handle``. A crash
in a worker thread is shown on the GUI thread (a queued signal), never from the worker.

The dialog is the module-level function ``show_crash_dialog(text, log_file)``; tests
replace it (``monkeypatch.setattr(ui.crash, "show_crash_dialog", ...)``) so nothing
modal ever blocks an offscreen run.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

LOG_FILE_NAME = "vipkeeper.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3

log = logging.getLogger("vipkeeper")

_state: dict[str, object] = {
    "log_file": None,
    "showing": False,
    "relay": None,
    "interactive": True,
    "errors": 0,
}


def _remove_log_handler() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_vipkeeper", False):
            root.removeHandler(handler)
            handler.close()


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/vipkeeper.log`` (rotating, UTF-8); return the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    _remove_log_handler()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler._vipkeeper = True  # type: ignore[attr-defined]
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    _state["log_file"] = path
    return path


def log_file() -> Path | None:
    return _state["log_file"]  # type: ignore[return-value]


def show_crash_dialog(text: str, log_path: Path | None) -> None:
    """The modal crash dialog (GUI thread only). Replaced in tests."""
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Crash", "VIP Keeper: unexpected error"))
    message = QCoreApplication.translate(
        "Crash",
        "Something went wrong that VIP Keeper did not expect. Your data is safe: every "
        "change is saved in one step or not at all.",
    )
    if log_path is not None:
        message += "\n\n" + QCoreApplication.translate(
            "Crash", "The details were written to:\n{path}"
        ).format(path=log_path)
    box.setText(message)
    box.setDetailedText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


class _Relay(QObject):
    """Lives in the GUI thread; a signal emitted from a worker arrives there queued."""

    crashed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.crashed.connect(_show, Qt.ConnectionType.QueuedConnection)


def _show(text: str) -> None:
    if _state["showing"]:  # a crash inside the crash dialog: logged, not shown again
        return
    _state["showing"] = True
    try:
        # Looked up at call time so tests can replace it.
        sys.modules[__name__].show_crash_dialog(text, log_file())
    except Exception:
        log.exception("the crash dialog itself failed")
    finally:
        _state["showing"] = False


def handle(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    thread_name: str | None = None,
) -> None:
    """Log the traceback, then show it (on the GUI thread) if a GUI is running."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    where = f" in thread {thread_name}" if thread_name else ""
    log.error("unhandled exception%s\n%s", where, text.rstrip())
    _state["errors"] = int(_state["errors"]) + 1  # type: ignore[call-overload]
    if not _state["interactive"]:  # --smoke: no dialog, the run fails instead
        print(text, file=sys.stderr, end="")
        return
    app = QCoreApplication.instance()
    if not isinstance(app, QApplication):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if QThread.currentThread() is app.thread():
        if _is_storage_problem(exc):  # disk full, busy: the person can act on it
            full = type(exc).__name__ == "StorageFull"
            sys.modules[__name__].show_storage_problem(full, str(exc))
            return
        _show(text)
    else:
        relay = _state["relay"]
        if isinstance(relay, _Relay):
            relay.crashed.emit(text)


def _is_storage_problem(exc: BaseException) -> bool:
    from app.db import DatabaseBusy, StorageFull

    return isinstance(exc, StorageFull | DatabaseBusy)


def show_storage_problem(disk_full: bool, detail: str) -> None:
    """A full disk or a database kept busy by another program: not a crash, a sentence
    to act on (``app.db.StorageFull``/``DatabaseBusy``; nothing was saved). Replaced in
    tests."""
    box = QMessageBox(QApplication.activeWindow())
    box.setObjectName("storageProblemBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Crash", "Not saved"))
    if disk_full:
        message = QCoreApplication.translate(
            "Crash",
            "The disk is full (or the database reached its size limit), so nothing was "
            "saved. Free some disk space and try again.",
        )
    else:
        message = QCoreApplication.translate(
            "Crash",
            "The database was busy with another program for too long, so nothing was "
            "saved. Try again in a moment.",
        )
    box.setText(message)
    box.setDetailedText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    thread_name = args.thread.name if args.thread is not None else None
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    handle(args.exc_type, exc, args.exc_traceback, thread_name=thread_name)


def error_count() -> int:
    """Unhandled exceptions seen since ``install`` (``--smoke`` fails when non-zero)."""
    return int(_state["errors"])  # type: ignore[call-overload]


def install(log_dir: Path, *, interactive: bool = True) -> Path:
    """Set up logging in ``log_dir`` and the exception hooks; return the log file.

    ``interactive=False`` (``--smoke``) prints tracebacks to stderr instead of showing
    the dialog. Call after the QApplication exists (the relay must live in the GUI
    thread).
    """
    path = setup_logging(log_dir)
    _state["interactive"] = interactive
    _state["errors"] = 0
    if _state["relay"] is None:
        _state["relay"] = _Relay()
    sys.excepthook = handle
    threading.excepthook = _thread_hook
    return path


def uninstall() -> None:
    """Restore Python's own hooks and close the log file (tests, ``--smoke``)."""
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    _remove_log_handler()
    _state["log_file"] = None
