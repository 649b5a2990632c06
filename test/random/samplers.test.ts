// jax.random's distribution samplers against JAX 0.10.2's own samples
// (test/random/goldens/samplers.json, written by scripts/gen_random_goldens.py):
// eagerly, under jit, with typed keys, vmapped over three keys, and the
// gradients JAX defines (gamma's implicit reparameterisation and the rest).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type NDArray, grad, jit, jnp, random, vmap } from "../../src/index.ts";
import { type Golden, assertMatchesGolden } from "./compare.ts";
import { implemented, plan } from "./golden_calls.ts";

const file = JSON.parse(readFileSync(new URL("./goldens/samplers.json", import.meta.url), "utf8")) as {
  jax_version: string;
  goldens: Record<string, Golden>;
  vmap: Record<string, Golden>;
  grads: Record<string, Golden & { at: number[] }>;
};

/**
 * Floats may differ from XLA's in the last ulps of a transcendental (jaxts's
 * exp/log/pow/tan are its own approximations); the samplers' arithmetic around
 * them follows JAX's operation by operation, so the distance stays this small.
 */
const MAX_ULP = 8;
/** float16 samples: one float16 ulp (XLA computes some float16 chains in float32), in float32 ulps. */
const tolerance = (g: Golden) => (g.dtype === "float16" ? 2 ** 13 : MAX_ULP);
/** Gradients go through lgamma/digamma and series; compared relatively. */
const GRAD_RTOL = 2e-4;

// Decomposition-based samplers (orthogonal via QR, multivariate_normal via
// eigh or svd) match JAX's because jnp.linalg follows LAPACK's sign conventions.

/** orthogonal needs jnp.linalg.qr (from the linalg decompositions); skipped where this build lacks it. */
function skipReason(call: string): string | boolean {
  if (!implemented(call)) return "not implemented";
  const needs = call.startsWith("orthogonal") ? "qr" : call.includes("method='svd'") ? "svd" : null;
  if (needs && typeof (jnp.linalg as unknown as Record<string, unknown>)[needs] !== "function") return `jnp.linalg.${needs} is missing`;
  return false;
}

/** Decomposition-based samples: the factorisation's rounding differs from LAPACK's, so compare closely, not by ulps. */
function closeTo(got: NDArray, want: Golden, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const data = Array.from(got.dataSync() as Float32Array);
  want.data.forEach((w, i) => {
    const wv = w as number;
    assert.ok(Math.abs(data[i] - wv) <= 1e-5 + 1e-5 * Math.abs(wv), `${what}: element ${i} is ${data[i]}, JAX gives ${wv}`);
  });
}

function check(got: NDArray, want: Golden, call: string, what: string): void {
  if (call.startsWith("orthogonal") || call.startsWith("multivariate_normal")) closeTo(got, want, what);
  else assertMatchesGolden(got, want, what, tolerance(want));
}

function asData(x: NDArray | random.KeyLike): NDArray {
  return x instanceof random.PRNGKeyArray ? random.keyData(x) : (x as NDArray);
}

test("the sampler goldens come from JAX 0.10.2", () => {
  assert.equal(file.jax_version, "0.10.2");
  assert.ok(Object.keys(file.goldens).length >= 50);
});

for (const [call, want] of Object.entries(file.goldens)) {
  test(`sampler ${call}`, { skip: skipReason(call) }, () => {
    const p = plan(call);
    check(asData(p.run(random.PRNGKey(p.seed))), want, call, `${call} (eager)`);
    check(asData(jit((k: NDArray) => p.run(k))(random.PRNGKey(p.seed))), want, call, `${call} (jit)`);
    check(asData(p.run(random.key(p.seed))), want, call, `${call} (typed key)`);
  });
}

for (const [call, want] of Object.entries(file.vmap)) {
  test(`vmapped sampler ${call}`, { skip: skipReason(call) }, () => {
    const p = plan(call);
    const keys = random.split(random.key(p.seed), 3);
    const got = vmap((k: random.PRNGKeyArray) => asData(p.run(k)))(keys) as NDArray;
    check(got, want, call, `${call} (vmap, typed keys)`);
  });
}

for (const [call, want] of Object.entries(file.grads)) {
  test(`gradient of ${call}`, { skip: skipReason(call) }, () => {
    const p = plan(call);
    const weightedSum = (x: NDArray) => jnp.sum(jnp.multiply(jnp.ravel(x), jnp.arange(1, x.size + 1, undefined, x.dtype)));
    const g = grad((a: NDArray) => weightedSum(asData(p.run(random.PRNGKey(p.seed), { A: a })) as NDArray))(
      jnp.array(want.at, "float32"),
    ) as NDArray;
    assert.deepEqual(g.shape, want.shape);
    const got = Array.from(g.dataSync() as Float32Array);
    want.data.forEach((w, i) => {
      const wv = w as number;
      assert.ok(Math.abs(got[i] - wv) <= GRAD_RTOL * Math.max(1, Math.abs(wv)), `${call}: d/dA[${i}] is ${got[i]}, JAX gives ${wv}`);
    });
  });
}
