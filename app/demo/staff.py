"""The demo store's staff records (issue #19): who enrolled each member (办卡导购) and
about 60 praise and suggestions (表扬与建议) over two years.

Enrolment is uneven, as in a real shop: the longest-serving clerk signs up the most
members, the newest the fewest, and the manager a few; one card in twelve is from before
the store kept the book (unknown). Praise mostly names a clerk (service), some is about
the goods or the shop; suggestions are about fitting rooms, sizes, parking, opening
hours. Clerks are praised unevenly too, so the service-star ranking differs per clerk.
Nothing after ``today``; the same seed gives the same rows."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import sqlite_utils

PRAISE_SERVICE = (
    "{clerk}很耐心，帮我试了六件才挑到合身的",
    "{clerk}记得我的尺码和喜欢的颜色，很贴心",
    "裤脚改得很快，{clerk}第二天就打电话让我来取",
    "{clerk}的搭配建议很好，朋友都说好看",
    "生日收到{clerk}的问候和小礼物，很惊喜",
    "{clerk}专门帮我调了别店的货",
)
PRAISE_OTHER = (
    ("goods", "羊绒大衣质量很好，穿了三年还不起球"),
    ("goods", "新款真丝衬衫面料舒服"),
    ("environment", "店里布置得很温馨，试衣间宽敞"),
    ("goods", "尺码齐全，终于买到合适的裤长"),
)
SUGGESTIONS = (
    ("environment", "试衣间再多一面镜子就好了"),
    ("environment", "周末停车不方便，希望能提供停车券"),
    ("goods", "希望多进一些大码的款式"),
    ("goods", "希望有更多适合上班穿的基本款"),
    ("service", "希望新品到店时能微信通知"),
    ("other", "希望晚上能营业到九点半"),
    ("service", "改衣时间能再快一点"),
)
ENROL_SHARE = (0.38, 0.27, 0.18, 0.09)  # the clerks, longest-serving first
UNKNOWN_SHARE = 1 / 12
PRAISE_SHARE = (0.4, 0.25, 0.25, 0.1)


def _stamp(day: dt.date, rnd: random.Random) -> str:
    return f"{day.isoformat()}T{rnd.randint(10, 20):02d}:{rnd.randint(0, 59):02d}:00"


def _staff(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")]
    if clerks:
        _praise(db, clerks, today, seed)


def enrolments(
    seed: int, member_ids: np.ndarray, clerks: list[int], manager: int | None
) -> list[int | None]:
    """The members' ``enrolled_by`` column: a member's clerk from a hash of its id and
    the seed, the shares as ENROL_SHARE; the manager enrolled a few, and one card in
    twelve has none (from before the book). Written with the members."""
    if not clerks:
        return [None] * len(member_ids)
    shares = list(ENROL_SHARE[: len(clerks)])
    shares = [s / sum(shares) * (1 - UNKNOWN_SHARE - 0.04) for s in shares]
    who: list[int | None] = list(clerks[: len(shares)])
    if manager is not None:
        who.append(manager)
    edges = np.cumsum([*shares, 0.04][: len(who)])
    h = ((member_ids.astype(np.int64) * 2654435761 + int(seed) * 40503) % 1000003) % 10000
    k = np.searchsorted((edges * 10000).astype(np.int64), h, side="right")
    pick = [*who, None]
    return [pick[i] for i in k.tolist()]


def _praise(db: sqlite_utils.Database, clerks: list[int], today: dt.date, seed: int) -> None:
    rnd = random.Random(seed * 53 + 7)
    names = dict(db.execute("SELECT id, display_name FROM users").fetchall())
    buyers = [
        r[0]
        for r in db.execute(
            "SELECT id FROM members WHERE status = 'active' AND id IN "
            "(SELECT member_id FROM member_stats WHERE visits > 0) ORDER BY id LIMIT 2000"
        )
    ]
    weights = list(PRAISE_SHARE[: len(clerks)])
    rows = []
    for _ in range(60):
        day = today - dt.timedelta(days=rnd.randint(0, 729))
        member = rnd.choice(buyers) if buyers and rnd.random() < 0.85 else None
        writer = rnd.choice(clerks)
        roll = rnd.random()
        if roll < 0.5:
            clerk = rnd.choices(clerks, weights)[0]
            text = rnd.choice(PRAISE_SERVICE).format(clerk=names[clerk])
            row = ("praise", "service", clerk, text)
        elif roll < 0.7:
            about, text = rnd.choice(PRAISE_OTHER)
            row = ("praise", about, None, text)
        else:
            about, text = rnd.choice(SUGGESTIONS)
            row = ("suggestion", about, None, text)
        at = _stamp(day, rnd)
        rows.append((member, at, *row, writer, at))
    rows.sort(key=lambda r: r[1])
    db.conn.executemany(
        "INSERT INTO praise (member_id, at, kind, about, clerk_id, text, recorded_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
