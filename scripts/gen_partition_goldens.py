"""JAX's jnp.partition and jnp.argpartition for test/jnp/partition.test.ts.

Run with a Python that has JAX (CPU):
    JAX_PLATFORMS=cpu python scripts/gen_partition_goldens.py
Writes test/goldens/partition.json: inputs with ties, NaNs of both signs,
signed zeros, unsigned zeros and 2-D operands along either axis, each with
kth, axis and JAX's two results (floats as numbers, "nan", "-nan", "-0").
"""
import json, math, os
import numpy as np
import jax, jax.numpy as jnp

def enc(v):
    f = float(v)
    if math.isnan(f): return "-nan" if np.signbit(v) else "nan"
    if f == 0 and np.signbit(v): return "-0"
    return int(v) if isinstance(v, (np.integer,)) else f

rng = np.random.default_rng(5)
neg_nan = -np.float32(np.nan)
cases = [
    (np.array([5, 1, 4, 2, 3, 1, 4], np.float32), 2, -1),
    (np.array([3.0, np.nan, 1.0, -0.0, 0.0, 2.0, neg_nan, -1.0], np.float32), 3, -1),
    (np.array([3, 0, 7, 0, 1, 9, 2], np.uint32), 1, -1),
    (np.array([3, -2, 7, -2, 1, 9, 2], np.int32), 4, -1),
    (rng.integers(0, 5, (4, 9)).astype(np.float32), 3, -1),
    (rng.integers(0, 5, (7, 3)).astype(np.float32), 2, 0),
    (rng.normal(size=(3, 40)).astype(np.float32), 0, -1),
    (rng.normal(size=(3, 40)).astype(np.float32), 38, 1),
]
out = []
for a, kth, axis in cases:
    p = np.asarray(jnp.partition(a, kth, axis))
    ap = np.asarray(jnp.argpartition(a, kth, axis))
    out.append({"a": [enc(v) for v in a.ravel()], "shape": list(a.shape), "dtype": str(a.dtype), "kth": kth, "axis": axis,
                "partition": [enc(v) for v in p.ravel()], "argpartition": [int(v) for v in ap.ravel()], "argdtype": str(ap.dtype)})
path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "partition.json")
with open(path, "w") as fh:
    json.dump({"jax": jax.__version__, "cases": out}, fh)
print("wrote", path)
