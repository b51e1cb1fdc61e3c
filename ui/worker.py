"""Run slow work off the GUI thread behind a progress dialog with a working Cancel.

``run_with_progress(work, ...)`` calls ``work(on_progress, should_cancel)`` on a worker
thread and waits in a local event loop, so the window keeps painting. The two
callbacks are the plain ones ``app/`` takes (CONVENTIONS.md, habit 4). The worker must
open its own database connection (a sqlite3 connection belongs to its thread) and must
not touch widgets: progress reaches the dialog through a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
Work = Callable[[Callable[[int, int], None], Callable[[], bool]], T]


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal()


def run_with_progress(
    work: Work[T],
    *,
    label: str,
    parent: QWidget | None = None,
    title: str = "",
    thread_name: str = "worker",
) -> T:
    """Return ``work``'s result, or re-raise its exception on the GUI thread."""
    signals = _Signals()
    cancel = threading.Event()
    outcome: dict[str, Any] = {}

    dialog = QProgressDialog(label, QCoreApplication.translate("Worker", "Cancel"), 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle(title or label)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    dialog.canceled.connect(cancel.set)

    def show_progress(done: int, total: int) -> None:
        # Stay a busy indicator until there is real progress to show (a stuck "0%"
        # looks like a hang); scale row counts to per mille, QProgressDialog takes ints.
        if total > 0 and done > 0:
            dialog.setMaximum(1000)
            dialog.setValue(int(1000 * min(done, total) / total))

    signals.progress.connect(show_progress, Qt.ConnectionType.QueuedConnection)
    loop = QEventLoop()
    signals.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["value"] = work(signals.progress.emit, cancel.is_set)
        except BaseException as exc:  # handed to the GUI thread below
            outcome["error"] = exc
        finally:
            signals.finished.emit()

    thread = threading.Thread(target=run, name=thread_name, daemon=True)
    dialog.show()
    thread.start()
    loop.exec()
    thread.join()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class ResultBridge(QObject):
    """Carries a worker thread's result to a page: ``done(token, generation, result)``.
    One for the whole application (:func:`result_bridge`), made on the GUI thread and
    never deleted: a worker must never emit on an object the GUI thread may be deleting
    meanwhile (a page closed mid-computation crashed the process that way). A page
    connects with a queued connection, keeps only results carrying its own ``token``
    and drops those of an older ``generation`` (a newer request started since)."""

    done = Signal(object, int, object)


_BRIDGE: list[ResultBridge] = []


def result_bridge() -> ResultBridge:
    """The application's one :class:`ResultBridge` (call it first on the GUI thread)."""
    if not _BRIDGE:
        _BRIDGE.append(ResultBridge())
    return _BRIDGE[0]
