"""Generate test/goldens/collectives.json: JAX's collectives under vmap's axis_name.

Run from the repository root:  /work/jaxvenv/bin/python scripts/gen_collectives_goldens.py

Each case names a program that test/lax/collectives.test.ts writes again in
jaxts; the inputs are arange-based so both sides build them alike.
"""
import json
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax
import jax.numpy as jnp
from jax import lax

x = jnp.arange(4.0)
m = jnp.arange(16.0).reshape(4, 4)
r = jnp.arange(6.0).reshape(2, 3)
v = lambda f, *a, **k: jax.vmap(f, axis_name="i", **k)(*a)

CASES = {
    "normalize": v(lambda a: a / lax.psum(a, "i"), x),
    "pmean": v(lambda a: lax.pmean(a, "i"), x),
    "pmean_int": v(lambda a: lax.pmean(a, "i"), jnp.arange(4)),
    "psum_unbatched": v(lambda a: lax.psum(1.5, "i") + 0 * a, x),
    "psum_tree": v(lambda a: lax.psum({"a": a, "b": [a * 2, a * a]}, "i"), x),
    "pmax": v(lambda a: lax.pmax(a * (a - 2), "i"), x),
    "pmin": v(lambda a: lax.pmin(a * (a - 2), "i"), x),
    "all_gather": v(lambda a: lax.all_gather(a, "i"), x),
    "all_gather_axis1": v(lambda a: lax.all_gather(a, "i", axis=1), m),
    "all_gather_tiled": v(lambda a: lax.all_gather(a, "i", tiled=True), m),
    "ppermute": v(lambda a: lax.ppermute(a, "i", [(0, 1), (1, 2), (2, 3), (3, 0)]), x),
    "ppermute_matrix": v(lambda a: lax.ppermute(a, "i", [(0, 2), (2, 0), (1, 3), (3, 1)]), m),
    "psum_scatter": v(lambda a: lax.psum_scatter(a, "i"), m),
    "psum_scatter_tiled": v(lambda a: lax.psum_scatter(a, "i", tiled=True), jnp.arange(32.0).reshape(4, 8)),
    "all_to_all": v(lambda a: lax.all_to_all(a, "i", 0, 0), m),
    "all_to_all_1_0": v(lambda a: lax.all_to_all(a, "i", 1, 0), jnp.arange(48.0).reshape(4, 3, 4)),
    "all_to_all_0_1": v(lambda a: lax.all_to_all(a, "i", 0, 1), jnp.arange(32.0).reshape(4, 4, 2)),
    "all_to_all_tiled": v(lambda a: lax.all_to_all(a, "i", 0, 1, tiled=True), jnp.arange(64.0).reshape(4, 8, 2)),
    "pswapaxes": v(lambda a: lax.pswapaxes(a, "i", 0), m),
    "pshuffle": v(lambda a: lax.pshuffle(a, "i", [2, 3, 0, 1]), x),
    "grad_all_to_all": jax.grad(lambda t: jnp.sum(v(lambda a: lax.all_to_all(a, "i", 1, 0), t) * jnp.arange(12.0).reshape(4, 3)))(jnp.arange(48.0).reshape(4, 3, 4)),
    "grad_outside": jax.grad(lambda x: jnp.sum(v(lambda a: a / lax.psum(a, "i") * a, x)))(x + 1),
    "grad_inside": v(jax.grad(lambda a: a * lax.psum(a, "i")), x + 1),
    "grad_all_gather": jax.grad(lambda x: jnp.sum(v(lambda a: lax.all_gather(a, "i") * a, x) ** 2))(x + 1),
    "grad_ppermute": jax.grad(lambda x: jnp.sum(v(lambda a: lax.ppermute(a * a, "i", [(0, 1), (1, 2), (2, 3), (3, 0)]) * jnp.arange(4.0)[0], x)))(x + 1),
    "grad_psum_scatter": jax.grad(lambda m: jnp.sum(v(lambda a: lax.psum_scatter(a, "i") ** 2, m)))(m),
    "jit_outside": jax.jit(lambda x: v(lambda a: lax.pmax(a, "i"), x))(x),
    "jit_inside": v(jax.jit(lambda a: lax.pmin(a, "i") + lax.psum(a, "i")), x),
    "nested": jax.vmap(lambda row: jax.vmap(lambda a: lax.psum(a, "i") + 100 * lax.psum(a, "j"), axis_name="j")(row), axis_name="i")(r),
    "nested_inner_gather": jax.vmap(lambda row: jax.vmap(lambda a: lax.all_gather(a, "i"), axis_name="j")(row), axis_name="i")(r),
    "scan_body": v(lambda a: lax.scan(lambda c, _: (c + lax.psum(a, "i"), c), a, jnp.arange(3))[0], x),
    "cond_branch": v(lambda a: lax.cond(a > 1, lambda: lax.psum(a, "i"), lambda: -lax.psum(a, "i")), x),
    "pmap_normalize": jax.pmap(lambda a: a / lax.psum(a, "i"), axis_name="i")(jnp.arange(6.0).reshape(1, 6) + 1),
    "pmap_in_axes_none": jax.pmap(lambda a, w: a * w + lax.axis_index("i"), axis_name="i", in_axes=(0, None))(jnp.ones((1, 3)), jnp.arange(3.0)),
    "pmap_static": jax.pmap(lambda a, k: a * k, static_broadcasted_argnums=1)(jnp.arange(4.0).reshape(1, 4), 3),
    "while_body": v(lambda a: lax.while_loop(lambda c: c[0] < 3, lambda c: (c[0] + 1, c[1] + lax.pmean(c[1], "i")), (0, a))[1], x),
}


def enc(t):
    return jax.tree.map(lambda a: {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}, t)


out = {"jax": jax.__version__, "cases": {k: enc(val) for k, val in CASES.items()}}
path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "collectives.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {len(CASES)} cases to {path}")
