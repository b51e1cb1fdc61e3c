"""The settings page: the language switch (live, remembered) and where the data is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app import settings
from app.db import schema_version
from ui import i18n
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def window(gui_app, qtbot, db, db_path, tmp_path) -> MainWindow:
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, log_file=tmp_path / "x.log")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def test_settings_page_shows_data_folder_database_file_and_schema_version(
    window, db, db_path, tmp_path
):
    page = window.show_page("settings")
    assert page.title.text() == "设置"
    assert page.data_dir_value.text() == str(tmp_path)
    assert page.db_file_value.text() == str(db_path)
    # #20: the version's number, not the migration's name (that is the tooltip)
    assert page.schema_value.toolTip() == schema_version(db)
    assert page.schema_value.text() == str(int(schema_version(db)[1:4]))
    assert page.log_file_value.text() == str(tmp_path / "x.log")
    assert page.language_combo.currentText() == "中文"


def test_the_store_rules_are_built_just_after_the_first_show_and_read_the_store_then(
    window, qtbot, db, actor
):
    """Issue #14's stall goal: building the whole page in its first show held the GUI
    thread over 100 ms on a big store. The store's rules (43 fields, below the first
    screen) are built on the event loop's next turn, and show what was saved meanwhile."""
    page = window.show_page("settings")
    assert page.rules_card is None and page.rules_holder.findChildren(QWidget) == []
    changes = settings.set_many(db, actor=actor, values={"feedback_complaint_overdue_days": 7})
    page.on_changes(changes)  # before the card exists
    qtbot.waitUntil(lambda: page.rules_card is not None)
    card = page.rules_card
    assert page.rules_holder.isAncestorOf(card) and card.isVisibleTo(page)
    assert card.heading.text() == "店铺规则"
    assert card.fields["feedback_complaint_overdue_days"].value() == 7
    assert page.build_rules_card() is card  # built once


def test_switching_to_english_applies_live_and_is_remembered(window, isolated_settings, qtbot):
    page = window.show_page("settings")
    assert window.nav.item(0).text() == "会员"

    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))

    assert i18n.current_language() == "en"
    assert QSettings().value(i18n.SETTINGS_KEY) == "en"
    assert i18n.saved_language() == "en"
    # The settings file is the per-test one, never the user's.
    assert any(isolated_settings.rglob("*.ini"))
    # Live: every widget re-read its strings.
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Members")
    assert page.title.text() == "Settings"
    assert window.count_label.text() == "Members: 0"
    reports = window.show_page("reports")
    assert reports.preview_button.text() == "Print preview"

    page.language_combo.setCurrentIndex(page.language_combo.findData("zh"))
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "会员")
    assert i18n.saved_language() == "zh"
    qtbot.waitUntil(lambda: reports.preview_button.text() == "打印预览")


def test_a_remembered_language_is_used_at_the_next_start(gui_app, isolated_settings):
    i18n.save_language("en")
    assert i18n.saved_language() == "en"
    assert i18n.install_translators(i18n.saved_language()) == "en"
    i18n.save_language("zh_CN")
    assert i18n.saved_language() == "zh"


def test_unknown_languages_are_refused():
    with pytest.raises(ValueError, match="unknown language"):
        i18n.save_language("fr")
    assert i18n.normalize("en-US") == "en"
    assert i18n.normalize("ZH_cn") == "zh"
    assert i18n.normalize("de") is None
