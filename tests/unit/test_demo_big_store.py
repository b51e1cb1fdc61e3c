"""The big demo store's machinery (app/demo/helper.py, bulk.py): the helper processes
write through apsw in parts, fail and cancel cleanly (that they write the same rows as
this process would: tests/unit/test_demo.py); and each shortcut the build takes from
its arrays instead of reading the store back (the alterations' sales, the month-end
snapshots and their row order, many rows to an INSERT) gives what the plain way
gives."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from app import demo
from app.db import open_db
from app.demo import helper as demo_helper

TODAY = dt.date(2026, 11, 22)


def _rows(db, sql, params=()):
    return db.execute(sql, params).fetchall()


def _one(db, sql, params=()):
    return db.execute(sql, params).fetchone()[0]


def test_the_helpers_write_through_apsw_and_fall_back_to_sqlite3(tmp_path, monkeypatch):
    """apsw is a dependency (pyproject.toml): the helpers use it, so the test above ran
    through it; without it (a hand-made environment) they still work on sqlite3."""
    import sqlite3

    import apsw

    conn = demo_helper._connect(str(tmp_path / "a.tmp"))
    assert isinstance(conn, apsw.Connection)
    conn.close()
    monkeypatch.setitem(sys.modules, "apsw", None)  # import apsw raises ImportError
    conn = demo_helper._connect(str(tmp_path / "b.tmp"))
    assert isinstance(conn, sqlite3.Connection)
    conn.close()
    demo_helper._helper_main(
        str(tmp_path / "c.tmp"),
        [("table", "CREATE TABLE t (a)", "t"), ("index", "CREATE INDEX t_a ON t (a)", "t")],
        [],
    )
    check = sqlite3.connect(tmp_path / "c.tmp")
    assert check.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == [
        ("t",),
        ("t_a",),
    ]
    check.close()


def test_a_helper_writes_its_parts_one_after_the_other_each_marked_ready(tmp_path, monkeypatch):
    """The points helper's statements come in two parts (NEXT_PART): the ledger's file
    is closed and marked ready before the lots are written, so the store copies it in
    meanwhile."""
    import sqlite3

    monkeypatch.setitem(
        demo_helper._INSERTS,
        "t",
        lambda rows: [
            ("INSERT INTO a VALUES (?)", rows[:2], 2),
            (demo_helper.NEXT_PART, ("b",), 0),
            ("INSERT INTO b VALUES (?)", rows[2:], 1),
        ],
    )
    path = str(tmp_path / "s.tmp")
    schema = [
        ("table", "CREATE TABLE a (x)", "a"),
        ("index", "CREATE INDEX a_x ON a (x)", "a"),
        ("table", "CREATE TABLE b (y)", "b"),
        ("index", "CREATE INDEX b_y ON b (y)", "b"),
    ]
    demo_helper._helper_main(path, schema, [("t", [(1,), (2,), (3,)])])
    seen = []
    for k, want in ((0, [("a",), ("a_x",)]), (1, [("b",), ("b_y",)])):
        assert Path(demo_helper._ready_path(path, k)).exists()
        conn = sqlite3.connect(demo_helper._part_path(path, k))
        assert conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == want
        seen += conn.execute(f"SELECT * FROM {want[0][0]}").fetchall()
        conn.close()
    assert seen == [(1,), (2,), (3,)]


def test_waiting_for_a_part_the_helper_never_wrote_fails_with_its_reason(tmp_path, monkeypatch):
    import subprocess

    db = open_db(tmp_path / "s.db")
    helper = demo_helper._Helper(db.conn, "_t")
    Path(helper.log).write_text("it said why\n")
    helper.proc = subprocess.Popen([_fake_python(tmp_path, "exit 0")])
    calls = []

    def step(k: int) -> None:  # called each second of waiting: give up after a few
        calls.append(k)
        assert len(calls) < 5, "wait_part kept waiting for a helper that had ended"

    with pytest.raises(RuntimeError, match=r"ended before its work was written.*it said why"):
        helper.wait_part(0, step)
    helper.close(db.conn)
    assert [p.name for p in tmp_path.iterdir() if "demo" in p.name] == []
    db.close()


def _fake_python(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake_python.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_failing_helper_rolls_everything_back(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_helper, "HELPER_MIN_ROWS", 0)
    monkeypatch.setattr(
        demo_helper.sys, "executable", _fake_python(tmp_path, "echo boom >&2; exit 3")
    )
    folder = tmp_path / "store"
    db = open_db(folder / "s.db")
    with pytest.raises(RuntimeError, match="exit code 3"):
        demo.generate(db, members=50, purchases=300, seed=1, today=TODAY)
    assert _one(db, "SELECT COUNT(*) FROM members") == 0
    assert _one(db, "SELECT COUNT(*) FROM users") == 0
    assert [p.name for p in folder.iterdir() if "demo" in p.name] == []
    db.close()


def test_cancel_while_the_helper_works_stops_it(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_helper, "HELPER_MIN_ROWS", 0)
    monkeypatch.setattr(demo_helper.sys, "executable", _fake_python(tmp_path, "exec sleep 60"))
    folder = tmp_path / "store"
    db = open_db(folder / "s.db")
    started = []

    def should_cancel() -> bool:
        # cancel once member_stats is written: the helper process is at work then
        started.append(1)
        return _one(db, "SELECT COUNT(*) FROM member_stats WHERE visits > 0") > 0

    t0 = dt.datetime.now()
    with pytest.raises(demo.Cancelled):
        demo.generate(
            db, members=50, purchases=300, seed=1, today=TODAY, should_cancel=should_cancel
        )
    assert (dt.datetime.now() - t0).total_seconds() < 20
    assert _one(db, "SELECT COUNT(*) FROM members") == 0
    assert [p.name for p in folder.iterdir() if "demo" in p.name] == []
    db.close()


def test_inside_a_callers_transaction_foreign_keys_stay_on_and_rows_still_fit(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(demo_helper, "HELPER_MIN_ROWS", 0)  # would be used, but must not be
    db = open_db(tmp_path / "s.db")
    with db.atomic():
        assert _one(db, "PRAGMA foreign_keys") == 1
        demo.generate(db, members=60, purchases=400, seed=2, today=TODAY)
    assert _one(db, "SELECT COUNT(*) FROM purchases") == 400
    assert _rows(db, "PRAGMA foreign_key_check") == []
    db.close()


def test_the_alterations_choose_from_the_sales_the_store_query_reads(tmp_path, monkeypatch):
    """The build hands app/demo/alterations.py the last year's sales of active members
    from its arrays; they are the rows its query reads from the finished store."""
    from app.demo import alterations as demo_alterations
    from app.demo import build as demo_build

    handed = []

    def keep(db, today, seed, sales=None):
        handed.extend(sales)
        demo_alterations._alterations(db, today, seed, handed)

    monkeypatch.setattr(demo_build, "_alterations", keep)
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, members=400, purchases=6000, seed=7, today=TODAY)
    read = _rows(
        db,
        "SELECT p.id, p.member_id, p.at, p.clerk_id FROM purchases p "
        "JOIN members m ON m.id = p.member_id "
        "WHERE p.at >= ? AND p.total_fen > 0 AND m.status = 'active' ORDER BY p.id",
        [demo_alterations.alterations_since(TODAY)],
    )
    assert len(read) > 500
    assert [tuple(r) for r in read] == handed
    assert _rows(db, "SELECT COUNT(*) FROM alterations")[0][0] > 0
    db.close()


@pytest.mark.parametrize("purchases_helper_busy", [True, False])
def test_a_big_stores_snapshots_from_the_arrays_are_a_rebuild_from_the_finished_store(
    tmp_path, monkeypatch, purchases_helper_busy
):
    """For a big store the month-end snapshots are computed from the arrays
    (campaigns.fill_snapshots) while a helper writes — before the purchases are copied
    in if their helper is still busy, else while the points helper finishes; they are
    what app.analytics.rebuild_snapshots computes from the finished store."""
    from app import analytics

    monkeypatch.setattr(demo_helper, "HELPER_MIN_ROWS", 0)
    monkeypatch.setattr(demo_helper._Helper, "running", lambda self: purchases_helper_busy)
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, members=400, purchases=6000, seed=7, today=TODAY)
    snapshots = "SELECT month, member_id, layer, lifecycle FROM segment_snapshots ORDER BY 1, 2"
    months = "SELECT month, as_of, max_purchase_id, max_member_id, rules_hash FROM " \
        "segment_snapshot_months ORDER BY 1"  # fmt: skip
    helper_rows, helper_months = _rows(db, snapshots), _rows(db, months)
    assert len(helper_months) == 12 and len(helper_rows) > 12 * 300
    assert {r[3] for r in helper_rows} >= {"lost", "dormant"}
    analytics.rebuild_snapshots(db, [m[0] for m in helper_months])
    assert _rows(db, snapshots) == helper_rows
    assert _rows(db, months) == helper_months
    db.close()


def test_the_snapshots_row_order_is_the_full_sort_when_one_member_buys_twice_in_a_second():
    """campaigns._index_order sorts by member only and mends the runs of one member's
    rows at the same second; it must give the order of the full sort by (member, time,
    paid, discount), which is the store index's (load_rows)."""
    import numpy as np

    from app.demo.campaigns import _index_order

    rng = np.random.default_rng(3)
    n = 5000
    time = np.sort(rng.integers(0, 400, n))  # time order, many equal seconds
    member = rng.integers(1, 60, n)
    paid = rng.integers(-3, 4, n) * 100
    disc = rng.random(n) < 0.5
    want = np.lexsort((disc, paid, time, member))
    got = _index_order(member, time, paid, disc)
    runs = (member[want][1:] == member[want][:-1]) & (time[want][1:] == time[want][:-1])
    assert runs.sum() > 100  # the case is there, many times over
    assert np.array_equal(got, want)


@pytest.mark.parametrize("count", [0, 1, 6, 7, 17])
def test_many_rows_inserts_what_executemany_inserts_in_the_same_order(count):
    """bulk.many_rows: k rows to a statement and one for the rest, with plain or
    numbered parameters (a numbered one used twice in a row, as the contacts' ``at``)."""
    import sqlite3

    from app.demo.bulk import many_rows

    rows = [(i, f"t{i}", None if i % 3 else i * 1.5) for i in range(count)]
    for sql in (
        "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, 'x')",
        "INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?2)",
    ):
        one, many = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
        for conn in (one, many):
            conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d)")
        one.executemany(sql, rows)
        statements = many_rows(sql, rows, k=3)
        assert sum(n for _sql, _rows, n in statements) == count
        assert len(statements) == (count >= 3) + (count % 3 > 0)
        for sql_k, rows_k, _n in statements:
            many.executemany(sql_k, rows_k)
        got = many.execute("SELECT * FROM t ORDER BY id").fetchall()
        assert got == one.execute("SELECT * FROM t ORDER BY id").fetchall()
        assert len(got) == count
    with pytest.raises(ValueError):
        many_rows("INSERT INTO t (a, b) VALUES (?1, ?)", rows)
