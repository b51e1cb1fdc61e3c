"""Member cards (发放会员卡): which card a member carries, its type and number, when it
was issued, and every replacement (补卡/换卡) with its reason.

A card's type follows the store's tiers (``tiers.code``: 普通会员, 银卡, 金卡, 钻石卡 or the
store's own names); its number may differ from the member number. ``issue_card`` gives a
member without a card their first one; ``replace_card`` replaces the current card
(lost, damaged, an upgrade after a tier rise, other) and keeps the old card's row with
the day, the reason and the card that replaced it — the history the card shows.
``find_by_card_no`` is the member search's lookup; ``cards_behind_tier`` lists members
whose tier rose above their card's type (the day's plan: 换发新卡).

Who may: anyone who edits the archive (``edit_members``): the clerk at the counter hands
the card over.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app import audit, permissions, users
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.service import common
from app.text import clean_code

REASONS = ("lost", "damaged", "upgrade", "other")
CARD_NO_MAX = 40
NOTE_MAX = 200
_TABLES = {"member_cards"}


def current_card(db: sqlite_utils.Database, member_id: int) -> dict[str, Any] | None:
    """The member's card now (the one not replaced), or None."""
    cur = db.execute(
        "SELECT id, card_type, card_no, issued_on FROM member_cards "
        "WHERE member_id = ? AND replaced_on IS NULL ORDER BY id DESC LIMIT 1",
        [member_id],
    )
    row = cur.fetchone()
    return None if row is None else dict(zip([c[0] for c in cur.description], row, strict=True))


def member_cards(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """Every card of the member, the newest first, with ``issued_by_name`` and, for a
    replaced one, ``replaced_on``, ``replace_reason`` and ``replaced_by_no``."""
    cur = db.execute(
        "SELECT c.id, c.card_type, c.card_no, c.issued_on, c.issued_by, "
        "u.display_name AS issued_by_name, c.replaced_on, c.replace_reason, "
        "n.card_no AS replaced_by_no, c.note FROM member_cards c "
        "LEFT JOIN users u ON u.id = c.issued_by "
        "LEFT JOIN member_cards n ON n.id = c.replaced_by "
        "WHERE c.member_id = ? ORDER BY c.issued_on DESC, c.id DESC",
        [member_id],
    )
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def find_by_card_no(db: sqlite_utils.Database, text: str) -> list[int]:
    """Members holding (or having held) a card with exactly this number, current
    cards first."""
    no = clean_code(text).upper()
    if not no:
        return []
    rows = db.execute(
        "SELECT member_id FROM member_cards WHERE card_no = ? "
        "ORDER BY replaced_on IS NOT NULL, id DESC",
        [no],
    ).fetchall()
    return list(dict.fromkeys(int(r[0]) for r in rows))


def card_behind_sql(m: str = "m") -> str:
    """SQL: the type of the member row ``m``'s current card when it is of a lower tier
    than the member's tier now (the newest such card), else NULL; NULL too for members
    who are lost or anonymised. Members of the lowest tier are answered without a
    search (no card type ranks below them); the others with one search of m030's index
    of current cards."""
    return (
        f"(CASE WHEN {m}.status NOT IN ('anonymised', 'lost') "
        f"AND {m}.tier <> (SELECT lt.code FROM tiers lt ORDER BY lt.rank LIMIT 1) THEN "
        "(SELECT c.card_type FROM member_cards c JOIN tiers ct ON ct.code = c.card_type "
        f"WHERE c.member_id = {m}.id AND c.replaced_on IS NULL "
        f"AND ct.rank < (SELECT mt.rank FROM tiers mt WHERE mt.code = {m}.tier) "
        "ORDER BY c.id DESC LIMIT 1) END)"
    )


def cards_behind_tier(
    db: sqlite_utils.Database, member_ids: list[int] | None = None
) -> dict[int, tuple[str, str]]:
    """Members whose current card is of a lower tier than their tier now (an upgrade
    whose card was not replaced yet): ``{member_id: (card_type, tier)}``, among
    ``member_ids`` when given."""
    source = (
        "members m"
        if member_ids is None
        else "json_each(:ids) j CROSS JOIN members m ON m.id = j.value"
    )
    return {
        r[0]: (r[1], r[2])
        for r in db.execute(
            f"SELECT m.id, {card_behind_sql('m')} AS card, m.tier FROM {source} "
            "WHERE card IS NOT NULL",
            {"ids": json.dumps(member_ids or [])},
        )
    }


# ------------------------------------------------------------------ checks


def _card_type(db: sqlite_utils.Database, value: object, errors: list[FieldError]) -> None:
    codes = [r[0] for r in db.execute("SELECT code FROM tiers ORDER BY rank")]
    if value not in codes:
        errors.append(
            FieldError("card_type", "choice_invalid", {"value": value, "choices": ", ".join(codes)})
        )


def _card_no(
    db: sqlite_utils.Database, value: object, member_id: int, errors: list[FieldError]
) -> str | None:
    """A card number: required, at most CARD_NO_MAX, not another member's card or
    member number (the search would find two people). Letters are kept in capitals,
    as member numbers are (a card typed ``vc77`` is found as ``VC77``)."""
    no = clean_code("" if value is None else str(value)).upper()
    if not no:
        errors.append(FieldError("card_no", "required"))
        return None
    if len(no) > CARD_NO_MAX:
        errors.append(FieldError("card_no", "too_long", {"max": CARD_NO_MAX}))
        return None
    other = db.execute(
        "SELECT m.member_no FROM member_cards c JOIN members m ON m.id = c.member_id "
        "WHERE c.card_no = ? AND c.member_id <> ? UNION ALL "
        "SELECT member_no FROM members WHERE member_no = ? AND id <> ? LIMIT 1",
        [no, member_id, no, member_id],
    ).fetchone()
    if other:
        errors.append(FieldError("card_no", "card_no_taken", {"value": no, "member_no": other[0]}))
    return no


def _member(db: sqlite_utils.Database, member_id: int, errors: list[FieldError]) -> tuple:
    """``(member_no, tier)``; errors for a missing or anonymised member."""
    no = common.member_no(db, member_id, errors)
    row = db.execute("SELECT tier FROM members WHERE id = ?", [member_id]).fetchone()
    return no, (row[0] if row else None)


# ------------------------------------------------------------------ actions


def issue_card(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    issued_on: object,
    card_no: str | None = None,
    card_type: str | None = None,
    note: str | None = None,
) -> Changes:
    """Give a member without a card their first one. ``card_no`` defaults to the member
    number, ``card_type`` to the member's tier."""
    permissions.require(actor, permissions.EDIT_MEMBERS)
    with db.atomic():
        errors: list[FieldError] = []
        no, tier = _member(db, member_id, errors)
        if no is not None:
            have = current_card(db, member_id)
            if have is not None:
                errors.append(FieldError("card_no", "card_exists", {"value": have["card_no"]}))
        kind = card_type or tier
        _card_type(db, kind, errors)
        number = _card_no(db, no if card_no in (None, "") else card_no, member_id, errors)
        day = common.day(issued_on, "issued_on", errors)
        said_note = common.text(note, NOTE_MAX, "note", errors)
        if errors:
            raise ValidationError(errors)
        cid = _insert(
            db, actor=actor, member_id=member_id, kind=kind, number=number, day=day, note=said_note
        )
        said = audit.summary("card_issue", member_no=no, card_type=kind, card_no=number)
        audit.record(db, actor, "card_issue", "member_card", cid, said)
    return Changes.of(_TABLES, {member_id}, cid)


def replace_card(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    reason: str,
    replaced_on: object,
    card_no: str | None = None,
    card_type: str | None = None,
    note: str | None = None,
) -> Changes:
    """Replace the member's current card (补卡/换卡). The old card's row is kept with
    ``replaced_on``, ``replace_reason`` and ``replaced_by``. ``card_no`` defaults to the
    old number, except for a lost card, whose number is void: a new one is required.
    ``card_type`` defaults to the member's tier for an upgrade, else the old card's."""
    permissions.require(actor, permissions.EDIT_MEMBERS)
    with db.atomic():
        errors: list[FieldError] = []
        no, tier = _member(db, member_id, errors)
        old = current_card(db, member_id) if no is not None else None
        if no is not None and old is None:
            errors.append(FieldError("card_no", "card_none"))
        common.choice(reason, "card_reason", "reason", errors)
        day = common.day(replaced_on, "replaced_on", errors)
        said_note = common.text(note, NOTE_MAX, "note", errors)
        if old is None:
            raise ValidationError(errors)
        if day is not None and day < old["issued_on"]:
            errors.append(
                FieldError("replaced_on", "card_before_issue", {"value": old["issued_on"]})
            )
        kind = card_type or (tier if reason == "upgrade" else old["card_type"])
        _card_type(db, kind, errors)
        given = None if card_no is None else clean_code(str(card_no)).upper()
        if reason == "lost" and given in (None, "", old["card_no"]):
            errors.append(FieldError("card_no", "card_lost_same_no", {"value": old["card_no"]}))
        number = _card_no(db, given or old["card_no"], member_id, errors)
        if errors:
            raise ValidationError(errors)
        cid = _insert(
            db, actor=actor, member_id=member_id, kind=kind, number=number, day=day, note=said_note
        )
        # every card still in use: after a merge a customer may carry two, and the new
        # card replaces both
        db.execute(
            "UPDATE member_cards SET replaced_on = ?, replace_reason = ?, replaced_by = ? "
            "WHERE member_id = ? AND replaced_on IS NULL AND id <> ?",
            [day, reason, cid, member_id, cid],
        )
        said = audit.summary(
            "card_replace",
            member_no=no,
            reason=reason,
            old_no=old["card_no"],
            card_type=kind,
            card_no=number,
        )
        audit.record(db, actor, "card_replace", "member_card", cid, said)
    return Changes.of(_TABLES, {member_id}, cid)


def _insert(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    kind: Any,
    number: Any,
    day: Any,
    note: str | None,
) -> int:
    cur = db.execute(
        "INSERT INTO member_cards (member_id, card_type, card_no, issued_on, issued_by, note, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [member_id, kind, number, day, actor.user_id, note, now()],
    )
    return int(cur.lastrowid or 0)


CARD_SHEET = ("会员卡", "Member cards")
CARD_COLUMNS = (
    ("会员号", "Member no."),
    ("卡类型", "Card type"),
    ("卡号", "Card no."),
    ("发卡日期", "Issued on"),
    ("换卡日期", "Replaced on"),
    ("换卡原因", "Reason replaced"),
    ("经办", "Issued by"),
)


def card_sheet(
    db: sqlite_utils.Database, lang: str = "zh", member_ids: Any = None
) -> tuple[str, list[str], list[list[Any]]] | None:
    """The members export's extra sheet (``name, headers, rows``): every card (of
    ``member_ids`` when given), by member and date; None when the store has none. For
    reading only: the members import does not read it."""
    import json

    from app import labels

    i = 0 if lang == "zh" else 1
    names = users.tier_names(db)
    where, params = "", []
    if member_ids is not None:
        where = "WHERE c.member_id IN (SELECT value FROM json_each(?)) "
        params = [json.dumps(sorted(set(member_ids)))]
    rows = [
        [
            no,
            users.tier_name(names, kind, lang),
            card_no,
            issued,
            replaced or "",
            labels.word("card_reason", reason, lang) if reason else "",
            who or "",
        ]
        for no, kind, card_no, issued, replaced, reason, who in db.execute(
            "SELECT m.member_no, c.card_type, c.card_no, c.issued_on, c.replaced_on, "
            "c.replace_reason, u.display_name FROM member_cards c "
            "JOIN members m ON m.id = c.member_id LEFT JOIN users u ON u.id = c.issued_by "
            + where
            + "ORDER BY m.member_no, c.issued_on, c.id",
            params,
        )
    ]
    if not rows:
        return None
    return CARD_SHEET[i], [c[i] for c in CARD_COLUMNS], rows
