"""Merging two archives of the same customer (a duplicate card, a second phone number).

``merge_members(keep_id=…, remove_id=…)`` moves everything that belongs to the removed
member to the kept one, fills the kept archive's empty fields from the removed one,
deletes the removed member and rebuilds the kept member's cached figures, in one
transaction, with one audit entry.

What moves: every row of every table with a foreign key to ``members(id)`` (found from
the schema, so tables added later move too): purchases, contacts, points_ledger (only
``member_id`` changes, which its append-only trigger allows), surveys, complaints,
redemptions, tier history, family; ``members.referrer_id`` (the people the removed
member referred); tags are united. ``member_stats`` is rebuilt, not moved. A table whose
member column is unique must be handled here by name (``_SPECIAL``).

The removed card's member number, and its phone unless the kept card takes the phone
over, become aliases of the kept member (``member_aliases``, resolved by
``app.members.resolve``).

Filling: a field of the kept member that is empty (NULL or '') takes the removed
member's value. Fields that belong together move together: the birthday with its
calendar and leap flag, consent channels with their date and notice version, the lost
reason with its note. Besides: the higher tier (by rank) is kept; ``joined_on`` is the
earlier one (member since), ``verified_at`` the later one. Never filled: id,
member_no, name and its pinyin, status, timestamps.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app import audit, change_cards, permissions, stats
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now

# Member columns that are never copied from the removed member.
_NEVER = {
    "id", "member_no", "name", "name_pinyin", "name_initials", "status",
    "status_changed_at", "created_at", "updated_at", "joined_on", "verified_at", "tier",
}  # fmt: skip
# Columns copied as a group, only when the first is empty on the kept member.
_GROUPS = (
    ("birthday", "birthday_calendar", "birthday_leap"),
    ("consent_channels", "consent_at", "consent_notice_version"),
    ("lost_reason", "lost_note"),
)
# Tables whose member column cannot simply be updated.
_SPECIAL = {"members", "member_stats", "member_tags"}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _member_fks(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """``(table, column)`` of every foreign key that points at ``members(id)``."""
    out = []
    for (table,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if fk[2] == "members" and fk[4] in (None, "id"):
                out.append((table, fk[3]))
    return out


def merge_members(
    db: sqlite_utils.Database, *, actor: Actor, keep_id: int, remove_id: int
) -> Changes:
    """Merge member ``remove_id`` into ``keep_id`` (see the module docstring). Refuses
    merging a member with itself (``merge_same``) or an anonymised member; raises
    NotFound for an unknown id. Returns Changes naming both members. Manager or owner
    only (``app.permissions.MERGE``)."""
    permissions.require(actor, permissions.MERGE)
    if keep_id == remove_id:
        raise ValidationError([FieldError("remove_id", "merge_same")])
    with db.atomic():
        cur = db.execute("SELECT * FROM members WHERE id IN (?, ?)", [keep_id, remove_id])
        names = [c[0] for c in cur.description]
        rows = {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}
        for mid in (keep_id, remove_id):
            if mid not in rows:
                raise NotFound(f"member {mid} does not exist")
        keep, remove = rows[keep_id], rows[remove_id]
        errors = [
            FieldError(field, "member_anonymised")
            for field, m in (("keep_id", keep), ("remove_id", remove))
            if m["status"] == "anonymised"
        ]
        if errors:
            raise ValidationError(errors)

        # -- fields to fill on the kept member
        fill: dict[str, Any] = {}
        grouped = {c for g in _GROUPS for c in g}
        for group in _GROUPS:
            if _empty(keep[group[0]]) and not _empty(remove[group[0]]):
                fill.update({c: remove[c] for c in group})
        for col in names:
            if col in _NEVER or col in grouped:
                continue
            if _empty(keep[col]) and not _empty(remove[col]):
                fill[col] = remove[col]
        if fill.get("referrer_id") in (keep_id, remove_id):
            del fill["referrer_id"]
        ranks = dict(db.execute("SELECT code, rank FROM tiers").fetchall())
        if ranks.get(remove["tier"], -1) > ranks.get(keep["tier"], -1):
            fill["tier"] = remove["tier"]
        if remove["joined_on"] and (
            not keep["joined_on"] or remove["joined_on"] < keep["joined_on"]
        ):
            fill["joined_on"] = remove["joined_on"]
        if remove["verified_at"] and (
            not keep["verified_at"] or remove["verified_at"] > keep["verified_at"]
        ):
            fill["verified_at"] = remove["verified_at"]

        # -- move what belongs to the removed member (its change cards too)
        was = change_cards.snapshot(db, [keep_id])
        tables: set[str] = {"members", "member_stats", "member_changes"}
        moved: dict[str, int] = {}
        for table, column in _member_fks(db):
            if table in _SPECIAL:
                continue
            n = db.execute(
                f"UPDATE [{table}] SET [{column}] = ? WHERE [{column}] = ?", [keep_id, remove_id]
            ).rowcount
            if n:
                moved[table] = n
                tables.add(table)
        n = db.execute(
            "INSERT OR IGNORE INTO member_tags (member_id, tag) "
            "SELECT ?, tag FROM member_tags WHERE member_id = ?",
            [keep_id, remove_id],
        ).rowcount
        if n:
            tables.add("member_tags")
        # the people the removed member referred; nobody refers themselves
        n = db.execute(
            "UPDATE members SET referrer_id = ? WHERE referrer_id = ? AND id <> ?",
            [keep_id, remove_id, keep_id],
        ).rowcount
        if n:
            moved["referrals"] = n
        if keep["referrer_id"] == remove_id:
            fill["referrer_id"] = None

        # -- the removed card's number (and phone, unless the kept card takes it over)
        # keep resolving to the kept member: search, imports, head office's files
        stamp = now()
        aliases = [("member_no", remove["member_no"])]
        if remove["phone"] and "phone" not in fill:
            aliases.append(("phone", remove["phone"]))
        db.conn.executemany(
            "INSERT OR REPLACE INTO member_aliases (kind, value, member_id, merged_at) "
            "VALUES (?, ?, ?, ?)",
            [(kind, value, keep_id, stamp) for kind, value in aliases],
        )
        tables.add("member_aliases")
        # -- the removed member goes first: the kept one may take over its phone
        db.execute("DELETE FROM members WHERE id = ?", [remove_id])
        if fill:
            fill["updated_at"] = now()
            sets = ", ".join(f"[{k}] = ?" for k in fill)
            db.execute(f"UPDATE members SET {sets} WHERE id = ?", [*fill.values(), keep_id])
        stats.rebuild(db, [keep_id])
        # the kept card's change cards: which card was merged in (a tombstone head
        # office receives as A → B), then each field it took from it
        change_cards.record(
            db,
            actor=actor,
            action="merge",
            rows=[(keep_id, "merged_from", remove["member_no"], keep["member_no"])],
        )
        change_cards.record_diff(db, actor=actor, action="merge", before=was)
        # Monthly segment snapshots key on (month, member) and are derived: drop them so
        # the kept member's history is rebuilt from the merged facts when next needed.
        from app import analytics as segments

        segments.invalidate_snapshots(db)
        said = audit.summary(
            "member_merge_filled" if fill else "member_merge",
            removed_no=remove["member_no"],
            removed_name=remove["name"],
            kept_no=keep["member_no"],
            kept_name=keep["name"],
            moved=dict(sorted(moved.items())),
            **({"filled": sorted(k for k in fill if k != "updated_at")} if fill else {}),
        )
        audit.record(db, actor, "merge", "member", keep_id, said)
    return Changes.of(tables, {keep_id, remove_id})
