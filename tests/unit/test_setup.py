"""The first-day set-up (#20): one action saves the store's name and code, the
member-number prefix, the tiers and the backup folder, all or nothing, and a new store
is no longer called 贵宾管家示范店."""

from __future__ import annotations

import pytest

from app import loyalty, settings, setup
from app.core import SYSTEM, Actor, PermissionDenied, ValidationError
from app.db import open_db


def test_a_new_empty_store_has_a_neutral_name_and_asks_for_set_up(tmp_path):
    db = open_db(tmp_path / "new.db")
    assert settings.get(db, "store_name") != "贵宾管家示范店"
    assert setup.needs_setup(db)


def _tiers(db, spends):
    return [
        {**t, "min_spend_fen": fen} for t, fen in zip(loyalty.list_tiers(db), spends, strict=True)
    ]


def test_the_set_up_saves_everything_in_one_action(db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    changes = setup.complete_setup(
        db,
        actor=SYSTEM,
        store={"store_name": "丽人服饰", "store_code": "LR01", "member_no_prefix": "LR"},
        tiers=_tiers(db, [0, 200000, 500000, 1000000]),
        backup={"backup_copy_folder": str(usb), "backup_interval_hours": 2},
    )
    assert changes.touches("settings") and changes.touches("tiers")
    assert settings.get(db, "store_name") == "丽人服饰"
    assert settings.get(db, "store_code") == "LR01"
    assert settings.get(db, "member_no_prefix") == "LR"
    assert settings.get(db, "backup_copy_folder") == str(usb)
    assert [t["min_spend_fen"] for t in loyalty.list_tiers(db)] == [0, 200000, 500000, 1000000]
    assert not setup.needs_setup(db)


def test_a_bad_field_saves_nothing_and_names_the_field(db):
    before = settings.get(db, "store_name")
    with pytest.raises(ValidationError) as caught:
        setup.complete_setup(
            db,
            actor=SYSTEM,
            store={"store_name": "新店", "store_code": "X", "member_no_prefix": "X"},
            tiers=_tiers(db, [0, 500000, 200000, 1000000]),  # thresholds must rise
            backup={},
        )
    assert any(e.field.startswith("tiers") for e in caught.value.errors)
    assert settings.get(db, "store_name") == before
    assert setup.needs_setup(db)


def test_only_the_owner_sets_the_store_up(db):
    clerk = Actor(7, "clerk1", "clerk")
    with pytest.raises(PermissionDenied):
        setup.complete_setup(db, actor=clerk, store={"store_name": "新店"}, tiers=[], backup={})


def test_a_store_with_members_never_asks(demo_db):
    assert not setup.needs_setup(demo_db)
