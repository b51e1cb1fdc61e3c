"""The demo store's member cards and two archive fields (issue #19).

* **Cards** (app/service/cards.py): every member got a card the day they joined, of the
  tier they started in, numbered from the store's card stock (``88`` and six digits,
  not the member number). A tier rise (``tier_history``) is followed within two weeks
  by an upgrade card (升级换卡, a new number) — except about a third of those of the last
  two months, still waiting (the day's plan asks for 换发新卡). About 3% of members lost
  a card (遗失补卡, a new number) and 2% had a damaged one replaced (损坏换卡, the same
  number).
* **Employer** (工作单位) for about 70% of members with an occupation that has one, and
  **transport** (交通方式) for about 45% — most come by car or public transport.

Its own random stream (``seed``), so the rest of the demo stays as it was; nothing
after ``today``."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

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
UPGRADE_WAIT_DAYS = 60  # upgrades this recent may still wait for their new card


def _fields(db: sqlite_utils.Database, rnd: random.Random) -> None:
    rows = db.execute("SELECT id, occupation FROM members WHERE status <> 'anonymised'")
    names = [t for t, _ in TRANSPORT]
    weights = [w for _, w in TRANSPORT]
    updates = []
    for mid, occupation in rows.fetchall():
        places = EMPLOYERS.get(occupation or "")
        employer = rnd.choice(places) if places and rnd.random() < 0.7 else None
        transport = rnd.choices(names, weights)[0] if rnd.random() < 0.45 else None
        if employer or transport:
            updates.append((employer, transport, mid))
    db.conn.executemany("UPDATE members SET employer = ?, transport = ? WHERE id = ?", updates)


def _cards(db: sqlite_utils.Database, today: dt.date, rnd: random.Random) -> None:
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")]
    rises: dict[int, list[tuple[str, str]]] = {}
    first_tier: dict[int, str] = {}
    rank = {c: r for c, r in db.execute("SELECT code, rank FROM tiers")}
    for mid, at, old, new in db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY member_id, at, id"
    ):
        first_tier.setdefault(mid, old or new)
        if old and rank.get(new, 0) > rank.get(old, 0):
            rises.setdefault(mid, []).append((at[:10], new))
    members = db.execute(
        "SELECT id, joined_on, tier FROM members WHERE status <> 'anonymised' ORDER BY id"
    ).fetchall()
    # every card's events, then numbers in the order cards were handed out
    events: list[tuple[str, int, str, str]] = []  # (day, member, reason or 'issue', type)
    for mid, joined, tier in members:
        joined = joined or today.isoformat()
        events.append((joined, mid, "issue", first_tier.get(mid, tier or "normal")))
        for day, new in rises.get(mid, []):
            d = dt.date.fromisoformat(day)
            if (today - d).days < UPGRADE_WAIT_DAYS and rnd.random() < 0.3:
                continue  # not replaced yet
            when = min(today, d + dt.timedelta(days=rnd.randint(0, 14)))
            events.append((when.isoformat(), mid, "upgrade", new))
        start = dt.date.fromisoformat(joined) + dt.timedelta(days=30)
        for reason, share in (("lost", 0.03), ("damaged", 0.02)):
            if start < today and rnd.random() < share:
                when = start + dt.timedelta(days=rnd.randint(0, (today - start).days))
                events.append((when.isoformat(), mid, reason, ""))
    events.sort()
    serial = 100000
    current: dict[int, tuple[int, str, str]] = {}  # member -> (row id, type, number)
    rows: list[list[object]] = []
    for day, mid, reason, kind in events:
        old = current.get(mid)
        if reason != "issue" and old is None:
            continue
        if reason == "damaged":
            number = old[2] if old else ""
        else:
            serial += 1
            number = f"88{serial:06d}"
        kind = kind or (old[1] if old else "normal")
        rid = len(rows) + 1
        clerk = rnd.choice(clerks) if clerks else None
        rows.append([rid, mid, kind, number, day, clerk, None, None, None, f"{day}T10:00:00"])
        if old is not None:
            prev = rows[old[0] - 1]
            prev[6], prev[7], prev[8] = day, reason, rid
        current[mid] = (rid, kind, number)
    # each row with the card that replaced it (a later row); with foreign keys kept on
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
    rnd = random.Random(seed * 41 + 27)
    _fields(db, rnd)
    _cards(db, today, rnd)
