"""The demo store's counter queue history (app/counter_queue.py, issue #16 item 3): on
the morning the manager imported head office's full member list (the 10th of last
month, 10:00–11:30, as the store does), the sales made at the counter meanwhile waited
in the counter queue and were entered a few minutes later. Each has its row in
``counter_queue_entered`` (the queue's id, when it was queued and entered), as the real
drain writes it. Nothing is left waiting: the app would enter it at start-up anyway."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

IMPORT_START = "10:00:00"
IMPORT_END = "11:30:00"


def _import_day(today: dt.date) -> dt.date:
    first = today.replace(day=1) - dt.timedelta(days=1)  # the last day of last month
    return first.replace(day=10)


def _queued_sales(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rnd = random.Random(seed * 41 + 3)
    day = _import_day(today)
    for _ in range(14):  # the import day, or the next day with sales in that window
        sales = db.execute(
            "SELECT id, at FROM purchases WHERE return_of IS NULL AND at BETWEEN ? AND ? "
            "ORDER BY at, id",
            [f"{day.isoformat()}T{IMPORT_START}", f"{day.isoformat()}T{IMPORT_END}"],
        ).fetchall()
        if sales:
            break
        day += dt.timedelta(days=1)
    else:
        return
    end = dt.datetime.fromisoformat(f"{day.isoformat()}T{IMPORT_END}")
    rows = []
    for purchase_id, at in sales[:6]:
        entered = end + dt.timedelta(seconds=rnd.randint(2, 90))
        rows.append((f"{rnd.getrandbits(128):032x}", purchase_id, at, entered.isoformat()))
    db.conn.executemany(
        "INSERT INTO counter_queue_entered (uuid, purchase_id, queued_at, entered_at) "
        "VALUES (?, ?, ?, ?)",
        rows,
    )
