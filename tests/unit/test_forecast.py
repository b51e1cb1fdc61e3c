"""app.analytics.forecast against the published BG/NBD figures for CDNOW, finite
differences, and parameter recovery from data simulated with known parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.analytics import forecast as clv
from app.analytics import pareto

# Fader, Hardie & Lee (2005) CDNOW estimates (weeks): rounded as printed in the paper,
# and at full precision (as in Hardie's spreadsheet and the BTYD R package).
PAPER = clv.BgNbd(0.243, 4.414, 0.793, 2.426)
PAPER_FULL = clv.BgNbd(0.2425945, 4.4136019, 0.7929199, 2.4258881)


# ------------------------------------------------------------------ published figures


def test_conditional_expectation_matches_the_paper():
    """The paper's worked example: x = 2, t_x = 30.43, T = 38.86 weeks -> 1.226
    expected purchases in the next 39 weeks."""
    for params in (PAPER, PAPER_FULL):
        got = clv.expected_purchases(params, 39, [2], [30.43], [38.86])
        assert got[0] == pytest.approx(1.226, abs=0.001)


def test_unconditional_expectation_matches_hardies_spreadsheet():
    times = [0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00]
    published = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    got = clv.expected_purchases_new_customer(PAPER_FULL, times)
    np.testing.assert_allclose(got, published, atol=5e-4)
    got_rounded = clv.expected_purchases_new_customer(PAPER, times)
    np.testing.assert_allclose(got_rounded, published, rtol=5e-3, atol=1e-4)


def test_units_scale_weeks_to_days():
    """alpha is a rate: the same customer in days needs alpha x 7."""
    days = clv.BgNbd(PAPER.r, PAPER.alpha * 7, PAPER.a, PAPER.b)
    w = clv.expected_purchases(PAPER, 39, [2], [30.43], [38.86])
    d = clv.expected_purchases(days, 39 * 7, [2], [30.43 * 7], [38.86 * 7])
    assert d[0] == pytest.approx(w[0], rel=1e-9)
    assert clv.p_alive(days, [2], [213.01], [272.02])[0] == pytest.approx(
        clv.p_alive(PAPER, [2], [30.43], [38.86])[0], rel=1e-9
    )


def test_p_alive_formula_and_no_one_time_buyer_fallback():
    r, alpha, a, b = PAPER.r, PAPER.alpha, PAPER.a, PAPER.b
    want = 1 / (1 + a / (b + 1) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2))
    assert clv.p_alive(PAPER, [2], [30.43], [38.86])[0] == pytest.approx(want)
    # x = 0: BG/NBD's own value is 1 (the app's P(active) comes from Pareto/NBD)
    T = np.array([0.0, 1, 10, 38.86, 200])
    assert np.all(clv.p_alive(PAPER, np.zeros(5), np.zeros(5), T) == 1.0)


def test_p_alive_is_a_probability_everywhere():
    x, tx, T = np.meshgrid(np.arange(0, 100, 10.0), np.arange(0, 100, 10.0), [100.0])
    tx = np.minimum(tx, T)
    p = clv.p_alive(PAPER, x.ravel(), np.where(x.ravel() == 0, 0, tx.ravel()), T.ravel())
    assert np.all((p >= 0) & (p <= 1))


# ------------------------------------------------------------------ gradients


def test_bgnbd_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    params = clv.BgNbd(0.6, 25.0, 0.8, 3.0)
    T = rng.uniform(10, 600, 400)
    x, tx = clv.simulate_bgnbd(params, T, rng)
    grad = clv.bgnbd_gradient(params, x, tx, T)
    theta = np.log([params.r, params.alpha, params.a, params.b])
    h = 1e-6
    for i in range(4):
        e = np.zeros(4)
        e[i] = h
        up = clv.bgnbd_log_likelihood(clv.BgNbd(*np.exp(theta + e)), x, tx, T).sum()
        down = clv.bgnbd_log_likelihood(clv.BgNbd(*np.exp(theta - e)), x, tx, T).sum()
        assert grad[i] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-4)


def test_gamma_gamma_gradient_matches_finite_differences():
    rng = np.random.default_rng(4)
    params = clv.GammaGamma(6.25, 3.74, 15.44)
    x = rng.integers(1, 15, 300)
    m = clv.simulate_gamma_gamma(params, x, rng)
    _, grad = clv.gamma_gamma_gradient(params, x, m)
    theta = np.log([params.p, params.q, params.gamma])
    h = 1e-6
    for i in range(3):
        e = np.zeros(3)
        e[i] = h
        up = clv.gamma_gamma_gradient(clv.GammaGamma(*np.exp(theta + e)), x, m)[0]
        down = clv.gamma_gamma_gradient(clv.GammaGamma(*np.exp(theta - e)), x, m)[0]
        assert grad[i] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-4)


def test_the_likelihood_is_the_papers_formula_for_one_customer():
    r, alpha, a, b = PAPER.r, PAPER.alpha, PAPER.a, PAPER.b
    x, tx, T = 3, 20.0, 38.0
    B = math.lgamma
    beta = lambda u, v: math.exp(B(u) + B(v) - B(u + v))  # noqa: E731
    want = beta(a, b + x) / beta(a, b) * math.gamma(r + x) / math.gamma(r) * alpha**r / (
        alpha + T
    ) ** (r + x) + beta(a + 1, b + x - 1) / beta(a, b) * math.gamma(r + x) / math.gamma(
        r
    ) * alpha**r / (alpha + tx) ** (r + x)
    got = clv.bgnbd_log_likelihood(PAPER, [x], [tx], [T])[0]
    assert got == pytest.approx(math.log(want), rel=1e-12)


# ------------------------------------------------------------------ recovery


@pytest.mark.parametrize(
    "true",
    [
        clv.BgNbd(0.243, 4.414 / 7, 0.793, 2.426),  # CDNOW, per day
        clv.BgNbd(1.2, 60.0, 0.4, 6.0),  # a store's regulars: ~monthly, few drop out
    ],
)
def test_bgnbd_recovers_known_parameters_from_simulated_data(true):
    rng = np.random.default_rng(20261122)
    T = rng.uniform(30, 1200, 40_000)
    x, tx = clv.simulate_bgnbd(true, T, rng)
    fit = clv.fit_bgnbd(x, tx, T)
    assert fit.converged
    for name in ("r", "alpha", "a", "b"):
        assert getattr(fit, name) == pytest.approx(getattr(true, name), rel=0.10), name
    # and the fitted model's likelihood beats the true parameters' (it is the maximum)
    assert fit.log_likelihood >= clv.bgnbd_log_likelihood(true, x, tx, T).sum() - 1e-6


def test_bgnbd_fit_on_whole_days_folds_identical_customers():
    rng = np.random.default_rng(8)
    true = clv.BgNbd(0.8, 30.0, 0.7, 4.0)
    T = rng.integers(30, 1200, 20_000).astype(float)
    x, tx = clv.simulate_bgnbd(true, T, rng)
    tx = np.floor(tx)
    fit = clv.fit_bgnbd(x, tx, T)
    total = clv.bgnbd_log_likelihood(fit, x, tx, T).sum()
    assert fit.log_likelihood == pytest.approx(total, rel=1e-9)
    assert fit.n == 20_000


def test_gamma_gamma_recovers_known_parameters_from_simulated_data():
    rng = np.random.default_rng(11)
    true = clv.GammaGamma(6.25, 3.74, 15.44)  # FHL 2005, CDNOW
    x = rng.integers(1, 20, 40_000)
    m = clv.simulate_gamma_gamma(true, x, rng)
    fit = clv.fit_gamma_gamma(x, m)
    for name in ("p", "q", "gamma"):
        assert getattr(fit, name) == pytest.approx(getattr(true, name), rel=0.10), name
    assert fit.mean_spend == pytest.approx(fit.p * fit.gamma / (fit.q - 1))


def test_conditional_expectations_average_to_the_population_forecast():
    """Law of total expectation: over a population observed for T days, the mean of
    E[Y(t) | x, t_x, T] equals E[X(T+t)] − E[X(T)] (checked without the fallback)."""
    rng = np.random.default_rng(5)
    true = clv.BgNbd(0.5, 20.0, 0.7, 3.0)
    T = np.full(60_000, 200.0)
    x, tx = clv.simulate_bgnbd(true, T, rng)
    cond = clv.expected_purchases(true, 100, x, tx, T).mean()
    pop = clv.expected_purchases_new_customer(true, [300.0, 200.0])
    assert cond == pytest.approx(pop[0] - pop[1], rel=0.03)


def test_expected_spend_shrinks_towards_the_population_mean():
    gg = clv.GammaGamma(6.25, 3.74, 15.44, mean_spend=6.25 * 15.44 / 2.74)
    e = clv.expected_spend(gg, [0, 1, 10, 100], [np.nan, 100.0, 100.0, 100.0])
    assert e[0] == pytest.approx(gg.mean_spend)
    assert e[1] == pytest.approx((15.44 * 6.25 + 6.25 * 100) / (6.25 + 2.74))
    assert gg.mean_spend < e[1] < e[2] < e[3] < 100


# ------------------------------------------------------------------ CLV


def test_discounting_matches_a_fine_numerical_sum():
    params = clv.BgNbd(0.6, 25.0, 0.8, 3.0)
    x, tx, T = np.array([0.0, 3, 12]), np.array([0.0, 80, 300]), np.array([90.0, 200, 320])
    H, rate = 3 * 365.25, 0.12
    det = clv.discounted_transactions(params, x, tx, T, horizon_days=H, annual_rate=rate)
    grid = np.linspace(0, H, 3001)
    cum = np.stack([clv.expected_purchases(params, t, x, tx, T) for t in grid])
    mid = 0.5 * (grid[1:] + grid[:-1])
    fine = (np.diff(cum, axis=0) * (1 + rate) ** (-mid / 365.25)[:, None]).sum(axis=0)
    np.testing.assert_allclose(det, fine, rtol=1e-5)
    undiscounted = clv.discounted_transactions(params, x, tx, T, horizon_days=H, annual_rate=0)
    np.testing.assert_allclose(undiscounted, cum[-1], rtol=1e-12)
    assert np.all(det < undiscounted)


def test_textbook_npv_with_acquisition_cost():
    """Acquisition cost 3,000 and a 12% discount rate: 1,000 a year for five years is
    worth 3,604.78 today, so the customer's CLV is 604.78."""
    assert clv.npv([1000] * 5, 0.12, 3000) == pytest.approx(604.776, abs=1e-3)
    assert clv.npv([1000], 0.12) == pytest.approx(1000 / 1.12)


def test_forecast_clv_is_margin_times_spend_times_det_minus_acquisition():
    rng = np.random.default_rng(9)
    true = clv.BgNbd(0.8, 30.0, 0.7, 4.0)
    T = rng.uniform(30, 900, 3000)
    x, tx = clv.simulate_bgnbd(true, T, rng)
    m = np.where(
        x > 0, clv.simulate_gamma_gamma(clv.GammaGamma(5, 4, 400), np.maximum(x, 1), rng), np.nan
    )
    rules = clv.ClvRules(
        margin=0.5,
        annual_rate=0.12,
        horizon_months=24,
        acquisition_cost_fen=300000,
        forecast_days=180,
    )
    fc = clv.forecast(x, tx, T, m, rules)
    assert fc.model == "pareto_nbd" and fc.pareto is not None  # without a check
    det = clv.discounted_transactions(
        fc.pareto, x, tx, T, horizon_days=24 * clv.DAYS_PER_MONTH, annual_rate=0.12
    )
    np.testing.assert_allclose(fc.clv_fen, 0.5 * fc.expected_spend * 100 * det - 300000)
    np.testing.assert_allclose(
        fc.expected_value_fen, fc.expected_purchases * fc.expected_spend * 100
    )
    assert np.all((fc.p_alive > 0) & (fc.p_alive <= 1))


def test_forecast_without_enough_data_says_why():
    fc = clv.forecast([0, 0, 0], [0, 0, 0], [5, 9, 20], [np.nan] * 3)
    assert fc.bgnbd is None and "at least 10" in fc.note
    assert np.isnan(fc.clv_fen).all()


def test_degenerate_dropout_uses_the_point_mass_limit():
    params = clv.BgNbd(0.5, 10.0, 1e5, 1e6)  # what a tiny sample can fit
    e = clv.expected_purchases(params, 365, [5, 0], [100, 0], [300, 300])
    assert np.all(np.isfinite(e)) and np.all(e > 0)


def test_discounting_under_pareto_nbd_matches_a_fine_numerical_sum():
    params = pareto.ParetoNbd(0.55, 75.0, 0.6, 80.0)
    x, tx, T = np.array([0.0, 3, 12]), np.array([0.0, 80, 300]), np.array([90.0, 200, 320])
    H, rate = 3 * 365.25, 0.12
    det = clv.discounted_transactions(params, x, tx, T, horizon_days=H, annual_rate=rate)
    grid = np.linspace(0, H, 3001)
    cum = np.stack([pareto.expected_purchases(params, t, x, tx, T) for t in grid])
    mid = 0.5 * (grid[1:] + grid[:-1])
    fine = (np.diff(cum, axis=0) * (1 + rate) ** (-mid / 365.25)[:, None]).sum(axis=0)
    np.testing.assert_allclose(det, fine, rtol=1e-5)


def test_pareto_nbd_recovers_known_parameters_from_simulated_data(monkeypatch):
    monkeypatch.setattr(pareto, "FIT_SAMPLE", 10**6)  # every customer (sampling: below)
    rng = np.random.default_rng(20261206)
    true = pareto.ParetoNbd(0.55, 75.0, 0.6, 80.0)  # CDNOW's, per day
    T = rng.uniform(60, 900, 10_000)
    x, tx = pareto.simulate(true, T, rng)
    fit = pareto.fit_pareto_nbd(x, tx, T)
    assert fit.converged
    for name in ("r", "alpha", "s", "beta"):
        assert getattr(fit, name) == pytest.approx(getattr(true, name), rel=0.2), name
    assert fit.log_likelihood >= pareto.log_likelihood(true, x, tx, T).sum() - 1e-6


def test_pareto_nbd_p_alive_falls_for_one_time_buyers_and_stays_a_probability():
    params = pareto.ParetoNbd(0.55, 75.0, 0.6, 80.0)
    T = np.array([0.0, 10, 100, 400, 1500])
    p = pareto.p_alive(params, np.zeros(5), np.zeros(5), T)
    assert p[0] == pytest.approx(1.0) and np.all(np.diff(p) < 0)
    x, tx = np.meshgrid(np.arange(0, 60, 5.0), np.linspace(0, 400, 9))
    x, tx = x.ravel(), np.where(x.ravel() == 0, 0, tx.ravel())
    q = pareto.p_alive(params, x, tx, np.full(len(x), 400.0))
    assert np.all((q >= 0) & (q <= 1))
    # a regular who stopped long ago is less likely active than one who just bought
    assert (
        pareto.p_alive(params, [20], [50], [400])[0] < pareto.p_alive(params, [20], [395], [400])[0]
    )


def test_the_pareto_fit_of_a_big_store_uses_a_spread_sample(monkeypatch):
    rng = np.random.default_rng(7)
    true = pareto.ParetoNbd(0.8, 40.0, 0.5, 200.0)
    T = np.floor(rng.uniform(60, 900, 6_000))
    x, tx = pareto.simulate(true, T, rng)
    tx = np.floor(tx)
    full = pareto.fit_pareto_nbd(x, tx, T)
    monkeypatch.setattr(pareto, "FIT_SAMPLE", 3_000)
    half = pareto.fit_pareto_nbd(x, tx, T)
    assert half.n == 6_000
    for name in ("r", "alpha", "s", "beta"):
        assert getattr(half, name) == pytest.approx(getattr(full, name), rel=0.35), name


@pytest.mark.parametrize(
    ("params", "rel"),
    [
        (pareto.ParetoNbd(0.553, 74.0, 0.606, 81.7), 1e-8),  # CDNOW, per day
        (pareto.ParetoNbd(0.72, 19.3, 0.22, 157.0), 1e-6),  # the 100k demo store
        # alpha 60x beta, an extreme: ~2e-6 a customer, the gradient within 0.5%
        (pareto.ParetoNbd(0.5, 300.0, 1.5, 5.0), 1e-4),
    ],
)
def test_the_fits_quadrature_likelihood_agrees_with_hyp2f1(params, rel):
    rng = np.random.default_rng(12)
    T = np.floor(rng.uniform(30, 3000, 3000))
    x, tx = pareto.simulate(params, T, rng)
    x, tx = x.astype(float), np.floor(tx)
    theta = np.log([params.r, params.alpha, params.s, params.beta])
    quad, grad = pareto._quad_objective(theta, x, tx, T, np.ones(len(x)))
    exact = pareto.log_likelihood(params, x, tx, T).sum()
    assert quad == pytest.approx(exact, rel=rel)
    h = 1e-5
    for i in range(4):
        e = np.zeros(4)
        e[i] = h
        up = pareto.log_likelihood(pareto.ParetoNbd(*np.exp(theta + e)), x, tx, T).sum()
        down = pareto.log_likelihood(pareto.ParetoNbd(*np.exp(theta - e)), x, tx, T).sum()
        want = (up - down) / (2 * h)
        assert grad[i] == pytest.approx(want, rel=1e-2 if rel > 1e-6 else 1e-3, abs=1e-2)
