"""Benchmark: the monthly summary of the 100k-member / 2M-purchase store.

    .venv/bin/python tests/bench/bench_report.py --db PATH [--month YYYY-MM] [--runs N]

``--db`` is the store (a copy: the end-to-end figure opens it with ``open_db``, which
applies pending migrations; the in-process figures only read). Without it
``/tmp/report100k.db`` is used when it exists, else a store is built with ``app.demo``
in a temporary folder (100,000 members, 2,000,000 purchases; a minute or more).
Each figure is the best of ``--runs`` runs (default 3; the machine
is shared, so the best run is the honest one). Prints one ``name: value unit (goal:
X)`` line per figure and exits 1 when a goal is missed:

* ``reference_grouped_pass``: one grouped SQL pass over the purchases (what the
  analytics goals were set against, ~1 s on the reference machine): read the other
  figures against it on a busy machine;
* ``report_figures``: ``app.reports.build`` — every figure of the month and the
  previous month (purchases read once, three month-end states, follow-up work,
  complaints, surveys, points, birthdays);
* ``report_pdf``: the five A4 pages drawn and written to a PDF (fonts embedded);
* ``report_xlsx``: the .xlsx, one sheet per section;
* ``report_with_pdf``: figures + PDF in a warm process — the goal of issue #7 (< 3 s);
* ``report_cli_end_to_end``: ``python main.py report --db … --month … --pdf … --xlsx …``
  as a fresh process (interpreter start, imports and migrations check included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEFAULT_DB = Path("/tmp/report100k.db")
GOALS_S = {
    "reference_grouped_pass": None,
    "report_figures": 2.0,
    "report_pdf": 1.0,
    "report_xlsx": 0.5,
    "report_with_pdf": 3.0,
    "report_cli_end_to_end": 5.0,
}


def best(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--month", default=None, help="default: last month")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        path = args.db or (DEFAULT_DB if DEFAULT_DB.exists() else build_store(Path(tmp)))
        if not path.exists():
            print(f"error: {path} does not exist", file=sys.stderr)
            return 2
        return run(path, args.month, args.runs, Path(tmp))


def build_store(folder: Path) -> Path:
    from app import demo
    from app.db import open_db

    path = folder / "report100k.db"
    print(f"# building {path}: 100,000 members, 2,000,000 purchases", flush=True)
    db = open_db(path)
    demo.generate(db, members=100_000, purchases=2_000_000, seed=42)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def run(path: Path, month: str | None, runs: int, out: Path) -> int:
    from app import report, reports
    from app.db import connect

    today = dt.date.today()
    month = month or reports.month_text(reports.add_months(today.replace(day=1), -1))
    db = connect(path)
    ok = True
    print(f"# store {path}, month {month}", flush=True)

    def show(name: str, seconds: float, extra: str = "") -> None:
        nonlocal ok
        goal = GOALS_S[name]
        goal_text = "none" if goal is None else f"< {goal:.1f} s"
        if goal is not None and seconds > goal:
            ok = False
        print(f"{name}: {seconds:.2f} s{extra} (goal: {goal_text})", flush=True)

    ref, _ = best(
        lambda: db.execute(
            "SELECT member_id, COUNT(*), SUM(paid_fen), MAX(at) FROM purchases GROUP BY member_id"
        ).fetchall(),
        runs,
    )
    show("reference_grouped_pass", ref)
    took, data = best(lambda: reports.build(db, month, today=today), runs)
    show("report_figures", took)
    took, _ = best(lambda: report.write_pdf(data, out / "r.pdf"), runs)
    show("report_pdf", took)
    took, _ = best(lambda: report.write_xlsx(data, out / "r.xlsx"), runs)
    show("report_xlsx", took)

    def both() -> None:
        report.write_pdf(reports.build(db, month, today=today), out / "b.pdf")

    took, _ = best(both, runs)
    show("report_with_pdf", took)
    db.close()

    def cli() -> None:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "report",
                "--db",
                str(path),
                "--month",
                month,
                "--pdf",
                str(out / "c.pdf"),
                "--xlsx",
                str(out / "c.xlsx"),
            ],
            check=True,
            capture_output=True,
        )

    took, _ = best(cli, runs)
    show("report_cli_end_to_end", took)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
