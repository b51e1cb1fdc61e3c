"""The analytics page: analysis on a worker thread into a cache, charts drawn per tab,
a click on a layer or cell lists its members, who go to Excel or onto the call list;
changes make the result stale; matplotlib waits until the page is built."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app import analytics as segments
from app import charts
from app.core import Changes
from app.db import open_db
from app.paths import project_root
from ui import i18n
from ui.context import AppContext
from ui.pages import analytics, analytics_members
from ui.pages.analytics import AnalyticsPage
from ui.pages.analytics_members import MemberListModel


@pytest.fixture
def store(_demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_db(path)
    yield db, path
    db.close()


@pytest.fixture
def page(gui_app, qtbot, store, tmp_path, notified) -> AnalyticsPage:
    db, path = store
    ctx = AppContext(db=db, db_path=path, data_dir=tmp_path, notify=notified.append)
    widget = AnalyticsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    return widget


def refreshed(qtbot, page: AnalyticsPage, force: bool = False) -> bool:
    """``refresh()`` analyses on the task runner; wait until the result is delivered."""
    started = page.refresh(force=force)
    qtbot.waitUntil(page.ctx.runner.idle, timeout=60_000)
    return started


def drawn(qtbot, page: AnalyticsPage, key: str):
    """The chart ``key`` drawn (on the task runner) and shown: its view and figure."""
    # (a language change posts an event that redraws: ask for the page's current view)
    qtbot.waitUntil(lambda: page.draw(key).image is not None, timeout=60_000)
    return page.draw(key), page.figures[key]


def click(qtbot, canvas, ax, x: float, y: float) -> None:
    """A real left click on the chart's image where data point (x, y) of ``ax`` shows."""
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget(ax, x, y).toPoint())


def test_the_page_module_does_not_import_matplotlib_until_a_page_is_built():
    code = (
        "import sys, ui.pages.analytics; "
        "assert 'matplotlib' not in sys.modules, sorted(m for m in sys.modules if 'matplot' in m)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=project_root(), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


def test_first_show_analyses_on_a_worker_and_draws_the_pyramid(page, qtbot):
    page.show()
    qtbot.waitUntil(lambda: page.seg is not None, timeout=60_000)
    assert not page.stale
    assert "会员 300 人" in page.summary.text()
    assert "购买预测" in page.summary.text()  # the model's parameters sit behind a toggle
    assert "BG/NBD" in page.details.text()
    assert "更新" in page.status.text()
    assert list(page.canvases) == ["pyramid"]  # other tabs draw when first shown
    page.tabs.setCurrentIndex(page.tab_keys.index("rfm"))
    assert set(page.canvases) == {"pyramid", "rfm"}
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "金字塔",
        "客户矩阵",
        "价值矩阵",
        "RFM",
        "生命周期",
        "月度趋势",
        "顾客类型",
        "毛利",
        "分组",
    ]


def test_clicking_a_layer_lists_its_members(page, qtbot):
    page.show()
    assert refreshed(qtbot, page)
    canvas, fig = drawn(qtbot, page, "pyramid")
    ax = fig.axes[0]
    gold = next(p for a, k, c, p in charts._regions_of(fig) if a is ax and c == "gold")
    v = gold.vertices
    click(qtbot, canvas, ax, 0.0, (v[:, 1].min() + v[:, 1].max()) / 2)
    want = page.seg.counts()["pyramid"]["gold"]
    assert page.selection == ("layer", "gold")
    assert page.model.rowCount() == want > 0
    assert page.drill_title.text() == f"黄金层：{want} 人"
    assert page.export_button.isEnabled() and page.tasks_button.isEnabled()
    # rows are the segment's members, most valuable first
    assert sorted(page.model.member_ids) == sorted(page.seg.members_in("layer", "gold").tolist())
    col = MemberListModel.COLUMNS.index("clv")
    first = page.model.index(0, col).data(analytics_members.SORT)
    last = page.model.index(page.model.rowCount() - 1, col).data(analytics_members.SORT)
    assert first >= last
    assert page.model.index(0, 3).data() == "黄金层"
    # a click on a header sorts by raw values (here: name, then RFM)
    page.table.sortByColumn(
        MemberListModel.COLUMNS.index("spend"), analytics.Qt.SortOrder.AscendingOrder
    )
    spend = [
        page.model.raw(r, MemberListModel.COLUMNS.index("spend"))
        for r in range(page.model.rowCount())
    ]
    assert spend == sorted(spend)
    assert page.model.index(0, MemberListModel.COLUMNS.index("spend")).data().startswith("¥")


def test_clicking_a_matrix_cell_lists_that_cell(page, qtbot):
    page.show()
    assert refreshed(qtbot, page)
    page.tabs.setCurrentIndex(page.tab_keys.index("loyalty_matrix"))
    canvas, fig = drawn(qtbot, page, "loyalty_matrix")
    ax = fig.axes[0]
    thr_l = page.seg.thresholds["loyalty"]
    thr_v = page.seg.thresholds["value_fen"] / 100
    click(qtbot, canvas, ax, thr_l / 2, thr_v * 1.5)
    assert page.selection == ("loyalty_cell", "butterfly")
    assert page.model.rowCount() == page.seg.counts()["loyalty_matrix"]["butterfly"]


def test_export_writes_the_listed_members_to_excel(page, qtbot, tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    assert refreshed(qtbot, page)
    n = page.show_segment("lifecycle", "loyal")
    target = tmp_path / "loyal"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_button.click()
    qtbot.waitUntil(page.ctx.runner.idle, timeout=60_000)  # written on the runner
    out = tmp_path / "loyal.xlsx"
    assert out.exists()
    rows = list(openpyxl.load_workbook(out, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == n + 1
    assert f"已导出 {n} 位会员" in page.message.text()


def test_a_segment_becomes_call_list_tasks_with_a_purpose(page, qtbot, store, notified):
    db, _ = store
    assert refreshed(qtbot, page)
    n = page.show_segment("lifecycle", "dormant")
    assert n > 0
    page.purpose_combo.setCurrentIndex(analytics.TASK_PURPOSES.index("winback"))
    # the demo store has campaign tasks of its own (issue #17): count the new ones; a
    # member who already has an open win-back task for the day is skipped
    before = db.execute("SELECT COALESCE(MAX(id), 0) FROM campaign_tasks").fetchone()[0]
    page.tasks_button.click()
    rows = db.execute(
        "SELECT purpose, note, done_at FROM campaign_tasks WHERE id > ?", [before]
    ).fetchall()
    assert 0 < len(rows) <= n
    assert rows[0] == ("winback", "分析：休眠", None)
    assert notified and notified[-1].touches("campaign_tasks")
    assert "已为" in page.message.text()
    total = db.execute("SELECT COUNT(*) FROM campaign_tasks").fetchone()[0]
    page.tasks_button.click()  # the same again: nothing new
    assert db.execute("SELECT COUNT(*) FROM campaign_tasks").fetchone()[0] == total
    assert page.message.text() == "这些会员已有相同的回访任务"


def test_changes_make_the_result_stale_and_the_cache_is_used_otherwise(
    page, qtbot, store, monkeypatch
):
    db, _ = store
    assert refreshed(qtbot, page)
    calls = []
    real = segments.analyze  # runs on the worker: count the analyses
    monkeypatch.setattr(segments, "analyze", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert refreshed(qtbot, page)  # nothing changed: the cached result
    assert calls == []
    page.on_changes(Changes.of({"contacts"}))
    assert not page.stale
    mid = db.execute("SELECT MIN(id) FROM members").fetchone()[0]
    db.execute(
        "INSERT INTO purchases (member_id, at, total_fen, paid_fen, created_at) "
        "VALUES (?, ?, 100, 100, ?)",
        [mid, dt.datetime.now().replace(microsecond=0).isoformat(), "2026-01-01T00:00:00"],
    )
    page.on_changes(Changes.of({"purchases"}, {mid}))
    assert page.stale
    assert page.status.text() == "数据已变化，点“刷新”重新分析"
    assert refreshed(qtbot, page)
    assert calls == [1]
    assert not page.stale


def test_cancel_keeps_the_previous_result(page, qtbot, monkeypatch):
    assert refreshed(qtbot, page)
    before = page.seg

    def cancelled(*a, **k):
        raise segments.Cancelled("analysis cancelled")

    monkeypatch.setattr(segments, "analyze", cancelled)  # Cancel pressed on the worker
    assert refreshed(qtbot, page, force=True)
    assert page.seg is before
    assert page.status.text() == "已取消，显示的是上次的结果"


def test_an_empty_store_shows_empty_charts(gui_app, qtbot, db, db_path, tmp_path):
    page = AnalyticsPage(AppContext(db=db, db_path=db_path, data_dir=tmp_path))
    qtbot.addWidget(page)
    assert refreshed(qtbot, page)
    for key in page.tab_keys:
        assert page.draw(key) is not None
    assert page.show_segment("layer", "gold") == 0
    assert not page.export_button.isEnabled()


def test_switching_to_english_redraws_in_english(page, qtbot):
    page.show()
    assert refreshed(qtbot, page)
    page.show_segment("layer", "gold")
    i18n.install_translators("en")
    try:
        page.retranslate_ui()
        assert page.tabs.tabText(0) == "Pyramid"
        assert page.refresh_button.text() == "Refresh"
        assert page.drill_title.text().startswith("Gold: ")
        _canvas, fig = drawn(qtbot, page, "pyramid")
        assert fig.texts[0].get_text().startswith("Customer pyramid")
    finally:
        i18n.install_translators("zh")


def test_screenshot_of_the_page(page, qtbot, tmp_path):
    page.show()
    assert refreshed(qtbot, page)
    page.show_segment("layer", "gold")
    out = Path(tmp_path) / "analytics.png"
    assert page.grab().save(str(out))
    assert out.stat().st_size > 20_000


def test_the_summary_tooltip_lists_the_largest_moves(page, qtbot):
    assert refreshed(qtbot, page)
    mv = page.seg.movement
    tip = page.summary.toolTip()
    if mv["pyramid"]["flows"] or mv["lifecycle"]["flows"]:
        assert "→" in tip
    for flow in list(mv["lifecycle"]["flows"])[:1]:
        a, b = flow.split("->")
        assert (
            f"{analytics.labels.word('lifecycle', a)} → {analytics.labels.word('lifecycle', b)}"
            in tip
        )


def test_the_customer_types_tab_drills_down_to_a_type(page, qtbot, tmp_path):
    page.show()
    assert refreshed(qtbot, page)
    page.tabs.setCurrentIndex(page.tab_keys.index("types"))
    assert page.tabs.tabText(page.tab_keys.index("types")) == "顾客类型"
    canvas, fig = drawn(qtbot, page, "types")
    ax = fig.axes[0]
    click(qtbot, canvas, ax, 1, 2.5)  # the discount-type bar
    assert page.selection == ("type", "discount")
    counts = page.seg.counts()["customer_types"]
    assert counts["discount"] > 0
    assert page.model.rowCount() == counts["discount"]
    click(qtbot, canvas, ax, 1, 1)
    assert page.selection == ("type", "ineffective")
    assert page.model.rowCount() == counts["ineffective"]
