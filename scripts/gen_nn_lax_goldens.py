"""Golden outputs of jax.nn, jax.nn.initializers and the lax additions for
test/nn/goldens.test.ts and test/lax/goldens_more.test.ts.

Run with a Python that has JAX 0.10.2 (x64 off, CPU):
    JAX_PLATFORMS=cpu python scripts/gen_nn_lax_goldens.py
Writes test/goldens/nn_lax.json. Each case: {fn, args, opts, expect}: `fn` the
jaxts name ("nn.celu", "lax.reduceWindow", "nn.initializers.glorotNormal"),
`args` the positional arguments (arrays as {"array": {shape, dtype, data}},
keys as {"key": seed}, lax monoids as {"op": "add"}), `opts` the jaxts options
object (or null), `expect` {shape, dtype, weak, data} or a list of them, or
{"error": true}.
"""
import json, math
import numpy as np
import jax, jax.numpy as jnp
from jax import lax

rng = np.random.default_rng(0)

def enc_val(v):
    if isinstance(v, (bool, np.bool_)): return bool(v)
    f = float(v)
    if math.isnan(f): return "nan"
    if math.isinf(f): return "inf" if f > 0 else "-inf"
    return int(v) if isinstance(v, (int, np.integer)) else f

def arr(a, dtype=None):
    a = np.asarray(a, dtype=dtype)
    return {"array": {"shape": list(a.shape), "dtype": str(a.dtype), "data": [enc_val(v) for v in a.ravel()]}}

def to_jax(x):
    if isinstance(x, dict) and "array" in x:
        a = x["array"]
        data = [float("nan") if v == "nan" else float("inf") if v == "inf" else float("-inf") if v == "-inf" else v for v in a["data"]]
        return jnp.asarray(np.array(data, dtype=a["dtype"]).reshape(a["shape"]))
    if isinstance(x, dict) and "key" in x: return jax.random.PRNGKey(x["key"])
    if isinstance(x, dict) and "num" in x: return float(x["num"])
    if isinstance(x, dict) and "op" in x: return getattr(lax, x["op"])
    if isinstance(x, dict) and "fn" in x: return CUSTOM[x["fn"]]
    if isinstance(x, list) and any(isinstance(v, dict) for v in x): return [to_jax(v) for v in x]
    return x

def enc_out(r):
    if isinstance(r, (tuple, list)): return [enc_out(v) for v in r]
    r = jnp.asarray(r)
    return {"shape": list(r.shape), "dtype": str(r.dtype), "weak": bool(getattr(r, "weak_type", False)),
            "data": [enc_val(v) for v in np.asarray(r).ravel()]}

# Custom monoids, mirrored by name in the test (test/nn/goldens.test.ts).
CUSTOM = {
    "addFn": lambda a, b: lax.add(a, b),
    "maxFn": lambda a, b: lax.max(a, b),
    "sumProd": lambda a, b: (lax.add(a[0], b[0]), lax.mul(a[1], b[1])),
    "argmaxPair": lambda a, b: (lax.select(lax.ge(a[0], b[0]), a[0], b[0]), lax.select(lax.ge(a[0], b[0]), a[1], b[1])),
    "logaddexp": lambda a, b: jnp.logaddexp(a, b),
    "sumMax": lambda a, b: [lax.add(a[0], b[0]), lax.max(a[1], b[1])],
}

cases = []
def case(fn, args, opts, pyf):
    jargs = [to_jax(a) for a in args]
    try:
        expect = enc_out(pyf(*jargs))
    except Exception as e:  # noqa
        expect = {"error": True, "message": f"{type(e).__name__}: {e}"[:300]}
    cases.append({"fn": fn, "args": enc_args(args), "opts": enc_args(opts), "expect": expect})

def enc_args(a):
    """Non-finite JS numbers in arguments as {"num": "inf" | "-inf" | "nan"} (JSON has no Infinity)."""
    if isinstance(a, float) and not math.isfinite(a): return {"num": enc_val(a)}
    if isinstance(a, list): return [enc_args(v) for v in a]
    if isinstance(a, dict) and "array" not in a: return {k: enc_args(v) for k, v in a.items()}
    return a

def rnd(shape, dtype="float32", lo=-3, hi=3):
    if dtype == "bool": return arr(rng.random(shape) > 0.5)
    if dtype in ("int32", "uint32"): return arr(rng.integers(lo if dtype == "int32" else 0, hi, shape), dtype)
    return arr(rng.uniform(lo, hi, shape).astype(dtype))

nn = jax.nn
# ---------------- jax.nn activations ----------------
x = rnd((2, 5)); xi = rnd((5,), "int32", -8, 9)
special = arr(np.array([-np.inf, -7, -1, -0.5, 0, 0.5, 1, 3, 6, 7, np.inf, np.nan], "float32"))
for name in ["relu", "relu6", "sigmoid", "softplus", "sparse_plus", "sparse_sigmoid", "silu", "mish", "log_sigmoid", "elu",
             "hard_tanh", "celu", "selu", "gelu", "soft_sign", "hard_sigmoid", "hard_silu", "hard_swish", "tanh", "identity",
             "squareplus", "leaky_relu", "swish"]:
    camel = "".join(w if i == 0 else w.capitalize() for i, w in enumerate(name.split("_")))
    f = getattr(nn, name)
    case(f"nn.{camel}", [x], None, f)
    case(f"nn.{camel}", [special], None, f)
    case(f"nn.{camel}", [xi], None, f)
case("nn.celu", [x], {"alpha": 0.5}, lambda a: nn.celu(a, alpha=0.5))
case("nn.elu", [x], {"alpha": 2.0}, lambda a: nn.elu(a, alpha=2.0))
case("nn.gelu", [x], {"approximate": False}, lambda a: nn.gelu(a, approximate=False))
case("nn.gelu", [special], {"approximate": False}, lambda a: nn.gelu(a, approximate=False))
case("nn.leakyRelu", [x], {"negativeSlope": 0.2}, lambda a: nn.leaky_relu(a, negative_slope=0.2))
case("nn.squareplus", [x], {"b": 1.5}, lambda a: nn.squareplus(a, b=1.5))
pos = arr(np.array([0, 1e-6, 0.1, 0.5, math.log(2), 0.7, 1, 5, 20, np.inf], "float32"))
case("nn.log1mexp", [pos], None, nn.log1mexp)
x46 = rnd((4, 6))
case("nn.glu", [x46], None, nn.glu)
case("nn.glu", [x46, 0], None, lambda a, ax: nn.glu(a, ax))
case("nn.glu", [rnd((3, 5))], None, nn.glu)
case("nn.logmeanexp", [x46], None, nn.logmeanexp)
case("nn.logmeanexp", [x46, 1], {"keepdims": True}, lambda a, ax: nn.logmeanexp(a, ax, keepdims=True))
mask46 = rnd((4, 6), "bool")
case("nn.logmeanexp", [x46, 1, ], {"where": mask46}, lambda a, ax: nn.logmeanexp(a, ax, where=to_jax(mask46)))
case("nn.standardize", [x46], None, nn.standardize)
case("nn.standardize", [x46, 0], None, lambda a, ax: nn.standardize(a, ax))
case("nn.standardize", [x46, [0, 1]], {"epsilon": 0.1}, lambda a, ax: nn.standardize(a, tuple(ax), epsilon=0.1))
case("nn.standardize", [x46, -1], {"algorithm": "stable"}, lambda a, ax: nn.standardize(a, ax, algorithm="stable"))
case("nn.standardize", [x46, -1], {"where": mask46}, lambda a, ax: nn.standardize(a, ax, where=to_jax(mask46)))
case("nn.standardize", [x46, -1], {"mean": 0.5, "variance": 2.0}, lambda a, ax: nn.standardize(a, ax, mean=0.5, variance=2.0))
case("nn.standardize", [rnd((2, 3), "int32", 0, 9)], None, nn.standardize)
case("nn.oneHot", [arr(np.array([0, 2, 1, 5, -1], "int32")), 3], None, lambda a, n: nn.one_hot(a, n))
case("nn.oneHot", [arr(np.array([[0, 2], [1, 1]], "int32")), 3], {"axis": 0, "dtype": "int32"}, lambda a, n: nn.one_hot(a, n, axis=0, dtype=jnp.int32))
case("nn.softmax", [x46], None, nn.softmax)
case("nn.logSoftmax", [x46, 0], None, lambda a, ax: nn.log_softmax(a, ax))
case("nn.softmax", [x46, 1], {"where": mask46}, lambda a, ax: nn.softmax(a, ax, where=to_jax(mask46)))
case("nn.logSoftmax", [x46, 1], {"where": mask46}, lambda a, ax: nn.log_softmax(a, ax, where=to_jax(mask46)))

# ---------------- dot_product_attention ----------------
def attn(B, T, S, N, K, H, **kw):
    q = rnd((B, T, N, H), lo=-1, hi=1); k = rnd((B, S, K, H), lo=-1, hi=1); v = rnd((B, S, K, H), lo=-1, hi=1)
    return q, k, v
q, k, v = attn(2, 3, 4, 2, 2, 5)
dpa = nn.dot_product_attention
case("nn.dotProductAttention", [q, k, v], None, dpa)
case("nn.dotProductAttention", [q, k, v], {"scale": 0.3}, lambda a, b, c: dpa(a, b, c, scale=0.3))
case("nn.dotProductAttention", [q, k, v], {"isCausal": True}, lambda a, b, c: dpa(a, b, c, is_causal=True))
m = rnd((2, 1, 3, 4), "bool"); bias = rnd((1, 2, 3, 4))
case("nn.dotProductAttention", [q, k, v], {"mask": m}, lambda a, b, c: dpa(a, b, c, mask=to_jax(m)))
case("nn.dotProductAttention", [q, k, v], {"bias": bias, "isCausal": True}, lambda a, b, c: dpa(a, b, c, bias=to_jax(bias), is_causal=True))
lens = arr(np.array([2, 3], "int32")); kvl = arr(np.array([4, 1], "int32"))
case("nn.dotProductAttention", [q, k, v], {"querySeqLengths": lens, "keyValueSeqLengths": kvl},
     lambda a, b, c: dpa(a, b, c, query_seq_lengths=to_jax(lens), key_value_seq_lengths=to_jax(kvl)))
case("nn.dotProductAttention", [q, k, v], {"localWindowSize": [1, 0]}, lambda a, b, c: dpa(a, b, c, local_window_size=(1, 0)))
case("nn.dotProductAttention", [q, k, v], {"returnResidual": True, "isCausal": True}, lambda a, b, c: dpa(a, b, c, return_residual=True, is_causal=True))
# GQA: 4 query heads over 2 key/value heads; MQA: 3 over 1
q, k, v = attn(1, 3, 5, 4, 2, 3)
bias = rnd((1, 4, 3, 5))
case("nn.dotProductAttention", [q, k, v], None, dpa)
case("nn.dotProductAttention", [q, k, v], {"bias": bias, "isCausal": True}, lambda a, b, c: dpa(a, b, c, bias=to_jax(bias), is_causal=True))
q, k, v = attn(2, 2, 3, 3, 1, 4)
case("nn.dotProductAttention", [q, k, v], None, dpa)
# 3-D inputs [T, N, H]
q3 = rnd((3, 2, 4), lo=-1, hi=1); k3 = rnd((5, 2, 4), lo=-1, hi=1); v3 = rnd((5, 2, 4), lo=-1, hi=1)
case("nn.dotProductAttention", [q3, k3, v3], {"isCausal": True}, lambda a, b, c: dpa(a, b, c, is_causal=True))
case("nn.dotProductAttention", [q3, k3, rnd((5, 2, 3))], None, dpa)

# ---------------- jax.nn.initializers ----------------
I = jax.nn.initializers
def init_case(name, factory, pyinit, key, shape, dtype=None):
    """`factory`: the jaxts factory's arguments (None: `name` is an initializer itself)."""
    args = [{"key": key}, list(shape)] + ([dtype] if dtype else [])
    def f(k, sh, *dt):
        return pyinit(k, tuple(sh), *(getattr(jnp, d) for d in dt))
    case(f"nn.initializers.{name}", args, None, f)
    cases[-1]["factory"] = factory

init_case("zeros", None, I.zeros, 0, (2, 3))
init_case("ones", None, I.ones, 0, (3,), "int32")
init_case("constant", [2.5], I.constant(2.5), 1, (2, 2))
init_case("constant", [-1, {"dtype": "int32"}], I.constant(-1, jnp.int32), 1, (3,))
init_case("uniform", [], I.uniform(), 2, (3, 4))
init_case("uniform", [{"scale": 3.0}], I.uniform(scale=3.0), 3, (5,))
init_case("normal", [], I.normal(), 4, (3, 4))
init_case("normal", [{"stddev": 0.5}], I.normal(0.5), 5, (2, 7))
init_case("truncatedNormal", [], I.truncated_normal(), 6, (4, 4))
init_case("truncatedNormal", [{"stddev": 2.0, "lower": -1.0, "upper": 0.5}], I.truncated_normal(2.0, lower=-1.0, upper=0.5), 7, (9,))
for name in ["glorot_uniform", "glorot_normal", "lecun_uniform", "lecun_normal", "he_uniform", "he_normal",
             "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"]:
    camel = "".join(w if i == 0 else w.capitalize() for i, w in enumerate(name.split("_")))
    init_case(camel, [], getattr(I, name)(), 8, (3, 5))
    init_case(camel, [], getattr(I, name)(), 9, (3, 3, 4, 6))
    init_case(camel, [{"inAxis": 0, "outAxis": [1, 2]}], getattr(I, name)(in_axis=0, out_axis=(1, 2)), 10, (4, 2, 3))
for mode in ["fan_in", "fan_out", "fan_avg", "fan_geo_avg"]:
    for dist in ["truncated_normal", "normal", "uniform"]:
        init_case("varianceScaling", [0.7, mode, dist], I.variance_scaling(0.7, mode, dist), 11, (6, 10))
init_case("varianceScaling", [2.0, "fan_in", "normal", {"batchAxis": 0, "inAxis": -2}],
          I.variance_scaling(2.0, "fan_in", "normal", batch_axis=0), 12, (3, 4, 5))
init_case("varianceScaling", [1.0, "fan_in", "normal"], I.variance_scaling(1.0, "fan_in", "normal"), 12, (4,))
init_case("varianceScaling", [1.0, "fan_avg", "uniform", {"inAxis": 0}], I.variance_scaling(1.0, "fan_avg", "uniform", in_axis=0), 13, (7,))
init_case("glorotUniform", [], I.glorot_uniform(), 14, (3, 5), "float16")
# orthogonal needs a QR: bit-exact only where jnp.linalg.qr matches LAPACK's (the test allows float tolerance)
init_case("orthogonal", [], I.orthogonal(), 15, (4, 3))
init_case("orthogonal", [{"scale": 2.0, "columnAxis": 0}], I.orthogonal(2.0, column_axis=0), 16, (3, 2, 2))
init_case("orthogonal", [], I.orthogonal(), 17, (4,))
init_case("deltaOrthogonal", [], I.delta_orthogonal(), 18, (3, 3, 2, 4))
init_case("deltaOrthogonal", [{"scale": 0.5}], I.delta_orthogonal(0.5), 19, (2, 3, 3))
init_case("deltaOrthogonal", [], I.delta_orthogonal(), 18, (3, 3, 4, 2))

# ---------------- lax: binary ops with scalars and broadcasting (the divergence of issue 16) ----------------
u = rnd((4,), "uint32", 0, 100); f23 = rnd((2, 3)); i23 = rnd((2, 3), "int32", -9, 9)
case("lax.bitwiseAnd", [u, arr(np.uint32(6))], None, lax.bitwise_and)
case("lax.bitwiseOr", [arr(np.uint32(6)), u], None, lax.bitwise_or)
case("lax.shiftLeft", [u, arr(np.uint32(2))], None, lax.shift_left)
case("lax.add", [f23, 2.5], None, lax.add)
case("lax.add", [f23, arr(np.float32(2))], None, lax.add)
case("lax.mul", [f23, rnd((1, 3))], None, lax.mul)
case("lax.sub", [rnd((2, 1)), rnd((1, 3))], None, lax.sub)
case("lax.max", [f23, rnd((3,))], None, lax.max)
case("lax.add", [i23, 3], None, lax.add)
case("lax.add", [i23, 2.5], None, lax.add)
case("lax.add", [f23, rnd((2, 2))], None, lax.add)
case("lax.add", [f23, rnd((2, 3), "int32")], None, lax.add)
case("lax.atan2", [f23, 1.5], None, lax.atan2)
case("lax.eq", [i23, arr(np.int32(1))], None, lax.eq)
case("lax.rem", [f23, 2.0], None, lax.rem)
case("lax.pow", [rnd((2, 3), lo=0.5, hi=2), 2.0], None, lax.pow)

# ---------------- lax: small additions ----------------
case("lax.erfc", [arr(np.array([-np.inf, -3, -1, -0.3, 0, 0.2, 0.5, 1, 2, 4, 9, 12, np.inf, np.nan], "float32"))], None, lax.erfc)
case("lax.erfc", [rnd((3,), "int32")], None, lax.erfc)
case("lax.clz", [arr(np.array([0, 1, 2, 255, -1, 2**30, -2**31], "int32"))], None, lax.clz)
case("lax.clz", [arr(np.array([0, 1, 2**31, 70000], "uint32"))], None, lax.clz)
case("lax.mulhi", [arr(np.array([2**30, -2**31, 12345678, -7, 3], "int32")), arr(np.array([8, 2**31 - 1, 87654321, 9, -1], "int32"))], None, lax.mulhi)
case("lax.mulhi", [arr(np.array([2**31, 4000000000, 5], "uint32")), arr(np.array([2**31, 4000000000, 7], "uint32"))], None, lax.mulhi)
case("lax.reciprocal", [rnd((5,))], None, lax.reciprocal)
rp = arr(np.array([1.0, 1.0009765625, 1.00146484375, 3.14159265, 65504, 65520, 1e5, 1e-5, 6e-8, -2.5e-3, np.inf, -np.inf, np.nan, 0, -0.0], "float32"))
for e, mnt in [(5, 10), (8, 7), (4, 3), (8, 23), (11, 52), (2, 0), (5, 2)]:
    case("lax.reducePrecision", [rp, e, mnt], None, lambda a, ee, mm: lax.reduce_precision(a, ee, mm))
case("lax.full", [[2, 3], 2.5], None, lambda s_, v: lax.full(s_, v))
case("lax.full", [[2], 7], None, lambda s_, v: lax.full(s_, v))
case("lax.full", [[2, 2], 7, "float32"], None, lambda s_, v, d: lax.full(s_, v, getattr(jnp, d)))
case("lax.full", [[3], arr(np.int32(4))], None, lambda s_, v: lax.full(s_, v))
case("lax.full", [[3], rnd((2,))], None, lambda s_, v: lax.full(s_, v))
case("lax.fullLike", [f23, 3], None, lax.full_like)
case("lax.fullLike", [i23, 1.5, "float32"], None, lambda a, v, d: lax.full_like(a, v, getattr(jnp, d)))
case("lax.fullLike", [f23, 0, None, [4]], None, lambda a, v, d, sh: lax.full_like(a, v, d, tuple(sh)))
case("lax.broadcastToRank", [f23, 4], None, lax.broadcast_to_rank)
case("lax.collapse", [rnd((2, 3, 4, 5)), 1, 3], None, lax.collapse)
case("lax.collapse", [rnd((2, 3, 4, 5)), 1], None, lax.collapse)
case("lax.collapse", [rnd((2, 3, 4, 5)), -3, -1], None, lax.collapse)
x345 = rnd((3, 4, 5))
case("lax.split", [x345, [1, 3], 1], None, lax.split)
case("lax.split", [x345, [0, 2, 1]], None, lambda a, sz: lax.split(a, sz))
case("lax.split", [x345, [2, 2], 2], None, lax.split)
case("lax.tile", [f23, [2, 3]], None, lax.tile)
case("lax.tile", [rnd((3,), "int32"), [2]], None, lax.tile)
case("lax.tile", [f23, [2]], None, lax.tile)
case("lax.indexInDim", [x345, 2, 1], None, lax.index_in_dim)
case("lax.indexInDim", [x345, -1, 2, False], None, lax.index_in_dim)
case("lax.indexInDim", [x345, 5, 1], None, lax.index_in_dim)
case("lax.indexTake", [x345, [arr(np.array([0, 2, -1, 4], "int32")), arr(np.array([1, 3, 0, 9], "int32"))], [0, 1]], None, lax.index_take)
case("lax.indexTake", [x345, [arr(np.array([[0, 2], [1, 1]], "int32"))], [2]], None, lax.index_take)
case("lax.dynamicUpdateSliceInDim", [x345, rnd((3, 2, 5)), 1, 1], None, lax.dynamic_update_slice_in_dim)
case("lax.dynamicUpdateSliceInDim", [x345, rnd((3, 2, 5)), 3, 1], None, lax.dynamic_update_slice_in_dim)
case("lax.dynamicUpdateSliceInDim", [x345, rnd((3, 4, 2)), arr(np.int32(-1)), 2], None, lax.dynamic_update_slice_in_dim)
case("lax.dynamicSliceInDim", [x345, arr(np.int32(2)), 2, 1], None, lax.dynamic_slice_in_dim)
case("lax.stack", [[f23, f23, f23], 1], None, lax.stack)
case("lax.stack", [[f23, f23], -1], None, lax.stack)
case("lax.unstack", [x345, 1], None, lax.unstack)
case("lax.batchMatmul", [rnd((2, 3, 4)), rnd((2, 4, 5))], None, lax.batch_matmul)
case("lax.batchMatmul", [rnd((3, 4)), rnd((4, 2))], None, lax.batch_matmul)
case("lax.batchMatmul", [rnd((2, 3, 4)), rnd((4, 5))], None, lax.batch_matmul)
case("lax.reciprocal", [rnd((3,), "int32", 1, 5)], None, lax.reciprocal)
case("lax.cummin", [x345, 1], {"reverse": True}, lambda a, ax: lax.cummin(a, ax, reverse=True))
case("lax.argmax", [x345, 1, "int32"], None, lambda a, ax, d: lax.argmax(a, ax, getattr(jnp, d)))
case("lax.rev", [x345, [0, 2]], None, lax.rev)
sdn = {"updateWindowDims": [], "insertedWindowDims": [0], "scatterDimsToOperandDims": [0]}
py_sdn = lax.ScatterDimensionNumbers(update_window_dims=(), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,))
case("lax.scatterSub", [rnd((5,)), arr(np.array([[0], [2], [2], [7]], "int32")), rnd((4,)), sdn], None,
     lambda a, i, u_, _d: lax.scatter_sub(a, i, u_, py_sdn))

# ---------------- lax.reduce / reduce_window / top_k ----------------
r34 = rnd((3, 4)); r345 = rnd((3, 4, 5))
case("lax.reduce", [r34, 0.0, {"op": "add"}, [1]], None, lax.reduce)
case("lax.reduce", [r345, 0.0, {"op": "add"}, [0, 2]], None, lax.reduce)
case("lax.reduce", [r34, 10.0, {"op": "add"}, [1]], None, lax.reduce)
case("lax.reduce", [r34, -np.inf, {"op": "max"}, [0, 1]], None, lax.reduce)
case("lax.reduce", [r34, np.inf, {"op": "min"}, [0]], None, lax.reduce)
case("lax.reduce", [r34, 1.0, {"op": "mul"}, [1]], None, lax.reduce)
case("lax.reduce", [r34, 0.0, {"fn": "addFn"}, [1]], None, lax.reduce)
case("lax.reduce", [r345, -np.inf, {"fn": "maxFn"}, [1, 2]], None, lax.reduce)
case("lax.reduce", [r345, -np.inf, {"fn": "logaddexp"}, [2]], None, lax.reduce)
case("lax.reduce", [rnd((2, 100)), -np.inf, {"fn": "logaddexp"}, [1]], None, lax.reduce)
case("lax.reduce", [[r34, rnd((3, 4), lo=0.5, hi=1.5)], [0.0, 1.0], {"fn": "sumProd"}, [1]], None, lax.reduce)
idx34 = arr(np.broadcast_to(np.arange(4, dtype="int32"), (3, 4)).copy())
case("lax.reduce", [[r34, idx34], [-np.inf, arr(np.int32(0))], {"fn": "argmaxPair"}, [1]], None, lax.reduce)
case("lax.reduce", [rnd((3, 4), "int32", -9, 9), 0, {"op": "bitwise_xor"}, [1]], None, lax.reduce)
case("lax.reduce", [rnd((3, 4), "bool"), True, {"op": "bitwise_and"}, [1]], None, lax.reduce)
case("lax.reduce", [rnd((3, 4), "int32", -9, 9), -2147483648, {"op": "max"}, [0]], None, lax.reduce)
img = rnd((2, 5, 6, 3))
rw = lax.reduce_window
case("lax.reduceWindow", [img, -np.inf, {"op": "max"}, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"], None, rw)
case("lax.reduceWindow", [img, -np.inf, {"op": "max"}, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"], None, rw)
case("lax.reduceWindow", [img, 0.0, {"op": "add"}, [1, 3, 3, 1], [1, 1, 1, 1], "SAME"], None, rw)
case("lax.reduceWindow", [img, np.inf, {"op": "min"}, [1, 2, 3, 1], [1, 1, 2, 1], [[0, 0], [1, 0], [0, 2], [0, 0]]], None, rw)
case("lax.reduceWindow", [img, 0.0, {"op": "add"}, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"], {"windowDilation": [1, 2, 2, 1]},
     lambda a, i, c, d, st, p: rw(a, i, c, d, st, p, window_dilation=(1, 2, 2, 1)))
case("lax.reduceWindow", [img, 0.0, {"op": "add"}, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"], {"baseDilation": [1, 2, 1, 1]},
     lambda a, i, c, d, st, p: rw(a, i, c, d, st, p, base_dilation=(1, 2, 1, 1)))
case("lax.reduceWindow", [img, -np.inf, {"op": "max"}, [1, 2, 2, 1], [1, 2, 1, 1], "SAME"], {"baseDilation": [1, 1, 2, 1], "windowDilation": [1, 2, 1, 1]},
     lambda a, i, c, d, st, p: rw(a, i, c, d, st, p, base_dilation=(1, 1, 2, 1), window_dilation=(1, 2, 1, 1)))
case("lax.reduceWindow", [rnd((7,)), 1.0, {"op": "add"}, [3], [2], "VALID"], None, rw)
case("lax.reduceWindow", [rnd((7,)), 0.0, {"fn": "logaddexp"}, [3], [1], "SAME"], None, rw)
case("lax.reduceWindow", [rnd((6, 5), "int32", -50, 50), -2147483648, {"op": "max"}, [2, 2], [2, 2], "VALID"], None, rw)
nanimg = arr(np.array([[1, np.nan, 3], [4, 5, 6]], "float32"))
case("lax.reduceWindow", [nanimg, -np.inf, {"op": "max"}, [2, 2], [1, 1], "VALID"], None, rw)
case("lax.reduceWindow", [[r34, r34], [0.0, -np.inf], {"fn": "sumMax"}, [2, 2], [1, 1], "VALID"], None, rw)
case("lax.reduceWindow", [img, 5.0, {"op": "add"}, [1, 3, 3, 1], [1, 2, 1, 1], "SAME"], None, rw)
case("lax.reduceWindow", [img, 0.0, {"op": "max"}, [1, 3, 3, 1], [1, 2, 1, 1], "SAME"], None, rw)
case("lax.reduceWindow", [img, 1.0, {"fn": "maxFn"}, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"], {"baseDilation": [1, 2, 1, 1]},
     lambda a, i, c, d, st, p: rw(a, i, c, d, st, p, base_dilation=(1, 2, 1, 1)))
tk = arr(np.array([0., -0., 1, np.nan, 1, -np.inf, np.inf], "float32"))
case("lax.topK", [tk, 7], None, lax.top_k)
case("lax.topK", [r345, 3], None, lax.top_k)
case("lax.topK", [r345, 2], {"axis": 1}, lambda a, k: lax.top_k(a, k, axis=1))
case("lax.topK", [arr(np.array([3, 1, 3, -2147483648, 2147483647], "int32")), 3], None, lax.top_k)
case("lax.topK", [rnd((4,)), 0], None, lax.top_k)
case("lax.topK", [rnd((4,)), 5], None, lax.top_k)
case("lax.topK", [rnd((4,)), -1], None, lax.top_k)

# ---------------- approx top-k, conv helpers ----------------
case("lax.approxMaxK", [r345, 2], None, lax.approx_max_k)
case("lax.approxMinK", [r345, 3], None, lax.approx_min_k)
case("lax.approxMinK", [r345, 2], {"reductionDimension": 0}, lambda a, k: lax.approx_min_k(a, k, reduction_dimension=0))
case("lax.approxMinK", [arr(np.array([3, 1, -0.0, 0, 1, -5], "float32")), 4], None, lax.approx_min_k)
ints = lambda t: tuple(np.array(v, np.int32) for v in t) if isinstance(t[0], tuple) else np.array(t, np.int32)
case("lax.convShapeTuple", [[2, 3, 9, 8], [4, 3, 3, 2], [2, 1], "SAME"], None, lambda *a: ints(lax.conv_shape_tuple(*a)))
case("lax.convShapeTuple", [[4, 3, 9, 8], [4, 3, 3, 2], [1, 3], [[1, 0], [2, 2]], 2], None, lambda *a: ints(lax.conv_shape_tuple(*a)))
case("lax.convGeneralPermutations", [["NHWC", "HWIO", "NHWC"]], None, lambda d: ints(lax.conv_general_permutations(tuple(d))))
case("lax.convGeneralPermutations", [["NCHW", "OIHW", "NHWC"]], None, lambda d: ints(lax.conv_general_permutations(tuple(d))))
case("lax.convGeneralShapeTuple", [[2, 9, 8, 3], [3, 2, 3, 4], [2, 1], "VALID", ["NHWC", "HWIO", "NHWC"]], None,
     lambda a, b, c, d, e: ints(lax.conv_general_shape_tuple(a, b, c, d, tuple(e))))
case("lax.convTransposeShapeTuple", [[2, 9, 8, 3], [3, 2, 3, 4], [2, 1], "SAME", ["NHWC", "HWIO", "NHWC"]], None,
     lambda a, b, c, d, e: ints(lax.conv_transpose_shape_tuple(a, b, c, d, tuple(e))))
case("lax.convTransposeShapeTuple", [[2, 9, 8, 3], [3, 2, 3, 4], [2, 1], [[1, 2], [0, 1]], ["NHWC", "HWIO", "NHWC"]], None,
     lambda a, b, c, d, e: ints(lax.conv_transpose_shape_tuple(a, b, c, d, tuple(e))))
pimg = rnd((2, 3, 5, 4))
case("lax.convGeneralDilatedPatches", [pimg, [2, 3], [1, 1], "VALID"], None, lax.conv_general_dilated_patches)
case("lax.convGeneralDilatedPatches", [pimg, [3, 2], [2, 1], "SAME"], {"rhsDilation": [1, 2]},
     lambda a, f, st, p: lax.conv_general_dilated_patches(a, f, st, p, rhs_dilation=(1, 2)))
case("lax.convGeneralDilatedPatches", [rnd((2, 5, 4, 3)), [2, 2], [1, 2], "SAME"], {"dimensionNumbers": ["NHWC", "HWIO", "NHWC"]},
     lambda a, f, st, p: lax.conv_general_dilated_patches(a, f, st, p, dimension_numbers=("NHWC", "HWIO", "NHWC")))

case("lax.raggedDot", [rnd((6, 2)), rnd((2, 2, 3)), arr(np.array([2, 3], "int32"))], None, lax.ragged_dot)
case("lax.raggedDot", [rnd((5, 3)), rnd((3, 3, 2)), arr(np.array([0, 4, 1], "int32"))], None, lax.ragged_dot)
case("lax.raggedDot", [rnd((4, 2), "int32", -3, 3), rnd((2, 2, 2), "int32", -3, 3), arr(np.array([1, 3], "int32"))], None, lax.ragged_dot)
CUSTOM["plusOne"] = lambda v: v + 1
CUSTOM["cos"] = jnp.cos
case("lax.scatterApply", [rnd((5,)), arr(np.array([[1], [3], [3], [9]], "int32")), {"fn": "plusOne"}, sdn], {"updateShape": [4]},
     lambda a, i, f, _d: lax.scatter_apply(a, i, f, py_sdn, update_shape=(4,)))
case("lax.scatterApply", [rnd((5,)), arr(np.array([[1], [3], [3]], "int32")), {"fn": "cos"}, sdn], {"updateShape": [3]},
     lambda a, i, f, _d: lax.scatter_apply(a, i, f, py_sdn, update_shape=(3,)))

case("lax.squeeze", [rnd((2, 1, 3, 1)), [-1, 1]], None, lax.squeeze)
case("lax.squeeze", [rnd((2, 1, 3)), [0]], None, lax.squeeze)
case("lax.expandDims", [rnd((2, 3)), [-1, 0]], None, lax.expand_dims)

case("lax.pow", [rnd((2, 3), lo=0.5, hi=2), rnd((2, 3), "int32", -3, 4)], None, lax.pow)
ri = rnd((3, 4), "int32", -100, 100); ru = rnd((3, 4), "uint32", 0, 1000)
for name in ["reduce_and", "reduce_or", "reduce_xor"]:
    camel = "".join(w if i == 0 else w.capitalize() for i, w in enumerate(name.split("_")))
    case(f"lax.{camel}", [ri, [1]], None, getattr(lax, name))
    case(f"lax.{camel}", [ru, [0, 1]], None, getattr(lax, name))
    case(f"lax.{camel}", [rnd((3, 4), "bool"), [0]], None, getattr(lax, name))

# ---------------- gradients (mirrored by name in GRADS of test/nn/goldens.test.ts) ----------------
GRADS = {
    # max pooling with ties (zeros after a relu): the cotangent goes to the first maximum of each window
    "maxPool": lambda x: jax.grad(lambda a: jnp.sum(jnp.sin(rw(jax.nn.relu(a), -jnp.inf, lax.max, (1, 2, 2, 1), (1, 1, 1, 1), "SAME")) * 1.0))(x),
    "minPoolDilated": lambda x: jax.grad(lambda a: jnp.sum(rw(a, jnp.inf, lax.min, (1, 2, 2, 1), (1, 2, 1, 1), "SAME", base_dilation=(1, 1, 2, 1)) ** 2))(x),
    "avgPool": lambda x: jax.grad(lambda a: jnp.sum(rw(a, 0.0, lax.add, (1, 3, 3, 1), (1, 2, 2, 1), "SAME") ** 2))(x),
    "reluKinks": lambda x: jax.grad(lambda a: jnp.sum(jax.nn.relu(a) + jax.nn.relu6(a) + jax.nn.hard_tanh(a)))(x),
    "topKTies": lambda x: jax.grad(lambda a: jnp.sum(lax.top_k(a, 3)[0] * jnp.array([1.0, 2.0, 3.0])))(x),
    "attention": lambda q: jax.grad(lambda a: jnp.sum(jnp.sin(jax.nn.dot_product_attention(a, a[:, :, :1, :] * 0.5, a[:, :, :1, :], is_causal=True))))(q),
    "reduceLogaddexp": lambda x: jax.grad(lambda a: jnp.sum(lax.reduce(a, -jnp.inf, lambda u, v: jnp.logaddexp(u, v), (1,))))(x),
    "log1mexp": lambda x: jax.grad(lambda a: jnp.sum(jax.nn.log1mexp(a)))(x),
}
pool_in = arr(np.round(rng.uniform(-2, 2, (1, 4, 5, 2)) * 2).astype("float32") / 2)  # many ties after relu and rounding
case("grad.maxPool", [pool_in], None, GRADS["maxPool"])
case("grad.minPoolDilated", [pool_in], None, GRADS["minPoolDilated"])
case("grad.avgPool", [rnd((1, 5, 4, 2))], None, GRADS["avgPool"])
case("grad.reluKinks", [arr(np.array([-1, 0, 0.5, 1, 6, 7, -0.0], "float32"))], None, GRADS["reluKinks"])
case("grad.topKTies", [arr(np.array([1, 3, 3, 0, 3, 2], "float32"))], None, GRADS["topKTies"])
case("grad.attention", [rnd((1, 3, 2, 4), lo=-1, hi=1)], None, GRADS["attention"])
case("grad.reduceLogaddexp", [rnd((2, 5))], None, GRADS["reduceLogaddexp"])
case("grad.log1mexp", [arr(np.array([0.1, 0.5, 0.7, 2.0, 10.0], "float32"))], None, GRADS["log1mexp"])

json.dump({"jax_version": jax.__version__, "cases": cases}, open("test/goldens/nn_lax.json", "w"))
print(len(cases), "cases")
