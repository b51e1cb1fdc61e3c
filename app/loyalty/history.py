"""Starting the programme on a store with a history: from which day past sales earn
points (:func:`history_start` offers the first purchase on record), and
:func:`backfill`, which awards those sales exactly what the rules in force on their
dates give and says how many sales and points that was.

The trap this module closes (issue #17): a first version dated today made the backfill
award nothing for years of sales while the page said it had. Now the first version
asks for its start (the page offers the first purchase on record, or a chosen day), a
version may be dated back only while the ledger is empty (:func:`rules.save_rules`),
and :class:`BackfillChanges` carries the counts — ``not_covered`` the sales before the
first version, which earn nothing — so the page says what happened.

**The tier at a past sale.** Spend points take the multiplier of the tier the member
held when the sale was made (package docstring, "Rules"). For the past that is read
from ``tier_history``: the last change before the sale, else the tier before the first
change after it, else the member's tier today (no change recorded: the tier has not
moved). One ``INSERT … SELECT`` per rule version does it (two index seeks per sale);
tests/unit/test_loyalty.py checks every entry against :func:`rules.points_for_paid`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from app import audit, core, permissions
from app.core import Actor, Changes, FieldError, ValidationError, now
from app.loyalty.entries import _add, balance
from app.loyalty.lots import _schema_off, refresh_stale
from app.loyalty.rules import Rules, _expiry_sql, rule_versions
from app.loyalty.sales import _clawback_wanted


@dataclass(frozen=True)
class BackfillChanges(Changes):
    """:class:`~app.core.Changes` of a backfill, with what it did: ``sales`` awarded
    spend points, ``points`` written in all (spend and referral less clawbacks),
    ``since`` the first version's date and ``not_covered`` the sales before it (they
    earn nothing)."""

    sales: int = 0
    points: int = 0
    since: dt.date | None = None
    not_covered: int = 0


def history_start(db: sqlite_utils.Database) -> dt.date | None:
    """The day of the first sale on record (None: no sales): what the first rules
    version offers as the day from which history earns points."""
    row = db.execute("SELECT MIN(at) FROM purchases WHERE return_of IS NULL").fetchone()
    return dt.date.fromisoformat(row[0][:10]) if row and row[0] else None


def _segments(db: sqlite_utils.Database) -> list[tuple[str, Rules]]:
    """The version in force from each effective date (the later saved wins a tie)."""
    versions = sorted(
        ((v["effective_from"], v["id"], v["rules"]) for v in rule_versions(db)),
        key=lambda x: (x[0], x[1]),
    )
    segments: list[tuple[str, Rules]] = []
    for frm, _id, rules in versions:
        if segments and segments[-1][0] == frm:
            segments[-1] = (frm, rules)
        else:
            segments.append((frm, rules))
    return segments


def _multiplier_sql(rules: Rules, column: str) -> str:
    """``rules.multiplier(tier)`` in SQL (100 for a tier the rules do not name)."""
    whens = " ".join(
        f"WHEN '{code.replace(chr(39), chr(39) * 2)}' THEN {int(pct)}"
        for code, pct in sorted(rules.multipliers_pct.items())
    )
    return f"(CASE {column} {whens} ELSE 100 END)" if whens else "100"


_NOT_AWARDED = (
    "p.return_of IS NULL AND p.paid_fen > 0 AND p.id NOT IN (SELECT s.ref_id FROM "
    "points_ledger s WHERE s.reason = 'spend' AND s.ref_type = 'purchase')"
)


def _spend(db: sqlite_utils.Database, rules: Rules, lo: str, hi: str, stamp: str) -> None:
    """Spend points of the sales in [lo, hi) without points yet, each at the multiplier
    of the tier held just before the sale (module docstring), in one statement: two
    index seeks into ``tier_history`` per sale (nothing found: today's tier)."""
    held = (
        "COALESCE((SELECT h.to_tier FROM tier_history h WHERE h.member_id = p.member_id "
        "AND h.at < p.at ORDER BY h.at DESC, h.id DESC LIMIT 1), "
        "(SELECT h.from_tier FROM tier_history h WHERE h.member_id = p.member_id "
        "AND h.at >= p.at ORDER BY h.at, h.id LIMIT 1), m.tier)"
    )
    db.execute(
        f"""
        INSERT INTO points_ledger (member_id, at, delta, reason, ref_type, ref_id,
            expires_at, clerk_id, note, created_at)
        SELECT member_id, at, pts, 'spend', 'purchase', id,
               {_expiry_sql("at", rules.expiry_months)}, clerk_id, 'backfill', :now
        FROM (
            SELECT p.id, p.member_id, p.at, p.clerk_id,
                   p.paid_fen * {_multiplier_sql(rules, held)} / :div AS pts
            FROM purchases p NOT INDEXED JOIN members m ON m.id = p.member_id
            WHERE p.at >= :lo AND p.at < :hi AND {_NOT_AWARDED}
        ) WHERE pts > 0
        """,
        {"div": 100 * rules.fen_per_point, "lo": lo, "hi": hi, "now": stamp},
    )


def backfill(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    today: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> BackfillChanges:
    """Award the points of every recorded purchase that has none yet — for a store that
    ran without points (or the demo) — in one transaction: spend points by the rule
    version in force on each sale's date at the multiplier of the tier held then
    (module docstring), referral points at each referred member's first sale, the
    clawback of every return. Sales before the first version get nothing (counted in
    ``not_covered``). Expiry is left to :func:`~app.loyalty.jobs.expire_points` (run it
    next). Idempotent: a second run writes nothing."""
    permissions.require(actor, permissions.RULES)
    today = today or core.today()
    segments = _segments(db)
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
                _spend(db, rules, frm, until, stamp)
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
        n, pts, sales = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(delta), 0), COUNT(CASE WHEN reason = 'spend' "
            "THEN 1 END) FROM points_ledger WHERE id > ?",
            [before],
        ).fetchone()
        since = segments[0][0]
        not_covered = db.execute(
            "SELECT COUNT(*) FROM purchases WHERE return_of IS NULL AND at < ?", [since]
        ).fetchone()[0]
        audit.record(
            db,
            actor,
            "points_backfill",
            "points_ledger",
            None,
            audit.summary("points_backfill", entries=n, points=pts),
        )
    return BackfillChanges(
        frozenset({"points_ledger"} if n else ()),
        sales=int(sales),
        points=int(pts),
        since=dt.date.fromisoformat(since),
        not_covered=int(not_covered),
    )
