"""The demo store's staff records (issue #19): every member's 办卡导购 spread unevenly
over the clerks (some unknown), about 60 praise and suggestions over two years, and
service-star scores that differ per clerk."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from app import reports
from app.reports.base import add_months


def test_demo_members_are_enrolled_by_clerks_unevenly(demo_db):
    rows = demo_db.execute(
        "SELECT u.role, m.enrolled_by FROM members m LEFT JOIN users u ON u.id = m.enrolled_by"
    ).fetchall()
    per = Counter(uid for _role, uid in rows)
    clerks = [uid for (role, uid) in rows if role == "clerk"]
    assert len(set(clerks)) == 4
    counts = sorted(Counter(clerks).values())
    assert counts[-1] > 2 * counts[0]  # the best enroller signs up far more than the newest
    assert 0 < per[None] < len(rows) / 5  # some cards predate the book
    assert {role for role, _uid in rows} <= {"clerk", "manager", None}


def test_demo_praise_and_suggestions_over_two_years(demo_db):
    rows = demo_db.execute(
        "SELECT p.kind, p.about, p.clerk_id, p.at, p.member_id, p.text FROM praise p"
    ).fetchall()
    assert 50 <= len(rows) <= 70
    assert {r[0] for r in rows} == {"praise", "suggestion"}
    assert {"service", "goods", "environment"} <= {r[1] for r in rows}
    today = dt.date.today()
    days = [dt.date.fromisoformat(r[3][:10]) for r in rows]
    assert max(days) <= today and min(days) >= today - dt.timedelta(days=730)
    assert (max(days) - min(days)).days > 365
    praised = Counter(r[2] for r in rows if r[2] is not None)
    assert len(praised) >= 3 and len(set(praised.values())) > 1
    assert any(r[4] is None for r in rows) and any(r[4] is not None for r in rows)
    assert all(r[5] for r in rows)


def test_demo_service_stars_differ_per_clerk(demo_db):
    today = dt.date.today()
    last = add_months(dt.date(today.year, today.month, 1), -1)
    s = reports.build(demo_db, f"{last.year}-{last.month:02d}", today=today)["sections"]["staff"]
    assert s["available"]
    scores = [c["score"] for c in s["clerks"]]
    assert len(scores) >= 4 and len(set(scores)) == len(scores)
    assert [c["rank"] for c in s["clerks"]] == list(range(1, len(scores) + 1))
