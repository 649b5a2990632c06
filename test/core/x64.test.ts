// Under enableX64, JS numbers and creation functions default to float64 and
// integer aranges to int64, as JAX's defaults (goldens: scripts/gen_x64_goldens.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { config, jnp, random, type NDArray } from "../../src/index.ts";

const golden = JSON.parse(readFileSync(new URL("../goldens/x64.json", import.meta.url), "utf8")) as Record<
  string,
  { dtype: string; data: number[] }
>;

const cases: Record<string, () => NDArray> = {
  "array(0.1)": () => jnp.array(0.1),
  "array([0.5, 1.5])": () => jnp.array([0.5, 1.5]),
  "arange(5)": () => jnp.arange(5),
  "arange(0, 1, 0.25)": () => jnp.arange(0, 1, 0.25),
  "ones([2])": () => jnp.ones([2]),
  "zeros([2])": () => jnp.zeros([2]),
  "full([2], 1.5)": () => jnp.full([2], 1.5),
  "linspace(0, 1, 3)": () => jnp.linspace(0, 1, 3),
  "ones(f32) + 0.1": () => jnp.ones([2], { dtype: "float32" }).add(0.1),
  "eye(2)": () => jnp.eye(2),
  normal: () => random.normal(random.PRNGKey(0), [2]),
  uniform: () => random.uniform(random.PRNGKey(0), [2]),
  "arange(5).sum()": () => jnp.arange(5).sum(),
  "arange(5).mean()": () => jnp.arange(5).mean(),
  "arange(5) / 2": () => jnp.arange(5).div(2),
  "arange(5) + 2": () => jnp.arange(5).add(2),
  "sin(int32)": () => jnp.sin(jnp.arange(3, { dtype: "int32" })),
  "int32 / 2": () => jnp.arange(3, { dtype: "int32" }).div(2),
  "mean(int32)": () => jnp.mean(jnp.arange(3, { dtype: "int32" })),
  "sqrt(uint8)": () => jnp.sqrt(jnp.arange(3, { dtype: "uint8" })),
  "var(int16)": () => jnp.var(jnp.arange(4, { dtype: "int16" })),
  "inv(int32 eye)": () => jnp.linalg.inv(jnp.eye(2, null, 0, { dtype: "int32" })),
  "sin(2)": () => jnp.sin(2),
};

before(() => config.update("enableX64", true));
after(() => config.update("enableX64", false));

for (const [name, make] of Object.entries(cases)) {
  test(`x64: ${name} has JAX's dtype and values`, () => {
    const x = make();
    assert.equal(x.dtype, golden[name].dtype);
    const got = Array.from(x.dataSync() as ArrayLike<number | bigint>, Number);
    got.forEach((v, i) =>
      assert.ok(Math.abs(v - golden[name].data[i]) <= 1e-12 * Math.max(1, Math.abs(v)), `${name}[${i}]: ${v} vs ${golden[name].data[i]}`),
    );
  });
}

test("x64 off again: JS numbers build float32 arrays (the JS convention)", () => {
  config.update("enableX64", false);
  try {
    assert.equal(jnp.array(0.1).dtype, "float32");
    assert.equal(jnp.arange(5).dtype, "int32");
  } finally {
    config.update("enableX64", true);
  }
});
