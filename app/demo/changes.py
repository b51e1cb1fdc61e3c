"""The demo store's change cards (顾客变动卡, app/change_cards.py): the history a real
archive has after a few years — every card made (建档) on the day the member joined,
the tier changes the loyalty recomputation made (``tier_history``), members marked
lost, the clerks' edits of an address, a size or a note, and the card merged away last
month. Oldest first, so the card ids (the store's change versions) follow time; nothing
after ``today``.

Column-wise (numpy), with its own random stream (``seed``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import sqlite_utils

EDIT_SHARE = 0.12  # members with one edit by a clerk
SIZES = ("XS", "S", "M", "L", "XL", "XXL")
OLD_NOTES = ("喜欢素色", "上次说想要大一码", "周末才有空来店", None)
# a clerk's stamp: 10:00-20:59, on the minute
_CLOCK = [f"T{h:02d}:{m:02d}:00" for h in range(10, 21) for m in range(60)]


def _older_size(value: str) -> str:
    i = SIZES.index(value) if value in SIZES else 2
    return SIZES[max(0, i - 1)] if i else SIZES[1]


def _change_history(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rng = np.random.default_rng([seed, 31, 16])
    staff = db.execute(
        "SELECT id, display_name FROM users WHERE role IN ('clerk', 'manager') ORDER BY id"
    ).fetchall() or [(None, "system")]
    members = db.execute(
        "SELECT id, member_no, joined_on, status, lost_reason, status_changed_at, "
        "address, size_top FROM members ORDER BY id"
    ).fetchall()
    n = len(members)
    rows: list[tuple[Any, ...]] = []
    if n:
        (mid, no, joined, status, reason, status_at, address, size_top) = (
            list(c) for c in zip(*members, strict=True)
        )
        end = today.toordinal()
        start = np.minimum(
            np.asarray([dt.date.fromisoformat(j).toordinal() for j in joined], np.int64), end
        )
        age = end - start
        days: dict[int, str] = {}

        def stamps(day: np.ndarray) -> list[str]:
            clock = rng.integers(0, len(_CLOCK), len(day)).tolist()
            out = []
            for d, c in zip(day.tolist(), clock, strict=True):
                s = days.get(d)
                if s is None:
                    s = days[d] = dt.date.fromordinal(d).isoformat()
                out.append(s + _CLOCK[c])
            return out

        def later(pick: np.ndarray) -> np.ndarray:  # a day from a month after joining
            lo = start[pick] + 30
            return lo + (rng.random(len(lo)) * (np.maximum(lo, end) - lo + 1)).astype(np.int64)

        def who(k: int) -> list[tuple[Any, Any]]:
            return [staff[i] for i in rng.integers(0, len(staff), k).tolist()]

        # every card made on the day its member joined
        for m, number, (uid, name), at in zip(mid, no, who(n), stamps(start), strict=True):
            rows.append((m, "created", None, number, "create", uid, name, at))
        # every tier change the loyalty recomputation made (upgrades, the yearly review),
        # as tier_history has them (app/demo/tiers.py)
        for m, at, old, new in db.execute(
            "SELECT member_id, at, from_tier, to_tier FROM tier_history "
            "WHERE from_tier IS NOT NULL AND from_tier <> to_tier ORDER BY id"
        ).fetchall():
            rows.append((m, "tier", old, new, "tier", None, "system", at))
        # members marked lost: the status and its reason, on the day
        gone = [i for i in range(n) if status[i] == "lost" and status_at[i]]
        for i, (uid, name) in zip(gone, who(len(gone)), strict=True):
            at = status_at[i][:19]
            rows.append((mid[i], "status", "dormant", "lost", "status", uid, name, at))
            rows.append((mid[i], "lost_reason", None, reason[i], "status", uid, name, at))
        # one edit by a clerk for some: the address, the top size or the note
        edit = np.flatnonzero((rng.random(n) < EDIT_SHARE) & (age > 60))
        field = rng.integers(0, 3, len(edit)).tolist()
        new_note = rng.integers(0, 3, len(edit)).tolist()
        old_note = rng.integers(0, len(OLD_NOTES), len(edit)).tolist()
        number = rng.integers(1, 301, len(edit)).tolist()
        notes: list[tuple[str, int]] = []  # a note written by one of the edits
        edits = []
        for k, i in enumerate(edit.tolist()):
            if field[k] == 0:
                name, value = "address", address[i]
                old = f"{value.split('路')[0]}路{number[k]}号" if value and "路" in value else None
            elif field[k] == 1:
                name, value = "size_top", size_top[i]
                old = _older_size(value) if value is not None else None
            else:
                name, value, old = "note", OLD_NOTES[new_note[k]], OLD_NOTES[old_note[k]]
                notes.append((value, mid[i]))
            if value is not None and old != value:
                edits.append((i, name, old, value))
        picked = np.asarray([e[0] for e in edits], np.int64)
        for (i, name, old, value), (uid, clerk), at in zip(
            edits, who(len(edits)), stamps(later(picked)), strict=True
        ):
            rows.append((mid[i], name, old, value, "form", uid, clerk, at))
        db.conn.executemany("UPDATE members SET note = ? WHERE id = ? AND note IS NULL", notes)
    manager = db.execute(
        "SELECT id, display_name FROM users WHERE role = 'manager' ORDER BY id LIMIT 1"
    ).fetchone() or (None, "system")
    for old_no, member, kept_no, at in db.execute(
        "SELECT a.value, a.member_id, m.member_no, a.merged_at FROM member_aliases a "
        "JOIN members m ON m.id = a.member_id WHERE a.kind = 'member_no'"
    ).fetchall():
        rows.append((member, "merged_from", old_no, kept_no, "merge", *manager, at))
    rows.sort(key=lambda r: r[7])
    db.conn.executemany(
        "INSERT INTO member_changes (member_id, field, old, new, action, user_id, actor_name, "
        "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
