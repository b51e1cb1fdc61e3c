"""The demo store's day plan examples (app/plan/): a message template in the store's
own words, a saved target list put on the plan about a hundred days ago with its
result, a second list saved for next month's birthdays, and yesterday's send list —
birthday greetings sent by SMS, logged as contacts with the words sent. Lapsed reasons
arise by themselves from the history; done counts from the clerks' own calls of the day.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlite_utils

CAMPAIGN_LIST = "针织衫老客·秋装新品"
BIRTHDAY_LIST = "下月生日的金卡钻石卡会员"
FESTIVAL_WORDS = (
    "{name}{title}，{store}祝您佳节愉快、阖家幸福！节日期间到店，{tier}会员另有小礼物相送。",
    "Dear {name}, {store} wishes you a happy festival! Drop in during the holiday: "
    "{tier} members get a small gift.",
)


def _plan_examples(db: sqlite_utils.Database, today: dt.date) -> int:
    """Write the examples; returns the contacts added."""
    from app.plan import targeting
    from app.plan.templates import Renderer

    staff = dict(db.execute("SELECT role, MIN(id) FROM users GROUP BY role").fetchall())
    manager, clerk = staff.get("manager"), staff.get("clerk")
    if manager is None or clerk is None:
        return 0
    stamp = f"{(today - dt.timedelta(days=40)).isoformat()}T18:00:00"
    db.execute(
        "UPDATE message_templates SET text_zh = ?, text_en = ?, updated_at = ?, updated_by = ? "
        "WHERE kind = 'festival' AND category = ''",
        [*FESTIVAL_WORDS, stamp, manager],
    )

    # a campaign about a hundred days ago: knitwear buyers of the three months before
    # heard about the autumn arrivals; its result is who bought in the 30 days after
    due = today - dt.timedelta(days=100)
    criteria = {"category": "针织衫", "months": 3}
    ids = targeting.find_members(db, criteria, today=due)
    planned = f"{due.isoformat()}T09:00:00"
    db.execute(
        "INSERT INTO target_lists (name, criteria, purpose, note, due, member_ids, planned_at, "
        "created_by, created_at) VALUES (?, ?, 'new_arrivals', ?, ?, ?, ?, ?, ?)",
        [
            CAMPAIGN_LIST,
            json.dumps(criteria, ensure_ascii=False),
            "秋装针织新品到店",
            due.isoformat(),
            json.dumps(ids),
            planned,
            manager,
            f"{(due - dt.timedelta(days=1)).isoformat()}T17:00:00",
        ],
    )
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).month
    db.execute(
        "INSERT INTO target_lists (name, criteria, created_by, created_at) VALUES (?, ?, ?, ?)",
        [
            BIRTHDAY_LIST,
            json.dumps({"tiers": ["gold", "diamond"], "birthday_month": next_month}),
            manager,
            f"{(today - dt.timedelta(days=2)).isoformat()}T17:30:00",
        ],
    )

    rows: list[tuple[object, ...]] = []
    # yesterday's send list: birthday greetings sent by SMS, logged with the words sent
    renderer = Renderer(db, "zh")
    yesterday = today - dt.timedelta(days=1)
    day = yesterday.isoformat()
    md = f"{yesterday.month:02d}-{yesterday.day:02d}"
    for k, (mid,) in enumerate(
        db.execute(
            "SELECT id FROM members WHERE substr(birthday, -5) = ? "
            "AND birthday_calendar = 'solar' AND instr(consent_channels, 'sms') > 0 "
            "AND status NOT IN ('lost', 'anonymised') AND joined_on <= ? ORDER BY id LIMIT 3",
            [md, day],
        ).fetchall()
    ):
        at = f"{day}T10:{30 + k:02d}:00"
        text = renderer.render(mid, "birthday")
        rows.append((mid, at, clerk, "sms", "birthday", "reached", text, None, None, at))
    db.conn.executemany(
        "INSERT INTO contacts (member_id, at, clerk_id, channel, purpose, outcome, note, "
        "next_follow_up, purchase_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)
