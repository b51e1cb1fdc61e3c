"""Head-office cycle benchmark (issue #15): a 2,000-member demo store sends its full
set, head office changes every member's address, and the store imports the file —
the dry run (``plan_sync``) and the import (``apply_sync``: one change card per field,
per-field acks). The store's full sync export, measured in the same run, is the
reference (the import is printed as a multiple of it, since this machine's speed
drifts).

    .venv/bin/python tests/bench/bench_sync.py [--members 2000] [--runs 2]

Prints ``name: value unit (goal: X)``, best of ``--runs``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def line(name: str, value: float, unit: str = "", goal: str = "report") -> None:
    print(f"{name}: {value:.2f}{' ' + unit if unit else ''} (goal: {goal})", flush=True)


def one_run(members: int) -> tuple[float, float, float]:
    from openpyxl import load_workbook

    from app import demo
    from app.core import SYSTEM
    from app.db import open_db
    from app.excel import sync

    work = Path(tempfile.mkdtemp())
    db = open_db(work / "store.db")
    demo.generate(db, members=members, seed=5)
    t = time.perf_counter()
    full = sync.sync_export(db, target="hq", out=work / "full.xlsx", actor=SYSTEM).path
    export_s = time.perf_counter() - t
    wb = load_workbook(full)
    ws = wb["会员资料"]
    col = [c.value for c in ws[1]].index("地址")
    for i, row in enumerate(ws.iter_rows(min_row=2)):
        row[col].value = f"总部登记的地址 {i} 号"
    wb.save(work / "ho.xlsx")
    t = time.perf_counter()
    plan = sync.plan_sync(db, work / "ho.xlsx")
    plan_s = time.perf_counter() - t
    assert plan.counts["updated"] == members, plan.counts
    t = time.perf_counter()
    sync.apply_sync(db, plan=plan, actor=SYSTEM)
    apply_s = time.perf_counter() - t
    db.close()
    return export_s, plan_s, apply_s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    runs = [one_run(args.members) for _ in range(args.runs)]
    export_s, plan_s, apply_s = (min(r[i] for r in runs) for i in range(3))
    n = args.members
    line(f"sync_export_full_{n} (reference)", export_s, "s")
    line(f"sync_plan_{n}_changed", plan_s, "s")
    line(f"sync_apply_{n}_changed", apply_s, "s")
    line(
        f"sync_apply_{n}_vs_export", apply_s / export_s, "×", f"report; reference {export_s:.2f} s"
    )


if __name__ == "__main__":
    main()
