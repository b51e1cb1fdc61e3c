"""The day's plan (今日计划): who each clerk calls today, one row per member with all of
today's reasons together, ranked, and cut to what a clerk can do in a day.

Built on the call list's reasons (``app.calllist.call_list``, every rule documented
there) plus the manager's VIP talks; derived every time, never stored. So what does not
fit today ("later") is simply ranked again tomorrow, and nothing piles up.

**Windows.** Each reason is on the plan from ``before`` days ahead of its due day to
``after`` days past it (:data:`WINDOWS`); earlier it is *upcoming* (not shown), later it
has *lapsed* (counted in ``Plan.lapsed``, not shown): a birthday greeting three days
late, or a "how does it wear?" call a fortnight after the sale, does more harm than
good. Complaint follow-ups never lapse: they stay until the complaint is resolved.

=====================  ==========  =====================================================
reason                 (before,    why
                       after)
=====================  ==========  =====================================================
complaint_followup     (0, None)   until resolved (app/feedback/)
complaint_check        (0, 7)      the call after a resolution
post_sale_day1         (0, 2)      alterations and delivery are settled in the first days
post_sale_day7         (0, 3)      "how does it wear", care advice
birthday               (1, 2)      the day before to two days late
family_birthday,       (1, 1)      the same, a little tighter
wedding_anniversary
festival               (3, 0)      greet before the day, never after
points_expiring        (14, 0)     the last two weeks before the points go
reward_ready           (0, 3)      while it is news (积满…分时通知)
follow_up              (0, 7)      a week to keep a promised call
campaign               (0, 14)     a campaign's fortnight
dormant                (0, 30)     the win-back month
vip_talk               (0, 0)      chosen afresh each day
seasonal               (0, 13)     the first two weeks of a season
event_invite           (0, 11)     14 to 3 days before an event (issue #19)
event_reminder         (0, 0)      the day before, for guests who accepted
=====================  ==========  =====================================================

**Seasonal visits** (换季回访, purpose ``new_arrivals``): at the start of each season (1
March, June, September, December) infrequent buyers — at most ``plan_seasonal_max_per_year``
(2) visits a year since their first purchase, last purchase 60 to 179 days ago (from
180 days the win-back call takes over) — hear about the season's new arrivals; a
``new_arrivals`` contact since the season began clears it. Consent required; lost and
anonymised members left out.

**Priority.** Urgency first (:data:`URGENCY`): complaints (0), then time-bound reasons —
day 1 after a sale, birthdays, points expiring, festivals, family dates, reward reached,
day 7 (1), then promised follow-ups and campaigns (2), then win-back (3); among equals
the member's value: tier rank, pyramid layer (the newest monthly snapshot,
``segment_snapshots``), lifetime net spend (the CLV model needs a fit of the whole store;
spend stands in for it here), then member number. A row's urgency is its most urgent
reason; its clerk is that reason's clerk (a complaint's owner before the sale's clerk).

**Capacity.** Members without a known clerk go to the active clerk with the fewest rows
(in rank order), so someone calls them. Each clerk gets ``plan_daily_capacity`` (25)
rows a day, less the members that clerk already contacted
today (``done``); the rest is ``later``. The manager (the first active manager, else
the owner) gets ``plan_vip_talks_per_day`` (5) VIP talks on top: members of
``plan_vip_tiers`` not contacted for ``plan_vip_gap_days`` (30) days and not on the plan
already, highest spend first; any contact logged with them clears it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import sqlite_utils

from app import calllist, labels, settings
from app.calllist import Task
from app.calllist_rules import reachable_member_sql
from app.core import gc_deferred

TODAY, LATER = "today", "later"

WINDOWS: dict[str, tuple[int, int | None]] = {
    "complaint_followup": (0, None),
    "complaint_check": (0, 7),
    "post_sale_day1": (0, 2),
    "post_sale_day7": (0, 3),
    "birthday": (1, 2),
    "family_birthday": (1, 1),
    "wedding_anniversary": (1, 1),
    "festival": (3, 0),
    "points_expiring": (14, 0),
    "reward_ready": (0, 3),
    "follow_up": (0, 7),
    "campaign": (0, 14),
    "dormant": (0, 30),
    "vip_talk": (0, 0),
    "seasonal": (0, 13),
    "alteration_ready": (0, None),  # until the member is told or collects it (#19)
    "verify_details": (0, None),  # rides along with another reason, never alone
    "new_card": (0, None),  # a tier rise whose card was not replaced: rides along too
    "event_invite": (0, 11),  # due 14 days before the event, open until 3 days before
    "event_reminder": (0, 0),  # the day before the event
}

URGENCY: dict[str, int] = {
    "complaint_followup": 0,
    "complaint_check": 0,
    "post_sale_day1": 1,
    "birthday": 1,
    "points_expiring": 1,
    "festival": 1,
    "family_birthday": 1,
    "wedding_anniversary": 1,
    "reward_ready": 1,
    "post_sale_day7": 1,
    "follow_up": 2,
    "campaign": 2,
    "vip_talk": 2,
    "dormant": 3,
    "seasonal": 3,
    "alteration_ready": 1,
    "verify_details": 4,
    "new_card": 4,
    "event_invite": 2,
    "event_reminder": 1,
}
_ORDER = {r: i for i, r in enumerate(URGENCY)}
_REASON_KEY = {r: (u << 40) + (1 << 27) + _ORDER[r] for r, u in URGENCY.items()}
_LAYER_RANK = {"platinum": 4, "gold": 3, "iron": 2, "lead": 1, "inactive": 0}
_SPEND_CAP = 1e12 - 1  # the spend's part of PlanRow.order (fen; ten billion yuan)


@dataclass(slots=True)
class PlanRow:
    """One member to contact: ``reasons`` most urgent first; ``slot`` TODAY or LATER;
    ``rank`` the place in the clerk's list (1 = first)."""

    member_id: int
    member_no: str
    name: str
    phone: str | None
    tier: str
    clerk_id: int | None
    channels: tuple[str, ...]
    reasons: list[Task]
    urgency: int = 3
    value: tuple[int, int, int] = (0, 0, 0)
    slot: str = TODAY
    rank: int = 0
    order: float = 0.0  # the sort key (urgency, value) as one number: see _daily_plan

    @property
    def key(self) -> int:
        return self.member_id

    @property
    def reason_codes(self) -> list[str]:
        return [t.reason for t in self.reasons]

    @property
    def first(self) -> Task:
        return self.reasons[0]


@dataclass
class Plan:
    """The day's plan for every clerk (``rows`` in order: each clerk's today rows by
    rank, then their later rows); ``done`` distinct members each clerk contacted today
    (None: all contacts by no known clerk); ``lapsed`` reasons past their window."""

    day: dt.date
    rows: list[PlanRow] = field(default_factory=list)
    done: dict[int | None, int] = field(default_factory=dict)
    lapsed: dict[str, int] = field(default_factory=dict)
    capacity: int = 25

    def for_clerk(self, clerk_id: int | None) -> list[PlanRow]:
        return [r for r in self.rows if r.clerk_id == clerk_id]

    def counts(self, clerk_id: int | str | None = "all") -> dict[str, int]:
        """``today``, ``later`` and ``done`` for one clerk (or "all")."""
        rows = self.rows if clerk_id == "all" else self.for_clerk(clerk_id)  # type: ignore[arg-type]
        done = (
            sum(self.done.values()) if clerk_id == "all" else self.done.get(clerk_id, 0)  # type: ignore[arg-type]
        )
        today = sum(1 for r in rows if r.slot == TODAY)
        return {"today": today, "later": len(rows) - today, "done": done}


def window_state(reason: str, days_overdue: int) -> str:
    """ "upcoming", "open" or "lapsed" for a reason ``days_overdue`` days past due."""
    before, after = WINDOWS.get(reason, (0, 7))
    if days_overdue < -before:
        return "upcoming"
    if after is not None and days_overdue > after:
        return "lapsed"
    return "open"


def _member_facts(
    db: sqlite_utils.Database, ids: list[int], today: dt.date
) -> list[tuple[int, str | None, int | None, int | None, str | None, str | None]]:
    """``(member_id, pyramid layer, net spend, last clerk, checked_at when the archive
    is stale, the current card's type when it is behind the tier)`` for ``ids``: one
    statement, one primary-key search per member in each table, the id list driving
    (joined the other way round SQLite scanned the whole list once per snapshot row:
    100k x 25k on the 100k store, seconds). The card column folds in
    ``cards.cards_behind_tier`` for these members only (124 ms for the whole store,
    35 ms here)."""
    if not ids:
        return []
    from app.service import cards, freshness

    month = db.execute("SELECT MAX(month) FROM segment_snapshot_months").fetchone()[0]
    sql = (
        "SELECT j.value, g.layer, s.total_paid_fen, s.last_clerk_id, "
        f"{freshness.checked_if_stale_sql('m')}, {cards.card_behind_sql('m')} "
        "FROM json_each(:ids) j "
        "LEFT JOIN segment_snapshots g ON g.month = :month AND g.member_id = j.value "
        "LEFT JOIN member_stats s ON s.member_id = j.value "
        "LEFT JOIN members m ON m.id = j.value"
    )
    # the ids in key order: the index lookups then walk the pages in order (22k members
    # of the 100k store: 150 ms -> 95 ms). Two halves on two connections (fetch_split)
    # were slower here: 22k small rows make the threads trade the GIL row by row.
    return db.execute(
        sql,
        {
            "ids": json.dumps(sorted(ids)),
            "month": month,
            "stale_cut": freshness.stale_cut(db, today=today),
        },
    ).fetchall()


def _done_today(db: sqlite_utils.Database, today: dt.date) -> dict[int | None, int]:
    start = today.isoformat()
    end = (today + dt.timedelta(days=1)).isoformat()
    # contacts(purpose, at) once per purpose: no index on ``at`` alone
    return {
        clerk: n
        for clerk, n in db.execute(
            "SELECT clerk_id, COUNT(DISTINCT member_id) FROM contacts "
            "WHERE purpose IN (SELECT value FROM json_each(?)) AND at >= ? AND at < ? "
            "GROUP BY clerk_id",
            [json.dumps(labels.choices("purpose")), start, end],
        )
    }


def _manager(db: sqlite_utils.Database) -> int | None:
    row = db.execute(
        "SELECT id FROM users WHERE active = 1 AND role IN ('manager', 'owner') "
        "ORDER BY role = 'owner', id LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def _vip_talks(
    db: sqlite_utils.Database, today: dt.date, taken: set[int], manager: int
) -> list[Task]:
    n = int(settings.get(db, "plan_vip_talks_per_day"))
    if n <= 0:
        return []
    gap = (today - dt.timedelta(days=int(settings.get(db, "plan_vip_gap_days")))).isoformat()
    # Walks members by spend from the top (idx_member_stats_total) and stops once it has
    # enough: the top spenders are the VIP tiers' members.
    rows = db.execute(
        "SELECT m.id, m.member_no, m.name, m.phone, m.tier, m.consent_channels "
        "FROM member_stats s INDEXED BY idx_member_stats_total "
        "JOIN members m ON m.id = s.member_id "
        "WHERE m.tier IN (SELECT value FROM json_each(?)) "
        f"AND {reachable_member_sql('m')} AND m.consent_channels <> '' "
        "AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.member_id = m.id AND c.at >= ?) "
        "ORDER BY s.total_paid_fen DESC, s.member_id DESC",
        [json.dumps(settings.get(db, "plan_vip_tiers")), gap],
    )
    out = []
    for mid, no, name, phone, tier, consent in rows:
        if mid in taken:
            continue
        out.append(
            Task(
                member_id=mid,
                member_no=no,
                name=name,
                phone=phone,
                tier=tier,
                reason="vip_talk",
                purpose="vip_care",
                due=today,
                days_overdue=0,
                clerk_id=manager,
                detail={"ref": ""},
                channels=tuple(c for c in consent.split(",") if c),
            )
        )
        if len(out) == n:
            break
    rows.close()
    return out


SEASON_STARTS = (3, 6, 9, 12)


def season_start(today: dt.date) -> dt.date:
    """The first day of the season ``today`` is in."""
    months = [m for m in SEASON_STARTS if m <= today.month]
    if months:
        return dt.date(today.year, months[-1], 1)
    return dt.date(today.year - 1, 12, 1)


def _seasonal(db: sqlite_utils.Database, today: dt.date) -> list[Task]:
    start = season_start(today)
    if (today - start).days > WINDOWS["seasonal"][1]:
        return []
    per_year = float(settings.get(db, "plan_seasonal_max_per_year"))
    rows = db.execute(
        "SELECT m.id, m.member_no, m.name, m.phone, m.tier, m.consent_channels, "
        "s.last_clerk_id, s.last_purchase_at, s.visits "
        "FROM member_stats s JOIN members m ON m.id = s.member_id "
        "WHERE s.last_purchase_at >= ? AND s.last_purchase_at < ? AND s.visits > 0 "
        "AND s.visits * 365.0 / max(365, julianday(?) - julianday(s.first_purchase_at)) <= ? "
        f"AND {reachable_member_sql('m')} AND m.consent_channels <> '' "
        "AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.member_id = m.id "
        "AND c.purpose = 'new_arrivals' AND c.at >= ?)",
        [
            (today - dt.timedelta(days=179)).isoformat(),
            (today - dt.timedelta(days=59)).isoformat(),
            today.isoformat(),
            per_year,
            start.isoformat(),
        ],
    ).fetchall()
    start_iso, overdue = start.isoformat(), (today - start).days
    consent_of: dict[str, tuple[str, ...]] = {}
    out = []
    for mid, no, name, phone, tier, consent, clerk, last, visits in rows:
        channels = consent_of.get(consent)
        if channels is None:
            channels = consent_of[consent] = tuple(c for c in consent.split(",") if c)
        detail = {"ref": start_iso, "last_purchase_at": last, "visits": visits}
        # Task's fields in order (positional: ~4x cheaper than keywords, 5k tasks)
        out.append(
            Task(
                mid, no, name, phone, tier, "seasonal", "new_arrivals", start, overdue, clerk,
                None, detail, channels,
            )
        )  # fmt: skip
    return out


def _share_out(db: sqlite_utils.Database, rows: list[PlanRow], done: dict[int | None, int]) -> None:
    """Members without a known clerk go, in rank order, to the active clerk with the
    fewest rows so far (ties: the lower user id), so someone calls them."""
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE active = 1 AND role = 'clerk'")]
    if not clerks:
        return
    load = Counter({c: done.get(c, 0) for c in clerks})
    for r in rows:
        if r.clerk_id in load:
            load[r.clerk_id] += 1
    for r in rows:
        if r.clerk_id is None:
            r.clerk_id = min(clerks, key=lambda c: (load[c], c))
            load[r.clerk_id] += 1


def daily_plan(
    db: sqlite_utils.Database,
    *,
    today: dt.date,
    tasks: list[Task] | None = None,
) -> Plan:
    """The plan for ``today`` for every clerk (see the module docstring). ``tasks``
    may pass the call list already computed for ``today``."""
    # As in call_list: no collection while the rows are made, none left over for the
    # window's thread afterwards.
    with gc_deferred():
        return _daily_plan(db, today, tasks)


def _service_task(
    member: tuple[Any, ...],
    reason: str,
    purpose: str,
    due: dt.date,
    today: dt.date,
    detail: dict[str, Any],
) -> Task:
    mid, no, name, phone, tier, consent, clerk = member
    return Task(
        member_id=mid,
        member_no=no,
        name=name,
        phone=phone,
        tier=tier,
        reason=reason,
        purpose=purpose,
        due=due,
        days_overdue=(today - due).days,
        clerk_id=clerk,
        detail=detail,
        channels=tuple(c for c in (consent or "").split(",") if c),
    )


_MEMBER_COLS = (
    "m.id, m.member_no, m.name, m.phone, m.tier, m.consent_channels, s.last_clerk_id "
    "FROM members m LEFT JOIN member_stats s ON s.member_id = m.id"
)


def _alterations_ready(db: sqlite_utils.Database, today: dt.date) -> list[Task]:
    """Alterations and deliveries ready for collection (app/service/alterations.py):
    call the member, until they are told (a contact ``alteration_ready`` since it was
    ready) or collect it. One task per member, for their oldest ready order."""
    if not db["alterations"].exists():
        return []
    cur = db.execute(
        f"SELECT {_MEMBER_COLS.replace(' FROM ', ', a.id, a.kind, a.ready_at FROM ', 1)} "
        "JOIN alterations a ON a.member_id = m.id "
        "WHERE a.status = 'ready' AND m.status <> 'anonymised' AND NOT EXISTS ("
        " SELECT 1 FROM contacts c WHERE c.member_id = m.id AND c.purpose = 'alteration_ready'"
        " AND c.at >= a.ready_at) ORDER BY a.ready_at, a.id"
    )
    out: dict[int, Task] = {}
    for r in cur:
        if r[0] in out:
            continue
        aid, kind, ready_at = r[7:]
        due = dt.date.fromisoformat(ready_at[:10])
        detail = {"ref": str(aid), "kind": kind}
        out[r[0]] = _service_task(r[:7], "alteration_ready", "alteration_ready", due, today, detail)
    return list(out.values())


def _event_tasks(db: sqlite_utils.Database, today: dt.date) -> list[Task]:
    """Member events (app/service/events.py): invite each guest not yet told (due
    14 days before the event, open until 3 days before), and remind those who accepted
    the day before. A contact logged with the reason's purpose since the guest was put
    on the list (or since the day before, for the reminder) clears it; so does marking
    the guest told or their answer. Cancelled and past events make no tasks."""
    if not db["events"].exists():
        return []
    from app.service.events import INVITE_WINDOW

    first = INVITE_WINDOW[0]  # the window's end is WINDOWS["event_invite"]
    horizon = (today + dt.timedelta(days=first)).isoformat()
    cols = _MEMBER_COLS.replace(
        " FROM ", ", i.id, i.response, i.invited_at, e.id, e.name, e.starts_at, e.place FROM ", 1
    )
    cur = db.execute(
        f"SELECT {cols} JOIN event_invitations i ON i.member_id = m.id "
        "JOIN events e ON e.id = i.event_id "
        "WHERE e.status = 'planned' AND e.starts_at >= ? AND e.starts_at < ? "
        f"AND {reachable_member_sql('m')} "
        "AND ((i.invited_at IS NULL AND i.response = 'pending' AND NOT EXISTS ("
        "  SELECT 1 FROM contacts c WHERE c.member_id = m.id AND c.purpose = 'event_invite'"
        "  AND c.at >= i.added_at)) "
        " OR (i.response = 'accepted' AND NOT EXISTS ("
        "  SELECT 1 FROM contacts c WHERE c.member_id = m.id AND c.purpose = 'event_reminder'"
        "  AND c.at >= date(e.starts_at, '-1 day')))) "
        "ORDER BY e.starts_at, i.id",
        [today.isoformat(), (dt.date.fromisoformat(horizon) + dt.timedelta(days=1)).isoformat()],
    )
    out: list[Task] = []
    for r in cur:
        iid, response, _told, eid, name, starts, place = r[7:]
        day = dt.date.fromisoformat(starts[:10])
        detail = {
            "ref": str(iid),
            "event_id": eid,
            "event": name,
            "event_date": starts[:16].replace("T", " "),
            "event_place": place or "",
        }
        if response == "accepted":
            reason, due = "event_reminder", day - dt.timedelta(days=1)
        else:
            reason, due = "event_invite", day - dt.timedelta(days=first)
        out.append(_service_task(r[:7], reason, reason, due, today, detail))
    return out


def _along(t: Task, reason: str, today: dt.date, clerk: int | None, detail: dict[str, Any]) -> Task:
    """A reason for member ``t``'s row that rides along its call (purpose "other")."""
    return Task(
        t.member_id, t.member_no, t.name, t.phone, t.tier, reason, "other", today, 0, clerk,
        None, detail, t.channels,
    )  # fmt: skip


def _daily_plan(db: sqlite_utils.Database, today: dt.date, tasks: list[Task] | None) -> Plan:
    capacity = int(settings.get(db, "plan_daily_capacity"))
    others: list[Task] = []
    facts: dict[int, tuple[Any, ...]] = {}

    def read_others(first: list[Task]) -> None:
        others.extend([*_seasonal(db, today), *_alterations_ready(db, today)])
        others.extend(_event_tasks(db, today))
        ids = {t.member_id for t in first}
        ids.update(t.member_id for t in others)
        facts.update((f[0], f) for f in _member_facts(db, list(ids), today))

    if tasks is None:
        # The reasons not yet open today (upcoming) are left out by the statement itself.
        # The plan's own reasons, and the facts of the members so far, are read while the
        # call list's second half is (on a second core: ~100 ms off the 100k store's plan).
        ahead = {r: before for r, (before, _after) in WINDOWS.items()}
        tasks = calllist.call_list(
            db, today=today, ahead=ahead, meanwhile=read_others, ordered=False
        )
    else:
        read_others([])
    everything = [*tasks, *others]
    lapsed: Counter[str] = Counter()
    by_member: dict[int, list[Task]] = {}
    # per task: a few comparisons only (30k tasks on the 100k store)
    bounds = {r: (-b, (1 << 30) if a is None else a) for r, (b, a) in WINDOWS.items()}
    default = (0, 7)
    for t in everything:
        lo, hi = bounds.get(t.reason, default)
        d = t.days_overdue
        if d < lo:
            continue  # upcoming
        if d > hi:
            lapsed[t.reason] += 1
            continue
        same = by_member.get(t.member_id)
        if same is None:
            by_member[t.member_id] = [t]
        else:
            same.append(t)
    manager = _manager(db)
    if manager is not None:
        for t in _vip_talks(db, today, set(by_member), manager):
            by_member[t.member_id] = [t]
    tier_rank = dict(db.execute("SELECT code, rank FROM tiers").fetchall()).get
    layer_rank = _LAYER_RANK.get
    rows: list[PlanRow] = []
    urgency_of = URGENCY.__getitem__
    missing = [mid for mid in by_member if mid not in facts]
    facts.update((f[0], f) for f in _member_facts(db, missing, today))
    for mid, reasons in by_member.items():
        _mid, layer, spend, last_clerk, stale_since, card = facts[mid]
        if len(reasons) > 1:
            # (urgency, -days overdue, reason order) as one int: |days| < 2**19
            reasons.sort(key=lambda t: _REASON_KEY[t.reason] - (t.days_overdue << 8))
        # Reasons that ride along this call or visit, never a call of their own, so
        # always last (urgency 4, in URGENCY's order): the archive is stale
        # (app/service/freshness.py: verify details), the tier rose above the card's
        # type (app/service/cards.py: 换发新卡).
        if stale_since is not None:
            reasons.append(
                _along(reasons[0], "verify_details", today, last_clerk, {"checked_at": stale_since})
            )
        if card is not None:
            reasons.append(_along(reasons[0], "new_card", today, last_clerk, {"card_type": card}))
        first = reasons[0]
        clerk = first.clerk_id
        if clerk is None and len(reasons) > 1:
            clerk = next((t.clerk_id for t in reasons if t.clerk_id is not None), None)
        urgency = urgency_of(first.reason)
        tier = tier_rank(first.tier, 0)
        layer_no = layer_rank(layer, 0) if layer else 0
        spend = spend or 0
        value = (tier, layer_no, spend)
        capped = spend if 0 < spend < _SPEND_CAP else (0 if spend <= 0 else _SPEND_CAP)
        row = PlanRow(
            mid,
            first.member_no,
            first.name,
            first.phone,
            first.tier,
            clerk,
            first.channels,
            reasons,
            urgency,
            value,
        )
        # (urgency, -tier, -layer, -spend) as one float, exact below 2**53: a sort on
        # single floats (and strings before it) runs on CPython's fast paths, where
        # tuples of five held the GIL long enough to stall the window (~0.3 s at 22k rows)
        row.order = (
            urgency * 1e14
            + (9 - (tier if tier < 9 else 9)) * 1e13
            + (9 - layer_no) * 1e12  # 0..4
            + (_SPEND_CAP - capped)
        )
        rows.append(row)
    rows.sort(key=attrgetter("member_no"))  # ties keep the member number order
    rows.sort(key=attrgetter("order"))
    done = _done_today(db, today)
    _share_out(db, rows, done)
    free: dict[int | None, int] = {}  # what each clerk can still take today
    today_rows: list[PlanRow] = []
    later_rows: list[PlanRow] = []
    for r in rows:
        if r.reasons[0].reason == "vip_talk":  # on top of the capacity (slot TODAY)
            today_rows.append(r)
            continue
        c = r.clerk_id
        n = free.get(c)
        if n is None:
            n = capacity - done.get(c, 0)
        if n > 0:
            free[c] = n - 1
            today_rows.append(r)
        else:
            free[c] = n
            r.slot = LATER
            later_rows.append(r)
    # each clerk's today rows first, then later; the rank is the place in that order
    rows = today_rows + later_rows
    ranks: dict[int | None, int] = {}
    for r in rows:
        c = r.clerk_id
        r.rank = ranks[c] = ranks.get(c, 0) + 1
    return Plan(day=today, rows=rows, done=done, lapsed=dict(lapsed), capacity=capacity)


def plan_json(plan: Plan, rows: list[PlanRow] | None = None) -> list[dict[str, Any]]:
    """Rows as plain values (the CLI's ``--json``)."""
    out = []
    for r in plan.rows if rows is None else rows:
        out.append(
            {
                "rank": r.rank,
                "slot": r.slot,
                "member_no": r.member_no,
                "name": r.name,
                "tier": r.tier,
                "clerk_id": r.clerk_id,
                "channels": list(r.channels),
                "reasons": [
                    {
                        "reason": t.reason,
                        "purpose": t.purpose,
                        "due": t.due.isoformat(),
                        "days_overdue": t.days_overdue,
                    }
                    for t in r.reasons
                ],
            }
        )
    return out
