"""The demo store's complaints and satisfaction surveys."""

from __future__ import annotations

import random
from typing import Any

import numpy as np

from app.demo.contacts import _TEXT_OFFSET, _Contacts, _Rows
from app.demo.contract import STORE_OPEN
from app.demo.facts import _Facts
from app.demo.helpers import _Calendar, _cum, _times, _wpick
from app.demo.members import _Members
from app.demo.purchases import _Purchases
from app.demo.vocabulary import (
    C_PHONE,
    C_VISIT,
    C_WECHAT,
    COMPLAINT_W,
    COMPLAINTS,
    O_REACHED,
    P_COMPLAINT,
    P_SAT,
    SURVEY_COMMENTS,
    SURVEY_FACTORS,
)


def _complaints(
    rnd: random.Random,
    cal: _Calendar,
    pur: _Purchases,
    n_members: int,
    owner_id: int,
    manager_id: int,
    contacts: _Contacts,
) -> list[tuple[Any, ...]]:
    """About one complaint per hundred members, each after a sale; the older ones were
    resolved (and most followed up by a call), the last days' are still open."""
    D = cal.D
    times = _times()
    sales = np.flatnonzero(~pur.is_return & (pur.day <= D - 2))
    out: list[tuple[Any, ...]] = []
    if not len(sales):
        return out
    cat_values = [c for c, _ in COMPLAINT_W]
    cat_cum = _cum(w for _, w in COMPLAINT_W)
    rows = _Rows()
    picks = sorted(int(sales[rnd.randrange(len(sales))]) for _ in range(max(3, n_members // 100)))
    for cid, s in enumerate(picks, start=1):
        member = int(pur.member[s])
        day = min(D - 1, int(pur.day[s]) + rnd.randrange(10))
        category = _wpick(rnd, cat_values, cat_cum)
        description, resolution = rnd.choice(COMPLAINTS[category])
        owner = manager_id if rnd.random() < 0.75 else owner_id
        at = cal.iso[day] + times[STORE_OPEN + rnd.randrange(11 * 3600)]
        resolve_day = day + rnd.randrange(6)
        if D - day <= 3 or resolve_day >= D:
            status = rnd.choice(("open", "in_progress"))
            resolved_at, res_text, comp = None, None, 0
        else:
            status = "resolved" if rnd.random() < 0.8 else "closed"
            resolved_at = max(
                at, cal.iso[resolve_day] + times[STORE_OPEN + rnd.randrange(10 * 3600)]
            )
            res_text = resolution
            comp = rnd.choice((0, 0, 5000, 10000, 20000)) if category == "quality" else 0
            if rnd.random() < 0.8:
                rows.add(
                    member,
                    min(D - 1, resolve_day + 1),
                    STORE_OPEN + rnd.randrange(9 * 3600),
                    owner,
                    C_PHONE,
                    P_COMPLAINT,
                    O_REACHED,
                    _TEXT_OFFSET[P_COMPLAINT] + rnd.randrange(2),
                    -1,
                    s + 1,
                )
        out.append(
            (cid, member + 1, at, category, description, owner, status, res_text, comp, resolved_at)
        )
    rows.flush(contacts)
    return out


def _surveys(
    rnd: random.Random,
    cal: _Calendar,
    mem: _Members,
    facts: _Facts,
    staff_ids: np.ndarray,
    contacts: _Contacts,
) -> tuple[list[tuple[Any, ...]], list[list[tuple[str, int, int]]], int]:
    """Satisfaction surveys (about one per 25 members) over the last year, each taken in a
    'satisfaction' contact; five factors, each with satisfaction and importance 1–5.
    Returns the survey rows (contact position in place of the id), scores, and the
    position of the first survey contact."""
    D = cal.D
    times = _times()
    candidates = np.flatnonzero(facts.active).tolist()
    rows = _Rows()
    surveys: list[tuple[Any, ...]] = []
    scores: list[list[tuple[str, int, int]]] = []
    if not candidates:
        return surveys, scores, contacts.size
    one_to_five = (1, 2, 3, 4, 5)
    tables = [(f, _cum(sw), _cum(iw)) for f, sw, iw in SURVEY_FACTORS]
    for _ in range(max(3, mem.n // 25)):
        i = rnd.choice(candidates)
        lo = max(int(mem.joined[i]), D - 365)
        day = rnd.randint(lo, D - 1)
        sec = STORE_OPEN + rnd.randrange(9 * 3600)
        clerk = int(staff_ids[rnd.randrange(len(staff_ids))])
        factor_scores = [
            (f, _wpick(rnd, one_to_five, sc), _wpick(rnd, one_to_five, ic)) for f, sc, ic in tables
        ]
        mean = sum(s for _, s, _ in factor_scores) / len(factor_scores)
        overall = max(1, min(5, round(mean + rnd.choice((-0.6, 0, 0, 0, 0.6)))))
        surveys.append(
            (
                i + 1,
                cal.iso[day] + times[sec],
                clerk,
                len(surveys),
                overall,
                rnd.choice(SURVEY_COMMENTS),
            )
        )
        scores.append(factor_scores)
        rows.add(
            i,
            day,
            sec,
            clerk,
            rnd.choice((C_PHONE, C_WECHAT, C_VISIT)),
            P_SAT,
            O_REACHED,
            _TEXT_OFFSET[P_SAT],
        )
    first = contacts.size
    rows.flush(contacts)
    return surveys, scores, first
