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
    if a.dtype == np.float64 and not X64: a = a.astype("float32")
    if a.dtype == np.int64 and not X64: a = a.astype("int32")
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


X64 = False


def case(fn, *args, py=None, jit=True, **opts):
    """jnp.<fn>(*args, {opts}) in jaxts; `py(*decoded_args)` in JAX (default jnp.<snake fn>(*args, **snake opts))."""
    jargs = [dec(a) for a in args]
    try:
        if py is None:
            f = getattr(jnp, snake(fn))
            kw = {snake(k): dec(v) for k, v in opts.items()}
            kw = {k: tuple(v) if isinstance(v, list) and k in ("axis", "axes", "fill_value", "range") else v for k, v in kw.items()}
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
    if X64: c["x64"] = True
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

# ---- quantile: inverted_cdf and weights
qw = rnd((3, 5), lo=0, hi=2); qw1 = rnd((5,), lo=0, hi=2)
case("quantile", xq, arr([0.0, 0.3, 0.5, 1.0]), 1, method="inverted_cdf"); case("quantile", xq, 0.4, None, method="inverted_cdf")
case("quantile", xq, 0.5, 1, method="inverted_cdf", weights=qw); case("quantile", xq, arr([0.2, 0.8]), 1, method="inverted_cdf", weights=qw1)
case("quantile", xq, 0.5, 1, method="inverted_cdf", weights=qw, keepdims=True); case("quantile", xq, 0.5, None, method="inverted_cdf", weights=qw)
case("quantile", xq, 0.5, 1, method="inverted_cdf", weights=arr(np.array([1.0, -1.0, 1.0, 1.0, 1.0], "float32")))
case("quantile", xn, 0.5, 1, method="inverted_cdf"); case("nanquantile", xn, arr([0.3, 0.6]), 1, method="inverted_cdf"); case("nanquantile", xn, 0.5, 1, method="inverted_cdf", weights=rnd((3, 4), lo=0, hi=2))
case("percentile", xq, 50, 1, method="inverted_cdf", weights=qw); case("quantile", xq, 0.5, 1, weights=qw); case("quantile", xq, 0.5, None, method="inverted_cdf", weights=qw1)
case("quantile", xq4, 0.5, [0, 2], method="inverted_cdf", weights=rnd((2, 4), lo=0, hi=1))

# ---- searching and counting
mask = arr(np.array([[0, 1, 0, 2], [3, 0, 0, 4], [0, 0, 5, 0]], "float32"))
bm = rnd((2, 3, 2), "bool")
case("nonzero", mask, jit=False); case("nonzero", bm, jit=False); case("nonzero", rnd((5,), "int32"), jit=False)
case("nonzero", mask, size=3); case("nonzero", mask, size=8); case("nonzero", mask, size=8, fillValue=-1)
case("nonzero", mask, size=7, fillValue=[9, 8]); case("nonzero", bm, size=0); case("nonzero", arr(np.zeros((0, 2), "float32")), size=2)
case("nonzero", 3.0)
case("argwhere", mask, jit=False); case("argwhere", mask, size=6, fillValue=-1); case("argwhere", bm, size=3); case("argwhere", 1.0, jit=False)
case("argwhere", arr(np.zeros((3,), "int32")), jit=False)
case("where", mask, jit=False, py=lambda m: jnp.where(m)); case("where", mask, size=9, py=lambda m: jnp.where(m, size=9))
case("where", bm, size=4, fillValue=7, py=lambda m: jnp.where(m, size=4, fill_value=7))
srt = arr(np.array([-inf, -2.0, -1.0, 0.0, 0.0, 1.5, 3.0, inf, nan], "float32"))
qv = arr(np.array([[-3.0, 0.0, 1.5], [nan, inf, -inf]], "float32"))
for side in ["left", "right"]:
    for m in ["scan", "scan_unrolled", "compare_all", "sort"]:
        case("searchsorted", srt, qv, side=side, method=m)
    case("searchsorted", arr(np.array([1, 3, 3, 5, 9], "int32")), arr(np.array([0, 3, 4, 9, 10], "int32")), side=side)
    case("searchsorted", arr(np.array([1, 3, 5], "int32")), 3, side=side); case("searchsorted", arr(np.array([1, 3, 5], "int32")), 2.5, side=side)
case("searchsorted", arr(np.array([5.0, 1.0, 3.0], "float32")), arr(np.array([2.0, 4.0, 6.0], "float32")), sorter=arr(np.array([1, 2, 0], "int32")))
case("searchsorted", arr(np.zeros((0,), "float32")), arr(np.array([1.0], "float32")))
case("searchsorted", rnd((2, 2)), 1.0)
case("searchsorted", arr(np.array([1.0, 2.0], "float32")), 1.0, side="middle")
bins_up = arr(np.array([0.0, 1.0, 2.5, 4.0], "float32")); bins_dn = arr(np.array([4.0, 2.5, 1.0, 0.0], "float32"))
xd = arr(np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 5.0], "float32"))
case("digitize", xd, bins_up); case("digitize", xd, bins_up, True); case("digitize", xd, bins_dn); case("digitize", xd, bins_dn, True)
case("digitize", rnd((2, 3), "int32"), arr(np.array([-1, 0, 2], "int32"))); case("digitize", xd, arr(np.zeros((0,), "float32")))
case("digitize", xd, rnd((2, 2)))
xb = arr(np.array([0, 1, 1, 3, 2, 1, 7], "int32"))
case("bincount", xb, jit=False); case("bincount", xb, length=5); case("bincount", xb, minlength=10, jit=False)
case("bincount", xb, weights=rnd((7,)), length=9); case("bincount", arr(np.array([-1, 2, 5], "int32")), length=4)
case("bincount", rnd((6,), "bool"), length=3); case("bincount", rnd((4,)), jit=False); case("bincount", rnd((2, 2), "int32"), jit=False)
case("bincount", xb, weights=rnd((7,), "int32"), length=8)
k1 = arr(np.array([4, 2, 3, 2, 5, 2], "int32")); k2 = arr(np.array([2, 1, 1, 2, 2, 1], "int32")); kf = arr(np.array([0.5, 0.5, -1.0, 0.5, 0.5, -1.0], "float32"))
case("lexsort", [k1]); case("lexsort", [k1, k2]); case("lexsort", [k1, k2, kf]); case("lexsort", [rnd((2, 4), "int32", 0, 2), rnd((2, 4), "int32", 0, 2)], 0)
case("lexsort", [rnd((3, 4), "int32", 0, 2), rnd((3, 4), "int32", 0, 2)])
xp = arr(np.array([6, 8, 4, 3, 1, 9, 7, 5, 2, 3], "int32"))
for k in [0, 3, 4, 9, -2]:
    case("partition", xp, k); case("argpartition", xp, k)
xp2 = rnd((3, 5)); xpu = arr(np.array([3, 0, 2, 0, 1], "uint32"))
case("partition", xp2, 2, 0); case("partition", xp2, 1); case("argpartition", xp2, 2, 0); case("argpartition", xp2, 3)
case("partition", xpu, 1); case("argpartition", xpu, 2); case("partition", xp, 10)

# ---- set operations
u1 = arr(np.array([3, 4, 1, 3, 1, 7, 4, 4], "int32"))
uf = arr(np.array([2.0, nan, 1.0, nan, 2.0, -0.0, 0.0, inf], "float32"))
um = arr(np.array([[1, 2], [2, 3], [1, 2], [0, 5]], "int32"))
def uq(x, **kw): return case("unique", x, py=lambda a: jnp.unique(a, **{snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in kw.items()}), jit="size" in kw, **kw)
uq(u1); uq(uf); uq(um); uq(um, axis=0); uq(um, axis=1); uq(uf, equalNan=False)
uq(u1, returnIndex=True, returnInverse=True, returnCounts=True); uq(um, returnInverse=True); uq(um, axis=0, returnIndex=True, returnInverse=True, returnCounts=True)
uq(uf, returnCounts=True); uq(uf, returnCounts=True, equalNan=False)
uq(u1, size=3); uq(u1, size=6); uq(u1, size=6, fillValue=-1); uq(u1, size=6, returnIndex=True, returnInverse=True, returnCounts=True)
uq(uf, size=7, returnCounts=True); uq(um, axis=0, size=4, fillValue=9, returnCounts=True, returnIndex=True)
uq(arr(np.zeros((0,), "float32"))); uq(arr(np.zeros((0,), "float32")), size=2); uq(arr(np.zeros((0,), "float32")), size=2, fillValue=1.5)
uq(arr(np.zeros((0,), "int32")), returnCounts=True, returnIndex=True, returnInverse=True)
for fn in ["uniqueAll", "uniqueCounts", "uniqueInverse", "uniqueValues"]:
    case(fn, u1, jit=False); case(fn, uf, jit=False); case(fn, um, size=5); case(fn, u1, size=6, fillValue=0)
t1 = arr(np.array([1, 2, 3, 4, 9], "int32")); t2 = arr(np.array([[1, 5, 6], [3, 7, 1]], "int32"))
for m in ["auto", "compare_all", "binary_search", "sort"]:
    case("isin", t1, t2, method=m); case("isin", t2, t1, method=m, invert=True); case("isin", uf, uf, method=m)
case("isin", t1, arr(np.zeros((0,), "int32"))); case("isin", t1, arr(np.array([1.0, 2.5], "float32"))); case("isin", 3, t1)
case("isin", t1, t2, method="nope")
a1 = arr(np.array([1, 2, 3, 4, 4, 2], "int32")); a2 = arr(np.array([3, 4, 5, 6, 3], "int32")); af = arr(np.array([0.5, 2.0, 3.0], "float32"))
for fn in ["setdiff1d", "union1d", "setxor1d", "intersect1d"]:
    case(fn, a1, a2, jit=False); case(fn, a2, a1, jit=False); case(fn, a1, af, jit=False)
    case(fn, a1, a2, size=8); case(fn, a1, a2, size=2); case(fn, a1, a2, size=7, fillValue=-1)
    case(fn, arr(np.zeros((0,), "int32")), a2, jit=False); case(fn, arr(np.zeros((0,), "int32")), a2, size=3, fillValue=0)
    case(fn, t2, a2, size=6)
    if fn != "union1d":
        ua1 = arr(np.array([1, 5, 3], "int32")); ua2 = arr(np.array([5, 2, 1, 8], "int32"))
        case(fn, ua1, ua2, assumeUnique=True, jit=False); case(fn, ua1, ua2, assumeUnique=True, size=5)
case("intersect1d", a1, a2, returnIndices=True, jit=False); case("intersect1d", a1, a2, returnIndices=True, size=4)
case("intersect1d", a1, a2, returnIndices=True, size=4, fillValue=0); case("intersect1d", arr(np.array([1, 5, 3], "int32")), arr(np.array([5, 2, 1], "int32")), returnIndices=True, assumeUnique=True, size=3)
case("intersect1d", arr(np.array([1, 5, 3], "int32")), arr(np.array([5, 2, 1], "int32")), returnIndices=True, assumeUnique=True, jit=False)

# ---- differences, integration, products, interpolation
x5 = rnd((5,)); x34 = rnd((3, 4)); i6 = rnd((6,), "int32"); b6 = rnd((6,), "bool")
case("diff", x5); case("diff", x34); case("diff", x34, axis=0); case("diff", x34, n=2); case("diff", x34, n=0); case("diff", i6, n=3)
case("diff", b6); case("diff", x34, prepend=0.5, append=arr(np.ones((3, 2), "float32"))); case("diff", i6, prepend=1.5)
case("diff", x34, axis=0, prepend=arr(np.zeros((1, 4), "int32")), n=2); case("diff", x5, n=-1); case("diff", 3.0); case("diff", x5, n=7)
case("gradient", x5); case("gradient", x34); case("gradient", x34, axis=1); case("gradient", x34, 2.0, axis=0)
case("gradient", x34, 0.5, 2.0); case("gradient", x5, arr(np.array([0.0, 0.5, 1.5, 2.0, 4.0], "float32"))); case("gradient", i6)
case("gradient", x34, arr(np.array([0.0, 1.0, 3.0], "float32")), arr(np.array([0.0, 0.5, 1.5, 2.0], "float32")))
case("gradient", x34, axis=[0, 1]); case("gradient", rnd((1, 3))); case("gradient", x34, 1.0, 2.0, 3.0)
case("trapezoid", x5); case("trapezoid", x34); case("trapezoid", x34, dx=0.5); case("trapezoid", x34, axis=0)
case("trapezoid", x34, x=arr(np.array([0.0, 1.0, 3.0, 3.5], "float32"))); case("trapezoid", x34, x=rnd((3, 4)), axis=0); case("trapezoid", i6)
case("trapezoid", x34, x=arr(np.array([0.0, 1.0, 3.0], "float32")), axis=0)
v3 = rnd((4, 3)); w3 = rnd((4, 3)); v2 = rnd((4, 2))
case("cross", v3, w3); case("cross", v2, w3); case("cross", v3, v2); case("cross", v2, v2); case("cross", rnd((3,)), rnd((3,)))
case("cross", rnd((3, 4)), rnd((3, 4)), axis=0); case("cross", rnd((3, 4)), rnd((4, 3)), axisa=0, axisc=0)
case("cross", rnd((2, 3), "int32"), rnd((2, 3), "int32")); case("cross", rnd((4,)), rnd((3,)))
case("kron", rnd((2, 3)), rnd((2, 2))); case("kron", rnd((3,)), rnd((2, 2))); case("kron", rnd((2, 2), "int32"), rnd((2,), "int32"))
case("kron", 2.0, rnd((3,))); case("kron", rnd((2, 1, 2)), rnd((3, 2)))
xp_ = arr(np.array([0.0, 1.0, 2.5, 4.0, 4.0, 6.0], "float32")); fp_ = rnd((6,)); xq_ = arr(np.array([-1.0, 0.0, 0.5, 2.5, 3.9, 4.0, 5.0, 6.0, 7.0, nan], "float32"))
case("interp", xq_, xp_, fp_); case("interp", xq_, xp_, fp_, left=-10.0, right=10.0); case("interp", xq_, xp_, fp_, left="extrapolate", right="extrapolate")
case("interp", xq_, xp_, fp_, period=5.0); case("interp", rnd((2, 3)), arr(np.array([0, 1, 2], "int32")), arr(np.array([1, 5, 2], "int32")))
case("interp", 1.5, xp_, fp_); case("interp", xq_, xp_, rnd((5,))); case("interp", xq_, xp_, fp_, left="bad")
ph = arr(np.cumsum(rng.uniform(-2.5, 2.5, size=12)).astype("float32") % (2 * np.pi))
case("unwrap", ph); case("unwrap", arr(np.array([[0.0, 3.0, 6.5, 1.0], [5.0, -1.0, 2.0, 9.0]], "float32")), axis=0)
case("unwrap", ph, discont=4.0); case("unwrap", ph, period=4.0); case("unwrap", arr(np.array([0, 5, 9, 2, 12], "int32")), period=6)
case("unwrap", arr(np.zeros((0,), "float32")))
tz = arr(np.array([0, 0, 1, 2, 0, 3, 0], "int32"))
case("trimZeros", tz, jit=False); case("trimZeros", tz, trim="f", jit=False); case("trimZeros", tz, trim="b", jit=False)
case("trimZeros", arr(np.zeros((4,), "float32")), jit=False); case("trimZeros", arr(np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], "int32")), jit=False)
case("trimZeros", arr(np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], "int32")), axis=1, jit=False)
mx = arr(np.array([1.0, 2.0, 3.0], "float32")); my = arr(np.array([10, 20], "int32")); mz = rnd((4,))
case("meshgrid", mx, my); case("meshgrid", mx, my, indexing="ij"); case("meshgrid", mx, my, mz); case("meshgrid", mx, my, mz, indexing="ij", sparse=True)
case("meshgrid", mx, my, sparse=True); case("meshgrid", mx); case("meshgrid", py=lambda: jnp.meshgrid()); case("meshgrid", rnd((2, 2)), mx)
case("meshgrid", mx, indexing="yx")

# ---- convolution
ca = rnd((7,)); cv = rnd((3,)); cv4 = rnd((4,))
for mode in ["full", "same", "valid"]:
    for fn in ["convolve", "correlate"]:
        case(fn, ca, cv, mode=mode); case(fn, cv, ca, mode=mode); case(fn, ca, cv4, mode=mode); case(fn, cv4, ca, mode=mode)
case("convolve", ca, cv); case("correlate", ca, cv); case("convolve", rnd((5,), "int32"), rnd((2,), "int32"))
case("convolve", rnd((5,), "int32"), rnd((2,), "int32"), preferredElementType="int32", py=lambda a, v: jnp.convolve(a, v, preferred_element_type=jnp.int32))
case("convolve", ca, cv, mode="bogus"); case("convolve", rnd((2, 2)), cv); case("correlate", ca, arr(np.zeros((0,), "float32")))
case("convolve", 2.0, cv)

# ---- histograms
hx = arr(np.array([0.5, 1.0, 1.0, 2.2, 3.0, 3.0, 4.9, 5.0, -1.0, 2.5], "float32"))
hw = rnd((10,), lo=0, hi=2)
case("histogram", hx); case("histogram", hx, bins=4); case("histogram", hx, bins=3, range=[0.0, 3.0]); case("histogram", hx, bins=arr(np.array([0.0, 1.0, 2.5, 4.0], "float32")))
case("histogram", hx, bins=5, weights=hw); case("histogram", hx, bins=5, density=True); case("histogram", hx, bins=4, weights=hw, density=True)
case("histogram", rnd((4, 3), "int32"), bins=3); case("histogram", arr(np.array([2.0, 2.0, 2.0], "float32")), bins=2)
case("histogram", hx, weights=rnd((3,)))
case("histogramBinEdges", hx); case("histogramBinEdges", hx, bins=3, range=[1.0, 2.0]); case("histogramBinEdges", rnd((5,), "int32"), bins=2)
case("histogramBinEdges", hx, bins=arr(np.array([0, 2, 4], "int32")))
sx = rnd((12,)); sy = rnd((12,)); sw = rnd((12,), lo=0, hi=1)
case("histogram2d", sx, sy); case("histogram2d", sx, sy, bins=3); case("histogram2d", sx, sy, bins=[2, 4]); case("histogram2d", sx, sy, bins=3, weights=sw, density=True)
case("histogram2d", sx, sy, bins=[arr(np.array([-3.0, 0.0, 3.0], "float32")), 3], range=[[-3.0, 3.0], [-2.0, 2.0]])
case("histogram2d", sx, sy, bins=arr(np.array([-3.0, -1.0, 0.0, 1.0, 3.0], "float32")))
sd = rnd((10, 3))
case("histogramdd", sd); case("histogramdd", sd, bins=2); case("histogramdd", sd, bins=[2, 3, 4], weights=rnd((10,)))
case("histogramdd", sd, bins=[2, 2, 3], density=True, range=[[-3.0, 3.0], None, [-1.0, 1.0]]); case("histogramdd", sd, bins=[2, 2])

# ---- covariance
cm = rnd((3, 6)); cy = rnd((6,))
case("cov", cm); case("cov", cm, rowvar=False); case("cov", cm, bias=True); case("cov", cm, ddof=2); case("cov", rnd((6,)))
case("cov", cm, y=cy); case("cov", rnd((6,)), y=cy); case("cov", cm, fweights=arr(np.array([1, 2, 1, 3, 1, 1], "int32")))
case("cov", cm, aweights=rnd((6,), lo=0.1, hi=2)); case("cov", cm, fweights=arr(np.array([1, 2, 1, 3, 1, 1], "int32")), aweights=rnd((6,), lo=0.1, hi=2))
case("cov", cm, aweights=rnd((6,), lo=0.1, hi=2), ddof=0); case("cov", rnd((3, 6), "int32")); case("cov", rnd((2, 3, 2)))
case("cov", rnd((1, 5))); case("cov", arr(np.zeros((2, 0), "float32"))); case("cov", cm, fweights=rnd((6,)))
case("corrcoef", cm); case("corrcoef", cm, rowvar=False); case("corrcoef", rnd((6,)), y=cy); case("corrcoef", rnd((6,))); case("corrcoef", rnd((4, 5), "int32"))

# ---- polynomials
pc = arr(np.array([2.0, -1.0, 0.5, 3.0], "float32")); pc2 = arr(np.array([1.0, 4.0], "float32")); pi_ = arr(np.array([1, -2, 3], "int32"))
case("polyval", pc, rnd((2, 3))); case("polyval", pc, 1.5); case("polyval", pi_, arr(np.array([0, 1, 2, 3], "int32"))); case("polyval", pi_, 0.5)
case("polyval", rnd((3, 2)), rnd((4, 1))); case("polyval", pc, rnd((3,)), unroll=2); case("polyval", 2.0, 3.0)
for fn in ["polyadd", "polysub", "polymul"]:
    case(fn, pc, pc2); case(fn, pc2, pc); case(fn, pi_, pi_); case(fn, pi_, pc2)
case("polymul", arr(np.array([0.0, 0.0, 1.0, 2.0], "float32")), pc2, trimLeadingZeros=True, jit=False)
case("polydiv", pc, pc2); case("polydiv", pc, arr(np.array([2.0, 0.0, 1.0], "float32"))); case("polydiv", pc2, pc); case("polydiv", pi_, arr(np.array([1, 1], "int32")))
case("polydiv", arr(np.array([1.0, 3.0, 2.0], "float32")), arr(np.array([1.0, 1.0], "float32")), trimLeadingZeros=True, jit=False)
case("polyder", pc); case("polyder", pc, m=2); case("polyder", pc, m=0); case("polyder", pi_, m=3); case("polyder", pc, m=-1); case("polyder", pc, m=5)
case("polyint", pc); case("polyint", pc, m=2); case("polyint", pc, m=2, k=3.0); case("polyint", pc, m=2, k=arr(np.array([1.0, 2.0], "float32"))); case("polyint", pi_)
case("polyint", pc, m=0); case("polyint", pc, m=2, k=arr(np.array([1.0, 2.0, 3.0], "float32")))
case("poly", arr(np.array([1.0, 2.0, -3.0], "float32"))); case("poly", arr(np.array([2, 2], "int32"))); case("poly", arr(np.zeros((0,), "float32"))); case("poly", 3.0)
case("poly", rnd((2, 3)))

# ---- polyfit
pfx = arr(np.linspace(-2, 2, 9).astype("float32")); pfy = arr((np.linspace(-2, 2, 9) ** 2 * 0.5 - 1 + rng.normal(0, 0.1, 9)).astype("float32"))
pfy2 = arr(np.stack([np.linspace(-2, 2, 9) ** 3, np.cos(np.linspace(-2, 2, 9))], 1).astype("float32"))
case("polyfit", pfx, pfy, 2); case("polyfit", pfx, pfy, 0); case("polyfit", pfx, pfy2, 3); case("polyfit", pfx, pfy, 2, w=rnd((9,), lo=0.5, hi=1.5))
case("polyfit", pfx, pfy, 2, full=True); case("polyfit", pfx, pfy, 1, cov=True); case("polyfit", pfx, pfy2, 1, cov="unscaled")
case("polyfit", pfx, pfy, -1); case("polyfit", rnd((2, 2)), pfy, 1); case("polyfit", arr(np.array([0, 1, 2, 3], "int32")), arr(np.array([1, 3, 5, 7], "int32")), 1)

# ---- edge cases
e0 = arr(np.zeros((0,), "float32")); e03 = arr(np.zeros((0, 3), "float32"))
case("median", e0); case("median", e03, 0); case("quantile", xq, 1.5); case("quantile", xq, -0.5, 1); case("nanmedian", arr(np.full((3,), np.nan, "float32")))
case("nanquantile", arr(np.full((2, 3), np.nan, "float32")), arr([0.2, 0.9]), 1); case("nansum", e0); case("nanmean", e0); case("nanvar", e0); case("nanmin", e0)
case("nanargmax", arr(np.full((3,), np.nan, "float32"))); case("nanargmin", e0); case("nanprod", arr(np.array([nan, nan], "float32")))
case("quantile", rnd((4,), "bool"), 0.5); case("median", rnd((5,), "uint32")); case("percentile", xq, arr([0, 100], "int32"), 1)
case("median", arr(np.array([inf, -inf, 1.0], "float32"))); case("median", arr(np.array([inf, inf], "float32"))); case("median", arr(np.array([-inf, inf], "float32")))
case("nanmax", arr(np.array([nan, -inf], "float32"))); case("nanmean", arr(np.array([[nan, nan], [1.0, nan]], "float32")), 1)
case("searchsorted", arr(np.array([1, 2, 3], "uint32")), arr(np.array([0, 2, 5], "uint32"))); case("searchsorted", rnd((4,), "bool"), True)
case("searchsorted", arr(np.array([0.0, 1.0], "float32")), arr(np.array([1, 2], "int32"))); case("searchsorted", arr(np.array([-0.0, 0.0, 1.0], "float32")), arr(np.array([0.0, -0.0], "float32")), side="right")
case("unique", arr(np.array([True, False, True])), jit=False); case("unique", arr(np.array([3, 1, 3], "uint32")), size=3, fillValue=7)
case("unique", arr(np.array([-0.0, 0.0, nan, nan], "float32")), returnCounts=True, jit=False); case("unique", 5, jit=False)
case("isin", arr(np.array([nan, 1.0], "float32")), arr(np.array([nan], "float32"))); case("isin", arr(np.array([1, 2], "uint32")), 2)
case("interp", xq_, arr(np.array([3.0], "float32")), arr(np.array([7.0], "float32"))); case("interp", xq_, xp_, fp_, left=arr(np.array(-5.0, "float32")))
case("bincount", arr(np.zeros((0,), "int32")), jit=False); case("bincount", arr(np.zeros((0,), "int32")), minlength=3, jit=False)
case("histogram", hx, bins=arr(np.array([0, 1, 2], "int32"))); case("histogram", rnd((5,), "bool"), bins=2)
case("diff", arr(np.zeros((0,), "float32"))); case("diff", arr(np.array([1, 2], "uint32"))); case("convolve", arr(np.array([1.0], "float32")), arr(np.array([2.0], "float32")), mode="same")
case("cov", rnd((2, 1))); case("corrcoef", arr(np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]], "float32"))); case("cross", rnd((3,), "bool"), rnd((3,), "bool"))
case("kron", rnd((2,), "bool"), rnd((2,), "bool")); case("polyval", arr(np.zeros((0,), "float32")), 2.0); case("polyadd", rnd((3,), "bool"), rnd((2,), "bool"))
case("nonzero", arr(np.array([nan, 0.0, -0.0, 1.0], "float32")), jit=False); case("trapezoid", arr(np.array([1.0], "float32"))); case("trapezoid", e0)
case("gradient", arr(np.array([1, 4, 9, 16], "int32")), 2); case("partition", arr(np.array([3.0, nan, 1.0, 2.0], "float32")), 1)

# ---- x64: index outputs take the default int (int64), float64 inputs stay float64
jax.config.update("jax_enable_x64", True)
X64 = True
d64 = arr(rng.uniform(-3, 3, size=(3, 5)))
i64 = arr(np.array([0, 3, 0, 1, 3, 5], "int64"))
case("median", d64, 1); case("nanmean", d64); case("quantile", d64, 0.25, 0, method="nearest"); case("nanargmax", d64, 0)
case("nonzero", i64, size=4); case("argwhere", i64, size=3, fillValue=-1); case("bincount", i64, length=7); case("bincount", arr(np.array([0, 2, 1], "int32")), length=3)
case("unique", i64, size=5, returnIndex=True, returnInverse=True, returnCounts=True, py=lambda a: jnp.unique(a, size=5, return_index=True, return_inverse=True, return_counts=True))
case("lexsort", [i64]); case("searchsorted", arr(np.array([0.0, 1.0, 2.0])), arr(np.array([0.5, 1.5]))); case("digitize", arr(np.array([0.5, 1.5])), arr(np.array([0.0, 1.0, 2.0])))
case("histogram", d64, bins=4); case("interp", arr(np.array([0.5, 1.5])), arr(np.array([0.0, 1.0, 2.0])), arr(np.array([1.0, 3.0, 2.0])))
case("cov", d64); case("isin", i64, arr(np.array([3, 5], "int64"))); case("intersect1d", i64, arr(np.array([3, 5, 7], "int64")), returnIndices=True, size=3)
case("argpartition", i64, 2); case("diff", i64); case("polyval", arr(np.array([1.0, 2.0])), 3.0); case("convolve", arr(np.array([1.0, 2.0, 3.0])), arr(np.array([0.5, 1.0])))
jax.config.update("jax_enable_x64", False)
X64 = False

json.dump({"jax_version": jax.__version__, "cases": cases}, open("test/goldens/jnp_stats.json", "w"))
print(len(cases), "cases")
