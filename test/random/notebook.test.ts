// The seed notebook's random cells (section 4.3 RNN, 4.5 running stats),
// against real JAX outputs (copies of shared/goldens/notebook/018 and 020).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type NDArray, jnp, random } from "../../src/index.ts";
import { type Golden, assertMatchesGolden } from "./compare.ts";

interface Cell {
  case: string;
  outputs: Array<Golden & { label: string }>;
}
const load = (name: string) => JSON.parse(readFileSync(new URL(`./goldens/${name}.json`, import.meta.url), "utf8")) as Cell;
const output = (cell: Cell, label: string) => {
  const o = cell.outputs.find((x) => x.label === label);
  if (!o) throw new Error(`no output ${label} in ${cell.case}`);
  return o;
};

function assertClose(got: NDArray, want: Golden, rtol: number, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = got.dataSync() as Float32Array;
  want.data.forEach((w, i) => {
    const d = Math.abs(g[i] - (w as number));
    assert.ok(d <= rtol * Math.max(1, Math.abs(w as number)), `${what}[${i}]: ${g[i]} vs JAX ${w}`);
  });
}

test("018 RNN: key, *subkeys = split(PRNGKey(0), 4); normal(subkey, shape) * 0.1", () => {
  const cell = load("018_seed_rnn_forward");
  let key = random.PRNGKey(0) as NDArray;
  const keys = random.split(key, 4) as NDArray;
  key = keys.get(0);
  const subkeys = [1, 2, 3].map((i) => keys.get(i));
  const W_hh = random.normal(subkeys[0], [4, 4]).mul(0.1);
  const W_xh = random.normal(subkeys[1], [4, 3]).mul(0.1);
  const ks = random.split(key) as NDArray;
  key = ks.get(0);
  const xs = random.normal(ks.get(1), [10, 3]);
  assertMatchesGolden(key, output(cell, "key_after"), "key_after");
  assertMatchesGolden(W_hh, output(cell, "params['W_hh']"), "W_hh");
  assertMatchesGolden(W_xh, output(cell, "params['W_xh']"), "W_xh");
  assertMatchesGolden(xs, output(cell, "xs"), "xs");

  // The forward pass (a scan in the notebook) written as a loop: checks the samples feed on correctly.
  let h = jnp.zeros([4]);
  const outs: NDArray[] = [];
  for (let t = 0; t < 10; t++) {
    h = jnp.tanh(jnp.add(jnp.dot(W_hh, h), jnp.dot(W_xh, xs.get(t))));
    outs.push(h);
  }
  assertClose(jnp.stack(outs), output(cell, "outputs"), 2e-5, "outputs");
});

test("018 with typed keys gives the same numbers", () => {
  const cell = load("018_seed_rnn_forward");
  const [key, ...subkeys] = random.split(random.key(0), 4) as random.PRNGKeyArray;
  assertMatchesGolden(random.normal(subkeys[0], [4, 4]).mul(0.1), output(cell, "params['W_hh']"), "W_hh");
  const [after, sub] = random.split(key) as random.PRNGKeyArray;
  assertMatchesGolden(random.keyData(after), output(cell, "key_after"), "key_after");
  assertMatchesGolden(random.normal(sub, [10, 3]), output(cell, "xs"), "xs");
});

test("020 running stats: normal(PRNGKey(42), (100,)) * 2.0 + 5.0", () => {
  const cell = load("020_seed_running_stats");
  const xs = random.normal(random.PRNGKey(42), [100]).mul(2.0).add(5.0);
  assertMatchesGolden(xs, output(cell, "xs"), "xs");
  assertClose(xs.mean(), output(cell, "true_mean"), 1e-5, "xs.mean()");
  assertClose(xs.var(), output(cell, "true_var"), 1e-5, "xs.var()");
});
