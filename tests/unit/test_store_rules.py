"""The store's rules form (app.settings.EDITABLE / save_rules): checked as a whole, the
owner's only, only changed values written, each save audited."""

from __future__ import annotations

import pytest

from app import settings
from app.core import Actor, PermissionDenied, ValidationError

OWNER = Actor(user_id=None, name="店主", role="owner")
MANAGER = Actor(user_id=None, name="店长", role="manager")


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'rule_change'").fetchone()[0]


def test_every_editable_setting_has_a_default_words_and_a_known_group():
    for spec in settings.EDITABLE:
        assert spec.key.split(":")[0] in settings.DEFAULTS, spec.key
        assert spec.group in settings.GROUPS
        assert spec.zh and spec.en and spec.low <= spec.high
        default = settings.DEFAULTS[spec.key.split(":")[0]]
        if spec.kind == "int":
            assert spec.low <= default <= spec.high, spec.key


def test_the_owner_saves_only_what_changed_and_it_is_audited(db):
    values = settings.editable_values(db)
    assert not settings.save_rules(db, actor=OWNER, values=values)  # nothing changed
    assert audit_count(db) == 0
    values["feedback_complaint_overdue_days"] = 5
    values["store_name"] = "  林家布艺  "
    changes = settings.save_rules(db, actor=OWNER, values=values)
    assert changes.touches("settings")
    assert settings.get(db, "feedback_complaint_overdue_days") == 5
    assert settings.get(db, "store_name") == "林家布艺"
    summary = db.execute(
        "SELECT summary FROM audit_log WHERE action = 'rule_change' ORDER BY id DESC"
    ).fetchone()[0]
    assert summary == "feedback_complaint_overdue_days, store_name"


def test_every_problem_is_reported_at_once_and_nothing_is_written(db):
    before = settings.editable_values(db)
    bad = {
        **before,
        "calllist_max_attempts": 0,
        "store_name": "",
        "backup_interval_hours": "abc",
        "member_no_prefix": "TOOLONGPREFIX",
    }
    with pytest.raises(ValidationError) as exc:
        settings.save_rules(db, actor=OWNER, values=bad)
    codes = {e.field: e.code for e in exc.value.errors}
    assert codes == {
        "calllist_max_attempts": "int_out_of_range",
        "store_name": "required",
        "backup_interval_hours": "int_invalid",
        "member_no_prefix": "too_long",
    }
    attempts = next(e for e in exc.value.errors if e.field == "calllist_max_attempts")
    assert attempts.message("zh") == "应在 1 到 10 之间"
    assert settings.editable_values(db) == before
    with pytest.raises(ValidationError) as exc:
        settings.save_rules(
            db, actor=OWNER, values={"lifecycle_dormant_days": 400, "lifecycle_lost_days": 365}
        )
    assert [(e.field, e.code) for e in exc.value.errors] == [
        ("lifecycle_lost_days", "lost_before_dormant")
    ]
    with pytest.raises(ValueError):
        settings.save_rules(db, actor=OWNER, values={"loyalty_daily_last_run": "x"})


def test_only_the_owner_changes_the_rules(db):
    with pytest.raises(PermissionDenied):
        settings.save_rules(db, actor=MANAGER, values={"feedback_winback_days": 60})
    assert settings.get(db, "feedback_winback_days") == 90


def test_every_rule_the_readme_calls_editable_is_on_the_form():
    keys = {spec.key.split(":")[0] for spec in settings.EDITABLE}
    assert {
        "segments_pyramid_layers",
        "clv_margin",
        "clv_discount_rate",
        "clv_horizon_months",
        "clv_acquisition_cost_fen",
        "calllist_festival_tiers",
        "calllist_dormant_days",
        "lifecycle_dormant_days",
        "lifecycle_lost_days",
        "lifecycle_new_days",
    } <= keys


def test_percent_yuan_day_lists_tiers_and_pyramid_layers_are_stored_in_their_units(db):
    values = settings.editable_values(db)
    assert values["clv_discount_rate"] == 12 and values["clv_margin"] == 40
    assert values["segments_pyramid_layers:gold"] == 19
    assert values["calllist_dormant_days"] == [180, 365]
    values.update(
        {
            "clv_margin": 35.5,
            "clv_acquisition_cost_fen": 3000,
            "calllist_dormant_days": "400, 90，200",
            "calllist_festival_tiers": ["diamond", "silver"],
            "segments_pyramid_layers:platinum": 2,
            "segments_pyramid_layers:iron": 28,
        }
    )
    changes = settings.save_rules(db, actor=OWNER, values=values)
    assert changes.touches("settings")
    assert settings.get(db, "clv_margin") == 0.355
    assert settings.get(db, "clv_acquisition_cost_fen") == 300000
    assert settings.get(db, "calllist_dormant_days") == [90, 200, 400]
    tiers = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
    assert settings.get(db, "calllist_festival_tiers") == [
        t for t in tiers if t in ("diamond", "silver")
    ]
    assert settings.get(db, "segments_pyramid_layers") == [
        ["platinum", 0.02],
        ["gold", 0.19],
        ["iron", 0.28],
    ]
    from app.analytics import Rules

    assert Rules.load(db).pyramid_layers == (("platinum", 0.02), ("gold", 0.19), ("iron", 0.28))
    assert settings.editable_values(db)["clv_acquisition_cost_fen"] == 3000


def test_new_rules_are_checked_against_their_limits_naming_the_field(db):
    values = settings.editable_values(db)
    bad = {
        **values,
        "clv_discount_rate": 150,
        "clv_margin": "abc",
        "calllist_dormant_days": "10, 365",
        "calllist_festival_tiers": ["emperor"],
        "clv_acquisition_cost_fen": -1,
    }
    with pytest.raises(ValidationError) as exc:
        settings.save_rules(db, actor=OWNER, values=bad)
    codes = {e.field: e.code for e in exc.value.errors}
    assert codes == {
        "clv_discount_rate": "int_out_of_range",
        "clv_margin": "number_invalid",
        "calllist_dormant_days": "int_out_of_range",
        "calllist_festival_tiers": "choice_invalid",
        "clv_acquisition_cost_fen": "int_out_of_range",
    }
    too_big = {**values, "segments_pyramid_layers:iron": 85}
    with pytest.raises(ValidationError) as exc:
        settings.save_rules(db, actor=OWNER, values=too_big)
    assert [(e.field, e.code) for e in exc.value.errors] == [
        ("segments_pyramid_layers:iron", "shares_too_big")
    ]
    zero = {**values, "segments_pyramid_layers:gold": 0}
    with pytest.raises(ValidationError) as exc:
        settings.save_rules(db, actor=OWNER, values=zero)
    assert exc.value.errors[0].message("zh") == "每层的比例应大于 0"
    assert settings.editable_values(db) == values
    with pytest.raises(ValidationError):
        settings.save_rules(db, actor=OWNER, values={"calllist_dormant_days": ""})


def test_the_textbook_clv_case_through_the_settings(db):
    """The seeds' exercise: acquisition cost 3,000 and a 12% discount rate. Entered on
    the form, the CLV rules the analysis uses give 1,000 a year for five years a value
    of 3,604.78 today and a CLV of 604.78; the forecast's CLV subtracts the same cost."""
    import numpy as np

    from app.analytics import Rules
    from app.analytics import forecast as clv

    values = settings.editable_values(db)
    values.update({"clv_acquisition_cost_fen": 3000, "clv_discount_rate": 12})
    settings.save_rules(db, actor=OWNER, values=values)
    rules = Rules.load(db).clv_rules()
    assert (rules.acquisition_cost_fen, rules.annual_rate) == (300000, 0.12)
    got = clv.npv([1000] * 5, rules.annual_rate, rules.acquisition_cost_fen / 100)
    assert got == pytest.approx(604.776, abs=1e-3)
    # the per-customer CLV: margin × expected spend × discounted purchases − 3,000 yuan
    rng = np.random.default_rng(9)
    T = rng.uniform(30, 900, 2000)
    x, tx = clv.simulate_bgnbd(clv.BgNbd(0.8, 30.0, 0.7, 4.0), T, rng)
    m = np.where(
        x > 0, clv.simulate_gamma_gamma(clv.GammaGamma(5, 4, 400), np.maximum(x, 1), rng), np.nan
    )
    fc = clv.forecast(x, tx, T, m, rules)
    chosen = fc.pareto if fc.model == "pareto_nbd" else fc.bgnbd  # the model that forecasts
    det = clv.discounted_transactions(
        chosen,
        x,
        tx,
        T,
        horizon_days=rules.horizon_months * clv.DAYS_PER_MONTH,
        annual_rate=0.12,
    )
    np.testing.assert_allclose(fc.clv_fen, rules.margin * fc.expected_spend * 100 * det - 300000)


def test_archive_freshness_is_a_store_rule_that_the_stale_list_follows(db):
    """Issue #19: ``archive_fresh_months`` is edited with the customer-state rules,
    checked against 1–60 months, and the stale-archive list reads it."""
    import datetime as dt

    from app.members import create_member
    from app.service import freshness

    spec = next(e for e in settings.EDITABLE if e.key == "archive_fresh_months")
    assert spec.group == "customers" and (spec.low, spec.high) == (1, 60)
    mid = create_member(db, actor=OWNER, data={"name": "王芳"}).created_id
    db.execute("UPDATE members SET created_at = '2026-03-01T10:00:00' WHERE id = ?", [mid])
    db.conn.commit()
    today = dt.date(2026, 11, 1)
    assert freshness.stale_members(db, today=today) == []  # 12 months by default
    values = settings.editable_values(db)
    with pytest.raises(ValidationError) as exc:
        settings.save_rules(db, actor=OWNER, values={**values, "archive_fresh_months": 0})
    assert [(e.field, e.code) for e in exc.value.errors] == [
        ("archive_fresh_months", "int_out_of_range")
    ]
    settings.save_rules(db, actor=OWNER, values={**values, "archive_fresh_months": 6})
    assert [r["id"] for r in freshness.stale_members(db, today=today)] == [mid]
