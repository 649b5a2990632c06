// docs/compat.md is what scripts/gen_compat.ts generates from the exports of
// src/index.ts (run `npm run compat` after adding an export), and every name
// it marks supported is there at run time. Checked once, in the wasm run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as jaxts from "../../src/index.ts";
import { COMPAT_FILE, camel, candidates, compatMarkdown, compatRows, namespaceOf } from "../../scripts/gen_compat.ts";

const skip = process.env.JAXTS_BACKEND === "js" ? "checked once, in the wasm run" : false;

test("JAX names map to jaxts paths by API.md's rule", () => {
  assert.equal(camel("matrix_rank"), "matrixRank");
  assert.equal(camel("bessel_i0e"), "besselI0e");
  assert.equal(camel("PRNGKey"), "PRNGKey");
  assert.equal(namespaceOf("jax.numpy.linalg"), "jnp.linalg");
  assert.equal(namespaceOf("jax.scipy.stats.multivariate_normal"), "scipy.stats.multivariateNormal");
  assert.equal(namespaceOf("flax.linen"), null);
  assert.deepEqual(candidates("jax.numpy", "s_"), ["jnp.s_", "jnp.s"]);
  assert.deepEqual(candidates("jax.tree_util", "tree_map"), ["tree.map", "tree.treeMap"]);
  assert.deepEqual(candidates("jax", "value_and_grad"), ["valueAndGrad", "config.valueAndGrad"]);
});

test("docs/compat.md is up to date with the exports (npm run compat)", { skip }, () => {
  const want = compatMarkdown(compatRows());
  const have = readFileSync(COMPAT_FILE, "utf8");
  if (have !== want) {
    const a = have.split("\n"),
      b = want.split("\n");
    const diff = b.filter((l) => !a.includes(l)).concat(a.filter((l) => !b.includes(l)).map((l) => `(stale) ${l}`));
    assert.fail(`docs/compat.md is stale: run \`npm run compat\`. Differences:\n${diff.slice(0, 20).join("\n")}`);
  }
});

test("every name docs/compat.md marks supported is exported by jaxts", { skip }, () => {
  const rows = [...readFileSync(COMPAT_FILE, "utf8").matchAll(/^\| `(jax[\w.]*)` \| `([\w.]+)`( \(type\))? \|$/gm)];
  assert.ok(rows.length > 100, "docs/compat.md lists the supported names");
  const missing: string[] = [];
  for (const [, jaxName, path, type] of rows) {
    if (type) continue; // type-only exports have no run-time value (checked by the regeneration above)
    let v: unknown = jaxts;
    for (const part of path!.split(".")) v = v == null ? undefined : (v as Record<string, unknown>)[part];
    if (v === undefined) missing.push(`${jaxName} → ${path}`);
  }
  assert.deepEqual(missing, []);
});
