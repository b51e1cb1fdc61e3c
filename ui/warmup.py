"""The heavy libraries (scipy, matplotlib) imported once, on the task runner, before any
page needs them, so the GUI thread never pays for them (~0.7 s; a stall the user feels).

The guard: while the warm-up job runs, the GUI thread imports none of
:data:`HEAVY_MODULES` but pypinyin (see there) — a package imported on two threads at once can raise
``_DeadlockError`` (we met it with pypinyin). Pages that draw charts or forecast ask
:func:`when_ready` and show a placeholder until it calls them back; after that every
module below is in ``sys.modules`` and touching it costs nothing. Jobs that import these
modules themselves (the analysis, the report) are started from such a callback too, so
two threads never import them at once.

The application starts the warm-up right after the main window shows
(``ui/application.py``); a page shown earlier starts it itself. A store that is not a
file (tests, ``:memory:``) warms up inline on the GUI thread, as the task runner runs
every job there.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# Imported on the warm-up job, in this order (the later ones import the earlier ones).
HEAVY_MODULES: tuple[str, ...] = (
    "scipy.special",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.ticker",
    "matplotlib.path",
    "app.analytics.forecast",
    "app.analytics.modelcheck",  # the forecast models' check (imports pareto, forecast)
    # names sort and search by pinyin (app.normalize.name_pinyin): ~0.5 s the first time,
    # which the users page paid on the GUI thread. The GUI thread may still import it
    # itself (saving a member, the users page) while this runs: both import the package
    # by its top-level name, so one waits for the other and neither holds a lock the
    # other needs (no _DeadlockError; that came from importing a submodule directly).
    "pypinyin",
)

_state: dict[str, Any] = {"ready": False, "started": False}
_waiting: list[tuple[QObject | None, Callable[[], None]]] = []


def ready() -> bool:
    """True once the heavy modules are imported (the GUI thread may touch them)."""
    return bool(_state["ready"])


def _warm(_db: Any, _progress: Any, _cancel: Any) -> None:
    """On the worker: import, set up the Chinese fonts, draw one small figure (the font
    lookups and text layout it caches serve every later chart)."""
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    from matplotlib.figure import Figure

    from app.plotting import configure_matplotlib, render_rgba

    configure_matplotlib()
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    ax.set_title("贵宾 VIP 2025年12月")
    ax.plot([0, 1], [0, 1], label="¥1,234")
    ax.legend()
    render_rgba(fig, 200, 100)


def start(runner: TaskRunner) -> None:
    """Start the warm-up once per runner (later calls do nothing; another runner -- a
    new store, a test -- starts it again, the modules then come from ``sys.modules``)."""
    if _state["started"] and _state.get("runner") is runner:
        return
    _state["started"] = True
    _state["runner"] = runner

    def done(_result: object = None) -> None:
        _state["ready"] = True
        waiting = list(_waiting)
        _waiting.clear()
        for owner, callback in waiting:
            if owner is None or shiboken6.isValid(owner):
                callback()

    def failed(exc: BaseException) -> None:
        # The pages then import what they need when they need it (slower, still right).
        log.error("warm-up failed", exc_info=exc)
        done()

    runner.run(
        _warm,
        name="warm-up",
        key="warm-up",
        with_db=False,
        threaded=runner.threaded_for(),
        on_done=done,
        on_error=failed,
    )


def when_ready(
    runner: TaskRunner,
    callback: Callable[[], None],
    owner: QObject | None = None,
    *,
    threaded: bool = True,
) -> bool:
    """Call ``callback`` on the GUI thread once the warm-up is done: now if it is (True),
    else later (False; dropped if ``owner`` is deleted meanwhile). Starts the warm-up
    when nobody has yet. ``threaded=False`` (a page that reads inline) warms up here and
    now, after waiting for a warm-up already running on a worker."""
    if ready():
        callback()
        return True
    if not threaded:
        runner.wait(key="warm-up")  # never import on two threads at once
        _warm(None, None, None)
        _state["ready"] = True
        callback()
        return True
    _waiting.append((owner, callback))
    start(runner)
    return ready()  # an inline warm-up has already called back


def reset_for_tests() -> None:
    """Forget the state (modules stay imported): a test of the guard starts afresh."""
    _state.update(ready=False, started=False, runner=None)
    _waiting.clear()
