"""The member card's points tab: figures, ledger, Redeem refused inline when short,
Adjust with a required reason, Record visit once a day, following the card's member."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtWidgets import QWidget

from app import loyalty, purchases
from app.core import Actor
from app.members import create_member
from ui.context import AppContext
from ui.widgets.points_tab import C_DELTA, C_REASON, PointsTab

TODAY = dt.date.today()


@pytest.fixture
def ctx(db, db_path, tmp_path):
    notified: list = []
    c = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=notified.append)
    c.notified = notified  # type: ignore[attr-defined]
    return c


@pytest.fixture
def member(db, actor) -> int:
    loyalty.save_rules(
        db, actor=actor, rules=loyalty.default_rules(db), effective_from="2000-01-01"
    )
    mid = create_member(db, actor=actor, data={"name": "林小雨"}).created_id
    purchases.record_purchase(
        db, actor=actor, member_id=mid, items=[{"qty": 1, "list_fen": 32000, "paid_fen": 32000}]
    )  # 32 points
    loyalty.add_opening_balance(
        db,
        actor=actor,
        member_id=mid,
        points=18,
        at=(TODAY - dt.timedelta(days=300)).isoformat(),
        expires_at=(TODAY + dt.timedelta(days=12)).isoformat(),
    )
    for name, cost in (("¥10 优惠券", 40), ("保温杯", 500)):
        loyalty.save_reward(
            db, actor=actor, data={"name": name, "kind": "coupon", "cost_points": cost}
        )
    return mid


@pytest.fixture
def tab(gui_app, qtbot, ctx, member) -> PointsTab:
    widget = PointsTab(ctx, member)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def test_the_tab_shows_balance_worth_expiring_points_and_the_ledger(tab):
    assert tab.balance_value.text() == "50"
    assert tab.worth_value.text() == "¥50.00"
    expires = (TODAY + dt.timedelta(days=12)).isoformat()
    assert tab.expiring_value.text() == f"18（有效期至 {expires}）"
    assert tab.model.rowCount() == 2
    assert tab.model.text(0, C_REASON) == "消费积分"
    assert tab.model.text(0, C_DELTA) == "+32"
    assert tab.model.text(1, C_REASON) == "期初余额"
    assert tab.ledger_caption.text() == "积分明细（2 条）"
    assert tab.reward_combo.count() == 2
    assert "积分不足" in tab.reward_combo.itemText(1)
    assert tab.reward_combo.currentIndex() == 0  # the dearest one the member can afford


def test_a_redemption_with_too_few_points_is_refused_inline_and_writes_nothing(
    tab, db, ctx, answer
):
    tab.reward_combo.setCurrentIndex(1)  # 保温杯, 500 points
    before = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
    assert not tab.redeem()
    assert tab.redeem_message.isVisible()
    assert tab.redeem_message.text() == "积分不足：需要 500 分，现有 50 分，还差 450 分"
    assert tab.redeem_message.objectName() == "pointsError"
    assert db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0] == before
    assert ctx.notified == []
    tab.reward_combo.setCurrentIndex(0)
    assert tab.redeem()
    assert tab.balance_value.text() == "10"
    assert tab.redeem_message.text() == "已兑换：¥10 优惠券"
    assert ctx.notified and ctx.notified[-1].touches("redemptions")


def test_an_adjustment_needs_a_written_reason(tab, ctx):
    tab.points_spin.setValue(25)
    assert not tab.adjust()
    assert tab.adjust_message.text() == "调整积分必须写明原因"
    tab.reason_edit.setText("上次小票漏记")
    assert tab.adjust()
    assert tab.balance_value.text() == "75"
    assert tab.points_spin.value() == 0 and tab.reason_edit.text() == ""
    assert tab.model.text(0, C_REASON) == "调整"
    tab.points_spin.setValue(-100)
    tab.reason_edit.setText("扣回")
    assert not tab.adjust()
    assert "还差 25 分" in tab.adjust_message.text()


def test_a_clerk_may_not_adjust(tab, ctx, clerk):
    ctx.actor = clerk
    tab.points_spin.setValue(5)
    tab.reason_edit.setText("想加")
    assert not tab.adjust()
    assert tab.adjust_message.text() == "只有店主或店长可以调整积分。"


def test_visit_points_once_a_day(tab):
    assert tab.record_visit()
    assert tab.balance_value.text() == "55"
    assert not tab.record_visit()
    assert tab.visit_message.text() == "今天已经记录过了。"


def test_a_new_members_tab_waits_for_the_card_to_be_saved(gui_app, qtbot, ctx, db, actor):
    owner = QWidget()
    owner.member_id = None  # type: ignore[attr-defined]
    qtbot.addWidget(owner)
    tab = PointsTab(ctx, None, owner)
    assert not tab.redeem_group.isEnabled() and not tab.adjust_group.isEnabled()
    assert "先保存会员" in tab.notice.text()
    owner.member_id = create_member(db, actor=actor, data={"name": "新客"}).created_id  # type: ignore[attr-defined]
    tab.refresh()
    assert tab.adjust_group.isEnabled()
    assert tab.balance_value.text() == "0"
    assert "积分计划尚未开始" in tab.notice.text()  # no rules saved in this store


def test_the_tab_reloads_when_told_about_its_member(tab, db, actor, member):
    purchases.record_purchase(
        db, actor=actor, member_id=member, items=[{"qty": 1, "list_fen": 10000, "paid_fen": 10000}]
    )
    tab.on_changes(purchases.Changes.of({"points_ledger"}, {member}))
    assert tab.balance_value.text() == "60"


def test_english(tab, qtbot):
    from ui import i18n

    i18n.install_translators("en")
    qtbot.waitUntil(lambda: tab.redeem_button.text() == "Redeem")
    assert tab.model.text(1, C_REASON) == "Opening balance"
    _ = Actor


def test_the_member_card_has_the_points_tab_and_shows_expiring_points_in_its_header(
    gui_app, qtbot, ctx, member, db
):
    from ui.dialogs.member_card import MemberCardDialog

    card = MemberCardDialog(ctx, member)
    qtbot.addWidget(card)
    card.show()
    assert card.tabs.tabText(3) == "积分"
    assert card.tabs.widget(3) is card.points_tab
    expires = (TODAY + dt.timedelta(days=12)).isoformat()
    assert card.figures["points"][1].text() == f"50（18 分自 {expires} 起到期）"
    card.tabs.setCurrentIndex(3)
    assert card.points_tab.balance_value.text() == "50"
    # an adjustment on the tab reaches the card's header at once
    card.points_tab.points_spin.setValue(-20)
    card.points_tab.reason_edit.setText("顾客要求更正")
    assert card.points_tab.adjust()
    # (a deduction takes the oldest points first: the 18 expiring ones are gone)
    assert card.figures["points"][1].text() == "30"
    # the same card reused for another member follows it
    other = create_member(db, actor=Actor(None, "t", "system"), data={"name": "王芳"}).created_id
    card.reuse(other)
    card.tabs.setCurrentIndex(3)
    assert card.points_tab.balance_value.text() == "0"
    assert card.figures["points"][1].text() == "0"


@pytest.fixture
def answer(monkeypatch):
    """What the clerk answers to the redemption question, and the questions asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    state = {"yes": True}

    def question(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if state["yes"] else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    state["asked"] = asked
    return state


def test_a_redemption_asks_first_showing_the_points_and_the_value(tab, db, answer):
    """#20: points were redeemed in one click, with no confirmation."""
    loyalty.save_reward(
        db,
        actor=Actor(None, "owner", "system"),
        data={"name": "¥10 优惠券", "kind": "coupon", "cost_points": 40, "value_fen": 1000},
        reward_id=db.execute("SELECT id FROM rewards WHERE cost_points = 40").fetchone()[0],
    )
    tab.refresh()
    tab.reward_combo.setCurrentIndex(0)
    answer["yes"] = False
    before = db.execute("SELECT COUNT(*) FROM redemptions").fetchone()[0]
    assert not tab.redeem()
    assert answer["asked"] and "40" in answer["asked"][-1] and "¥10.00" in answer["asked"][-1]
    assert "¥10 优惠券" in answer["asked"][-1] and "剩余 10 分" in answer["asked"][-1]
    assert db.execute("SELECT COUNT(*) FROM redemptions").fetchone()[0] == before
    assert tab.balance_value.text() == "50"
    answer["yes"] = True
    assert tab.redeem()
    assert tab.balance_value.text() == "10"
    assert tab.voucher_button.isVisible()


def test_the_voucher_prints_the_redemption(tab, db, answer, tmp_path):
    import shutil
    import subprocess
    import unicodedata

    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    tab.reward_combo.setCurrentIndex(0)
    assert tab.redeem()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A6), QPageLayout.Orientation.Portrait, QMarginsF()
        )
    )
    pdf = tmp_path / "voucher.pdf"
    printer.setOutputFileName(str(pdf))
    tab.print_voucher(printer)
    assert pdf.stat().st_size > 1000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the CJK font maps some glyphs (小, 示) to their Kangxi radicals; NFKC folds them back
    text = unicodedata.normalize("NFKC", text)
    redemption_id = db.execute("SELECT MAX(id) FROM redemptions").fetchone()[0]
    for wanted in ("积分兑换凭证", "¥10 优惠券", "40", "林小雨", f"{redemption_id:05d}", "余额"):
        assert wanted in text, (wanted, text)
