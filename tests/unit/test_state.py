"""One customer state, derived as of a day (app/state.py, issue #17): every page that
shows or filters by it reads the same rule, so they agree."""

from __future__ import annotations

import datetime as dt

import numpy as np

from app import analytics, calllist, feedback, migrations, purchases, search, state
from app.core import SYSTEM
from app.db import connect, open_db
from app.member_card import member_card
from app.members import create_member

TODAY = dt.date(2026, 6, 1)


def at(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat() + "T10:00:00"


def mk(db, actor, name, **data) -> int:
    data.setdefault("consent_channels", "phone")
    return create_member(db, actor=actor, data={"name": name, **data}).created_id


def buy(db, actor, mid, when: str) -> int:
    items = [{"qty": 1, "list_fen": 5000, "paid_fen": 5000}]
    return purchases.record_purchase(
        db, actor=actor, member_id=mid, at=when, items=items
    ).created_id


def shown(db, mid) -> str:
    """The state the member list's row shows."""
    return search.fetch_rows(db, [mid], actor=SYSTEM, today=TODAY)[mid]["status"]


def listed(db, code) -> set[int]:
    return set(search.member_ids(db, search.MemberQuery(status=code), today=TODAY))


def test_a_lost_member_who_buys_again_is_active_again_and_keeps_the_reason(db, actor):
    mid = mk(db, actor, "回头客", birthday="1980-06-05")
    buy(db, actor, mid, at(400))
    feedback.mark_lost(db, member_id=mid, reason="competitor", note="对面新开了一家", actor=actor)
    db.execute(
        "UPDATE members SET status_changed_at = ? WHERE id = ?", [at(30), mid]
    )  # marked a month ago
    assert shown(db, mid) == "lost" and mid in listed(db, "lost")
    assert "birthday" not in {t.reason for t in calllist.call_list(db, today=TODAY)}

    buy(db, actor, mid, at(2))
    assert shown(db, mid) == "new" or shown(db, mid) == "active"
    assert shown(db, mid) == "active"  # first sale 400 days ago: not new
    assert mid in listed(db, "active") and mid not in listed(db, "lost")
    assert member_card(db, mid, actor=SYSTEM, today=TODAY)["header"]["status"] == "active"
    got = {t.reason for t in calllist.call_list(db, today=TODAY) if t.member_id == mid}
    assert "birthday" in got
    # the mark's reason is history: kept on the row and in lost_marks
    [(reason, note)] = db.execute(
        "SELECT reason, note FROM lost_marks WHERE member_id = ?", [mid]
    ).fetchall()
    assert (reason, note) == ("competitor", "对面新开了一家")
    assert (
        feedback.lost_reasons(db, TODAY - dt.timedelta(days=60), TODAY)["counts"]["competitor"] == 1
    )


def test_each_state_from_purchases_and_thresholds(db, actor):
    gone = mk(db, actor, "四百天")
    idle = mk(db, actor, "两百天")
    fresh = mk(db, actor, "新客")
    regular = mk(db, actor, "常客")
    never = mk(db, actor, "没买过")
    buy(db, actor, gone, at(400))
    buy(db, actor, idle, at(200))
    buy(db, actor, fresh, at(10))
    buy(db, actor, regular, at(300))
    buy(db, actor, regular, at(20))
    want = {gone: "lost", idle: "dormant", fresh: "new", regular: "active", never: "prospect"}
    assert {m: shown(db, m) for m in want} == want
    for code in state.FILTER_STATES:
        assert listed(db, code) == {m for m, s in want.items() if s == code}, code
        n = search.count(db, search.MemberQuery(status=code), today=TODAY)
        assert n == len(listed(db, code))
    assert {m: state.state_of(db, m, TODAY) for m in want} == want
    cards = {m: member_card(db, m, actor=SYSTEM, today=TODAY) for m in want}
    assert {m: card["header"]["status"] for m, card in cards.items()} == want
    # thresholds are settings
    db.execute("INSERT INTO settings (key, value) VALUES ('lifecycle_lost_days', '500')")
    assert shown(db, gone) == "dormant"


def test_states_agree_across_pages_on_the_demo_store(demo_db):
    db = demo_db
    newest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    as_of = dt.date.fromisoformat(newest[:10])
    # a hand mark in force on a recent buyer, and one a later purchase ended
    recent = db.execute(
        "SELECT m.id FROM members m JOIN member_stats s ON s.member_id = m.id "
        "WHERE m.status = 'active' AND s.last_purchase_at >= ? ORDER BY m.id LIMIT 2",
        [(as_of - dt.timedelta(days=30)).isoformat()],
    ).fetchall()
    (in_force,), (ended,) = recent
    db.execute(
        "UPDATE members SET status = 'lost', lost_reason = 'price', status_changed_at = ? "
        "WHERE id = ?",
        [as_of.isoformat() + "T21:00:00", in_force],
    )
    db.execute(
        "UPDATE members SET status = 'lost', lost_reason = 'price', status_changed_at = ? "
        "WHERE id = ?",
        [(as_of - dt.timedelta(days=40)).isoformat() + "T21:00:00", ended],
    )
    assert state.state_of(db, in_force, as_of) == "lost"
    assert state.state_of(db, ended, as_of) in ("active", "new")
    got = state.counts(db, as_of)
    assert got["dormant"] > 0 and got["lost"] > 0 and got["prospect"] >= 0
    # the member list's filters
    for code in state.FILTER_STATES:
        assert search.count(db, search.MemberQuery(status=code), today=as_of) == got[code], code
    # analytics' lifecycle (anonymised members left out on both sides)
    seg = analytics.analyze(db, as_of=as_of, with_forecast=False, with_movement=False)
    facts = seg.facts
    anon = {r[0] for r in db.execute("SELECT id FROM members WHERE status = 'anonymised'")}
    keep = ~np.isin(facts.member_ids, list(anon))
    life = np.asarray(analytics.LIFECYCLE)[seg.lifecycle[keep]]
    for code in ("dormant", "lost", "prospect"):
        assert int((life == code).sum()) == got[code], code
    assert int(np.isin(life, ["new", "repeat", "loyal"]).sum()) == got["new"] + got["active"]
    # the feedback page's dormant list
    assert feedback.dormant_count(db, today=as_of) == got["dormant"]
    assert len(feedback.dormant_members(db, today=as_of)) == got["dormant"]
    # the monthly report's month-end figures, for the month that ends on as_of's month
    from app import reports

    month_end = (as_of.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rep = reports.build(db, as_of.strftime("%Y-%m"), today=month_end)
    figures = rep["sections"]["members"]["figures"]
    at_end = state.counts(db, month_end)
    assert figures["dormant"]["value"] == at_end["dormant"]
    assert figures["lost"]["value"] == at_end["lost"]
    # the call list leaves out exactly the members a hand mark keeps lost
    marked = {
        r[0]
        for r in db.execute(
            f"SELECT m.id FROM members m LEFT JOIN member_stats s ON s.member_id = m.id "
            f"WHERE {state.marked_lost_sql(as_of)}"
        )
    }
    birthday = {t.member_id for t in calllist.call_list(db, today=as_of) if t.reason == "birthday"}
    assert not (birthday & marked)


def test_m018_turns_stored_statuses_into_marks_and_loses_no_row(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m018_derived_customer_state")
    rows = [
        ("VK1", "甲", "active", None, None),
        ("VK2", "乙", "dormant", None, "2025-01-01T10:00:00"),
        ("VK3", "丙", "lost", "competitor", "2025-02-01T10:00:00"),
        ("VK4", "丁", "anonymised", None, "2025-03-01T10:00:00"),
    ]
    with db.atomic():
        for no, name, status, reason, changed in rows:
            db.execute(
                "INSERT INTO members (member_no, name, status, lost_reason, status_changed_at, "
                "joined_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2024-01-01', "
                "'2024-01-01T09:00:00', '2024-01-01T09:00:00')",
                [no, name, status, reason, changed],
            )
    db.close()
    db = open_db(db_path)
    got = dict(db.execute("SELECT member_no, status FROM members").fetchall())
    assert got == {"VK1": "active", "VK2": "active", "VK3": "lost", "VK4": "anonymised"}
    assert db.execute("SELECT m.member_no, k.reason, k.at FROM lost_marks k "
                      "JOIN members m ON m.id = k.member_id").fetchall() == [
        ("VK3", "competitor", "2025-02-01T10:00:00")
    ]  # fmt: skip
    assert state.counts(db, TODAY)["lost"] == 1 and state.counts(db, TODAY)["prospect"] == 2
    db.close()


def test_numpy_and_sql_readings_agree_on_random_members():
    rng = np.random.default_rng(3)
    n = 2000
    D = 20000
    customer = rng.random(n) < 0.8
    last = np.where(customer, D - rng.integers(0, 900, n), -1)
    first = np.where(customer, last - rng.integers(0, 400, n), -1)
    mark = np.where(rng.random(n) < 0.2, D - rng.integers(-5, 900, n), state.NOT_MARKED)
    th = state.Thresholds()
    got = state.classify(
        as_of_day=D, customer=customer, first_day=first, last_day=last, mark_day=mark, th=th
    )
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE m (id, status, status_changed_at)")
    con.execute("CREATE TABLE s (member_id, first_purchase_at, last_purchase_at)")
    day = dt.date(1970, 1, 1)

    def iso(d):
        return (day + dt.timedelta(days=int(d))).isoformat() + "T12:00:00"

    for i in range(n):
        marked = mark[i] != state.NOT_MARKED
        con.execute(
            "INSERT INTO m VALUES (?, ?, ?)",
            [i, "lost" if marked else "active", iso(mark[i]) if marked else None],
        )
        con.execute(
            "INSERT INTO s VALUES (?, ?, ?)",
            [i, iso(first[i]) if customer[i] else None, iso(last[i]) if customer[i] else None],
        )
    as_of = day + dt.timedelta(days=D)
    sql = dict(
        con.execute(
            f"SELECT m.id, {state.sql_case(as_of, th)} FROM m LEFT JOIN s ON s.member_id = m.id"
        ).fetchall()
    )
    assert [sql[i] for i in range(n)] == [state.STATES[k] for k in got]


def test_customer_types_of_a_few_members_match_the_whole_store_analysis(demo_db):
    from app.analytics import member_types

    db = demo_db
    newest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    as_of = dt.date.fromisoformat(newest[:10])
    seg = analytics.analyze(db, as_of=as_of, with_forecast=False, with_movement=False)
    ids = seg.facts.member_ids.tolist()
    got = member_types.types_for(db, ids[::3], as_of=as_of)
    assert len(got) == len(ids[::3])
    seen = set()
    for mid, codes in got.items():
        k = seg.index_of(mid)
        assert codes == [t for t in analytics.CUSTOMER_TYPES if seg.types[t][k]], mid
        seen.update(codes)
    assert {"effective", "ineffective", "discount"} <= seen
    # the member list's SQL filter for effective / ineffective is the same rule
    rules = analytics.Rules.load(db)
    for code in ("effective", "ineffective"):
        sql = state.effective_sql(code, as_of, rules.one_time_gone_days)
        in_sql = {r[0] for r in db.execute(f"SELECT member_id FROM member_stats s WHERE {sql}")}
        want = {int(i) for i, flag in zip(ids, seg.types[code], strict=True) if flag}
        assert in_sql == want, code
        query = search.MemberQuery(customer_type=code)
        assert set(search.member_ids(db, query, today=as_of)) == want


def test_the_demo_store_keeps_its_hand_marks_as_history(demo_db):
    marked = demo_db.execute("SELECT COUNT(*) FROM members WHERE status = 'lost'").fetchone()[0]
    kept = demo_db.execute(
        "SELECT COUNT(*) FROM lost_marks k JOIN members m ON m.id = k.member_id "
        "WHERE k.reason = m.lost_reason AND k.at = m.status_changed_at"
    ).fetchone()[0]
    assert marked > 0 and kept == marked


def test_members_of_each_type_are_the_analysis_members_and_the_list_filters_by_them(demo_db):
    """#17: discount-, frequency- and amount-type customers could not be listed. The
    whole-store reading (``members_of_type``) is the analytics page's rule, and the
    member list's query keeps exactly the ids it is given."""
    from app.analytics import member_types

    db = demo_db
    newest = db.execute("SELECT MAX(at) FROM purchases").fetchone()[0]
    as_of = dt.date.fromisoformat(newest[:10])
    seg = analytics.analyze(db, as_of=as_of, with_forecast=False, with_movement=False)
    ids = seg.facts.member_ids.tolist()
    for code in analytics.CUSTOMER_TYPES:
        want = sorted(int(i) for i, flag in zip(ids, seg.types[code], strict=True) if flag)
        got = member_types.members_of_type(db, code, as_of=as_of)
        assert got == want, code
        assert want, f"the demo store has no {code} customers"
        listed = search.member_ids(db, search.MemberQuery(only_ids=tuple(got)), today=as_of)
        assert sorted(listed) == want, code
    assert search.member_ids(db, search.MemberQuery(only_ids=()), today=as_of) == []
