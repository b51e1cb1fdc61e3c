"""The demo store's alteration and delivery orders (免费修改/扦边/送衣,
app/service/alterations.py): about one sale in forty over the last year came with a free
service — hemming trousers, taking in a jacket, a delivery home, a second fitting —
due three to seven days after the sale. Orders of the last days are still open, a few
are ready and waiting for the member's call, the rest were collected. Nothing after
``today``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

import sqlite_utils

ORDERS = (
    ("hem", "裤长改短 {n} 厘米"),
    ("hem", "裙摆扦边 {n} 厘米"),
    ("alteration", "西装腰身收 {n} 厘米"),
    ("alteration", "袖长改短 {n} 厘米"),
    ("delivery", "送到家，下午六点后"),
    ("refit", "改后再次试穿确认"),
)


def alterations_since(today: dt.date) -> str:
    """The first day whose sales may have come with an order."""
    return (today - dt.timedelta(days=365)).isoformat()


def _alterations(
    db: sqlite_utils.Database,
    today: dt.date,
    seed: int,
    sales: Iterable[tuple[int, int, str, int | None]] | None = None,
) -> None:
    """``sales``: the sales of the last year (id, member, at, clerk) of members active
    now, in id order — what the query below reads, given by the build from its arrays
    (reading ~500k rows back took ~1 CPU-s of the 100k demo)."""
    rnd = random.Random(seed * 41 + 23)
    if sales is None:
        # purchases first (CROSS JOIN): one pass over the table in id order, each member
        # found by its key — not every active member's rows through the (member, at)
        # index, read in random order and sorted (2.6x the CPU on the 100k store)
        sales = db.execute(
            "SELECT p.id, p.member_id, p.at, p.clerk_id FROM purchases p "
            "CROSS JOIN members m ON m.id = p.member_id "
            "WHERE p.at >= ? AND p.total_fen > 0 AND m.status = 'active' ORDER BY p.id",
            [alterations_since(today)],
        ).fetchall()
    rows = []
    for pid, mid, at, clerk in sales:
        if rnd.random() >= 1 / 40:
            continue
        sold = dt.date.fromisoformat(at[:10])
        kind, note = rnd.choice(ORDERS)
        due = sold + dt.timedelta(days=rnd.randint(3, 7))
        ready = sold + dt.timedelta(days=rnd.randint(2, 6))
        collected = ready + dt.timedelta(days=rnd.randint(0, 5))
        if ready > today:
            status, ready_at, collected_at = "open", None, None
        elif collected > today or ((today - ready).days <= 2 and rnd.random() < 0.6):
            status, ready_at, collected_at = "ready", f"{ready}T17:30:00", None
        else:
            status, ready_at, collected_at = (
                "collected",
                f"{ready}T17:30:00",
                f"{collected}T18:45:00",  # after it was ready, even the same day
            )
        rows.append(
            (
                mid,
                pid,
                kind,
                due.isoformat(),
                status,
                note.format(n=rnd.randint(2, 5)),
                clerk,
                at,
                ready_at,
                collected_at,
            )
        )
    db.conn.executemany(
        "INSERT INTO alterations (member_id, purchase_id, kind, due_on, status, note, "
        "created_by, created_at, ready_at, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
