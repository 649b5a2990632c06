// Loops compiled into one wasm function: scan and while bodies made of
// several kernels and GEMMs (an RNN cell, passthrough carries, a cond with
// its own kernel), under jit and eagerly, against the js reference backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jit, jnp, lax, defaultBackend, type NDArray } from "../../src/index.ts";
import { agree, rand } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";
const text = (f: (...a: NDArray[]) => unknown, ...args: NDArray[]) =>
  jit(f as (...a: NDArray[]) => NDArray)
    .lower(...args)
    .compile()
    .asText();

const rnn = (wh: NDArray, wx: NDArray, b: NDArray, xs: NDArray) => {
  const cell = (h: NDArray, x: NDArray): [NDArray, NDArray] => {
    const n = jnp.tanh(jnp.matmul(h, wh).add(jnp.matmul(x, wx)).add(b));
    return [n, jnp.sum(n)];
  };
  return lax.scan(cell, jnp.zeros([wh.shape[0]]), xs) as unknown as NDArray[];
};

test("a scan whose body has GEMMs and several kernels is one wasm loop", () => {
  const args = [rand([24, 24], 1, 0.3), rand([10, 24], 2, 0.3), rand([24], 3), rand([30, 10], 4)];
  if (onWasm) assert.match(text(rnn, ...args), /scan loop \(length 30\), one wasm function\n {2}body:\n {4}gemm/);
  agree("rnn", rnn, args, 1e-5, 1e-5, true);
  agree(
    "reverse scan with two carries and a reduction",
    (xs) => {
      const [c, ys] = lax.scan(
        ([a, s]: NDArray[], x: NDArray) => [[jnp.sin(a).add(x), s.add(jnp.max(x))], jnp.sum(a.mul(x))],
        [jnp.zeros([5]), jnp.array(0)],
        xs,
        { reverse: true },
      );
      return [...(c as NDArray[]), ys as NDArray];
    },
    [rand([9, 5], 5)],
    1e-6,
    1e-6,
    true,
  );
  agree(
    "scan of length 0",
    (xs) =>
      lax.scan((c: NDArray, x: NDArray) => [jnp.matmul(c, jnp.ones([3, 3])).add(x), jnp.sum(c)], jnp.ones([3]), xs) as unknown as NDArray[],
    [jnp.zeros([0, 3])],
    1e-6,
    1e-6,
    true,
  );
});

test("a while loop whose cond and body compile to kernels is one wasm function", () => {
  type C = [NDArray, NDArray, NDArray];
  const loop = (x: NDArray, limit: NDArray) =>
    lax.whileLoop(
      ([i, , s]: C) => jnp.logicalAnd(i.lt(limit), s.lt(1e6)),
      ([i, v, s]: C): C => [i.add(1), v.mul(0.9).add(jnp.sin(v)), s.add(jnp.sum(jnp.abs(v)))],
      [jnp.array(0, { dtype: "int32" }), x, jnp.array(0)],
    ) as NDArray[];
  const args = [rand([40], 6), jnp.array(17, { dtype: "int32" })];
  if (onWasm) assert.match(text(loop, ...args), /while loop, one wasm function\n {2}cond:/);
  agree("while", loop, args, 1e-5, 1e-5, true);
  const out = loop(args[0], args[1]);
  assert.equal(out[0].item(), 17);
  agree("while that never runs its body", loop, [rand([40], 7), jnp.array(0, { dtype: "int32" })], 0, 0, true);
  agree(
    "while with a passthrough carry and a GEMM",
    (m: NDArray, v: NDArray) =>
      lax.whileLoop(
        ([k]: NDArray[]) => k.lt(5),
        ([k, w, keep]: NDArray[]) => [k.add(1), jnp.tanh(jnp.matmul(m, w)), keep],
        [jnp.array(0, { dtype: "int32" }), v, v.mul(3)],
      ) as NDArray[],
    [rand([6, 6], 8), rand([6], 9)],
    1e-5,
    1e-5,
    true,
  );
});

test("foriLoop with static bounds becomes a compiled scan loop", () => {
  const f = (x: NDArray) => lax.foriLoop(0, 12, (i: NDArray, v: NDArray) => v.mul(0.5).add(i.astype("float32")), x) as NDArray;
  if (onWasm) assert.match(text(f, rand([8], 10)), /scan loop \(length 12\), one wasm function/);
  agree("foriLoop", f, [rand([8], 10)], 1e-6, 1e-6, true);
});

test("a cond inside a loop body runs inside the loop's wasm function", () => {
  const f = (xs: NDArray, w: NDArray) =>
    lax.scan(
      (c: NDArray, x: NDArray) => {
        const n = lax.cond(
          jnp.sum(x).gt(0),
          (a: NDArray) => jnp.tanh(jnp.matmul(w, a)),
          (a: NDArray) => a.mul(0.5).sub(x),
          c,
        );
        return [n, jnp.max(n)];
      },
      jnp.ones([4]),
      xs,
    ) as unknown as NDArray[];
  const args = [rand([25, 4], 11), rand([4, 4], 12)];
  if (onWasm) assert.match(text(f, ...args), /scan loop \(length 25\), one wasm function\n {2}body:[\s\S]*cond branch 1:/);
  agree("scan with a cond", f, args, 1e-5, 1e-5, true);
  agree(
    "switch with a clamped index in a while loop",
    (x: NDArray) =>
      lax.whileLoop(
        ([k]: NDArray[]) => k.lt(9),
        ([k, v]: NDArray[]) => [
          k.add(1),
          lax.switch(k.sub(3), [(a: NDArray) => a.add(1), (a: NDArray) => a.mul(2), (a: NDArray) => jnp.sin(a)], v),
        ],
        [jnp.array(0, { dtype: "int32" }), x],
      ) as NDArray[],
    [rand([6], 13)],
    1e-6,
    1e-6,
    true,
  );
});
