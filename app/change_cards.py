"""Change cards (顾客变动卡): one row per changed field of a member's archive.

Every writer of a member's archive calls this module inside its own transaction, so a
card exists exactly when its change took effect: ``record_diff`` with the archive as it
was (``snapshot``) before the write, or ``record`` with rows it already knows. A card
holds the member, the field, the old and the new value (text; ``None`` for empty), who
(``user_id``, ``actor_name``), when (ISO 8601 local time) and through which *action*:

``form`` (the member card and other screens), ``create`` (a new card: one row,
``field = "created"``), ``import`` (the members import), ``head_office`` (taken from
head office's file), ``sync_conflict`` (a person kept the store's value over head
office's), ``merge`` (a duplicate merged in: ``merged_from`` old = removed card's number,
new = the kept card's), ``anonymise``, ``status`` (lost / reactivated), ``tier`` (the
loyalty recomputation), ``system`` (anything else).

Fields are the ``members`` columns under their own names, except ``referrer_id`` which is
recorded as ``referrer_no`` (a member number reads, and travels, better than a row id),
plus ``tags`` (sorted, comma-joined, as the export writes them) and ``family`` (JSON list
of ``{relation, name, date, calendar, leap, note}``). Derived columns (pinyin, timestamps)
are not recorded.

The card's ``id`` is the store's change version: head office's change sets are the cards
after the version last sent (app/excel/sync.py). Anonymising a member redacts its cards:
old and new become NULL (``redacted = 1``) except for the non-personal fields in
``KEPT_AFTER_ANONYMISING``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from app import audit, labels
from app.core import Actor, now

ACTIONS = (
    "form", "create", "import", "head_office", "sync_conflict", "merge", "anonymise",
    "status", "tier", "system",
)  # fmt: skip
# members columns that are not the archive's content (derived or bookkeeping; enrolled_by
# is a user id of this store's staff, shown on the card and audited, not a customer fact)
_NOT_RECORDED = {
    "id", "name_pinyin", "name_initials", "created_at", "updated_at", "status_changed_at",
    "referrer_id", "enrolled_by",
}  # fmt: skip
# fields whose values say nothing about the person: kept when the member is anonymised
KEPT_AFTER_ANONYMISING = ("status", "tier", "store_code", "source", "anonymised")
_EXTRA = {"tags", "family", "referrer_no"}  # recorded fields that are not members columns
Row = tuple[int, str, Any, Any]  # member_id, field, old, new


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        value = ",".join(sorted(str(v) for v in value))
    text = str(value).strip()
    return text or None


def _family_text(rows: Iterable[Mapping[str, Any]]) -> str | None:
    items = [
        {k: r.get(k) for k in ("relation", "name", "date", "calendar", "leap", "note")}
        for r in rows
    ]
    return json.dumps(items, ensure_ascii=False, sort_keys=True) if items else None


def snapshot(
    db: sqlite_utils.Database, member_ids: Iterable[int], fields: Iterable[str] | None = None
) -> dict[int, dict[str, Any]]:
    """The recorded fields of these members now, as text: ``{member_id: {field: text}}``
    (members that do not exist are left out). ``fields`` limits it to those (an edit of
    two fields need not read the whole archive twice)."""
    ids = json.dumps(sorted(set(int(i) for i in member_ids)))
    wanted: set[str] | None = None
    if fields is not None:
        wanted = set(fields) | ({"referrer_no"} if "referrer_id" in fields else set())
    if wanted is None:
        cols = "m.*"
    else:
        plain = [f for f in wanted if f not in _NOT_RECORDED and f not in _EXTRA]
        cols = ", ".join(["m.id", *(f"m.[{f}]" for f in plain)])
    cur = db.execute(
        f"SELECT {cols}, r.member_no AS referrer_no FROM members m "
        "LEFT JOIN members r ON r.id = m.referrer_id "
        "WHERE m.id IN (SELECT value FROM json_each(?))",
        [ids],
    )
    names = [c[0] for c in cur.description]
    out: dict[int, dict[str, Any]] = {}
    for row in cur.fetchall():
        values = dict(zip(names, row, strict=True))
        out[values["id"]] = {
            k: _text(v)
            for k, v in values.items()
            if k not in _NOT_RECORDED and (wanted is None or k in wanted)
        }
    tags = wanted is None or "tags" in wanted
    family = wanted is None or "family" in wanted
    for rec in out.values():
        if tags:
            rec["tags"] = None
        if family:
            rec["family"] = None
    if not out:
        return out
    if tags:
        for mid, joined in db.execute(
            "SELECT member_id, group_concat(tag, ',') FROM (SELECT member_id, tag FROM "
            "member_tags WHERE member_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY member_id, tag) GROUP BY member_id",
            [ids],
        ):
            out[mid]["tags"] = joined
    if family:
        fam: dict[int, list[dict[str, Any]]] = {}
        cur = db.execute(
            "SELECT member_id, relation, name, date, calendar, leap, note FROM member_family "
            "WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY member_id, id",
            [ids],
        )
        names = [c[0] for c in cur.description]
        for row in cur.fetchall():
            r = dict(zip(names, row, strict=True))
            fam.setdefault(r.pop("member_id"), []).append(r)
        for mid, rows in fam.items():
            out[mid]["family"] = _family_text(rows)
    return out


def diff(before: Mapping[int, Mapping[str, Any]], after: Mapping[int, Mapping[str, Any]]):
    """``(member_id, field, old, new)`` for every field that differs."""
    rows: list[Row] = []
    for mid, new in after.items():
        old = before.get(mid, {})
        for k, v in new.items():
            if old.get(k) != v and (k in old or v is not None):
                rows.append((mid, k, old.get(k), v))
    return rows


def record(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    action: str,
    rows: Iterable[Row],
    at: str | None = None,
) -> int:
    """Write cards for ``rows`` (``(member_id, field, old, new)``); call it inside the
    change's transaction. Returns how many were written."""
    if action not in ACTIONS:
        raise ValueError(f"unknown change-card action {action!r}")
    stamp = at or now()
    batch = [
        (mid, field, _text(old), _text(new), action, actor.user_id, actor.name, stamp)
        for mid, field, old, new in rows
    ]
    db.conn.executemany(
        "INSERT INTO member_changes (member_id, field, old, new, action, user_id, actor_name, "
        "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    return len(batch)


def record_diff(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    action: str,
    before: Mapping[int, Mapping[str, Any]],
    at: str | None = None,
) -> int:
    """Compare ``before`` (a :func:`snapshot` taken before the write) with the archive
    now and write a card per changed field."""
    fields = {k for rec in before.values() for k in rec}  # the same fields as before
    after = snapshot(db, before, fields)
    return record(db, actor=actor, action=action, rows=diff(before, after), at=at)


def redact(db: sqlite_utils.Database, member_id: int) -> None:
    """Blank the personal values of a member's cards (anonymisation)."""
    kept = json.dumps(KEPT_AFTER_ANONYMISING)
    db.execute(
        "UPDATE member_changes SET old = NULL, new = NULL, redacted = 1 "
        "WHERE member_id = ? AND field NOT IN (SELECT value FROM json_each(?)) "
        "AND (old IS NOT NULL OR new IS NOT NULL)",
        [member_id, kept],
    )


_COLS = ("id", "member_id", "field", "old", "new", "action", "user_id", "actor_name", "at")


def history(db: sqlite_utils.Database, member_id: int, limit: int | None = None) -> list[dict]:
    """A member's cards, oldest first (the last ``limit`` when given)."""
    sql = f"SELECT {', '.join(_COLS)}, redacted FROM member_changes WHERE member_id = ? "
    if limit is None:
        rows = db.execute(sql + "ORDER BY id", [member_id]).fetchall()
    else:
        rows = db.execute(sql + "ORDER BY id DESC LIMIT ?", [member_id, limit]).fetchall()[::-1]
    return [dict(zip((*_COLS, "redacted"), r, strict=True)) for r in rows]


def latest(db: sqlite_utils.Database) -> int:
    """The store's change version now (0 before any card)."""
    return int(db.execute("SELECT coalesce(MAX(id), 0) FROM member_changes").fetchone()[0])


def since(
    db: sqlite_utils.Database, version: int, *, skip_actions: Iterable[str] = ()
) -> list[dict]:
    """Every card after ``version`` (oldest first), with the member's number, except
    those made through ``skip_actions``."""
    cur = db.execute(
        f"SELECT {', '.join('c.' + c for c in _COLS)}, m.member_no FROM member_changes c "
        "JOIN members m ON m.id = c.member_id WHERE c.id > ? "
        "AND c.action NOT IN (SELECT value FROM json_each(?)) ORDER BY c.id",
        [version, json.dumps(list(skip_actions))],
    )
    return [dict(zip((*_COLS, "member_no"), r, strict=True)) for r in cur.fetchall()]


# ------------------------------------------------------------------ in words

_CHOICE_GROUPS = {
    "gender": "gender",
    "status": "status",
    "source": "source",
    "lost_reason": "lost_reason",
    "birthday_calendar": "calendar",
    "tier": "tier_name",
}


def field_text(fld: str, lang: str = "zh") -> str:
    """The field's name in ``lang``."""
    if fld in labels.WORDS["change_field"]:
        return labels.word("change_field", fld, lang)
    return labels.word("member_field", fld, lang)


def value_text(fld: str, value: str | None, lang: str = "zh", *, redacted: bool = False) -> str:
    """A card's old or new value as the card's history shows it."""
    if redacted and value is None:
        return labels.word("change_field", "redacted", lang)
    if value is None:
        return ""
    if fld == "family":
        try:
            items = json.loads(value)
        except ValueError:
            return value
        return "; ".join(
            " ".join(
                p
                for p in (
                    labels.word("relation", f.get("relation"), lang),
                    f.get("name") or "",
                    f.get("date") or "",
                )
                if p
            )
            for f in items
        )
    if fld in _CHOICE_GROUPS:
        return labels.word(_CHOICE_GROUPS[fld], value, lang)
    return value


def history_rows(db: sqlite_utils.Database, member_id: int, lang: str = "zh") -> list[dict]:
    """:func:`history`, newest first, with field, values and action in words (the
    card's history tab)."""
    out = []
    for c in reversed(history(db, member_id, limit=1000)):
        red = bool(c["redacted"])
        out.append(
            {
                **c,
                "field_text": field_text(c["field"], lang),
                "old_text": value_text(c["field"], c["old"], lang, redacted=red),
                "new_text": value_text(c["field"], c["new"], lang, redacted=red),
                "action_text": labels.word("change_action", c["action"], lang),
                "actor_text": audit.actor_text(c, lang),
            }
        )
    return out
