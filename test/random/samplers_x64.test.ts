// The samplers under enableX64 against JAX 0.10.2 with jax_enable_x64
// (test/random/goldens/samplers_x64.json, from scripts/gen_random_goldens.py):
// float64 samples from 52 random mantissa bits, int64 counts, and the same
// rejection loops in float64.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { type NDArray, config, jit, random } from "../../src/index.ts";
import type { Golden } from "./compare.ts";
import { plan } from "./golden_calls.ts";

const file = JSON.parse(readFileSync(new URL("./goldens/samplers_x64.json", import.meta.url), "utf8")) as {
  jax_version: string;
  goldens: Record<string, Golden>;
};

before(() => config.update("enableX64", true));
after(() => config.update("enableX64", false));

/** Integers exactly; float64 within a relative 1e-12 (a few ulps of exp/log/pow). */
function matches(got: NDArray, want: Golden, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const data = Array.from(got.dataSync() as ArrayLike<number | bigint>, Number);
  want.data.forEach((w, i) => {
    const wv = w as number;
    if (!want.dtype.startsWith("float")) assert.equal(data[i], wv, `${what}: element ${i}`);
    else assert.ok(Math.abs(data[i] - wv) <= 1e-12 * Math.abs(wv), `${what}: element ${i} is ${data[i]}, JAX gives ${wv}`);
  });
}

test("the x64 sampler goldens come from JAX 0.10.2", () => assert.equal(file.jax_version, "0.10.2"));

for (const [call, want] of Object.entries(file.goldens)) {
  test(`x64 sampler ${call}`, () => {
    const p = plan(call);
    matches(p.run(random.key(p.seed)) as NDArray, want, `${call} (eager)`);
    matches(jit((k: NDArray) => p.run(k) as NDArray)(random.PRNGKey(p.seed)), want, `${call} (jit)`);
  });
}
