"""A members import works out every new name's pinyin before its transaction takes
the store's write lock (issue #16 item 3: the lock is held for the writes only).

Deterministic: another connection holds the lock while the import runs on a thread; the
import's own connection waits as long as it takes (a long busy timeout), so the test
only waits for conditions, never for a race to go one way."""

from __future__ import annotations

import csv
import sqlite3
import threading
import time

from app.core import SYSTEM
from app.excel.importer import apply_plan, plan_import
from app.normalize import name_pinyin

NAMES = ["欧阳娜娜", "长孙无忌", "张三丰", "李小龙", "Anna 王"]


def test_the_pinyin_of_new_names_is_ready_before_the_import_takes_the_lock(db, db_path, tmp_path):
    file = tmp_path / "members.csv"
    with file.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "手机号"])
        for i, name in enumerate(NAMES):
            w.writerow([name, f"1390000{i:04d}"])
    plan = plan_import(db, file, kind="members")
    assert plan.counts["new"] == len(NAMES) and "pinyin" not in plan.ops

    holder = sqlite3.connect(str(db_path), isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA busy_timeout = 600000")  # the import waits for the holder
    failure: list[BaseException] = []

    def run() -> None:
        try:
            apply_plan(db, plan=plan, actor=SYSTEM)
        except BaseException as exc:  # handed to the test thread
            failure.append(exc)

    worker = threading.Thread(target=run)
    try:
        worker.start()
        deadline = time.monotonic() + 60
        while len(plan.ops.get("pinyin", {})) < len(NAMES) and time.monotonic() < deadline:
            time.sleep(0.01)
        # every name worked out while the holder still has the lock: nothing written yet
        assert set(plan.ops["pinyin"]) == set(NAMES)
        assert holder.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        worker.join(120)
    assert not worker.is_alive() and not failure, failure
    got = dict(
        (r[0], (r[1], r[2]))
        for r in db.execute("SELECT name, name_pinyin, name_initials FROM members")
    )
    assert got == {name: name_pinyin(name) for name in NAMES}
