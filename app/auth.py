"""Sign-in and user accounts (``users``): argon2id password hashes, the owner's first
account, adding users, resetting passwords, deactivating, and a throttle on repeated
failed sign-ins.

* Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher`` defaults: 3
  passes, 64 MiB, a random salt per hash); the hash string carries its parameters, so
  a hash made with older parameters is upgraded at the next successful sign-in.
* A store has exactly one way in at first: :func:`needs_owner` is true until an active
  owner account has a password, and the app then asks for the owner's name and
  password (:func:`setup_owner`) before anything else. The demo store's staff accounts
  get the password ``demo`` (:func:`set_demo_passwords`); its owner account gets the
  password the person typed on first start.
* :func:`login` audits every attempt (``login`` / ``login_failed``). After
  ``FREE_FAILURES`` consecutive failures for one user name (known or not) the name must
  wait ``lockout_seconds(failures)`` after the last failure — 30 s, doubling each time,
  at most 15 minutes — even across restarts of the app (``login_throttle``).
* Accounts are never deleted (purchases and the audit log name them); deactivated ones
  cannot sign in. The last active owner cannot be deactivated or demoted.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import Future
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app import audit, permissions
from app.core import ROLES, SYSTEM, Actor, Changes, FieldError, NotFound, ValidationError
from app.normalize import name_pinyin

PASSWORD_MIN = 6
PASSWORD_MAX = 128
USERNAME_MAX = 40
DISPLAY_NAME_MAX = 40
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
FREE_FAILURES = 5  # failed sign-ins before a user name has to wait
LOCKOUT_BASE_S = 30
LOCKOUT_MAX_S = 15 * 60
DEMO_PASSWORD = "demo"
DEMO_PIN = "1234"  # the demo staff's lock-screen PIN (issue #20), set with the password
DEMO_STAFF = ("manager", "clerk1", "clerk2", "clerk3", "clerk4")  # app.demo.USERS less owner

_hasher = PasswordHasher()  # argon2id


class LoginFailed(Exception):
    """A refused sign-in. ``code``: ``bad_credentials`` (unknown name or wrong password —
    deliberately the same), ``inactive``, ``no_password`` or ``locked`` (then
    ``wait_s`` says how long)."""

    def __init__(self, code: str, wait_s: int = 0) -> None:
        self.code = code
        self.wait_s = wait_s
        super().__init__(code if not wait_s else f"{code} ({wait_s} s)")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _stamp(at: dt.datetime | None) -> str:
    return (at or dt.datetime.now()).replace(microsecond=0).isoformat()


def lockout_seconds(failures: int) -> int:
    """How long a user name waits after its last failure, given consecutive failures."""
    if failures < FREE_FAILURES:
        return 0
    return min(LOCKOUT_BASE_S * 2 ** (failures - FREE_FAILURES), LOCKOUT_MAX_S)


# ------------------------------------------------------------------ validation


def _check_password(password: object, errors: list[FieldError], field: str = "password") -> str:
    text = "" if password is None else str(password)
    if len(text) < PASSWORD_MIN:
        errors.append(FieldError(field, "password_too_short", {"min": PASSWORD_MIN}))
    elif len(text) > PASSWORD_MAX:
        errors.append(FieldError(field, "too_long", {"max": PASSWORD_MAX}))
    return text


def _check_names(
    db: sqlite_utils.Database,
    username: object,
    display_name: object,
    errors: list[FieldError],
    *,
    user_id: int | None = None,
) -> tuple[str, str]:
    name = str(username or "").strip()
    if not name:
        errors.append(FieldError("username", "required"))
    elif len(name) > USERNAME_MAX:
        errors.append(FieldError("username", "too_long", {"max": USERNAME_MAX}))
    elif not _USERNAME.match(name):
        errors.append(FieldError("username", "username_invalid", {"value": name}))
    else:
        row = db.execute("SELECT id FROM users WHERE username = ?", [name]).fetchone()
        if row and row[0] != user_id:
            errors.append(FieldError("username", "username_taken", {"value": name}))
    shown = str(display_name or "").strip()
    if not shown:
        errors.append(FieldError("display_name", "required"))
    elif len(shown) > DISPLAY_NAME_MAX:
        errors.append(FieldError("display_name", "too_long", {"max": DISPLAY_NAME_MAX}))
    return name, shown


def _user(db: sqlite_utils.Database, user_id: int) -> dict[str, Any]:
    cur = db.execute(
        "SELECT id, username, display_name, role, active, password_hash FROM users WHERE id = ?",
        [user_id],
    )
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"user {user_id} does not exist")
    return dict(zip([c[0] for c in cur.description], row, strict=True))


def _active_owners(db: sqlite_utils.Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'owner' AND active = 1")]


# ------------------------------------------------------------------ reading


def list_users(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every account: ``{id, username, display_name, role, active, has_password,
    created_at, last_login_at}``, owners first, then managers, clerks; by the pinyin of
    the name."""
    order = {"owner": 0, "manager": 1, "clerk": 2}
    rows = [
        {
            "id": r[0],
            "username": r[1],
            "display_name": r[2],
            "role": r[3],
            "active": bool(r[4]),
            "has_password": bool(r[5]),
            "created_at": r[6],
            "last_login_at": r[7],
        }
        for r in db.execute(
            "SELECT u.id, u.username, u.display_name, u.role, u.active, "
            "u.password_hash IS NOT NULL, u.created_at, "
            "(SELECT MAX(at) FROM audit_log a WHERE a.user_id = u.id AND a.action = 'login') "
            "FROM users u"
        )
    ]
    rows.sort(
        key=lambda u: (
            order.get(u["role"], 9),
            name_pinyin(u["display_name"])[0],  # 李娜 before 刘婷 before 张敏
            u["id"],
        )
    )
    return rows


def needs_owner(db: sqlite_utils.Database) -> bool:
    """True while no active owner account has a password: the app must ask for one
    (:func:`setup_owner`) before anyone can sign in."""
    return (
        db.execute(
            "SELECT 1 FROM users WHERE role = 'owner' AND active = 1 "
            "AND password_hash IS NOT NULL LIMIT 1"
        ).fetchone()
        is None
    )


def passwordless_owner(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The first active owner account without a password (the demo's 店主), whose name
    the owner set-up offers to keep; None when there is none."""
    row = db.execute(
        "SELECT id FROM users WHERE role = 'owner' AND active = 1 AND password_hash IS NULL "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    return _user(db, row[0]) if row else None


def actor_for(db: sqlite_utils.Database, user_id: int) -> Actor:
    """The ``Actor`` of an account (its display name and role)."""
    user = _user(db, user_id)
    return Actor(user_id=user["id"], name=user["display_name"], role=user["role"])


# ------------------------------------------------------------------ sign-in


def login(
    db: sqlite_utils.Database,
    *,
    username: str,
    password: str,
    at: dt.datetime | None = None,
) -> Actor:
    """Check a user name and password; return the signed-in ``Actor`` or raise
    :class:`LoginFailed`. Every attempt is audited (``login`` or ``login_failed``,
    entity ``user``), one refused because the name is waiting (``locked``) too."""
    now_dt = (at or dt.datetime.now()).replace(microsecond=0)
    name = (username or "").strip()
    key = name[: USERNAME_MAX * 2] or "?"  # the throttle's key for this typed name
    with db.atomic():
        throttle = db.execute(
            "SELECT failures, last_failed_at FROM login_throttle WHERE username = ?", [key]
        ).fetchone()
        locked_for = _locked_for(throttle, now_dt)
        row = db.execute(
            "SELECT id, display_name, role, active, password_hash FROM users WHERE username = ?",
            [name],
        ).fetchone()
        code = None
        if locked_for:
            # refused unchecked, and audited: a stream of tries while locked is itself
            # worth seeing (the wait does not grow with them)
            code = "locked"
            audit.record(
                db,
                SYSTEM,
                "login_failed",
                "user",
                row[0] if row else None,
                audit.summary("login_locked", name=name[:60], seconds=locked_for),
            )
        elif row is None:
            code = "bad_credentials"
        elif not row[4]:
            code = "no_password"
        elif not verify_password(row[4], password):
            code = "bad_credentials"
        elif not row[3]:
            code = "inactive"
        if code is not None and not locked_for:
            failures = (throttle[0] if throttle else 0) + 1
            db.execute(
                "INSERT INTO login_throttle (username, failures, last_failed_at) VALUES (?, ?, ?) "
                "ON CONFLICT(username) DO UPDATE SET failures = excluded.failures, "
                "last_failed_at = excluded.last_failed_at",
                [key, failures, now_dt.isoformat()],
            )
            audit.record(
                db,
                SYSTEM,
                "login_failed",
                "user",
                row[0] if row else None,
                audit.summary("login_failed", name=name[:60], code=code, failures=failures),
            )
        elif code is None:
            assert row is not None
            db.execute("DELETE FROM login_throttle WHERE username = ?", [key])
            if _hasher.check_needs_rehash(row[4]):
                db.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?",
                    [hash_password(password), row[0]],
                )
            actor = Actor(user_id=row[0], name=row[1], role=row[2])
            audit.record(db, actor, "login", "user", row[0], audit.summary("login", name=name))
    # raised outside the transaction, so the failure and its audit entry are kept
    if code is not None:
        raise LoginFailed(code, locked_for)
    return actor


def _locked_for(throttle: tuple[int, str] | None, now_dt: dt.datetime) -> int:
    """Seconds the typed name must still wait after its failures, 0 when it need not."""
    if not throttle:
        return 0
    wait = lockout_seconds(throttle[0])
    if not wait:
        return 0
    until = dt.datetime.fromisoformat(throttle[1]) + dt.timedelta(seconds=wait)
    return int((until - now_dt).total_seconds()) + 1 if now_dt < until else 0


# ------------------------------------------------------------------ accounts


def setup_owner(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    password: str,
) -> Changes:
    """The store's first owner password: give the passwordless owner account (the
    demo's) this name and password, or create the owner account. Only while
    :func:`needs_owner` (afterwards accounts are managed by an owner: ``users``)."""
    with db.atomic():
        if not needs_owner(db):
            permissions.require(actor, permissions.USERS)
        existing = passwordless_owner(db)
        errors: list[FieldError] = []
        name, shown = _check_names(
            db, username, display_name, errors, user_id=existing["id"] if existing else None
        )
        secret = _check_password(password, errors)
        if errors:
            raise ValidationError(errors)
        hashed = hash_password(secret)
        if existing:
            user_id = int(existing["id"])
            db.execute(
                "UPDATE users SET username = ?, display_name = ?, name_pinyin = ?, "
                "password_hash = ? WHERE id = ?",
                [name, shown, name_pinyin(shown)[0], hashed, user_id],
            )
        else:
            cur = db.execute(
                "INSERT INTO users (username, display_name, name_pinyin, role, password_hash, "
                "active, created_at) VALUES (?, ?, ?, 'owner', ?, 1, ?)",
                [name, shown, name_pinyin(shown)[0], hashed, _stamp(None)],
            )
            user_id = int(cur.lastrowid or 0)
        said = audit.summary("owner_setup", name=name, shown=shown)
        audit.record(db, actor, "user_setup", "user", user_id, said)
    return Changes.of({"users"}, (), user_id)


def demo_password_hashes(
    password: str = DEMO_PASSWORD, n: int = len(DEMO_STAFF)
) -> list[tuple[str, str]]:
    """``n`` ``(password hash, PIN hash)`` pairs (default: one per ``DEMO_STAFF``
    account), each with its own salts, for :func:`set_demo_passwords`."""
    return [(hash_password(password), hash_password(DEMO_PIN)) for _ in range(n)]


def demo_password_hashes_meanwhile() -> Future[list[tuple[str, str]]]:
    """:func:`demo_password_hashes` on a thread of its own, for the demo store's
    makers (the command line's ``demo``, the first start's demo) to call while the
    store is generated: ten argon2 hashes take ~1.2 s, and argon2 releases the GIL.
    Nobody waits for it when the generation fails or is cancelled."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1, thread_name_prefix="demo-hashes")
    try:
        return pool.submit(demo_password_hashes)
    finally:
        pool.shutdown(wait=False)


def set_demo_passwords(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    password: str = DEMO_PASSWORD,
    hashes: list[tuple[str, str]] | None = None,
) -> Changes:
    """Give the demo store's staff accounts (``DEMO_STAFF``) that have no password yet
    the password ``demo`` and the lock-screen PIN ``1234`` (:data:`DEMO_PIN`). The
    demo's owner account is left for :func:`setup_owner`.
    ``hashes``: :func:`demo_password_hashes` of ``password``, made beforehand (else
    made here).
    Only the system (the demo generator's callers) may do this."""
    if actor.role != "system":
        permissions.require(actor, permissions.USERS)
    with db.atomic():
        marks = ", ".join("?" * len(DEMO_STAFF))
        ids = [
            r[0]
            for r in db.execute(
                f"SELECT id FROM users WHERE username IN ({marks}) AND role <> 'owner' "
                "AND password_hash IS NULL ORDER BY id",
                list(DEMO_STAFF),
            )
        ]
        if hashes is None:
            hashes = demo_password_hashes(password, len(ids))
        if len(hashes) < len(ids) or len(set(hashes)) != len(hashes):
            raise ValueError("set_demo_passwords: one distinct pair of hashes per account")
        for uid, (pw_hash, pin_hash) in zip(ids, hashes, strict=False):
            # each hash with its own salt: one hash must not unlock them all
            db.execute(
                "UPDATE users SET password_hash = ?, pin_hash = ? WHERE id = ?",
                [pw_hash, pin_hash, uid],
            )
        if ids:
            said = audit.summary("demo_passwords", ids=ids)
            audit.record(db, actor, "user_password", "user", None, said)
    return Changes.of({"users"} if ids else ())


def add_user(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    role: str,
    password: str,
) -> Changes:
    """A new staff account (owner only). Returns Changes with the user id."""
    permissions.require(actor, permissions.USERS)
    with db.atomic():
        errors: list[FieldError] = []
        name, shown = _check_names(db, username, display_name, errors)
        if role not in ROLES:
            errors.append(
                FieldError("role", "choice_invalid", {"value": role, "choices": ", ".join(ROLES)})
            )
        secret = _check_password(password, errors)
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO users (username, display_name, name_pinyin, role, password_hash, "
            "active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
            [name, shown, name_pinyin(shown)[0], role, hash_password(secret), _stamp(None)],
        )
        user_id = int(cur.lastrowid or 0)
        said = audit.summary("user_add", name=name, shown=shown, role=role)
        audit.record(db, actor, "user_add", "user", user_id, said)
    return Changes.of({"users"}, (), user_id)


def update_user(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    user_id: int,
    display_name: str | None = None,
    role: str | None = None,
) -> Changes:
    """Change an account's display name and/or role (owner only). The last active
    owner keeps the owner role (``last_owner``)."""
    permissions.require(actor, permissions.USERS)
    with db.atomic():
        user = _user(db, user_id)
        errors: list[FieldError] = []
        shown = user["display_name"]
        if display_name is not None:
            _name, shown = _check_names(db, user["username"], display_name, errors, user_id=user_id)
        new_role = user["role"] if role is None else role
        if new_role not in ROLES:
            errors.append(
                FieldError(
                    "role", "choice_invalid", {"value": new_role, "choices": ", ".join(ROLES)}
                )
            )
        elif (
            user["role"] == "owner"
            and new_role != "owner"
            and user["active"]
            and _active_owners(db) == [user_id]
        ):
            errors.append(FieldError("role", "last_owner"))
        if errors:
            raise ValidationError(errors)
        db.execute(
            "UPDATE users SET display_name = ?, name_pinyin = ?, role = ? WHERE id = ?",
            [shown, name_pinyin(shown)[0], new_role, user_id],
        )
        audit.record(
            db,
            actor,
            "user_update",
            "user",
            user_id,
            audit.summary(
                "user_update",
                username=user["username"],
                old_name=user["display_name"],
                new_name=shown,
                old_role=user["role"],
                new_role=new_role,
            ),
        )
    return Changes.of({"users"}, (), user_id)


def reset_password(
    db: sqlite_utils.Database, *, actor: Actor, user_id: int, password: str
) -> Changes:
    """Set a new password for an account (owner only; also clears its sign-in wait)."""
    permissions.require(actor, permissions.USERS)
    with db.atomic():
        user = _user(db, user_id)
        errors: list[FieldError] = []
        secret = _check_password(password, errors)
        if errors:
            raise ValidationError(errors)
        db.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(secret), user_id]
        )
        db.execute("DELETE FROM login_throttle WHERE username = ?", [user["username"]])
        said = audit.summary("password_reset", username=user["username"])
        audit.record(db, actor, "user_password", "user", user_id, said)
    return Changes.of({"users"}, (), user_id)


def change_own_password(
    db: sqlite_utils.Database, *, actor: Actor, old_password: str, new_password: str
) -> Changes:
    """Any signed-in user changes their own password, giving the current one."""
    if actor.user_id is None:
        raise ValidationError([FieldError("old_password", "required")])
    with db.atomic():
        user = _user(db, actor.user_id)
        errors: list[FieldError] = []
        if not verify_password(user["password_hash"], old_password):
            errors.append(FieldError("old_password", "password_wrong"))
        secret = _check_password(new_password, errors, field="new_password")
        if errors:
            raise ValidationError(errors)
        db.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?",
            [hash_password(secret), actor.user_id],
        )
        said = audit.summary("password_changed", username=user["username"])
        audit.record(db, actor, "user_password", "user", actor.user_id, said)
    return Changes.of({"users"}, (), actor.user_id)


def set_active(db: sqlite_utils.Database, *, actor: Actor, user_id: int, active: bool) -> Changes:
    """Deactivate (or reactivate) an account (owner only). Nobody deactivates
    themselves, and the last active owner stays (``last_owner``)."""
    permissions.require(actor, permissions.USERS)
    with db.atomic():
        user = _user(db, user_id)
        if not active:
            errors = []
            if actor.user_id == user_id:
                errors.append(FieldError("active", "deactivate_self"))
            elif user["role"] == "owner" and _active_owners(db) == [user_id]:
                errors.append(FieldError("active", "last_owner"))
            if errors:
                raise ValidationError(errors)
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])
        audit.record(
            db,
            actor,
            "user_activate" if active else "user_deactivate",
            "user",
            user_id,
            audit.summary("user_name", username=user["username"]),
        )
    return Changes.of({"users"}, (), user_id)


# ------------------------------------------------------------------ PIN: the lock screen

PIN_RE = re.compile(r"^[0-9]{4,6}$")


def _pin(pin: str) -> str:
    """A PIN as typed, full-width digits read as digits (NFKC); ValidationError
    (``pin_format``) unless 4 to 6 digits."""
    import unicodedata

    clean = unicodedata.normalize("NFKC", pin or "")
    if not PIN_RE.match(clean):
        raise ValidationError([FieldError("pin", "pin_format")])
    return clean


def set_pin(db: sqlite_utils.Database, *, actor: Actor, user_id: int, pin: str) -> Changes:
    """Set a user's PIN (4–6 digits, hashed like a password): the user themselves, or
    the owner (``USERS``) for anyone. Audited (``user_password``, without the PIN)."""
    if actor.user_id != user_id:
        permissions.require(actor, permissions.USERS)
    secret = _pin(pin)
    with db.atomic():
        user = _user(db, user_id)
        db.execute("UPDATE users SET pin_hash = ? WHERE id = ?", [hash_password(secret), user_id])
        said = audit.summary("pin_set", username=user["username"])
        audit.record(db, actor, "user_password", "user", user_id, said)
    return Changes.of({"users"}, (), user_id)


def switch_list(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Active users for the lock screen's name list, by pinyin: ``{id, display_name,
    role, has_pin}``."""
    rows = db.execute(
        "SELECT id, display_name, role, pin_hash IS NOT NULL, username FROM users "
        "WHERE active = 1 ORDER BY COALESCE(name_pinyin, display_name), id"
    ).fetchall()
    return [
        {"id": r[0], "display_name": r[1], "role": r[2], "has_pin": bool(r[3]), "username": r[4]}
        for r in rows
    ]


def record_lock(db: sqlite_utils.Database, *, actor: Actor, minutes: int) -> Changes:
    """The main window locked itself after ``minutes`` idle: a ``lock`` entry."""
    with db.atomic():
        said = audit.summary("locked_idle", minutes=int(minutes))
        audit.record(db, actor, "lock", "user", actor.user_id, said)
    return Changes.of({"audit_log"})


def switch_by_pin(
    db: sqlite_utils.Database,
    *,
    from_actor: Actor,
    user_id: int,
    pin: str,
    at: dt.datetime | None = None,
) -> Actor:
    """Unlock, or switch to another clerk, by name (``user_id``) and PIN: the user's
    ``Actor``, or :class:`LoginFailed` (``bad_pin``, ``no_pin``, ``inactive``,
    ``locked``). Wrong PINs count towards the same wait as wrong passwords (a throttle
    entry of their own per user); every attempt is audited (``switch_user`` or
    ``login_failed``)."""
    now_dt = (at or dt.datetime.now()).replace(microsecond=0)
    row = db.execute(
        "SELECT id, username, display_name, role, active, pin_hash FROM users WHERE id = ?",
        [user_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"user {user_id} does not exist")
    key = "#pin:" + row[1]
    code = None
    with db.atomic():
        throttle = db.execute(
            "SELECT failures, last_failed_at FROM login_throttle WHERE username = ?", [key]
        ).fetchone()
        locked_for = _locked_for(throttle, now_dt)
        if locked_for:
            code = "locked"
            said = audit.summary("login_locked", name=row[1], seconds=locked_for)
            audit.record(db, SYSTEM, "login_failed", "user", row[0], said)
        elif not row[4]:
            code = "inactive"
        elif not row[5]:
            code = "no_pin"
        else:
            try:
                ok = verify_password(row[5], _pin(pin))
            except ValidationError:
                ok = False
            code = None if ok else "bad_pin"
        if code is not None and not locked_for:
            failures = (throttle[0] if throttle else 0) + 1
            if code == "bad_pin":
                db.execute(
                    "INSERT INTO login_throttle (username, failures, last_failed_at) "
                    "VALUES (?, ?, ?) ON CONFLICT(username) DO UPDATE SET "
                    "failures = excluded.failures, last_failed_at = excluded.last_failed_at",
                    [key, failures, now_dt.isoformat()],
                )
            said = audit.summary("login_failed", name=row[1], code=code, failures=failures)
            audit.record(db, SYSTEM, "login_failed", "user", row[0], said)
        elif code is None:
            db.execute("DELETE FROM login_throttle WHERE username = ?", [key])
            actor = Actor(user_id=row[0], name=row[2], role=row[3])
            said = audit.summary("switch_user", from_name=from_actor.name, to_name=row[2])
            audit.record(db, actor, "switch_user", "user", row[0], said)
    if code is not None:
        raise LoginFailed(code, locked_for)
    return actor
