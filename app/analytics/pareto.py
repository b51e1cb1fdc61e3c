"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987), fitted as in Fader,
Hardie & Lee (2005), "A note on implementing the Pareto/NBD model in MATLAB".

While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); the
lifetime is exponential with rate μ ~ Gamma(s, β). Unlike BG/NBD, a customer can drop
out at any moment, also before a second purchase, so a one-time buyer's P(alive) falls
as time passes without a purchase: this is the model the app takes P(active) from.
Time in **days** (``alpha`` and ``beta`` are per day; the published CDNOW figures are
per week: divide by 7). Inputs as for BG/NBD (``app.analytics.forecast``): x repeat
purchase days, t_x first → last purchase day, T first purchase day → as-of.

Likelihood of one customer, with K = r + s + x::

    L = Γ(r+x) αʳ βˢ / Γ(r) · [ 1 / ((α+T)^(r+x) (β+T)ˢ) + s/K · A₀ ]

    A₀ = ₂F₁(K, s+1; K+1; (α−β)/(α+t_x)) / (α+t_x)^K
         − ₂F₁(K, s+1; K+1; (α−β)/(α+T)) / (α+T)^K          if α ≥ β
    A₀ = ₂F₁(K, r+x; K+1; (β−α)/(β+t_x)) / (β+t_x)^K
         − ₂F₁(K, r+x; K+1; (β−α)/(β+T)) / (β+T)^K          if α < β

computed in logarithms (scipy.special.hyp2f1 and gammaln). P(alive) is the first
bracketed term's share of the bracket; the expected purchases in the next t days::

    E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)

Fitted by maximum likelihood over log-parameters with the same small BFGS as BG/NBD
(``app.analytics.optimise``; not scipy.optimize, for the reasons given there) and an
analytic gradient. hyp2f1 has no derivative in its parameters, so the fit works on the
integral form of A₀ by quadrature (:func:`_quad_objective`, checked against hyp2f1 in
the tests); the reported log-likelihood, P(alive) and expectations use hyp2f1. Identical
customers are folded into one weighted row; a store with more than ``FIT_SAMPLE``
customers is fitted on a fixed, evenly spread sample of them (every customer is still
scored).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from app.analytics.optimise import columns as _arrays
from app.analytics.optimise import maximise

FIT_SAMPLE = 5_000  # customers; beyond this the fit uses an evenly spread sample


class ParetoFitError(ValueError):
    """The data cannot support a fit (too few customers or no repeat buyers)."""


@dataclass(frozen=True)
class ParetoNbd:
    """Fitted Pareto/NBD parameters; ``alpha`` and ``beta`` per day (per the unit of the
    inputs). ``log_likelihood`` is the total over the ``n`` customers fitted."""

    r: float
    alpha: float
    s: float
    beta: float
    log_likelihood: float = float("nan")
    n: int = 0
    converged: bool = True

    def as_dict(self) -> dict[str, float]:
        return {"r": self.r, "alpha": self.alpha, "s": self.s, "beta": self.beta}


def _log_terms(
    r: float, alpha: float, s: float, beta: float, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(log of the alive term, log of the s/K·A₀ term, the constant log Γ(r+x)αʳβˢ/Γ(r))
    per customer."""
    K = r + s + x
    if alpha >= beta:
        m, second = alpha, s + 1.0
    else:
        m, second = beta, r + x
    d = abs(alpha - beta)
    l_tx = np.log(m + t_x)
    l_T = np.log(m + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.log(special.hyp2f1(K, second, K + 1.0, d / (m + t_x))) - K * l_tx
        f2 = np.log(special.hyp2f1(K, second, K + 1.0, d / (m + T))) - K * l_T
        # A₀ = e^f1 − e^f2 with f2 <= f1 (t_x <= T); 0 when t_x == T
        log_a0 = f1 + np.log1p(-np.exp(np.minimum(f2 - f1, 0.0)))
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    dead = math.log(s) - np.log(K) + log_a0
    const = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    return alive, dead, const


def log_likelihood(
    params: ParetoNbd, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """Each customer's log-likelihood under ``params``."""
    xa, txa, Ta = _arrays(x, t_x, T)
    alive, dead, const = _log_terms(params.r, params.alpha, params.s, params.beta, xa, txa, Ta)
    return const + np.logaddexp(alive, dead)


def _fold(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, ...]:
    """Identical customers once, with how many each row stands for."""
    rows = np.stack([x, t_x, T], axis=1)
    uniq, counts = np.unique(rows, axis=0, return_counts=True)
    return uniq[:, 0], uniq[:, 1], uniq[:, 2], counts.astype(np.float64)


def _spread_sample(n: int, k: int) -> np.ndarray:
    """k indexes spread evenly over 0…n−1 (deterministic: the same store, the same fit)."""
    return np.unique(np.linspace(0, n - 1, k).round().astype(np.int64))


_QUAD_V, _QUAD_W = np.polynomial.legendre.leggauss(20)
_QUAD_V = 0.5 * (_QUAD_V + 1.0)
_QUAD_W = 0.5 * _QUAD_W


def _quad_objective(
    theta: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, weight: np.ndarray
) -> tuple[float, np.ndarray]:
    """Total log-likelihood and its gradient w.r.t. log(r, α, s, β), with the dead
    term's integral I = ∫ from t_x to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ (= A₀/K) taken
    by 20-point Gauss-Legendre after the change of variable e^(−K·u) = 1 − w·q, u =
    ln((α+τ)/(α+t_x)), q = 1 − ((α+t_x)/(α+T))^K, which flattens the integrand's decay
    (a second map, w = 1 − (1−v)³ when β > α and w = v³ otherwise, pulls the nodes to
    where (β+τ)/(α+τ) changes fastest). Against hyp2f1 the log of I agrees to ~1e-8 on
    CDNOW-like parameters, ~1e-3 at the extreme β/α = 100; the fitted likelihood is
    then recomputed exactly."""
    r, alpha, s, beta = np.exp(theta)
    if beta > alpha:
        w = 1.0 - (1.0 - _QUAD_V) ** 3
        om = _QUAD_W * 3.0 * (1.0 - _QUAD_V) ** 2
    else:  # (β+τ)/(α+τ) changes fastest near t_x: nodes pulled there
        w = _QUAD_V**3
        om = _QUAD_W * 3.0 * _QUAD_V**2
    rx = r + x
    K = (rx + s)[:, None]
    A = (alpha + t_x)[:, None]
    L = (np.log(alpha + T) - np.log(alpha + t_x))[:, None]
    q = -np.expm1(-K * L)
    rest = 1.0 - w * q
    log_rest = np.log(rest)
    l_a = np.log(A) - log_rest / K  # ln(α + τ) at the nodes
    tau_a = np.exp(l_a)
    tau_b = tau_a + (beta - alpha)  # β + τ
    l_b = np.log(tau_b)
    # integrand (α+τ)^−(r+x) (β+τ)^−(s+1) times dτ/dw = (α+τ) q / (K (1 − w q))
    terms = (
        -(rx[:, None] - 1.0) * l_a
        - (s + 1.0) * l_b
        + (np.log(q) - np.log(K))
        - log_rest
        + np.log(om)
    )
    # log I by log-sum-exp over the nodes (by hand: scipy's costs 40% of a fit here)
    top = terms.max(axis=1)
    finite = np.isfinite(top)  # I = 0 when t_x = T
    top = np.where(finite, top, 0.0)
    e = np.exp(terms - top[:, None])
    total = e.sum(axis=1)
    log_i = np.where(finite, top + np.log(total), -np.inf)
    share = np.where(finite[:, None], e / np.where(finite, total, 1.0)[:, None], 0.0)
    alive = -rx * np.log(alpha + T) - s * np.log(beta + T)
    dead = math.log(s) + log_i
    both = np.logaddexp(alive, dead)
    wa = np.exp(alive - both)
    wd = 1.0 - wa
    ll = special.gammaln(rx) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta) + both
    d_r = (
        special.digamma(rx)
        - special.digamma(r)
        + math.log(alpha)
        - wa * np.log(alpha + T)
        - wd * (share * l_a).sum(axis=1)
    )
    d_alpha = r / alpha - rx * (wa / (alpha + T) + wd * (share / tau_a).sum(axis=1))
    d_s = math.log(beta) - wa * np.log(beta + T) + wd * (1.0 / s - (share * l_b).sum(axis=1))
    d_beta = s / beta - wa * s / (beta + T) - wd * (s + 1.0) * (share / tau_b).sum(axis=1)
    grad = np.array([(weight * d).sum() for d in (d_r, d_alpha, d_s, d_beta)])
    return float((weight * ll).sum()), grad * np.array([r, alpha, s, beta])


def fit_pareto_nbd(
    x: Sequence[float],
    t_x: Sequence[float],
    T: Sequence[float],
    *,
    start: tuple[float, float] | None = None,
) -> ParetoNbd:
    """Maximum-likelihood Pareto/NBD parameters. ``start`` = (r, α) to begin from (a
    BG/NBD fit's are close). Raises ``ParetoFitError`` with fewer than 10 customers or
    no repeat buyer."""
    xa, txa, Ta = _arrays(x, t_x, T)
    if len(xa) < 10 or not (xa > 0).any():
        raise ParetoFitError("Pareto/NBD needs at least 10 customers, some of them repeat buyers")
    if (xa < 0).any() or (txa < 0).any() or (txa > Ta).any():
        raise ValueError("need x >= 0 and 0 <= t_x <= T")
    n = len(xa)
    sx, stx, sT = xa, txa, Ta
    if n > FIT_SAMPLE:  # in the order given (member ids): every part of the history
        pick = _spread_sample(n, FIT_SAMPLE)
        sx, stx, sT = xa[pick], txa[pick], Ta[pick]
    fx, ftx, fT, weight = _fold(sx, stx, sT)
    m = float(weight.sum())

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        ll, grad = _quad_objective(theta, fx, ftx, fT, weight)
        return -ll / m, -grad / m

    rate = max(((weight * fx).sum() + 1.0) / max((weight * fT).sum(), 1.0), 1e-6)
    r0, alpha0 = start if start is not None else (1.0, 1.0 / rate)
    best: tuple[np.ndarray, float, bool] | None = None
    for s0, beta_scale in ((1.0, 1.0), (0.5, 3.0), (2.0, 0.3)):
        theta, value, ok = maximise(fun, np.log([r0, alpha0, s0, alpha0 * beta_scale]))
        if best is None or value < best[1]:
            best = (theta, value, ok)
        if ok:
            break
    assert best is not None
    r, alpha, s, beta = (float(v) for v in np.exp(best[0]))
    fitted = ParetoNbd(r, alpha, s, beta)
    with np.errstate(all="ignore"):
        exact = log_likelihood(fitted, fx, ftx, fT)
    total = float((weight * exact).sum()) * n / m
    return ParetoNbd(r, alpha, s, beta, log_likelihood=total, n=n, converged=best[2])


def _distinct(
    xa: np.ndarray, txa: np.ndarray, Ta: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Whole-day inputs once per distinct (x, t_x, T) and the index back, or None (a
    big store's customers repeat: half as many distinct rows, and hyp2f1 is the cost)."""
    if len(xa) < 2048:
        return None
    cols = (xa, txa, Ta)
    if any(not np.all(c == np.floor(c)) or c.min() < 0 or c.max() >= 2**20 for c in cols):
        return None
    key = (xa.astype(np.int64) * 2**20 + txa.astype(np.int64)) * 2**20 + Ta.astype(np.int64)
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    return xa[first], txa[first], Ta[first], inv


def p_alive(
    params: ParetoNbd, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """P(still alive | x, t_x, T) per customer."""
    xa, txa, Ta = _arrays(x, t_x, T)
    folded = _distinct(xa, txa, Ta)
    if folded is not None:
        ux, utx, uT, inv = folded
        return _p_alive_rows(params, ux, utx, uT)[inv]
    return _p_alive_rows(params, xa, txa, Ta)


def _p_alive_rows(params: ParetoNbd, xa: np.ndarray, txa: np.ndarray, Ta: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        alive, dead, _ = _log_terms(params.r, params.alpha, params.s, params.beta, xa, txa, Ta)
        out = np.exp(alive - np.logaddexp(alive, dead))
    return np.where(np.isfinite(out), out, 0.0)


def expected_given_alive(params: ParetoNbd, t: float, x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """E[Y(t)] for a customer known to be alive at T."""
    r, alpha, s, beta = params.r, params.alpha, params.s, params.beta
    if t <= 0:
        return np.zeros_like(x, dtype=np.float64)
    log_ratio = np.log(beta + T) - np.log(beta + T + t)  # < 0
    near_one = abs(s - 1.0) < 1e-9
    factor = -log_ratio if near_one else -np.expm1((s - 1.0) * log_ratio) / (s - 1.0)
    return (r + x) * (beta + T) / (alpha + T) * factor


def expected_purchases(
    params: ParetoNbd, t: float, x: Sequence[float], t_x: Sequence[float], T: Sequence[float]
) -> np.ndarray:
    """Expected purchases (transactions) in the next ``t`` days per customer."""
    xa, txa, Ta = _arrays(x, t_x, T)
    return p_alive(params, xa, txa, Ta) * expected_given_alive(params, float(t), xa, Ta)


def simulate(
    params: ParetoNbd, T: Sequence[float], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw (x, t_x) for customers observed ``T`` days after their first purchase."""
    Ta = np.asarray(T, dtype=np.float64)
    n = len(Ta)
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    mu = rng.gamma(params.s, 1.0 / params.beta, n)
    end = np.minimum(rng.exponential(1.0, n) / mu, Ta)
    x = np.zeros(n, dtype=np.int64)
    t_x = np.zeros(n)
    now = np.zeros(n)
    active = np.arange(n)
    while len(active):
        now[active] += rng.exponential(1.0, len(active)) / lam[active]
        active = active[now[active] <= end[active]]
        x[active] += 1
        t_x[active] = now[active]
    return x, t_x
