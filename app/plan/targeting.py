"""Targeting (精准营销名单): a list of members built from what they bought or prefer and
who they are, saved, put on the day's plan with a purpose (new arrivals, promotion…)
and, later, its result: who bought within n days.

Criteria (:data:`CRITERIA`; all given ones must hold, a list means any of its values):

* what they bought in the last ``months`` (default 12): ``category``, ``size``,
  ``colour`` of an item, its unit price between ``price_min_fen`` and ``price_max_fen``
  (paid, per piece) — one item must match all the item criteria given;
* what they prefer: ``brand`` (``preferred_brands`` contains it); ``colour`` also
  matches ``preferred_colours``, ``size`` also ``size_top``/``size_bottom``;
* who they are: ``tiers``, ``layers`` (pyramid layer of the newest monthly snapshot),
  ``statuses``, ``tags`` (any), ``birthday_month`` (1–12, solar birthdays).

Only members who may be contacted are listed (not lost or anonymised; with a consented
channel). Putting a list on the plan adds campaign tasks (``app.analytics``'s
``campaign_tasks``, read by the call list) and records who was put there; the result
counts those members with a purchase in the ``days`` after that.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from app import audit, labels
from app.calllist_rules import reachable_member_sql
from app.core import Actor, Changes, FieldError, ValidationError, now

ITEM_KEYS = ("category", "size", "colour", "price_min_fen", "price_max_fen")
CRITERIA = (
    *ITEM_KEYS,
    "months",
    "brand",
    "tiers",
    "layers",
    "statuses",
    "tags",
    "birthday_month",
)
NAME_MAX = 40


def _clean(criteria: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key, value in criteria.items():
        if key not in CRITERIA:
            errors.append(FieldError(key, "unknown_field"))
            continue
        if value in (None, "", [], ()):
            continue
        if key in ("price_min_fen", "price_max_fen", "months", "birthday_month"):
            try:
                number = int(value)
            except (TypeError, ValueError):
                errors.append(FieldError(key, "choice_invalid", {"value": value, "choices": "0-"}))
                continue
            if number < 0 or (key == "birthday_month" and not 1 <= number <= 12):
                errors.append(
                    FieldError(key, "choice_invalid", {"value": value, "choices": "1-12"})
                )
                continue
            out[key] = number
        elif key in ("tiers", "layers", "statuses", "tags"):
            out[key] = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        else:
            out[key] = str(value).strip()
    if errors:
        raise ValidationError(errors)
    return out


def _sql(criteria: dict[str, Any], today: dt.date) -> tuple[str, list[Any]]:
    where = [reachable_member_sql("m"), "m.consent_channels <> ''"]
    params: list[Any] = []
    item = []
    item_params: list[Any] = []
    if "category" in criteria:
        item.append("i.category = ?")
        item_params.append(criteria["category"])
    if "price_min_fen" in criteria:
        item.append("i.paid_fen >= ? * i.qty")
        item_params.append(criteria["price_min_fen"])
    if "price_max_fen" in criteria:
        item.append("i.paid_fen <= ? * i.qty")
        item_params.append(criteria["price_max_fen"])
    size, colour = criteria.get("size"), criteria.get("colour")
    bought_size = "i.size = ?" if size else None
    bought_colour = "i.colour = ?" if colour else None
    since = (today - dt.timedelta(days=round(30.44 * criteria.get("months", 12)))).isoformat()

    def bought(extra: list[str], extra_params: list[Any]) -> tuple[str, list[Any]]:
        # driven from the purchases of the period (purchases(at)), computed once
        cond = " AND ".join(["p.at >= ?", "i.qty > 0", *item, *extra])
        return (
            f"m.id IN (SELECT p.member_id FROM purchases p JOIN purchase_items i "
            f"ON i.purchase_id = p.id WHERE {cond})",
            [since, *item_params, *extra_params],
        )

    if item or size or colour:
        # the item conditions, and size/colour either bought with them or preferred
        extra, extra_params, pref = [], [], []
        if size:
            pref.append("(m.size_top = ? OR m.size_bottom = ?)")
        if colour:
            pref.append("instr(COALESCE(m.preferred_colours, ''), ?) > 0")
        for cond, value in ((bought_size, size), (bought_colour, colour)):
            if cond:
                extra.append(cond)
                extra_params.append(value)
        clause, clause_params = bought(extra, extra_params)
        if pref and not item:
            pref_params: list[Any] = []
            if size:
                pref_params += [size, size]
            if colour:
                pref_params.append(colour)
            where.append(f"({clause} OR ({' AND '.join(pref)}))")
            params += clause_params + pref_params
        else:
            where.append(clause)
            params += clause_params
    if "brand" in criteria:
        where.append("instr(COALESCE(m.preferred_brands, ''), ?) > 0")
        params.append(criteria["brand"])
    for key, column in (("tiers", "m.tier"), ("statuses", "m.status")):
        if key in criteria:
            where.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(criteria[key]))
    if "layers" in criteria:
        where.append(
            "(SELECT g.layer FROM segment_snapshots g WHERE g.member_id = m.id AND g.month = "
            "(SELECT MAX(month) FROM segment_snapshot_months)) IN (SELECT value FROM json_each(?))"
        )
        params.append(json.dumps(criteria["layers"]))
    if "tags" in criteria:
        where.append(
            "EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id "
            "AND t.tag IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(criteria["tags"]))
    if "birthday_month" in criteria:
        where.append("m.birthday_calendar = 'solar' AND substr(m.birthday, -5, 2) = ?")
        params.append(f"{criteria['birthday_month']:02d}")
    return "SELECT m.id FROM members m WHERE " + " AND ".join(where) + " ORDER BY m.id", params


def find_members(
    db: sqlite_utils.Database, criteria: dict[str, Any], *, today: dt.date | None = None
) -> list[int]:
    """The ids of the members the criteria pick (see the module docstring)."""
    sql, params = _sql(_clean(criteria), today or dt.date.today())
    return [r[0] for r in db.execute(sql, params)]


def save_list(
    db: sqlite_utils.Database, *, actor: Actor, name: str, criteria: dict[str, Any]
) -> Changes:
    """Save the criteria under ``name`` (unique). Marketing lists are the owner's and
    the manager's (``permissions.FEEDBACK_ADMIN``)."""
    from app import permissions

    permissions.require(actor, permissions.FEEDBACK_ADMIN)
    clean = _clean(criteria)
    text = (name or "").strip()
    errors = []
    if not text:
        errors.append(FieldError("name", "required"))
    elif len(text) > NAME_MAX:
        errors.append(FieldError("name", "too_long", {"max": NAME_MAX}))
    elif db.execute("SELECT 1 FROM target_lists WHERE name = ?", [text]).fetchone():
        errors.append(FieldError("name", "target_list_duplicate", {"value": text}))
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        cur = db.execute(
            "INSERT INTO target_lists (name, criteria, created_by, created_at) VALUES (?, ?, ?, ?)",
            [text, json.dumps(clean, ensure_ascii=False), actor.user_id, now()],
        )
        list_id = int(cur.lastrowid or 0)
        audit.record(
            db,
            actor,
            "create",
            "target_lists",
            list_id,
            audit.summary("target_list", name=text, members=len(find_members(db, clean))),
        )
    return Changes.of({"target_lists"}, set(), list_id)


def put_on_plan(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    list_id: int,
    purpose: str,
    due: dt.date,
    note: str | None = None,
) -> Changes:
    """Put the list's members (as the criteria pick them now) on the plan from ``due``
    with ``purpose`` (its message template follows the purpose), and remember who."""
    from app.analytics import add_campaign_tasks

    row = db.execute("SELECT name, criteria FROM target_lists WHERE id = ?", [list_id]).fetchone()
    if row is None:
        raise ValidationError([FieldError("list_id", "not_found")])
    if purpose not in labels.choices("purpose"):
        raise ValidationError(
            [
                FieldError(
                    "purpose",
                    "choice_invalid",
                    {"value": purpose, "choices": ", ".join(labels.choices("purpose"))},
                )
            ]
        )
    ids = find_members(db, json.loads(row[1]), today=due)
    with db.atomic():
        changes = add_campaign_tasks(
            db, actor=actor, member_ids=ids, purpose=purpose, due=due, note=note or row[0]
        )
        db.execute(
            "UPDATE target_lists SET purpose = ?, note = ?, due = ?, member_ids = ?, "
            "planned_at = ? WHERE id = ?",
            [purpose, note, due.isoformat(), json.dumps(ids), now(), list_id],
        )
    return changes | Changes.of({"target_lists"})


def list_targets(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    cols = ("id", "name", "criteria", "purpose", "note", "due", "member_ids", "planned_at")
    out = []
    for r in db.execute(f"SELECT {', '.join(cols)} FROM target_lists ORDER BY id"):
        d = dict(zip(cols, r, strict=True))
        d["criteria"] = json.loads(d["criteria"])
        d["member_ids"] = json.loads(d["member_ids"]) if d["member_ids"] else []
        out.append(d)
    return out


def campaign_result(db: sqlite_utils.Database, list_id: int, *, days: int = 30) -> dict[str, Any]:
    """Of the members a list put on the plan: how many bought (not a return) within
    ``days`` of the campaign's due day, and what they paid (fen)."""
    row = db.execute("SELECT due, member_ids FROM target_lists WHERE id = ?", [list_id]).fetchone()
    if row is None or row[0] is None:
        return {"members": 0, "bought": 0, "rate": 0.0, "paid_fen": 0, "buyers": []}
    start = dt.date.fromisoformat(row[0])
    end = start + dt.timedelta(days=days)
    ids = json.loads(row[1] or "[]")
    buyers = db.execute(
        "SELECT p.member_id, SUM(p.paid_fen) FROM purchases p "
        "WHERE p.member_id IN (SELECT value FROM json_each(?)) AND p.return_of IS NULL "
        "AND p.at >= ? AND p.at < ? GROUP BY p.member_id ORDER BY p.member_id",
        [json.dumps(ids), start.isoformat(), end.isoformat()],
    ).fetchall()
    return {
        "members": len(ids),
        "bought": len(buyers),
        "rate": len(buyers) / len(ids) if ids else 0.0,
        "paid_fen": sum(b[1] for b in buyers),
        "buyers": [b[0] for b in buyers],
    }
