"""Goldens for the low-precision dtypes (float8/float6/float4 families, int4/uint4/int2/uint2).

Every bit pattern of each small float format (ml_dtypes' value), casts of
tricky values (ties, overflow, subnormals, NaN/inf) through XLA (eager and jit)
and through jnp.array from Python floats, the promotion table, finfo/iinfo,
printing, and a battery of ops as JAX computes them on CPU.

Run: JAX_PLATFORMS=cpu /work/jaxvenv/bin/python scripts/gen_lowp_goldens.py
"""
import json, math
import jax, jax.numpy as jnp
import numpy as np
import ml_dtypes

FLOATS = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3", "float8_e3m4", "float8_e4m3fnuz", "float8_e5m2fnuz",
          "float8_e4m3b11fnuz", "float8_e8m0fnu", "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn"]
# XLA on CPU has no float6 kernels (JAX raises there): those use ml_dtypes' host conversion.
NO_XLA = {"float6_e2m3fn", "float6_e3m2fn"}
INTS = ["int4", "uint4", "int2", "uint2", "int1", "uint1"]
# XLA on CPU cannot hold int1/uint1 arrays: those appear in the tables only (promotion, iinfo, can_cast).
RUN_INTS = ["int4", "uint4", "int2", "uint2"]
BITS = {"float6_e2m3fn": 6, "float6_e3m2fn": 6, "float4_e2m1fn": 4}


def num(v):
    v = float(v)
    if math.isnan(v):
        return None
    return v if math.isfinite(v) else ("inf" if v > 0 else "-inf")


def enc(x):
    weak = bool(getattr(x, "weak_type", False))
    x = np.asarray(x)
    return {"dtype": str(x.dtype), "shape": list(x.shape), "data": [num(v) for v in np.asarray(x, np.float64).ravel()], "weak": weak}


def values_of(d):
    """Every bit pattern's value, in bit-pattern order (sign-magnitude layout as ml_dtypes)."""
    dt = np.dtype(getattr(ml_dtypes, d))
    bits = BITS.get(d, 8)
    # Sub-byte types hold their bits in the low bits of a byte.
    return np.arange(2 ** bits, dtype=np.uint8).view(dt).astype(np.float64)


def tricky(vals):
    fin = sorted(set(v for v in vals if math.isfinite(v)))
    out = [0.0, -0.0, math.nan, math.inf, -math.inf, 1e30, -1e30, 1e-30, -1e-30, 2.0 ** -140, 0.3, -1.7, 3.0, 1.5]
    for a, b in zip(fin, fin[1:]):
        m = (a + b) / 2
        out += [m, np.nextafter(np.float32(m), np.float32(np.inf)).item(), np.nextafter(np.float32(m), np.float32(-np.inf)).item()]
    mx = fin[-1]
    out += [mx * 1.01, mx * 1.1, mx * 1.2, mx * 2, -mx * 1.1, fin[0] * 1.1, min(v for v in fin if v > 0) / 2, min(v for v in fin if v > 0) / 3]
    # keep a reasonable number: all for the 8-bit formats would be ~800 values; fine
    return [float(np.float32(v)) for v in out]


casts = {}
allvals = {}
for d in FLOATS:
    dt = getattr(jnp, d)
    vals = values_of(d)
    allvals[d] = [num(v) for v in vals]
    xs = tricky(vals)
    host = np.array(xs, np.float32).astype(dt).astype(np.float64)
    rec = {"x": [num(v) for v in xs], "host": [num(v) for v in host]}
    if d not in NO_XLA:
        x = jnp.array(xs, jnp.float32)
        rec["xla"] = [num(v) for v in np.asarray(x.astype(dt).astype(jnp.float32), np.float64)]
        rec["jit"] = [num(v) for v in np.asarray(jax.jit(lambda x: x.astype(dt).astype(jnp.float32))(x), np.float64)]
        # round trip of every representable value through XLA
        rt = jnp.array(vals.astype(np.float32)).astype(dt).astype(jnp.float32)
        rec["roundtrip"] = [num(v) for v in np.asarray(rt, np.float64)]
        for k in ["xla", "jit"]:
            if rec[k] != rec["host"]:
                print(d, k, "differs from ml_dtypes")
        # python floats (float64) straight to the dtype
        xs64 = [0.1, 1 / 3, -2 / 3, 1e-3, 123.456, 1e-5, 7.2, 5.1]
        rec["x64"] = xs64
        rec["array64"] = enc(jnp.array(xs64, dt))
    casts[d] = rec

# Promotion: every pair from the small types and the usual ones.
ALL = ["bool", "int8", "uint8", "int16", "int32", "uint32", "float16", "bfloat16", "float32"] + FLOATS + INTS
promo = {}
for a in ALL:
    promo[a] = {}
    for b in ALL:
        try:
            promo[a][b] = str(jnp.promote_types(getattr(jnp, a) if a != "bool" else bool, getattr(jnp, b) if b != "bool" else bool))
        except Exception as e:
            # Only what differs between the messages: "8-bit floats", "1-bit, 2-bit and 4-bit integers", ...
            promo[a][b] = "error: " + str(e).split("promotion, ")[1].split(" do not support")[0]

finfo = {}
for d in FLOATS:
    f = ml_dtypes.finfo(getattr(ml_dtypes, d))
    finfo[d] = {k: float(getattr(f, k)) for k in ["bits", "eps", "epsneg", "max", "min", "tiny", "smallest_normal", "smallest_subnormal",
                                                 "resolution", "precision", "nmant", "nexp", "maxexp", "minexp", "machep", "negep", "iexp"]}
iinfo = {d: {"min": int(jnp.iinfo(getattr(jnp, d)).min), "max": int(jnp.iinfo(getattr(jnp, d)).max), "bits": int(jnp.iinfo(getattr(jnp, d)).bits)} for d in INTS}

reprs = {}
for d in FLOATS:
    v = [x for x in values_of(d) if math.isfinite(x)]
    sample = [v[1], v[len(v) // 3], v[len(v) // 2], v[-2], v[-1]]
    reprs[d] = {"x": sample, "repr": repr(jnp.array(sample, getattr(jnp, d))) if d not in NO_XLA else None,
                "scalar": repr(jnp.array(sample[2], getattr(jnp, d))) if d not in NO_XLA else None}
    if d not in NO_XLA:
        allv = [x for x in values_of(d)]
        reprs[d]["all"] = repr(jnp.array(np.array(allv, np.float32)).astype(getattr(jnp, d)))
for d in RUN_INTS:
    i = jnp.iinfo(getattr(jnp, d))
    sample = list(range(int(i.min), int(i.max) + 1))
    reprs[d] = {"x": sample, "repr": repr(jnp.array(sample, getattr(jnp, d))), "scalar": repr(jnp.array(sample[0], getattr(jnp, d)))}

# A battery of ops (eager and jit must agree with JAX).
OPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b,
    "max": jnp.maximum, "min": jnp.minimum, "lt": jnp.less, "eq": jnp.equal, "neg": lambda a, b: -a, "abs": lambda a, b: jnp.abs(a),
    "exp": lambda a, b: jnp.exp(a), "sin": lambda a, b: jnp.sin(a), "sqrt": lambda a, b: jnp.sqrt(jnp.abs(a)),
    "add_weak_int": lambda a, b: a + 3, "mul_weak_float": lambda a, b: a * 1.5, "add_weak_big": lambda a, b: a + 1000.0,
    "to_f32": lambda a, b: a.astype(jnp.float32), "to_i32": lambda a, b: a.astype(jnp.int32), "to_bf16": lambda a, b: a.astype(jnp.bfloat16),
    "where": lambda a, b: jnp.where(a > b, a, b), "sort": lambda a, b: jnp.sort(a), "dot": lambda a, b: jnp.dot(a, b),
    "mean": lambda a, b: jnp.mean(a), "isnan": lambda a, b: jnp.isnan(a), "max_red": lambda a, b: jnp.max(a),
    "square": lambda a, b: a * a, "floor": lambda a, b: jnp.floor(a), "sign": lambda a, b: jnp.sign(a),
    "nextafter": lambda a, b: jax.lax.nextafter(a, b),
}
INT_OPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "neg": lambda a, b: -a,
    "max": jnp.maximum, "min": jnp.minimum, "lt": jnp.less, "abs": lambda a, b: jnp.abs(a),
    "add_weak_int": lambda a, b: a + 3, "add_weak_big": lambda a, b: a + 100, "floordiv": lambda a, b: a // jnp.where(b == 0, 1, b),
    "rem": lambda a, b: a % jnp.where(b == 0, 1, b), "and": lambda a, b: a & b, "xor": lambda a, b: a ^ b, "invert": lambda a, b: ~a,
    "shl1": lambda a, b: a << 1, "shr1": lambda a, b: a >> 1, "to_f32": lambda a, b: a.astype(jnp.float32), "to_i8": lambda a, b: a.astype(jnp.int8),
    "mean": lambda a, b: jnp.mean(a), "sort": lambda a, b: jnp.sort(a), "where": lambda a, b: jnp.where(a > b, a, b),
    "mul_weak_float": lambda a, b: a * 1.5,
}
INPUTS = {
    "float8_e4m3fn": [-3.5, -0.0, 0.5, 1.125, 13.0, 448.0, 0.001953125],
    "float8_e5m2": [-3.5, -0.0, 0.5, 1.25, 48.0, 57344.0, 1.52587890625e-05],
    "float8_e4m3": [-3.5, -0.0, 0.5, 1.125, 13.0, 240.0, 0.001953125],
    "float8_e3m4": [-3.5, -0.0, 0.5, 1.0625, 13.0, 15.5, 0.015625],
    "float8_e4m3fnuz": [-3.5, 0.0, 0.5, 1.125, 13.0, 240.0, 0.0009765625],
    "float8_e5m2fnuz": [-3.5, 0.0, 0.5, 1.25, 48.0, 57344.0, 7.62939453125e-06],
    "float8_e4m3b11fnuz": [-3.5, 0.0, 0.5, 1.125, 13.0, 30.0, 6.103515625e-05],
    "float8_e8m0fnu": [0.25, 1.0, 2.0, 4.0, 1024.0, 2.0 ** -20, 8.0],
    "float4_e2m1fn": [-3.0, -0.0, 0.5, 1.5, 4.0, 6.0, 1.0],
    "int4": [-8, -3, -1, 0, 3, 5, 7],
    "uint4": [0, 1, 7, 9, 12, 15, 3],
    "int2": [-2, -1, 0, 1, -2, 1, 0],
    "uint2": [0, 1, 2, 3, 3, 2, 1],
}
ops = []
for d, xs in INPUTS.items():
    dt = getattr(jnp, d)
    a = jnp.array(xs, dt)
    b = jnp.array(xs[::-1], dt)
    table = INT_OPS if d in INTS else OPS
    for name, f in table.items():
        try:
            out = enc(f(a, b))
        except Exception as e:
            out = {"error": type(e).__name__ + ": " + str(e)[:200]}
        ops.append({"dtype": d, "op": name, "a": xs, "b": xs[::-1], "out": out})

# int <-> small int conversions (wrap) and float -> small int (saturate).
conv = []
for d in RUN_INTS:
    for src, xs in [("int32", [100, -100, 17, -9, 5, -1, 3]), ("float32", [100.0, -100.0, 7.6, -8.9, float("nan"), -1.5, 2.5])]:
        conv.append({"src": src, "dtype": d, "x": [num(v) for v in xs], "out": enc(jnp.array(xs, src).astype(getattr(jnp, d)))})

# jax.random in the 8-bit floats (and bfloat16): uniform takes the low 8 (16) random bits.
rand = {}
for d in ["float8_e4m3fn", "float8_e5m2", "float8_e4m3", "float8_e3m4", "float8_e4m3fnuz", "float8_e5m2fnuz", "bfloat16"]:
    dt = getattr(jnp, d)
    rand[d] = {"uniform": enc(jax.random.uniform(jax.random.key(3), (12,), dt)),
               "uniform_range": enc(jax.random.uniform(jax.random.key(4), (6,), dt, -2.0, 3.0)),
               "normal": enc(jax.random.normal(jax.random.key(5), (12,), dt))}

# XLA agrees with ml_dtypes everywhere (checked below); keep only what differs from the host cast.
for d, r in casts.items():
    for k in ["xla", "jit"]:
        if k in r and r[k] == r["host"]:
            del r[k]
    if "roundtrip" in r and r["roundtrip"] == allvals[d]:
        del r["roundtrip"]
json.dump({"floats": FLOATS, "no_xla": sorted(NO_XLA), "ints": INTS, "values": allvals, "casts": casts, "promote": promo, "finfo": finfo,
           "iinfo": iinfo, "repr": reprs, "ops": ops, "convert": conv, "random": rand},
          open("test/goldens/lowp.json", "w"), separators=(",", ":"))
print(len(ops), "ops")
# jnp.can_cast for every pair with an ml_dtypes type on either side (NumPy's
# registered casts, which follow no simple rule), written as a TS table.
CAST_ALL = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "bfloat16", "float32",
            "float64", "complex64", "complex128"] + FLOATS + INTS
def dt(n):
    return bool if n == "bool" else getattr(jnp, n)
lines = ["// Generated by scripts/gen_lowp_goldens.py: jnp.can_cast (NumPy's registered casts) for every pair",
         "// with an ml_dtypes type on either side, as target lists per source.",
         'import type { DType } from "../core/dtypes.ts";', ""]
for casting in ["safe", "same_kind"]:
    name = "LOWP_SAFE" if casting == "safe" else "LOWP_SAME_KIND"
    lines.append(f"export const {name}: Readonly<Partial<Record<DType, readonly DType[]>>> = {{")
    for a in CAST_ALL:
        tgts = [b for b in CAST_ALL if (a in FLOATS + INTS or b in FLOATS + INTS) and jnp.can_cast(dt(a), dt(b), casting)]
        lines.append(f"  {a}: [{', '.join(repr(t).replace(chr(39), chr(34)) for t in tgts)}],")
    lines.append("};")
open("src/numpy/lowp_casts.ts", "w").write("\n".join(lines) + "\n")
import subprocess
subprocess.run(["npx", "biome", "format", "--write", "src/numpy/lowp_casts.ts"], check=False)
