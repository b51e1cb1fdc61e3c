"""Shared fixtures: a real, migrated SQLite file per test (never :memory:, so WAL,
foreign keys and file handling are exercised), and the acting users."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core import SYSTEM, Actor
from app.db import open_db


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def db(db_path: Path):
    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def actor() -> Actor:
    return SYSTEM


@pytest.fixture
def clerk(db) -> Actor:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('clerk1', '小李', 'clerk', '2026-01-01T09:00:00')"
    )
    return Actor(user_id=cur.lastrowid, name="小李", role="clerk")


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    """A small demo store built once per session; tests get their own copy."""
    from app import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_db(path)
    demo.generate(database, members=300, seed=7)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_db(_demo_template: Path, tmp_path: Path):
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    database = open_db(path)
    yield database
    database.close()
