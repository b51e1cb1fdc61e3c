"""What a dry run produces, and what every kind shares: the :class:`Plan` with its
counts, rejections and preview, the fingerprint that tells a stale plan, the result of
applying it, and Cancel."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app import labels
from app.core import Changes
from app.excel.readers import Table
from app.excel.validate import Rejection

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
PREVIEW_LIMIT = 2000  # rows of "what changes" kept for the preview
CHUNK = 5000


class ImportCancelled(Exception):
    """The person pressed Cancel; the transaction was rolled back."""


class PlanStale(Exception):
    """The database changed since the dry run; run it again."""


IDENTITY_FIELDS = ("name", "phone", "member_no")


@dataclass(frozen=True)
class FieldChange:
    """One field of a matched member: the archive's value and the file's.

    ``kind``: ``fill`` (the archive is empty here), ``overwrite`` (a filled field is
    replaced: only when the import was asked to overwrite), ``identity`` (name, phone or
    member number of a member who has one: applied only when a person accepts the row),
    ``kept`` (a filled field the file would change; left as it is, shown so a person
    can choose "overwrite")."""

    field: str
    before: Any
    after: Any
    kind: str

    @property
    def applies(self) -> bool:
        return self.kind != "kept"


@dataclass
class RowChange:
    row: int
    action: str  # new | updated | unchanged
    key: str  # member number, ticket number … what a person recognises
    fields: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def identity(self) -> bool:
        """The row renames a member or gives them another phone: it waits for a
        person's choice (a check box per row, ``--accept-identity-changes``)."""
        return any(c.kind == "identity" for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "key": self.key,
            "action": self.action,
            "identity": self.identity,
            "fields": {
                c.field: {"before": _plain(c.before), "after": _plain(c.after), "kind": c.kind}
                for c in self.changes
            },
        }


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return value


@dataclass
class Plan:
    kind: str
    path: Path
    table: Table
    mapping: dict[int, str]
    counts: dict[str, int]
    rejections: list[Rejection]
    preview: list[RowChange]
    fingerprint: tuple
    checksum: str
    ops: dict[str, Any] = field(default_factory=dict, repr=False)
    notes: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    overwrite: bool = False  # members: replace filled fields (else fill empty ones only)
    # members: rows that would rename a member or change their phone (they need a choice)
    identity_rows: list[int] = field(default_factory=list)

    @property
    def has_work(self) -> bool:
        return bool(self.counts.get("new") or self.counts.get("updated"))

    def report(self, lang: str = "zh") -> dict[str, Any]:
        """What the CLI prints with ``--json`` and the dialog shows."""
        return {
            "file": str(self.path),
            "kind": self.kind,
            "format": self.table.format,
            "encoding": self.table.encoding,
            "sheet": self.table.sheet,
            "header_row": self.table.header_row,
            "mapping": {self.table.headers[i]: k for i, k in sorted(self.mapping.items())},
            "rows": len(self.table.rows),
            "counts": dict(self.counts),
            "rejections": [r.to_json(lang) for r in self.rejections],
            "notes": list(self.notes),
            "overwrite": self.overwrite,
            "identity_rows": self.identity_rows,
            "changes": [c.to_json() for c in self.preview if c.changes],
        }


@dataclass
class ImportResult:
    plan: Plan
    changes: Changes
    backup: Path | None
    batch_id: int | None
    elapsed_s: float
    skipped_identity: list[int] = field(default_factory=list)  # rows left for a choice


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(db: sqlite_utils.Database, kind: str) -> tuple:
    """Cheap summary of what a plan depends on; any save in between changes it."""
    sql = {
        "members": "SELECT COUNT(*), MAX(id), MAX(updated_at) FROM members",
        "purchases": "SELECT COUNT(*), MAX(id) FROM purchases",
        "contacts": "SELECT COUNT(*), MAX(id) FROM contacts",
        "points": "SELECT COUNT(*), MAX(id) FROM points_ledger",
        "surveys": "SELECT COUNT(*), MAX(id) FROM surveys",
        "complaints": "SELECT COUNT(*), MAX(id) FROM complaints",
    }[kind]
    row = tuple(db.execute(sql).fetchone())
    if kind != "members":
        row += tuple(
            db.execute("SELECT COUNT(*), MAX(id), MAX(updated_at) FROM members").fetchone()
        )
    return row


def _check_cancel(cancel: Cancel, i: int) -> None:
    if i % 2000 == 0 and cancel():
        raise ImportCancelled()


def rejection_words(lang: str) -> dict[str, str]:
    """Headers of the rejected-rows file in ``lang``."""
    return {
        "row": labels.word("excel", "row", lang),
        "column": labels.word("excel", "column", lang),
        "reason": labels.word("excel", "reason", lang),
    }
