// Statistical sanity (a complement to the bit-exact goldens): moments and
// frequencies of 100,000 samples per distribution within loose bounds
// (about 5 standard errors), supports, and permutation/choice validity.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NDArray, jnp, random } from "../../src/index.ts";

const N = 100_000;
const key = random.key(2024);
const sample = (i: number) => random.foldIn(key, i);

function moments(x: NDArray): { mean: number; variance: number; min: number; max: number } {
  const d = Array.from(x.dataSync() as ArrayLike<number>);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length;
  return { mean, variance, min: d.reduce((a, b) => Math.min(a, b)), max: d.reduce((a, b) => Math.max(a, b)) };
}

function near(got: number, want: number, tol: number, what: string): void {
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} is not within ${tol} of ${want}`);
}

test("uniform: mean 1/2, variance 1/12, support [minval, maxval)", () => {
  const m = moments(random.uniform(sample(0), [N]));
  near(m.mean, 0.5, 0.005, "mean");
  near(m.variance, 1 / 12, 0.002, "variance");
  assert.ok(m.min >= 0 && m.max < 1);
  const s = moments(random.uniform(sample(1), [N], { minval: -3, maxval: 5 }));
  near(s.mean, 1, 0.04, "scaled mean");
  assert.ok(s.min >= -3 && s.max < 5);
});

test("normal: mean 0, variance 1", () => {
  const m = moments(random.normal(sample(2), [N]));
  near(m.mean, 0, 0.016, "mean");
  near(m.variance, 1, 0.025, "variance");
});

test("truncatedNormal(-1, 2): inside the open interval, with the truncated mean", () => {
  const m = moments(random.truncatedNormal(sample(3), -1, 2, [N]));
  assert.ok(m.min > -1 && m.max < 2);
  // E[X | -1 < X < 2] = (phi(-1) - phi(2)) / (Phi(2) - Phi(-1)).
  const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  near(m.mean, (phi(-1) - phi(2)) / (0.9772498680518208 - 0.15865525393145707), 0.01, "mean");
});

test("bernoulli: frequency p", () => {
  const m = moments(jnp.astype(random.bernoulli(sample(4), 0.3, [N]), "float32"));
  near(m.mean, 0.3, 0.008, "frequency");
  const h = moments(jnp.astype(random.bernoulli(sample(5), 0.3, [N], { mode: "high" }), "float32"));
  near(h.mean, 0.3, 0.008, "frequency (mode high)");
});

test("randint: uniform over [minval, maxval)", () => {
  const x = Array.from(random.randint(sample(6), [N], -2, 8).dataSync() as Int32Array);
  const counts = new Array<number>(10).fill(0);
  for (const v of x) {
    assert.ok(v >= -2 && v < 8, `value ${v} out of range`);
    counts[v + 2]++;
  }
  for (const c of counts) near(c / N, 0.1, 0.005, "frequency");
  // maxval <= minval returns minval.
  assert.deepEqual(Array.from(random.randint(sample(7), [3], 5, 5).dataSync() as Int32Array), [5, 5, 5]);
});

test("exponential, laplace, gumbel: mean and variance", () => {
  const e = moments(random.exponential(sample(8), [N]));
  near(e.mean, 1, 0.02, "exponential mean");
  near(e.variance, 1, 0.05, "exponential variance");
  assert.ok(e.min >= 0);
  const l = moments(random.laplace(sample(9), [N]));
  near(l.mean, 0, 0.025, "laplace mean");
  near(l.variance, 2, 0.08, "laplace variance");
  const g = moments(random.gumbel(sample(10), [N]));
  near(g.mean, 0.5772156649, 0.02, "gumbel mean");
  near(g.variance, Math.PI ** 2 / 6, 0.07, "gumbel variance");
  const gh = moments(random.gumbel(sample(11), [N], { mode: "high" }));
  near(gh.mean, 0.5772156649, 0.02, "gumbel (mode high) mean");
});

test("categorical and weighted choice follow the probabilities", () => {
  const p = [0.1, 0.2, 0.3, 0.4];
  const n = 25_000;
  const freq = (x: NDArray) => {
    const c = new Array<number>(4).fill(0);
    for (const v of x.dataSync() as Int32Array) c[v]++;
    return c.map((v) => v / n);
  };
  freq(random.categorical(sample(12), jnp.log(jnp.array(p)), { shape: [n] })).forEach((f, i) => near(f, p[i], 0.015, `categorical ${i}`));
  freq(random.choice(sample(13), 4, [n], { p: jnp.array(p) })).forEach((f, i) => near(f, p[i], 0.015, `choice ${i}`));
  freq(random.choice(sample(14), 4, [n])).forEach((f) => near(f, 0.25, 0.015, "uniform choice"));
});

test("permutation and choice without replacement give distinct elements", () => {
  const perm = Array.from(random.permutation(sample(15), 5000).dataSync() as Int32Array);
  assert.deepEqual(
    [...perm].sort((a, b) => a - b),
    Array.from({ length: 5000 }, (_, i) => i),
  );
  assert.notDeepEqual(
    perm.slice(0, 20),
    Array.from({ length: 20 }, (_, i) => i),
  );
  const picked = Array.from(random.choice(sample(16), 50, [20], { replace: false }).dataSync() as Int32Array);
  assert.equal(new Set(picked).size, 20);
  const weighted = Array.from(
    random.choice(sample(17), 6, [6], { replace: false, p: jnp.array([1, 2, 3, 4, 5, 6]) }).dataSync() as Int32Array,
  );
  assert.deepEqual([...weighted].sort(), [0, 1, 2, 3, 4, 5]);
  const rows = random.permutation(sample(18), jnp.arange(20).reshape([4, 5]), { axis: 1, independent: true });
  for (let r = 0; r < 4; r++) {
    assert.deepEqual(
      Array.from(rows.get(r).dataSync() as Int32Array).sort((a, b) => a - b),
      [0, 1, 2, 3, 4].map((v) => v + 5 * r),
    );
  }
});
