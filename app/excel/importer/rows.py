"""The rows of a file as every kind reads them: cells by field (:class:`_Rows`), a
rejection named by the file's own column (:func:`_reject`), the member a row is about
(:class:`_MemberIndex`), clerks by name and sale times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from app.core import FieldError, ValidationError
from app.excel import columns
from app.excel.readers import Table, cell_text
from app.excel.validate import MASKED_PHONE, Rejection, to_datetime


class _Rows:
    """Rows of a table as ``{field: value}`` with the header of each field, for
    rejections."""

    def __init__(self, table: Table, mapping_: Mapping[int, str]) -> None:
        self.table = table
        self.cols = sorted(mapping_.items())
        self.header = {k: table.headers[i] for i, k in self.cols}

    def column_name(self, key: str) -> str:
        """A field the file has no column for: its template name."""
        for kind_cols in columns.COLUMNS.values():
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
