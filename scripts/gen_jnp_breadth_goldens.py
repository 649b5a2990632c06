"""Golden outputs of jax.numpy's breadth functions (test/jnp/breadth_goldens.test.ts).

Run with JAX 0.10.2 (x64 off, CPU):
    JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_jnp_breadth_goldens.py
Writes test/goldens/jnp_breadth.json. Each case is {fn, args, opts, expect,
jit}: the jaxts call is `jnp[fn](...args, opts)` (opts left out when empty);
the JAX call is the same function in snake_case with opts as keywords, or the
case's own `py` lambda where jaxts spells the call differently (positional
axes). Arrays are {"array": {shape, dtype, data}}, slices {"slice": [a, b, c]},
Python scalars plain numbers/bools (weak, as JS numbers). `expect` is
{"out": v} with v an encoded array, {"list": [...]}, or {"value": ...}
(a plain Python value), or {"error": msg}. `jit` says whether JAX raises when
the case's top-level array arguments are traced (jax.jit): "ok" or "error".
"""
import json, math
import numpy as np
import jax, jax.numpy as jnp

rng = np.random.default_rng(1)

def enc_val(v):
    if isinstance(v, (bool, np.bool_)): return bool(v)
    f = float(v)
    if math.isnan(f): return "nan"
    if math.isinf(f): return "inf" if f > 0 else "-inf"
    return int(v) if isinstance(v, (int, np.integer)) else f

def arr(a, dtype=None):
    a = np.asarray(a, dtype=dtype)
    return {"array": {"shape": list(a.shape), "dtype": str(a.dtype), "data": [enc_val(v) for v in a.ravel()]}}

def sl(a=None, b=None, c=None):
    return {"slice": [a, b, c]}

def dec_num(v):
    return float("nan") if v == "nan" else float("inf") if v == "inf" else float("-inf") if v == "-inf" else v

# Functions named in cases ({"func": name}); test/jnp/breadth_goldens.test.ts has the same table.
FUNCS = {
    "square": lambda x: x * x,
    "sum": lambda x: jnp.sum(x),
    "neg": lambda x: -x,
    "triu": lambda x, k: jnp.triu(x, k),
    "tril": lambda x, k: jnp.tril(x, k),
    "addmul": lambda a, b: a * 2 + b,
    "matvec": lambda m, v: m @ v,
    "cumsum": lambda x: jnp.cumsum(x),
    "sumaxis": lambda x, axis: jnp.sum(x, axis),
    "ij": lambda i, j: i * 10 + j,
    "sin": lambda x: jnp.sin(x),
    "minmax": lambda x: (jnp.min(x), jnp.max(x)),
    "scale": lambda x, k: x * k,
}

def to_jax(x):
    if isinstance(x, dict) and "func" in x:
        return FUNCS[x["func"]]
    if isinstance(x, dict) and "array" in x:
        a = x["array"]
        return jnp.asarray(np.array([dec_num(v) for v in a["data"]], dtype=a["dtype"]).reshape(a["shape"]))
    if isinstance(x, dict) and "slice" in x:
        return slice(*x["slice"])
    if isinstance(x, list): return [to_jax(v) for v in x]
    return x

def snake(name):
    out = ""
    for c in name:
        out += "_" + c.lower() if c.isupper() else c
    return out

def enc_out(r):
    if isinstance(r, (tuple, list)):
        return {"list": [enc_out(v) for v in r]}
    if isinstance(r, (jax.Array, np.ndarray, np.generic)):
        r = jnp.asarray(r) if not isinstance(r, np.ndarray) else r
        return {"out": {"shape": list(r.shape), "dtype": str(r.dtype), "weak": bool(getattr(r, "weak_type", False)),
                        "data": [enc_val(v) for v in np.asarray(r).ravel()]}}
    if isinstance(r, (bool, int, float)):
        return {"value": enc_val(r)}
    return {"value": str(r)}

PY_NAMES = {"atleast3d": "atleast_3d", "ix": "ix_", "r": "r_", "c": "c_", "delete": "delete"}

def tuplify(v):
    """Lists of Python ints become tuples (JAX wants hashable static shapes and axes)."""
    if isinstance(v, list) and v and all(type(x) is int for x in v): return tuple(v)
    return v

def pyfn(fn):
    obj = jnp
    for part in fn.split("."):
        if part == "lax": obj = jax.lax; continue
        obj = getattr(obj, PY_NAMES.get(part, part)) if hasattr(obj, PY_NAMES.get(part, part)) else getattr(obj, snake(part))
    return obj

cases = []
def case(fn, *args, py=None, tol=None, weak=True, nojit=False, **opts):
    """One case; py(*jax_args) replaces the default call; weak=False skips the weak-type check."""
    jargs = [to_jax(a) for a in args]
    f = py if py is not None else (lambda *a: pyfn(fn)(*[tuplify(v) for v in a], **{snake(k): tuplify(to_jax(v)) for k, v in opts.items()}))
    try:
        expect = enc_out(f(*jargs))
    except Exception as e:  # noqa
        expect = {"error": f"{type(e).__name__}: {e}"[:300]}
    jit = "skip"
    pos = [i for i, a in enumerate(jargs) if isinstance(a, jax.Array)]
    if pos and "error" not in expect and not nojit:
        def g(*xs):
            full = list(jargs)
            for p, x in zip(pos, xs): full[p] = x
            return f(*full)
        try:
            jax.jit(g)(*[jargs[p] for p in pos]); jit = "ok"
        except Exception:  # noqa
            jit = "error"
    c = {"fn": fn, "args": list(args), "opts": opts, "expect": expect, "jit": jit}
    if tol is not None: c["tol"] = tol
    if not weak: c["noWeak"] = True
    cases.append(c)

def rnd(shape, dtype="float32", lo=-3, hi=3):
    if dtype == "bool": return arr(rng.random(shape) > 0.5)
    if dtype in ("int32", "uint32"):
        lo2 = 0 if dtype == "uint32" else lo
        return arr(rng.integers(lo2, hi + 1, size=shape).astype(dtype))
    return arr(rng.uniform(lo, hi, size=shape).astype(dtype))

# ---- cases, by topic ----
x23 = rnd((2, 3)); x234 = rnd((2, 3, 4)); i6 = rnd((6,), "int32", -9, 9)

# einsum with repeated labels
case("einsum", "ii->i", rnd((3, 3))); case("einsum", "ii->", rnd((3, 3))); case("einsum", "ii", rnd((3, 3)))
case("einsum", "iij->j", rnd((2, 2, 3))); case("einsum", "iji->ij", rnd((2, 3, 2))); case("einsum", "ii,i->i", rnd((3, 3)), rnd((3,)))
case("einsum", "iii->i", rnd((2, 2, 2))); case("einsum", "ij,jj->i", rnd((2, 3)), rnd((3, 3), "int32"))

# math_extra
sp = arr(np.array([0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan, 1e-30, 3e38], dtype="float32"))
for fn in ["acos", "asin", "atanh"]: case(fn, rnd((5,), lo=-0.9, hi=0.9))
case("acosh", rnd((4,), lo=1.1, hi=4)); case("asinh", x23); case("atan", x23); case("atan2", x23, rnd((3,)))
case("degrees", x23); case("radians", rnd((3,), "int32")); case("fabs", i6); case("fabs", sp)
case("floatPower", rnd((4,), lo=0.5), 2); case("floatPower", i6, 2); case("floatPower", 2, 3)
case("copysign", sp, -1.0); case("copysign", i6, rnd((6,))); case("copysign", x23, sp.copy() if False else rnd((3,)))
case("heaviside", arr(np.array([-1.0, 0.0, 2.0, np.nan], "float32")), 0.5); case("heaviside", i6, 1)
case("sinc", arr(np.array([0.0, 0.5, -1.5, 2.0, 1e-8], "float32"))); case("sinc", i6)
nanv = arr(np.array([1.0, np.nan, 3.0, np.nan, -0.0], "float32")); nanw = arr(np.array([np.nan, 2.0, 1.0, np.nan, 0.0], "float32"))
case("fmax", nanv, nanw); case("fmin", nanv, nanw); case("fmax", i6, 2); case("fmin", x23, 0.5)
case("logaddexp2", x23, rnd((3,))); case("logaddexp2", sp, 1.0); case("logaddexp2", i6, i6)
case("isposinf", sp); case("isneginf", sp); case("isposinf", i6); case("isneginf", 2.0)
case("nanToNum", sp); case("nanToNum", sp, nan=1.0, posinf=9.0, neginf=-9.0); case("nanToNum", i6)
case("nextafter", sp, 0.0); case("nextafter", arr(np.array([1.0, -1.0], "float32")), arr(np.array([2.0, -2.0], "float32")))
case("lax.nextafter", arr(np.array([1.0, 0.0], "float32")), arr(np.array([2.0, -1.0], "float32")))
case("spacing", sp); case("spacing", i6)
case("modf", sp); case("modf", i6)
case("divmod", rnd((6,), lo=-9, hi=9), arr(np.array([2, -2, 1.5, -0.75, 3, -3], "float32"))); case("divmod", i6, arr(np.array([2, -3, 4, -5, 3, 1], "int32")))
case("divmod", i6, 3)
case("frexp", sp); case("frexp", rnd((5,), lo=-1e5, hi=1e5)); case("frexp", i6); case("frexp", arr(np.array([0.3, -6.5, 1e-6, 0.0], "float16")))
case("ldexp", rnd((6,)), i6); case("ldexp", sp, 3); case("ldexp", i6, 2); case("ldexp", x23, 1.5)
case("ldexp", arr(np.array([1.0, 0.75], "float32")), arr(np.array([127, -130], "int32")))
ga = arr(np.array([12, -18, 0, 7, 0, 100], "int32")); gb = arr(np.array([8, 12, 5, 13, 0, -75], "int32"))
case("gcd", ga, gb); case("lcm", ga, gb); case("gcd", ga, 6); case("lcm", 4, 6); case("gcd", 4, 6); case("gcd", x23, 2.0)
case("gcd", arr(np.array([12, 9], "uint32")), arr(np.array([8, 6], "uint32")))
sh = arr(np.array([0, 1, 2, 5, 31], "int32"))
for fn in ["leftShift", "rightShift", "bitwiseLeftShift", "bitwiseRightShift"]:
    case(fn, arr(np.array([1, -8, 7, -1, 3], "int32")), sh); case(fn, arr(np.array([1, 8, 2**31, 7, 3], "uint32")), 2)
case("rightShift", x23, 1); case("leftShift", rnd((3,), "bool"), 1)
case("bitwiseInvert", i6); case("bitwiseInvert", rnd((4,), "bool"))
# JAX returns uint8, which jaxts lacks: it returns uint32.
case("bitwiseCount", arr(np.array([0, 1, 7, -1, -8, 2**31 - 1], "int32")), py=jnp.bitwise_count); case("bitwiseCount", x23)
case("i0", arr(np.array([0.0, 0.5, -1.0, 3.0, 8.5, 20.0, -30.0], "float32")), tol=2e-5); case("i0", i6, tol=2e-5)
case("cumulativeSum", rnd((2, 3), "int32"), axis=1); case("cumulativeSum", rnd((4,)), includeInitial=True)
case("cumulativeProd", x23, axis=0, includeInitial=True); case("cumulativeSum", x23); case("cumulativeSum", rnd((3,), "bool"))
case("cumulativeSum", rnd((3,), "int32"), dtype="float32")

# shape_extra
x35 = rnd((3, 5)); x7 = rnd((7,)); x2345 = rnd((2, 3, 4, 5))
case("append", x23, rnd((2, 3), "int32")); case("append", x23, rnd((1, 3)), 0); case("append", x23, 1.5); case("append", x23, rnd((2, 2)), 1)
case("append", x23, rnd((2, 2)), 0)
case("arraySplit", x7, 3); case("arraySplit", x35, 2, 1); case("arraySplit", x7, [2, 5]); case("arraySplit", x7, 10)
case("hsplit", rnd((2, 4)), 2); case("hsplit", rnd((6,)), 3); case("vsplit", rnd((4, 2)), [1]); case("dsplit", rnd((1, 2, 4)), 2)
case("vsplit", rnd((3,)), 3); case("hsplit", rnd((2, 3)), 2)
case("atleast3d", 2.5); case("atleast3d", rnd((3,))); case("atleast3d", x23); case("atleast3d", x234)
case("atleast3d", rnd((3,)), x23, py=lambda a, b: jnp.atleast_3d(a, b))
case("dstack", [rnd((3,)), rnd((3,))]); case("dstack", [x23, rnd((2, 3), "int32")]); case("columnStack", [rnd((3,)), rnd((3, 2))])
case("columnStack", [rnd((2,)), rnd((2,), "int32")])
case("concat", [x23, x23]); case("concat", [x23, rnd((2, 1))], 1, py=lambda a, ax: jnp.concat(a, axis=ax))
case("block", [[rnd((2, 2)), rnd((2, 1))], [rnd((1, 3))]]); case("block", [rnd((2,)), rnd((3,))]); case("block", [[1.5, 2.5], [3.5, 4.5]])
case("block", [[rnd((2, 2)), 0.0], [rnd((1, 2)), 1.0]]); case("block", x23); case("block", [[rnd((2,))], [rnd((2, 2))]])
case("broadcastShapes", [2, 1], [3], py=lambda a, b: jnp.broadcast_shapes(tuple(a), tuple(b)))
case("broadcastShapes", [2, 1], [3, 1, 4], [4], py=lambda a, b, c: jnp.broadcast_shapes(tuple(a), tuple(b), tuple(c)))
case("broadcastShapes", [2], [3], py=lambda a, b: jnp.broadcast_shapes(tuple(a), tuple(b)))
case("fliplr", x234); case("flipud", x23); case("fliplr", rnd((3,))); case("flipud", 2.5)
for k in [1, 2, 3, -1, 4]: case("rot90", x234, k=k)
case("rot90", x234, k=1, axes=[1, 2]); case("rot90", x234, k=3, axes=[2, 0]); case("rot90", x23); case("rot90", rnd((3,))); case("rot90", x23, axes=[0, 0])
case("rollaxis", x2345, 3, 1); case("rollaxis", x2345, 2); case("rollaxis", x2345, 1, 4); case("rollaxis", x2345, -1, -3)
case("resize", x23, [3, 4]); case("resize", x23, [2]); case("resize", rnd((0,)), [2, 2]); case("resize", x23, 7)
case("unstack", x234, py=lambda x: jnp.unstack(x)); case("unstack", x234, 1, py=lambda x, ax: jnp.unstack(x, axis=ax)); case("unstack", 2.0, py=lambda x: jnp.unstack(x))
case("matrixTranspose", x234); case("matrixTranspose", x23); case("matrixTranspose", rnd((3,)))
case("copy", x23); case("copy", i6); case("copy", 3.5)
case("ediff1d", x23); case("ediff1d", i6, toBegin=arr(np.array([-1, -2], "int32")), toEnd=5.5); case("ediff1d", rnd((1,)))
case("ediff1d", x7, toBegin=0)
case("delete", x35, 1, 1); case("delete", x35, -1); case("delete", x35, sl(0, 4, 2), 1); case("delete", x35, arr(np.array([0, 2, 2], "int32")), 1)
case("delete", x35, arr(np.array([True, False, True]), "bool"), 0); case("delete", x35, arr(np.array([1, 3], "int32")), 1, assumeUniqueIndices=True)
case("delete", x35, arr(np.array([4, 0], "int32")), 1); case("delete", x7, 9)
case("insert", x7, 2, 9.5); case("insert", x35, 1, 0.0, 1); case("insert", x35, arr(np.array([1, 3], "int32")), rnd((3, 2)), 1); case("insert", x35, 1, rnd((5,)), 0)
case("insert", x35, sl(None, None, 2), 7.0, 1); case("insert", i6, arr(np.array([0, 6, -2], "int32")), arr(np.array([10, 20, 30], "int32")))
case("insert", x35, arr(np.array([1], "int32")), rnd((3, 1)), 1); case("insert", x35, arr(np.array([2, 0], "int32")), 1.5, 0); case("insert", x7, 1, 3)
case("ndim", x234); case("ndim", 3.0); case("ndim", [[1.0, 2.0]]); case("shape", x234); case("shape", 2.0); case("shape", [[1.0, 2.0]])
case("size", x234); case("size", x234, 1); case("size", 2.0)
case("isscalar", 2.0); case("isscalar", x23); case("isscalar", arr(np.float32(2))); case("isscalar", [1.0])
case("iterable", x23); case("iterable", arr(np.float32(2))); case("iterable", [1.0]); case("iterable", 3.0)

def fn_(name): return {"func": name}

# diag
x33 = rnd((3, 3)); x34 = rnd((3, 4))
case("diag", rnd((3,))); case("diag", rnd((3,)), 1); case("diag", rnd((2,), "int32"), -2); case("diag", x34); case("diag", x34, 1); case("diag", x34, -2)
case("diag", x234)
case("diagflat", x23); case("diagflat", rnd((2,)), -1)
case("diagonal", x34, py=lambda a: jnp.diagonal(a)); case("diagonal", x34, offset=1); case("diagonal", x34, offset=-1); case("diagonal", x34, offset=5)
case("diagonal", x234, axis1=1, axis2=2, offset=1); case("diagonal", x234, axis1=2, axis2=0); case("diagonal", rnd((3,)))
case("trace", x34, py=lambda a: jnp.trace(a)); case("trace", x34, offset=1); case("trace", x234, axis1=1, axis2=2); case("trace", rnd((3, 3), "int32"))
case("trace", rnd((3, 3), "bool")); case("trace", x34, dtype="int32"); case("trace", x34, axis1=1, axis2=1); case("trace", x33, offset=-1)
case("diagIndices", 3); case("diagIndices", 2, 3); case("diagIndicesFrom", x33); case("diagIndicesFrom", x34)
case("fillDiagonal", x34, 9.5, inplace=False); case("fillDiagonal", rnd((3, 3, 3)), arr(np.array([1.0, 2.0], "float32")), inplace=False)
case("fillDiagonal", rnd((4, 2)), arr(np.array([1, 2, 3], "int32")), inplace=False); case("fillDiagonal", x33, 1.5)
case("triuIndices", 3); case("triuIndices", 3, 1); case("triuIndices", 3, -1, 4); case("trilIndices", 4); case("trilIndices", 3, 1, 2)
case("triuIndicesFrom", x34); case("trilIndicesFrom", x34, -1); case("triuIndicesFrom", x234)
case("maskIndices", 3, fn_("triu")); case("maskIndices", 3, fn_("tril"), 1); case("maskIndices", 3, fn_("triu"), 1, size=8)

# selection
conds = [arr(np.array([True, False, False, True])), arr(np.array([False, True, False, True]))]
case("select", conds, [rnd((4,)), rnd((4,))], py=lambda c, ch: jnp.select(c, ch))
case("select", conds, [rnd((4,), "int32"), 2], default=-1, py=lambda c, ch, **k: jnp.select(c, ch, -1))
case("select", [arr(np.array([[True], [False]]))], [rnd((3,))], default=0.5, py=lambda c, ch: jnp.select(c, ch, 0.5))
case("select", conds, [rnd((4,))], py=lambda c, ch: jnp.select(c, ch))
xs6 = rnd((6,))
case("piecewise", xs6, [xs6.copy() if False else arr(np.array([1, 0, 1, 0, 0, 1], bool)), arr(np.array([0, 1, 1, 0, 0, 0], bool))], [fn_("square"), fn_("neg")])
case("piecewise", xs6, [arr(np.array([1, 0, 1, 0, 0, 1], bool))], [fn_("sin"), 7.5])
case("piecewise", rnd((2, 3), "int32"), [arr(np.ones((2, 3), bool))], [fn_("square")])
case("choose", arr(np.array([0, 2, 1, 1], "int32")), [rnd((4,)), rnd((4,)), 1.5])
case("choose", arr(np.array([[0, 1], [1, 0]], "int32")), [rnd((2,)), rnd((2, 2))])
case("choose", arr(np.array([0, 3, -1], "int32")), [rnd((3,)), rnd((3,))], mode="wrap"); case("choose", arr(np.array([0, 3, -1], "int32")), [rnd((3,)), rnd((3,))], mode="clip")
case("choose", arr(np.array([0, 3], "int32")), [rnd((2,)), rnd((2,))]); case("choose", x23, [rnd((3,))])
cm = arr(np.array([True, False, True]))
case("compress", cm, x35, 0); case("compress", arr(np.array([False, True])), x35, 1); case("compress", cm, x35)
case("compress", cm, x35, 0, size=3, fillValue=9.5, py=lambda c, a, ax, **k: jnp.compress(c, a, ax, size=3, fill_value=9.5))
case("compress", arr(np.array([True, False, True, True, True, False])), x35, 1, size=2, py=lambda c, a, ax: jnp.compress(c, a, ax, size=2))
case("compress", arr(np.array([True, False, True, False, False, True])), x35, 1)
case("extract", arr(np.array([[True, False, True], [False, False, True]])), x23)
case("extract", arr(np.array([[1, 0, 2], [0, 0, 3]], "int32")), x23, size=4, fillValue=-1)
case("extract", arr(np.array([[1, 0, 2], [0, 0, 3]], "int32")), x23, size=2)
case("flatnonzero", arr(np.array([[0, 3, 0], [5, 0, 1]], "int32"))); case("flatnonzero", arr(np.array([0.0, 1.5, 0.0, 2.0], "float32")), size=3)
case("flatnonzero", arr(np.array([0, 3, 0, 1], "int32")), size=4, fillValue=-1); case("flatnonzero", arr(np.array([0, 3, 0, 1], "int32")), size=1)
case("place", x23, arr(np.array([[True, False, True], [False, True, False]])), arr(np.array([10.0, 20.0], "float32")), inplace=False)
case("place", rnd((5,), "int32"), arr(np.array([1, 0, 1, 1, 1], bool)), 7, inplace=False); case("place", x23, arr(np.array([[True, False, True], [False, True, False]])), 1.5)
case("put", x23, arr(np.array([0, 4, -1], "int32")), arr(np.array([10.0, 20.0, 30.0], "float32")), inplace=False)
case("put", x23, arr(np.array([1, 9, -8], "int32")), 5.5, inplace=False); case("put", x23, arr(np.array([1, 9, -8], "int32")), arr(np.array([1.5, 2.5], "float32")), mode="clip", inplace=False)
case("put", x23, arr(np.array([1, 9, -8], "int32")), 5.5, mode="wrap", inplace=False); case("put", x23, arr(np.array([1], "int32")), 5.5)
pidx = arr(np.array([[0, 2], [1, 0]], "int32"))
case("putAlongAxis", rnd((2, 3)), pidx, 9.5, 1, inplace=False); case("putAlongAxis", rnd((3, 2)), arr(np.array([[2, 0]], "int32")), rnd((1, 2)), 0, inplace=False)
case("putAlongAxis", rnd((2, 3)), arr(np.array([4, 0], "int32")), arr(np.array([1.5, 2.5], "float32")), None, inplace=False)
case("putAlongAxis", rnd((2, 3)), pidx, 9.5, 1); case("putAlongAxis", rnd((2, 3)), arr(np.array([1, 0], "int32")), 9.5, 1, inplace=False)

# vectorize: the jaxts call is jnp.vectorize(args[0], opts)(...args.slice(1))
def vec(f, *xs, **kw):
    return jnp.vectorize(f, **{snake(k): (set(v) if k == "excluded" else v) for k, v in kw.items()})(*xs)
def vcase(*args, **opts):
    case("vectorize", *args, py=lambda f, *xs: vec(f, *xs, **opts), **opts)
vcase(fn_("addmul"), x23, rnd((3,))); vcase(fn_("addmul"), rnd((4, 1)), rnd((1, 5))); vcase(fn_("square"), 2.5)
vcase(fn_("matvec"), rnd((2, 3, 4)), rnd((4,)), signature="(n,m),(m)->(n)"); vcase(fn_("sum"), x234, signature="(n)->()")
vcase(fn_("minmax"), rnd((3, 4)), signature="(n)->(),()"); vcase(fn_("cumsum"), rnd((2, 1, 3)), signature="(n)->(n)")
vcase(fn_("scale"), x23, 3, excluded=[1]); vcase(fn_("matvec"), rnd((2, 3)), rnd((4,)), signature="(n,m),(m)->(n)")
vcase(fn_("sum"), rnd((3,)), signature="(n,m)->()"); vcase(fn_("addmul"), x23, rnd((2,)))

# index tricks
case("indices", [2, 3]); case("indices", [2, 3], sparse=True); case("indices", [3], dtype="float32"); case("indices", [])
case("ix", arr(np.array([0, 2], "int32")), arr(np.array([1, 0, 3], "int32"))); case("ix", arr(np.array([1.5], "float32"))); case("ix", x23)
case("mgrid", sl(0, 3), sl(0, 4), py=lambda a, b: jnp.mgrid[a, b]); case("mgrid", sl(1, 7, 2), py=lambda a: jnp.mgrid[a])
case("mgrid", sl(0, 1, 0.25), sl(-1, 1), py=lambda a, b: jnp.mgrid[a, b]); case("mgrid", sl(None, 3), sl(2, 0, -1), py=lambda a, b: jnp.mgrid[a, b])
case("ogrid", sl(0, 3), sl(0, 4), py=lambda a, b: jnp.ogrid[a, b]); case("ogrid", sl(0, 2, 0.5), py=lambda a: jnp.ogrid[a])
case("ogrid", sl(0, 1, 0.5), sl(0, 3), sl(0, 2), py=lambda a, b, c: jnp.ogrid[a, b, c])
case("r", sl(1, 4), 0, 4, py=lambda a, b, c: jnp.r_[a, b, c]); case("r", rnd((3,)), 2.5, rnd((2,), "int32"), py=lambda a, b, c: jnp.r_[a, b, c])
case("r", rnd((2, 2)), rnd((1, 2)), py=lambda a, b: jnp.r_[a, b]); case("r", 1, 2, py=lambda a, b: jnp.r_[a, b])
case("c", rnd((3,)), rnd((3,)), py=lambda a, b: jnp.c_[a, b]); case("c", rnd((2, 2)), rnd((2,)), py=lambda a, b: jnp.c_[a, b])
case("c", 1.5, 2, py=lambda a, b: jnp.c_[a, b])
case("unravelIndex", arr(np.array([0, 5, 7, 11, 12, -1, -13, 30], "int32")), [3, 4]); case("unravelIndex", 7, [2, 2, 2]); case("unravelIndex", arr(np.array([3, 10], "uint32")), [4])
case("unravelIndex", x23, [2])
mi = [arr(np.array([0, 1, 2], "int32")), arr(np.array([3, 0, 1], "int32"))]
case("ravelMultiIndex", mi, [3, 4]); case("ravelMultiIndex", mi, [3, 4], order="F"); case("ravelMultiIndex", [arr(np.array([0, 5], "int32")), arr(np.array([4, 0], "int32"))], [3, 4])
case("ravelMultiIndex", [arr(np.array([0, 5], "int32")), arr(np.array([4, -1], "int32"))], [3, 4], mode="clip"); case("ravelMultiIndex", [arr(np.array([0, 5], "int32")), arr(np.array([4, -1], "int32"))], [3, 4], mode="wrap")
case("ravelMultiIndex", [1, 2], [3, 4], py=lambda a, d: jnp.ravel_multi_index(tuple(a), tuple(d)))
case("fromfunction", fn_("ij"), [2, 3]); case("fromfunction", fn_("ij"), [3, 2], dtype="int32"); case("fromfunction", fn_("addmul"), [2, 2])

# creation_extra
for fn in ["bartlett", "blackman", "hamming", "hanning"]:
    for M in [0, 1, 5, 8]: case(fn, M, tol=2e-5)
case("kaiser", 6, 5.0, tol=5e-5); case("kaiser", 1, 2.5); case("kaiser", 7, 0.5, tol=5e-5)
case("logspace", 0, 2, 5, tol=2e-5); case("logspace", 0, 1, 4, base=2.0, endpoint=False, tol=2e-5); case("logspace", arr(np.array([0.0, 1.0], "float32")), 3, 3, tol=2e-5)
case("logspace", 1, 3, 3, dtype="int32"); case("logspace", 0.5, 1.5, 1); case("logspace", 0, 1, 3, axis=0, base=arr(np.array([2.0, 3.0], "float32")), py=lambda a, b, n: jnp.logspace(a, b, n, base=jnp.array([2.0, 3.0])), tol=2e-5)
case("geomspace", 1, 16, 5, tol=2e-5); case("geomspace", -1, -1000, 4, tol=2e-5); case("geomspace", 1, 256, 4, endpoint=False, tol=2e-5)
case("geomspace", arr(np.array([1.0, 1000.0], "float32")), arr(np.array([27.0, 1.0], "float32")), 4, axis=1, tol=2e-5)
case("vander", rnd((4,))); case("vander", rnd((3,), "int32"), 5); case("vander", rnd((3,)), None, increasing=True); case("vander", x23)

# products
case("matvec", rnd((2, 3, 4)), rnd((4,))); case("matvec", rnd((3, 4)), rnd((5, 4))); case("matvec", rnd((3, 4)), rnd((3,)))
case("vecmat", rnd((3,)), rnd((2, 3, 4))); case("vecmat", rnd((2, 3)), rnd((3, 4), "int32"))
case("vecdot", rnd((2, 3)), rnd((3,))); case("vecdot", rnd((3, 2)), rnd((3, 2)), axis=0); case("vecdot", rnd((3,)), rnd((4,)))

# functional
case("applyAlongAxis", fn_("sum"), 0, x234); case("applyAlongAxis", fn_("cumsum"), 1, x234); case("applyAlongAxis", fn_("minmax"), -1, x23, py=lambda f, ax, a: jnp.apply_along_axis(lambda v: jnp.stack(f(v)), ax, a)) if False else None
case("applyAlongAxis", fn_("scale"), 2, x234, 2.5); case("applyAlongAxis", fn_("sum"), 1, rnd((3,)))
case("applyOverAxes", fn_("sumaxis"), x234, [0, 2]); case("applyOverAxes", fn_("sumaxis"), x23, [1])

# bits (uint8, as JAX)
u8 = lambda f: f  # packbits gives uint8 bytes, as jaxts does
bits = arr(np.array([[1, 0, 1, 1, 0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]], "int32"))
case("packbits", bits, py=u8(jnp.packbits)); case("packbits", bits, 1, py=u8(lambda a, ax: jnp.packbits(a, ax)))
case("packbits", bits, 0, bitorder="little", py=u8(lambda a, ax: jnp.packbits(a, ax, bitorder="little"))); case("packbits", rnd((9,), "bool"), py=u8(jnp.packbits))
by = arr(np.array([[3, 255], [128, 7]], "uint8"))
case("unpackbits", by, py=lambda a: jnp.unpackbits(a))
case("unpackbits", by, 1, py=lambda a, ax: jnp.unpackbits(a, ax))
case("unpackbits", by, 0, count=3, bitorder="little", py=lambda a, ax: jnp.unpackbits(a, ax, count=3, bitorder="little"))
case("unpackbits", by, None, count=20, py=lambda a, ax: jnp.unpackbits(a, ax, count=20))

# printing (exactly representable floats: NumPy pads by float32 digits but prints float64 ones, which jaxts does not mimic)
q = lambda shape: arr((rng.integers(-400, 400, size=shape) / 8).astype("float32"))
case("arrayRepr", q((2, 3))); case("arrayRepr", rnd((4,), "int32")); case("arrayRepr", rnd((3,), "bool")); case("arrayRepr", arr(np.zeros((0,), "float32")))
case("arrayRepr", arr(np.zeros((2, 0), "int32"))); case("arrayRepr", q((12, 12))); case("arrayRepr", q((40, 30)))
case("arrayRepr", arr(np.array(3, "int32"))); case("arrayRepr", arr(np.array(1.5, "float32")))
case("arrayStr", q((2, 3))); case("arrayStr", rnd((3,), "bool")); case("arrayStr", q((30, 30)))

# atleast_1d/2d with several arguments
PY_NAMES.update({"atleast1d": "atleast_1d", "atleast2d": "atleast_2d"})
case("atleast1d", 2.5); case("atleast1d", x23); case("atleast1d", 1.5, rnd((2,)), py=lambda a, b: jnp.atleast_1d(a, b))
case("atleast2d", rnd((3,))); case("atleast2d", 1.5, rnd((2,)), x234, py=lambda a, b, c: jnp.atleast_2d(a, b, c))

#@CASES

json.dump({"jax_version": jax.__version__, "cases": cases}, open("test/goldens/jnp_breadth.json", "w"))
print(len(cases), "cases")

# dtype facts (test/jnp/dtype_info.test.ts)
out = {}
for d in ["float16", "float32"]:
    f = jnp.finfo(d)
    out["finfo_" + d] = dict(eps=float(f.eps), max=float(f.max), min=float(f.min), tiny=float(f.tiny), resolution=float(f.resolution),
                             bits=f.bits, smallestNormal=float(f.smallest_normal), smallestSubnormal=float(f.smallest_subnormal),
                             epsneg=float(f.epsneg), precision=f.precision, nmant=f.nmant, nexp=f.nexp, maxexp=f.maxexp, minexp=f.minexp)
for d in ["int32", "uint32"]:
    i = jnp.iinfo(d); out["iinfo_" + d] = dict(min=int(i.min), max=int(i.max), bits=i.bits)
ds = ["bool", "int32", "uint32", "float16", "float32"]
out["promote"] = {a + "," + b: str(jnp.promote_types(a, b)) for a in ds for b in ds}
cl = {"generic": jnp.generic, "number": jnp.number, "inexact": jnp.inexact, "floating": jnp.floating, "integer": jnp.integer,
      "signedinteger": jnp.signedinteger, "unsignedinteger": jnp.unsignedinteger, "complexfloating": jnp.complexfloating}
out["issub"] = {d + "," + c: bool(jnp.issubdtype(d, k)) for d in ds for c, k in cl.items()}
out["issubcls"] = {a + "," + b: bool(jnp.issubdtype(ka, kb)) for a, ka in cl.items() for b, kb in cl.items()}
kinds = ["bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric"]
out["isdtype"] = {d + "," + k: bool(jnp.isdtype(jnp.dtype(d), k)) for d in ds for k in kinds}
out["canCast"] = {f"{a},{b},{c}": bool(jnp.can_cast(a, b, c)) for a in ds for b in ds for c in ["safe", "same_kind"]}
json.dump(out, open("test/goldens/jnp_dtype_info.json", "w"))
