"""JAX's float32 values of the functions jaxts compiles to several kernel
operations (compiler/lower.ts SPECIAL_COMPOSITE: special functions, exp2,
tan, inverse trigonometric and hyperbolic functions, cbrt), for
test/lax/composite_kernels.test.ts.

Run with a Python that has JAX (x64 off, CPU):
    JAX_PLATFORMS=cpu python scripts/gen_composite_kernel_goldens.py
Writes test/goldens/composite_kernels.json: for each function (its jaxts name
under scipy.special, or jnp.<name> or lax.<name>, then options as `name=value`) its operands and JAX's outputs, float32 little-endian,
base64. Inputs cover each function's pieces and their borders, its tails,
zeros, infinities and NaN.
"""
import base64, json, os
import numpy as np
import jax, jax.numpy as jnp
import jax.scipy.special as sp

rng = np.random.default_rng(7)

def f32(*parts):
    return np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in parts]).astype(np.float32)

edges = [0.0, -0.0, np.inf, -np.inf, np.nan]
wide = f32(np.linspace(-12, 12, 481), rng.normal(0, 4, 200), [1, -1, 2, -2, 3.25, -3.25, 6.25, -6.25, 8, -8, 9.5, 30, -30, 1e-30, -1e-30], edges)
unit = f32(np.linspace(0, 1, 301), rng.uniform(0, 1, 200), 10.0 ** -np.arange(1, 38, 3), 1 - 2.0 ** -np.arange(1, 25, 2),
           [0.5, np.exp(-2), 1 - np.exp(-2), 1, -0.1, 1.1], edges)
trig = f32(np.linspace(-1.2, 1.2, 481), 1 - 2.0 ** -np.arange(1, 25), -(1 - 2.0 ** -np.arange(1, 25)), [1e-20, -1e-20], edges)
hyp = f32(np.linspace(-95, 95, 381), np.linspace(-1.5, 1.5, 151), [1e-20, 1e-5, -1e-5, 88.7, 89.5, 90], edges)
wide_hyp = f32(np.linspace(-30, 30, 301), 10.0 ** np.arange(-30, 38, 2), -(10.0 ** np.arange(-30, 38, 3)), edges)
tails = f32(np.linspace(-40, 12, 521), [-10, -10.001, -9.999, 5, 5.001, 4.999], edges)
gamma_args = f32(np.linspace(-9.9, 30, 500), rng.uniform(0.01, 3, 150), [1, 2, 0.5, 1e-30, -1, -2], edges)
cases = {
    "erfc": (wide, sp.erfc),
    "erfcx": (wide, sp.erfcx),
    "ndtri": (unit, sp.ndtri),
    "dawsn": (wide, sp.dawsn),
    "i0e": (wide, sp.i0e),
    "i1e": (wide, sp.i1e),
    "i0": (wide, sp.i0),
    "i1": (wide, sp.i1),
    "gammaln": (gamma_args, sp.gammaln),
    "digamma": (gamma_args, sp.digamma),
    "ndtr": (wide, sp.ndtr),
    "logNdtr": (tails, sp.log_ndtr),
    "logNdtr seriesOrder=0": (tails, lambda x: sp.log_ndtr(x, series_order=0)),
    "logNdtr seriesOrder=5": (tails, lambda x: sp.log_ndtr(x, series_order=5)),
    "spence": (f32(np.linspace(-1, 10, 441), [0, 1, 2, 1.5, 0.5, 2.0001, 1e-30, 1e30], edges), sp.spence),
    "jnp.exp2": (f32(np.linspace(-150, 130, 561), np.arange(-10, 11), edges), jnp.exp2),
    "jnp.tan": (f32(np.linspace(-10, 10, 401), [np.pi / 2, -np.pi / 2, 1e4, 1e-20], edges), jnp.tan),
    "jnp.arcsin": (trig, jnp.arcsin),
    "jnp.arccos": (trig, jnp.arccos),
    "jnp.arctan": (wide_hyp, jnp.arctan),
    "jnp.sinh": (hyp, jnp.sinh),
    "jnp.cosh": (hyp, jnp.cosh),
    "jnp.arcsinh": (wide_hyp, jnp.arcsinh),
    "jnp.arccosh": (f32(1 + 10.0 ** np.linspace(-7, 20, 271), np.linspace(0.5, 30, 120), [1, 0.9, 3.4e38], edges), jnp.arccosh),
    "jnp.arctanh": (trig, jnp.arctanh),
    "jnp.cbrt": (f32(np.linspace(-30, 30, 301), 10.0 ** np.arange(-44, 38, 2), -(10.0 ** np.arange(-44, 38, 4)), [27, -8, 1e-45], edges), jnp.cbrt),
}
# Two-operand functions: grids of (x, q) and (n, x) pairs.
xs, qs = np.meshgrid(f32([1, 1.5, 2, 2.5, 3, 4.5, 7, 12, 30, 0.5]), f32(np.linspace(-4.5, 12, 34), [0, -1, -2, 1e-3, 50, np.nan]))
ns, px = np.meshgrid(f32([0, 1, 2, 3, 4, 6, -1]), f32(np.linspace(-4.75, 15, 80), [0.01, 0.1, 1, 2, 0, -1, np.inf, np.nan]))
ga, gx = np.meshgrid(f32([0.1, 0.5, 1, 2, 2.5, 5, 10, 30, 100, 0, -1, np.nan]), f32(np.linspace(0, 40, 81), [1e-3, 0.5, 1, 150, np.inf, -1, np.nan]))
pairs = {
    "gammainc": ((ga.ravel(), gx.ravel()), sp.gammainc),
    "gammaincc": ((ga.ravel(), gx.ravel()), sp.gammaincc),
    "lax.igammaGradA": ((ga.ravel(), gx.ravel()), jax.lax.igamma_grad_a),
    "lax.randomGammaGrad": ((ga.ravel(), gx.ravel()), jax.lax.random_gamma_grad),
    "zeta": ((xs.ravel(), qs.ravel()), sp.zeta),
    # scipy's polygamma takes an integer order (stored here as float32).
    "polygamma": ((ns.ravel(), px.ravel()), lambda n, x: sp.polygamma(n.astype(jnp.int32), x)),
}
b64 = lambda a: base64.b64encode(np.asarray(a, dtype="<f4").tobytes()).decode()
out = {name: {"args": [b64(x)], "y": b64(jax.jit(fn)(x))} for name, (x, fn) in cases.items()}
out.update({name: {"args": [b64(a) for a in args], "y": b64(jax.jit(fn)(*args))} for name, (args, fn) in pairs.items()})
path = os.path.join(os.path.dirname(__file__), "..", "test", "goldens", "composite_kernels.json")
with open(path, "w") as fh:
    json.dump({"jax": jax.__version__, "cases": out}, fh, indent=1)
print("wrote", path)
