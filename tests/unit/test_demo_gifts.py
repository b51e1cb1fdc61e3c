"""The demo store's gifts (赠礼记录, issue #19): birthday gifts to gold and diamond
members around their birthdays, festival gifts, a few surprises, ¥30–200 each, given
by clerks, all in the last year and none in the future; and its alteration orders."""

from __future__ import annotations

import datetime as dt

from app import reports


def test_demo_gifts_are_realistic(demo_db):
    db = demo_db
    rows = db.execute(
        "SELECT g.kind, g.cost_fen, g.given_on, m.tier, u.role, m.birthday FROM gifts g "
        "JOIN members m ON m.id = g.member_id JOIN users u ON u.id = g.given_by"
    ).fetchall()
    kinds = {r[0] for r in rows}
    assert {"birthday", "festival", "surprise"} <= kinds
    assert all(3000 <= r[1] <= 20000 for r in rows)
    assert all(r[4] == "clerk" for r in rows)
    today = dt.date.today()
    days = [dt.date.fromisoformat(r[2]) for r in rows]
    assert max(days) <= today and min(days) > today - dt.timedelta(days=366)
    birthday = [r for r in rows if r[0] == "birthday"]
    assert birthday and all(r[3] in ("gold", "diamond") for r in birthday)
    # given on the birthday or up to two days before it
    for _k, _c, given, _t, _r, bday in birthday:
        d = dt.date.fromisoformat(given)
        month, day = int(bday[-5:-3]), int(bday[-2:])
        day = min(day, 28) if month == 2 else day  # 29 February: the 28th every year
        gap = [(dt.date(y, month, day) - d).days for y in (d.year, d.year + 1)]
        assert any(0 <= g <= 3 for g in gap), (given, bday)


def test_the_demo_report_shows_gift_cost_per_tier(demo_db):
    today = dt.date.today()
    months = [f"{today.year}-{today.month:02d}"]
    data = reports.build(demo_db, months[0], today=today)
    s = data["sections"]["gifts"]
    assert s["available"] is True
    total = sum(r["value"] for r in s["by_tier"])
    assert total == s["figures"]["cost_fen"]["value"]


def test_demo_alteration_orders_follow_their_sales(demo_db):
    rows = demo_db.execute(
        "SELECT a.status, a.due_on, a.ready_at, a.collected_at, p.at, a.member_id, p.member_id "
        "FROM alterations a JOIN purchases p ON p.id = a.purchase_id"
    ).fetchall()
    assert rows and {r[0] for r in rows} >= {"collected"}
    today = dt.date.today().isoformat()
    for status, due, ready, collected, sold, mid, pmid in rows:
        assert mid == pmid and due > sold[:10]
        assert (ready is None) == (status == "open")
        assert (collected is None) == (status != "collected")
        assert (ready or "") <= today and (collected or "") <= today + "T99"
        if collected:
            assert ready <= collected
