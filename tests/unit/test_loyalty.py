"""The loyalty programme: versioned rules, the append-only ledger, the purchase step,
redemptions, expiry, birthdays, tiers, the lots cache, backfill and the call-list
tasks."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from app import calllist, contacts, loyalty, merge, purchases, settings
from app.core import PermissionDenied, ValidationError
from app.loyalty.rules import _expiry_sql
from app.members import create_member, update_member

TODAY = dt.date.today()
D = dt.date


def days_ago(n: int, time: str = "10:00:00") -> str:
    return f"{(TODAY - dt.timedelta(days=n)).isoformat()}T{time}"


def codes(exc: ValidationError) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def mk(db, actor, name, **data) -> int:
    return create_member(db, actor=actor, data={"name": name, **data}).created_id


def sale(db, actor, mid, paid, at=None, qty=1) -> int:
    return purchases.record_purchase(
        db,
        actor=actor,
        member_id=mid,
        at=at,
        items=[{"qty": qty, "list_fen": paid, "paid_fen": paid}],
    ).created_id


def give_back(db, actor, pid, qty=1, at=None) -> int:
    item = purchases.get_purchase(db, pid)["items"][0]["id"]
    return purchases.record_return(
        db, actor=actor, purchase_id=pid, lines=[{"item_id": item, "qty": qty}], at=at
    ).created_id


def entries(db, mid) -> list[tuple]:
    return db.execute(
        "SELECT reason, delta, ref_type, ref_id, expires_at FROM points_ledger "
        "WHERE member_id = ? ORDER BY at, id",
        [mid],
    ).fetchall()


def start(db, actor, **rules) -> None:
    base = loyalty.default_rules(db)
    loyalty.save_rules(
        db, actor=actor, rules={**base.__dict__, **rules}, effective_from="2000-01-01"
    )


@pytest.fixture(scope="session")
def _bare_demo_template(tmp_path_factory):
    """A demo store with a history but no points programme (``loyalty=False``): the
    store the backfill tests start the programme on."""
    from app import demo
    from app.db import open_db

    path = tmp_path_factory.mktemp("bare_demo") / "demo.db"
    database = open_db(path)
    demo.generate(database, members=300, seed=7, loyalty=False)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_db(_bare_demo_template, tmp_path):
    """This module's demo store has no points yet (overrides conftest's)."""
    import shutil

    from app.db import open_db

    path = tmp_path / "demo.db"
    shutil.copy(_bare_demo_template, path)
    database = open_db(path)
    yield database
    database.close()


@pytest.fixture
def started(db, actor):
    start(db, actor)
    return db


def reward(db, actor, cost, name="¥10 优惠券", kind="coupon", active=True) -> int:
    return loyalty.save_reward(
        db,
        actor=actor,
        data={"name": name, "kind": kind, "cost_points": cost, "value_fen": cost * 100,
              "active": active},
    ).created_id  # fmt: skip


def consistent(db) -> None:
    """The cache agrees with a replay, and nobody's balance is negative."""
    assert loyalty.lots_mismatches(db) == []
    assert (
        db.execute(
            "SELECT COUNT(*) FROM (SELECT member_id FROM points_ledger GROUP BY member_id "
            "HAVING SUM(delta) < 0)"
        ).fetchone()[0]
        == 0
    )
    for mid, bal in db.execute("SELECT member_id, SUM(delta) FROM points_ledger GROUP BY 1"):
        lots = db.execute(
            "SELECT COALESCE(SUM(remaining), 0) FROM points_lots WHERE member_id = ?", [mid]
        ).fetchone()[0]
        assert lots == bal, mid


# ------------------------------------------------------------------ rules


def test_nothing_is_awarded_and_no_tier_moves_before_the_programme_starts(db, actor):
    mid = mk(db, actor, "王芳")
    ch = sale(db, actor, mid, 5_000_000)
    assert ch and entries(db, mid) == []
    assert db.execute("SELECT tier FROM members WHERE id = ?", [mid]).fetchone()[0] == "normal"
    assert not loyalty.started(db)
    with pytest.raises(ValidationError) as exc:
        loyalty.record_visit(db, actor=actor, member_id=mid)
    assert codes(exc.value) == {"member_id": "loyalty_not_started"}


def test_spend_points_are_floored_once_on_the_paid_amount_times_the_tier_multiplier(started, actor):
    db = started
    mid = mk(db, actor, "李娜")
    update_member(db, actor=actor, member_id=mid, data={"tier": "gold"})  # 125%
    sale(db, actor, mid, 9500)  # ⌊9500 × 125 ÷ 100000⌋ = 11 (two floors would give 11 too)
    sale(db, actor, mid, 999)  # ⌊999 × 1.25 ÷ 1000⌋ = 1
    sale(db, actor, mid, 799)  # ⌊0.99875⌋ = 0: no entry at all
    got = [(r[0], r[1]) for r in entries(db, mid)]
    assert got == [("spend", 11), ("spend", 1)]
    assert loyalty.points_for_paid(9500, loyalty.DEFAULT_RULES, "diamond") == 14
    assert loyalty.points_for_paid(-100, loyalty.DEFAULT_RULES, "normal") == 0


def test_expiry_is_stamped_at_earning_the_end_of_the_month_n_months_later():
    assert loyalty.expiry_for(D(2026, 1, 15), 24) == "2028-01-31"
    assert loyalty.expiry_for(D(2026, 1, 31), 1) == "2026-02-28"
    assert loyalty.expiry_for(D(2027, 11, 30), 3) == "2028-02-29"
    assert loyalty.expiry_for(D(2026, 5, 1), None) is None


def test_the_sql_expiry_used_by_backfill_gives_the_same_dates(db):
    for day in ("2024-01-31T10:00:00", "2023-12-15T00:00:00", "2026-02-28T23:59:59"):
        for months in (1, 11, 12, 24, 25):
            sql = _expiry_sql("?", months)
            got = db.execute(f"SELECT {sql}", [day]).fetchone()[0]
            assert got == loyalty.expiry_for(day, months), (day, months)


def test_the_version_in_force_on_the_sale_date_applies_and_a_change_never_rewrites(db, actor):
    mid = mk(db, actor, "赵敏")
    start(db, actor, fen_per_point=1000, expiry_months=12)
    old = sale(db, actor, mid, 100_00, at=days_ago(30))
    before = entries(db, mid)
    # from tomorrow: 1 point per ¥5 and points never expire
    tomorrow = TODAY + dt.timedelta(days=1)
    loyalty.save_rules(
        db,
        actor=actor,
        rules={**loyalty.default_rules(db).__dict__, "fen_per_point": 500, "expiry_months": None},
        effective_from=tomorrow,
    )
    sale(db, actor, mid, 100_00)  # today: the old version still
    assert entries(db, mid)[: len(before)] == before  # untouched, not re-dated
    assert [r[1] for r in entries(db, mid)] == [10, 10]
    assert loyalty.rules_at(db, tomorrow).fen_per_point == 500
    assert loyalty.rules_at(db, TODAY).fen_per_point == 1000
    assert entries(db, mid)[0][4] == loyalty.expiry_for(days_ago(30), 12)
    # a version may not start in the past once points exist
    with pytest.raises(ValidationError) as exc:
        loyalty.save_rules(
            db, actor=actor, rules=loyalty.default_rules(db), effective_from=TODAY - dt.timedelta(1)
        )
    assert codes(exc.value) == {"effective_from": "effective_in_past"}
    assert old


def test_rules_are_validated_all_at_once_and_only_the_owner_changes_them(db, actor, clerk):
    with pytest.raises(ValidationError) as exc:
        loyalty.save_rules(
            db,
            actor=actor,
            rules={"fen_per_point": 0, "visit_points": -1, "expiry_months": 0,
                   "multipliers_pct": {"gold": 5000, "platinum": 100}},
            effective_from="not a date",
        )  # fmt: skip
    assert codes(exc.value) == {
        "fen_per_point": "rule_value_invalid",
        "visit_points": "rule_value_invalid",
        "expiry_months": "rule_value_invalid",
        "multipliers_pct.gold": "rule_value_invalid",
        "multipliers_pct.platinum": "choice_invalid",
        "effective_from": "date_invalid",
    }
    with pytest.raises(PermissionDenied):
        loyalty.save_rules(db, actor=clerk, rules=loyalty.DEFAULT_RULES, effective_from=TODAY)
    assert loyalty.rule_versions(db) == []


# ------------------------------------------------------------------ the purchase step


def test_the_same_purchase_can_never_be_awarded_twice(started, actor):
    db = started
    mid = mk(db, actor, "钱多")
    pid = sale(db, actor, mid, 50_000)
    event = loyalty.PurchaseEvent("sale", pid, mid, days_ago(0), 50_000, 50_000, None, None,
                                  actor)  # fmt: skip
    assert loyalty.award_for_purchase(db, event) <= {"members", "tier_history"}  # a retry
    assert [r[0] for r in entries(db, mid)] == ["spend"]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO points_ledger (member_id, at, delta, reason, ref_type, ref_id, "
            "created_at) VALUES (?, '2025-01-01', 50, 'spend', 'purchase', ?, '2025-01-01')",
            [mid, pid],
        )


def test_referral_points_go_to_the_referrer_once_at_the_first_purchase(started, actor):
    db = started
    referrer = mk(db, actor, "老客户")
    newbie = mk(db, actor, "新朋友", referrer_id=referrer, source="referral")
    late = mk(db, actor, "后来的")
    sale(db, actor, newbie, 30_000)
    sale(db, actor, newbie, 30_000)
    assert [(r[0], r[1], r[2], r[3]) for r in entries(db, referrer)] == [
        ("referral", 100, "member", newbie)
    ]
    # a referrer named after the first purchase gets nothing
    sale(db, actor, late, 10_000)
    update_member(db, actor=actor, member_id=late, data={"referrer_id": referrer})
    sale(db, actor, late, 10_000)
    assert len(entries(db, referrer)) == 1
    # a full return of the first sale does not take the referral back
    first = db.execute("SELECT MIN(id) FROM purchases WHERE member_id = ?", [newbie]).fetchone()[0]
    give_back(db, actor, first)
    assert loyalty.balance(db, referrer) == 100
    consistent(db)


def test_a_return_takes_back_points_in_proportion_and_never_more_than_awarded(started, actor):
    db = started
    mid = mk(db, actor, "孙丽")
    pid = sale(db, actor, mid, 3_333, qty=3)  # 9,999 fen → 9 points
    assert loyalty.balance(db, mid) == 9
    give_back(db, actor, pid, 1)  # a third refunded: ⌊9 × 3333 ÷ 9999⌋ = 3
    assert loyalty.balance(db, mid) == 6
    give_back(db, actor, pid, 2)  # everything back: all 9
    assert loyalty.balance(db, mid) == 0
    rows = db.execute(
        "SELECT delta, note FROM points_ledger WHERE member_id = ? AND reason = 'return' "
        "ORDER BY id",
        [mid],
    ).fetchall()
    spend_id = db.execute(
        "SELECT id FROM points_ledger WHERE reason = 'spend' AND ref_id = ?", [pid]
    ).fetchone()[0]
    assert rows == [(-3, f"spend #{spend_id}"), (-6, f"spend #{spend_id}")]
    consistent(db)


def test_a_clawback_beyond_the_balance_takes_the_balance_and_notes_the_shortfall(started, actor):
    db = started
    mid = mk(db, actor, "周到")
    pid = sale(db, actor, mid, 100_000)  # 100 points
    w = reward(db, actor, 80)
    loyalty.redeem(db, actor=actor, member_id=mid, reward_id=w)
    give_back(db, actor, pid)  # wants 100, has 20
    assert loyalty.balance(db, mid) == 0
    note = db.execute(
        "SELECT note FROM points_ledger WHERE member_id = ? AND reason = 'return'", [mid]
    ).fetchone()[0]
    assert note.endswith("shortfall=80")
    consistent(db)


# ------------------------------------------------------------------ actions


def test_a_redemption_with_too_few_points_is_refused_and_writes_nothing(started, actor):
    db = started
    mid = mk(db, actor, "吴倩")
    # 30 points that expired (unwritten: the job has not run) + 20 valid ones
    loyalty.add_opening_balance(
        db, actor=actor, member_id=mid, points=30, at=days_ago(400), expires_at=days_ago(380)
    )
    sale(db, actor, mid, 20_000)
    expensive = reward(db, actor, 50)
    count = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
    with pytest.raises(ValidationError) as exc:
        loyalty.redeem(db, actor=actor, member_id=mid, reward_id=expensive)
    err = exc.value.errors[0]
    assert (err.field, err.code, err.params) == (
        "reward_id",
        "points_short",
        {"cost": 50, "balance": 20, "short": 30},
    )
    assert "还差 30 分" in err.message("zh")
    assert db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0] == count
    assert db.execute("SELECT COUNT(*) FROM redemptions").fetchone()[0] == 0
    cheap = reward(db, actor, 15)
    ch = loyalty.redeem(db, actor=actor, member_id=mid, reward_id=cheap, note="换券")
    assert ch.touches("redemptions") and loyalty.balance(db, mid) == 5
    red = db.execute("SELECT points, ledger_id, note FROM redemptions").fetchone()
    assert red[0] == 15 and red[2] == "换券"
    assert db.execute("SELECT delta FROM points_ledger WHERE id = ?", [red[1]]).fetchone()[0] == -15
    inactive = reward(db, actor, 1, active=False)
    with pytest.raises(ValidationError) as exc:
        loyalty.redeem(db, actor=actor, member_id=mid, reward_id=inactive)
    assert codes(exc.value) == {"reward_id": "reward_inactive"}
    consistent(db)


def test_adjustments_need_a_written_reason_a_manager_and_enough_points(started, actor, clerk):
    db = started
    mid = mk(db, actor, "郑重")
    with pytest.raises(ValidationError) as exc:
        loyalty.adjust_points(db, actor=actor, member_id=mid, points=0, note="  ")
    assert codes(exc.value) == {"points": "points_invalid", "note": "adjust_reason_required"}
    with pytest.raises(PermissionDenied):
        loyalty.adjust_points(db, actor=clerk, member_id=mid, points=10, note="补录")
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=10, note="补录上次漏记")
    with pytest.raises(ValidationError) as exc:
        loyalty.adjust_points(db, actor=actor, member_id=mid, points=-11, note="扣错")
    assert codes(exc.value) == {"points": "points_short"}
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=-4, note="多记了")
    assert loyalty.balance(db, mid) == 6
    assert [e["note"] for e in loyalty.ledger(db, mid)] == ["多记了", "补录上次漏记"]
    consistent(db)


def test_opening_balances_are_idempotent_on_their_reference(started, actor):
    db = started
    mid = mk(db, actor, "冯谦")
    ch = loyalty.add_opening_balance(
        db, actor=actor, member_id=mid, points=120, at="2024-12-31", ref="旧系统"
    )
    assert ch.created_id
    again = loyalty.add_opening_balance(
        db, actor=actor, member_id=mid, points=120, at="2024-12-31", ref="旧系统"
    )
    assert not again  # re-importing the same file does not double count
    assert loyalty.balance(db, mid) == 120
    row = db.execute(
        "SELECT reason, ref_type, ref_id, expires_at FROM points_ledger WHERE member_id = ?", [mid]
    ).fetchone()
    assert row == ("opening", "旧系统", mid, loyalty.expiry_for("2024-12-31", 24))
    with pytest.raises(ValidationError) as exc:
        loyalty.add_opening_balance(db, actor=actor, member_id=mid, points=-5, at="2024-12-31")
    assert codes(exc.value) == {"points": "points_positive"}


def test_visit_points_at_most_once_a_day(started, actor):
    db = started
    mid = mk(db, actor, "陈静")
    assert loyalty.record_visit(db, actor=actor, member_id=mid, at=days_ago(1, "10:00:00"))
    assert not loyalty.record_visit(db, actor=actor, member_id=mid, at=days_ago(1, "17:00:00"))
    assert loyalty.record_visit(db, actor=actor, member_id=mid)
    assert [r[:2] for r in entries(db, mid)] == [("visit", 5), ("visit", 5)]
    assert loyalty.visit_awarded(db, mid, TODAY)


def test_birthday_points_once_a_year_solar_and_lunar_with_catch_up(started, actor):
    db = started
    today = D(2026, 9, 26)  # lunar 2026-08-16: 中秋 (八月十五) was yesterday
    solar = mk(db, actor, "褚红", birthday="1990-09-20", joined_on="2020-01-01")
    lunar = mk(db, actor, "卫兰", birthday="1985-08-15", birthday_calendar="lunar",
               joined_on="2020-01-01")  # fmt: skip
    far = mk(db, actor, "蒋勇", birthday="1990-10-20", joined_on="2020-01-01")
    late = mk(db, actor, "沈新", birthday="1990-09-24", joined_on="2026-09-25")
    ch = loyalty.award_birthdays(db, actor=actor, today=today)
    assert ch.member_ids == {solar, lunar}
    assert entries(db, solar)[0][:2] == ("birthday", 50)
    assert (
        db.execute("SELECT at FROM points_ledger WHERE member_id = ?", [lunar]).fetchone()[0]
        == "2026-09-25T00:00:00"
    )
    assert not loyalty.award_birthdays(db, actor=actor, today=today)  # twice: nothing new
    assert not loyalty.award_birthdays(db, actor=actor, today=D(2026, 9, 27))
    assert entries(db, far) == [] and entries(db, late) == []
    # next year again
    assert solar in loyalty.award_birthdays(db, actor=actor, today=D(2027, 9, 21)).member_ids


# ------------------------------------------------------------------ expiry and lots


def test_expiry_consumes_oldest_first_and_running_it_twice_changes_nothing(db, actor):
    start(db, actor, expiry_months=1)
    mid = mk(db, actor, "韩梅")
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=100, note="开业", at="2025-01-10")
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=50, note="活动", at="2025-02-10")
    # Feb 20: 120 redeemed, the oldest lot first: 100 of the first, 20 of the second
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=-120, note="兑换礼品",
                          at="2025-02-20T10:00:00")  # fmt: skip
    lots = {lot["lot_id"]: lot["remaining"] for lot in
            loyalty.member_points(db, mid, today=D(2025, 2, 21))["lots"]}  # fmt: skip
    assert list(lots.values()) == [30]
    ch = loyalty.expire_points(db, actor=actor, today=D(2025, 4, 1))
    assert ch.member_ids == {mid}
    assert entries(db, mid)[-1] == ("expire", -30, "points_ledger", next(iter(lots)), None)
    at = db.execute(
        "SELECT at FROM points_ledger WHERE reason = 'expire' AND member_id = ?", [mid]
    ).fetchone()[0]
    assert at == "2025-04-01T00:00:00"  # the day after the last valid day (03-31)
    assert loyalty.balance(db, mid) == 0
    count = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
    assert not loyalty.expire_points(db, actor=actor, today=D(2025, 4, 1))
    assert not loyalty.expire_points(db, actor=actor, today=D(2026, 1, 1))
    assert db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0] == count
    consistent(db)


def test_a_return_takes_its_own_sales_points_first(started, actor):
    db = started
    mid = mk(db, actor, "杨光")
    loyalty.add_opening_balance(db, actor=actor, member_id=mid, points=50, at=days_ago(60),
                                expires_at=(TODAY + dt.timedelta(days=10)).isoformat())  # fmt: skip
    pid = sale(db, actor, mid, 40_000)
    give_back(db, actor, pid)
    lots = loyalty.member_points(db, mid, today=TODAY)["lots"]
    assert [(lot["remaining"], lot["expires_at"]) for lot in lots] == [
        (50, (TODAY + dt.timedelta(days=10)).isoformat())
    ]
    consistent(db)


def test_points_expiring_within_30_days_on_the_card(started, actor):
    db = started
    mid = mk(db, actor, "朱迪")
    soon = (TODAY + dt.timedelta(days=20)).isoformat()
    loyalty.add_opening_balance(db, actor=actor, member_id=mid, points=40, at=days_ago(300),
                                expires_at=soon)  # fmt: skip
    loyalty.adjust_points(db, actor=actor, member_id=mid, points=60, note="活动")
    p = loyalty.member_points(db, mid, today=TODAY)
    assert (p["balance"], p["expiring_points"], p["next_expiry"]) == (100, 40, soon)
    assert p["value_fen"] == 100 * 100
    assert [e["balance_after"] for e in p["ledger"]] == [100, 40]


def test_a_merge_marks_both_members_stale_and_the_cache_catches_up(started, actor):
    db = started
    keep, remove = mk(db, actor, "秦一"), mk(db, actor, "秦一二")
    loyalty.adjust_points(db, actor=actor, member_id=keep, points=30, note="a", at=days_ago(5))
    loyalty.adjust_points(db, actor=actor, member_id=remove, points=40, note="b", at=days_ago(9))
    merge.merge_members(db, actor=actor, keep_id=keep, remove_id=remove)
    assert loyalty.lots_mismatches(db) != []  # stale marks
    assert loyalty.member_points(db, keep, today=TODAY)["balance"] == 70
    loyalty.refresh_stale(db)
    consistent(db)
    assert [lot["remaining"] for lot in loyalty.member_points(db, keep, today=TODAY)["lots"]] == [
        40,
        30,
    ]


def test_liability_is_outstanding_points_times_the_point_value(started, actor):
    db = started
    a, b = mk(db, actor, "甲"), mk(db, actor, "乙")
    loyalty.adjust_points(db, actor=actor, member_id=a, points=120, note="x")
    loyalty.add_opening_balance(db, actor=actor, member_id=b, points=80, at=days_ago(10),
                                expires_at=(TODAY + dt.timedelta(days=5)).isoformat())  # fmt: skip
    settings.set_many(db, actor=actor, values={"loyalty_point_value_fen": 50})
    got = loyalty.liability(db, today=TODAY)
    assert (got["points"], got["value_fen"], got["members"], got["expiring_points"]) == (
        200,
        10_000,
        2,
        80,
    )
    # past their last valid day (job not run yet): no longer owed
    got = loyalty.liability(db, today=TODAY + dt.timedelta(days=6))
    assert (got["points"], got["members"]) == (120, 1)


# ------------------------------------------------------------------ tiers


@pytest.fixture
def review_far_back(db, actor):
    """The yearly review 300 days ago, so this review period has room for history."""
    md = (TODAY - dt.timedelta(days=300)).strftime("%m-%d")
    if md == "02-29":
        md = "02-28"
    settings.set_many(db, actor=actor, values={"loyalty_tier_review_date": md})
    return loyalty.review_start(db, TODAY)


def test_tier_for_spend_takes_the_highest_threshold_reached(db):
    tiers = loyalty.list_tiers(db)
    assert [loyalty.tier_for_spend(x, tiers) for x in (-5, 0, 299_999, 300_000, 3_000_000)] == [
        "normal",
        "normal",
        "normal",
        "silver",
        "diamond",
    ]


def test_upgrade_at_once_downgrade_only_at_the_yearly_review(started, actor, review_far_back):
    db = started
    r = review_far_back
    mid = mk(db, actor, "许攀")
    # last period: 1,200,000 fen (gold) a year and a half ago
    sale(db, actor, mid, 1_200_000, at=f"{(r - dt.timedelta(days=500)).isoformat()}T10:00:00")
    assert db.execute("SELECT tier FROM members WHERE id = ?", [mid]).fetchone()[0] == "normal"
    sale(db, actor, mid, 350_000, at=days_ago(100))  # silver at once
    assert db.execute("SELECT tier FROM members WHERE id = ?", [mid]).fetchone()[0] == "silver"
    db.execute("UPDATE members SET tier = 'gold' WHERE id = ?", [mid])  # e.g. an old import
    assert not loyalty.recompute_tiers(db, actor=actor, today=TODAY)  # no downgrade
    assert loyalty.tier_mismatches(db, today=TODAY) == [mid]
    ch = loyalty.recompute_tiers(db, actor=actor, today=TODAY, review=True)
    assert ch.member_ids == {mid}
    assert db.execute("SELECT tier FROM members WHERE id = ?", [mid]).fetchone()[0] == "silver"
    assert loyalty.tier_mismatches(db, today=TODAY) == []
    history = db.execute(
        "SELECT from_tier, to_tier, reason FROM tier_history WHERE member_id = ? ORDER BY id",
        [mid],
    ).fetchall()
    assert history == [("normal", "silver", "upgrade"), ("gold", "silver", "review")]
    # the review ran for this review date: a second one does not downgrade again
    db.execute("UPDATE members SET tier = 'gold' WHERE id = ?", [mid])
    assert not loyalty.recompute_tiers(db, actor=actor, today=TODAY, review=True)
    assert settings.get(db, "loyalty_tier_last_review") == r.isoformat()


def test_last_periods_spend_keeps_the_tier_for_the_year_then_it_lapses(started, actor):
    db = started
    mid = mk(db, actor, "何欢")
    settings.set_many(db, actor=actor, values={"loyalty_tier_review_date": "01-01"})
    # a gold year: spend in the 12 months before 2026-01-01
    db.execute(
        "INSERT INTO purchases (member_id, at, total_fen, paid_fen, created_at) "
        "VALUES (?, '2025-06-01T10:00:00', 1100000, 1100000, '2025-06-01')",
        [mid],
    )
    assert loyalty.expected_tiers(db, today=D(2026, 8, 1))[mid] == "gold"
    assert loyalty.expected_tiers(db, today=D(2027, 1, 1))[mid] == "normal"
    assert loyalty.expected_tiers(db, today=D(2025, 12, 31))[mid] == "gold"  # the sale itself


def test_tier_thresholds_and_names_are_configurable(started, actor, clerk):
    db = started
    loyalty.save_tiers(
        db,
        actor=actor,
        tiers=[{"code": "silver", "name_zh": "银卡会员", "min_spend_fen": 200_000}],
        review_date="7-1",
    )
    assert loyalty.list_tiers(db)[1]["name_zh"] == "银卡会员"
    assert settings.get(db, "loyalty_tier_review_date") == "07-01"
    with pytest.raises(ValidationError) as exc:
        loyalty.save_tiers(
            db,
            actor=actor,
            tiers=[{"code": "gold", "min_spend_fen": 100_000}, {"code": "normal", "name_zh": ""}],
            review_date="13-40",
        )
    assert codes(exc.value) == {
        "tiers[1].name_zh": "required",
        "tiers.gold.min_spend_fen": "tier_threshold_order",
        "review_date": "review_date_invalid",
    }
    with pytest.raises(PermissionDenied):
        loyalty.save_tiers(db, actor=clerk, tiers=[])


def test_run_daily_expires_awards_and_reviews_once_a_day(started, actor):
    db = started
    mid = mk(db, actor, "吕布", birthday=f"1990-{TODAY:%m-%d}", joined_on="2020-01-01")
    loyalty.add_opening_balance(db, actor=actor, member_id=mid, points=10, at=days_ago(50),
                                expires_at=days_ago(1)[:10])  # fmt: skip
    ch = loyalty.run_daily(db, actor=actor, today=TODAY)
    assert [r[0] for r in entries(db, mid)] == ["opening", "expire", "birthday"] or [
        r[0] for r in entries(db, mid)
    ] == ["opening", "birthday", "expire"]
    assert ch.member_ids >= {mid}
    assert not loyalty.run_daily(db, actor=actor, today=TODAY)
    assert not loyalty.run_daily(db, actor=actor, today=TODAY, force=True).touches("points_ledger")


# ------------------------------------------------------------------ backfill


def test_backfill_awards_the_demo_history_once_and_the_cache_agrees(demo_db, actor):
    db = demo_db
    first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
    loyalty.save_rules(db, actor=actor, rules=loyalty.default_rules(db), effective_from=first)
    w = reward(db, actor, 100)
    ch = loyalty.backfill(db, actor=actor)
    assert ch.touches("points_ledger")
    spend = db.execute(
        "SELECT COUNT(*), SUM(delta) FROM points_ledger WHERE reason = 'spend'"
    ).fetchone()
    rules = loyalty.rules_at(db, TODAY)
    given = [  # no tier history in this store: the tier held is today's tier
        loyalty.points_for_paid(paid, rules, tier)
        for paid, tier in db.execute(
            "SELECT p.paid_fen, m.tier FROM purchases p JOIN members m ON m.id = p.member_id "
            "WHERE p.return_of IS NULL"
        )
    ]
    assert spend == (sum(1 for x in given if x > 0), sum(given))
    referred = db.execute(
        "SELECT COUNT(*) FROM members m WHERE referrer_id IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM purchases p WHERE p.member_id = m.id AND p.return_of IS NULL)"
    ).fetchone()[0]
    assert (
        db.execute("SELECT COUNT(*) FROM points_ledger WHERE reason = 'referral'").fetchone()[0]
        == referred
    )
    assert db.execute("SELECT COUNT(*) FROM points_ledger WHERE reason = 'return'").fetchone()[0]
    consistent(db)
    n = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
    assert not loyalty.backfill(db, actor=actor)
    assert db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0] == n
    # then expiry, twice
    loyalty.expire_points(db, actor=actor, today=TODAY)
    n = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
    assert not loyalty.expire_points(db, actor=actor, today=TODAY)
    assert db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0] == n
    consistent(db)
    # the call list gains the loyalty tasks, and a points call clears one
    tasks = calllist.call_list(db, today=TODAY)
    kinds = {t.reason for t in tasks}
    assert "points_expiring" in kinds
    t = next(t for t in tasks if t.reason == "points_expiring")
    assert t.purpose == "points" and t.detail["points"] >= 100
    assert t.detail["expires_on"] == t.due.isoformat() and t.days_overdue <= 0
    contacts.log_contact(
        db, actor=actor, member_id=t.member_id, channel="phone", purpose="points",
        outcome="reached",
    )  # fmt: skip
    after = calllist.call_list(db, today=TODAY)
    assert not any(x.member_id == t.member_id and x.reason == "points_expiring" for x in after)
    assert w
    # tiers: the demo's are upgrades-only consistent; after the review they match facts
    loyalty.recompute_tiers(db, actor=actor, today=TODAY, review=True)
    assert loyalty.tier_mismatches(db, today=TODAY) == []


def test_reward_ready_when_an_earning_crosses_the_cheapest_reward(started, actor):
    db = started
    mid = mk(db, actor, "曹操", consent_channels="phone")
    reward(db, actor, 100)
    reward(db, actor, 500, name="围巾", kind="gift")
    sale(db, actor, mid, 60_000, at=days_ago(20))  # 60: below
    sale(db, actor, mid, 50_000, at=days_ago(2))  # 110: crossed two days ago
    tasks = [t for t in calllist.call_list(db, today=TODAY) if t.reason == "reward_ready"]
    assert [(t.reason, t.due, t.detail["balance"], t.detail["cost"]) for t in tasks] == [
        ("reward_ready", TODAY - dt.timedelta(days=2), 110, 100)
    ]
    sale(db, actor, mid, 30_000)  # 140: no new crossing, the old one still shows
    assert [t.due for t in calllist.call_list(db, today=TODAY) if t.reason == "reward_ready"] == [
        TODAY - dt.timedelta(days=2)
    ]
    assert not [
        t
        for t in calllist.call_list(db, today=TODAY + dt.timedelta(days=9))
        if t.reason == "reward_ready"
    ]


def test_migration_builds_lots_for_entries_written_before_it(tmp_path):
    from app import migrations
    from app.db import connect, open_db

    path = tmp_path / "old.db"
    db = connect(path)
    migrations.apply(db, stop_before="m005_loyalty")
    db.execute(
        "INSERT INTO members (member_no, name, joined_on, created_at, updated_at) "
        "VALUES ('VK1', '王', '2024-01-01', '2024-01-01', '2024-01-01')"
    )
    for delta in (100, -30):
        db.execute(
            "INSERT INTO points_ledger (member_id, at, delta, reason, created_at) "
            "VALUES (1, '2024-01-01', ?, 'adjust', '2024-01-01')",
            [delta],
        )
    db.close()
    db = open_db(path)
    assert loyalty.refresh_stale(db) == 1
    assert loyalty.lots_mismatches(db) == []
    assert db.execute("SELECT remaining FROM points_lots").fetchall() == [(70,)]
    db.close()


def test_bulk_writes_keep_the_cache_right(demo_db, actor, monkeypatch):
    """The bulk paths (triggers and indexes off, lots rebuilt in one pass) give the
    same lots as a replay."""
    monkeypatch.setattr("app.loyalty.jobs.BULK_ROWS", 1)
    monkeypatch.setattr("app.loyalty.lots.BULK_MEMBERS", 1)
    db = demo_db
    first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
    loyalty.save_rules(
        db, actor=actor, rules={**loyalty.default_rules(db).__dict__, "expiry_months": 12},
        effective_from=first,
    )  # fmt: skip
    loyalty.backfill(db, actor=actor)
    consistent(db)
    assert loyalty.expire_points(db, actor=actor, today=TODAY).touches("points_ledger")
    consistent(db)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"points_lots_earn", "points_lots_expire", "points_lots_other"} <= names
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_ledger_once", "idx_ledger_member", "idx_points_lots_member"} <= indexes
    assert loyalty.rebuild_lots(db) > 0
    consistent(db)


def test_an_opening_balance_cannot_expire_before_it_was_earned(started, actor):
    with pytest.raises(ValidationError) as exc:
        loyalty.add_opening_balance(
            started,
            actor=actor,
            member_id=mk(started, actor, "许多"),
            points=10,
            at="2025-05-01",
            expires_at="2025-04-30",
        )
    assert codes(exc.value) == {"expires_at": "expires_before_earned"}


def test_the_command_line_checks_the_cache_and_the_tiers(started, actor, db_path, capsys):
    from app import cli

    mid = mk(started, actor, "孔明")
    sale(started, actor, mid, 50_000)
    started.execute("UPDATE members SET tier = 'diamond' WHERE id = ?", [mid])
    assert cli.main(["points-check", "--db", str(db_path)]) == 2
    assert "tier_mismatches: 1" in capsys.readouterr().out
    assert cli.main(["tiers-review", "--db", str(db_path), "--json"]) == 0
    assert cli.main(["points-check", "--db", str(db_path)]) == 0
    assert cli.main(["points-expire", "--db", str(db_path)]) == 0


def test_a_big_expiry_commits_group_by_group_and_an_interrupted_run_is_finished_next_time(
    demo_db, actor, monkeypatch
):
    monkeypatch.setattr("app.loyalty.jobs.EXPIRY_CHUNK_MEMBERS", 7)
    db = demo_db
    first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
    loyalty.save_rules(
        db, actor=actor, rules={**loyalty.default_rules(db).__dict__, "expiry_months": 12},
        effective_from=first,
    )  # fmt: skip
    loyalty.backfill(db, actor=actor)
    today = TODAY.isoformat()
    due = db.execute(
        "SELECT COUNT(DISTINCT member_id) FROM points_lots WHERE expires_at < ?", [today]
    ).fetchone()[0]
    assert due > 20  # several groups

    seen: list[tuple[int, int]] = []

    def stop_after_two_groups(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        loyalty.expire_points(db, actor=actor, today=TODAY, on_progress=stop_after_two_groups)
    assert seen == [(7, due), (14, due)]
    # the first group is kept, the second rolled back with the interruption
    left = db.execute(
        "SELECT COUNT(DISTINCT member_id) FROM points_lots WHERE expires_at < ?", [today]
    ).fetchone()[0]
    assert left == due - 7
    consistent(db)
    changes = loyalty.expire_points(db, actor=actor, today=TODAY)
    assert len(changes.member_ids) == due - 7
    assert (
        db.execute("SELECT COUNT(*) FROM points_lots WHERE expires_at < ?", [today]).fetchone()[0]
        == 0
    )
    consistent(db)
    assert not loyalty.expire_points(db, actor=actor, today=TODAY)  # idempotent


# ------------------------------------------------------------------ starting the programme


def _tier_at(history: dict[int, list[tuple[str, str | None, str]]], mid: int, at: str, now: str):
    """The tier a member held just before ``at``: the last change before it, else the
    tier before the first change after it, else today's tier."""
    changes = history.get(mid, [])
    before = [to for when, _frm, to in changes if when < at]
    if before:
        return before[-1]
    after = [frm for when, frm, _to in changes if when >= at]
    return (after[0] if after else None) or now


def test_a_first_version_from_the_first_purchase_awards_every_past_sale_and_says_how_many(
    demo_db, actor
):
    """The loyalty start trap (issue #17): the first version dated today made the
    backfill award nothing for thousands of past sales. History starts on the date the
    first version asks for; the backfill awards what those rules give (the tier
    multiplier of the tier held at each sale) and counts the sales and points."""
    db = demo_db
    first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
    assert loyalty.history_start(db) == D.fromisoformat(first)
    # a first version dated after every sale gives the past nothing: backfill says so
    later = TODAY + dt.timedelta(days=1)
    loyalty.save_rules(db, actor=actor, rules=loyalty.default_rules(db), effective_from=later)
    ch = loyalty.backfill(db, actor=actor, today=TODAY)
    past = db.execute("SELECT COUNT(*) FROM purchases WHERE return_of IS NULL").fetchone()[0]
    assert past > 1000
    assert ch.sales == 0 and ch.points == 0 and ch.not_covered == past
    # while the ledger is empty the first version may still be dated back
    rules = loyalty.default_rules(db)
    loyalty.save_rules(db, actor=actor, rules=rules, effective_from=first)
    # a member who moved up and down: the tier at each sale decides the multiplier
    mid, n = db.execute(
        "SELECT member_id, COUNT(*) FROM purchases WHERE return_of IS NULL "
        "GROUP BY member_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    ats = [r[0] for r in db.execute(
        "SELECT at FROM purchases WHERE member_id = ? AND return_of IS NULL ORDER BY at", [mid]
    )]  # fmt: skip
    db.execute(
        "INSERT INTO tier_history (member_id, at, from_tier, to_tier, reason) VALUES "
        "(?, ?, 'normal', 'gold', 'upgrade'), (?, ?, 'gold', 'silver', 'review')",
        [mid, ats[n // 3], mid, ats[2 * n // 3]],
    )
    ch = loyalty.backfill(db, actor=actor, today=TODAY)
    history: dict[int, list[tuple[str, str | None, str]]] = {}
    for m, at, frm, to in db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY member_id, at, id"
    ):
        history.setdefault(m, []).append((at, frm, to))
    want = {}
    for pid, m, at, paid, tier in db.execute(
        "SELECT p.id, p.member_id, p.at, p.paid_fen, m.tier FROM purchases p "
        "JOIN members m ON m.id = p.member_id WHERE p.return_of IS NULL"
    ):
        pts = loyalty.points_for_paid(paid, rules, _tier_at(history, m, at, tier))
        if pts > 0:
            want[pid] = pts
    got = dict(
        db.execute("SELECT ref_id, delta FROM points_ledger WHERE reason = 'spend'").fetchall()
    )
    assert got == want
    mine = [got.get(db.execute(  # the member's sales before, between and after the changes
        "SELECT id FROM purchases WHERE member_id = ? AND at = ?", [mid, at]).fetchone()[0])
        for at in (ats[0], ats[n // 2], ats[-1])]  # fmt: skip
    assert all(x is not None for x in mine)
    assert ch.sales == len(want)  # points: spend and referral less the returns' clawback
    assert ch.points == db.execute("SELECT SUM(delta) FROM points_ledger").fetchone()[0]
    assert ch.not_covered == 0 and ch.since == D.fromisoformat(first)
    consistent(db)
    again = loyalty.backfill(db, actor=actor, today=TODAY)
    assert not again and again.sales == 0 and again.points == 0


def test_a_later_version_may_not_rewrite_history(demo_db, actor):
    db = demo_db
    first = loyalty.history_start(db)
    loyalty.save_rules(db, actor=actor, rules=loyalty.default_rules(db), effective_from=first)
    loyalty.backfill(db, actor=actor, today=TODAY)
    n = db.execute("SELECT COUNT(*), SUM(delta) FROM points_ledger").fetchone()
    richer = {**loyalty.default_rules(db).__dict__, "fen_per_point": 100}
    with pytest.raises(ValidationError) as exc:
        loyalty.save_rules(db, actor=actor, rules=richer, effective_from=first, today=TODAY)
    assert codes(exc.value) == {"effective_from": "effective_in_past"}
    loyalty.save_rules(db, actor=actor, rules=richer, effective_from=TODAY, today=TODAY)
    assert not loyalty.backfill(db, actor=actor, today=TODAY)
    assert db.execute("SELECT COUNT(*), SUM(delta) FROM points_ledger").fetchone() == n
