"""What follows from a member's purchases: tier, status, tags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from app.demo.contract import DORMANT_DAYS, LOST_DAYS, STORE_CLOSE
from app.demo.helpers import _Calendar, _lookup, _nchoice, _times
from app.demo.members import _Members
from app.demo.purchases import _Purchases
from app.demo.vocabulary import LOST_NOTES, LOST_REASONS


@dataclass
class _Facts:
    status: list[str]
    status_at: list[str | None]
    lost_reason: list[str | None]
    lost_note: list[str | None]
    tier: list[str]
    updated_at: list[str]
    tags: list[tuple[int, str]]
    active: np.ndarray  # bool
    seen: np.ndarray  # day of the last sale, or of joining


def _tier_spend(cal: _Calendar, pur: _Purchases, n: int, review: dt.date) -> np.ndarray:
    """The spend each member's tier rests on, by app.loyalty's rule (its module docstring,
    ``tier_spend``): with S(d) the net paid dated in [d − 365 days, d] and R the last
    yearly review date, max(S(R − 1 day), S at each sale dated from R on, counting the
    purchases recorded up to that sale). Ids follow time here, so "recorded up to" is
    "up to this position in the member's history"."""
    D = cal.D
    r = (review - cal.start).days
    order = np.argsort(pur.member, kind="stable")  # by member, then id (= time)
    member, day, paid = pur.member[order], pur.day[order], pur.paid[order]
    csum = np.concatenate(([0], np.cumsum(paid)))
    big = D + 1000  # key = member * big + day + 366 increases along ``order``
    key = member * big + day + 366
    window_first = np.searchsorted(key, member * big + day + 1, side="left")  # day >= d - 365
    at_sale = csum[1:] - csum[window_first]
    spend = np.zeros(n, dtype=np.int64)
    counted = (day >= r) & (paid > 0)
    np.maximum.at(spend, member[counted], at_sale[counted])
    before = (pur.day >= r - 366) & (pur.day < r)
    base = np.bincount(pur.member[before], weights=pur.paid[before], minlength=n)
    return np.maximum(spend, base.astype(np.int64))


def _member_facts(
    rng: np.random.Generator,
    cal: _Calendar,
    mem: _Members,
    pur: _Purchases,
    tiers: list[tuple[str, int]],
    review: dt.date,
) -> _Facts:
    """Status, tier and tags consistent with the purchases."""
    D, n = cal.D, mem.n
    sale = ~pur.is_return
    who = pur.member[sale]
    n_sales = np.bincount(who, minlength=n)
    disc_share = np.bincount(who, weights=pur.disc[sale], minlength=n) / np.maximum(n_sales, 1)
    last_day = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_day, who, pur.day[sale])
    seen = np.maximum(last_day, mem.joined)
    # members who never bought were never customers: not dormant (as app.calllist sees it)
    idle = np.where(last_day >= 0, D - seen, 0)

    lost = (idle >= LOST_DAYS) & (rng.random(n) < 0.35)
    dormant = ~lost & (idle >= DORMANT_DAYS)
    changed = np.where(
        lost,
        seen + LOST_DAYS + rng.integers(0, 60, n),
        seen + DORMANT_DAYS + rng.integers(0, 30, n),
    )
    changed = np.where(lost | dormant, np.minimum(changed, D - 1), -1)
    status_idx = np.where(lost, 2, np.where(dormant, 1, 0))
    status = _lookup(("active", "dormant", "lost"), status_idx)
    times = _times()
    status_at = [
        cal.iso[d] + times[STORE_CLOSE - 1800] if d >= 0 else None for d in changed.tolist()
    ]
    reason = _nchoice(rng, n, [w for _, w in LOST_REASONS])
    reason[~lost] = -1
    lost_reason = _lookup([*(r for r, _ in LOST_REASONS), None], reason)
    note = rng.integers(0, len(LOST_NOTES), n)
    note[~lost] = -1
    lost_note = _lookup([*LOST_NOTES, None], note)

    spend = _tier_spend(cal, pur, n, review)
    tier_idx = np.zeros(n, dtype=np.int64)
    for k, (_code, threshold) in enumerate(tiers):
        tier_idx[spend >= threshold] = k
    tier = _lookup([code for code, _ in tiers], tier_idx)

    cols = mem.cols
    updated_at = [
        max(c, v or c, s or c)
        for c, v, s in zip(cols["created_at"], cols["verified_at"], status_at, strict=True)
    ]

    bulk_buyer = np.zeros(n, dtype=bool)
    bulk_buyer[pur.member[pur.item_purchase[pur.item_qty >= 5] - 1]] = True
    big = np.isin(np.asarray(cols["size_top"], dtype=object), ("XL", "XXL"))
    referred = np.asarray(cols["source"], dtype=object) == "referral"
    rules = (
        ("老客", (n_sales >= 8) & (mem.joined < D - 730), 0.7),
        ("团购", bulk_buyer, 1.0),
        ("团购", np.ones(n, dtype=bool), 0.01),
        ("喜欢新品", n_sales >= 3, 0.08),
        ("敏感价格", (n_sales >= 3) & (disc_share >= 0.6), 0.6),
        ("大码", big, 0.3),
        ("送礼", np.ones(n, dtype=bool), 0.03),
        ("带朋友来", referred, 0.1),
    )
    tagged: set[tuple[int, str]] = set()
    for tag, mask, share in rules:
        for i in np.flatnonzero(mask & (rng.random(n) < share)).tolist():
            tagged.add((i + 1, tag))
    return _Facts(
        status=status,
        status_at=status_at,
        lost_reason=lost_reason,
        lost_note=lost_note,
        tier=tier,
        updated_at=updated_at,
        tags=sorted(tagged),
        active=status_idx == 0,
        seen=seen,
    )
