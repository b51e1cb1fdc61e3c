"""Versioned rules (one JSON document per version in ``loyalty_rules``): which version
is in force on a day, validating and saving a version, and the arithmetic every award
uses — spend points and expiry dates (package docstring, "Rules")."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from app import audit, core, permissions
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.loyalty.entries import NOTE_MAX
from app.loyalty.tiers import list_tiers

# Who may change rules, tiers and rewards (app.permissions.RULES: the owner) and adjust
# or import balances (ADJUST_POINTS: owner and manager); the system may do both.
RULE_MANAGERS = ("owner",)
POINT_MANAGERS = ("owner", "manager")


@dataclass(frozen=True)
class Rules:
    """One rule version (see the package docstring, app.loyalty, for each rule)."""

    fen_per_point: int = 1000  # ¥10 paid per point
    multipliers_pct: Mapping[str, int] = field(
        default_factory=lambda: {"normal": 100, "silver": 110, "gold": 125, "diamond": 150}
    )
    referral_points: int = 100
    birthday_points: int = 50
    visit_points: int = 5
    expiry_months: int | None = 24

    def multiplier(self, tier: str | None) -> int:
        return int(self.multipliers_pct.get(tier or "", 100))

    def to_json(self) -> str:
        data = asdict(self)
        data["multipliers_pct"] = dict(self.multipliers_pct)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Rules:
        data = json.loads(text)
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


DEFAULT_RULES = Rules()

RULE_LIMITS: dict[str, tuple[int, int]] = {
    "fen_per_point": (1, 100_000_000),
    "referral_points": (0, 1_000_000),
    "birthday_points": (0, 1_000_000),
    "visit_points": (0, 1_000_000),
    "expiry_months": (1, 240),
    "multiplier_pct": (0, 1000),
}


def _day(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def rules_at(db: sqlite_utils.Database, day: dt.date | str) -> Rules | None:
    """The rule version in force on ``day`` (None: the programme had not started)."""
    row = db.execute(
        "SELECT rules FROM loyalty_rules WHERE effective_from <= ? "
        "ORDER BY effective_from DESC, id DESC LIMIT 1",
        [_day(day)],
    ).fetchone()
    return Rules.from_json(row[0]) if row else None


def started(db: sqlite_utils.Database, today: dt.date | None = None) -> bool:
    """True when a rule version is in force ``today``."""
    return rules_at(db, today or core.today()) is not None


def rule_versions(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every saved version, newest effective date first: ``id, effective_from, rules
    (Rules), created_at, user_id, user_name, note``."""
    cur = db.execute(
        "SELECT r.id, r.effective_from, r.rules, r.created_at, r.user_id, u.display_name, r.note "
        "FROM loyalty_rules r LEFT JOIN users u ON u.id = r.user_id "
        "ORDER BY r.effective_from DESC, r.id DESC"
    )
    return [
        {
            "id": r[0],
            "effective_from": r[1],
            "rules": Rules.from_json(r[2]),
            "created_at": r[3],
            "user_id": r[4],
            "user_name": r[5],
            "note": r[6],
        }
        for r in cur.fetchall()
    ]


def _int_in(
    value: object, name: str, lo: int, hi: int, errors: list[FieldError], *, field: str
) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        errors.append(
            FieldError(field, "rule_value_invalid", {"value": value, "min": lo, "max": hi})
        )
        return None
    return value


def clean_rules(db: sqlite_utils.Database, data: Rules | Mapping[str, Any]) -> Rules:
    """Validate a rule version (all fields at once); raise ValidationError."""
    if isinstance(data, Rules):
        data = {**asdict(data), "multipliers_pct": dict(data.multipliers_pct)}
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key in data:
        if key not in Rules.__dataclass_fields__:
            errors.append(FieldError(key, "unknown_field"))
    base = asdict(DEFAULT_RULES)
    for key in ("fen_per_point", "referral_points", "birthday_points", "visit_points"):
        lo, hi = RULE_LIMITS[key]
        out[key] = _int_in(data.get(key, base[key]), key, lo, hi, errors, field=key)
    months = data.get("expiry_months", base["expiry_months"])
    if months is not None:
        lo, hi = RULE_LIMITS["expiry_months"]
        months = _int_in(months, "expiry_months", lo, hi, errors, field="expiry_months")
    out["expiry_months"] = months
    codes = [t["code"] for t in list_tiers(db)]
    given = dict(data.get("multipliers_pct") or {})
    fallback = {t["code"]: t["points_multiplier_pct"] for t in list_tiers(db)}
    mult: dict[str, int] = {}
    for code in given:
        if code not in codes:
            errors.append(
                FieldError(
                    f"multipliers_pct.{code}",
                    "choice_invalid",
                    {"value": code, "choices": ", ".join(codes)},
                )
            )
    for code in codes:
        lo, hi = RULE_LIMITS["multiplier_pct"]
        value = given.get(code, fallback.get(code, 100))
        checked = _int_in(value, code, lo, hi, errors, field=f"multipliers_pct.{code}")
        if checked is not None:
            mult[code] = checked
    out["multipliers_pct"] = mult
    if errors:
        raise ValidationError(errors)
    return Rules(**out)


def default_rules(db: sqlite_utils.Database) -> Rules:
    """What the settings page offers when no version exists: DEFAULT_RULES with the
    multipliers of the ``tiers`` table."""
    mult = {t["code"]: int(t["points_multiplier_pct"]) for t in list_tiers(db)}
    return Rules(**{**asdict(DEFAULT_RULES), "multipliers_pct": mult})


def _parse_day(value: object, field: str, errors: list[FieldError]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        errors.append(FieldError(field, "date_invalid", {"value": value}))
        return None


def save_rules(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    rules: Rules | Mapping[str, Any],
    effective_from: dt.date | str,
    note: str | None = None,
    today: dt.date | None = None,
) -> Changes:
    """Save a new rule version in force from ``effective_from`` (not before today while
    the ledger holds entries: ``effective_in_past``). Returns Changes with its id."""
    permissions.require(actor, permissions.RULES)
    today = today or core.today()
    with db.atomic():
        errors: list[FieldError] = []
        try:
            clean = clean_rules(db, rules)
        except ValidationError as exc:
            errors.extend(exc.errors)
            clean = None
        day = _parse_day(effective_from, "effective_from", errors)
        ledger_used = db.execute("SELECT 1 FROM points_ledger LIMIT 1").fetchone() is not None
        if day is not None and day < today and ledger_used:
            errors.append(
                FieldError("effective_from", "effective_in_past", {"today": today.isoformat()})
            )
        text = (note or "").strip() or None
        if text and len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        if errors:
            raise ValidationError(errors)
        assert clean is not None and day is not None
        cur = db.execute(
            "INSERT INTO loyalty_rules (effective_from, rules, created_at, user_id, note) "
            "VALUES (?, ?, ?, ?, ?)",
            [day.isoformat(), clean.to_json(), now(), actor.user_id, text],
        )
        version_id = int(cur.lastrowid or 0)
        audit.record(
            db,
            actor,
            "rule_change",
            "loyalty_rules",
            version_id,
            audit.summary("loyalty_rules", day=str(day), rules=clean.to_json()),
        )
    return Changes.of({"loyalty_rules"}, (), version_id)


def points_for_paid(paid_fen: int, rules: Rules, tier: str | None) -> int:
    """Spend points for a ticket's paid amount (the package docstring's rounding)."""
    if paid_fen <= 0:
        return 0
    return paid_fen * rules.multiplier(tier) // (100 * rules.fen_per_point)


def expiry_for(day: dt.date | str, months: int | None) -> str | None:
    """The last valid day of points earned on ``day``: the end of the month ``months``
    after its month (None: never expire)."""
    if months is None:
        return None
    d = dt.date.fromisoformat(_day(day))
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, _calendar.monthrange(year, month)[1]).isoformat()


def _expiry_sql(at: str, months: int | None) -> str:
    """:func:`expiry_for` in SQL (same dates) for bulk writes."""
    if months is None:
        return "NULL"
    return f"date({at}, 'start of month', '+{int(months) + 1} months', '-1 day')"
