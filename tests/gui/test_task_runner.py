"""The task runner (ui/tasks.py): work on a worker thread with its own connection,
results and errors on the GUI thread, stale results dropped, progress and Cancel, no
delivery to a page that is gone, and a clean shutdown."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.core import Changes
from ui import crash, tasks
from ui.context import AppContext
from ui.tasks import TaskRunner


@pytest.fixture
def ctx(gui_app, db, db_path, tmp_path) -> AppContext:
    notified: list[Changes] = []
    context = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=notified.append)
    context.notified = notified  # type: ignore[attr-defined]
    yield context
    context.runner.shutdown(5)


def test_work_runs_on_a_named_worker_with_its_own_connection_and_returns_on_the_gui_thread(
    qtbot, ctx
):
    seen: dict[str, object] = {}

    def work(db, on_progress, should_cancel):
        seen["thread"] = threading.current_thread()
        seen["db"] = db
        on_progress(5, 10)
        return db.execute("SELECT COUNT(*) FROM members").fetchone()[0]

    results: list[tuple[object, threading.Thread]] = []
    ctx.runner.run(
        work,
        name="members-count",
        on_done=lambda n: results.append((n, threading.current_thread())),
    )
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == [(0, threading.main_thread())]
    assert seen["thread"].name == "members-count"
    assert seen["thread"] is not threading.main_thread()
    assert seen["db"] is not ctx.db  # its own connection …
    with pytest.raises(Exception, match="closed"):  # … closed after the job
        seen["db"].execute("SELECT 1")
    assert ctx.runner.idle()


def test_an_error_reaches_on_error_on_the_gui_thread(qtbot, ctx):
    def work(db, on_progress, should_cancel):
        raise ValueError("bad input")

    errors: list[tuple[BaseException, threading.Thread]] = []
    ctx.runner.run(work, on_error=lambda e: errors.append((e, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    [(error, thread)] = errors
    assert isinstance(error, ValueError) and str(error) == "bad input"
    assert thread is threading.main_thread()


def test_an_error_nobody_handles_goes_to_the_crash_handler(qtbot, ctx, tmp_path, monkeypatch):
    handled: list[tuple[type, str | None]] = []
    crash.install(tmp_path / "log")
    monkeypatch.setattr(
        crash, "handle", lambda t, e, tb, thread_name=None: handled.append((t, str(e)))
    )
    monkeypatch.setattr("sys.excepthook", crash.handle)

    def work(db, on_progress, should_cancel):
        raise KeyError("lost")

    ctx.runner.run(work, name="import-worker")
    qtbot.waitUntil(lambda: bool(handled), timeout=10_000)
    assert handled == [(KeyError, "'lost'")]


def test_a_newer_job_with_the_same_key_makes_the_older_result_stale(qtbot, ctx):
    gate = threading.Event()
    results: list[str] = []

    def slow(db, on_progress, should_cancel):
        gate.wait(10)
        return "old"

    ctx.runner.run(slow, key="list", on_done=results.append)
    ctx.runner.run(lambda db, p, c: "new", key="list", on_done=results.append)
    qtbot.waitUntil(lambda: results == ["new"], timeout=10_000)
    gate.set()
    qtbot.waitUntil(ctx.runner.idle, timeout=10_000)
    assert results == ["new"]  # the older one finished later and was dropped


def test_nothing_is_delivered_to_an_owner_that_is_gone(qtbot, ctx):
    gate = threading.Event()
    results: list[str] = []
    owner = QWidget()

    def slow(db, on_progress, should_cancel):
        gate.wait(10)
        return "late"

    ctx.runner.run(slow, owner=owner, on_done=results.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not tasks.shiboken6.isValid(owner), timeout=10_000)
    gate.set()
    qtbot.waitUntil(ctx.runner.idle, timeout=10_000)
    assert results == []


def test_the_worker_never_holds_the_page(qtbot, ctx):
    """The last reference to a page must never be dropped on a worker thread (that
    deletes a widget on the wrong thread and crashes the process later)."""
    gate = threading.Event()
    page = QWidget()
    ctx.runner.run(lambda db, p, c: gate.wait(10), owner=page, on_done=lambda _r: page.hide())
    [worker] = [t for t in threading.enumerate() if t.name == "worker"]
    gc.collect()
    holders = gc.get_referrers(page)
    assert not any(r is worker or getattr(r, "__self__", None) is worker for r in holders)
    gate.set()
    qtbot.waitUntil(ctx.runner.idle, timeout=10_000)


def test_a_progress_dialog_shows_progress_and_cancel_stops_the_job(qtbot, ctx):
    started = threading.Event()
    outcome: list[str] = []

    def work(db, on_progress, should_cancel):
        on_progress(1, 4)
        started.set()
        deadline = time.monotonic() + 10
        while not should_cancel() and time.monotonic() < deadline:
            time.sleep(0.01)
        return "cancelled" if should_cancel() else "ran out"

    task = ctx.runner.run(work, progress="Working…", on_done=outcome.append)
    dialog = task.dialog
    assert isinstance(dialog, QProgressDialog) and dialog.isVisible()
    assert started.wait(10)
    qtbot.waitUntil(lambda: dialog.value() == 250, timeout=10_000)  # per mille
    dialog.findChild(QPushButton).click()  # the person presses Cancel
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=10_000)
    assert task.dialog is None and ctx.runner.idle()


def test_changes_reach_notify_before_on_done(qtbot, ctx):
    order: list[str] = []
    ctx.notify = lambda changes: order.append("notify")
    ctx.runner.run(
        lambda db, p, c: Changes.of({"members"}),
        changes=lambda result: result,
        on_done=lambda result: order.append("done"),
    )
    qtbot.waitUntil(lambda: order == ["notify", "done"], timeout=10_000)


def test_shutdown_cancels_waits_and_drops_what_comes_after(qtbot, ctx):
    results: list[str] = []

    def work(db, on_progress, should_cancel):
        while not should_cancel():
            time.sleep(0.01)
        return "stopped"

    task = ctx.runner.run(work, on_done=results.append)
    assert ctx.runner.shutdown(10)
    assert task.cancelled and not task.thread.is_alive()
    qtbot.wait(50)
    assert results == [] and ctx.runner.idle()
    ctx.runner.run(lambda db, p, c: "after", on_done=results.append)
    qtbot.wait(50)
    assert results == []  # a closed runner starts nothing


def test_an_in_memory_store_runs_at_once_on_the_gui_thread(gui_app):
    from app.db import open_db

    db = open_db(":memory:")
    runner = TaskRunner(None, db)
    seen: list[object] = []
    runner.run(
        lambda conn, p, c: (conn, threading.current_thread()),
        on_done=seen.append,
    )
    assert seen == [(db, threading.main_thread())]
    db.close()
