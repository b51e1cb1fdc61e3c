"""The demo store shows margin and breakdowns (#19 items 6, 7): most sale lines carry a
cost between 35% and 60% of list, some do not (older tickets, unrecorded SKUs), a
return takes back its sale line's cost, and every breakdown has several groups."""

from __future__ import annotations

import numpy as np

from app import analytics
from app.analytics import breakdowns


def _one(db, sql):
    return db.execute(sql).fetchone()[0]


def test_most_demo_sale_lines_carry_a_realistic_cost_and_some_do_not(demo_db):
    lines = _one(demo_db, "SELECT COUNT(*) FROM purchase_items WHERE qty > 0")
    costed = _one(demo_db, "SELECT COUNT(*) FROM purchase_items WHERE qty > 0 AND cost_fen >= 0")
    assert 0.55 * lines < costed < 0.9 * lines
    low, high = demo_db.execute(
        "SELECT MIN(1.0 * cost_fen / list_fen), MAX(1.0 * cost_fen / list_fen) "
        "FROM purchase_items WHERE qty > 0 AND cost_fen IS NOT NULL"
    ).fetchone()
    assert low > 0.3 and high < 0.65  # 35–60% of list, rounded to whole yuan
    # a return's line takes back exactly its sale line's cost, or neither has one
    assert (
        _one(
            demo_db,
            "SELECT COUNT(*) FROM purchase_items r "
            "JOIN purchase_items s ON s.id = r.return_of_item "
            "WHERE (r.cost_fen IS NULL) <> (s.cost_fen IS NULL) "
            "OR r.cost_fen <> -s.cost_fen * (-r.qty) / s.qty",
        )
        == 0
    )
    assert _one(demo_db, "SELECT COUNT(*) FROM purchase_items WHERE qty < 0") > 0
    assert demo_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_demo_analysis_uses_own_margin_rates_and_every_breakdown_has_groups(demo_db):
    seg = analytics.analyze(demo_db, store_snapshots=False, with_movement=False)
    m = seg.margins
    own = int(m.uses_own_rate.sum())
    customers = int(seg.facts.customer.sum())
    assert 0 < own < customers  # some members on their own rate, others on the flat one
    rates = m.rate[m.uses_own_rate]
    # list less 40–60% cost, less the discounts (a deep one leaves next to nothing)
    assert rates.min() > -0.2 and rates.max() < 0.7
    assert 0.3 < float(np.median(rates)) < 0.6
    breakdowns.ensure(demo_db, seg)
    for dim in breakdowns.DIMENSIONS:
        named = [r for r in breakdowns.table(seg, dim) if not r["code"].startswith("~")]
        assert len(named) >= 3, dim
