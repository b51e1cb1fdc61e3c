"""The member card's Member cards tab (会员卡, issue #19): the first card issued from
the tab with the member's tier and number, a lost card replaced with a new number and
kept in the history with its reason, bad input refused with the field named."""

from __future__ import annotations

import pytest

from app import members
from app.core import SYSTEM
from app.service import cards
from ui.dialogs.member_card.cards_tab import C_NO, C_REASON, C_REPLACED, C_TYPE


@pytest.fixture
def wang(db) -> int:
    mid = members.create_member(
        db, actor=SYSTEM, data={"name": "王芳", "member_no": "VK000321"}
    ).created_id
    db.execute("UPDATE members SET tier = 'silver' WHERE id = ?", [mid])
    db.conn.commit()
    return mid


def test_the_first_card_is_issued_then_a_lost_one_replaced_and_kept(open_card, db, wang, seen):
    card = open_card(wang)
    tab = card.cards_tab
    card.tabs.setCurrentWidget(tab)
    assert card.tabs.tabText(card.tabs.indexOf(tab)) == "会员卡"
    assert tab.note.text() == "还没有发会员卡。"
    assert tab.kind.currentData() == "silver"  # the member's tier
    assert tab.issue_button.isEnabled() and not tab.replace_button.isEnabled()
    assert tab.issue()
    assert seen[-1].touches("member_cards") and seen[-1].member_ids == {wang}
    assert tab.model.text(0, C_NO) == "VK000321" and tab.model.text(0, C_TYPE) == "银卡"
    assert tab.note.text() == "当前使用：银卡，卡号 VK000321，2026-11-20 发卡。"
    assert not tab.issue_button.isEnabled() and tab.replace_button.isEnabled()

    tab.reason.setCurrentIndex(tab.reason.findData("lost"))
    assert not tab.replace()  # a lost card's number is void: a new one is needed
    assert tab.error.isVisible() and "卡号" in tab.error.text()
    tab.number.setText("8800555")
    assert tab.replace()
    assert not tab.error.isVisible()
    m = tab.model
    assert [(m.text(r, C_NO), m.text(r, C_REPLACED), m.text(r, C_REASON)) for r in (0, 1)] == [
        ("8800555", "使用中", ""),
        ("VK000321", "2026-11-20", "遗失补卡"),
    ]
    assert cards.current_card(db, wang)["card_no"] == "8800555"
    card.resize(1366, 768)
    card.grab().save("/tmp/cards_member_card_tab.png")


def test_a_number_of_another_member_is_refused_on_the_tab(open_card, db, wang):
    other = members.create_member(db, actor=SYSTEM, data={"name": "李娜"}).created_id
    cards.issue_card(db, actor=SYSTEM, member_id=other, issued_on="2026-01-01", card_no="X9")
    card = open_card(wang)
    tab = card.cards_tab
    tab.number.setText("x9")
    assert not tab.issue()
    assert "X9" in tab.error.text() and cards.member_cards(db, wang) == []
