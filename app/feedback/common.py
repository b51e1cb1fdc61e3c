"""What the feedback modules share: day bounds of a period, month spans, and the
field checks of members, clerks, free text and label choices (errors as ``FieldError``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import labels
from app.core import FieldError


def day_range(start: dt.date | str, end: dt.date | str) -> tuple[str, str]:
    """``[start, end]`` as text bounds for ``at`` columns: ``>= lo AND < hi``."""
    lo = dt.date.fromisoformat(str(start)[:10])
    hi = dt.date.fromisoformat(str(end)[:10]) + dt.timedelta(days=1)
    return lo.isoformat(), hi.isoformat()


def month_span(present: list[str]) -> list[str]:
    """Every ``YYYY-MM`` from the first to the last of ``present`` (gaps filled)."""
    if not present:
        return []
    first, last = min(present), max(present)
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def check_member(db: sqlite_utils.Database, member_id: Any, errors: list[FieldError]) -> Any:
    row = db.execute(
        "SELECT member_no, name, status FROM members WHERE id = ?", [member_id]
    ).fetchone()
    if row is None:
        errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
    elif row[2] == "anonymised":
        errors.append(FieldError("member_id", "member_anonymised"))
    return row


def check_user(
    db: sqlite_utils.Database, user_id: Any, field: str, errors: list[FieldError]
) -> None:
    if (
        user_id is not None
        and not db.execute("SELECT 1 FROM users WHERE id = ?", [user_id]).fetchone()
    ):
        errors.append(FieldError(field, "clerk_missing", {"value": user_id}))


def clean_text(value: object, limit: int, field: str, errors: list[FieldError]) -> str | None:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        errors.append(FieldError(field, "too_long", {"max": limit}))
    return text or None


def check_choice(value: object, group: str, field: str, errors: list[FieldError]) -> None:
    if value not in labels.choices(group):
        errors.append(
            FieldError(
                field,
                "choice_invalid",
                {"value": value, "choices": ", ".join(labels.choices(group))},
            )
        )
