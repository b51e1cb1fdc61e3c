"""The member card's Changes tab (顾客变动卡): a saved edit shows as field, before →
after, who and how, newest first; after anonymisation no personal value is shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import members, privacy
from app.core import SYSTEM, Actor, Changes
from ui.context import AppContext
from ui.dialogs import member_card
from ui.dialogs.member_card.changes_tab import C_FIELD, C_HOW, C_NEW, C_OLD, C_WHO


@pytest.fixture
def ctx(db, db_path: Path, tmp_path: Path, clerk) -> AppContext:
    seen: list[Changes] = []
    return AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=clerk, notify=seen.append)


@pytest.fixture
def open_card(qtbot, ctx):
    def opener(member_id):
        card = member_card.open_member_card(ctx, member_id, today=dt.date(2026, 5, 10))
        qtbot.addWidget(card)
        qtbot.waitExposed(card)
        return card

    yield opener
    for card in member_card.open_cards():
        card.discard_and_close()


@pytest.fixture
def li(db) -> int:
    return members.create_member(
        db,
        actor=SYSTEM,
        data={"name": "李四", "phone": "13812345670", "address": "北京路 1 号"},
    ).created_id


def test_a_saved_edit_shows_on_the_changes_tab_with_before_after_who_and_how(open_card, db, li):
    card = open_card(li)
    assert card.tabs.tabText(4) == "变动（1）"  # the card was made
    card.edits["address"].setText("南京路 2 号")
    card.edits["address"].textEdited.emit("南京路 2 号")
    assert card.save()
    tab = card.changes_tab
    assert card.tabs.tabText(4) == "变动（2）"
    m = tab.model
    assert [m.text(0, c) for c in (C_FIELD, C_OLD, C_NEW, C_WHO, C_HOW)] == [
        "地址",
        "北京路 1 号",
        "南京路 2 号",
        "小李",
        "档案编辑",
    ]
    card.tabs.setCurrentWidget(tab)
    card.resize(1366, 768)
    card.grab().save("/tmp/changes_tab.png")


def test_after_anonymisation_the_tab_shows_no_personal_values(open_card, db, li):
    members.update_member(db, actor=SYSTEM, member_id=li, data={"address": "秘密路 9 号"})
    privacy.anonymise_member(db, actor=Actor(None, "老板", "owner"), member_id=li)
    card = open_card(li)
    m = card.changes_tab.model
    texts = [m.text(r, c) for r in range(m.rowCount()) for c in range(m.columnCount())]
    assert texts and not any("秘密" in t or "13812345670" in t for t in texts)
    assert "（已隐去）" in texts
