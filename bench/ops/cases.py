# The operation sweep's cases for JAX (bench/ops/run.ts runs this with the
# bench's JAX environment): the same names and inputs as cases.ts; prints
# {name: median ms} as JSON. Eager calls, as in cases.ts.
import json, sys, time
import numpy as np, jax, jax.numpy as jnp
from jax import lax, nn, random
import jax.scipy as jsp

def r(shape, seed):
    n = int(np.prod(shape)); a, c, mask = 1664525, 1013904223, 0xFFFFFFFF
    s = int(seed)
    vals = np.empty(n, np.float64)
    for i in range(n):
        s = (s * a + c) & mask
        vals[i] = s
    return jnp.array((vals / 4294967296 - 0.5).astype(np.float32)).reshape(shape)

def make_cases():
    x = r([1_000_000], 1); y = r([1_000_000], 2) + 3; xp = jnp.abs(x) + 0.1; m = x.reshape(1000, 1000)
    img = r([8, 64, 64, 32], 3); k = r([3, 3, 32, 32], 4); a256 = r([256, 256], 5)
    spd = a256 @ a256.T + 256 * jnp.eye(256)
    ids = jnp.floor((r([100_000], 6) + 0.5) * 1000).astype(jnp.int32)
    idx = jnp.floor((r([100_000], 7) + 0.5) * 1_000_000).astype(jnp.int32)
    v = r([100_000], 8); srt = jnp.sort(x); key = random.key(0)
    return {
        "exp": lambda: jnp.exp(x), "log": lambda: jnp.log(xp), "tanh": lambda: jnp.tanh(x), "sigmoid": lambda: nn.sigmoid(x),
        "softplus": lambda: nn.softplus(x), "pow": lambda: jnp.power(xp, y), "add": lambda: x + y, "sum": lambda: jnp.sum(x),
        "var": lambda: jnp.var(x), "softmax": lambda: nn.softmax(m), "logsumexp": lambda: jsp.special.logsumexp(x),
        "cumsum": lambda: jnp.cumsum(x), "clip": lambda: jnp.clip(x, -0.25, 0.25), "take": lambda: jnp.take(x, idx),
        "scatter_add": lambda: x.at[idx].add(v), "top_k": lambda: lax.top_k(x, 10)[0], "sort": lambda: jnp.sort(x),
        "searchsorted": lambda: jnp.searchsorted(srt, v), "roll": lambda: jnp.roll(x, 1000), "triu": lambda: jnp.triu(m),
        "pad_reflect": lambda: jnp.pad(m, 8, mode="reflect"), "one_hot": lambda: nn.one_hot(ids, 1000), "transpose": lambda: m.T + 0,
        "maxpool": lambda: lax.reduce_window(img, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
        "conv_nhwc": lambda: lax.conv_general_dilated(img, k, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC")),
        "matmul_256": lambda: a256 @ a256, "cholesky_256": lambda: jnp.linalg.cholesky(spd),
        "solve_256": lambda: jnp.linalg.solve(spd, a256), "qr_256": lambda: jnp.linalg.qr(a256)[0],
        "eigh_256": lambda: jnp.linalg.eigh(spd)[1], "svd_256": lambda: jnp.linalg.svd(a256)[0],
        "fft": lambda: jnp.abs(jnp.fft.fft(x)), "normal": lambda: random.normal(key, (1_000_000,)),
        "uniform": lambda: random.uniform(key, (1_000_000,)),
    }

def main():
    runs, budget = int(sys.argv[1]), float(sys.argv[2])
    out = {}
    for name, f in make_cases().items():
        for _ in range(3): jax.block_until_ready(f())
        ts = []; t0 = time.perf_counter()
        while len(ts) < 3 or (len(ts) < runs and (time.perf_counter() - t0) * 1000 < budget):
            t = time.perf_counter(); jax.block_until_ready(f()); ts.append((time.perf_counter() - t) * 1000)
        ts.sort(); out[name] = ts[len(ts) // 2]
    print(json.dumps(out))

main()
