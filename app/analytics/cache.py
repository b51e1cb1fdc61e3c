"""The last analysis kept while the facts it read are unchanged (:class:`AnalysisCache`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from app.analytics.rules import Rules
from app.analytics.scores import Segments


def data_fingerprint(db: sqlite_utils.Database) -> tuple[Any, ...]:
    """Cheap values that change when the facts an analysis reads change: new or
    changed purchases (the newest id and ``member_stats`` sums, which every purchase
    writer keeps), members added or removed, settings changed."""
    p = db.execute("SELECT COALESCE(MAX(id), 0) FROM purchases").fetchone()[0]
    m = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM members").fetchone()
    s = db.execute(
        "SELECT COALESCE(SUM(visits), 0), COALESCE(SUM(total_paid_fen), 0) FROM member_stats"
    ).fetchone()
    keys = sorted(Rules.KEYS.values())
    cfg = db.execute(
        "SELECT group_concat(key || '=' || value, ';') FROM (SELECT key, value FROM settings "
        "WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key)",
        [json.dumps(keys)],
    ).fetchone()[0]
    return (p, *m, *s, cfg or "")


class AnalysisCache:
    """Keeps the last analysis per (as-of date) and hands it back while
    :func:`data_fingerprint` is unchanged; ``invalidate()`` forgets it."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[Any, ...], Segments]] = {}

    def get(self, db: sqlite_utils.Database, as_of: dt.date) -> Segments | None:
        entry = self._entries.get(as_of.isoformat())
        if entry is None or entry[0] != data_fingerprint(db):
            return None
        return entry[1]

    def put(self, fingerprint: tuple[Any, ...], seg: Segments) -> None:
        self._entries = {seg.facts.as_of.isoformat(): (fingerprint, seg)}

    def invalidate(self) -> None:
        self._entries.clear()
