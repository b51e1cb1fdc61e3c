"""Out-of-sample checks on the public CDNOW sample (tests/data/cdnow_sample.SOURCE.md):
2,357 customers, calibration to 1997-09-30, holdout to 1998-06-30, a transaction is a
purchase day. The Pareto/NBD fit must reproduce the published estimates; P(active)
must separate the holdout's buyers from its non-buyers and rank one-time buyers below
repeat buyers; the store's own calibration/holdout split must pick a model whose
aggregate forecast of the real holdout is no worse than the better of the two."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from app.analytics import forecast as clv
from app.analytics import modelcheck, pareto

DATA = Path(__file__).resolve().parents[1] / "data" / "cdnow_sample.txt"
CAL_END = dt.date(1997, 9, 30)
HOLDOUT_END = dt.date(1998, 6, 30)
HOLDOUT_DAYS = (HOLDOUT_END - CAL_END).days  # 273 = 39 weeks


def _day(text: str) -> int:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).toordinal()


@pytest.fixture(scope="module")
def cdnow():
    """(member, day, spend in cents) per record, as arrays."""
    member, day, cents = [], [], []
    for line in DATA.read_text(encoding="ascii").splitlines():
        _, cid, date, _, dollars = line.split()
        member.append(int(cid))
        day.append(_day(date))
        cents.append(round(float(dollars) * 100))
    return np.array(member), np.array(day), np.array(cents)


@pytest.fixture(scope="module")
def calibration(cdnow):
    member, day, _ = cdnow
    s = modelcheck.split_summaries(member, day, CAL_END.toordinal(), HOLDOUT_END.toordinal())
    return s


def test_the_sample_is_the_published_one(cdnow, calibration):
    member, _, _ = cdnow
    assert len(np.unique(member)) == 2357
    s = calibration
    assert len(s.x) == 2357
    assert int(s.x.sum()) == 2457  # repeat purchase days in the calibration period
    assert int(s.holdout.sum()) == 1882  # purchase days in the holdout
    assert s.T.max() == (CAL_END - dt.date(1997, 1, 1)).days  # 272 days = 38.86 weeks


def test_pareto_nbd_fit_reproduces_the_published_estimates(calibration):
    """Fader, Hardie & Lee (2005), the MATLAB note: r = 0.553, α = 10.578, s = 0.606,
    β = 11.669 (weeks), LL = −9595.0. Tolerances: half a unit in the last printed
    digit, 0.05 on the log-likelihood."""
    s = calibration
    fit = pareto.fit_pareto_nbd(s.x, s.t_x / 7, s.T / 7)
    assert fit.converged
    assert fit.r == pytest.approx(0.553, abs=5e-4)
    assert fit.alpha == pytest.approx(10.578, abs=5e-4)
    assert fit.s == pytest.approx(0.606, abs=5e-4)
    assert fit.beta == pytest.approx(11.669, abs=5e-4)
    assert fit.log_likelihood == pytest.approx(-9595.0, abs=0.05)
    # in days the rates scale by 7 and the likelihood only by the Jacobian of time
    days = pareto.fit_pareto_nbd(s.x, s.t_x, s.T)
    assert days.alpha / 7 == pytest.approx(fit.alpha, rel=1e-3)
    assert days.beta / 7 == pytest.approx(fit.beta, rel=1e-3)


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Mann-Whitney AUC, ties counted half."""
    from app.analytics.scores import midranks

    ranks = midranks(score)
    n1 = int(positive.sum())
    n0 = len(score) - n1
    return float((ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


@pytest.fixture(scope="module")
def store_forecast(cdnow, calibration):
    """What the app does for a store whose history ends on CAL_END: check both models
    on its own last months, then forecast the next 39 weeks."""
    member, day, _ = cdnow
    keep = day <= CAL_END.toordinal()
    check = modelcheck.check_models(member[keep], day[keep], CAL_END.toordinal())
    s = calibration
    rules = clv.ClvRules(forecast_days=HOLDOUT_DAYS)
    m_x = np.where(s.x > 0, 30.0, np.nan)  # spend is not what these tests are about
    return clv.forecast(s.x, s.t_x, s.T, m_x, rules, check=check)


def test_p_active_separates_holdout_buyers_as_well_as_pareto_nbd(calibration, store_forecast):
    s = calibration
    bought = s.holdout > 0
    assert _auc(store_forecast.p_alive, bought) >= 0.72


def test_one_time_buyers_average_below_repeat_buyers(calibration, store_forecast):
    s = calibration
    p = store_forecast.p_alive
    one, repeat = p[s.x == 0].mean(), p[s.x > 0].mean()
    # and the holdout agrees: 13.7% of one-time and 51.9% of repeat buyers bought again
    bought = s.holdout > 0
    assert bought[s.x == 0].mean() < bought[s.x > 0].mean()
    assert one < repeat


def test_a_one_time_buyers_p_active_falls_with_the_time_since_the_purchase(store_forecast):
    fc = store_forecast
    T = np.array([0.0, 30, 90, 180, 365, 730, 1460])
    p = clv.p_active(fc, np.zeros(len(T)), np.zeros(len(T)), T)
    assert np.all(np.diff(p) < 0)
    assert p[-1] < 0.2  # four years gone is not "probably active"


def test_the_chosen_models_holdout_forecast_is_no_worse_than_the_better_model(
    calibration, store_forecast
):
    s = calibration
    actual = float(s.holdout.sum())
    bg = clv.fit_bgnbd(s.x, s.t_x, s.T)
    pn = pareto.fit_pareto_nbd(s.x, s.t_x, s.T)
    e_bg = clv.expected_purchases(bg, HOLDOUT_DAYS, s.x, s.t_x, s.T).sum()
    e_pn = pareto.expected_purchases(pn, HOLDOUT_DAYS, s.x, s.t_x, s.T).sum()
    got = float(np.sum(store_forecast.expected_purchases))
    # (0.05: two fits from different starting points agree to ~1e-7 in the parameters,
    # ~1e-4 purchases in this total)
    assert abs(got - actual) <= min(abs(e_bg - actual), abs(e_pn - actual)) + 0.05
    # the old forecast (BG/NBD with the one-time fallback) was 1,541 against 1,882
    assert abs(got - actual) < abs(1541 - actual)


def test_the_check_says_which_model_and_by_how_much(store_forecast):
    check = store_forecast.check
    assert check is not None
    assert check.model in ("bgnbd", "pareto_nbd")
    assert check.months >= 1
    errors = {"bgnbd": check.error_bgnbd, "pareto_nbd": check.error_pareto}
    assert errors[check.model] == min(errors.values())
    assert store_forecast.model == check.model
