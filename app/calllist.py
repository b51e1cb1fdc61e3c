"""Today's call list (回访清单): derived from the archive, purchases and the contact log
every time it is asked for, never stored.

``call_list(db, today=…)`` returns :class:`Task` rows, overdue first, then by due date.
The rules and their thresholds (``app.settings.DEFAULTS``, keys ``calllist_*``):

=====================  ===================================  ==========================
reason (purpose)       when                                 shown
=====================  ===================================  ==========================
``birthday``           the member's birthday, solar or      from ``birthday_lead_days``
(``birthday``)         lunar (app.lunar's customs: leap     (7) before to
                       month, day 30, 29 Feb)               ``birthday_overdue_days``
                                                            (3) after
``family_birthday``    a family member's birthday           same
(``family_occasion``)
``wedding_anniversary`` the wedding date                    same
(``family_occasion``)
``post_sale_day1``     the day after a sale, a week after   from the due day to
``post_sale_day7``     (not returns; fully returned sales   ``post_sale_overdue_days``
(same)                 are skipped) — one task per member   (3) after
                       and kind, for the newest such sale
``dormant``            no sale for 180 / 365 days           from the due day to
(``winback``)          (``dormant_days``), counted from     ``dormant_overdue_days``
                       the last sale or the last win-back   (30) after
                       call, whichever is later
``follow_up``          a contact's ``next_follow_up``       from the date to
(``scheduled``)        has come                             ``follow_up_overdue_days``
                                                            (60) after
``festival``           春节, 元宵, 端午, 中秋 (lunar), 元旦,     from
(``festival``)         妇女节 (women only), 国庆 — members    ``festival_lead_days`` (7)
                       of ``festival_tiers`` (gold,         before to
                       diamond)                             ``festival_overdue_days``
                                                            (1) after
=====================  ===================================  ==========================

**Loyalty** (app/loyalty/; purpose ``points``, consent required by default):
``points_expiring`` — at least ``points_expiry_min_points`` (100) points whose last valid
day is within ``points_expiry_lead_days`` (30), due on the first such day, shown from the
lead days before; ``reward_ready`` — an earning in the last ``reward_ready_overdue_days``
(3) lifted the balance to the cheapest active reward's cost and it still covers it, due
on that day. Both read the ``points_lots`` cache (members marked stale are caught up by
the daily job).

**Complaints** (app/feedback/; purpose ``complaint_follow_up``, no consent needed, lost
members included, the complaint's owner responsible): ``complaint_followup`` — an open
or in-progress complaint, due the day it was registered and shown until it is resolved
or closed or a contact clears it; ``complaint_check`` — a complaint *resolved* (not
closed) yesterday or up to ``complaint_check_overdue_days`` (7) earlier, due the day
after the resolution, cleared by a contact made after it.

**When a task leaves the list.** A contact *clears* a task when its purpose is the
task's purpose, it was made inside the task's window (birthdays and festivals: from the
first day shown; post-sale: after the sale and, when the contact names a purchase,
about that sale or a later one; dormant: see below) and either its outcome is
``reached``, ``declined`` or ``wrong_number`` (calling again will not help) or it sets
``next_follow_up`` (the scheduled follow-up takes over, so the member is not on the
list twice).
``no_answer`` and ``call_back`` without a follow-up date are *attempts*: the task is
hidden for the rest of the day of the attempt (try again tomorrow) and dropped after
``max_attempts`` (3) attempts. A scheduled follow-up is cleared (superseded) by any
later contact that clears or sets its own follow-up date; other later contacts are
attempts.

**Dormant clock.** The clock starts at the later of the last sale and the last clearing
win-back contact; the task is due when the clock passes each threshold (180, 365 days)
and shown for ``dormant_overdue_days``. So a win-back call today means no dormant task
until 180 days from today; members who neither buy nor answer are called twice (at
180 and 365 days), not every day forever. Members who never bought are not dormant
(they were never customers; the segment views deal with them).

**Who is left out.** Anonymised members: nothing. Members marked lost by hand, while
the mark is in force (app/state.py: a purchase on a later day than the mark ends it,
so a lost customer who comes back gets birthdays, festivals and win-back again): only
post-sale and scheduled follow-ups (a person decided to call). Members lost by time
alone (no sale for 365 days) are not left out: the 365-day win-back call is for them. Members whose
``consent_channels`` is empty get no reason listed in ``consent_required`` (birthdays,
family dates, festivals, win-back: contact the customer did not ask for); post-sale
service calls and follow-ups the customer agreed to stay.

**Responsible clerk.** Post-sale: the sale's clerk. Follow-up: the clerk who scheduled
it. Otherwise the clerk of the member's last sale (``member_stats.last_clerk_id``);
None when unknown. ``call_list(clerk_id=…)`` keeps one clerk's tasks only.

**Speed.** Nothing loops over members, and no lunar date is converted per member: the
window's solar days become solar and lunar ``MM-DD`` keys (:func:`occasion_keys`),
looked up through the expression indexes on birthdays and family dates; post-sale
candidates come from ``purchases(at)``, dormant ones from ``member_stats``'s
``last_purchase_at`` index (and win-back calls through ``contacts(purpose, at)``),
follow-ups from ``contacts(next_follow_up)``; each candidate's contacts are checked
through ``contacts(member_id, purpose, at)``. Everything runs as one SQL statement; the
Python side only shapes the rows. The cost grows with the number of tasks (~25k on the
demo's 100k-member store the day after its "double 11" peak).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlite_utils
from lunar_python import LunarMonth, LunarYear

from app import settings
from app import state as app_state
from app.db import fetch_split
from app.lunar import lunar_to_solar

CLEARING_OUTCOMES = frozenset({"reached", "declined", "wrong_number"})
ATTEMPT_OUTCOMES = frozenset({"no_answer", "call_back"})

REASON_PURPOSE = {
    "birthday": "birthday",
    "family_birthday": "family_occasion",
    "wedding_anniversary": "family_occasion",
    "post_sale_day1": "post_sale_day1",
    "post_sale_day7": "post_sale_day7",
    "dormant": "winback",
    "follow_up": "scheduled",
    "festival": "festival",
    "points_expiring": "points",
    "reward_ready": "points",
    "campaign": "other",  # the task's own purpose, chosen when it was added (see _keyed)
    "complaint_followup": "complaint_follow_up",
    "complaint_check": "complaint_follow_up",
}
# Order among tasks due the same day.
REASON_ORDER = {r: i for i, r in enumerate(REASON_PURPOSE)}

# code -> (calendar, month, day, gender or None)
FESTIVALS: dict[str, tuple[str, int, int, str | None]] = {
    "new_year": ("solar", 1, 1, None),
    "spring_festival": ("lunar", 1, 1, None),
    "lantern_festival": ("lunar", 1, 15, None),
    "womens_day": ("solar", 3, 8, "female"),
    "dragon_boat": ("lunar", 5, 5, None),
    "mid_autumn": ("lunar", 8, 15, None),
    "national_day": ("solar", 10, 1, None),
}


@dataclass(slots=True)
class Task:
    """One call to make. ``reason`` (labels group ``task_reason``) says why;
    ``purpose`` is what to log with ``contacts.log_contact`` (and ``purchase_id`` for
    post-sale calls) so the task leaves the list. ``days_overdue`` is ``today - due``:
    negative for an upcoming date (a birthday in 3 days is −3). ``detail`` holds the
    message's parameters (see ``call_list``); ``channels`` the consented channels;
    ``attempts`` the unanswered tries so far."""

    member_id: int
    member_no: str
    name: str
    phone: str | None
    tier: str
    reason: str
    purpose: str
    due: dt.date
    days_overdue: int
    clerk_id: int | None
    purchase_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    channels: tuple[str, ...] = ()
    attempts: int = 0

    @property
    def key(self) -> str:
        """Stable identity of the task (for selection across refreshes)."""
        ref = self.detail.get("ref", self.purchase_id or "")
        return f"{self.reason}:{self.member_id}:{ref}:{self.due.isoformat()}"


# ------------------------------------------------------------------ lunar, fast
# app.lunar converts through lunar-python's Solar/Lunar objects: ~4 ms per solar→lunar
# date and ~50 ms per next_occurrence on this machine, too slow for a list built in
# a few hundred ms. The same calendar, read as month lengths, gives the same answers
# in microseconds (tests/unit/test_calllist.py checks them against app.lunar).


@lru_cache(maxsize=512)
def _new_year(lunar_year: int) -> dt.date:
    return lunar_to_solar(lunar_year, 1, 1)


@lru_cache(maxsize=512)
def _months(lunar_year: int) -> tuple[tuple[int, bool, int], ...]:
    """``(month, leap, days)`` of each month of a lunar year, in order."""
    leap_month = LunarYear.fromYear(lunar_year).getLeapMonth()
    out = []
    for m in range(1, 13):
        out.append((m, False, LunarMonth.fromYm(lunar_year, m).getDayCount()))
        if m == leap_month:
            out.append((m, True, LunarMonth.fromYm(lunar_year, -m).getDayCount()))
    return tuple(out)


def lunar_date(d: dt.date) -> tuple[int, int, int, bool]:
    """``(year, month, day, leap)`` of solar ``d`` in the lunar calendar (as
    ``app.lunar.solar_to_lunar``, much faster)."""
    year = d.year if d >= _new_year(d.year) else d.year - 1
    offset = (d - _new_year(year)).days
    for month, leap, days in _months(year):
        if offset < days:
            return year, month, offset + 1, leap
        offset -= days
    raise ValueError(f"{d} is outside the lunar calendar")  # unreachable


def lunar_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    """The solar date of a yearly lunar date in lunar ``year`` under app.lunar's customs
    (leap birthday in the ordinary month when the year has no such leap month; day 30
    on the 29th); as ``app.lunar.lunar_to_solar``, much faster."""
    months = _months(year)
    if leap and not any(m == month and lp for m, lp, _n in months):
        leap = False
    offset = 0
    for m, lp, days in months:
        if m == month and lp == leap:
            return _new_year(year) + dt.timedelta(days=offset + min(day, days) - 1)
        offset += days
    raise ValueError(f"lunar month {month} does not exist")


def next_yearly(
    month: int, day: int, *, calendar: str = "solar", leap: bool = False, on_or_after: dt.date
) -> dt.date:
    """The first solar date on or after ``on_or_after`` of a yearly date (as
    ``app.lunar.next_occurrence``, much faster)."""
    if calendar == "lunar":
        start = lunar_date(on_or_after)[0]
        for y in (start - 1, start, start + 1):
            d = lunar_solar(y, month, day, leap)
            if d >= on_or_after:
                return d
        raise ValueError("no lunar occurrence found")  # unreachable
    for y in (on_or_after.year, on_or_after.year + 1):
        if month == 2 and day == 29 and not _calendar.isleap(y):
            d = dt.date(y, 2, 28)
        else:
            d = dt.date(y, month, day)
        if d >= on_or_after:
            return d
    raise ValueError("no occurrence found")  # unreachable


def occasion_keys(start: dt.date, end: dt.date) -> dict[tuple[str, str, int], dt.date]:
    """Every stored yearly date that falls on a day of ``[start, end]``, as
    ``(calendar, "MM-DD", leap) -> solar day``, under app.lunar's customs: a solar
    29 February falls on the 28th in common years; a lunar leap-month date falls in the
    ordinary month when the year has no such leap month; lunar day 30 falls on day 29
    of a short month. Keys match ``substr(birthday, -5)`` (``YYYY-MM-DD`` and
    ``--MM-DD`` alike) with ``birthday_calendar`` and ``birthday_leap``. For windows up
    to ~11 months each key falls on one day at most."""
    keys: dict[tuple[str, str, int], dt.date] = {}
    d = start
    while d <= end:
        keys[("solar", f"{d.month:02d}-{d.day:02d}", 0)] = d
        if d.month == 2 and d.day == 28 and not _calendar.isleap(d.year):
            keys[("solar", "02-29", 0)] = d
        year, month, day, leap = lunar_date(d)
        months = _months(year)
        month_days = next(n for m, lp, n in months if m == month and lp == leap)
        has_leap = any(m == month and lp for m, lp, _n in months)
        for dd in (day, 30) if day == month_days == 29 else (day,):
            md = f"{month:02d}-{dd:02d}"
            if leap:
                keys[("lunar", md, 1)] = d
            else:
                keys[("lunar", md, 0)] = d
                if not has_leap:
                    keys[("lunar", md, 1)] = d
        d += dt.timedelta(days=1)
    return keys


def festival_dates(start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """``(festival code, solar date)`` of the festivals in ``[start, end]``."""
    out = []
    for code, (cal, month, day, _gender) in FESTIVALS.items():
        d = next_yearly(month, day, calendar=cal, on_or_after=start)
        while d <= end:
            out.append((code, d))
            d = next_yearly(month, day, calendar=cal, on_or_after=d + dt.timedelta(days=1))
    return sorted(out, key=lambda x: x[1])


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rules:
    """The thresholds, read once per call list from settings (``calllist_*``)."""

    birthday_lead_days: int
    birthday_overdue_days: int
    post_sale_overdue_days: int
    dormant_days: tuple[int, ...]
    dormant_overdue_days: int
    follow_up_overdue_days: int
    festival_tiers: tuple[str, ...]
    festival_lead_days: int
    festival_overdue_days: int
    max_attempts: int
    consent_required: frozenset[str]
    points_expiry_lead_days: int = 30
    points_expiry_min_points: int = 100
    reward_ready_overdue_days: int = 3
    complaint_check_overdue_days: int = 7

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> Rules:
        def get(name: str) -> Any:
            return settings.get(db, "calllist_" + name)

        return cls(
            birthday_lead_days=int(get("birthday_lead_days")),
            birthday_overdue_days=int(get("birthday_overdue_days")),
            post_sale_overdue_days=int(get("post_sale_overdue_days")),
            dormant_days=tuple(sorted(int(x) for x in get("dormant_days"))),
            dormant_overdue_days=int(get("dormant_overdue_days")),
            follow_up_overdue_days=int(get("follow_up_overdue_days")),
            festival_tiers=tuple(get("festival_tiers")),
            festival_lead_days=int(get("festival_lead_days")),
            festival_overdue_days=int(get("festival_overdue_days")),
            max_attempts=int(get("max_attempts")),
            consent_required=frozenset(get("consent_required")),
            points_expiry_lead_days=int(get("points_expiry_lead_days")),
            points_expiry_min_points=int(get("points_expiry_min_points")),
            reward_ready_overdue_days=int(get("reward_ready_overdue_days")),
            complaint_check_overdue_days=int(get("complaint_check_overdue_days")),
        )


# ------------------------------------------------------------------ the list
# Each rule is one SELECT that joins the member, drops whoever is left out, drops the
# candidates a contact has cleared and counts the attempts (each through an index on
# contacts with the rule's own simple conditions), and returns finished rows; the
# statement is their UNION ALL, streamed without a temporary table and sorted in
# Python (sorting 30k wide rows costs SQLite several times more). All the work per
# candidate stays in SQLite's C code: a 100k-member store can have 50k candidates.

_CLEARS = "(c.outcome IN ('reached', 'declined', 'wrong_number') OR c.next_follow_up IS NOT NULL)"
_ATTEMPT = "(c.outcome IN ('no_answer', 'call_back') AND c.next_follow_up IS NULL)"

# Every rule's SELECT returns these columns. a, b, c, d are the rule's own detail values
# (see call_list). Beware: a compound takes each column's affinity from its first
# SELECT (birthdays), so b always comes back as text.
_COLUMNS = (
    "member_id, reason, due, purchase_id, ref, a, b, c, d, tries, "
    "member_no, name, phone, tier, consent_channels, clerk_id"
)
_MEMBER_COLS = "m.member_no, m.name, m.phone, m.tier, m.consent_channels"


def _last_clerk(member: str) -> str:
    return f"(SELECT st.last_clerk_id FROM member_stats st WHERE st.member_id = {member})"


def _contact_checks(
    member: str,
    since: str,
    purpose: str | None,
    purchase_at: str | None = None,
    after: str | None = None,
) -> tuple[str, str]:
    """``(not cleared, tries)`` SQL for a rule's candidates: a contact counts when it is
    the member's, made on or after ``since``, of ``purpose`` (any, for None), about a
    sale made at or after ``purchase_at`` when it names one (a call about the newest
    sale covers the earlier ones), and after contact ``after`` (a follow-up's own
    scheduling contact). ``tries`` = attempts × 2 + (1 if one was made today)."""
    cond = [f"c.member_id = {member}", f"c.at >= {since}"]
    if purpose is not None:
        cond.append(f"c.purpose = {purpose}")
    if purchase_at is not None:
        cond.append(
            "(c.purchase_id IS NULL OR "
            f"(SELECT q.at FROM purchases q WHERE q.id = c.purchase_id) >= {purchase_at})"
        )
    if after is not None:
        cond.append(f"(c.at > {since} OR c.id > {after})")
    where = " AND ".join(cond)
    return (
        f"NOT EXISTS (SELECT 1 FROM contacts c WHERE {where} AND {_CLEARS})",
        "(SELECT COUNT(*) * 2 + IFNULL(MAX(c.at >= :today), 0) "
        f"FROM contacts c WHERE {where} AND {_ATTEMPT})",
    )


_KEYS = """keys(cal, md, leap, due, since) AS (
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
           json_extract(value, '$[2]'), json_extract(value, '$[3]'),
           json_extract(value, '$[4]')
    FROM json_each(:keys))"""

# Reward ready: members who earned in the window, with their balance (the lots cache)
# and what the window's entries added. MATERIALIZED: inline, SQLite would repeat each
# member's two sums for every place the outer query names them (233 ms -> 175 ms on
# the 100k store).
_REWARD_CROSSED = """reward_crossed AS MATERIALIZED (
    SELECT v.member_id, v.bal, v.bal - v.recent AS start
    FROM (SELECT u.member_id,
                 (SELECT SUM(k.remaining) FROM points_lots k
                  WHERE k.member_id = u.member_id) AS bal,
                 (SELECT SUM(q.delta) FROM points_ledger q
                  WHERE q.member_id = u.member_id AND q.at >= :rr_lo) AS recent
          FROM (SELECT DISTINCT l.member_id FROM points_lots l
                WHERE :rr_cost IS NOT NULL AND l.earned_at >= :rr_lo
                  AND l.earned_at < :rr_hi) u) v
    WHERE v.bal >= :rr_cost AND v.bal - v.recent < :rr_cost)"""

# Dormant: candidates are members whose last sale, or last clearing win-back call, lies
# in a threshold's range (:dormant_ranges, index range scans); their clock is the later
# of the two; the due day is the clock + the largest threshold that has passed, but by
# no more than the overdue days (one dormant task per member at most).
_DORMANT_CLOCK = f"""dormant_clock AS MATERIALIZED (
    SELECT s.member_id, s.last_purchase_at AS lp, s.last_clerk_id,
           (SELECT MAX(c.at) FROM contacts c
            WHERE c.member_id = s.member_id AND c.purpose = 'winback'
              AND c.at >= s.last_purchase_at AND {_CLEARS}) AS reset
    FROM member_stats s
    WHERE s.last_purchase_at IS NOT NULL AND s.member_id IN (
        SELECT s2.member_id FROM json_each(:dormant_ranges) r CROSS JOIN member_stats s2
          ON s2.last_purchase_at >= json_extract(r.value, '$[0]')
         AND s2.last_purchase_at < json_extract(r.value, '$[1]')
        UNION
        SELECT c.member_id FROM json_each(:dormant_ranges) r CROSS JOIN contacts c
          ON c.purpose = 'winback' AND c.at >= json_extract(r.value, '$[0]')
         AND c.at < json_extract(r.value, '$[1]')
        WHERE {_CLEARS}))"""


def reachable_member_sql(alias: str = "m") -> str:
    """The one place that says which members may be contacted at all (not lost, not
    anonymised); the plan's VIP talks use it too."""
    return f"{alias}.status NOT IN ('lost', 'anonymised')"


def _rule_sql(
    rules: Rules, with_festivals: bool, clerk_id: int | None
) -> tuple[str, dict[str, str]]:
    """The call list's statements for these rules: the common ``WITH`` head and one
    SELECT per rule, by name (text varies only with the settings and whether there is a
    clerk filter, so SQLite's statement cache keeps them)."""

    def member_filter(reason: str | None, member_ok_if_lost: bool) -> str:
        cond = ["m.status <> 'anonymised'"]
        if not member_ok_if_lost:
            # a hand mark of "lost" in force (app/state.py: a later purchase ends it)
            last = "(SELECT ls.last_purchase_at FROM member_stats ls WHERE ls.member_id = m.id)"
            mark = app_state.marked_lost_sql(None, "m", last, "date(:today, '+1 day')")
            cond.append(f"NOT {mark}")
        if reason is None or reason in rules.consent_required:
            cond.append("m.consent_channels <> ''")
        return " AND ".join(cond)

    # The contact checks name the candidate's own member column (p.member_id, not
    # m.id), so SQLite tests them before it looks the member up.
    def clerk_filter(expr: str) -> str:
        return f" AND {expr} = :clerk" if clerk_id is not None else ""

    parts: dict[str, str] = {}

    open_, tries = _contact_checks("m.id", "k.since", "'birthday'")
    clerk = _last_clerk("m.id")
    parts["birthday"] = f"""
SELECT m.id, 'birthday', k.due, NULL, '', m.birthday, m.birthday_calendar, NULL, NULL,
       {tries}, {_MEMBER_COLS}, {clerk}
FROM keys k JOIN members m
  ON substr(m.birthday, -5) = k.md AND m.birthday_calendar = k.cal AND m.birthday_leap = k.leap
WHERE k.due < :before_birthday
  AND {member_filter("birthday", False)}{clerk_filter(clerk)} AND {open_}"""

    open_, tries = _contact_checks("f.member_id", "k.since", "'family_occasion'")
    fam = {r for r in ("family_birthday", "wedding_anniversary") if r in rules.consent_required}
    consent = (
        "m.consent_channels <> ''"
        if len(fam) == 2
        else "(m.consent_channels <> '' OR (f.relation = 'wedding_anniversary') = "
        f"{int('family_birthday' in fam)})"
        if fam
        else "1"
    )
    parts["family"] = f"""
SELECT m.id, CASE f.relation WHEN 'wedding_anniversary' THEN 'wedding_anniversary'
             ELSE 'family_birthday' END,
       k.due, NULL, f.id, f.date, f.calendar, f.relation, f.name, {tries},
       {_MEMBER_COLS}, {clerk}
FROM keys k JOIN member_family f
  ON substr(f.date, -5) = k.md AND f.calendar = k.cal AND f.leap = k.leap
JOIN members m ON m.id = f.member_id
WHERE k.due < :before_family
  AND {member_filter("-", False)} AND {consent}{clerk_filter(clerk)} AND {open_}"""

    for n in (1, 7):
        # One task per member and kind, for the newest open sale in the window: one call
        # covers all of them (and a call about a sale covers the earlier ones).
        open_, _ = _contact_checks("p.member_id", "p.at", f"'post_sale_day{n}'", "p.at")
        _, tries = _contact_checks("g.member_id", "g.at", f"'post_sale_day{n}'", "g.at")
        clerk = f"COALESCE(g.clerk_id, {_last_clerk('m.id')})"
        parts[f"post_sale_day{n}"] = f"""
SELECT m.id, 'post_sale_day{n}', substr(g.at, 1, 10), g.id, g.id, g.at, NULL, g.paid_fen,
       g.n, {tries}, {_MEMBER_COLS}, {clerk}
FROM (SELECT p.member_id, MAX(p.at) AS at, p.id, p.clerk_id, p.paid_fen, COUNT(*) AS n
      FROM purchases p
      WHERE p.at >= :ps{n}_lo AND p.at < :ps{n}_hi AND p.return_of IS NULL
        AND NOT (p.total_fen > 0 AND p.total_fen + (SELECT COALESCE(SUM(r.total_fen), 0)
                 FROM purchases r WHERE r.return_of = p.id) <= 0)
        AND {open_}
      GROUP BY p.member_id) g
JOIN members m ON m.id = g.member_id
WHERE {member_filter(f"post_sale_day{n}", True)}{clerk_filter(clerk)}"""

    if rules.dormant_days:
        open_, tries = _contact_checks("d.member_id", "d.due", "'winback'")
        parts["dormant"] = f"""
SELECT m.id, 'dormant', d.due, NULL, '', d.lp, d.reset, d.threshold, NULL, {tries},
       {_MEMBER_COLS}, d.last_clerk_id
FROM (SELECT k.member_id, k.lp, k.reset, k.last_clerk_id, MAX(th.value) AS threshold,
             date(max(k.lp, COALESCE(k.reset, '')), '+' || th.value || ' days') AS due
      FROM dormant_clock k, json_each(:dormant_days) th
      WHERE date(max(k.lp, COALESCE(k.reset, '')), '+' || th.value || ' days')
            BETWEEN :dormant_lo AND :today
      GROUP BY k.member_id) d
JOIN members m ON m.id = d.member_id
WHERE {member_filter("dormant", False)}{clerk_filter("d.last_clerk_id")} AND {open_}"""

    open_, tries = _contact_checks("s.member_id", "s.at", None, after="s.id")
    clerk = f"COALESCE(s.clerk_id, {_last_clerk('m.id')})"
    parts["follow_up"] = f"""
SELECT m.id, 'follow_up', substr(s.next_follow_up, 1, 10), NULL, s.id, s.at, s.purpose,
       s.note, NULL, {tries}, {_MEMBER_COLS}, {clerk}
FROM contacts s JOIN members m ON m.id = s.member_id
WHERE s.next_follow_up IS NOT NULL AND s.next_follow_up >= :fu_lo
  AND s.next_follow_up < :fu_hi
  AND {member_filter("follow_up", True)}{clerk_filter(clerk)} AND {open_}"""

    if with_festivals:
        open_, tries = _contact_checks("m.id", "f.since", "'festival'")
        clerk = _last_clerk("m.id")
        parts["festival"] = f"""
SELECT m.id, 'festival', f.due, NULL, f.code, f.code, NULL, NULL, NULL, {tries},
       {_MEMBER_COLS}, {clerk}
FROM (SELECT json_extract(value, '$[0]') AS code, json_extract(value, '$[1]') AS due,
             json_extract(value, '$[2]') AS since, json_extract(value, '$[3]') AS gender
      FROM json_each(:festivals)) f
JOIN members m ON m.tier IN (SELECT value FROM json_each(:festival_tiers))
 AND (f.gender IS NULL OR m.gender = f.gender)
WHERE f.due < :before_festival
  AND {member_filter("festival", False)}{clerk_filter(clerk)} AND {open_}"""

    # Loyalty (app/loyalty/): remaining points of lots whose last valid day is within
    # the lead days (the points_lots cache), and a balance that crossed the cheapest
    # active reward's cost with an earning of the last days and still covers it.
    open_, tries = _contact_checks("m.id", "x.since", "'points'")
    clerk = _last_clerk("m.id")
    parts["points_expiring"] = f"""
SELECT m.id, 'points_expiring', x.due, NULL, x.due, x.due, NULL, x.points, NULL, {tries},
       {_MEMBER_COLS}, {clerk}
FROM (SELECT l.member_id, MIN(l.expires_at) AS due, SUM(l.remaining) AS points,
             date(MIN(l.expires_at), :pe_back) AS since
      FROM points_lots l
      WHERE l.expires_at IS NOT NULL AND l.expires_at >= :today AND l.expires_at <= :pe_hi
      GROUP BY l.member_id HAVING SUM(l.remaining) >= :pe_min) x
JOIN members m ON m.id = x.member_id
WHERE x.due < :before_points_expiring
  AND {member_filter("points_expiring", False)}{clerk_filter(clerk)} AND {open_}"""
    open_, tries = _contact_checks("m.id", "x.due", "'points'")
    parts["reward_ready"] = f"""
SELECT m.id, 'reward_ready', x.due, NULL, x.entry_id, x.at, NULL, x.bal, :rr_cost, {tries},
       {_MEMBER_COLS}, {clerk}
FROM (SELECT w.member_id, w.bal, c.id AS entry_id, c.at, date(c.at) AS due
      FROM reward_crossed w
      CROSS JOIN points_ledger c ON c.id = (
          SELECT e.id FROM points_ledger e
          WHERE e.member_id = w.member_id AND e.at >= :rr_lo AND e.delta > 0
            AND w.start + (SELECT SUM(q.delta) FROM points_ledger q
                           WHERE q.member_id = w.member_id AND q.at >= :rr_lo
                             AND (q.at < e.at OR (q.at = e.at AND q.id <= e.id))) >= :rr_cost
          ORDER BY e.at, e.id LIMIT 1)) x
JOIN members m ON m.id = x.member_id
WHERE {member_filter("reward_ready", False)}{clerk_filter(clerk)} AND {open_}"""

    # Campaign tasks (app.analytics.add_campaign_tasks: members picked from an analytics
    # segment, with a purpose and a due day): open until a contact of that purpose made
    # after the task was added clears it, like every other rule.
    open_, tries = _contact_checks("t.member_id", "t.created_at", "t.purpose")
    clerk = _last_clerk("m.id")
    parts["campaign"] = f"""
SELECT m.id, 'campaign', t.due, NULL, t.id, t.purpose, t.note, NULL, NULL, {tries},
       {_MEMBER_COLS}, {clerk}
FROM campaign_tasks t JOIN members m ON m.id = t.member_id
WHERE t.done_at IS NULL AND t.due <= :today
  AND {member_filter("campaign", False)}{clerk_filter(clerk)} AND {open_}"""

    # Complaints (app/feedback/): open ones until a contact reaches the member, and a
    # check call the day after one is resolved; the complaint's owner is responsible.
    open_, tries = _contact_checks("k.member_id", "k.at", "'complaint_follow_up'")
    clerk = f"COALESCE(k.owner_id, {_last_clerk('m.id')})"
    parts["complaint_followup"] = f"""
SELECT m.id, 'complaint_followup', substr(k.at, 1, 10), NULL, k.id, k.at, k.category,
       k.status, k.description, {tries}, {_MEMBER_COLS}, {clerk}
FROM complaints k JOIN members m ON m.id = k.member_id
WHERE k.status IN ('open', 'in_progress') AND k.at < :fu_hi
  AND {member_filter("complaint_followup", True)}{clerk_filter(clerk)} AND {open_}"""
    open_, tries = _contact_checks("k.member_id", "k.resolved_at", "'complaint_follow_up'")
    parts["complaint_check"] = f"""
SELECT m.id, 'complaint_check', date(k.resolved_at, '+1 day'), NULL, k.id, k.resolved_at,
       k.category, k.status, k.resolution, {tries}, {_MEMBER_COLS}, {clerk}
FROM complaints k JOIN members m ON m.id = k.member_id
WHERE k.status = 'resolved' AND k.resolved_at >= :cc_lo AND k.resolved_at < :cc_hi
  AND {member_filter("complaint_check", True)}{clerk_filter(clerk)} AND {open_}"""

    ctes = [_KEYS, _REWARD_CROSSED] + ([_DORMANT_CLOCK] if rules.dormant_days else [])
    head = "WITH " + ", ".join(ctes) + "\n"
    return head, parts


def call_list(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    clerk_id: int | None = None,
    ahead: dict[str, int] | None = None,
) -> list[Task]:
    """Today's tasks (see the module docstring for every rule), overdue first, then by
    due date. ``clerk_id`` keeps only the tasks that clerk is responsible for.

    ``detail`` by reason — birthday: ``age`` (None when the year is unknown),
    ``calendar``; family_birthday: ``relation``, ``name``, ``age``, ``calendar``;
    wedding_anniversary: ``name``, ``years``; post_sale_*: ``purchase_at``,
    ``paid_fen``; dormant: ``days_since_purchase``, ``last_purchase_at``,
    ``threshold``, ``last_winback_at``; follow_up: ``contact_id``, ``scheduled_at``,
    ``previous_purpose``, ``note``; festival: ``festival`` (labels group
    ``festival``). Every detail has ``ref``, the task's own reference.

    ``ahead`` (reason -> days) leaves out the tasks of those reasons due more than that
    many days after ``today``; nothing else about them changes (their windows, what
    clears them). The day's plan, which does not show them yet, asks so.
    """
    rules = Rules.load(db)

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    lead = rules.birthday_lead_days
    keys = occasion_keys(
        today - dt.timedelta(days=rules.birthday_overdue_days), today + dt.timedelta(days=lead)
    )
    key_rows = [
        [cal, md, leap, d.isoformat(), (d - dt.timedelta(days=lead)).isoformat()]
        for (cal, md, leap), d in keys.items()
    ]
    fest_lead = rules.festival_lead_days
    festivals = [
        [code, d.isoformat(), (d - dt.timedelta(days=fest_lead)).isoformat(), FESTIVALS[code][3]]
        for code, d in festival_dates(
            today - dt.timedelta(days=rules.festival_overdue_days),
            today + dt.timedelta(days=fest_lead),
        )
    ]
    grace = rules.post_sale_overdue_days
    params: dict[str, Any] = {
        "today": today.isoformat(),
        "keys": json.dumps(key_rows),
        "ps1_lo": day(-1 - grace),
        "ps1_hi": day(0),
        "ps7_lo": day(-7 - grace),
        "ps7_hi": day(-6),
        "dormant_days": json.dumps(list(rules.dormant_days)),
        "dormant_ranges": json.dumps(
            [[day(-t - rules.dormant_overdue_days), day(-t + 1)] for t in rules.dormant_days]
        ),
        "dormant_lo": day(-rules.dormant_overdue_days),
        "fu_lo": day(-rules.follow_up_overdue_days),
        "fu_hi": day(1),
        "festivals": json.dumps(festivals),
        "festival_tiers": json.dumps(list(rules.festival_tiers)),
        "clerk": clerk_id,
        "pe_hi": day(rules.points_expiry_lead_days),
        "pe_back": f"-{rules.points_expiry_lead_days} days",
        "pe_min": rules.points_expiry_min_points,
        "rr_lo": day(-rules.reward_ready_overdue_days),
        "cc_lo": day(-1 - rules.complaint_check_overdue_days),
        "cc_hi": day(0),
        "rr_hi": day(1),
        "rr_cost": db.execute("SELECT MIN(cost_points) FROM rewards WHERE active = 1").fetchone()[
            0
        ],
    }
    # Each statement's tasks are due before its day (exclusive): up to the rule's own
    # lead days ahead, or fewer when ``ahead`` says so (family birthdays and wedding
    # anniversaries share one statement: the longer of the two).
    narrow = ahead or {}

    def last(reasons: tuple[str, ...], lead_days: int) -> str:
        return day(1 + max(min(narrow.get(r, lead_days), lead_days) for r in reasons))

    params["before_birthday"] = last(("birthday",), lead)
    params["before_family"] = last(("family_birthday", "wedding_anniversary"), lead)
    params["before_festival"] = last(("festival",), fest_lead)
    params["before_points_expiring"] = last(("points_expiring",), rules.points_expiry_lead_days)
    head, parts = _rule_sql(rules, bool(festivals and rules.festival_tiers), clerk_id)
    # Two halves of about equal cost (100k store, ms: reward_ready 160, post_sale_day1
    # 105, post_sale_day7 100, points_expiring 75, follow_up 55, dormant 40, birthday
    # 25, family 25, campaign 10), read at once on two connections when a core is free.
    # The first half's tasks are made while the second half is still being read.
    first = [parts.pop(name) for name in _FIRST_HALF if name in parts]
    keyed: list[tuple[tuple[str, int, str], Task]] = []
    with gc_deferred():
        _rows, more = fetch_split(
            db,
            head + "\nUNION ALL".join(first),
            head + "\nUNION ALL".join(parts.values()),
            params,
            on_first=lambda rows: keyed.extend(_keyed(rows, today, rules)),
        )
        keyed.extend(_keyed(more, today, rules))
        keyed.sort(key=itemgetter(0))
        return [task for _key, task in keyed]


_FIRST_HALF = ("reward_ready", "post_sale_day1", "family", "birthday")


@contextmanager
def gc_deferred() -> Iterator[None]:
    """No cyclic garbage collection while the block makes its (tens of thousands of)
    objects, and none of them left for the next young collection afterwards.

    The cyclic GC would walk the growing heap several times while 20k+ tasks are made
    (a tenth of the time on the demo store); nothing here makes cycles, so it waits.
    But while it waits, everything made stays in the youngest generation, and the first
    collection after it is enabled again walks all of it at once, holding the GIL: 60 ms
    of CPU on the 100k store, on whichever thread allocates next — the window's, when the
    list is computed on a worker (seen as the page's stall). So what was made is moved to
    the oldest generation instead: ``gc.freeze()`` then ``gc.unfreeze()``, two list
    splices. It is then walked only by the full collections Python makes anyway."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _keyed(
    rows: list[tuple], today: dt.date, rules: Rules
) -> list[tuple[tuple[str, int, str], Task]]:
    """Tasks from the statement's rows, each with its sort key: due ascending puts the
    overdue first; same day: by reason, then member number. Per-row work is kept small
    (there may be 30k rows): the few distinct due days, ages and consent lists are
    converted once each."""
    keyed: list[tuple[tuple[str, int, str], Task]] = []
    days: dict[tuple[str, str], tuple[dt.date, int, str]] = {}
    # post-sale rows give the sale's day (SQLite's date() per row costs more than this)
    shift = {"post_sale_day1": 1, "post_sale_day7": 7}
    ages: dict[tuple[str, str, str], int | None] = {}
    channels: dict[str, tuple[str, ...]] = {}
    for row in rows:
        mid, reason, due_iso, pid, ref, a, b, c, d, tries = row[:10]
        attempts, tried_today = divmod(tries, 2)
        if attempts >= rules.max_attempts or tried_today:
            continue  # given up, or already tried today
        member_no, name, phone, tier, consent, clerk = row[10:]
        if (due_iso, reason) not in days:
            due = dt.date.fromisoformat(due_iso) + dt.timedelta(days=shift.get(reason, 0))
            days[due_iso, reason] = (due, (today - due).days, due.isoformat())
        due, overdue, due_iso = days[due_iso, reason]
        if reason == "post_sale_day1" or reason == "post_sale_day7":
            detail = {"ref": ref, "purchase_at": a, "paid_fen": c, "sales": d}
        elif reason == "birthday" or reason == "family_birthday":
            if (a, b, due_iso) not in ages:
                ages[a, b, due_iso] = _age(a, b, due)
            age = ages[a, b, due_iso]
            if reason == "birthday":
                detail = {"ref": ref, "age": age, "calendar": b}
            else:
                detail = {"ref": ref, "relation": c, "name": d, "age": age, "calendar": b}
        elif reason == "wedding_anniversary":
            detail = {"ref": ref, "name": d, "years": _age(a, b, due)}
        elif reason == "follow_up":
            detail = {
                "ref": ref,
                "contact_id": ref,
                "scheduled_at": a,
                "previous_purpose": b,
                "note": c,
            }
        elif reason == "festival":
            detail = {"ref": ref, "festival": a}
        elif reason == "points_expiring":
            detail = {"ref": ref, "points": c, "expires_on": a}
        elif reason == "reward_ready":
            detail = {"ref": ref, "balance": c, "cost": d, "earned_at": a}
        elif reason == "complaint_followup" or reason == "complaint_check":
            detail = {
                "ref": ref,
                "complaint_id": ref,
                "at": a,
                "category": b,
                "status": c,
                "text": d,
            }
        elif reason == "campaign":
            detail = {"ref": ref, "purpose": a, "note": b}
        else:  # dormant
            detail = {
                "ref": ref,
                "days_since_purchase": (today - dt.date.fromisoformat(a[:10])).days,
                "last_purchase_at": a,
                "threshold": int(c),
                "last_winback_at": b,
            }
        if consent not in channels:
            channels[consent] = tuple(ch for ch in consent.split(",") if ch)
        # positional: keyword arguments cost ~4x as much per task here (Task's field order)
        task = Task(
            mid,
            member_no,
            name,
            phone,
            tier,
            reason,
            a if reason == "campaign" else REASON_PURPOSE[reason],
            due,
            overdue,
            clerk,
            pid,
            detail,
            channels[consent],
            attempts,
        )
        keyed.append(((due_iso, REASON_ORDER[reason], member_no), task))
    return keyed


def _age(stored: str, cal: str, due: dt.date) -> int | None:
    """Years completed at ``due`` for a stored date with a year (in its calendar)."""
    if stored.startswith("--"):
        return None
    year = int(stored[:4])
    if cal == "lunar":
        return lunar_date(due)[0] - year
    return due.year - year
