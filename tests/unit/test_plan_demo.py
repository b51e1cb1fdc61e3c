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
