"""Event attendance (活动出席, m025 ``event_invitations.attended``) read from a sheet: the
list ticked at the door, typed up afterwards, or the members export's 活动 sheet.

One row per guest: the event by its number (活动编号, the id the events page shows), or
by name and date (活动名称 + 活动日期; one event of that name that day, else the row is
refused naming both); the member by phone, then member number; 出席 yes or no. The
member must be on the event's guest list (a walk-in is put on it on the events page
first: the importer never invites). A cancelled event takes no attendance. The same
guest twice in one file is refused on the second row. A guest already marked as the
row says is *unchanged*; otherwise *updated*. Written in the import's one transaction
(one audit entry for the import); the plan goes stale when a planned guest's mark, or
the event, changed meanwhile (``plan.is_stale``)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app.core import Actor, Changes, FieldError, ValidationError
from app.excel.importer.plan import (
    PREVIEW_LIMIT,
    Cancel,
    ImportCancelled,
    Plan,
    Progress,
    RowChange,
    _check_cancel,
)
from app.excel.importer.rows import _MemberIndex, _reject, _Rows
from app.excel.readers import cell_text
from app.excel.validate import Rejection, blank, to_bool, to_datetime, to_int

OPS = "attendance"


class _Events:
    """The store's events, by id and by (name, day), loaded once."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.by_id: dict[int, tuple[str, str, str]] = {}
        self.by_name_day: dict[tuple[str, str], list[int]] = {}
        for eid, name, starts, status in db.execute(
            "SELECT id, name, starts_at, status FROM events"
        ):
            self.by_id[eid] = (name, starts, status)
            self.by_name_day.setdefault((name.strip().lower(), starts[:10]), []).append(eid)

    def find(self, raw: dict[str, Any]) -> tuple[int | None, list[FieldError]]:
        if "event_id" in raw:
            try:
                eid = to_int(raw["event_id"], field="event_id")
            except ValidationError as exc:
                return None, exc.errors
            if eid not in self.by_id:
                return None, [FieldError("event_id", "event_unknown", {"value": eid})]
        else:
            name = cell_text(raw.get("event"))
            errors = []
            if not name:
                errors.append(FieldError("event", "required"))
            day = None
            if not blank(raw.get("event_date")):
                try:  # a date, or the date and time the members export writes
                    day = to_datetime(raw["event_date"], field="event_date").date()
                except ValidationError as exc:
                    return None, [*errors, *exc.errors]
            if day is None:
                errors.append(FieldError("event_date", "required"))
            if errors:
                return None, errors
            assert day is not None
            hits = self.by_name_day.get((name.lower(), day.isoformat()), [])
            if len(hits) != 1:
                code = "event_unknown" if not hits else "event_ambiguous"
                value = f"{name} {day.isoformat()}"
                return None, [FieldError("event", code, {"value": value})]
            eid = hits[0]
        if self.by_id[eid][2] == "cancelled":
            field = "event_id" if "event_id" in raw else "event"
            return None, [FieldError(field, "event_cancelled_attendance")]
        return eid, []


def dry_run(db: sqlite_utils.Database, plan: Plan, progress: Progress, cancel: Cancel) -> None:
    rows = _Rows(plan.table, plan.mapping)
    index = _MemberIndex(db)
    events = _Events(db)
    guests = {
        (eid, mid): (iid, bool(came))
        for iid, eid, mid, came in db.execute(
            "SELECT id, event_id, member_id, attended FROM event_invitations ORDER BY id"
        )
    }
    rej = plan.rejections
    out: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    for i, (number, raw) in enumerate(rows):
        _check_cancel(cancel, i)
        eid, errors = events.find(raw)
        mid = index.find(raw, number, rows, rej)
        try:
            came = to_bool(raw["attended"], field="attended") if "attended" in raw else None
        except ValidationError as exc:
            errors.extend(exc.errors)
            came = None
        if came is None and not any(e.field == "attended" for e in errors):
            errors.append(FieldError("attended", "required"))
        for e in errors:
            _reject(rej, number, rows, raw, e)
        if errors or mid is None or eid is None:
            continue
        guest = guests.get((eid, mid))
        if guest is None:
            no = index.no_of[mid]
            rej.append(
                Rejection(
                    number,
                    rows.header.get("member_no") or rows.header.get("phone", ""),
                    no,
                    "event_not_invited",
                    {"member_no": no, "event": events.by_id[eid][0]},
                )
            )
            continue
        iid, before = guest
        if iid in seen:
            rej.append(Rejection(number, "", index.no_of[mid], "dup_in_file", {"first": seen[iid]}))
            continue
        seen[iid] = number
        if before == came:
            plan.counts["unchanged"] += 1
            continue
        out.append(
            {"row": number, "invitation_id": iid, "member_id": mid, "before": before, "came": came}
        )
        if len(plan.preview) < PREVIEW_LIMIT:
            name, starts, _status = events.by_id[eid]
            what = f"{index.no_of[mid]} {name} {starts[:10]}"
            plan.preview.append(RowChange(number, "updated", what))
    progress(len(plan.table.rows), len(plan.table.rows))
    plan.counts["updated"] = len(out)
    plan.ops = {OPS: out}


def apply(
    db: sqlite_utils.Database, *, plan: Plan, actor: Actor, progress: Progress, cancel: Cancel
) -> Changes:
    recs = plan.ops[OPS]
    db.conn.executemany(
        "UPDATE event_invitations SET attended = ? WHERE id = ?",
        [(1 if r["came"] else 0, r["invitation_id"]) for r in recs],
    )
    if cancel():
        raise ImportCancelled()
    return Changes.of({"event_invitations"}, {r["member_id"] for r in recs})
