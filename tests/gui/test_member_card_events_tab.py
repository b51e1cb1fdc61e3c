"""The member card's Events tab (活动, issue #19): the member's invitations, newest
event first, with when they were told, their answer and whether they came; counted in
the tab's title; an answer given at the counter is recorded from the tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import members
from app.core import SYSTEM, Changes
from app.service import events
from ui.context import AppContext
from ui.dialogs import member_card
from ui.dialogs.member_card.events_tab import C_ANSWER, C_CAME, C_EVENT


@pytest.fixture
def seen() -> list[Changes]:
    return []


@pytest.fixture
def ctx(db, db_path: Path, tmp_path: Path, clerk, seen) -> AppContext:
    return AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=clerk, notify=seen.append)


@pytest.fixture
def card(qtbot, ctx, db):
    mid = members.create_member(
        db, actor=SYSTEM, data={"name": "周敏", "phone": "13911112222", "consent_channels": "phone"}
    ).created_id
    for name, day in (("春季新品发布会", "2026-03-20 19:00"), ("VIP沙龙", "2026-11-28 15:00")):
        eid = events.create_event(
            db, actor=SYSTEM, data={"name": name, "kind": "salon", "starts_at": day}
        ).created_id
        events.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=[mid])
    spring = events.member_invitations(db, mid)[1]
    events.record_attendance(
        db, event_id=spring["event_id"], actor=SYSTEM, attended={spring["id"]: True}
    )
    c = member_card.open_member_card(ctx, mid, today=dt.date(2026, 11, 20))
    qtbot.addWidget(c)
    qtbot.waitExposed(c)
    yield c
    for open_one in member_card.open_cards():
        open_one.discard_and_close()


def test_the_tab_lists_the_invitations_newest_first_and_counts_them(card):
    tab = card.events_tab
    assert tab.model.rowCount() == 2
    assert tab.model.text(0, C_EVENT) == "VIP沙龙"
    assert tab.model.text(1, C_CAME) == "是" and tab.model.text(0, C_CAME) == ""
    assert card.tabs.tabText(card.tabs.indexOf(tab)) == "活动（2）"
    assert "出席 1 场" in tab.note.text()


def test_an_answer_given_at_the_counter_is_recorded_from_the_tab(card, db, seen):
    tab = card.events_tab
    card.tabs.setCurrentWidget(tab)
    assert not tab.answer("accepted")  # nothing selected
    tab.table.selectRow(0)
    assert tab.answer("accepted")
    assert tab.model.text(0, C_ANSWER) == "接受"
    assert events.member_invitations(db, card.member_id)[0]["response"] == "accepted"
    assert any(c.touches("event_invitations") for c in seen)
