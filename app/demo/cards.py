"""The demo store's member cards and two archive fields (issue #19).

* **Cards** (app/service/cards.py): every member got a card the day they joined, of the
  tier they started in, numbered from the store's card stock (``88`` and six digits,
  not the member number). A tier rise (``tier_history``) is followed within two weeks
  by an upgrade card (升级换卡, a new number) — except about a third of those of the last
  two months, still waiting (the day's plan asks for 换发新卡). About 3% of members lost
  a card (遗失补卡, a new number) and 2% had a damaged one replaced (损坏换卡, the same
  number).
* **Employer** (工作单位) for about 70% of members with an occupation that has one, and
  **transport** (交通方式) for about 45% — most come by car or public transport. They
  are written with the members (:func:`archive_fields`), not updated afterwards.

Column-wise (numpy), each part with its own random stream (``seed``), so the rest of
the demo stays as it was; nothing after ``today``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import sqlite_utils

from app.demo.helpers import _nchoice

EMPLOYERS: dict[str, tuple[str, ...]] = {
    "教师": ("市实验小学", "第二中学", "外国语学校", "师范大学附属中学"),
    "公务员": ("区人民政府", "市税务局", "市教育局", "街道办事处"),
    "医生": ("市第一人民医院", "中医院", "妇幼保健院", "口腔医院"),
    "护士": ("市第一人民医院", "中心医院", "妇幼保健院"),
    "会计": ("信诚会计师事务所", "华润万家", "市供电公司"),
    "企业职员": ("华为技术", "美的集团", "中国移动", "万科物业", "海尔集团"),
    "销售": ("苏宁易购", "银泰百货", "上汽大众4S店"),
    "设计师": ("东方设计院", "星河广告", "尚品家居"),
    "银行职员": ("工商银行", "招商银行", "建设银行", "农商银行"),
    "工程师": ("市建筑设计院", "中建三局", "国家电网", "华为技术"),
}
TRANSPORT = (("自驾", 40), ("公共交通", 30), ("步行", 12), ("出租车", 8), ("电动车/自行车", 10))
EMPLOYER_SHARE = 0.7  # of members whose occupation has employers
TRANSPORT_SHARE = 0.45
UPGRADE_WAIT_DAYS = 60  # upgrades this recent may still wait for their new card
LOST_SHARE, DAMAGED_SHARE = 0.03, 0.02
# the events of a card, in the order they sort within a day (as their names do)
DAMAGED, ISSUE, LOST, UPGRADE = range(4)
REASON_NAMES = ("damaged", "issue", "lost", "upgrade")
FIRST_SERIAL = 100000


def archive_fields(
    seed: int, occupation: Sequence[str | None]
) -> tuple[list[str | None], list[str | None]]:
    """The members' ``employer`` and ``transport`` columns, in member order."""
    rng = np.random.default_rng([seed, 41, 27])
    n = len(occupation)
    jobs = list(EMPLOYERS)
    code = {job: k for k, job in enumerate(jobs)}
    job = np.asarray([code.get(o or "", -1) for o in occupation], dtype=np.int64)
    width = np.asarray([len(EMPLOYERS[j]) for j in jobs], dtype=np.int64)
    has = (job >= 0) & (rng.random(n) < EMPLOYER_SHARE)
    pick = (rng.random(n) * width[np.maximum(job, 0)]).astype(np.int64)
    ride = rng.random(n) < TRANSPORT_SHARE
    mode = _nchoice(rng, n, [w for _, w in TRANSPORT])
    places = [EMPLOYERS[j] for j in jobs]
    names = [t for t, _ in TRANSPORT]
    employer = [
        places[j][k] if h else None
        for j, k, h in zip(job.tolist(), pick.tolist(), has.tolist(), strict=True)
    ]
    transport = [names[m] if r else None for m, r in zip(mode.tolist(), ride.tolist(), strict=True)]
    return employer, transport


def _fill(values: np.ndarray, defined: np.ndarray) -> np.ndarray:
    """``values`` with each undefined entry replaced by the last defined one before it
    (the first entry must be defined)."""
    at = np.where(defined, np.arange(len(values)), 0)
    return values[np.maximum.accumulate(at)]


def _cards(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rng = np.random.default_rng([seed, 41, 28])
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")]
    tiers = [c for (c,) in db.execute("SELECT code FROM tiers ORDER BY rank")]
    rank = {c: k for k, c in enumerate(tiers)}
    members = db.execute(
        "SELECT id, joined_on, tier FROM members WHERE status <> 'anonymised' ORDER BY id"
    ).fetchall()
    history = db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY member_id, at, id"
    ).fetchall()
    if not members:
        return
    end = today.toordinal()
    first_tier: dict[int, str] = {}
    r_mid, r_day, r_tier = [], [], []
    for mid, at, old, new in history:
        first_tier.setdefault(mid, old or new)
        if old and rank.get(new, 0) > rank.get(old, 0):
            r_mid.append(mid)
            r_day.append(dt.date.fromisoformat(at[:10]).toordinal())
            r_tier.append(rank[new])

    # ---- every card's events: (day, member, reason, card type as a tier rank)
    mid = np.asarray([m for m, _, _ in members], dtype=np.int64)
    joined = np.asarray(
        [dt.date.fromisoformat(j).toordinal() if j else end for _, j, _ in members], np.int64
    )
    joined = np.minimum(joined, end)
    start_tier = np.asarray(
        [rank.get(first_tier.get(m, t or "normal"), 0) for m, _, t in members], np.int64
    )
    n = len(mid)
    # upgrades: within two weeks of the rise, but some recent ones still wait
    r_mid_a, r_day_a = np.asarray(r_mid, np.int64), np.asarray(r_day, np.int64)
    waits = (end - r_day_a < UPGRADE_WAIT_DAYS) & (rng.random(len(r_mid)) < 0.3)
    up_day = np.minimum(end, r_day_a + rng.integers(0, 15, len(r_mid)))
    keep = ~waits
    # lost and damaged cards: a day from a month after joining to today
    first = joined + 30
    lost = (first < end) & (rng.random(n) < LOST_SHARE)
    damaged = (first < end) & (rng.random(n) < DAMAGED_SHARE)
    lost_day = first + (rng.random(n) * (end - first + 1)).astype(np.int64)
    damaged_day = first + (rng.random(n) * (end - first + 1)).astype(np.int64)
    e_day = np.concatenate((joined, up_day[keep], lost_day[lost], damaged_day[damaged]))
    e_mid = np.concatenate((mid, r_mid_a[keep], mid[lost], mid[damaged]))
    e_reason = np.concatenate((
        np.full(n, ISSUE), np.full(int(keep.sum()), UPGRADE),
        np.full(int(lost.sum()), LOST), np.full(int(damaged.sum()), DAMAGED),
    ))  # fmt: skip
    inherit = np.full(int(lost.sum() + damaged.sum()), -1)  # the type of the card replaced
    e_tier = np.concatenate((start_tier, np.asarray(r_tier, np.int64)[keep], inherit))
    # in the order cards were handed out (row ids); a member's events follow their issue
    order = np.lexsort((e_tier, e_reason, e_mid, e_day))
    day, owner, reason, tier = e_day[order], e_mid[order], e_reason[order], e_tier[order]
    m = len(day)
    # numbers: a new one for every card but a damaged card's replacement
    fresh = reason != DAMAGED
    serial = np.where(fresh, FIRST_SERIAL + np.cumsum(fresh), 0)

    # ---- each member's cards in order: a damaged card keeps the number, a lost or
    # damaged card's replacement keeps the type; each card names the one that replaced it
    chain = np.argsort(owner, kind="stable")
    c_owner, c_reason = owner[chain], reason[chain]
    assert (c_reason[np.r_[True, c_owner[1:] != c_owner[:-1]]] == ISSUE).all()
    c_tier = _fill(tier[chain], tier[chain] >= 0)
    c_serial = _fill(serial[chain], fresh[chain])
    tier[chain], serial[chain] = c_tier, c_serial
    replaced_by = np.zeros(m, np.int64)  # row id, 0: still current
    same = np.flatnonzero(c_owner[1:] == c_owner[:-1])
    replaced_by[chain[same]] = chain[same + 1] + 1

    iso: dict[int, str] = {}

    def day_iso(d: int) -> str:
        s = iso.get(d)
        if s is None:
            s = iso[d] = dt.date.fromordinal(d).isoformat()
        return s

    issued = [day_iso(d) for d in day.tolist()]
    clerk = (
        np.asarray(clerks, np.int64)[rng.integers(0, len(clerks), m)].tolist()
        if clerks
        else [None] * m
    )
    why = [REASON_NAMES[r] for r in reason.tolist()]
    by = replaced_by.tolist()
    rows = [
        (k + 1, o, tiers[t], f"88{s:06d}", on, c, issued[b - 1] if b else None,
         why[b - 1] if b else None, b or None, f"{on}T10:00:00")
        for k, (o, t, s, on, c, b) in enumerate(zip(
            owner.tolist(), tier.tolist(), serial.tolist(), issued, clerk, by, strict=True))
    ]  # fmt: skip
    # each row names the card that replaced it (a later row); with foreign keys kept on
    # (a caller's transaction) newest first, so that the row it names is already in —
    # otherwise in id order (a table filled backwards has half-empty pages: +14 MB)
    if db.execute("PRAGMA foreign_keys").fetchone()[0]:
        rows.reverse()
    db.conn.executemany(
        "INSERT INTO member_cards (id, member_id, card_type, card_no, issued_on, issued_by, "
        "replaced_on, replace_reason, replaced_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _member_cards(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    _cards(db, today, seed)
