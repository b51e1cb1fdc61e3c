"""app/auth.py: argon2id hashes, the owner's first account, sign-in with its audit
entries and throttle, and account administration."""

from __future__ import annotations

import datetime as dt

import pytest

from app import auth
from app.core import SYSTEM, Actor, PermissionDenied, ValidationError

T0 = dt.datetime(2026, 11, 22, 9, 0, 0)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    """argon2id with small costs: the real ones (64 MiB, 3 passes) take a second per
    hash on a busy test machine. The production parameters are tested on their own."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def owner(db) -> Actor:
    auth.setup_owner(
        db, actor=SYSTEM, username="boss", display_name="陈店主", password="owner-pass"
    )
    return auth.login(db, username="boss", password="owner-pass", at=T0)


def _last_audit(db):
    return db.execute(
        "SELECT action, entity, entity_id, user_id, summary FROM audit_log ORDER BY id DESC"
    ).fetchone()


def test_production_hashes_are_argon2id_with_the_library_defaults(monkeypatch):
    from argon2 import PasswordHasher, Type

    monkeypatch.undo()  # the real hasher, not the fast one
    assert auth._hasher.type is Type.ID
    assert auth._hasher.memory_cost >= PasswordHasher().memory_cost >= 19 * 1024
    assert auth.hash_password("secret1").startswith("$argon2id$v=19$m=")


def test_password_hash_is_argon2id_salted_and_verifies():
    h1, h2 = auth.hash_password("secret1"), auth.hash_password("secret1")
    assert h1.startswith("$argon2id$") and h1 != h2
    assert auth.verify_password(h1, "secret1")
    assert not auth.verify_password(h1, "secret2")
    assert not auth.verify_password(None, "secret1")
    assert not auth.verify_password("not a hash", "secret1")


def test_new_store_needs_an_owner_until_one_has_a_password(db):
    assert auth.needs_owner(db)
    with pytest.raises(ValidationError) as err:
        auth.setup_owner(db, actor=SYSTEM, username="", display_name="", password="123")
    assert {e.field for e in err.value.errors} == {"username", "display_name", "password"}
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈", password="abcdef")
    assert not auth.needs_owner(db)
    row = db.execute("SELECT role, password_hash FROM users WHERE username = 'boss'").fetchone()
    assert row[0] == "owner" and row[1].startswith("$argon2id$") and "abcdef" not in row[1]
    # afterwards only an owner may do it again
    with pytest.raises(PermissionDenied):
        auth.setup_owner(
            db,
            actor=Actor(None, "c", "clerk"),
            username="boss2",
            display_name="x",
            password="abcdef",
        )


def test_demo_store_owner_keeps_its_account_and_staff_get_demo_password(demo_db):
    from app.demo import USERS

    assert auth.needs_owner(demo_db)
    owner = auth.passwordless_owner(demo_db)
    assert owner is not None and owner["display_name"] == USERS[0][1]
    auth.set_demo_passwords(demo_db, actor=SYSTEM)
    auth.setup_owner(
        demo_db, actor=SYSTEM, username="owner", display_name=USERS[0][1], password="chosen1"
    )
    assert demo_db.execute("SELECT COUNT(*) FROM users WHERE role = 'owner'").fetchone()[0] == 1
    who = auth.login(demo_db, username="owner", password="chosen1")
    assert who.role == "owner" and who.user_id == owner["id"]
    for username, display, role in USERS[1:]:
        actor = auth.login(demo_db, username=username, password=auth.DEMO_PASSWORD)
        assert (actor.name, actor.role) == (display, role)
    with pytest.raises(auth.LoginFailed):
        auth.login(demo_db, username="owner", password=auth.DEMO_PASSWORD)


def test_demo_passwords_made_beforehand_are_the_ones_stored_and_they_sign_in(demo_db):
    from app.demo import USERS

    hashes = auth.demo_password_hashes_meanwhile().result()  # (as the demo makers do)
    assert len({h for pair in hashes for h in pair}) == 2 * len(auth.DEMO_STAFF)  # own salts
    with pytest.raises(ValueError, match="distinct pair"):
        auth.set_demo_passwords(demo_db, actor=SYSTEM, hashes=[hashes[0]] * len(hashes))
    auth.set_demo_passwords(demo_db, actor=SYSTEM, hashes=hashes)
    stored = demo_db.execute(
        "SELECT password_hash, pin_hash FROM users WHERE password_hash IS NOT NULL ORDER BY id"
    ).fetchall()
    assert sorted(tuple(r) for r in stored) == sorted(hashes)
    for username, display, _role in USERS[1:]:
        actor = auth.login(demo_db, username=username, password=auth.DEMO_PASSWORD)
        assert actor.name == display
        switched = auth.switch_by_pin(
            demo_db, from_actor=actor, user_id=actor.user_id, pin=auth.DEMO_PIN
        )
        assert switched.user_id == actor.user_id


def test_login_is_audited_and_wrong_password_or_unknown_name_look_the_same(db, owner):
    assert owner.role == "owner" and owner.name == "陈店主"
    assert _last_audit(db)[:4] == ("login", "user", owner.user_id, owner.user_id)
    with pytest.raises(auth.LoginFailed) as wrong:
        auth.login(db, username="boss", password="nope", at=T0)
    assert wrong.value.code == "bad_credentials"
    assert _last_audit(db)[:3] == ("login_failed", "user", owner.user_id)
    with pytest.raises(auth.LoginFailed) as unknown:
        auth.login(db, username="nobody", password="nope", at=T0)
    assert unknown.value.code == "bad_credentials"
    assert _last_audit(db)[0] == "login_failed" and "nobody" in _last_audit(db)[4]


def test_repeated_failures_lock_the_name_for_a_growing_while(db, owner):
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(auth.LoginFailed) as exc:
            auth.login(db, username="boss", password="bad", at=T0 + dt.timedelta(seconds=i))
        assert exc.value.code == "bad_credentials"
    last = T0 + dt.timedelta(seconds=auth.FREE_FAILURES - 1)
    # even the right password waits now, and the refusal says how long
    with pytest.raises(auth.LoginFailed) as locked:
        auth.login(db, username="BOSS", password="owner-pass", at=last + dt.timedelta(seconds=5))
    assert locked.value.code == "locked" and 0 < locked.value.wait_s <= auth.LOCKOUT_BASE_S
    after = last + dt.timedelta(seconds=auth.LOCKOUT_BASE_S + 1)
    with pytest.raises(auth.LoginFailed):  # one more failure doubles the wait
        auth.login(db, username="boss", password="bad", at=after)
    with pytest.raises(auth.LoginFailed) as again:
        auth.login(
            db,
            username="boss",
            password="owner-pass",
            at=after + dt.timedelta(seconds=auth.LOCKOUT_BASE_S + 1),
        )
    assert again.value.code == "locked"
    ok_at = after + dt.timedelta(seconds=2 * auth.LOCKOUT_BASE_S + 1)
    assert auth.login(db, username="boss", password="owner-pass", at=ok_at).role == "owner"
    # success clears the counter
    with pytest.raises(auth.LoginFailed) as fresh:
        auth.login(db, username="boss", password="bad", at=ok_at)
    assert fresh.value.code == "bad_credentials"
    assert auth.lockout_seconds(100) == auth.LOCKOUT_MAX_S


def test_owner_adds_resets_and_deactivates_users(db, owner):
    uid = auth.add_user(
        db, actor=owner, username="li", display_name="李娜", role="clerk", password="clerk-1"
    ).created_id
    clerk = auth.login(db, username="li", password="clerk-1")
    assert clerk.role == "clerk" and clerk.user_id == uid
    with pytest.raises(ValidationError) as dup:
        auth.add_user(db, actor=owner, username="LI", display_name="x", role="boss", password="123")
    assert {e.code for e in dup.value.errors} == {
        "username_taken",
        "choice_invalid",
        "password_too_short",
    }
    with pytest.raises(PermissionDenied):
        auth.reset_password(db, actor=clerk, user_id=uid, password="whatever")
    auth.reset_password(db, actor=owner, user_id=uid, password="new-pass")
    with pytest.raises(auth.LoginFailed):
        auth.login(db, username="li", password="clerk-1")
    assert auth.login(db, username="li", password="new-pass").user_id == uid
    auth.set_active(db, actor=owner, user_id=uid, active=False)
    with pytest.raises(auth.LoginFailed) as off:
        auth.login(db, username="li", password="new-pass")
    assert off.value.code == "inactive"
    listed = {u["username"]: u for u in auth.list_users(db)}
    assert listed["li"]["active"] is False and listed["boss"]["last_login_at"]
    auth.update_user(db, actor=owner, user_id=uid, role="manager", display_name="李娜娜")
    auth.set_active(db, actor=owner, user_id=uid, active=True)
    assert auth.login(db, username="li", password="new-pass").role == "manager"
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE entity = 'user'")]
    for action in ("user_add", "user_password", "user_deactivate", "user_update"):
        assert action in actions


def test_the_last_owner_cannot_be_deactivated_or_demoted_nor_oneself(db, owner):
    with pytest.raises(ValidationError) as own:
        auth.set_active(db, actor=owner, user_id=owner.user_id, active=False)
    assert own.value.errors[0].code == "deactivate_self"
    with pytest.raises(ValidationError) as last:
        auth.set_active(db, actor=SYSTEM, user_id=owner.user_id, active=False)
    assert last.value.errors[0].code == "last_owner"
    with pytest.raises(ValidationError):
        auth.update_user(db, actor=owner, user_id=owner.user_id, role="clerk")


def test_change_own_password_needs_the_current_one(db, owner):
    with pytest.raises(ValidationError) as bad:
        auth.change_own_password(db, actor=owner, old_password="x", new_password="brand-new")
    assert bad.value.errors[0].code == "password_wrong"
    auth.change_own_password(db, actor=owner, old_password="owner-pass", new_password="brand-new")
    assert auth.login(db, username="boss", password="brand-new").role == "owner"


def test_cli_set_password_is_the_way_back_in(db, db_path, owner, monkeypatch, capsys):
    import io

    from app.cli import main

    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("forgotten-no-more\n"))
    assert main(["set-password", "--db", str(db_path), "--user", "boss", "--password-stdin"]) == 0
    from app.db import open_db

    again = open_db(db_path)
    try:
        assert auth.login(again, username="boss", password="forgotten-no-more").role == "owner"
    finally:
        again.close()


def test_cli_demo_store_staff_sign_in_with_demo_and_the_owner_still_needs_a_password(tmp_path):
    from app.cli import main
    from app.db import open_db

    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path), "--members", "20", "--purchases", "50"]) == 0
    db = open_db(path)
    try:
        assert auth.login(db, username="clerk1", password=auth.DEMO_PASSWORD).role == "clerk"
        assert auth.login(db, username="manager", password=auth.DEMO_PASSWORD).role == "manager"
        with pytest.raises(auth.LoginFailed) as exc:
            auth.login(db, username="owner", password=auth.DEMO_PASSWORD)
        assert exc.value.code == "no_password"
        assert auth.needs_owner(db)
    finally:
        db.close()


def test_a_refusal_while_locked_is_audited_without_growing_the_wait(db, owner):
    for i in range(auth.FREE_FAILURES + 1):
        with pytest.raises(auth.LoginFailed):
            auth.login(db, username="boss", password="bad", at=T0 + dt.timedelta(seconds=i))
    failures = db.execute("SELECT failures FROM login_throttle").fetchone()[0]
    before = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    with pytest.raises(auth.LoginFailed) as locked:
        auth.login(db, username="boss", password="owner-pass", at=T0 + dt.timedelta(seconds=9))
    assert locked.value.code == "locked"
    assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == before + 1
    action, entity, entity_id, _user, summary = _last_audit(db)
    assert (action, entity, entity_id) == ("login_failed", "user", owner.user_id)
    assert "locked" in summary
    assert db.execute("SELECT failures FROM login_throttle").fetchone()[0] == failures


def test_demo_staff_passwords_are_hashed_each_with_its_own_salt(demo_db):
    auth.set_demo_passwords(demo_db, actor=SYSTEM)
    hashes = [
        r[0]
        for r in demo_db.execute(
            "SELECT password_hash FROM users WHERE password_hash IS NOT NULL"
        ).fetchall()
    ]
    assert len(hashes) >= 4 and len(set(hashes)) == len(hashes)
    assert all(auth.verify_password(h, auth.DEMO_PASSWORD) for h in hashes)
