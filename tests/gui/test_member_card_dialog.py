"""The member card: the archive shown and saved through app.members with inline errors,
lunar birthdays, family, purchases with returns, contacts, and merging a duplicate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog

from app import members
from app.contacts import log_contact
from app.core import SYSTEM, Changes
from app.purchases import purchase_history, record_purchase, record_return
from ui import i18n
from ui.context import AppContext
from ui.dialogs import member_card
from ui.dialogs.member_card import (
    FAM_CALENDAR,
    FAM_DATE,
    FAM_LEAP,
    FAM_NAME,
    FAM_RELATION,
    MemberCardDialog,
    MergeDialog,
    history,
)
from ui.dialogs.member_card import dialog as card_dialog

ACCEPTED = int(QDialog.DialogCode.Accepted)


def _item(yuan: int, qty: int = 1, category: str = "上衣") -> dict:
    return {"category": category, "qty": qty, "list_fen": yuan * 100, "paid_fen": yuan * 100}


@pytest.fixture
def ctx(db, db_path: Path, tmp_path: Path) -> AppContext:
    seen: list[Changes] = []
    context = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=seen.append)
    context.seen = seen  # type: ignore[attr-defined]
    return context


@pytest.fixture
def zhang(db) -> int:
    """张三: lunar birthday 八月十五, a spouse and a wedding anniversary, two tickets."""
    changes = members.create_member(
        db,
        actor=SYSTEM,
        data={
            "name": "张三",
            "phone": "13812345678",
            "gender": "female",
            "birthday": "1980-08-15",
            "birthday_calendar": "lunar",
            "address": "北京路 1 号",
            "contact_notes": "上午10点前勿扰",
            "size_top": "M",
            "consent_channels": ["sms", "wechat"],
            "tags": ["老客", "送礼"],
            "family": [
                {"relation": "spouse", "name": "李梅", "date": "1982-03-04"},
                {"relation": "wedding_anniversary", "date": "2005-10-01"},
            ],
        },
    )
    member_id = changes.created_id
    record_purchase(
        db, actor=SYSTEM, member_id=member_id, items=[_item(300), _item(200, 2, "裤装")],
        at="2026-03-01",
    )  # fmt: skip
    record_purchase(db, actor=SYSTEM, member_id=member_id, items=[_item(99)], at="2026-04-01")
    return member_id


@pytest.fixture
def li(db) -> int:
    return members.create_member(
        db, actor=SYSTEM, data={"name": "李四", "phone": "13900001111"}
    ).created_id


@pytest.fixture
def open_card(qtbot, ctx):
    def opener(member_id: int | None) -> MemberCardDialog:
        card = member_card.open_member_card(ctx, member_id, today=dt.date(2026, 5, 10))
        qtbot.addWidget(card)
        qtbot.waitExposed(card)
        return card

    yield opener
    for card in member_card.open_cards():
        card.discard_and_close()


def phone_of(db, member_id: int) -> str | None:
    return (members.get_member(db, member_id, actor=SYSTEM, unmask=True) or {}).get("phone")


# ------------------------------------------------------------------ showing


def test_the_card_shows_the_members_header_figures_and_archive(open_card, zhang):
    card = open_card(zhang)
    assert card.name_label.text() == "张三"
    assert card.member_no_label.text().startswith("VK")
    assert card.tier_label.text() == "普通会员"
    assert card.figures["total"][1].text() == "¥799.00"
    assert card.figures["visits"][1].text() == "2"
    assert card.figures["last"][1].text().startswith("2026-04-01")
    assert card.figures["points"][1].text() == "0"
    # 农历八月十五 of 2026 is 2026-09-25
    assert card.figures["birthday"][1].text() == "农历八月十五 → 2026-09-25"
    assert not card.complaint_label.isVisibleTo(card)
    assert card.edits["phone"].text() == "138****5678"  # masked until someone chooses
    assert card.edits["address"].text() == "北京路 1 号"
    assert card.edits["size_top"].text() == "M"
    assert card.edits["contact_notes"].text() == "上午10点前勿扰"
    assert card.calendar_combo.currentData() == "lunar"
    assert card.leap_check.isEnabled()
    assert card.consent_checks["sms"].isChecked() and not card.consent_checks["phone"].isChecked()
    assert card.edits["tags"].text() == "老客, 送礼"
    assert card.family_table.rowCount() == 2
    assert card.family_table.item(0, FAM_NAME).text() == "李梅"
    relation = card.family_table.cellWidget(1, FAM_RELATION)
    assert isinstance(relation, QComboBox) and relation.currentText() == "结婚纪念日"
    assert card.tabs.tabText(1) == "消费记录（2）"
    assert card.windowTitle() == f"会员卡片 — 张三 {card.member_no_label.text()}"


def test_the_purchases_tab_lists_tickets_with_items_and_returns(open_card, db, zhang):
    sale = purchase_history(db, zhang)[-1]  # the older ticket, two lines
    line = sale["items"][1]  # 裤装 ×2
    record_return(
        db, actor=SYSTEM, purchase_id=sale["id"], lines=[{"item_id": line["id"], "qty": 1}]
    )
    card = open_card(zhang)
    model = card.purchase_model
    assert model.rowCount() == 3
    # newest first: the return ticket
    assert model.text(0, 2).startswith("退货")
    assert model.text(0, 4) == "-¥200.00"
    assert model.text(2, 4) == "¥700.00"
    assert model.text(2, 6) == "¥200.00"  # refunded so far
    assert model.rowCount(model.index(2, 0)) == 2
    assert "裤装" in model.text(2, 2, line=1) and "×2" in model.text(2, 2, line=1)
    assert model.text(2, 6, line=1) == "已退 1 件"
    assert card.return_button(2).text() == "退货"
    assert card.return_button(2).isEnabled()
    assert card.return_button(0) is None  # a return cannot be returned
    assert card.purchase_tree.isExpanded(model.index(2, 0))


def test_the_contacts_tab_lists_the_contact_log(open_card, db, zhang):
    log_contact(
        db, actor=SYSTEM, member_id=zhang, channel="phone", purpose="birthday",
        outcome="reached", note="祝福已送达", at="2026-05-01T10:30:00",
    )  # fmt: skip
    card = open_card(zhang)
    model = card.contact_model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(4)] == [
        "2026-05-01 10:30", "电话", "生日祝福", "已联系上",
    ]  # fmt: skip
    assert model.index(0, 5).data() == "祝福已送达"
    assert card.tabs.tabText(2) == "联系记录（1）"


def test_an_open_complaint_is_flagged_in_the_header(open_card, db, zhang):
    # No app/ action files complaints yet (the feedback issue): a row by hand.
    db.execute(
        "INSERT INTO complaints (member_id, at, category, description, status) "
        "VALUES (?, '2026-05-01T10:00:00', 'quality', '起球', 'open')",
        [zhang],
    )
    card = open_card(zhang)
    assert card.complaint_label.isVisibleTo(card)
    assert "1" in card.complaint_label.text()


# ------------------------------------------------------------------ saving


def test_saving_an_edit_writes_it_and_notifies(open_card, ctx, db, zhang):
    card = open_card(zhang)
    card.edits["occupation"].setText("教师")
    card.edits["occupation"].textEdited.emit("教师")
    assert card.is_dirty()
    assert card.save()
    assert members.get_member(db, zhang, actor=SYSTEM, unmask=True)["occupation"] == "教师"
    assert ctx.seen and zhang in ctx.seen[-1].member_ids
    assert not card.is_dirty()
    assert card.saved_note.text() == "已保存"


def test_an_invalid_phone_shows_the_error_next_to_the_field_and_writes_nothing(
    open_card, db, zhang
):
    card = open_card(zhang)
    card.edits["phone"].setText("12345")
    card.edits["address"].setText("新地址")
    assert not card.save()
    error = card.field_error("phone")
    assert "不是有效的 11 位手机号" in error
    assert card.boxes["phone"].error.isVisibleTo(card)
    assert card.edits["phone"].property("invalid") == "true"
    assert card.field_error("address") == ""
    assert "尚未保存" in card.form_errors.text()
    # nothing written, not even the valid field
    assert phone_of(db, zhang) == "13812345678"
    assert members.get_member(db, zhang, actor=SYSTEM, unmask=True)["address"] == "北京路 1 号"
    # fixing it clears the mark
    card.edits["phone"].setText("13812345679")
    assert card.save()
    assert card.field_error("phone") == ""
    assert not card.edits["phone"].property("invalid")
    assert phone_of(db, zhang) == "13812345679"


def test_several_wrong_fields_are_all_marked_at_once(open_card, zhang):
    card = open_card(zhang)
    card.edits["name"].setText("")
    card.edits["email"].setText("not-an-email")
    card.birthday_edit.setText("1980-13-45")
    card.calendar_combo.setCurrentIndex(card.calendar_combo.findData("solar"))
    assert not card.save()
    assert card.field_error("name") == "必填"
    assert "邮箱" in card.field_error("email")
    assert "不是有效日期" in card.field_error("birthday")
    assert "3 项" in card.form_errors.text()


def test_a_duplicate_phone_links_to_the_member_who_has_it(open_card, db, zhang, li):
    card = open_card(li)
    card.edits["phone"].setText("138 1234 5678")
    assert not card.save()
    error = card.field_error("phone")
    no = members.get_member(db, zhang, actor=SYSTEM, unmask=True)["member_no"]
    assert f"该手机号已属于会员 {no}（张三）" in error
    assert f'href="member:{zhang}"' in error
    assert phone_of(db, li) == "13900001111"
    card.boxes["phone"].error.linkActivated.emit(f"member:{zhang}")
    assert sorted(c.member_id for c in member_card.open_cards()) == sorted([li, zhang])


def test_a_new_member_is_the_same_card_empty_and_becomes_theirs_on_save(open_card, ctx, db):
    card = open_card(None)
    assert card.name_label.text() == "新会员"
    assert not card.tabs.isTabEnabled(1)
    assert not card.merge_button.isEnabled()
    assert card.edits["name"].text() == ""
    assert not card.save()  # the name is required
    assert card.field_error("name") == "必填"
    assert members.count_members(db) == 0
    card.edits["name"].setText("王芳")
    card.edits["phone"].setText("13700002222")
    card.consent_checks["phone"].setChecked(True)
    assert card.edits["consent_at"].text() == dt.date(2026, 5, 10).isoformat()
    assert card.save()
    assert card.member_id is not None
    member = members.get_member(db, card.member_id, actor=SYSTEM, unmask=True)
    assert member["name"] == "王芳" and member["phone"] == "13700002222"
    assert member["consent_channels"] == "phone"
    assert member["consent_at"] == "2026-05-10"
    assert card.name_label.text() == "王芳"
    assert card.tabs.isTabEnabled(1)
    assert ctx.seen[-1].created_id == card.member_id


def test_a_lunar_birthday_in_a_leap_month_round_trips(open_card, db):
    card = open_card(None)
    card.edits["name"].setText("陈闰")
    card.calendar_combo.setCurrentIndex(card.calendar_combo.findData("solar"))
    assert not card.leap_check.isEnabled()  # only a lunar birthday can be in a leap month
    card.calendar_combo.setCurrentIndex(card.calendar_combo.findData("lunar"))
    assert card.leap_check.isEnabled()
    card.birthday_edit.setText("2023-02-10")  # 2023 has a leap second month
    card.leap_check.setChecked(True)
    assert card.birthday_hint.text().startswith("农历闰二月初十 → ")
    assert card.save()
    member = members.get_member(db, card.member_id, actor=SYSTEM, unmask=True)
    assert (member["birthday"], member["birthday_calendar"], member["birthday_leap"]) == (
        "2023-02-10", "lunar", 1,
    )  # fmt: skip
    card.discard_and_close()
    again = open_card(member["id"])  # may reuse the closed window: refilled from the store
    assert again.birthday_edit.text() == "2023-02-10"
    assert again.calendar_combo.currentData() == "lunar"
    assert again.leap_check.isChecked() and again.leap_check.isEnabled()
    assert again.figures["birthday"][1].text().startswith("农历闰二月初十 → ")
    # switching to solar clears and disables the leap month
    again.calendar_combo.setCurrentIndex(again.calendar_combo.findData("solar"))
    assert not again.leap_check.isChecked() and not again.leap_check.isEnabled()


def test_a_leap_month_the_year_does_not_have_is_an_inline_error(open_card, db):
    card = open_card(None)
    card.edits["name"].setText("陈错")
    card.calendar_combo.setCurrentIndex(card.calendar_combo.findData("lunar"))
    card.birthday_edit.setText("2024-02-10")
    card.leap_check.setChecked(True)
    assert not card.save()
    assert "2024 年没有闰2月" in card.field_error("birthday")
    assert members.count_members(db) == 0


def test_family_rows_are_saved_and_a_bad_row_is_pointed_at(open_card, db, zhang):
    card = open_card(zhang)
    row = card.add_family_row()
    relation = card.family_table.cellWidget(row, FAM_RELATION)
    relation.setCurrentIndex(relation.findData("child"))
    card.family_table.item(row, FAM_NAME).setText("张小宝")
    card.family_table.item(row, FAM_DATE).setText("2015-13-01")
    assert not card.save()
    error = card.field_error("family")
    assert "第 3 行" in error and "不是有效日期" in error
    assert len(members.get_member(db, zhang, actor=SYSTEM, unmask=True)["family"]) == 2
    card.family_table.item(row, FAM_DATE).setText("2015-06-01")
    calendar = card.family_table.cellWidget(row, FAM_CALENDAR)
    calendar.setCurrentIndex(calendar.findData("lunar"))
    assert card.family_table.item(row, FAM_LEAP).flags() & Qt.ItemFlag.ItemIsEnabled
    assert card.save()
    family = members.get_member(db, zhang, actor=SYSTEM, unmask=True)["family"]
    assert [(f["relation"], f["name"], f["date"], f["calendar"]) for f in family][-1] == (
        "child", "张小宝", "2015-06-01", "lunar",
    )  # fmt: skip
    card.family_table.setCurrentCell(0, FAM_NAME)
    card.remove_family_row()
    assert card.save()
    first = members.get_member(db, zhang, actor=SYSTEM, unmask=True)["family"][0]
    assert first["relation"] == "wedding_anniversary" and first["name"] is None


def test_mark_verified_today_records_the_date_at_once(open_card, db, zhang):
    card = open_card(zhang)
    card.verify_button.click()
    verified = members.get_member(db, zhang, actor=SYSTEM, unmask=True)["verified_at"]
    assert verified and verified[:10] == dt.date.today().isoformat()
    assert card.verified_value.text() == verified[:10]


def test_the_referrer_is_picked_by_searching(open_card, db, zhang, li, qtbot):
    card = open_card(li)
    picker = card.referrer_picker
    picker.edit.setText("zs")
    picker.search_now()
    assert [r["name"] for r in picker.results()] == ["张三"]
    picker.choose_row(0)
    assert picker.member_id() == zhang
    assert card.save()
    assert members.get_member(db, li, actor=SYSTEM, unmask=True)["referrer_id"] == zhang
    referrer_card = open_card(zhang)
    assert "李四" in referrer_card.referred_label.text()


def test_an_invalid_consent_date_is_refused_inline(open_card, db, zhang):
    card = open_card(zhang)
    card.edits["consent_at"].setText("昨天")
    assert not card.save()
    assert "不是有效日期" in card.field_error("consent_at")


# ------------------------------------------------------------------ other dialogs


class _Recorder:
    calls: ClassVar[list[tuple]] = []
    result = ACCEPTED

    def __init__(self, ctx, *args, **kwargs):
        type(self).calls.append((args, kwargs))

    def exec(self):
        return type(self).result


def _record_dialogs(monkeypatch) -> list[str]:
    """Replace the card's purchase, return and contact dialogs by recorders; the names of
    the dialogs opened, in order."""
    opened: list[str] = []
    _Recorder.calls = []
    for name in ("PurchaseDialog", "ReturnDialog", "ContactDialog"):
        recorder = type(name, (_Recorder,), {"__init__": _record_init(name, opened)})
        monkeypatch.setattr(card_dialog, name, recorder)
    return opened


def _record_init(name: str, opened: list[str]):
    def __init__(self, ctx, *args, **kwargs):
        opened.append(name)
        _Recorder.__init__(self, ctx, *args, **kwargs)

    return __init__


def test_record_return_and_log_contact_open_their_dialogs(open_card, zhang, monkeypatch):
    opened = _record_dialogs(monkeypatch)
    card = open_card(zhang)
    assert card.record_purchase()
    card.return_button(0).click()
    assert card.log_contact()
    assert opened == ["PurchaseDialog", "ReturnDialog", "ContactDialog"]
    newest = card.purchase_model.purchase_id(0)
    assert _Recorder.calls[0][1]["member_id"] == zhang
    assert _Recorder.calls[1][0] == (newest,)
    assert _Recorder.calls[2][0] == (zhang,)


def test_the_card_reloads_when_its_member_changes_elsewhere_keeping_edits(open_card, db, zhang):
    card = open_card(zhang)
    card.edits["hobbies"].setText("瑜伽")
    card.edits["hobbies"].textEdited.emit("瑜伽")
    changes = record_purchase(db, actor=SYSTEM, member_id=zhang, items=[_item(1000)])
    member_card.broadcast(changes)
    assert card.figures["total"][1].text() == "¥1,799.00"
    assert card.tabs.tabText(1) == "消费记录（3）"
    assert card.edits["hobbies"].text() == "瑜伽"  # the clerk's unsaved edit survives


# ------------------------------------------------------------------ merge


def test_merging_a_duplicate_moves_its_purchases_to_this_card(
    open_card, ctx, db, zhang, monkeypatch
):
    dup = members.create_member(
        db, actor=SYSTEM, data={"name": "张三", "phone": "13700009999", "email": "z@example.com"}
    ).created_id
    record_purchase(db, actor=SYSTEM, member_id=dup, items=[_item(500)], at="2026-02-01")
    seen: list[MergeDialog] = []

    def fake_exec(dialog: MergeDialog) -> int:
        seen.append(dialog)
        dialog.picker.edit.setText("13700009999")
        dialog.picker.search_now()
        dialog.picker.choose_row(0)
        assert dialog.merge_button.isEnabled()
        texts = [dialog.compare.itemAt(i).widget().text() for i in range(dialog.compare.count())]
        assert "保留（本卡）" in texts and "合并后删除" in texts
        assert "¥500.00" in texts and "¥799.00" in texts  # both side by side
        return ACCEPTED

    monkeypatch.setattr(MergeDialog, "exec", fake_exec)
    card = open_card(zhang)
    assert card.merge_duplicate()
    assert seen and seen[0].keep_id == zhang
    assert members.get_member(db, dup, actor=SYSTEM, unmask=True) is None
    assert len(purchase_history(db, zhang)) == 3
    assert (
        members.get_member(db, zhang, actor=SYSTEM, unmask=True)["email"] == "z@example.com"
    )  # filled from the other
    assert card.figures["total"][1].text() == "¥1,299.00"
    assert card.tabs.tabText(1) == "消费记录（3）"
    assert {zhang, dup} <= set(ctx.seen[-1].member_ids)


def test_the_merge_picker_never_offers_the_card_itself(ctx, qtbot, zhang):
    dialog = MergeDialog(ctx, zhang)
    qtbot.addWidget(dialog)
    dialog.picker.edit.setText("zs")
    dialog.picker.search_now()
    assert dialog.picker.results() == []
    assert not dialog.merge_button.isEnabled()


def test_a_merged_away_card_says_so_instead_of_failing(open_card, db, zhang, li):
    card = open_card(li)
    from app import merge

    changes = merge.merge_members(db, actor=SYSTEM, keep_id=zhang, remove_id=li)
    member_card.broadcast(changes)
    assert "已不存在" in card.message.text()
    assert not card.save_button.isEnabled()


# ------------------------------------------------------------------ keyboard and language


def test_a_closed_card_is_reused_for_the_next_member_with_nothing_left_over(
    open_card, db, zhang, li
):
    card = open_card(zhang)
    card.edits["hobbies"].setText("瑜伽")
    card.edits["phone"].setText("123")
    assert not card.save()
    card.tabs.setCurrentIndex(1)
    card.discard_and_close()
    assert member_card.open_cards() == []
    other = open_card(li)
    assert other.member_id == li
    assert other.name_label.text() == "李四"
    assert other.edits["hobbies"].text() == ""
    assert other.field_error("phone") == ""
    assert not other.form_errors.isVisibleTo(other)
    assert other.tabs.currentIndex() == 0
    assert not other.is_dirty()
    assert other.purchase_model.rowCount() == 0
    assert member_card.open_cards() == [other]
    new = open_card(None)
    assert new is not other and new.name_label.text() == "新会员"


def test_ctrl_s_saves_and_escape_with_unsaved_changes_asks_first(open_card, db, zhang, qtbot):
    card = open_card(zhang)
    card.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is card)
    card.edits["wechat"].setFocus()
    qtbot.keyClicks(card.edits["wechat"], "zs_wx")
    qtbot.keyClick(card.edits["wechat"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert members.get_member(db, zhang, actor=SYSTEM, unmask=True)["wechat"] == "zs_wx"
    qtbot.keyClicks(card.edits["wechat"], "2")
    qtbot.keyClick(card.edits["wechat"], Qt.Key.Key_Escape)  # the question box says "no button"
    assert card.isVisible()  # kept open: unsaved edits are never dropped silently
    card.discard_and_close()
    assert not card.isVisible()


def test_the_card_speaks_english_too(open_card, zhang):
    i18n.install_translators("en")
    card = open_card(zhang)
    assert card.tabs.tabText(0) == "Archive"
    assert card.labels["phone"].text() == "Mobile phone"
    assert card.tier_label.text() == "Member"
    assert card.figures["birthday"][1].text() == "lunar 8/15 → 2026-09-25"
    card.edits["phone"].setText("12345")
    assert not card.save()
    assert "not a valid 11-digit" in card.field_error("phone")


def test_only_the_newest_sales_get_a_button_and_any_ticket_can_be_returned_by_keyboard(
    open_card, db, zhang, monkeypatch
):
    monkeypatch.setattr(history, "RETURN_BUTTONS", 1)
    _record_dialogs(monkeypatch)
    card = open_card(zhang)
    assert card.return_button(0) is not None
    assert card.return_button(1) is None  # older than the newest RETURN_BUTTONS sales
    card.tabs.setCurrentIndex(1)
    card.purchase_tree.setCurrentIndex(card.purchase_model.index(1, 0))
    assert card.return_selected()
    assert _Recorder.calls[-1][0] == (card.purchase_model.purchase_id(1),)


def test_choosing_lost_asks_why_and_saves_the_reason_at_once(
    gui_app, open_card, li, db, monkeypatch
):
    from PySide6.QtWidgets import QDialog

    from ui.dialogs.feedback_dialogs import LostReasonDialog

    asked: list[str] = []

    def answer(self: QDialog) -> int:
        assert isinstance(self, LostReasonDialog)
        asked.append(self.windowTitle())
        self.reason_combo.setCurrentIndex(self.reason_combo.findData("competitor"))
        self.note_edit.setText("隔壁店打八折")
        self.save()
        return int(self.result())

    monkeypatch.setattr(QDialog, "exec", answer)
    card = open_card(li)
    card.status_combo.setCurrentIndex(card.status_combo.findData("lost"))
    assert asked == ["标记为流失"]
    row = db.execute("SELECT status, lost_reason, lost_note FROM members WHERE id = ?", [li])
    assert row.fetchone() == ("lost", "competitor", "隔壁店打八折")
    assert card.status_combo.currentData() == "lost"
    assert card.edits["lost_reason"].text() == "被竞争对手吸引"
    assert card.status_label.isVisible()


def test_closing_the_lost_question_puts_the_status_back(gui_app, open_card, li, db):
    card = open_card(li)  # the suite's dialogs answer "closed"
    card.status_combo.setCurrentIndex(card.status_combo.findData("lost"))
    assert card.status_combo.currentData() == "active"
    assert db.execute("SELECT status FROM members WHERE id = ?", [li]).fetchone()[0] == "active"


@pytest.mark.parametrize(
    ("typed", "stored", "calendar", "leap"),
    [
        ("19900501", "1990-05-01", "solar", 0),
        ("1990.5.1", "1990-05-01", "solar", 0),
        ("5月1日", "--05-01", "solar", 0),
        ("05-01", "--05-01", "solar", 0),
        ("0501", "--05-01", "solar", 0),
        ("农历四月十五", "--04-15", "lunar", 0),
        ("1990年农历腊月廿三", "1990-12-23", "lunar", 0),
    ],
)
def test_a_birthday_typed_the_way_people_say_it_is_saved(
    open_card, db, typed, stored, calendar, leap
):
    card = open_card(None)
    card.edits["name"].setText("王生日")
    card.birthday_edit.setText(typed)  # as typed (QTest cannot type Chinese characters)
    card.birthday_edit.textEdited.emit(typed)
    assert card.calendar_combo.currentData() == calendar  # 农历… switches the calendar
    if calendar == "lunar":
        assert card.birthday_hint.text().startswith("农历")
    elif stored != typed:
        assert card.birthday_hint.text() == f"→ {stored}"
    assert card.save(), card.field_error("birthday")
    member = members.get_member(db, card.member_id, actor=SYSTEM)
    assert (member["birthday"], member["birthday_calendar"], member["birthday_leap"]) == (
        stored, calendar, leap,
    )  # fmt: skip


def test_the_date_picker_beside_the_birthday_fills_it(open_card, db):
    card = open_card(None)
    card.edits["name"].setText("王日历")
    card.calendar_combo.setCurrentIndex(card.calendar_combo.findData("lunar"))
    card.birthday_pick_button.menu().aboutToShow.emit()
    assert card.birthday_picker.selectedDate().year() == dt.date.today().year - 30
    card.birthday_picker.clicked.emit(QDate(1988, 3, 8))
    assert card.birthday_edit.text() == "1988-03-08"
    assert card.calendar_combo.currentData() == "solar"  # a picked date is a solar one
    assert card.save()
    assert members.get_member(db, card.member_id, actor=SYSTEM)["birthday"] == "1988-03-08"


def test_the_card_fits_the_screen_it_opens_on(open_card, zhang):
    """#20: on a 1366×768 PC the card (then 1060×780) was taller than the screen."""
    from PySide6.QtCore import QRect, QSize

    from ui.widgets.screen_fit import FRAME_MARGIN, fitted_size

    laptop = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px taskbar
    assert fitted_size(card_dialog.PREFERRED_SIZE, laptop) == QSize(
        1366 - FRAME_MARGIN.width(), 728 - FRAME_MARGIN.height()
    ).boundedTo(card_dialog.PREFERRED_SIZE)
    big = QRect(0, 0, 1920, 1040)
    assert fitted_size(card_dialog.PREFERRED_SIZE, big) == card_dialog.PREFERRED_SIZE
    card = open_card(zhang)
    available = card.screen().availableGeometry()
    assert card.width() <= available.width() and card.height() <= available.height()
    assert card.minimumWidth() <= card.width() and card.minimumHeight() <= card.height()


def test_the_key_customer_form_prints_from_the_card(open_card, zhang, tmp_path):
    """#19 item 8: the 重点顾客档案表 as one A4 page, from the card's header."""
    import shutil
    import subprocess
    import unicodedata

    from ui.widgets.printing import a4_printer

    new = open_card(None)
    assert not new.form_button.isEnabled()  # nobody to print yet
    new.discard_and_close()
    card = open_card(zhang)
    assert card.form_button.isEnabled() and card.form_button.text() == "打印档案表…"
    printer = a4_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    pdf = tmp_path / "form.pdf"
    printer.setOutputFileName(str(pdf))
    assert card.print_customer_form(printer)
    assert pdf.stat().st_size > 5000
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = next(line for line in info.splitlines() if line.startswith("Pages:"))
    assert pages.split()[1] == "1" and "(A4)" in info
    assert unicodedata.normalize("NFKC", card.card["member"]["name"]) == "张三"


def test_the_header_shows_the_gross_margin_beside_the_spend_and_how_much_cost_is_known(
    open_card, db, zhang
):
    # 张三 spent 799 without any cost known: the margin is the store's flat 40%
    card = open_card(zhang)
    assert card.figures["margin"][0].text() == "毛利（成本已知 0%）"
    assert card.figures["margin"][1].text() == "¥319.60"
    assert "40%" in card.figures["margin"][1].toolTip()
    card.discard_and_close()
    item = {**_item(1000), "cost_fen": 40000}  # 1000 paid, 400 cost: 60% margin
    record_purchase(db, actor=SYSTEM, member_id=zhang, items=[item], at="2026-05-01")
    card = open_card(zhang)
    # 1,799 spent, 1,000 with a known cost (56% < 80%): 600 + 799 × 40% = 919.60
    assert card.figures["margin"][0].text() == "毛利（成本已知 56%）"
    assert card.figures["margin"][1].text() == "¥919.60"


def test_a_member_without_purchases_shows_no_margin(open_card, li):
    card = open_card(li)
    assert card.figures["margin"][1].text() == "—"
    assert card.figures["margin"][0].text() == "毛利"
