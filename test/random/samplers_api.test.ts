// The distribution samplers' API beyond the goldens: argument checking, key
// kinds, options, vmap over parameters, and gamma's gradient against the
// implicit-reparameterisation formula -(∂P/∂a)/(∂P/∂x), P the regularised
// lower incomplete gamma function, evaluated independently in float64.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NDArray, grad, jit, jnp, random, vmap } from "../../src/index.ts";

/** log Γ(x), x > 0 (Lanczos, g = 7), float64. */
function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const xx = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (xx + i);
  const t = xx + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(s);
}

/** P(a, x) by its power series (fine for the moderate a, x used here). */
function igamma(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 2000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.exp(a * Math.log(x) - x - lgamma(a)) * sum;
}

/** dx/da for x ~ Gamma(a, 1) held at a fixed quantile: -(∂P/∂a) / (∂P/∂x). */
function implicitGrad(a: number, x: number): number {
  const h = 1e-6 * Math.max(1, a);
  const dPda = (igamma(a + h, x) - igamma(a - h, x)) / (2 * h);
  const dPdx = Math.exp((a - 1) * Math.log(x) - x - lgamma(a));
  return -dPda / dPdx;
}

test("gamma's gradient is the implicit reparameterisation gradient", () => {
  const key = random.key(42);
  const a = jnp.array([0.4, 1.0, 2.5, 7.0, 15.0], "float32");
  const x = Array.from(random.gamma(key, a).dataSync() as Float32Array);
  const g = Array.from((grad((aa: NDArray) => jnp.sum(random.gamma(key, aa)))(a) as NDArray).dataSync() as Float32Array);
  const as = Array.from(a.dataSync() as Float32Array);
  as.forEach((ai, i) => {
    const want = implicitGrad(ai, x[i]);
    assert.ok(Math.abs(g[i] - want) <= 2e-3 * Math.max(1, Math.abs(want)), `a=${ai}, x=${x[i]}: grad ${g[i]}, implicit formula ${want}`);
  });
});

test("gamma and loggamma under vmap over the parameter, jit, and both key kinds agree", () => {
  const a = jnp.array([0.5, 2.0, 9.0], "float32");
  const direct = random.gamma(random.PRNGKey(3), a);
  const jitted = jit((k: NDArray, aa: NDArray) => random.gamma(k, aa))(random.PRNGKey(3), a);
  assert.deepEqual(Array.from(jitted.dataSync() as Float32Array), Array.from(direct.dataSync() as Float32Array));
  // vmap over a with one key: each instance draws from the same key, as JAX's batching rule does.
  const perA = vmap((aa: NDArray) => random.gamma(random.key(3), aa))(a) as NDArray;
  const loop = [0.5, 2.0, 9.0].map((ai) => random.gamma(random.key(3), ai).item() as number);
  assert.deepEqual(Array.from(perA.dataSync() as Float32Array), Array.from(Float32Array.from(loop)));
  const lg = random.loggamma(random.key(3), a);
  const ex = Array.from(jnp.exp(lg).dataSync() as Float32Array);
  const g = Array.from(random.gamma(random.key(3), a).dataSync() as Float32Array);
  ex.forEach((v, i) => assert.ok(Math.abs(v - g[i]) <= 1e-5 * g[i], `exp(loggamma) ${v} vs gamma ${g[i]}`));
});

test("samplers check their arguments as JAX does", () => {
  const k = random.key(0);
  assert.throws(() => random.gamma(k, 1, [2], { dtype: "int32" }), /must be a float dtype/);
  assert.throws(() => random.poisson(k, 1, [2], { dtype: "float32" }), /integer dtypes/);
  assert.throws(() => random.beta(k, jnp.ones([3]), 1, [2]), /broadcast-compatible/);
  assert.throws(() => random.dirichlet(k, 1), /alpha.ndim >= 1/);
  assert.throws(() => random.multivariateNormal(k, jnp.zeros([2]), jnp.eye(3)), /cov.shape == \(..., n, n\) for n=2/);
  assert.throws(() => random.multivariateNormal(k, jnp.zeros([2]), jnp.eye(2), null, { method: "lu" as "eigh" }), /method must be one of/);
  assert.throws(() => random.gamma(random.split(k), 1), /accepts a single key/);
  assert.throws(() => random.cauchy(k, [2], { dtype: "float32", bogus: 1 } as { dtype: "float32" }), /bogus/);
});

test("shapes and dtypes follow JAX's defaults", () => {
  const k = random.key(1);
  assert.deepEqual(random.gamma(k, jnp.ones([2, 3])).shape, [2, 3]);
  assert.deepEqual(random.dirichlet(k, jnp.ones([4]), [5]).shape, [5, 4]);
  assert.deepEqual(random.multinomial(k, 10, jnp.array([0.5, 0.5]), { shape: [3, 2] }).shape, [3, 2]);
  assert.deepEqual(random.doubleSidedMaxwell(k, jnp.zeros([2]), 1).shape, [2, 2]);
  assert.deepEqual(random.ball(k, 3).shape, [3]);
  assert.equal(random.poisson(k, 3, [2]).dtype, "int32");
  assert.equal(random.geometric(k, 0.5).dtype, "int32");
  assert.equal(random.rademacher(k, [2]).dtype, "int32");
  assert.equal(random.binomial(k, 5, 0.5).dtype, "float32");
  assert.equal(random.lognormal(k, undefined, [4]).shape[0], 4);
  assert.equal(random.gamma(k, 2, [2], "float16").dtype, "float16");
});

test("keyImpl, keyDtype and clone", () => {
  assert.equal(random.keyImpl(random.key(0)), "threefry2x32");
  assert.equal(random.keyImpl(random.PRNGKey(0)), "threefry2x32");
  assert.equal(random.keyDtype(), "key<fry>");
  assert.throws(() => random.keyDtype("rbg"), /threefry2x32/);
  const k = random.key(3);
  const c = random.clone(k);
  assert.ok(c instanceof random.PRNGKeyArray);
  assert.equal(random.uniform(c).item(), random.uniform(k).item());
  assert.deepEqual(Array.from(random.keyData(random.clone(random.PRNGKey(3))).dataSync() as Uint32Array), [0, 3]);
});

test("random.randomGammaP.bind(key, a, {logSpace}) draws what gamma / loggamma draw (JAX's random_gamma_p)", () => {
  const k = random.key(0);
  const a = jnp.array([2, 0.5, 7]);
  const values = (x: NDArray) => Array.from(x.dataSync() as Float32Array);
  assert.deepEqual(values(random.randomGammaP.bind(k, a)), values(random.gamma(k, a)));
  assert.deepEqual(values(random.randomGammaP.bind(k, a, { log_space: true })), values(random.loggamma(k, a)));
  assert.equal(random.randomGammaP.multipleResults, false);
  assert.throws(() => random.randomGammaP.bind(k, a, { logspace: true } as never), /logspace/);
});
