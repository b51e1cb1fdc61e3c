"""What a dry run produces, and what every kind shares: the :class:`Plan` with its
counts, rejections and preview, the watermark that tells a stale plan, the result of
applying it, and Cancel."""

from __future__ import annotations

import hashlib
from collections import Counter
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
    watermark: Watermark  # what is_stale compares with
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


# each kind's own table: rows the counter adds meanwhile matter only when they are
# the plan's records (the same member and day, or the same ticket number)
_TABLES = {
    "purchases": "purchases",
    "contacts": "contacts",
    "points": "points_ledger",
    "surveys": "surveys",
    "complaints": "complaints",
    "praise": "praise",
}
# how every row finds its member: a change of these anywhere invalidates a plan
_KEY_FIELDS = ("phone", "member_no", "merged_from", "created")


@dataclass(frozen=True)
class Watermark:
    """Where the store stood when a plan was made: members (count, highest id), the
    last change card (the store's change version, app/change_cards.py) and the kind's
    own table (count, highest id)."""

    members: int
    member_max: int
    card: int
    rows: int = 0
    row_max: int = 0


def watermark(db: sqlite_utils.Database, kind: str) -> Watermark:
    count, top = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM members").fetchone()
    card = db.execute("SELECT COALESCE(MAX(id), 0) FROM member_changes").fetchone()[0]
    rows = row_max = 0
    table = _TABLES.get(kind)
    if table:
        rows, row_max = db.execute(f"SELECT COUNT(*), COALESCE(MAX(id), 0) FROM {table}").fetchone()
    return Watermark(int(count), int(top), int(card), int(rows), int(row_max))


def _records(plan: Plan) -> list[dict[str, Any]]:
    """The plan's records that carry a ``member_id`` (every kind but members)."""
    out: list[dict[str, Any]] = []
    for value in plan.ops.values():
        if isinstance(value, list):
            out.extend(r for r in value if isinstance(r, dict) and "member_id" in r)
    return out


def cards_since(db: sqlite_utils.Database, w: Watermark) -> list[tuple[int, str]] | None:
    """The change cards ``(member_id, field)`` written since ``w``; ``None`` when a
    member was removed (merged, deleted) or a phone or member number changed anywhere:
    rows find their members through those, so every plan made before is stale."""
    kept = db.execute("SELECT COUNT(*) FROM members WHERE id <= ?", [w.member_max]).fetchone()
    if kept[0] != w.members:
        return None
    cards = [
        (int(m), str(f))
        for m, f in db.execute("SELECT member_id, field FROM member_changes WHERE id > ?", [w.card])
    ]
    if any(f in _KEY_FIELDS and f != "created" for _, f in cards):
        return None
    return cards


def taken_since(
    db: sqlite_utils.Database, w: Watermark, phones: set[str], numbers: set[str]
) -> bool:
    """Has a member created since ``w`` taken one of these phones or numbers?"""
    if not phones and not numbers:
        return False
    return any(
        phone in phones or number in numbers
        for phone, number in db.execute(
            "SELECT phone, member_no FROM members WHERE id > ?", [w.member_max]
        )
    )


def is_stale(db: sqlite_utils.Database, plan: Plan) -> bool:
    """Did anything the plan relies on change since it was made? Anything
    :func:`cards_since` reports; for members, a change card on a field the file
    carries of a member it updates, or a new member taking a phone or number the plan
    adds; for the other kinds, a new record of the same member and day as one of the
    plan's (entered by hand meanwhile), the same ticket number, a return for one of
    its members, or a record removed. A sale, a tier change or an edit of another
    member leaves the plan valid: the counter goes on during an import."""
    w: Watermark = plan.watermark
    cards = cards_since(db, w)
    if cards is None:
        return True
    if plan.kind == "members":
        return _members_stale(db, plan, w, cards)
    if plan.kind == "attendance":
        return _attendance_stale(db, plan)
    return _records_stale(db, plan, w)


def _attendance_stale(db: sqlite_utils.Database, plan: Plan) -> bool:
    """A planned guest's mark changed since the dry run (ticked by hand meanwhile), or
    the guest or the event is gone or cancelled (``importer/attendance.py``)."""
    for rec in plan.ops.get("attendance", []):
        row = db.execute(
            "SELECT i.attended, e.status FROM event_invitations i JOIN events e "
            "ON e.id = i.event_id WHERE i.id = ?",
            [rec["invitation_id"]],
        ).fetchone()
        if row is None or bool(row[0]) != rec["before"] or row[1] != "planned":
            return True
    return False


def _members_stale(
    db: sqlite_utils.Database, plan: Plan, w: Watermark, cards: list[tuple[int, str]]
) -> bool:
    fields = set(plan.mapping.values())
    updated = {mid for _row, mid, _changes in plan.ops.get("updates", [])}
    if any(mid in updated and f in fields for mid, f in cards):
        return True
    phones = {c["phone"] for _row, c in plan.ops.get("new", []) if c.get("phone")}
    numbers = {c["member_no"] for _row, c in plan.ops.get("new", []) if c.get("member_no")}
    for _row, _mid, changes in plan.ops.get("updates", []):
        phones.update(c.after for c in changes if c.field == "phone" and c.after)
    return taken_since(db, w, phones, numbers)


def _records_stale(db: sqlite_utils.Database, plan: Plan, w: Watermark) -> bool:
    table = _TABLES[plan.kind]
    kept = db.execute(f"SELECT COUNT(*) FROM {table} WHERE id <= ?", [w.row_max]).fetchone()
    if kept[0] != w.rows:
        return True
    records = _records(plan)
    # a walk-in's record (surveys, complaints, praise) has no member: None matches None
    ids = [None if r["member_id"] is None else int(r["member_id"]) for r in records]
    who = set(ids)
    days = {(mid, str(r.get("at") or "")[:10]) for mid, r in zip(ids, records, strict=True)}
    undated = {mid for mid, r in zip(ids, records, strict=True) if not r.get("at")}
    tickets = {r["ticket_no"] for r in records if r.get("ticket_no")}
    extra = ", ticket_no, return_of" if table == "purchases" else ", NULL, NULL"
    for mid, at, ticket, return_of in db.execute(
        f"SELECT member_id, at{extra} FROM {table} WHERE id > ?", [w.row_max]
    ):
        if mid in undated or (mid, str(at or "")[:10]) in days:
            return True
        if ticket and ticket in tickets:
            return True
        if return_of is not None and mid in who:
            return True
    return False


def keep_new(
    plan: Plan,
    records: list[dict[str, Any]],
    existing: Any,
    keys: tuple[str, ...],
    no_of: dict[int, str],
    ops_key: str,
) -> None:
    """Put into ``plan.ops[ops_key]`` the records not in the store yet: ``existing``
    yields the store's rows as tuples of ``keys``, counted, so a file read back adds
    nothing and a file holding the same record twice against one in the store adds one.
    Counts ``new`` and ``unchanged`` and fills the preview (member number and day)."""
    have = Counter(tuple(r) for r in existing)
    new = []
    for rec in records:
        key = tuple(rec[k] for k in keys)
        if have[key] > 0:
            have[key] -= 1
            plan.counts["unchanged"] += 1
            continue
        new.append(rec)
        if len(plan.preview) < PREVIEW_LIMIT:
            who = no_of.get(rec["member_id"], "—")
            plan.preview.append(RowChange(rec["row"], "new", f"{who} {rec['at'][:10]}"))
    plan.counts["new"] = len(new)
    plan.ops = {ops_key: new}


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
