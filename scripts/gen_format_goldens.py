#!/usr/bin/env python3
"""Generate test/goldens/format.json: how NumPy / JAX print arrays and scalars.

Each array case is {name, dtype, shape, data, str, repr[, repr_weak]}:
  - data: flat C-order values; finite floats as JSON numbers (Python's repr of the value,
    which round-trips exactly), non-finite ones as "nan" / "inf" / "-inf"; integers as
    JSON numbers, or decimal strings when beyond 2**53; bools as 0/1;
  - str:  str(np.asarray(x))  (what print(jax_array) shows);
  - repr: repr(jax_array), built exactly as jax/_src/array.py ArrayImpl.__repr__ does;
  - repr_weak: the same for an array with weak_type=True (only for some cases).
Scalar cases are {dtype, value, str} with str(np.<dtype>(value)).

Only numpy (>= 2.3, whose print rules the goldens pin) is required. bfloat16 cases are
added when ml_dtypes is importable (the checked-in goldens include them); random data
comes from per-section seeded streams, so the other cases do not depend on it.
`--check-jax` additionally compares every case against a real JAX installation
(with jax_enable_x64 so that float64/int64/uint64 arrays keep their dtype).

Usage: python3 scripts/gen_format_goldens.py [--check-jax]
"""

from __future__ import annotations

import json
import math
import os
import sys
import zlib

import numpy as np

try:  # optional
    import ml_dtypes  # type: ignore

    BF16 = ml_dtypes.bfloat16
except Exception:  # pragma: no cover
    BF16 = None

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "goldens", "format.json")


def jax_repr(x: np.ndarray, weak_type: bool = False) -> str:
    """Mirror of jax/_src/array.py ArrayImpl.__repr__ (fully addressable array)."""
    prefix = "Array("
    if weak_type:
        dtype_str = f"dtype={x.dtype.name}, weak_type=True"
    else:
        dtype_str = f"dtype={x.dtype.name}"
    line_width = np.get_printoptions()["linewidth"]
    if x.size == 0:
        s = f"[], shape={x.shape}"
    else:
        s = np.array2string(x, prefix=prefix, suffix=",", separator=", ", max_line_width=line_width)
    last_line_len = len(s) - s.rfind("\n") + 1
    sep = " "
    if last_line_len + len(dtype_str) + 2 > line_width:
        sep = " " * len(prefix)
    return f"{prefix}{s},{sep}{dtype_str})"


def enc_float(v):
    """A finite float as a JSON number (exact: repr round-trips), else "nan"/"inf"/"-inf"."""
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return f


def enc_int(v):
    """An integer as a JSON number when exactly representable as a double, else a string."""
    i = int(v)
    return i if abs(i) <= 2 ** 53 else str(i)


def encode(x: np.ndarray):
    flat = x.reshape(-1)
    if x.dtype == np.bool_:
        return [int(v) for v in flat]
    if np.issubdtype(x.dtype, np.integer):
        return [enc_int(v) for v in flat]
    return [enc_float(v) for v in flat]


CASES: list[dict] = []
NAMES: set[str] = set()


def add(name: str, x, weak: bool = False) -> None:
    x = np.asarray(x)
    base = name
    k = 1
    while name in NAMES:
        k += 1
        name = f"{base}#{k}"
    NAMES.add(name)
    case = {
        "name": name,
        "dtype": x.dtype.name,
        "shape": list(x.shape),
        "data": encode(x),
        "str": str(x),
        "repr": jax_repr(x),
    }
    if weak:
        case["repr_weak"] = jax_repr(x, weak_type=True)
    CASES.append(case)


def arr(values, dtype) -> np.ndarray:
    """Float array of `dtype` from float64 values (rounded as NumPy casts them)."""
    with np.errstate(all="ignore"):
        return np.array(values, dtype=np.float64).astype(dtype)


SEED = 20240611


def rng_for(tag: str) -> np.random.Generator:
    """An independent random stream per section, so that optional sections (bfloat16)
    do not change the data of the others."""
    return np.random.default_rng([SEED, zlib.crc32(tag.encode())])


rng = rng_for("main")

FLOATS = [np.float16, np.float32, np.float64]
if BF16 is not None:
    FLOATS.append(BF16)


def fname(dt) -> str:
    return np.dtype(dt).name


# ---------------------------------------------------------------------------
# float cases
# ---------------------------------------------------------------------------
SCALAR_FLOATS = [
    0.0, -0.0, 1.0, -1.0, 1.5, 3.0, 0.1, 1 / 3, 2 / 3, -2.5, 1e-5, 1e-4, 0.00012, 1e3, 999.0,
    1e5, 123456.7, 999999.0, 1e6, 1e7, 12345678.9, 1e8, 1e15, 1e16, 1e17, 1e20, 1e-20, 3e38,
    1e-40, 1e-45, 6e-8, 65504.0, 1e100, 1e-310, 5e-324, 1.7e308, math.pi, -math.e, 0.5, 0.25,
    float("nan"), float("inf"), float("-inf"), 2 ** -10, 2 ** -14, 2 ** -24, 1234.5678, 0.30000000000000004,
]

ONE_D_FLOATS = {
    "pair": [1.0, 2.0],
    "tenths": [0.1, 0.2, 0.3],
    "ratio_1000": [1.0, 1000.0],
    "ratio_1000.5": [1.0, 1000.5],
    "ratio_1001": [1.0, 1001.0],
    "tiny_1e-4": [1e-4, 1.0],
    "only_1e-4": [1e-4],
    "tiny_1e-5": [1e-5, 1.0],
    "nan_inf_mix": [float("nan"), 1.5, float("-inf")],
    "only_nan": [float("nan")],
    "inf_neginf": [float("inf"), float("-inf")],
    "nan_inf": [float("nan"), float("inf")],
    "nan_neginf_exp": [float("nan"), float("-inf"), 1e-7, 3.0],
    "negzero": [-0.0, 1.0],
    "only_negzero": [-0.0],
    "zeros": [0.0, 0.0, 0.0],
    "zero_negzero": [0.0, -0.0],
    "cutoff_f32": [1e6],
    "below_cutoff_f32": [999999.0],
    "cutoff_f64": [1e8],
    "below_cutoff_f64": [99999999.0],
    "big16": [1e16, 2.0],
    "f64_extremes": [1e-300, 1e300],
    "exp3digits": [1e100, 1.0, -1e-100],
    "subnormals": [1e-45, 1e-40, 1e-310, 5e-324],
    "huge": [3e38, -1e20, 65504.0],
    "precision_8": [0.123456789, 1.23456789, 12.3456789],
    "round_up": [0.999999999, 9.9999999999, 0.000999999],
    "thirds": [1 / 3, 2 / 3, -1 / 3],
    "ints_as_float": [1.0, -20.0, 300.0, 4000.0],
    "negatives": [-1.0, -2.5, -0.125],
    "mixed_signs": [-1.25, 2.5, -3.75, 4.0],
    "halves_f16": [0.5, 1.5, 1000.0, 1024.0, 2048.5],
    "small_values": [0.001, 0.0002, 0.003],
    "pi_e": [math.pi, math.e, -math.pi],
    "f16_max": [65504.0, -65504.0, 6e-8],
    "two_pow": [2 ** -10, 2 ** -14, 2 ** -24, 2 ** 10],
}

for dt in FLOATS:
    n = fname(dt)
    rng = rng_for(n)
    for i, v in enumerate(SCALAR_FLOATS):
        add(f"{n}/0d/{i}", arr(v, dt), weak=(i % 4 == 0))
    for key, vals in ONE_D_FLOATS.items():
        add(f"{n}/1d/{key}", arr(vals, dt), weak=(key in ("pair", "nan_inf_mix")))
    # random 1-d arrays of various lengths and scales
    for length in (1, 5, 13, 30):
        for scale in (1.0, 1e-3, 1e3, 1e5):
            add(f"{n}/1d/normal_{length}_{scale:g}", arr(rng.standard_normal(length) * scale, dt))
    for length in (7, 25):
        add(f"{n}/1d/uniform_{length}", arr(rng.uniform(0, 1, length), dt))
        add(f"{n}/1d/lognormal_{length}", arr(rng.lognormal(0, 4, length), dt))
        add(f"{n}/1d/round2_{length}", arr(np.round(rng.standard_normal(length) * 100, 2), dt))
    # long rows that wrap at 75 characters
    add(f"{n}/1d/arange30", arr(np.arange(30) * 1.123, dt))
    add(f"{n}/1d/arange22x1000.5", arr(np.arange(22) * 1000.5, dt))
    add(f"{n}/1d/arange100", arr(np.arange(100), dt))
    add(f"{n}/1d/linspace50", arr(np.linspace(-1, 1, 50), dt))
    add(f"{n}/1d/with_nan_40", arr(np.where(np.arange(40) % 7 == 3, np.nan, rng.standard_normal(40)), dt))
    # n-d shapes
    add(f"{n}/2d/2x2", arr([[1.0, 2.0], [3.0, 4.0]], dt), weak=True)
    add(f"{n}/2d/2x3", arr(rng.standard_normal((2, 3)), dt))
    add(f"{n}/2d/3x1", arr(rng.standard_normal((3, 1)), dt))
    add(f"{n}/2d/1x3", arr(rng.standard_normal((1, 3)), dt))
    add(f"{n}/2d/1x1", arr([[7.25]], dt))
    add(f"{n}/2d/2x40", arr(rng.standard_normal((2, 40)), dt))
    add(f"{n}/2d/5x20_exp", arr(rng.lognormal(0, 6, (5, 20)), dt))
    add(f"{n}/2d/4x4_special", arr([[np.nan, 1, 2, 3], [np.inf, -np.inf, 0.5, -0.0], [1e-3, 2, 3, 4], [5, 6, 7, 8]], dt))
    add(f"{n}/3d/2x3x4", arr(rng.standard_normal((2, 3, 4)), dt))
    add(f"{n}/3d/2x3x30", arr(np.round(rng.standard_normal((2, 3, 30)), 3), dt))
    add(f"{n}/3d/2x1x2", arr([[[1e-8, 1.0]], [[2.0, 3.0]]], dt))
    add(f"{n}/4d/2x2x2x2", arr(rng.standard_normal((2, 2, 2, 2)), dt))
    add(f"{n}/4d/1x1x1x1", arr([[[[0.5]]]], dt))
    add(f"{n}/4d/2x3x2x5", arr(np.arange(60).reshape(2, 3, 2, 5) / 4.0, dt))
    # empty arrays
    add(f"{n}/empty/0", np.zeros((0,), dt), weak=True)
    add(f"{n}/empty/0x3", np.zeros((0, 3), dt))
    add(f"{n}/empty/2x0x2", np.zeros((2, 0, 2), dt))
    # summarised (size > 1000): only the corners are printed and used for the layout
    add(f"{n}/big/1001", arr(np.arange(1001) * 0.5, dt))
    if n in ("float32", "float64"):
        add(f"{n}/big/7x11x13", arr((np.arange(1001) % 97 - 48).reshape(7, 11, 13) / 8.0, dt))
        add(f"{n}/big/2x2x2x126", arr((np.arange(1008) % 13).reshape(2, 2, 2, 126) * 0.25, dt))
    big_nan = np.arange(1010) / 4.0
    big_nan[600] = np.nan  # hidden by summarisation: does not widen the columns
    big_nan[700] = 1e30  # hidden: does not switch to scientific notation
    big_nan[1] = np.inf
    add(f"{n}/big/1010_inf_hidden_nan", arr(big_nan, dt))

# more summarised arrays, some with long decimal expansions
rng = rng_for("big")
add("float32/big/40x50", np.arange(2000, dtype=np.float32).reshape(40, 50))
add("float32/big/1x1001", (np.arange(1001) / 16.0).reshape(1, 1001).astype(np.float32))
add("float64/big/1001x1", (np.arange(1001) - 500.0).reshape(1001, 1))
add("float32/big/random_1010", rng.standard_normal(1010).astype(np.float32))
add("float64/big/random_3x340", np.round(rng.standard_normal((3, 340)), 6))
add("float16/big/random_2x510", rng.standard_normal((2, 510)).astype(np.float16))

# ---------------------------------------------------------------------------
# integer cases
# ---------------------------------------------------------------------------
rng = rng_for("int")
INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
for dt in INT_TYPES:
    n = np.dtype(dt).name
    info = np.iinfo(dt)
    add(f"{n}/0d/zero", np.array(0, dt), weak=True)
    add(f"{n}/0d/max", np.array(info.max, dt))
    add(f"{n}/0d/min", np.array(info.min, dt))
    add(f"{n}/1d/small", np.array([1, 2, 3], dt), weak=True)
    add(f"{n}/1d/extremes", np.array([info.min, 0, info.max], dt))
    add(f"{n}/2d/2x2", np.array([[1, 2], [3, 4]], dt))
    add(f"{n}/1d/random20", rng.integers(info.min, int(info.max) + 1, 20, dtype=dt))
    add(f"{n}/empty/0", np.zeros((0,), dt))

for dt in (np.int32, np.int64, np.uint32):
    n = np.dtype(dt).name
    add(f"{n}/1d/negatives", np.array([-5, 10, -100], dt) if np.dtype(dt).kind == "i" else np.array([5, 10, 100], dt))
    add(f"{n}/1d/arange40", np.arange(40, dtype=dt))
    add(f"{n}/1d/arange100", np.arange(100, dtype=dt))
    add(f"{n}/2d/3x25_wide", (rng.integers(0, 10 ** 6, (3, 25))).astype(dt))
    add(f"{n}/3d/2x3x4", np.arange(24, dtype=dt).reshape(2, 3, 4))
    add(f"{n}/4d/2x2x3x2", np.arange(24, dtype=dt).reshape(2, 2, 3, 2))
    add(f"{n}/empty/0x3", np.zeros((0, 3), dt))
    add(f"{n}/big/1010", np.arange(1010, dtype=dt))
    add(f"{n}/big/2x17x30", np.arange(1020, dtype=dt).reshape(2, 17, 30))

add("int32/big/40x50", np.arange(2000, dtype=np.int32).reshape(40, 50))
add("int64/big/1001_wide", (np.arange(1001) * 4000001).astype(np.int64))
add("int32/big/1001_neg", (np.arange(1001) * -2000001).astype(np.int32))

add("int64/1d/beyond_2^53", np.array([2 ** 53 + 1, -(2 ** 62), 2 ** 63 - 1], np.int64))
add("uint64/1d/beyond_2^53", np.array([2 ** 64 - 1, 2 ** 53 + 1, 0], np.uint64))
add("int32/1d/neg_width", np.array([-1, 5], np.int32))
add("int32/1d/neg_wider", np.array([-1000, 5], np.int32))
add("int32/2d/2x30_neg", rng.integers(-10 ** 9, 10 ** 9, (2, 30)).astype(np.int32))

# ---------------------------------------------------------------------------
# bool cases
# ---------------------------------------------------------------------------
rng = rng_for("bool")
add("bool/0d/true", np.array(True), weak=True)
add("bool/0d/false", np.array(False))
add("bool/1d/tf", np.array([True, False]), weak=True)
add("bool/1d/one", np.array([False]))
add("bool/2d/2x3", rng.integers(0, 2, (2, 3)).astype(bool))
add("bool/1d/30", rng.integers(0, 2, 30).astype(bool))
add("bool/3d/2x3x14", rng.integers(0, 2, (2, 3, 14)).astype(bool))
add("bool/4d/2x2x2x2", rng.integers(0, 2, (2, 2, 2, 2)).astype(bool))
add("bool/empty/0", np.zeros((0,), bool))
add("bool/empty/3x0", np.zeros((3, 0), bool))
add("bool/big/1010", rng.integers(0, 2, 1010).astype(bool))
add("bool/big/30x34", rng.integers(0, 2, (30, 34)).astype(bool))

# ---------------------------------------------------------------------------
# scalars: str(np.<dtype>(value))
# ---------------------------------------------------------------------------
SCALARS: list[dict] = []
for dt in FLOATS:
    n = fname(dt)
    rng = rng_for("scalar/" + n)
    vals = SCALAR_FLOATS + list(rng.standard_normal(20) * 10.0 ** rng.integers(-8, 9, 20))
    for v in vals:
        with np.errstate(all="ignore"):
            s = dt(v)
        SCALARS.append({"dtype": n, "value": enc_float(s), "str": str(s)})
for dt in (np.int32, np.int64, np.uint32):
    info = np.iinfo(dt)
    for v in (0, 1, info.max, info.min, 12345):
        s = dt(v)
        SCALARS.append({"dtype": np.dtype(dt).name, "value": enc_int(s), "str": str(s)})
for v in (True, False):
    SCALARS.append({"dtype": "bool", "value": int(v), "str": str(np.bool_(v))})


def check_jax() -> int:
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from jax._src.lax import lax as lax_internal

    bad = 0
    for c in CASES:
        dtype = c["dtype"]
        if dtype == "bool":
            x = np.array(c["data"], dtype=bool)
        elif dtype.startswith(("int", "uint")):
            x = np.array([int(v) for v in c["data"]], dtype=dtype)
        else:
            x = np.array([float(v) for v in c["data"]], dtype=np.float64).astype(
                BF16 if dtype == "bfloat16" else dtype
            )
        x = x.reshape(c["shape"])
        j = jnp.asarray(x)
        got = {"str": str(j), "repr": repr(j)}
        if "repr_weak" in c:
            got["repr_weak"] = repr(lax_internal._convert_element_type(j, j.dtype, weak_type=True))
        for k, v in got.items():
            if v != c[k]:
                bad += 1
                print(f"JAX mismatch {c['name']} {k}:\n{v}\n!=\n{c[k]}")
    print(f"checked {len(CASES)} cases against jax {jax.__version__}: {bad} mismatches")
    return 1 if bad else 0


def main() -> int:
    major, minor = (int(p) for p in np.__version__.split(".")[:2])
    if (major, minor) < (2, 3):
        print(f"numpy {np.__version__} prints with older rules; need numpy >= 2.3", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    doc = {
        "numpy_version": np.__version__,
        "has_bfloat16": BF16 is not None,
        "cases": CASES,
        "scalars": SCALARS,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES)} array cases, {len(SCALARS)} scalars, {os.path.getsize(OUT)} bytes to {OUT}")
    if "--check-jax" in sys.argv:
        return check_jax()
    return 0


if __name__ == "__main__":
    sys.exit(main())
