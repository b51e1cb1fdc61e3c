"""The loyalty page's Events tab (#19 item 2): plan an event in the form, invite by its
rule, add a member by number, mark answers, tick attendance and save it in one go; a
clerk sees the list and keeps the guest list but does not plan events."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.core import Actor
from app.members import create_member
from app.service import events
from ui.context import AppContext
from ui.pages.loyalty import LoyaltyPage
from ui.pages.loyalty.events import E_CAME, G_CAME, G_RESPONSE
from ui.pages.loyalty.page import TABS

TODAY = dt.date.today()


@pytest.fixture
def ctx(db, db_path, tmp_path):
    notified: list = []
    c = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=notified.append)
    c.notified = notified  # type: ignore[attr-defined]
    return c


def _member(db, name, phone, tier="gold", consent="phone"):
    mid = create_member(
        db,
        actor=Actor(None, "t", "owner"),
        data={"name": name, "phone": phone, "consent_channels": consent},
    ).created_id
    db.execute("UPDATE members SET tier = ? WHERE id = ?", [tier, mid])
    db.conn.commit()
    return mid


@pytest.fixture
def tab(gui_app, qtbot, ctx):
    page = LoyaltyPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.show_tab("events")  # built on its first show, as a click on it does
    return page.events_tab


def test_an_event_planned_in_the_form_invites_by_rule_and_keeps_attendance(tab, db, ctx):
    gold = _member(db, "金卡客", "13900000001")
    _member(db, "普通客", "13900000002", tier="normal")
    no_consent = _member(db, "不联系", "13900000003", consent="")
    tab.new_event()
    tab.name.setText("VIP茶话沙龙")
    tab.kind.setCurrentIndex(tab.kind.findData("salon"))
    tab.place.setText("二楼茶室")
    tab.cost.setText("1,200")
    tab.tier_boxes["gold"].setChecked(True)
    assert tab.save()
    assert tab.events_table.rowCount() == 1 and tab.events_table.item(0, 1).text() == "VIP茶话沙龙"
    row = events.list_events(db)[0]
    assert row["cost_fen"] == 120000 and row["rule"] == {"tiers": ["gold"]}
    assert tab.invite_by_rule() == 1
    assert [g["member_id"] for g in events.guest_list(db, row["id"])] == [gold]
    assert no_consent not in {g["member_id"] for g in events.guest_list(db, row["id"])}
    assert tab.guests_table.rowCount() == 1
    tab.guests_table.selectRow(0)
    tab.answer("accepted")
    assert tab.guests_table.item(0, G_RESPONSE).text() == "接受"
    tab.guests_table.item(0, G_CAME).setCheckState(Qt.CheckState.Checked)
    assert tab.save_attendance()
    assert events.guest_list(db, row["id"])[0]["attended"] == 1
    assert tab.events_table.item(0, E_CAME).text() == "1"
    assert any(c.touches("event_invitations") for c in ctx.notified)


def test_bad_input_is_shown_under_the_form_and_nothing_is_saved(tab, db):
    tab.new_event()
    tab.name.setText("")
    assert not tab.save()
    assert tab.form_error.isVisible() and "必填" in tab.form_error.text()
    assert events.list_events(db) == []


def test_a_member_is_added_by_number_once(tab, db):
    mid = _member(db, "手选客", "13900000009")
    no = db.execute("SELECT member_no FROM members WHERE id = ?", [mid]).fetchone()[0]
    tab.new_event()
    tab.name.setText("新品发布会")
    assert tab.save()
    tab.member_no.setText(no)
    assert tab.add_guest()
    tab.member_no.setText(no)
    assert not tab.add_guest() and tab.guest_error.isVisible()
    assert tab.guests_table.rowCount() == 1


def test_a_clerk_sees_events_but_does_not_plan_them(gui_app, qtbot, db, db_path, tmp_path):
    clerk = Actor(user_id=None, name="小李", role="clerk")
    c = AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=clerk)
    page = LoyaltyPage(c, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.tabs.isTabVisible(TABS.index("events"))
    page.show_tab("events")
    tab = page.events_tab
    assert tab.form_area.isHidden() and tab.new_button.isHidden()
    assert tab.attend_button.isVisibleTo(page) and tab.guests_table.isVisibleTo(page)
