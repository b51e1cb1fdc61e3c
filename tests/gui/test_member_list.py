"""The member list: a lazy model that never loads the whole store, sorting and
filtering done by app.search, search as you type, and the counter's keyboard flow."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import demo, members, merge, search
from app.core import SYSTEM, Changes
from app.db import open_db
from app.purchases import record_purchase
from ui.context import AppContext
from ui.dialogs import member_card
from ui.dialogs.member_card import registry
from ui.models import member_table
from ui.models.member_table import (
    COL_BIRTHDAY,
    COL_NAME,
    COL_PHONE,
    COL_SPEND,
    COL_TIER,
    COL_TYPES,
    ID_ROLE,
    LOADED_ROLE,
    MAX_PAGES,
    PAGE_SIZE,
    SORT_ROLE,
    MemberTableModel,
)
from ui.pages.members import MembersPage, create

TODAY = dt.date(2026, 5, 10)


# ------------------------------------------------------------------ stores


@pytest.fixture(scope="module")
def _big_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    database = open_db(path)
    demo.generate(database, members=5000, purchases=0, seed=11)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def big_db(_big_template: Path, tmp_path: Path):
    path = tmp_path / "big.db"
    shutil.copy(_big_template, path)
    database = open_db(path)
    yield database
    database.close()


def _item(paid_yuan: int) -> dict:
    return {"category": "上衣", "qty": 1, "list_fen": paid_yuan * 100, "paid_fen": paid_yuan * 100}


@pytest.fixture
def shop(db):
    """Hand-made members: 张三 and 李四 with purchases, a few more for filters."""
    ids = {}
    for name, phone, extra in (
        ("张三", "13812345678", {"tags": ["老客"], "birthday": "1990-05-03"}),
        ("李四", "13900001111", {"birthday": "1985-06-03"}),
        ("王五", "13700002222", {"status": "dormant"}),
        ("赵六", "13600003333", {"birthday": "1979-04-01", "birthday_calendar": "lunar"}),
    ):
        changes = members.create_member(
            db, actor=SYSTEM, data={"name": name, "phone": phone, **extra}
        )
        ids[name] = changes.created_id
    members.update_member(db, actor=SYSTEM, member_id=ids["李四"], data={"tier": "gold"})
    record_purchase(db, actor=SYSTEM, member_id=ids["张三"], items=[_item(300)], at="2026-05-01")
    record_purchase(db, actor=SYSTEM, member_id=ids["李四"], items=[_item(900)], at="2025-06-01")
    record_purchase(db, actor=SYSTEM, member_id=ids["李四"], items=[_item(800)], at="2025-07-01")
    record_purchase(db, actor=SYSTEM, member_id=ids["王五"], items=[_item(50)], at="2026-04-30")
    return ids


def make_ctx(db, tmp_path: Path) -> AppContext:
    seen: list[Changes] = []
    ctx = AppContext(db=db, db_path=tmp_path / "store.db", data_dir=tmp_path)
    ctx.notify = seen.append
    ctx.seen = seen  # type: ignore[attr-defined]
    return ctx


@pytest.fixture
def make_page(qtbot, tmp_path):
    def make(db, today: dt.date | None = TODAY) -> MembersPage:
        page = MembersPage(make_ctx(db, tmp_path), today=today)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        page.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page)  # for keyboard focus
        return page

    yield make
    for card in member_card.open_cards():
        card.discard_and_close()


def names(model: MemberTableModel) -> list[str]:
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def type_search(qtbot, page: MembersPage, text: str) -> None:
    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, text)
    qtbot.waitUntil(lambda: page.model.query.text == text, timeout=2000)


# ------------------------------------------------------------------ the lazy model


def test_the_model_fetches_nothing_until_a_row_is_asked_for_then_one_page(big_db, monkeypatch):
    calls: list[int] = []
    real = search.fetch_rows

    def counting(db, ids, **kw):
        calls.append(len(ids))
        return real(db, ids, **kw)

    monkeypatch.setattr(search, "fetch_rows", counting)
    model = MemberTableModel(big_db)
    assert model.rowCount() == 5000
    assert calls == []
    assert model.index(4999, COL_NAME).data()
    assert calls == [5000 - 19 * PAGE_SIZE]  # the last, partial page only
    model.index(4990, COL_PHONE).data()
    model.index(4870, COL_TIER).data()
    assert len(calls) == 1
    assert model.cached_pages() == [19]


def test_scrolling_a_5000_member_list_to_the_end_reads_only_a_few_pages(make_page, big_db, qtbot):
    page = make_page(big_db)
    model = page.model
    qtbot.waitUntil(lambda: model.pages_fetched >= 1)
    assert model.rowCount() == 5000
    page.table.scrollToBottom()
    qtbot.wait(50)
    page.table.viewport().grab()  # paint the rows now shown
    assert model.pages_fetched <= 3
    assert len(model.cached_pages()) <= 3
    assert 19 in model.cached_pages()  # the last page was read, the middle ones never


def test_the_page_cache_is_bounded_and_forgets_the_least_recently_used_page(big_db, monkeypatch):
    assert MAX_PAGES * PAGE_SIZE < 100_000  # never the whole of a big store
    monkeypatch.setattr(member_table, "MAX_PAGES", 5)
    model = MemberTableModel(big_db)
    for page_no in (0, 1, 2, 3, 4, 0, 5, 6):  # page 0 used again: page 1 is the oldest
        model.index(page_no * PAGE_SIZE, COL_NAME).data()
    assert model.cached_pages() == [3, 4, 0, 5, 6]
    assert model.pages_fetched == 7


@pytest.mark.parametrize(
    "query",
    [
        search.MemberQuery(),
        search.MemberQuery(text="王"),
        search.MemberQuery(tier="gold"),
        search.MemberQuery(status="dormant", sort="total_spend", descending=True),
        search.MemberQuery(no_purchase_days=180),
        search.MemberQuery(birthday_this_month=True),
    ],
)
def test_row_count_equals_app_search_count(demo_db, query):
    model = MemberTableModel(demo_db, query, today=TODAY)
    assert model.rowCount() == search.count(demo_db, query, today=TODAY)


def test_cells_show_masked_phone_money_tier_label_and_lunar_marker(db, shop):
    model = MemberTableModel(db)
    row = model.row_of(shop["张三"])
    assert model.index(row, COL_PHONE).data() == "138****5678"
    assert model.index(row, COL_SPEND).data() == "¥300.00"
    assert model.index(row, COL_SPEND).data(SORT_ROLE) == 30000
    align = Qt.AlignmentFlag(model.index(row, COL_SPEND).data(Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    assert model.index(model.row_of(shop["李四"]), COL_TIER).data() == "金卡"
    lunar = model.index(model.row_of(shop["赵六"]), COL_BIRTHDAY)
    assert lunar.data() == "1979-04-01 农历"
    assert lunar.data(Qt.ItemDataRole.ToolTipRole) == "农历四月初一"
    assert model.index(row, COL_NAME).data(ID_ROLE) == shop["张三"]


def test_a_row_that_cannot_be_read_is_shown_disabled_not_raised(db, shop):
    model = MemberTableModel(db)
    gone = shop["王五"]
    merge.merge_members(db, actor=SYSTEM, keep_id=shop["张三"], remove_id=gone)  # behind its back
    row = model.row_of(gone)
    index = model.index(row, COL_NAME)
    assert index.data() == "（无法读取）"
    assert index.data(LOADED_ROLE) is False
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled
    other = model.index(model.row_of(shop["李四"]), COL_NAME)
    assert model.flags(other) & Qt.ItemFlag.ItemIsEnabled


def test_a_failing_page_read_shows_disabled_rows(db, shop, monkeypatch):
    def broken(db, ids, **kw):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(search, "fetch_rows", broken)
    model = MemberTableModel(db)
    index = model.index(0, COL_NAME)
    assert index.data() == "（无法读取）"
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled


# ------------------------------------------------------------------ sorting


def test_sorting_by_total_spend_puts_the_biggest_spender_first(make_page, db, shop):
    page = make_page(db)
    page.table.sortByColumn(COL_SPEND, Qt.SortOrder.DescendingOrder)
    assert page.model.query.sort == "total_spend"
    assert page.model.query.descending
    assert names(page.model)[0] == "李四"  # ¥1,700.00
    page.table.sortByColumn(COL_SPEND, Qt.SortOrder.AscendingOrder)
    assert names(page.model)[-1] == "李四"


def test_sorting_re_queries_app_search_and_never_sorts_in_python(make_page, db, shop, monkeypatch):
    page = make_page(db)
    asked: list[search.MemberQuery] = []
    real = search.member_ids
    monkeypatch.setattr(
        search, "member_ids", lambda db, q, **kw: asked.append(q) or real(db, q, **kw)
    )
    page.sort_by("name")
    assert [q.sort for q in asked] == ["name"]
    assert names(page.model) == ["李四", "王五", "张三", "赵六"]  # by pinyin


def test_clicking_a_column_that_cannot_be_sorted_keeps_the_current_order(make_page, db, shop):
    page = make_page(db)
    page.sort_by("total_spend", descending=True)
    before = names(page.model)
    page.table.horizontalHeader().setSortIndicator(COL_TYPES, Qt.SortOrder.AscendingOrder)
    assert page.model.query.sort == "total_spend"
    assert names(page.model) == before
    assert page.table.horizontalHeader().sortIndicatorSection() == COL_SPEND


# ------------------------------------------------------------------ search and filters


def test_typing_zs_in_the_search_box_lists_zhang_san(make_page, db, shop, qtbot):
    page = make_page(db)
    type_search(qtbot, page, "zs")
    assert names(page.model) == ["张三"]
    assert page.count_label.text() == "共 1 名"


def test_the_search_waits_for_a_pause_in_typing(make_page, db, shop, qtbot):
    page = make_page(db)
    page.search_edit.setText("li")
    assert page.model.query.text == ""  # not yet: debounced
    qtbot.waitUntil(lambda: page.model.query.text == "li", timeout=2000)
    assert names(page.model) == ["李四"]


def test_the_last_digits_of_a_phone_find_the_member(make_page, db, shop, qtbot):
    page = make_page(db)
    type_search(qtbot, page, "5678")
    assert names(page.model) == ["张三"]
    page.search_edit.clear()
    type_search(qtbot, page, "VK000002")
    assert names(page.model) == ["李四"]


def test_the_count_label_shows_the_number_of_matches_with_separators(make_page, demo_db):
    page = make_page(demo_db)
    n = search.count(demo_db, search.MemberQuery())
    assert page.count_label.text() == f"共 {n:,} 名"


def test_filters_for_tier_status_tag_birthday_and_no_purchase(make_page, db, shop):
    page = make_page(db)
    page.tier_combo.setCurrentIndex(page.tier_combo.findData("gold"))
    assert names(page.model) == ["李四"]
    page.clear_filters()
    assert len(names(page.model)) == 4
    # the state is derived (app/state.py): 李四's last sale is 313 days old; 王五's stored
    # "dormant" means nothing, he first bought 10 days ago
    page.status_combo.setCurrentIndex(page.status_combo.findData("dormant"))
    assert names(page.model) == ["李四"]
    page.status_combo.setCurrentIndex(page.status_combo.findData("new"))
    assert sorted(names(page.model)) == ["张三", "王五"]
    page.clear_filters()
    page.tag_combo.setCurrentIndex(page.tag_combo.findData("老客"))
    assert names(page.model) == ["张三"]
    page.clear_filters()
    page.birthday_check.setChecked(True)  # TODAY is in May 2026: 张三 (05-03) and
    assert sorted(names(page.model)) == ["张三", "赵六"]  # 赵六, 农历四月初一 = 2026-05-17
    page.clear_filters()
    page.idle_spin.setValue(180)  # 李四 last bought 2025-07-01
    assert "李四" in names(page.model)
    assert "张三" not in names(page.model)
    assert page.model.query.no_purchase_days == 180


def test_filters_combine_with_the_search_text(make_page, db, shop, qtbot):
    page = make_page(db)
    type_search(qtbot, page, "13")  # too short for a phone tail: nobody
    page.search_edit.clear()
    page.status_combo.setCurrentIndex(page.status_combo.findData("active"))
    type_search(qtbot, page, "w")
    assert names(page.model) == []  # 王五 is new (first purchase 10 days ago)
    page.status_combo.setCurrentIndex(0)
    assert names(page.model) == ["王五"]


# ------------------------------------------------------------------ keyboard


def test_keyboard_only_zs_down_enter_opens_the_card(make_page, db, shop, qtbot):
    page = make_page(db)
    assert page.search_edit.hasFocus() or page.focusProxy() is page.search_edit
    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, "zs")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)  # no need to wait for the timer
    assert page.table.hasFocus()
    assert page.selected_member_id() == shop["张三"]
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    cards = member_card.open_cards()
    assert [c.member_id for c in cards] == [shop["张三"]]
    assert cards[0].name_label.text() == "张三"


def test_enter_in_the_search_box_opens_a_single_match(make_page, db, shop, qtbot):
    page = make_page(db)
    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, "lisi")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert [c.member_id for c in member_card.open_cards()] == [shop["李四"]]


def test_the_page_prepares_a_hidden_card_when_idle_and_the_first_card_uses_it(
    make_page, db, shop, qtbot, monkeypatch
):
    from ui.pages import members as members_page

    monkeypatch.setattr(members_page, "CARD_PREPARE_DELAY_MS", 0)
    registry._spare.clear()
    page = make_page(db)
    qtbot.waitUntil(lambda: bool(registry._spare))
    spare = registry._spare[0]
    assert member_card.open_cards() == []  # hidden, not an open card
    card = page.open_card(shop["张三"])
    assert card is spare
    assert card.name_label.text() == "张三"


def test_opening_the_same_member_twice_raises_the_open_card(make_page, db, shop):
    page = make_page(db)
    first = page.open_card(shop["张三"])
    again = page.open_card(shop["张三"])
    assert first is again
    assert len(member_card.open_cards()) == 1


def test_double_click_opens_the_card(make_page, db, shop, qtbot):
    page = make_page(db)
    row = page.model.row_of(shop["李四"])
    rect = page.table.visualRect(page.model.index(row, COL_NAME))
    viewport = page.table.viewport()
    # QTest's double-click lacks the press before it that the view checks for.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert [c.member_id for c in member_card.open_cards()] == [shop["李四"]]


# Ctrl+F and Ctrl+N belong to the main window (every page): tests/gui/test_main_window.py


def test_record_purchase_opens_the_purchase_dialog_for_the_selected_member(
    make_page, db, shop, qtbot, monkeypatch
):
    opened: list[tuple] = []

    class FakePurchaseDialog:
        def __init__(self, ctx, member_id=None, parent=None):
            opened.append((ctx, member_id))

        def exec(self):
            return 0

    from ui.pages import members as members_page

    monkeypatch.setattr(members_page, "PurchaseDialog", FakePurchaseDialog)
    page = make_page(db)
    page.select_row(page.model.row_of(shop["李四"]))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert opened == [(page.ctx, shop["李四"])]
    page.purchase_button.click()
    assert len(opened) == 2


# ------------------------------------------------------------------ changes


def test_the_list_refreshes_on_changes_to_members_and_keeps_the_selection(make_page, db, shop):
    page = make_page(db)
    page.select_row(page.model.row_of(shop["李四"]))
    changes = members.create_member(db, actor=SYSTEM, data={"name": "孙七"})
    page.on_changes(changes)
    assert "孙七" in names(page.model)
    assert page.count_label.text() == "共 5 名"
    assert page.selected_member_id() == shop["李四"]


def test_a_purchase_elsewhere_reorders_a_list_sorted_by_spend(make_page, db, shop):
    page = make_page(db)
    page.sort_by("total_spend", descending=True)
    changes = record_purchase(db, actor=SYSTEM, member_id=shop["王五"], items=[_item(5000)])
    page.on_changes(changes)
    assert names(page.model)[0] == "王五"


def test_changes_that_do_not_concern_members_do_not_requery(make_page, db, shop, monkeypatch):
    page = make_page(db)
    asked: list = []
    monkeypatch.setattr(search, "member_ids", lambda *a, **k: asked.append(a) or [])
    page.on_changes(Changes.of({"settings"}))
    assert asked == []


def test_the_real_page_is_registered_and_built_by_the_factory(db, tmp_path, qtbot):
    from ui.pages import get_spec

    page = get_spec("members").create(make_ctx(db, tmp_path))
    qtbot.addWidget(page)
    assert isinstance(page, MembersPage)
    assert isinstance(create(make_ctx(db, tmp_path)), MembersPage)


def test_headers_follow_the_ui_language(make_page, db, shop):
    from ui import i18n

    page = make_page(db)
    header = page.model.headerData(COL_SPEND, Qt.Orientation.Horizontal)
    assert header == "累计消费"
    i18n.install_translators("en")
    QApplication.processEvents()  # LanguageChange is delivered as an event
    assert page.model.headerData(COL_SPEND, Qt.Orientation.Horizontal) == "Total spend"
    assert page.count_label.text() == "4 members"
    assert page.model.index(page.model.row_of(shop["李四"]), COL_TIER).data() == "Gold"
    assert page.model.columnCount() == member_table.COLUMN_COUNT


def test_customer_type_column_and_effective_filter(make_page, db, shop):
    from ui.models.member_table import COL_TYPES

    page = make_page(db)
    texts = {
        page.model.index(r, 1).data(): page.model.index(r, COL_TYPES).data()
        for r in range(page.model.rowCount())
    }
    # 张三 / 王五 bought once, recently; 李四 twice in 2025; 赵六 never
    assert texts["张三"] == "有效顾客" and texts["李四"] == "有效顾客"
    assert texts["赵六"] == ""
    assert page.model.headerData(COL_TYPES, Qt.Orientation.Horizontal) == "顾客类型"
    # the status filter also offers effective / ineffective customers
    page.status_combo.setCurrentIndex(page.status_combo.findData("type:effective"))
    assert sorted(names(page.model)) == ["张三", "李四", "王五"]
    assert page.model.query.customer_type == "effective" and page.model.query.status is None
    page.status_combo.setCurrentIndex(page.status_combo.findData("type:ineffective"))
    assert names(page.model) == []
    page.clear_filters()
    assert page.status_combo.currentData() is None and page.model.query.customer_type is None


def test_each_sortable_column_keeps_the_arrow_and_sorts_by_itself(make_page, db, shop):
    """#20: sorting by 次数, 生日, 性别, 手机 or 状态 moved the arrow to another column."""
    from ui.models.member_table import COL_BIRTHDAY, COL_GENDER, COL_STATUS, COL_VISITS, SORT_KEYS

    page = make_page(db)
    header = page.table.horizontalHeader()
    for col in (COL_VISITS, COL_BIRTHDAY, COL_GENDER, COL_PHONE, COL_STATUS, *SORT_KEYS):
        header.setSortIndicator(col, Qt.SortOrder.DescendingOrder)
        assert page.model.query.sort == SORT_KEYS[col]
        assert page.model.query.descending
        assert header.sortIndicatorSection() == col


def test_discount_frequency_and_amount_types_are_filters_read_off_the_gui_thread(
    make_page, db, shop, qtbot
):
    """#17: only effective / ineffective were filterable. The other types need a pass
    over every purchase: the page reads them through the task runner, then lists
    exactly those members."""
    from app import purchases as purchases_mod
    from app.analytics import member_types

    # 李四 buys steadily, at the same amount, at a discount: every type
    for month in ("2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"):
        purchases_mod.record_purchase(
            db,
            actor=SYSTEM,
            member_id=shop["李四"],
            items=[{"category": "上衣", "qty": 1, "list_fen": 90000, "paid_fen": 80000}],
            at=month,
        )
    page = make_page(db)
    for code in ("discount", "frequency", "amount"):
        index = page.status_combo.findData(f"type:{code}")
        assert index >= 0, code
        page.status_combo.setCurrentIndex(index)
        qtbot.waitUntil(
            lambda code=code: (
                page.model.query.customer_type == code and page.model.query.only_ids is not None
            ),
            timeout=10_000,
        )
        want = member_types.members_of_type(db, code, as_of=TODAY)
        assert "李四" in [n for n, mid in shop.items() if mid in want], (
            f"李四 should be a {code} customer"
        )
        shown = sorted(page.model.member_id(r) for r in range(page.model.rowCount()))
        assert shown == sorted(want), code
    page.clear_filters()
    assert page.model.query.only_ids is None
    assert page.model.rowCount() == 4
