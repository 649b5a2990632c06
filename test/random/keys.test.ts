// Keys: the threefry2x32 hash itself, seeds, typed key arrays (printing,
// indexing, iteration, pytrees) and argument errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NDArray, TypeError as JaxTypeError, ValueError, config, jnp, random, tree } from "../../src/index.ts";
import { threefry2x32 } from "../../src/random/threefry.ts";

const u32 = (xs: number[]) => jnp.array(new Uint32Array(xs));
const words = (x: NDArray) => Array.from(x.dataSync() as Uint32Array);

test("threefry2x32 matches the Random123 known-answer vectors (as in JAX's tests)", () => {
  const cases: Array<[number[], number[], number[]]> = [
    [
      [0, 0],
      [0, 0],
      [0x6b200159, 0x99ba4efe],
    ],
    [
      [0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0x1cb996fc, 0xbb002be7],
    ],
    [
      [0x13198a2e, 0x03707344],
      [0x243f6a88, 0x85a308d3],
      [0xc4923a9c, 0x483df7a0],
    ],
  ];
  for (const [key, ctr, want] of cases) {
    const [y0, y1] = threefry2x32(u32([key[0]]), u32([key[1]]), u32([ctr[0]]), u32([ctr[1]]));
    assert.deepEqual([...words(y0), ...words(y1)], want);
  }
});

test("threefry2x32 broadcasts scalar and size-1 operands and checks dtypes", () => {
  const k0 = jnp.array(new Uint32Array([7])).reshape([]);
  const k1 = jnp.array(new Uint32Array([9])).reshape([]);
  const x0 = u32([1, 2, 3, 4, 5, 6]).reshape([2, 3]);
  const x1 = u32([10, 20, 30]).reshape([1, 3]);
  const [a0, a1] = threefry2x32(k0, k1, x0, x1);
  assert.deepEqual(a0.shape, [2, 3]);
  // Element (1, 2) equals the hash of the scalars that broadcast there.
  const [b0, b1] = threefry2x32(k0, k1, u32([6]).reshape([]), u32([30]).reshape([]));
  assert.equal(words(a0)[5], words(b0)[0]);
  assert.equal(words(a1)[5], words(b1)[0]);
  assert.throws(() => threefry2x32(k0, k1, jnp.array([1, 2]), x1), /uint32/);
  assert.throws(() => threefry2x32(k0, k1, x0, u32([1, 2])), /same number of dimensions|incompatible/);
});

test("seeds: JAX's int64 → [hi, lo] words, narrowed to int32 without x64", () => {
  assert.deepEqual(words(random.PRNGKey(0)), [0, 0]);
  assert.deepEqual(words(random.PRNGKey(-1)), [0, 4294967295]);
  assert.deepEqual(words(random.PRNGKey(2 ** 32 + 5)), [0, 5]);
  assert.deepEqual(words(random.PRNGKey(5n)), [0, 5]);
  assert.deepEqual(words(random.PRNGKey(jnp.array(-2, { dtype: "int32" }))), [0, 4294967294]);
  assert.deepEqual(words(random.PRNGKey(jnp.array(new Uint32Array([3000000000])).reshape([]))), [0, 3000000000]);
  assert.deepEqual(words(random.keyData(random.key(123))), [0, 123]);
  config.update("enableX64", true);
  try {
    assert.deepEqual(words(random.PRNGKey(2 ** 40)), [256, 0]);
    assert.deepEqual(words(random.PRNGKey(-1)), [4294967295, 4294967295]);
  } finally {
    config.update("enableX64", false);
  }
});

test("seed errors: non-integers, arrays, keys, out of int64 range", () => {
  assert.throws(
    () => random.PRNGKey(1.5),
    (e: Error) => e instanceof JaxTypeError && /integer/.test(e.message),
  );
  assert.throws(() => random.PRNGKey(jnp.array([1, 2], { dtype: "int32" })), /scalar seed.*\(2,\)/);
  assert.throws(() => random.key(jnp.array(1.0)), /must be an integer/);
  assert.throws(() => random.key(random.key(0) as never), /given a PRNG key/);
  assert.throws(() => random.PRNGKey(2n ** 64n), /too large/);
});

test("typed keys print like JAX and expose shape, dtype and key data", () => {
  const k = random.key(0);
  assert.equal(k.toString(), "Array((), dtype=key<fry>) overlaying:\n[0 0]");
  assert.deepEqual(k.shape, []);
  assert.equal(k.dtype, "key<fry>");
  const ks = random.split(k, 3) as random.PRNGKeyArray;
  assert.ok(ks instanceof random.PRNGKeyArray);
  assert.deepEqual(ks.shape, [3]);
  assert.equal(ks.toString(), "Array((3,), dtype=key<fry>) overlaying:\n" + random.keyData(ks).toString());
  assert.ok(ks.toString().startsWith("Array((3,), dtype=key<fry>) overlaying:\n[[1797259609 2579123966]"));
  assert.deepEqual(words(random.keyData(ks.get(2))), words(random.keyData(ks).get(2)));
  assert.deepEqual(ks.reshape([3, 1]).shape, [3, 1]);
  const [a, b, c] = ks;
  assert.deepEqual(words(random.keyData(c)), [4146024105, 2718843009]);
  assert.deepEqual([a.shape, b.shape], [[], []]);
  assert.throws(() => [...k], /0-d key array/);
  const grid = random.split(k, [2, 3]) as random.PRNGKeyArray;
  assert.deepEqual(grid.shape, [2, 3]);
  // Keys of a split shape are counters in row-major order: [1, 0] is counter 3.
  const six = random.split(k, 6) as random.PRNGKeyArray;
  assert.deepEqual(words(random.keyData(grid.get(1, 0))), words(random.keyData(six.get(3))));
});

test("wrapKeyData / keyData round-trip; legacy keys are their own data", () => {
  const data = random.keyData(random.split(random.key(7), 2));
  const wrapped = random.wrapKeyData(data);
  assert.deepEqual(wrapped.shape, [2]);
  assert.deepEqual(words(random.keyData(wrapped)), words(data));
  const legacy = random.PRNGKey(7);
  assert.equal(random.keyData(legacy), legacy);
  assert.throws(() => random.wrapKeyData(jnp.zeros([3], { dtype: "uint32" })), /end with \(2,\)/);
});

test("a typed key is a pytree whose leaf is its data", () => {
  const k = random.key(3);
  const [leaves, def] = tree.flatten({ k });
  assert.equal(leaves.length, 1);
  assert.deepEqual((leaves[0] as NDArray).shape, [2]);
  const back = tree.unflatten(def, leaves) as { k: random.PRNGKeyArray };
  assert.ok(back.k instanceof random.PRNGKeyArray);
});

test("key arguments are checked as JAX checks them", () => {
  const keys = random.split(random.PRNGKey(0), 3);
  assert.throws(
    () => random.normal(keys, [2]),
    (e: Error) =>
      e instanceof ValueError &&
      /normal accepts a single key, but was given a key array of shape \(3, 2\) != \(\)\. Use jax\.vmap for batching\./.test(e.message),
  );
  assert.throws(() => random.split(random.split(random.key(0), 2), 2), /split accepts a single key.*shape \(2,\)/);
  assert.throws(() => random.uniform(jnp.array([1, 2], { dtype: "int32" }), []), /key_data.dtype = uint32; got dtype=int32/);
  assert.throws(() => random.uniform(jnp.zeros([3], { dtype: "uint32" })), /end with \(2,\)/);
  assert.throws(() => random.normal([0, 0] as never), /unexpected PRNG key type/);
  assert.throws(() => random.foldIn(random.PRNGKey(0), jnp.array([1, 2], { dtype: "int32" })), /fold_in accepts a scalar/);
});

test("sampler arguments are checked", () => {
  const k = random.PRNGKey(0);
  assert.throws(() => random.uniform(k, [2], { dtype: "int32" }), /dtype argument to `uniform` must be a float dtype, got int32/);
  assert.throws(() => random.normal(k, [2], "bool"), /must be a float or complex dtype/);
  assert.throws(() => random.randint(k, [2], 0, 10, { dtype: "float32" }), /randint only accepts integer dtypes/);
  assert.throws(() => random.randint(k, [2], jnp.zeros([3], { dtype: "int32" }), 10), /broadcast-compatible/);
  assert.throws(() => random.bernoulli(k, jnp.array([1], { dtype: "int32" })), /floating dtype, got int32/);
  assert.throws(() => random.choice(k, 3, [5], { replace: false }), /Cannot take a larger sample \(size 5\) than population \(size 3\)/);
  assert.throws(() => random.choice(k, 0, [2]), /a must be greater than 0/);
  assert.throws(() => random.choice(k, 4, [2], { p: jnp.array([0.5, 0.5]) }), /p must be None or a 1D vector/);
  assert.throws(
    () => random.categorical(k, jnp.zeros([3]), { shape: [4], replace: false }),
    /Number of samples without replacement \(4\) cannot exceed number of categories \(3\)/,
  );
  assert.throws(() => random.categorical(k, jnp.zeros([2, 3]), { shape: [3] }), /broadcast-compatible/);
  assert.throws(() => random.normal(k, [-1]), /non-negative/);
  assert.throws(() => random.bits(k, [2], "int32"), /unsigned/);
});
