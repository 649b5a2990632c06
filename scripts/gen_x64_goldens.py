"""Dtypes JAX gives under jax_enable_x64 for test/core/x64.test.ts.

    JAX_PLATFORMS=cpu python scripts/gen_x64_goldens.py   # writes test/goldens/x64.json
Each case names an expression the test builds the same way in jaxts.
"""
import json, pathlib
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp, numpy as np
from jax import random

cases = {
    "array(0.1)": lambda: jnp.array(0.1),
    "array([0.5, 1.5])": lambda: jnp.array([0.5, 1.5]),
    "arange(5)": lambda: jnp.arange(5),
    "arange(0, 1, 0.25)": lambda: jnp.arange(0, 1, 0.25),
    "ones([2])": lambda: jnp.ones([2]),
    "zeros([2])": lambda: jnp.zeros([2]),
    "full([2], 1.5)": lambda: jnp.full([2], 1.5),
    "linspace(0, 1, 3)": lambda: jnp.linspace(0, 1, 3),
    "ones(f32) + 0.1": lambda: jnp.ones([2], dtype=jnp.float32) + 0.1,
    "eye(2)": lambda: jnp.eye(2),
    "normal": lambda: random.normal(random.PRNGKey(0), [2]),
    "uniform": lambda: random.uniform(random.PRNGKey(0), [2]),
    "arange(5).sum()": lambda: jnp.arange(5).sum(),
    "arange(5).mean()": lambda: jnp.arange(5).mean(),
    "arange(5) / 2": lambda: jnp.arange(5) / 2,
    "arange(5) + 2": lambda: jnp.arange(5) + 2,
    # to_inexact_dtype: integers up to 32 bits become float32 under x64 too.
    "sin(int32)": lambda: jnp.sin(jnp.arange(3, dtype=jnp.int32)),
    "int32 / 2": lambda: jnp.arange(3, dtype=jnp.int32) / 2,
    "mean(int32)": lambda: jnp.mean(jnp.arange(3, dtype=jnp.int32)),
    "sqrt(uint8)": lambda: jnp.sqrt(jnp.arange(3, dtype=jnp.uint8)),
    "var(int16)": lambda: jnp.var(jnp.arange(4, dtype=jnp.int16)),
    "inv(int32 eye)": lambda: jnp.linalg.inv(jnp.eye(2, dtype=jnp.int32)),
    "sin(2)": lambda: jnp.sin(2),
}
out = {}
for name, f in cases.items():
    x = f()
    out[name] = {"dtype": str(x.dtype), "data": np.asarray(x, dtype=np.float64).ravel().tolist()}
path = pathlib.Path(__file__).resolve().parent.parent / "test" / "goldens" / "x64.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
