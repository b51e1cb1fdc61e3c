"""The member card's Alterations tab (修改/送衣, issue #19): an order made on the tab
is open, then ready, then collected; the tab's title counts the orders not collected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import members
from app.core import SYSTEM, Changes
from ui.context import AppContext
from ui.dialogs import member_card
from ui.dialogs.member_card.alterations_tab import C_DUE, C_KIND, C_NOTE, C_STATUS


@pytest.fixture
def seen() -> list[Changes]:
    return []


@pytest.fixture
def card(qtbot, db, db_path: Path, tmp_path: Path, clerk, seen):
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=clerk, notify=seen.append)
    mid = members.create_member(db, actor=SYSTEM, data={"name": "陈静"}).created_id
    c = member_card.open_member_card(ctx, mid, today=dt.date(2026, 11, 20))
    qtbot.addWidget(c)
    qtbot.waitExposed(c)
    yield c
    for open_card in member_card.open_cards():
        open_card.discard_and_close()


def test_an_order_made_on_the_tab_goes_ready_and_collected(card, db, seen):
    tab = card.alterations_tab
    title = lambda: card.tabs.tabText(card.tabs.indexOf(tab))  # noqa: E731
    assert title() == "修改/送衣（0）"
    card.tabs.setCurrentWidget(tab)
    tab.kind.setCurrentIndex(tab.kind.findData("hem"))
    tab.note.setText("裤长改短 3 厘米")
    assert tab.add_order()
    m = tab.model
    assert [m.text(0, c) for c in (C_KIND, C_DUE, C_STATUS, C_NOTE)] == [
        "免费扦边",
        "2026-11-23",
        "处理中",
        "裤长改短 3 厘米",
    ]
    assert title() == "修改/送衣（1）" and seen[-1].tables == {"alterations"}
    assert not tab.move_selected("ready")  # nothing selected
    tab.table.selectRow(0)
    assert tab.move_selected("ready")
    assert m.text(0, C_STATUS) == "已好待取"
    card.resize(1366, 768)
    card.grab().save("/tmp/alterations_tab.png")
    tab.table.selectRow(0)
    assert tab.move_selected("collected")
    assert m.text(0, C_STATUS) == "已取/已送" and title() == "修改/送衣（0）"
    tab.table.selectRow(0)
    assert not tab.move_selected("ready")  # never backwards: said on the tab
    assert not tab.error.isHidden()
    assert db.execute("SELECT status FROM alterations").fetchone()[0] == "collected"
