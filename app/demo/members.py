"""The demo store's archive: members (column-wise) and their families."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.demo.contract import STORE_OPEN
from app.demo.helpers import (
    _Calendar,
    _cum,
    _lookup,
    _lunar_year,
    _maybe,
    _nchoice,
    _none_if,
    _times,
    _wpick,
)
from app.demo.vocabulary import (
    APPEARANCES,
    BRANDS,
    C_SMS,
    C_WECHAT,
    CHILD_GIVEN,
    COLOURS,
    CONSENT_SETS,
    CONTACT_NOTES,
    DISTRICTS,
    EDUCATIONS,
    ESTATES,
    GIVEN,
    HOBBIES,
    INCOME_BANDS,
    OCCUPATIONS,
    PERSONALITIES,
    PHONE_PREFIXES,
    ROADS,
    SERVICE_STYLES,
    SOURCES,
    STAFF_NOTES,
    STYLES,
    SURNAMES,
    TEMPERAMENTS,
)
from app.normalize import name_pinyin

_GIVEN_KEYS = ((False, 0), (False, 1), (False, 2), (True, 0), (True, 1), (True, 2))
_GIVEN_FLAT = [g for k in _GIVEN_KEYS for g in GIVEN[k]]
_GIVEN_LEN = np.array([len(GIVEN[k]) for k in _GIVEN_KEYS])
_GIVEN_OFF = np.concatenate(([0], np.cumsum(_GIVEN_LEN)[:-1]))
_COMMON_YEAR = [dt.date(2001, 1, 1) + dt.timedelta(days=i) for i in range(365)]
_DOY_MONTH = np.array([d.month for d in _COMMON_YEAR])
_DOY_DAY = np.array([d.day for d in _COMMON_YEAR])
_MMDD = [f"{k // 32:02d}-{k % 32:02d}" for k in range(13 * 32)]  # index month * 32 + day
_CONSENT_LIST = [",".join(c) for c, _ in CONSENT_SETS]
_CONSENT_MARKET = [
    C_WECHAT if "wechat" in c else C_SMS if "sms" in c else -1 for c, _ in CONSENT_SETS
]
_CONSENT_CALL = ["phone" in c for c, _ in CONSENT_SETS]
MEMBER_COLUMNS = (
    "member_no",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "phone",
    "birthday",
    "birthday_calendar",
    "birthday_leap",
    "address",
    "email",
    "wechat",
    "occupation",
    "income_band",
    "education",
    "hobbies",
    "source",
    "referrer_id",
    "temperament",
    "appearance",
    "personality",
    "service_style",
    "size_top",
    "size_bottom",
    "size_shoe",
    "preferred_styles",
    "preferred_colours",
    "preferred_brands",
    "contact_notes",
    "note",
    "consent_channels",
    "consent_at",
    "consent_notice_version",
    "store_code",
    "joined_on",
    "created_at",
    "verified_at",
)


@dataclass
class _Members:
    n: int
    cols: dict[str, list[Any]]  # MEMBER_COLUMNS
    joined: np.ndarray  # day index of joining (and of the first purchase)
    created_sec: np.ndarray
    one_timer: np.ndarray  # bool: buys once
    churn_end: np.ndarray  # the last day they may buy
    disc_prop: np.ndarray  # chance a ticket is discounted (discount-type customers: high)
    market_channel: np.ndarray  # CHANNELS index for messages, -1: no consent
    call_ok: np.ndarray  # bool: consented to calls
    b_cal: np.ndarray  # birthday: 0 unknown, 1 solar, 2 lunar
    b_month: np.ndarray
    b_day: np.ndarray
    b_leap: np.ndarray
    family: list[tuple[Any, ...]]  # member_family rows
    family_dates: list[tuple[int, str, int, int, bool, str]]  # (idx, relation, m, d, leap, cal)


def _pick_some(
    rng: np.random.Generator, n: int, share: float, values: Sequence[str], kmax: int
) -> list[str | None]:
    """For about ``share`` of ``n`` rows, 1 to ``kmax`` different ``values`` joined with
    '、' (as many rows with one as with two…), else None."""
    combos: list[list[str]] = [
        ["、".join(c) for c in itertools.combinations(values, k)] for k in range(1, kmax + 1)
    ]
    flat = [c for group in combos for c in group]
    size = np.array([len(g) for g in combos])
    offset = np.concatenate(([0], np.cumsum(size)[:-1]))
    k = rng.integers(0, kmax, n)
    idx = offset[k] + (rng.random(n) * size[k]).astype(np.int64)
    idx[rng.random(n) >= share] = -1
    return _lookup([*flat, None], idx)


def _make_members(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    n: int,
    prefix: str,
    store_code: str,
    tick: Callable[[int], None],
) -> _Members:
    D = cal.D
    times = _times()
    # Joins: half uniform over four years, half growing with time (the shop grew);
    # sorted, so member numbers follow joining and referrers joined earlier.
    u = rng.random(n)
    joined = np.where(rng.random(n) < 0.5, np.sqrt(u), u) * D
    joined = np.sort(np.minimum(joined.astype(np.int64), D - 1))
    created_sec = STORE_OPEN + rng.integers(0, 11 * 3600, n)
    one_timer = rng.random(n) < 0.15
    churn_end = np.where(
        rng.random(n) < 0.3, joined + (rng.random(n) * (D - 1 - joined)).astype(np.int64), D - 1
    )
    disc_prop = np.where(rng.random(n) < 0.2, 0.72, 0.24)

    # names: weighted surname, given name by gender and birth era
    female = rng.random(n) < 0.7
    byear = np.minimum(rng.triangular(1950, 1982, 2006, n).astype(np.int64), 2005)
    group = female * 3 + np.where(byear < 1972, 0, np.where(byear < 1988, 1, 2))
    surname = _nchoice(rng, n, [w for _, w in SURNAMES])
    given = _GIVEN_OFF[group] + (rng.random(n) * _GIVEN_LEN[group]).astype(np.int64)
    surnames = [s for s, _ in SURNAMES]
    sn_l = _lookup(surnames, surname)
    names = [s + _GIVEN_FLAT[g] for s, g in zip(sn_l, given.tolist(), strict=True)]
    cache: dict[str, tuple[str, str]] = {}
    pinyin, initials = [], []
    every = max(1, n // 5)
    for i, name in enumerate(names):
        py = cache.get(name)
        if py is None:
            py = cache[name] = name_pinyin(name)
        pinyin.append(py[0])
        initials.append(py[1])
        if i % every == every - 1:
            tick(every // 2)

    # unique mobiles (redraw the later of any duplicates); 1% gave none
    prefixes = np.array([int(p) for p in PHONE_PREFIXES], dtype=np.int64)
    phone = prefixes[rng.integers(0, len(prefixes), n)] * 10**8 + rng.integers(0, 10**8, n)
    while True:
        _, first = np.unique(phone, return_index=True)
        if len(first) == n:
            break
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        k = int(dup.sum())
        phone[dup] = prefixes[rng.integers(0, len(prefixes), k)] * 10**8 + rng.integers(0, 10**8, k)
    phones = [
        None if no else str(p)
        for p, no in zip(phone.tolist(), (rng.random(n) < 0.01).tolist(), strict=True)
    ]

    # birthdays: 10% unknown, 15% lunar, a few without the year
    kind = rng.random(n)
    b_cal = np.where(kind < 0.10, 0, np.where(kind < 0.25, 2, 1))
    no_year = (b_cal > 0) & (rng.random(n) < 0.04)
    doy = rng.integers(0, 365, n)
    b_month = np.where(b_cal == 2, rng.integers(1, 13, n), _DOY_MONTH[doy])
    b_day = np.where(b_cal == 2, rng.integers(1, 30, n), _DOY_DAY[doy])  # lunar 1–29
    b_leap = np.zeros(n, dtype=np.int64)
    # Days 1–29 exist in every lunar month; leap-month and day-30 birthdays need the
    # year's table, so only some lunar birthdays look it up.
    for i in np.flatnonzero((b_cal == 2) & ~no_year & (rng.random(n) < 0.1)).tolist():
        leap_month, months = _lunar_year(int(byear[i]))
        month = int(b_month[i])
        if leap_month and rnd.random() < 0.6:
            month = leap_month
            b_month[i], b_leap[i] = month, 1
        b_day[i] = rnd.randint(1, months[-month if b_leap[i] else month][0])
    year_prefix = {y: f"{y:04d}-" for y in range(1940, 2011)}
    birthday = [
        None if c == 0 else ("--" if ny else year_prefix[y]) + _MMDD[k]
        for c, ny, y, k in zip(
            b_cal.tolist(),
            no_year.tolist(),
            byear.tolist(),
            (b_month * 32 + b_day).tolist(),
            strict=True,
        )
    ]

    cols: dict[str, list[Any]] = {}
    cols["member_no"] = [f"{prefix}{i:06d}" for i in range(1, n + 1)]
    cols["name"] = names
    cols["name_pinyin"] = pinyin
    cols["name_initials"] = initials
    cols["gender"] = _lookup(("male", "female"), female.astype(np.int64))
    cols["phone"] = phones
    cols["birthday"] = birthday
    cols["birthday_calendar"] = _lookup(("solar", "solar", "lunar"), b_cal)
    cols["birthday_leap"] = b_leap.tolist()

    address: list[str | None] = [None] * n
    has = np.flatnonzero(rng.random(n) < 0.4)
    m = len(has)
    parts = (
        rng.integers(0, len(DISTRICTS), m),
        rng.integers(0, len(ROADS), m),
        rng.integers(1, 400, m),
        rng.integers(0, len(ESTATES), m),
        rng.integers(1, 31, m),
        rng.integers(1, 5, m),
        rng.integers(1, 29, m),
        rng.integers(1, 5, m),
    )
    for i, a, b, c, d, e, f, g, h in zip(has.tolist(), *(p.tolist() for p in parts), strict=True):
        address[i] = f"{DISTRICTS[a]}{ROADS[b]}{c}号{ESTATES[d]}{e}栋{f}单元{g}{h:02d}室"
    cols["address"] = address
    email: list[str | None] = [None] * n
    idx = np.flatnonzero(rng.random(n) < 0.1)
    for i, k, dom in zip(
        idx.tolist(),
        rng.integers(1, 1000, len(idx)).tolist(),
        rng.integers(0, 3, len(idx)).tolist(),
        strict=True,
    ):
        email[i] = f"{pinyin[i]}{k}@{('qq.com', '163.com', '126.com')[dom]}"
    cols["email"] = email
    wechat: list[str | None] = [None] * n
    idx = np.flatnonzero(rng.random(n) < 0.35)
    for i, k in zip(idx.tolist(), rng.integers(10, 10000, len(idx)).tolist(), strict=True):
        wechat[i] = f"{pinyin[i]}_{k}"
    cols["wechat"] = wechat
    occupation = _maybe(rng, n, 0.5, OCCUPATIONS)
    retired = (byear < 1966) & (rng.random(n) < 0.6)
    for i in np.flatnonzero(retired).tolist():
        if occupation[i] is not None:
            occupation[i] = "退休"
    cols["occupation"] = occupation
    cols["income_band"] = _maybe(rng, n, 0.3, INCOME_BANDS)
    cols["education"] = _maybe(rng, n, 0.3, EDUCATIONS)
    cols["hobbies"] = _pick_some(rng, n, 0.3, HOBBIES, 3)

    source = _nchoice(rng, n, [w for _, w in SOURCES])
    source[0] = 0  # the first member cannot have been referred
    cols["source"] = _lookup([s for s, _ in SOURCES], source)
    referrer = (rng.random(n) * np.arange(n)).astype(np.int64) + 1  # an earlier member
    cols["referrer_id"] = _none_if(np.where(source == 1, referrer, 0).tolist())

    staff = rng.random(n) < 0.2
    for key, values, share in (
        ("temperament", TEMPERAMENTS, 1.0),
        ("appearance", APPEARANCES, 0.6),
        ("personality", PERSONALITIES, 1.0),
        ("service_style", SERVICE_STYLES, 0.7),
    ):
        idx = rng.integers(0, len(values), n)
        idx[~staff | (rng.random(n) >= share)] = -1
        cols[key] = _lookup([*values, None], idx)
    sized = rng.random(n) < 0.6
    top = rng.integers(0, 4, n) + np.where(female, 0, 1)  # men: M–XXL
    top[~sized] = -1
    cols["size_top"] = _lookup(("S", "M", "L", "XL", "XXL", None), top)
    bottom = np.where(female, rng.integers(0, 5, n), 5 + rng.integers(0, 6, n))
    bottom[~sized] = -1
    cols["size_bottom"] = _lookup(
        ("26", "27", "28", "29", "30", "30", "31", "32", "33", "34", "36", None), bottom
    )
    shoe = np.where(female, rng.integers(35, 40, n), rng.integers(40, 45, n))
    shoe[rng.random(n) >= 0.2] = 0
    cols["size_shoe"] = _none_if(list(map(str, shoe.tolist())), "0")
    cols["preferred_styles"] = _pick_some(rng, n, 0.4, STYLES, 2)
    cols["preferred_colours"] = _pick_some(rng, n, 0.4, COLOURS, 3)
    cols["preferred_brands"] = _maybe(rng, n, 0.15, BRANDS)
    cols["contact_notes"] = _maybe(rng, n, 0.15, CONTACT_NOTES)
    cols["note"] = _maybe(rng, n, 0.12, STAFF_NOTES)

    created = [
        cal.iso[j] + times[s] for j, s in zip(joined.tolist(), created_sec.tolist(), strict=True)
    ]
    consent = _nchoice(rng, n, [w for _, w in CONSENT_SETS])
    consent[rng.random(n) >= 0.9] = -1
    cols["consent_channels"] = _lookup([*_CONSENT_LIST, ""], consent)
    consented = (consent >= 0).tolist()
    cols["consent_at"] = [c if ok else None for c, ok in zip(created, consented, strict=True)]
    cols["consent_notice_version"] = ["v1" if ok else None for ok in consented]
    cols["store_code"] = [store_code] * n
    cols["joined_on"] = _lookup(cal.iso, joined)
    cols["created_at"] = created
    verified = (rng.random(n) < 0.6) & (joined < D - 1)
    vday = joined + 1 + (rng.random(n) * (D - 1 - joined)).astype(np.int64)
    vsec = STORE_OPEN + rng.integers(0, 11 * 3600, n)
    cols["verified_at"] = [
        cal.iso[d] + times[s] if ok else None
        for ok, d, s in zip(verified.tolist(), vday.tolist(), vsec.tolist(), strict=True)
    ]
    assert tuple(cols) == MEMBER_COLUMNS

    family, family_dates = _make_family(rnd, rng, cal, female, byear, sn_l, surnames)
    return _Members(
        n=n,
        cols=cols,
        joined=joined,
        created_sec=created_sec,
        one_timer=one_timer,
        churn_end=churn_end,
        disc_prop=disc_prop,
        market_channel=np.asarray([*_CONSENT_MARKET, -1])[consent],
        call_ok=np.asarray([*_CONSENT_CALL, False])[consent],
        b_cal=b_cal,
        b_month=b_month,
        b_day=b_day,
        b_leap=b_leap,
        family=family,
        family_dates=family_dates,
    )


def _make_family(
    rnd: random.Random,
    rng: np.random.Generator,
    cal: _Calendar,
    female: np.ndarray,
    byear: np.ndarray,
    surname: list[str],
    surnames: list[str],
) -> tuple[list[tuple[Any, ...]], list[tuple[int, str, int, int, bool, str]]]:
    """Spouse, children, wedding anniversary and parents' (lunar) birthdays for ~30%."""
    this_year = cal.today.year
    family: list[tuple[Any, ...]] = []
    dates: list[tuple[int, str, int, int, bool, str]] = []
    sur_cum = _cum(w for _, w in SURNAMES)
    r = rnd.random

    def ri(a: int, b: int) -> int:  # rnd.randint, without its overhead
        return a + int(r() * (b - a + 1))

    def solar_md() -> tuple[int, int]:
        d = _COMMON_YEAR[int(r() * 365)]
        return d.month, d.day

    for i in np.flatnonzero(rng.random(len(female)) < 0.3).tolist():
        mid, fem, by = i + 1, bool(female[i]), int(byear[i])
        if by <= 1998 and r() < 0.85:
            sy = min(2005, max(1945, by + ri(-3, 4)))
            era = 0 if sy < 1972 else (1 if sy < 1988 else 2)
            name = _wpick(rnd, surnames, sur_cum) + rnd.choice(GIVEN[(not fem, era)])
            if r() < 0.12:  # a lunar birthday
                month, day, leap = ri(1, 12), ri(1, 29), False
                leap_month, months = _lunar_year(sy) if r() < 0.2 else (0, {})
                if leap_month:
                    month, leap = leap_month, True
                    day = ri(1, months[-month][0])
                calendar = "lunar"
            else:
                (month, day), leap, calendar = solar_md(), False, "solar"
            family.append(
                (mid, "spouse", name, f"{sy:04d}-{month:02d}-{day:02d}", calendar, int(leap), None)
            )
            dates.append((i, "spouse", month, day, leap, calendar))
            wy = min(this_year - 1, max(by, sy) + ri(22, 32))
            if r() < 0.6:
                month, day = solar_md()
                note = (
                    "银婚纪念"
                    if this_year - wy >= 25 and r() < 0.5
                    else ("喜欢鲜花" if r() < 0.2 else None)
                )
                family.append(
                    (
                        mid,
                        "wedding_anniversary",
                        None,
                        f"{wy:04d}-{month:02d}-{day:02d}",
                        "solar",
                        0,
                        note,
                    )
                )
                dates.append((i, "wedding_anniversary", month, day, False, "solar"))
            for _ in range((0, 1, 1, 1, 2, 2)[int(r() * 6)]):
                cy = max(by, sy) + ri(22, 36)
                if cy >= this_year:
                    continue
                month, day = solar_md()
                child_surname = surname[i] if not fem else _wpick(rnd, surnames, sur_cum)
                family.append(
                    (
                        mid,
                        "child",
                        child_surname + rnd.choice(CHILD_GIVEN),
                        f"{cy:04d}-{month:02d}-{day:02d}",
                        "solar",
                        0,
                        None,
                    )
                )
                dates.append((i, "child", month, day, False, "solar"))
        if r() < 0.25:
            relation = rnd.choice(("mother", "father"))
            month, day = ri(1, 12), ri(1, 29)
            family.append(
                (mid, relation, None, f"--{month:02d}-{day:02d}", "lunar", 0, "过农历生日")
            )
            dates.append((i, relation, month, day, False, "lunar"))
    return family, dates
