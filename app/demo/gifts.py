"""The demo store's gifts and surprises (赠礼记录, app/service/gifts.py): what a
clothing store hands its best customers over a year — a birthday gift (a silk scarf,
a leather card holder, a cashmere pair of gloves, ¥80–200) on or just before the
birthday of every gold and diamond member with a solar birthday; a festival gift
(mooncakes at Mid-Autumn, a spring couplet set with a red envelope before the Spring
Festival, ¥30–90) for diamond members and some gold ones; and a few surprises (flowers
for a member who bought for her wedding, a tailoring voucher, ¥30–120). Given by the
clerks on the day; nothing after ``today``."""

from __future__ import annotations

import datetime as dt
import random

import sqlite_utils

BIRTHDAY_GIFTS = (
    ("真丝围巾", 12800),
    ("真皮卡包", 9800),
    ("羊绒手套", 15800),
    ("香氛礼盒", 8800),
    ("丝巾与生日贺卡", 19800),
)
FESTIVAL_GIFTS = (
    ("中秋", "月饼礼盒", 8800, (9, 20)),
    ("春节", "春联与红包套装", 3800, (1, 25)),
    ("三八妇女节", "护手霜礼盒", 5800, (3, 7)),
)
SURPRISES = (
    ("鲜花一束", 6800, "婚礼购衣后送花祝贺"),
    ("免费修改券", 3000, "连续三年老顾客"),
    ("手工胸针", 12000, "介绍了三位新会员"),
    ("定制衣架", 4500, "第一次购买大衣"),
)


def _stamp(day: dt.date, rnd: random.Random) -> str:
    return f"{day.isoformat()}T{rnd.randint(10, 20):02d}:{rnd.randint(0, 59):02d}:00"


def _gifts(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rnd = random.Random(seed * 37 + 19)
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")]
    if not clerks:
        return
    rows: list[tuple[object, ...]] = []
    start = today - dt.timedelta(days=365)
    top = db.execute(
        "SELECT id, tier, birthday, birthday_calendar FROM members "
        "WHERE tier IN ('gold', 'diamond') AND status = 'active' ORDER BY id"
    ).fetchall()
    for mid, tier, birthday, calendar in top:
        if birthday and calendar == "solar" and len(birthday) >= 7:
            month, day = int(birthday[-5:-3]), int(birthday[-2:])
            for year in (today.year - 1, today.year):
                try:
                    when = dt.date(year, month, min(day, 28 if month == 2 else day))
                except ValueError:
                    continue
                when -= dt.timedelta(days=rnd.choice((0, 0, 1, 2)))
                if start < when <= today:
                    item, fen = rnd.choice(BIRTHDAY_GIFTS)
                    rows.append((mid, when, "birthday", item, "生日", fen))
        for name, item, fen, (m, d) in FESTIVAL_GIFTS:
            if tier == "gold" and rnd.random() < 0.5:
                continue
            for year in (today.year - 1, today.year):
                when = dt.date(year, m, d) + dt.timedelta(days=rnd.randint(-3, 3))
                if start < when <= today:
                    rows.append((mid, when, "festival", item, name, fen))
    others = db.execute(
        "SELECT id FROM members WHERE status = 'active' AND tier IN ('silver', 'gold') ORDER BY id"
    ).fetchall()
    for (mid,) in rnd.sample(others, min(len(others), max(2, len(others) // 25))):
        item, fen, why = rnd.choice(SURPRISES)
        when = start + dt.timedelta(days=rnd.randint(1, 365))
        rows.append((mid, when, "surprise", item, why, fen))
    rows.sort(key=lambda r: (r[1], r[0]))
    db.conn.executemany(
        "INSERT INTO gifts (member_id, given_on, kind, item, occasion, cost_fen, given_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (mid, when.isoformat(), kind, item, why, fen, rnd.choice(clerks), _stamp(when, rnd))
            for mid, when, kind, item, why, fen in rows
        ],
    )
