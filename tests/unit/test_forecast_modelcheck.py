"""The store's own calibration/holdout split (app.analytics.modelcheck)."""

from __future__ import annotations

import numpy as np

from app.analytics import modelcheck, pareto


def test_split_summaries_match_a_naive_count():
    rng = np.random.default_rng(3)
    member = rng.integers(1, 60, 900)
    day = rng.integers(0, 400, 900)
    split_day, end_day = 250, 380
    s = modelcheck.split_summaries(member, day, split_day, end_day)
    for i, m in enumerate(s.member):
        days = sorted(set(day[(member == m) & (day <= end_day)].tolist()))
        cal = [d for d in days if d <= split_day]
        assert s.x[i] == len(cal) - 1
        assert s.t_x[i] == cal[-1] - cal[0]
        assert s.T[i] == split_day - cal[0]
        assert s.holdout[i] == len(days) - len(cal)
    # members whose first purchase came after the split are not in it
    first = {int(m): int(day[member == m].min()) for m in np.unique(member)}
    assert set(s.member.tolist()) == {m for m, d in first.items() if d <= split_day}


def test_a_history_under_three_months_is_not_checked():
    member = np.repeat(np.arange(50), 3)
    day = np.tile([0, 20, 70], 50)
    assert modelcheck.check_models(member, day, 80) is None
    assert modelcheck.holdout_months(80) == 0
    assert modelcheck.holdout_months(100) == 1
    assert modelcheck.holdout_months(5000) == modelcheck.MAX_MONTHS


def test_the_check_picks_the_model_that_misses_the_held_out_customers_less():
    rng = np.random.default_rng(11)
    true = pareto.ParetoNbd(0.7, 40.0, 0.5, 150.0)
    n = 3000
    start = rng.integers(0, 600, n)
    # each customer's purchase days drawn from Pareto/NBD over the 900 days after joining
    x, tx = pareto.simulate(true, np.full(n, 900.0), rng)
    member, day = [], []
    for i in range(n):
        gaps = np.sort(rng.uniform(0, tx[i], int(x[i])))
        days = [0, *np.floor(gaps).astype(int)]
        member += [i] * len(days)
        day += [int(start[i]) + d for d in days]
    member, day = np.array(member), np.array(day)
    as_of = 900
    check = modelcheck.check_models(member, day, as_of)
    assert check is not None and check.months == 9
    assert check.customers <= n
    misses = {"bgnbd": check.miss_bgnbd, "pareto_nbd": check.miss_pareto}
    assert check.model == min(misses, key=misses.get)
    assert check.error_pareto == check.miss_pareto / check.actual
    assert set(check.as_dict()) >= {"model", "months", "error_bgnbd", "error_pareto_nbd"}
