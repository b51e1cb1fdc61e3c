"""The demo store's purchases, their lines and returns (column-wise, numpy)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.demo.contract import RETURN_SHARE, STORE_CLOSE
from app.demo.helpers import _Calendar, _nchoice, _store_secs
from app.demo.members import _Members
from app.demo.vocabulary import (
    CATEGORIES,
    CLERK_WEIGHTS,
    COLOURS,
    COST_FROM_TICKET_SHARE,
    COST_RATIO,
    COST_UNKNOWN_SKU_EVERY,
    DISCOUNT_PCT_W,
    DISCOUNT_PCTS,
    ITEMS_PER_TICKET_W,
    PURCHASE_NOTE_W,
    RETURN_NOTES,
    SEASON,
    SKUS_PER_CATEGORY,
)


@dataclass
class _Purchases:
    # per purchase, in id order (ids 1..n follow time)
    member: np.ndarray  # member index (id - 1)
    day: np.ndarray
    sec: np.ndarray
    clerk: np.ndarray  # index into the clerks
    total: np.ndarray
    paid: np.ndarray
    disc: np.ndarray
    return_of: np.ndarray  # purchase id, 0 for a sale
    note: np.ndarray  # index into PURCHASE_NOTES (sales) / RETURN_NOTES (returns), -1
    ticket_seq: np.ndarray  # number of the ticket within its day
    is_return: np.ndarray
    # per item, in id order (ids 1..n)
    item_purchase: np.ndarray  # purchase id
    item_sku: np.ndarray
    item_size: np.ndarray  # index into SIZE_STRINGS
    item_colour: np.ndarray
    item_qty: np.ndarray
    item_list: np.ndarray
    item_paid: np.ndarray
    item_return_of: np.ndarray  # item id, 0 for a sale's line


SIZE_STRINGS: list[str] = []
_SIZE_OFFSET: list[int] = []
for _c in CATEGORIES:
    _SIZE_OFFSET.append(len(SIZE_STRINGS))
    SIZE_STRINGS.extend(_c[3])


def _sku_catalogue(seed: int) -> tuple[list[str], list[str], np.ndarray]:
    """SKU codes, their category names and list prices in fen (whole yuan ending in 9)."""
    rnd = random.Random(f"catalogue-{seed}")
    codes, cats, prices = [], [], []
    for name, prefix, (lo, hi), _sizes, _season, _w in CATEGORIES:
        for k in range(SKUS_PER_CATEGORY):
            codes.append(f"{prefix}{k + 1:03d}")
            cats.append(name)
            prices.append(max(lo, round(rnd.uniform(lo, hi) / 10) * 10 - 1) * 100)
    return codes, cats, np.asarray(prices, dtype=np.int64)


def sku_unit_costs(seed: int) -> np.ndarray:
    """Each SKU's unit cost in fen (whole yuan), -1 when the store never recorded it:
    the list price × a ratio drawn from the category's range (vocabulary.COST_RATIO).
    Its own random stream, so the rest of the demo is drawn as before."""
    _codes, cats, prices = _sku_catalogue(seed)
    rnd = random.Random(f"costs-{seed}")
    out = np.empty(len(prices), np.int64)
    for k, (cat, price) in enumerate(zip(cats, prices.tolist(), strict=True)):
        lo, hi = COST_RATIO[cat]
        out[k] = round(price * rnd.uniform(lo, hi) / 100) * 100
        if rnd.randrange(COST_UNKNOWN_SKU_EVERY) == 0:
            out[k] = -1
    return out


def line_costs(
    seed: int,
    purchase: np.ndarray,
    sku: np.ndarray,
    qty: np.ndarray,
    return_of: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Each line's cost (unit cost × qty: negative on a return) and whether it is known:
    not for an unrecorded SKU, nor for a sale (for a return's line: the sale it returns,
    ``return_of`` = that line's id) in the first COST_FROM_TICKET_SHARE of tickets."""
    unit = sku_unit_costs(seed)[sku.astype(np.int64)]
    ticket = purchase.astype(np.int64).copy()
    back = return_of > 0
    ticket[back] = purchase[return_of[back] - 1]
    first_costed = int(COST_FROM_TICKET_SHARE * int(purchase.max(initial=0)))
    return unit * qty, (unit >= 0) & (ticket >= first_costed)


def ticket_costs(seed: int, n: int, items: dict[str, np.ndarray]) -> tuple[list[Any], list[Any]]:
    """Each of the ``n`` purchases' ``(cost_paid_fen, cost_fen)`` columns (m028): the sums
    of its lines with a known cost, None where none is. ``items``: the lines' arrays as
    ``bulk._items_payload`` sends them (purchase, sku, qty, return_of, paid)."""
    cost, known = line_costs(
        seed, items["purchase"], items["sku"], items["qty"], items["return_of"]
    )
    at = items["purchase"][known].astype(np.int64) - 1
    has = np.bincount(at, minlength=n) > 0
    paid = np.bincount(at, weights=items["paid"][known], minlength=n)
    costs = np.bincount(at, weights=cost[known], minlength=n)
    paid_l = np.rint(paid).astype(np.int64).tolist()
    cost_l = np.rint(costs).astype(np.int64).tolist()
    flags = has.tolist()
    return (
        [v if f else None for v, f in zip(paid_l, flags, strict=True)],
        [v if f else None for v, f in zip(cost_l, flags, strict=True)],
    )


PROSPECT_EVERY = 7  # of last year's sign-ups, one in this many never bought


def _make_purchases(
    rng: np.random.Generator, cal: _Calendar, mem: _Members, total: int, sku_prices: np.ndarray
) -> _Purchases:
    D = cal.D
    n = mem.n
    n_returns = round(total * RETURN_SHARE) if total >= 40 else 0
    n_sales = total - n_returns

    # --- how many sales each member makes: heavy-tailed, ~20% buy once
    counts = np.zeros(n, dtype=np.int64)
    if n_sales <= n:
        counts[rng.permutation(n)[:n_sales]] = 1
    else:
        # prospects: one in PROSPECT_EVERY of last year's sign-ups never bought (a card
        # filled in at an event or online); chosen without a random draw
        prospect = (mem.joined >= D - 365) & (np.arange(n) % PROSPECT_EVERY == 3)
        if n_sales < n + 1 or prospect.all():
            prospect[:] = False
        counts[:] = 1
        counts[prospect] = 0
        span = (mem.churn_end - mem.joined + 1).astype(np.float64)
        w = np.minimum(rng.lognormal(0.0, 1.0, n), np.e**2.5) * (span + 30) / D
        w[mem.one_timer | prospect] = 0.0
        if w.sum() <= 0:
            w[~prospect] = 1.0
        counts += rng.multinomial(n_sales - int(counts.sum()), w / w.sum())
    member = np.repeat(np.arange(n, dtype=np.int64), counts)
    first = np.zeros(n_sales, dtype=bool)
    first[(np.cumsum(counts) - counts)[counts > 0]] = True
    lo = mem.joined[member]
    day = cal.sample_days(rng, lo, np.maximum(lo, mem.churn_end[member]))
    day[first] = lo[first]  # they joined at their first purchase, minutes before paying
    sec = _store_secs(rng, n_sales)
    sec[first] = np.minimum(
        mem.created_sec[member[first]] + rng.integers(60, 900, int(first.sum())), STORE_CLOSE - 1
    )
    order = np.argsort(day * 86400 + sec, kind="stable")
    member, day, sec = member[order], day[order], sec[order]

    # --- ticket header: clerk, discount (more in promotions, for discount-type members)
    clerk = _nchoice(rng, n_sales, CLERK_WEIGHTS)
    p_disc = np.minimum(mem.disc_prop[member] * np.where(cal.promo[day], 1.6, 1.0), 0.95)
    disc = rng.random(n_sales) < p_disc
    pct = np.where(disc, np.asarray(DISCOUNT_PCTS)[_nchoice(rng, n_sales, DISCOUNT_PCT_W)], 100)
    note = _nchoice(rng, n_sales, (*PURCHASE_NOTE_W, 1000 - sum(PURCHASE_NOTE_W)))
    note[note == len(PURCHASE_NOTE_W)] = -1

    # --- items: 1–4 lines a ticket, category by season, popular SKUs sell more
    n_items = 1 + _nchoice(rng, n_sales, ITEMS_PER_TICKET_W)
    item_sale = np.repeat(np.arange(n_sales, dtype=np.int64), n_items)
    ni = len(item_sale)
    n_cat = len(CATEGORIES)
    cat_w = np.array([[c[5] * SEASON[c[4]][m] for c in CATEGORIES] for m in range(12)])
    cat_cum = np.cumsum(cat_w / cat_w.sum(axis=1, keepdims=True), axis=1)
    cat_cum[:, -1] = 1.0
    month = cal.month[day][item_sale]
    flat = (cat_cum + np.arange(12)[:, None]).ravel()  # row m spans [m, m + 1]
    cat = np.clip(
        np.searchsorted(flat, month + rng.random(ni), side="right") - month * n_cat, 0, n_cat - 1
    )
    sku = cat * SKUS_PER_CATEGORY + (rng.random(ni) ** 2 * SKUS_PER_CATEGORY).astype(np.int64)
    size_count = np.array([len(c[3]) for c in CATEGORIES])
    size = np.asarray(_SIZE_OFFSET)[cat] + (rng.random(ni) * size_count[cat]).astype(np.int64)
    colour = rng.integers(0, len(COLOURS), ni)
    qty = 1 + _nchoice(rng, ni, (88, 10, 2))
    towel = cat == [c[0] for c in CATEGORIES].index("毛巾")
    qty[towel] = 1 + _nchoice(rng, int(towel.sum()), (35, 35, 10, 20))
    bulk = rng.random(ni) < 0.003  # 团购, gifts for the office
    qty[bulk] = rng.integers(5, 13, int(bulk.sum()))
    line_list = sku_prices[sku] * qty
    line_pct = pct[item_sale]
    # discounted lines are rounded to whole yuan, as the till does
    line_paid = np.where(line_pct < 100, (line_list * line_pct // 100 + 50) // 100 * 100, line_list)
    first_item = np.cumsum(n_items) - n_items
    total_list = np.add.reduceat(line_list, first_item) if ni else np.zeros(0, np.int64)
    total_paid = np.add.reduceat(line_paid, first_item) if ni else np.zeros(0, np.int64)

    # --- returns: one line of an earlier sale, 1–14 days later (never today)
    eligible = np.flatnonzero(day <= D - 2)
    n_returns = min(n_returns, len(eligible))
    ret_sale = (
        np.sort(rng.choice(eligible, n_returns, replace=False))
        if n_returns
        else np.zeros(0, np.int64)
    )
    ret_item = first_item[ret_sale] + (rng.random(n_returns) * n_items[ret_sale]).astype(np.int64)
    ret_day = np.minimum(day[ret_sale] + rng.integers(1, 15, n_returns), D - 1)
    ret_sec = _store_secs(rng, n_returns)
    ret_clerk = _nchoice(rng, n_returns, CLERK_WEIGHTS)
    ret_note = rng.integers(0, len(RETURN_NOTES), n_returns)

    # --- sales and returns merged in time order: ids follow time
    order = np.argsort(
        np.concatenate((day * 86400 + sec, ret_day * 86400 + ret_sec)), kind="stable"
    )
    n_all = n_sales + n_returns
    pid_of = np.empty(n_all, dtype=np.int64)
    pid_of[order] = np.arange(1, n_all + 1)
    sale_pid, ret_pid = pid_of[:n_sales], pid_of[n_sales:]

    def merged(sale_vals: np.ndarray, ret_vals: np.ndarray) -> np.ndarray:
        return np.concatenate((sale_vals, ret_vals))[order]

    m_day = merged(day, ret_day)
    # ticket numbers: T + date + the ticket's number within the day (days are sorted)
    day_start = np.flatnonzero(np.diff(m_day, prepend=-1))
    ticket_seq = np.arange(n_all) - np.repeat(day_start, np.diff(day_start, append=n_all)) + 1
    return _Purchases(
        member=merged(member, member[ret_sale]),
        day=m_day,
        sec=merged(sec, ret_sec),
        clerk=merged(clerk, ret_clerk),
        total=merged(total_list, -line_list[ret_item]),
        paid=merged(total_paid, -line_paid[ret_item]),
        disc=merged(disc, disc[ret_sale]).astype(np.int64),
        return_of=merged(np.zeros(n_sales, np.int64), sale_pid[ret_sale]),
        note=merged(note, ret_note),
        ticket_seq=ticket_seq,
        is_return=merged(np.zeros(n_sales, bool), np.ones(n_returns, bool)),
        # the sales' lines in sale order, then the return lines
        item_purchase=np.concatenate((sale_pid[item_sale], ret_pid)),
        item_sku=np.concatenate((sku, sku[ret_item])),
        item_size=np.concatenate((size, size[ret_item])),
        item_colour=np.concatenate((colour, colour[ret_item])),
        item_qty=np.concatenate((qty, -qty[ret_item])),
        item_list=np.concatenate((line_list, -line_list[ret_item])),
        item_paid=np.concatenate((line_paid, -line_paid[ret_item])),
        item_return_of=np.concatenate((np.zeros(ni, np.int64), ret_item + 1)),
    )
