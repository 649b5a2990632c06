"""Goldens for the small dtypes (int8/uint8/int16/uint16/bfloat16): promotion table and a battery of ops.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_dtypes_goldens.py
"""
import json, math
import jax, jax.numpy as jnp
import numpy as np

DT = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "float16", "bfloat16", "float32"]

def enc(x):
    weak = bool(getattr(x, "weak_type", False))
    x = np.asarray(x)
    def one(v):
        if math.isnan(v):
            return None
        return v if math.isfinite(v) else ("inf" if v > 0 else "-inf")
    vals = [one(v) for v in np.asarray(x, dtype=np.float64).ravel().tolist()]
    return {"dtype": str(x.dtype), "shape": list(x.shape), "data": vals, "weak": weak}

promo = {a: {b: str(jnp.promote_types(a, b)) for b in DT} for a in DT}
weak = {a: {"int": str((jnp.zeros(1, a) + 1).dtype), "float": str((jnp.zeros(1, a) + 1.5).dtype)} for a in DT}

INPUTS = {
    "int8": [-128, -7, -1, 0, 3, 100, 127],
    "uint8": [0, 1, 7, 100, 200, 255, 128],
    "int16": [-32768, -300, -1, 0, 5, 1000, 32767],
    "uint16": [0, 1, 300, 1000, 40000, 65535, 2],
    "bfloat16": [-3.140625, -1.0, -0.0, 0.5, 1.1015625, 100.5, 3e4],
}
OPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "max": jnp.maximum, "min": jnp.minimum, "lt": jnp.less, "eq": jnp.equal,
    "neg": lambda a, b: -a, "abs": lambda a, b: jnp.abs(a), "sum": lambda a, b: jnp.sum(a),
    "prod2": lambda a, b: jnp.prod(a[:2]), "cumsum": lambda a, b: jnp.cumsum(a), "sort": lambda a, b: jnp.sort(a),
    "to_f32": lambda a, b: a.astype(jnp.float32), "to_i8": lambda a, b: a.astype(jnp.int8),
    "to_u8": lambda a, b: a.astype(jnp.uint8), "to_bf16": lambda a, b: a.astype(jnp.bfloat16),
    "add_weak_int": lambda a, b: a + 3, "mul_weak_float": lambda a, b: a * 1.5,
}
INT_OPS = {"floordiv": lambda a, b: a // jnp.where(b == 0, 1, b), "rem": lambda a, b: a % jnp.where(b == 0, 1, b),
           "and": lambda a, b: a & b, "xor": lambda a, b: a ^ b,
           "shl3": lambda a, b: jnp.left_shift(a, 3), "shr3": lambda a, b: jnp.right_shift(a, 3),
           "srl3": lambda a, b: jax.lax.shift_right_logical(a, jnp.full_like(a, 3)),
           "clz": lambda a, b: jax.lax.clz(a), "popcnt": lambda a, b: jax.lax.population_count(a),
           "invert": lambda a, b: jnp.invert(a), "bitcount": lambda a, b: jnp.bitwise_count(a)}
FLOAT_OPS = {"div": lambda a, b: a / b, "exp": lambda a, b: jnp.exp(a), "sqrt": lambda a, b: jnp.sqrt(jnp.abs(a))}

ops = []
for d, xs in INPUTS.items():
    a = jnp.array(xs, d)
    b = jnp.array(xs[::-1], d)
    table = dict(OPS, **(FLOAT_OPS if d == "bfloat16" else INT_OPS))
    for name, f in table.items():
        ops.append({"dtype": d, "op": name, "a": xs, "b": xs[::-1], "out": enc(f(a, b))})

conv = []
for src in ["float32", "int32"]:
    xs = [300.0, -200.0, 1000.7, -1e10, 1e10, -3.5, 65537.0] if src == "float32" else [300, -200, 1000, -70000, 70000, -1, 65537]
    for d in ["int8", "uint8", "int16", "uint16", "bfloat16"]:
        conv.append({"src": src, "dtype": d, "x": xs, "out": enc(jnp.array(xs, src).astype(d))})

reprs = {d: repr(jnp.array(xs, d)) for d, xs in INPUTS.items()}
info = {d: {"min": float(jnp.iinfo(d).min), "max": float(jnp.iinfo(d).max)} for d in ["int8", "uint8", "int16", "uint16"]}
bf = jnp.finfo(jnp.bfloat16)
info["bfloat16"] = {"eps": float(bf.eps), "max": float(bf.max), "tiny": float(bf.tiny), "resolution": float(bf.resolution)}

# Under x64: the 64-bit dtypes join the table (uint64 ∨ int64 = weak float64, as JAX).
jax.config.update("jax_enable_x64", True)
DT64 = DT + ["int64", "uint64", "float64"]
def join64(a, b):
    r = jnp.zeros(1, a) + jnp.zeros(1, b)
    return [str(r.dtype), bool(r.weak_type)]
promo64 = {a: {b: join64(a, b) for b in DT64} for a in DT64}
# int64 beyond 32 bits (stored exactly up to 2^53), incl. wrap-around at 2^64.
from jax import lax
A64 = [2**40, -(2**41), 7, -3]
a64 = jnp.array(A64, jnp.int64)
B64 = [3, -7, 0, 2]
b64 = jnp.array(B64, jnp.int64)
OPS64 = {
    "add": a64 + 1, "sub": a64 - b64, "mul": a64 * 3, "fdiv": a64 // jnp.where(b64 == 0, 1, b64), "rem": a64 % 7,
    "neg": -a64, "abs": jnp.abs(a64), "sum": jnp.sum(a64), "prod": jnp.prod(jnp.array([2**20, 2**20, -3])),
    "max": jnp.max(a64), "min": jnp.minimum(a64, b64), "cumsum": jnp.cumsum(a64), "and": a64 & (2**41 - 1),
    "or": a64 | 5, "xor": a64 ^ b64, "inv": ~a64, "shr": a64 >> 3, "shl": a64 << 4, "srl": lax.shift_right_logical(a64, jnp.full_like(a64, 60)),
    "popc": lax.population_count(a64), "sq": jnp.square(a64), "to_i32": a64.astype(jnp.int32), "to_f32": a64.astype(jnp.float32),
    "tdiv": lax.div(a64, b64), "trem": lax.rem(a64, b64), "lt": a64 < b64, "sel": jnp.where(a64 > 0, a64, b64),
    "mul_wrap": a64 * (2**30),
}
ops64 = {k: enc(v) for k, v in OPS64.items()}
jax.config.update("jax_enable_x64", False)

json.dump({"dtypes": DT, "promote": promo, "dtypes64": DT64, "promote64": promo64, "a64": A64, "b64": B64, "ops64": ops64, "weak": weak, "ops": ops, "convert": conv, "repr": reprs, "info": info},
          open("test/goldens/dtypes.json", "w"), indent=0)
print(len(ops), "ops")
