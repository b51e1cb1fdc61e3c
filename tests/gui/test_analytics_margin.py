"""The analytics page's margin ranking and breakdowns (#19 items 6, 7), on the demo
store: the Pareto chart of the members' margin lists the top 20% when clicked, the
breakdowns tab shows a table and a chart per dimension, and double-clicking a group or
clicking its bar lists that group's members in the page's drill-down list."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from app import charts
from app.analytics import breakdowns
from app.db import open_db
from ui.context import AppContext
from ui.pages import analytics_members
from ui.pages.analytics import AnalyticsPage
from ui.pages.analytics_members import MemberListModel


@pytest.fixture
def page(gui_app, qtbot, _demo_template, tmp_path, notified) -> AnalyticsPage:
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_db(path)
    ctx = AppContext(db=db, db_path=path, data_dir=tmp_path, notify=notified.append)
    widget = AnalyticsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.seg is not None and ctx.runner.idle(), timeout=60_000)
    yield widget
    widget.close()
    db.close()


def _click(qtbot, canvas, ax, x, y):
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget(ax, x, y).toPoint())


def test_clicking_the_top_of_the_margin_curve_lists_the_top_members_by_margin(page, qtbot):
    page.tabs.setCurrentIndex(page.tab_keys.index("margin"))
    assert page.tabs.tabText(page.tabs.currentIndex()) == "毛利"
    qtbot.waitUntil(lambda: page.draw("margin").image is not None, timeout=60_000)
    canvas, fig = page.draw("margin"), page.figures["margin"]
    assert charts.regions(fig) == [("margin", "top")]
    _click(qtbot, canvas, fig.axes[0], 5.0, 10.0)
    assert page.selection == ("margin", "top")
    m = page.seg.margins
    positive = int((m.margin_fen > 0).sum())
    want = -(-positive // 5)  # the top 20%, rounded up
    assert page.model.rowCount() == want > 0
    assert page.drill_title.text() == f"毛利贡献前20%：{want} 人"
    col = MemberListModel.COLUMNS.index("margin")
    shown = [page.model.raw(r, col) for r in range(page.model.rowCount())]
    assert shown == sorted(shown, reverse=True)  # most margin first
    # nobody outside the list has more margin than anybody in it
    i = {mid: k for k, mid in enumerate(page.seg.facts.member_ids.tolist())}
    inside = {page.model.member_ids[r] for r in range(page.model.rowCount())}
    outside = [int(m.margin_fen[k]) for mid, k in i.items() if mid not in inside]
    assert max(outside) <= min(shown)
    assert page.model.index(0, col).data().startswith("¥")


def test_the_breakdowns_tab_tables_each_dimension_and_a_double_click_lists_the_group(page, qtbot):
    page.tabs.setCurrentIndex(page.tab_keys.index("breakdowns"))
    panel = page.breakdown_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=60_000)
    assert page.seg.breakdown is not None
    assert [panel.dim_combo.itemText(i) for i in range(panel.dim_combo.count())] == [
        "年龄段", "职业", "收入", "区域（地址中的区/县）",
    ]  # fmt: skip
    rows = breakdowns.table(page.seg, "age_band")
    assert panel.model.rowCount() == len(rows)
    assert sum(r["members"] for r in rows) == len(page.seg.facts)
    assert panel.model.index(0, 0).data() in {"18–25岁", "26–35岁", "18岁以下"}
    panel.set_dimension("area")
    qtbot.waitUntil(lambda: panel.model.dim == "area", timeout=10_000)
    row = next(r for r in range(panel.model.rowCount()) if not panel.model.code(r).startswith("~"))
    code = panel.model.code(row)
    assert code.endswith("区")
    index = panel.model.index(row, 0)
    rect = panel.table.visualRect(index)
    # (a view's double click needs the press before it, as a real one has)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selection == ("area", code)
    want = page.seg.members_in("area", code)
    assert sorted(page.model.member_ids) == sorted(want.tolist())
    assert page.drill_title.text() == f"区域 · {code}：{len(want)} 人"
    assert panel.model.index(row, 1).data() == f"{len(want):,}"


def test_a_click_on_a_breakdown_bar_lists_that_group(page, qtbot):
    page.tabs.setCurrentIndex(page.tab_keys.index("breakdowns"))
    panel = page.breakdown_panel
    panel.set_dimension("occupation")
    panel.show_chart()
    assert panel.stack.currentWidget() is panel.chart_holder
    qtbot.waitUntil(
        lambda: (
            panel.model.dim == "occupation"
            and panel.canvas is not None
            and panel.canvas.image is not None
        ),
        timeout=60_000,
    )
    fig = panel.canvas.figure
    first = panel.model.code(0)  # drawn top to bottom in the table's order
    ax = fig.axes[0]
    _click(qtbot, panel.canvas, ax, 1.0, 0.0)
    assert page.selection == ("occupation", first)
    assert len(page.model.member_ids) == int(page.seg.members_in("occupation", first).size)


def test_the_drill_down_list_has_a_margin_column(page):
    page.show_segment("layer", "gold")
    col = MemberListModel.COLUMNS.index("margin")
    assert page.model.headerData(col, Qt.Orientation.Horizontal) == "毛利"
    assert analytics_members.MemberListModel.SOURCE[col] == analytics_members.C("margin_fen")


def test_a_chosen_group_is_listed_again_after_a_new_analysis(page, qtbot):
    page.tabs.setCurrentIndex(page.tab_keys.index("breakdowns"))
    panel = page.breakdown_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=60_000)
    panel.set_dimension("occupation")
    code = panel.model.code(0)
    panel.choose_row(0)
    want = sorted(page.model.member_ids)
    assert page.selection == ("occupation", code) and want
    page.tabs.setCurrentIndex(page.tab_keys.index("pyramid"))  # the groups' tab hidden
    before = page.seg
    page.refresh(force=True)  # a new analysis without groups read yet
    qtbot.waitUntil(
        lambda: (
            page.seg is not before and page.ctx.runner.idle() and page.seg.breakdown is not None
        ),
        timeout=60_000,
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == len(want), timeout=10_000)
    assert page.selection == ("occupation", code)
    assert sorted(page.model.member_ids) == want
