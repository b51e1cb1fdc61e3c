"""The rewards catalogue (coupons, gifts, vouchers) that points are redeemed for.
Rewards are never deleted — redemptions refer to them — only deactivated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import audit, permissions
from app.core import Actor, Changes, FieldError, NotFound, ValidationError
from app.loyalty.actions import _points_arg

REWARD_KINDS = ("coupon", "gift", "voucher")

_REWARD_COLS = ("id", "name", "kind", "cost_points", "value_fen", "active")


def list_rewards(db: sqlite_utils.Database, *, active_only: bool = False) -> list[dict[str, Any]]:
    """The catalogue, cheapest first, each with ``redeemed`` (times redeemed)."""
    where = "WHERE w.active = 1" if active_only else ""
    cur = db.execute(
        f"SELECT {', '.join('w.' + c for c in _REWARD_COLS)}, "
        "(SELECT COUNT(*) FROM redemptions r WHERE r.reward_id = w.id) "
        f"FROM rewards w {where} ORDER BY w.active DESC, w.cost_points, w.id"
    )
    return [{**dict(zip(_REWARD_COLS, r[:6], strict=True)), "redeemed": r[6]} for r in cur]


def save_reward(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    data: Mapping[str, Any],
    reward_id: int | None = None,
) -> Changes:
    """Add a reward (``reward_id`` None) or change one: ``name, kind (coupon, gift,
    voucher), cost_points, value_fen, active``. Rewards are never deleted (redemptions
    refer to them): deactivate instead. Returns Changes with the id."""
    permissions.require(actor, permissions.RULES)
    with db.atomic():
        errors: list[FieldError] = []
        old: dict[str, Any] = {}
        if reward_id is not None:
            row = db.execute(
                f"SELECT {', '.join(_REWARD_COLS)} FROM rewards WHERE id = ?", [reward_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"reward {reward_id} does not exist")
            old = dict(zip(_REWARD_COLS, row, strict=True))
        for key in data:
            if key not in _REWARD_COLS[1:]:
                errors.append(FieldError(key, "unknown_field"))
        merged = {**{"kind": "coupon", "value_fen": 0, "active": True}, **old, **data}
        name = str(merged.get("name") or "").strip()
        if not name:
            errors.append(FieldError("name", "required"))
        elif len(name) > 40:
            errors.append(FieldError("name", "too_long", {"max": 40}))
        if merged["kind"] not in REWARD_KINDS:
            errors.append(
                FieldError(
                    "kind",
                    "choice_invalid",
                    {"value": merged["kind"], "choices": ", ".join(REWARD_KINDS)},
                )
            )
        _points_arg(merged.get("cost_points"), errors, positive=True, field="cost_points")
        value = merged.get("value_fen")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.append(FieldError("value_fen", "amount_invalid", {"value": value}))
        if errors:
            raise ValidationError(errors)
        values = [name, merged["kind"], merged["cost_points"], value, int(bool(merged["active"]))]
        if reward_id is None:
            cur = db.execute(
                "INSERT INTO rewards (name, kind, cost_points, value_fen, active) "
                "VALUES (?, ?, ?, ?, ?)",
                values,
            )
            reward_id = int(cur.lastrowid or 0)
        else:
            db.execute(
                "UPDATE rewards SET name = ?, kind = ?, cost_points = ?, value_fen = ?, active = ? "
                "WHERE id = ?",
                [*values, reward_id],
            )
        audit.record(
            db,
            actor,
            "rule_change",
            "reward",
            reward_id,
            audit.summary(
                "reward" if merged["active"] else "reward_inactive",
                name=name,
                kind=merged["kind"],
                points=merged["cost_points"],
            ),
        )
    return Changes.of({"rewards"}, (), reward_id)
