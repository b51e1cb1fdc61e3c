"""Demo-store benchmark: how long ``python main.py demo`` takes to build a big store.

    .venv/bin/python tests/bench/bench_demo.py [--members N] [--purchases M] [--no-check]

Runs the real command line (interpreter start, migrations, generation, commit) in a
temporary folder, for the default 2,000-member demo and for ``--members``/``--purchases``
(default 100,000 / 2,000,000), and prints one line per figure, ``name: value unit
(goal: X)``. At that size app.demo writes purchases and their lines in one helper
process and the points programme in another, so the CPU figure (all processes) exceeds
the wall time on an idle machine. CPU seconds and the machine's steal time are printed
too: on a shared virtual machine the wall time varies with the neighbours' load, the
CPU time much less.
Afterwards (not timed) the big store is checked: foreign keys, ``quick_check`` (which
includes CHECK constraints) and the ``member_stats`` cache against the purchases.

``--baseline DIR`` also builds the big store with the checkout in DIR (e.g. ``git
worktree add /tmp/base main``) right after this one, in the same run, and prints its
wall and CPU times beside this one's and the ratio: on a shared machine the absolute
seconds drift, the ratio of two builds measured together much less.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def line(name: str, value: float | int | str, unit: str = "", goal: str = "report") -> None:
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text}{' ' + unit if unit else ''} (goal: {goal})", flush=True)


def cpu_ticks() -> tuple[int, int]:
    """(all, steal) jiffies of the machine, from /proc/stat (zeros where unavailable)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0, 0
    values = [int(v) for v in fields]
    return sum(values[:8]), values[7] if len(values) > 7 else 0


def run_demo(
    path: Path, members: int, purchases: int | None, root: Path = ROOT
) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system, helper process included), peak memory
    (MiB, of the biggest process so far) and output of one ``main.py demo`` of the
    checkout in ``root``."""
    cmd = [
        sys.executable,
        str(root / "main.py"),
        "demo",
        "--db",
        str(path),
        "--members",
        str(members),
    ]
    if purchases is not None:
        cmd += ["--purchases", str(purchases)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(root))  # the helper process imports app/ too
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=root, env=env, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"demo failed ({done.returncode}): {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, done.stdout.strip()


def size_mib(path: Path) -> float:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists()) / 2**20


def check(path: Path, label: str) -> None:
    from app import stats
    from app.db import open_db

    db = open_db(path)
    try:
        t0 = time.perf_counter()
        fk = len(db.execute("PRAGMA foreign_key_check").fetchall())
        line(f"{label}_fk_violations", fk, "", "0")
        quick = "; ".join(r[0] for r in db.execute("PRAGMA quick_check").fetchall()[:3])
        line(f"{label}_quick_check", quick, "", "ok")
        line(f"{label}_member_stats_mismatches", len(stats.mismatches(db)), "", "0")
        line(f"{label}_check_time", time.perf_counter() - t0, "s", "report")
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--purchases", type=int, default=2_000_000)
    parser.add_argument("--no-check", action="store_true", help="skip the integrity checks")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout to build the big store with too"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_demo_") as tmp:
        small = Path(tmp) / "demo_2000.db"
        wall, cpu, _rss, _out = run_demo(small, 2000, None)
        line("demo_default_2000", wall, "s", "~1 s")
        line("demo_default_2000_cpu", cpu, "s", "report")

        big = Path(tmp) / "demo_big.db"
        name = f"demo_load_{args.members // 1000}k_{args.purchases / 1e6:g}m"
        all0, steal0 = cpu_ticks()
        load = os.getloadavg()[0]
        wall, cpu, rss, out = run_demo(big, args.members, args.purchases)
        all1, steal1 = cpu_ticks()
        line(name, wall, "s", "< 30 s")
        line(f"{name}_cpu", cpu, "s", "report (both processes)")
        line(f"{name}_peak_memory", rss, "MiB", "report")
        line("load_average_before", load, "", "report (other work on the machine)")
        if all1 > all0:
            line(
                "cpu_steal_during_load",
                100.0 * (steal1 - steal0) / (all1 - all0),
                "%",
                "report (time the hypervisor gave to other machines)",
            )
        line(f"{name}_file_size", size_mib(big), "MiB", "report")
        print(f"# {out}", flush=True)
        if args.baseline is not None:
            base = Path(tmp) / "demo_baseline.db"
            b_wall, b_cpu, _rss, b_out = run_demo(
                base, args.members, args.purchases, args.baseline.resolve()
            )
            line(f"{name}_baseline", b_wall, "s", f"report ({args.baseline})")
            line(f"{name}_baseline_cpu", b_cpu, "s", "report (both processes)")
            print(f"# baseline: {b_out}", flush=True)
            line(f"{name}_vs_baseline_wall", f"{wall / b_wall:.2f}", "x", "report (same run)")
            line(f"{name}_vs_baseline_cpu", f"{cpu / b_cpu:.2f}", "x", "report (same run)")
            for p in (base, Path(f"{base}-wal"), Path(f"{base}-shm")):
                p.unlink(missing_ok=True)

        from app.db import open_db

        db = open_db(big)
        try:
            for table in (
                "members",
                "purchases",
                "purchase_items",
                "contacts",
                "member_family",
                "member_tags",
                "complaints",
                "surveys",
            ):
                n = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                line(f"{name}_rows_{table}", n, "rows", "report")
        finally:
            db.close()
        if not args.no_check:
            check(big, name)


if __name__ == "__main__":
    main()
