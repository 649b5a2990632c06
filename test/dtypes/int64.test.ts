// int64 under x64 beyond 32 bits against real JAX (test/goldens/dtypes.json
// "ops64", from scripts/gen_dtypes_goldens.py): stored in float64 slots, the
// reference kernels compute exactly up to 2^53 and wrap at 2^64 as XLA does;
// eager and jit on both backends (the wasm backend runs int64 in i64 kernels, see test/backend/int64.test.ts).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { config, jit, jnp, lax, type NDArray } from "../../src/index.ts";

interface Enc {
  dtype: string;
  shape: number[];
  data: Array<number | null>;
}
const G = JSON.parse(readFileSync(new URL("../goldens/dtypes.json", import.meta.url), "utf8")) as {
  a64: number[];
  b64: number[];
  ops64: Record<string, Enc>;
};

type F = (a: NDArray, b: NDArray) => NDArray;
const OPS: Record<string, F> = {
  add: (a) => jnp.add(a, 1),
  sub: (a, b) => jnp.subtract(a, b),
  mul: (a) => jnp.multiply(a, 3),
  fdiv: (a, b) => jnp.floorDivide(a, jnp.where(jnp.equal(b, 0), 1, b)),
  rem: (a) => jnp.remainder(a, 7),
  neg: (a) => jnp.negative(a),
  abs: (a) => jnp.abs(a),
  sum: (a) => jnp.sum(a),
  prod: () => jnp.prod(jnp.array([2 ** 20, 2 ** 20, -3], "int64")),
  max: (a) => jnp.max(a),
  min: (a, b) => jnp.minimum(a, b),
  cumsum: (a) => jnp.cumsum(a),
  and: (a) => jnp.bitwiseAnd(a, 2 ** 41 - 1),
  or: (a) => jnp.bitwiseOr(a, 5),
  xor: (a, b) => jnp.bitwiseXor(a, b),
  inv: (a) => jnp.invert(a),
  shr: (a) => jnp.rightShift(a, 3),
  shl: (a) => jnp.leftShift(a, 4),
  srl: (a) => lax.shiftRightLogical(a, jnp.fullLike(a, 60)),
  popc: (a) => lax.populationCount(a),
  sq: (a) => jnp.square(a),
  to_i32: (a) => a.astype("int32"),
  to_f32: (a) => a.astype("float32"),
  tdiv: (a, b) => lax.div(a, b),
  trem: (a, b) => lax.rem(a, b),
  lt: (a, b) => jnp.less(a, b),
  sel: (a, b) => jnp.where(jnp.greater(a, 0), a, b),
  mul_wrap: (a) => jnp.multiply(a, 2 ** 30),
};

before(() => config.update("enableX64", true));
after(() => config.update("enableX64", false));

test("int64 ops beyond 32 bits match JAX, eager and under jit", () => {
  const a = jnp.array(G.a64, "int64");
  const b = jnp.array(G.b64, "int64");
  for (const [name, want] of Object.entries(G.ops64)) {
    const f = OPS[name];
    assert.ok(f, `op ${name}`);
    for (const [how, r] of [
      ["eager", f(a, b)],
      ["jit", jit((x: NDArray, y: NDArray) => f(x, y))(a, b)],
    ] as const) {
      assert.equal(r.dtype, want.dtype, `${how} ${name}: dtype`);
      const got = Array.from(r.astype("float64").reshape([-1]).toArray() as number[], Number);
      assert.deepEqual(got, want.data, `${how} ${name}`);
    }
  }
});
