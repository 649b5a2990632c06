#!/usr/bin/env python3
"""Goldens for results that must round exactly as JAX's (real JAX 0.10.2, CPU).

Writes test/goldens/rounding.json: float32 values, stored as their bit
patterns, of operations built only from IEEE-exact steps (+ - * / sqrt),
so the order in which JAX applies them is the only thing that decides the
result: integer_pow with negative exponents (1 / x**n, not (1/x)**n) and the
JVP rules of div, sqrt, atanh, max and min (ties and NaN tangents included).
A gradient's rounding matters where it cancels (sinc's near 0 lost 2 of
its digits to 4% when div's JVP rounded differently).

Run: JAX_PLATFORMS=cpu bench/.venv/bin/python scripts/gen_rounding_goldens.py
"""
import json
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

x = np.asarray([0.1, 0.3, 1.7, 3.0, 7.0, 13.5, 0.0173, 123.25, 1e-3, 2.5e4], np.float32)
y = np.asarray([0.7, 0.2, 3.3, 0.9, 11.0, 0.013, 5.5, 0.37, 2e-3, 17.0], np.float32)
t = np.asarray([1.0, -0.3, 2.5, 0.7, -1.9, 0.11, 3.3, -0.5, 9.0, 0.25], np.float32)
u = np.asarray([0.2, 0.4, -0.1, 0.9, 0.05, -0.7, 0.33, 0.6, -0.95, 0.5], np.float32)  # |u| < 1 for atanh


def bits(a):
    return np.asarray(a, np.float32).view(np.uint32).tolist()


def jvp(f, primals, tangents):
    return jax.jvp(f, primals, tangents)[1]


out = {"x": bits(x), "y": bits(y), "t": bits(t), "u": bits(u), "cases": {}}
C = out["cases"]
for n in [-1, -2, -3, -4, -5, 2, 3, 5]:
    C[f"integer_pow_{n}"] = bits(jax.lax.integer_pow(x, n))
C["div_jvp_x"] = bits(jvp(lambda a: a / y, (x,), (t,)))
C["div_jvp_y"] = bits(jvp(lambda b: x / b, (y,), (t,)))
# (Both tangents at once is left out: XLA contracts the sum of the two products into a fused multiply-add.)
C["sqrt_jvp"] = bits(jvp(jnp.sqrt, (x,), (t,)))
C["atanh_jvp"] = bits(jvp(jnp.arctanh, (u,), (t,)))
# max/min: ties (y = x at even positions) split as JAX's _balanced_eq; both weighted tangents are summed, so a
# NaN tangent on the side not taken still reaches the result (NaN * 0).
yt = np.where(np.arange(10) % 2 == 0, x, y).astype(np.float32)
tn = np.where(np.arange(10) % 3 == 0, np.float32(np.nan), u).astype(np.float32)
out["y_ties"] = bits(yt)
out["t_nan"] = bits(tn)
C["max_jvp"] = bits(jvp(jax.lax.max, (x, yt), (t, u)))
C["min_jvp"] = bits(jvp(jax.lax.min, (x, yt), (t, u)))
C["max_jvp_nan_tangent"] = bits(jvp(jax.lax.max, (x, yt), (t, tn)))

path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "rounding.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path))
