// Type tests of lax control flow (compiled by tsc, never run; see expect.ts).
import { jnp, lax, type NDArray } from "../../src/index.ts";
import { type Equal, expectTrue } from "./expect.ts";

export function controlTypes(x: NDArray, xs: NDArray, n: number): void {
  // foriLoop: a JS-number init is a weakly typed array carry.
  const s = lax.foriLoop(0, n, (i, acc: NDArray) => acc.add(i), 0);
  expectTrue<Equal<typeof s, NDArray>>();
  const s2 = lax.foriLoop(0, 10, (i, acc) => acc.add(i), 0); // acc inferred as NDArray
  expectTrue<Equal<typeof s2, NDArray>>();
  const [a, b] = lax.foriLoop(0, 3, (i, [u, v]) => [u.add(v), v.mul(2)], [0, x]);
  expectTrue<Equal<[typeof a, typeof b], [NDArray, NDArray]>>();
  const obj = lax.foriLoop(0, 3, (i, c) => ({ sum: c.sum.add(i), k: c.k }), { sum: 0, k: x });
  expectTrue<Equal<typeof obj, { sum: NDArray; k: NDArray }>>();
  // @ts-expect-error the body must return the carry's structure
  lax.foriLoop(0, 3, (i, acc: NDArray) => [acc], 0);
  // @ts-expect-error the carry is an array, not a JS number
  lax.foriLoop(0, 3, (i, acc: number) => acc + 1, 0);

  // whileLoop.
  const [fi, ft] = lax.whileLoop(
    ([i]) => i.lt(10),
    ([i, t]) => [i.add(1), t.add(i)],
    [0, 0],
  );
  expectTrue<Equal<[typeof fi, typeof ft], [NDArray, NDArray]>>();
  const w1 = lax.whileLoop(
    (v) => v.lt(3),
    (v) => v.add(1),
    x,
  );
  expectTrue<Equal<typeof w1, NDArray>>();

  // scan: [final carry, stacked ys], generic over carry and xs pytrees.
  const [carry, ys] = lax.scan((c, xi) => [c.add(xi), c.mul(xi)], 0, xs);
  expectTrue<Equal<[typeof carry, typeof ys], [NDArray, NDArray]>>();
  const [c2, ys2] = lax.scan((c, p) => [{ total: c.total.add(p.a) }, { prod: p.a.mul(p.b), none: null }], { total: 0 }, { a: xs, b: xs });
  expectTrue<Equal<typeof c2, { total: NDArray }>>();
  expectTrue<Equal<typeof ys2, { prod: NDArray; none: null }>>();
  const [fib] = lax.scan(([p, q], _x) => [[q, p.add(q)], null], [0, 1], null, { length: 10 });
  expectTrue<Equal<typeof fib, [NDArray, NDArray]>>();
  // @ts-expect-error unknown scan option
  lax.scan((c: NDArray, xi: NDArray) => [c, xi], 0, xs, { lenght: 3 });

  // cond and switch: operands arrive as arrays; JS-number results come back as arrays.
  const r = lax.cond(
    x.gt(0),
    (u, v) => u.add(v),
    (u, v) => u.sub(v),
    x,
    1,
  );
  expectTrue<Equal<typeof r, NDArray>>();
  const r2 = lax.cond(
    true,
    () => 1,
    () => x,
  );
  expectTrue<Equal<typeof r2, NDArray>>();
  const sw = lax.switch(1, [(u) => ({ y: u }), (u) => ({ y: u.neg() })], x);
  expectTrue<Equal<typeof sw, { y: NDArray }>>();

  // map and associativeScan.
  const m = lax.map((row) => jnp.sum(row), xs);
  expectTrue<Equal<typeof m, NDArray>>();
  const m2 = lax.map((p) => ({ s: p.a.add(p.b) }), { a: xs, b: xs });
  expectTrue<Equal<typeof m2, { s: NDArray }>>();
  const cs = lax.associativeScan((u, v) => u.add(v), xs);
  expectTrue<Equal<typeof cs, NDArray>>();
  const cs2 = lax.associativeScan((u, v) => [u[0].add(v[0]), u[1].mul(v[1])], [xs, xs], { reverse: true });
  expectTrue<Equal<typeof cs2, [NDArray, NDArray]>>();
}
