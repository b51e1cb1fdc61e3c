"""``app.db.fetch_split``: two read statements, the second on a helper connection when it
can, always answered from one state of the store (real SQLite files)."""

from __future__ import annotations

import json
import threading

import pytest

from app import db as app_db
from app.db import connect, fetch_split

COUNT = "SELECT COUNT(*) FROM audit_log WHERE action = 'test'"
INSERT = (
    "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
    "VALUES ('2026-12-07T10:00:00', NULL, 'test', 'test', 'members', ?, '')"
)


def _audit(path, n: int) -> None:
    other = connect(path)
    try:
        with other.atomic():
            for k in range(n):
                other.execute(INSERT, [k])
    finally:
        other.close()


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(app_db.os, "cpu_count", lambda: 2)


def test_the_second_statement_runs_on_a_helper_thread_and_both_answer(
    db, db_path, two_cores, monkeypatch
):
    _audit(db_path, 3)
    seen: list[str] = []
    real = app_db.reader

    def reader(path):
        seen.append(threading.current_thread().name)
        return real(path)

    monkeypatch.setattr(app_db, "reader", reader)
    first, second = fetch_split(
        db, COUNT, "SELECT MAX(entity_id) FROM audit_log WHERE action = 'test'"
    )
    assert first == [(3,)] and second == [(2,)]
    assert seen == ["read-alongside"]
    assert not db.conn.in_transaction


@pytest.mark.parametrize("packed", [False, True], ids=["rows", "packed"])
def test_a_commit_between_the_two_snapshots_never_mixes_two_states(
    db, db_path, two_cores, monkeypatch, packed
):
    """Another program commits after this side's snapshot and before the helper's: the
    helper's answer (rows, or packed as one JSON text) is dropped and the second
    statement runs again on this side."""
    _audit(db_path, 2)
    real = app_db.reader

    def reader(path):
        _audit(path, 5)  # committed after fetch_split took this side's snapshot
        return real(path)

    monkeypatch.setattr(app_db, "reader", reader)
    second_packed = app_db.packed_rows("", COUNT, ("n",)) if packed else None
    first, second = fetch_split(db, COUNT, COUNT, second_packed=second_packed)
    assert first == second == [(2,)]
    assert db.execute(COUNT).fetchone()[0] == 7


def test_a_helper_that_cannot_open_leaves_the_work_to_this_side(
    db, db_path, two_cores, monkeypatch
):
    _audit(db_path, 1)

    def reader(path):
        raise OSError("no second connection")

    monkeypatch.setattr(app_db, "reader", reader)
    assert fetch_split(db, COUNT, "SELECT 41 + 1") == ([(1,)], [(42,)])


def test_an_error_in_the_second_statement_is_raised_here(db, two_cores):
    with pytest.raises(Exception, match="no such table"):
        fetch_split(db, COUNT, "SELECT * FROM no_such_table")
    assert not db.conn.in_transaction


def test_inside_a_transaction_both_run_here_and_see_its_writes(db, two_cores, monkeypatch):
    monkeypatch.setattr(app_db, "reader", lambda path: pytest.fail("no helper in a transaction"))
    with db.atomic():
        db.execute(INSERT, [1])
        assert fetch_split(db, COUNT, COUNT) == ([(1,)], [(1,)])


def test_on_first_gets_the_first_rows_before_the_call_returns(db, db_path, two_cores):
    _audit(db_path, 4)
    got: list[list] = []
    first, _second = fetch_split(db, COUNT, COUNT, on_first=got.append)
    assert got == [first] == [[(4,)]]


def test_both_kinds_of_connection_map_a_whole_big_store(db_path):
    """A 100k-member store with points is ~1.5 GB: pages past the memory map are read by
    system calls into the page cache, which made the call list 10-18% slower."""
    main, helper = connect(db_path), app_db.reader(db_path)
    try:
        for conn in (main, helper):
            assert conn.execute("PRAGMA mmap_size").fetchone()[0] >= 1_600_000_000
    finally:
        main.close()
        helper.close()


ROWS = (
    "SELECT entity_id, actor_name, NULL AS none FROM audit_log WHERE action = 'test' "
    "UNION ALL SELECT -1, 'union''s \"second\" 半', 2.5"
)


def test_packed_rows_are_the_statements_rows_and_cross_threads_as_one_value(
    db, db_path, two_cores, monkeypatch
):
    """The helper runs the packed form (one JSON text); the caller gets every row back
    with its values: numbers, text (quotes, Chinese) and NULL, rows in order."""
    _audit(db_path, 3)
    packed = app_db.packed_rows("", ROWS, ("entity_id", "actor", "none"))
    assert db.execute(packed).fetchall() != db.execute(ROWS).fetchall()  # one JSON row
    real = app_db.reader
    ran: list[str] = []

    def reader(path):
        helper = real(path)
        helper.conn = _Recording(helper.conn, ran)
        return helper

    monkeypatch.setattr(app_db, "reader", reader)
    _first, second = fetch_split(db, COUNT, ROWS, second_packed=packed)
    assert [tuple(r) for r in second] == db.execute(ROWS).fetchall()
    assert second[-1] == [-1, 'union\'s "second" 半', 2.5]
    assert packed in ran


def test_packed_rows_keep_the_with_clause_and_an_empty_answer(db):
    with_head = "WITH n(x) AS (SELECT 1 UNION ALL SELECT 2)\n"
    packed = app_db.packed_rows(with_head, "SELECT x, x * 10 FROM n", ("x", "y"))
    assert json.loads(db.execute(packed).fetchone()[0]) == [[1, 10], [2, 20]]
    empty = app_db.packed_rows(with_head, "SELECT x, x FROM n WHERE x > 5", ("x", "y"))
    assert json.loads(db.execute(empty).fetchone()[0]) == []


class _Recording:
    """A sqlite3 connection that records the statements it runs."""

    def __init__(self, conn, ran: list[str]) -> None:
        self._conn, self._ran = conn, ran

    def execute(self, sql, *args):
        self._ran.append(sql)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)
