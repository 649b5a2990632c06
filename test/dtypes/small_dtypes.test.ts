// int8/uint8/int16/uint16/bfloat16 against real JAX (test/goldens/dtypes.json,
// written by scripts/gen_dtypes_goldens.py): the promotion table, weak scalars,
// a battery of ops per dtype (eager and under jit), conversions with XLA's
// wrap-around/saturation, printing, iinfo/finfo.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { inspect } from "node:util";
import { config, type DType, jit, jnp, lax, type NDArray } from "../../src/index.ts";

interface Enc {
  dtype: string;
  shape: number[];
  data: Array<number | string | null>;
  weak: boolean;
}
interface Golden {
  dtypes: DType[];
  promote: Record<string, Record<string, string>>;
  dtypes64: DType[];
  promote64: Record<string, Record<string, [string, boolean]>>;
  weak: Record<string, { int: string; float: string }>;
  ops: Array<{ dtype: DType; op: string; a: number[]; b: number[]; out: Enc }>;
  convert: Array<{ src: DType; dtype: DType; x: number[]; out: Enc }>;
  repr: Record<string, string>;
  info: Record<string, Record<string, number>>;
}
const G = JSON.parse(readFileSync(new URL("../goldens/dtypes.json", import.meta.url), "utf8")) as Golden;

type F = (a: NDArray, b: NDArray) => NDArray;
const nz = (b: NDArray) => jnp.where(jnp.equal(b, 0), 1, b);
const OPS: Record<string, F> = {
  add: (a, b) => jnp.add(a, b),
  sub: (a, b) => jnp.subtract(a, b),
  mul: (a, b) => jnp.multiply(a, b),
  max: (a, b) => jnp.maximum(a, b),
  min: (a, b) => jnp.minimum(a, b),
  lt: (a, b) => jnp.less(a, b),
  eq: (a, b) => jnp.equal(a, b),
  neg: (a) => jnp.negative(a),
  abs: (a) => jnp.abs(a),
  sum: (a) => jnp.sum(a),
  prod2: (a) => jnp.prod(jnp.take(a, jnp.array([0, 1], "int32"))),
  cumsum: (a) => jnp.cumsum(a),
  sort: (a) => jnp.sort(a),
  to_f32: (a) => a.astype("float32"),
  to_i8: (a) => a.astype("int8"),
  to_u8: (a) => a.astype("uint8"),
  to_bf16: (a) => a.astype("bfloat16"),
  add_weak_int: (a) => jnp.add(a, 3),
  mul_weak_float: (a) => jnp.multiply(a, 1.5),
  floordiv: (a, b) => jnp.floorDivide(a, nz(b)),
  rem: (a, b) => jnp.remainder(a, nz(b)),
  and: (a, b) => jnp.bitwiseAnd(a, b),
  xor: (a, b) => jnp.bitwiseXor(a, b),
  shl3: (a) => jnp.leftShift(a, 3),
  shr3: (a) => jnp.rightShift(a, 3),
  srl3: (a) => lax.shiftRightLogical(a, jnp.fullLike(a, 3)),
  clz: (a) => lax.clz(a),
  popcnt: (a) => lax.populationCount(a),
  invert: (a) => jnp.invert(a),
  bitcount: (a) => jnp.bitwiseCount(a),
  div: (a, b) => jnp.divide(a, b),
  exp: (a) => jnp.exp(a),
  sqrt: (a) => jnp.sqrt(jnp.abs(a)),
};

function check(got: NDArray, want: Enc, what: string): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.weakType, want.weak, `${what}: weak type`);
  const data = Array.from(
    got
      .astype(want.dtype === "bool" ? "bool" : "float32")
      .reshape([-1])
      .toArray() as Array<number | boolean>,
    Number,
  );
  const exp = want.data.map((v) => (v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number)));
  // exp on bfloat16 may differ in the last bit from XLA's (it computes in float32 and rounds): 1 bf16 ulp.
  const tol = want.dtype === "bfloat16" || want.dtype === "float32" ? 2 ** -7 : 0;
  data.forEach((v, i) => {
    const e = exp[i];
    if (Number.isNaN(e)) assert.ok(Number.isNaN(v), `${what}[${i}]: ${v} is not nan`);
    else assert.ok(v === e || Math.abs(v - e) <= tol * Math.abs(e), `${what}[${i}]: ${v} != ${e}`);
  });
}

test("promote_types over the small dtypes matches JAX", () => {
  for (const a of G.dtypes) for (const b of G.dtypes) assert.equal(jnp.promoteTypes(a, b), G.promote[a][b], `${a} ∨ ${b}`);
});

test("under x64, arrays of every dtype (uint64 and int64 too) add to JAX's dtype and weak type", () => {
  config.update("enableX64", true);
  try {
    for (const a of G.dtypes64)
      for (const b of G.dtypes64) {
        const r = jnp.add(jnp.zeros(1, a), jnp.zeros(1, b));
        assert.deepEqual([r.dtype, r.weakType], G.promote64[a][b], `${a} + ${b}`);
      }
  } finally {
    config.update("enableX64", false);
  }
});

test("weak scalars keep the small dtypes", () => {
  for (const d of G.dtypes) {
    assert.equal(jnp.add(jnp.zeros(1, d), 1).dtype, G.weak[d].int, `${d} + 1`);
    assert.equal(jnp.add(jnp.zeros(1, d), 1.5).dtype, G.weak[d].float, `${d} + 1.5`);
  }
});

test("ops on the small dtypes match JAX, eager and under jit", () => {
  for (const c of G.ops) {
    const f = OPS[c.op];
    assert.ok(f, `op ${c.op}`);
    const a = jnp.array(c.a, c.dtype);
    const b = jnp.array(c.b, c.dtype);
    check(f(a, b), c.out, `${c.op}(${c.dtype})`);
    check(jit((x: NDArray, y: NDArray) => f(x, y))(a, b), c.out, `jit ${c.op}(${c.dtype})`);
  }
});

test("conversions wrap (int → int) and saturate (float → int) as XLA", () => {
  for (const c of G.convert) {
    check(jnp.array(c.x, c.src).astype(c.dtype), c.out, `${c.src} → ${c.dtype}`);
    check(jit((x: NDArray) => x.astype(c.dtype))(jnp.array(c.x, c.src)), c.out, `jit ${c.src} → ${c.dtype}`);
  }
});

test("printing, dtype objects, iinfo/finfo", () => {
  for (const [d, r] of Object.entries(G.repr)) {
    const xs = G.ops.find((c) => c.dtype === d)!.a;
    assert.equal(inspect(jnp.array(xs, (jnp as unknown as Record<string, DType>)[d])), r, d);
  }
  for (const d of ["int8", "uint8", "int16", "uint16"] as const) {
    assert.equal(jnp.iinfo(d).min, G.info[d].min);
    assert.equal(jnp.iinfo(d).max, G.info[d].max);
  }
  const bf = jnp.finfo(jnp.bfloat16);
  for (const k of ["eps", "max", "tiny", "resolution"] as const) assert.equal(bf[k], G.info.bfloat16[k], `finfo(bfloat16).${k}`);
  assert.equal(jnp.int8(-5).dtype, "int8");
  // A JS int wraps into int8 as a Python int does in JAX 0.10 (int8(1) + 300 == 45).
  assert.equal(jnp.add(jnp.int8(1), 300).item(), 45);
  assert.equal(jnp.add(jnp.uint8(250), 10).item(), 4);
  assert.equal(jnp.zeros(2, { dtype: jnp.uint16 }).dtype, "uint16");
});

test("typed arrays give their dtypes; reads give the storage arrays", () => {
  assert.deepEqual(jnp.array(jnp.array([300, -200, 5], "int32"), "int8").toArray(), [44, 56, 5]);
  assert.deepEqual(jnp.asarray(jnp.array([300, -1], "int32"), "uint8").toArray(), [44, 255]);
  assert.equal(jnp.array(new Int8Array([1, -2])).dtype, "int8");
  assert.equal(jnp.array(new Int16Array([1, -2])).dtype, "int16");
  assert.equal(jnp.array(new Uint16Array([1, 2])).dtype, "uint16");
  assert.ok(jnp.array([1, -2], "int8").dataSync() instanceof Int8Array);
  assert.ok(jnp.array([1, 2], "uint8").dataSync() instanceof Uint8Array);
  const bf = jnp.array([1.1], "bfloat16").dataSync();
  assert.ok(bf instanceof Float32Array);
  assert.equal(bf[0], 1.1015625);
});

test("uint64 under x64 (uint32 without), as JAX", () => {
  assert.equal(jnp.array([1, 2], jnp.uint64).dtype, "uint32");
  assert.equal(jnp.sum(jnp.array([1], "uint8")).dtype, "uint32");
  config.update("enableX64", true);
  try {
    const r = jnp.add(jnp.array([1], jnp.uint64), jnp.array([1], "int64"));
    assert.equal(r.dtype, "float64");
    assert.equal(r.weakType, true);
    assert.equal(jnp.promoteTypes("uint64", "int64"), "float64");
    assert.equal(jnp.promoteTypes("uint32", "int32"), "int64");
    assert.equal(jnp.promoteTypes("uint64", "uint8"), "uint64");
    assert.equal(jnp.sum(jnp.array([1], "uint8")).dtype, "uint64");
    assert.equal(jnp.sum(jnp.array([1], "uint32")).dtype, "uint64");
    assert.equal(jnp.sum(jnp.array([1], "int8")).dtype, "int64");
    assert.equal(jnp.add(jnp.array([1], "uint64"), 3).dtype, "uint64");
    assert.deepEqual(jnp.floorDivide(jnp.array([7], "uint64"), 2).toArray(), [3]);
    assert.equal(inspect(jnp.array([2 ** 53, 5], jnp.uint64)), "Array([9007199254740992,                5], dtype=uint64)");
    assert.deepEqual(jnp.array([-1], "int64").astype("uint64").astype("float64").toArray(), [2 ** 64]);
    assert.equal(jnp.iinfo(jnp.uint64).max, 2 ** 64 - 1);
  } finally {
    config.update("enableX64", false);
  }
});
