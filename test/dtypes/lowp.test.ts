// The ml_dtypes types (float8/float6/float4 formats, int4/uint4/int2/uint2)
// against real JAX (test/goldens/lowp.json, written by
// scripts/gen_lowp_goldens.py): every bit pattern's value round-tripped,
// casts of ties/overflow/subnormals/NaN eager and under jit, the promotion
// table, finfo/iinfo, can_cast, printing and a battery of ops.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { inspect } from "node:util";
import { type DType, jit, jnp, lax, type NDArray, random } from "../../src/index.ts";

type V = number | string | null;
interface Enc {
  dtype: string;
  shape: number[];
  data: V[];
  weak: boolean;
}
interface Golden {
  floats: DType[];
  no_xla: DType[];
  ints: DType[];
  values: Record<string, V[]>;
  casts: Record<string, { x: V[]; host: V[]; xla?: V[]; jit?: V[]; roundtrip?: V[]; x64?: number[]; array64?: Enc }>;
  promote: Record<string, Record<string, string>>;
  finfo: Record<string, Record<string, number>>;
  iinfo: Record<string, { min: number; max: number; bits: number }>;
  repr: Record<string, { x: number[]; repr: string | null; scalar: string | null; all?: string }>;
  ops: Array<{ dtype: DType; op: string; a: number[]; b: number[]; out: Enc | { error: string } }>;
  convert: Array<{ src: DType; dtype: DType; x: V[]; out: Enc }>;
}
const G = JSON.parse(readFileSync(new URL("../goldens/lowp.json", import.meta.url), "utf8")) as Golden;

const dec = (v: V): number => (v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const f32 = (xs: V[]) => jnp.array(xs.map(dec), "float32");
const values = (a: NDArray): number[] =>
  Array.from(
    a
      .astype(a.dtype === "bool" ? "bool" : "float32")
      .reshape([-1])
      .toArray() as number[],
    Number,
  );

/** Same numbers, with NaN equal to NaN and -0 distinct from 0. */
function sameValues(got: number[], want: V[], what: string, ulps = 0): void {
  assert.equal(got.length, want.length, `${what}: length`);
  want.forEach((w, i) => {
    const e = dec(w);
    const v = got[i];
    if (Number.isNaN(e)) assert.ok(Number.isNaN(v), `${what}[${i}]: ${v} is not nan`);
    else if (ulps === 0 || !Number.isFinite(e)) assert.ok(Object.is(v, e), `${what}[${i}]: ${v} != ${e}`);
    else assert.ok(Math.abs(v - e) <= ulps * Math.abs(e), `${what}[${i}]: ${v} != ${e}`);
  });
}

function check(got: NDArray, want: Enc, what: string, ulps = 0): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.weakType, want.weak, `${what}: weak type`);
  sameValues(values(got), want.data, what, ulps);
}

test("every value of each small float format round-trips through astype, eager and under jit", () => {
  for (const d of G.floats) {
    const vals = G.values[d];
    const want = G.casts[d].roundtrip ?? vals;
    const x = f32(vals);
    sameValues(values(x.astype(d)), want, `${d} round trip`);
    sameValues(values(jit((y: NDArray) => y.astype(d))(x)), want, `jit ${d} round trip`);
  }
});

test("casts of ties, overflow, subnormals, NaN and inf match XLA and ml_dtypes", () => {
  for (const d of G.floats) {
    const c = G.casts[d];
    const x = f32(c.x);
    sameValues(values(jnp.array(c.x.map(dec), d)), c.host, `jnp.array(…, ${d})`);
    sameValues(values(x.astype(d)), c.xla ?? c.host, `astype ${d}`);
    sameValues(values(jit((y: NDArray) => y.astype(d))(x)), c.jit ?? c.host, `jit astype ${d}`);
    if (c.array64) check(jnp.array(c.x64!, d), c.array64, `jnp.array(doubles, ${d})`);
  }
});

test("the dtype objects cast: jnp.float8_e4m3fn(x), jnp.int4(x)", () => {
  const y = jnp.float8_e4m3fn(3.3);
  assert.equal(y.dtype, "float8_e4m3fn");
  assert.equal(y.item(), 3.25);
  assert.ok(Number.isNaN(jnp.float8_e4m3fn(1000).item() as number));
  assert.equal(jnp.int4(5).dtype, "int4");
  assert.equal(String(jnp.float4_e2m1fn), "float4_e2m1fn");
  assert.equal(jnp.zeros([2], { dtype: jnp.float8_e5m2 }).dtype, "float8_e5m2");
  assert.equal(jnp.dtype("float8_e8m0fnu"), "float8_e8m0fnu");
});

test("promote_types with the small types matches JAX (they promote only with weak types and bool)", () => {
  for (const [a, row] of Object.entries(G.promote))
    for (const [b, want] of Object.entries(row)) {
      if (want.startsWith("error: ")) {
        const msg = `promotion path. To avoid unintended promotion, ${want.slice(7)} do not support implicit promotion.`;
        assert.throws(
          () => jnp.promoteTypes(a as DType, b as DType),
          (e: Error) => e instanceof TypeError && e.message.includes(msg),
          `${a} ∨ ${b}`,
        );
      } else assert.equal(jnp.promoteTypes(a as DType, b as DType), want, `${a} ∨ ${b}`);
    }
});

test("finfo and iinfo of the small types", () => {
  const keys: Record<string, string> = {
    bits: "bits",
    eps: "eps",
    epsneg: "epsneg",
    max: "max",
    min: "min",
    tiny: "tiny",
    smallest_normal: "smallestNormal",
    smallest_subnormal: "smallestSubnormal",
    resolution: "resolution",
    precision: "precision",
    nmant: "nmant",
    nexp: "nexp",
    maxexp: "maxexp",
    minexp: "minexp",
  };
  for (const d of G.floats) {
    const f = jnp.finfo(d) as unknown as Record<string, number>;
    for (const [k, ours] of Object.entries(keys)) assert.equal(f[ours], G.finfo[d][k], `finfo(${d}).${k}`);
  }
  for (const d of G.ints) {
    const i = jnp.iinfo(d);
    assert.deepEqual([i.min, i.max, i.bits], [G.iinfo[d].min, G.iinfo[d].max, G.iinfo[d].bits], `iinfo(${d})`);
  }
});

test("can_cast with the small types follows NumPy's registered casts", () => {
  assert.equal(jnp.canCast("float8_e4m3fn", "float32"), true);
  assert.equal(jnp.canCast("float8_e4m3fn", "float16"), false);
  assert.equal(jnp.canCast("float8_e4m3fn", "int4"), true);
  assert.equal(jnp.canCast("float8_e5m2", "float8_e4m3fn"), false);
  assert.equal(jnp.canCast("int8", "float8_e8m0fnu"), true);
  assert.equal(jnp.canCast("float32", "float8_e4m3fn"), false);
  assert.equal(jnp.canCast("float8_e5m2", "float16", "same_kind"), true);
  assert.equal(jnp.canCast("float8_e8m0fnu", "float8_e4m3fn", "same_kind"), false);
  assert.equal(jnp.canCast("int4", "bfloat16", "same_kind"), true);
  assert.equal(jnp.canCast("float32", "float8_e4m3fn", "unsafe"), true);
});

test("printing matches NumPy's repr of ml_dtypes arrays", () => {
  for (const [d, r] of Object.entries(G.repr)) {
    if (r.repr === null) continue;
    assert.equal(inspect(jnp.array(r.x, d as DType)), r.repr, d);
    if (r.all) assert.equal(inspect(f32(G.values[d]).astype(d as DType)), r.all, `${d}, all values`);
  }
  for (const [d, r] of Object.entries(G.repr)) {
    if (r.scalar === null) continue;
    const at = G.floats.includes(d as DType) ? 2 : 0;
    assert.equal(inspect(jnp.array(r.x[at], d as DType)), r.scalar, `${d} scalar`);
  }
});

type F = (a: NDArray, b: NDArray) => NDArray;
const OPS: Record<string, F> = {
  add: (a, b) => jnp.add(a, b),
  sub: (a, b) => jnp.subtract(a, b),
  mul: (a, b) => jnp.multiply(a, b),
  div: (a, b) => jnp.divide(a, b),
  max: (a, b) => jnp.maximum(a, b),
  min: (a, b) => jnp.minimum(a, b),
  lt: (a, b) => jnp.less(a, b),
  eq: (a, b) => jnp.equal(a, b),
  neg: (a) => jnp.negative(a),
  abs: (a) => jnp.abs(a),
  exp: (a) => jnp.exp(a),
  sin: (a) => jnp.sin(a),
  sqrt: (a) => jnp.sqrt(jnp.abs(a)),
  add_weak_int: (a) => jnp.add(a, 3),
  mul_weak_float: (a) => jnp.multiply(a, 1.5),
  add_weak_big: (a) => jnp.add(a, G.ints.includes(a.dtype) ? 100 : 1000.0),
  to_f32: (a) => a.astype("float32"),
  to_i32: (a) => a.astype("int32"),
  to_i8: (a) => a.astype("int8"),
  to_bf16: (a) => a.astype("bfloat16"),
  where: (a, b) => jnp.where(jnp.greater(a, b), a, b),
  sort: (a) => jnp.sort(a),
  dot: (a, b) => jnp.dot(a, b),
  mean: (a) => jnp.mean(a),
  isnan: (a) => jnp.isnan(a),
  max_red: (a) => jnp.max(a),
  square: (a) => jnp.multiply(a, a),
  floor: (a) => jnp.floor(a),
  sign: (a) => jnp.sign(a),
  nextafter: (a, b) => lax.nextafter(a, b),
  floordiv: (a, b) => jnp.floorDivide(a, jnp.where(jnp.equal(b, 0), 1, b)),
  rem: (a, b) => jnp.remainder(a, jnp.where(jnp.equal(b, 0), 1, b)),
  and: (a, b) => jnp.bitwiseAnd(a, b),
  xor: (a, b) => jnp.bitwiseXor(a, b),
  invert: (a) => jnp.invert(a),
  shl1: (a) => jnp.leftShift(a, 1),
  shr1: (a) => jnp.rightShift(a, 1),
};
// Where XLA on CPU is plainly wrong, or JAX's reduction identities are not
// values of the format, jaxts computes the math instead: float4 → int32
// saturates to 2^31-1 there; uint4/uint2 right shifts are arithmetic; int2 and
// uint2 sorts and means give garbage; e8m0 sums and maxima start from a
// NaN identity (e8m0 has no 0 and no -inf).
const XLA_QUIRKS = new Set([
  "to_i32(float4_e2m1fn)",
  "shr1(uint4)",
  "shr1(uint2)",
  "sort(int2)",
  "sort(uint2)",
  "mean(int2)",
  "mean(uint2)",
  "mean(float8_e8m0fnu)",
  "max_red(float8_e8m0fnu)",
  // XLA steps 0.25 towards 8 down to 0.125 (it reads e8m0's top bit as a sign).
  "nextafter(float8_e8m0fnu)",
]);
// Transcendentals compute in float64 here and in float32 in XLA before rounding to the format: one format ulp.
const TRANSCENDENTAL = new Set(["exp", "sin", "sqrt", "mean"]);

test("ops on the small types match JAX, eager and under jit", () => {
  const failures: string[] = [];
  for (const c of G.ops) {
    const f = OPS[c.op];
    assert.ok(f, `op ${c.op}`);
    const a = jnp.array(c.a, c.dtype);
    const b = jnp.array(c.b, c.dtype);
    const what = `${c.op}(${c.dtype})`;
    if (XLA_QUIRKS.has(what)) continue;
    if ("error" in c.out) {
      assert.throws(() => f(a, b), TypeError, what);
      continue;
    }
    const ulps = TRANSCENDENTAL.has(c.op) ? 0.25 : 0;
    try {
      check(f(a, b), c.out, what, ulps);
      check(jit((x: NDArray, y: NDArray) => f(x, y))(a, b), c.out, `jit ${what}`, ulps);
    } catch (e) {
      failures.push((e as Error).message.split("\n")[0]);
    }
  }
  assert.deepEqual(failures, []);
});

test("int → sub-byte int conversions wrap; float → sub-byte int saturates (NaN → 0)", () => {
  for (const c of G.convert) {
    const x = jnp.array(c.x.map(dec), c.src);
    check(x.astype(c.dtype), c.out, `${c.src} → ${c.dtype}`);
    check(jit((y: NDArray) => y.astype(c.dtype))(x), c.out, `jit ${c.src} → ${c.dtype}`);
  }
});

test("weak ints wrap into sub-byte ints; float8 arithmetic overflows to NaN or inf per format", () => {
  assert.deepEqual(jnp.add(jnp.array([1, 2, 3], "int4"), 100).toArray(), [5, 6, 7]);
  assert.deepEqual(jnp.add(jnp.array([1, 2, 3], "int4"), 8).toArray(), [-7, -6, -5]);
  assert.ok(Number.isNaN(jnp.multiply(jnp.array([2], "float8_e4m3fn"), 300).item() as number));
  assert.equal(jnp.multiply(jnp.array([2], "float8_e5m2"), 60000).item(), Infinity);
  assert.equal(jnp.multiply(jnp.array([2], "float4_e2m1fn"), 6).item(), 6);
  assert.equal(jnp.subtract(jnp.array([1], "float8_e4m3fnuz"), 1).item(), 0);
  assert.ok(!Object.is(jnp.negative(jnp.array([0], "float8_e4m3fnuz")).item(), -0));
  assert.throws(() => jnp.add(jnp.array([1], "float8_e4m3fn"), jnp.ones([1])), /8-bit floats do not support implicit promotion/);
  assert.throws(() => jnp.add(jnp.array([1], "int4"), jnp.array([1], "int8")), /1-bit, 2-bit and 4-bit integers/);
});

test("bitcast_convert_type between the small types and integers of their width, as JAX", () => {
  for (const d of G.floats) {
    const n = G.values[d].length;
    const u = n === 256 ? "uint8" : n === 16 ? "uint4" : null;
    if (u === null) continue;
    const codes = jnp.arange(n).astype(u);
    const asFloat = lax.bitcastConvertType(codes, d);
    sameValues(values(asFloat), G.values[d], `bits → ${d}`);
    sameValues(values(jit((c: NDArray) => lax.bitcastConvertType(c, d))(codes)), G.values[d], `jit bits → ${d}`);
    // Back to bits: every pattern whose value is not NaN comes back as itself.
    const back = lax.bitcastConvertType(asFloat, u).toArray() as number[];
    back.forEach((b, i) => {
      if (G.values[d][i] !== null) assert.equal(b, i, `${d} → bits [${i}]`);
    });
  }
  // The NaN a conversion makes has the pattern XLA gives it.
  const nanBits = (d: DType) => lax.bitcastConvertType(jnp.array([NaN], "float32").astype(d), "uint8").item();
  assert.deepEqual(
    ["float8_e4m3fn", "float8_e4m3fnuz", "float8_e8m0fnu", "float8_e5m2"].map((d) => nanBits(d as DType)),
    [127, 128, 255, 126],
  );
  assert.deepEqual(lax.bitcastConvertType(jnp.array([-1, 3], "int4"), "uint4").toArray(), [15, 3]);
  assert.deepEqual(lax.bitcastConvertType(jnp.array([1, 2], "float8_e4m3fn"), "int8").toArray(), [56, 64]);
  assert.deepEqual(lax.bitcastConvertType(jnp.array([NaN, -1.5, 0.5], "float4_e2m1fn"), "int4").toArray(), [-8, -5, 1]);
  assert.throws(() => lax.bitcastConvertType(jnp.array([1], "float4_e2m1fn"), "uint8"), TypeError);
});

test("jax.random's uniform and normal in the 8-bit floats and bfloat16 match JAX bit for bit", () => {
  const R = (G as unknown as { random: Record<string, Record<string, Enc>> }).random;
  for (const [d, r] of Object.entries(R)) {
    const dt = d as DType;
    check(random.uniform(random.key(3), [12], dt), r.uniform, `uniform ${d}`);
    check(random.uniform(random.key(4), [6], { dtype: dt, minval: -2, maxval: 3 }), r.uniform_range, `uniform(-2, 3) ${d}`);
    // normal goes through erf_inv, which is computed in float64 here and float32 in XLA before rounding.
    check(random.normal(random.key(5), [12], dt), r.normal, `normal ${d}`, d === "bfloat16" ? 2 ** -8 : 0);
  }
  assert.throws(() => random.uniform(random.key(0), [2], "float4_e2m1fn"), /8-, 16-, 32-, or 64-bit/);
});

test("JS integers wrap into the sub-byte integers, as Python ints in jnp.array", () => {
  assert.deepEqual(jnp.array([0, 1, -1, 2, 3, 9, 17], "int4").toArray(), [0, 1, -1, 2, 3, -7, 1]);
  assert.deepEqual(jnp.array([0, 1, -1, 2, 3, 9, 17], "uint4").toArray(), [0, 1, 15, 2, 3, 9, 1]);
  assert.deepEqual(jnp.array([0, 1, -1, 2, 3, 9, 17], "uint2").toArray(), [0, 1, 3, 2, 3, 1, 1]);
  assert.equal(jnp.int4(9).item(), -7);
});
