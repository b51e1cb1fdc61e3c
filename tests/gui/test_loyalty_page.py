"""The loyalty page: the programme's status, rules saved as versions (refusals inline),
tiers and the review date, the rewards catalogue, the liability, and the jobs."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from app import loyalty, purchases, settings
from app.db import open_db
from app.members import create_member
from ui.context import AppContext
from ui.pages import get_spec
from ui.pages.loyalty import LoyaltyPage
from ui.pages.loyalty.page import TABS

TODAY = dt.date.today()


@pytest.fixture
def ctx(db, db_path, tmp_path):
    notified: list = []
    c = AppContext(db=db, db_path=db_path, data_dir=tmp_path, notify=notified.append)
    c.notified = notified  # type: ignore[attr-defined]
    return c


@pytest.fixture
def page(gui_app, qtbot, ctx) -> LoyaltyPage:
    widget = LoyaltyPage(ctx, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def test_the_navigation_entry_builds_the_real_page(gui_app, qtbot, ctx):
    widget = get_spec("loyalty").create(ctx)
    qtbot.addWidget(widget)
    assert isinstance(widget, LoyaltyPage)
    assert widget.title.text() == "积分与会员等级"
    assert widget.tabs.tabText(1) == "积分规则"


def test_the_first_show_builds_only_the_shown_tab_and_a_tab_built_later_is_current(
    page, qtbot, db, actor
):
    """Issue #14's stall goal: building all five tabs at the first show held the GUI
    thread ~150 ms on a big store. The other tabs are empty slots until first shown; a
    change arriving meanwhile is there when the tab is built."""
    qtbot.waitUntil(page.ctx.runner.idle, timeout=10_000)
    assert [key for key in TABS if page.built(key)] == ["overview"]
    for key in TABS[1:]:
        assert page.tabs.widget(TABS.index(key)).findChildren(QWidget) == []
    assert not hasattr(page, "rewards_table") and not hasattr(page, "events_tab")

    changes = loyalty.save_reward(
        db,
        actor=actor,
        data={"name": "围巾", "kind": "gift", "cost_points": 500, "value_fen": 8800},
    )
    mid = create_member(db, actor=actor, data={"name": "吴桐"}).created_id
    page.on_changes(changes)
    qtbot.waitUntil(page.ctx.runner.idle, timeout=10_000)
    assert [key for key in TABS if page.built(key)] == ["overview"]

    page.show_tab("rewards")  # as a click on the tab
    assert [key for key in TABS if page.built(key)] == ["overview", "rewards"]
    assert page.tabs.widget(TABS.index("rewards")).findChildren(QWidget)
    assert page.rewards_table.rowCount() == 1
    assert page.rewards_table.item(0, 0).text() == "围巾"
    assert page.rewards_table.item(0, 1).text() == "礼品"
    assert page.rewards_table.horizontalHeaderItem(2).text() == "所需积分"

    # the Tiers tab, built after the liability was read, shows its members per tier
    tier = db.execute("SELECT tier FROM members WHERE id = ?", [mid]).fetchone()[0]
    page.show_tab("tiers")
    counts = {
        page.tiers_table.item(r, 0).text(): page.tiers_table.item(r, 4).text()
        for r in range(page.tiers_table.rowCount())
    }
    assert counts[tier] == "1" and set(counts.values()) == {"0", "1"}

    page.show_tab("events")
    assert page.events_tab.events_table.horizontalHeaderItem(1).text() == "活动"
    assert [key for key in TABS if not page.built(key)] == ["rules"]


def test_before_the_first_version_the_page_says_the_programme_has_not_started(page):
    assert "积分计划尚未开始" in page.status.text()
    page.show_tab("rules")  # each tab is built on its first show, as a click on it does
    assert page.yuan_per_point.value() == 10.0  # the defaults are offered
    assert page.multiplier_spins["gold"].value() == 125
    assert page.versions.rowCount() == 0


def test_saving_the_rules_makes_a_version_and_earned_points_are_never_rewritten(
    page, db, actor, ctx
):
    page.show_tab("rules")
    page.yuan_per_point.setValue(20)
    page.multiplier_spins["diamond"].setValue(200)
    page.expiry_combo.setCurrentIndex(page.expiry_combo.findData("never"))
    page.rule_note.setText("开业")
    assert page.save_rules()
    assert "已保存" in page.rules_message.text()
    assert ctx.notified[-1].touches("loyalty_rules")
    rules = loyalty.rules_at(db, TODAY)
    assert (rules.fen_per_point, rules.multiplier("diamond"), rules.expiry_months) == (
        2000,
        200,
        None,
    )
    assert "积分计划按" in page.status.text()
    assert page.versions.rowCount() == 1
    assert page.versions.item(0, 4).text() == "开业"
    # once points exist, a version may not start in the past: refused inline
    mid = create_member(db, actor=actor, data={"name": "周周"}).created_id
    purchases.record_purchase(
        db, actor=actor, member_id=mid, items=[{"qty": 1, "list_fen": 50000, "paid_fen": 50000}]
    )
    yesterday = TODAY - dt.timedelta(days=1)
    page.effective_edit.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    assert not page.save_rules()
    assert not page.rules_message.isHidden()
    assert "生效日期" in page.rules_message.text() and "不能早于今天" in page.rules_message.text()
    assert len(loyalty.rule_versions(db)) == 1


def test_rewards_are_added_validated_and_switched_off(page, db):
    page.show_tab("rewards")
    page.reward_name.setText("")
    page.reward_cost.setValue(0)
    assert not page.save_reward(new=True)
    assert "名称" in page.rewards_message.text() and "必填" in page.rewards_message.text()
    assert "积分必须是正整数" in page.rewards_message.text()
    page.reward_name.setText("¥20 优惠券")
    page.reward_kind.setCurrentIndex(page.reward_kind.findData("coupon"))
    page.reward_cost.setValue(200)
    page.reward_value.setValue(20)
    assert page.save_reward(new=True)
    assert page.rewards_table.rowCount() == 1
    assert page.rewards_table.item(0, 1).text() == "优惠券"
    assert page.rewards_table.item(0, 3).text() == "¥20.00"
    page.rewards_table.selectRow(0)
    assert page.update_reward_button.isEnabled()
    page.reward_active.setChecked(False)
    assert page.save_reward(new=False)
    assert loyalty.list_rewards(db)[0]["active"] == 0
    assert page.rewards_table.item(0, 4).text() == "已停用"


def test_tiers_and_the_review_date_are_edited_in_place(page, db):
    page.show_tab("tiers")
    row = [page.tiers_table.item(r, 0).text() for r in range(4)].index("silver")
    page.tiers_table.item(row, 1).setText("银卡会员")
    page.tiers_table.item(row, 3).setText("2500")
    page.review_edit.setText("07-01")
    assert page.save_tiers()
    silver = next(t for t in loyalty.list_tiers(db) if t["code"] == "silver")
    assert (silver["name_zh"], silver["min_spend_fen"]) == ("银卡会员", 250000)
    assert settings.get(db, "loyalty_tier_review_date") == "07-01"
    page.tiers_table.item(row, 3).setText("99999")  # above gold
    assert not page.save_tiers()
    assert "门槛必须高于" in page.tiers_message.text()
    page.tiers_table.item(row, 3).setText("abc")
    assert not page.save_tiers()
    assert "不是有效的金额" in page.tiers_message.text()


def test_the_liability_is_outstanding_points_times_the_point_value(page, qtbot, db, actor):
    loyalty.save_rules(
        db, actor=actor, rules=loyalty.default_rules(db), effective_from="2000-01-01"
    )
    mid = create_member(db, actor=actor, data={"name": "吴桐"}).created_id
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=1234, note="开业赠送")
    page.refresh()
    qtbot.waitUntil(page.ctx.runner.idle, timeout=10_000)  # the liability, on the runner
    assert page.figures["points"][1].text() == "1,234"
    assert page.figures["value"][1].text() == "¥1,234.00"
    assert page.figures["members"][1].text() == "1"
    page.point_value_spin.setValue(0.5)
    assert page.save_point_value()
    qtbot.waitUntil(page.ctx.runner.idle, timeout=10_000)
    assert page.figures["value"][1].text() == "¥617.00"
    counts = {page.tier_counts.item(r, 0).text(): page.tier_counts.item(r, 2).text()
              for r in range(page.tier_counts.rowCount())}  # fmt: skip
    assert counts["普通会员"] == "1"


@pytest.fixture(scope="module")
def _bare_demo(tmp_path_factory):
    """A demo store with a history and no points programme yet (``loyalty=False``)."""
    from app import demo

    path = tmp_path_factory.mktemp("bare_demo") / "demo.db"
    database = open_db(path)
    demo.generate(database, members=300, seed=7, loyalty=False)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_ctx(_bare_demo, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(_bare_demo, path)
    db = open_db(path)
    yield AppContext(db=db, db_path=path, data_dir=tmp_path)
    db.close()


def test_backfill_and_the_daily_job_run_from_the_page(gui_app, qtbot, demo_ctx):
    db = demo_ctx.db
    first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
    loyalty.save_rules(
        db, actor=demo_ctx.actor, rules=loyalty.default_rules(db), effective_from=first
    )
    page = LoyaltyPage(demo_ctx, today=TODAY)
    qtbot.addWidget(page)
    qtbot.waitUntil(demo_ctx.runner.idle, timeout=30_000)  # the liability, on the runner
    assert page.figures["points"][1].text() == "0"
    idle = demo_ctx.runner.idle  # the jobs run on the task runner: wait for each
    assert page.backfill()
    qtbot.waitUntil(idle, timeout=30_000)
    sales, points = db.execute(
        "SELECT COUNT(CASE WHEN reason = 'spend' THEN 1 END), SUM(delta) FROM points_ledger"
    ).fetchone()
    assert f"{sales:,}" in page.jobs_message.text() and f"{points:,}" in page.jobs_message.text()
    assert int(page.figures["points"][1].text().replace(",", "")) > 0
    assert page.backfill()
    qtbot.waitUntil(idle, timeout=30_000)
    assert page.jobs_message.text() == "所有消费都已有积分，无需补发。"
    assert page.run_daily()
    qtbot.waitUntil(idle, timeout=30_000)
    assert page.jobs_message.text().startswith("完成：")
    assert loyalty.lots_mismatches(db) == []
    assert not loyalty.expire_points(db, actor=demo_ctx.actor, today=TODAY)


def test_the_first_version_starts_history_at_the_first_purchase_and_the_backfill_counts(
    gui_app, qtbot, demo_ctx
):
    """Issue #17's loyalty start trap: the first version's date defaulted to today, and the
    backfill then awarded nothing for every past sale while saying it had."""
    db = demo_ctx.db
    assert not loyalty.rule_versions(db)
    first = loyalty.history_start(db)
    page = LoyaltyPage(demo_ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(demo_ctx.runner.idle, timeout=30_000)
    page.show_tab("rules")
    assert not page.history_row.isHidden() and page.history_first.isChecked()
    assert first.isoformat() in page.history_first.text()
    assert page.effective_edit.date() == QDate(first.year, first.month, first.day)
    assert not page.effective_edit.isEnabled()
    assert first.isoformat() in page.history_notice.text()
    page.grab().save("/tmp/loyalty_rules_first_version.png")
    assert page.save_rules()
    assert loyalty.rule_versions(db)[0]["effective_from"] == first.isoformat()
    assert first.isoformat() in page.rules_message.text()
    # a later version says, before saving, that it does not rewrite history
    assert page.history_row.isHidden()
    assert page.effective_edit.isEnabled()
    assert page.history_notice.text() and first.isoformat() not in page.history_notice.text()
    assert page.backfill()
    qtbot.waitUntil(demo_ctx.runner.idle, timeout=60_000)
    sales, points = db.execute(
        "SELECT COUNT(CASE WHEN reason = 'spend' THEN 1 END), SUM(delta) FROM points_ledger"
    ).fetchone()
    assert (
        sales
        == db.execute("SELECT COUNT(*) FROM points_ledger WHERE reason = 'spend'").fetchone()[0]
    )
    assert sales > 1000
    said = page.jobs_message.text()
    assert f"{sales:,}" in said and f"{points:,}" in said and first.isoformat() in said


def test_the_daily_job_runs_at_start_on_a_worker_and_notifies(gui_app, qtbot, ctx, db, actor):
    from ui.pages.loyalty import start_daily_jobs

    rules = {**loyalty.default_rules(db).__dict__, "expiry_months": 1}
    loyalty.save_rules(db, actor=actor, rules=rules, effective_from="2000-01-01")
    mid = create_member(db, actor=actor, data={"name": "马良"}).created_id
    at = (TODAY - dt.timedelta(days=90)).isoformat()
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=30, note="活动", at=at)
    assert loyalty.balance(db, mid) == 30  # expired, but the job has not run yet
    jobs = start_daily_jobs(ctx)
    with qtbot.waitSignal(jobs.done, timeout=10_000):
        pass
    jobs.wait(5)
    jobs.timer.stop()
    assert loyalty.balance(db, mid) == 0
    assert settings.get(db, "loyalty_daily_last_run") == TODAY.isoformat()
    qtbot.waitUntil(lambda: bool(ctx.notified))
    assert mid in ctx.notified[-1].member_ids
