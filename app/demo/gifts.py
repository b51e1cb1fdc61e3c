"""The demo store's gifts and surprises (赠礼记录, app/service/gifts.py): what a
clothing store hands its best customers over a year — a birthday gift (a silk scarf,
a leather card holder, a cashmere pair of gloves, ¥80–200) on or just before the
birthday of every gold and diamond member with a solar birthday; a festival gift
(mooncakes at Mid-Autumn, a spring couplet set with a red envelope before the Spring
Festival, ¥30–90) for diamond members and some gold ones; and a few surprises (flowers
for a member who bought for her wedding, a tailoring voucher, ¥30–120). Given by the
clerks on the day; nothing after ``today``. Its own random stream (``seed``), drawn
column-wise (numpy)."""

from __future__ import annotations

import datetime as dt

import numpy as np
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


_CLOCK = [f"T{h:02d}:{m:02d}:00" for h in range(10, 21) for m in range(60)]  # 10:00-20:59


def _gifts(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rng = np.random.default_rng([seed, 37, 19])
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")]
    if not clerks:
        return
    start = today - dt.timedelta(days=365)
    years = (today.year - 1, today.year)
    rows: list[tuple[int, dt.date, str, str, str, int]] = []
    top = db.execute(
        "SELECT id, tier, birthday, birthday_calendar FROM members "
        "WHERE tier IN ('gold', 'diamond') AND status = 'active' ORDER BY id"
    ).fetchall()
    # a birthday gift on the day or up to two days before (29 February: the 28th)
    early = rng.choice((0, 0, 1, 2), (len(top), 2)).tolist()
    b_item = rng.integers(0, len(BIRTHDAY_GIFTS), (len(top), 2)).tolist()
    for k, (mid, _tier, birthday, calendar) in enumerate(top):
        if not (birthday and calendar == "solar" and len(birthday) >= 7):
            continue
        month, day = int(birthday[-5:-3]), int(birthday[-2:])
        for y, year in enumerate(years):
            try:
                when = dt.date(year, month, min(day, 28 if month == 2 else day))
            except ValueError:
                continue
            when -= dt.timedelta(days=early[k][y])
            if start < when <= today:
                item, fen = BIRTHDAY_GIFTS[b_item[k][y]]
                rows.append((mid, when, "birthday", item, "生日", fen))
    # festival gifts: diamond members, and half of the gold ones for each festival
    gold = np.asarray([t == "gold" for _m, t, _b, _c in top], bool)
    for name, item, fen, (m, d) in FESTIVAL_GIFTS:
        given = np.flatnonzero(~gold | (rng.random(len(top)) >= 0.5))
        shift = rng.integers(-3, 4, (len(given), 2))
        for y, year in enumerate(years):
            when = dt.date(year, m, d)
            if not start - dt.timedelta(days=3) < when <= today + dt.timedelta(days=3):
                continue
            for k, s in zip(given.tolist(), shift[:, y].tolist(), strict=True):
                day = when + dt.timedelta(days=s)
                if start < day <= today:
                    rows.append((top[k][0], day, "festival", item, name, fen))
    # a few surprises for active silver and gold members
    others = [
        r[0]
        for r in db.execute(
            "SELECT id FROM members WHERE status = 'active' AND tier IN ('silver', 'gold') "
            "ORDER BY id"
        )
    ]
    chosen = rng.choice(len(others), min(len(others), max(2, len(others) // 25)), replace=False)
    what = rng.integers(0, len(SURPRISES), len(chosen)).tolist()
    when_s = rng.integers(1, 366, len(chosen)).tolist()
    for k, w, d in zip(chosen.tolist(), what, when_s, strict=True):
        item, fen, why = SURPRISES[w]
        rows.append((others[k], start + dt.timedelta(days=d), "surprise", item, why, fen))
    rows.sort(key=lambda r: (r[1], r[0]))
    by = np.asarray(clerks, np.int64)[rng.integers(0, len(clerks), len(rows))].tolist()
    clock = rng.integers(0, len(_CLOCK), len(rows)).tolist()
    db.conn.executemany(
        "INSERT INTO gifts (member_id, given_on, kind, item, occasion, cost_fen, given_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (mid, day, kind, item, why, fen, clerk, day + _CLOCK[c])
            for (mid, when, kind, item, why, fen), clerk, c in zip(rows, by, clock, strict=True)
            for day in (when.isoformat(),)
        ],
    )
