// Random eager programs on arrays large enough to be deferred (64×64
// float32): with eager fusion on, every result agrees bit for bit with the
// same program run operation by operation, whatever mix of deferred
// operations, views, reductions and operations that compute their operands
// at once it contains, and whichever intermediates it disposes on the way.
// fast-check prints the seed and the shrunk counterexample on failure.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { config, defaultBackend, jnp, lax, nn, type NDArray } from "../../src/index.ts";

const skip = defaultBackend() !== "wasm";
const R = 64;

type Op = { name: string; apply: (a: NDArray, b: NDArray) => NDArray };
// Each maps (a, b) of shape [R, R] to shape [R, R], with values kept in a modest range.
const OPS: Op[] = [
  { name: "add", apply: (a, b) => a.add(b) },
  { name: "mul", apply: (a, b) => a.mul(b).mul(0.5) },
  { name: "sub-scalar", apply: (a) => a.sub(0.25) },
  { name: "sin", apply: (a) => jnp.sin(a) },
  { name: "tanh-exp", apply: (a) => jnp.exp(jnp.tanh(a)) },
  { name: "where", apply: (a, b) => jnp.where(a.gt(b), a, b.mul(0.5)) },
  { name: "maximum", apply: (a, b) => jnp.maximum(a, b) },
  { name: "transpose", apply: (a) => a.transpose() },
  { name: "flip", apply: (a) => jnp.flip(a, 0) },
  { name: "int-roundtrip", apply: (a) => a.mul(10).astype("int32").astype("float32").mul(0.1) },
  { name: "center-columns", apply: (a) => a.sub(jnp.mean(a, 0)) },
  { name: "add-row-max", apply: (a, b) => a.add(jnp.max(b, 1, { keepdims: true })) },
  { name: "add-total", apply: (a, b) => a.add(jnp.sum(b).mul(1e-3)) },
  { name: "matmul", apply: (a, b) => jnp.matmul(a, b).mul(1 / R) },
  { name: "cumsum", apply: (a) => jnp.cumsum(a, 1).mul(0.1) },
  { name: "roll", apply: (a) => jnp.roll(a, 3, 1) },
  { name: "gelu", apply: (a) => nn.gelu(a) },
  { name: "softplus", apply: (a) => nn.softplus(a.sub(1)) },
  {
    name: "slice-pad",
    apply: (a) =>
      jnp.pad(a.get(jnp.s(1, null), jnp.s(null, -1)), [
        [0, 1],
        [1, 0],
      ]),
  },
  {
    name: "scan-rows",
    apply: (a) =>
      lax.scan(
        (c: NDArray, row: NDArray) => {
          const n = c.mul(0.5).add(row);
          return [n, n];
        },
        jnp.zeros([R]),
        a,
      )[1] as NDArray,
  },
];

/** Steps: (op, swap operands afterwards, dispose the array the step replaced). */
const program = fc.array(fc.tuple(fc.integer({ min: 0, max: OPS.length - 1 }), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 8 });

function run(prog: Array<[number, boolean, boolean]>, xs: Float32Array, ys: Float32Array): Float32Array {
  const x = jnp.array(xs).reshape([R, R]);
  const y = jnp.array(ys).reshape([R, R]);
  let a = x;
  let b = y;
  for (const [k, swap, dispose] of prog) {
    const r = OPS[k].apply(a, b);
    const old = a;
    if (swap) b = a;
    a = r;
    if (dispose && !swap && old !== b && old !== r) old.dispose();
  }
  return a.dataSync() as Float32Array;
}

const describe = (prog: Array<[number, boolean, boolean]>) =>
  prog.map(([k, s, d]) => OPS[k].name + (s ? "*" : "") + (d ? "†" : "")).join(" → ");

test("random eager programs: deferred and fused equals run operation by operation, bit for bit", { skip }, () => {
  const data = (seed: number) => Float32Array.from({ length: R * R }, (_, i) => Math.sin(i * 0.73 + seed) * 1.5);
  fc.assert(
    fc.property(program, fc.integer({ min: 0, max: 1000 }), (prog, seed) => {
      const [xs, ys] = [data(seed), data(seed + 1)];
      const fused = run(prog, xs, ys);
      config.update("eagerFusion", false);
      let atOnce: Float32Array;
      try {
        atOnce = run(prog, xs, ys);
      } finally {
        config.update("eagerFusion", true);
      }
      for (let i = 0; i < fused.length; i++) {
        if (!Object.is(fused[i], atOnce[i])) assert.fail(`${describe(prog)}: element ${i}: ${fused[i]} fused, ${atOnce[i]} at once`);
      }
    }),
    { numRuns: Number(process.env.RUNS ?? 60) },
  );
});
