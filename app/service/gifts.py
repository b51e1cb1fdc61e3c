"""Gifts and surprises (赠礼记录): what a member was given, when, on which occasion, what
it cost (integer fen) and which clerk gave it.

``record_gift`` writes one; ``delete_gift`` removes one written by mistake (the audit
log keeps that it existed); ``member_gifts`` lists a member's, newest first. The
monthly report's "gift cost per tier" is in ``app.reports.gifts``.

Who may: counter work (``contacts`` permission) — the clerk who hands over a birthday
gift records it.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app import audit, permissions
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now
from app.service import common

KINDS = ("birthday", "festival", "surprise", "other")
ITEM_MAX = 100
OCCASION_MAX = 200


def record_gift(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    kind: str,
    item: str,
    given_on: object,
    cost_fen: int = 0,
    occasion: str | None = None,
    given_by: int | None = None,
) -> Changes:
    """Record a gift to ``member_id``. ``given_by`` (the clerk) defaults to the actor."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        errors: list[FieldError] = []
        no = common.member_no(db, member_id, errors)
        common.choice(kind, "gift_kind", "kind", errors)
        what = common.text(item, ITEM_MAX, "item", errors, required=True)
        why = common.text(occasion, OCCASION_MAX, "occasion", errors)
        day = common.day(given_on, "given_on", errors)
        cost = common.fen(cost_fen, "cost_fen", errors)
        clerk = actor.user_id if given_by is None else given_by
        common.user(db, clerk, "given_by", errors)
        if errors:
            raise ValidationError(errors)
        cur = db.execute(
            "INSERT INTO gifts (member_id, given_on, kind, item, occasion, cost_fen, given_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [member_id, day, kind, what, why, cost, clerk, now()],
        )
        gid = int(cur.lastrowid or 0)
        said = audit.summary("gift", member_no=no, kind=kind, item=what, cost_fen=cost)
        audit.record(db, actor, "gift", "gift", gid, said)
    return Changes.of({"gifts"}, {member_id}, gid)


def delete_gift(db: sqlite_utils.Database, *, gift_id: int, actor: Actor) -> Changes:
    """Remove a gift recorded by mistake."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        row = db.execute(
            "SELECT g.member_id, m.member_no, g.item FROM gifts g "
            "JOIN members m ON m.id = g.member_id WHERE g.id = ?",
            [gift_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"gift {gift_id} does not exist")
        db.execute("DELETE FROM gifts WHERE id = ?", [gift_id])
        said = audit.summary("gift_delete", member_no=row[1], item=row[2])
        audit.record(db, actor, "gift_delete", "gift", gift_id, said)
    return Changes.of({"gifts"}, {row[0]})


def member_gifts(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's gifts, newest first, with the giver's display name (``given_by_name``)."""
    cur = db.execute(
        "SELECT g.id, g.given_on, g.kind, g.item, g.occasion, g.cost_fen, g.given_by, "
        "u.display_name AS given_by_name FROM gifts g LEFT JOIN users u ON u.id = g.given_by "
        "WHERE g.member_id = ? ORDER BY g.given_on DESC, g.id DESC",
        [member_id],
    )
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


GIFT_SHEET = ("赠礼", "Gifts")
GIFT_COLUMNS = (
    ("会员号", "Member no."),
    ("日期", "Date"),
    ("类别", "Kind"),
    ("礼品", "Gift"),
    ("缘由", "Occasion"),
    ("成本（元）", "Cost (yuan)"),
    ("赠送人", "Given by"),
)


def gift_sheet(
    db: sqlite_utils.Database, lang: str = "zh", member_ids: Any = None
) -> tuple[str, list[str], list[list[Any]]] | None:
    """The members export's extra sheet (``name, headers, rows``): every gift (of
    ``member_ids`` when given), oldest first; None when the store has none."""
    from app import labels
    from app.normalize import format_fen

    i = 0 if lang == "zh" else 1
    where, params = "", []
    if member_ids is not None:
        import json

        where = "WHERE g.member_id IN (SELECT value FROM json_each(?)) "
        params = [json.dumps(sorted(set(member_ids)))]
    rows = [
        [
            no,
            day,
            labels.word("gift_kind", kind, lang),
            item,
            why or "",
            format_fen(fen, symbol=False),
            who or "",
        ]
        for no, day, kind, item, why, fen, who in db.execute(
            "SELECT m.member_no, g.given_on, g.kind, g.item, g.occasion, g.cost_fen, "
            "u.display_name FROM gifts g JOIN members m ON m.id = g.member_id "
            "LEFT JOIN users u ON u.id = g.given_by " + where + "ORDER BY g.given_on, g.id",
            params,
        )
    ]
    if not rows:
        return None
    return GIFT_SHEET[i], [c[i] for c in GIFT_COLUMNS], rows


# The head-office change set's gift sheet (docs/head-office-change-set.md): machine
# column names like its 变动 sheet; cost in integer fen.
SYNC_SHEET = "赠礼"
SYNC_COLUMNS = (
    "store_code", "gift_id", "member_no", "given_on", "kind", "item", "occasion",
    "cost_fen", "given_by",
)  # fmt: skip


def sync_rows(
    db: sqlite_utils.Database, *, after: int, store_code: str
) -> tuple[list[list[Any]], int]:
    """The gifts recorded since gift id ``after`` (0: every gift), oldest first, as
    rows of ``SYNC_COLUMNS``, and the highest gift id now (the next set's ``after``)."""
    rows = [
        [store_code, *r]
        for r in db.execute(
            "SELECT g.id, m.member_no, g.given_on, g.kind, g.item, COALESCE(g.occasion, ''), "
            "g.cost_fen, COALESCE(u.display_name, '') FROM gifts g "
            "JOIN members m ON m.id = g.member_id LEFT JOIN users u ON u.id = g.given_by "
            "WHERE g.id > ? ORDER BY g.id",
            [after],
        )
    ]
    top = db.execute("SELECT COALESCE(MAX(id), 0) FROM gifts").fetchone()[0]
    return rows, max(int(top), after)
