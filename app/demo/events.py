"""The demo store's member events (会员活动, app/service/events.py, issue #19): what a
clothing store holds over a year — a spring and an autumn launch of the new
collection (新品发布会) for silver members and up, a VIP tea salon (VIP沙龙) and a
qipao fitting evening of the member club (会员俱乐部活动) for gold and diamond members,
a year-end thank-you party (客户答谢会), one outing called off for the weather, and a
New Year salon coming up in ``UPCOMING_IN`` days.

Each past event's guests were told 4–14 days before it (by phone, WeChat or SMS, as
they agreed); about half accepted, a third declined, the rest never answered; most who
accepted came. Guests who bought in the week after the event are likelier to have
come — so the monthly report's "sales by attendees within 7 days" reads as a store
would see it — without inventing sales. The coming salon's guests are partly told
(some answered): the rest are today's invitations on the day's plan.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import sqlite_utils

from app.service.events import SALES_DAYS

UPCOMING_IN = 8
# (days from today, name, kind, hour, place, capacity, cost in fen, tiers, note)
EVENTS: tuple[tuple[int, str, str, int, str, int, int, tuple[str, ...], str], ...] = (
    (
        -320,
        "春季新品发布会",
        "launch",
        19,
        "本店一楼",
        40,
        380000,
        ("silver", "gold", "diamond"),
        "",
    ),
    (
        -250,
        "VIP下午茶沙龙：春夏穿搭",
        "salon",
        15,
        "二楼贵宾室",
        15,
        120000,
        ("gold", "diamond"),
        "",
    ),
    (
        -200,
        "会员踏青活动",
        "club",
        9,
        "西湖公园",
        30,
        0,
        ("silver", "gold", "diamond"),
        "天气原因取消",
    ),
    (
        -150,
        "会员俱乐部：旗袍量体体验夜",
        "club",
        19,
        "二楼贵宾室",
        20,
        150000,
        ("gold", "diamond"),
        "",
    ),
    (
        -70,
        "秋冬新品发布会",
        "launch",
        19,
        "本店一楼",
        40,
        420000,
        ("silver", "gold", "diamond"),
        "",
    ),
    (
        -20,
        "年度客户答谢会",
        "thanks",
        18,
        "君悦酒店宴会厅",
        60,
        860000,
        ("normal", "silver", "gold", "diamond"),
        "答谢全年支持的老顾客",
    ),
    (
        UPCOMING_IN,
        "新年VIP沙龙：羊绒保养",
        "salon",
        15,
        "二楼贵宾室",
        20,
        160000,
        ("gold", "diamond"),
        "",
    ),
)
CANCELLED = "会员踏青活动"


def _reachable(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """(id, tier, consent channels) of the active members who may be contacted, by id
    (read once: the events' pools are filtered from it)."""
    return db.execute(
        "SELECT id, tier, consent_channels FROM members WHERE status = 'active' "
        "AND COALESCE(consent_channels, '') <> '' ORDER BY id"
    ).fetchall()


def _buyers(db: sqlite_utils.Database, day: dt.date) -> set[int]:
    """Members who bought from ``day`` to SALES_DAYS days after it."""
    end = day + dt.timedelta(days=SALES_DAYS + 1)
    return {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT member_id FROM purchases WHERE at >= ? AND at < ? "
            "AND return_of IS NULL",
            [day.isoformat(), end.isoformat()],
        )
    }


def _stamp(day: dt.date, rnd: random.Random) -> str:
    return f"{day.isoformat()}T{rnd.randint(10, 20):02d}:{rnd.randint(0, 59):02d}:00"


def _events(db: sqlite_utils.Database, today: dt.date, seed: int) -> None:
    rnd = random.Random(seed * 53 + 29)
    clerks = [r[0] for r in db.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")]
    manager = db.execute(
        "SELECT id FROM users WHERE role IN ('manager', 'owner') ORDER BY role = 'owner', id"
    ).fetchone()
    if not clerks or manager is None:
        return
    reachable = _reachable(db)
    for offset, name, kind, hour, place, capacity, cost, tiers, note in EVENTS:
        day = today + dt.timedelta(days=offset)
        made = day - dt.timedelta(days=rnd.randint(20, 30))
        cancelled = name == CANCELLED
        cur = db.execute(
            "INSERT INTO events (name, kind, starts_at, place, capacity, cost_fen, rule, note, "
            "status, cancelled_at, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                name,
                kind,
                f"{day.isoformat()}T{hour:02d}:00:00",
                place,
                capacity,
                cost,
                json.dumps({"tiers": sorted(tiers)}),
                note or None,
                "cancelled" if cancelled else "planned",
                _stamp(day - dt.timedelta(days=3), rnd) if cancelled else None,
                manager[0],
                _stamp(made, rnd),
                _stamp(made, rnd),
            ],
        )
        event_id = int(cur.lastrowid or 0)
        pool = [(mid, consent) for mid, tier, consent in reachable if tier in tiers]
        guests = rnd.sample(pool, min(len(pool), capacity * 3 // 2))
        bought = _buyers(db, day) if offset < 0 else set()
        rows = []
        for mid, consent in sorted(guests):
            added = made + dt.timedelta(days=1)
            channels = [c for c in ("phone", "wechat", "sms") if c in consent.split(",")]
            told_on = day - dt.timedelta(days=rnd.randint(4, 14))
            told = told_on <= today and (offset < 0 or rnd.random() < 0.6)
            response, responded = "pending", None
            if told:
                roll = rnd.random()
                if offset > 0 and roll < 0.3:
                    response = "pending"
                elif roll < 0.5 or (mid in bought and roll < 0.8):
                    response = "accepted"
                elif roll < 0.83:
                    response = "declined"
                if response != "pending":
                    responded = _stamp(
                        min(today, told_on + dt.timedelta(days=rnd.randint(0, 2))), rnd
                    )
            attended = 0
            if offset < 0 and not cancelled:
                chance = {"accepted": 0.8, "pending": 0.04, "declined": 0.0}[response]
                if mid in bought:
                    chance = min(1.0, chance + 0.15)
                attended = int(rnd.random() < chance)
            rows.append(
                (
                    event_id,
                    mid,
                    _stamp(added, rnd),
                    manager[0],
                    _stamp(told_on, rnd) if told else None,
                    rnd.choice(channels) if told and channels else None,
                    response,
                    responded,
                    attended,
                )
            )
        db.conn.executemany(
            "INSERT INTO event_invitations (event_id, member_id, added_at, added_by, "
            "invited_at, channel, response, responded_at, attended) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
