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
        assert spec.key in settings.DEFAULTS, spec.key
        assert spec.group in settings.GROUPS
        assert spec.zh and spec.en and spec.low <= spec.high
        default = settings.DEFAULTS[spec.key]
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
