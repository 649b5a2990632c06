// Every entry of the JAX 0.11.2 goldens (test/random/goldens/random.json, a
// copy of shared/goldens/random.json) reproduced: eagerly, under jit, and with
// typed keys (random.key) as well as legacy ones (random.PRNGKey).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type NDArray, jit, random } from "../../src/index.ts";
import { type Golden, assertMatchesGolden } from "./compare.ts";
import { plan } from "./golden_calls.ts";

const file = JSON.parse(readFileSync(new URL("./goldens/random.json", import.meta.url), "utf8")) as {
  jax_version: string;
  goldens: Record<string, Golden>;
};

/** Key outputs are compared through their uint32 data. */
function asData(x: NDArray | random.KeyLike): NDArray {
  return x instanceof random.PRNGKeyArray ? random.keyData(x) : (x as NDArray);
}

test("the goldens come from JAX 0.11.2 and there are some", () => {
  assert.equal(file.jax_version, "0.11.2");
  assert.ok(Object.keys(file.goldens).length >= 30);
});

let worstUlp = 0;
for (const [call, want] of Object.entries(file.goldens)) {
  test(`golden ${call}`, () => {
    const p = plan(call);
    worstUlp = Math.max(worstUlp, assertMatchesGolden(asData(p.run(random.PRNGKey(p.seed))), want, `${call} (eager)`));
    assertMatchesGolden(asData(jit((k: NDArray) => p.run(k))(random.PRNGKey(p.seed))), want, `${call} (jit)`);
    assertMatchesGolden(asData(p.run(random.key(p.seed))), want, `${call} (typed key)`);
  });
}

test("normal() reproduces JAX bit for bit (erf_inv follows XLA's f32 routine exactly)", () => {
  // The 1001-sample golden exercises both branches of the erf_inv approximation.
  assert.equal(worstUlp, 0, `largest float difference seen: ${worstUlp} ulp`);
});
