"""Bulk member inserts for large member imports (:class:`_BulkLoad`)."""

from __future__ import annotations

from typing import ClassVar

import sqlite_utils


class _BulkLoad:
    """Bulk member inserts without per-row index and trigger work.

    * Two per-row triggers — the trigram full-text index (``members_fts_ai``) and the
      ``member_stats`` row (``member_stats_member_ai``) — cost ~150 µs per row; one
      ``INSERT … SELECT`` each per chunk of new members (:meth:`index_ids`) costs
      ~5-15 µs a row (100,000 members: ~12 s less).
      Used only when each trigger's SQL is exactly the one replaced here (a migration
      that changes them makes the importer fall back to the triggers).
    * With ``rebuild_indexes`` (at least as many new members as there were), the
      non-unique secondary indexes of ``members`` are dropped and created again after
      the load (one sort per index instead of a B-tree insert per row: ~1.7 s less for
      100,000). Unique indexes stay, so duplicates are still refused by SQLite.

    Everything happens inside the import's transaction and is recreated from its own
    SQL in ``sqlite_master`` before the commit, so a rollback, Cancel or a killed
    process restores the schema with everything else."""

    EXPECTED: ClassVar[dict[str, str]] = {
        "members_fts_ai": (
            "INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no) "
            "VALUES (new.id, new.name, new.name_pinyin, new.name_initials, new.member_no);"
        ),
        "member_stats_member_ai": "INSERT INTO member_stats (member_id) VALUES (new.id);",
    }

    def __init__(self, db: sqlite_utils.Database, *, rebuild_indexes: bool = False) -> None:
        self.db = db
        self.saved: dict[str, str] = {}
        self.indexes: list[tuple[str, str]] = []
        if rebuild_indexes:
            self.indexes = [
                (name, sql)
                for name, sql in db.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'members' AND sql IS NOT NULL"
                )
                if not sql.upper().startswith("CREATE UNIQUE")
            ]
            for name, _ in self.indexes:
                db.execute(f"DROP INDEX [{name}]")
        for name, body in self.EXPECTED.items():
            row = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]
            ).fetchone()
            if row is None or body not in " ".join(row[0].split()):
                continue
            self.saved[name] = row[0]
        for name in self.saved:
            db.execute(f"DROP TRIGGER {name}")

    def index_ids(self, first: int, last: int) -> None:
        """The full-text and stats rows of members ``first``..``last`` (what the dropped
        triggers would have written)."""
        if "members_fts_ai" in self.saved:
            self.db.execute(
                "INSERT INTO members_fts(rowid, name, name_pinyin, name_initials, member_no) "
                "SELECT id, name, name_pinyin, name_initials, member_no "
                "FROM members WHERE id BETWEEN ? AND ?",
                [first, last],
            )
        if "member_stats_member_ai" in self.saved:
            self.db.execute(
                "INSERT INTO member_stats (member_id) SELECT id FROM members "
                "WHERE id BETWEEN ? AND ?",
                [first, last],
            )

    def finish(self) -> None:
        """Triggers and indexes back, from their own SQL."""
        for sql in self.saved.values():
            self.db.execute(sql)
        for _, sql in self.indexes:
            self.db.execute(sql)
