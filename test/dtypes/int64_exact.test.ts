// int64/uint64 hold the exact 64-bit integers (docs/design.md, "int64
// storage"): creation from bigints and BigInt64Array/BigUint64Array, reads,
// printing, element access and updates, moves between backends, literals in
// compiled kernels, eager loops, and wasm vs js agreement on a hash.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { after, before, test } from "node:test";
import { type NDArray, config, defaultBackend, devicePut, jit, jnp, lax, random } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";

const big = (x: NDArray): string[] => Array.from(x.dataSync() as BigInt64Array, String);
const BIG = 2n ** 62n + 1n;

before(() => config.update("enableX64", true));
after(() => config.update("enableX64", false));

test("arrays from bigints, nested lists of them and BigInt64Array/BigUint64Array are exact", () => {
  const a = jnp.array(BIG);
  assert.equal(a.dtype, "int64");
  assert.deepEqual(big(a), [String(BIG)]);
  const b = jnp.array([1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n]);
  assert.equal(b.dtype, "int64");
  assert.deepEqual(big(b), ["1", "-9223372036854775808", "9223372036854775807", "9007199254740993"]);
  const u = jnp.array(new BigUint64Array([2n ** 64n - 1n, 2n ** 63n + 3n]));
  assert.equal(u.dtype, "uint64");
  assert.ok(u.dataSync() instanceof BigUint64Array);
  assert.deepEqual(big(u), ["18446744073709551615", "9223372036854775811"]);
  const s = jnp.array(new BigInt64Array([-1n, BIG]));
  assert.deepEqual(big(s), ["-1", String(BIG)]);
  // int64 → uint64 wraps (as an int → int convert), → float64 rounds once.
  assert.deepEqual(big(jnp.array(new BigInt64Array([-1n]), "uint64")), ["18446744073709551615"]);
  assert.deepEqual(Array.from(jnp.array(new BigInt64Array([BIG]), "float64").dataSync() as Float64Array), [2 ** 62]);
  // JS numbers: exact integers; a bigint out of range raises, as a Python int does.
  assert.deepEqual(big(jnp.array([2 ** 62, -(2 ** 63)], "int64")), ["4611686018427387904", "-9223372036854775808"]);
  assert.throws(() => jnp.array(2n ** 64n, "int64"), /too large/);
  assert.throws(() => jnp.array(-1n, "uint64"), /too large/);
});

test("a bigint operand is a weak int, exact", () => {
  const x = jnp.array([1, 2], "int64");
  const y = x.add(BIG);
  assert.equal(y.dtype, "int64");
  assert.equal(y.weakType, false);
  assert.deepEqual(big(y), [String(BIG + 1n), String(BIG + 2n)]);
  assert.equal(jnp.array([1, 2], "int32").mul(3n).dtype, "int32");
});

test("reads, printing, item and toArray", () => {
  const x = jnp.array([BIG, -1n], "int64");
  assert.ok(x.dataSync() instanceof BigInt64Array);
  assert.equal(x.toString(), "[4611686018427387905                  -1]");
  assert.equal(inspect(jnp.array([2n ** 64n - 1n], "uint64")), "Array([18446744073709551615], dtype=uint64)");
  // JS numbers out (rounded beyond 2^53): dataSync() has the exact values.
  assert.deepEqual(x.toArray(), [2 ** 62, -1]);
  assert.equal(jnp.array(BIG, "int64").item(), 2 ** 62);
  assert.equal(jnp.array(-5n, "int64").item(), -5);
});

test("element reads and writes keep every bit", () => {
  const x = jnp.array([BIG, 3n, -(2n ** 63n)], "int64");
  assert.deepEqual(big(x.at(0).get()), [String(BIG)]);
  assert.deepEqual(big(x.at(1).set(jnp.array(2n ** 60n + 7n, "int64"))), [String(BIG), String(2n ** 60n + 7n), "-9223372036854775808"]);
  assert.deepEqual(big(x.at(2).set(BIG)), [String(BIG), "3", String(BIG)]);
});

test("devicePut between backends moves the bits", { skip: defaultBackend() !== "wasm" }, () => {
  const x = jnp.array([BIG, -1n, 2n ** 63n - 1n], "int64");
  const onJs = devicePut(x, "js");
  assert.deepEqual(big(onJs), big(x));
  const back = devicePut(onJs.mul(3), "wasm");
  assert.deepEqual(big(back), big(x.mul(3)));
});

test("an int64 literal beyond 2^53 is an exact constant in a compiled kernel", { skip: defaultBackend() !== "wasm" }, () => {
  const f = (x: NDArray) => x.mul(jnp.array(BIG, "int64")).add(1);
  const x = jnp.array([1n, 3n, -1n], "int64");
  assert.deepEqual(big(jit(f)(x)), [String(BigInt.asIntN(64, BIG + 1n)), String(BigInt.asIntN(64, 3n * BIG + 1n)), String(-BIG + 1n)]);
});

test("scan over int64 values beyond 2^53: compiled and as the primitive's own loop", () => {
  const xs = jnp.array([2n ** 53n + 1n, 2n ** 53n + 1n, BIG, -7n], "int64");
  const step = (c: NDArray, x: NDArray): [NDArray, NDArray] => [c.add(x), c.mul(x)];
  const [c, ys] = lax.scan(step, jnp.array(1n, "int64"), xs) as unknown as NDArray[];
  let acc = 1n;
  const want: string[] = [];
  for (const v of [2n ** 53n + 1n, 2n ** 53n + 1n, BIG, -7n]) {
    want.push(String(BigInt.asIntN(64, acc * v)));
    acc = BigInt.asIntN(64, acc + v);
  }
  assert.deepEqual(big(c), [String(acc)]);
  assert.deepEqual(big(ys), want);
});

test("a 64-bit hash agrees between wasm and js, eager and jit", () => {
  const hash = (x: NDArray) => {
    let h = x.astype("uint64").mul(jnp.array(0x9e3779b97f4a7c15n, "uint64"));
    h = jnp.bitwiseXor(h, jnp.rightShift(h, 31));
    return jnp.sum(h.mul(jnp.array(0xbf58476d1ce4e5b9n, "uint64")));
  };
  agree("hash", hash, [random.randint(random.key(0), [64], -(2 ** 62), 2 ** 62, "int64")], 0, 0, true);
  agree("bits", (k: NDArray) => random.bits(k, [5], "uint64"), [random.PRNGKey(3)], 0, 0, true);
});

test("random 64-bit operands over the whole range: wasm (eager and jit) agrees with js bit for bit", () => {
  // A deterministic spread: edges of the range, values near 2^53, and hashed bits.
  const vals: bigint[] = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n];
  let s = 0x243f6a8885a308d3n;
  while (vals.length < 48) {
    s = BigInt.asUintN(64, s * 6364136223846793005n + 1442695040888963407n);
    vals.push(BigInt.asIntN(64, s ^ (s >> 29n)) >> BigInt(vals.length % 40));
  }
  const a = jnp.array(vals, "int64");
  const b = jnp.flip(a);
  const sh = jnp.remainder(b, 70);
  const u = a.astype("uint64");
  const cases: Record<string, (...xs: NDArray[]) => NDArray> = {
    add: (x, y) => x.add(y),
    sub: (x, y) => x.sub(y),
    mul: (x, y) => x.mul(y),
    div: (x, y) => lax.div(x, y),
    rem: (x, y) => lax.rem(x, y),
    floordiv: (x, y) => jnp.floorDivide(x, y),
    shifts: (x, y) =>
      jnp.stack([
        lax.shiftLeft(x, jnp.remainder(y, 70)),
        lax.shiftRightArithmetic(x, jnp.remainder(y, 70)),
        lax.shiftRightLogical(x, jnp.remainder(y, 70)),
      ]),
    bits: (x, y) => jnp.stack([jnp.bitwiseAnd(x, y), jnp.bitwiseOr(x, y), jnp.bitwiseXor(x, y), jnp.bitwiseNot(x)]),
    compare: (x, y) => jnp.stack([x.lt(y), x.le(y), x.eq(y), x.gt(y)]).astype("int64"),
    minmax: (x, y) => jnp.stack([jnp.maximum(x, y), jnp.minimum(x, y), jnp.clip(x, -(2 ** 60), 2 ** 61)]),
    casts: (x, _y) =>
      jnp.stack([x.astype("float64").astype("int64"), x.astype("float32").astype("int64"), x.astype("int32").astype("int64")]),
    reductions: (x, y) => jnp.stack([jnp.sum(x), jnp.prod(y), jnp.max(x), jnp.min(y), jnp.argmax(x), jnp.argmin(y)]),
    scans: (x, _y) => jnp.stack([jnp.cumsum(x), jnp.cumprod(x), lax.cummax(x, 0), jnp.sort(x)]),
    dot: (x, y) => jnp.matmul(x.reshape([6, 8]), y.reshape([8, 6])),
    moves: (x, y) =>
      jnp.concatenate([
        jnp.take(x, jnp.argsort(y)),
        jnp.pad(lax.slice(x, [3], [9]), 2),
        x.at(jnp.array([1, 5], "int32")).add(y.at(jnp.array([0, 2], "int32")).get()),
      ]),
  };
  for (const [name, f] of Object.entries(cases)) agree(`int64 ${name}`, f, [a, b], 0, 0, true);
  agree(
    "uint64 ops",
    (x, y) => jnp.stack([x.add(y), x.mul(y), lax.div(x, y), lax.rem(x, y), jnp.maximum(x, y), jnp.rightShift(x, 7)]),
    [u, jnp.flip(u)],
    0,
    0,
    true,
  );
  agree("int64 shifts by amounts past 64", (x, y) => lax.shiftLeft(x, y), [a, sh], 0, 0, true);
});
