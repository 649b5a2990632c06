// Property tests over random shapes (rank 0-3) and dtypes (float32, int32,
// uint32, bool) of small programs: jit == eager == the js reference, and
// scan == the same loop unrolled. fast-check prints the seed on failure.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { defaultBackend, jit, jnp, lax, setDefaultBackend, type NDArray } from "../../src/index.ts";
import { assertClose } from "../helpers/check_grads.ts";

type DT = "float32" | "int32" | "uint32" | "bool";
// Ops valid for every dtype here, shape-preserving or reducing with keepdims.
const OPS: Array<[string, (x: NDArray, y: NDArray) => NDArray]> = [
  ["add", (x, y) => (x.dtype === "bool" ? jnp.logicalOr(x, y) : x.add(y))],
  ["mul", (x, y) => (x.dtype === "bool" ? jnp.logicalAnd(x, y) : x.mul(y))],
  ["max", (x, y) => jnp.maximum(x, y)],
  ["where", (x, y) => jnp.where(x.gt(y), x, y)],
  [
    "sum-keepdims",
    (x) =>
      x.ndim === 0
        ? x
        : jnp
            .max(x, x.ndim - 1, { keepdims: true })
            .astype(x.dtype)
            .add(jnp.zerosLike(x))
            .astype(x.dtype),
  ],
  ["transpose-back", (x) => x.T.T],
  ["flip", (x) => (x.ndim === 0 ? x : jnp.flip(x, 0))],
  ["eq-cast", (x, y) => x.eq(y).astype(x.dtype)],
];

const shapeArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 3 });
const dtypeArb = fc.constantFrom<DT>("float32", "int32", "uint32", "bool");
const progArb = fc.array(fc.integer({ min: 0, max: OPS.length - 1 }), { minLength: 1, maxLength: 4 });

function values(shape: number[], dtype: DT, seed: number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(dtype === "bool" ? s & 1 : dtype === "float32" ? (s / 2 ** 32 - 0.5) * 8 : s % 17);
  }
  return (dtype === "bool" ? jnp.array(out).gt(0) : jnp.array(out, { dtype })).reshape(shape);
}

test("jit == eager == js reference on random shapes and dtypes", () => {
  fc.assert(
    fc.property(shapeArb, dtypeArb, progArb, fc.integer(), (shape, dtype, prog, seed) => {
      const f = (x: NDArray, y: NDArray) => prog.reduce((a, k) => OPS[k][1](a, y), x);
      const x = values(shape, dtype, seed),
        y = values(shape, dtype, seed + 1);
      const compiled = jit(f)(x, y);
      const eager = f(x, y);
      const prev = defaultBackend();
      setDefaultBackend("js");
      let ref: NDArray;
      try {
        ref = f(x, y);
      } finally {
        setDefaultBackend(prev);
      }
      const what = `${prog.map((k) => OPS[k][0]).join(" → ")} on ${dtype}[${shape}]`;
      assert.equal(compiled.dtype, ref.dtype, what);
      assert.deepEqual(compiled.shape, ref.shape, what);
      assertClose(compiled, ref, 1e-6, 1e-6, `jit: ${what}`);
      assertClose(eager, ref, 1e-6, 1e-6, `eager: ${what}`);
    }),
    { numRuns: 60 },
  );
});

test("scan equals the same loop unrolled (random lengths, carries and bodies)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 1, max: 4 }),
      progArb,
      fc.boolean(),
      fc.integer(),
      (length, n, prog, reverse, seed) => {
        const body = (c: NDArray, x: NDArray): [NDArray, NDArray] => {
          const next = prog.reduce((a, k) => OPS[k][1](a, x), c.add(x));
          return [next, next.mul(2)];
        };
        const xs = values([length, n], "float32", seed);
        const init = values([n], "float32", seed + 7);
        const [c, ys] = lax.scan(body, init, xs, { reverse }) as [NDArray, NDArray];
        let carry = init;
        const outs: NDArray[] = new Array(length);
        for (let t = 0; t < length; t++) {
          const i = reverse ? length - 1 - t : t;
          const [nc, y] = body(carry, xs.get(i));
          carry = nc;
          outs[i] = y;
        }
        assertClose(c, carry, 1e-5, 1e-5, "final carry");
        if (length > 0) assertClose(ys, jnp.stack(outs), 1e-5, 1e-5, "ys");
        else assert.deepEqual(ys.shape, [0, n]);
      },
    ),
    { numRuns: 40 },
  );
});
