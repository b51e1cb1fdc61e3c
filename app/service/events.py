"""Member club events and launches (会员俱乐部、新品发布会、VIP沙龙, issue #19): an event
(``events``: name, kind — labels ``event_kind`` —, start as ISO local time, place,
capacity, cost in fen, who is invited, note, status planned / cancelled) and its guest
list (``event_invitations``: member, when put on the list, when told and through which
channel, the response pending / accepted / declined, attended or not, note).

Who is invited: a rule (``tiers`` and/or pyramid ``layers`` and/or a saved target list
``list_id``, app/plan/targeting.py; all given parts must hold) and/or members picked by
hand. :func:`invite_members` puts them on the guest list: a member already on it is
never added twice, and only members who may be contacted (not lost or anonymised, with
a consented channel) are added — the others are counted as skipped.

Being on the list is not being told: the day's plan (app/plan/daily.py) asks a clerk to
invite each guest not yet told from :data:`INVITE_WINDOW` days before the event, and
to remind those who accepted the day before. :func:`record_response` (which also marks
the guest as told) and :func:`record_attendance` (several guests, one transaction)
keep the list. A cancelled event leaves the plan; its list is kept.

Who may: events and invitations by rule are marketing (``feedback_admin``: owner,
manager); responses and attendance are counter work (``contacts``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from app import audit, permissions
from app.calllist_rules import reachable_member_sql
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now
from app.service import common

KINDS = ("launch", "salon", "club", "thanks", "other")
RESPONSES = ("pending", "accepted", "declined")
STATUSES = ("planned", "cancelled")
RULE_KEYS = ("tiers", "layers", "list_id")
NAME_MAX = 60
PLACE_MAX = 100
NOTE_MAX = 300
# the plan asks for invitations from 14 to 3 days before the event (app/plan/daily.py)
INVITE_WINDOW = (14, 3)
# sales by attendees counted this many days from the event's day (the monthly report)
SALES_DAYS = 7


def _dicts(cur: Any) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _starts(value: object, errors: list[FieldError]) -> str | None:
    """``YYYY-MM-DDTHH:MM:00`` from a datetime or text (``2026-12-20 19:00``)."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0).isoformat(timespec="seconds")
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip().replace(" ", "T", 1))
    except ValueError:
        errors.append(FieldError("starts_at", "datetime_invalid", {"value": value}))
        return None
    return parsed.replace(second=0, microsecond=0).isoformat(timespec="seconds")


def _rule(db: sqlite_utils.Database, rule: Any, errors: list[FieldError]) -> str | None:
    """The rule as JSON (only the keys given), or None for none."""
    if not rule:
        return None
    if not isinstance(rule, dict):
        errors.append(FieldError("rule", "choice_invalid", {"value": rule, "choices": "{}"}))
        return None
    out: dict[str, Any] = {}
    for key, value in rule.items():
        if key not in RULE_KEYS:
            errors.append(FieldError(key, "unknown_field"))
        elif value in (None, "", [], ()):
            continue
        elif key == "list_id":
            if not db.execute("SELECT 1 FROM target_lists WHERE id = ?", [value]).fetchone():
                errors.append(FieldError("list_id", "not_found"))
            out[key] = int(value)
        else:
            out[key] = sorted({str(v) for v in value})
    return json.dumps(out, ensure_ascii=False, sort_keys=True) if out else None


def _clean(db: sqlite_utils.Database, data: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    out = {
        "name": common.text(data.get("name"), NAME_MAX, "name", errors, required=True),
        "starts_at": _starts(data.get("starts_at"), errors),
        "place": common.text(data.get("place"), PLACE_MAX, "place", errors),
        "cost_fen": common.fen(data.get("cost_fen"), "cost_fen", errors),
        "rule": _rule(db, data.get("rule"), errors),
        "note": common.text(data.get("note"), NOTE_MAX, "note", errors),
        "kind": data.get("kind"),
    }
    common.choice(out["kind"], "event_kind", "kind", errors)
    capacity = data.get("capacity")
    if capacity in (None, "", 0):
        out["capacity"] = None
    elif isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
        errors.append(
            FieldError("capacity", "choice_invalid", {"value": capacity, "choices": "1-"})
        )
    else:
        out["capacity"] = capacity
    if errors:
        raise ValidationError(errors)
    return out


_FIELDS = ("name", "kind", "starts_at", "place", "capacity", "cost_fen", "rule", "note")


def create_event(db: sqlite_utils.Database, *, actor: Actor, data: dict[str, Any]) -> Changes:
    """A new event, status planned. ``data``: name, kind, starts_at (required), place,
    capacity, cost_fen, rule (``{"tiers": [...], "layers": [...], "list_id": n}``),
    note."""
    permissions.require(actor, permissions.FEEDBACK_ADMIN)
    with db.atomic():
        clean = _clean(db, data)
        stamp = now()
        cur = db.execute(
            f"INSERT INTO events ({', '.join(_FIELDS)}, status, created_by, created_at, "
            f"updated_at) VALUES ({', '.join('?' * len(_FIELDS))}, 'planned', ?, ?, ?)",
            [*(clean[f] for f in _FIELDS), actor.user_id, stamp, stamp],
        )
        eid = int(cur.lastrowid or 0)
        said = audit.summary("event", name=clean["name"], kind=clean["kind"], at=clean["starts_at"])
        audit.record(db, actor, "event", "event", eid, said)
    return Changes.of({"events"}, (), eid)


def _event(db: sqlite_utils.Database, event_id: int) -> dict[str, Any]:
    rows = _dicts(db.execute("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        raise NotFound(f"event {event_id} does not exist")
    return rows[0]


def edit_event(
    db: sqlite_utils.Database, *, event_id: int, actor: Actor, data: dict[str, Any]
) -> Changes:
    """Change an event's fields (those in ``data``; the rest stay)."""
    permissions.require(actor, permissions.FEEDBACK_ADMIN)
    with db.atomic():
        old = _event(db, event_id)
        merged = {f: old[f] for f in _FIELDS}
        merged["rule"] = json.loads(old["rule"]) if old["rule"] else None
        merged.update({k: v for k, v in data.items() if k in _FIELDS})
        unknown = [k for k in data if k not in _FIELDS]
        if unknown:
            raise ValidationError([FieldError(k, "unknown_field") for k in unknown])
        clean = _clean(db, merged)
        changed = [f for f in _FIELDS if clean[f] != old[f]]
        if not changed:
            return Changes()
        db.execute(
            f"UPDATE events SET {', '.join(f'{f} = ?' for f in changed)}, updated_at = ? "
            "WHERE id = ?",
            [*(clean[f] for f in changed), now(), event_id],
        )
        said = audit.summary("event_edit", name=clean["name"], fields=", ".join(changed))
        audit.record(db, actor, "event_edit", "event", event_id, said)
    return Changes.of({"events"})


def cancel_event(db: sqlite_utils.Database, *, event_id: int, actor: Actor) -> Changes:
    """The event will not take place: it leaves the plan; its guest list is kept."""
    permissions.require(actor, permissions.FEEDBACK_ADMIN)
    with db.atomic():
        old = _event(db, event_id)
        if old["status"] == "cancelled":
            return Changes()
        db.execute(
            "UPDATE events SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?",
            [now(), now(), event_id],
        )
        audit.record(
            db,
            actor,
            "event_cancel",
            "event",
            event_id,
            audit.summary("event_cancel", name=old["name"]),
        )
        ids = [
            r[0]
            for r in db.execute(
                "SELECT member_id FROM event_invitations WHERE event_id = ?", [event_id]
            )
        ]
    return Changes.of({"events"}, ids)


def rule_members(
    db: sqlite_utils.Database, rule: dict[str, Any] | None, *, today: dt.date | None = None
) -> list[int]:
    """The members a rule picks (only those who may be contacted), by id."""
    from app.plan import targeting

    rule = rule or {}
    day = today or dt.date.today()
    criteria = {k: rule[k] for k in ("tiers", "layers") if rule.get(k)}
    if not criteria and not rule.get("list_id"):
        return []
    ids = set(targeting.find_members(db, criteria, today=day))
    if rule.get("list_id"):
        row = db.execute(
            "SELECT criteria FROM target_lists WHERE id = ?", [rule["list_id"]]
        ).fetchone()
        listed = set(targeting.find_members(db, json.loads(row[0]), today=day)) if row else set()
        ids &= listed
    return sorted(ids)


def _contactable(db: sqlite_utils.Database, ids: Iterable[int]) -> set[int]:
    return {
        r[0]
        for r in db.execute(
            "SELECT m.id FROM members m WHERE m.id IN (SELECT value FROM json_each(?)) AND "
            f"{reachable_member_sql('m')} AND COALESCE(m.consent_channels, '') <> ''",
            [json.dumps(sorted(set(ids)))],
        )
    }


def invite_members(
    db: sqlite_utils.Database,
    *,
    event_id: int,
    actor: Actor,
    member_ids: Iterable[int] = (),
    from_rule: bool = False,
    today: dt.date | None = None,
) -> Changes:
    """Put members on the event's guest list: those picked (``member_ids``) and, with
    ``from_rule``, those the event's rule picks. Never a member twice; members who may
    not be contacted are skipped (counted in the audit entry). ``created_id`` is the
    number of guests added."""
    permissions.require(
        actor, permissions.CONTACTS if not from_rule else permissions.FEEDBACK_ADMIN
    )
    with db.atomic():
        ev = _event(db, event_id)
        if ev["status"] == "cancelled":
            raise ValidationError([FieldError("event_id", "event_cancelled")])
        wanted = set(member_ids)
        if from_rule:
            wanted |= set(
                rule_members(db, json.loads(ev["rule"]) if ev["rule"] else None, today=today)
            )
        ok = _contactable(db, wanted)
        there = {
            r[0]
            for r in db.execute(
                "SELECT member_id FROM event_invitations WHERE event_id = ?", [event_id]
            )
        }
        new = sorted(ok - there)
        stamp = now()
        db.conn.executemany(
            "INSERT INTO event_invitations (event_id, member_id, added_at, added_by) "
            "VALUES (?, ?, ?, ?)",
            [(event_id, m, stamp, actor.user_id) for m in new],
        )
        said = audit.summary(
            "event_invite",
            name=ev["name"],
            added=len(new),
            already=len(wanted & there),
            skipped=len(wanted - ok - there),
        )
        audit.record(db, actor, "event_invite", "event", event_id, said)
    return Changes.of({"event_invitations"}, new, len(new))


def _invitation(db: sqlite_utils.Database, invitation_id: int) -> tuple[Any, ...]:
    row = db.execute(
        "SELECT i.event_id, i.member_id, m.member_no, e.name, i.invited_at "
        "FROM event_invitations i JOIN members m ON m.id = i.member_id "
        "JOIN events e ON e.id = i.event_id WHERE i.id = ?",
        [invitation_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"invitation {invitation_id} does not exist")
    return tuple(row)


def record_response(
    db: sqlite_utils.Database,
    *,
    invitation_id: int,
    actor: Actor,
    response: str,
    channel: str | None = None,
    note: str | None = None,
) -> Changes:
    """The guest's answer (pending / accepted / declined). A guest not marked as told
    is marked now (``invited_at``, through ``channel`` when given)."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        event_id, member_id, no, name, _told = _invitation(db, invitation_id)
        errors: list[FieldError] = []
        common.choice(response, "event_response", "response", errors)
        if channel is not None:
            common.choice(channel, "channel", "channel", errors)
        text = common.text(note, NOTE_MAX, "note", errors)
        if errors:
            raise ValidationError(errors)
        stamp = now()
        db.execute(
            "UPDATE event_invitations SET response = ?, responded_at = ?, "
            "invited_at = COALESCE(invited_at, ?), channel = COALESCE(?, channel), "
            "note = COALESCE(?, note) WHERE id = ?",
            [response, stamp, stamp, channel, text, invitation_id],
        )
        said = audit.summary("event_response", member_no=no, name=name, response=response)
        audit.record(db, actor, "event_response", "event", event_id, said)
    return Changes.of({"event_invitations"}, {member_id})


def mark_invited(
    db: sqlite_utils.Database,
    *,
    invitation_ids: Iterable[int],
    actor: Actor,
    channel: str,
) -> Changes:
    """These guests were told (a call, a message, a card): ``invited_at`` and
    ``channel``; already told ones keep their first time."""
    permissions.require(actor, permissions.CONTACTS)
    ids = sorted(set(invitation_ids))
    errors: list[FieldError] = []
    common.choice(channel, "channel", "channel", errors)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        rows = [_invitation(db, i) for i in ids]
        stamp = now()
        db.conn.executemany(
            "UPDATE event_invitations SET invited_at = COALESCE(invited_at, ?), channel = ? "
            "WHERE id = ?",
            [(stamp, channel, i) for i in ids],
        )
        for event_id in sorted({r[0] for r in rows}):
            name = next(r[3] for r in rows if r[0] == event_id)
            n = sum(1 for r in rows if r[0] == event_id)
            said = audit.summary("event_invited", name=name, count=n, channel=channel)
            audit.record(db, actor, "event_invited", "event", event_id, said)
    return Changes.of({"event_invitations"}, {r[1] for r in rows})


def record_attendance(
    db: sqlite_utils.Database,
    *,
    event_id: int,
    actor: Actor,
    attended: dict[int, bool],
) -> Changes:
    """Tick who came (``invitation id -> attended``), several guests in one
    transaction; an invitation of another event is refused, naming it."""
    permissions.require(actor, permissions.CONTACTS)
    with db.atomic():
        ev = _event(db, event_id)
        mine = dict(
            db.execute(
                "SELECT id, member_id FROM event_invitations WHERE event_id = ?", [event_id]
            ).fetchall()
        )
        bad = [i for i in attended if i not in mine]
        if bad:
            raise ValidationError(
                [FieldError("invitation_id", "not_found", {"value": i}) for i in bad]
            )
        db.conn.executemany(
            "UPDATE event_invitations SET attended = ? WHERE id = ?",
            [(1 if v else 0, i) for i, v in attended.items()],
        )
        came = db.execute(
            "SELECT COUNT(*) FROM event_invitations WHERE event_id = ? AND attended = 1",
            [event_id],
        ).fetchone()[0]
        said = audit.summary("event_attendance", name=ev["name"], marked=len(attended), came=came)
        audit.record(db, actor, "event_attendance", "event", event_id, said)
    return Changes.of({"event_invitations"}, {mine[i] for i in attended})


# ------------------------------------------------------------------ reading


def list_events(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every event, newest first, with its guest counts (invited = on the list,
    told, accepted, declined, attended)."""
    rows = _dicts(
        db.execute(
            "SELECT e.id, e.name, e.kind, e.starts_at, e.place, e.capacity, e.cost_fen, "
            "e.rule, e.note, e.status, "
            "COUNT(i.id) AS invited, COUNT(i.invited_at) AS told, "
            "COALESCE(SUM(i.response = 'accepted'), 0) AS accepted, "
            "COALESCE(SUM(i.response = 'declined'), 0) AS declined, "
            "COALESCE(SUM(i.attended), 0) AS attended "
            "FROM events e LEFT JOIN event_invitations i ON i.event_id = e.id "
            "GROUP BY e.id ORDER BY e.starts_at DESC, e.id DESC"
        )
    )
    for r in rows:
        r["rule"] = json.loads(r["rule"]) if r["rule"] else {}
    return rows


def guest_list(db: sqlite_utils.Database, event_id: int) -> list[dict[str, Any]]:
    """An event's guests: member number, name, tier, told when and how, response,
    attended, note — by member number."""
    return _dicts(
        db.execute(
            "SELECT i.id, i.member_id, m.member_no, m.name, m.tier, i.invited_at, i.channel, "
            "i.response, i.responded_at, i.attended, i.note FROM event_invitations i "
            "JOIN members m ON m.id = i.member_id WHERE i.event_id = ? ORDER BY m.member_no",
            [event_id],
        )
    )


def member_invitations(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """A member's invitations, the newest event first (the member card)."""
    return _dicts(
        db.execute(
            "SELECT i.id, e.id AS event_id, e.name, e.kind, e.starts_at, e.place, e.status, "
            "i.invited_at, i.channel, i.response, i.attended, i.note FROM event_invitations i "
            "JOIN events e ON e.id = i.event_id WHERE i.member_id = ? "
            "ORDER BY e.starts_at DESC, i.id DESC",
            [member_id],
        )
    )


def event_sales(
    db: sqlite_utils.Database, event_id: int, *, days: int = SALES_DAYS
) -> dict[str, int]:
    """What the event's attendees bought (sales, not returns; fen) from the event's
    day to ``days`` days after it, and how many of them bought."""
    row = db.execute(
        "SELECT COUNT(DISTINCT p.member_id), COALESCE(SUM(p.paid_fen), 0) FROM events e "
        "JOIN event_invitations i ON i.event_id = e.id AND i.attended = 1 "
        "JOIN purchases p ON p.member_id = i.member_id AND p.at >= substr(e.starts_at, 1, 10) "
        "AND p.at < date(e.starts_at, ?) AND p.return_of IS NULL WHERE e.id = ?",
        [f"+{days + 1} days", event_id],
    ).fetchone()
    return {"buyers": int(row[0]), "paid_fen": int(row[1])}


# ------------------------------------------------------------------ Excel

EVENT_SHEET = ("活动邀请", "Event invitations")
EVENT_COLUMNS = (
    ("会员号", "Member no."),
    ("活动", "Event"),
    ("类型", "Kind"),
    ("时间", "Date and time"),
    ("地点", "Place"),
    ("通知日期", "Told on"),
    ("方式", "Channel"),
    ("回复", "Answer"),
    ("出席", "Came"),
    ("备注", "Note"),
)


def event_sheet(
    db: sqlite_utils.Database, lang: str = "zh", member_ids: Any = None
) -> tuple[str, list[str], list[list[Any]]] | None:
    """The members export's extra sheet (``name, headers, rows``): every invitation (of
    ``member_ids`` when given), by event then member number; None when there is none."""
    from app import labels

    i = 0 if lang == "zh" else 1
    where, params = "", []
    if member_ids is not None:
        where = "WHERE i.member_id IN (SELECT value FROM json_each(?)) "
        params = [json.dumps(sorted(set(member_ids)))]
    yes_no = (("是", "否"), ("yes", "no"))[i]
    cur = db.execute(
        "SELECT m.member_no, e.name, e.kind, e.starts_at, e.place, e.status, i.invited_at, "
        "i.channel, i.response, i.attended, i.note FROM event_invitations i "
        "JOIN events e ON e.id = i.event_id JOIN members m ON m.id = i.member_id "
        + where
        + "ORDER BY e.starts_at, e.id, m.member_no",
        params,
    )
    rows = [
        [
            no,
            name
            + ("" if status == "planned" else f" ({labels.word('event_status', status, lang)})"),
            labels.word("event_kind", kind, lang),
            starts[:16].replace("T", " "),
            place or "",
            (told or "")[:10],
            labels.word("channel", channel, lang) if channel else "",
            labels.word("event_response", response, lang),
            yes_no[0] if came else yes_no[1],
            note or "",
        ]
        for no, name, kind, starts, place, status, told, channel, response, came, note in cur
    ]
    if not rows:
        return None
    return EVENT_SHEET[i], [c[i] for c in EVENT_COLUMNS], rows


def attendance_export(
    db: sqlite_utils.Database, lang: str, mask: bool, params: list[Any]
) -> tuple[list[str], int, Any]:
    """``(kinds, total, rows)`` of the attendance export (``app.excel.columns`` kind
    ``attendance``: event number, name, date and time, member number, phone, came), one
    row per guest of a planned event, by event then member number; the import reads it
    back (``app/excel/importer/attendance.py``). ``params``: ``[json list of member
    ids]`` or ``[]`` for all."""
    from app.normalize import mask_phone

    i = 0 if lang == "zh" else 1
    yes_no = (("是", "否"), ("yes", "no"))[i]
    where = "AND i.member_id IN (SELECT value FROM json_each(?)) " if params else ""
    total = db.execute("SELECT COUNT(*) FROM event_invitations").fetchone()[0]
    cur = db.execute(
        "SELECT e.id, e.name, e.starts_at, m.member_no, m.phone, i.attended "
        "FROM event_invitations i JOIN events e ON e.id = i.event_id "
        "JOIN members m ON m.id = i.member_id WHERE e.status = 'planned' "
        + where
        + "ORDER BY e.starts_at, e.id, m.member_no",
        params,
    )
    rows = (
        [
            eid,
            name,
            starts[:16].replace("T", " "),
            no,
            (mask_phone(phone) if mask else phone) or "",
            yes_no[0] if came else yes_no[1],
        ]
        for eid, name, starts, no, phone, came in cur
    )
    return ["int", "text", "text", "text", "text", "text"], total, rows
