"""One customer state, derived as of a day from purchases, a hand mark and the thresholds
in settings (issue #17). The member list (its column and filter), the member card, the
call list, analytics (lifecycle), the monthly report and the feedback page all read it
from here, so they agree.

States, the first rule that applies (as of the end of day D):

===============  ==========================================================================
``anonymised``   ``members.status = 'anonymised'`` (app/privacy.py); not a customer state
``lost``         marked lost by hand (``members.status = 'lost'``, with a reason, at
                 ``status_changed_at``) on or before D, and no sale on a later day than
                 the mark. A sale on a later day ends the mark: the member is derived
                 again; the reason stays on the row and in ``lost_marks`` (history).
``prospect``     never bought (no sale on or before D)
``lost``         last sale more than ``lifecycle_lost_days`` (365) days before D
``dormant``      last sale more than ``lifecycle_dormant_days`` (180) days before D
``new``          first sale within the last ``lifecycle_new_days`` (90) days (D−89 … D)
``active``       everyone else: bought within ``lifecycle_dormant_days``
===============  ==========================================================================

"More than N days before D": recency = D − last sale day > N, i.e. last sale day < D − N.
Returns do not count as sales (as ``member_stats.last_purchase_at``). The stored
``members.status`` values ``active`` and ``dormant`` mean nothing since m018 (no mark);
only ``lost`` (a mark) and ``anonymised`` are facts.

Three readings of the same rules: :func:`sql_case` (one SQL expression over ``members``
and ``member_stats``, for the member list at 100k members), :func:`classify` (numpy,
for analytics and the report's month ends, from purchase days) and :func:`state_of` /
:func:`counts` (convenience over SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from app import settings

STATES = ("prospect", "new", "active", "dormant", "lost", "anonymised")
# The states of customers the member list filters by, in display order.
FILTER_STATES = ("prospect", "new", "active", "dormant", "lost")


@dataclass(frozen=True)
class Thresholds:
    dormant_days: int = 180
    lost_days: int = 365
    new_days: int = 90

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> Thresholds:
        return cls(
            dormant_days=int(settings.get(db, "lifecycle_dormant_days")),
            lost_days=int(settings.get(db, "lifecycle_lost_days")),
            new_days=int(settings.get(db, "lifecycle_new_days")),
        )

    def cuts(self, as_of: dt.date) -> dict[str, str]:
        """ISO dates: a last sale before ``lost`` is lost, before ``dormant`` dormant; a
        first sale on or after ``new`` is new."""
        return {
            "lost": (as_of - dt.timedelta(days=self.lost_days)).isoformat(),
            "dormant": (as_of - dt.timedelta(days=self.dormant_days)).isoformat(),
            "new": (as_of - dt.timedelta(days=self.new_days - 1)).isoformat(),
            "end": (as_of + dt.timedelta(days=1)).isoformat(),
        }


def marked_lost_sql(
    as_of: dt.date | None,
    m: str = "m",
    last: str = "s.last_purchase_at",
    end_sql: str | None = None,
) -> str:
    """SQL: the hand mark is in force on ``as_of`` (``last`` = the last sale's time).
    ``end_sql`` instead of ``as_of``: an SQL expression for the day after (a statement
    that binds the day as a parameter stays one cached statement)."""
    if end_sql is None:
        assert as_of is not None
        end_sql = "'" + (as_of + dt.timedelta(days=1)).isoformat() + "'"
    return (
        f"({m}.status = 'lost' AND COALESCE({m}.status_changed_at, '') < {end_sql} "
        f"AND ({last} IS NULL OR substr({last}, 1, 10) <= substr({m}.status_changed_at, 1, 10)))"
    )


def sql_case(as_of: dt.date, th: Thresholds, m: str = "m", s: str = "s") -> str:
    """One SQL expression giving the state code of a row of ``members`` (alias ``m``)
    LEFT JOINed with ``member_stats`` (alias ``s``), as of today's stats. The dates are
    literals made here from ``date`` objects (nothing a user typed). Valid for
    ``as_of`` on or after the last recorded sale (member_stats holds the latest)."""
    c = th.cuts(as_of)
    last, first = f"{s}.last_purchase_at", f"{s}.first_purchase_at"
    return (
        f"(CASE WHEN {m}.status = 'anonymised' THEN 'anonymised' "
        f"WHEN {marked_lost_sql(as_of, m, last)} THEN 'lost' "
        f"WHEN {last} IS NULL THEN 'prospect' "
        f"WHEN {last} < '{c['lost']}' THEN 'lost' "
        f"WHEN {last} < '{c['dormant']}' THEN 'dormant' "
        f"WHEN {first} >= '{c['new']}' THEN 'new' ELSE 'active' END)"
    )


def sql_filter(state: str, as_of: dt.date, th: Thresholds, m: str = "m") -> str:
    """A WHERE condition on ``members`` (alias ``m``) equivalent to ``sql_case(...) =
    state``. It reads ``member_stats`` in subqueries over its indexes (a range of
    ``idx_member_stats_last``) and the few hand marks through ``idx_members_status``, so
    the outer query can walk ``members`` in its sort's index order: at 100k members
    that is 3-4x faster than joining the stats row by row."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; expected one of {STATES}")
    if state == "anonymised":
        return f"{m}.status = 'anonymised'"
    c = th.cuts(as_of)
    marked = (
        "SELECT k.id FROM members k LEFT JOIN member_stats ks ON ks.member_id = k.id "
        f"WHERE k.status = 'lost' AND {marked_lost_sql(as_of, 'k', 'ks.last_purchase_at')}"
    )
    live = f"{m}.status <> 'anonymised'"
    stats = "SELECT member_id FROM member_stats WHERE "
    if state == "lost":
        return (
            f"{live} AND ({m}.id IN ({marked}) OR {m}.id IN ({stats}"
            f"last_purchase_at < '{c['lost']}'))"
        )
    base = f"{live} AND {m}.id NOT IN ({marked})"
    if state == "prospect":
        # every member has a stats row (a trigger adds it)
        return f"{base} AND {m}.id IN ({stats}last_purchase_at IS NULL)"
    if state == "dormant":
        cond = f"last_purchase_at >= '{c['lost']}' AND last_purchase_at < '{c['dormant']}'"
    elif state == "new":
        cond = f"last_purchase_at >= '{c['dormant']}' AND first_purchase_at >= '{c['new']}'"
    else:
        cond = f"last_purchase_at >= '{c['dormant']}' AND first_purchase_at < '{c['new']}'"
    return f"{base} AND {m}.id IN ({stats}{cond})"


def counts(
    db: sqlite_utils.Database, as_of: dt.date | None = None, th: Thresholds | None = None
) -> dict[str, int]:
    """How many members are in each state (every code of :data:`STATES`)."""
    as_of = as_of or dt.date.today()
    th = th or Thresholds.load(db)
    rows = db.execute(
        f"SELECT {sql_case(as_of, th)}, COUNT(*) FROM members m "
        "LEFT JOIN member_stats s ON s.member_id = m.id GROUP BY 1"
    ).fetchall()
    out = dict.fromkeys(STATES, 0)
    out.update({k: int(n) for k, n in rows})
    return out


def state_of(db: sqlite_utils.Database, member_id: int, as_of: dt.date | None = None) -> str:
    """One member's state code (None if there is no such member)."""
    as_of = as_of or dt.date.today()
    row = db.execute(
        f"SELECT {sql_case(as_of, Thresholds.load(db))} FROM members m "
        "LEFT JOIN member_stats s ON s.member_id = m.id WHERE m.id = ?",
        [member_id],
    ).fetchone()
    return row[0] if row else None


# ------------------------------------------------------------------ numpy reading


def load_marks(db: sqlite_utils.Database) -> tuple[np.ndarray, np.ndarray]:
    """Hand marks: member ids (ascending) marked lost and the mark's day number (days
    since 1970). Members marked without a time count as marked long ago."""
    rows = db.execute(
        "SELECT id, COALESCE(CAST(julianday(substr(status_changed_at, 1, 10)) AS INTEGER) "
        "- 2440587, -1000000) FROM members WHERE status = 'lost' ORDER BY id"
    ).fetchall()
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    arr = np.asarray(rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


NOT_MARKED = np.iinfo(np.int64).max


def mark_days_for(member_ids: np.ndarray, marks: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The mark day of each of ``member_ids`` (ascending), :data:`NOT_MARKED` when not
    marked."""
    ids, days = marks
    out = np.full(len(member_ids), NOT_MARKED, np.int64)
    if len(ids) and len(member_ids):
        pos = np.searchsorted(member_ids, ids)
        ok = pos < len(member_ids)
        ok[ok] = member_ids[pos[ok]] == ids[ok]
        out[pos[ok]] = days[ok]
    return out


def classify(
    *,
    as_of_day: int,
    customer: np.ndarray,
    first_day: np.ndarray,
    last_day: np.ndarray,
    mark_day: np.ndarray | None,
    th: Thresholds,
) -> np.ndarray:
    """Index into :data:`STATES` per member, from day numbers as of ``as_of_day``
    (``first_day``/``last_day`` of sales on or before it, −1 for prospects; ``mark_day``
    :data:`NOT_MARKED` when not marked). Anonymised members are not told apart here."""
    D = as_of_day
    rec = D - last_day
    out = np.full(len(customer), STATES.index("active"), np.int8)
    out[customer & (first_day > D - th.new_days)] = STATES.index("new")
    out[customer & (rec > th.dormant_days)] = STATES.index("dormant")
    out[customer & (rec > th.lost_days)] = STATES.index("lost")
    out[~customer] = STATES.index("prospect")
    if mark_day is not None:
        marked = (mark_day <= D) & (~customer | (last_day <= mark_day))
        out[marked] = STATES.index("lost")
    return out


# ------------------------------------------------------------------ writing a mark


def record_mark(
    db: sqlite_utils.Database,
    member_id: int,
    *,
    at: str,
    reason: str | None,
    note: str | None,
    user_id: int | None,
) -> None:
    """Keep a hand mark in ``lost_marks`` (history; a later purchase ends the mark but
    never deletes it). Called inside the caller's transaction, by whoever sets
    ``members.status = 'lost'``."""
    db.execute(
        "INSERT INTO lost_marks (member_id, at, reason, note, user_id) VALUES (?, ?, ?, ?, ?)",
        [member_id, at, reason, note, user_id],
    )


# ------------------------------------------------------------------ effective customers


def effective_sql(code: str, as_of: dt.date, one_time_gone_days: int, s: str = "s") -> str:
    """SQL over ``member_stats`` (alias ``s``) for the customer types ``effective`` /
    ``ineffective`` (app.analytics.scores.customer_types, the same rule): one purchase
    day (first and last sale on the same day) more than ``types_one_time_gone_days``
    ago is ineffective; every other customer is effective."""
    cut = (as_of - dt.timedelta(days=one_time_gone_days)).isoformat()
    one_day = f"substr({s}.first_purchase_at, 1, 10) = substr({s}.last_purchase_at, 1, 10)"
    ineffective = f"({one_day} AND {s}.last_purchase_at < '{cut}')"
    if code == "ineffective":
        return ineffective
    if code == "effective":
        return f"({s}.last_purchase_at IS NOT NULL AND NOT {ineffective})"
    raise ValueError(f"only effective / ineffective are SQL filters, not {code!r}")
