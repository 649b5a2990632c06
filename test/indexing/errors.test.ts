// Errors of NumPy-style indexing, take and takeAlongAxis: the class and a
// message naming the offending index, axis, size, shape or dtype (as JAX's).
import assert from "node:assert/strict";
import { test } from "node:test";
import { IndexError, TypeError as JaxTypeError, type NDArray, ValueError, jit, jnp, vmap } from "../../src/index.ts";

const x = jnp.arange(24).reshape([2, 3, 4]).astype("float32");

function throwsWith(fn: () => unknown, cls: new (...a: never[]) => Error, re: RegExp): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.constructor.name}: ${e.message}`);
    assert.match(e.message, re);
    return true;
  });
}

test("static index into an empty axis: IndexError naming axis and size", () => {
  const e = jnp.zeros([3, 0]);
  throwsWith(() => e.get(jnp.s(), 0), IndexError, /index is out of bounds for axis 1 with size 0/);
  throwsWith(() => e.get(jnp.s(), jnp.array(0, { dtype: "int32" })), IndexError, /axis 1 with size 0/);
  throwsWith(() => e.get(jnp.s(null, null, 2), 1), IndexError, /axis 1 with size 0/);
  throwsWith(() => jnp.zeros([0]).get(jnp.array(0, { dtype: "int32" })), IndexError, /axis 0 with size 0/);
});

test("out-of-range static indices clamp on reads (JAX), are dropped by updates", () => {
  assert.deepEqual(x.get(5, 0, 0).item(), 12);
  assert.deepEqual(x.get(-7, -9, 100).item(), 3);
  assert.deepEqual(jnp.arange(3).at(3).set(9).toArray(), [0, 1, 2]);
  assert.deepEqual(jnp.arange(3).at(-4).add(9).toArray(), [0, 1, 2]);
});

test("too many indices, several ellipses", () => {
  throwsWith(() => x.get(0, 0, 0, 0), IndexError, /Too many indices: array is 3-dimensional, but 4 were indexed/);
  throwsWith(
    () =>
      x.get(
        jnp.array([
          [true, false, true],
          [true, true, true],
        ]),
        0,
        0,
      ),
    IndexError,
    /array is 3-dimensional, but 4 were indexed/,
  );
  throwsWith(() => x.at(0, 0, 0, 0).set(1), IndexError, /Too many indices/);
  throwsWith(() => x.get("...", 0, "..."), IndexError, /an index can only have a single ellipsis/);
});

test("non-integer indices: TypeError naming the dtype", () => {
  throwsWith(() => x.get(jnp.array([0, 1])), JaxTypeError, /Indexer must have integer or boolean type, got indexer with type float32/);
  throwsWith(() => x.get([0.5, 1]), JaxTypeError, /Indexer must have integer or boolean type, got indexer with type float32.*0\.5/);
  throwsWith(() => x.get(1.5), JaxTypeError, /Indexer must have integer or boolean type.*1\.5/);
  throwsWith(() => x.at(jnp.array([1.0])).set(0), JaxTypeError, /got indexer with type float32/);
  throwsWith(() => x.get(jnp.s(0.5, 2)), JaxTypeError, /slice indices must be integers or null/);
  throwsWith(() => x.get("a" as never), JaxTypeError, /does not support string indexing/);
  throwsWith(() => x.get({} as never), IndexError, /only integers, slices .* are valid indices/);
  throwsWith(() => x.get(jnp.s(null, null, 0)), ValueError, /slice step cannot be zero/);
});

test("boolean masks: shape must match; values must be concrete", () => {
  throwsWith(
    () => x.get(jnp.array([true, false, true])),
    IndexError,
    /boolean index did not match shape of indexed array in index 0: got \(3,\), expected \(2,\)/,
  );
  throwsWith(() => x.get(jnp.s(), [true, false]), IndexError, /in index 1: got \(2,\), expected \(3,\)/);
  const f = jit((v: NDArray) => v.get(v.gt(3)));
  throwsWith(() => f(jnp.arange(6)), IndexError, /Array boolean indices must be concrete; got bool\[6\]/);
  throwsWith(() => vmap((v: NDArray) => v.at(v.gt(3)).set(0))(jnp.ones([2, 3])), IndexError, /boolean indices must be concrete/);
  // a concrete mask is fine inside jit (a constant)
  const mask = jnp.array([true, false, true, false, false, true]);
  assert.deepEqual(jit((v: NDArray) => v.get(mask))(jnp.arange(6)).toArray(), [0, 2, 5]);
  // and the library keeps working after the error
  assert.deepEqual(f.cacheSize?.() ?? 0, 0);
  assert.deepEqual(jit((v: NDArray) => v.get([1, 1]))(jnp.arange(3)).toArray(), [1, 1]);
});

test("index arrays that do not broadcast; update values that do not fit", () => {
  throwsWith(
    () => x.get([0, 1], jnp.s(), [0, 1, 2]),
    IndexError,
    /shape mismatch: indexing arrays could not be broadcast together with shapes \(2,\) \(3,\)/,
  );
  throwsWith(() => x.at([0, 1]).set(jnp.ones([2, 3, 5])), ValueError, /value of shape \(2, 3, 5\) and requested shape \(2, 3, 4\)/);
  throwsWith(() => x.at(0, jnp.s(0, 2)).add(jnp.ones([3])), ValueError, /value of shape \(3,\) and requested shape \(2, 4\)/);
});

test("take / takeAlongAxis argument errors", () => {
  throwsWith(() => jnp.take(x, [0.5]), JaxTypeError, /take indices must be of integer type/);
  throwsWith(() => jnp.take(x, [0], 1, { mode: "bogus" as never }), ValueError, /Invalid mode 'bogus' for np.take/);
  throwsWith(() => jnp.take(x, [0], 3), ValueError, /take axis 3 is out of bounds for array of dimension 3/);
  throwsWith(() => jnp.take(jnp.zeros([2, 0]), [0], 1), IndexError, /Cannot do a non-empty jnp.take\(\) from an empty axis/);
  throwsWith(() => jnp.take(x, [0], 0, { mode: "raise" }), Error, /'raise' mode to jnp.take is not supported/);
  throwsWith(
    () => jnp.takeAlongAxis(x, jnp.array([[0]], { dtype: "int32" }), 1),
    ValueError,
    /indices and arr must have the same number of dimensions; 2 vs. 3/,
  );
  throwsWith(() => jnp.takeAlongAxis(x, jnp.array([0.5]), null), JaxTypeError, /take_along_axis indices must be of integer type/);
  throwsWith(
    () => jnp.takeAlongAxis(x, jnp.zeros([2, 2], { dtype: "int32" }), null),
    ValueError,
    /must be 1D if axis=None, got shape \(2, 2\)/,
  );
});

test("boolean masks of every rank select their true elements in row-major order (x[mask], x.at[mask].set)", () => {
  for (const shape of [[1000], [40, 30], [6, 7, 8]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) * 10);
    const x = jnp.array(values).reshape(shape);
    const mask = x.gt(0);
    const want = Array.from(values).filter((v) => v > 0);
    assert.deepEqual(Array.from(x.get(mask).dataSync() as Float32Array), want.map(Math.fround), `x[mask] of ${shape}`);
    const set = Array.from(x.at(mask).set(0).dataSync() as Float32Array);
    assert.deepEqual(
      set,
      Array.from(values, (v) => (v > 0 ? 0 : Math.fround(v))),
      `x.at[mask].set(0) of ${shape}`,
    );
  }
  // A mask over the leading dims of a larger array picks whole rows.
  const y = jnp.arange(24).reshape([2, 3, 4]);
  const rows = jnp.array([
    [true, false, true],
    [false, true, false],
  ]);
  assert.deepEqual(y.get(rows).toArray(), [
    [0, 1, 2, 3],
    [8, 9, 10, 11],
    [16, 17, 18, 19],
  ]);
});
