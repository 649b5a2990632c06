"""Golden samples of jax.random's samplers for test/random/samplers.test.ts.

Run with a Python that has JAX 0.10.2 (x64 off, CPU):
    JAX_PLATFORMS=cpu python scripts/gen_random_goldens.py
Writes test/random/goldens/samplers.json:
  {"jax_version", "goldens": {call: {shape, dtype, data}},
   "vmap": {call: {...}}, "grads": {call: {at, shape, dtype, data}}}
`goldens` is keyed by the JAX call (Python syntax, parsed by
test/random/golden_calls.ts); `array(...)` is a float array of the default
float dtype, `None` a default.
`vmap[call]` is the call vmapped over split(PRNGKey(seed), 3) (the call's own
key replaced by each of the three). `grads[call]` is grad of the sum of the
call's samples, weighted 1, 2, 3, ... in row-major
order, with respect to the parameter written `A`, at `at`.
NaN and infinities are the strings "nan", "inf", "-inf".
Also writes test/random/goldens/samplers_x64.json (the X64 calls, x64 on).
"""
import json, math, os, re
import numpy as np
import jax, jax.numpy as jnp
from jax import random

NS = {name: getattr(random, name) for name in dir(random) if not name.startswith("_")}
NS.update(array=lambda x: jnp.array(x, dtype=float))


def enc_val(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return int(v) if isinstance(v, (int, np.integer)) else f


def enc(x):
    if jnp.issubdtype(x.dtype, jax.dtypes.prng_key):
        x = random.key_data(x)
    a = np.asarray(x)
    return {"shape": list(a.shape), "dtype": str(a.dtype), "data": [enc_val(v) for v in a.ravel()]}


CALLS = [
    "cauchy(PRNGKey(0), (6,))",
    "cauchy(PRNGKey(1), (2, 3), 'float16')",
    "logistic(PRNGKey(0), (6,))",
    "logistic(PRNGKey(2), (3,), 'float16')",
    "lognormal(PRNGKey(0), 0.5, (5,))",
    "lognormal(PRNGKey(1), shape=(4,))",
    "pareto(PRNGKey(0), 3.0, (5,))",
    "pareto(PRNGKey(1), array((1.0, 2.0, 3.0)))",
    "rademacher(PRNGKey(0), (8,))",
    "rademacher(PRNGKey(1), (2, 3), 'float32')",
    "maxwell(PRNGKey(0), (5,))",
    "maxwell(PRNGKey(1), (2, 2))",
    "double_sided_maxwell(PRNGKey(0), 1.0, 2.0, (5,))",
    "double_sided_maxwell(PRNGKey(1), array((0.0, 1.0)), 1.5)",
    "weibull_min(PRNGKey(0), 2.0, 1.5, (5,))",
    "weibull_min(PRNGKey(1), array((1.0, 3.0)), 0.5, (3, 2))",
    "rayleigh(PRNGKey(0), 2.0, (5,))",
    "rayleigh(PRNGKey(1), array((0.5, 1.0, 4.0)))",
    "wald(PRNGKey(0), 1.5, (6,))",
    "wald(PRNGKey(1), array((0.5, 3.0)), (2, 2))",
    "geometric(PRNGKey(0), 0.3, (8,))",
    "geometric(PRNGKey(1), array((0.05, 0.5, 0.9)))",
    "triangular(PRNGKey(0), 0.0, 0.3, 1.0, (6,))",
    "triangular(PRNGKey(1), -1.0, array((0.0, 2.0)), 3.0, (3, 2))",
    "gamma(PRNGKey(0), 2.0, (6,))",
    "gamma(PRNGKey(1), 0.5, (6,))",
    "gamma(PRNGKey(2), array((0.1, 1.0, 5.0, 30.0)))",
    "gamma(PRNGKey(3), 3.0, (2, 2), 'float16')",
    "loggamma(PRNGKey(0), 0.3, (5,))",
    "loggamma(PRNGKey(1), array((0.01, 2.0, 9.0)))",
    "beta(PRNGKey(0), 2.0, 3.0, (5,))",
    "beta(PRNGKey(1), array((0.2, 1.0, 4.0)), 0.7)",
    "dirichlet(PRNGKey(0), array((1.0, 2.0, 3.0)), (2,))",
    "dirichlet(PRNGKey(1), array((0.1, 0.5)))",
    "chisquare(PRNGKey(0), 3.0, (5,))",
    "chisquare(PRNGKey(1), array((0.5, 10.0)))",
    "f(PRNGKey(0), 3.0, 5.0, (5,))",
    "t(PRNGKey(0), 4.0, (5,))",
    "t(PRNGKey(1), array((1.0, 30.0)))",
    "generalized_normal(PRNGKey(0), 1.5, (5,))",
    "generalized_normal(PRNGKey(1), 4.0, (2, 2))",
    "ball(PRNGKey(0), 3, 2, (4,))",
    "ball(PRNGKey(1), 2, 1.0, (3,))",
    "poisson(PRNGKey(0), 3.0, (8,))",
    "poisson(PRNGKey(0), 25.0, (8,))",
    "poisson(PRNGKey(1), array((0.0, 0.5, 9.5, 12.0, 1000.0)))",
    "binomial(PRNGKey(0), 10.0, 0.3, (8,))",
    "binomial(PRNGKey(0), 100.0, 0.4, (6,))",
    "binomial(PRNGKey(1), 50.0, 0.9, (5,))",
    "binomial(PRNGKey(2), array((0.0, 5.0, 1000.0)), array((0.5, 1.0, 0.02)))",
    "multinomial(PRNGKey(0), 10.0, array((0.2, 0.3, 0.5)))",
    "multinomial(PRNGKey(1), 100.0, array((0.1, 0.6, 0.3)), shape=(2, 3))",
    "multivariate_normal(PRNGKey(0), array((1.0, 2.0)), array(((2.0, 0.5), (0.5, 1.0))), (3,))",
    "multivariate_normal(PRNGKey(1), array((0.0, 0.0, 0.0)), array(((1.0, 0.2, 0.0), (0.2, 2.0, 0.3), (0.0, 0.3, 3.0))), method='eigh')",
    "multivariate_normal(PRNGKey(3), array((1.0, -1.0)), array(((4.0, 0.0), (0.0, 1.0))), (2,), method='eigh')",
    "multivariate_normal(PRNGKey(4), array(((0.0, 1.0), (2.0, 3.0))), array(((1.0, 0.5), (0.5, 2.0))))",
    "multivariate_normal(PRNGKey(2), array((1.0, 2.0)), array(((2.0, 0.5), (0.5, 1.0))), (2,), method='svd')",
    "orthogonal(PRNGKey(0), 3)",
    "orthogonal(PRNGKey(1), 2, (2,))",
    "orthogonal(PRNGKey(2), 3, m=2)",
    "orthogonal(PRNGKey(3), 2, m=4)",
    "clone(PRNGKey(0))",
]

# Calls also checked under vmap over three keys (small shapes).
VMAP = [c for c in CALLS if not c.startswith(("clone", "orthogonal", "multivariate_normal(PRNGKey(2)"))]

GRADS = [
    ("gamma(PRNGKey(0), A)", [0.3, 1.0, 2.5, 10.0]),
    ("gamma(PRNGKey(1), A, (3, 4))", [0.5, 1.5, 4.0, 20.0]),
    ("loggamma(PRNGKey(0), A)", [0.3, 1.0, 2.5, 10.0]),
    ("beta(PRNGKey(0), A, 2.0)", [0.5, 1.0, 3.0]),
    ("dirichlet(PRNGKey(0), A)", [0.5, 1.0, 3.0]),
    ("chisquare(PRNGKey(0), A)", [1.0, 3.0, 8.0]),
    ("t(PRNGKey(0), A)", [2.0, 5.0, 30.0]),
    ("pareto(PRNGKey(0), A)", [1.0, 2.0, 3.0]),
    ("rayleigh(PRNGKey(0), A)", [0.5, 1.0, 4.0]),
    ("weibull_min(PRNGKey(0), 1.5, A)", [0.5, 1.0, 4.0]),
    ("lognormal(PRNGKey(0), A)", [0.5, 1.0, 2.0]),
    ("wald(PRNGKey(0), A)", [0.5, 1.0, 3.0]),
    ("generalized_normal(PRNGKey(0), A, (3,))", 1.5),
    ("multivariate_normal(PRNGKey(0), A, array(((2.0, 0.5), (0.5, 1.0))), (3,))", [1.0, -1.0]),
    ("triangular(PRNGKey(0), 0.0, A, 1.0)", [0.2, 0.5, 0.9]),
    ("double_sided_maxwell(PRNGKey(0), 0.5, A)", [0.5, 2.0]),
]


def weighted_sum(x):
    """sum(x * [1, 2, 3, ...]) over the flattened samples (a plain sum would hide dirichlet's gradient)."""
    return (x.ravel() * jnp.arange(1, x.size + 1, dtype=x.dtype)).sum()


# Calls also run with jax_enable_x64 (float64 samples, int64 counts), in a
# second process: written to samplers_x64.json as {"jax_version", "goldens"}.
X64 = [
    "uniform(PRNGKey(0), (4,))",
    "normal(PRNGKey(0), (4,))",
    "cauchy(PRNGKey(0), (4,))",
    "gamma(PRNGKey(0), 2.0, (4,))",
    "gamma(PRNGKey(1), array((0.1, 1.0, 30.0)))",
    "loggamma(PRNGKey(1), 0.3, (3,))",
    "beta(PRNGKey(0), 2.0, 3.0, (4,))",
    "dirichlet(PRNGKey(0), array((1.0, 2.0, 3.0)))",
    "t(PRNGKey(0), 4.0, (4,))",
    "poisson(PRNGKey(0), 3.0, (6,))",
    "poisson(PRNGKey(0), 25.0, (6,))",
    "binomial(PRNGKey(0), 10.0, 0.3, (6,))",
    "binomial(PRNGKey(0), 100.0, 0.4, (6,))",
    "multinomial(PRNGKey(0), 10.0, array((0.2, 0.3, 0.5)))",
    "wald(PRNGKey(0), 1.5, (4,))",
    "maxwell(PRNGKey(0), (4,))",
    "geometric(PRNGKey(0), 0.3, (6,))",
    "rademacher(PRNGKey(0), (6,))",
    "multivariate_normal(PRNGKey(0), array((1.0, 2.0)), array(((2.0, 0.5), (0.5, 1.0))), (3,))",
]


def with_key(call, k):
    return re.sub(r"PRNGKey\(-?\d+\)", k, call, count=1)


def main_x64():
    goldens = {call: enc(eval(call, NS)) for call in X64}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "random", "goldens", "samplers_x64.json")
    with open(path, "w") as fh:
        json.dump({"jax_version": jax.__version__, "goldens": goldens}, fh, indent=0)
        fh.write("\n")


def main():
    goldens, vmapped, grads = {}, {}, {}
    for call in CALLS:
        goldens[call] = enc(eval(call, NS))
    for call in VMAP:
        seed = re.search(r"PRNGKey\((-?\d+)\)", call).group(1)
        keys = random.split(random.PRNGKey(int(seed)), 3)
        f = eval("lambda k: " + with_key(call, "k"), NS)
        vmapped[call] = enc(jax.vmap(f)(keys))
    for call, at in GRADS:
        f = eval("lambda A: " + call, NS)
        g = jax.grad(lambda a: weighted_sum(f(a)))(jnp.array(at, jnp.float32))
        grads[call] = {"at": at, **enc(g)}
    out = {"jax_version": jax.__version__, "goldens": goldens, "vmap": vmapped, "grads": grads}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "random", "goldens", "samplers.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=0)
        fh.write("\n")


if __name__ == "__main__":
    if jax.config.jax_enable_x64:
        main_x64()
    else:
        main()
        # The x64 goldens need a fresh process (x64 is fixed once arrays exist).
        import subprocess, sys
        subprocess.run([sys.executable, __file__], env={**os.environ, "JAX_ENABLE_X64": "1"}, check=True)
