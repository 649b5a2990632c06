// Fused stacks, concatenations and row-wise selects pick their case by a
// condition the innermost loop does not change; that loop is emitted once per
// combination of such conditions, each copy computing only the cases it picks
// (codegen/emit.ts unswitchSelects), and a row of a stack read back folds to
// its piece (compiler/kernel.ts foldOp). Each case is compared bit for bit
// with the js reference backend, at row lengths with and without a SIMD tail,
// in plain kernels, reductions, loop bodies and narrow kernels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jit, jnp, lax, defaultBackend, type NDArray } from "../../../src/index.ts";
import { agree, assertSameAsReference, rand, randInt } from "../../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";

test("stacks and concatenations of computed pieces along outer dims agree with the reference", () => {
  for (const n of [1, 3, 4, 5, 17, 64]) {
    const a = rand([n], n);
    const b = rand([n], n + 1);
    const stack = (k: number) => (x: NDArray, y: NDArray) =>
      jnp.stack([x.mul(y).sub(1), x.add(y.mul(3)), y.sub(x).mul(x), x.div(y.mul(y).add(1))].slice(0, k), 0);
    for (const k of [2, 3, 4]) assertSameAsReference(`stack of ${k}, rows of ${n}`, () => jit(stack(k))(a, b));
    // A stack along the middle of three dims, and sums over its rows and over its columns (register and in-memory reductions).
    const m = rand([3, n], 2 * n);
    const middle = (x: NDArray) => jnp.stack([x.mul(2), x.add(x.mul(x)), x.neg().sub(1)], 1);
    assertSameAsReference(`stack along the middle dim, rows of ${n}`, () => jit(middle)(m));
    // (Sums run in another order than the reference's.)
    agree(`row sums of a stack, rows of ${n}`, (x, y) => jnp.sum(stack(3)(x, y), 1), [a, b], 1e-6, 1e-6);
    agree(`column sums of a stack, rows of ${n}`, (x, y) => jnp.sum(stack(4)(x, y), 0), [a, b], 1e-6, 1e-6);
    // Pieces of different lengths along the axis: concatenation rows of one piece and of another.
    const p = rand([2, n], 3 * n);
    const q = rand([3, n], 4 * n);
    assertSameAsReference(`concatenation of 2 and 3 rows of ${n}`, () =>
      jit((x: NDArray, y: NDArray) => jnp.concatenate([x.div(3), y.mul(y).add(1)], 0))(p, q),
    );
    // Integer and bool pieces.
    const i = randInt([n], n, -9, 9);
    assertSameAsReference(`int stack, rows of ${n}`, () =>
      jit((x: NDArray) => jnp.stack([x.mul(3), jnp.floorDivide(x, 2), x.sub(7)], 0))(i),
    );
    assertSameAsReference(`bool stack, rows of ${n}`, () =>
      jit((x: NDArray, y: NDArray) => jnp.stack([x.gt(y), x.lt(0), jnp.logicalNot(y.gt(0))], 0))(a, b),
    );
  }
});

test("stacks along a last dim of two or three (narrow kernels: each column picks its piece when compiled) agree with the reference", () => {
  for (const n of [4, 5, 7, 64, 65]) {
    const a = rand([n], n);
    const b = rand([n], n + 1);
    assertSameAsReference(`pairs, ${n} rows`, () =>
      jit((x: NDArray, y: NDArray) => jnp.stack([x.mul(y).sub(1), x.add(y.mul(3))], -1))(a, b),
    );
    assertSameAsReference(`triples, ${n} rows`, () =>
      jit((x: NDArray, y: NDArray) => jnp.stack([x.mul(y), y.sub(x).mul(x), x.div(y.mul(y).add(1))], -1))(a, b),
    );
    const u = rand([n, 3], 2 * n);
    const v = rand([n, 3], 3 * n);
    assertSameAsReference(`cross products, ${n} rows`, () => jit((x: NDArray, y: NDArray) => jnp.cross(x, y))(u, v));
    const z = lax.complex(a, b);
    assertSameAsReference(`complex products, ${n} elements`, () => jnp.real(jit((w: NDArray) => w.mul(w).add(w))(z)));
  }
});

test("row-wise where on a row index, and the stacked derivatives of an RK4 loop, agree with the reference", () => {
  for (const [r, c] of [
    [4, 5],
    [6, 16],
    [7, 2],
  ]) {
    const x = rand([r, c], r * c);
    const rows = (v: NDArray) => lax.broadcastedIota("int32", [r, c], 0).lt(v.shape[0] >> 1);
    assertSameAsReference(`where on the row index ${r}x${c}`, () =>
      jit((v: NDArray) => jnp.where(rows(v), v.mul(3).add(1), v.mul(v).sub(2)))(x),
    );
  }
  const lorenz = (s: NDArray) => {
    const [x, y, z] = [s.at(0).get(), s.at(1).get(), s.at(2).get()];
    return jnp.stack([x.sub(y).mul(-10), x.mul(z.neg().add(28)).sub(y), x.mul(y).sub(z.mul(8 / 3))]);
  };
  const rk4 = (s0: NDArray) =>
    lax.foriLoop(
      0,
      20,
      (_i: NDArray, s: NDArray) => {
        const h = 0.001;
        const k1 = lorenz(s);
        const k2 = lorenz(s.add(k1.mul(h / 2)));
        const k3 = lorenz(s.add(k2.mul(h / 2)));
        const k4 = lorenz(s.add(k3.mul(h)));
        return s.add(
          k1
            .add(k2.mul(2))
            .add(k3.mul(2))
            .add(k4)
            .mul(h / 6),
        );
      },
      s0,
    );
  for (const n of [1, 7, 100]) {
    const s0 = rand([3, n], n, 20);
    assertSameAsReference(`RK4 on ${n} Lorenz states`, () => jit(rk4)(s0));
  }
});

test("a row of a fused stack read back is its piece alone: no select, no row index", { skip: !onWasm }, () => {
  const x = rand([1000], 1);
  const f = (v: NDArray) => {
    const st = jnp.stack([v.mul(2), v.add(1), v.neg()]);
    return st.at(1).get().mul(st.at(2).get());
  };
  const text = jit(f).lower(x).compile().asText();
  assert.doesNotMatch(text, /select|iota/, text);
  assertSameAsReference("rows of a stack", () => jit(f)(x));
});
