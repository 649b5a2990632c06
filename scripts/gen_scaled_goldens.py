"""Goldens for lax.scaled_dot (real JAX on CPU) and nn.scaled_matmul / nn.scaled_dot_general.

JAX runs nn.scaled_matmul only through cuDNN (on CPU it raises
NotImplementedError). Here its primitive is swapped for what it stands for
(the docstring's formula, in float32), so JAX's own quantization, shape
handling and custom VJP run on CPU and give the goldens.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_scaled_goldens.py
"""
import json, math
import jax, jax.numpy as jnp
import numpy as np
from jax import lax
from jax._src.cudnn import scaled_matmul_stablehlo as sm


def cpu_scaled_matmul(lhs, rhs, lhs_scales, rhs_scales, preferred_element_type=np.float32):
    k = lhs.shape[-1]
    a = lhs.astype(jnp.float32) * jnp.repeat(lhs_scales.astype(jnp.float32), k // lhs_scales.shape[-1], axis=-1)
    b = rhs.astype(jnp.float32) * jnp.repeat(rhs_scales.astype(jnp.float32), k // rhs_scales.shape[-1], axis=-1)
    return jnp.einsum("BMK,BNK->BMN", a, b, precision=lax.Precision.HIGHEST).astype(preferred_element_type)


sm._scaled_matmul = cpu_scaled_matmul


def num(v):
    v = float(v)
    if math.isnan(v):
        return None
    # The shortest repr that reads back as the same float32 (every value here is float32 or narrower).
    return float(str(np.float32(v))) if math.isfinite(v) else ("inf" if v > 0 else "-inf")


def pattern(shape, mul, mod, scale):
    """Exact dyadic test data both sides can build: ((i*mul % mod) - mod//2) * scale."""
    n = int(np.prod(shape))
    return (((np.arange(n) * mul) % mod - mod // 2) * scale).astype(np.float32).reshape(shape)


def enc(x):
    x = np.asarray(x)
    return {"dtype": str(x.dtype), "shape": list(x.shape), "data": [num(v) for v in np.asarray(x, np.float64).ravel()]}


rng = np.random.default_rng(0)
def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)

out = {}

# lax.scaled_dot: real JAX.
sd = []
A = rand(2, 3, 8); B = rand(2, 8, 4)
As = np.array(rng.integers(-3, 3, (2, 3, 2)), np.float32); Bs = np.array(rng.integers(-3, 3, (2, 2, 4)), np.float32)
e8 = jnp.float8_e8m0fnu
cases = [
    ("f8_default", jnp.array(A).astype(jnp.float8_e4m3fn), jnp.array(B).astype(jnp.float8_e4m3fn), jnp.exp2(As).astype(e8), jnp.exp2(Bs).astype(e8), None, None),
    ("f8_f32", jnp.array(A).astype(jnp.float8_e4m3fn), jnp.array(B).astype(jnp.float8_e4m3fn), jnp.exp2(As).astype(e8), jnp.exp2(Bs).astype(e8), None, jnp.float32),
    ("f32_noscale", jnp.array(A), jnp.array(B), None, None, None, jnp.float32),
    ("2d_dn", jnp.array(A[0]), jnp.array(B[0].T), jnp.exp2(As[0]).astype(e8), jnp.exp2(Bs[0].T).astype(e8), (((1,), (1,)), ((), ())), jnp.float32),
]
for name, l, r, ls, rs, dn, pet in cases:
    res = lax.scaled_dot(l, r, lhs_scale=ls, rhs_scale=rs, dimension_numbers=dn, preferred_element_type=pet)
    sd.append({"name": name, "lhs": enc(l), "rhs": enc(r), "lhs_scale": enc(ls) if ls is not None else None,
               "rhs_scale": enc(rs) if rs is not None else None, "dn": dn, "pet": None if pet is None else np.dtype(pet).name, "out": enc(res)})
out["scaled_dot"] = sd
errs = {}
for name, f in {
    "ratio": lambda: lax.scaled_dot(jnp.ones((2, 4)), jnp.ones((4, 2)), lhs_scale=jnp.ones((2, 4)), rhs_scale=jnp.ones((2, 2)), preferred_element_type=jnp.float32),
    "rank": lambda: lax.scaled_dot(jnp.ones((2, 4)), jnp.ones((4, 2)), lhs_scale=jnp.ones((2, 2, 1)), preferred_element_type=jnp.float32),
    "divisible": lambda: lax.scaled_dot(jnp.ones((2, 6)), jnp.ones((6, 2)), lhs_scale=jnp.ones((2, 4)), preferred_element_type=jnp.float32),
    "one_d": lambda: lax.scaled_dot(jnp.ones((4,)), jnp.ones((4,))),
}.items():
    try:
        f(); errs[name] = None
    except Exception as e:
        errs[name] = type(e).__name__ + ": " + str(e)
out["scaled_dot_errors"] = errs

# nn.scaled_matmul (formula).
a = rand(2, 3, 64); b = rand(2, 5, 64)
as_ = np.exp2(rng.integers(-2, 3, (2, 3, 2))).astype(np.float32); bs = np.exp2(rng.integers(-2, 3, (2, 5, 2))).astype(np.float32)
sm_cases = []
for name, dt in [("f32", None), ("f8", "mx")]:
    if dt:
        aa, bb = jnp.array(a).astype(jnp.float8_e4m3fn), jnp.array(b).astype(jnp.float8_e4m3fn)
        sa, sb = jnp.array(as_).astype(e8), jnp.array(bs).astype(e8)
    else:
        aa, bb, sa, sb = jnp.array(a), jnp.array(b), jnp.array(as_), jnp.array(bs)
    for pet in [jnp.float32, jnp.bfloat16]:
        sm_cases.append({"name": name, "pet": np.dtype(pet).name, "a": enc(aa), "b": enc(bb), "as": enc(sa), "bs": enc(sb),
                         "out": enc(jax.nn.scaled_matmul(aa, bb, sa, sb, preferred_element_type=pet))})
out["scaled_matmul"] = sm_cases
out["scaled_matmul_doc"] = enc(jax.nn.scaled_matmul(jnp.array([1, 2, 3.]).reshape(1, 1, 3), jnp.array([4, 5, 6.]).reshape(1, 1, 3),
                                                    jnp.array([0.5]).reshape(1, 1, 1), jnp.array([0.5]).reshape(1, 1, 1)))

# nn.scaled_dot_general: forward and gradients, mxfp8 and nvfp4.
sdg = []
SDG = [("mxfp8", "batched", jnp.float32), ("mxfp8", "plain", jnp.bfloat16), ("nvfp4", "batched", jnp.float32), ("nvfp4", "plain", jnp.float32)]
for mode, name, pet in SDG:
    gs = jnp.array([0.5], jnp.float32) if mode == "nvfp4" else None
    cfg = [jax.nn.get_scaled_dot_general_config(mode, gs)] * 3
    if name == "batched":
        l, r, dn = pattern((1, 32, 32), 37, 29, 0.375), pattern((1, 32, 32), 41, 31, 0.0625), (((2,), (2,)), ((0,), (0,)))
    else:
        l, r, dn = pattern((32, 32), 37, 29, 0.375), pattern((32, 32), 41, 31, 0.0625), (((1,), (0,)), ((), ()))
    l, r = jnp.array(l), jnp.array(r)
    f = lambda x, y: jax.nn.scaled_dot_general(x, y, dn, preferred_element_type=pet, configs=cfg)
    res, vjp = jax.vjp(f, l, r)
    ct = jnp.array(pattern(res.shape, 53, 17, 0.125), res.dtype)
    gl, gr = vjp(ct)
    sdg.append({"mode": mode, "name": name, "pet": np.dtype(pet).name, "gs": None if gs is None else 0.5, "dn": dn,
                "out": enc(res), "glhs": enc(gl), "grhs": enc(gr)})
out["scaled_dot_general"] = sdg
# Quantization pieces: mxfp8 of a block with zeros, tiny values, and exact powers of two.
x = np.zeros((1, 2, 32), np.float32)
x[0, 0, :4] = [448.0, -3.0, 1e-3, 0.5]
# (Blocks whose scale is below 2^-126 are not here: XLA on CPU flushes float32
# subnormals, so JAX gets NaN for an all-zero block where the math gives 0.)
x[0, 1, :] = 2.0 ** -110
x[0, 1, 5] = 3 * 2.0 ** -108
from jax._src.cudnn.scaled_matmul_stablehlo import quantize
q, s = quantize(jnp.array(x), jax.nn.get_scaled_dot_general_config("mxfp8"))
out["quantize_mxfp8"] = {"x": enc(x), "q": enc(q), "s": enc(s)}
q, s = quantize(jnp.array(x * 100), jax.nn.get_scaled_dot_general_config("nvfp4", jnp.array([2.0], jnp.float32)))
out["quantize_nvfp4"] = {"x": enc(x * 100), "q": enc(q), "s": enc(s)}

json.dump(out, open("test/goldens/scaled_matmul.json", "w"), separators=(",", ":"))
print({k: (len(v) if isinstance(v, list) else v if k.endswith("errors") else "") for k, v in out.items()})
