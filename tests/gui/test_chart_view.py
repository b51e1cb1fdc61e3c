"""Charts off the GUI thread: the warm-up imports scipy and matplotlib on the task runner,
pages wait for it, and ``ChartView`` builds and draws a figure on the runner and shows
the pixels; a click on the image reaches the data point under it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

from PySide6.QtCore import QPoint, Qt

from app.paths import project_root
from ui import warmup
from ui.tasks import TaskRunner
from ui.widgets.chart_view import ChartView


def _figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 100)
    ax.set_title("会员 2025年12月")
    return fig


def test_a_chart_is_built_and_drawn_on_a_worker_and_a_click_finds_its_data_point(
    gui_app, qtbot, db, db_path
):
    runner = TaskRunner(db_path)  # a file: jobs run on worker threads
    threads: list[str] = []

    def build():
        import threading

        threads.append(threading.current_thread().name)
        return _figure()

    warmup.when_ready(runner, lambda: None)
    qtbot.waitUntil(warmup.ready, timeout=60_000)
    view = ChartView(runner, build, name="chart-test")
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitUntil(lambda: view.image is not None, timeout=60_000)
    assert threads == ["chart-test"]  # not the GUI thread
    assert view.image.width() == round(500 * view.devicePixelRatioF())
    ax = view.figure.axes[0]
    clicks: list[tuple[object, float, float]] = []
    view.clicked.connect(lambda a, x, y: clicks.append((a, x, y)))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.to_widget(ax, 7.0, 40.0).toPoint())
    (hit_ax, x, y) = clicks[0]
    assert hit_ax is ax
    assert abs(x - 7.0) < 0.1 and abs(y - 40.0) < 1.0
    # outside the axes (the top left corner, in the title's margin): no click
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert len(clicks) == 1
    # a resize draws again at the new size, after a short pause
    view.resize(600, 420)
    qtbot.waitUntil(
        lambda: view.image.width() == round(600 * view.devicePixelRatioF()), timeout=60_000
    )
    runner.shutdown()


def test_the_placeholder_shows_until_the_first_drawing(gui_app, qtbot, db):
    runner = TaskRunner(None, db)
    view = ChartView(runner, _figure)
    qtbot.addWidget(view)
    assert view.image is None
    view.resize(400, 300)
    assert view.grab().size().width() == 400  # paints the placeholder without a drawing


def test_the_gui_thread_never_imports_matplotlib_or_scipy_for_the_analytics_page(
    _demo_template, tmp_path
):
    """A fresh interpreter opens the analytics page on a store file, waits for the
    analysis and the pyramid's drawing, and records the thread of every import of
    matplotlib or scipy: none on the main (GUI) thread."""
    store = tmp_path / "demo.db"
    shutil.copy(_demo_template, store)
    code = textwrap.dedent(
        f"""
        import os, sys, threading
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        seen = []

        class Spy:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("matplotlib", "scipy"):
                    seen.append((name, threading.current_thread() is threading.main_thread()))
                return None

        sys.meta_path.insert(0, Spy())
        from pathlib import Path
        from ui import application, i18n
        app = application.create_application()
        i18n.install_translators("zh")
        from app.db import open_db
        from ui.context import AppContext
        from ui.pages.analytics import AnalyticsPage
        path = Path({str(store)!r})
        ctx = AppContext(db=open_db(path), db_path=path, data_dir=path.parent)
        page = AnalyticsPage(ctx)
        page.resize(1200, 760)
        page.show()
        import time
        end = time.time() + 120
        while time.time() < end:
            app.processEvents()
            canvas = page.canvases.get("pyramid")
            if canvas is not None and canvas.image is not None:
                break
            time.sleep(0.01)
        assert page.canvases["pyramid"].image is not None, "the pyramid was never drawn"
        on_main = sorted({{n for n, main in seen if main}})
        assert not on_main, on_main
        assert any(n == "matplotlib" for n, _ in seen) and any(n == "scipy" for n, _ in seen)
        ctx.runner.shutdown()
        print("ok", len(seen))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("ok")
