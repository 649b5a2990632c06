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

function asData(x: NDArray | random.KeyLike): NDArray {
  return x instanceof random.PRNGKeyArray ? random.keyData(x) : (x as NDArray);
}

test("the sampler goldens come from JAX 0.10.2", () => {
  assert.equal(file.jax_version, "0.10.2");
  assert.ok(Object.keys(file.goldens).length >= 50);
});

for (const [call, want] of Object.entries(file.goldens)) {
  test(`sampler ${call}`, { skip: !implemented(call) }, () => {
    const p = plan(call);
    assertMatchesGolden(asData(p.run(random.PRNGKey(p.seed))), want, `${call} (eager)`, tolerance(want));
    assertMatchesGolden(asData(jit((k: NDArray) => p.run(k))(random.PRNGKey(p.seed))), want, `${call} (jit)`, tolerance(want));
    assertMatchesGolden(asData(p.run(random.key(p.seed))), want, `${call} (typed key)`, tolerance(want));
  });
}

for (const [call, want] of Object.entries(file.vmap)) {
  test(`vmapped sampler ${call}`, { skip: !implemented(call) }, () => {
    const p = plan(call);
    const keys = random.split(random.key(p.seed), 3);
    const got = vmap((k: random.PRNGKeyArray) => asData(p.run(k)))(keys) as NDArray;
    assertMatchesGolden(got, want, `${call} (vmap, typed keys)`, tolerance(want));
  });
}

for (const [call, want] of Object.entries(file.grads)) {
  test(`gradient of ${call}`, { skip: !implemented(call) }, () => {
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
