"""Schema migrations: an old database opens and upgrades without losing a row."""

from __future__ import annotations

import sqlite3

import pytest

from app import migrations
from app.db import DatabaseError, connect, integrity_check, open_db, schema_version


def _first_migration_only(path):
    db = connect(path)
    first, second = migrations.names()[:2]
    migrations.apply(db, stop_before=second)
    assert [m.name for m in migrations.MIGRATIONS.applied(db)] == [first]
    return db


def test_database_made_by_first_migration_upgrades_without_losing_rows(db_path):
    db = _first_migration_only(db_path)
    with db.atomic():
        db.execute(
            "INSERT INTO users (username, display_name, role, created_at) "
            "VALUES ('li', '小李', 'clerk', '2024-01-01T09:00:00')"
        )
        for i in range(1, 51):
            db.execute(
                "INSERT INTO members (member_no, name, name_pinyin, name_initials, phone, "
                "joined_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    f"VK{i:06d}",
                    f"张三{i}",
                    f"zhangsan{i}",
                    "zs",
                    f"138000{i:05d}",
                    "2024-01-01",
                    "2024-01-01T09:00:00",
                    "2024-01-01T09:00:00",
                ],
            )
            db.execute(
                "INSERT INTO purchases (member_id, at, total_fen, paid_fen, created_at) "
                "VALUES (?, '2024-02-01T10:00:00', 19900, 15900, '2024-02-01T10:00:00')",
                [i],
            )
    before = {
        t: db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0]
        for t in ("users", "members", "purchases", "tiers")
    }
    db.close()

    upgraded = open_db(db_path)
    assert schema_version(upgraded) == migrations.names()[-1]
    after = {t: upgraded.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0] for t in before}
    assert after == before
    assert after["members"] == 50
    # the FTS index added by m002 was backfilled from the rows that were already there
    hits = upgraded.execute(
        "SELECT rowid FROM members_fts WHERE members_fts MATCH ?", ['"zhangsan17"']
    ).fetchall()
    assert [h[0] for h in hits] == [17]
    assert integrity_check(upgraded) == "ok"
    assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []
    upgraded.close()


def test_applying_migrations_twice_changes_nothing(db_path):
    db = open_db(db_path)
    applied = [m.name for m in migrations.MIGRATIONS.applied(db)]
    db.close()
    db = open_db(db_path)
    assert [m.name for m in migrations.MIGRATIONS.applied(db)] == applied == migrations.names()
    db.close()


def test_connection_pragmas(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_every_model_table_exists(db):
    expected = {
        "members",
        "member_family",
        "member_tags",
        "purchases",
        "purchase_items",
        "contacts",
        "points_ledger",
        "tiers",
        "tier_history",
        "rewards",
        "redemptions",
        "surveys",
        "survey_scores",
        "complaints",
        "users",
        "audit_log",
        "settings",
        "sync_batches",
    }
    assert expected <= set(db.table_names())


def test_money_columns_are_integers(db):
    for table in db.table_names():
        for col in db[table].columns:
            if col.name.endswith("_fen"):
                assert col.type == "INTEGER", f"{table}.{col.name} is {col.type}"


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO purchases (member_id, at, total_fen, paid_fen, created_at) "
            "VALUES (999, '2024-01-01', 1, 1, '2024-01-01')"
        )


def test_ledger_and_audit_log_are_append_only(db):
    db.execute(
        "INSERT INTO members (member_no, name, joined_on, created_at, updated_at) "
        "VALUES ('VK1', '王', '2024-01-01', '2024-01-01', '2024-01-01')"
    )
    db.execute(
        "INSERT INTO points_ledger (member_id, at, delta, reason, created_at) "
        "VALUES (1, '2024-01-01', 10, 'opening', '2024-01-01')"
    )
    db.execute(
        "INSERT INTO audit_log (at, actor_name, action) VALUES ('2024-01-01', 'system', 'x')"
    )
    for sql in (
        "UPDATE points_ledger SET delta = 99",
        "DELETE FROM points_ledger",
        "UPDATE audit_log SET action = 'y'",
        "DELETE FROM audit_log",
        # REPLACE deletes without firing delete triggers; upserts update in place
        "INSERT OR REPLACE INTO points_ledger (id, member_id, at, delta, reason, created_at) "
        "VALUES (1, 1, '2024-01-01', 99, 'adjust', '2024-01-01')",
        "REPLACE INTO audit_log (id, at, actor_name, action) VALUES (1, '2024', 'x', 'y')",
        "INSERT INTO audit_log (id, at, actor_name, action) VALUES (1, '2024', 'x', 'y') "
        "ON CONFLICT(id) DO UPDATE SET action = excluded.action",
        "INSERT INTO points_ledger (id, member_id, at, delta, reason, created_at) "
        "VALUES (1, 1, '2024-01-01', 99, 'adjust', '2024-01-01') "
        "ON CONFLICT(id) DO UPDATE SET delta = excluded.delta",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)
    assert db.execute("SELECT delta FROM points_ledger").fetchall() == [(10,)]
    assert db.execute("SELECT action FROM audit_log").fetchall() == [("x",)]


def test_failed_migration_leaves_file_as_it_was(db_path, monkeypatch):
    db = _first_migration_only(db_path)
    db.close()

    from sqlite_utils.migrations import Migrations

    broken = Migrations("vip_keeper")
    for m in migrations.MIGRATIONS._migrations[:1]:
        broken._migrations.append(m)

    @broken()
    def m002_member_search(database):
        database.execute("CREATE TABLE half_done (x)")
        database.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(DatabaseError, match="cannot upgrade"):
        open_db(db_path)
    monkeypatch.undo()
    db = connect(db_path)
    assert "half_done" not in db.table_names()
    assert [m.name for m in migrations.MIGRATIONS.applied(db)] == migrations.names()[:1]
    db.close()


def test_not_a_database_is_refused_with_the_file_name(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is a text file, not SQLite " * 100)
    with pytest.raises(DatabaseError, match=r"notes\.db"):
        open_db(bad)


def test_m010_keeps_every_check_rule_in_cheaper_words(db_path):
    """The CHECK lists are OR chains now, and they refuse exactly what they refused."""
    db = connect(db_path)
    migrations.apply(db, stop_before="m010_lighter_member_writes")
    with db.atomic():
        db.execute(
            "INSERT INTO members (member_no, name, phone, source, joined_on, created_at, "
            "updated_at) VALUES ('VK1', '甲', '13800000001', 'walk_in', '2024-01-01', "
            "'2024-01-01T09:00:00', '2024-01-01T09:00:00')"
        )
        db.execute("UPDATE members SET status = 'anonymised' WHERE id = 1")
        db.execute(
            "INSERT INTO members (member_no, name, phone, joined_on, created_at, updated_at) "
            "VALUES ('VK2', '欧阳乙', '13800000002', '2024-01-01', '2024-01-01T09:00:00', "
            "'2024-01-01T09:00:00')"
        )
    cur = db.execute("SELECT * FROM members ORDER BY id")
    cols = ", ".join(c[0] for c in cur.description)  # later migrations add columns
    before = cur.fetchall()
    db.close()
    db = open_db(db_path)
    assert db.execute(f"SELECT {cols} FROM members ORDER BY id").fetchall() == before
    tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    assert not [n for n, sql in tables if sql and " IN (" in sql]
    assert "(source = 'advert' OR source = 'walk_in'" in dict(tables)["members"]
    for bad in (
        "UPDATE members SET source = 'tv' WHERE id = 2",
        "UPDATE members SET status = 'gone' WHERE id = 2",
        "UPDATE members SET birthday_leap = 2 WHERE id = 2",
        "INSERT INTO purchases (member_id, at, total_fen, paid_fen, source, created_at) "
        "VALUES (2, '2024-02-01T10:00:00', 100, 100, 'web', '2024-02-01T10:00:00')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute(bad)
    db.execute("UPDATE members SET source = NULL, gender = 'female' WHERE id = 2")  # still fine
    # the full-text index has no phone column, holds the live members only, and works
    cols = [r[1] for r in db.execute("PRAGMA table_info(members_fts)")]
    assert cols == ["name", "name_pinyin", "name_initials", "member_no"]
    hit = db.execute("SELECT rowid FROM members_fts WHERE members_fts MATCH '\"欧阳乙\"'")
    assert hit.fetchall() == [(2,)]
    assert db.execute("SELECT COUNT(*) FROM members_fts_docsize").fetchone()[0] == 1
    db.execute("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')")
    assert integrity_check(db) == "ok"
