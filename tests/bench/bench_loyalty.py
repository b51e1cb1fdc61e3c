"""Loyalty benchmark: backfill, the award inside a sale, the expiry job and the tier
recomputation on a big store.

    .venv/bin/python tests/bench/bench_loyalty.py --db PATH [--today YYYY-MM-DD]
        [--sales 200] [--in-place]

``--db`` is a 100,000-member / 2,000,000-purchase store (``python main.py demo --db
/tmp/loy100k.db --members 100000 --purchases 2000000``). The store is copied (SQLite's
online backup) to a scratch file next to it first, because the benchmark writes a
ledger; ``--in-place`` works on the file itself (a second run then measures a store
that already has points). ``today`` defaults to the day of the newest purchase.

When the programme has not started, a rule version (app.loyalty.DEFAULT_RULES: 1 point
per ¥10, 24 months) is saved from the first purchase's date and three rewards are
added, then ``backfill`` awards the history. Writes inside ``record_purchase`` are
measured in a transaction that is rolled back.

Prints one line per figure, ``name: value unit (goal: X)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app import calllist, loyalty, purchases  # noqa: E402
from app.core import SYSTEM  # noqa: E402
from app.db import open_db  # noqa: E402


def line(name: str, value: float | str, unit: str = "", goal: str = "report") -> None:
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text}{' ' + unit if unit else ''} (goal: {goal})", flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    source = sqlite3.connect(str(src))
    target = sqlite3.connect(str(dst))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a big store")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the jobs' day")
    parser.add_argument("--sales", type=int, default=200, help="sales for the award figure")
    parser.add_argument("--in-place", action="store_true", help="write into --db itself")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"{args.db}: no such file", file=sys.stderr)
        return 1
    path = args.db
    if not args.in_place:
        path = args.db.with_name(args.db.stem + "-loyalty-bench.db")
        seconds, _ = timed(lambda: copy_store(args.db, path))
        line(f"copy store to {path.name}", seconds, "s")

    seconds, db = timed(lambda: open_db(path))
    line("open_db (with migrations)", seconds, "s")
    n_members = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    n_purchases = db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0]
    line("store", f"{n_members:,} members, {n_purchases:,} purchases")
    last = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    today = args.today or (dt.date.fromisoformat(last[:10]) if last else dt.date.today())

    # -- start the programme and award the history
    if not loyalty.rule_versions(db):
        first = db.execute("SELECT MIN(at) FROM purchases").fetchone()[0][:10]
        loyalty.save_rules(
            db, actor=SYSTEM, rules=loyalty.default_rules(db), effective_from=first, today=today
        )
        for name, kind, cost in (("¥10 优惠券", "coupon", 100), ("保温杯", "gift", 300),
                                 ("¥100 代金券", "voucher", 1000)):  # fmt: skip
            loyalty.save_reward(
                db,
                actor=SYSTEM,
                data={"name": name, "kind": kind, "cost_points": cost, "value_fen": cost * 10},
            )
    seconds, _ = timed(lambda: loyalty.backfill(db, actor=SYSTEM, today=today))
    n_ledger = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
    line(f"backfill (ledger now {n_ledger:,} entries)", seconds, "s")

    # -- the expiry job over the whole store
    seconds, ch = timed(lambda: loyalty.expire_points(db, actor=SYSTEM, today=today))
    n_exp = db.execute("SELECT COUNT(*) FROM points_ledger WHERE reason = 'expire'").fetchone()[0]
    line(
        f"expiry job, first run after backfill ({n_exp:,} expire entries, "
        f"{len(ch.member_ids):,} members)",
        seconds,
        "s",
        "< 5 s",
    )
    seconds, ch = timed(lambda: loyalty.expire_points(db, actor=SYSTEM, today=today))
    line(f"expiry job, second run ({len(ch.member_ids)} members changed)", seconds, "s", "< 5 s")
    seconds, tasks = timed(lambda: calllist.call_list(db, today=today))
    kinds = {r: sum(1 for t in tasks if t.reason == r) for r in ("points_expiring", "reward_ready")}
    line(f"call list with loyalty tasks ({len(tasks):,} tasks, {kinds})", seconds * 1000, "ms",
         "< 500 ms")  # fmt: skip
    # the next days' runs, rolled back (the store stays at today)
    db.execute("BEGIN")
    try:
        for offset in (1, 10, 31):
            day = today + dt.timedelta(days=offset)
            seconds, ch = timed(lambda day=day: loyalty.expire_points(db, actor=SYSTEM, today=day))
            line(f"expiry job for {day} ({len(ch.member_ids):,} members)", seconds, "s", "< 5 s")
    finally:
        db.execute("ROLLBACK")
    seconds, bad = timed(lambda: loyalty.lots_mismatches(db))
    line(f"lots cache vs full replay ({len(bad)} mismatches)", seconds, "s")

    # -- tiers
    seconds, ch = timed(lambda: loyalty.recompute_tiers(db, actor=SYSTEM, today=today))
    line(f"tier recomputation, all members ({len(ch.member_ids):,} upgraded)", seconds, "s",
         "< 3 s")  # fmt: skip
    db.execute(
        "INSERT INTO settings (key, value) VALUES ('loyalty_tier_last_review', 'null') "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    )
    seconds, ch = timed(lambda: loyalty.recompute_tiers(db, actor=SYSTEM, today=today, review=True))
    line(f"tier recomputation with the yearly review ({len(ch.member_ids):,} changed)", seconds,
         "s", "< 3 s")  # fmt: skip
    seconds, ch = timed(lambda: loyalty.recompute_tiers(db, actor=SYSTEM, today=today))
    line(f"tier recomputation again ({len(ch.member_ids)} changed)", seconds, "s", "< 3 s")
    seconds, bad = timed(lambda: loyalty.tier_mismatches(db, today=today))
    line(f"tier_mismatches ({len(bad)})", seconds, "s")

    # -- reading
    seconds, liab = timed(lambda: loyalty.liability(db, today=today))
    line(
        f"liability ({liab['points']:,} points = ¥{liab['value_fen'] // 100:,}, "
        f"{liab['members']:,} members)",
        seconds * 1000,
        "ms",
    )
    mid, n = db.execute(
        "SELECT member_id, COUNT(*) AS n FROM points_ledger GROUP BY member_id "
        "ORDER BY n DESC LIMIT 1"
    ).fetchone()
    seconds, _ = timed(lambda: loyalty.member_points(db, mid, today=today))
    line(f"member_points, longest ledger ({n} entries)", seconds * 1000, "ms", "< 100 ms")

    # -- the award inside a sale: with and without the loyalty step, alternating, rolled back
    rnd = random.Random(7)
    top = db.execute("SELECT MAX(id) FROM members").fetchone()[0]
    ids = []
    while len(ids) < args.sales:
        row = db.execute(
            "SELECT id FROM members WHERE id >= ? AND status <> 'anonymised' LIMIT 1",
            [rnd.randint(1, top)],
        ).fetchone()
        if row:
            ids.append(row[0])
    items = [{"category": "上衣", "sku": "B1", "size": "M", "colour": "黑", "qty": 1,
              "list_fen": 29900, "paid_fen": 25900}]  # fmt: skip
    step = loyalty.award_for_purchase

    def no_points(db: Any, event: Any) -> set[str]:
        return set()

    with_ms: list[float] = []
    without_ms: list[float] = []
    db.execute("BEGIN")
    try:
        for i, m in enumerate(ids):
            for use in (True, False) if i % 2 else (False, True):
                loyalty.award_for_purchase = step if use else no_points
                seconds, _ = timed(
                    lambda m=m: purchases.record_purchase(
                        db, actor=SYSTEM, member_id=m, items=items, at=f"{today}T12:00:00"
                    )
                )
                (with_ms if use else without_ms).append(seconds * 1000)
    finally:
        loyalty.award_for_purchase = step
        db.execute("ROLLBACK")
    line("record_purchase without the loyalty step, median", statistics.median(without_ms), "ms")
    line("record_purchase with the loyalty step, median", statistics.median(with_ms), "ms")
    line(
        f"award inside a sale, added (median of {len(ids)} sales each way)",
        statistics.median(with_ms) - statistics.median(without_ms),
        "ms",
        "< 5 ms",
    )
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
