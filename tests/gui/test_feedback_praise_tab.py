"""The feedback page's Praise tab (表扬与建议, issue #19): the store's praise and
suggestions newest first, filtered by kind; one written down for a member found by the
picker or for a passer-by, with the changes handed to the main window; refused input is
shown under the line and writes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTabWidget

from app.core import SYSTEM
from app.members import create_member
from app.service import praise
from ui.pages.feedback.praise import PraiseListTab
from ui.widgets.praise_form import C_CLERK, C_KIND, C_MEMBER, C_TEXT


@pytest.fixture
def wang(db) -> int:
    return create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id


@pytest.fixture
def tab(ctx, qtbot, db, wang, clerk) -> PraiseListTab:
    praise.record_praise(
        db, actor=SYSTEM, member_id=wang, kind="praise", about="service", text="小李很耐心",
        at="2026-10-01T10:00:00", clerk_id=clerk.user_id,
    )  # fmt: skip
    praise.record_praise(
        db, actor=SYSTEM, kind="suggestion", about="environment", text="停车不方便",
        at="2026-10-02T10:00:00",
    )  # fmt: skip
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    widget = PraiseListTab(ctx, tabs)
    tabs.resize(1300, 700)
    tabs.show()
    qtbot.waitExposed(tabs)
    return widget


def test_the_list_is_newest_first_and_filters_by_kind(tab):
    assert tab._tabs.tabText(0) == "表扬与建议"
    assert [tab.model.text(r, C_TEXT) for r in range(2)] == ["停车不方便", "小李很耐心"]
    assert tab.model.text(0, C_MEMBER) == "—" and tab.model.text(1, C_CLERK) == "小李"
    tab.filter.setCurrentIndex(tab.filter.findData("praise"))
    assert len(tab.model.records) == 1 and tab.model.text(0, C_KIND) == "表扬"
    assert tab.count_label.text() == "显示 1 条"


def test_writing_down_for_a_member_and_for_a_passer_by(tab, db, wang, notified):
    tab.member.set_member(wang, "王芳")
    tab.form.kind.setCurrentIndex(tab.form.kind.findData("suggestion"))
    tab.form.about.setCurrentIndex(tab.form.about.findData("goods"))
    tab.form.text.setText("希望多进大码")
    assert tab.form.save()
    assert tab.member.member_id() is None  # ready for the next customer
    assert tab.model.records[0]["member_id"] == wang and tab.model.text(0, C_TEXT) == "希望多进大码"
    assert notified and notified[-1].touches("praise") and wang in notified[-1].member_ids
    tab.form.text.setText("店里音乐很好听")
    tab.form.about.setCurrentIndex(tab.form.about.findData("environment"))
    assert tab.form.save()
    assert tab.model.records[0]["member_id"] is None
    assert db.execute("SELECT COUNT(*) FROM praise").fetchone()[0] == 4


def test_refused_input_is_shown_and_nothing_is_written(tab, db):
    tab.form.text.setText("   ")
    assert not tab.form.save()
    assert tab.form.error.isVisible() and "内容" in tab.form.error.text()
    assert db.execute("SELECT COUNT(*) FROM praise").fetchone()[0] == 2


def test_the_feedback_page_has_the_tab(ctx, qtbot, tab):
    from ui.pages.feedback import FeedbackPage

    page = FeedbackPage(ctx, threaded=False)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    assert page.tabs.tabText(3) == "表扬与建议"
    page.show_tab("praise")  # built on its first show
    assert page.tabs.currentWidget().isAncestorOf(page.praise_tab)
    qtbot.waitUntil(lambda: len(page.praise_tab.model.records) == 2)
    page.grab().save("/tmp/staff_feedback_praise.png")
