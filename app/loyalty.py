"""The loyalty programme (积分 / 会员等级): versioned rules, an append-only points ledger,
redemptions, expiry and tiers.

**The programme starts when the owner saves the first rule version.** Until a version is
in force nothing is awarded and tiers are not changed automatically (points are a debt of
the store: the owner opts in). :data:`DEFAULT_RULES` is what the loyalty page offers
for that first version.

Rules (one JSON document per version in ``loyalty_rules``)
============================================================

* **Which version applies**: the one in force on the *date of the fact* — the sale's
  date for spend and referral points, the birthday's date, the visit's date. A version
  is in force from its ``effective_from`` until the next one; two versions with the same
  date: the later saved wins. A new version may not start before today (except while the
  ledger is still empty, so a store can date its first version back and
  :func:`backfill` its history): earned points are never rewritten, and a change never
  re-dates them, because every earning entry carries its own expiry date (below).
* **Spend points, rounding**: ``points = ⌊paid_fen × multiplier_pct ÷ (100 ×
  fen_per_point)⌋`` on the ticket's *paid* amount (after discounts), floored once, in
  integers. ``fen_per_point`` 1000 = 1 point per ¥10; the multiplier is that of the tier
  the member holds when the sale is recorded (before any upgrade that sale brings).
  ¥95 paid by a gold member (125%): ⌊9500 × 125 ÷ 100000⌋ = 11 points.
* **Referral points** go to the referrer (``members.referrer_id``) once per referred
  member, when the referred member's first sale is recorded (no earlier sale exists);
  they are not taken back when that sale is returned.
* **Birthday points**: once per member per calendar year, by the daily job
  (:func:`award_birthdays`), dated on the birthday (lunar birthdays converted, the call
  list's customs), for birthdays in the last ``loyalty_birthday_catch_up_days`` days
  (so a store closed on the day still awards them), not before the member joined.
* **Visit points**: :func:`record_visit`, at most once per member per day, no purchase
  needed.
* **Expiry**: ``expiry_months`` N (or None: never). Points earned in month M stay valid
  to the *last day of month M + N* (earned 2026-01-15 with N = 24: valid through
  2028-01-31); that date is stamped on the entry (``expires_at``, the last valid day)
  when it is earned.

Ledger (``points_ledger``, append-only by trigger)
==================================================

The balance is ``SUM(delta)`` — never a stored counter. Reasons: spend, referral,
birthday, visit, opening, adjust (+/−), redeem, return, expire. Each entry has a
reference (``ref_type``/``ref_id``), clerk, time, expiry date and note. Idempotency is
in the schema (unique index ``idx_ledger_once``): one ``spend`` per sale
(``purchase``, sale id), one ``return`` per return ticket, one ``referral`` per referred
member (``member``, referred id), one ``birthday`` per member per year and one ``visit``
per member per day (``member``, id at the time), one ``opening`` per member and source
(``ref_type`` = the source name, ``ref_id`` = member). Keys never involve the current
``member_id``, so merging two members never collides. ``expire`` entries reference their
lot (``points_ledger``, lot id) and are kept to what the lot still holds by the cache
below; a lot normally gets one, a second only when a back-dated entry (a return or an
adjustment dated in the past) changed what it held before it expired.

* **Lots and consumption**: every positive entry is a *lot*. Negative entries consume
  lots *oldest first* (FIFO by ``(at, id)``), skipping lots already expired at the
  entry's time; a **return** first takes back from the returned sale's own lot, and an
  **expire** entry takes exactly its lot's remainder. :func:`_replay` is the one
  definition; ``points_lots`` caches each lot's remaining points (triggers keep it
  current for new lots and expiries and mark a member *stale* for anything else — a
  negative entry, a back-dated lot, a merge — and the actions here rebuild stale members
  in their own transaction). :func:`lots_mismatches` compares the cache with a replay.
* **Returns** reverse points in proportion to what was refunded: after returns refunding
  R of a sale that paid P and earned A points, ``⌊A × R ÷ P⌋`` points in total are
  taken back (all of A when everything comes back), never more than A. The entry
  references the return ticket; its note names the spend entry. **The balance never
  goes negative**: when the clawback exceeds the balance, the balance is taken and the
  rest is recorded in the note (``shortfall=N``); a later return of the same ticket
  recovers it if it can.
* **Redemption** (:func:`redeem`): refused with ``points_short`` when the balance (after
  expiring what is due) is below the reward's cost; nothing is written then.
* **Adjustments** (:func:`adjust_points`) need a written reason; owner or manager only.
* **Opening balances** (:func:`add_opening_balance`) are idempotent on ``ref``.

Expiry
======

:func:`expire_points` writes one ``expire`` entry per lot whose last valid day is before
``today`` and which still has points, dated the day after that last valid day, oldest
first; running it twice writes nothing. It commits every
:data:`EXPIRY_CHUNK_MEMBERS` members, so a large catch-up does not hold the write lock
for long; an interrupted run is finished by the next. Actions that spend points expire the member's
due lots first, so a balance never includes expired points. :func:`run_daily` (start-up
and daily) runs expiry, birthdays and the tier review.

Tiers
=====

Tiers (``tiers``: names, ``min_spend_fen`` thresholds) are by *rolling 12-month net
spend*: S(d) = net paid (sales minus refunds) dated in [d − 365 days, d]. With R the
latest yearly review date on or before today (setting ``loyalty_tier_review_date``,
``MM-DD``, default ``01-01``):

    expected tier = max( tier_for_spend(S(R − 1 day)),
                         max over sales p dated in [R, today] of tier_for_spend(S_p) )

where S_p is S at sale p counting the purchases recorded up to p (``id <= p.id``): a
member keeps for the year the tier last year's spend earned and moves **up at once**
when a sale lifts the rolling spend over a threshold (the purchase hook upgrades), but
moves **down only at the yearly review** (:func:`recompute_tiers` with ``review=True``
on or after the review date, once per review date). Between reviews the stored tier is
``max(stored, expected)``; after the review it equals ``expected``. Tier changes write
``tier_history``. Threshold raises and manual edits therefore take effect at the next
review; :func:`tier_mismatches` lists members whose tier differs from the
recomputation.

Liability
=========

Outstanding points (not expired) × ``loyalty_point_value_fen`` (default 100 fen: one
point usable as ¥1, DOMAIN.md's "10 points usable as 10 yuan"), :func:`liability`.

Speed (tests/bench/bench_loyalty.py, 100k members / 2M purchases)
==================================================================

* The award inside a sale is a handful of indexed statements (≈0.4 ms added).
* Bulk work (:func:`backfill`, a large :func:`expire_points`, rebuilding many members'
  lots) drops the cache triggers — and for the backfill the ledger's secondary indexes —
  inside its transaction and puts them back before it commits (:func:`_schema_off`):
  row-by-row upkeep would cost minutes. The daily expiry reads only the due lots through
  ``idx_points_lots_expires``.
* The tier formula needs the per-sale sums S_p only for members whose sales in the
  whole span could reach a higher tier than their base (and, when upgrading only, than
  the tier they hold); those are computed in one pass over their purchases
  (:func:`_best_instants`). A test compares it with the formula computed the slow way.
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
import sqlite_utils

from app import audit, core, labels, permissions, purchases, settings
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now

REASONS = labels.choices("points_reason")
REWARD_KINDS = ("coupon", "gift", "voucher")
# Who may change rules, tiers and rewards (app.permissions.RULES: the owner) and adjust
# or import balances (ADJUST_POINTS: owner and manager); the system may do both.
RULE_MANAGERS = ("owner",)
POINT_MANAGERS = ("owner", "manager")
MAX_POINTS = 10_000_000
NOTE_MAX = 200
EXPIRING_DAYS = 30  # "expiring soon" on the member card and the points tab
BULK_ROWS = 20_000  # from this many entries, jobs write with the cache triggers off
BULK_MEMBERS = 5_000  # from this many members, lots are rebuilt in bulk


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rules:
    """One rule version (see the module docstring for each rule)."""

    fen_per_point: int = 1000  # ¥10 paid per point
    multipliers_pct: Mapping[str, int] = field(
        default_factory=lambda: {"normal": 100, "silver": 110, "gold": 125, "diamond": 150}
    )
    referral_points: int = 100
    birthday_points: int = 50
    visit_points: int = 5
    expiry_months: int | None = 24

    def multiplier(self, tier: str | None) -> int:
        return int(self.multipliers_pct.get(tier or "", 100))

    def to_json(self) -> str:
        data = asdict(self)
        data["multipliers_pct"] = dict(self.multipliers_pct)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Rules:
        data = json.loads(text)
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


DEFAULT_RULES = Rules()

RULE_LIMITS: dict[str, tuple[int, int]] = {
    "fen_per_point": (1, 100_000_000),
    "referral_points": (0, 1_000_000),
    "birthday_points": (0, 1_000_000),
    "visit_points": (0, 1_000_000),
    "expiry_months": (1, 240),
    "multiplier_pct": (0, 1000),
}


def _day(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def rules_at(db: sqlite_utils.Database, day: dt.date | str) -> Rules | None:
    """The rule version in force on ``day`` (None: the programme had not started)."""
    row = db.execute(
        "SELECT rules FROM loyalty_rules WHERE effective_from <= ? "
        "ORDER BY effective_from DESC, id DESC LIMIT 1",
        [_day(day)],
    ).fetchone()
    return Rules.from_json(row[0]) if row else None


def started(db: sqlite_utils.Database, today: dt.date | None = None) -> bool:
    """True when a rule version is in force ``today``."""
    return rules_at(db, today or core.today()) is not None


def rule_versions(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every saved version, newest effective date first: ``id, effective_from, rules
    (Rules), created_at, user_id, user_name, note``."""
    cur = db.execute(
        "SELECT r.id, r.effective_from, r.rules, r.created_at, r.user_id, u.display_name, r.note "
        "FROM loyalty_rules r LEFT JOIN users u ON u.id = r.user_id "
        "ORDER BY r.effective_from DESC, r.id DESC"
    )
    return [
        {
            "id": r[0],
            "effective_from": r[1],
            "rules": Rules.from_json(r[2]),
            "created_at": r[3],
            "user_id": r[4],
            "user_name": r[5],
            "note": r[6],
        }
        for r in cur.fetchall()
    ]


def _int_in(
    value: object, name: str, lo: int, hi: int, errors: list[FieldError], *, field: str
) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        errors.append(
            FieldError(field, "rule_value_invalid", {"value": value, "min": lo, "max": hi})
        )
        return None
    return value


def clean_rules(db: sqlite_utils.Database, data: Rules | Mapping[str, Any]) -> Rules:
    """Validate a rule version (all fields at once); raise ValidationError."""
    if isinstance(data, Rules):
        data = {**asdict(data), "multipliers_pct": dict(data.multipliers_pct)}
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for key in data:
        if key not in Rules.__dataclass_fields__:
            errors.append(FieldError(key, "unknown_field"))
    base = asdict(DEFAULT_RULES)
    for key in ("fen_per_point", "referral_points", "birthday_points", "visit_points"):
        lo, hi = RULE_LIMITS[key]
        out[key] = _int_in(data.get(key, base[key]), key, lo, hi, errors, field=key)
    months = data.get("expiry_months", base["expiry_months"])
    if months is not None:
        lo, hi = RULE_LIMITS["expiry_months"]
        months = _int_in(months, "expiry_months", lo, hi, errors, field="expiry_months")
    out["expiry_months"] = months
    codes = [t["code"] for t in list_tiers(db)]
    given = dict(data.get("multipliers_pct") or {})
    fallback = {t["code"]: t["points_multiplier_pct"] for t in list_tiers(db)}
    mult: dict[str, int] = {}
    for code in given:
        if code not in codes:
            errors.append(
                FieldError(
                    f"multipliers_pct.{code}",
                    "choice_invalid",
                    {"value": code, "choices": ", ".join(codes)},
                )
            )
    for code in codes:
        lo, hi = RULE_LIMITS["multiplier_pct"]
        value = given.get(code, fallback.get(code, 100))
        checked = _int_in(value, code, lo, hi, errors, field=f"multipliers_pct.{code}")
        if checked is not None:
            mult[code] = checked
    out["multipliers_pct"] = mult
    if errors:
        raise ValidationError(errors)
    return Rules(**out)


def default_rules(db: sqlite_utils.Database) -> Rules:
    """What the settings page offers when no version exists: DEFAULT_RULES with the
    multipliers of the ``tiers`` table."""
    mult = {t["code"]: int(t["points_multiplier_pct"]) for t in list_tiers(db)}
    return Rules(**{**asdict(DEFAULT_RULES), "multipliers_pct": mult})


def _parse_day(value: object, field: str, errors: list[FieldError]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        errors.append(FieldError(field, "date_invalid", {"value": value}))
        return None


def save_rules(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    rules: Rules | Mapping[str, Any],
    effective_from: dt.date | str,
    note: str | None = None,
    today: dt.date | None = None,
) -> Changes:
    """Save a new rule version in force from ``effective_from`` (not before today while
    the ledger holds entries: ``effective_in_past``). Returns Changes with its id."""
    permissions.require(actor, permissions.RULES)
    today = today or core.today()
    with db.atomic():
        errors: list[FieldError] = []
        try:
            clean = clean_rules(db, rules)
        except ValidationError as exc:
            errors.extend(exc.errors)
            clean = None
        day = _parse_day(effective_from, "effective_from", errors)
        ledger_used = db.execute("SELECT 1 FROM points_ledger LIMIT 1").fetchone() is not None
        if day is not None and day < today and ledger_used:
            errors.append(
                FieldError("effective_from", "effective_in_past", {"today": today.isoformat()})
            )
        text = (note or "").strip() or None
        if text and len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        if errors:
            raise ValidationError(errors)
        assert clean is not None and day is not None
        cur = db.execute(
            "INSERT INTO loyalty_rules (effective_from, rules, created_at, user_id, note) "
            "VALUES (?, ?, ?, ?, ?)",
            [day.isoformat(), clean.to_json(), now(), actor.user_id, text],
        )
        version_id = int(cur.lastrowid or 0)
        audit.record(
            db, actor, "rule_change", "loyalty_rules", version_id, f"from {day}: {clean.to_json()}"
        )
    return Changes.of({"loyalty_rules"}, (), version_id)


def points_for_paid(paid_fen: int, rules: Rules, tier: str | None) -> int:
    """Spend points for a ticket's paid amount (the module docstring's rounding)."""
    if paid_fen <= 0:
        return 0
    return paid_fen * rules.multiplier(tier) // (100 * rules.fen_per_point)


def expiry_for(day: dt.date | str, months: int | None) -> str | None:
    """The last valid day of points earned on ``day``: the end of the month ``months``
    after its month (None: never expire)."""
    if months is None:
        return None
    d = dt.date.fromisoformat(_day(day))
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, _calendar.monthrange(year, month)[1]).isoformat()


def _expiry_sql(at: str, months: int | None) -> str:
    """:func:`expiry_for` in SQL (same dates) for bulk writes."""
    if months is None:
        return "NULL"
    return f"date({at}, 'start of month', '+{int(months) + 1} months', '-1 day')"


# ------------------------------------------------------------------ the ledger

_INSERT = (
    "INSERT INTO points_ledger (member_id, at, delta, reason, ref_type, ref_id, expires_at, "
    "clerk_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _add(
    db: sqlite_utils.Database,
    member_id: int,
    at: str,
    delta: int,
    reason: str,
    *,
    ref_type: str | None = None,
    ref_id: int | None = None,
    expires_at: str | None = None,
    clerk_id: int | None = None,
    note: str | None = None,
) -> int:
    cur = db.execute(
        _INSERT,
        [member_id, at, delta, reason, ref_type, ref_id, expires_at, clerk_id, note, now()],
    )
    return int(cur.lastrowid or 0)


def balance(db: sqlite_utils.Database, member_id: int) -> int:
    """The member's points: the sum of their ledger entries."""
    return int(
        db.execute(
            "SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE member_id = ?", [member_id]
        ).fetchone()[0]
    )


def _member(db: sqlite_utils.Database, member_id: object, errors: list[FieldError]) -> Any:
    row = db.execute(
        "SELECT id, member_no, name, status, tier, referrer_id FROM members WHERE id = ?",
        [member_id],
    ).fetchone()
    if row is None:
        errors.append(FieldError("member_id", "member_missing", {"value": member_id}))
    elif row[3] == "anonymised":
        errors.append(FieldError("member_id", "member_anonymised"))
    return row


# ------------------------------------------------------------------ lots (FIFO)

Entry = tuple[int, str, int, str, int | None, str | None, int | None]
# (id, at, delta, reason, ref_id, expires_at, own lot of a return)

_ENTRIES_SQL = """
SELECT e.member_id, e.id, e.at, e.delta, e.reason, e.ref_id, e.expires_at,
       CASE WHEN e.reason = 'return' AND e.ref_type = 'purchase' THEN
           (SELECT s.id FROM purchases r CROSS JOIN points_ledger s
              ON s.reason = 'spend' AND s.ref_type = 'purchase' AND s.ref_id = r.return_of
            WHERE r.id = e.ref_id) END
FROM points_ledger e {where}
"""


def _replay(entries: Iterable[Entry]) -> list[tuple[int, int, str, str | None]]:
    """The lots left after a member's entries (in ``(at, id)`` order), as ``(lot id,
    remaining, earned at, expires_at)`` — the definition of FIFO consumption.

    A positive entry opens a lot (paying any debt first). A negative entry takes from
    its own lot first — an ``expire`` entry from the lot it expires, a return from the
    returned sale's lot (if still valid on its day) — then from the oldest lots still
    valid on its day, then (only when entries were written out of order) from the
    oldest lots with points left; what nothing covers is a debt the next lots pay. The
    balance never being negative, no debt is left at the end, so a new lot that is the
    member's newest entry simply adds to the lots (what the cache's trigger does)."""
    lots: dict[int, list[Any]] = {}  # id -> [remaining, expires_at, at]; insertion = FIFO
    debt = 0
    for lot_id, at, delta, reason, ref_id, expires_at, own in entries:
        if delta > 0:
            if debt:
                pay = min(debt, delta)
                debt -= pay
                delta -= pay
            lots[lot_id] = [delta, expires_at, at]
            continue
        need = -delta
        day = at[:10]
        first = lots.get(ref_id) if reason == "expire" and ref_id is not None else None
        if first is None and own is not None:
            lot = lots.get(own)
            if lot is not None and (lot[1] is None or lot[1] >= day):
                first = lot
        if first is not None and first[0]:
            take = min(need, first[0])
            first[0] -= take
            need -= take
        for valid_only in (True, False):
            if not need:
                break
            for lot in lots.values():
                if lot[0] and (not valid_only or lot[1] is None or lot[1] >= day):
                    take = min(need, lot[0])
                    lot[0] -= take
                    need -= take
                    if not need:
                        break
        debt += need
    return [(lid, lot[0], lot[2], lot[1]) for lid, lot in lots.items() if lot[0] > 0]


def _ids_json(ids: Iterable[int]) -> str:
    return json.dumps(sorted({int(i) for i in ids}))


def compute_lots(
    db: sqlite_utils.Database, member_ids: Iterable[int] | None = None
) -> dict[int, list[tuple[int, int, str, str | None]]]:
    """Each member's remaining lots replayed from the ledger (nothing written):
    ``{member_id: [(lot id, remaining, earned at, expires_at), …]}``.

    A few members are read through their index; many (or all) by one pass over the
    table, sorted here: an index walk would read the table in random order."""
    ids = None if member_ids is None else sorted({int(i) for i in member_ids})
    if ids is not None and len(ids) <= BULK_MEMBERS:
        cur = db.execute(
            _ENTRIES_SQL.format(where="WHERE e.member_id IN (SELECT value FROM json_each(?))")
            + " ORDER BY e.member_id, e.at, e.id",
            [_ids_json(ids)],
        )
        rows = cur.fetchall()
    else:
        where = "NOT INDEXED" + (
            "" if ids is None else " WHERE e.member_id IN (SELECT value FROM json_each(?))"
        )
        rows = db.execute(
            _ENTRIES_SQL.format(where=where), [] if ids is None else [_ids_json(ids)]
        ).fetchall()
        rows.sort(key=itemgetter(0, 2, 1))
    out: dict[int, list[tuple[int, int, str, str | None]]] = {}
    current: int | None = None
    batch: list[Entry] = []
    for row in rows:
        if row[0] != current:
            if current is not None:
                out[current] = _replay(batch)
            current, batch = row[0], []
        batch.append(row[1:])
    if current is not None:
        out[current] = _replay(batch)
    return out


def rebuild_lots(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> int:
    """Recompute ``points_lots`` of ``member_ids`` (everyone when None) from the ledger;
    returns the number of lots written. Clears their stale marks.

    Members without any negative entry have every earning untouched: their lots are
    copied in one statement; the others are replayed (:func:`_replay`). Many members
    at once: the cache's indexes are rebuilt after, not kept up row by row."""
    ids = None if member_ids is None else sorted({int(i) for i in member_ids})
    if ids is not None and not ids:
        return 0
    big = ids is None or len(ids) > BULK_MEMBERS
    with db.atomic(), _schema_off(db, triggers=False, index_tables=("points_lots",) if big else ()):
        if ids is None:
            where, params = "", []
            db.execute("DELETE FROM points_lots")
            db.execute("DELETE FROM points_lots_stale")
        else:
            where = "AND e.member_id IN (SELECT value FROM json_each(?))"
            params = [_ids_json(ids)]
            for table in ("points_lots", "points_lots_stale"):
                db.execute(
                    f"DELETE FROM {table} WHERE member_id IN (SELECT value FROM json_each(?))",
                    params,
                )
        complex_ids = [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT e.member_id FROM points_ledger e WHERE e.delta < 0 {where}",
                params,
            )
        ]
        n = db.execute(
            "INSERT OR REPLACE INTO points_lots (lot_id, member_id, earned_at, expires_at, "
            "remaining) SELECT e.id, e.member_id, e.at, e.expires_at, e.delta "
            f"FROM points_ledger e WHERE e.delta > 0 {where} AND e.member_id NOT IN "
            "(SELECT value FROM json_each(?))",
            [*params, _ids_json(complex_ids)],
        ).rowcount
        rows = sorted(
            (lot_id, mid, earned, expires, remaining)
            for mid, member_lots in (compute_lots(db, complex_ids) if complex_ids else {}).items()
            for lot_id, remaining, earned, expires in member_lots
        )
        db.conn.executemany(
            "INSERT OR REPLACE INTO points_lots (lot_id, member_id, earned_at, expires_at, "
            "remaining) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    return n + len(rows)


_LOT_TRIGGERS = ("points_lots_earn", "points_lots_expire", "points_lots_other")


@contextlib.contextmanager
def _schema_off(
    db: sqlite_utils.Database, *, triggers: bool = True, index_tables: Sequence[str] = ()
) -> Iterator[None]:
    """For bulk writes inside the caller's transaction: the cache's insert triggers
    and the secondary indexes of ``index_tables`` are dropped and put back exactly as
    they were — their SQL read from the schema — before the transaction ends (a unique
    index put back over duplicates fails the transaction). Without the triggers the
    caller brings ``points_lots`` up to date itself (marking the members it wrote stale).
    Row by row, trigger and index upkeep cost minutes for a store's history."""
    names = list(_LOT_TRIGGERS) if triggers else []
    if not names and not index_tables:
        yield
        return
    assert db.conn.in_transaction, "only inside a transaction"
    saved = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE (type = 'trigger' AND name IN "
        "(SELECT value FROM json_each(?))) OR (type = 'index' AND sql IS NOT NULL AND "
        "tbl_name IN (SELECT value FROM json_each(?)))",
        [json.dumps(names), json.dumps(list(index_tables))],
    ).fetchall()
    for kind, name, _sql in saved:
        db.execute(f"DROP {kind.upper()} {name}")
    try:
        yield
    finally:
        if db.conn.in_transaction:  # else the rollback has already put them back
            for _kind, _name, sql in saved:
                db.execute(sql)


def refresh_stale(db: sqlite_utils.Database, member_ids: Iterable[int] | None = None) -> int:
    """Rebuild the lots of members marked stale (only those of ``member_ids`` when
    given); returns how many members were rebuilt."""
    if member_ids is None:
        stale = [r[0] for r in db.execute("SELECT member_id FROM points_lots_stale")]
    else:
        stale = [
            r[0]
            for r in db.execute(
                "SELECT member_id FROM points_lots_stale "
                "WHERE member_id IN (SELECT value FROM json_each(?))",
                [_ids_json(member_ids)],
            )
        ]
    if stale:
        rebuild_lots(db, stale)
    return len(stale)


def lots_mismatches(db: sqlite_utils.Database) -> list[int]:
    """Members whose cached lots differ from a replay of their ledger (stale members
    included); [] when the cache is right."""
    fresh = {
        mid: sorted((lid, rem, exp) for lid, rem, _at, exp in lots)
        for mid, lots in compute_lots(db).items()
        if lots
    }
    cache: dict[int, list[tuple]] = {}
    for lid, mid, rem, exp in db.execute(
        "SELECT lot_id, member_id, remaining, expires_at FROM points_lots ORDER BY lot_id"
    ):
        cache.setdefault(mid, []).append((lid, rem, exp))
    bad = {m for m in set(fresh) | set(cache) if fresh.get(m) != cache.get(m)}
    bad |= {r[0] for r in db.execute("SELECT member_id FROM points_lots_stale")}
    return sorted(bad)


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat() + "T00:00:00"


def _settle(db: sqlite_utils.Database, member_id: int, day: str) -> int:
    """Expire the member's lots whose last valid day is before ``day`` (the same entries
    the expiry job would write); returns the points expired."""
    refresh_stale(db, [member_id])
    rows = db.execute(
        "SELECT lot_id, remaining, expires_at, earned_at FROM points_lots "
        "WHERE member_id = ? AND expires_at < ? ORDER BY expires_at, lot_id",
        [member_id, day],
    ).fetchall()
    if not rows:
        return 0
    left = balance(db, member_id)
    total = 0
    for lot_id, remaining, expires, earned in rows:
        take = min(remaining, left)
        if take <= 0:
            break
        _add(
            db,
            member_id,
            max(_next_day(expires), earned),  # never before the lot itself
            -take,
            "expire",
            ref_type="points_ledger",
            ref_id=lot_id,
        )
        left -= take
        total += take
    refresh_stale(db, [member_id])
    return total


# ------------------------------------------------------------------ actions


def _stamp(at: object, errors: list[FieldError]) -> str | None:
    return core.parse_at(at, field="at", errors=errors)


def _points_arg(
    value: object, errors: list[FieldError], *, positive: bool, field: str = "points"
) -> int | None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value == 0
        or abs(value) > MAX_POINTS
        or (positive and value < 0)
    ):
        errors.append(
            FieldError(field, "points_positive" if positive else "points_invalid", {"value": value})
        )
        return None
    return value


def record_visit(
    db: sqlite_utils.Database, *, actor: Actor, member_id: int, at: object = None
) -> Changes:
    """Award visit points (no purchase needed), at most once per member per day. A
    second visit the same day, or rules with no visit points, write nothing (empty
    Changes). Refused while the programme has not started (``loyalty_not_started``)."""
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        stamp = _stamp(at, errors)
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and member is not None
        day = stamp[:10]
        rules = rules_at(db, day)
        if rules is None:
            raise ValidationError([FieldError("member_id", "loyalty_not_started")])
        if rules.visit_points <= 0 or visit_awarded(db, member_id, day):
            return Changes()
        _add(
            db,
            member_id,
            stamp,
            rules.visit_points,
            "visit",
            ref_type="member",
            ref_id=member_id,
            expires_at=expiry_for(day, rules.expiry_months),
            clerk_id=actor.user_id,
        )
        refresh_stale(db, [member_id])
        audit.record(
            db, actor, "points_visit", "member", member_id, f"{member[1]}: +{rules.visit_points}"
        )
    return Changes.of({"points_ledger"}, {member_id})


def visit_awarded(db: sqlite_utils.Database, member_id: int, day: dt.date | str) -> bool:
    """Whether the member already has visit points on ``day``."""
    d = _day(day)
    return (
        db.execute(
            "SELECT 1 FROM points_ledger WHERE member_id = ? AND at >= ? AND at < ? "
            "AND reason = 'visit' LIMIT 1",
            [member_id, d, _next_day(d)],
        ).fetchone()
        is not None
    )


def redeem(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    reward_id: int,
    at: object = None,
    note: str | None = None,
) -> Changes:
    """Redeem a reward: a ``redeem`` entry of its cost and a ``redemptions`` row, after
    expiring what is due. Refused atomically (nothing written) when the balance is
    short (``points_short`` with ``cost``, ``balance``, ``short``) or the reward is
    unknown or inactive. Returns Changes with the redemption's id."""
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        reward = db.execute(
            "SELECT id, name, cost_points, active FROM rewards WHERE id = ?", [reward_id]
        ).fetchone()
        if reward is None:
            errors.append(FieldError("reward_id", "reward_missing"))
        elif not reward[3]:
            errors.append(FieldError("reward_id", "reward_inactive", {"name": reward[1]}))
        stamp = _stamp(at, errors)
        text = (note or "").strip() or None
        if text and len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and member is not None and reward is not None
        _settle(db, member_id, stamp[:10])
        have = balance(db, member_id)
        cost = int(reward[2])
        if have < cost:
            raise ValidationError(
                [
                    FieldError(
                        "reward_id",
                        "points_short",
                        {"cost": cost, "balance": have, "short": cost - have},
                    )
                ]
            )
        ledger_id = _add(
            db,
            member_id,
            stamp,
            -cost,
            "redeem",
            ref_type="reward",
            ref_id=reward_id,
            clerk_id=actor.user_id,
            note=text,
        )
        cur = db.execute(
            "INSERT INTO redemptions (member_id, reward_id, at, points, ledger_id, clerk_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [member_id, reward_id, stamp, cost, ledger_id, actor.user_id, text],
        )
        redemption_id = int(cur.lastrowid or 0)
        refresh_stale(db, [member_id])
        audit.record(
            db,
            actor,
            "points_redeem",
            "member",
            member_id,
            f"{member[1]}: {reward[1]} −{cost}",
        )
    return Changes.of({"points_ledger", "redemptions"}, {member_id}, redemption_id)


def adjust_points(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    points: int,
    note: str,
    at: object = None,
) -> Changes:
    """Add (points > 0) or remove (points < 0) points by hand, with a written reason
    (``note``, required: ``adjust_reason_required``). Owner or manager only. A removal
    beyond the balance is refused (``points_short``). Added points expire by the rules
    in force (never, before the programme started)."""
    permissions.require(actor, permissions.ADJUST_POINTS)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        amount = _points_arg(points, errors, positive=False)
        text = (note or "").strip() if isinstance(note, str) else ""
        if not text:
            errors.append(FieldError("note", "adjust_reason_required"))
        elif len(text) > NOTE_MAX:
            errors.append(FieldError("note", "too_long", {"max": NOTE_MAX}))
        stamp = _stamp(at, errors)
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and amount is not None and member is not None
        day = stamp[:10]
        expires = None
        if amount < 0:
            _settle(db, member_id, day)
            have = balance(db, member_id)
            if have + amount < 0:
                raise ValidationError(
                    [
                        FieldError(
                            "points",
                            "points_short",
                            {"cost": -amount, "balance": have, "short": -amount - have},
                        )
                    ]
                )
        else:
            rules = rules_at(db, day)
            expires = expiry_for(day, rules.expiry_months) if rules else None
        entry = _add(
            db,
            member_id,
            stamp,
            amount,
            "adjust",
            expires_at=expires,
            clerk_id=actor.user_id,
            note=text,
        )
        refresh_stale(db, [member_id])
        audit.record(
            db, actor, "points_adjust", "member", member_id, f"{member[1]}: {amount:+d} {text}"
        )
    return Changes.of({"points_ledger"}, {member_id}, entry)


def add_opening_balance(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    points: int,
    at: object,
    expires_at: object = None,
    ref: str = "opening",
    note: str | None = None,
) -> Changes:
    """Carry a balance over from an earlier system (what the Excel import writes).

    Idempotent on ``ref`` per member: a second call with the same ``ref`` writes nothing
    (empty Changes) — so ``ref`` should name the *source* (default ``"opening"``: one
    opening balance per member), not the file, and re-importing never double counts.
    ``expires_at`` is the last valid day (None: by the rules in force on ``at``'s date,
    never before the programme started); a date already past expires at once."""
    permissions.require(actor, permissions.ADJUST_POINTS)
    with db.atomic():
        errors: list[FieldError] = []
        member = _member(db, member_id, errors)
        amount = _points_arg(points, errors, positive=True)
        stamp = _stamp(at, errors)
        source = str(ref or "").strip()
        if not source:
            errors.append(FieldError("ref", "required"))
        elif len(source) > 80:
            errors.append(FieldError("ref", "too_long", {"max": 80}))
        expires: str | None = None
        if expires_at not in (None, ""):
            d = _parse_day(expires_at, "expires_at", errors)
            expires = d.isoformat() if d else None
            if expires and stamp and expires < stamp[:10]:
                errors.append(FieldError("expires_at", "expires_before_earned", {"at": stamp[:10]}))
        if errors:
            raise ValidationError(errors)
        assert stamp is not None and amount is not None and member is not None
        if db.execute(
            "SELECT 1 FROM points_ledger WHERE reason = 'opening' AND ref_type = ? AND ref_id = ?",
            [source, member_id],
        ).fetchone():
            return Changes()
        if expires is None:
            rules = rules_at(db, stamp[:10])
            expires = expiry_for(stamp[:10], rules.expiry_months) if rules else None
        entry = _add(
            db,
            member_id,
            stamp,
            amount,
            "opening",
            ref_type=source,
            ref_id=member_id,
            expires_at=expires,
            clerk_id=actor.user_id,
            note=(note or "").strip()[:NOTE_MAX] or None,
        )
        refresh_stale(db, [member_id])
        _settle(db, member_id, core.today().isoformat())
        audit.record(db, actor, "points_opening", "member", member_id, f"{member[1]}: +{amount}")
    return Changes.of({"points_ledger"}, {member_id}, entry)


# ------------------------------------------------------------------ the purchase hook


def award_for_purchase(db: sqlite_utils.Database, event: purchases.PurchaseEvent) -> set[str]:
    """``app.purchases.LOYALTY_HOOKS`` entry: spend and referral points and the tier
    upgrade for a sale, the proportional clawback for a return. Runs inside the sale's
    transaction; returns the tables written."""
    if event.kind == "sale":
        return _on_sale(db, event)
    if event.kind == "return":
        return _on_return(db, event)
    return set()


def _on_sale(db: sqlite_utils.Database, event: purchases.PurchaseEvent) -> set[str]:
    tables: set[str] = set()
    day = event.at[:10]
    rules = rules_at(db, day)
    touched = [event.member_id]
    if rules is not None:
        row = db.execute(
            "SELECT tier, referrer_id FROM members WHERE id = ?", [event.member_id]
        ).fetchone()
        tier, referrer = (row[0], row[1]) if row else (None, None)
        pts = points_for_paid(event.paid_fen, rules, tier)
        if (
            pts > 0
            and not db.execute(
                "SELECT 1 FROM points_ledger WHERE reason = 'spend' AND ref_type = 'purchase' "
                "AND ref_id = ?",
                [event.purchase_id],
            ).fetchone()
        ):
            _add(
                db,
                event.member_id,
                event.at,
                pts,
                "spend",
                ref_type="purchase",
                ref_id=event.purchase_id,
                expires_at=expiry_for(day, rules.expiry_months),
                clerk_id=event.clerk_id,
            )
            tables.add("points_ledger")
        if (
            referrer is not None
            and rules.referral_points > 0
            and _pay_referral(db, event, referrer, rules)
        ):
            tables.add("points_ledger")
            touched.append(referrer)
    if tables:
        refresh_stale(db, touched)
    today = core.today()
    if rules_at(db, today) is not None:
        tables |= _apply_tiers(db, event.actor, today, [event.member_id], review=False).tables
    return tables


def _pay_referral(
    db: sqlite_utils.Database, event: purchases.PurchaseEvent, referrer: int, rules: Rules
) -> bool:
    if db.execute(
        "SELECT 1 FROM purchases WHERE member_id = ? AND return_of IS NULL AND id <> ? LIMIT 1",
        [event.member_id, event.purchase_id],
    ).fetchone():
        return False  # not the first sale
    if db.execute(
        "SELECT 1 FROM points_ledger WHERE reason = 'referral' AND ref_type = 'member' "
        "AND ref_id = ?",
        [event.member_id],
    ).fetchone():
        return False
    ref = db.execute("SELECT status FROM members WHERE id = ?", [referrer]).fetchone()
    if ref is None or ref[0] == "anonymised":
        return False
    _add(
        db,
        referrer,
        event.at,
        rules.referral_points,
        "referral",
        ref_type="member",
        ref_id=event.member_id,
        expires_at=expiry_for(event.at[:10], rules.expiry_months),
        clerk_id=event.clerk_id,
    )
    return True


def _clawback_wanted(db: sqlite_utils.Database, sale_id: int) -> tuple[int | None, int]:
    """``(spend entry id, points still to take back)`` for the returns of a sale so far."""
    spend = db.execute(
        "SELECT id, delta FROM points_ledger WHERE reason = 'spend' AND ref_type = 'purchase' "
        "AND ref_id = ?",
        [sale_id],
    ).fetchone()
    if spend is None:
        return None, 0
    award = int(spend[1])
    paid = int(db.execute("SELECT paid_fen FROM purchases WHERE id = ?", [sale_id]).fetchone()[0])
    refunded = -int(
        db.execute(
            "SELECT COALESCE(SUM(paid_fen), 0) FROM purchases WHERE return_of = ?", [sale_id]
        ).fetchone()[0]
    )
    target = award if paid <= 0 else award * min(refunded, paid) // paid
    taken = -int(
        db.execute(
            "SELECT COALESCE(SUM(e.delta), 0) FROM purchases r CROSS JOIN points_ledger e "
            "ON e.reason = 'return' AND e.ref_type = 'purchase' AND e.ref_id = r.id "
            "WHERE r.return_of = ?",
            [sale_id],
        ).fetchone()[0]
    )
    return int(spend[0]), max(0, target - taken)


def _on_return(db: sqlite_utils.Database, event: purchases.PurchaseEvent) -> set[str]:
    if event.return_of is None:
        return set()
    spend_id, wanted = _clawback_wanted(db, event.return_of)
    if spend_id is None or wanted <= 0:
        return set()
    _settle(db, event.member_id, event.at[:10])
    have = balance(db, event.member_id)
    take = min(wanted, have)
    if take <= 0:
        return set()
    note = f"spend #{spend_id}" + (f"; shortfall={wanted - take}" if take < wanted else "")
    _add(
        db,
        event.member_id,
        event.at,
        -take,
        "return",
        ref_type="purchase",
        ref_id=event.purchase_id,
        clerk_id=event.clerk_id,
        note=note,
    )
    refresh_stale(db, [event.member_id])
    return {"points_ledger"}


def register() -> None:
    """Put :func:`award_for_purchase` on ``app.purchases.LOYALTY_HOOKS`` (once)."""
    if award_for_purchase not in purchases.LOYALTY_HOOKS:
        purchases.LOYALTY_HOOKS.append(award_for_purchase)


# ------------------------------------------------------------------ jobs


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
                f"{lots} lots, {points} points, {len(changed)} members, before {today}",
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
            db, actor, "points_birthday", "points_ledger", None, f"{len(done)} members, {today}"
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


def _set_setting(db: sqlite_utils.Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )


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
            db, actor, "points_backfill", "points_ledger", None, f"{n} entries, net {pts} points"
        )
    return Changes.of({"points_ledger"} if n else set())


# ------------------------------------------------------------------ tiers


def list_tiers(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The tiers, lowest first: ``code, name_zh, name_en, rank, min_spend_fen,
    points_multiplier_pct``."""
    cols = ("code", "name_zh", "name_en", "rank", "min_spend_fen", "points_multiplier_pct")
    return [
        dict(zip(cols, r, strict=True))
        for r in db.execute(f"SELECT {', '.join(cols)} FROM tiers ORDER BY rank")
    ]


def tier_for_spend(spend_fen: int, tiers: Sequence[Mapping[str, Any]]) -> str:
    """The highest tier whose threshold ``spend_fen`` reaches (the lowest tier when
    none does)."""
    return _tier_picker(tiers)(spend_fen)


def _tier_picker(tiers: Sequence[Mapping[str, Any]]) -> Callable[[int], str]:
    ordered = sorted(tiers, key=lambda t: t["rank"])
    steps = [(int(t["min_spend_fen"]), str(t["code"])) for t in ordered[1:]]
    lowest = str(ordered[0]["code"])

    def pick(spend_fen: int) -> str:
        best = lowest
        for threshold, code in steps:
            if spend_fen >= threshold:
                best = code
        return best

    return pick


def review_start(db: sqlite_utils.Database, today: dt.date) -> dt.date:
    """The latest yearly review date on or before ``today``."""
    month, day = _review_md(settings.get(db, "loyalty_tier_review_date"))
    for year in (today.year, today.year - 1):
        d = dt.date(year, month, min(day, _calendar.monthrange(year, month)[1]))
        if d <= today:
            return d
    raise AssertionError("unreachable")


def _review_md(text: object) -> tuple[int, int]:
    try:
        month, day = (int(x) for x in str(text).strip().split("-"))
        dt.date(2000, month, day)  # a leap year: 02-29 allowed (the 28th in other years)
        return month, day
    except (ValueError, TypeError):
        return 1, 1


# Per member over [R − 366 days, today]: the base (spend before R) and an upper bound of
# any S_p (the sales alone: returns only lower a window's sum).
_TIER_BOUNDS_SQL = """
SELECT member_id, SUM(CASE WHEN at < :r THEN paid_fen ELSE 0 END),
       SUM(CASE WHEN paid_fen > 0 THEN paid_fen ELSE 0 END)
FROM purchases INDEXED BY idx_purchases_member_at
WHERE at >= :b_lo AND at < :t1 {and_member} GROUP BY member_id
"""
# Each candidate's purchases over [R − 366 days, today], in (at, id) order.
_TIER_ROWS_SQL = """
SELECT member_id, CAST(julianday(substr(at, 1, 10)) AS INTEGER), id, paid_fen, at >= :r
FROM purchases INDEXED BY idx_purchases_member_at
WHERE member_id IN (SELECT value FROM json_each(:ids)) AND at >= :b_lo AND at < :t1
ORDER BY member_id, at
"""  # day numbers (julian), and whether the sale is dated from the review date R


def _best_instants(rows: Sequence[tuple[int, int, int, int, int]]) -> dict[int, int]:
    """The best S_p per member among sales dated from R: the member's net paid dated in
    [day − 365, day] and recorded up to that sale (id <= p.id). ``rows``: purchases
    ``(member_id, day number, id, paid_fen, dated from R)``.

    In numpy: rows sorted by (member, day, id), one prefix sum, each sale's window start
    by a binary search — exact whenever a member's ids follow their dates (sales entered
    as they happen). The few members with a sale entered later than a later-dated one
    (back-dated entries, imports) are done one by one (:func:`_best_instants_slow`),
    where "recorded up to that sale" needs the per-sale filter."""
    if not rows:
        return {}
    a = np.asarray(rows, dtype=np.int64)
    a = a[np.lexsort((a[:, 2], a[:, 1], a[:, 0]))]
    member, day, pid, paid, from_r = a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4]
    same = member[1:] == member[:-1]
    odd = np.unique(member[1:][same & (pid[1:] < pid[:-1])])
    span = int(day.max() - day.min()) + 1000  # keeps each member's keys apart
    key = member * span + (day - day.min())
    lo = np.searchsorted(key, key - 365, side="left")
    prefix = np.concatenate(([0], np.cumsum(paid)))
    window = prefix[1:] - prefix[lo]  # rows lo..i: dated in [day − 365, day], ids <= p
    ok = (paid > 0) & (from_r != 0)
    if len(odd):
        ok &= ~np.isin(member, odd)
    best: dict[int, int] = {}
    if ok.any():
        ids, inv = np.unique(member[ok], return_inverse=True)
        top = np.full(len(ids), np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(top, inv, window[ok])
        best = dict(zip(ids.tolist(), top.tolist(), strict=True))
    if len(odd):
        sel = np.isin(member, odd)
        best.update(_best_instants_slow(a[sel].tolist()))
    return best


def _best_instants_slow(rows: Sequence[Sequence[int]]) -> dict[int, int]:
    """:func:`_best_instants` member by member, for rows sorted by (member, day, id)."""
    best: dict[int, int] = {}
    start = 0
    n = len(rows)
    while start < n:
        mid = rows[start][0]
        end = start
        while end < n and rows[end][0] == mid:
            end += 1
        member = rows[start:end]
        start = end
        lo = hi = 0
        top: int | None = None
        for i, (_m, day, pid, paid, from_r) in enumerate(member):
            if paid <= 0 or not from_r:
                continue
            while member[lo][1] < day - 365:
                lo += 1
            hi = max(hi, i)
            while hi + 1 < len(member) and member[hi + 1][1] == day:
                hi += 1
            total = sum(member[j][3] for j in range(lo, hi + 1) if member[j][2] <= pid)
            if top is None or total > top:
                top = total
        if top is not None:
            best[mid] = top
    return best


def tier_spend(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    member_ids: Iterable[int] | None = None,
    floor: Mapping[int, str] | None = None,
) -> dict[int, int]:
    """A spend that gives each member's expected tier (the module docstring's formula):
    ``{member_id: fen}``; members with no purchase in the windows are absent.

    Exact where it matters: the per-sale sums are computed only for members whose
    upper bound (their sales in the whole span) reaches a higher tier than their base
    does — and, given ``floor`` (the tiers held), higher than the one they hold; for
    the others the base is returned (for ``floor`` members: only "not above it")."""
    tiers = list_tiers(db)
    rank = {t["code"]: t["rank"] for t in tiers}
    pick = _tier_picker(tiers)
    floor = floor or {}
    r = review_start(db, today)
    params: dict[str, Any] = {
        "b_lo": (r - dt.timedelta(days=366)).isoformat(),
        "r": r.isoformat(),
        "t1": (today + dt.timedelta(days=1)).isoformat(),
    }
    and_member = ""
    if member_ids is not None:
        params["ids"] = _ids_json(member_ids)
        and_member = "AND member_id IN (SELECT value FROM json_each(:ids))"
    out: dict[int, int] = {}
    maybe: list[int] = []
    for mid, base, upper in db.execute(_TIER_BOUNDS_SQL.format(and_member=and_member), params):
        out[mid] = int(base or 0)
        top = rank[pick(int(upper or 0))]
        if top > rank[pick(out[mid])] and top > rank.get(floor.get(mid), -1):
            maybe.append(mid)
    if maybe:
        params["ids"] = _ids_json(maybe)
        rows = db.execute(_TIER_ROWS_SQL, params).fetchall()
        for mid, best in _best_instants(rows).items():
            if best > out[mid]:
                out[mid] = best
    return out


def expected_tiers(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    member_ids: Iterable[int] | None = None,
    floor: Mapping[int, str] | None = None,
) -> dict[int, str]:
    """Each (non-anonymised) member's tier recomputed from the facts (with ``floor``,
    members whose tier cannot rise above it may get a lower answer: upgrades only)."""
    tiers = list_tiers(db)
    lowest = tier_for_spend(0, tiers)
    spend = tier_spend(db, today=today, member_ids=member_ids, floor=floor)
    if member_ids is None:
        ids = [r[0] for r in db.execute("SELECT id FROM members WHERE status <> 'anonymised'")]
    else:
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM members WHERE status <> 'anonymised' "
                "AND id IN (SELECT value FROM json_each(?))",
                [_ids_json(member_ids)],
            )
        ]
    cache: dict[int, str] = {}
    out = {}
    for mid in ids:
        s = spend.get(mid)
        if s is None:
            out[mid] = lowest
        else:
            if s not in cache:
                cache[s] = tier_for_spend(s, tiers)
            out[mid] = cache[s]
    return out


def tier_mismatches(db: sqlite_utils.Database, *, today: dt.date) -> list[int]:
    """Members whose stored tier differs from :func:`expected_tiers` (after the year's
    review has run, [] when everything is right)."""
    expected = expected_tiers(db, today=today)
    stored = dict(db.execute("SELECT id, tier FROM members WHERE status <> 'anonymised'"))
    return sorted(m for m, t in expected.items() if stored.get(m) != t)


def _apply_tiers(
    db: sqlite_utils.Database,
    actor: Actor,
    today: dt.date,
    member_ids: Iterable[int] | None,
    *,
    review: bool,
) -> Changes:
    tiers = list_tiers(db)
    rank = {t["code"]: t["rank"] for t in tiers}
    if member_ids is None:
        stored = dict(db.execute("SELECT id, tier FROM members WHERE status <> 'anonymised'"))
    else:
        stored = dict(
            db.execute(
                "SELECT id, tier FROM members WHERE id IN (SELECT value FROM json_each(?))",
                [_ids_json(member_ids)],
            )
        )
    expected = expected_tiers(
        db, today=today, member_ids=member_ids, floor=None if review else stored
    )
    if not expected:
        return Changes()
    stamp = now()
    updates, history = [], []
    for mid, exp in expected.items():
        cur = stored.get(mid)
        new = exp if review or rank.get(exp, -1) > rank.get(cur, -1) else cur
        if new != cur:
            why = "upgrade" if rank.get(new, -1) > rank.get(cur, -1) else "review"
            updates.append((new, stamp, mid))
            history.append((mid, stamp, cur, new, why))
    if not updates:
        return Changes()
    db.conn.executemany("UPDATE members SET tier = ?, updated_at = ? WHERE id = ?", updates)
    db.conn.executemany(
        "INSERT INTO tier_history (member_id, at, from_tier, to_tier, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        history,
    )
    if member_ids is None or len(updates) > 1:
        summary = f"{len(updates)} members" + (" (yearly review)" if review else "")
    else:
        summary = f"{history[0][2]} → {history[0][3]}"
    audit.record(
        db,
        actor,
        "tier_change",
        "member" if len(updates) == 1 else "members",
        updates[0][2] if len(updates) == 1 else None,
        summary,
    )
    return Changes.of({"members", "tier_history"}, [u[2] for u in updates])


def recompute_tiers(
    db: sqlite_utils.Database, *, actor: Actor, today: dt.date, review: bool = False
) -> Changes:
    """Recompute every member's tier from the facts: upgrades at once; with ``review``
    on or after the yearly review date (once per review date, setting
    ``loyalty_tier_last_review``) downgrades too, so the stored tier equals the
    recomputation. Writes ``tier_history`` for each change."""
    with db.atomic():
        r = review_start(db, today)
        last = settings.get(db, "loyalty_tier_last_review")
        due = review and (last is None or str(last) < r.isoformat())
        changes = _apply_tiers(db, actor, today, None, review=due)
        if due:
            _set_setting(db, "loyalty_tier_last_review", r.isoformat())
    return changes


def save_tiers(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    tiers: Sequence[Mapping[str, Any]],
    review_date: str | None = None,
) -> Changes:
    """Change tiers' names and thresholds (``code, name_zh, name_en, min_spend_fen``;
    codes and order stay) and the yearly review date (``MM-DD``). Thresholds must rise
    with the rank, the lowest tier's is 0. Members move at the next recomputation
    (upgrades at once, downgrades at the review)."""
    permissions.require(actor, permissions.RULES)
    with db.atomic():
        current = {t["code"]: t for t in list_tiers(db)}
        errors: list[FieldError] = []
        rows = []
        for i, t in enumerate(tiers):
            f = f"tiers[{i}]"
            code = t.get("code")
            if code not in current:
                errors.append(
                    FieldError(
                        f"{f}.code",
                        "choice_invalid",
                        {"value": code, "choices": ", ".join(current)},
                    )
                )
                continue
            row = dict(current[code])
            for key in ("name_zh", "name_en"):
                if key in t:
                    text = str(t[key] or "").strip()
                    if not text:
                        errors.append(FieldError(f"{f}.{key}", "required"))
                    elif len(text) > 20:
                        errors.append(FieldError(f"{f}.{key}", "too_long", {"max": 20}))
                    row[key] = text
            if "min_spend_fen" in t:
                v = t["min_spend_fen"]
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    errors.append(FieldError(f"{f}.min_spend_fen", "amount_invalid", {"value": v}))
                else:
                    row["min_spend_fen"] = v
            rows.append(row)
        merged = {**current, **{r["code"]: r for r in rows}}
        ordered = sorted(merged.values(), key=lambda t: t["rank"])
        if ordered and ordered[0]["min_spend_fen"] != 0:
            errors.append(FieldError("tiers[0].min_spend_fen", "tier_lowest_not_zero"))
        for lower, upper in itertools.pairwise(ordered):
            if upper["min_spend_fen"] <= lower["min_spend_fen"]:
                errors.append(
                    FieldError(
                        f"tiers.{upper['code']}.min_spend_fen",
                        "tier_threshold_order",
                        {"tier": upper["name_zh"], "lower": lower["name_zh"]},
                    )
                )
        if review_date is not None:
            text = str(review_date).strip()
            try:
                m, d = (int(x) for x in text.split("-"))
                dt.date(2000, m, d)
                review_date = f"{m:02d}-{d:02d}"
            except (ValueError, TypeError):
                errors.append(FieldError("review_date", "review_date_invalid", {"value": text}))
        if errors:
            raise ValidationError(errors)
        db.conn.executemany(
            "UPDATE tiers SET name_zh = ?, name_en = ?, min_spend_fen = ? WHERE code = ?",
            [(r["name_zh"], r["name_en"], r["min_spend_fen"], r["code"]) for r in rows],
        )
        tables = {"tiers"}
        if review_date is not None:
            _set_setting(db, "loyalty_tier_review_date", review_date)
            tables.add("settings")
        audit.record(
            db,
            actor,
            "rule_change",
            "tiers",
            None,
            "; ".join(f"{r['code']} {r['name_zh']} ≥{r['min_spend_fen']}" for r in rows)
            + (f"; review {review_date}" if review_date else ""),
        )
    return Changes.of(tables)


# ------------------------------------------------------------------ rewards

_REWARD_COLS = ("id", "name", "kind", "cost_points", "value_fen", "active")


def list_rewards(db: sqlite_utils.Database, *, active_only: bool = False) -> list[dict[str, Any]]:
    """The catalogue, cheapest first, each with ``redeemed`` (times redeemed)."""
    where = "WHERE w.active = 1" if active_only else ""
    cur = db.execute(
        f"SELECT {', '.join('w.' + c for c in _REWARD_COLS)}, "
        "(SELECT COUNT(*) FROM redemptions r WHERE r.reward_id = w.id) "
        f"FROM rewards w {where} ORDER BY w.active DESC, w.cost_points, w.id"
    )
    return [{**dict(zip(_REWARD_COLS, r[:6], strict=True)), "redeemed": r[6]} for r in cur]


def save_reward(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    data: Mapping[str, Any],
    reward_id: int | None = None,
) -> Changes:
    """Add a reward (``reward_id`` None) or change one: ``name, kind (coupon, gift,
    voucher), cost_points, value_fen, active``. Rewards are never deleted (redemptions
    refer to them): deactivate instead. Returns Changes with the id."""
    permissions.require(actor, permissions.RULES)
    with db.atomic():
        errors: list[FieldError] = []
        old: dict[str, Any] = {}
        if reward_id is not None:
            row = db.execute(
                f"SELECT {', '.join(_REWARD_COLS)} FROM rewards WHERE id = ?", [reward_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"reward {reward_id} does not exist")
            old = dict(zip(_REWARD_COLS, row, strict=True))
        for key in data:
            if key not in _REWARD_COLS[1:]:
                errors.append(FieldError(key, "unknown_field"))
        merged = {**{"kind": "coupon", "value_fen": 0, "active": True}, **old, **data}
        name = str(merged.get("name") or "").strip()
        if not name:
            errors.append(FieldError("name", "required"))
        elif len(name) > 40:
            errors.append(FieldError("name", "too_long", {"max": 40}))
        if merged["kind"] not in REWARD_KINDS:
            errors.append(
                FieldError(
                    "kind",
                    "choice_invalid",
                    {"value": merged["kind"], "choices": ", ".join(REWARD_KINDS)},
                )
            )
        _points_arg(merged.get("cost_points"), errors, positive=True, field="cost_points")
        value = merged.get("value_fen")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.append(FieldError("value_fen", "amount_invalid", {"value": value}))
        if errors:
            raise ValidationError(errors)
        values = [name, merged["kind"], merged["cost_points"], value, int(bool(merged["active"]))]
        if reward_id is None:
            cur = db.execute(
                "INSERT INTO rewards (name, kind, cost_points, value_fen, active) "
                "VALUES (?, ?, ?, ?, ?)",
                values,
            )
            reward_id = int(cur.lastrowid or 0)
        else:
            db.execute(
                "UPDATE rewards SET name = ?, kind = ?, cost_points = ?, value_fen = ?, active = ? "
                "WHERE id = ?",
                [*values, reward_id],
            )
        audit.record(
            db,
            actor,
            "rule_change",
            "reward",
            reward_id,
            f"{name} {merged['kind']} {merged['cost_points']} points"
            + ("" if merged["active"] else " (inactive)"),
        )
    return Changes.of({"rewards"}, (), reward_id)


# ------------------------------------------------------------------ reading

LEDGER_COLUMNS = (
    "id",
    "at",
    "delta",
    "reason",
    "ref_type",
    "ref_id",
    "expires_at",
    "clerk_id",
    "clerk_name",
    "note",
    "ref_label",
    "balance_after",
)


def ledger(db: sqlite_utils.Database, member_id: int) -> list[dict[str, Any]]:
    """The member's entries, newest first, each with ``clerk_name``, ``ref_label`` (the
    ticket number, reward name, referred member, or the day an expired lot was earned)
    and ``balance_after``."""
    rows = db.execute(
        """
        SELECT e.id, e.at, e.delta, e.reason, e.ref_type, e.ref_id, e.expires_at, e.clerk_id,
               u.display_name, e.note,
               CASE e.ref_type
                   WHEN 'purchase' THEN (SELECT COALESCE(p.ticket_no, '#' || p.id)
                                         FROM purchases p WHERE p.id = e.ref_id)
                   WHEN 'reward' THEN (SELECT w.name FROM rewards w WHERE w.id = e.ref_id)
                   WHEN 'member' THEN (SELECT m.member_no || ' ' || m.name FROM members m
                                       WHERE m.id = e.ref_id AND e.reason = 'referral')
                   WHEN 'points_ledger' THEN (SELECT substr(l.at, 1, 10) FROM points_ledger l
                                              WHERE l.id = e.ref_id)
                   ELSE CASE WHEN e.reason = 'opening' THEN e.ref_type END
               END
        FROM points_ledger e LEFT JOIN users u ON u.id = e.clerk_id
        WHERE e.member_id = ? ORDER BY e.at, e.id
        """,
        [member_id],
    ).fetchall()
    out = []
    running = 0
    for r in rows:
        running += r[2]
        out.append(dict(zip(LEDGER_COLUMNS, (*r, running), strict=True)))
    out.reverse()
    return out


def member_points(
    db: sqlite_utils.Database, member_id: int, *, today: dt.date, with_ledger: bool = True
) -> dict[str, Any]:
    """What the points tab shows: ``balance``, ``value_fen`` (× the point value),
    ``expiring_points`` within :data:`EXPIRING_DAYS` days (points already due count),
    ``next_expiry`` (the first last-valid-day among them), ``lots`` (remaining lots,
    oldest first), ``rewards`` (active, with ``affordable``), ``started`` and
    ``ledger`` (:func:`ledger`)."""
    bal = balance(db, member_id)
    stale = db.execute(
        "SELECT 1 FROM points_lots_stale WHERE member_id = ?", [member_id]
    ).fetchone()
    if stale:
        lots = [
            (lid, rem, at, exp)
            for lid, rem, at, exp in compute_lots(db, [member_id]).get(member_id, [])
        ]
    else:
        lots = [
            tuple(r)
            for r in db.execute(
                "SELECT lot_id, remaining, earned_at, expires_at FROM points_lots "
                "WHERE member_id = ? ORDER BY earned_at, lot_id",
                [member_id],
            )
        ]
    horizon = (today + dt.timedelta(days=EXPIRING_DAYS)).isoformat()
    soon = [lot for lot in lots if lot[3] is not None and lot[3] <= horizon]
    rewards = [
        {**w, "affordable": w["cost_points"] <= bal} for w in list_rewards(db, active_only=True)
    ]
    value = int(settings.get(db, "loyalty_point_value_fen"))
    return {
        "balance": bal,
        "value_fen": bal * value,
        "point_value_fen": value,
        "expiring_points": sum(lot[1] for lot in soon),
        "next_expiry": min((lot[3] for lot in soon), default=None),
        "lots": [
            {"lot_id": lid, "remaining": rem, "earned_at": at, "expires_at": exp}
            for lid, rem, at, exp in lots
        ],
        "rewards": rewards,
        "started": started(db, today),
        "ledger": ledger(db, member_id) if with_ledger else [],
    }


def liability(db: sqlite_utils.Database, *, today: dt.date) -> dict[str, Any]:
    """The outstanding points (the store's debt to its members): ``points`` (the ledger
    sum minus points already past their last valid day), ``value_fen`` (× the point
    value), ``point_value_fen``, ``members`` holding points, ``expiring_points`` within
    :data:`EXPIRING_DAYS` days, and ``tiers`` (``{code: members}``)."""
    day = today.isoformat()
    horizon = (today + dt.timedelta(days=EXPIRING_DAYS)).isoformat()
    total = db.execute("SELECT COALESCE(SUM(delta), 0) FROM points_ledger").fetchone()[0]
    due, holders, soon = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN expires_at < :d THEN remaining END), 0), "
        "COUNT(DISTINCT CASE WHEN expires_at IS NULL OR expires_at >= :d THEN member_id END), "
        "COALESCE(SUM(CASE WHEN expires_at >= :d AND expires_at <= :h THEN remaining END), 0) "
        "FROM points_lots",
        {"d": day, "h": horizon},
    ).fetchone()
    points = int(total) - int(due)
    value = int(settings.get(db, "loyalty_point_value_fen"))
    tiers = dict(
        db.execute("SELECT tier, COUNT(*) FROM members WHERE status <> 'anonymised' GROUP BY tier")
    )
    return {
        "points": points,
        "value_fen": points * value,
        "point_value_fen": value,
        "members": int(holders),
        "expiring_points": int(soon),
        "tiers": tiers,
    }


register()
