// Kernels that load or store bool arrays run four lanes at a time (bytes 0/1
// in memory, lane masks in registers): comparisons writing bools, where/select
// reading them, logic on bool arrays, bools converted to numbers and summed,
// broadcast bool operands, and lengths with a scalar tail. Each agrees with
// the js reference backend, jitted and eager, on random patterns (the SIMD
// select has no branch to mispredict; the scalar one it replaces did).
import { test } from "node:test";
import { jnp, lax } from "../../../src/index.ts";
import { agree, rand } from "../../helpers/backends.ts";

const SIZES = [1, 3, 4, 7, 64, 1001, 4099];

test("comparisons write bool arrays", () => {
  for (const n of SIZES) {
    const [x, y] = [rand([n], n), rand([n], n + 1)];
    agree(`gt ${n}`, (a, b) => a.gt(b), [x, y], 0, 0, true);
    agree(`le scalar ${n}`, (a) => a.le(0.25), [x], 0, 0, true);
    agree(`isnan ${n}`, (a) => jnp.isnan(jnp.log(a)), [x], 0, 0, true);
  }
});

test("where reads bool arrays, broadcast or not", () => {
  for (const n of SIZES) {
    const [x, y] = [rand([n], 3 * n), rand([n], 3 * n + 1)];
    const c = x.gt(0);
    agree(`where ${n}`, (m, a, b) => jnp.where(m, a, b), [c, x, y], 0, 0, true);
    agree(`select_n ${n}`, (m, a, b) => lax.selectN(m, a, b), [c, x, y], 0, 0, true);
    agree(`where bool scalar ${n}`, (m, a, b) => jnp.where(m, a, b), [jnp.array(true), x, y], 0, 0, true);
    agree(`where int ${n}`, (m, a) => jnp.where(m, a.astype("int32"), 7), [c, x.mul(100)], 0, 0, true);
  }
  const m = rand([5, 9], 11).gt(0);
  agree("where row-broadcast mask", (c, a) => jnp.where(c, a, a.neg()), [m.at(0).get(), rand([5, 9], 12)], 0, 0, true);
  agree(
    "where column-broadcast mask",
    (c, a) => jnp.where(c.reshape([5, 1]), a, 0),
    [m.at(jnp.arange(5), 0).get(), rand([5, 9], 13)],
    0,
    0,
    true,
  );
});

test("logic on bool arrays, bools as numbers, and sums of bools", () => {
  for (const n of SIZES) {
    const [a, b] = [rand([n], 5 * n).gt(0), rand([n], 5 * n + 1).gt(0.5)];
    agree(
      `and/or/xor/not ${n}`,
      (p, q) => [jnp.logicalAnd(p, q), jnp.logicalOr(p, q), jnp.logicalXor(p, q), jnp.logicalNot(p), p.eq(q), p.ne(q)],
      [a, b],
      0,
      0,
      true,
    );
    agree(`bool to float ${n}`, (p) => p.astype("float32").mul(3), [a], 0, 0, true);
    agree(`bool to int ${n}`, (p) => p.astype("int32").add(1), [a], 0, 0, true);
    agree(`float to bool ${n}`, (x) => x.astype("bool"), [jnp.round(rand([n], 5 * n + 2).mul(3))], 0, 0, true);
    agree(`sum of bools ${n}`, (p) => jnp.sum(p), [a], 0, 0, true);
    agree(`count in rows ${n}`, (x) => jnp.sum(x.gt(0), 0), [rand([3, n], 5 * n + 3)], 0, 0, true);
  }
});

test("a fused selu with its mask stored", () => {
  const x = rand([1000, 37], 21);
  agree(
    "selu and mask",
    (v) => {
      const m = v.gt(0);
      return [jnp.where(m, v, jnp.exp(v).sub(1).mul(1.67)), m];
    },
    [x],
    1e-6,
    1e-6,
    true,
  );
});

test("any and all fold lane masks: whole arrays, rows, columns, a lone true in the tail", () => {
  for (const n of SIZES) {
    const x = rand([n], 7 * n + 5);
    agree(`any/all ${n}`, (a) => [jnp.any(a.gt(1.9)), jnp.all(a.gt(-1.9)), jnp.any(a.gt(5)), jnp.all(a.lt(5))], [x], 0, 0, true);
    const lone = jnp
      .zeros([n])
      .at(n - 1)
      .set(1)
      .gt(0);
    agree(`lone true at the end ${n}`, (m) => [jnp.any(m), jnp.all(jnp.logicalNot(m)), jnp.all(m)], [lone], 0, 0, true);
    agree(
      `any/all rows ${n}`,
      (a) => [jnp.any(a.gt(1.5), 1), jnp.all(a.gt(-1.5), -1), jnp.any(a.gt(1.5), 0)],
      [rand([3, n], n + 9)],
      0,
      0,
      true,
    );
  }
});
