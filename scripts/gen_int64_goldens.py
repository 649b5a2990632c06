"""int64/uint64 arithmetic under jax_enable_x64, for test/backend/int64.test.ts.

    JAX_PLATFORMS=cpu python scripts/gen_int64_goldens.py   # writes test/goldens/int64.json
Inputs and results are exact integers written as decimal strings (floats as
numbers); the test builds each case by name from the same inputs. Results
wrap at 2^64 as XLA's; jaxts stores int64 in float64 slots, so it matches
each result rounded to the nearest double (exact below 2^53).
"""
import json, pathlib
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp, numpy as np
from jax import lax

I = jnp.int64
inputs = {
    "a": (I, [0, 1, -1, 7, -7, 123456789, -987654321012, 2**40 + 3, -(2**50), 2**52]),
    "b": (I, [3, -2, 0, 5, -1, 1000, 7, -3, 0, 2]),
    "sh": (I, [0, 1, 3, 63, 64, 65, -1, 10, 32, 2]),
    "w": (I, [2**62, -(2**62), 2**61, 3, -(2**63), 2**52 + 2**51]),
    "f": (jnp.float64, [1.5, -2.7, 1e10, -1e19, float("nan"), 2.5e15, -0.5, 3e3, 7.9, -8.1]),
    "n32": (jnp.int32, [-5, 2147483647, -2147483648, 0]),
    "m": (I, [[3, -1, 8], [2**40, -5, 0], [7, 7, -(2**45)], [0, 1, 2]]),
    "i": (I, [3, 0, 9, 2, 2]),
    "k": (I, 3),
    "u": (jnp.uint64, [0, 1, 5, 2**40, 2**63, 2**63 + 2**62, 12, 7]),
    "v": (jnp.uint64, [3, 9, 2, 7, 1, 2**62, 5, 11]),
}
X = {k: jnp.array(v, dtype=d) for k, (d, v) in inputs.items()}
a, b, sh, w, f, n32, m, i, k, u, v = (X[n] for n in ["a", "b", "sh", "w", "f", "n32", "m", "i", "k", "u", "v"])

cases = {
    "a + b": lambda: a + b,
    "a - b": lambda: a - b,
    "a * b": lambda: a * b,
    "div(a, b)": lambda: lax.div(a, b),
    "rem(a, b)": lambda: lax.rem(a, b),
    "a // b": lambda: jnp.floor_divide(a, b),
    "neg(a)": lambda: -a,
    "abs(a)": lambda: jnp.abs(a),
    "sign(a)": lambda: jnp.sign(a),
    "maximum(a, b)": lambda: jnp.maximum(a, b),
    "minimum(a, b)": lambda: jnp.minimum(a, b),
    "square(a)": lambda: jnp.square(a),
    "integer_pow(a, 3)": lambda: lax.integer_pow(a, 3),
    "a * 3 + 1": lambda: a * 3 + 1,
    "w * 4": lambda: w * 4,
    "w + w": lambda: w + w,
    "w * w": lambda: w * w,
    "neg(w)": lambda: -w,
    "abs(w)": lambda: jnp.abs(w),
    "div(w, -1)": lambda: lax.div(w, jnp.int64(-1)),
    "rem(w, -1)": lambda: lax.rem(w, jnp.int64(-1)),
    "a == b": lambda: a == b,
    "a != b": lambda: a != b,
    "a < b": lambda: a < b,
    "a <= b": lambda: a <= b,
    "a > b": lambda: a > b,
    "a >= b": lambda: a >= b,
    "where(a > b, a, b * 2)": lambda: jnp.where(a > b, a, b * 2),
    "clip(a, -100, 1000)": lambda: jnp.clip(a, -100, 1000),
    "select([a > 0, a < -5], [a, b])": lambda: jnp.select([a > 0, a < -5], [a, b]),
    "select_n(i64 which, a, b, sh)": lambda: lax.select_n(jnp.abs(b) % 3, a, b, sh),
    "a & b": lambda: a & b,
    "a | b": lambda: a | b,
    "a ^ b": lambda: a ^ b,
    "~a": lambda: ~a,
    "shift_left(a, sh)": lambda: lax.shift_left(a, sh),
    "shift_right_arithmetic(a, sh)": lambda: lax.shift_right_arithmetic(a, sh),
    "shift_right_logical(a, sh)": lambda: lax.shift_right_logical(a, sh),
    "a.astype(float32)": lambda: a.astype(jnp.float32),
    "a.astype(float64)": lambda: a.astype(jnp.float64),
    "a.astype(int32)": lambda: a.astype(jnp.int32),
    "a.astype(uint32)": lambda: a.astype(jnp.uint32),
    "a.astype(bool)": lambda: a.astype(jnp.bool_),
    "f.astype(int64)": lambda: f.astype(I),
    "f.astype(float32).astype(int64)": lambda: f.astype(jnp.float32).astype(I),
    "n32.astype(int64) + 1": lambda: n32.astype(I) + 1,
    "(a > 0).astype(int64)": lambda: (a > 0).astype(I),
    "bitcast(a, uint64)": lambda: lax.bitcast_convert_type(a, jnp.uint64),
    "bitcast(u, int64)": lambda: lax.bitcast_convert_type(u, I),
    "bitcast(a, float64)": lambda: lax.bitcast_convert_type(a, jnp.float64),
    "bitcast(f, int64)": lambda: lax.bitcast_convert_type(f, I),
    "sum(m)": lambda: jnp.sum(m),
    "sum(m, 0)": lambda: jnp.sum(m, 0),
    "prod(m, 1)": lambda: jnp.prod(m, 1),
    "max(m, 1)": lambda: jnp.max(m, 1),
    "min(m, 0)": lambda: jnp.min(m, 0),
    "argmax(m, 1)": lambda: jnp.argmax(m, 1),
    "argmin(m, 0)": lambda: jnp.argmin(m, 0),
    "cumsum(a)": lambda: jnp.cumsum(a),
    "sum(a * a)": lambda: jnp.sum(a * a),
    "sum(w)": lambda: jnp.sum(w),
    "prod(w)": lambda: jnp.prod(w),
    "max(m - 2**50)": lambda: jnp.max(m - 2**50),
    "min(u[4:6])": lambda: jnp.min(u[4:6]),
    "iinfo(int64).max + 0": lambda: jnp.array(np.iinfo(np.int64).max) + 0,
    "cumsum(m, 0)": lambda: jnp.cumsum(m, 0),
    "cumprod(m, 1)": lambda: jnp.cumprod(m, 1),
    "cummax(m, 0)": lambda: lax.cummax(m, 0),
    "cummin(a, reverse)": lambda: lax.cummin(a, 0, reverse=True),
    "cumsum(w)": lambda: jnp.cumsum(w),
    "cumsum(u)": lambda: jnp.cumsum(u),
    "cummax(u)": lambda: lax.cummax(u, 0),
    "arange(10)": lambda: jnp.arange(10),
    "iota(int64, 6)": lambda: lax.iota(I, 6),
    "arange(10) * 2**40": lambda: jnp.arange(10) * 2**40,
    "arange(2, 20, 3)": lambda: jnp.arange(2, 20, 3),
    "a[i]": lambda: a[i],
    "take(a, i)": lambda: jnp.take(a, i),
    "dynamic_slice(a, k, 4)": lambda: lax.dynamic_slice(a, (k,), (4,)),
    "dynamic_update_slice(a, b[:3], k)": lambda: lax.dynamic_update_slice(a, b[:3], (k,)),
    "u + v": lambda: u + v,
    "u * v": lambda: u * v,
    "div(u, v)": lambda: lax.div(u, v),
    "rem(u, v)": lambda: lax.rem(u, v),
    "maximum(u, v)": lambda: jnp.maximum(u, v),
    "minimum(u, v)": lambda: jnp.minimum(u, v),
    "u > v": lambda: u > v,
    "shift_right_logical(u, 3)": lambda: lax.shift_right_logical(u, jnp.uint64(3)),
    "u.astype(float32)": lambda: u.astype(jnp.float32),
    "u.astype(float64)": lambda: u.astype(jnp.float64),
    "u.astype(int64)": lambda: u.astype(I),
    "u - v": lambda: u - v,
    "neg(u)": lambda: -u,
    "sign(u)": lambda: jnp.sign(u),
    "abs(u)": lambda: jnp.abs(u),
    "~(u & v)": lambda: ~(u & v),
    "shift_left(u, v)": lambda: lax.shift_left(u, v),
    "integer_pow(u, 2)": lambda: lax.integer_pow(u, 2),
    "clamp(v, u, 2**62)": lambda: lax.clamp(v, u, jnp.full_like(u, 2**62)),
    "clamp(-100, a, 1000)": lambda: lax.clamp(jnp.int64(-100), a, jnp.int64(1000)),
    "max(u)": lambda: jnp.max(u),
    "sum(v)": lambda: jnp.sum(v),
}


def enc(x):
    x = np.asarray(x)
    if x.dtype.kind in "iu":
        data = [str(int(e)) for e in x.ravel()]
    elif x.dtype == np.bool_:
        data = [bool(e) for e in x.ravel()]
    else:
        data = [None if np.isnan(e) else float(e) for e in x.ravel()]
    return {"dtype": str(x.dtype), "shape": list(x.shape), "data": data}


out = {
    "jax_version": jax.__version__,
    "inputs": {n: enc(X[n]) for n in X},
    "cases": {name: enc(fn()) for name, fn in cases.items()},
}
path = pathlib.Path(__file__).resolve().parent.parent / "test" / "goldens" / "int64.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
