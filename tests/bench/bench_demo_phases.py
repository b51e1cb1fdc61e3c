"""Where the demo build's time goes: each step of the main process, and when the helpers end.

    .venv/bin/python tests/bench/bench_demo_phases.py [--members N] [--purchases M]

Builds the demo store (default 100,000 members / 2,000,000 purchases) in a temporary
folder as ``python main.py demo`` does (rollback journal, then ``app.demo.generate``),
with the build's steps wrapped from outside (nothing in app/ knows about it), and prints
one line per step, in the order they end: ``phase_<step>: <CPU> s (goal: report)``
with the step's start and wall time beside it, and when each helper process ended.

The main process is the critical path when it is still busy after the helpers end;
its step CPU, not the wall time, is what to compare between two versions (the wall
time of a step includes the other processes' share of the two cores). Steps called
more than once (``_insert``) are printed each time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

STEPS = (
    "_make_members", "_make_purchases", "_purchases_payload", "_member_facts",
    "_start_points", "points_payload", "_post_sale_contacts", "_campaign_contacts",
    "_occasion_contacts", "_winback_contacts", "_complaints", "_surveys", "_insert",
    "_write_member_stats", "_contact_inserts", "_member_cards", "_restore_after_load",
    "_second_cards", "input_members", "_change_history", "_gifts", "_staff",
    "write_campaign_tasks", "write_snapshots", "_alteration_sales", "_plan_examples",
    "_alterations", "_events", "finish_points", "_queued_sales",
)  # fmt: skip
HELPER_STEPS = ("start", "finish", "close")

T0 = time.perf_counter()


def line(name: str, value: float, unit: str, goal: str, note: str = "") -> None:
    print(f"{name}: {value:.2f} {unit} (goal: {goal}){note}", flush=True)


def timed(owner: Any, name: str, label: str) -> None:
    """Replace ``owner.name`` by a wrapper that prints its CPU and wall time."""
    real = getattr(owner, name)

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            line(
                f"phase_{label}",
                time.process_time() - cpu,
                "s",
                "report",
                f"  # at {wall - T0:.1f} s, wall {time.perf_counter() - wall:.2f} s",
            )

    setattr(owner, name, wrapper)


def watch_helpers(helper_class: Any) -> None:
    """Print when each helper process ends and when each part of its file is ready."""
    real = helper_class.start

    def start(self: Any, *args: Any, **kwargs: Any) -> Any:
        got = real(self, *args, **kwargs)

        def wait(proc: Any = self.proc, alias: str = self.alias, path: str = self.path) -> None:
            from app.demo.helper import PARTS, _ready_path

            ready = [_ready_path(path, k) for k in range(PARTS)]
            while proc.poll() is None:
                for k, mark in enumerate(ready):
                    if mark and os.path.exists(mark):
                        line(f"helper_{alias}_part{k}_ready_at", time.perf_counter() - T0, "s",
                             "report")  # fmt: skip
                        ready[k] = ""
                time.sleep(0.05)
            line(f"helper_{alias}_ended_at", time.perf_counter() - T0, "s", "report")

        threading.Thread(target=wait, daemon=True).start()
        return got

    helper_class.start = start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--purchases", type=int, default=2_000_000)
    args = parser.parse_args()

    from app.demo import build
    from app.demo.helper import _Helper

    for step in STEPS:
        timed(build, step, step.lstrip("_"))
    for step in HELPER_STEPS:
        timed(_Helper, step, f"helper_{step}")
    watch_helpers(_Helper)
    from app.db import open_db

    with tempfile.TemporaryDirectory(prefix="bench_demo_phases_") as tmp:
        db = open_db(Path(tmp) / "demo.db")
        db.execute("PRAGMA journal_mode = DELETE")  # as app/cli/store.py builds it
        wall, cpu = time.perf_counter(), time.process_time()
        build.generate(
            db, members=args.members, purchases=args.purchases, seed=42, today=dt.date.today()
        )
        line("generate_main_process_cpu", time.process_time() - cpu, "s", "report")
        line("generate_wall", time.perf_counter() - wall, "s", "report (< 30 s for 100k/2M)")
        db.close()


if __name__ == "__main__":
    main()
