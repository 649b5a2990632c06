// The operation sweep's cases (bench/ops/run.ts): common jnp / lax / nn /
// linalg / random operations on fixed inputs, each named as in cases.py,
// its JAX twin. Inputs come from one seeded generator on both sides.
import type { NDArray } from "../../src/index.ts";
import { jaxts } from "../jaxts_package.ts";

const { jnp, lax, nn, random, scipy } = jaxts;

/** Uniform in [-0.5, 0.5) from an LCG: the same numbers as cases.py's `r`. */
function r(shape: number[], seed: number): NDArray {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return jnp.array(out).reshape(shape);
}

export function makeCases(): Record<string, () => NDArray> {
  const x = r([1_000_000], 1);
  const y = r([1_000_000], 2).add(3);
  const xp = jnp.abs(x).add(0.1);
  const m = x.reshape([1000, 1000]);
  const img = r([8, 64, 64, 32], 3);
  const k = r([3, 3, 32, 32], 4);
  const a256 = r([256, 256], 5);
  const spd = jnp.matmul(a256, a256.T).add(jnp.eye(256).mul(256));
  const ids = jnp.floor(r([100_000], 6).add(0.5).mul(1000)).astype("int32");
  const idx = jnp.floor(r([100_000], 7).add(0.5).mul(1_000_000)).astype("int32");
  const v = r([100_000], 8);
  const sorted = jnp.sort(x);
  const key = random.key(0);
  return {
    exp: () => jnp.exp(x),
    log: () => jnp.log(xp),
    tanh: () => jnp.tanh(x),
    sigmoid: () => nn.sigmoid(x),
    softplus: () => nn.softplus(x),
    pow: () => jnp.power(xp, y),
    add: () => x.add(y),
    sum: () => jnp.sum(x),
    var: () => jnp.var(x),
    softmax: () => nn.softmax(m),
    logsumexp: () => scipy.special.logsumexp(x),
    cumsum: () => jnp.cumsum(x),
    clip: () => jnp.clip(x, -0.25, 0.25),
    take: () => jnp.take(x, idx),
    scatter_add: () => x.at(idx).add(v),
    top_k: () => lax.topK(x, 10)[0],
    sort: () => jnp.sort(x),
    searchsorted: () => jnp.searchsorted(sorted, v),
    roll: () => jnp.roll(x, 1000),
    triu: () => jnp.triu(m),
    pad_reflect: () => jnp.pad(m, 8, { mode: "reflect" }),
    one_hot: () => nn.oneHot(ids, 1000),
    transpose: () => m.T.add(0),
    maxpool: () => lax.reduceWindow(img, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
    conv_nhwc: () => lax.convGeneralDilated(img, k, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }),
    matmul_256: () => jnp.matmul(a256, a256),
    cholesky_256: () => jnp.linalg.cholesky(spd),
    solve_256: () => jnp.linalg.solve(spd, a256),
    qr_256: () => jnp.linalg.qr(a256)[0],
    eigh_256: () => jnp.linalg.eigh(spd)[1],
    svd_256: () => jnp.linalg.svd(a256)[0],
    fft: () => jnp.abs(jnp.fft.fft(x)),
    normal: () => random.normal(key, [1_000_000]),
    uniform: () => random.uniform(key, [1_000_000]),
  };
}
