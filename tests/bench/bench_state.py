"""Customer-state benchmark (app/state.py, issue #17): the member list's state and
customer-type filters on a big store, against the plain member list measured in the
same run (the reference: all members by member number).

    .venv/bin/python tests/bench/bench_state.py [--db PATH] [--runs 3]

Without ``--db`` it uses ``/tmp/ui100k.db`` (``main.py demo --members 100000
--purchases 2000000``; bench_member_list.py builds it). The store is only read (its
migrations are applied when it is opened). Prints ``name: value unit (goal: X)``, the
median of ``--runs``; goals: a state filter's ids at most 3x the reference, a page of
256 rows with its customer types under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app import search, state  # noqa: E402
from app.analytics import member_types  # noqa: E402
from app.core import SYSTEM  # noqa: E402
from app.db import open_db  # noqa: E402


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def line(name: str, value: float, unit: str, goal: str) -> None:
    print(f"{name}: {value:.1f} {unit} (goal: {goal})", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/ui100k.db")
    ap.add_argument("--runs", type=int, default=3)
    opts = ap.parse_args()
    db = open_db(Path(opts.db))
    newest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    today = dt.date.fromisoformat(newest[:10]) if newest else dt.date.today()
    n = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    print(f"store: {opts.db} ({n:,} members), as of {today}")
    ref = timed(lambda: search.member_ids(db, search.MemberQuery(), today=today), opts.runs)
    line("reference_all_members_ids", ref * 1000, "ms", "report")
    counts = state.counts(db, today)
    print("states: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    for sort in ("member_no", "name", "last_purchase"):
        for code in state.FILTER_STATES:
            q = search.MemberQuery(status=code, sort=sort)
            t = timed(lambda q=q: search.member_ids(db, q, today=today), opts.runs)
            line(
                f"state_filter_{code}_by_{sort}", t * 1000, "ms", f"<= 3x reference, {t / ref:.2f}x"
            )
    for code in ("effective", "ineffective"):
        q = search.MemberQuery(customer_type=code)
        t = timed(lambda q=q: search.member_ids(db, q, today=today), opts.runs)
        line(f"type_filter_{code}", t * 1000, "ms", f"<= 3x reference, {t / ref:.2f}x")
    t = timed(lambda: state.counts(db, today), opts.runs)
    line("state_counts_all", t * 1000, "ms", "report")
    ids = search.member_ids(db, search.MemberQuery(sort="total_spend", descending=True), limit=256)
    t = timed(lambda: search.fetch_rows(db, ids, actor=SYSTEM, today=today), opts.runs)
    line("page_rows_256_biggest_spenders", t * 1000, "ms", "report")
    t = timed(lambda: member_types.types_for(db, ids, as_of=today), opts.runs)
    line("page_types_256_biggest_spenders", t * 1000, "ms", "< 100 ms")
    db.close()


if __name__ == "__main__":
    main()
