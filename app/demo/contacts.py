"""The demo store's contact log: after-sale, campaigns, occasions, win-back calls."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np

from app.demo.contract import DORMANT_DAYS, STORE_OPEN
from app.demo.facts import _Facts
from app.demo.helpers import _Calendar, _lunar_solar, _nchoice, _office_secs
from app.demo.members import _Members
from app.demo.purchases import _Purchases
from app.demo.vocabulary import (
    C_PHONE,
    CONTACT_TEXTS,
    O_CALL_BACK,
    O_DECLINED,
    O_NO_ANSWER,
    O_REACHED,
    O_WRONG,
    P_BIRTHDAY,
    P_DAY1,
    P_DAY7,
    P_FAMILY,
    P_FESTIVAL,
    P_NEW,
    P_OTHER,
    P_PROMO,
    P_SCHEDULED,
    P_WINBACK,
)

# (month, day) -> (purpose, index of its text, share of reachable members messaged)
CAMPAIGNS: dict[tuple[int, int], tuple[int, int, float]] = {
    (3, 1): (P_NEW, 1, 0.12),
    (9, 1): (P_NEW, 0, 0.12),
    (6, 8): (P_PROMO, 2, 0.15),
    (11, 5): (P_PROMO, 1, 0.15),
    (9, 28): (P_PROMO, 0, 0.10),
    (1, 1): (P_FESTIVAL, 0, 0.08),
    (5, 10): (P_FESTIVAL, 0, 0.08),
}
CONTACT_TEXT_LIST: list[str] = []
_TEXT_OFFSET: dict[int, int] = {}
for _p, _texts in CONTACT_TEXTS.items():
    _TEXT_OFFSET[_p] = len(CONTACT_TEXT_LIST)
    CONTACT_TEXT_LIST.extend(_texts)


class _Contacts:
    """Contact rows collected column-wise from several rules, put in time order at the
    end (ids follow time)."""

    KEYS = (
        "member",
        "day",
        "sec",
        "clerk",
        "channel",
        "purpose",
        "outcome",
        "note",
        "follow",
        "purchase",
    )

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []
        self.size = 0

    def add(self, **cols: Any) -> int:
        """Add rows (equal-length arrays or lists; ``note``/``follow`` -1 and ``purchase``
        0 for none); returns the position of the first one."""
        arrays = {k: np.asarray(cols[k], dtype=np.int64) for k in self.KEYS}
        start = self.size
        self.parts.append(arrays)
        self.size += len(arrays["member"])
        return start

    def build(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Columns in time order, and the contact id of each added position."""
        cols = {
            k: np.concatenate([p[k] for p in self.parts]) if self.parts else np.zeros(0, np.int64)
            for k in self.KEYS
        }
        order = np.argsort(cols["day"] * 86400 + cols["sec"], kind="stable")
        ids = np.empty(len(order), dtype=np.int64)
        ids[order] = np.arange(1, len(order) + 1)
        return {k: v[order] for k, v in cols.items()}, ids


class _Rows:
    """Contact rows made one at a time (Python rules), handed to _Contacts in one go."""

    def __init__(self) -> None:
        self.cols: dict[str, list[int]] = {k: [] for k in _Contacts.KEYS}

    def add(
        self,
        member: int,
        day: int,
        sec: int,
        clerk: int,
        channel: int,
        purpose: int,
        outcome: int,
        note: int = -1,
        follow: int = -1,
        purchase: int = 0,
    ) -> None:
        for k, v in zip(
            _Contacts.KEYS,
            (member, day, sec, clerk, channel, purpose, outcome, note, follow, purchase),
            strict=True,
        ):
            self.cols[k].append(v)

    def flush(self, contacts: _Contacts) -> None:
        if self.cols["member"]:
            contacts.add(**self.cols)


def _texts_for(
    rng: np.random.Generator, purpose: np.ndarray, outcome: np.ndarray, share: float
) -> np.ndarray:
    """Note (index into CONTACT_TEXT_LIST) for a share of the reached contacts, else -1."""
    out = np.full(len(purpose), -1, dtype=np.int64)
    pick = (outcome == O_REACHED) & (rng.random(len(purpose)) < share)
    for p, texts in CONTACT_TEXTS.items():
        sel = pick & (purpose == p)
        k = int(sel.sum())
        if k:
            out[sel] = _TEXT_OFFSET[p] + rng.integers(0, len(texts), k)
    return out


def _post_sale_contacts(
    rng: np.random.Generator,
    cal: _Calendar,
    p: _Purchases,
    clerk_ids: np.ndarray,
    contacts: _Contacts,
) -> None:
    """Day-1 and day-7 calls after sales (售后回访), by the clerk who sold. Yesterday's
    sales have no call yet (today's call list), the days before only some; further back
    the log is sparse. Call-backs of the last fortnight are due in the coming two weeks;
    older ones were made on the day agreed (a 'scheduled' contact)."""
    D = cal.D
    sale = np.flatnonzero(~p.is_return)
    age = D - p.day[sale]
    for offset, purpose, recent, old in ((1, P_DAY1, 0.65, 0.03), (7, P_DAY7, 0.3, 0.01)):
        prob = np.where(age <= 90, recent, old) * np.where(age <= 3, 0.5, 1.0)
        idx = sale[(age - offset >= 1) & (rng.random(len(sale)) < prob)]
        k = len(idx)
        outcome = _nchoice(rng, k, (76, 14, 7, 1, 2))
        cday = p.day[idx] + offset
        follow = np.full(k, -1, dtype=np.int64)
        fresh = (D - cday <= 14) & ((outcome == O_CALL_BACK) | (rng.random(k) < 0.04))
        follow[fresh] = D + rng.integers(0, 14, int(fresh.sum()))
        later = (D - cday > 14) & (outcome == O_CALL_BACK)
        fday = cday[later] + rng.integers(1, 4, int(later.sum()))
        follow[later] = fday
        purposes = np.full(k, purpose)
        contacts.add(
            member=p.member[idx],
            day=cday,
            sec=_office_secs(rng, k),
            clerk=clerk_ids[p.clerk[idx]],
            channel=_nchoice(rng, k, (70, 5, 25)),
            purpose=purposes,
            outcome=outcome,
            note=_texts_for(rng, purposes, outcome, 0.5),
            follow=follow,
            purchase=idx + 1,
        )
        m = len(fday)
        if m:
            sched = np.full(m, P_SCHEDULED)
            sout = _nchoice(rng, m, (85, 15))
            contacts.add(
                member=p.member[idx[later]],
                day=fday,
                sec=_office_secs(rng, m),
                clerk=clerk_ids[p.clerk[idx[later]]],
                channel=np.full(m, C_PHONE),
                purpose=sched,
                outcome=sout,
                note=_texts_for(rng, sched, sout, 0.7),
                follow=np.full(m, -1),
                purchase=idx[later] + 1,
            )


def _campaign_contacts(
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
) -> None:
    """New-arrival, promotion and festival messages over the last year to a share of the
    members who accept messages."""
    D = cal.D
    reachable = np.flatnonzero((mem.market_channel >= 0) & facts.active)
    joined = mem.joined[reachable]
    for d_i in range(max(0, D - 400), D):
        date = cal.dates[d_i]
        campaign = CAMPAIGNS.get((date.month, date.day))
        if campaign is None:
            continue
        purpose, text, share = campaign
        who = reachable[(rng.random(len(reachable)) < share) & (joined <= d_i)]
        k = len(who)
        contacts.add(
            member=who,
            day=np.full(k, d_i),
            sec=_office_secs(rng, k),
            clerk=staff_ids[rng.integers(0, len(staff_ids), k)],
            channel=mem.market_channel[who],
            purpose=np.full(k, purpose),
            outcome=np.full(k, O_REACHED),
            note=np.full(k, _TEXT_OFFSET[purpose] + text),
            follow=np.full(k, -1),
            purchase=np.zeros(k),
        )


def _occasion_contacts(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
) -> None:
    """Birthday greetings (in the member's own calendar) and family occasions over the
    last half year, to active members who accept messages or calls."""
    D = cal.D
    since = D - 183
    years = (cal.today.year - 1, cal.today.year)
    rows = _Rows()

    def last_occurrence(month: int, day: int, leap: bool, calendar: str) -> int:
        """Day index of the last occurrence in [since, yesterday], or -1."""
        best = -1
        for y in years:
            if calendar == "lunar":
                d = _lunar_solar(y, month, day, leap)
            else:
                d = dt.date(y, month, day) if (month, day) != (2, 29) else dt.date(y, 2, 28)
            i = (d - cal.start).days
            if since <= i < D:
                best = max(best, i)
        return best

    channel = np.where(
        mem.market_channel >= 0, mem.market_channel, np.where(mem.call_ok, C_PHONE, -1)
    )
    n = mem.n
    pick = facts.active & (mem.b_cal > 0) & (channel >= 0) & (rng.random(n) < 0.7)
    for i in np.flatnonzero(pick).tolist():
        d = last_occurrence(
            int(mem.b_month[i]),
            int(mem.b_day[i]),
            bool(mem.b_leap[i]),
            "lunar" if mem.b_cal[i] == 2 else "solar",
        )
        if d >= mem.joined[i]:
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                int(channel[i]),
                P_BIRTHDAY,
                O_REACHED,
                _TEXT_OFFSET[P_BIRTHDAY] + rnd.randrange(2),
            )
    for i, relation, month, day, leap, calendar in mem.family_dates:
        if (
            relation not in ("wedding_anniversary", "child")
            or not facts.active[i]
            or mem.market_channel[i] < 0
            or rnd.random() >= 0.4
        ):
            continue
        d = last_occurrence(month, day, leap, calendar)
        if d >= mem.joined[i]:
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                int(mem.market_channel[i]),
                P_FAMILY,
                O_REACHED,
                _TEXT_OFFSET[P_FAMILY] + (relation == "child"),
            )
    rows.flush(contacts)


def _winback_contacts(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
    pur: _Purchases | None = None,
) -> None:
    """Tracking calls (追踪) to members gone quiet: about half of them got a call after half
    a year without a purchase; some recent ones agreed to a call back in the coming two
    weeks. Plus a few members who asked to be called again in the next days. And calls
    that worked: about one in eight of the sales that ended a half-year silence follow a
    reached win-back call made 1–60 days before (still dormant on the day of the call),
    so the win-back rate has something to count."""
    D = cal.D
    n = mem.n
    rows = _Rows()
    if pur is not None and len(pur.day):
        sale = ~pur.is_return
        who, day = pur.member[sale], pur.day[sale]
        order = np.lexsort((day, who))
        who, day = who[order], day[order]
        gap = np.diff(day, prepend=0)
        first = np.r_[True, who[1:] != who[:-1]]
        back = np.flatnonzero(~first & (gap >= DORMANT_DAYS + 2) & (rng.random(len(day)) < 0.12))
        for k in back.tolist():
            i = int(who[k])
            if not mem.call_ok[i]:
                continue
            earliest = int(day[k - 1]) + DORMANT_DAYS + 1  # dormant when called
            d = int(day[k]) - 1 - rnd.randrange(60)
            if d < earliest:
                d = earliest
            if d >= int(day[k]) or d > D - 1:
                continue
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                C_PHONE,
                P_WINBACK,
                O_REACHED,
                _TEXT_OFFSET[P_WINBACK] + rnd.randrange(3),
                -1,
            )
    lost = np.asarray(facts.status, dtype=object) == "lost"
    for i in np.flatnonzero(~facts.active & mem.call_ok & (rng.random(n) < 0.5)).tolist():
        lo = int(facts.seen[i]) + DORMANT_DAYS
        if lo > D - 1:
            continue
        d = rnd.randint(lo, min(D - 1, lo + 120))
        if lost[i]:
            outcome = rnd.choice((O_DECLINED, O_WRONG, O_NO_ANSWER, O_REACHED))
        else:
            outcome = rnd.choice((O_REACHED, O_REACHED, O_NO_ANSWER, O_CALL_BACK, O_DECLINED))
        follow = D + rnd.randrange(14) if outcome == O_CALL_BACK and D - d <= 14 else -1
        rows.add(
            i,
            d,
            STORE_OPEN + rnd.randrange(9 * 3600),
            int(staff_ids[rnd.randrange(len(staff_ids))]),
            C_PHONE,
            P_WINBACK,
            outcome,
            _TEXT_OFFSET[P_WINBACK] + rnd.randrange(3) if outcome == O_REACHED else -1,
            follow,
        )
    for _ in range(max(2, n // 400)):
        i = rnd.randrange(n)
        d = D - 1 - rnd.randrange(7)
        if facts.active[i] and mem.call_ok[i] and d >= mem.joined[i]:
            rows.add(
                i,
                d,
                STORE_OPEN + rnd.randrange(9 * 3600),
                int(staff_ids[rnd.randrange(len(staff_ids))]),
                C_PHONE,
                P_OTHER,
                O_CALL_BACK,
                -1,
                D + rnd.randrange(14),
            )
    rows.flush(contacts)
