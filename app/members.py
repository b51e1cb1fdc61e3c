"""The customer archive (顾客档案): create, update, get, count and page through members.

Every action is keyword-only, takes the acting user (``actor``), validates the whole
input before writing anything, runs in one transaction and returns ``Changes``. Only
name is required (and phone is the counter's identity when given: normalised, 11-digit
mainland mobile, unique).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app import audit, change_cards, labels
from app import state as app_state
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now
from app.normalize import (
    birthday_calendar_hint,
    name_pinyin,
    normalize_phone,
    parse_birthday,
    parse_date,
)
from app.text import clean_code, clean_line, clean_text

# Plain text fields and their maximum length.
TEXT_FIELDS: dict[str, int] = {
    "address": 200,
    "email": 100,
    "wechat": 60,
    "occupation": 60,
    "income_band": 40,
    "education": 40,
    "hobbies": 200,
    "employer": 100,  # 工作单位 (issue #19)
    "transport": 40,  # 交通方式: 自驾, 公共交通, 步行, 出租车… (labels ``transport``)
    "temperament": 100,
    "appearance": 100,
    "personality": 100,
    "service_style": 100,
    "size_top": 20,
    "size_bottom": 20,
    "size_shoe": 20,
    "preferred_styles": 200,
    "preferred_colours": 200,
    "preferred_brands": 200,
    "contact_notes": 300,
    "note": 1000,
    "lost_reason": 60,
    "lost_note": 300,
    "store_code": 20,
}
CHOICE_FIELDS: dict[str, str] = {"gender": "gender", "source": "source", "status": "status"}
CONSENT_CHANNELS = ("phone", "sms", "wechat", "mail")
GENDER_SYNONYMS = {"女": "female", "f": "female", "男": "male", "m": "male"}
EDITABLE = {
    "member_no",
    "name",
    "phone",
    "birthday",
    "birthday_calendar",
    "birthday_leap",
    "referrer_id",
    "tier",
    "consent_channels",
    "consent_at",
    "consent_notice_version",
    "joined_on",
    "verified_at",
    "enrolled_by",
    "tags",
    "family",
    *TEXT_FIELDS,
    *CHOICE_FIELDS,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 50
NOTICE_VERSION_MAX = 20  # "2027-1": the consent notice's version the member agreed to
DEFAULT_PREFIX = "VK"


# ------------------------------------------------------------------ validation


def _clean(
    db: sqlite_utils.Database, data: Mapping[str, Any], *, member_id: int | None
) -> dict[str, Any]:
    """Validate and normalise ``data`` (all fields at once); raise ValidationError."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key in data:
        if key not in EDITABLE:
            errors.append(FieldError(key, "unknown_field"))
    # Every field but these three is one value; a list or mapping there is a message,
    # not an exception further down (or a value SQLite cannot store).
    odd = {
        key
        for key, value in data.items()
        if key not in _LIST_FIELDS and isinstance(value, list | tuple | set | frozenset | dict)
    }
    for key in sorted(odd):
        errors.append(FieldError(key, "value_invalid", {"value": str(data[key])[:40]}))
    data = {key: value for key, value in data.items() if key not in odd}

    def take(key: str, fn: Any) -> None:
        if key not in data:
            return
        try:
            out[key] = fn(data[key])
        except ValidationError as exc:
            errors.extend(exc.errors)

    if "name" in data or member_id is None:
        name = clean_line(data.get("name"))
        if not name:
            errors.append(FieldError("name", "required"))
        elif len(name) > NAME_MAX:
            errors.append(FieldError("name", "too_long", {"max": NAME_MAX}))
        else:
            out["name"] = name
            out["name_pinyin"], out["name_initials"] = name_pinyin(name)

    take("phone", lambda v: normalize_phone(v, field="phone"))
    if out.get("phone"):
        row = db.execute(
            "SELECT id, member_no, name FROM members WHERE phone = ? UNION ALL "
            "SELECT m.id, m.member_no, m.name FROM member_aliases a JOIN members m "
            "ON m.id = a.member_id WHERE a.kind = 'phone' AND a.value = ? LIMIT 1",
            [out["phone"], out["phone"]],
        ).fetchone()
        if row and row[0] != member_id:
            errors.append(
                FieldError(
                    "phone",
                    "phone_duplicate",
                    {"member_id": row[0], "member_no": row[1], "name": row[2]},
                )
            )

    if "member_no" in data:
        no = clean_code(data["member_no"])
        if not no:
            errors.append(FieldError("member_no", "required"))
        else:
            row = db.execute(
                "SELECT id FROM members WHERE member_no = ? UNION ALL SELECT member_id "
                "FROM member_aliases WHERE kind = 'member_no' AND value = ? LIMIT 1",
                [no, no],
            ).fetchone()
            if row and row[0] != member_id:
                errors.append(FieldError("member_no", "member_no_duplicate", {"value": no}))
            out["member_no"] = no

    calendar = data.get("birthday_calendar", "solar") or "solar"
    said = birthday_calendar_hint(data.get("birthday"))  # 农历四月十五 typed as is
    if said is not None:
        calendar = said[0]
        data = {**data, "birthday_calendar": calendar, "birthday_leap": said[1]}
    if calendar not in ("solar", "lunar"):
        errors.append(
            FieldError(
                "birthday_calendar",
                "choice_invalid",
                {"value": calendar, "choices": "solar, lunar"},
            )
        )
        calendar = "solar"
    leap = bool(data.get("birthday_leap", False)) and calendar == "lunar"
    if "birthday" in data or "birthday_calendar" in data or "birthday_leap" in data:
        take(
            "birthday",
            lambda v: parse_birthday(v, calendar=calendar, leap=leap, field="birthday"),
        )
        out.setdefault("birthday", None)
        out["birthday_calendar"] = calendar
        out["birthday_leap"] = int(leap)

    for key, limit in TEXT_FIELDS.items():
        if key in data:
            text = clean_text(data[key])
            if len(text) > limit:
                errors.append(FieldError(key, "too_long", {"max": limit}))
            # store_code is NOT NULL (blank = this store); the rest store blank as NULL
            out[key] = text if key == "store_code" else (text or None)
    if out.get("lost_reason"):  # a label typed or shown on the card: store its code
        out["lost_reason"] = labels.code_of("lost_reason", out["lost_reason"])
    if out.get("email") and not _EMAIL.match(out["email"]):
        errors.append(FieldError("email", "email_invalid", {"value": out["email"]}))

    for key, group in CHOICE_FIELDS.items():
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, str):
            value = value.strip()
            value = GENDER_SYNONYMS.get(value.lower(), value) if key == "gender" else value
        if value in (None, ""):
            if key == "status":
                errors.append(FieldError(key, "required"))
            out[key] = None
        elif value not in labels.choices(group):
            errors.append(
                FieldError(
                    key,
                    "choice_invalid",
                    {"value": value, "choices": ", ".join(labels.choices(group))},
                )
            )
        else:
            out[key] = value

    if "referrer_id" in data and data["referrer_id"] not in (None, ""):
        ref = _member_id(data["referrer_id"])
        if ref is None:
            errors.append(FieldError("referrer_id", "referrer_missing"))
        elif member_id is not None and ref == member_id:
            errors.append(FieldError("referrer_id", "referrer_self"))
        elif not db.execute("SELECT 1 FROM members WHERE id = ?", [ref]).fetchone():
            errors.append(FieldError("referrer_id", "referrer_missing"))
        out["referrer_id"] = ref
    elif "referrer_id" in data:
        out["referrer_id"] = None

    if "enrolled_by" in data:  # 办卡导购: a user id (issue #19)
        out["enrolled_by"] = _enrolled_by(db, data["enrolled_by"], errors)

    if "tier" in data:
        tiers = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
        if data["tier"] not in tiers:
            errors.append(
                FieldError(
                    "tier", "choice_invalid", {"value": data["tier"], "choices": ", ".join(tiers)}
                )
            )
        out["tier"] = data["tier"]

    if "consent_channels" in data:
        raw = data["consent_channels"] or []
        if isinstance(raw, str):
            raw = raw.split(",")
        elif not isinstance(raw, list | tuple | set | frozenset):
            raw = [raw]
        chans = [clean_line(c) for c in raw]
        chans = [c for c in chans if c]
        bad = [c for c in chans if c not in CONSENT_CHANNELS]
        if bad:
            errors.append(
                FieldError(
                    "consent_channels",
                    "choice_invalid",
                    {"value": ",".join(bad), "choices": ", ".join(CONSENT_CHANNELS)},
                )
            )
        out["consent_channels"] = ",".join(c for c in CONSENT_CHANNELS if c in chans)
    for key in ("consent_at", "verified_at"):
        if key in data:
            out[key] = str(data[key]).strip() if data[key] else None
    if "consent_notice_version" in data:
        version = clean_line(data["consent_notice_version"])
        if len(version) > NOTICE_VERSION_MAX:
            errors.append(
                FieldError("consent_notice_version", "too_long", {"max": NOTICE_VERSION_MAX})
            )
        out["consent_notice_version"] = version or None
    take("joined_on", lambda v: (d := parse_date(v, field="joined_on")) and d.isoformat())
    if "joined_on" in out and not out["joined_on"]:
        # left empty: a new member joins today (create_member); a member's date stays
        del out["joined_on"]
        if member_id is not None:
            errors.append(FieldError("joined_on", "required"))

    if "tags" in data:
        tags = data["tags"] or []
        if isinstance(tags, str):
            tags = re.split(r"[,，;；]", tags)
        elif not isinstance(tags, list | tuple | set | frozenset):
            tags = [tags]
        out["tags"] = sorted({clean_line(t) for t in tags if clean_line(t)})
    if "family" in data:
        family = data["family"] or []
        if isinstance(family, list | tuple) and all(isinstance(r, Mapping) for r in family):
            out["family"] = _clean_family(family, errors)
        else:
            errors.append(FieldError("family", "value_invalid", {"value": str(family)[:40]}))

    if errors:
        raise ValidationError(errors)
    return out


_LIST_FIELDS = frozenset({"tags", "family", "consent_channels"})


def _enrolled_by(db: sqlite_utils.Database, value: object, errors: list[FieldError]) -> int | None:
    """The clerk who enrolled the member (办卡导购): a user's id, or None (unknown)."""
    if value in (None, ""):
        return None
    uid = _member_id(value)  # the same spellings of a row id
    if uid is None or not db.execute("SELECT 1 FROM users WHERE id = ?", [uid]).fetchone():
        errors.append(FieldError("enrolled_by", "clerk_missing", {"value": value}))
        return None
    return uid


def _member_id(value: object) -> int | None:
    """A member id as a form or caller may give it (``12``, ``"12"``, ``12.0``); None for
    anything that cannot be one (``"abc"``, ``1.5``, ``10**30``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        text = clean_code(value)
        value = int(text) if text.isdigit() and len(text) < 19 else None
    if isinstance(value, int) and 0 < value < 2**63:
        return value
    return None


def _clean_family(rows: list[Mapping[str, Any]], errors: list[FieldError]) -> list[dict]:
    clean = []
    for i, row in enumerate(rows):
        field = f"family[{i}]"
        relation = row.get("relation")
        if relation not in labels.choices("relation"):
            errors.append(
                FieldError(
                    f"{field}.relation",
                    "choice_invalid",
                    {"value": relation, "choices": ", ".join(labels.choices("relation"))},
                )
            )
            continue
        calendar = row.get("calendar") or "solar"
        leap = bool(row.get("leap")) and calendar == "lunar"
        try:
            date = parse_birthday(
                row.get("date"), calendar=calendar, leap=leap, field=f"{field}.date"
            )
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        clean.append(
            {
                "relation": relation,
                "name": clean_line(row.get("name")) or None,
                "date": date,
                "calendar": calendar,
                "leap": int(leap),
                "note": clean_text(row.get("note")) or None,
            }
        )
    return clean


# ------------------------------------------------------------------ member numbers


def next_member_no(db: sqlite_utils.Database) -> str:
    """The next free member number: the store's prefix (setting ``member_no_prefix``,
    default ``VK``) and a six-digit sequence after the highest one in use."""
    from app import settings

    prefix = str(settings.get(db, "member_no_prefix", DEFAULT_PREFIX))
    row = db.execute(
        "SELECT MAX(n) FROM (SELECT MAX(CAST(substr(member_no, ?) AS INTEGER)) AS n FROM "
        "members WHERE member_no GLOB ? UNION ALL SELECT MAX(CAST(substr(value, ?) AS "
        "INTEGER)) FROM member_aliases WHERE kind = 'member_no' AND value GLOB ?)",
        [len(prefix) + 1, prefix + "[0-9]*", len(prefix) + 1, prefix + "[0-9]*"],
    ).fetchone()
    n = (row[0] or 0) + 1
    while True:
        candidate = f"{prefix}{n:06d}"
        if not db.execute(
            "SELECT 1 FROM members WHERE member_no = ? UNION ALL SELECT 1 FROM member_aliases "
            "WHERE kind = 'member_no' AND value = ?",
            [candidate, candidate],
        ).fetchone():
            return candidate  # never a merged card's old number: it names the survivor
        n += 1


# ------------------------------------------------------------------ actions


def create_member(
    db: sqlite_utils.Database, *, actor: Actor, data: Mapping[str, Any], via: str = "form"
) -> Changes:
    """Add a member. ``data`` holds archive fields (``tags`` a list, ``family`` a list of
    ``{relation, name, date, calendar, leap, note}``). Returns Changes with created_id.
    ``via``: the change card's action (app/change_cards.py)."""
    with db.atomic():
        clean = _clean(db, data, member_id=None)
        if clean.get("status") == "anonymised" and actor.role != "system":
            raise ValidationError([FieldError("status", "anonymise_via_privacy")])
        tags = clean.pop("tags", [])
        family = clean.pop("family", [])
        if via == "form" and "enrolled_by" not in data and actor.user_id is not None:
            clean["enrolled_by"] = actor.user_id  # the clerk at the form enrolled them
        stamp = now()
        clean.setdefault("member_no", next_member_no(db))
        clean.setdefault("joined_on", stamp[:10])
        clean.update(created_at=stamp, updated_at=stamp)
        if clean.get("status") == "lost":  # a hand mark (app/state.py)
            clean.setdefault("status_changed_at", stamp)
        if clean.get("consent_channels") and not clean.get("consent_at"):
            clean["consent_at"] = stamp
        cols = ", ".join(clean)
        cur = db.execute(
            f"INSERT INTO members ({cols}) VALUES ({', '.join('?' * len(clean))})",
            list(clean.values()),
        )
        member_id = int(cur.lastrowid or 0)
        _write_tags(db, member_id, tags)
        _write_family(db, member_id, family)
        if clean.get("status") == "lost":
            app_state.record_mark(
                db,
                member_id,
                at=clean["status_changed_at"],
                reason=clean.get("lost_reason"),
                note=clean.get("lost_note"),
                user_id=actor.user_id,
            )
        said = audit.summary("member_create", member_no=clean["member_no"], name=clean["name"])
        audit.record(db, actor, "create", "member", member_id, said)
        change_cards.record(
            db,
            actor=actor,
            action="create" if via == "form" else via,
            rows=[(member_id, "created", None, clean["member_no"])],
        )
    return Changes.of({"members", "member_tags", "member_family"}, {member_id}, member_id)


def update_member(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    data: Mapping[str, Any],
    via: str = "form",
) -> Changes:
    """Change the given fields of a member (others stay). ``tags``/``family``, when
    given, replace the member's whole list. Each changed field gets a change card made
    through ``via`` (app/change_cards.py)."""
    with db.atomic():
        if not db.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone():
            raise NotFound(f"member {member_id} does not exist")
        before = _archive(db, member_id) or {}
        if before.get("status") == "anonymised" and actor.role != "system":
            # an anonymised archive stays anonymous (app/privacy.py)
            raise ValidationError([FieldError("member_id", "member_anonymised")])
        clean = _clean(db, data, member_id=member_id)
        if clean.get("status") == "anonymised" and actor.role != "system":
            raise ValidationError([FieldError("status", "anonymise_via_privacy")])
        was = change_cards.snapshot(db, [member_id], set(clean) | set(data))
        tables = {"members"}
        if "tags" in clean:
            _write_tags(db, member_id, clean.pop("tags"), replace=True)
            tables.add("member_tags")
        if "family" in clean:
            _write_family(db, member_id, clean.pop("family"), replace=True)
            tables.add("member_family")
        clean["updated_at"] = now()
        if clean.get("status") and clean["status"] != before.get("status"):
            clean["status_changed_at"] = clean["updated_at"]
        sets = ", ".join(f"{k} = ?" for k in clean)
        db.execute(f"UPDATE members SET {sets} WHERE id = ?", [*clean.values(), member_id])
        if clean.get("status") == "lost" and before.get("status") != "lost":
            app_state.record_mark(
                db,
                member_id,
                at=clean["status_changed_at"],
                reason=clean.get("lost_reason", before.get("lost_reason")),
                note=clean.get("lost_note", before.get("lost_note")),
                user_id=actor.user_id,
            )
        changed = sorted(k for k in data if before.get(k) != clean.get(k, data[k]))
        said = audit.summary("member_update", fields=changed)
        audit.record(db, actor, "update", "member", member_id, said)
        if change_cards.record_diff(db, actor=actor, action=via, before=was):
            tables.add("member_changes")
    return Changes.of(tables, {member_id})


def _write_tags(
    db: sqlite_utils.Database, member_id: int, tags: list[str], replace: bool = False
) -> None:
    if replace:
        db.execute("DELETE FROM member_tags WHERE member_id = ?", [member_id])
    db.conn.executemany(
        "INSERT INTO member_tags (member_id, tag) VALUES (?, ?)",
        [(member_id, t) for t in tags],
    )


def _write_family(
    db: sqlite_utils.Database, member_id: int, family: list[dict], replace: bool = False
) -> None:
    if replace:
        db.execute("DELETE FROM member_family WHERE member_id = ?", [member_id])
    db.conn.executemany(
        "INSERT INTO member_family (member_id, relation, name, date, calendar, leap, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (member_id, f["relation"], f["name"], f["date"], f["calendar"], f["leap"], f["note"])
            for f in family
        ],
    )


# ------------------------------------------------------------------ reading


def get_member(
    db: sqlite_utils.Database, member_id: int, *, actor: Actor, unmask: bool = False
) -> dict[str, Any] | None:
    """The whole archive of one member: every column plus ``tags`` and ``family``; the
    phone as ``actor`` may see it (masked unless ``unmask`` and the role may: then
    logged, ``app.privacy.shown_phones``)."""
    member = _archive(db, member_id)
    if member is not None:
        from app import privacy

        privacy.shown_phones(db, actor=actor, rows=[member], unmask=unmask, member_id=member_id)
    return member


def _archive(db: sqlite_utils.Database, member_id: int) -> dict[str, Any] | None:
    """:func:`get_member` as stored (full phone), for this module's own checks."""
    cur = db.execute("SELECT * FROM members WHERE id = ?", [member_id])
    row = cur.fetchone()
    if row is None:
        return None
    member = dict(zip([c[0] for c in cur.description], row, strict=True))
    member["tags"] = [
        r[0]
        for r in db.execute(
            "SELECT tag FROM member_tags WHERE member_id = ? ORDER BY tag", [member_id]
        )
    ]
    fcur = db.execute(
        "SELECT id, relation, name, date, calendar, leap, note FROM member_family "
        "WHERE member_id = ? ORDER BY id",
        [member_id],
    )
    names = [c[0] for c in fcur.description]
    member["family"] = [dict(zip(names, r, strict=True)) for r in fcur]
    return member


def find_by_phone(
    db: sqlite_utils.Database, phone: object, *, actor: Actor, unmask: bool = False
) -> dict[str, Any] | None:
    """The member with this phone (any accepted spelling of it), or None. Finding a
    member by the number typed is not unmasking it: the phone comes back as
    :func:`get_member` gives it to ``actor``."""
    normal = normalize_phone(phone)
    if normal is None:
        return None
    row = db.execute("SELECT id FROM members WHERE phone = ?", [normal]).fetchone()
    return get_member(db, row[0], actor=actor, unmask=unmask) if row else None


def resolve(
    db: sqlite_utils.Database, *, member_no: str | None = None, phone: str | None = None
) -> int | None:
    """The member a number or phone names today: the member holding it, else the one a
    merged card's old number or phone now belongs to (``member_aliases``); None."""
    for kind, value in (("member_no", member_no), ("phone", phone)):
        if not value:
            continue
        row = db.execute(f"SELECT id FROM members WHERE {kind} = ?", [value]).fetchone()
        if row is None:
            row = db.execute(
                "SELECT member_id FROM member_aliases WHERE kind = ? AND value = ?",
                [kind, value],
            ).fetchone()
        if row is not None:
            return int(row[0])
    return None


def count_members(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM members").fetchone()[0])


LIST_COLUMNS = ("id", "member_no", "name", "gender", "phone", "tier", "status", "joined_on")


def page_members(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    after_id: int = 0,
    limit: int = 256,
    unmask: bool = False,
) -> list[dict[str, Any]]:
    """Members in id order, ``limit`` at a time after ``after_id`` (keyset paging: the
    last page costs the same as the first, unlike OFFSET); phones as ``actor`` may see
    them (``app.privacy.shown_phones``)."""
    from app import privacy

    cur = db.execute(
        f"SELECT {', '.join(LIST_COLUMNS)} FROM members WHERE id > ? ORDER BY id LIMIT ?",
        [after_id, limit],
    )
    rows = [dict(zip(LIST_COLUMNS, r, strict=True)) for r in cur]
    privacy.shown_phones(db, actor=actor, rows=rows, unmask=unmask)
    return rows


def validate_member(
    db: sqlite_utils.Database, data: Mapping[str, Any], member_id: int | None = None
) -> dict[str, Any]:
    """Validate and normalise ``data`` as ``create_member`` (``member_id`` None) or
    ``update_member`` would, without writing; raise ValidationError with every problem.
    The Excel importer's equivalence test compares its batch rules with this."""
    return _clean(db, data, member_id=member_id)
