"""The demo store shows the day's plan: a template in the store's words, a saved target
list put on the plan with its result, another saved for later, and this morning's
done calls and sent greetings."""

from __future__ import annotations

import datetime as dt

from app import plan
from app.demo.plan import BIRTHDAY_LIST, CAMPAIGN_LIST
from app.plan import targeting


def test_the_demo_store_shows_templates_target_lists_and_today_s_done_work(demo_db):
    today = dt.date.today()
    by_name = {t["name"]: t for t in targeting.list_targets(demo_db)}
    campaign = by_name[CAMPAIGN_LIST]
    assert campaign["purpose"] == "new_arrivals" and campaign["member_ids"]
    result = targeting.campaign_result(demo_db, campaign["id"], days=30)
    assert 0 < result["bought"] < result["members"] and result["paid_fen"] > 0
    assert by_name[BIRTHDAY_LIST]["planned_at"] is None
    edited = demo_db.execute(
        "SELECT updated_by FROM message_templates WHERE kind = 'festival' AND category = ''"
    ).fetchone()[0]
    assert edited is not None
    day = plan.daily_plan(demo_db, today=today)
    assert day.lapsed  # reasons past their window, from the history
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    sent = demo_db.execute(
        "SELECT note FROM contacts WHERE channel = 'sms' AND purpose = 'birthday' "
        "AND at >= ? AND note IS NOT NULL",
        [yesterday],
    ).fetchall()
    assert all("生日快乐" in n for (n,) in sent)


def test_the_plan_read_alongside_the_call_list_is_the_plan_of_the_list_read_first(
    demo_db, monkeypatch
):
    """The plan reads its own reasons and the first half's members' facts while the call
    list's second half is read on another connection (app.calllist ``meanwhile``); the
    plan is the one made from the whole list read first, row for row."""
    from app import calllist
    from app import db as app_db
    from app.plan import daily

    monkeypatch.setattr(app_db.os, "cpu_count", lambda: 2)  # the helper thread's path
    today = dt.date.today()
    read_along = daily.daily_plan(demo_db, today=today)
    ahead = {r: before for r, (before, _after) in daily.WINDOWS.items()}
    tasks = calllist.call_list(demo_db, today=today, ahead=ahead)
    read_first = daily.daily_plan(demo_db, today=today, tasks=tasks)

    def shown(p: daily.Plan) -> list[tuple]:
        return [
            (
                r.member_id,
                r.slot,
                r.rank,
                r.clerk_id,
                r.value,
                [(t.reason, t.key) for t in r.reasons],
            )
            for r in p.rows
        ]

    assert len(read_along.rows) > 50
    assert {t.reason for r in read_along.rows for t in r.reasons} >= {"verify_details"}
    assert shown(read_along) == shown(read_first)
    assert read_along.lapsed == read_first.lapsed
