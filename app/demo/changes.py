"""The demo store's change cards (顾客变动卡, app/change_cards.py): the history a real
archive has after a few years — every card made (建档) on the day the member joined, the
tier upgrades the loyalty recomputation made, members marked lost, the clerks' edits of
an address, a size or a note, and the card merged away last month. Oldest first, so the
card ids (the store's change versions) follow time; nothing after ``today``."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import sqlite_utils

EDIT_SHARE = 0.12  # members with one edit by a clerk
SIZES = ("XS", "S", "M", "L", "XL", "XXL")
OLD_NOTES = ("喜欢素色", "上次说想要大一码", "周末才有空来店", None)


def _stamp(day: dt.date, rnd: random.Random) -> str:
    return f"{day.isoformat()}T{rnd.randint(10, 20):02d}:{rnd.randint(0, 59):02d}:00"


def _day_between(start: dt.date, end: dt.date, rnd: random.Random) -> dt.date:
    return start + dt.timedelta(days=rnd.randint(0, max(0, (end - start).days)))


def _old_value(field: str, value: Any, rnd: random.Random) -> Any:
    if field == "size_top":
        i = SIZES.index(value) if value in SIZES else 2
        return SIZES[max(0, i - 1)] if i else SIZES[1]
    if field == "address":
        return f"{value.split('路')[0]}路{rnd.randint(1, 300)}号" if "路" in value else None
    return rnd.choice(OLD_NOTES)


def _change_history(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rnd = random.Random(seed * 31 + 16)
    staff = db.execute(
        "SELECT id, display_name FROM users WHERE role IN ('clerk', 'manager') ORDER BY id"
    ).fetchall() or [(None, "system")]
    tiers = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
    rows: list[tuple[Any, ...]] = []
    notes: list[tuple[str, int]] = []  # a note written by one of the edits
    for mid, no, joined, tier, status, reason, status_at, address, size_top in db.execute(
        "SELECT id, member_no, joined_on, tier, status, lost_reason, status_changed_at, "
        "address, size_top FROM members ORDER BY id"
    ).fetchall():
        start = min(dt.date.fromisoformat(joined), today)
        uid, who = rnd.choice(staff)
        rows.append((mid, "created", None, no, "create", uid, who, _stamp(start, rnd)))
        if tier in tiers and tiers.index(tier) > 0 and (today - start).days > 30:
            day = _day_between(start + dt.timedelta(days=30), today, rnd)
            old = tiers[tiers.index(tier) - 1]
            rows.append((mid, "tier", old, tier, "tier", None, "system", _stamp(day, rnd)))
        if status == "lost" and status_at:
            uid, who = rnd.choice(staff)
            at = status_at[:19]
            rows.append((mid, "status", "dormant", "lost", "status", uid, who, at))
            rows.append((mid, "lost_reason", None, reason, "status", uid, who, at))
        if rnd.random() < EDIT_SHARE and (today - start).days > 60:
            field, value = rnd.choice(
                [("address", address), ("size_top", size_top), ("note", None)]
            )
            if field == "note":
                value = rnd.choice(OLD_NOTES[:3])
                notes.append((value, mid))
            if value is not None:
                uid, who = rnd.choice(staff)
                day = _day_between(start + dt.timedelta(days=30), today, rnd)
                old = _old_value(field, value, rnd)
                if old != value:
                    rows.append((mid, field, old, value, "form", uid, who, _stamp(day, rnd)))
    manager = db.execute(
        "SELECT id, display_name FROM users WHERE role = 'manager' ORDER BY id LIMIT 1"
    ).fetchone() or (None, "system")
    for old_no, mid, kept_no, at in db.execute(
        "SELECT a.value, a.member_id, m.member_no, a.merged_at FROM member_aliases a "
        "JOIN members m ON m.id = a.member_id WHERE a.kind = 'member_no'"
    ).fetchall():
        rows.append((mid, "merged_from", old_no, kept_no, "merge", *manager, at))
    db.conn.executemany("UPDATE members SET note = ? WHERE id = ? AND note IS NULL", notes)
    rows.sort(key=lambda r: r[7])
    db.conn.executemany(
        "INSERT INTO member_changes (member_id, field, old, new, action, user_id, actor_name, "
        "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
