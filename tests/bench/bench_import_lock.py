"""How long a big import keeps the counter out, and what a sale at the counter waits.

    .venv/bin/python tests/bench/bench_import_lock.py [--members 100000,300000]
                                                      [--purchases 100000] [--keep DIR]

For each size: a store with one member who buys at the counter; a members CSV of that
many new members, imported by a real ``python main.py import`` process. Meanwhile this
process

* probes the store's write lock every few milliseconds (``BEGIN IMMEDIATE`` with no
  wait, rolled back at once) and reports the longest stretch it was refused:
  ``lock_hold`` = how long the import's one write transaction held the lock;
* once the lock has been held for ``--sale-after`` seconds, starts two sales at the same
  moment, each on its own connection: ``app.purchases.record_purchase`` as it is (waits
  up to the busy timeout, 10 s, then fails with "database is busy") and
  ``app.counter_queue.record_sale`` (the counter's path: waits at most 0.5 s, then
  queues the sale); prints how long each one kept the clerk waiting and its outcome;
* after the import, drains the queue and checks that every sale is in the store once.

Then the same for a purchases CSV (``--purchases`` tickets of the new members).

Option (a) of issue #16 item 3 (stage everything, then one short apply) is bounded by
``staged_apply``: the bare ``INSERT … SELECT`` of the already-imported members (every
column computed: pinyin, numbers) from an attached copy into a copy of the store from
before the import, with their full-text and stats rows written in bulk as the importer
does (triggers dropped, ``INSERT … SELECT`` per table), in one transaction. If that
alone takes over a second, staging cannot promise the counter under a second.

Prints ``name: value unit (goal: X)`` lines.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app import counter_queue, members, purchases  # noqa: E402
from app.core import SYSTEM  # noqa: E402
from app.db import DatabaseBusy, open_db  # noqa: E402
from app.excel.importer.bulk import _BulkLoad  # noqa: E402

ITEMS = [{"category": "上衣", "qty": 1, "list_fen": 19900, "paid_fen": 19900}]
PROBE_S = 0.003


def line(name: str, value: float | str, unit: str = "", goal: str = "report") -> None:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text}{' ' + unit if unit else ''} (goal: {goal})", flush=True)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("VIPKEEPER_DEBUG", None)
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH")]))
    return e


def members_csv(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "手机号", "性别", "生日", "地址", "上衣尺码", "备注"])
        for i in range(n):
            w.writerow(
                [
                    f"顾客{i:06d}",
                    f"13{i:09d}",
                    "女" if i % 2 else "男",
                    f"19{60 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    f"上海市长宁路{i}号",
                    "M",
                    "批量导入",
                ]
            )


def purchases_csv(path: Path, n: int, phones: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["手机号", "消费日期", "实收金额", "原价", "小票号"])
        for i in range(n):
            w.writerow(
                [
                    f"13{i % phones:09d}",
                    f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    f"{99 + i % 900}.00",
                    f"{99 + i % 900}.00",
                    f"B{i:07d}",
                ]
            )


class Probe(threading.Thread):
    """Tries the write lock without waiting, every PROBE_S; keeps the held stretches."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.longest = 0.0
        self.held_since: float | None = None
        self.stretches: list[float] = []

    def run(self) -> None:
        conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=0)
        try:
            while not self.stop.is_set():
                now = time.perf_counter()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute("ROLLBACK")
                    if self.held_since is not None:
                        self.stretches.append(now - self.held_since)
                        self.held_since = None
                except sqlite3.OperationalError:
                    if self.held_since is None:
                        self.held_since = now
                time.sleep(PROBE_S)
        finally:
            conn.close()
        if self.held_since is not None:
            self.stretches.append(time.perf_counter() - self.held_since)

    def held_for(self) -> float:
        since = self.held_since
        return 0.0 if since is None else time.perf_counter() - since


def sale_plain(path: Path, member_id: int, out: dict[str, Any]) -> None:
    db = open_db(path, migrate=False)
    t0 = time.perf_counter()
    try:
        purchases.record_purchase(db, actor=SYSTEM, member_id=member_id, items=ITEMS)
        out["plain"] = (time.perf_counter() - t0, "saved")
    except DatabaseBusy:
        out["plain"] = (time.perf_counter() - t0, "failed: database is busy")
    finally:
        db.close()


def sale_counter(path: Path, member_id: int, out: dict[str, Any]) -> None:
    db = open_db(path, migrate=False)
    t0 = time.perf_counter()
    try:
        result = counter_queue.record_sale(
            db,
            queue=counter_queue.queue_path(path),
            actor=SYSTEM,
            member_id=member_id,
            items=ITEMS,
        )
        kind = "queued" if isinstance(result, counter_queue.Queued) else "saved"
        out["counter"] = (time.perf_counter() - t0, kind)
    finally:
        db.close()


def run_import(name: str, store: Path, file: Path, kind: str, member_id: int, after: float) -> None:
    probe = Probe(store)
    probe.start()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "import",
            str(file),
            "--db",
            str(store),
            "--kind",
            kind,
        ],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    t0 = time.perf_counter()
    out: dict[str, Any] = {}
    threads: list[threading.Thread] = []
    while proc.poll() is None:
        if not threads and probe.held_for() >= after:
            threads = [
                threading.Thread(target=sale_plain, args=(store, member_id, out)),
                threading.Thread(target=sale_counter, args=(store, member_id, out)),
            ]
            for t in threads:
                t.start()
        time.sleep(0.01)
    whole = time.perf_counter() - t0
    _stdout, stderr = proc.communicate()
    for t in threads:
        t.join()
    probe.stop.set()
    probe.join()
    if proc.returncode != 0:
        print(stderr, file=sys.stderr)
        raise SystemExit(f"{name}: the import failed")
    line(f"{name}.import_process", whole, "s")
    line(f"{name}.lock_hold", max(probe.stretches, default=0.0), "s", "< 1 s for the counter")
    if not threads:
        line(f"{name}.sale_wait", "the lock was never held that long: no sale in the middle")
        return
    plain_s, plain_what = out["plain"]
    counter_s, counter_what = out["counter"]
    line(f"{name}.sale_wait_record_purchase", plain_s, "s", f"report; {plain_what}")
    line(f"{name}.sale_wait_counter", counter_s, "s", f"< 1 s; {counter_what}")
    db = open_db(store, migrate=False)
    try:
        before = db.execute("SELECT COUNT(*) FROM purchases WHERE source = 'counter'").fetchone()[0]
        t1 = time.perf_counter()
        result = counter_queue.drain(db, counter_queue.queue_path(store))
        line(f"{name}.drain", time.perf_counter() - t1, "s", f"report; {result.entered} entered")
        after_n = db.execute("SELECT COUNT(*) FROM purchases WHERE source = 'counter'").fetchone()[
            0
        ]
        expected = before + (1 if counter_what == "queued" else 0)
        ok = after_n == expected and not counter_queue.pending(counter_queue.queue_path(store))
        line(f"{name}.every_sale_once", "yes" if ok else f"NO ({after_n} vs {expected})")
    finally:
        db.close()


def staged_apply(name: str, before: Path, after: Path) -> None:
    """Option (a)'s floor: the new members, already computed, in one INSERT … SELECT."""
    db = open_db(before, migrate=False)
    try:
        first = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM members").fetchone()[0]) + 1
        db.execute("ATTACH DATABASE ? AS staged", [str(after)])
        cols = [r[1] for r in db.execute("PRAGMA main.table_info(members)")]
        col_list = ", ".join(cols)
        t0 = time.perf_counter()
        with db.atomic():
            bulk = _BulkLoad(db, rebuild_indexes=True)
            db.execute(
                f"INSERT INTO main.members ({col_list}) SELECT {col_list} FROM staged.members "
                "WHERE id >= ?",
                [first],
            )
            last = int(db.execute("SELECT MAX(id) FROM main.members").fetchone()[0])
            bulk.index_ids(first, last)
            bulk.finish()
            n = last - first + 1
        elapsed = time.perf_counter() - t0
        line(f"{name}.staged_apply", elapsed, "s", f"< 1 s to make option (a) enough; {n} rows")
    finally:
        db.close()


def base_store(path: Path) -> int:
    db = open_db(path)
    try:
        member = members.create_member(
            db, actor=SYSTEM, data={"name": "柜台顾客", "phone": "18900000000"}
        ).created_id
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(member)
    finally:
        db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--members", default="100000,300000", help="sizes, comma-separated")
    ap.add_argument("--purchases", type=int, default=100_000, help="0: skip")
    ap.add_argument("--sale-after", type=float, default=0.3, help="seconds into the hold")
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the files")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-lock-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sizes = [int(s) for s in args.members.split(",") if s.strip()]
        for n in sizes:
            store = work / f"store{n}.db"
            for suffix in ("", "-wal", "-shm", counter_queue.QUEUE_SUFFIX):
                Path(f"{store}{suffix}").unlink(missing_ok=True)
            member_id = base_store(store)
            pristine = work / f"before{n}.db"
            shutil.copy(store, pristine)
            file = work / f"members{n}.csv"
            members_csv(file, n)
            name = f"members_{n // 1000}k"
            run_import(name, store, file, "members", member_id, args.sale_after)
            db = open_db(store, migrate=False)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            staged_apply(name, pristine, store)
            if args.purchases and n == sizes[0]:
                pfile = work / f"purchases{args.purchases}.csv"
                purchases_csv(pfile, args.purchases, n)
                run_import(
                    f"purchases_{args.purchases // 1000}k",
                    store,
                    pfile,
                    "purchases",
                    member_id,
                    args.sale_after,
                )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
