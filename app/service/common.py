"""Checks shared by the service records: the member, a clerk, a day, a code, money."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import labels
from app.core import FieldError
from app.normalize import format_fen


def member_no(db: sqlite_utils.Database, member_id: Any, errors: list[FieldError]) -> str | None:
    """The member's number; an error when there is no such member or it is anonymised."""
    row = db.execute("SELECT member_no, status FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None:
        errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
        return None
    if row[1] == "anonymised":
        errors.append(FieldError("member_id", "member_anonymised"))
    return str(row[0])


def user(db: sqlite_utils.Database, user_id: Any, field: str, errors: list[FieldError]) -> None:
    if (
        user_id is not None
        and not db.execute("SELECT 1 FROM users WHERE id = ?", [user_id]).fetchone()
    ):
        errors.append(FieldError(field, "clerk_missing", {"value": user_id}))


def day(value: object, field: str, errors: list[FieldError]) -> str | None:
    """``YYYY-MM-DD`` from a date or ISO text (a time's date part is kept)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        errors.append(FieldError(field, "date_invalid", {"value": value}))
        return None


def choice(value: object, group: str, field: str, errors: list[FieldError]) -> None:
    if value not in labels.choices(group):
        errors.append(
            FieldError(
                field,
                "choice_invalid",
                {"value": value, "choices": ", ".join(labels.choices(group))},
            )
        )


def text(
    value: object, limit: int, field: str, errors: list[FieldError], *, required: bool = False
) -> str | None:
    out = "" if value is None else str(value).strip()
    if len(out) > limit:
        errors.append(FieldError(field, "too_long", {"max": limit}))
    if required and not out:
        errors.append(FieldError(field, "required"))
    return out or None


def fen(value: object, field: str, errors: list[FieldError]) -> int:
    """Money in integer fen, not negative (None or "": 0)."""
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(FieldError(field, "price_invalid", {"value": value}))
        return 0
    if value < 0:
        errors.append(FieldError(field, "amount_negative", {"yuan": format_fen(value)}))
        return 0
    return value
