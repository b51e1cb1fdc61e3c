"""Import members, purchases, contacts and opening points from Excel/CSV: a dry run
first, then one transaction.

``plan_import(db, path, kind=...)`` reads and validates the whole file against the
database and writes nothing: the :class:`Plan` holds the counts (new / updated /
unchanged / rejected), every rejection with row, column, value and reason, and the
writes it would make. ``apply_plan(db, plan, actor=...)`` takes an online backup (when
given a folder), then performs exactly those writes in one transaction; Cancel
(``should_cancel``), an error or a killed process leaves the database as it was (the
backup made for it is removed too). A plan whose data changed underneath it (another
clerk saved a member meanwhile) is refused with :class:`PlanStale`; plan again.

Rules per kind (``docs/excel-columns.md`` lists the columns):

* **members** — a row is matched to an existing member by phone, then by member
  number; a phone of member A with the number of member B, or a phone whose member has
  a different number, is refused (never merged silently). Only non-empty cells are
  written: an empty cell leaves the archive as it is; masked phones (``138****5678``,
  our own masked export) count as empty. A matched row whose values all equal the
  archive is *unchanged*. Later rows repeating an earlier row's phone or number are
  refused (the first is imported). New members without a number get the next ones.
* **purchases** — one row per ticket, or one row per item grouped by ticket number (the
  layout is taken as per-item when a ticket number column and an item column — SKU,
  category, size, colour, quantity or unit price — are mapped). The member is found by
  phone, then member number; unknown members are refused. A ticket number already in
  the database is *unchanged* when it is the same sale (member, time, amount), refused
  otherwise. Rows without a ticket number are matched by (member, time, amount), as many
  times as the database holds such tickets: re-importing a file adds nothing. Negative
  amounts (returns) are refused: returns are recorded at the counter against the sale.
  Written with ``source='import'``; the members' cached figures are rebuilt
  (``app.stats``) and the loyalty hooks run for each new sale in date order, as
  ``record_purchase`` does. Unknown clerk names are kept in the ticket's note.
* **contacts** — same member lookup; channel, purpose and outcome as codes or words; a
  contact with the same member, time, channel and purpose is *unchanged*. Written through
  ``app.contacts.log_contact`` (its rules, its audit entry).
* **points** — opening balances through ``app.loyalty.add_opening_balance``, idempotent
  per member and source (column 来源, default ``opening``): a second import never counts
  points twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import sqlite_utils

from app import audit, labels, members, permissions, stats
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.excel import KINDS, FileRefused, hostile, mapping
from app.excel.readers import Table, cell_text, read_table
from app.excel.validate import (
    MASKED_PHONE,
    Rejection,
    choice,
    clean_member,
    fast_name_pinyin,
    money,
    tier_index,
    to_bool,
    to_date,
    to_datetime,
    to_int,
)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
PREVIEW_LIMIT = 2000  # rows of "what changes" kept for the preview
CHUNK = 5000


class ImportCancelled(Exception):
    """The person pressed Cancel; the transaction was rolled back."""


class PlanStale(Exception):
    """The database changed since the dry run; run it again."""


@dataclass
class RowChange:
    row: int
    action: str  # new | updated | unchanged
    key: str  # member number, ticket number … what a person recognises
    fields: list[str] = field(default_factory=list)


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
        }


@dataclass
class ImportResult:
    plan: Plan
    changes: Changes
    backup: Path | None
    batch_id: int | None
    elapsed_s: float


# ------------------------------------------------------------------ helpers


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
    }[kind]
    row = tuple(db.execute(sql).fetchone())
    if kind != "members":
        row += tuple(
            db.execute("SELECT COUNT(*), MAX(id), MAX(updated_at) FROM members").fetchone()
        )
    return row


class _Rows:
    """Rows of a table as ``{field: value}`` with the header of each field, for
    rejections."""

    def __init__(self, table: Table, mapping_: Mapping[int, str]) -> None:
        self.table = table
        self.cols = sorted(mapping_.items())
        self.header = {k: table.headers[i] for i, k in self.cols}

    def column_name(self, key: str) -> str:
        """A field the file has no column for: its template name."""
        for kind_cols in mapping.COLUMNS.values():
            for c in kind_cols:
                if c.key == key:
                    return c.zh
        return key

    def __iter__(self):
        for cells, number in zip(self.table.rows, self.table.row_numbers, strict=True):
            raw = {}
            for i, key in self.cols:
                v = cells[i]
                if v is None:
                    continue
                if type(v) is str:
                    v = v.strip()
                    if not v or (key == "phone" and MASKED_PHONE.match(v)):
                        continue  # empty, or a phone from our own masked export
                raw[key] = v
            yield number, raw


def _reject(
    out: list[Rejection], row: int, rows: _Rows, raw: Mapping[str, Any], err: FieldError
) -> None:
    key = err.field.split("[")[0].split(".")[0]
    column = rows.header.get(key) or rows.column_name(key)
    value = raw.get(key)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)  # 13812345678, not 13812345678.0
    out.append(Rejection(row, column, value, err.code, dict(err.params)))


class _MemberIndex:
    """Phone and member number → member id, loaded once (one query, ~0.1 s for 100k)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.by_phone: dict[str, int] = {}
        self.by_no: dict[str, int] = {}
        self.no_of: dict[int, str] = {}
        self.status: dict[int, str] = {}
        for mid, no, ph, status in db.execute("SELECT id, member_no, phone, status FROM members"):
            self.by_no[no] = mid
            self.no_of[mid] = no
            self.status[mid] = status
            if ph:
                self.by_phone[ph] = mid

    def find(
        self, raw: Mapping[str, Any], number: int, rows: _Rows, rejections: list[Rejection]
    ) -> int | None:
        """The member a purchase/contact/points row is about, or None (rejected)."""
        from app.excel.validate import phone as norm_phone

        pid = nid = None
        if "phone" in raw:
            try:
                p = norm_phone(raw["phone"])
            except ValidationError as exc:
                _reject(rejections, number, rows, raw, exc.errors[0])
                return None
            pid = self.by_phone.get(p or "")
        if "member_no" in raw:
            nid = self.by_no.get(cell_text(raw["member_no"]))
        if "phone" not in raw and "member_no" not in raw:
            rejections.append(Rejection(number, "", None, "member_key_missing"))
            return None
        if pid and nid and pid != nid:
            rejections.append(
                Rejection(
                    number,
                    rows.header.get("member_no", ""),
                    raw.get("member_no"),
                    "identity_conflict",
                    {"phone_no": self.no_of[pid], "value": cell_text(raw["member_no"])},
                )
            )
            return None
        mid = pid or nid
        if mid is None:
            key = "phone" if "phone" in raw else "member_no"
            rejections.append(
                Rejection(number, rows.header.get(key, ""), raw.get(key), "member_unknown")
            )
            return None
        if self.status.get(mid) == "anonymised":
            rejections.append(Rejection(number, "", None, "member_anonymised"))
            return None
        return mid


def _clerks(db: sqlite_utils.Database) -> dict[str, int]:
    out: dict[str, int] = {}
    for uid, username, name in db.execute("SELECT id, username, display_name FROM users"):
        out.setdefault(name.strip().lower(), uid)
        out.setdefault(username.strip().lower(), uid)
    return out


def _at_text(value: Any, field: str) -> str:
    stamp = to_datetime(value, field=field)
    if stamp.date() > dt.date.today():
        raise ValidationError(
            [FieldError(field, "date_in_future", {"value": stamp.date().isoformat()})]
        )
    return stamp.isoformat()


# ------------------------------------------------------------------ the dry run


def read(
    db: sqlite_utils.Database, path: str | Path, *, kind: str, sheet: str | None = None
) -> Table:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    from app import settings

    max_rows = int(settings.get(db, "excel_import_max_rows") or hostile.DEFAULT_MAX_ROWS)
    return read_table(
        path,
        score_header=lambda cells: mapping.score_header(kind, cells),
        sheet=sheet,
        max_rows=max_rows,
    )


def plan_import(
    db: sqlite_utils.Database,
    path: str | Path,
    *,
    kind: str,
    sheet: str | None = None,
    column_map: Mapping[int, str] | None = None,
    table: Table | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> Plan:
    """The dry run: read (unless ``table`` is given), map (``column_map`` or the
    remembered/guessed mapping), validate and compare with the database. Writes
    nothing. Raises ``FileRefused`` for a file that cannot be taken at all."""
    started = time.perf_counter()
    path = Path(path)
    if kind == "points":
        loyalty = _loyalty()
        if loyalty is None or not hasattr(loyalty, "add_opening_balance"):
            raise FileRefused("needs_loyalty")
    if table is None:
        table = read(db, path, kind=kind, sheet=sheet)
    if not table.headers:
        raise FileRefused("no_header", name=path.name)
    cmap = (
        dict(column_map) if column_map is not None else mapping.remembered(db, kind, table.headers)
    )
    fields = set(cmap.values())
    missing = [c for c in mapping.COLUMNS[kind] if c.required and c.key not in fields]
    if kind in ("purchases", "contacts", "points") and not fields & {"phone", "member_no"}:
        missing.insert(0, mapping.column(kind, "member_no"))
    if kind == "purchases" and not fields & {"amount", "unit_price"}:
        missing.append(mapping.column(kind, "amount"))
    if kind == "members" and fields & {"phone", "member_no"}:
        # name is required for new members only; a file updating by phone/number may omit it
        missing = [c for c in missing if c.key != "name"]
    if missing:
        raise FileRefused(
            "columns_missing",
            name=path.name,
            columns="、".join(c.zh for c in missing),
            columns_en=", ".join(c.en for c in missing),
        )
    plan = Plan(
        kind=kind,
        path=path,
        table=table,
        mapping=cmap,
        counts={"new": 0, "updated": 0, "unchanged": 0, "rejected": 0},
        rejections=[],
        preview=[],
        fingerprint=fingerprint(db, kind),
        checksum=file_checksum(path) if path.exists() else "",
    )
    progress = on_progress or (lambda done, total: None)
    cancel = should_cancel or (lambda: False)
    {
        "members": _plan_members,
        "purchases": _plan_purchases,
        "contacts": _plan_contacts,
        "points": _plan_points,
    }[kind](db, plan, progress, cancel)
    rejected_rows = {r.row for r in plan.rejections}
    plan.counts["rejected"] = len(rejected_rows)
    plan.rejections.sort(key=lambda r: r.row)
    plan.elapsed_s = time.perf_counter() - started
    return plan


def _check_cancel(cancel: Cancel, i: int) -> None:
    if i % 2000 == 0 and cancel():
        raise ImportCancelled()


def _plan_members(
    db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel
) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    tiers = tier_index(db)
    total = len(plan.table.rows)
    seen_phone: dict[str, int] = {}
    seen_no: dict[str, int] = {}
    new: list[tuple[int, dict[str, Any]]] = []
    matched: list[tuple[int, int, dict[str, Any]]] = []
    rej = plan.rejections
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        if i % 5000 == 0:
            progress(i, total)
        ph = raw.get("phone")
        no = cell_text(raw["member_no"]) if "member_no" in raw else ""
        # who is it? (before validation, so for_new knows whether name is required)
        target = None
        clean, errors = clean_member(raw, tiers=tiers, for_new=False)
        p = clean.get("phone")
        pid = index.by_phone.get(p) if p else None
        nid = index.by_no.get(no) if no else None
        if pid and nid and pid != nid:
            rej.append(
                Rejection(
                    number,
                    rows.header.get("member_no", ""),
                    raw.get("member_no"),
                    "identity_conflict",
                    {"phone_no": index.no_of[pid], "value": no},
                )
            )
            continue
        if pid and no and nid is None:
            rej.append(
                Rejection(
                    number,
                    rows.header.get("member_no", ""),
                    raw.get("member_no"),
                    "identity_conflict",
                    {"phone_no": index.no_of[pid], "value": no},
                )
            )
            continue
        target = pid or nid
        if target is None and not clean.get("name") and not any(e.field == "name" for e in errors):
            errors.append(FieldError("name", "required"))
        if "name" in clean and not clean["name"]:
            if target is None:
                errors.append(FieldError("name", "required"))
            else:
                clean.pop("name")
        if "referrer_no" in clean:
            ref = index.by_no.get(clean.pop("referrer_no"))
            if ref is None:
                errors.append(FieldError("referrer_no", "referrer_missing"))
            elif ref == target:
                errors.append(FieldError("referrer_no", "referrer_self"))
            else:
                clean["referrer_id"] = ref
        if errors:
            for e in errors:
                _reject(rej, number, rows, raw, e)
            continue
        if p and p in seen_phone:
            rej.append(
                Rejection(number, rows.header["phone"], ph, "dup_in_file", {"first": seen_phone[p]})
            )
            continue
        if no and no in seen_no:
            rej.append(
                Rejection(
                    number,
                    rows.header["member_no"],
                    raw.get("member_no"),
                    "dup_in_file",
                    {"first": seen_no[no]},
                )
            )
            continue
        if p:
            seen_phone[p] = number
        if no:
            seen_no[no] = number
        if target is None:
            new.append((number, clean))
        else:
            matched.append((number, target, clean))
    progress(total, total)

    # compare the matched rows with the archive
    updates: list[tuple[int, int, dict[str, Any]]] = []
    if matched:
        cols = sorted({k for _, _, c in matched for k in c if k != "tags"} | {"member_no"})
        current: dict[int, dict[str, Any]] = {}
        ids = [t for _, t, _ in matched]
        for start in range(0, len(ids), 20000):
            part = json.dumps(ids[start : start + 20000])
            cur = db.execute(
                f"SELECT id, {', '.join(cols)} FROM members "
                "WHERE id IN (SELECT value FROM json_each(?))",
                [part],
            )
            for r in cur:
                current[r[0]] = dict(zip(cols, r[1:], strict=True))
        want_tags = any("tags" in c for _, _, c in matched)
        tags: dict[int, list[str]] = defaultdict(list)
        if want_tags:
            for mid, tag in db.execute(
                "SELECT member_id, tag FROM member_tags WHERE member_id IN "
                "(SELECT value FROM json_each(?)) ORDER BY tag",
                [json.dumps(ids)],
            ):
                tags[mid].append(tag)
        for number, target, clean in matched:
            now_row = current[target]
            changed = {k: v for k, v in clean.items() if _current(k, now_row, tags[target]) != v}
            key = now_row["member_no"]
            if changed:
                updates.append((number, target, changed))
                plan.counts["updated"] += 1
                if len(plan.preview) < PREVIEW_LIMIT:
                    plan.preview.append(RowChange(number, "updated", key, sorted(changed)))
            else:
                plan.counts["unchanged"] += 1
    plan.counts["new"] = len(new)
    for number, clean in new[: max(0, PREVIEW_LIMIT - len(plan.preview))]:
        plan.preview.append(RowChange(number, "new", clean.get("member_no") or "", []))
    plan.ops = {"new": new, "updates": updates}


def _current(key: str, row: Mapping[str, Any], tags: list[str]) -> Any:
    """The archive's value as the file would spell it (dates of time stamps as dates)."""
    if key == "tags":
        return tags
    value = row.get(key)
    if key == "verified_at" and value:
        return value[:10]
    return value


# ------------------------------------------------------------------ purchases

ITEM_FIELDS = {"sku", "category", "size", "colour", "qty", "unit_price"}


def _plan_purchases(
    db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel
) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    clerks = _clerks(db)
    fields = set(plan.mapping.values())
    per_item = "ticket_no" in fields and bool(fields & ITEM_FIELDS)
    plan.notes.append("layout_items" if per_item else "layout_tickets")
    rej = plan.rejections
    total = len(plan.table.rows)
    lines: list[dict[str, Any]] = []
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        if i % 5000 == 0:
            progress(i, total)
        errors: list[FieldError] = []
        mid = index.find(raw, number, rows, rej)
        line: dict[str, Any] = {"row": number, "member_id": mid}
        try:
            line["at"] = _at_text(raw["at"], "at") if "at" in raw else None
            if line["at"] is None:
                errors.append(FieldError("at", "required"))
        except ValidationError as exc:
            errors.extend(exc.errors)
        qty = 1
        if "qty" in raw:
            try:
                qty = to_int(raw["qty"], field="qty", code="qty_invalid")
                if qty < 1:
                    errors.append(FieldError("qty", "qty_invalid", {"value": raw["qty"]}))
            except ValidationError as exc:
                errors.extend(exc.errors)
        paid = listed = None
        try:
            if "amount" in raw:
                paid = money(raw["amount"], field="amount")
            elif "unit_price" in raw:
                unit = money(raw["unit_price"], field="unit_price")
                paid = None if unit is None else unit * qty
            if "list_amount" in raw:
                listed = money(raw["list_amount"], field="list_amount")
        except ValidationError as exc:
            errors.extend(exc.errors)
        if paid is None and not any(e.field in ("amount", "unit_price") for e in errors):
            errors.append(
                FieldError("amount" if "amount" in rows.header else "unit_price", "required")
            )
        if listed is None:
            listed = paid
        if paid is not None and listed is not None and 0 <= listed < paid:
            errors.append(
                FieldError(
                    "list_amount",
                    "paid_above_list",
                    {"paid": f"{paid / 100:.2f}", "list": f"{listed / 100:.2f}"},
                )
            )
        flag = None
        if "discounted" in raw:
            v = raw["discounted"]
            if isinstance(v, str) and v.strip() in ("折扣", "打折", "特价"):
                flag = True
            elif isinstance(v, str) and v.strip() in ("正价", "原价"):
                flag = False
            else:
                try:
                    flag = to_bool(v, field="discounted")
                except ValidationError as exc:
                    errors.extend(exc.errors)
        note_parts = []
        clerk_id = None
        if "clerk" in raw:
            name = cell_text(raw["clerk"])
            clerk_id = clerks.get(name.lower())
            if clerk_id is None:
                note_parts.append(f"导购：{name}")
        if "note" in raw:
            note_parts.append(cell_text(raw["note"]))
        note = "；".join(p for p in note_parts if p)[:500] or None
        item = {}
        for k, limit in (("category", 40), ("sku", 60), ("size", 20), ("colour", 20)):
            if k in raw:
                text = cell_text(raw[k])
                if len(text) > limit:
                    errors.append(FieldError(k, "too_long", {"max": limit}))
                item[k] = text or None
        ticket = cell_text(raw["ticket_no"]) if "ticket_no" in raw else None
        if ticket and len(ticket) > 40:
            errors.append(FieldError("ticket_no", "too_long", {"max": 40}))
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        line.update(
            ticket=ticket,
            paid=paid,
            listed=listed,
            flag=flag,
            qty=qty,
            clerk_id=clerk_id,
            note=note,
            item=item,
        )
        lines.append(line)
    progress(total, total)

    # lines -> tickets
    tickets: list[dict[str, Any]] = []
    if per_item:
        groups: dict[str, list[dict[str, Any]]] = {}
        order: list[str | None] = []
        loose: list[dict[str, Any]] = []
        for line in lines:
            if line["ticket"]:
                if line["ticket"] not in groups:
                    groups[line["ticket"]] = []
                    order.append(line["ticket"])
                groups[line["ticket"]].append(line)
            else:
                loose.append(line)
        bad_groups = set()
        for t, group in groups.items():
            first = group[0]
            for other in group[1:]:
                if other["member_id"] != first["member_id"] or other["at"] != first["at"]:
                    rej.append(
                        Rejection(
                            other["row"],
                            rows.header.get("ticket_no", ""),
                            t,
                            "ticket_rows_disagree",
                            {"first": first["row"]},
                        )
                    )
                    bad_groups.add(t)
        for t in order:
            if t in bad_groups:
                for line in groups[t]:  # the whole ticket is refused, every row says so
                    if not any(r.row == line["row"] for r in rej):
                        rej.append(
                            Rejection(
                                line["row"],
                                rows.header.get("ticket_no", ""),
                                t,
                                "ticket_rows_disagree",
                                {"first": groups[t][0]["row"]},
                            )
                        )
                continue
            tickets.append(_ticket(groups[t]))
        tickets.extend(_ticket([line]) for line in loose)
    else:
        seen: dict[str, int] = {}
        for line in lines:
            t = line["ticket"]
            if t and t in seen:
                rej.append(
                    Rejection(
                        line["row"],
                        rows.header.get("ticket_no", ""),
                        t,
                        "dup_in_file",
                        {"first": seen[t]},
                    )
                )
                continue
            if t:
                seen[t] = line["row"]
            tickets.append(_ticket([line]))

    # against the database
    numbered = [t["ticket_no"] for t in tickets if t["ticket_no"]]
    existing: dict[str, tuple] = {}
    for start in range(0, len(numbered), 20000):
        for r in db.execute(
            "SELECT ticket_no, member_id, at, paid_fen FROM purchases WHERE ticket_no IN "
            "(SELECT value FROM json_each(?))",
            [json.dumps(numbered[start : start + 20000])],
        ):
            existing[r[0]] = tuple(r[1:])
    loose_ids = sorted({t["member_id"] for t in tickets if not t["ticket_no"] or t["paid"] < 0})
    have: Counter = Counter()
    for start in range(0, len(loose_ids), 20000):
        for mid, at, paid, n in db.execute(
            "SELECT member_id, at, paid_fen, COUNT(*) FROM purchases WHERE "
            "(ticket_no IS NULL OR return_of IS NOT NULL) "
            "AND member_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2, 3",
            [json.dumps(loose_ids[start : start + 20000])],
        ):
            have[(mid, at, paid)] = n
    new = []
    for t in tickets:
        if t["paid"] < 0:
            # a return: already recorded (our own export read back) or refused
            k = (t["member_id"], t["at"], t["paid"])
            if have[k] > 0:
                have[k] -= 1
                plan.counts["unchanged"] += 1
            else:
                for row in t["rows"]:
                    rej.append(
                        Rejection(
                            row,
                            rows.header.get("amount", ""),
                            t["paid"] / 100,
                            "import_return_refused",
                        )
                    )
            continue
        label = t["ticket_no"] or f"{index.no_of[t['member_id']]} {t['at'][:10]}"
        if t["ticket_no"] and t["ticket_no"] in existing:
            if existing[t["ticket_no"]] == (t["member_id"], t["at"], t["paid"]):
                plan.counts["unchanged"] += 1
            else:
                for row in t["rows"]:
                    rej.append(
                        Rejection(
                            row,
                            rows.header.get("ticket_no", ""),
                            t["ticket_no"],
                            "ticket_duplicate",
                            {"value": t["ticket_no"]},
                        )
                    )
            continue
        if not t["ticket_no"]:
            k = (t["member_id"], t["at"], t["paid"])
            if have[k] > 0:
                have[k] -= 1
                plan.counts["unchanged"] += 1
                continue
        new.append(t)
        if len(plan.preview) < PREVIEW_LIMIT:
            plan.preview.append(RowChange(t["rows"][0], "new", label, []))
    plan.counts["new"] = len(new)
    new.sort(key=lambda t: (t["at"], t["rows"][0]))
    plan.ops = {"tickets": new}


def _ticket(lines: list[dict[str, Any]]) -> dict[str, Any]:
    first = lines[0]
    paid = sum(x["paid"] for x in lines)
    listed = sum(x["listed"] for x in lines)
    flags = [x["flag"] for x in lines if x["flag"] is not None]
    discounted = paid < listed or (bool(flags) and any(flags) and paid == listed)
    return {
        "rows": [x["row"] for x in lines],
        "member_id": first["member_id"],
        "ticket_no": first["ticket"],
        "at": first["at"],
        "clerk_id": first["clerk_id"],
        "paid": paid,
        "listed": listed,
        "discounted": int(discounted),
        "note": first["note"],
        "items": [
            (
                x["item"].get("category"),
                x["item"].get("sku"),
                x["item"].get("size"),
                x["item"].get("colour"),
                x["qty"],
                x["listed"],
                x["paid"],
            )
            for x in lines
        ],
    }


# ------------------------------------------------------------------ contacts


def _plan_contacts(
    db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel
) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    clerks = _clerks(db)
    rej = plan.rejections
    total = len(plan.table.rows)
    out: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        if i % 5000 == 0:
            progress(i, total)
        errors: list[FieldError] = []
        mid = index.find(raw, number, rows, rej)
        rec: dict[str, Any] = {"row": number, "member_id": mid}
        for key in ("channel", "purpose", "outcome"):
            if key not in raw:
                errors.append(FieldError(key, "required"))
                continue
            try:
                rec[key] = choice(key, raw[key], field=key)
            except ValidationError as exc:
                errors.extend(exc.errors)
        try:
            rec["at"] = _at_text(raw["at"], "at") if "at" in raw else None
            if rec["at"] is None:
                errors.append(FieldError("at", "required"))
        except ValidationError as exc:
            errors.extend(exc.errors)
        rec["next_follow_up"] = None
        if "next_follow_up" in raw:
            try:
                d = to_date(raw["next_follow_up"], field="next_follow_up")
                rec["next_follow_up"] = d.isoformat() if d else None
                if d and rec.get("at") and d.isoformat() < rec["at"][:10]:
                    errors.append(FieldError("next_follow_up", "follow_up_before_contact"))
            except ValidationError as exc:
                errors.extend(exc.errors)
        parts = []
        rec["clerk_id"] = None
        if "clerk" in raw:
            name = cell_text(raw["clerk"])
            rec["clerk_id"] = clerks.get(name.lower())
            if rec["clerk_id"] is None:
                parts.append(f"导购：{name}")
        if "note" in raw:
            parts.append(cell_text(raw["note"]))
        rec["note"] = "；".join(p for p in parts if p) or None
        if rec["note"] and len(rec["note"]) > 1000:
            errors.append(FieldError("note", "too_long", {"max": 1000}))
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        key = (mid, rec["at"], rec["channel"], rec["purpose"])
        if key in seen:
            rej.append(Rejection(number, "", None, "dup_in_file", {"first": seen[key]}))
            continue
        seen[key] = number
        out.append(rec)
    progress(total, total)
    ids = sorted({r["member_id"] for r in out})
    existing: set[tuple] = set()
    for start in range(0, len(ids), 20000):
        existing.update(
            tuple(r)
            for r in db.execute(
                "SELECT member_id, at, channel, purpose FROM contacts WHERE member_id IN "
                "(SELECT value FROM json_each(?))",
                [json.dumps(ids[start : start + 20000])],
            )
        )
    new = []
    for rec in out:
        if (rec["member_id"], rec["at"], rec["channel"], rec["purpose"]) in existing:
            plan.counts["unchanged"] += 1
            continue
        new.append(rec)
        if len(plan.preview) < PREVIEW_LIMIT:
            plan.preview.append(RowChange(rec["row"], "new", index.no_of[rec["member_id"]], []))
    plan.counts["new"] = len(new)
    plan.ops = {"contacts": new}


# ------------------------------------------------------------------ points


def _loyalty():
    try:
        return importlib.import_module("app.loyalty")
    except ImportError:
        return None


def _plan_points(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    rej = plan.rejections
    total = len(plan.table.rows)
    out: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        errors: list[FieldError] = []
        mid = index.find(raw, number, rows, rej)
        rec: dict[str, Any] = {"row": number, "member_id": mid}
        try:
            pts = (
                to_int(raw["points"], field="points", code="points_invalid")
                if "points" in raw
                else None
            )
            if pts is None:
                errors.append(FieldError("points", "required"))
            elif pts <= 0:
                errors.append(FieldError("points", "points_invalid", {"value": raw["points"]}))
            rec["points"] = pts
        except ValidationError as exc:
            errors.extend(exc.errors)
        try:
            d = to_date(raw["at"], field="at") if "at" in raw else None
            d = d or dt.date.today()
            if d > dt.date.today():
                errors.append(FieldError("at", "date_in_future", {"value": d.isoformat()}))
            rec["at"] = d.isoformat() + "T00:00:00"
        except ValidationError as exc:
            errors.extend(exc.errors)
        try:
            d = to_date(raw["expires_at"], field="expires_at") if "expires_at" in raw else None
            rec["expires_at"] = d.isoformat() if d else None
        except ValidationError as exc:
            errors.extend(exc.errors)
        rec["ref"] = cell_text(raw.get("ref")) or "opening"
        if len(rec["ref"]) > 80:
            errors.append(FieldError("ref", "too_long", {"max": 80}))
        rec["note"] = cell_text(raw.get("note"))[:200] or None
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None:
            continue
        key = (mid, rec["ref"])
        if key in seen:
            rej.append(Rejection(number, "", None, "dup_in_file", {"first": seen[key]}))
            continue
        seen[key] = number
        out.append(rec)
    progress(total, total)
    existing = {
        (r[0], r[1])
        for r in db.execute("SELECT ref_id, ref_type FROM points_ledger WHERE reason = 'opening'")
    }
    new = []
    for rec in out:
        if (rec["member_id"], rec["ref"]) in existing:
            plan.counts["unchanged"] += 1
            continue
        new.append(rec)
        if len(plan.preview) < PREVIEW_LIMIT:
            plan.preview.append(
                RowChange(rec["row"], "new", f"{index.no_of[rec['member_id']]} +{rec['points']}")
            )
    plan.counts["new"] = len(new)
    plan.ops = {"points": new}


# ------------------------------------------------------------------ applying


def apply_plan(
    db: sqlite_utils.Database,
    plan: Plan,
    *,
    actor: Actor,
    backup_dir: str | Path | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> ImportResult:
    """Perform the plan's writes in one transaction (after a backup into
    ``backup_dir`` when given). Rejected rows are skipped: the rest goes in. Raises
    ``PlanStale``, ``ImportCancelled`` or the writing error; in each case nothing was
    written and the backup made for this import is removed. Manager or owner only
    (``app.permissions.IMPORT``)."""
    permissions.require(actor, permissions.IMPORT)
    started = time.perf_counter()
    progress = on_progress or (lambda done, total: None)
    cancel = should_cancel or (lambda: False)
    if fingerprint(db, plan.kind) != plan.fingerprint:
        raise PlanStale()
    backup: Path | None = None
    if backup_dir is not None:
        from app.backup import backup_now

        backup = backup_now(db, Path(backup_dir), reason=f"import-{plan.kind}")
    committed = False
    try:
        with db.atomic():
            if fingerprint(db, plan.kind) != plan.fingerprint:
                raise PlanStale()
            writer = {
                "members": _apply_members,
                "purchases": _apply_purchases,
                "contacts": _apply_contacts,
                "points": _apply_points,
            }[plan.kind]
            changes = writer(db, plan, actor, progress, cancel)
            counts = {**plan.counts}
            cur = db.execute(
                "INSERT INTO sync_batches (direction, target, kind, file_name, at, counts, "
                "checksum, user_id) VALUES ('import', 'file', ?, ?, ?, ?, ?, ?)",
                [
                    plan.kind,
                    plan.path.name,
                    now(),
                    json.dumps(counts),
                    plan.checksum,
                    actor.user_id,
                ],
            )
            batch_id = int(cur.lastrowid or 0)
            audit.record(
                db,
                actor,
                "import",
                plan.kind,
                batch_id,
                f"{plan.path.name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
            )
            if cancel():
                raise ImportCancelled()
        committed = True
    finally:
        if not committed and backup is not None:
            backup.unlink(missing_ok=True)
    return ImportResult(
        plan,
        changes | Changes.of({"sync_batches", "audit_log"}),
        backup,
        batch_id,
        time.perf_counter() - started,
    )


def _apply_members(
    db: sqlite_utils.Database, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    new: list[tuple[int, dict[str, Any]]] = plan.ops["new"]
    updates: list[tuple[int, int, dict[str, Any]]] = plan.ops["updates"]
    total = len(new) + len(updates)
    stamp = now()
    today = stamp[:10]
    cols = [
        "member_no",
        "name",
        "name_pinyin",
        "name_initials",
        "phone",
        "birthday",
        "birthday_calendar",
        "birthday_leap",
        *members.TEXT_FIELDS,
        "gender",
        "source",
        "status",
        "referrer_id",
        "tier",
        "consent_channels",
        "consent_at",
        "joined_on",
        "verified_at",
        "created_at",
        "updated_at",
    ]
    defaults = {
        "birthday_calendar": "solar",
        "birthday_leap": 0,
        "tier": "normal",
        "consent_channels": "",
        "status": "active",
        "store_code": "",
    }
    # member numbers for rows without one: the store's sequence, skipping any in use
    used = {r[0] for r in db.execute("SELECT member_no FROM members")}
    used.update(c["member_no"] for _, c in new if c.get("member_no"))
    prefix = None
    seq = 0
    # Only the columns the file fills are bound; SQLite gives the others their defaults
    # (binding ~25 NULLs more per row cost about a second for 100,000 members).
    given: set[str] = set().union(*(c.keys() for _, c in new)) if new else set()
    fixed = ("member_no", "name", "name_pinyin", "name_initials")
    pairs = [
        (k, defaults.get(k))
        for k in cols
        if k in given and k not in fixed and k not in ("joined_on", "consent_at")
    ]
    with_consent = "consent_channels" in given
    insert_cols = [
        *fixed,
        *(k for k, _ in pairs),
        "joined_on",
        *(["consent_at"] if with_consent else []),
        "created_at",
        "updated_at",
    ]
    sql = (
        f"INSERT INTO members ({', '.join(insert_cols)}) "
        f"VALUES ({', '.join('?' * len(insert_cols))})"
    )
    first_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM members").fetchone()[0]) + 1
    existing = int(db.execute("SELECT COUNT(*) FROM members").fetchone()[0])
    bulk = (
        _BulkLoad(db, rebuild_indexes=len(new) >= max(10_000, existing))
        if len(new) >= 1000
        else None
    )
    tag_rows: list[tuple[str, str]] = []
    batch: list[list[Any]] = []
    done = 0
    member_ids: set[int] = set()
    # With the bulk path, each chunk's full-text and stats rows are written on a second
    # thread while this one builds the next chunk (SQLite releases the GIL, so on two
    # cores the index work is hidden). Only one thread touches the connection at a
    # time: the next chunk's insert waits for the previous index work.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-index") as pool:
        pending: Future[None] | None = None
        indexed = first_id - 1  # members up to this id have their index rows

        def write(rows: list[list[Any]]) -> None:
            nonlocal pending, indexed
            if pending is not None:
                pending.result()
                pending = None
            db.conn.executemany(sql, rows)
            if bulk is not None:
                last = int(db.execute("SELECT MAX(id) FROM members").fetchone()[0])
                pending = pool.submit(bulk.index_ids, indexed + 1, last)
                indexed = last

        try:
            for _number, clean in new:
                if not clean.get("member_no"):
                    if prefix is None:
                        nxt = members.next_member_no(db)
                        digits = len(nxt) - len(nxt.rstrip("0123456789"))
                        prefix, seq = nxt[: len(nxt) - digits], int(nxt[len(nxt) - digits :])
                    while f"{prefix}{seq:06d}" in used:
                        seq += 1
                    clean["member_no"] = f"{prefix}{seq:06d}"
                    used.add(clean["member_no"])
                    seq += 1
                get = clean.get
                full, initials = fast_name_pinyin(clean["name"])
                row = [clean["member_no"], clean["name"], full, initials]
                row += [get(k, d) for k, d in pairs]
                row.append(get("joined_on") or today)
                if with_consent:
                    row.append(stamp if get("consent_channels") else None)
                row += (stamp, stamp)
                batch.append(row)
                for t in clean.get("tags", []):
                    tag_rows.append((clean["member_no"], t))
                if len(batch) >= CHUNK:
                    write(batch)
                    done += len(batch)
                    batch = []
                    progress(done, total)
                    if cancel():
                        raise ImportCancelled()
            if batch:
                write(batch)
                done += len(batch)
        finally:
            if pending is not None:
                pending.result()  # never leave the second thread on the connection
    if bulk is not None:
        bulk.finish()
    if new:
        # the new rows are exactly those above the largest id there was (no AUTOINCREMENT:
        # SQLite gives max + 1)
        member_ids.update(
            r[0] for r in db.execute("SELECT id FROM members WHERE id >= ?", [first_id])
        )
    if tag_rows:
        db.conn.executemany(
            "INSERT OR IGNORE INTO member_tags (member_id, tag) "
            "SELECT id, ? FROM members WHERE member_no = ?",
            [(t, no) for no, t in tag_rows],
        )
    for i, (_number, mid, changed) in enumerate(updates):
        changed = dict(changed)
        tags = changed.pop("tags", None)
        if "name" in changed:
            changed["name_pinyin"], changed["name_initials"] = fast_name_pinyin(changed["name"])
        if "status" in changed:
            changed["status_changed_at"] = stamp
        if changed.get("consent_channels"):
            changed.setdefault("consent_at", stamp)
        changed["updated_at"] = stamp
        db.execute(
            f"UPDATE members SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
            [*changed.values(), mid],
        )
        if tags is not None:
            db.execute("DELETE FROM member_tags WHERE member_id = ?", [mid])
            db.conn.executemany(
                "INSERT INTO member_tags (member_id, tag) VALUES (?, ?)", [(mid, t) for t in tags]
            )
        member_ids.add(mid)
        if i % 2000 == 0:
            progress(done + i, total)
            if cancel():
                raise ImportCancelled()
    progress(total, total)
    return Changes.of({"members", "member_tags", "member_stats"}, member_ids)


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


def _apply_purchases(
    db: sqlite_utils.Database, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    from app import purchases

    _loyalty()  # registers the loyalty hooks when the module exists
    tickets = plan.ops["tickets"]
    stamp = now()
    events: list[purchases.PurchaseEvent] = []
    for i, t in enumerate(tickets):
        cur = db.execute(
            "INSERT INTO purchases (member_id, ticket_no, at, clerk_id, total_fen, paid_fen, "
            "is_discounted, return_of, source, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'import', ?, ?)",
            [
                t["member_id"],
                t["ticket_no"],
                t["at"],
                t["clerk_id"],
                t["listed"],
                t["paid"],
                t["discounted"],
                t["note"],
                stamp,
            ],
        )
        pid = int(cur.lastrowid or 0)
        db.conn.executemany(
            "INSERT INTO purchase_items (purchase_id, category, sku, size, colour, qty, "
            "list_fen, paid_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(pid, *item) for item in t["items"]],
        )
        events.append(
            purchases.PurchaseEvent(
                "sale",
                pid,
                t["member_id"],
                t["at"],
                t["listed"],
                t["paid"],
                t["clerk_id"],
                None,
                actor,
            )
        )
        if i % 1000 == 0:
            progress(i, len(tickets) * 2)
            if cancel():
                raise ImportCancelled()
    member_ids = {t["member_id"] for t in tickets}
    stats.rebuild(db, member_ids)
    tables = {"purchases", "purchase_items", "member_stats"}
    for i, event in enumerate(events):
        tables |= purchases.run_hooks(db, event)
        if i % 1000 == 0:
            progress(len(tickets) + i, len(tickets) * 2)
            if cancel():
                raise ImportCancelled()
    return Changes.of(tables, member_ids)


def _apply_contacts(
    db: sqlite_utils.Database, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    from app.contacts import log_contact

    out = Changes()
    recs = plan.ops["contacts"]
    for i, rec in enumerate(recs):
        out |= log_contact(
            db,
            actor=actor,
            member_id=rec["member_id"],
            channel=rec["channel"],
            purpose=rec["purpose"],
            outcome=rec["outcome"],
            note=rec["note"],
            next_follow_up=rec["next_follow_up"],
            clerk_id=rec["clerk_id"],
            at=rec["at"],
        )
        if i % 500 == 0:
            progress(i, len(recs))
            if cancel():
                raise ImportCancelled()
    return out


def _apply_points(
    db: sqlite_utils.Database, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    loyalty = _loyalty()
    if loyalty is None or not hasattr(loyalty, "add_opening_balance"):
        raise FileRefused("needs_loyalty")
    out = Changes()
    recs = plan.ops["points"]
    for i, rec in enumerate(recs):
        out |= loyalty.add_opening_balance(
            db,
            actor=actor,
            member_id=rec["member_id"],
            points=rec["points"],
            at=rec["at"],
            expires_at=rec["expires_at"],
            ref=rec["ref"],
            note=rec["note"],
        )
        if i % 500 == 0:
            progress(i, len(recs))
            if cancel():
                raise ImportCancelled()
    return out


def import_file(
    db: sqlite_utils.Database,
    path: str | Path,
    *,
    kind: str,
    actor: Actor,
    dry_run: bool = False,
    backup_dir: str | Path | None = None,
    sheet: str | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> tuple[Plan, ImportResult | None]:
    """Plan, and unless ``dry_run``, apply (what the CLI does)."""
    plan = plan_import(
        db, path, kind=kind, sheet=sheet, on_progress=on_progress, should_cancel=should_cancel
    )
    if dry_run or not plan.has_work:
        return plan, None
    return plan, apply_plan(
        db,
        plan,
        actor=actor,
        backup_dir=backup_dir,
        on_progress=on_progress,
        should_cancel=should_cancel,
    )


def rejection_words(lang: str) -> dict[str, str]:
    """Headers of the rejected-rows file in ``lang``."""
    return {
        "row": labels.word("excel", "row", lang),
        "column": labels.word("excel", "column", lang),
        "reason": labels.word("excel", "reason", lang),
    }
