"""Purchase forecasts and customer lifetime value (客户终身价值): the BG/NBD model for
*whether and how often* a member buys again, the Gamma-Gamma model for *how much*, and
CLV = discounted expected margin − acquisition cost. numpy/scipy only; no pandas, no
third-party CLV library (the ones that exist are unmaintained or heavy).

Inputs (``app.analytics.facts`` derives them from ``purchases``, one row per customer)
--------------------------------------------------------------------------------------
A *transaction* is a purchase **day** (several tickets on one day count once; returns
are not transactions), as in the CDNOW conventions the models were published with.
Time is in **days**.

* ``x``   — repeat transactions: distinct purchase days − 1;
* ``t_x`` — days from the first to the last purchase day (0 when ``x = 0``);
* ``T``   — days from the first purchase day to the as-of date;
* ``m_x`` — average net spend (yuan) of the ``x`` repeat transactions: (net spend −
  net spend of the first purchase day) / ``x``. Returns are netted into the day they
  happen, so a return lowers the average (a return of the first day's goods does too).

BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way")
--------------------------------------------------------------------------
While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α) (``alpha``
is a rate per **day** here, the paper's is per week); after each purchase the customer
drops out with probability p ~ Beta(a, b). The likelihood of one customer is::

    L = Γ(r+x) αʳ / (Γ(r) (α+T)^(r+x)) · B(a, b+x)/B(a, b)
        + [x > 0] · Γ(r+x) αʳ / (Γ(r) (α+t_x)^(r+x)) · B(a+1, b+x−1)/B(a, b)

fitted by maximum likelihood: a small BFGS (:func:`_maximise`) on the logarithms of
(r, α, a, b) with the analytic gradient (checked against finite differences in the
tests); terms that depend on ``x`` alone are computed once per distinct ``x``, and
identical customers (whole days: x, t_x, T equal) are folded into one weighted row.

* P(alive | x, t_x, T) = 1 / (1 + [x>0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
* E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
  · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive)        (expected purchases in the
  next ``t`` days; the paper's eq. 10)
* E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ · ₂F₁(r, b; a+b−1; t/(α+t))]   (a new
  customer's repeat purchases in ``t`` days)

**One-time buyers.** In BG/NBD a customer can drop out only *after a repeat purchase*,
so everyone with ``x = 0`` has P(alive) = 1 however long ago they bought. The app's
P(active) therefore comes from the Pareto/NBD model (``app.analytics.pareto``), where
dropout can happen at any time: a one-time buyer's P(active) falls with the time since
the purchase. (An earlier fallback applied BG/NBD's Beta dropout once more at the first
purchase; on CDNOW it ranked one-time buyers above repeat buyers, 0.646 against 0.535,
AUC 0.59 against the holdout's buyers, so it is gone.)

**Which model forecasts.** Both are fitted; ``app.analytics.modelcheck`` holds out the
store's last months and the model whose forecast of them was nearer the actual supplies
the expected purchases, the potential value and CLV (Pareto/NBD when no check could be
made). BG/NBD's expected purchases are the paper's formula unchanged.

Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves")
----------------------------------------------------------------------------
A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ), independent of
the purchase process. Fitted by maximum likelihood on customers with ``x > 0`` and
``m_x > 0`` (amounts in **yuan**, so ``gamma`` is in yuan)::

    f(m_x | x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m_x^(px−1) · x^(px) / (γ + x m_x)^(px+q)

* E[M | x, m_x] = (γp + p x m_x) / (p x + q − 1): a weighted mean of the population
  mean γp/(q−1) and the customer's own ``m_x``. One-time buyers get the population mean;
  when q ≤ 1 (no finite mean) the sample mean of ``m_x`` is used instead.

CLV
---
CLV = margin × E[M] × DET − acquisition cost, where DET is the discounted expected
number of transactions over the horizon H (settings ``clv_horizon_months``) with the
annual rate d (``clv_discount_rate``, 12% in the textbook case) compounded continuously
at δ = ln(1+d) (so one year is worth exactly 1/(1+d)), integrated by parts::

    DET = ∫₀ᴴ e^(−δt) dE[Y(t)] = e^(−δH) E[Y(H)] + δ ∫₀ᴴ e^(−δt) E[Y(t)] dt

with the integral by 6-point Gauss–Legendre (E[Y(t)] is smooth and concave in t; the
error is below 10⁻⁶ of the value in the tests). ``margin`` (``clv_margin``) is the
share of net spend that is gross margin; ``acquisition_cost`` (``clv_acquisition_cost_fen``)
is subtracted only when given (0 by default: existing members are already acquired).
``npv`` is the plain textbook formula, for yearly cash flows.

Checked in tests/unit/test_forecast.py: the paper's closed-form figures for CDNOW
(E[Y(39 weeks) | x=2, t_x=30.43, T=38.86] = 1.226; E[X(t)] at six times), the
gradient against finite differences, and recovery of known parameters (BG/NBD and
Gamma-Gamma) from large simulated samples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from app.analytics import pareto
from app.analytics.optimise import columns as _arrays
from app.analytics.optimise import maximise as _maximise
from app.analytics.pareto import ParetoNbd

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(6)


class FitError(ValueError):
    """The data cannot support a fit (too few customers or no repeat buyers)."""


# ------------------------------------------------------------------ BG/NBD


@dataclass(frozen=True)
class BgNbd:
    """Fitted BG/NBD parameters; ``alpha`` is per day. ``log_likelihood`` is the total
    over the ``n`` customers fitted."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float = float("nan")
    n: int = 0
    converged: bool = True

    def as_dict(self) -> dict[str, float]:
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}


def _bgnbd_objective(
    theta: np.ndarray,
    ux: np.ndarray,
    inv: np.ndarray,
    x: np.ndarray,
    t_x: np.ndarray,
    T: np.ndarray,
    pos: np.ndarray,
    weight: np.ndarray | None = None,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Total log-likelihood, its gradient w.r.t. log(r, α, a, b), and per-row
    log-likelihoods; ``weight`` counts identical customers folded into one row."""
    r, alpha, a, b = np.exp(theta)
    # terms of x alone, once per distinct x
    lg = (
        special.gammaln(r + ux)
        - special.gammaln(r)
        + special.gammaln(a + b)
        + special.gammaln(b + ux)
        - special.gammaln(b)
        - special.gammaln(a + b + ux)
    )
    dg_r = special.digamma(r + ux) - special.digamma(r)
    dg_ab = special.digamma(a + b) - special.digamma(a + b + ux)
    dg_b = special.digamma(b + ux) - special.digamma(b)
    bx1 = np.where(pos, b + x - 1.0, 1.0)

    rx = r + x
    l_at = np.log(alpha + T)
    l_atx = np.log(alpha + t_x)
    a3 = -rx * l_at
    a4 = np.where(pos, math.log(a) - np.log(bx1) - rx * l_atx, -np.inf)
    m = np.logaddexp(a3, a4)
    ll = lg[inv] + r * math.log(alpha) + m
    w4 = np.exp(a4 - m)
    w3 = 1.0 - w4

    d_r = dg_r[inv] + math.log(alpha) - w3 * l_at - w4 * l_atx
    d_alpha = r / alpha - rx * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = dg_ab[inv] + w4 / a
    d_b = dg_ab[inv] + dg_b[inv] - w4 / bx1
    if weight is None:
        sums = [d_r.sum(), d_alpha.sum(), d_a.sum(), d_b.sum()]
        total = float(ll.sum())
    else:
        # (multiply-and-sum, not `@`: OpenBLAS threads cost ~5 ms a call on a busy PC)
        sums = [(weight * d).sum() for d in (d_r, d_alpha, d_a, d_b)]
        total = float((weight * ll).sum())
    grad = np.array(sums, dtype=np.float64) * np.array([r, alpha, a, b])
    return total, grad, ll


def bgnbd_log_likelihood(
    params: BgNbd, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """Each customer's log-likelihood under ``params``."""
    xa, txa, Ta = _arrays(x, t_x, T)
    ux, inv = np.unique(xa, return_inverse=True)
    theta = np.log([params.r, params.alpha, params.a, params.b])
    return _bgnbd_objective(theta, ux, inv, xa, txa, Ta, xa > 0)[2]


def bgnbd_gradient(
    params: BgNbd, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """Gradient of the total log-likelihood w.r.t. (log r, log α, log a, log b)."""
    xa, txa, Ta = _arrays(x, t_x, T)
    ux, inv = np.unique(xa, return_inverse=True)
    theta = np.log([params.r, params.alpha, params.a, params.b])
    return _bgnbd_objective(theta, ux, inv, xa, txa, Ta, xa > 0)[1]


def _integral_key(*cols: np.ndarray) -> np.ndarray | None:
    """One int64 key per row when every column holds small non-negative integers
    (days), else None."""
    if len(cols[0]) < 2048:  # not worth it
        return None
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        if not np.all(c == np.floor(c)) or c.min() < 0 or c.max() >= 2**20:
            return None
        key = key * (2**20) + c.astype(np.int64)
    return key


def _fold(*cols: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(index of one row per distinct row, how many rows it stands for), or None."""
    key = _integral_key(*cols)
    if key is None:
        return None
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    return first, counts.astype(np.float64)


def fit_bgnbd(x: Sequence[float], t_x: Sequence[float], T: Sequence[float]) -> BgNbd:
    """Maximum-likelihood BG/NBD parameters for customers with summaries (x, t_x, T).

    Raises ``FitError`` when there are fewer than 10 customers or nobody bought twice
    (the dropout process is then not identified)."""
    xa, txa, Ta = _arrays(x, t_x, T)
    if len(xa) < 10 or not (xa > 0).any():
        raise FitError("BG/NBD needs at least 10 customers, some of them repeat buyers")
    if (xa < 0).any() or (txa < 0).any() or (txa > Ta).any():
        raise ValueError("need x >= 0 and 0 <= t_x <= T")
    n = len(xa)
    weight = None
    folded = _fold(xa, txa, Ta)
    if folded is not None:  # identical customers (e.g. one-time buyers of a day) once
        keep, weight = folded
        xa, txa, Ta = xa[keep], txa[keep], Ta[keep]
    ux, inv = np.unique(xa, return_inverse=True)
    pos = xa > 0

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad, _ = _bgnbd_objective(theta, ux, inv, xa, txa, Ta, pos, weight)
        return -ll / n, -grad / n

    # Start from the method-of-moments rate: purchases per day among the observed.
    w = np.ones(len(xa)) if weight is None else weight
    rate = max(((w * xa).sum() + 1.0) / max((w * Ta).sum(), 1.0), 1e-6)
    best: tuple[np.ndarray, float, bool] | None = None
    for r0, a0, b0 in ((1.0, 1.0, 3.0), (0.3, 0.5, 1.5), (3.0, 2.0, 8.0)):
        theta, value, ok = _maximise(fun, np.log([r0, r0 / rate, a0, b0]))
        if best is None or value < best[1]:
            best = (theta, value, ok)
        if ok:
            break
    assert best is not None
    r, alpha, a, b = (float(v) for v in np.exp(best[0]))
    return BgNbd(r, alpha, a, b, log_likelihood=-best[1] * n, n=n, converged=best[2])


def _safe_a(a: float) -> float:
    # E[Y(t)] has (a − 1) in a denominator; the limit is finite but the formula is 0/0.
    return a if abs(a - 1.0) > 1e-6 else 1.0 + math.copysign(1e-6, a - 1.0)


def p_alive(
    params: BgNbd, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """BG/NBD's own P(alive) per customer: 1 for ``x = 0`` (the model cannot tell; see
    :func:`p_active` for what the app shows)."""
    xa, txa, Ta = _arrays(x, t_x, T)
    return _p_alive_bgnbd(params, xa, txa, Ta)


def _p_alive_bgnbd(params: BgNbd, xa: np.ndarray, txa: np.ndarray, Ta: np.ndarray) -> np.ndarray:
    """The model's own P(alive): 1 for x = 0."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    pos = xa > 0
    log_odds = np.where(
        pos,
        math.log(a)
        - np.log(np.where(pos, b + xa - 1.0, 1.0))
        + (r + xa) * (np.log(alpha + Ta) - np.log(alpha + txa)),
        -np.inf,
    )
    return special.expit(-log_odds)


def _expected_given_alive(params: BgNbd, t: float, xa: np.ndarray, Ta: np.ndarray) -> np.ndarray:
    """E[Y(t)] for a customer known to be alive at T (depends on x and T only).

    The paper's form ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z) multiplies a
    vanishing power by a huge series for heavy buyers; Euler's transformation
    ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) turns it into
    ((α+T)/(α+T+t))^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose first two
    parameters do not grow with x: no overflow, and faster.
    """
    r, alpha, b = params.r, params.alpha, params.b
    a = _safe_a(params.a)
    if t <= 0:
        return np.zeros_like(xa)
    if a + b > _POINT_MASS:
        return _expected_point_mass(params, t, xa, Ta)
    z = t / (alpha + Ta + t)
    with np.errstate(all="ignore"):
        hyp = special.hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + xa - 1.0, z)
        ratio = np.exp((a - 1.0) * (np.log(alpha + Ta) - np.log(alpha + Ta + t)))
        out = (a + b + xa - 1.0) / (a - 1.0) * (1.0 - ratio * hyp)
    bad = ~np.isfinite(out)
    if bad.any():
        out[bad] = _expected_point_mass(params, t, xa[bad], Ta[bad])
    return out


# Beyond this a + b the Beta(a, b) dropout is a point mass (its variance is below
# 1/(a + b) of the mean's); tiny samples can fit such a model.
_POINT_MASS = 1e4


def _expected_point_mass(params: BgNbd, t: float, xa: np.ndarray, Ta: np.ndarray) -> np.ndarray:
    """E[Y(t) | alive] = E_p[(1 − ((α+T)/(α+T+pt))^(r+x)) / p] with p ~ Beta(a, b+x)
    taken at its mean a/(a+b+x): the limit of a very concentrated dropout."""
    p = params.a / (params.a + params.b + xa)
    base = (params.alpha + Ta) / (params.alpha + Ta + p * t)
    return -np.expm1((params.r + xa) * np.log(base)) / p


def _given_alive_at(
    params: BgNbd, ts: Sequence[float], xa: np.ndarray, Ta: np.ndarray
) -> list[np.ndarray]:
    """``_expected_given_alive`` at several horizons, computed once per distinct (x, T)
    (about half as many as customers in a store's data)."""
    key = _integral_key(xa, Ta)
    if key is None:
        return [_expected_given_alive(params, float(t), xa, Ta) for t in ts]
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    ux, uT = xa[first], Ta[first]
    return [_expected_given_alive(params, float(t), ux, uT)[inv] for t in ts]


def expected_purchases(
    params: BgNbd,
    t: float,
    x: Sequence[float],
    t_x: Sequence[float],
    T: Sequence[float],
) -> np.ndarray:
    """Expected purchases (transactions) in the next ``t`` days per customer (the
    paper's eq. 10)."""
    xa, txa, Ta = _arrays(x, t_x, T)
    return _p_alive_bgnbd(params, xa, txa, Ta) * _given_alive_at(params, [t], xa, Ta)[0]


def expected_purchases_new_customer(params: BgNbd, t: float | Sequence[float]) -> np.ndarray:
    """E[X(t)]: repeat purchases in the first ``t`` days of a new customer."""
    r, alpha, b = params.r, params.alpha, params.b
    a = _safe_a(params.a)
    ta = np.asarray(t, dtype=np.float64)
    z = ta / (alpha + ta)
    hyp = special.hyp2f1(r, b, a + b - 1.0, z)
    return (a + b - 1.0) / (a - 1.0) * (1.0 - (alpha / (alpha + ta)) ** r * hyp)


def simulate_bgnbd(
    params: BgNbd, T: Sequence[float], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw (x, t_x) for customers observed for ``T`` days after their first purchase,
    from the BG/NBD process itself (for tests and checks)."""
    Ta = np.asarray(T, dtype=np.float64)
    n = len(Ta)
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    p = rng.beta(params.a, params.b, n)
    x = np.zeros(n, dtype=np.int64)
    t_x = np.zeros(n)
    now = np.zeros(n)
    active = np.arange(n)
    while len(active):
        now[active] += rng.exponential(1.0, len(active)) / lam[active]
        bought = now[active] <= Ta[active]
        active = active[bought]
        x[active] += 1
        t_x[active] = now[active]
        dropped = rng.random(len(active)) < p[active]
        active = active[~dropped]
    return x, t_x


# ------------------------------------------------------------------ Gamma-Gamma


@dataclass(frozen=True)
class GammaGamma:
    """Fitted Gamma-Gamma parameters; ``gamma`` in yuan. ``mean_spend`` is the
    population mean transaction value used for customers without repeat purchases."""

    p: float
    q: float
    gamma: float
    mean_spend: float = float("nan")
    log_likelihood: float = float("nan")
    n: int = 0
    converged: bool = True

    def as_dict(self) -> dict[str, float]:
        return {"p": self.p, "q": self.q, "gamma": self.gamma}


def _gg_objective(
    theta: np.ndarray,
    ux: np.ndarray,
    inv: np.ndarray,
    x: np.ndarray,
    m: np.ndarray,
    lx: np.ndarray,
    lm: np.ndarray,
) -> tuple[float, np.ndarray]:
    p, q, g = np.exp(theta)
    # the special functions depend on x alone: once per distinct x
    pux = p * ux
    dpq_u = special.digamma(pux + q)
    lg_u = special.gammaln(pux + q) - special.gammaln(pux)
    dd_u = dpq_u - special.digamma(pux)
    px = p * x
    lgm = np.log(g + x * m)
    ll = (
        lg_u[inv].sum()
        - len(x) * (special.gammaln(q) - q * math.log(g))
        + ((px - 1.0) * lm + px * lx - (px + q) * lgm).sum()
    )
    d_p = (x * (dd_u[inv] + lm + lx - lgm)).sum()
    d_q = dpq_u[inv].sum() - len(x) * (special.digamma(q) - math.log(g)) - lgm.sum()
    d_g = len(x) * q / g - ((px + q) / (g + x * m)).sum()
    grad = np.array([d_p * p, d_q * q, d_g * g])
    return float(ll), grad


def gamma_gamma_gradient(
    params: GammaGamma, x: Sequence[float], m_x: Sequence[float]
) -> tuple[float, np.ndarray]:
    """(total log-likelihood, gradient w.r.t. log(p, q, γ)) — for the tests."""
    xa, ma = _arrays(x, m_x)
    theta = np.log([params.p, params.q, params.gamma])
    ux, inv = np.unique(xa, return_inverse=True)
    return _gg_objective(theta, ux, inv, xa, ma, np.log(xa), np.log(ma))


def fit_gamma_gamma(x: Sequence[float], m_x: Sequence[float]) -> GammaGamma:
    """Maximum-likelihood Gamma-Gamma parameters from repeat buyers' (x, m_x); rows with
    x <= 0 or m_x <= 0 are left out. Raises ``FitError`` with fewer than 10 left."""
    xa, ma = _arrays(x, m_x)
    keep = (xa > 0) & (ma > 0) & np.isfinite(ma)
    xa, ma = xa[keep], ma[keep]
    n = len(xa)
    if n < 10:
        raise FitError("Gamma-Gamma needs at least 10 repeat buyers with positive spend")
    lx, lm = np.log(xa), np.log(ma)
    ux, inv = np.unique(xa, return_inverse=True)

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = _gg_objective(theta, ux, inv, xa, ma, lx, lm)
        return -ll / n, -grad / n

    mean, var = float(ma.mean()), float(ma.var()) or 1.0
    # moments of m for x = 1: E = pγ/(q−1); start from q = 3 and the matching γ
    q0 = 3.0
    p0 = max(mean**2 / var, 0.5)
    g0 = mean * (q0 - 1.0) / p0
    theta, value, ok = _maximise(fun, np.log([p0, q0, g0]))
    p, q, g = (float(v) for v in np.exp(theta))
    population_mean = p * g / (q - 1.0) if q > 1.0 else mean
    return GammaGamma(
        p, q, g, mean_spend=population_mean, log_likelihood=-value * n, n=n, converged=ok
    )


def expected_spend(params: GammaGamma, x: Sequence[float], m_x: Sequence[float]) -> np.ndarray:
    """E[M | x, m_x]: expected value of a future transaction (yuan) per customer; the
    population mean for x = 0 or a missing/non-positive m_x."""
    xa, ma = _arrays(x, m_x)
    p, q, g = params.p, params.q, params.gamma
    own = (xa > 0) & (ma > 0) & np.isfinite(ma)
    xs = np.where(own, xa, 0.0)
    ms = np.where(own, ma, 0.0)
    if q > 1.0:
        value = (g * p + p * xs * ms) / (p * xs + q - 1.0)
    else:  # no finite population mean: shrink towards the sample mean instead
        w = p * xs / (p * xs + 1.0)
        value = w * ms + (1.0 - w) * params.mean_spend
    return np.where(own, value, params.mean_spend)


def simulate_gamma_gamma(
    params: GammaGamma, x: Sequence[int], rng: np.random.Generator
) -> np.ndarray:
    """Draw m_x (the mean of x transaction values) per customer with x >= 1."""
    xa = np.asarray(x, dtype=np.float64)
    nu = rng.gamma(params.q, 1.0 / params.gamma, len(xa))
    # the sum of x Gamma(p, ν) values is Gamma(px, ν); their mean is Gamma(px, xν)
    return rng.gamma(params.p * xa, 1.0 / (nu * xa))


# ------------------------------------------------------------------ CLV


def discounted_transactions(
    params: BgNbd | ParetoNbd,
    x: Sequence[float],
    t_x: Sequence[float],
    T: Sequence[float],
    *,
    horizon_days: float,
    annual_rate: float,
    alive: np.ndarray | None = None,
) -> np.ndarray:
    """DET: expected transactions over the horizon, each discounted to today (see the
    module docstring), under either model; ``alive``: P(alive) under ``params`` if
    already computed."""
    xa, txa, Ta = _arrays(x, t_x, T)
    if isinstance(params, ParetoNbd):
        weight = pareto.p_alive(params, xa, txa, Ta) if alive is None else alive

        def given_alive(ts: Sequence[float]) -> list[np.ndarray]:
            return [pareto.expected_given_alive(params, float(t), xa, Ta) for t in ts]
    else:
        weight = _p_alive_bgnbd(params, xa, txa, Ta)

        def given_alive(ts: Sequence[float]) -> list[np.ndarray]:
            return _given_alive_at(params, ts, xa, Ta)

    H = float(horizon_days)
    if H <= 0:
        return np.zeros_like(xa)
    delta = math.log1p(annual_rate) / DAYS_PER_YEAR  # per day
    if delta == 0.0:
        return weight * given_alive([H])[0]
    nodes = 0.5 * H * (_GL_NODES + 1.0)
    end, *at_nodes = given_alive([H, *nodes])
    integral = np.zeros_like(xa)
    for t, w, values in zip(nodes, _GL_WEIGHTS, at_nodes, strict=True):
        integral += w * math.exp(-delta * t) * values
    integral *= 0.5 * H
    return weight * (math.exp(-delta * H) * end + delta * integral)


def npv(
    annual_margins: Sequence[float], annual_rate: float, acquisition_cost: float = 0.0
) -> float:
    """Textbook CLV: Σ margin_k / (1+d)^k over years k = 1, 2, … minus the acquisition
    cost (e.g. 3,000 at d = 12%)."""
    return (
        sum(m / (1.0 + annual_rate) ** k for k, m in enumerate(annual_margins, start=1))
        - acquisition_cost
    )


@dataclass(frozen=True)
class ClvRules:
    """The CLV settings: ``margin`` share of net spend, annual discount rate, horizon,
    acquisition cost (fen) and the forecast window (days) of "expected purchases"."""

    margin: float = 0.4
    annual_rate: float = 0.12
    horizon_months: int = 36
    acquisition_cost_fen: int = 0
    forecast_days: int = 365


@dataclass
class Forecast:
    """Per-customer forecasts (arrays aligned with the inputs) and the fitted models.
    ``bgnbd``/``gamma_gamma`` are None when the data could not support a fit; ``note``
    then says why, and the arrays are NaN. ``p_alive`` is Pareto/NBD's P(alive) (BG/NBD's
    only if Pareto/NBD could not be fitted); ``expected_purchases`` and CLV come from
    ``model`` ("bgnbd" or "pareto_nbd"), chosen by ``check`` (app.analytics.modelcheck)."""

    bgnbd: BgNbd | None
    gamma_gamma: GammaGamma | None
    p_alive: np.ndarray
    expected_purchases: np.ndarray  # in rules.forecast_days
    expected_spend: np.ndarray  # yuan per future transaction
    expected_value_fen: np.ndarray  # expected net spend in rules.forecast_days, fen
    clv_fen: np.ndarray
    rules: ClvRules
    note: str = ""
    pareto: ParetoNbd | None = None
    model: str = "bgnbd"
    check: Any = None  # app.analytics.modelcheck.ModelCheck or None


def p_active(
    fc: Forecast, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """P(active) as the app shows it, for customers (x, t_x, T) under ``fc``'s models."""
    if fc.pareto is not None:
        return pareto.p_alive(fc.pareto, x, t_x, T)
    if fc.bgnbd is None:
        return np.full(len(x), np.nan)
    return p_alive(fc.bgnbd, x, t_x, T)


def forecast(
    x: Sequence[float],
    t_x: Sequence[float],
    T: Sequence[float],
    m_x: Sequence[float],
    rules: ClvRules | None = None,
    *,
    check: Any = None,
    margin_rate: Sequence[float] | None = None,
) -> Forecast:
    """Fit the models on these customers and score each of them. ``check`` (a
    ``ModelCheck`` of the same store) says which model forecasts. ``margin_rate``: each
    customer's gross margin rate for CLV (app/analytics/margin.py: their own where item
    costs are known enough), else ``rules.margin`` for everyone."""
    rules = rules or ClvRules()
    xa, txa, Ta, ma = _arrays(x, t_x, T, m_x)
    nan = np.full(len(xa), np.nan)
    try:
        bg = fit_bgnbd(xa, txa, Ta)
    except FitError as exc:
        return Forecast(None, None, nan, nan, nan, nan, nan, rules, note=str(exc))
    try:
        pn: ParetoNbd | None = pareto.fit_pareto_nbd(xa, txa, Ta, start=(bg.r, bg.alpha))
    except pareto.ParetoFitError:
        pn = None
    model = "pareto_nbd" if pn is not None else "bgnbd"
    if check is not None and check.model == "bgnbd":
        model = "bgnbd"
    chosen: BgNbd | ParetoNbd = pn if model == "pareto_nbd" and pn is not None else bg
    try:
        gg: GammaGamma | None = fit_gamma_gamma(xa, ma)
    except FitError as exc:
        gg = None
        note = str(exc)
    else:
        note = ""
    with np.errstate(all="ignore"):  # (thread-safe, unlike warnings filters)
        alive = pareto.p_alive(pn, xa, txa, Ta) if pn is not None else p_alive(bg, xa, txa, Ta)
        if isinstance(chosen, ParetoNbd):  # (P(alive) computed once: hyp2f1 is the cost)
            given = pareto.expected_given_alive(chosen, float(rules.forecast_days), xa, Ta)
            expected = alive * given
        else:
            expected = expected_purchases(chosen, rules.forecast_days, xa, txa, Ta)
        if gg is not None:
            spend = expected_spend(gg, xa, ma)
        else:  # no spend model: each customer's own average, else the overall one
            own = (xa > 0) & (ma > 0)
            spend = np.where(own, ma, float(ma[own].mean()) if own.any() else 0.0)
        det = discounted_transactions(
            chosen,
            xa,
            txa,
            Ta,
            horizon_days=rules.horizon_months * DAYS_PER_MONTH,
            annual_rate=rules.annual_rate,
            alive=alive if isinstance(chosen, ParetoNbd) else None,
        )
    value_fen = expected * spend * 100.0
    rate = rules.margin if margin_rate is None else np.asarray(margin_rate, dtype=np.float64)
    clv_fen = rate * spend * 100.0 * det - rules.acquisition_cost_fen
    return Forecast(
        bg,
        gg,
        alive,
        expected,
        spend,
        value_fen,
        clv_fen,
        rules,
        note=note,
        pareto=pn,
        model=model,
        check=check,
    )
