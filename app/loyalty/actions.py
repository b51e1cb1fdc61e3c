"""The loyalty actions, one transaction each: visit points, redeeming a reward,
adjusting a balance by hand and carrying over an opening balance from an earlier
system."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from app import audit, core, permissions
from app.core import Actor, Changes, FieldError, ValidationError, parse_at
from app.loyalty.entries import NOTE_MAX, _add, _member, balance
from app.loyalty.lots import _next_day, _settle, refresh_stale
from app.loyalty.rules import _day, _parse_day, expiry_for, rules_at

MAX_POINTS = 10_000_000


def _stamp(at: object, errors: list[FieldError]) -> str | None:
    return parse_at(at, field="at", errors=errors)


def _points_arg(
    value: object, errors: list[FieldError], *, positive: bool, field: str = "points"
) -> int | None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value == 0
        or abs(value) > MAX_POINTS
        or (positive and value < 0)
    ):
        errors.append(
            FieldError(field, "points_positive" if positive else "points_invalid", {"value": value})
        )
        return None
    return value


def record_visit(
    db: sqlite_utils.Database, *, actor: Actor, member_id: int, at: object = None
) -> Changes:
    """Award visit points (no purchase needed), at most once per member per day. A
    second visit the same day, or rules with no visit points, write nothing (empty
    Changes). Refused while the programme has not started (``loyalty_not_started``)."""
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        stamp = _stamp(at, errors)
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and member is not None
        day = stamp[:10]
        rules = rules_at(db, day)
        if rules is None:
            raise ValidationError([FieldError("member_id", "loyalty_not_started")])
        if rules.visit_points <= 0 or visit_awarded(db, member_id, day):
            return Changes()
        _add(
            db,
            member_id,
            stamp,
            rules.visit_points,
            "visit",
            ref_type="member",
            ref_id=member_id,
            expires_at=expiry_for(day, rules.expiry_months),
            clerk_id=actor.user_id,
        )
        refresh_stale(db, [member_id])
        audit.record(
            db,
            actor,
            "points_visit",
            "member",
            member_id,
            audit.summary("points_gained", member_no=member[1], points=rules.visit_points),
        )
    return Changes.of({"points_ledger"}, {member_id})


def visit_awarded(db: sqlite_utils.Database, member_id: int, day: dt.date | str) -> bool:
    """Whether the member already has visit points on ``day``."""
    d = _day(day)
    return (
        db.execute(
            "SELECT 1 FROM points_ledger WHERE member_id = ? AND at >= ? AND at < ? "
            "AND reason = 'visit' LIMIT 1",
            [member_id, d, _next_day(d)],
        ).fetchone()
        is not None
    )


def redeem(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    reward_id: int,
    at: object = None,
    note: str | None = None,
) -> Changes:
    """Redeem a reward: a ``redeem`` entry of its cost and a ``redemptions`` row, after
    expiring what is due. Refused atomically (nothing written) when the balance is
    short (``points_short`` with ``cost``, ``balance``, ``short``) or the reward is
    unknown or inactive. Returns Changes with the redemption's id."""
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        reward = db.execute(
            "SELECT id, name, cost_points, active FROM rewards WHERE id = ?", [reward_id]
        ).fetchone()
        if reward is None:
            errors.append(FieldError("reward_id", "reward_missing"))
        elif not reward[3]:
            errors.append(FieldError("reward_id", "reward_inactive", {"name": reward[1]}))
        stamp = _stamp(at, errors)
        text = (note or "").strip() or None
        if text and len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and member is not None and reward is not None
        _settle(db, member_id, stamp[:10])
        have = balance(db, member_id)
        cost = int(reward[2])
        if have < cost:
            raise ValidationError(
                [
                    FieldError(
                        "reward_id",
                        "points_short",
                        {"cost": cost, "balance": have, "short": cost - have},
                    )
                ]
            )
        ledger_id = _add(
            db,
            member_id,
            stamp,
            -cost,
            "redeem",
            ref_type="reward",
            ref_id=reward_id,
            clerk_id=actor.user_id,
            note=text,
        )
        cur = db.execute(
            "INSERT INTO redemptions (member_id, reward_id, at, points, ledger_id, clerk_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [member_id, reward_id, stamp, cost, ledger_id, actor.user_id, text],
        )
        redemption_id = int(cur.lastrowid or 0)
        refresh_stale(db, [member_id])
        audit.record(
            db,
            actor,
            "points_redeem",
            "member",
            member_id,
            audit.summary("points_redeemed", member_no=member[1], reward=reward[1], points=cost),
        )
    return Changes.of({"points_ledger", "redemptions"}, {member_id}, redemption_id)


def adjust_points(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    points: int,
    note: str,
    at: object = None,
) -> Changes:
    """Add (points > 0) or remove (points < 0) points by hand, with a written reason
    (``note``, required: ``adjust_reason_required``). Owner or manager only. A removal
    beyond the balance is refused (``points_short``). Added points expire by the rules
    in force (never, before the programme started)."""
    permissions.require(actor, permissions.ADJUST_POINTS)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        amount = _points_arg(points, errors, positive=False)
        text = (note or "").strip() if isinstance(note, str) else ""
        if not text:
            errors.append(FieldError("note", "adjust_reason_required"))
        elif len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        stamp = _stamp(at, errors)
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and amount is not None and member is not None
        day = stamp[:10]
        expires = None
        if amount < 0:
            _settle(db, member_id, day)
            have = balance(db, member_id)
            if have + amount < 0:
                raise ValidationError(
                    [
                        FieldError(
                            "points",
                            "points_short",
                            {"cost": -amount, "balance": have, "short": -amount - have},
                        )
                    ]
                )
        else:
            rules = rules_at(db, day)
            expires = expiry_for(day, rules.expiry_months) if rules else None
        entry = _add(
            db,
            member_id,
            stamp,
            amount,
            "adjust",
            expires_at=expires,
            clerk_id=actor.user_id,
            note=text,
        )
        refresh_stale(db, [member_id])
        audit.record(
            db,
            actor,
            "points_adjust",
            "member",
            member_id,
            audit.summary("points_adjusted", member_no=member[1], points=amount, note=text or ""),
        )
    return Changes.of({"points_ledger"}, {member_id}, entry)


def add_opening_balance(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    points: int,
    at: object,
    expires_at: object = None,
    ref: str = "opening",
    note: str | None = None,
) -> Changes:
    """Carry a balance over from an earlier system (what the Excel import writes).

    Idempotent on ``ref`` per member: a second call with the same ``ref`` writes nothing
    (empty Changes) — so ``ref`` should name the *source* (default ``"opening"``: one
    opening balance per member), not the file, and re-importing never double counts.
    ``expires_at`` is the last valid day (None: by the rules in force on ``at``'s date,
    never before the programme started); a date already past expires at once."""
    permissions.require(actor, permissions.ADJUST_POINTS)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        amount = _points_arg(points, errors, positive=True)
        stamp = _stamp(at, errors)
        source = str(ref or "").strip()
        if not source:
            errors.append(FieldError("ref", "required"))
        elif len(source) > 80:
            errors.append(FieldError("ref", "too_long", {"max": 80}))
        expires: str | None = None
        if expires_at not in (None, ""):
            d = _parse_day(expires_at, "expires_at", errors)
            expires = d.isoformat() if d else None
            if expires and stamp and expires < stamp[:10]:
                errors.append(FieldError("expires_at", "expires_before_earned", {"at": stamp[:10]}))
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and amount is not None and member is not None
        if db.execute(
            "SELECT 1 FROM points_ledger WHERE reason = 'opening' AND ref_type = ? AND ref_id = ?",
            [source, member_id],
        ).fetchone():
            return Changes()
        if expires is None:
            rules = rules_at(db, stamp[:10])
            expires = expiry_for(stamp[:10], rules.expiry_months) if rules else None
        entry = _add(
            db,
            member_id,
            stamp,
            amount,
            "opening",
            ref_type=source,
            ref_id=member_id,
            expires_at=expires,
            clerk_id=actor.user_id,
            note=(note or "").strip()[:NOTE_MAX] or None,
        )
        refresh_stale(db, [member_id])
        _settle(db, member_id, core.today().isoformat())
        said = audit.summary("points_gained", member_no=member[1], points=amount)
        audit.record(db, actor, "points_opening", "member", member_id, said)
    return Changes.of({"points_ledger"}, {member_id}, entry)
