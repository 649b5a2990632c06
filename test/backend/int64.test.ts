// int64/uint64 under enableX64 against JAX 0.10.2 with jax_enable_x64
// (test/goldens/int64.json, from scripts/gen_int64_goldens.py): every case
// eagerly and under jit, on the default backend and the js reference
// backend, every 64-bit result exact (values beyond 2^53 included). On wasm, the elementwise ops, casts, reductions and iotas run as
// compiled i64/u64 kernels: no reference kernel is called for them; loops
// over int64 carries compile whole.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { type NDArray, config, defaultBackend, jit, jnp, lax, random, setDefaultBackend } from "../../src/index.ts";
import type { DType } from "../../src/core/dtypes.ts";
import { wasmBackend } from "../../src/backend/wasm/backend.ts";

interface Enc {
  dtype: string;
  shape: number[];
  data: (string | number | boolean | null)[];
}
const file = JSON.parse(readFileSync(new URL("../goldens/int64.json", import.meta.url), "utf8")) as {
  jax_version: string;
  inputs: Record<string, Enc>;
  cases: Record<string, Enc>;
};

type X = Record<string, NDArray>;
const CASES: Record<string, (x: X) => NDArray> = {
  "a + b": ({ a, b }) => a.add(b),
  "a - b": ({ a, b }) => a.sub(b),
  "a * b": ({ a, b }) => a.mul(b),
  "div(a, b)": ({ a, b }) => lax.div(a, b),
  "rem(a, b)": ({ a, b }) => lax.rem(a, b),
  "a // b": ({ a, b }) => jnp.floorDivide(a, b),
  "neg(a)": ({ a }) => jnp.negative(a),
  "abs(a)": ({ a }) => jnp.abs(a),
  "sign(a)": ({ a }) => jnp.sign(a),
  "maximum(a, b)": ({ a, b }) => jnp.maximum(a, b),
  "minimum(a, b)": ({ a, b }) => jnp.minimum(a, b),
  "square(a)": ({ a }) => jnp.square(a),
  "integer_pow(a, 3)": ({ a }) => lax.integerPow(a, 3),
  "power(a, sh)": ({ a, sh }) => jnp.power(a, sh),
  "power(L, sL)": ({ L, sL }) => jnp.power(L, sL),
  "power(n32, i2)": ({ n32, i2 }) => jnp.power(n32.get(jnp.s(0, 3)), i2),
  "power(u, v)": ({ u, v }) => jnp.power(u, v),
  "a * 3 + 1": ({ a }) => a.mul(3).add(1),
  "w * 4": ({ w }) => w.mul(4),
  "w + w": ({ w }) => w.add(w),
  "w * w": ({ w }) => w.mul(w),
  "neg(w)": ({ w }) => jnp.negative(w),
  "abs(w)": ({ w }) => jnp.abs(w),
  "div(w, -1)": ({ w }) => lax.div(w, jnp.array(-1, "int64")),
  "rem(w, -1)": ({ w }) => lax.rem(w, jnp.array(-1, "int64")),
  "a == b": ({ a, b }) => a.eq(b),
  "a != b": ({ a, b }) => a.ne(b),
  "a < b": ({ a, b }) => a.lt(b),
  "a <= b": ({ a, b }) => a.le(b),
  "a > b": ({ a, b }) => a.gt(b),
  "a >= b": ({ a, b }) => a.ge(b),
  "where(a > b, a, b * 2)": ({ a, b }) => jnp.where(a.gt(b), a, b.mul(2)),
  "clip(a, -100, 1000)": ({ a }) => jnp.clip(a, -100, 1000),
  "select([a > 0, a < -5], [a, b])": ({ a, b }) => jnp.select([a.gt(0), a.lt(-5)], [a, b]),
  "select_n(i64 which, a, b, sh)": ({ a, b, sh }) => lax.selectN(jnp.remainder(jnp.abs(b), 3), a, b, sh),
  "a & b": ({ a, b }) => jnp.bitwiseAnd(a, b),
  "a | b": ({ a, b }) => jnp.bitwiseOr(a, b),
  "a ^ b": ({ a, b }) => jnp.bitwiseXor(a, b),
  "~a": ({ a }) => jnp.bitwiseNot(a),
  "shift_left(a, sh)": ({ a, sh }) => lax.shiftLeft(a, sh),
  "shift_right_arithmetic(a, sh)": ({ a, sh }) => lax.shiftRightArithmetic(a, sh),
  "shift_right_logical(a, sh)": ({ a, sh }) => lax.shiftRightLogical(a, sh),
  "a.astype(float32)": ({ a }) => a.astype("float32"),
  "a.astype(float64)": ({ a }) => a.astype("float64"),
  "a.astype(int32)": ({ a }) => a.astype("int32"),
  "a.astype(uint32)": ({ a }) => a.astype("uint32"),
  "a.astype(bool)": ({ a }) => a.astype("bool"),
  "f.astype(int64)": ({ f }) => f.astype("int64"),
  "f.astype(float32).astype(int64)": ({ f }) => f.astype("float32").astype("int64"),
  "n32.astype(int64) + 1": ({ n32 }) => n32.astype("int64").add(1),
  "(a > 0).astype(int64)": ({ a }) => a.gt(0).astype("int64"),
  "bitcast(a, uint64)": ({ a }) => lax.bitcastConvertType(a, "uint64"),
  "bitcast(u, int64)": ({ u }) => lax.bitcastConvertType(u, "int64"),
  "bitcast(a, float64)": ({ a }) => lax.bitcastConvertType(a, "float64"),
  "bitcast(f, int64)": ({ f }) => lax.bitcastConvertType(f, "int64"),
  "sum(m)": ({ m }) => jnp.sum(m),
  "sum(m, 0)": ({ m }) => jnp.sum(m, 0),
  "prod(m, 1)": ({ m }) => jnp.prod(m, 1),
  "max(m, 1)": ({ m }) => jnp.max(m, 1),
  "min(m, 0)": ({ m }) => jnp.min(m, 0),
  "argmax(m, 1)": ({ m }) => jnp.argmax(m, 1),
  "argmin(m, 0)": ({ m }) => jnp.argmin(m, 0),
  "cumsum(a)": ({ a }) => jnp.cumsum(a),
  "sum(a * a)": ({ a }) => jnp.sum(a.mul(a)),
  "sum(w)": ({ w }) => jnp.sum(w),
  "prod(w)": ({ w }) => jnp.prod(w),
  "max(m - 2**50)": ({ m }) => jnp.max(m.sub(2 ** 50)),
  "min(u[4:6])": ({ u }) => jnp.min(lax.slice(u, [4], [6])),
  "iinfo(int64).max + 0": (_: X) => jnp.array(jnp.iinfo("int64").max, "int64").add(0),
  "cumsum(m, 0)": ({ m }) => jnp.cumsum(m, 0),
  "cumprod(m, 1)": ({ m }) => jnp.cumprod(m, 1),
  "cummax(m, 0)": ({ m }) => lax.cummax(m, 0),
  "cummin(a, reverse)": ({ a }) => lax.cummin(a, 0, { reverse: true }),
  "cumsum(w)": ({ w }) => jnp.cumsum(w),
  "cumsum(u)": ({ u }) => jnp.cumsum(u),
  "cummax(u)": ({ u }) => lax.cummax(u, 0),
  "arange(10)": (_: X) => jnp.arange(10),
  "iota(int64, 6)": (_: X) => lax.iota("int64", 6),
  "arange(10) * 2**40": (_: X) => jnp.arange(10).mul(2 ** 40),
  "arange(2, 20, 3)": (_: X) => jnp.arange(2, 20, 3),
  "a[i]": ({ a, i }) => a.at(i).get(),
  "take(a, i)": ({ a, i }) => jnp.take(a, i),
  "dynamic_slice(a, k, 4)": ({ a, k }) => lax.dynamicSlice(a, [k], [4]),
  "dynamic_update_slice(a, b[:3], k)": ({ a, b, k }) => lax.dynamicUpdateSlice(a, lax.slice(b, [0], [3]), [k]),
  "u + v": ({ u, v }) => u.add(v),
  "u * v": ({ u, v }) => u.mul(v),
  "div(u, v)": ({ u, v }) => lax.div(u, v),
  "rem(u, v)": ({ u, v }) => lax.rem(u, v),
  "maximum(u, v)": ({ u, v }) => jnp.maximum(u, v),
  "minimum(u, v)": ({ u, v }) => jnp.minimum(u, v),
  "u > v": ({ u, v }) => u.gt(v),
  "shift_right_logical(u, 3)": ({ u }) => lax.shiftRightLogical(u, jnp.array(3, "uint64")),
  "u.astype(float32)": ({ u }) => u.astype("float32"),
  "u.astype(float64)": ({ u }) => u.astype("float64"),
  "u.astype(int64)": ({ u }) => u.astype("int64"),
  "u - v": ({ u, v }) => u.sub(v),
  "neg(u)": ({ u }) => jnp.negative(u),
  "sign(u)": ({ u }) => jnp.sign(u),
  "abs(u)": ({ u }) => jnp.abs(u),
  "~(u & v)": ({ u, v }) => jnp.bitwiseNot(jnp.bitwiseAnd(u, v)),
  "shift_left(u, v)": ({ u, v }) => lax.shiftLeft(u, v),
  "integer_pow(u, 2)": ({ u }) => lax.integerPow(u, 2),
  "clamp(v, u, 2**62)": ({ u, v }) => lax.clamp(v, u, jnp.fullLike(u, 2 ** 62)),
  "clamp(-100, a, 1000)": ({ a }) => lax.clamp(jnp.array(-100, "int64"), a, jnp.array(1000, "int64")),
  "max(u)": ({ u }) => jnp.max(u),
  "sum(v)": ({ v }) => jnp.sum(v),
  // ---- beyond 2^53 (exact 64-bit storage) ----
  "L + M": ({ L, M }) => L.add(M),
  "L - M": ({ L, M }) => L.sub(M),
  "L * M": ({ L, M }) => L.mul(M),
  "L * 3": ({ L }) => L.mul(3),
  "L + 1": ({ L }) => L.add(1),
  "div(L, M)": ({ L, M }) => lax.div(L, M),
  "rem(L, M)": ({ L, M }) => lax.rem(L, M),
  "L // M": ({ L, M }) => jnp.floorDivide(L, M),
  "L % M": ({ L, M }) => jnp.remainder(L, M),
  "L // 0": ({ L }) => jnp.floorDivide(L, 0),
  "neg(L)": ({ L }) => jnp.negative(L),
  "abs(L)": ({ L }) => jnp.abs(L),
  "sign(L)": ({ L }) => jnp.sign(L),
  "L == M": ({ L, M }) => L.eq(M),
  "L < M": ({ L, M }) => L.lt(M),
  "L >= M": ({ L, M }) => L.ge(M),
  "maximum(L, M)": ({ L, M }) => jnp.maximum(L, M),
  "minimum(L, M)": ({ L, M }) => jnp.minimum(L, M),
  "where(L > M, L, M)": ({ L, M }) => jnp.where(L.gt(M), L, M),
  "clip(L, -2**62, 2**62)": ({ L }) => jnp.clip(L, -(2 ** 62), 2 ** 62),
  "L & M": ({ L, M }) => jnp.bitwiseAnd(L, M),
  "L | M": ({ L, M }) => jnp.bitwiseOr(L, M),
  "L ^ M": ({ L, M }) => jnp.bitwiseXor(L, M),
  "~L": ({ L }) => jnp.bitwiseNot(L),
  "shift_left(L, sL)": ({ L, sL }) => lax.shiftLeft(L, sL),
  "shift_right_arithmetic(L, sL)": ({ L, sL }) => lax.shiftRightArithmetic(L, sL),
  "shift_right_logical(L, sL)": ({ L, sL }) => lax.shiftRightLogical(L, sL),
  "U >> 7": ({ U }) => jnp.rightShift(U, 7),
  "U ^ (U << 13)": ({ U }) => jnp.bitwiseXor(U, jnp.leftShift(U, 13)),
  "U + U": ({ U }) => U.add(U),
  "U * U": ({ U }) => U.mul(U),
  "U // 3": ({ U }) => jnp.floorDivide(U, 3),
  "U % 1000": ({ U }) => jnp.remainder(U, 1000),
  "U > 2**63": ({ U }) => U.gt(jnp.array(2n ** 63n, "uint64")),
  "population_count(U)": ({ U }) => lax.populationCount(U),
  "clz(L)": ({ L }) => lax.clz(L),
  "integer_pow(L, 3)": ({ L }) => lax.integerPow(L, 3),
  "L.astype(uint64)": ({ L }) => L.astype("uint64"),
  "U.astype(int64)": ({ U }) => U.astype("int64"),
  "L.astype(float64)": ({ L }) => L.astype("float64"),
  "L.astype(float32)": ({ L }) => L.astype("float32"),
  "L.astype(int32)": ({ L }) => L.astype("int32"),
  "L.astype(uint32)": ({ L }) => L.astype("uint32"),
  "U.astype(float64)": ({ U }) => U.astype("float64"),
  "U.astype(float32)": ({ U }) => U.astype("float32"),
  "U.astype(uint32)": ({ U }) => U.astype("uint32"),
  "F.astype(int64)": ({ F }) => F.astype("int64"),
  "F.astype(uint64)": ({ F }) => F.astype("uint64"),
  "n32.astype(uint64)": ({ n32 }) => n32.astype("uint64"),
  "bitcast(P, float64)": ({ P }) => lax.bitcastConvertType(P, "float64"),
  "bitcast(bitcast(L, float64), int64)": ({ L }) => lax.bitcastConvertType(lax.bitcastConvertType(L, "float64"), "int64"),
  "bitcast(F, int64)": ({ F }) => lax.bitcastConvertType(lax.slice(F, [0], [7]), "int64"),
  "bitcast(L, uint64)": ({ L }) => lax.bitcastConvertType(L, "uint64"),
  "sum(L)": ({ L }) => jnp.sum(L),
  "sum(U)": ({ U }) => jnp.sum(U),
  "prod(M)": ({ M }) => jnp.prod(M),
  "cumsum(L)": ({ L }) => jnp.cumsum(L),
  "cumprod(M)": ({ M }) => jnp.cumprod(M),
  "max(L)": ({ L }) => jnp.max(L),
  "min(U)": ({ U }) => jnp.min(U),
  "max(U)": ({ U }) => jnp.max(U),
  "argmax(L)": ({ L }) => jnp.argmax(L),
  "argmin(L)": ({ L }) => jnp.argmin(L),
  "argmax(U)": ({ U }) => jnp.argmax(U),
  "cummax(L)": ({ L }) => lax.cummax(L, 0),
  "sort(L)": ({ L }) => jnp.sort(L),
  "sort(U)": ({ U }) => jnp.sort(U),
  "argsort(M)": ({ M }) => jnp.argsort(M),
  "take(L, i2)": ({ L, i2 }) => jnp.take(L, i2),
  "L[::-1]": ({ L }) => jnp.flip(L),
  "L.reshape(2, 4).T": ({ L }) => L.reshape([2, 4]).transpose(),
  "concatenate([L, M])": ({ L, M }) => jnp.concatenate([L, M]),
  "pad(L, 2)": ({ L }) => jnp.pad(L, 2),
  "L.at[i2].set(M[:3])": ({ L, M, i2 }) => L.at(i2).set(lax.slice(M, [0], [3])),
  "dynamic_update_slice(L, M[:2], 5)": ({ L, M }) => lax.dynamicUpdateSlice(L, lax.slice(M, [0], [2]), [5]),
  "broadcast_to(U[:2], (3, 2))": ({ U }) => jnp.broadcastTo(lax.slice(U, [0], [2]), [3, 2]),
  "L * int64(2**62 + 1)": ({ L }) => L.mul(jnp.array(2n ** 62n + 1n, "int64")),
  "full(3, 2**62 + 1)": (_: X) => jnp.full([3], 2n ** 62n + 1n, "int64"),
  "iinfo(int64).max - L": ({ L }) => jnp.array(2n ** 63n - 1n, "int64").sub(L),
  "random.bits(key(7), (6,), uint64)": (_: X) => random.bits(random.key(7), [6], "uint64"),
  "random.bits(key(7), (2, 3))": (_: X) => random.bits(random.key(7), [2, 3]),
  "random.randint(key(3), (6,), -2**62, 2**62, int64)": (_: X) => random.randint(random.key(3), [6], -(2 ** 62), 2 ** 62, "int64"),
  "random.randint(key(3), (6,), iinfo.min, iinfo.max, int64)": (_: X) =>
    random.randint(random.key(3), [6], jnp.array(-(2n ** 63n), "int64"), jnp.array(2n ** 63n - 1n, "int64"), "int64"),
  "random.randint(key(4), (5,), 0, 2**63, uint64)": (_: X) =>
    random.randint(random.key(4), [5], 0, jnp.array(2n ** 63n, "uint64"), "uint64"),
  "key_data(key(2**62 + 5))": (_: X) => random.keyData(random.key(2n ** 62n + 5n)),
  "hash: (U * 0x9E3779B97F4A7C15) >> 32": ({ U }) =>
    jnp.rightShift(U.mul(jnp.array(0x9e3779b97f4a7c15n, "uint64")), jnp.array(32, "uint64")),
  "dot(L, M)": ({ L, M }) => jnp.dot(L, M),
  "L.reshape(2, 4) @ M.reshape(4, 2)": ({ L, M }) => jnp.matmul(L.reshape([2, 4]), M.reshape([4, 2])),
  "U.reshape(4, 2) @ U.reshape(2, 4)": ({ U }) => jnp.matmul(U.reshape([4, 2]), U.reshape([2, 4])),
  "L.at[i2].add(M[:3])": ({ L, M, i2 }) => L.at(i2).add(lax.slice(M, [0], [3])),
  "U.at[i2].multiply(U[:3])": ({ U, i2 }) => U.at(i2).multiply(lax.slice(U, [0], [3])),
  "L.at[i2].max(M[:3])": ({ L, M, i2 }) => L.at(i2).max(lax.slice(M, [0], [3])),
  "top_k(L, 3)": ({ L }) => lax.topK(L, 3)[0],
  "sort((M as float64, L), num_keys=1)[1]": ({ M, L }) => lax.sort([M.astype("float64"), L], { numKeys: 1, isStable: true })[1],
  "sort((U, L), num_keys=2)[1]": ({ U, L }) => lax.sort([jnp.remainder(U, 3), L], { numKeys: 2 })[1],
};

/** Cases whose primitives have no wasm kernel for any dtype (gathers, argmax) or these dtypes (int64 ↔ float64 bits): the reference kernels serve them. */
const REFERENCE_ONLY = new Set([
  // jnp.power of integer arrays: JAX's 6-bit squaring loop, a reference kernel (pow is lowered for floats only).
  "power(a, sh)",
  "power(L, sL)",
  "power(n32, i2)",
  "power(u, v)",
  "select([a > 0, a < -5], [a, b])",
  "argmax(m, 1)",
  "argmin(m, 0)",
  "a[i]",
  "take(a, i)",
  "bitcast(a, float64)",
  "bitcast(f, int64)",
  "population_count(U)",
  "clz(L)",
  "bitcast(P, float64)",
  "bitcast(bitcast(L, float64), int64)",
  "bitcast(F, int64)",
  "argmax(L)",
  "argmin(L)",
  "argmax(U)",
  "sort(L)",
  "sort(U)",
  "argsort(M)",
  "take(L, i2)",
  "L.at[i2].set(M[:3])",
  "dot(L, M)",
  "L.reshape(2, 4) @ M.reshape(4, 2)",
  "U.reshape(4, 2) @ U.reshape(2, 4)",
  "L.at[i2].add(M[:3])",
  "U.at[i2].multiply(U[:3])",
  "L.at[i2].max(M[:3])",
  "top_k(L, 3)",
  "sort((M as float64, L), num_keys=1)[1]",
  "sort((U, L), num_keys=2)[1]",
]);
/** Cases that run as native steps of their own under jit (block copies, cumulative modules), not kernels. */
const NATIVE_STEPS = new Set([
  "dynamic_slice(a, k, 4)",
  "dynamic_update_slice(a, b[:3], k)",
  "cumsum(a)",
  "cumsum(m, 0)",
  "cumprod(m, 1)",
  "cummax(m, 0)",
  "cummin(a, reverse)",
  "cumsum(w)",
  "cumsum(u)",
  "cummax(u)",
  "cumsum(L)",
  "cumprod(M)",
  "cummax(L)",
  "concatenate([L, M])",
  "pad(L, 2)",
  "dynamic_update_slice(L, M[:2], 5)",
  "random.randint(key(3), (6,), -2**62, 2**62, int64)",
  "random.randint(key(3), (6,), iinfo.min, iinfo.max, int64)",
  "random.randint(key(4), (5,), 0, 2**63, uint64)",
]);

const num = (v: string | number | boolean | null): number => (v === null ? NaN : typeof v === "boolean" ? Number(v) : Number(v));

/** An encoded element: integers (decimal strings) as exact bigints, the rest as numbers. */
const value = (v: string | number | boolean | null): number | bigint => (typeof v === "string" ? BigInt(v) : num(v));

function inputs(): X {
  const out: X = {};
  for (const [name, e] of Object.entries(file.inputs)) out[name] = jnp.array(e.data.map(value), e.dtype as DType).reshape(e.shape);
  return out;
}

/** Integers exactly as JAX's (64-bit ones as bigints); floats exactly; NaN alike. */
function matches(got: NDArray, want: Enc, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const raw = got.dataSync();
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    assert.deepEqual(
      Array.from(raw, String),
      want.data.map((w) => String(w)),
      `${what}: exact 64-bit values`,
    );
    return;
  }
  const data = Array.from(raw as ArrayLike<number>, Number);
  want.data.forEach((w, i) => {
    const wv = num(w);
    if (Number.isNaN(wv)) assert.ok(Number.isNaN(data[i]), `${what}[${i}]: got ${data[i]}, JAX gives NaN`);
    else assert.equal(data[i], wv, `${what}[${i}]: got ${data[i]}, JAX gives ${w}`);
  });
}

const onWasm = defaultBackend() === "wasm";

before(() => config.update("enableX64", true));
after(() => config.update("enableX64", false));

test("the int64 goldens come from JAX 0.10.2 and every case is built", () => {
  assert.equal(file.jax_version, "0.10.2");
  assert.deepEqual(Object.keys(CASES).sort(), Object.keys(file.cases).sort());
});

for (const [name, want] of Object.entries(file.cases)) {
  test(`int64 ${name}`, () => {
    const f = CASES[name];
    const x = inputs();
    matches(f(x), want, `${name} (eager)`);
    matches(jit(f)(x), want, `${name} (jit)`);
    if (defaultBackend() === "js") return;
    setDefaultBackend("js");
    try {
      const xj = inputs();
      matches(f(xj), want, `${name} (eager, js)`);
      matches(jit(f)(xj), want, `${name} (jit, js)`);
    } finally {
      setDefaultBackend("wasm");
    }
  });
}

test("int64 elementwise ops, casts, reductions, iotas and cumulative reductions run compiled on wasm", {
  skip: !onWasm || !wasmBackend,
}, () => {
  const backend = wasmBackend!;
  const fellBack: string[] = [];
  const original = backend.runReference;
  backend.runReference = function (this: typeof backend, prim, ...rest) {
    fellBack.push(prim.name);
    return original.call(this, prim, ...rest);
  };
  try {
    const x = inputs();
    // Every case that should compile but did not, with what ran instead (one assertion lists them all).
    const wrong: string[] = [];
    for (const [name, f] of Object.entries(CASES)) {
      if (REFERENCE_ONLY.has(name)) continue;
      fellBack.length = 0;
      f(x).dataSync();
      if (fellBack.length) wrong.push(`${name} (eager): reference kernels ${fellBack}`);
      fellBack.length = 0;
      const jf = jit(f);
      const steps = jf.lower(x).compile().asText();
      if (!NATIVE_STEPS.has(name) && /^step \d+: (?!kernel)/m.test(steps)) wrong.push(`${name} (jit): not only kernel steps:\n${steps}`);
      jf(x).dataSync();
      if (fellBack.length) wrong.push(`${name} (jit): reference kernels ${fellBack}`);
    }
    assert.deepEqual(wrong, []);
  } finally {
    backend.runReference = original;
  }
  // The kernels compute in i64: one fused kernel for a chain, i64 loads and stores.
  const text = jit((a: NDArray, b: NDArray) => jnp.sum(a.mul(b).add(1)))
    .lower(jnp.arange(5), jnp.arange(5))
    .compile()
    .asText();
  assert.match(text, /%\d+:i64 = mul/);
  assert.match(text, /out0:i64 = sum/);
});

test("loops over int64 carries compile to one wasm function and agree with the reference", () => {
  const f = (x: NDArray) => lax.foriLoop(0, 10, (i: NDArray, acc: NDArray) => acc.mul(3).add(i), x);
  const g = (x: NDArray) => lax.scan((c: NDArray, y: NDArray) => [c.add(y), c.mul(y)], x, jnp.arange(6).reshape([2, 3]));
  const x = jnp.array([1, 2, -3], "int64");
  if (onWasm) {
    assert.match(jit(f).lower(x).compile().asText(), /^step 0: scan loop \(length 10\), one wasm function/);
    assert.match(jit(g).lower(x).compile().asText(), /scan loop \(length 2\), one wasm function/);
  }
  // acc_10 = 3^10 x + sum_i 3^(9-i) i
  const tail = Array.from({ length: 10 }, (_, i) => 3 ** (9 - i) * i).reduce((p, q) => p + q, 0);
  assert.deepEqual(
    Array.from(jit(f)(x).dataSync() as BigInt64Array, Number),
    [1, 2, -3].map((v) => 3 ** 10 * v + tail),
  );
  // A while loop counting in int64 up to a traced bound: c1 <- 2 c1 + i, 20 times.
  const h = (v: NDArray, n: NDArray) =>
    lax.whileLoop(
      (c: NDArray[]) => c[0].lt(n),
      (c: NDArray[]) => [c[0].add(1), c[1].mul(2).add(c[0])],
      [jnp.array(0, "int64"), v],
    ) as NDArray[];
  const n = jnp.array(20, "int64");
  if (onWasm) assert.match(jit(h).lower(x, n).compile().asText(), /^step 0: while loop, one wasm function/);
  const tail20 = Array.from({ length: 20 }, (_, i) => 2 ** (19 - i) * i).reduce((p, q) => p + q, 0);
  assert.deepEqual(
    Array.from(jit(h)(x, n)[1].dataSync() as BigInt64Array, Number),
    [1, 2, -3].map((v) => 2 ** 20 * v + tail20),
  );
  const [c, ys] = jit(g)(x) as unknown as NDArray[];
  assert.deepEqual(Array.from(c.dataSync() as BigInt64Array, Number), [4, 7, 4]);
  assert.deepEqual(Array.from(ys.dataSync() as BigInt64Array, Number), [0, 2, -6, 3, 12, -5]);
});

test("dynamic_slice runs as a native copy with clamped int32/int64 starts and agrees with the reference", () => {
  const m = jnp
    .arange(35, undefined, undefined, "int64")
    .reshape([5, 7])
    .mul(2 ** 40);
  const f32 = jnp.arange(35).astype("float32").reshape([5, 7]);
  const cases: [NDArray, NDArray, NDArray][] = [
    [m, jnp.array(1, "int64"), jnp.array(2, "int64")],
    [m, jnp.array(4, "int64"), jnp.array(-3, "int64")],
    [f32, jnp.array(9, "int32"), jnp.array(5, "int32")],
  ];
  const f = (x: NDArray, i: NDArray, j: NDArray) => lax.dynamicSlice(x, [i, j], [2, 3]);
  for (const [x, i, j] of cases) {
    setDefaultBackend("js");
    let want: number[];
    try {
      want = Array.from(f(x, i, j).dataSync() as ArrayLike<number | bigint>, Number);
    } finally {
      setDefaultBackend(onWasm ? "wasm" : "js");
    }
    for (const got of [f(x, i, j), jit(f)(x, i, j)]) {
      assert.deepEqual(got.shape, [2, 3]);
      assert.deepEqual(Array.from(got.dataSync() as ArrayLike<number | bigint>, Number), want);
    }
  }
});
