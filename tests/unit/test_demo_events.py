"""The demo store's member events (#19 item 6): six events over the last year and one
coming, with guest lists, answers, attendance and sales by attendees in the week after;
the coming one puts invitations on today's plan."""

from __future__ import annotations

import datetime as dt

from app.plan import daily
from app.service import events as ev


def test_demo_events_span_the_year_with_one_coming_and_one_cancelled(demo_db):
    today = dt.date.today()
    rows = ev.list_events(demo_db)
    days = [dt.date.fromisoformat(r["starts_at"][:10]) for r in rows]
    past = [r for r, d in zip(rows, days, strict=True) if d < today]
    coming = [r for r, d in zip(rows, days, strict=True) if d >= today]
    assert 4 <= len(past) <= 6 and len(coming) == 1
    assert min(days) > today - dt.timedelta(days=366)
    assert {r["kind"] for r in rows} >= {"launch", "salon", "club", "thanks"}
    assert sum(r["status"] == "cancelled" for r in rows) == 1
    held = [r for r in past if r["status"] == "planned"]
    for r in held:
        assert r["invited"] > 0 and 0 < r["attended"] <= r["invited"]
        assert r["accepted"] > 0 and r["declined"] > 0
    cancelled = next(r for r in rows if r["status"] == "cancelled")
    assert cancelled["attended"] == 0


def test_every_demo_guest_may_be_contacted_and_is_listed_once(demo_db):
    bad = demo_db.execute(
        "SELECT COUNT(*) FROM event_invitations i JOIN members m ON m.id = i.member_id "
        "WHERE COALESCE(m.consent_channels, '') = ''"
    ).fetchone()[0]
    twice = demo_db.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM event_invitations GROUP BY event_id, member_id "
        "HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    assert bad == 0 and twice == 0


def test_demo_attendees_bought_after_some_events(demo_db):
    held = [r for r in ev.list_events(demo_db) if r["status"] == "planned" and r["attended"]]
    sales = [ev.event_sales(demo_db, r["id"]) for r in held]
    assert any(s["paid_fen"] > 0 for s in sales)


def test_the_coming_demo_event_puts_invitations_on_todays_plan(demo_db):
    plan = daily.daily_plan(demo_db, today=dt.date.today())
    reasons = {t.reason for r in plan.rows for t in r.reasons}
    assert "event_invite" in reasons
