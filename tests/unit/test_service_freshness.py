"""Archive freshness (issue #19): a member whose details were last checked more than
``archive_fresh_months`` ago (else since the card was made) is stale; the monthly
report counts them at each month's end and the checks made in the month."""

from __future__ import annotations

import datetime as dt

from app import reports, settings
from app.core import SYSTEM
from app.members import create_member
from app.service import freshness


def _member(db, name: str, created: str, verified: str | None) -> int:
    mid = create_member(db, actor=SYSTEM, data={"name": name}).created_id
    db.execute(
        "UPDATE members SET created_at = ?, verified_at = ? WHERE id = ?",
        [created, verified, mid],
    )
    db.conn.commit()
    return mid


def test_months_before_keeps_the_day_or_the_months_last():
    assert freshness.months_before(dt.date(2026, 11, 22), 12) == dt.date(2025, 11, 22)
    assert freshness.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert freshness.months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


def test_stale_members_follow_the_setting_and_skip_lost_and_anonymised(db):
    old = _member(db, "老档案", "2024-05-01T10:00:00", None)
    checked = _member(db, "核对过", "2024-05-01T10:00:00", "2026-06-01T10:00:00")
    _member(db, "新会员", "2026-10-01T10:00:00", None)
    lost = _member(db, "流失", "2023-01-01T10:00:00", None)
    db.execute("UPDATE members SET status = 'lost' WHERE id = ?", [lost])
    db.conn.commit()
    today = dt.date(2026, 11, 22)
    assert [m["id"] for m in freshness.stale_members(db, today=today)] == [old]
    settings.set_many(db, actor=SYSTEM, values={"archive_fresh_months": 3})
    assert [m["id"] for m in freshness.stale_members(db, today=today)] == [old, checked]


def test_the_monthly_report_counts_stale_archives_and_checks(db):
    _member(db, "甲", "2024-05-01T10:00:00", None)  # stale at both ends
    _member(db, "乙", "2025-10-15T10:00:00", "2025-10-15T10:00:00")  # stale from 2026-10-15
    _member(db, "丙", "2024-01-01T10:00:00", "2026-10-03T11:00:00")  # checked in October
    s = reports.build(db, "2026-10", today=dt.date(2026, 11, 22))["sections"]["archive"]
    assert s["available"] is True and s["months"] == 12
    assert s["figures"]["stale"] == {"value": 2, "previous": 1, "change": 1}
    assert s["figures"]["verified"] == {"value": 1, "previous": 0, "change": 1}
