"""The member card's staff records (issue #19): the 办卡导购 picker starts at the signed-in
clerk on a new card and saves who was picked; the Praise tab lists the member's praise
and suggestions and writes one down (audited), refusing empty words with a message."""

from __future__ import annotations

from app import members
from app.core import SYSTEM
from app.service import praise
from ui.widgets.praise_form import C_CLERK, C_KIND, C_TEXT


def test_a_new_card_is_enrolled_by_the_signed_in_clerk_and_can_be_changed(open_card, db, clerk):
    other = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('zhang', '小张', 'clerk', '2026-01-01T09:00:00')"
    ).lastrowid
    db.conn.commit()
    card = open_card(None)
    combo = card.enrolled_combo
    assert combo.current_id() == clerk.user_id and combo.currentText() == "小李"
    card.edits["name"].setText("王芳")
    combo.setCurrentIndex(combo.findData(other))
    assert card.save()
    assert members.get_member(db, card.member_id, actor=SYSTEM)["enrolled_by"] == other
    card.discard_and_close()
    again = open_card(card.member_id)
    assert again.enrolled_combo.currentText() == "小张"


def test_the_praise_tab_lists_and_writes_down_praise(open_card, db, clerk, seen, qtbot):
    wang = members.create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id
    praise.record_praise(
        db, actor=SYSTEM, member_id=wang, kind="suggestion", about="environment",
        text="试衣间再多一面镜子", at="2026-10-01T10:00:00",
    )  # fmt: skip
    card = open_card(wang)
    tab = card.praise_tab
    assert card.tabs.tabText(card.tabs.indexOf(tab)).endswith("（1）")
    assert tab.model.text(0, C_TEXT) == "试衣间再多一面镜子"
    form = tab.form
    assert not form.save()  # no words: refused, shown under the line
    assert not form.error.isHidden() and "内容" in form.error.text()
    form.kind.setCurrentIndex(form.kind.findData("praise"))
    form.about.setCurrentIndex(form.about.findData("service"))
    form.clerk.setCurrentIndex(form.clerk.findData(clerk.user_id))
    form.text.setText("小李很耐心")
    assert form.save()
    assert form.error.isHidden() and form.text.text() == ""
    assert tab.count() == 2 and card.tabs.tabText(card.tabs.indexOf(tab)).endswith("（2）")
    newest = [tab.model.text(0, c) for c in (C_KIND, C_CLERK, C_TEXT)]
    assert newest == ["表扬", "小李", "小李很耐心"]
    assert seen and seen[-1].touches("praise") and wang in seen[-1].member_ids
    row = db.execute(
        "SELECT recorded_by, clerk_id FROM praise WHERE text = '小李很耐心'"
    ).fetchone()
    assert row == (clerk.user_id, clerk.user_id)
    card.tabs.setCurrentWidget(tab)
    card.resize(1366, 768)
    card.grab().save("/tmp/staff_card_praise.png")
