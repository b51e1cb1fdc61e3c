"""``calls`` and ``messages``: the day's plan and the day's greetings, as the app shows
them (app/plan/ documents every rule).

``python main.py calls --db PATH [--date D] [--clerk NAME] [--json]`` prints the plan
rows — rank, today or later, member, reasons, clerk — for every clerk, or one clerk
(user name or display name; ``none`` for members without a known clerk). ``--json``
prints ``{"date", "counts": {"today", "later", "done"}, "lapsed", "rows"}``.

``python main.py messages --db PATH [--date D] [--json]`` prints each message of the
day (greetings, points and reward notices, post-sale and care words) with its text, for
members who agreed to SMS or WeChat; phones masked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from app.cli import CliError, command, db_arg


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _common(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the day (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _calls_args(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--clerk", metavar="NAME", help="one clerk's plan (user or display name)")


def _clerk_id(db: Any, name: str) -> int | None:
    if name.lower() in ("none", "无", "未分配"):
        return None
    row = db.execute(
        "SELECT id FROM users WHERE username = ? COLLATE NOCASE OR display_name = ?",
        [name, name],
    ).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in db.execute("SELECT username FROM users ORDER BY id"))
        raise CliError(f"no user named {name!r} (users: {known or 'none'})")
    return int(row[0])


@command("calls", "the day's plan: whom each clerk contacts, and why", _calls_args)
def calls(args: argparse.Namespace) -> int:
    from app import labels, plan
    from app.cli.members import open_store

    db = open_store(args.db)
    try:
        day = args.date or dt.date.today()
        result = plan.daily_plan(db, today=day)
        staff = dict(db.execute("SELECT id, display_name FROM users").fetchall())
        if args.clerk is not None:
            who: Any = _clerk_id(db, args.clerk)
            rows = result.for_clerk(who)
        else:
            who, rows = "all", result.rows
        counts = result.counts(who)
        if args.json:
            data = plan.plan_json(result, rows)
            for d in data:
                d["clerk"] = staff.get(d["clerk_id"])
            print(
                json.dumps(
                    {
                        "date": day.isoformat(),
                        "counts": counts,
                        "lapsed": result.lapsed,
                        "rows": data,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return 0
        print(
            f"{day.isoformat()}: {counts['today']} today, {counts['later']} later, "
            f"{counts['done']} done"
        )
        for r in rows:
            reasons = "、".join(labels.word("task_reason", t.reason, "zh") for t in r.reasons)
            slot = "今日" if r.slot == plan.TODAY else "稍后"
            clerk = staff.get(r.clerk_id, "—")
            print(f"{r.rank:>4} {slot} {r.member_no} {r.name}  {reasons}  [{clerk}]")
        return 0
    finally:
        db.close()


@command("messages", "the day's greetings and notices with their texts", _common)
def messages(args: argparse.Namespace) -> int:
    from app import labels, plan
    from app.cli.members import open_store
    from app.normalize import mask_phone
    from app.plan.sendlist import send_items

    db = open_store(args.db)
    try:
        day = args.date or dt.date.today()
        items = send_items(db, plan.daily_plan(db, today=day).rows)
        if args.json:
            out = [
                {
                    "member_no": i.member_no,
                    "name": i.name,
                    "phone": mask_phone(i.phone),
                    "channel": i.channel,
                    "reason": i.reason,
                    "text": i.text,
                }
                for i in items
            ]
            print(
                json.dumps({"date": day.isoformat(), "messages": out}, ensure_ascii=False, indent=2)
            )
            return 0
        print(f"{day.isoformat()}: {len(items)} messages")
        for i in items:
            channel = labels.word("channel", i.channel, "zh")
            reason = labels.word("task_reason", i.reason, "zh")
            print(f"{i.member_no} {i.name} {mask_phone(i.phone)} {channel} {reason}：{i.text}")
        return 0
    finally:
        db.close()
