"""The main window: its pages in Chinese, built on first visit, placeholders that say
so, a status bar that knows the store, and one signal fanning changes out to pages."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from app import members, settings
from app.core import Changes
from ui.context import AppContext
from ui.main_window import APP_TITLE, MainWindow
from ui.pages import PageSpec, get_spec, page_specs
from ui.pages.placeholder import PlaceholderPage

CHINESE_TITLES = [
    *["会员", "今日回访", "分析", "积分", "反馈", "报表", "导入导出", "设置"],
    *["用户", "隐私", "审计日志"],  # the owner's pages (the system user sees them all)
]


@pytest.fixture
def make_window(gui_app, qtbot, tmp_path):
    def make(db, db_path, specs=None) -> MainWindow:
        ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, log_file=None)
        window = MainWindow(ctx, specs)
        qtbot.addWidget(window)
        window.show()
        return window

    return make


@pytest.fixture
def window(make_window, db, db_path) -> MainWindow:
    return make_window(db, db_path)


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def page_text(page: QWidget) -> str:
    return "\n".join(label.text() for label in page.findChildren(QLabel))


def test_main_window_opens_on_a_tmp_store_and_lists_the_eight_pages_in_chinese(window):
    assert window.windowTitle() == APP_TITLE == "贵宾管家 VIP Keeper"
    assert nav_titles(window) == CHINESE_TITLES
    assert [s.key for s in window.specs] == [
        "members",
        "call_list",
        "analytics",
        "loyalty",
        "feedback",
        "reports",
        "import_export",
        "settings",
        "users",
        "privacy",
        "audit",
    ]


def test_pages_are_built_on_first_visit_only(window):
    assert list(window.built_pages()) == ["members"]  # the first page is shown at start
    assert window.page("reports") is None
    page = window.show_page("reports")
    assert window.page("reports") is page
    assert window.stack.currentWidget() is page
    assert window.show_page("reports") is page  # built once
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget() is window.page("call_list")


def _is_placeholder_module(spec) -> bool:
    module_name = str(spec.factory).partition(":")[0]
    return bool(getattr(importlib.import_module(module_name), "PLACEHOLDER", False))


def test_pages_not_built_yet_say_so_and_why_and_built_pages_are_real(window):
    placeholders = 0
    for spec in page_specs():
        page = window.show_page(spec.key)
        if not _is_placeholder_module(spec):
            assert not isinstance(page, PlaceholderPage), spec.key
            continue
        placeholders += 1
        assert isinstance(page, PlaceholderPage), spec.key
        text = page_text(page)
        assert "此页面尚未完成" in text, text
        assert spec.display_title() in text
        assert spec.display_summary() in text
        assert "完成后的功能" in text
    assert not _is_placeholder_module(next(s for s in page_specs() if s.key == "settings"))


def test_status_bar_shows_store_name_database_path_and_member_count(make_window, demo_db, tmp_path):
    path = tmp_path / "demo.db"
    window = make_window(demo_db, path)
    assert window.store_label.text() == f"店铺：{settings.get(demo_db, 'store_name')}"
    assert str(path) in window.db_label.text()
    count = members.count_members(demo_db)
    assert count > 0
    assert window.count_label.text() == f"会员：{count:,} 名"


def test_an_empty_store_shows_zero_members(window):
    assert window.count_label.text() == "会员：0 名"
    assert window.store_label.text() == "店铺：我的店铺"  # a new store is not the demo


class _RecordingPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.seen: list[Changes] = []

    def on_changes(self, changes: Changes) -> None:
        self.seen.append(changes)


def test_changes_fan_out_to_every_built_page_and_refresh_the_status_bar(
    make_window, db, db_path, actor
):
    specs = [
        PageSpec("members", "Members", "", "", _RecordingPage),
        PageSpec("other", "Other", "", "", _RecordingPage),
        get_spec("settings"),
    ]
    window = make_window(db, db_path, specs)
    window.show_page("other")
    received: list[object] = []
    window.changed.connect(received.append)

    changes = members.create_member(db, actor=actor, data={"name": "王芳"})
    window.ctx.notify(changes)  # what a page does after an action

    assert received == [changes]
    assert window.page("members").seen == [changes]
    assert window.page("other").seen == [changes]
    assert window.count_label.text() == "会员：1 名"


def test_a_page_that_fails_to_refresh_does_not_stop_the_others(make_window, db, db_path):
    class Broken(QWidget):
        def __init__(self, ctx):
            super().__init__()

        def on_changes(self, changes):
            raise RuntimeError("boom")

    specs = [PageSpec("broken", "B", "", "", Broken), PageSpec("ok", "O", "", "", _RecordingPage)]
    window = make_window(db, db_path, specs)
    window.show_page("ok")
    window.ctx.notify(Changes.of({"purchases"}))
    assert len(window.page("ok").seen) == 1


def test_a_registered_page_replaces_the_placeholder(make_window, db, db_path, monkeypatch):
    from ui import pages

    monkeypatch.setattr(pages, "_PAGES", list(pages._PAGES))
    real = PageSpec("members", get_spec("members").title, "", "members.svg", _RecordingPage)
    pages.register(real)
    assert [s.key for s in page_specs()].count("members") == 1
    window = make_window(db, db_path)
    assert isinstance(window.show_page("members"), _RecordingPage)
    assert nav_titles(window)[0] == "会员"


def test_factories_named_by_module_path_are_imported_on_first_visit(make_window, db, db_path):
    spec = PageSpec("x", "X", "", "", "ui.pages.settings:create")
    window = make_window(db, db_path, [get_spec("members"), spec])
    assert window.page("x") is None
    assert type(window.show_page("x")).__name__ == "SettingsPage"


def test_the_window_remembers_the_last_page(make_window, db, db_path):
    window = make_window(db, db_path)
    window.show_page("reports")
    window.close()
    again = make_window(db, db_path)
    assert again.stack.currentWidget() is again.page("reports")


def test_an_open_card_hears_a_sale_when_the_members_page_was_never_built(
    make_window, db, db_path, qtbot
):
    """The app restores the last page shown (here the call list), so the members page may
    never be built; a card opened from elsewhere must still hear the window's changes."""
    import datetime as dt

    from PySide6.QtCore import QSettings

    from app.core import SYSTEM
    from app.purchases import record_purchase
    from ui.dialogs import member_card
    from ui.main_window import LAST_PAGE_KEY

    member_id = members.create_member(
        db, actor=SYSTEM, data={"name": "王芳", "phone": "13800001234"}
    ).created_id
    QSettings().setValue(LAST_PAGE_KEY, "call_list")
    window = make_window(db, db_path)
    assert "members" not in window.built_pages()

    card = member_card.open_member_card(window.ctx, member_id, today=dt.date(2026, 5, 10))
    qtbot.addWidget(card)
    qtbot.waitExposed(card)
    try:
        assert card.figures["visits"][1].text() == "0"
        changes = record_purchase(
            db,
            actor=SYSTEM,
            member_id=member_id,
            items=[{"category": "上装", "qty": 1, "list_fen": 30000, "paid_fen": 30000}],
            at="2026-05-01",
        )
        window.ctx.notify(changes)  # as the purchase dialog does, from anywhere
        assert card.figures["visits"][1].text() == "1"
        assert card.figures["total"][1].text() == "¥300.00"
    finally:
        card.discard_and_close()


def test_ctrl_f_finds_a_member_from_any_page(window, qtbot):
    """#20: Ctrl+F worked only on the members page."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    window.show_page("reports")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page("reports"))
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    members_page = window.page("members")
    assert members_page is not None and window.stack.currentWidget() is members_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is members_page.search_edit)


def test_ctrl_n_opens_a_new_card_with_the_cursor_in_the_name(window, qtbot):
    """#20: Ctrl+N left the focus on the card's tab bar."""
    from PySide6.QtCore import Qt

    from ui.dialogs import member_card

    window.activateWindow()
    window.show_page("reports")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    cards = [c for c in member_card.open_cards() if c.member_id is None]
    assert len(cards) == 1
    card = cards[0]
    qtbot.waitExposed(card)
    qtbot.waitUntil(lambda: card.focusWidget() is card.edits["name"])
    card.discard_and_close()
