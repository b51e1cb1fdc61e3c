"""The daily jobs (:func:`run_daily`, at start-up and once a day): expiring points,
birthday points and the tier review; and :func:`backfill`, which awards the points of
purchases recorded before the programme started (package docstring, "Expiry")."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from operator import itemgetter

import sqlite_utils

from app import audit, core, permissions, settings
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.loyalty.entries import _INSERT, _add, balance
from app.loyalty.lots import _ids_json, _next_day, _schema_off, refresh_stale
from app.loyalty.rules import Rules, _expiry_sql, expiry_for, rule_versions, rules_at, started
from app.loyalty.sales import _clawback_wanted
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
    from app.calllist import occasion_keys

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


def backfill(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    today: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Changes:
    """Award the points of every recorded purchase that has none yet — for a store that
    ran without points (or the demo) — in one transaction: spend points by the rule
    version in force on each sale's date at the base rate (100%: the tier a member held
    years ago is not known), referral points at each referred member's first sale, the
    clawback of every return. Purchases before the first version get nothing. Expiry is
    left to :func:`expire_points` (run it next). Idempotent."""
    permissions.require(actor, permissions.RULES)
    today = today or core.today()
    versions = sorted(
        ((v["effective_from"], v["id"], v["rules"]) for v in rule_versions(db)),
        key=lambda x: (x[0], x[1]),
    )
    # the version in force from each effective date (the later saved wins a tie)
    segments: list[tuple[str, Rules]] = []
    for frm, _id, rules in versions:
        if segments and segments[-1][0] == frm:
            segments[-1] = (frm, rules)
        else:
            segments.append((frm, rules))
    if not segments:
        raise ValidationError([FieldError("rules", "loyalty_not_started")])
    stamp = now()
    steps = len(segments) * 2 + 2
    step = 0

    def progress() -> None:
        nonlocal step
        step += 1
        if on_progress:
            on_progress(step, steps)

    with db.atomic():
        before = db.execute("SELECT COALESCE(MAX(id), 0) FROM points_ledger").fetchone()[0]
        with _schema_off(db, index_tables=("points_ledger",)):
            for i, (frm, rules) in enumerate(segments):
                until = segments[i + 1][0] if i + 1 < len(segments) else "9999-12-31"
                # a table scan (sales in the order they were recorded), not an index walk
                db.execute(
                    f"""
                    INSERT INTO points_ledger (member_id, at, delta, reason, ref_type, ref_id,
                        expires_at, clerk_id, note, created_at)
                    SELECT p.member_id, p.at, p.paid_fen / :fpp, 'spend', 'purchase', p.id,
                           {_expiry_sql("p.at", rules.expiry_months)}, p.clerk_id, 'backfill',
                           :now
                    FROM purchases p NOT INDEXED
                    WHERE p.at >= :lo AND p.at < :hi AND p.return_of IS NULL
                      AND p.paid_fen >= :fpp
                      AND p.id NOT IN (SELECT s.ref_id FROM points_ledger s
                                       WHERE s.reason = 'spend' AND s.ref_type = 'purchase')
                    """,
                    {"fpp": rules.fen_per_point, "lo": frm, "hi": until, "now": stamp},
                )
                progress()
                if rules.referral_points > 0:
                    db.execute(
                        f"""
                        INSERT INTO points_ledger (member_id, at, delta, reason, ref_type,
                            ref_id, expires_at, clerk_id, note, created_at)
                        SELECT m.referrer_id, f.at, :pts, 'referral', 'member', m.id,
                               {_expiry_sql("f.at", rules.expiry_months)}, f.clerk_id,
                               'backfill', :now
                        FROM members m JOIN members r ON r.id = m.referrer_id
                        JOIN purchases f ON f.id = (
                            SELECT p.id FROM purchases p WHERE p.member_id = m.id
                            AND p.return_of IS NULL ORDER BY p.at, p.id LIMIT 1)
                        WHERE m.referrer_id IS NOT NULL AND r.status <> 'anonymised'
                          AND f.at >= :lo AND f.at < :hi
                          AND m.id NOT IN (SELECT s.ref_id FROM points_ledger s
                                           WHERE s.reason = 'referral' AND s.ref_type = 'member')
                        """,
                        {"pts": rules.referral_points, "lo": frm, "hi": until, "now": stamp},
                    )
                progress()
        with _schema_off(db):
            # returns, in the order they happened (cumulative clawback per sale)
            returns = db.execute(
                "SELECT r.id, r.member_id, r.at, r.clerk_id, r.return_of FROM purchases r "
                "INDEXED BY idx_purchases_return_of "
                "WHERE r.return_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM points_ledger e "
                "WHERE e.reason = 'return' AND e.ref_type = 'purchase' AND e.ref_id = r.id) "
                "AND EXISTS (SELECT 1 FROM points_ledger s WHERE s.reason = 'spend' "
                "AND s.ref_type = 'purchase' AND s.ref_id = r.return_of) ORDER BY r.at, r.id"
            ).fetchall()
            for rid, mid, at, clerk, sale in returns:
                spend_id, wanted = _clawback_wanted(db, sale)
                if spend_id is None or wanted <= 0:
                    continue
                take = min(wanted, balance(db, mid))
                if take <= 0:
                    continue
                short = f"; shortfall={wanted - take}" if take < wanted else ""
                _add(db, mid, at, -take, "return", ref_type="purchase", ref_id=rid,
                     clerk_id=clerk, note=f"spend #{spend_id}{short}")  # fmt: skip
            progress()
            db.execute(
                "INSERT OR IGNORE INTO points_lots_stale (member_id) "
                "SELECT DISTINCT member_id FROM points_ledger WHERE id > ?",
                [before],
            )
        refresh_stale(db)
        progress()
        n, pts = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(delta), 0) FROM points_ledger WHERE id > ?", [before]
        ).fetchone()
        audit.record(
            db,
            actor,
            "points_backfill",
            "points_ledger",
            None,
            audit.summary("points_backfill", entries=n, points=pts),
        )
    return Changes.of({"points_ledger"} if n else set())
