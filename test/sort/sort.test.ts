import assert from "node:assert/strict";
import { test } from "node:test";
import { TypeError as JaxTypeError, ValueError, grad, jit, jnp, lax, makeJaxpr, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { dec, goldens } from "../linalg/goldens.ts";

const flat = (x: NDArray) => Array.from(x.dataSync() as ArrayLike<number>, Number);

/** Exact comparison that also distinguishes -0.0 from 0.0 and matches NaN with NaN. */
function assertSameBits(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => assert.ok(Object.is(a, expected[i]), `${what}: element ${i}: got ${a}, expected ${expected[i]}`));
}

test("jnp.sort / jnp.argsort match NumPy (stable; NaN last; -0.0 == 0.0 keeps input order)", () => {
  for (const c of goldens.sort) {
    const x = jnp.array(dec(c.x), { dtype: c.dtype }).reshape(c.shape);
    const opts = { descending: c.descending };
    assertSameBits(flat(jnp.sort(x, c.axis, opts)), dec(c.sorted), `sort ${c.name}`);
    assert.deepEqual(flat(jnp.argsort(x, c.axis, opts)), c.argsort, `argsort ${c.name}`);
  }
});

test("sort keeps dtype and shape; argsort gives int32; axis null flattens", () => {
  const x = jnp.array(
    [
      [3, 1],
      [2, 0],
    ],
    { dtype: "int32" },
  );
  const s = jnp.sort(x);
  assert.equal(s.dtype, "int32");
  assert.deepEqual(s.shape, [2, 2]);
  assert.equal(jnp.argsort(jnp.array([0.5, -1])).dtype, "int32");
  assert.deepEqual(jnp.sort(x, null).toArray(), [0, 1, 2, 3]);
  assert.deepEqual(jnp.argsort(x, null).toArray(), [3, 1, 2, 0]);
  assert.deepEqual(jnp.sort(jnp.array([true, false, true])).toArray(), [false, true, true]);
  assert.deepEqual(jnp.sort(jnp.array([3, 1, 2], { dtype: "uint32" })).toArray(), [1, 2, 3]);
});

test("lax.sort with two keys sorts lexicographically and permutes the other operands", () => {
  for (const c of goldens.multi_key) {
    const k1 = jnp.array(c.k1, { dtype: "int32" }).reshape(c.shape);
    const k2 = jnp.array(dec(c.k2)).reshape(c.shape);
    const v = jnp.array(dec(c.v)).reshape(c.shape);
    const [a, b, w] = lax.sort([k1, k2, v], { dimension: 1, numKeys: 2 });
    assert.deepEqual(flat(a), c.k1_sorted);
    assertSameBits(flat(b), dec(c.k2_sorted), "second key");
    assertSameBits(flat(w), dec(c.v_sorted).map(Math.fround), "values");
  }
  const [k, v] = lax.sortKeyVal(jnp.array([2, 0, 1]), jnp.array([10, 20, 30], { dtype: "int32" }));
  assert.deepEqual(k.toArray(), [0, 1, 2]);
  assert.deepEqual(v.toArray(), [20, 30, 10]);
  assert.deepEqual(
    lax
      .sort(
        jnp.array([
          [3, 1],
          [0, 2],
        ]),
        0,
      )
      .toArray(),
    [
      [0, 1],
      [3, 2],
    ],
  );
});

test("sort gradients match finite differences (forward and reverse, second order)", () => {
  const x = [
    [0.3, -1.2, 2.1, 0.7],
    [1.5, -0.4, -2.2, 0.9],
    [0.05, 1.1, -0.8, 0.6],
  ];
  checkGrads((a) => jnp.sort(a, 1), [x], { order: 2 });
  checkGrads((a) => jnp.sort(a, 0), [x], { order: 2 });
  checkGrads((a) => jnp.sort(a, null).mul(jnp.arange(12)), [x]);
  // Sorting values by keys: differentiable in both (keys' own sorted output, values permuted).
  const keys = [0.4, -0.3, 1.7, 0.1, -2.0];
  const vals = [1.0, 2.0, -3.0, 0.5, 0.25];
  checkGrads((k, v) => lax.sortKeyVal(k, v)[1].mul(lax.sortKeyVal(k, v)[0]), [keys, vals], { order: 2 });
  checkGrads(
    (k, v) => {
      const [, b, c] = lax.sort([k, v, v.mul(v)], { numKeys: 1 });
      return b.add(c.mul(2));
    },
    [keys, vals],
  );
});

test("grad of sort routes the cotangent back through the permutation", () => {
  const f = (x: NDArray) => jnp.sum(jnp.sort(x).mul(jnp.array([1, 10, 100, 1000])));
  assertClose(grad(f)(jnp.array([0.5, -1, 3, 2])) as NDArray, [10, 1, 1000, 100], 0, 0, "grad");
  // Ties: the stable order decides which input gets which weight.
  assertClose(grad(f)(jnp.array([1, 1, 0, 1])) as NDArray, [10, 100, 1, 1000], 0, 0, "grad with ties");
  const jaxpr = makeJaxpr(grad(f))(jnp.array([0.5, -1, 3, 2])).toString();
  assert.match(jaxpr, /sort\[dimension=0 is_stable=True num_keys=1\]/);
});

test("vmap of sort and argsort matches a loop over the mapped axis", () => {
  const x = jnp.array([
    [
      [3, 1, 2],
      [0, -1, 5],
    ],
    [
      [9, 8, 7],
      [1, 1, 0],
    ],
    [
      [2, 2, 2],
      [6, 4, 5],
    ],
    [
      [0, 3, 1],
      [2, 7, 3],
    ],
  ]);
  for (const inAxis of [0, 1, 2]) {
    for (const axis of [0, -1]) {
      const viaVmap = vmap((r: NDArray) => jnp.sort(r, axis), { inAxes: inAxis })(x) as NDArray;
      const viaArg = vmap((r: NDArray) => jnp.argsort(r, axis), { inAxes: inAxis })(x) as NDArray;
      const n = x.shape[inAxis];
      const take = (i: number) => jnp.take(x, jnp.array([i], { dtype: "int32" }), inAxis).squeeze(inAxis);
      const loop = jnp.stack([...Array(n).keys()].map((i) => jnp.sort(take(i), axis)));
      const loopArg = jnp.stack([...Array(n).keys()].map((i) => jnp.argsort(take(i), axis)));
      assert.deepEqual(viaVmap.toArray(), loop.toArray(), `sort inAxes=${inAxis} axis=${axis}`);
      assert.deepEqual(viaArg.toArray(), loopArg.toArray(), `argsort inAxes=${inAxis} axis=${axis}`);
    }
  }
  // An unbatched operand next to a batched key.
  const keys = jnp.array([
    [2, 0, 1],
    [0, 1, 2],
  ]);
  const vals = jnp.array([10, 20, 30]);
  const out = vmap((k: NDArray, v: NDArray) => lax.sortKeyVal(k, v)[1], { inAxes: [0, null] })(keys, vals) as NDArray;
  assert.deepEqual(out.toArray(), [
    [20, 30, 10],
    [10, 20, 30],
  ]);
});

test("jit and eager agree for sort, argsort and multi-operand sort", () => {
  const x = jnp.array([
    [0.3, NaN, -1, 2],
    [5, 5, -0, 0],
  ]);
  const f = (a: NDArray) => [jnp.sort(a), jnp.argsort(a, 0), ...lax.sort([a, a.mul(2)], { dimension: 0 })];
  const eager = f(x);
  const jitted = jit(f)(x) as NDArray[];
  eager.forEach((e, i) => assertSameBits(flat(jitted[i]), flat(e), `output ${i}`));
});

test("sort errors name the problem", () => {
  const x = jnp.array([
    [1, 2],
    [3, 4],
  ]);
  assert.throws(() => jnp.sort(x, 2), ValueError);
  assert.throws(() => jnp.sort(x, 2), /dimension 2 is out of bounds for array of rank 2/);
  assert.throws(() => jnp.argsort(jnp.array(3)), /rank >= 1/);
  assert.throws(() => lax.sort([x, jnp.array([1, 2])]), JaxTypeError);
  assert.throws(() => lax.sort([x, jnp.array([1, 2])]), /Arguments to sort must have equal shapes, got: \(2, 2\) \(2,\)/);
  assert.throws(() => lax.sort([x, x], { numKeys: 3 }), /num_keys=3 must be between 1 and len\(operand\)=2/);
  assert.throws(() => lax.sort(x, { numKeys: 2 }), /num_keys=2 must equal 1 for a single operand/);
  assert.throws(() => lax.sort([]), /at least one operand/);
});
