"""The daily jobs (:func:`run_daily`, at start-up and once a day): expiring points,
birthday points and the tier review (package docstring, "Expiry"). The points of
purchases recorded before the programme started: :mod:`app.loyalty.history`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from operator import itemgetter

import sqlite_utils

from app import audit, core, settings
from app.core import Actor, Changes, now
from app.loyalty.entries import _INSERT, _add
from app.loyalty.lots import _ids_json, _next_day, _schema_off, refresh_stale
from app.loyalty.rules import Rules, expiry_for, rules_at, started
from app.loyalty.tiers import _set_setting, recompute_tiers

BULK_ROWS = 20_000  # from this many entries, jobs write with the cache triggers off
EXPIRY_CHUNK_MEMBERS = 10_000  # the expiry job commits after this many members


def expire_points(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    today: dt.date,
    on_progress: Callable[[int, int], None] | None = None,
) -> Changes:
    """Write an ``expire`` entry for every lot whose last valid day is before ``today``
    and which still has points (oldest first per member, never below a zero balance).
    Idempotent: a second run finds nothing to expire.

    The members due are done in groups of :data:`EXPIRY_CHUNK_MEMBERS`, each group in
    its own transaction (a member's lots always in one), so a big catch-up — the first
    run after :func:`backfill`, or a shop closed for weeks — never holds the database
    for more than a second or two while clerks record sales; stopped halfway, the next
    run does the rest. ``on_progress(members done, members due)``."""
    with db.atomic():
        refresh_stale(db)
        due = [
            r[0]
            for r in db.execute(
                "SELECT DISTINCT member_id FROM points_lots WHERE expires_at < ? "
                "ORDER BY member_id",
                [today.isoformat()],
            )
        ]
    if not due:
        return Changes()
    changed: set[int] = set()
    lots = points = 0
    for i in range(0, len(due), EXPIRY_CHUNK_MEMBERS):
        chunk = due[i : i + EXPIRY_CHUNK_MEMBERS]
        with db.atomic():
            n_lots, n_points, members = _expire_members(db, today, chunk)
            lots += n_lots
            points += n_points
            changed |= members
            if on_progress:
                on_progress(i + len(chunk), len(due))
    if lots:
        with db.atomic():
            audit.record(
                db,
                actor,
                "points_expire",
                "points_ledger",
                None,
                audit.summary(
                    "points_expired", lots=lots, points=points, members=len(changed), day=str(today)
                ),
            )
    return Changes.of({"points_ledger"}, changed) if lots else Changes()


def _expire_members(
    db: sqlite_utils.Database, today: dt.date, member_ids: Sequence[int]
) -> tuple[int, int, set[int]]:
    """The expiry of ``member_ids`` (inside the caller's transaction): ``(lots,
    points, members)`` written."""
    refresh_stale(db, member_ids)
    ids = _ids_json(member_ids)
    rows = db.execute(
        "SELECT member_id, lot_id, remaining, expires_at, earned_at FROM points_lots "
        "WHERE expires_at < ? AND member_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY member_id, expires_at, lot_id",
        [today.isoformat(), ids],
    ).fetchall()
    if not rows:
        return 0, 0, set()
    members = {r[0] for r in rows}
    balances = dict(
        db.execute(
            "SELECT member_id, SUM(delta) FROM points_ledger "
            "WHERE member_id IN (SELECT value FROM json_each(?)) GROUP BY member_id",
            [_ids_json(members)],
        ).fetchall()
    )
    stamp = now()
    days: dict[str, str] = {}
    out = []
    total = 0
    partial: set[int] = set()  # members with a lot not expired in full (never, really)
    for mid, lot_id, remaining, expires, earned in rows:
        left = balances.get(mid, 0)
        take = min(remaining, left)
        if take < remaining:
            partial.add(mid)
        if take <= 0:
            continue
        balances[mid] = left - take
        if expires not in days:
            days[expires] = _next_day(expires)
        out.append(
            (
                mid,
                max(days[expires], earned),  # never before the lot itself
                -take,
                "expire",
                "points_ledger",
                lot_id,
                None,
                None,
                None,
                stamp,
            )
        )
        total += take
    # In lot order, the ledger's reference indexes grow at their end.
    out.sort(key=itemgetter(5))
    if len(out) < BULK_ROWS:
        db.conn.executemany(_INSERT, out)  # the triggers keep the cache
    else:
        with _schema_off(db):
            db.conn.executemany(_INSERT, out)
            # every due lot of these members lost all it had, except in ``partial``
            db.execute(
                "DELETE FROM points_lots WHERE expires_at < ? "
                "AND member_id IN (SELECT value FROM json_each(?))",
                [today.isoformat(), ids],
            )
            db.conn.executemany(
                "INSERT OR IGNORE INTO points_lots_stale (member_id) VALUES (?)",
                [(m,) for m in partial],
            )
    refresh_stale(db, members)  # marked by the triggers, or in ``partial`` above
    return len(out), total, members


def award_birthdays(db: sqlite_utils.Database, *, actor: Actor, today: dt.date) -> Changes:
    """Birthday points for birthdays in the last ``loyalty_birthday_catch_up_days`` days
    up to ``today`` (solar or lunar), once per member per calendar year."""
    from app.occasions import occasion_keys

    catch_up = int(settings.get(db, "loyalty_birthday_catch_up_days"))
    keys = occasion_keys(today - dt.timedelta(days=max(0, catch_up - 1)), today)
    key_rows = [[cal, md, leap, d.isoformat()] for (cal, md, leap), d in keys.items()]
    with db.atomic():
        rows = db.execute(
            """
            SELECT m.id, m.member_no, k.day FROM (
                SELECT json_extract(value, '$[0]') AS cal, json_extract(value, '$[1]') AS md,
                       json_extract(value, '$[2]') AS leap, json_extract(value, '$[3]') AS day
                FROM json_each(?)) k
            JOIN members m ON substr(m.birthday, -5) = k.md AND m.birthday_calendar = k.cal
                          AND m.birthday_leap = k.leap
            WHERE m.status <> 'anonymised' AND m.joined_on <= k.day
            """,
            [json.dumps(key_rows)],
        ).fetchall()
        done: set[int] = set()
        rules_cache: dict[str, Rules | None] = {}
        for mid, _no, day in rows:
            if day not in rules_cache:
                rules_cache[day] = rules_at(db, day)
            rules = rules_cache[day]
            if rules is None or rules.birthday_points <= 0:
                continue
            year = day[:4]
            if (
                db.execute(
                    "SELECT 1 FROM points_ledger WHERE reason = 'birthday' AND ref_type = 'member' "
                    "AND ref_id = ? AND substr(at, 1, 4) = ?",
                    [mid, year],
                ).fetchone()
                or db.execute(
                    "SELECT 1 FROM points_ledger WHERE member_id = ? AND reason = 'birthday' "
                    "AND at >= ? AND at < ?",
                    [mid, f"{year}-01-01", f"{int(year) + 1}-01-01"],
                ).fetchone()
            ):
                continue
            _add(
                db,
                mid,
                f"{day}T00:00:00",
                rules.birthday_points,
                "birthday",
                ref_type="member",
                ref_id=mid,
                expires_at=expiry_for(day, rules.expiry_months),
            )
            done.add(mid)
        if not done:
            return Changes()
        refresh_stale(db, done)
        audit.record(
            db,
            actor,
            "points_birthday",
            "points_ledger",
            None,
            audit.summary("points_birthday", members=len(done), day=str(today)),
        )
    return Changes.of({"points_ledger"}, done)


def run_daily(
    db: sqlite_utils.Database,
    *,
    actor: Actor = core.SYSTEM,
    today: dt.date | None = None,
    force: bool = False,
) -> Changes:
    """The start-up and daily job: expiry, birthday points and the tier review (tiers
    and birthdays only once the programme has started). Once per day unless ``force``
    (setting ``loyalty_daily_last_run``); idempotent either way."""
    today = today or core.today()
    if not force and settings.get(db, "loyalty_daily_last_run") == today.isoformat():
        return Changes()
    changes = expire_points(db, actor=actor, today=today)
    if started(db, today):
        changes |= award_birthdays(db, actor=actor, today=today)
        changes |= recompute_tiers(db, actor=actor, today=today, review=True)
    _set_setting(db, "loyalty_daily_last_run", today.isoformat())
    return changes
