"""The one way work leaves the GUI thread (after Anki's ``taskman.py`` and ``QueryOp``).

``ctx.runner.run(work, on_done=..., on_error=...)`` calls ``work(db, on_progress,
should_cancel)`` on a worker thread. ``db`` is the job's OWN connection, opened from the
store's path by the runner and closed after it (a sqlite3 connection belongs to its
thread; this is the only place in ``ui/`` that opens one for a job). The two callbacks
are the plain ones ``app/`` takes (CONVENTIONS.md, habit 4). ``work`` must not touch
widgets, the page, or ``ctx.db``.

Everything that comes back -- the result to ``on_done``, the exception to ``on_error``,
the job's changes to ``ctx.notify`` -- is delivered on the GUI thread, through one
signal carrier that is never deleted (:func:`_carrier`): a worker must never emit on an
object the GUI thread may be deleting meanwhile (a page closed mid-computation crashed
the process that way). Nothing waits: there is no nested event loop, callers pass
callbacks instead of waiting for a return value.

* ``key``: a newer job with the same key makes an older one's result stale; a stale
  result is dropped (neither ``on_done`` nor ``on_error`` runs).
* ``owner``: a QObject (usually the page); once it is deleted, the result is dropped.
* ``progress``: a label shows an application-modal progress dialog with Cancel for
  user-started long jobs; Cancel makes ``should_cancel()`` true.
* An error without ``on_error`` goes to ``sys.excepthook`` on the GUI thread, so
  ``ui/crash.py`` logs and shows it like any other unhandled exception.
* A store that is not a file (``:memory:``) or ``threaded=False`` runs the job at once
  on the GUI thread with ``ctx.db`` and delivers at once (tests that check forms).
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core import Changes
from app.db import DatabaseError, open_db

log = logging.getLogger(__name__)

T = TypeVar("T")
OnProgress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]
Work = Callable[[Any, OnProgress, ShouldCancel], T]


class _Carrier(QObject):
    """Made on the GUI thread, never deleted; its slots run there (queued)."""

    deliver = Signal(int, bool, object)  # task serial, ok, result or exception
    progress = Signal(int, int, int)  # task serial, done, total


_CARRIER: list[_Carrier] = []
# The jobs on their way, by serial: touched on the GUI thread only. The worker thread
# holds nothing of the GUI side (no page, no callback, no dialog), only the serial, so
# the last reference to a page can never be dropped there (that deletes a widget on
# the wrong thread and crashes the process later).
_PENDING: dict[int, Task[Any]] = {}
_SERIALS = itertools.count(1)


def _carrier() -> _Carrier:
    """The application's one carrier (first called on the GUI thread, by ``run``)."""
    if not _CARRIER:
        carrier = _Carrier()
        carrier.deliver.connect(_deliver, Qt.ConnectionType.QueuedConnection)
        carrier.progress.connect(_show_progress, Qt.ConnectionType.QueuedConnection)
        _CARRIER.append(carrier)
    return _CARRIER[0]


def _deliver(serial: int, ok: bool, value: object) -> None:
    task = _PENDING.pop(serial, None)
    if task is not None and task.finish is not None:
        task.finish(ok, value)


def _show_progress(serial: int, done: int, total: int) -> None:
    # Stay a busy indicator until there is real progress to show (a stuck "0%" looks
    # like a hang); scale row counts to per mille, QProgressDialog takes ints.
    task = _PENDING.get(serial)
    dialog = None if task is None else task.dialog
    if dialog is None or not shiboken6.isValid(dialog):
        return
    if total > 0 and done > 0:
        dialog.setMaximum(1000)
        dialog.setValue(int(1000 * min(done, total) / total))


def unhandled(exc: BaseException) -> None:
    """Hand a job's exception nobody expected to ``sys.excepthook`` (``ui/crash.py``
    logs and shows it), from an ``on_error`` that handles only some kinds."""
    sys.excepthook(type(exc), exc, exc.__traceback__)


class Task(Generic[T]):
    """One submitted job: ``cancel()`` asks it to stop (``should_cancel()`` turns true)."""

    def __init__(self, name: str, key: Hashable | None, generation: int) -> None:
        self.name = name
        self.key = key
        self.generation = generation
        self.thread: threading.Thread | None = None
        self.dialog: QProgressDialog | None = None
        self.finished = False  # its outcome was handled on the GUI thread
        self.finish: Callable[[bool, Any], None] | None = None  # GUI side, see run()
        self.serial = next(_SERIALS)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def _open_and_call(
    work: Work[T],
    path: Path | None,
    migrate: bool,
    db_optional: bool,
    on_progress: OnProgress,
    should_cancel: ShouldCancel,
) -> T:
    """On the worker thread: the job's own connection, opened, used, closed."""
    assert path is not None
    try:
        db = open_db(path, migrate=migrate)
    except DatabaseError:
        if not db_optional:
            raise
        return work(None, on_progress, should_cancel)
    try:
        return work(db, on_progress, should_cancel)
    finally:
        db.close()


class TaskRunner:
    """One per application (``AppContext.runner``); ``shutdown()`` on quit."""

    def __init__(
        self,
        db_path: Path | None,
        db: Any = None,
        *,
        notify: Callable[[Changes], None] | None = None,
    ) -> None:
        self.db_path = None if db_path is None else Path(db_path)
        self.db = db  # the GUI thread's connection: only for jobs run inline
        self.notify = notify
        self._generations = itertools.count(1)
        self._latest: dict[Hashable, int] = {}
        self._active: list[Task[Any]] = []
        self._closed = False

    # ------------------------------------------------------------------ state

    def idle(self) -> bool:
        """No job running or waiting to be delivered."""
        return not self._active

    def running(self, key: Hashable) -> bool:
        """A job with ``key`` is running (or its result is on its way)."""
        return any(t.key == key for t in self._active)

    def threaded_for(self, threaded: bool = True) -> bool:
        """Whether a job would run on a worker thread (the store is a file)."""
        return threaded and self.db_path is not None and self.db_path.is_file()

    # ------------------------------------------------------------------ run

    def run(
        self,
        work: Work[T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        name: str = "worker",
        key: Hashable | None = None,
        owner: QObject | None = None,
        progress: str | None = None,
        parent: QWidget | None = None,
        title: str = "",
        changes: Callable[[T], Changes | None] | None = None,
        migrate: bool = False,
        db_optional: bool = False,
        with_db: bool = True,
        threaded: bool = True,
    ) -> Task[T]:
        """Start ``work``; see the module docstring. ``changes(result)`` picks what the
        job changed, for ``notify`` before ``on_done``. ``migrate`` brings the schema up
        to date when opening (a restored file); with ``db_optional`` a file too damaged
        to open hands ``work`` None instead of failing; ``with_db=False`` opens nothing
        (work on other files: a backup's counts, a spreadsheet) and hands ``work`` None."""
        task: Task[T] = Task(name, key, next(self._generations))
        if key is not None:
            self._latest[key] = task.generation
        if self._closed:
            task.finished = True
            return task
        self._active.append(task)

        def finish(ok: bool, value: Any) -> None:  # on the GUI thread
            if task.finished:
                return
            task.finished = True
            task.finish = None
            _PENDING.pop(task.serial, None)
            if task in self._active:
                self._active.remove(task)
            if task.dialog is not None and shiboken6.isValid(task.dialog):
                task.dialog.close()
                task.dialog.deleteLater()
            task.dialog = None
            if self._closed:
                return
            if key is not None and self._latest.get(key) != task.generation:
                return  # a newer request with the same key started since
            if owner is not None and not shiboken6.isValid(owner):
                return  # the page that asked is gone
            if ok:
                if changes is not None and self.notify is not None:
                    what = changes(value)
                    if what:
                        self.notify(what)
                if on_done is not None:
                    on_done(value)
            elif on_error is not None:
                on_error(value)
            else:
                unhandled(value)

        # Inline for an in-memory store, unless the job reads none of it.
        if not threaded or (with_db and not self.threaded_for()):
            try:
                db = self.db if with_db else None
                value = work(db, lambda _d, _t: None, task._cancel.is_set)
            except Exception as exc:
                finish(False, exc)
            else:
                finish(True, value)
            return task

        carrier = _carrier()
        if progress is not None:
            task.dialog = self._dialog(task, progress, parent, title)
        task.finish = finish
        _PENDING[task.serial] = task
        path = self.db_path
        assert path is not None or not with_db
        # What the worker thread gets: plain values, the job, the cancel flag's reader.
        serial, should_cancel, has_dialog = task.serial, task._cancel.is_set, progress is not None

        def on_progress(done: int, total: int) -> None:
            if has_dialog:
                carrier.progress.emit(serial, done, total)

        def body() -> None:  # on the worker thread: touches no widget
            try:
                if with_db:
                    value = _open_and_call(
                        work, path, migrate, db_optional, on_progress, should_cancel
                    )
                else:
                    value = work(None, on_progress, should_cancel)
            except BaseException as exc:  # handed to the GUI thread
                carrier.deliver.emit(serial, False, exc)
            else:
                carrier.deliver.emit(serial, True, value)

        task.thread = threading.Thread(target=body, name=name, daemon=True)
        task.thread.start()
        return task

    @staticmethod
    def _dialog(task: Task[Any], label: str, parent: QWidget | None, title: str) -> QProgressDialog:
        dialog = QProgressDialog(
            label, QCoreApplication.translate("Worker", "Cancel"), 0, 0, parent
        )
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(title or label)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        dialog.canceled.connect(task.cancel)
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ quit

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def shutdown(self, timeout_s: float = 60.0) -> bool:
        """On quit: ask every job to stop, wait up to ``timeout_s`` for them to end, and
        drop whatever they deliver afterwards. True when all ended."""
        self._closed = True
        self.cancel_all()
        for task in list(self._active):
            if task.thread is not None:
                task.thread.join(timeout_s)
        for task in list(self._active):
            task.finish = None
            _PENDING.pop(task.serial, None)
            if task.dialog is not None and shiboken6.isValid(task.dialog):
                task.dialog.close()
                task.dialog.deleteLater()
            task.dialog = None
        alive = [t for t in self._active if t.thread is not None and t.thread.is_alive()]
        for task in alive:
            log.warning("task %s still running at shutdown", task.name)
        self._active.clear()
        return not alive

    def wait(self, timeout_s: float | None = None, *, key: Hashable | None = None) -> None:
        """Join the worker threads (all, or those with ``key``), not their delivery: on
        quit, in tests and benchmarks."""
        for task in list(self._active):
            if task.thread is not None and (key is None or task.key == key):
                task.thread.join(timeout_s)
