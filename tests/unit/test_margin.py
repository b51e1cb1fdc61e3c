"""Item cost and gross margin (issue #19 item 6): the m028 column, costs through sales
and returns, each member's margin and margin rate, CLV on the member's own rate, the
margin ranking, and an old database upgrading without losing a row."""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pytest

from app import analytics, migrations, purchases, settings
from app.analytics import margin
from app.core import ValidationError
from app.db import connect, open_db
from app.members import create_member

AS_OF = dt.date(2026, 6, 30)


def _member(db, actor, phone: str) -> int:
    return create_member(db, actor=actor, data={"name": "李梅", "phone": phone}).created_id


def _sale(db, actor, mid, at, *lines):
    return purchases.record_purchase(db, actor=actor, member_id=mid, at=at, items=list(lines))


def _line(paid, qty=1, cost=None, lst=None):
    item = {"category": "上衣", "qty": qty, "list_fen": lst or paid, "paid_fen": paid}
    if cost is not None:
        item["cost_fen"] = cost
    return item


def test_a_sale_stores_each_lines_cost_as_a_line_total_and_unknown_as_null(db, actor):
    mid = _member(db, actor, "13800001111")
    pid = _sale(
        db, actor, mid, "2026-01-05T10:00:00", _line(20000, 3, 9000), _line(5000)
    ).created_id
    items = purchases.get_purchase(db, pid)["items"]
    assert [(i["qty"], i["paid_fen"], i["cost_fen"]) for i in items] == [
        (3, 60000, 27000),
        (1, 5000, None),
    ]


@pytest.mark.parametrize(
    ("cost", "code"),
    [(-1, "amount_negative"), (1.5, "price_invalid"), ("12", "price_invalid"),
     (10_000_000_01, "amount_too_large")],
)  # fmt: skip
def test_a_bad_cost_is_refused_with_the_lines_field(db, actor, cost, code):
    mid = _member(db, actor, "13800001112")
    with pytest.raises(ValidationError) as err:
        _sale(db, actor, mid, "2026-01-05T10:00:00", _line(5000), _line(5000, 1, cost))
    assert {e.field: e.code for e in err.value.errors} == {"items[1].cost_fen": code}
    assert db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] == 0


def test_a_return_takes_back_its_share_of_the_cost_and_all_of_it_in_the_end(db, actor):
    mid = _member(db, actor, "13800001113")
    pid = _sale(db, actor, mid, "2026-01-05T10:00:00", _line(10000, 3, 3333)).created_id
    item = purchases.get_purchase(db, pid)["items"][0]
    purchases.record_return(
        db, actor=actor, purchase_id=pid, lines=[{"item_id": item["id"], "qty": 1}]
    )
    purchases.record_return(
        db, actor=actor, purchase_id=pid, lines=[{"item_id": item["id"], "qty": 2}]
    )
    costs = [r[0] for r in db.execute("SELECT cost_fen FROM purchase_items ORDER BY id")]
    assert costs[0] == 9999 and costs[1] == -3333 and sum(costs) == 0


def test_the_schema_keeps_the_cost_on_the_side_of_the_paid_amount(db, actor):
    mid = _member(db, actor, "13800001114")
    pid = _sale(db, actor, mid, "2026-01-05T10:00:00", _line(5000)).created_id
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE purchase_items SET cost_fen = -1 WHERE purchase_id = ?", [pid])
    with pytest.raises(sqlite3.IntegrityError):  # a return's line: never a positive cost
        db.execute(
            "UPDATE purchase_items SET paid_fen = -5000, cost_fen = 1 WHERE purchase_id = ?",
            [pid],
        )


def test_member_margin_counts_known_costs_and_estimates_the_rest_at_the_setting(db, actor):
    mid = _member(db, actor, "13800001115")
    _sale(db, actor, mid, "2026-01-05T10:00:00", _line(60000, 1, 24000))  # 60% margin
    _sale(db, actor, mid, "2026-02-05T10:00:00", _line(40000))  # cost unknown
    m = margin.member_margin(db, mid)
    # known: 600 paid, 240 cost -> 360 margin; 60% of spend has a cost (< 80%):
    # the rest at the flat 40% -> 160
    assert m["known_margin_fen"] == 36000
    assert m["known_share"] == pytest.approx(0.6)
    assert not m["own_rate"] and m["rate"] == pytest.approx(0.4)
    assert m["margin_fen"] == 36000 + 16000


def test_with_enough_known_cost_the_members_own_rate_is_used(db, actor):
    mid = _member(db, actor, "13800001116")
    _sale(db, actor, mid, "2026-01-05T10:00:00", _line(90000, 1, 63000))  # 30% margin
    _sale(db, actor, mid, "2026-02-05T10:00:00", _line(10000))
    m = margin.member_margin(db, mid)
    assert m["own_rate"] and m["rate"] == pytest.approx(0.3)
    assert m["margin_fen"] == 27000 + 3000
    settings.set_many(db, actor=actor, values={"clv_margin_min_known_share": 0.95})
    assert not margin.member_margin(db, mid)["own_rate"]


def test_a_member_without_purchases_has_no_margin(db, actor):
    mid = _member(db, actor, "13800001117")
    assert margin.member_margin(db, mid)["margin_fen"] is None


def _store_for_clv(db, actor):
    """Twelve repeat buyers; costs known on all of member 1's and 2's lines."""
    ids = []
    for k in range(12):
        mid = _member(db, actor, f"1390000{k:04d}")
        ids.append(mid)
        for j in range(2 + k % 4):
            cost = {0: 8000, 1: 2000}.get(k)  # member 1: 20% margin, member 2: 80%
            _sale(
                db,
                actor,
                mid,
                f"2025-{1 + j * 2 + k % 3:02d}-{5 + k:02d}T10:00:00",
                _line(10000, 1, cost),
            )
    return ids  # fmt: skip


def test_clv_uses_each_members_own_margin_rate_where_costs_are_known(db, actor):
    ids = _store_for_clv(db, actor)
    seg = analytics.analyze(db, as_of=AS_OF, store_snapshots=False, with_movement=False)
    fc = seg.forecast
    assert fc is not None and fc.bgnbd is not None
    rate = seg.margins.rate
    i1, i2, i3 = (seg.index_of(m) for m in ids[:3])
    assert rate[i1] == pytest.approx(0.2) and rate[i2] == pytest.approx(0.8)
    assert rate[i3] == pytest.approx(0.4)
    # CLV is linear in the rate: the same members under the flat 40% rule
    flat = analytics.forecast.forecast(
        seg.facts.x[seg.facts.customer],
        seg.facts.t_x[seg.facts.customer],
        seg.facts.tenure_days[seg.facts.customer],
        seg.facts.m_x[seg.facts.customer],
        seg.rules.clv_rules(),
        check=fc.check,
    )
    j = np.cumsum(seg.facts.customer) - 1
    assert fc.clv_fen[j[i1]] == pytest.approx(flat.clv_fen[j[i1]] * 0.2 / 0.4)
    assert fc.clv_fen[j[i2]] == pytest.approx(flat.clv_fen[j[i2]] * 0.8 / 0.4)
    assert fc.clv_fen[j[i3]] == pytest.approx(flat.clv_fen[j[i3]])
    summary = analytics.summary(seg)["margin"]
    assert summary["members_own_rate"] == 2
    assert summary["margin_fen"] == int(seg.margins.margin_fen.sum())


def test_the_top_members_by_margin_and_their_share(db, actor):
    values = np.array([0, 500, 100, 300, -50, 100, 0, 0, 0, 0], np.int64)
    mask = margin.top_mask(values)  # 5 with a positive margin -> top 1
    assert mask.tolist() == [False, True] + [False] * 8
    assert margin.top_share(values) == pytest.approx(500 / 1000)
    assert margin.top_share(np.zeros(3, np.int64)) is None


def test_margins_follow_the_as_of_day(db, actor):
    mid = _member(db, actor, "13800001118")
    _sale(db, actor, mid, "2026-01-05T10:00:00", _line(10000, 1, 5000))
    _sale(db, actor, mid, "2026-03-05T10:00:00", _line(10000, 1, 9000))
    ids, paid, cost = margin.load_cost_sums(db, as_of=dt.date(2026, 2, 1))
    assert (ids.tolist(), paid.tolist(), cost.tolist()) == ([mid], [10000], [5000])
    ids, paid, cost = margin.load_cost_sums(db)
    assert (paid.tolist(), cost.tolist()) == ([20000], [14000])


def test_cost_sums_with_and_without_the_time_filter_and_out_of_order(db, actor, monkeypatch):
    """The sums come as one answer row; the time filter is left out when nothing is
    dated after the as-of day (same sums); members the concatenation returned out of
    order (forced here) are sorted."""
    a = _member(db, actor, "13800001121")
    b = _member(db, actor, "13800001122")
    _sale(db, actor, a, "2026-01-05T10:00:00", _line(10000, 1, 5000))
    _sale(db, actor, b, "2026-01-06T10:00:00", _line(8000, 1, 2000), _line(500))
    _sale(db, actor, b, "2026-03-05T10:00:00", _line(10000, 1, 9000))
    _sale(db, actor, a, "2026-03-06T10:00:00", _line(3000))  # no known cost
    want = ([a, b], [10000, 18000], [5000, 11000])
    for as_of in (dt.date(2026, 3, 6), dt.date(2026, 12, 31), None):
        ids, paid, cost = margin.load_cost_sums(db, as_of=as_of)
        assert (ids.tolist(), paid.tolist(), cost.tolist()) == want, as_of
    monkeypatch.setattr(
        margin,
        "_SUMS_SQL",
        margin._SUMS_SQL.replace("ORDER BY member_id", "ORDER BY member_id DESC"),
    )
    ids, paid, cost = margin.load_cost_sums(db, as_of=dt.date(2026, 3, 1))
    assert (ids.tolist(), paid.tolist(), cost.tolist()) == ([a, b], [10000, 8000], [5000, 2000])
    ids, paid, cost = margin.load_cost_sums(db, member_ids=[b])
    assert (ids.tolist(), paid.tolist(), cost.tolist()) == ([b], [18000], [11000])


def test_m028_upgrades_a_database_of_m024_without_losing_a_row(db_path):
    db = connect(db_path)
    migrations.apply(db, stop_before="m028_item_cost")
    with db.atomic():
        db.execute(
            "INSERT INTO members (member_no, name, joined_on, created_at, updated_at) "
            "VALUES ('VK1', '王芳', '2024-01-01', '2024-01-01T09:00:00', '2024-01-01T09:00:00')"
        )
        for k in range(30):
            pid = db.execute(
                "INSERT INTO purchases (member_id, at, total_fen, paid_fen, created_at) "
                "VALUES (1, ?, 10000, 9000, '2024-02-01T10:00:00')",
                [f"2024-02-{1 + k % 28:02d}T10:00:00"],
            ).lastrowid
            db.execute(
                "INSERT INTO purchase_items (purchase_id, category, qty, list_fen, paid_fen) "
                "VALUES (?, '上衣', 1, 10000, 9000)",
                [pid],
            )
    db.close()
    up = open_db(db_path)
    assert up.execute("SELECT COUNT(*), SUM(paid_fen), COUNT(cost_fen) FROM purchase_items")\
        .fetchone() == (30, 270000, 0)  # fmt: skip
    assert up.execute(
        "SELECT COUNT(*), SUM(paid_fen), COUNT(cost_fen), COUNT(cost_paid_fen) FROM purchases"
    ).fetchone() == (30, 270000, 0, 0)
    assert "idx_purchases_cost" in {i.name for i in up["purchases"].indexes}
    up.close()


def test_the_member_card_header_carries_the_margin_beside_the_spend(db, actor):
    from app.member_card import member_card

    mid = _member(db, actor, "13800001119")
    _sale(db, actor, mid, "2026-01-05T10:00:00", _line(50000, 1, 20000))
    head = member_card(db, mid, actor=actor, today=dt.date(2026, 6, 30))["header"]
    assert head["total_paid_fen"] == 50000
    assert (head["margin_fen"], head["margin_known_share"], head["margin_own_rate"]) == (
        30000,
        1.0,
        True,
    )


MISMATCH_SQL = """
SELECT COUNT(*) FROM purchases p LEFT JOIN (
    SELECT purchase_id, SUM(paid_fen) AS paid, SUM(cost_fen) AS cost
    FROM purchase_items WHERE cost_fen IS NOT NULL GROUP BY purchase_id
) i ON i.purchase_id = p.id
WHERE p.cost_fen IS NOT i.cost OR p.cost_paid_fen IS NOT i.paid
"""


def test_each_ticket_keeps_the_sums_of_its_lines_with_a_known_cost(db, actor):
    mid = _member(db, actor, "13800001120")
    pid = _sale(
        db, actor, mid, "2026-01-05T10:00:00", _line(10000, 3, 4000), _line(5000), _line(800, 1, 0)
    ).created_id
    _sale(db, actor, mid, "2026-01-06T10:00:00", _line(5000))  # no cost known at all
    items = purchases.get_purchase(db, pid)["items"]
    purchases.record_return(
        db, actor=actor, purchase_id=pid,
        lines=[{"item_id": items[0]["id"], "qty": 1}, {"item_id": items[1]["id"], "qty": 1}],
    )  # fmt: skip
    rows = db.execute("SELECT paid_fen, cost_paid_fen, cost_fen FROM purchases ORDER BY id")
    assert rows.fetchall() == [
        (35800, 30800, 12000),
        (5000, None, None),
        (-15000, -10000, -4000),  # the unknown line's refund is not in the known sums
    ]
    assert db.execute(MISMATCH_SQL).fetchone()[0] == 0


def test_the_demo_and_an_imported_file_keep_the_ticket_sums_equal_to_their_lines(demo_db, tmp_path):
    assert demo_db.execute(MISMATCH_SQL).fetchone()[0] == 0
    assert demo_db.execute("SELECT COUNT(cost_fen) FROM purchases").fetchone()[0] > 0
    from app.core import SYSTEM
    from app.excel.exporter import export
    from app.excel.importer import import_file

    path = export(
        demo_db, kind="purchases", out=tmp_path / "p.xlsx", actor=SYSTEM, mask_phones=False
    ).path
    other = open_db(tmp_path / "other.db")
    try:
        members = export(
            demo_db, kind="members", out=tmp_path / "m.xlsx", actor=SYSTEM, mask_phones=False
        )
        import_file(other, path=members.path, kind="members", actor=SYSTEM)
        plan, result = import_file(other, path=path, kind="purchases", actor=SYSTEM)
        assert plan.rejections == [] and result is not None
        assert other.execute(MISMATCH_SQL).fetchone()[0] == 0
        query = "SELECT SUM(cost_paid_fen), SUM(cost_fen), COUNT(cost_fen) FROM purchases"
        assert other.execute(query).fetchone() == demo_db.execute(query).fetchone()
    finally:
        other.close()
