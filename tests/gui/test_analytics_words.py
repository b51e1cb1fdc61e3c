"""The analytics page in the owner's words: a one-line explanation under every chart,
the forecast model's choice said in plain words, its parameters behind a toggle."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from app.db import open_db
from ui import i18n
from ui.context import AppContext
from ui.pages.analytics import AnalyticsPage


@pytest.fixture
def page(gui_app, qtbot, _demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_db(path)
    widget = AnalyticsPage(AppContext(db=db, db_path=path, data_dir=tmp_path))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(widget.ctx.runner.idle, timeout=60_000)
    yield widget
    db.close()


def test_every_chart_has_a_line_on_its_cells_and_what_to_do(page):
    seen = {}
    for i, key in enumerate(page.tab_keys):
        page.tabs.setCurrentIndex(i)
        seen[key] = page.chart_note.text()
    for key in ("pyramid", "loyalty_matrix", "value_matrix", "rfm", "lifecycle", "monthly"):
        assert seen[key], key
        assert "{" not in seen[key], key  # every placeholder filled
    for cell in ("知己", "藤壶", "蝴蝶", "过客", "深度挖掘"):
        assert cell in seen["loyalty_matrix"]
    for cell in ("明星", "现金", "问题", "瘦狗", "长期培育"):
        assert cell in seen["value_matrix"]
    assert "544" in seen["rfm"] and "R5 F4 M4" in seen["rfm"]
    assert str(page.seg.rules.dormant_days) in seen["lifecycle"]
    assert "本月至今" in seen["monthly"]


def test_the_model_choice_is_plain_words_and_the_parameters_sit_behind_a_toggle(page, qtbot):
    summary = page.summary.text()
    assert "α=" not in summary and "Gamma-Gamma" not in summary
    check = page.seg.forecast.check
    if check is not None:
        assert f"过去 {check.months} 个月" in summary and "预测更准" in summary
    else:
        assert "无法检验" in summary
    assert page.details_button.isVisible() and not page.details.isVisible()
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    assert page.details.isVisible()
    assert "α=" in page.details.text() and "β=" in page.details.text()
    page.details_button.setChecked(False)
    assert not page.details.isVisible()


def test_the_words_follow_the_language(page):
    i18n.install_translators("en")
    try:
        page.retranslate_ui()
        page.tabs.setCurrentIndex(page.tab_keys.index("rfm"))
        assert page.chart_note.text().startswith("R = how recently")
        assert page.details_button.text() == "Model details"
        assert "Purchase forecast" in page.summary.text()
    finally:
        i18n.install_translators("zh")
        page.retranslate_ui()


def test_screenshot_at_1366x768(page, qtbot):
    page.show_segment("layer", "gold")
    page.details_button.setChecked(True)
    for name in ("value_matrix", "monthly"):
        page.tabs.setCurrentIndex(page.tab_keys.index(name))
        qtbot.wait(50)
        assert page.grab().save(f"/tmp/analytics_forecast_{name}.png")
