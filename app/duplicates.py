"""Candidate duplicate members, for a person to review and merge (issue #15).

A second card for the same customer is made at the counter (a new phone, no phone, a
typo) or by an import. Exact phones are unique already, so the finder looks at what is
left, each rule one grouped query over indexed columns:

* ``name_birthday``: the same name and the same birthday (a second 王小明 born on the
  same day, one of them without a phone);
* ``pinyin_phone_tail``: the same name spelled the same in pinyin (张三/章三) and the
  same last four digits of the phone: a number typed once with a wrong digit;
* ``name_address``: the same name at the same address (spaces and punctuation ignored);
* ``phone_in_wechat``: one member's phone is another's WeChat ID (many customers use
  their number as their WeChat ID).

Anonymised members are never candidates, and a pair a person marked "not the same
customer" (:func:`dismiss`) is not proposed again. Merging itself is
``app.merge.merge_members``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from app import audit, permissions
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.normalize import mask_phone

RULES = ("name_birthday", "pinyin_phone_tail", "name_address", "phone_in_wechat")
_GROUP_LIMIT = 20  # a name shared by more (a very common name) is not a duplicate sign
_ADDRESS_NOISE = re.compile(r"[\s,，.。·\-－/#（）()号室]+")


@dataclass
class Candidate:
    """Two members who may be one customer: ``a_id`` < ``b_id``; why, most telling
    first."""

    a_id: int
    b_id: int
    reasons: list[str] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"reasons": list(self.reasons), "members": self.members}


def find(db: sqlite_utils.Database, *, show_phones: bool = False) -> list[Candidate]:
    """Every candidate pair, those with more reasons first, then by member number.
    Phones are masked unless ``show_phones`` (the caller checked the permission)."""
    pairs: dict[tuple[int, int], Candidate] = {}

    def add(ids: list[int], rule: str) -> None:
        ids = sorted(set(ids))
        if not 1 < len(ids) <= _GROUP_LIMIT:
            return
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                cand = pairs.setdefault((a, b), Candidate(a, b))
                if rule not in cand.reasons:
                    cand.reasons.append(rule)

    live = "status <> 'anonymised'"
    for (ids,) in db.execute(
        f"SELECT group_concat(id) FROM members WHERE {live} AND birthday IS NOT NULL "
        "GROUP BY name, birthday HAVING count(*) > 1"
    ):
        add(_ids(ids), "name_birthday")
    for (ids,) in db.execute(
        f"SELECT group_concat(id) FROM members WHERE {live} AND phone IS NOT NULL "
        "AND name_pinyin <> '' GROUP BY name_pinyin, substr(phone, -4) HAVING count(*) > 1"
    ):
        add(_ids(ids), "pinyin_phone_tail")
    by_address: dict[tuple[str, str], list[int]] = defaultdict(list)
    for mid, name, address in db.execute(
        f"SELECT id, name, address FROM members WHERE {live} AND address IS NOT NULL "
        "AND name IN (SELECT name FROM members WHERE address IS NOT NULL "
        "GROUP BY name HAVING count(*) > 1)"
    ):
        key = _ADDRESS_NOISE.sub("", address).lower()
        if key:
            by_address[(name, key)].append(mid)
    for ids in by_address.values():
        add(ids, "name_address")
    for a, b in db.execute(
        f"SELECT m.id, w.id FROM members m JOIN members w ON w.wechat = m.phone "
        f"WHERE m.id <> w.id AND m.{live} AND w.{live}"
    ):
        add([a, b], "phone_in_wechat")

    dismissed = {
        (int(a), int(b))
        for a, b in db.execute("SELECT a_id, b_id FROM duplicate_dismissed").fetchall()
    }
    found = [c for key, c in pairs.items() if key not in dismissed]
    if not found:
        return []
    rows = _members(db, {i for c in found for i in (c.a_id, c.b_id)}, show_phones)
    for cand in found:
        cand.reasons.sort(key=RULES.index)
        cand.members = [rows[cand.a_id], rows[cand.b_id]]
    found.sort(key=lambda c: (-len(c.reasons), c.members[0]["member_no"], c.b_id))
    return found


def dismiss(db: sqlite_utils.Database, *, actor: Actor, a_id: int, b_id: int) -> Changes:
    """Mark two members as different customers: the pair is not proposed again."""
    permissions.require(actor, permissions.MERGE)
    if a_id == b_id:
        raise ValidationError([FieldError("b_id", "merge_same")])
    a_id, b_id = sorted((a_id, b_id))
    with db.atomic():
        found = db.execute(
            "SELECT member_no FROM members WHERE id IN (?, ?) ORDER BY id", [a_id, b_id]
        ).fetchall()
        if len(found) != 2:
            raise ValidationError([FieldError("b_id", "member_missing")])
        db.execute(
            "INSERT OR IGNORE INTO duplicate_dismissed (a_id, b_id, at, user_id) "
            "VALUES (?, ?, ?, ?)",
            [a_id, b_id, now(), actor.user_id],
        )
        audit.record(
            db,
            actor,
            "duplicate_dismissed",
            "member",
            a_id,
            audit.summary("duplicate_dismissed", a=found[0][0], b=found[1][0]),
        )
    return Changes.of({"duplicate_dismissed", "audit_log"}, {a_id, b_id})


def _ids(joined: str) -> list[int]:
    return [int(x) for x in str(joined).split(",")]


def _members(
    db: sqlite_utils.Database, ids: set[int], show_phones: bool
) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for mid, no, name, phone, birthday, address, joined, visits in db.execute(
            "SELECT m.id, m.member_no, m.name, m.phone, m.birthday, m.address, m.joined_on, "
            "COALESCE(s.visits, 0) FROM members m LEFT JOIN member_stats s "
            f"ON s.member_id = m.id WHERE m.id IN ({marks})",
            chunk,
        ):
            out[mid] = {
                "id": mid,
                "member_no": no,
                "name": name,
                "phone": phone if show_phones else (mask_phone(phone) if phone else None),
                "birthday": birthday,
                "address": address,
                "joined_on": joined,
                "visits": visits,
            }
    return out
