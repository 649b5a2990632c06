// jnp.printoptions / setPrintoptions / getPrintoptions: arrays print as JAX
// prints them under the same NumPy options (scripts/gen_printoptions_goldens.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { test } from "node:test";
import { jnp, type NDArray } from "../../src/index.ts";

interface Case {
  options: Record<string, number>;
  kind: "array" | "arange" | "arange2d";
  arg: unknown;
  str: string;
  repr: string;
}
const cases = JSON.parse(readFileSync(new URL("../goldens/printoptions.json", import.meta.url), "utf8")) as Case[];

function build(c: Case): NDArray {
  if (c.kind === "array") return jnp.array(c.arg as number[], { dtype: "float32" });
  if (c.kind === "arange") return jnp.arange(c.arg as number);
  const [r, k] = c.arg as number[];
  return jnp.arange(r * k).reshape([r, k]);
}

for (const c of cases) {
  test(`printoptions ${JSON.stringify(c.options)}: str and repr as JAX's`, () => {
    const x = build(c);
    jnp.printoptions(c.options, () => {
      assert.equal(String(x), c.str);
      assert.equal(inspect(x), c.repr);
    });
  });
}

test("printoptions restores the options; setPrintoptions sets them until reset with null", () => {
  const before = jnp.getPrintoptions();
  assert.deepEqual(before, { precision: 8, threshold: 1000, edgeitems: 3, linewidth: 75 });
  assert.throws(
    () =>
      jnp.printoptions({ precision: 2 }, () => {
        throw new Error("inside");
      }),
    /inside/,
  );
  assert.deepEqual(jnp.getPrintoptions(), before);
  jnp.setPrintoptions({ precision: 2 });
  try {
    assert.equal(String(jnp.array([1 / 3])), "[0.33]");
  } finally {
    jnp.setPrintoptions({ precision: null });
  }
  assert.equal(String(jnp.array([1 / 3])), "[0.33333334]");
  assert.throws(() => jnp.setPrintoptions({ precision: -1 }), /non-negative integer/);
  assert.throws(() => jnp.setPrintoptions({ nanstr: 1 } as never), /nanstr/);
});
