"""Praise and suggestions (表扬与建议): what customers said about the store besides
complaints and survey comments — "小王帮我挑的大衣很合身", "试衣间再多一面镜子就好了".

A record: the member (optional — a passer-by's word counts too), when (``at``), the kind
(``praise_kind``: praise, suggestion), what it is about (``praise_about``: service,
goods, environment, other), the clerk praised (optional), the words, and who wrote it
down (the actor). ``record_praise`` writes one, ``delete_praise`` removes one written by
mistake (the audit log keeps that it existed), ``member_praise`` lists a member's and
``list_praise`` the store's, newest first. The monthly report counts praise per clerk
and suggestions (``app.reports.staff``); the service-star ranking counts praise too.

Who may: counter work (``contacts`` permission) records; deleting is feedback
administration (``feedback_admin``), since praise counts towards a clerk's ranking.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app import audit, labels, permissions
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now, parse_at
from app.service import common

KINDS = ("praise", "suggestion")
ABOUT = ("service", "goods", "environment", "other")
TEXT_MAX = 500

_SELECT = (
    "SELECT p.id, p.member_id, m.member_no, m.name AS member_name, p.at, p.kind, p.about, "
    "p.clerk_id, c.display_name AS clerk_name, p.text, p.recorded_by, "
    "r.display_name AS recorded_by_name FROM praise p "
    "LEFT JOIN members m ON m.id = p.member_id LEFT JOIN users c ON c.id = p.clerk_id "
    "LEFT JOIN users r ON r.id = p.recorded_by "
)


def record_praise(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    kind: str,
    about: str,
    text: str,
    member_id: int | None = None,
    at: object = None,
    clerk_id: int | None = None,
) -> Changes:
    """Write down one praise or suggestion; ``at`` defaults to now (never a future day)."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        errors: list[FieldError] = []
        no = None if member_id is None else common.member_no(db, member_id, errors)
        common.choice(kind, "praise_kind", "kind", errors)
        common.choice(about, "praise_about", "about", errors)
        words = common.text(text, TEXT_MAX, "text", errors, required=True)
        stamp = parse_at(at, field="at", errors=errors)
        common.user(db, clerk_id, "clerk_id", errors)
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO praise (member_id, at, kind, about, clerk_id, text, recorded_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [member_id, stamp, kind, about, clerk_id, words, actor.user_id, now()],
        )
        pid = int(cur.lastrowid or 0)
        said = audit.summary(
            "praise", member_no=no, kind=kind, about=about, clerk=_clerk_name(db, clerk_id)
        )
        audit.record(db, actor, "praise", "praise", pid, said)
    return Changes.of({"praise"}, {member_id} if member_id is not None else (), pid)


def delete_praise(db: sqlite_utils.Database, *, praise_id: int, actor: Actor) -> Changes:
    """Remove a praise or suggestion recorded by mistake."""
    permissions.require(actor, permissions.FEEDBACK_ADMIN)
    with db.atomic():
        row = db.execute(
            "SELECT p.member_id, m.member_no, p.kind FROM praise p "
            "LEFT JOIN members m ON m.id = p.member_id WHERE p.id = ?",
            [praise_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"praise {praise_id} does not exist")
        db.execute("DELETE FROM praise WHERE id = ?", [praise_id])
        said = audit.summary("praise_delete", member_no=row[1], kind=row[2])
        audit.record(db, actor, "praise_delete", "praise", praise_id, said)
    return Changes.of({"praise"}, {row[0]} if row[0] is not None else ())


def _clerk_name(db: sqlite_utils.Database, clerk_id: int | None) -> str | None:
    if clerk_id is None:
        return None
    row = db.execute("SELECT display_name FROM users WHERE id = ?", [clerk_id]).fetchone()
    return row[0] if row else None


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = db.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def member_praise(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's praise and suggestions, newest first (with ``clerk_name`` and
    ``recorded_by_name``)."""
    return _rows(db, _SELECT + "WHERE p.member_id = ? ORDER BY p.at DESC, p.id DESC", [member_id])


def list_praise(
    db: sqlite_utils.Database,
    *,
    kind: str | None = None,
    since: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """The store's praise and suggestions, newest first: of one ``kind`` when given,
    from day ``since`` (``YYYY-MM-DD``) when given, at most ``limit``."""
    where, params = [], []
    if kind is not None:
        where.append("p.kind = ?")
        params.append(kind)
    if since is not None:
        where.append("p.at >= ?")
        params.append(since)
    sql = _SELECT + (("WHERE " + " AND ".join(where) + " ") if where else "")
    return _rows(db, sql + "ORDER BY p.at DESC, p.id DESC LIMIT ?", [*params, limit])


# ------------------------------------------------------------------ Excel


def praise_export(
    db: sqlite_utils.Database, lang: str, mask: bool, params: list[Any], *, phone: bool = True
) -> tuple[list[str], int, Any]:
    """``(kinds, total, rows)`` of the praise export (``app.excel.columns`` columns of
    kind ``praise``; without the phone for the members export's sheet), oldest first;
    ``params``: ``[json list of member ids]`` or ``[]`` for all."""
    from app.normalize import mask_phone

    where = "WHERE p.member_id IN (SELECT value FROM json_each(?)) " if params else ""
    total = db.execute("SELECT COUNT(*) FROM praise").fetchone()[0]
    sql = _SELECT.replace("m.name AS member_name", "m.phone")
    rows = (
        [
            r["member_no"] or "",
            *([(mask_phone(r["phone"]) if mask else r["phone"] or "") if r["member_no"] else ""]
              if phone else []),
            r["at"].replace("T", " "),
            labels.word("praise_kind", r["kind"], lang),
            labels.word("praise_about", r["about"], lang),
            r["clerk_name"] or "",
            r["text"],
            r["recorded_by_name"] or "",
        ]
        for r in _rows(db, sql + where + "ORDER BY p.at, p.id", params)
    )  # fmt: skip
    return ["text"] * (8 if phone else 7), total, rows


def praise_sheet(
    db: sqlite_utils.Database, lang: str = "zh", member_ids: Any = None
) -> tuple[str, list[str], list[list[Any]]] | None:
    """The members export's extra sheet (``name, headers, rows``): every praise and
    suggestion (of ``member_ids`` when given; a passer-by's only in a whole export),
    oldest first; None when the store has none. Its headers are the praise import's
    (``python main.py import --kind praise --sheet 表扬与建议`` reads it back)."""
    from app.excel import columns

    params = [json.dumps(sorted(set(member_ids)))] if member_ids is not None else []
    _kinds, _total, rows = praise_export(db, lang, True, params, phone=False)
    out = [list(r) for r in rows]
    if not out:
        return None
    cols = [c for c in columns.COLUMNS["praise"] if c.key != "phone"]
    zh = lang == "zh"
    return columns.KIND_NAMES["praise"][0 if zh else 1], [c.zh if zh else c.en for c in cols], out
