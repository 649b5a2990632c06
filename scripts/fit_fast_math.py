#!/usr/bin/env python3
"""Minimax polynomial coefficients for src/backend/wasm/math/fast.ts.

Each fit minimises the weighted maximum error of sum_j c_j * basis_j(x) against
a float64/mpmath target with Lawson's algorithm (iteratively reweighted least
squares on a dense grid, which converges to the minimax solution). The
coefficients are then rounded to float32 one at a time, lowest order first,
refitting the remaining ones after each rounding so the later ones absorb the
rounding error. Prints each fit's weighted max error (in units of 2^-24) and
the coefficients, highest degree first (the order fast.ts's Horner uses).

Run: python3 scripts/fit_fast_math.py
"""
import math

import mpmath
import numpy as np

mpmath.mp.dps = 40


def f32(v):
    return float(np.float32(v))


def lawson(A, b, w, iters=400):
    """Weighted minimax fit: min_c max_i |w_i (A c - b)_i|."""
    n = len(b)
    u = np.full(n, 1.0 / n)
    c = None
    for _ in range(iters):
        sw = np.sqrt(u) * w
        c, *_ = np.linalg.lstsq(A * sw[:, None], b * sw, rcond=None)
        e = np.abs((A @ c - b) * w)
        u = u * e
        s = u.sum()
        if s == 0:
            break
        u /= s
    return c


def fit(name, xs, target, powers, weight, fixed=None):
    """target(x) ~ sum_j c_j x^powers[j]; returns float32 coefficients (low order first)."""
    fixed = dict(fixed or {})
    ys = np.array([float(target(mpmath.mpf(float(x)))) for x in xs])
    w = np.array([weight(float(x)) for x in xs])
    coefs = {}
    free = [p for p in powers if p not in fixed]
    coefs.update(fixed)
    while free:
        b = ys - sum(c * xs ** p for p, c in coefs.items())
        A = np.stack([xs ** p for p in free], axis=1)
        c = lawson(A, b, w)
        coefs[free[0]] = f32(c[0])  # round the lowest free power, refit the rest
        free = free[1:]
    err = np.abs((sum(c * xs ** p for p, c in coefs.items()) - ys) * w)
    out = [coefs[p] for p in powers]
    print(f"{name}: max weighted error {err.max() / 2**-24:.4f} * 2^-24")
    print("  [" + ", ".join(repr(np.float32(v).item()) for v in reversed(out)) + "]")
    return out


def grid(a, b, n=6000):
    # Chebyshev-distributed points (dense near the ends, where minimax errors peak).
    t = np.cos(np.linspace(math.pi, 0, n))
    return a + (b - a) * (t + 1) / 2


LN2H = math.log(2) / 2

# exp: e^r = 1 + r + r^2 P(r), |r| <= ln2/2 (plus rounding slack). Absolute error (e^r ~ 1).
fit("exp r^2..r^6", grid(-LN2H * 1.01, LN2H * 1.01), lambda r: mpmath.exp(r) - 1 - r, [2, 3, 4, 5, 6],
    lambda r: 1 / math.exp(r))

# expm1: expm1(r) = r + r^2 P(r), |r| <= 0.75 (k is forced to 0 below 0.75). Relative error.
fit("expm1 r^2..r^8", grid(-0.76, 0.76), lambda r: mpmath.expm1(r) - r, [2, 3, 4, 5, 6, 7, 8],
    lambda r: 1 / abs(math.expm1(r)) if r != 0 else 1)

# tanh: tanh(x) = x + x^3 P(x^2), 0 <= x <= 0.625. Relative error.
fit("tanh x^3..x^11", grid(1e-4, 0.63), lambda x: mpmath.tanh(x) - x, [3, 5, 7, 9, 11],
    lambda x: 1 / math.tanh(x))

# sin(r) = r + r^3 S(r^2), cos(r) = 1 - r^2/2 + r^4 C(r^2), |r| <= pi/4 (plus slack).
PIO4 = math.pi / 4 * 1.001
fit("sin x^3..x^7", grid(1e-4, PIO4), lambda x: mpmath.sin(x) - x, [3, 5, 7], lambda x: 1 / math.sin(x))
fit("cos x^4..x^8", grid(0, PIO4), lambda x: mpmath.cos(x) - 1 + x * x / 2, [4, 6, 8], lambda x: 1 / math.cos(x))

# erf, |x| < ERF_T: erf(x) = x + x Q(x^2). Relative error.
ERF_T = 0.921875
fit("erf small x^1..x^13", grid(1e-4, ERF_T * 1.001), lambda x: mpmath.erf(x) - x, [1, 3, 5, 7, 9, 11, 13],
    lambda x: 1 / math.erf(x))

# erf, ERF_T <= x <= 4: erf = 1 - exp(P(x)), P ~ log(erfc(x)). An absolute error d in P is a
# relative error d in erfc, i.e. an error d * erfc/erf relative to erf: weight erfc/erf.
fit("erf big x^0..x^6", grid(ERF_T * 0.999, 4.0), lambda x: mpmath.log(mpmath.erfc(x)), list(range(7)),
    lambda x: math.erfc(x) / math.erf(x))
