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
window's solar days become solar and lunar ``MM-DD`` keys (``app.occasions.occasion_keys``),
looked up through the expression indexes on birthdays and family dates; post-sale
candidates come from ``purchases(at)``, dormant ones from ``member_stats``'s
``last_purchase_at`` index (and win-back calls through ``contacts(purpose, at)``),
follow-ups from ``contacts(next_follow_up)``; each candidate's contacts are checked
through ``contacts(member_id, purpose, at)``. Everything runs as one SQL statement; the
Python side only shapes the rows. The cost grows with the number of tasks (~25k on the
demo's 100k-member store the day after its "double 11" peak).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import sqlite_utils

from app.calllist_rules import COLUMN_NAMES, Rules, _rule_sql
from app.core import gc_deferred
from app.db import fetch_split, packed_rows
from app.occasions import FESTIVALS, festival_dates, lunar_date, occasion_keys

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


def call_list(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    clerk_id: int | None = None,
    ahead: dict[str, int] | None = None,
    meanwhile: Callable[[list[Task]], None] | None = None,
    ordered: bool = True,
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

    ``meanwhile(tasks)``, if given, is called with the tasks of the first half of the
    rules (unordered), on this thread, on this connection and inside the same read
    transaction, while the second half is still being read on the other core (the
    day's plan reads its other reasons and those members' facts then).

    ``ordered=False`` leaves the tasks in the order read (the plan orders its rows
    itself; sorting 35k tasks costs ~15 ms).
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
    head, parts = _rule_sql(
        rules,
        bool(festivals and rules.festival_tiers),
        clerk_id,
        points_soon=params["before_points_expiring"] < day(1 + rules.points_expiry_lead_days),
    )
    # Two halves of about equal cost (100k store, ms: post_sale_day1 105, post_sale_day7
    # 100, reward_ready 95, points_expiring 75 (a few ms when narrowed), follow_up 55,
    # dormant 40, birthday 25, family 25, campaign 10), read at once on two connections
    # when a core is free. The first half's tasks are made, and ``meanwhile`` runs,
    # while the second half is still being read; with ``meanwhile`` (the plan's ~100 ms)
    # the birthdays move to the other side.
    first = [parts.pop(name) for name in _first_half(meanwhile is not None) if name in parts]
    keyed: list[tuple[tuple[str, int, str], Task]] = []
    with gc_deferred():
        second = "\nUNION ALL".join(parts.values())
        _rows, more = fetch_split(
            db,
            head + "\nUNION ALL".join(first),
            head + second,
            params,
            on_first=lambda rows: _first_half_read(rows, keyed, today, rules, meanwhile),
            second_packed=packed_rows(head, second, COLUMN_NAMES),
        )
        keyed.extend(_keyed(more, today, rules))
        if ordered:
            keyed.sort(key=itemgetter(0))
        return [task for _key, task in keyed]


def _first_half(with_meanwhile: bool) -> tuple[str, ...]:
    return (
        ("reward_ready", "post_sale_day1")
        if with_meanwhile
        else ("reward_ready", "post_sale_day1", "family", "birthday")
    )


def _first_half_read(
    rows: list[tuple],
    keyed: list[tuple[tuple[str, int, str], Task]],
    today: dt.date,
    rules: Rules,
    meanwhile: Callable[[list[Task]], None] | None,
) -> None:
    made = _keyed(rows, today, rules)
    keyed.extend(made)
    if meanwhile is not None:
        meanwhile([task for _key, task in made])


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
