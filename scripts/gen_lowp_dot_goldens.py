"""JAX's float16/bfloat16 matrix products for test/dtypes/lowp_dot.test.ts.

Run with a Python that has JAX (CPU):
    JAX_PLATFORMS=cpu python scripts/gen_lowp_dot_goldens.py
Writes test/goldens/lowp_dot.json: for each dtype, operands a (24 x 40) and
b (40 x 16) given as float32 values exactly representable in the dtype, and
JAX's a @ b, a @ b with preferred_element_type=float32, and a batched
einsum, all as float32 values (exact).
"""
import json, os
import numpy as np
import jax, jax.numpy as jnp

rng = np.random.default_rng(3)
out = {"jax": jax.__version__}
for name in ["float16", "bfloat16"]:
    dt = getattr(jnp, name)
    a = jnp.asarray(rng.normal(0, 2, (24, 40)).astype(np.float32)).astype(dt)
    b = jnp.asarray(rng.normal(0, 2, (40, 16)).astype(np.float32)).astype(dt)
    c = jnp.asarray(rng.normal(0, 2, (3, 16, 8)).astype(np.float32)).astype(dt)
    f32 = lambda x: np.asarray(x.astype(jnp.float32)).ravel().tolist()
    out[name] = {
        "a": f32(a), "b": f32(b), "c": f32(c),
        "matmul": f32(a @ b),
        "preferred_f32": f32(jax.lax.dot_general(a, b, (((1,), (0,)), ((), ())), preferred_element_type=jnp.float32)),
        "einsum": f32(jnp.einsum("ij,bjk->bik", a @ b, c)),
    }
path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "lowp_dot.json")
with open(path, "w") as fh:
    json.dump(out, fh)
print("wrote", path)
