"""Customer segments as of a date (DOMAIN.md, "Segmentation models"): RFM, the customer
pyramid, the loyalty × value and current × potential matrices, lifecycle states,
customer types, the four strategies, month-over-month movement, and call-list tasks
made from a segment.

Everything is derived from ``purchases`` (and ``members`` for the prospects); nothing
here is the truth, and the only stored results — monthly snapshots — are rebuilt from
facts. Codes, never words: ``app.labels`` has the Chinese and English for every code.

Facts per member, as of the end of day D (``as_of``)
----------------------------------------------------
One grouped pass over ``purchases`` through the covering index (member_id, at,
paid_fen, is_discounted): each member's rows come back as two concatenated strings
(times; 2·paid_fen + is_discounted) that numpy parses (:func:`load_rows`; two
connections read alternate member ranges when a second core is free); every figure
below is then a vectorised numpy reduction. Members joined after D who had not bought
by then are left out.
A *sale* is a row with ``paid_fen >= 0`` (the schema forces returns to ``<= 0``; the
rare zero-amount return is found through the partial index on ``return_of``), a
*purchase day* a calendar day with at least one sale; returns are netted into spend.

* ``recency_days`` = D − last purchase day (0 = bought today);
* ``days`` (F, lifetime) = distinct purchase days; ``days_12m`` = those in the last 365
  days (D−364 … D); ``tickets`` = sale tickets;
* ``spend_fen`` (M, lifetime) = net paid (sales − returns); ``spend_12m_fen`` the same
  over the last 365 days;
* ``discount_share`` = discounted sales / all sales (sales only, before returns);
* ``ticket_cv`` = population std / mean of sale ticket amounts;
* ``gap_cv`` = population std / mean of the gaps (days) between consecutive purchase
  days;
* ``tenure_days`` = D − first purchase day;
* BG/NBD inputs (``app.clv``): x = days − 1, t_x = last − first purchase day, T =
  tenure_days; m_x = (net spend − net spend of the first purchase day) / x, in yuan.

Customers are members with at least one purchase day; the others are *prospects*
(潜在) and get no RFM score, no matrix cell and layer ``inactive``.

RFM quintile scores (1–5, 5 best)
---------------------------------
R ranks −recency, F ranks ``days``, M ranks ``spend_fen`` (lifetime; ``rfm_window =
"12m"`` uses ``days_12m``/``spend_12m_fen``) among customers. **Ties**: each value gets
the average of the ranks its ties occupy (mid-rank ρ, 1…n), and score =
⌊5 (ρ − ½) / n⌋ + 1. So equal values always get equal scores, a tie group that
straddles a quintile boundary goes wholly to the quintile holding its middle, and
without ties every quintile has n/5 members.

Pyramid (顾客金字塔), by share of spend
-------------------------------------
Customers with positive net spend in the last 12 months are ranked by it. With
cumulative shares c₁ < c₂ < … (default layers top 1% / next 19% / next 30%, setting
``segments_pyramid_layers``), a customer whose mid-rank from the top is ρ goes to the
first layer with ρ/n ≤ cₖ (platinum 铂金, gold 黄金, iron 钢铁), the rest to ``lead``
(铅); no spend in 12 months (and prospects): ``inactive``. The chart shows each layer's
count and share of 12-month spend. **80/20 figure**: the share of 12-month spend that
comes from the top 20% (rounded, at least one) of those customers.

Loyalty × value (客户矩阵)
-------------------------
loyalty = (P(days_12m) + P(tenure_days) + P(−recency_days)) / 3, where P is the
mid-rank percentile (ρ − ½)/n among customers (0…1): how often lately, for how long,
how recently. value = lifetime net spend. *High* means strictly above the threshold
(``segments_loyalty_threshold``, ``segments_value_threshold_fen``; null = the median
of customers, so members exactly at the median count as low). Cells: 知己 true_friend
(high, high), 藤壶 barnacle (loyal, low value), 蝴蝶 butterfly (not loyal, high value),
过客 stranger (low, low).

Current × potential (价值曲线)
-----------------------------
current = net spend in the last 12 months; potential = the forecast net spend of the
next ``clv_forecast_days`` (expected purchases × expected spend per purchase, app.clv).
Same threshold rule (``segments_current_threshold_fen``,
``segments_potential_threshold_fen``, null = median). Cells: 明星 star (high, high),
现金 cash_cow (high current, low potential), 问题 question (low, high), 瘦狗 dog.

Strategies: 深度关爱 deep_care for 知己/明星, 深度获取 deep_acquisition for 蝴蝶/问题,
深度挖掘 deep_mining for 藤壶/现金, 长期培育 long_term_nurture for 过客/瘦狗.

Lifecycle (settings ``lifecycle_*``), first rule that applies
-------------------------------------------------------------
prospect: no purchase; lost: recency > 365 days; dormant: recency > 180 days; new:
one purchase day; loyal: ≥ 4 purchase days in the last 12 months and a customer for
≥ 365 days; repeat: everyone else. (members.status, set by staff, is a separate fact.)

Customer types (flags; a customer can have several)
---------------------------------------------------
ineffective (无效): one purchase day, more than ``types_one_time_gone_days`` (365) ago;
effective (有效): every other customer. discount (折扣型): ≥ ``types_min_tickets`` (3)
tickets and discount_share ≥ 0.6. frequency (频率型): ≥ 3 gaps and gap_cv ≤ 0.5.
amount (金额型): ≥ 3 tickets and ticket_cv ≤ 0.25.

Month-over-month movement
-------------------------
:func:`movement` compares each member's layer and lifecycle state at the end of the
previous month with those at ``as_of``. Month-end states are kept in
``segment_snapshots`` (one row per member and month), a cache: a snapshot is rebuilt
from facts when it is missing or stale — a purchase dated in or before that month was
added since (found through the ids), a member who had joined by then was added, or the
rules changed. Writers that rewrite history without adding rows (a member merge) call
:func:`invalidate_snapshots`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import json
import math
import os
import sqlite3
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import sqlite_utils

from app import audit
from app import settings as app_settings
from app.core import Actor, Changes, FieldError, ValidationError, now

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

LAYERS = ("platinum", "gold", "iron", "lead", "inactive")
LOYALTY_CELLS = ("true_friend", "barnacle", "butterfly", "stranger")
VALUE_CELLS = ("star", "cash_cow", "question", "dog")
LIFECYCLE = ("prospect", "new", "repeat", "loyal", "dormant", "lost")
STRATEGIES = ("deep_care", "deep_acquisition", "deep_mining", "long_term_nurture")
CUSTOMER_TYPES = ("effective", "ineffective", "discount", "frequency", "amount")
STRATEGY_OF = {
    "true_friend": "deep_care",
    "star": "deep_care",
    "butterfly": "deep_acquisition",
    "question": "deep_acquisition",
    "barnacle": "deep_mining",
    "cash_cow": "deep_mining",
    "stranger": "long_term_nurture",
    "dog": "long_term_nurture",
}
WINDOW_DAYS = 365  # "the last 12 months": D−364 … D
_EPOCH = dt.date(1970, 1, 1)
_CHUNKS = 8  # member-id ranges (progress and cancel between them)
_READERS = 2  # connections reading ranges at the same time


class Cancelled(Exception):
    """``should_cancel()`` asked to stop."""


def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rules:
    """Every threshold the segments use; ``Rules.load(db)`` reads them from settings
    (``app.settings.DEFAULTS`` has the defaults and their keys)."""

    pyramid_layers: tuple[tuple[str, float], ...] = (
        ("platinum", 0.01),
        ("gold", 0.19),
        ("iron", 0.30),
    )
    rfm_window: str = "lifetime"  # or "12m"
    loyalty_threshold: float | None = None  # None: median
    value_threshold_fen: int | None = None
    current_threshold_fen: int | None = None
    potential_threshold_fen: int | None = None
    dormant_days: int = 180
    lost_days: int = 365
    loyal_min_days_12m: int = 4
    loyal_min_tenure_days: int = 365
    one_time_gone_days: int = 365
    discount_share: float = 0.6
    min_tickets: int = 3
    frequency_max_cv: float = 0.5
    amount_max_cv: float = 0.25
    # app.clv
    clv_margin: float = 0.4
    clv_discount_rate: float = 0.12
    clv_horizon_months: int = 36
    clv_acquisition_cost_fen: int = 0
    clv_forecast_days: int = 365

    KEYS: ClassVar[dict[str, str]] = {
        "pyramid_layers": "segments_pyramid_layers",
        "rfm_window": "segments_rfm_window",
        "loyalty_threshold": "segments_loyalty_threshold",
        "value_threshold_fen": "segments_value_threshold_fen",
        "current_threshold_fen": "segments_current_threshold_fen",
        "potential_threshold_fen": "segments_potential_threshold_fen",
        "dormant_days": "lifecycle_dormant_days",
        "lost_days": "lifecycle_lost_days",
        "loyal_min_days_12m": "lifecycle_loyal_min_days_12m",
        "loyal_min_tenure_days": "lifecycle_loyal_min_tenure_days",
        "one_time_gone_days": "types_one_time_gone_days",
        "discount_share": "types_discount_share",
        "min_tickets": "types_min_tickets",
        "frequency_max_cv": "types_frequency_max_cv",
        "amount_max_cv": "types_amount_max_cv",
        "clv_margin": "clv_margin",
        "clv_discount_rate": "clv_discount_rate",
        "clv_horizon_months": "clv_horizon_months",
        "clv_acquisition_cost_fen": "clv_acquisition_cost_fen",
        "clv_forecast_days": "clv_forecast_days",
    }

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> Rules:
        values: dict[str, Any] = {}
        default = cls()
        for attr, key in cls.KEYS.items():
            value = app_settings.get(db, key)
            if value is None and attr not in (
                "loyalty_threshold",
                "value_threshold_fen",
                "current_threshold_fen",
                "potential_threshold_fen",
            ):
                value = getattr(default, attr)
            values[attr] = value
        values["pyramid_layers"] = tuple(
            (str(code), float(share)) for code, share in values["pyramid_layers"]
        )
        rules = cls(**values)
        rules.validate()
        return rules

    def validate(self) -> None:
        shares = [s for _, s in self.pyramid_layers]
        if not shares or any(s <= 0 for s in shares) or sum(shares) >= 1.0 + 1e-9:
            raise ValueError(
                "segments_pyramid_layers: each share must be > 0 and together below 1 "
                f"(the rest is the 'lead' layer); got {shares}"
            )
        names = [code for code, _ in self.pyramid_layers]
        if any(not code.isidentifier() for code in names) or {"lead", "inactive"} & set(names):
            raise ValueError(
                "segments_pyramid_layers: layer codes are lower-case words (a-z, _), "
                f"not 'lead' or 'inactive'; got {names}"
            )
        if self.rfm_window not in ("lifetime", "12m"):
            raise ValueError("segments_rfm_window must be 'lifetime' or '12m'")
        if not 0 < self.dormant_days < self.lost_days:
            raise ValueError("lifecycle: need 0 < dormant days < lost days")

    def layer_codes(self) -> tuple[str, ...]:
        return (*(code for code, _ in self.pyramid_layers), "lead", "inactive")

    def fingerprint(self) -> str:
        """A short hash of the rules (snapshots made under other rules are stale)."""
        blob = json.dumps(
            {k: getattr(self, k) for k in self.KEYS}, sort_keys=True, default=list
        ).encode()
        return hashlib.sha1(blob).hexdigest()[:16]

    def clv_rules(self) -> Any:
        from app.clv import ClvRules

        return ClvRules(
            margin=float(self.clv_margin),
            annual_rate=float(self.clv_discount_rate),
            horizon_months=int(self.clv_horizon_months),
            acquisition_cost_fen=int(self.clv_acquisition_cost_fen),
            forecast_days=int(self.clv_forecast_days),
        )


# ------------------------------------------------------------------ reading purchases

# Through the covering index only (a column outside it would cost 3x: PERF-NOTES.md).
# MIN/MAX(at) would cost ~0.5 s of string comparisons; the rows arrive in (member, at)
# order, so first and last are read off the concatenation instead.
# The amount and the discount flag travel as one number, 2 × paid_fen + is_discounted
# (one concatenation fewer: ~15% of the pass). The time filter is left out when nothing
# is dated after the as-of day (the usual "as of today"): another ~10%.
_ROWS_SQL = """
SELECT member_id, group_concat(at, ','), group_concat(paid_fen * 2 + is_discounted, ',')
FROM purchases
WHERE member_id BETWEEN :lo AND :hi{time_filter}
GROUP BY member_id
"""


@dataclass
class PurchaseRows:
    """Every purchase row before the end of ``as_of``, as numpy columns in (member,
    time) order. ``member`` indexes ``member_ids``."""

    as_of: dt.date
    member_ids: np.ndarray  # int64, ascending: members with at least one row
    member: np.ndarray  # int32 per row
    day: np.ndarray  # int32 per row: days since 1970-01-01
    paid: np.ndarray  # int64 fen per row
    disc: np.ndarray  # bool per row
    sale: np.ndarray  # bool per row (False: a return)

    def __len__(self) -> int:
        return len(self.day)


def _parse_days(at_text: str, n: int) -> np.ndarray | None:
    """Days since 1970 of n comma-terminated ``YYYY-MM-DD?hh:mm:ss`` timestamps, or
    None when the text is not in that shape (the slow path then parses it).

    Each 20-byte record is read as five little-endian uint32 words; 'YYYY', '-MM-' and
    'DD..' become numbers with a few whole-array integer operations (SWAR), ~5x faster
    than digit columns or numpy's datetime parser on 2 M rows."""
    if len(at_text) != 20 * n:
        return None
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    try:
        raw = at_text.encode("ascii")
    except UnicodeEncodeError:
        return None
    u = np.frombuffer(raw, dtype="<u4").reshape(n, 5)
    u32 = np.uint32
    year = u[:, 0] - u32(0x30303030)
    mid = u[:, 1]
    dd = u[:, 2] & u32(0xFFFF)
    md = ((mid >> u32(8)) & u32(0xFFFF)) - u32(0x3030)
    dd = dd - u32(0x3030)
    # every digit byte 0..9 (a byte >= 10 gets a high nibble from +6; one below '0'
    # borrows into the next), and '-' around the month
    digits_bad = ((year | (year + u32(0x06060606))) & u32(0xF0F0F0F0)).any() or (
        ((md | dd | (md + u32(0x0606)) | (dd + u32(0x0606))) & u32(0xF0F0)).any()
    )
    if digits_bad or ((mid & u32(0xFF)) != 45).any() or ((mid >> u32(24)) != 45).any():
        return None
    v = year * u32(10) + (year >> u32(8))
    y = ((v & u32(0xFF)) * u32(100) + ((v >> u32(16)) & u32(0xFF))).astype(np.int32)
    m = ((md & u32(0xFF)) * u32(10) + (md >> u32(8))).astype(np.int32)
    d = ((dd & u32(0xFF)) * u32(10) + (dd >> u32(8))).astype(np.int32)
    if (m < 1).any() or (m > 12).any() or (d < 1).any() or (d > 31).any():
        return None
    y0, y1 = int(y.min()), int(y.max())
    month_start = (
        np.arange(np.datetime64(f"{y0:04d}-01"), np.datetime64(f"{y1 + 1:04d}-01"))
        .astype("datetime64[D]")
        .astype(np.int64)
    )
    return (month_start[(y - y0) * 12 + m - 1] + d - 1).astype(np.int32)


def _parse_days_slow(at_text: str) -> np.ndarray:
    values = [v for v in at_text.split(",") if v]
    return np.array([_day(dt.date.fromisoformat(v[:10])) for v in values], dtype=np.int32)


def _parse_ints(text: str, n: int) -> np.ndarray:
    """n comma-separated integers (numpy's C parser: ~25x faster than int() each)."""
    if n == 0:
        return np.zeros(0, np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            values = np.fromstring(text, dtype=np.int64, sep=",")
        except (ValueError, DeprecationWarning):
            values = np.array(text.split(","), dtype=np.int64)
    return values


def _readers() -> int:
    """How many connections read at once: two when a second core is free. On a busy
    machine (the 1-minute load average leaves no core idle, Unix) a second reader only
    adds a cold page cache and thread switching (~20% slower than one, measured)."""
    cores = os.cpu_count() or 1
    try:
        idle = cores - os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        idle = float(cores)
    return max(1, min(_READERS, cores, int(idle + 0.5)))


def _file_of(db: sqlite_utils.Database) -> str | None:
    """The main database file, or None for an in-memory or temporary database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def _fixed_width_counts(at_text: str, members: int) -> np.ndarray | None:
    """Rows per member of ``";".join(member strings) + ";"`` when every record is 20
    bytes (19-character time + separator), else None."""
    if len(at_text) % 20:
        return None
    seps = np.frombuffer(at_text.encode("ascii", "replace"), dtype=np.uint8)[19::20]
    last = seps == ord(";")
    if int(last.sum()) != members or not (last | (seps == ord(","))).all():
        return None
    return np.diff(np.flatnonzero(last), prepend=-1)


def _parse_chunk(
    part: list[tuple[Any, ...]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(member ids, rows per member, day per row, 2·paid+discount per row) of one
    chunk of ``_ROWS_SQL`` results."""
    if not part:
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0, np.int32), z
    ids, ats, packed = zip(*part, strict=True)
    # Members joined by ";" (their rows by ","): with 19-character times every record
    # is 20 bytes, and the ";" in byte 19 marks each member's last row.
    at_text = ";".join(ats) + ";"
    counts = _fixed_width_counts(at_text, len(ats))
    day = None if counts is None else _parse_days(at_text, int(counts.sum()))
    if day is None:
        counts = np.fromiter((a.count(",") + 1 for a in ats), dtype=np.int64, count=len(ats))
        day = _parse_days_slow(at_text.replace(";", ","))
    n = int(counts.sum())
    both = _parse_ints(",".join(packed), n)
    if len(both) != n or len(day) != n:
        raise ValueError("purchases: unexpected amount or time format")
    return np.asarray(ids, dtype=np.int64), counts, day, both


def load_rows(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> PurchaseRows:
    """Read every purchase up to the end of ``as_of`` in one grouped pass, in a few
    member-id ranges (progress and cancel between them). With a database file and a
    free second core (:func:`_readers`), two connections read alternate ranges at once:
    SQLite releases the GIL while it steps, so the pass takes about half the time. (Each
    member is read whole by one connection: a sale committed meanwhile is wholly in or
    out.)
    ``meanwhile()``, if given, runs on the calling thread while the readers work (or
    first, when reading on this thread)."""
    end = (as_of + dt.timedelta(days=1)).isoformat()
    # two queries: SQLite answers a lone MIN or MAX from the index end (~0 ms); both in
    # one SELECT scan every row (0.4 s)
    lo = db.execute("SELECT MIN(member_id) FROM purchases").fetchone()[0]
    hi = db.execute("SELECT MAX(member_id) FROM purchases").fetchone()[0]
    latest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    sql = _ROWS_SQL.format(time_filter=" AND at < :end" if latest and latest >= end else "")
    chunks: list[tuple[int, int]] = []
    if lo is not None:
        step = max(1, math.ceil((hi - lo + 1) / _CHUNKS))
        chunks = [(start, start + step - 1) for start in range(lo, hi + 1, step)]
    results: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = [
        _parse_chunk([]) for _ in chunks
    ]
    done = [0]
    lock = threading.Lock()

    def read(conn: Any, k: int) -> None:
        if should_cancel is not None and should_cancel():
            raise Cancelled("analysis cancelled")
        a, b = chunks[k]
        # parsed here, so one reader's numpy overlaps the other's SQLite
        results[k] = _parse_chunk(conn.execute(sql, {"lo": a, "hi": b, "end": end}).fetchall())
        with lock:
            done[0] += 1
            if on_progress is not None:
                on_progress(done[0], len(chunks))

    path = _file_of(db)
    workers = _readers()
    if path is None or workers < 2 or len(chunks) < 2 or db.conn.in_transaction:
        if meanwhile is not None:
            meanwhile()
        for k in range(len(chunks)):
            read(db.conn, k)
    else:
        from app.db import connect

        def reader(first: int) -> None:
            other = connect(path)
            try:
                for k in range(first, len(chunks), workers):
                    read(other.conn, k)
            finally:
                other.close()

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="segments") as pool:
            futures = [pool.submit(reader, w) for w in range(workers)]
            if meanwhile is not None:
                meanwhile()
            for fut in futures:
                fut.result()
    member_ids = np.concatenate([r[0] for r in results]) if results else np.zeros(0, np.int64)
    counts = np.concatenate([r[1] for r in results]) if results else np.zeros(0, np.int64)
    day = np.concatenate([r[2] for r in results]) if results else np.zeros(0, np.int32)
    both = np.concatenate([r[3] for r in results]) if results else np.zeros(0, np.int64)
    n = len(day)
    member = np.repeat(np.arange(len(member_ids), dtype=np.int32), counts)
    paid = both >> 1  # floor division by 2, right for negative amounts too
    disc = (both & 1).astype(bool)
    sale = paid >= 0
    # Zero-amount returns look like sales in the covering index: mark them (rare).
    zero = db.execute(
        "SELECT member_id, substr(at, 1, 10) FROM purchases INDEXED BY idx_purchases_return_of "
        "WHERE return_of IS NOT NULL AND paid_fen = 0 AND at < ?",
        [end],
    ).fetchall()
    for mid, day_text in zero:
        k = int(np.searchsorted(member_ids, mid))
        a, b = np.searchsorted(member, [k, k + 1])  # the member's rows
        the_day = _day(dt.date.fromisoformat(day_text))
        hits = np.flatnonzero((day[a:b] == the_day) & (paid[a:b] == 0) & sale[a:b])
        if len(hits):
            sale[a + hits[0]] = False
    # The rows come in (member, at) order from the index; make sure, cheaply.
    if n > 1:
        same = member[1:] == member[:-1]
        if (day[1:][same] < day[:-1][same]).any():
            order = np.lexsort((day, member))
            day, paid, disc, sale = day[order], paid[order], disc[order], sale[order]
    return PurchaseRows(as_of, member_ids, member, day, paid, disc, sale)


# ------------------------------------------------------------------ facts


@dataclass
class Facts:
    """Per-member figures as of ``as_of`` (module docstring); arrays aligned with
    ``member_ids`` (every member who had joined or bought by then, ascending)."""

    as_of: dt.date
    member_ids: np.ndarray
    customer: np.ndarray  # bool: at least one purchase day
    first_day: np.ndarray  # int, -1 for prospects
    last_day: np.ndarray
    recency_days: np.ndarray  # int, -1 for prospects
    tenure_days: np.ndarray
    days: np.ndarray  # distinct purchase days (F)
    days_12m: np.ndarray
    tickets: np.ndarray
    spend_fen: np.ndarray  # net, lifetime (M)
    spend_12m_fen: np.ndarray
    sales_fen: np.ndarray  # gross sales
    discounted_fen: np.ndarray
    ticket_mean_fen: np.ndarray  # float, NaN without tickets
    ticket_cv: np.ndarray
    gap_mean_days: np.ndarray  # NaN with fewer than 2 purchase days
    gap_cv: np.ndarray
    first_day_spend_fen: np.ndarray

    @property
    def x(self) -> np.ndarray:
        return np.maximum(self.days - 1, 0)

    @property
    def t_x(self) -> np.ndarray:
        return np.where(self.customer, self.last_day - self.first_day, 0)

    @property
    def m_x(self) -> np.ndarray:
        """Average net spend of the repeat purchase days, yuan (NaN for x = 0)."""
        x = self.x
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                x > 0,
                (self.spend_fen - self.first_day_spend_fen) / np.maximum(x, 1) / 100.0,
                np.nan,
            )

    @property
    def discount_share(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.sales_fen > 0, self.discounted_fen / self.sales_fen, np.nan)

    def __len__(self) -> int:
        return len(self.member_ids)


def load_members(db: sqlite_utils.Database) -> tuple[np.ndarray, np.ndarray]:
    """Every member's id and join day (days since 1970), ascending ids. Two strings from
    SQLite, parsed by numpy (a join date SQLite cannot read counts as long ago)."""
    ids_text, days_text, n = db.execute(
        "SELECT group_concat(id, ','), "
        "group_concat(COALESCE(CAST(julianday(joined_on) AS INTEGER) - 2440587, -1000000), ','), "
        "COUNT(*) FROM (SELECT id, joined_on FROM members ORDER BY id)"
    ).fetchone()
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int32)
    ids = _parse_ints(ids_text, n)
    days = _parse_ints(days_text, n).astype(np.int32)
    return ids, days


class _Runs:
    """Sorted group indexes 0…k−1 (each group one run): per-group sums and counts."""

    def __init__(self, idx: np.ndarray, k: int) -> None:
        self.idx, self.k = idx, k
        n = len(idx)
        self.first = np.ones(n, bool)
        if n:
            self.first[1:] = idx[1:] != idx[:-1]
        self.starts = np.flatnonzero(self.first)
        self.groups = idx[self.starts]

    def sum(self, values: np.ndarray) -> np.ndarray:
        out = np.zeros(self.k, dtype=values.dtype)
        if len(self.starts):
            out[self.groups] = np.add.reduceat(values, self.starts)
        return out

    def count(self) -> np.ndarray:
        out = np.zeros(self.k, dtype=np.int64)
        if len(self.starts):
            out[self.groups] = np.diff(np.append(self.starts, len(self.idx)))
        return out

    def first_mask(self) -> np.ndarray:
        return self.first

    def last_mask(self) -> np.ndarray:
        last = np.ones(len(self.idx), bool)
        if len(self.idx):
            last[:-1] = self.first[1:]
        return last


def compute_facts(
    rows: PurchaseRows, members: tuple[np.ndarray, np.ndarray], as_of: dt.date
) -> Facts:
    """The figures of every member as of the end of ``as_of`` (on or before
    ``rows.as_of``), from rows already read."""
    D = _day(as_of)
    if as_of > rows.as_of:
        raise ValueError("as_of is after the rows that were read")
    keep = rows.day <= D
    full = bool(keep.all())
    mi = rows.member if full else rows.member[keep]
    day = rows.day if full else rows.day[keep]
    paid = rows.paid if full else rows.paid[keep]
    disc = rows.disc if full else rows.disc[keep]
    sale = rows.sale if full else rows.sale[keep]
    k = len(rows.member_ids)

    # Rows are grouped by member: per-member sums are np.add.reduceat over runs (3-5x
    # faster than bincount); subsets are summed as zeroed values, not compacted.
    rows_g = _Runs(mi, k)
    spend = rows_g.sum(paid)
    recent = day > D - WINDOW_DAYS
    spend12 = rows_g.sum(np.where(recent, paid, 0))
    si, sd, sp = mi[sale], day[sale], paid[sale]
    sales_g = _Runs(si, k)
    tickets = sales_g.count()
    sales = sales_g.sum(sp)
    sales_sq = sales_g.sum(sp.astype(np.float64) ** 2)
    discounted = sales_g.sum(np.where(disc[sale], sp, 0))
    first_of_member = sales_g.first_mask()
    last_of_member = sales_g.last_mask()
    new_day = first_of_member.copy()
    if len(sd):
        new_day[1:] |= sd[1:] != sd[:-1]
    di, dd, dfirst = si[new_day], sd[new_day], first_of_member[new_day]
    days_g = _Runs(di, k)
    days = days_g.count()
    days12 = days_g.sum((dd > D - WINDOW_DAYS).astype(np.int64))
    first_day = np.full(k, -1, np.int64)
    last_day = np.full(k, -1, np.int64)
    first_day[si[first_of_member]] = sd[first_of_member]
    last_day[si[last_of_member]] = sd[last_of_member]
    gaps = np.zeros(len(dd), np.float64)
    if len(dd):
        gaps[1:] = np.where(dfirst[1:], 0, dd[1:] - dd[:-1])
    gap_n = np.maximum(days - 1, 0)
    gap_sum = days_g.sum(gaps)
    gap_sq = days_g.sum(gaps * gaps)
    on_first = day == first_day[mi]
    first_spend = rows_g.sum(np.where(on_first, paid, 0))

    with np.errstate(invalid="ignore", divide="ignore"):
        t_mean = np.where(tickets > 0, sales / np.maximum(tickets, 1), np.nan)
        t_var = np.maximum(sales_sq / np.maximum(tickets, 1) - t_mean**2, 0.0)
        t_cv = np.where(t_mean > 0, np.sqrt(t_var) / t_mean, np.nan)
        g_mean = np.where(gap_n > 0, gap_sum / np.maximum(gap_n, 1), np.nan)
        g_var = np.maximum(gap_sq / np.maximum(gap_n, 1) - g_mean**2, 0.0)
        g_cv = np.where(g_mean > 0, np.sqrt(g_var) / g_mean, np.nan)

    # onto every member who had joined (or bought) by as_of
    all_ids, joined = members
    present = joined <= D
    pos = np.searchsorted(all_ids, rows.member_ids)
    if len(pos) and (
        (pos >= len(all_ids)).any()
        or (all_ids[np.minimum(pos, len(all_ids) - 1)] != rows.member_ids).any()
    ):
        raise ValueError("purchases refer to members that do not exist")
    has_row_activity = np.zeros(len(all_ids), bool)
    has_row_activity[pos] = tickets > 0
    present |= has_row_activity
    ids = all_ids[present]
    n = len(ids)
    where = np.cumsum(present) - 1  # all-members index -> facts index
    target = where[pos]
    # rows' members that are not present (bought only after as_of) drop out
    ok = present[pos]
    target, src = target[ok], np.flatnonzero(ok)

    def spread(values: np.ndarray, fill: float | int, dtype: Any) -> np.ndarray:
        out = np.full(n, fill, dtype=dtype)
        out[target] = values[src]
        return out

    customer = spread(days > 0, False, bool)
    first = spread(first_day, -1, np.int64)
    last = spread(last_day, -1, np.int64)
    return Facts(
        as_of=as_of,
        member_ids=ids,
        customer=customer,
        first_day=first,
        last_day=last,
        recency_days=np.where(customer, D - last, -1),
        tenure_days=np.where(customer, D - first, -1),
        days=spread(days, 0, np.int64),
        days_12m=spread(days12, 0, np.int64),
        tickets=spread(tickets, 0, np.int64),
        spend_fen=spread(spend, 0, np.int64),
        spend_12m_fen=spread(spend12, 0, np.int64),
        sales_fen=spread(sales, 0, np.int64),
        discounted_fen=spread(discounted, 0, np.int64),
        ticket_mean_fen=spread(t_mean, np.nan, np.float64),
        ticket_cv=spread(t_cv, np.nan, np.float64),
        gap_mean_days=spread(g_mean, np.nan, np.float64),
        gap_cv=spread(g_cv, np.nan, np.float64),
        first_day_spend_fen=spread(first_spend, 0, np.int64),
    )


# ------------------------------------------------------------------ scores and cells


def midranks(values: np.ndarray) -> np.ndarray:
    """Mid-rank (1…n) of each value: ties share the average of the ranks they occupy."""
    v = np.asarray(values)
    n = len(v)
    if n == 0:
        return np.zeros(0)
    order = np.argsort(v, kind="stable")
    sv = v[order]
    new = np.ones(n, bool)
    new[1:] = sv[1:] != sv[:-1]
    starts = np.flatnonzero(new)  # each run of equal values holds ranks start+1 … end
    ends = np.append(starts[1:], n)
    ranks = np.empty(n)
    ranks[order] = ((starts + 1 + ends) / 2.0)[np.cumsum(new) - 1]
    return ranks


def quintile_scores(values: np.ndarray, k: int = 5) -> np.ndarray:
    """Scores 1…k, higher for higher values, ties equal (module docstring)."""
    n = len(values)
    if n == 0:
        return np.zeros(0, np.int8)
    score = np.floor(k * (midranks(values) - 0.5) / n).astype(np.int64) + 1
    return np.clip(score, 1, k).astype(np.int8)


def percentiles(values: np.ndarray) -> np.ndarray:
    """Mid-rank percentile (ρ − ½)/n in (0, 1)."""
    n = len(values)
    if n == 0:
        return np.zeros(0)
    return (midranks(values) - 0.5) / n


def pyramid_layers(spend_12m: np.ndarray, rules: Rules) -> np.ndarray:
    """Layer index per member into ``rules.layer_codes()`` (module docstring)."""
    codes = rules.layer_codes()
    out = np.full(len(spend_12m), len(codes) - 1, np.int8)  # inactive
    active = spend_12m > 0
    n = int(active.sum())
    if n:
        v = spend_12m[active]
        s = np.sort(v)
        less = np.searchsorted(s, v, side="left")
        leq = np.searchsorted(s, v, side="right")
        top_rank = (2 * n - leq - less + 1) / 2.0  # mid-rank counted from the top
        cum = np.cumsum([share for _, share in rules.pyramid_layers])
        out[active] = np.searchsorted(cum, top_rank / n - 1e-9, side="left")
    return out


def top_share(spend_12m: np.ndarray, share: float = 0.2) -> float | None:
    """Share of 12-month spend coming from the top ``share`` of active customers."""
    v = np.sort(spend_12m[spend_12m > 0])[::-1]
    if not len(v):
        return None
    k = max(1, round(share * len(v)))
    return float(v[:k].sum() / v.sum())


def _threshold(values: np.ndarray, fixed: float | None) -> float:
    if fixed is not None:
        return float(fixed)
    return float(np.median(values)) if len(values) else 0.0


@dataclass
class Segments:
    """Every member's scores and segments as of ``facts.as_of`` plus the summary
    figures. Cell/layer/state arrays hold indexes into the code tuples (−1: none);
    :meth:`code` turns them into codes."""

    facts: Facts
    rules: Rules
    layer_codes: tuple[str, ...]
    r_score: np.ndarray  # int8, 0 for prospects
    f_score: np.ndarray
    m_score: np.ndarray
    layer: np.ndarray  # index into layer_codes
    loyalty: np.ndarray  # float 0..1, NaN for prospects
    loyalty_cell: np.ndarray  # index into LOYALTY_CELLS, −1 for prospects
    value_cell: np.ndarray  # index into VALUE_CELLS, −1 without a forecast
    lifecycle: np.ndarray  # index into LIFECYCLE
    types: dict[str, np.ndarray]  # code -> bool array
    thresholds: dict[str, float]
    top20_share: float | None
    layer_spend_share: dict[str, float]
    forecast: Any = None  # app.clv.Forecast aligned with the customers, or None
    potential_fen: np.ndarray | None = None  # per member, NaN for prospects
    monthly: list[dict[str, Any]] = field(default_factory=list)
    movement: dict[str, Any] | None = None

    # -- per member
    def code(self, kind: str, i: int) -> str | None:
        """The code of member index ``i`` for ``kind`` (layer, loyalty_cell,
        value_cell, lifecycle)."""
        table = {
            "layer": self.layer_codes,
            "loyalty_cell": LOYALTY_CELLS,
            "value_cell": VALUE_CELLS,
            "lifecycle": LIFECYCLE,
        }[kind]
        k = int(getattr(self, kind)[i])
        return table[k] if k >= 0 else None

    def index_of(self, member_id: int) -> int:
        i = int(np.searchsorted(self.facts.member_ids, member_id))
        if i >= len(self.facts.member_ids) or self.facts.member_ids[i] != member_id:
            raise KeyError(member_id)
        return i

    # -- groups
    def members_in(self, kind: str, code: str) -> np.ndarray:
        """Member ids of one layer, cell, lifecycle state, customer type, strategy or
        R×F cell (``kind="rf"``, ``code="r5f3"``)."""
        mask = self.mask(kind, code)
        return self.facts.member_ids[mask]

    def mask(self, kind: str, code: str) -> np.ndarray:
        if kind == "layer":
            return self.layer == self.layer_codes.index(code)
        if kind == "loyalty_cell":
            return self.loyalty_cell == LOYALTY_CELLS.index(code)
        if kind == "value_cell":
            return self.value_cell == VALUE_CELLS.index(code)
        if kind == "lifecycle":
            return self.lifecycle == LIFECYCLE.index(code)
        if kind == "type":
            return self.types[code].copy()
        if kind == "strategy":
            cells = [c for c, s in STRATEGY_OF.items() if s == code]
            m = np.zeros(len(self.facts), bool)
            for c in cells:
                m |= self.mask("loyalty_cell" if c in LOYALTY_CELLS else "value_cell", c)
            return m
        if kind == "rf":
            r, f = int(code[1]), int(code[3])
            return (self.r_score == r) & (self.f_score == f)
        raise ValueError(f"unknown segment kind {kind!r}")

    def counts(self) -> dict[str, dict[str, int]]:
        """Members per segment of each model."""

        def count(codes: Sequence[str], arr: np.ndarray) -> dict[str, int]:
            bins = np.bincount(arr[arr >= 0].astype(np.int64), minlength=len(codes))
            return {c: int(bins[i]) for i, c in enumerate(codes)}

        strategies = {s: int(self.mask("strategy", s).sum()) for s in STRATEGIES}
        customers = self.facts.customer
        return {
            "pyramid": count(self.layer_codes, self.layer),
            "loyalty_matrix": count(LOYALTY_CELLS, self.loyalty_cell),
            "value_matrix": count(VALUE_CELLS, self.value_cell),
            "lifecycle": count(LIFECYCLE, self.lifecycle),
            "customer_types": {t: int(self.types[t].sum()) for t in CUSTOMER_TYPES},
            "strategies": strategies,
            "rfm_r": {str(s): int((self.r_score[customers] == s).sum()) for s in range(1, 6)},
            "rfm_f": {str(s): int((self.f_score[customers] == s).sum()) for s in range(1, 6)},
            "rfm_m": {str(s): int((self.m_score[customers] == s).sum()) for s in range(1, 6)},
        }

    def rf_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, mean monetary in yuan) over R (rows 1..5) × F (columns 1..5)."""
        c = self.facts.customer
        idx = (self.r_score[c].astype(np.int64) - 1) * 5 + (self.f_score[c].astype(np.int64) - 1)
        m = (
            self.facts.spend_fen[c]
            if self.rules.rfm_window == "lifetime"
            else self.facts.spend_12m_fen[c]
        )
        counts = np.bincount(idx, minlength=25).reshape(5, 5)
        sums = np.bincount(idx, m / 100.0, minlength=25).reshape(5, 5)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        return counts, mean


def lifecycle_states(facts: Facts, rules: Rules) -> np.ndarray:
    """Index into LIFECYCLE per member: the first rule of the module docstring that
    applies (later assignments below win, so they are written in reverse)."""
    c = facts.customer
    rec = facts.recency_days
    life = np.zeros(len(facts), np.int8)  # prospect
    life[c] = LIFECYCLE.index("repeat")
    loyal = (facts.days_12m >= rules.loyal_min_days_12m) & (
        facts.tenure_days >= rules.loyal_min_tenure_days
    )
    life[c & loyal] = LIFECYCLE.index("loyal")
    life[c & (facts.days == 1)] = LIFECYCLE.index("new")
    life[c & (rec > rules.dormant_days)] = LIFECYCLE.index("dormant")
    life[c & (rec > rules.lost_days)] = LIFECYCLE.index("lost")
    return life


def segment(facts: Facts, rules: Rules, forecast: Any = None) -> Segments:
    """Scores and segments of every member of ``facts``. ``forecast`` is an
    ``app.clv.Forecast`` over the customers (in facts order) or None (no value matrix)."""
    n = len(facts)
    c = facts.customer
    codes = rules.layer_codes()

    # RFM
    r_score = np.zeros(n, np.int8)
    f_score = np.zeros(n, np.int8)
    m_score = np.zeros(n, np.int8)
    if c.any():
        f_vals = facts.days if rules.rfm_window == "lifetime" else facts.days_12m
        m_vals = facts.spend_fen if rules.rfm_window == "lifetime" else facts.spend_12m_fen
        r_score[c] = quintile_scores(-facts.recency_days[c])
        f_score[c] = quintile_scores(f_vals[c])
        m_score[c] = quintile_scores(m_vals[c])

    layer = pyramid_layers(facts.spend_12m_fen, rules)
    total12 = float(facts.spend_12m_fen[facts.spend_12m_fen > 0].sum())
    layer_spend_share = {}
    for i, code in enumerate(codes):
        sel = (layer == i) & (facts.spend_12m_fen > 0)
        layer_spend_share[code] = (
            float(facts.spend_12m_fen[sel].sum() / total12) if total12 else 0.0
        )

    # loyalty x value
    loyalty = np.full(n, np.nan)
    loyalty_cell = np.full(n, -1, np.int8)
    thresholds: dict[str, float] = {}
    if c.any():
        loyalty[c] = (
            percentiles(facts.days_12m[c])
            + percentiles(facts.tenure_days[c])
            + percentiles(-facts.recency_days[c])
        ) / 3.0
        thr_l = _threshold(loyalty[c], rules.loyalty_threshold)
        thr_v = _threshold(facts.spend_fen[c], rules.value_threshold_fen)
        thresholds.update(loyalty=thr_l, value_fen=thr_v)
        # LOYALTY_CELLS order: true_friend (loyal, valuable), barnacle (loyal, low
        # value), butterfly (not loyal, valuable), stranger
        hl, hv = loyalty[c] > thr_l, facts.spend_fen[c] > thr_v
        loyalty_cell[c] = np.where(hl, np.where(hv, 0, 1), np.where(hv, 2, 3))

    # current x potential
    value_cell = np.full(n, -1, np.int8)
    potential = None
    if forecast is not None and forecast.bgnbd is not None and c.any():
        potential = np.full(n, np.nan)
        potential[c] = forecast.expected_value_fen
        cur = facts.spend_12m_fen[c]
        thr_c = _threshold(cur, rules.current_threshold_fen)
        thr_p = _threshold(potential[c], rules.potential_threshold_fen)
        thresholds.update(current_fen=thr_c, potential_fen=thr_p)
        hc, hp = cur > thr_c, potential[c] > thr_p
        value_cell[c] = np.where(hc, np.where(hp, 0, 1), np.where(hp, 2, 3))

    life = lifecycle_states(facts, rules)
    rec = facts.recency_days

    # customer types
    with np.errstate(invalid="ignore"):
        ineffective = c & (facts.days == 1) & (rec > rules.one_time_gone_days)
        types = {
            "effective": c & ~ineffective,
            "ineffective": ineffective,
            "discount": c
            & (facts.tickets >= rules.min_tickets)
            & (np.nan_to_num(facts.discount_share, nan=0.0) >= rules.discount_share),
            "frequency": c
            & (facts.days - 1 >= rules.min_tickets)
            & (np.nan_to_num(facts.gap_cv, nan=np.inf) <= rules.frequency_max_cv),
            "amount": c
            & (facts.tickets >= rules.min_tickets)
            & (np.nan_to_num(facts.ticket_cv, nan=np.inf) <= rules.amount_max_cv),
        }

    return Segments(
        facts=facts,
        rules=rules,
        layer_codes=codes,
        r_score=r_score,
        f_score=f_score,
        m_score=m_score,
        layer=layer,
        loyalty=loyalty,
        loyalty_cell=loyalty_cell,
        value_cell=value_cell,
        lifecycle=life,
        types=types,
        thresholds=thresholds,
        top20_share=top_share(facts.spend_12m_fen),
        layer_spend_share=layer_spend_share,
        forecast=forecast,
        potential_fen=potential,
    )


def run_forecast(facts: Facts, rules: Rules) -> Any:
    """Fit BG/NBD and Gamma-Gamma on the customers of ``facts`` and score them."""
    from app import clv

    c = facts.customer
    return clv.forecast(
        facts.x[c], facts.t_x[c], facts.tenure_days[c], facts.m_x[c], rules.clv_rules()
    )


# ------------------------------------------------------------------ monthly series


def monthly_series(rows: PurchaseRows, as_of: dt.date, months: int = 24) -> list[dict[str, Any]]:
    """Net sales, active members (with a sale that month) and new customers (first
    purchase that month) for the last ``months`` calendar months up to ``as_of`` (the
    last one partial)."""
    D = _day(as_of)
    last = np.datetime64(as_of, "M")
    starts = np.arange(last - months + 1, last + 1).astype("datetime64[D]").astype(np.int64)
    keep = (rows.day <= D) & (rows.day >= starts[0])
    day, mi, paid, sale = rows.day[keep], rows.member[keep], rows.paid[keep], rows.sale[keep]
    month = np.searchsorted(starts, day, side="right") - 1
    sales = np.bincount(month, paid.astype(np.float64), minlength=months)
    # (member, month) runs: rows are in member then time order
    sm, smi = month[sale], mi[sale]
    new_pair = np.ones(len(sm), bool)
    if len(sm):
        new_pair[1:] = (smi[1:] != smi[:-1]) | (sm[1:] != sm[:-1])
    active = np.bincount(sm[new_pair], minlength=months)
    # first sale ever, per member (looking at all rows up to as_of)
    all_sale = rows.sale & (rows.day <= D)
    am, ad = rows.member[all_sale], rows.day[all_sale]
    first = np.ones(len(am), bool)
    if len(am):
        first[1:] = am[1:] != am[:-1]
    fd = ad[first]
    fd = fd[fd >= starts[0]]
    new = np.bincount(np.searchsorted(starts, fd, side="right") - 1, minlength=months)
    return [
        {
            "month": str(np.datetime64(int(starts[k]), "D").astype("datetime64[M]")),
            "sales_fen": round(float(sales[k])),
            "active_members": int(active[k]),
            "new_customers": int(new[k]),
        }
        for k in range(months)
    ]


# ------------------------------------------------------------------ snapshots and movement


def month_end(d: dt.date) -> dt.date:
    nxt = (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def previous_month_end(d: dt.date) -> dt.date:
    return d.replace(day=1) - dt.timedelta(days=1)


def _snapshot_fresh(db: sqlite_utils.Database, month: str, rules: Rules) -> bool:
    row = db.execute(
        "SELECT as_of, max_purchase_id, max_member_id, rules_hash "
        "FROM segment_snapshot_months WHERE month = ?",
        [month],
    ).fetchone()
    if row is None:
        return False
    as_of, max_pid, max_mid, rules_hash = row
    if rules_hash != rules.fingerprint():
        return False
    end = (dt.date.fromisoformat(as_of) + dt.timedelta(days=1)).isoformat()
    # only the rows added since (a rowid range); "+at" keeps the planner off the
    # (at) index, which would walk every older purchase instead
    late = db.execute(
        "SELECT EXISTS (SELECT 1 FROM purchases WHERE id > ? AND +at < ?)", [max_pid, end]
    ).fetchone()[0]
    if late:
        return False
    joined = db.execute(
        "SELECT EXISTS (SELECT 1 FROM members WHERE id > ? AND joined_on <= ?)", [max_mid, as_of]
    ).fetchone()[0]
    return not joined


def _state(facts: Facts, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """(layer index, lifecycle index) per member: what a snapshot keeps."""
    return pyramid_layers(facts.spend_12m_fen, rules), lifecycle_states(facts, rules)


def write_snapshot(
    db: sqlite_utils.Database, facts: Facts, rules: Rules, *, month: str | None = None
) -> int:
    """Store the layer and lifecycle state of every member of ``facts`` as the snapshot
    of ``month`` (default: the month of ``facts.as_of``), replacing it. Returns rows."""
    month = month or facts.as_of.strftime("%Y-%m")
    layer, life = _state(facts, rules)
    codes = rules.layer_codes()
    layer_names = np.asarray(codes, dtype=object)[layer]
    life_names = np.asarray(LIFECYCLE, dtype=object)[life]
    max_pid = db.execute("SELECT COALESCE(MAX(id), 0) FROM purchases").fetchone()[0]
    max_mid = db.execute("SELECT COALESCE(MAX(id), 0) FROM members").fetchone()[0]
    # one JSON array of [id, layer, state] rows, unpacked by SQLite (2x executemany)
    payload = json.dumps(
        list(zip(facts.member_ids.tolist(), layer_names.tolist(), life_names.tolist(), strict=True))
    )
    with db.atomic():
        db.execute("DELETE FROM segment_snapshots WHERE month = ?", [month])
        db.execute(
            "INSERT INTO segment_snapshots (month, member_id, layer, lifecycle) "
            "SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)",
            [month, payload],
        )
        db.execute(
            "INSERT INTO segment_snapshot_months "
            "(month, as_of, computed_at, max_purchase_id, max_member_id, rules_hash) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(month) DO UPDATE SET "
            "as_of = excluded.as_of, computed_at = excluded.computed_at, "
            "max_purchase_id = excluded.max_purchase_id, "
            "max_member_id = excluded.max_member_id, rules_hash = excluded.rules_hash",
            [month, facts.as_of.isoformat(), now(), max_pid, max_mid, rules.fingerprint()],
        )
    return len(facts)


def read_snapshot(db: sqlite_utils.Database, month: str) -> dict[int, tuple[str, str]]:
    """``{member_id: (layer, lifecycle)}`` of a stored snapshot ({} when none)."""
    ids, layers, states = _snapshot_columns(db, month)
    return dict(zip(ids.tolist(), zip(layers, states, strict=True), strict=True))


def _snapshot_columns(
    db: sqlite_utils.Database, month: str
) -> tuple[np.ndarray, list[str], list[str]]:
    """A stored snapshot as (member ids ascending, layer codes, lifecycle codes): three
    strings from SQLite instead of 100k row tuples (~2x faster)."""
    ids, layers, states, n = db.execute(
        "SELECT group_concat(member_id, ','), group_concat(layer, ','), "
        "group_concat(lifecycle, ','), COUNT(*) FROM segment_snapshots WHERE month = ?",
        [month],
    ).fetchone()
    if not n:
        return np.zeros(0, np.int64), [], []
    return _parse_ints(ids, n), layers.split(","), states.split(",")


def invalidate_snapshots(db: sqlite_utils.Database, *, since: dt.date | None = None) -> int:
    """Forget stored snapshots (of months ending on or after ``since``; all when None);
    they are rebuilt from facts when next needed. Returns how many months."""
    where, params = "", []
    if since is not None:
        where, params = " WHERE as_of >= ?", [since.isoformat()]
    with db.atomic():
        months = [
            m for (m,) in db.execute("SELECT month FROM segment_snapshot_months" + where, params)
        ]
        for m in months:
            db.execute("DELETE FROM segment_snapshots WHERE month = ?", [m])
            db.execute("DELETE FROM segment_snapshot_months WHERE month = ?", [m])
    return len(months)


def rebuild_snapshots(
    db: sqlite_utils.Database,
    months: Iterable[str],
    *,
    rules: Rules | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> int:
    """Recompute the snapshots of ``months`` (``YYYY-MM``) from facts; returns rows."""
    rules = rules or Rules.load(db)
    ends = sorted(month_end(dt.date.fromisoformat(m + "-01")) for m in months)
    if not ends:
        return 0
    rows = load_rows(db, as_of=ends[-1], should_cancel=should_cancel)
    members = load_members(db)
    total = 0
    for i, end in enumerate(ends):
        total += write_snapshot(db, compute_facts(rows, members, end), rules)
        if on_progress is not None:
            on_progress(i + 1, len(ends))
    return total


def movement(
    db: sqlite_utils.Database,
    seg: Segments,
    rows: PurchaseRows,
    members: tuple[np.ndarray, np.ndarray],
    *,
    store: bool = True,
) -> dict[str, Any]:
    """Members who moved between pyramid layers and lifecycle states from the end of
    the previous month to ``seg.facts.as_of``. The previous state comes from the stored
    snapshot when it is fresh, else from facts (stored when ``store``)."""
    rules = seg.rules
    prev_end = previous_month_end(seg.facts.as_of)
    month = prev_end.strftime("%Y-%m")
    codes = rules.layer_codes()
    source = "snapshot"
    if _snapshot_fresh(db, month, rules):
        prev_ids, layer_names, life_names = _snapshot_columns(db, month)
        order = np.argsort(prev_ids, kind="stable")  # (already ascending: the key order)
        prev_ids = prev_ids[order]
        li = {c: i for i, c in enumerate(codes)}
        si = {c: i for i, c in enumerate(LIFECYCLE)}
        prev_layer = np.array([li.get(c, -1) for c in layer_names], np.int64)[order]
        prev_life = np.array([si.get(c, -1) for c in life_names], np.int64)[order]
    else:
        source = "facts"
        pf = compute_facts(rows, members, prev_end)
        pl, pc = _state(pf, rules)
        prev_ids, prev_layer, prev_life = pf.member_ids, pl.astype(np.int64), pc.astype(np.int64)
        if store:
            try:
                write_snapshot(db, pf, rules, month=month)
            except sqlite3.DatabaseError:  # a read-only or busy file: movement still works
                source = "facts (not stored)"

    ids = seg.facts.member_ids
    pos = np.searchsorted(prev_ids, ids)
    pos_c = np.minimum(pos, max(len(prev_ids) - 1, 0))
    known = (
        (pos < len(prev_ids)) & (prev_ids[pos_c] == ids)
        if len(prev_ids)
        else np.zeros(len(ids), bool)
    )

    def table(
        now_idx: np.ndarray, before: np.ndarray, names: Sequence[str], ranked: bool
    ) -> dict[str, Any]:
        b = np.where(known, before[pos_c] if len(before) else -1, -1)
        moved = known & (b >= 0) & (b != now_idx)  # b < 0: a code these rules lack
        flows: dict[str, int] = {}
        if moved.any():
            pairs = b[moved] * len(names) + now_idx[moved]
            for p, cnt in zip(*np.unique(pairs, return_counts=True), strict=True):
                flows[f"{names[p // len(names)]}->{names[p % len(names)]}"] = int(cnt)
        joined = ~known
        out: dict[str, Any] = {"moved": int(moved.sum())}
        if ranked:  # layers are ordered from the top: a smaller index is a higher layer
            out["up"] = int((moved & (now_idx < b)).sum())
        return {
            **out,
            "flows": dict(sorted(flows.items(), key=lambda kv: -kv[1])),
            "new_members": int(joined.sum()),
            "before": {
                names[i]: int(v)
                for i, v in enumerate(np.bincount(b[known & (b >= 0)], minlength=len(names)))
            },
        }

    layers = table(seg.layer.astype(np.int64), prev_layer, codes, ranked=True)
    life = table(seg.lifecycle.astype(np.int64), prev_life, LIFECYCLE, ranked=False)
    return {"since": prev_end.isoformat(), "source": source, "pyramid": layers, "lifecycle": life}


# ------------------------------------------------------------------ the whole analysis


def _prefetch(module: str) -> threading.Thread | None:
    """Import ``module`` on a helper thread (a failure surfaces at the real import)."""
    if module in sys.modules:
        return None

    def load() -> None:
        with contextlib.suppress(Exception):
            importlib.import_module(module)

    thread = threading.Thread(target=load, name="segments-import", daemon=True)
    thread.start()
    return thread


def analyze(
    db: sqlite_utils.Database,
    *,
    as_of: dt.date | None = None,
    rules: Rules | None = None,
    with_forecast: bool = True,
    with_movement: bool = True,
    store_snapshots: bool = True,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> Segments:
    """Everything the analytics page, the ``analyze`` command and the monthly report
    show, as of the end of ``as_of`` (default today). Progress runs 0…100."""
    as_of = as_of or dt.date.today()
    rules = rules or Rules.load(db)

    def progress(done: int, total: int = 100) -> None:
        if on_progress is not None:
            on_progress(done, total)
        if should_cancel is not None and should_cancel():
            raise Cancelled("analysis cancelled")

    progress(0)
    # scipy takes ~0.3 s to import: let that happen while SQLite reads (it releases the GIL)
    loader = _prefetch("app.clv") if with_forecast else None
    found: list[tuple[np.ndarray, np.ndarray]] = []
    rows = load_rows(
        db,
        as_of=as_of,
        on_progress=lambda d, t: progress(int(60 * d / max(t, 1))),
        should_cancel=should_cancel,
        meanwhile=lambda: found.append(load_members(db)),
    )
    members = found[0]
    facts = compute_facts(rows, members, as_of)
    if loader is not None:
        loader.join()
    progress(70)
    fc = run_forecast(facts, rules) if with_forecast else None
    progress(85)
    seg = segment(facts, rules, fc)
    seg.monthly = monthly_series(rows, as_of)
    progress(90)
    if with_movement:
        seg.movement = movement(db, seg, rows, members, store=store_snapshots)
    progress(100)
    return seg


def summary(seg: Segments) -> dict[str, Any]:
    """The figures of an analysis as JSON-ready data (what ``analyze --json`` prints)."""
    fc = seg.forecast
    facts = seg.facts
    models: dict[str, Any] = {"bgnbd": None, "gamma_gamma": None, "note": ""}
    if fc is not None:
        models["note"] = fc.note
        if fc.bgnbd is not None:
            models["bgnbd"] = {
                **{k: round(v, 6) for k, v in fc.bgnbd.as_dict().items()},
                "alpha_unit": "day",
                "log_likelihood": round(fc.bgnbd.log_likelihood, 3),
                "customers": fc.bgnbd.n,
                "converged": fc.bgnbd.converged,
            }
        if fc.gamma_gamma is not None:
            models["gamma_gamma"] = {
                **{k: round(v, 6) for k, v in fc.gamma_gamma.as_dict().items()},
                "gamma_unit": "yuan",
                "mean_spend_yuan": round(fc.gamma_gamma.mean_spend, 2),
                "customers": fc.gamma_gamma.n,
                "converged": fc.gamma_gamma.converged,
            }
    c = facts.customer
    out: dict[str, Any] = {
        "as_of": facts.as_of.isoformat(),
        "members": len(facts),
        "customers": int(c.sum()),
        "top20_share": None if seg.top20_share is None else round(seg.top20_share, 4),
        "thresholds": {k: round(v, 4) for k, v in seg.thresholds.items()},
        "counts": seg.counts(),
        "pyramid_spend_share": {k: round(v, 4) for k, v in seg.layer_spend_share.items()},
        "models": models,
    }
    if r := _r(fc):
        out["params"] = r
    if fc is not None and fc.bgnbd is not None:
        out["forecast"] = {
            "days": fc.rules.forecast_days,
            "expected_purchases": round(float(np.nansum(fc.expected_purchases)), 1),
            "expected_sales_fen": int(np.nansum(fc.expected_value_fen)),
            "mean_p_alive": round(float(np.nanmean(fc.p_alive)), 4),
            "clv_total_fen": int(np.nansum(fc.clv_fen)),
        }
    if seg.movement is not None:
        out["movement"] = seg.movement
    return out


def _r(fc: Any) -> dict[str, float] | None:
    """The flat parameter block: r, alpha (per day), a, b, p, q, gamma."""
    if fc is None or fc.bgnbd is None:
        return None
    out = {k: round(v, 6) for k, v in fc.bgnbd.as_dict().items()}
    if fc.gamma_gamma is not None:
        out.update({k: round(v, 6) for k, v in fc.gamma_gamma.as_dict().items()})
    return out


# ------------------------------------------------------------------ member rows

COLUMNS = (
    "member_id",
    "member_no",
    "name",
    "phone",
    "recency_days",
    "days",
    "days_12m",
    "tickets",
    "spend_fen",
    "spend_12m_fen",
    "r_score",
    "f_score",
    "m_score",
    "layer",
    "loyalty",
    "loyalty_cell",
    "loyalty_strategy",
    "value_cell",
    "value_strategy",
    "lifecycle",
    "types",
    "discount_share",
    "gap_cv",
    "ticket_cv",
    "p_alive",
    "expected_purchases",
    "expected_spend_yuan",
    "potential_fen",
    "clv_fen",
)


def member_rows(
    db: sqlite_utils.Database, seg: Segments, member_ids: Iterable[int] | None = None
) -> list[tuple[Any, ...]]:
    """One tuple per member (``COLUMNS``), in id order: every score, segment code,
    P(active), expected purchases and CLV. Codes stay codes (``app.labels`` words)."""
    facts = seg.facts
    if member_ids is None:
        idx = np.arange(len(facts))
    else:
        wanted = np.unique(np.fromiter(member_ids, dtype=np.int64))
        idx = np.searchsorted(facts.member_ids, wanted)
        ok = (idx < len(facts)) & (facts.member_ids[np.minimum(idx, len(facts) - 1)] == wanted)
        idx = idx[ok]
    info = {}
    for mid, no, name, phone in db.execute(
        "SELECT id, member_no, name, phone FROM members"
        + ("" if member_ids is None else " WHERE id IN (SELECT value FROM json_each(?))"),
        [] if member_ids is None else [json.dumps(facts.member_ids[idx].tolist())],
    ):
        info[mid] = (no, name, phone)
    n = len(idx)
    customer = facts.customer[idx]

    def nums(values: np.ndarray, nd: int) -> list[float | None]:
        v = np.round(values.astype(np.float64), nd)
        return [
            None if not ok else x for x, ok in zip(v.tolist(), np.isfinite(v).tolist(), strict=True)
        ]

    def ints(values: np.ndarray, none_where: np.ndarray | None = None) -> list[int | None]:
        out = values.astype(np.int64).tolist()
        if none_where is not None:
            out = [None if no else v for v, no in zip(out, none_where.tolist(), strict=True)]
        return out

    def codes(table: Sequence[str], arr: np.ndarray) -> list[str | None]:
        lookup = [*table, None]  # index -1 -> None
        return [lookup[k] for k in arr[idx].tolist()]

    # forecast columns: the forecast arrays are over customers, in facts order
    fc = seg.forecast
    empty = [None] * n
    p_alive, expected, spend, potential, clv_col = empty, empty, empty, empty, empty
    if fc is not None and fc.bgnbd is not None:
        j = (np.cumsum(facts.customer) - 1)[idx]
        jj = np.where(customer, j, 0)

        def pick(values: np.ndarray) -> np.ndarray:
            return np.where(customer, values[jj] if len(values) else np.nan, np.nan)

        p_alive = nums(pick(fc.p_alive), 4)
        expected = nums(pick(fc.expected_purchases), 3)
        spend = nums(pick(fc.expected_spend), 2)
        clv_col = [None if v is None else round(v) for v in nums(pick(fc.clv_fen), 0)]
        if seg.potential_fen is not None:
            potential = [None if v is None else round(v) for v in nums(seg.potential_fen[idx], 0)]
    lcells = codes(LOYALTY_CELLS, seg.loyalty_cell)
    vcells = codes(VALUE_CELLS, seg.value_cell)
    type_flags = [seg.types[t][idx].tolist() for t in CUSTOMER_TYPES]
    type_text = (
        [
            ",".join(t for t, flags in zip(CUSTOMER_TYPES, row, strict=True) if flags)
            for row in zip(*type_flags, strict=True)
        ]
        if n
        else []
    )
    ids = facts.member_ids[idx].tolist()
    names = [info.get(mid, ("", "", None)) for mid in ids]
    no_score = ~customer
    columns = [
        ids,
        [x[0] for x in names],
        [x[1] for x in names],
        [x[2] for x in names],
        ints(facts.recency_days[idx], no_score),
        ints(facts.days[idx]),
        ints(facts.days_12m[idx]),
        ints(facts.tickets[idx]),
        ints(facts.spend_fen[idx]),
        ints(facts.spend_12m_fen[idx]),
        ints(seg.r_score[idx], no_score),
        ints(seg.f_score[idx], no_score),
        ints(seg.m_score[idx], no_score),
        codes(seg.layer_codes, seg.layer),
        nums(seg.loyalty[idx], 4),
        lcells,
        [STRATEGY_OF.get(c) if c else None for c in lcells],
        vcells,
        [STRATEGY_OF.get(c) if c else None for c in vcells],
        codes(LIFECYCLE, seg.lifecycle),
        type_text,
        nums(facts.discount_share[idx], 4),
        nums(facts.gap_cv[idx], 4),
        nums(facts.ticket_cv[idx], 4),
        p_alive,
        expected,
        spend,
        potential,
        clv_col,
    ]
    return list(zip(*columns, strict=True)) if n else []


# ------------------------------------------------------------------ Excel export


def export_xlsx(
    db: sqlite_utils.Database,
    seg: Segments,
    path: Any,
    *,
    member_ids: Iterable[int] | None = None,
    lang: str = "zh",
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    actor: Actor | None = None,
    mask_phones: bool = True,
) -> int:
    """Write one row per member (all, or ``member_ids``) with every score and segment
    to an .xlsx file. Phones are masked (``138****5678``) unless ``mask_phones`` is
    false. With ``actor`` (the app's export action) the actor must be allowed to
    export (``app.permissions.EXPORT``; full phones also ``UNMASK``) and the export is
    written to the audit log; without one it is the command line's (the system).
    Codes become words in ``lang``; money in yuan. Returns the number
    of member rows. Written with the project's streaming writer (app/excel/xlsxstream:
    100k members in seconds, where openpyxl's write-only mode takes minutes); progress
    and cancel every 1,000 rows (a cancelled export leaves no file)."""
    from pathlib import Path

    from app import permissions
    from app.excel.xlsxstream import Workbook
    from app.labels import word
    from app.normalize import mask_phone

    if actor is not None:
        permissions.require(actor, permissions.EXPORT)
        if not mask_phones:
            permissions.require(actor, permissions.UNMASK)
    rows = member_rows(db, seg, member_ids)
    header_zh = {
        "member_id": "ID",
        "member_no": "会员号",
        "name": "姓名",
        "phone": "手机",
        "recency_days": "距上次消费天数(R)",
        "days": "消费天数(F)",
        "days_12m": "近12个月消费天数",
        "tickets": "小票数",
        "spend_fen": "累计消费额(元)(M)",
        "spend_12m_fen": "近12个月消费额(元)",
        "r_score": "R分",
        "f_score": "F分",
        "m_score": "M分",
        "layer": "金字塔层",
        "loyalty": "忠诚度",
        "loyalty_cell": "客户矩阵",
        "loyalty_strategy": "策略(客户矩阵)",
        "value_cell": "价值矩阵",
        "value_strategy": "策略(价值矩阵)",
        "lifecycle": "生命周期",
        "types": "顾客类型",
        "discount_share": "折扣消费占比",
        "gap_cv": "购买间隔变异系数",
        "ticket_cv": "客单价变异系数",
        "p_alive": "仍活跃概率",
        "expected_purchases": f"预计购买次数({seg.rules.clv_forecast_days}天)",
        "expected_spend_yuan": "预计客单价(元)",
        "potential_fen": "潜在价值(元)",
        "clv_fen": "客户终身价值CLV(元)",
    }
    headers = [header_zh[c] if lang == "zh" else c.removesuffix("_fen") for c in COLUMNS]
    text_cols = {"member_no", "name", "phone"}
    int_cols = {"member_id", "recency_days", "days", "days_12m", "tickets", "r_score",
                "f_score", "m_score"}  # fmt: skip
    kinds = [
        "money" if c.endswith("_fen") else "text" if c in text_cols else
        "int" if c in int_cols else "default"
        for c in COLUMNS
    ]  # fmt: skip
    widths = [max(8.0, min(24.0, 1.6 * len(h) + 2)) for h in headers]
    groups = {
        COLUMNS.index("layer"): "pyramid_layer",
        COLUMNS.index("loyalty_cell"): "loyalty_cell",
        COLUMNS.index("value_cell"): "value_cell",
        COLUMNS.index("loyalty_strategy"): "strategy",
        COLUMNS.index("value_strategy"): "strategy",
        COLUMNS.index("lifecycle"): "lifecycle",
    }
    t_col = COLUMNS.index("types")
    p_col = COLUMNS.index("phone")
    wb = Workbook(path)
    try:
        sheet = wb.add_sheet("会员" if lang == "zh" else "members", headers, widths)
        for k, row in enumerate(rows):
            if k % 1000 == 0:
                if should_cancel is not None and should_cancel():
                    raise Cancelled("export cancelled")
                if on_progress is not None:
                    on_progress(k, len(rows))
            out = list(row)
            if mask_phones:
                out[p_col] = mask_phone(out[p_col])
            for i, group in groups.items():
                out[i] = word(group, out[i], lang)
            out[t_col] = "、".join(
                word("customer_type", t, lang) for t in row[t_col].split(",") if t
            )
            sheet.write(out, kinds)
        wb.close()
    except BaseException:
        wb.abort()
        Path(path).unlink(missing_ok=True)
        raise
    if actor is not None:
        with db.atomic():
            audit.record(
                db,
                actor,
                "export",
                "segments",
                None,
                f"{Path(path).name}: {len(rows)} members, phones "
                + ("masked" if mask_phones else "in full"),
            )
    return len(rows)


# ------------------------------------------------------------------ call-list tasks


def add_campaign_tasks(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_ids: Iterable[int],
    purpose: str,
    due: dt.date | str,
    note: str | None = None,
) -> Changes:
    """Put members on the call list with ``purpose`` (a ``purpose`` code of
    app.labels, e.g. ``promotion``, ``winback``) on ``due``: one open task per member,
    purpose and day (an open duplicate is skipped). Anonymised members are skipped. The
    call list reads ``campaign_tasks``; a task is done when ``done_at`` is set."""
    from app.labels import choices

    errors = []
    if purpose not in choices("purpose"):
        errors.append(
            FieldError(
                "purpose",
                "choice_invalid",
                {"value": purpose, "choices": ", ".join(choices("purpose"))},
            )
        )
    due_text = due.isoformat() if isinstance(due, dt.date) else str(due)
    try:
        dt.date.fromisoformat(due_text)
    except ValueError:
        errors.append(FieldError("due", "date_invalid", {"value": due_text}))
    if errors:
        raise ValidationError(errors)
    ids = sorted({int(m) for m in member_ids})
    if not ids:
        return Changes()
    created = now()
    with db.atomic():
        before = db.execute("SELECT COALESCE(MAX(id), 0) FROM campaign_tasks").fetchone()[0]
        cur = db.execute(
            """
            INSERT INTO campaign_tasks (member_id, purpose, due, note, created_by, created_at)
            SELECT m.id, :purpose, :due, :note, :user, :created
            FROM members m
            WHERE m.id IN (SELECT value FROM json_each(:ids)) AND m.status <> 'anonymised'
              AND NOT EXISTS (SELECT 1 FROM campaign_tasks t WHERE t.member_id = m.id
                              AND t.purpose = :purpose AND t.due = :due AND t.done_at IS NULL)
            """,
            {
                "purpose": purpose,
                "due": due_text,
                "note": note,
                "user": actor.user_id,
                "created": created,
                "ids": json.dumps(ids),
            },
        )
        n = cur.rowcount
        added = [
            mid
            for (mid,) in db.execute("SELECT member_id FROM campaign_tasks WHERE id > ?", [before])
        ]
        audit.record(
            db,
            actor,
            "campaign_tasks",
            "campaign_tasks",
            None,
            f"{n} call-list tasks, purpose {purpose}, due {due_text}"
            + (f": {note}" if note else ""),
        )
    return Changes.of({"campaign_tasks"}, added)


def open_campaign_tasks(db: sqlite_utils.Database, *, due_by: dt.date) -> list[dict[str, Any]]:
    """Open campaign tasks due on or before ``due_by`` (for the call list)."""
    cur = db.execute(
        "SELECT id, member_id, purpose, due, note, created_by, created_at FROM campaign_tasks "
        "WHERE done_at IS NULL AND due <= ? ORDER BY due, id",
        [due_by.isoformat()],
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# ------------------------------------------------------------------ cache


def data_fingerprint(db: sqlite_utils.Database) -> tuple[Any, ...]:
    """Cheap values that change when the facts an analysis reads change: new or
    changed purchases (the newest id and ``member_stats`` sums, which every purchase
    writer keeps), members added or removed, settings changed."""
    p = db.execute("SELECT COALESCE(MAX(id), 0) FROM purchases").fetchone()[0]
    m = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM members").fetchone()
    s = db.execute(
        "SELECT COALESCE(SUM(visits), 0), COALESCE(SUM(total_paid_fen), 0) FROM member_stats"
    ).fetchone()
    keys = sorted(Rules.KEYS.values())
    cfg = db.execute(
        "SELECT group_concat(key || '=' || value, ';') FROM (SELECT key, value FROM settings "
        "WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key)",
        [json.dumps(keys)],
    ).fetchone()[0]
    return (p, *m, *s, cfg or "")


class AnalysisCache:
    """Keeps the last analysis per (as-of date) and hands it back while
    :func:`data_fingerprint` is unchanged; ``invalidate()`` forgets it."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[Any, ...], Segments]] = {}

    def get(self, db: sqlite_utils.Database, as_of: dt.date) -> Segments | None:
        entry = self._entries.get(as_of.isoformat())
        if entry is None or entry[0] != data_fingerprint(db):
            return None
        return entry[1]

    def put(self, fingerprint: tuple[Any, ...], seg: Segments) -> None:
        self._entries = {seg.facts.as_of.isoformat(): (fingerprint, seg)}

    def invalidate(self) -> None:
        self._entries.clear()
