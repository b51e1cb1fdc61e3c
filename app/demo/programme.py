"""The demo store's points programme, running from the store's first day, by
app.loyalty's rules (its rules, its ledger, its lots):

* one rule version (app.loyalty's defaults) in force from the day the store opened, and
  a small rewards catalogue;
* the tier history (app/demo/tiers.py) so that each past sale earns at the tier the
  member held then;
* birthday points (solar and lunar, app.calllist's customs, once a calendar year from
  joining) and visit points (store visits, at most one a day) as ledger entries with
  the rules' expiry dates;
* spend and referral points and the returns' clawback — what :func:`app.loyalty.backfill`
  writes when a real store starts the programme on its history;
* redemptions at the counter over the last two years, each covered by the points still
  valid on its day (replayed with app.loyalty's FIFO definition, ``lots._replay``);
* expiries — what :func:`app.loyalty.expire_points` writes as of today.

The entries after the first two kinds and the lots cache are computed from the
generator's arrays (app/demo/ledger.py) and written at once: running app.loyalty's
store-sized steps one after another took two thirds of the 100k/2M build.
tests/unit/test_demo_ledger.py checks that the result is exactly what app.loyalty's
backfill and expiry job write on the same history; tests/unit/test_demo.py checks the
lots cache against a replay, balances against the lots and the tiers against
``tier_mismatches``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from operator import itemgetter
from typing import Any

import numpy as np
import sqlite_utils

from app.core import SYSTEM, gc_deferred, now
from app.demo.helpers import _Calendar, _store_secs, _times
from app.demo.members import _Members
from app.demo.purchases import _Purchases

# name, kind, points, value in fen: 1 point is worth ¥1 (app.loyalty's default)
REWARDS = (
    ("¥20 优惠券", "coupon", 200, 2000),
    ("¥50 代金券", "voucher", 500, 5000),
    ("保温杯", "gift", 300, 3000),
    ("真丝围巾", "gift", 800, 8000),
)
VISIT_SHARE = 0.08  # store visits without a sale, per sale


def start_programme(db: sqlite_utils.Database, cal: _Calendar, owner_id: int) -> Any:
    """The first rule version from the store's first day, and the rewards."""
    from app import loyalty

    rules = loyalty.default_rules(db)
    db.execute(
        "INSERT INTO loyalty_rules (effective_from, rules, created_at, user_id, note) "
        "VALUES (?, ?, ?, ?, ?)",
        [cal.iso[0], rules.to_json(), cal.iso[0] + "T09:30:00", owner_id, "开业，积分计划开始"],
    )
    db.conn.executemany(
        "INSERT INTO rewards (name, kind, cost_points, value_fen, active) VALUES (?, ?, ?, ?, 1)",
        REWARDS,
    )
    return rules


def write_tier_history(
    db: sqlite_utils.Database, rows: list[tuple[int, str, int, int, str]], tiers: list[str]
) -> None:
    db.conn.executemany(
        "INSERT INTO tier_history (member_id, at, from_tier, to_tier, reason) "
        "VALUES (?, ?, ?, ?, ?)",
        [(m, at, tiers[b], tiers[a], why) for m, at, b, a, why in rows],
    )


_BIRTHDAY_MEMBERS = (
    "SELECT id, substr(birthday, -5), birthday_calendar, birthday_leap, joined_on "
    "FROM members WHERE birthday IS NOT NULL AND status <> 'anonymised'"
)


def _birthday_entries(
    db: sqlite_utils.Database, cal: _Calendar, rules: Any, stamp: str
) -> list[tuple[Any, ...]]:
    from app.loyalty import expiry_for
    from app.occasions import occasion_keys

    if rules.birthday_points <= 0:
        return []
    members = db.execute(_BIRTHDAY_MEMBERS).fetchall()
    out = []
    expiry: dict[str, str | None] = {}
    for year in range(cal.start.year, cal.today.year + 1):
        lo = max(dt.date(year, 1, 1), cal.start)
        hi = min(dt.date(year, 12, 31), cal.today)
        if lo > hi:
            continue
        keys = {k: d.isoformat() for k, d in occasion_keys(lo, hi).items()}
        for mid, md, calendar, leap, joined in members:
            day = keys.get((calendar, md, int(leap or 0)))
            if day is None or day < joined:
                continue
            if day not in expiry:
                expiry[day] = expiry_for(day, rules.expiry_months)
            out.append((mid, day + "T00:00:00", rules.birthday_points, "birthday", "member",
                        mid, expiry[day], None, None, stamp))  # fmt: skip
    return out


def _visit_entries(
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    pur: _Purchases,
    rules: Any,
    clerk_ids: np.ndarray,
    stamp: str,
) -> list[tuple[Any, ...]]:
    """Store visits without a sale: near a member's own sales (a regular drops in
    between), once a day at most."""
    from app.loyalty import expiry_for

    sales = np.flatnonzero(~pur.is_return)
    if rules.visit_points <= 0 or not len(sales):
        return []
    k = int(len(sales) * VISIT_SHARE)
    pick = sales[rng.integers(0, len(sales), k)]
    who = pur.member[pick]
    day = pur.day[pick] + rng.integers(3, 45, k)
    keep = (day < cal.D) & (day <= mem.churn_end[who] + 30)
    who, day = who[keep], day[keep]
    key = np.unique(who * (cal.D + 1) + day)
    who, day = key // (cal.D + 1), key % (cal.D + 1)
    sec = _store_secs(rng, len(who))
    clerk = clerk_ids[rng.integers(0, len(clerk_ids), len(who))]
    times, iso = _times(), cal.iso
    expiry: dict[int, str | None] = {}
    out = []
    for m, d, s, c in zip(who.tolist(), day.tolist(), sec.tolist(), clerk.tolist(), strict=True):
        if d not in expiry:
            expiry[d] = expiry_for(iso[d], rules.expiry_months)
        out.append((m + 1, iso[d] + times[s], rules.visit_points, "visit", "member", m + 1,
                    expiry[d], c, None, stamp))  # fmt: skip
    return out


@dataclasses.dataclass
class Points:
    """The programme's rows, computed (:func:`compute`) and not yet written."""

    first_id: int  # id of rows[0]
    rows: list[tuple[Any, ...]]  # points_ledger, app.loyalty.entries._INSERT's columns
    lots: list[tuple[Any, ...]]  # points_lots
    redemptions: list[tuple[Any, ...]]
    summary: dict[str, int]  # what the audit entries say


def run_programme(
    db: sqlite_utils.Database,
    seed: int,
    cal: _Calendar,
    mem: _Members,
    pur: _Purchases,
    rules: Any,
    clerk_ids: np.ndarray,
) -> None:
    """Points for the whole history (module docstring), inside the caller's
    transaction: every entry computed here (app/demo/ledger.py) and written at once,
    indexes and the lots cache's triggers off meanwhile. A big store computes and
    writes them in a helper process instead (:func:`points_payload`)."""
    pts = compute(db, seed, cal, mem, pur, rules, clerk_ids, now(), _first_id(db))
    _write(db, pts)
    record(db, cal.today, pts.summary)


def _first_id(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM points_ledger").fetchone()[0]) + 1


# Millions of small lists and tuples: the cyclic GC would walk them again and again
# while they are built (~30% of this step); none of them forms a cycle.
@gc_deferred()
def compute(
    db: sqlite_utils.Database,
    seed: int,
    cal: _Calendar,
    mem: _Members,
    pur: _Purchases,
    rules: Any,
    clerk_ids: np.ndarray,
    stamp: str,
    first_id: int,
) -> Points:
    """Every entry of the programme, the lots cache and the redemptions; ``db`` is only
    read (members, tiers, tier_history, rewards)."""
    from app.demo import ledger

    rng = np.random.default_rng([seed, 20261206])
    rows = _birthday_entries(db, cal, rules, stamp)
    rows += _visit_entries(rng, cal, mem, pur, rules, clerk_ids, stamp)
    earned, own = ledger.earnings(db, cal, pur, rules, clerk_ids, stamp, first_id, rows)
    rows += earned
    entries = ledger.Entries(rows, first_id, own)
    rewards = db.execute("SELECT id, cost_points FROM rewards ORDER BY cost_points").fetchall()
    redeemed, redemptions = ledger.redemptions(
        rng, cal, rewards, entries, clerk_ids, stamp, first_id + len(rows)
    )
    rows += redeemed
    redeemers = {r[0] for r in redeemed}
    expired, lots = ledger.expiries(entries, redeemers, cal.today, stamp, first_id + len(rows))
    rows += expired
    summary = {
        "earned": len(earned),
        "earned_points": sum(map(itemgetter(2), earned)),
        "expired": len(expired),
        "expired_points": -sum(map(itemgetter(2), expired)),
        "expired_members": len({r[0] for r in expired}),
    }
    return Points(first_id, rows, lots, redemptions, summary)


def _write(db: sqlite_utils.Database, pts: Points) -> None:
    from app.loyalty.entries import _INSERT
    from app.loyalty.lots import _schema_off

    # The append-only guard's per-row lookup ("no entry with this id yet") took 70% of
    # the insert (400k-purchase store: 3.7 s -> 1.0 s CPU); these ids are new by
    # construction (asserted below). Dropped and put back inside the transaction.
    guard = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'points_ledger_no_replace'"
    ).fetchone()
    with _schema_off(db, index_tables=("points_ledger", "points_lots")):
        if guard:
            db.execute("DROP TRIGGER points_ledger_no_replace")
        db.conn.executemany(_INSERT, pts.rows)  # ids first_id, first_id + 1, … in list order
        db.conn.executemany(_LOTS_INSERT, pts.lots)
        if guard:
            db.execute(guard[0])
    last = db.execute("SELECT MAX(id) FROM points_ledger").fetchone()[0]
    assert last == pts.first_id + len(pts.rows) - 1, "points_ledger ids are not the ones computed"
    db.conn.executemany(_REDEMPTIONS_INSERT, pts.redemptions)


_LOTS_INSERT = (
    "INSERT INTO points_lots (lot_id, member_id, earned_at, expires_at, remaining) "
    "VALUES (?, ?, ?, ?, ?)"
)
_REDEMPTIONS_INSERT = (
    "INSERT INTO redemptions (member_id, reward_id, at, points, ledger_id, clerk_id) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def record(db: sqlite_utils.Database, today: dt.date, summary: dict[str, int]) -> None:
    """What app.loyalty's backfill and expiry job record."""
    from app import audit
    from app.loyalty.tiers import _set_setting

    audit.record(db, SYSTEM, "points_backfill", "points_ledger", None,
                 audit.summary("points_backfill", entries=summary["earned"],
                               points=summary["earned_points"]))  # fmt: skip
    if summary["expired"]:
        audit.record(db, SYSTEM, "points_expire", "points_ledger", None,
                     audit.summary("points_expired", lots=summary["expired"],
                                   points=summary["expired_points"],
                                   members=summary["expired_members"],
                                   day=str(today)))  # fmt: skip
    _set_setting(db, "loyalty_daily_last_run", today.isoformat())


# ---- the same in a helper process (app/demo/helper.py) for a big store: the inputs it
# reads from the store travel as rows, the entries come back as its scratch tables
# (copied in by SQLite's transfer optimisation with their indexes, built there).

POINTS_TABLES = ("points_ledger", "points_lots", "redemptions")
LATER_TABLES = ("points_lots", "redemptions")  # the helper's second part
_INPUTS = {  # table: (columns, the store's query, in id order as the store scans them)
    "members": (
        "id INTEGER PRIMARY KEY, tier, referrer_id, status, birthday, birthday_calendar, "
        "birthday_leap, joined_on",
        "SELECT id, tier, referrer_id, status, birthday, birthday_calendar, birthday_leap, "
        "joined_on FROM members ORDER BY id",
    ),
    "tiers": ("code, rank", "SELECT code, rank FROM tiers ORDER BY rank"),
    "tier_history": (
        "id INTEGER PRIMARY KEY, member_id, at, from_tier, to_tier",
        "SELECT id, member_id, at, from_tier, to_tier FROM tier_history ORDER BY id",
    ),
    "rewards": ("id INTEGER PRIMARY KEY, cost_points", "SELECT id, cost_points FROM rewards"),
}


def input_members(db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
    """The ``members`` rows :func:`points_payload` is given, as the store holds them."""
    return db.execute(_INPUTS["members"][1]).fetchall()


def points_payload(
    db: sqlite_utils.Database,
    seed: int,
    cal: _Calendar,
    mem: _Members,
    pur: _Purchases,
    rules: Any,
    clerk_ids: np.ndarray,
    members: list[tuple[Any, ...]],
) -> dict[str, Any]:
    """What the helper needs to :func:`compute` the programme: the rows it reads —
    ``members`` as ``_INPUTS`` selects them (given: the helper starts before they are
    written), the others from the store — and of the generator's arrays only those the
    programme uses."""
    inputs = {
        t: db.execute(sql).fetchall() for t, (_cols, sql) in _INPUTS.items() if t != "members"
    }
    inputs["members"] = members
    empty = np.zeros(0, dtype=np.int64)
    # (the purchases' columns the programme never reads stay behind: 64 MB less to
    # pickle and unpickle at 2M purchases)
    unread = ("total", "disc", "note", "ticket_seq")
    items = {
        f.name: empty
        for f in dataclasses.fields(pur)
        if f.name.startswith("item_") or f.name in unread
    }
    return {
        "inputs": inputs,
        "seed": seed,
        "cal": cal,
        "mem": dataclasses.replace(mem, cols={}, family=[], family_dates=[]),
        "pur": dataclasses.replace(pur, **items),
        "rules": rules.to_json(),
        "clerk_ids": clerk_ids,
        "stamp": now(),
        "first_id": _first_id(db),
    }


def points_inserts(p: dict[str, Any]) -> list[tuple[str, Any, int]]:
    """The helper's statements (app/demo/helper.py): the programme computed on an
    in-memory copy of its inputs, then its rows, ids explicit, and a summary table."""
    from app.demo.bulk import many_rows
    from app.demo.helper import NEXT_PART
    from app.loyalty.entries import _INSERT
    from app.loyalty.rules import Rules

    src = sqlite_utils.Database(memory=True)
    for table, (cols, _sql) in _INPUTS.items():
        src.execute(f"CREATE TABLE {table} ({cols})")
        rows = p["inputs"][table]
        if rows:
            src.conn.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows
            )
    rules = Rules.from_json(p["rules"])
    pts = compute(src, p["seed"], p["cal"], p["mem"], p["pur"], rules, p["clerk_ids"],
                  p["stamp"], p["first_id"])  # fmt: skip
    src.close()
    # the first entry with its id, the others numbered on from it (a new rowid is the
    # highest + 1): unpacking 2.8M rows to prepend ids took 1.6 s
    ledger_sql = _INSERT.replace("(member_id,", "(id, member_id,")
    ledger_sql = ledger_sql.replace("VALUES (", "VALUES (?, ")
    first, rest = [(pts.first_id, *pts.rows[0])] if pts.rows else [], pts.rows[1:]
    # two parts (app/demo/helper.py, NEXT_PART): the ledger first, so that the store
    # copies it in while the lots and redemptions are written; the big tables' rows
    # ROWS_PER_INSERT to a statement (many_rows)
    return [
        (ledger_sql, first, len(first)),
        *many_rows(_INSERT, rest),
        ("CREATE TABLE demo_points_summary (name TEXT, value INTEGER)", None, 0),
        ("INSERT INTO demo_points_summary VALUES (?, ?)", list(pts.summary.items()), 0),
        ("CREATE TABLE demo_points_span (first_id INTEGER, n INTEGER)", None, 0),
        ("INSERT INTO demo_points_span VALUES (?, ?)", [(pts.first_id, len(pts.rows))], 0),
        (NEXT_PART, LATER_TABLES, 0),
        *many_rows(_LOTS_INSERT, pts.lots),
        (_REDEMPTIONS_INSERT, pts.redemptions, len(pts.redemptions)),
    ]


def finish_points(
    db: sqlite_utils.Database,
    helper: Any,
    today: dt.date,
    step: Any,
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Wait for the helper's programme and copy it in: the ledger as soon as the helper
    has written it, the lots and redemptions once it is done; ``meanwhile()`` (work this
    process has left) is done while the helper still writes: before the ledger's copy if
    the ledger is not written yet, else between the two copies.
    Every trigger of the tables is dropped for the copies (SQLite copies rows and indexes
    as they are only into a table without triggers) and put back inside the
    transaction."""
    from app.demo.bulk import _dropped

    if meanwhile is not None and not helper.part_ready(0):
        meanwhile()
        meanwhile = None
    helper.wait_part(0, step)
    alias = helper.attach(db.conn)
    first_id, n = db.execute(f"SELECT first_id, n FROM {alias}.demo_points_span").fetchone()
    assert first_id == _first_id(db), "points_ledger gained entries meanwhile"
    with _dropped(db.conn, "trigger", POINTS_TABLES):
        helper.copy(db.conn, [t for t in POINTS_TABLES if t not in LATER_TABLES])
        if meanwhile is not None:
            meanwhile()
        helper.wait(step)
        helper.copy(db.conn, LATER_TABLES, part=1)
    last = db.execute("SELECT MAX(id) FROM points_ledger").fetchone()[0]
    assert last == first_id + n - 1, "points_ledger ids are not the ones computed"
    summary = dict(db.execute(f"SELECT name, value FROM {alias}.demo_points_summary").fetchall())
    record(db, today, summary)
