"""Counter-work benchmark: search, the member list, the member card, the call list and
recording a sale, on a big store.

    .venv/bin/python tests/bench/bench_counter.py --db PATH [--today YYYY-MM-DD]

Without ``--db`` a 100,000-member / 2,000,000-purchase demo store is built once with
``app.demo.generate`` (a few minutes) in the temp folder and reused by later runs; if
``app/demo.py`` does not exist the benchmark says so and stops. ``today`` defaults to
the real date (the demo places its data relative to the day it was made), or the day
after the newest sale of an older store. The store file is never changed: writes are
measured inside a transaction that is rolled back.

Prints one line per figure, ``name: value unit (goal: X)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app import calllist, member_card, purchases, search, stats  # noqa: E402
from app.core import SYSTEM  # noqa: E402
from app.db import open_db  # noqa: E402

BIG_MEMBERS = 100_000
BIG_PURCHASES = 2_000_000


def line(name: str, value: float | str, unit: str = "", goal: str = "report") -> None:
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text}{' ' + unit if unit else ''} (goal: {goal})", flush=True)


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[list[float], Any]:
    """Milliseconds of each of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, result


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def build_store(path: Path) -> None:
    if importlib.util.find_spec("app.demo") is None:
        print("app/demo.py does not exist yet: pass --db PATH of a big store", flush=True)
        raise SystemExit(0)
    from app import demo

    print(
        f"building a {BIG_MEMBERS:,}-member / {BIG_PURCHASES:,}-purchase store at {path}",
        flush=True,
    )
    t0 = time.perf_counter()
    db = open_db(path)
    try:
        demo.generate(db, members=BIG_MEMBERS, purchases=BIG_PURCHASES, seed=42)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    line("demo.generate", time.perf_counter() - t0, "s")


def queries(db: Any, n: int, seed: int = 11) -> list[tuple[str, str]]:
    """``(kind, text)``: what clerks type, taken from real members of the store."""
    rnd = random.Random(seed)
    top = db.execute("SELECT MAX(id) FROM members").fetchone()[0]
    rows: list[tuple] = []
    while len(rows) < n:
        row = db.execute(
            "SELECT name, name_pinyin, name_initials, phone, member_no FROM members "
            "WHERE id >= ? ORDER BY id LIMIT 1",
            [rnd.randint(1, top)],
        ).fetchone()
        if row and row[3]:
            rows.append(row)
    from pypinyin import lazy_pinyin

    out: list[tuple[str, str]] = []
    kinds = [
        "name",
        "surname",
        "given",
        "initials",
        "initials2",
        "pinyin_prefix",
        "pinyin",
        "tail4",
        "tail6",
        "phone",
        "member_no",
        "member_no_prefix",
    ]
    for i, (name, py, ini, phone, no) in enumerate(rows):
        kind = kinds[i % len(kinds)]
        syll = lazy_pinyin(name)
        text = {
            "name": name,
            "surname": name[:1],
            "given": name[1:3],
            "initials": ini,
            "initials2": ini[:2],
            "pinyin_prefix": (syll[0] + (syll[1][:1] if len(syll) > 1 else "")),
            "pinyin": py,
            "tail4": phone[-4:],
            "tail6": phone[-6:],
            "phone": phone,
            "member_no": no,
            "member_no_prefix": no[:-2],
        }[kind]
        out.append((kind, text))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a big store (default: build a demo one)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the call list's day")
    parser.add_argument("--queries", type=int, default=240, help="search queries to time")
    args = parser.parse_args(argv)

    path = args.db
    if path is None:
        path = Path(tempfile.gettempdir()) / "vip-keeper-bench-100k.db"
        if not path.exists():
            build_store(path)
    elif not path.exists():
        print(f"{path}: no such file", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    db = open_db(path)
    line("open_db (with migrations)", (time.perf_counter() - t0) * 1000, "ms")
    n_members = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    n_purchases = db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0]
    line("store", f"{n_members:,} members, {n_purchases:,} purchases")
    line("load average (other processes slow every figure)", f"{os.getloadavg()[0]:.2f}")
    visits = db.execute("SELECT COALESCE(SUM(visits), 0) FROM member_stats").fetchone()[0]
    sales = db.execute("SELECT COUNT(*) FROM purchases WHERE return_of IS NULL").fetchone()[0]
    if visits != sales:
        print("member_stats is out of date (store made before app.stats): rebuilding", flush=True)
        stats.rebuild(db)
    last = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    today = args.today or dt.date.today()
    if not args.today and last:  # an old store: the day after its newest sale
        today = min(today, dt.date.fromisoformat(last[:10]) + dt.timedelta(days=1))

    # -- search (warm the caches with one pass, time the second)
    qs = queries(db, args.queries)
    for _kind, text in qs:
        search.search(db, text, actor=SYSTEM, unmask=True)
    per_kind: dict[str, list[float]] = {}
    all_ms: list[float] = []
    for kind, text in qs:
        [ms], _ = timed(lambda text=text: search.search(db, text, actor=SYSTEM, unmask=True))
        per_kind.setdefault(kind, []).append(ms)
        all_ms.append(ms)
    line(f"search median ({len(qs)} queries)", statistics.median(all_ms), "ms", "< 10 ms")
    line("search p95", p95(all_ms), "ms", "report")
    for kind, values in per_kind.items():
        line(f"  search {kind} median", statistics.median(values), "ms")

    # -- the member list
    for label, q in [
        ("member_ids default list (member_no)", search.MemberQuery()),
        (
            "member_ids sort total spend desc",
            search.MemberQuery(sort="total_spend", descending=True),
        ),
        ("member_ids sort name (pinyin)", search.MemberQuery(sort="name")),
        ("member_ids sort tier", search.MemberQuery(sort="tier", descending=True)),
        ("member_ids sort last purchase", search.MemberQuery(sort="last_purchase")),
        ("member_ids tier=gold by spend", search.MemberQuery(tier="gold", sort="total_spend")),
        ("member_ids text '王' by spend", search.MemberQuery(text="王", sort="total_spend")),
        ("member_ids birthday this month", search.MemberQuery(birthday_this_month=True)),
        ("member_ids no purchase 180 days", search.MemberQuery(no_purchase_days=180)),
    ]:
        times, ids = timed(lambda q=q: search.member_ids(db, q, today=today), 3)
        line(f"{label} [{len(ids):,} ids]", statistics.median(times), "ms")
    times, _ = timed(lambda: search.count(db, search.MemberQuery(tier="gold"), today), 3)
    line("count tier=gold", statistics.median(times), "ms")
    ids = search.member_ids(db, search.MemberQuery())
    pages = [ids[i : i + 256] for i in range(0, len(ids), max(256, len(ids) // 20))]
    times = [
        timed(lambda page=page: search.fetch_rows(db, page, actor=SYSTEM, unmask=True))[0][0]
        for page in pages
    ]
    line("fetch_rows of a 256-id page", statistics.median(times), "ms")

    # -- the member card of the longest history
    mid, n = db.execute(
        "SELECT member_id, COUNT(*) AS n FROM purchases GROUP BY member_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    times, card = timed(
        lambda: member_card.member_card(db, mid, today=today, actor=SYSTEM, unmask=True), 5
    )
    line(
        f"member card, longest history ({n} tickets, {len(card['contacts'])} contacts)",
        statistics.median(times),
        "ms",
        "< 100 ms",
    )

    # -- the call list (wall and CPU time: the CPU figure is the one to compare when
    # other processes share the machine)
    def call_list_line(label: str, database: Any, day: dt.date, repeat: int = 3, **kw: Any):
        walls, cpus, result = [], [], []
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            result = calllist.call_list(database, today=day, **kw)
            walls.append((time.perf_counter() - w0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        line(f"{label} [{len(result):,} tasks]", statistics.median(walls), "ms", "< 500 ms")
        line(f"{label}, CPU time", statistics.median(cpus), "ms", "< 500 ms")
        return result

    tasks = call_list_line(f"call list for {today}", db, today)
    clerk = next((t.clerk_id for t in tasks if t.clerk_id is not None), None)
    if clerk is not None:
        call_list_line("call list for one clerk", db, today, clerk_id=clerk)
    for offset in (30, 120, 240):
        day = today + dt.timedelta(days=offset)
        call_list_line(f"  call list for {day}", db, day, repeat=1)
    # the same with the file memory-mapped (a connection setting of app.db), for reference
    mapped = open_db(path)
    mapped.execute("PRAGMA mmap_size = 1073741824")
    call_list_line(f"call list for {today}, mmap_size 1 GiB", mapped, today)
    mapped.close()

    # -- writes, in a transaction rolled back at the end (the file stays as it was)
    member_ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM members WHERE status <> 'anonymised' ORDER BY random() LIMIT 50"
        )
    ]
    db.execute("BEGIN")
    try:
        times = []
        for m in member_ids:
            items = [
                {
                    "category": "上衣",
                    "sku": "B1",
                    "size": "M",
                    "colour": "黑",
                    "qty": 1,
                    "list_fen": 29900,
                    "paid_fen": 25900,
                }
            ]
            ms, _ = timed(
                lambda m=m, items=items: purchases.record_purchase(
                    db, actor=SYSTEM, member_id=m, items=items
                )
            )
            times += ms
        line("record_purchase (no commit)", statistics.median(times), "ms", "report")
        ms, _ = timed(lambda: stats.rebuild(db))
        line("stats.rebuild (every member)", ms[0], "ms", "report")
    finally:
        db.execute("ROLLBACK")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
