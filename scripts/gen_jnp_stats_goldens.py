"""Golden outputs of jax.numpy's statistics, nan-reductions, searching, set,
polynomial and signal functions for test/jnp/stats_goldens.test.ts.

Run with a Python that has JAX 0.10.2 (x64 off, CPU):
    JAX_PLATFORMS=cpu python scripts/gen_jnp_stats_goldens.py
Writes test/goldens/jnp_stats.json. Each case: {fn, args, opts, expect, jit}:
`args` are the jaxts positional arguments (arrays as {"array": {shape, dtype,
data}}, Python scalars as plain numbers: weakly typed, as JS numbers are),
`opts` the trailing options object (camelCase keys; omitted when empty).
`expect` is {shape, dtype, weak, data}, {"tuple": [...]} for functions that
return several arrays, or {"error": true}. `jit: false` marks calls whose
output shape depends on values (unique without size, nonzero without size).
"""
import json, math
import numpy as np
import jax, jax.numpy as jnp

rng = np.random.default_rng(0)
nan, inf = float("nan"), float("inf")


def enc_val(v):
    if isinstance(v, (bool, np.bool_)): return bool(v)
    f = float(v)
    if math.isnan(f): return "nan"
    if math.isinf(f): return "inf" if f > 0 else "-inf"
    return int(v) if isinstance(v, (int, np.integer)) else f


def arr(a, dtype=None):
    a = np.asarray(a, dtype=dtype)
    if a.dtype == np.float64: a = a.astype("float32")
    if a.dtype == np.int64: a = a.astype("int32")
    return {"array": {"shape": list(a.shape), "dtype": str(a.dtype), "data": [enc_val(v) for v in a.ravel()]}}


def dec(x):
    if isinstance(x, dict) and "array" in x:
        a = x["array"]
        vals = [nan if v == "nan" else inf if v == "inf" else -inf if v == "-inf" else v for v in a["data"]]
        return jnp.asarray(np.array(vals, dtype=a["dtype"]).reshape(a["shape"]))
    if isinstance(x, list): return [dec(v) for v in x]
    if isinstance(x, dict): return {k: dec(v) for k, v in x.items()}
    return x


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def enc_out(r):
    if isinstance(r, (tuple, list)) or hasattr(r, "_fields"):
        return {"tuple": [enc_out(v) for v in r]}
    r = jnp.asarray(r)
    return {"shape": list(r.shape), "dtype": str(r.dtype), "weak": bool(getattr(r, "weak_type", False)),
            "data": [enc_val(v) for v in np.asarray(r).ravel()]}


cases = []


def case(fn, *args, py=None, jit=True, **opts):
    """jnp.<fn>(*args, {opts}) in jaxts; `py(*decoded_args)` in JAX (default jnp.<snake fn>(*args, **snake opts))."""
    jargs = [dec(a) for a in args]
    try:
        if py is None:
            f = getattr(jnp, snake(fn))
            kw = {snake(k): dec(v) for k, v in opts.items()}
            kw = {k: tuple(v) if isinstance(v, list) and k in ("axis", "axes") else v for k, v in kw.items()}
            jargs2 = [tuple(a) if isinstance(a, list) and i > 0 and all(isinstance(e, int) for e in a) else a
                      for i, a in enumerate(jargs)]
            r = f(*jargs2, **kw)
        else:
            r = py(*jargs)
        expect = enc_out(r)
    except Exception as e:  # noqa
        expect = {"error": True, "message": f"{type(e).__name__}: {e}"[:300]}
    c = {"fn": fn, "args": args, "expect": expect}
    if opts: c["opts"] = opts
    if not jit: c["jit"] = False
    cases.append(c)


def rnd(shape, dtype="float32", lo=-3, hi=3):
    if dtype == "bool": return arr(rng.random(shape) > 0.5)
    if dtype in ("int32", "uint32"):
        return arr(rng.integers(0 if dtype == "uint32" else lo, hi + 1, size=shape).astype(dtype))
    return arr(rng.uniform(lo, hi, size=shape).astype(dtype))


def with_nans(shape, frac=0.3, all_nan_row=False):
    a = rng.uniform(-3, 3, size=shape).astype("float32")
    a[rng.random(shape) < frac] = np.nan
    if all_nan_row: a[0] = np.nan
    return arr(a)


# ---- nan reductions
xn = with_nans((3, 4), all_nan_row=True)
xn1 = with_nans((6,))
xi = rnd((3, 4), "int32")
for fn in ["nansum", "nanprod", "nanmax", "nanmin", "nanmean", "nanvar", "nanstd"]:
    case(fn, xn); case(fn, xn, 0); case(fn, xn, 1); case(fn, xn, 1, keepdims=True); case(fn, xn1)
    case(fn, xi, 1); case(fn, rnd((2, 3, 2)), [0, 2])
    case(fn, 2.5)
case("nanvar", xn, 1, ddof=1); case("nanstd", xn, 0, ddof=2); case("nanvar", xi, None, ddof=1)
case("nansum", rnd((4,), "bool")); case("nanmax", arr(np.zeros((0, 3), "float32")), 0)
case("nanmean", arr(np.full((2, 2), np.nan, "float32")))
for fn in ["nanargmax", "nanargmin"]:
    case(fn, xn); case(fn, xn, 1); case(fn, xn, 0, keepdims=True); case(fn, xi, 0)
for fn in ["nancumsum", "nancumprod"]:
    case(fn, xn); case(fn, xn, 1); case(fn, xi, 0); case(fn, rnd((5,), "bool"))

# ---- quantiles
xq = rnd((3, 5)); xq4 = rnd((2, 3, 4))
for m in ["linear", "lower", "higher", "midpoint", "nearest"]:
    case("quantile", xq, 0.3, method=m); case("quantile", xq, arr([0.0, 0.25, 0.5, 0.9, 1.0]), 1, method=m)
    case("percentile", xq4, arr([10.0, 62.5]), [0, 2], method=m, keepdims=True)
    case("nanquantile", xn, arr([0.1, 0.5, 0.75]), 1, method=m)
    case("nanpercentile", xn, 40, 0, method=m)
case("quantile", xq4, 0.75, [0, 2]); case("quantile", xq4, 0.75, None, keepdims=True); case("quantile", xq4, 0.5, -1, keepdims=True)
case("quantile", xn, 0.5, 1); case("quantile", xi, 0.5); case("quantile", xi, 0.5, 1, method="lower")
case("quantile", xq, 0.5, method="bogus")
case("quantile", xq, arr([[0.5]]))
case("percentile", rnd((7,)), 50); case("percentile", xi, arr([25, 50]), 0)
case("median", xq); case("median", xq, 0); case("median", xq, 1, keepdims=True); case("median", xq4, [1, 2]); case("median", xi)
case("median", xn, 1)
case("nanmedian", xn); case("nanmedian", xn, 1); case("nanmedian", xn, 0, keepdims=True); case("nanmedian", xi, 0)

json.dump({"jax_version": jax.__version__, "cases": cases}, open("test/goldens/jnp_stats.json", "w"))
print(len(cases), "cases")
