"""Golden outputs of jax.numpy for jaxts's jnp battery (test/jnp/goldens.test.ts).

Run with a Python that has JAX (x64 off, CPU):
    JAX_PLATFORMS=cpu python scripts/gen_jnp_goldens.py
Writes test/goldens/jnp.json. Each case: {fn, args, opts, expect}; arrays are
{"array": {shape, dtype, data}}, Python scalars are plain numbers/bools (weakly
typed, as JS numbers are in jaxts). `expect` is {shape, dtype, weak, data} or
{"error": true}.
"""
import json, math
import numpy as np
import jax, jax.numpy as jnp

rng = np.random.default_rng(0)

def enc_val(v):
    if isinstance(v, (bool, np.bool_)): return bool(v)
    f = float(v)
    if math.isnan(f): return "nan"
    if math.isinf(f): return "inf" if f > 0 else "-inf"
    return int(v) if isinstance(v, (int, np.integer)) else f

def arr(a):
    a = np.asarray(a)
    return {"array": {"shape": list(a.shape), "dtype": str(a.dtype), "data": [enc_val(v) for v in a.ravel()]}}

def to_jax(x):
    if isinstance(x, dict) and "array" in x:
        a = x["array"]
        return jnp.asarray(np.array([float("nan") if v == "nan" else float("inf") if v == "inf" else float("-inf") if v == "-inf" else v for v in a["data"]], dtype=a["dtype"]).reshape(a["shape"]))
    if isinstance(x, list): return [to_jax(v) for v in x]
    return x

def snake(name):
    out = ""
    for c in name:
        out += "_" + c.lower() if c.isupper() else c
    return out

SPECIAL = {"arrayEqual": "array_equal", "trueDivide": "true_divide", "floorDivide": "floor_divide", "expandDims": "expand_dims",
           "broadcastTo": "broadcast_to", "zerosLike": "zeros_like", "onesLike": "ones_like", "logicalAnd": "logical_and",
           "logicalOr": "logical_or", "logicalNot": "logical_not", "logicalXor": "logical_xor", "notEqual": "not_equal",
           "greaterEqual": "greater_equal", "lessEqual": "less_equal", "isnan": "isnan", "isinf": "isinf", "isfinite": "isfinite"}

cases = []
def case(fn, *args, **opts):
    jargs = [to_jax(a) for a in args]
    f = getattr(jnp, SPECIAL.get(fn, snake(fn)))
    kw = {snake(k): v for k, v in opts.items()}
    try:
        r = f(*jargs, **kw)
        r = jnp.asarray(r)
        expect = {"shape": list(r.shape), "dtype": str(r.dtype), "weak": bool(getattr(r, "weak_type", False)),
                  "data": [enc_val(v) for v in np.asarray(r).ravel()]}
    except Exception as e:  # noqa
        expect = {"error": True, "message": f"{type(e).__name__}: {e}"[:300]}
    cases.append({"fn": fn, "args": args, "opts": opts, "expect": expect})

def rnd(shape, dtype="float32", lo=-3, hi=3):
    if dtype == "bool": return arr(rng.random(shape) > 0.5)
    if dtype in ("int32", "uint32"):
        lo2 = 0 if dtype == "uint32" else lo
        return arr(rng.integers(lo2, hi + 1, size=shape).astype(dtype))
    return arr(rng.uniform(lo, hi, size=shape).astype(dtype))

SHAPES = [(), (5,), (2, 3), (2, 1, 4)]
FLOAT_UNARY = ["exp", "exp2", "expm1", "log1p", "sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "arcsinh",
               "floor", "ceil", "round", "trunc", "square", "negative", "abs", "sign", "cbrt", "reciprocal"]
POS_UNARY = ["log", "log2", "log10", "sqrt"]
UNIT_UNARY = ["arcsin", "arccos", "arctanh"]
for fn in FLOAT_UNARY:
    for s in SHAPES: case(fn, rnd(s))
for fn in POS_UNARY:
    for s in SHAPES[:3]: case(fn, rnd(s, lo=0.1, hi=5))
for fn in UNIT_UNARY:
    case(fn, rnd((6,), lo=-0.9, hi=0.9))
case("arccosh", rnd((4,), lo=1.1, hi=4))
for fn in ["abs", "negative", "sign", "square"]:
    case(fn, rnd((6,), "int32"))
special = arr(np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan], dtype="float32"))
for fn in ["exp", "log", "sqrt", "tanh", "sign", "abs", "floor", "isnan", "isinf", "isfinite", "reciprocal"]:
    case(fn, special)
case("round", arr(np.array([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6], dtype="float32")))

BINARY = ["add", "subtract", "multiply", "divide", "trueDivide", "power", "maximum", "minimum", "arctan2",
          "equal", "notEqual", "greater", "greaterEqual", "less", "lessEqual", "floorDivide", "mod"]
for fn in BINARY:
    y_lo = 0.5 if fn in ("power", "floorDivide", "mod", "divide", "trueDivide") else -3
    case(fn, rnd((2, 3), lo=0.5 if fn == "power" else -3), rnd((2, 3), lo=y_lo))
    case(fn, rnd((2, 3), lo=0.5 if fn == "power" else -3), rnd((3,), lo=y_lo))     # broadcast row
    case(fn, rnd((4, 1), lo=0.5 if fn == "power" else -3), rnd((1, 5), lo=y_lo))  # outer broadcast
    case(fn, rnd((3,), lo=0.5 if fn == "power" else -3), 2)                     # weak int
    case(fn, rnd((3,), lo=0.5 if fn == "power" else -3), 1.5)                   # weak float
# integer arithmetic: signs of floor_divide / mod, and division by zero
ia = arr(np.array([7, -7, 7, -7, 0, 5], dtype="int32")); ib = arr(np.array([2, 2, -2, -2, 3, 1], dtype="int32"))
for fn in ["floorDivide", "mod", "add", "subtract", "multiply", "trueDivide", "maximum", "minimum", "power"]:
    case(fn, ia, arr(np.abs(np.array([2, 2, -2, -2, 3, 1], dtype="int32"))) if fn == "power" else ib)
case("floorDivide", arr(np.array([-7.5, 7.5, -0.5], dtype="float32")), arr(np.array([2.0, -2.0, 0.25], dtype="float32")))
case("mod", arr(np.array([-7.5, 7.5, -0.5], dtype="float32")), arr(np.array([2.0, -2.0, 0.25], dtype="float32")))
for fn in ["bitwiseAnd", "bitwiseOr", "bitwiseXor"]:
    case(fn, rnd((5,), "int32", 0, 100), rnd((5,), "int32", 0, 100))
    case(fn, rnd((5,), "bool"), rnd((5,), "bool"))
for fn in ["logicalAnd", "logicalOr", "logicalXor"]:
    case(fn, rnd((5,), "bool"), rnd((5,), "bool"))
case("logicalNot", rnd((5,), "bool"))

# promotion table
TYPES = {"bool": rnd((3,), "bool"), "int32": rnd((3,), "int32"), "uint32": rnd((3,), "uint32", 0, 5),
         "float16": arr(np.array([0.5, 1.25, -2.0], dtype="float16")), "float32": rnd((3,)),
         "weak_int": 3, "weak_float": 0.5, "weak_bool": True}
for an, a in TYPES.items():
    for bn, b in TYPES.items():
        case("add", a, b)
        case("multiply", a, b)

# reductions
for fn in ["sum", "prod", "mean", "max", "min", "var", "std", "argmax", "argmin", "all", "any"]:
    x = rnd((2, 3, 4)) if fn not in ("all", "any") else rnd((2, 3, 4), "bool")
    case(fn, x)
    for ax in [0, 1, -1] + ([[0, 2]] if fn not in ("argmax", "argmin") else []):
        case(fn, x, axis=ax)
        case(fn, x, axis=ax, keepdims=True)
for fn in ["sum", "prod", "mean", "max", "cumsum", "cumprod"]:
    case(fn, rnd((2, 3), "int32"))
    case(fn, rnd((2, 3), "bool"))
case("sum", rnd((2, 3), "uint32", 0, 9))
case("var", rnd((5,)), ddof=1)
case("std", rnd((2, 5)), axis=1, ddof=1)
case("max", arr(np.zeros((0,), "float32")))
case("sum", arr(np.zeros((0, 3), "float32")), axis=0)
case("max", special)
case("argmax", special)
for fn in ["cumsum", "cumprod"]:
    case(fn, rnd((2, 3)))
    case(fn, rnd((2, 3)), axis=1)
    case(fn, rnd((2, 3)), axis=0)

# creation
case("zeros", [2, 3]); case("ones", [4]); case("full", [2, 2], 3.5)
case("arange", 5); case("arange", 2, 10, 3); case("arange", 0, 1, 0.25); case("arange", 5.5)
case("linspace", 0, 1, 5); case("linspace", -1, 1, 4, endpoint=False)
case("eye", 3); case("eye", 3, 4, 1); case("identity", 2); case("tri", 3, 4, -1)
case("tril", rnd((3, 4))); case("triu", rnd((3, 4)), 1)

# shape manipulation
x23 = rnd((2, 3)); x234 = rnd((2, 3, 4))
case("reshape", x234, [4, -1]); case("reshape", x23, [6]); case("transpose", x234, [2, 0, 1]); case("transpose", x234)
case("swapaxes", x234, 0, 2); case("moveaxis", x234, 0, -1); case("expandDims", x23, 1); case("squeeze", rnd((1, 3, 1)), 0)
case("squeeze", rnd((1, 3, 1)))
case("concatenate", [x23, rnd((2, 2))], 1); case("concatenate", [x23, rnd((1, 3), "int32")], 0)
case("stack", [x23, x23], 1); case("hstack", [rnd((3,)), rnd((2,))]); case("vstack", [rnd((3,)), rnd((2, 3))])
case("broadcastTo", rnd((3,)), [2, 3]); case("tile", x23, [2, 2]); case("repeat", x23, 2, 1); case("repeat", x23, 3)
case("flip", x234, 1); case("flip", x23); case("roll", x23, 1, 1); case("roll", x23, -2)
case("pad", x23, [[1, 2], [0, 1]]); case("pad", rnd((3,), "int32"), 2)
case("clip", rnd((6,)), -1, 1); case("where", rnd((2, 3), "bool"), x23, 0.5)
# linear algebra basics
case("dot", rnd((3,)), rnd((3,))); case("dot", rnd((2, 3)), rnd((3, 4))); case("dot", rnd((2, 3)), rnd((3,)))
case("dot", rnd((2, 2, 3)), rnd((4, 3, 5)))
case("matmul", rnd((2, 3)), rnd((3, 4))); case("matmul", rnd((5, 2, 3)), rnd((3, 4))); case("matmul", rnd((3,)), rnd((2, 3, 4)))
case("matmul", rnd((1, 2, 3)), rnd((4, 3, 2))); case("matmul", rnd((2, 3), "int32"), rnd((3, 2), "int32"))
case("vdot", rnd((2, 3)), rnd((2, 3))); case("inner", rnd((2, 3)), rnd((4, 3))); case("outer", rnd((3,)), rnd((4,)))
case("tensordot", rnd((2, 3, 4)), rnd((3, 4, 5)), 2); case("tensordot", rnd((2, 3)), rnd((3, 2)), [[1], [0]])
case("einsum", "ij,jk->ik", rnd((2, 3)), rnd((3, 4))); case("einsum", "bij,bjk->bik", rnd((2, 2, 3)), rnd((2, 3, 2)))
case("einsum", "ij->ji", rnd((2, 3))); case("einsum", "i,i->", rnd((4,)), rnd((4,))); case("einsum", "ij,kj", rnd((2, 3)), rnd((4, 3)))
case("isclose", arr(np.array([1.0, 1.0001, np.nan, np.inf], "float32")), arr(np.array([1.0, 1.0, np.nan, np.inf], "float32")))
case("allclose", rnd((3,)), rnd((3,))); case("arrayEqual", x23, x23)

json.dump({"jax_version": jax.__version__, "cases": cases}, open("test/goldens/jnp.json", "w"))
print(len(cases), "cases")
