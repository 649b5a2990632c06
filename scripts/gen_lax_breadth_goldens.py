"""Golden outputs of jax.lax.rng_bit_generator (and friends) for test/lax/breadth.test.ts.

Run with a Python that has JAX 0.10.2 (CPU):
    JAX_PLATFORMS=cpu python scripts/gen_lax_breadth_goldens.py
Writes test/goldens/lax_breadth.json: {rng: [{key, shape, dtype, algorithm, newKey, bits}],
rng64: [...] (x64 on, uint64 bits as decimal strings)}.
"""
import json
import numpy as np
import jax, jax.numpy as jnp
from jax import lax

KEYS = [[1, 2, 3, 4], [0, 0, 0, 0], [0xDEADBEEF, 42, 0xFFFFFFFF, 0xFFFFFFFF], [5, 7, 0xFFFFFFFE, 12]]
SHAPES = [(), (1,), (5,), (2, 3), (3, 3), (4,), (2, 1, 3), (3, 5, 2), (7, 1)]
ALGS = ["RNG_DEFAULT", "RNG_THREE_FRY", "RNG_PHILOX"]


def run(dtype, dtypes_strs):
    out = []
    for key in KEYS:
        k = jnp.array(key, dtype=jnp.uint32)
        for shape in SHAPES:
            for alg in ALGS:
                for dt in dtypes_strs:
                    nk, b = lax.rng_bit_generator(k, shape, jnp.dtype(dt), getattr(lax.RandomAlgorithm, alg))
                    out.append({
                        "key": key, "shape": list(shape), "dtype": dt, "algorithm": alg,
                        "newKey": [int(v) for v in np.asarray(nk).ravel()],
                        "bits": [str(int(v)) if dt == "uint64" else int(v) for v in np.asarray(b).ravel()],
                    })
    return out


goldens = {"rng": run(None, ["uint32", "uint8", "uint16"])}
jax.config.update("jax_enable_x64", True)
goldens["rng64"] = [c for c in run(None, ["uint64"]) if len(c["shape"]) <= 2]

with open("test/goldens/lax_breadth.json", "w") as f:
    json.dump(goldens, f)
print(len(goldens["rng"]), len(goldens["rng64"]))
