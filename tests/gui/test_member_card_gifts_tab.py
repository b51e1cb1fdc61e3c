"""The member card's Gifts tab (赠礼, issue #19): a gift typed on the tab is recorded
by the clerk, listed with its cost, counted in the tab's title and audited; bad input
is refused with the field named; a gift recorded by mistake can be deleted."""

from __future__ import annotations

import pytest

from app import members
from app.core import SYSTEM
from app.service import gifts
from ui.dialogs.member_card.gifts_tab import C_BY, C_COST, C_ITEM, C_KIND


@pytest.fixture
def wang(db) -> int:
    return members.create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id


def _tab_index(card) -> int:
    return card.tabs.indexOf(card.gifts_tab)


def test_a_gift_typed_on_the_tab_is_recorded_listed_and_counted(open_card, db, wang, seen):
    gifts.record_gift(
        db,
        actor=SYSTEM,
        member_id=wang,
        kind="festival",
        item="月饼礼盒",
        given_on="2026-09-25",
        cost_fen=8800,
    )
    card = open_card(wang)
    tab = card.gifts_tab
    assert card.tabs.tabText(_tab_index(card)) == "赠礼（1）"
    card.tabs.setCurrentWidget(tab)
    tab.kind.setCurrentIndex(tab.kind.findData("birthday"))
    tab.item.setText("真丝围巾")
    tab.cost.setText("128.5")
    tab.occasion.setText("40 岁生日")
    assert tab.add_gift()
    assert card.tabs.tabText(_tab_index(card)) == "赠礼（2）"
    m = tab.model
    assert [m.text(0, c) for c in (C_KIND, C_ITEM, C_COST, C_BY)] == [
        "生日礼物",
        "真丝围巾",
        "¥128.50",
        "小李",
    ]
    row = db.execute("SELECT cost_fen, given_on, given_by FROM gifts WHERE item = '真丝围巾'")
    assert row.fetchone()[:2] == (12850, "2026-11-20")
    assert seen and seen[-1].tables == {"gifts"} and wang in seen[-1].member_ids
    assert "2 " in tab.note.text() and "¥216.50" in tab.note.text()
    card.resize(1366, 768)
    card.grab().save("/tmp/gifts_tab.png")


def test_bad_input_is_refused_naming_the_field(open_card, db, wang):
    card = open_card(wang)
    tab = card.gifts_tab
    tab.item.setText("")
    tab.cost.setText("abc")
    assert not tab.add_gift()
    assert not tab.error.isHidden()
    assert "费用" in tab.error.text() or "成本" in tab.error.text()
    tab.cost.setText("30")
    assert not tab.add_gift()  # the gift itself is required
    assert "礼品" in tab.error.text()
    assert db.execute("SELECT COUNT(*) FROM gifts").fetchone()[0] == 0


def test_a_gift_recorded_by_mistake_is_deleted(open_card, db, wang):
    gifts.record_gift(
        db,
        actor=SYSTEM,
        member_id=wang,
        kind="surprise",
        item="鲜花",
        given_on="2026-11-01",
        cost_fen=5000,
    )
    card = open_card(wang)
    tab = card.gifts_tab
    assert not tab.delete_selected()  # nothing selected: says so
    tab.table.selectRow(0)
    assert tab.delete_selected()
    assert tab.count() == 0 and card.tabs.tabText(_tab_index(card)) == "赠礼（0）"
    assert db.execute("SELECT COUNT(*) FROM gifts").fetchone()[0] == 0
