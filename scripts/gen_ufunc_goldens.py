"""Generate test/goldens/ufunc.json: JAX's jnp ufunc methods (reduce, accumulate,
at, reduceat, outer) on the builtin ufuncs and on frompyfunc ufuncs.

Run from the repository root:  /work/jaxvenv/bin/python scripts/gen_ufunc_goldens.py

test/numpy/ufunc.test.ts writes each case again in jaxts, under the same name.
"""
import json
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax
import jax.numpy as jnp

x = jnp.arange(6.0).reshape(2, 3)
i = jnp.arange(6).reshape(2, 3)
b = jnp.array([[True, False, True], [True, True, False]])
v = jnp.array([3.0, -1.0, 4.0, 1.0, -5.0])
f = jnp.frompyfunc(lambda a, c: a * c + 1, 2, 1)
g = jnp.frompyfunc(lambda a, c: jnp.maximum(a, c) - 1, 2, 1, identity=-100)

CASES = {
    "add_reduce": jnp.add.reduce(x),
    "add_reduce_axis1_keep": jnp.add.reduce(x, axis=1, keepdims=True),
    "add_reduce_none": jnp.add.reduce(i, axis=None),
    "add_reduce_tuple": jnp.add.reduce(x, axis=(0, 1)),
    "add_reduce_where_initial": jnp.add.reduce(x, axis=1, where=x > 1, initial=10.0),
    "add_reduce_dtype": jnp.add.reduce(i, dtype=jnp.float32),
    "multiply_reduce": jnp.multiply.reduce(x + 1, axis=1),
    "maximum_reduce_initial": jnp.maximum.reduce(v, initial=10.0),
    "minimum_reduce_where": jnp.minimum.reduce(v, where=v > 0, initial=100.0),
    "subtract_reduce": jnp.subtract.reduce(v),
    "subtract_reduce_axis1": jnp.subtract.reduce(x, axis=1),
    "logical_and_reduce": jnp.logical_and.reduce(b, axis=1),
    "logical_or_reduce": jnp.logical_or.reduce(b),
    "logical_xor_reduce": jnp.logical_xor.reduce(b, axis=1),
    "bitwise_and_reduce": jnp.bitwise_and.reduce(i + 7, axis=1),
    "bitwise_or_reduce": jnp.bitwise_or.reduce(i, axis=0),
    "bitwise_xor_reduce": jnp.bitwise_xor.reduce(i, axis=1),
    "logaddexp_reduce": jnp.logaddexp.reduce(v),
    "logaddexp2_reduce": jnp.logaddexp2.reduce(x, axis=1),
    "add_accumulate": jnp.add.accumulate(x, axis=1),
    "multiply_accumulate": jnp.multiply.accumulate(v),
    "maximum_accumulate": jnp.maximum.accumulate(v),
    "minimum_accumulate_axis0": jnp.minimum.accumulate(x[::-1], axis=0),
    "subtract_accumulate": jnp.subtract.accumulate(v),
    "logaddexp_accumulate": jnp.logaddexp.accumulate(v),
    "add_at": jnp.add.at(jnp.zeros(5), jnp.array([0, 0, 3, 4, 4, 4]), 1.0, inplace=False),
    "add_at_values": jnp.add.at(jnp.ones(5), jnp.array([1, 3, 1]), jnp.array([10.0, 20.0, 30.0]), inplace=False),
    "add_at_bool": jnp.add.at(jnp.array([False, False, True]), jnp.array([0, 0]), True, inplace=False),
    "multiply_at": jnp.multiply.at(v, jnp.array([0, 0, 2]), 2.0, inplace=False),
    "subtract_at": jnp.subtract.at(v, jnp.array([1, 1]), 1.0, inplace=False),
    "maximum_at": jnp.maximum.at(v, jnp.array([1, 4]), 0.0, inplace=False),
    "minimum_at_2d": jnp.minimum.at(x, (jnp.array([0, 1]), jnp.array([2, 0])), 0.5, inplace=False),
    "negative_at": jnp.negative.at(v, jnp.array([0, 2, 2]), inplace=False),
    "add_reduceat": jnp.add.reduceat(jnp.arange(8), jnp.array([0, 4, 1, 5])),
    "maximum_reduceat_axis1": jnp.maximum.reduceat(jnp.arange(12.0).reshape(3, 4) % 5, jnp.array([0, 2]), axis=1),
    "add_outer": jnp.add.outer(jnp.arange(3), jnp.arange(2)),
    "multiply_outer_2d": jnp.multiply.outer(x, jnp.array([1.0, -1.0])),
    "frompyfunc_call": f(jnp.arange(3.0), 2.0),
    "frompyfunc_reduce": f.reduce(jnp.arange(1.0, 4.0)),
    "frompyfunc_reduce_axis1": f.reduce(x, axis=1),
    "frompyfunc_accumulate": f.accumulate(jnp.arange(1.0, 4.0)),
    "frompyfunc_at": f.at(jnp.ones(4), jnp.array([1, 1, 3]), 2.0, inplace=False),
    "frompyfunc_outer": f.outer(jnp.arange(2.0), jnp.arange(3.0)),
    "frompyfunc_reduceat": f.reduceat(jnp.arange(1.0, 7.0), jnp.array([0, 3])),
    "identity_reduce_where": g.reduce(v, where=v > 0),
    "identity_reduce_empty": g.reduce(jnp.zeros((0,))),
}

out = {
    "jax": jax.__version__,
    "identities": {n: getattr(jnp, n).identity for n in ["add", "multiply", "maximum", "logical_and", "logical_or", "bitwise_and", "bitwise_or", "subtract"]},
    "cases": {k: {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()} for k, a in CASES.items()},
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "ufunc.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print(f"wrote {len(CASES)} cases to {path}")
