"""Issue #20 item 8: quick clerk switching by name + PIN (4–6 digits, hashed like
passwords, set by the user or the owner), audited, with the sign-in wait."""

from __future__ import annotations

import pytest

from app import auth, migrations, settings
from app.core import SYSTEM, PermissionDenied, ValidationError
from app.db import open_db


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def staff(db):
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈店主", password="pw-owner1")
    owner = auth.login(db, username="boss", password="pw-owner1")
    ids = {}
    for name, shown in (("li", "李娜"), ("zhao", "赵敏")):
        ids[name] = auth.add_user(
            db,
            actor=owner,
            username=name,
            display_name=shown,
            role="clerk",
            password="pw-" + name + "123",
        ).created_id
    li = auth.login(db, username="li", password="pw-li123")
    return owner, li, ids


def test_a_pin_is_set_by_its_user_or_the_owner_and_stored_hashed(db, staff):
    owner, li, ids = staff
    auth.set_pin(db, actor=li, user_id=li.user_id, pin="2468")
    stored = db.execute("SELECT pin_hash FROM users WHERE id = ?", [li.user_id]).fetchone()[0]
    assert stored.startswith("$argon2") and "2468" not in stored
    with pytest.raises(PermissionDenied):
        auth.set_pin(db, actor=li, user_id=ids["zhao"], pin="1357")
    auth.set_pin(db, actor=owner, user_id=ids["zhao"], pin="135790")
    for bad in ("123", "1234567", "12a4", "", "12 34"):
        with pytest.raises(ValidationError) as err:
            auth.set_pin(db, actor=li, user_id=li.user_id, pin=bad)
        assert err.value.errors[0].code == "pin_format"
    # full-width digits are digits (NFKC)
    auth.set_pin(db, actor=li, user_id=li.user_id, pin="２４６８")
    assert auth.switch_by_pin(db, from_actor=owner, user_id=li.user_id, pin="2468") == li
    entries = db.execute(
        "SELECT action, detail FROM audit_log WHERE action IN ('user_password', 'switch_user')"
    ).fetchall()
    assert [a for a, _ in entries].count("switch_user") == 1
    assert all("2468" not in (d or "") for _, d in entries)


def test_switching_by_pin_refuses_a_wrong_pin_audited_and_then_waits(db, staff):
    owner, li, _ids = staff
    auth.set_pin(db, actor=li, user_id=li.user_id, pin="2468")
    for _ in range(auth.FREE_FAILURES):
        with pytest.raises(auth.LoginFailed) as err:
            auth.switch_by_pin(db, from_actor=owner, user_id=li.user_id, pin="0000")
        assert err.value.code == "bad_pin"
    with pytest.raises(auth.LoginFailed) as err:
        auth.switch_by_pin(db, from_actor=owner, user_id=li.user_id, pin="2468")
    assert err.value.code == "locked" and err.value.wait_s > 0
    failed = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'")
    assert failed.fetchone()[0] == auth.FREE_FAILURES + 1


def test_a_user_without_a_pin_cannot_switch_by_pin(db, staff):
    owner, li, _ids = staff
    with pytest.raises(auth.LoginFailed) as err:
        auth.switch_by_pin(db, from_actor=owner, user_id=li.user_id, pin="2468")
    assert err.value.code == "no_pin"
    users = {u["display_name"]: u["has_pin"] for u in auth.switch_list(db)}
    assert users == {"陈店主": False, "李娜": False, "赵敏": False}


def test_auto_lock_setting_defaults_to_ten_minutes_and_zero_turns_it_off(db):
    assert settings.get(db, "auto_lock_minutes") == 10
    settings.set_many(db, actor=SYSTEM, values={"auto_lock_minutes": 0})
    assert settings.get(db, "auto_lock_minutes") == 0


def test_m023_adds_the_pin_column_to_an_old_store_keeping_its_users(tmp_path):
    db = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="m023_user_pin")
    db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('li', '李娜', 'clerk', '2026-01-01T09:00:00')"
    )
    migrations.apply(db)
    assert db.execute("SELECT username, pin_hash FROM users").fetchall() == [("li", None)]


def test_the_demo_staff_get_a_pin_each_with_its_own_salt(demo_db):
    auth.set_demo_passwords(demo_db, actor=SYSTEM)
    staff = [u for u in auth.switch_list(demo_db) if u["role"] != "owner"]
    assert staff and all(u["has_pin"] for u in staff)
    hashes = [
        r[0] for r in demo_db.execute("SELECT pin_hash FROM users WHERE pin_hash IS NOT NULL")
    ]
    assert len(set(hashes)) == len(hashes) == len(staff)
    clerk = staff[0]
    got = auth.switch_by_pin(demo_db, from_actor=SYSTEM, user_id=clerk["id"], pin=auth.DEMO_PIN)
    assert got.user_id == clerk["id"]
