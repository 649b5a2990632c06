// Scans and while loops whose body (and cond) is one kernel over a single
// point run it inline with their carries in locals (codegen/inline_scalar.ts): every carry type,
// several carries, reversed scans, lengths odd, even and zero, carries of
// shape [1], unchanged carries and transcendental bodies give what the js
// reference backend gives; each of these loops is checked to be built inline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jit, jnp, lax, setDefaultBackend, type NDArray } from "../../../src/index.ts";
import { loopModuleStats } from "../../../src/backend/wasm/codegen/loop_module.ts";

const skip = defaultBackend() !== "wasm";

/** The outputs of `f(...args)` (jitted) on wasm and on the js reference backend, as plain arrays. */
function bothBackends(f: (...a: NDArray[]) => NDArray[], make: () => NDArray[]): [number[][], number[][]] {
  const run = () => (jit(f)(...make()) as NDArray[]).map((o) => Array.from(o.dataSync() as ArrayLike<number>, Number));
  const wasm = run();
  setDefaultBackend("js");
  try {
    return [wasm, run()];
  } finally {
    setDefaultBackend("wasm");
  }
}

const xsOf = (n: number) => () => [jnp.array(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.61) * 2))];

const cases: Array<[string, (...a: NDArray[]) => NDArray[], () => NDArray[]]> = [];
for (const n of [0, 1, 2, 7, 1000, 1001]) {
  cases.push([
    `cumsum, length ${n}`,
    (xs) => {
      const [c, ys] = lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.add(x)] as [NDArray, NDArray], jnp.zeros([]), xs);
      return [c as NDArray, ys as NDArray];
    },
    xsOf(n),
  ]);
}
cases.push(
  [
    "reversed, tanh recurrence",
    (xs) => {
      const [c, ys] = lax.scan(
        (c: NDArray, x: NDArray) => {
          const h = jnp.tanh(c.mul(0.9).add(x));
          return [h, jnp.exp(h)] as [NDArray, NDArray];
        },
        jnp.array(0.5),
        xs,
        { reverse: true },
      );
      return [c as NDArray, ys as NDArray];
    },
    xsOf(333),
  ],
  [
    "float, int32 and bool carries; one unchanged",
    (xs) => {
      const [[s, k, parity, fixed], ys] = lax.scan(
        (carry: NDArray[], x: NDArray) => {
          const [s, k, parity, fixed] = carry;
          const pos = x.gt(0);
          const k2 = jnp.remainder(k.add(pos.astype("int32").mul(3)), 1000).sub(jnp.floorDivide(k, 7));
          return [
            [s.add(x.mul(fixed)), k2, jnp.logicalXor(parity, pos), fixed],
            [k2, jnp.logicalXor(parity, pos)],
          ] as [NDArray[], NDArray[]];
        },
        [jnp.zeros([]), jnp.array(5, { dtype: "int32" }), jnp.array(false), jnp.array(0.25)],
        xs,
      );
      return [s, k, parity, fixed, ...(ys as NDArray[])];
    },
    xsOf(501),
  ],
  [
    "carry of shape [1]",
    (xs) => {
      const [c, ys] = lax.scan(
        (c: NDArray, x: NDArray) => [c.mul(0.5).add(x), c] as [NDArray, NDArray],
        jnp.ones([1]),
        xs.reshape([-1, 1]),
      );
      return [c as NDArray, ys as NDArray];
    },
    xsOf(64),
  ],
);

for (const n of [0, 1, 10, 1000]) {
  cases.push([
    `while loop, ${n} steps: counter, float and bool carries`,
    (limit) => {
      const [i, s, flag] = lax.whileLoop(
        ([i]: NDArray[]) => i.lt(limit.astype("int32")),
        ([i, s, flag]: NDArray[]) => [i.add(1), jnp.tanh(s.add(i.astype("float32").mul(0.01))), jnp.logicalNot(flag)],
        [jnp.array(0, { dtype: "int32" }), jnp.array(0.3), jnp.array(true)],
      ) as NDArray[];
      return [i, s, flag];
    },
    () => [jnp.array(n)],
  ]);
}
cases.push([
  "foriLoop",
  (x) => [lax.foriLoop(0, 77, (i: NDArray, c: NDArray) => c.mul(0.99).add(jnp.sin(i.astype("float32"))), x) as NDArray],
  () => [jnp.array(1.5)],
]);

test("inline single-point loop bodies agree with the js reference backend", { skip, timeout: 60_000 }, () => {
  for (const [name, f, make] of cases) {
    const inlinedBefore = loopModuleStats.inlined;
    const [wasm, ref] = bothBackends(f, make);
    assert.equal(loopModuleStats.inlined - inlinedBefore, 1, `${name}: the loop was not built inline`);
    assert.equal(wasm.length, ref.length, name);
    wasm.forEach((w, i) => {
      assert.equal(w.length, ref[i].length, `${name}: output ${i}`);
      for (let j = 0; j < w.length; j++) {
        const tol = 2e-6 * Math.max(1, Math.abs(ref[i][j]));
        if (!(Math.abs(w[j] - ref[i][j]) <= tol)) assert.fail(`${name}: output ${i}[${j}]: wasm ${w[j]}, js ${ref[i][j]}`);
      }
    });
  }
});

test("a loop whose body is more than one point calls its kernel (and agrees too)", { skip }, () => {
  const f = (xs: NDArray) => {
    const [c, ys] = lax.scan(
      (c: NDArray, x: NDArray) => [c.mul(0.5).add(x), c.sum()] as [NDArray, NDArray],
      jnp.ones([4]),
      xs.reshape([-1, 4]),
    );
    return [c as NDArray, ys as NDArray];
  };
  const inlinedBefore = loopModuleStats.inlined;
  const [wasm, ref] = bothBackends(f, xsOf(64));
  assert.equal(loopModuleStats.inlined, inlinedBefore, "a carry of four elements was built inline");
  wasm.forEach((w, i) =>
    w.forEach((v, j) => assert.ok(Math.abs(v - ref[i][j]) <= 2e-6 * Math.max(1, Math.abs(ref[i][j])), `output ${i}[${j}]`)),
  );
});
