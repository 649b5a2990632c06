// scipy.stats.gaussianKde against real JAX (test/goldens/scipy.json, from
// scripts/gen_scipy_goldens.py): bandwidths, weights, evaluate/logpdf, the
// integrals, resample with a key (bit-exact sampling), and jit through the
// kde as a pytree.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type DType, jit, jnp, type NDArray, random, scipy } from "../../src/index.ts";
import { goldenNumber } from "../helpers/goldens.ts";

interface Enc {
  array: { shape: number[]; dtype: string; data: unknown[] };
}
interface Out {
  shape: number[];
  dtype: string;
  data: unknown[];
}
interface KdeCase {
  dataset: Enc;
  kw: Record<string, unknown>;
  calls: Array<[string, unknown[]]>;
  expect: Record<string, Out>;
}
const goldens = JSON.parse(readFileSync(new URL("../goldens/scipy.json", import.meta.url), "utf8")) as {
  kde: KdeCase[];
  kdeIntegrate: { a: Enc; b: Enc; expect: Out };
  kdeResample: { dataset: Enc; expect: Out };
};

const decode = (a: unknown): unknown =>
  typeof a === "object" && a !== null && "array" in a
    ? jnp.array((a as Enc).array.data.map(goldenNumber), { dtype: (a as Enc).array.dtype as DType }).reshape((a as Enc).array.shape)
    : a;

function close(got: NDArray, e: Out, what: string, rtol = 2e-5): void {
  assert.deepEqual(got.shape, e.shape, `${what}: shape`);
  assert.equal(got.dtype, e.dtype, `${what}: dtype`);
  const data = Array.from(got.dataSync() as ArrayLike<number>, Number);
  e.data.map(goldenNumber).forEach((x, i) => {
    assert.ok(Math.abs(data[i] - x) <= 1e-6 + rtol * Math.abs(x), `${what}[${i}]: got ${data[i]}, JAX gave ${x}`);
  });
}

test("gaussianKde matches JAX: covariance, neff, evaluate, logpdf, integrals", () => {
  for (const c of goldens.kde) {
    const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
    const kde = scipy.stats.gaussianKde(decode(c.dataset) as NDArray, kw);
    close(kde.covariance, c.expect.covariance, "covariance");
    close(kde.neff, c.expect.neff, "neff");
    for (const [name, args] of c.calls) {
      const f = (kde as unknown as Record<string, (...a: unknown[]) => NDArray>)[name].bind(kde);
      close(f(...args.map(decode)), c.expect[name], `${name} ${JSON.stringify(c.kw)}`);
    }
  }
});

test("gaussianKde.integrateKde and resample (same key, same draws) match JAX", () => {
  const { a, b, expect } = goldens.kdeIntegrate;
  const ka = scipy.stats.gaussianKde(decode(a) as NDArray);
  close(ka.integrateKde(scipy.stats.gaussianKde(decode(b) as NDArray)), expect, "integrateKde");
  const r = goldens.kdeResample;
  const k2 = scipy.stats.gaussianKde(decode(r.dataset) as NDArray);
  close(k2.resample(random.key(3), [5]), r.expect, "resample", 1e-4);
});

test("gaussianKde is a pytree: a jitted function takes it as an argument", () => {
  const kde = scipy.stats.gaussianKde(jnp.array([0.1, -0.5, 1.2, 0.7, 2.0]));
  const f = jit((k: typeof kde, x: NDArray) => k.logpdf(x));
  const x = jnp.array([0.0, 1.0]);
  assert.ok(jnp.allclose(f(kde, x), kde.logpdf(x), { rtol: 1e-6 }).item());
  assert.throws(() => scipy.stats.gaussianKde(jnp.array([1.0])), /multiple elements/);
  assert.throws(() => scipy.stats.gaussianKde(jnp.array([1.0, 2.0]), { bwMethod: "bad" as never }), /bw_method/);
});
