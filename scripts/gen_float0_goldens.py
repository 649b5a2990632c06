"""Generate test/goldens/float0.json: JAX's float0 tangents and the Jacobian options.

Run from the repository root:  /work/jaxvenv/bin/python scripts/gen_float0_goldens.py

A float0 value is recorded as {"float0": shape, "str": NumPy's str}; arrays as
{"dtype", "shape", "value"} (complex values as [re, im] pairs).
"""
import json
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")
import jax
import jax.numpy as jnp
import numpy as np


def enc(x):
    if isinstance(x, (tuple, list)):
        return [enc(v) for v in x]
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    a = np.asarray(x)
    if a.dtype == jax.dtypes.float0:
        return {"float0": list(a.shape), "str": str(a)}
    v = a.tolist()
    if np.iscomplexobj(a):
        v = np.stack([a.real, a.imag], -1).tolist()
    return {"dtype": str(a.dtype), "shape": list(a.shape), "value": v}


x = jnp.array([1.0, 2.0, 3.0])
n = jnp.array([3, 4, 5], dtype=jnp.int32)
b = jnp.array([True, False, True])
out = {}

f = lambda x, n, b: jnp.sum(jnp.where(b, x * n, x**2))
out["grad_allow_int"] = enc(jax.grad(f, argnums=(0, 1, 2), allow_int=True)(x, n, b))
_, pull = jax.vjp(lambda x, n: (x * n, n * 2), x, n)
out["vjp_int_input"] = enc(pull((jnp.ones(3), np.zeros(3, jax.dtypes.float0))))
out["jvp_float0_tangent"] = enc(jax.jvp(lambda x, n: (x * n, n * 2), (x, n), (jnp.ones(3), np.zeros(3, jax.dtypes.float0))))
lin_out, flin = jax.linearize(lambda x, n: (jnp.sin(x) * n, n + 1), x, n)
out["linearize_int"] = enc(flin(jnp.ones(3), np.zeros(3, jax.dtypes.float0)))
out["float0_str_2d"] = enc(np.zeros((2, 3), jax.dtypes.float0))
out["float0_str_3d"] = enc(np.zeros((2, 1, 2), jax.dtypes.float0))
out["float0_str_0d"] = enc(np.zeros((), jax.dtypes.float0))

g = lambda x: (jnp.sin(x) * x[0], {"s": jnp.sum(x)})
out["jacfwd_has_aux"] = enc(jax.jacfwd(g, has_aux=True)(x))
out["jacrev_has_aux"] = enc(jax.jacrev(g, has_aux=True)(x))
out["hessian_has_aux"] = enc(jax.hessian(lambda x: (jnp.sum(jnp.sin(x) * x), x * 2), has_aux=True)(x))
out["jacrev_allow_int"] = enc(jax.jacrev(lambda x, n: x * n, argnums=(0, 1), allow_int=True)(x, n))
z = jnp.array([1 + 2j, 0.5 - 1j], dtype=jnp.complex64)
out["jacfwd_holomorphic"] = enc(jax.jacfwd(lambda z: z**2 * z[0], holomorphic=True)(z))
out["jacrev_holomorphic"] = enc(jax.jacrev(lambda z: z**2 * z[0], holomorphic=True)(z))


def err(thunk):
    try:
        thunk()
    except Exception as e:  # noqa: BLE001
        return str(e).split("\n")[0]
    return None


out["errors"] = {
    "grad_int": err(lambda: jax.grad(lambda n: jnp.sum(n * 1.0))(n)),
    "jacfwd_int": err(lambda: jax.jacfwd(lambda n: n * 1.0)(n)),
    "jacfwd_complex": err(lambda: jax.jacfwd(lambda z: z * 2)(z)),
    "jacrev_int": err(lambda: jax.jacrev(lambda n: n * 1.0)(n)),
    "jacrev_complex_out": err(lambda: jax.jacrev(lambda x: x * (1 + 1j))(x)),
    "jacrev_holomorphic_real": err(lambda: jax.jacrev(lambda x: x, holomorphic=True)(x)),
}

path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "float0.json")
with open(path, "w") as fh:
    json.dump({"jax": jax.__version__, **out}, fh, indent=1)
    fh.write("\n")
print(f"wrote {path}")
