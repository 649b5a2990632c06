// Carry-independent work in scan bodies is batched before the loop
// (compiler/scan_precompute.ts): the rewrite's structure, and its results
// against the js reference backend (which runs the original scan), eagerly
// compared per step, under grad, for reverse scans and forwarded xs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { grad, jit, jnp, lax, makeJaxpr, type NDArray } from "../../src/index.ts";
import { precomputeScans } from "../../src/compiler/scan_precompute.ts";
import { agree, rand } from "../helpers/backends.ts";

const rnn = (wh: NDArray, wx: NDArray, b: NDArray, xs: NDArray, opts: { reverse?: boolean } = {}) => {
  const cell = (h: NDArray, x: NDArray): [NDArray, NDArray] => {
    const n = jnp.tanh(jnp.matmul(h, wh).add(jnp.matmul(x, wx)).add(b));
    return [n, jnp.sum(n).add(jnp.sum(x))];
  };
  return lax.scan(cell, jnp.zeros([wh.shape[0]]), xs, opts) as unknown as NDArray[];
};
const args = () => [rand([24, 24], 1, 0.3), rand([10, 24], 2, 0.3), rand([24], 3), rand([30, 10], 4)];

const prims = (j: { eqns: { primitive: { name: string } }[] }) => j.eqns.map((e) => e.primitive.name);

test("an RNN's input projection moves out of the loop as one batched dot_general", () => {
  const [wh, wx, b, xs] = args();
  const j = precomputeScans(makeJaxpr(rnn)(wh, wx, b, xs).jaxpr);
  const scan = j.eqns.find((e) => e.primitive.name === "scan")!;
  const before = prims(j).slice(0, prims(j).indexOf("scan"));
  assert.ok(before.includes("dot_general"), `no dot_general before the loop: ${before.join(" ")}`);
  const body = (scan.params.jaxpr as { jaxpr: { eqns: { primitive: { name: string } }[] } }).jaxpr;
  assert.equal(prims(body).filter((p) => p === "dot_general").length, 1, "the loop keeps only h·Wh");
  // The precomputed projection is a new scanned input: [30, 24].
  assert.ok(
    scan.inputs.some((a) => a.aval.shape.join() === "30,24"),
    scan.inputs.map((a) => a.aval.str()).join(" "),
  );
});

test("scans without carry-independent products are left alone", () => {
  const cumsum = (xs: NDArray) => lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.mul(x)], jnp.zeros([4]), xs) as unknown as NDArray[];
  const j = makeJaxpr(cumsum)(rand([8, 4], 5)).jaxpr;
  assert.equal(precomputeScans(j), j);
  // A product of the carry only (h·Wh) stays in the loop too.
  const carryOnly = (w: NDArray, xs: NDArray) =>
    lax.scan((h: NDArray, x: NDArray) => [jnp.tanh(jnp.matmul(h, w)).add(x), null], jnp.ones([6]), xs) as unknown as NDArray[];
  const j2 = makeJaxpr(carryOnly)(rand([6, 6], 6), rand([5, 6], 7)).jaxpr;
  assert.equal(precomputeScans(j2), j2);
});

test("rewritten scans compute what the reference backend's loop computes", () => {
  agree("rnn", (...a) => rnn(a[0], a[1], a[2], a[3]), args(), 1e-5, 1e-5, true);
  agree("reverse rnn", (...a) => rnn(a[0], a[1], a[2], a[3], { reverse: true }), args(), 1e-5, 1e-5, true);
  // ys that depend on xs alone, a forwarded xs slice, and a loop-invariant product of consts.
  agree(
    "mixed residuals",
    (w: NDArray, v: NDArray, xs: NDArray) => {
      const [c, ys] = lax.scan(
        (h: NDArray, x: NDArray) => [h.mul(x).add(jnp.matmul(x, w)).add(jnp.matmul(v, w)), [jnp.matmul(x, w), x.mul(2)]],
        jnp.ones([5]),
        xs,
      ) as unknown as [NDArray, NDArray[]];
      return [c, ...ys];
    },
    [rand([5, 5], 8, 0.4), rand([5], 9), rand([7, 5], 10)],
    1e-5,
    1e-5,
  );
});

test("grad through a rewritten scan agrees with the reference backend", () => {
  const loss = (wh: NDArray, wx: NDArray, b: NDArray, xs: NDArray) => jnp.sum(rnn(wh, wx, b, xs)[0]);
  agree("grad rnn", (...a) => grad(loss, { argnums: [0, 1, 2] })(a[0], a[1], a[2], a[3]) as NDArray[], args(), 1e-4, 1e-5);
  // And jit of it equals the same computation without jit on this backend.
  const g = jit(grad(loss, { argnums: 1 }))(...(args() as [NDArray, NDArray, NDArray, NDArray])) as NDArray;
  const e = grad(loss, { argnums: 1 })(...(args() as [NDArray, NDArray, NDArray, NDArray])) as NDArray;
  const [a, b] = [g.dataSync(), e.dataSync()];
  a.forEach((v, i) => assert.ok(Math.abs(Number(v) - Number(b[i])) <= 1e-4 * (1 + Math.abs(Number(b[i]))), `grad[${i}]`));
});
