import { test } from "node:test";
import assert from "node:assert/strict";
import { MATH_FUNCTIONS, type MathFn } from "../../../src/backend/wasm/math/index.ts";
import {
  ERFC_R_CHEB,
  LN2_HI,
  LN2_LO,
  PIO2_1,
  PIO2_2,
  PIO2_3,
  PIO2_HI,
  PIO2_LO,
  TWO_OVER_PI_CHUNKS,
} from "../../../src/backend/wasm/math/constants.ts";
import { REF, bitGrid, bitRange, buildMathKernels, concat, erfRef, linGrid, ulpError } from "./harness.ts";

const kernels = buildMathKernels();
const MAX_ULP = 2;

// Sparse sweep of all float32 bit patterns (both signs, every exponent), shared by every function.
const ALL = bitGrid(20011);
const EDGES = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1.401298464324817e-45,
  -1.401298464324817e-45,
  1.1754943508222875e-38,
  -1.1754943508222875e-38,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  1,
  -1,
  0.5,
  -0.5,
  2,
  -2,
];

const DOMAINS: Record<Exclude<MathFn, "erfInv">, Float32Array> = {
  exp: concat(linGrid(-104, 89, 200_000), linGrid(-1e-3, 1e-3, 20_000), linGrid(87, 89, 20_000), linGrid(-104, -87, 20_000)),
  expm1: concat(linGrid(-20, 89, 150_000), linGrid(-0.7, 0.7, 100_000), bitRange(1e-10, 1e-3, 997)),
  log: concat(bitRange(1e-45, 3.4e38, 9973), linGrid(0, 4, 100_000), linGrid(0.9, 1.1, 100_000), bitRange(0.99999, 1.00001)),
  log1p: concat(linGrid(-1, 4, 150_000), linGrid(-1e-3, 1e-3, 50_000), bitRange(1e-12, 1e-3, 997), bitRange(-0.9999999, -0.999, 7)),
  tanh: concat(linGrid(-10, 10, 200_000), linGrid(-0.01, 0.01, 50_000), bitRange(1e-12, 1e-3, 997)),
  sin: concat(linGrid(-100, 100, 200_000), linGrid(-4, 4, 50_000), bitRange(1e5, 1e8, 9973), bitRange(1e8, 3.4e38, 99991)),
  cos: concat(linGrid(-100, 100, 200_000), linGrid(-4, 4, 50_000), bitRange(1e5, 1e8, 9973), bitRange(1e8, 3.4e38, 99991)),
  erf: concat(linGrid(-5, 5, 200_000), linGrid(-0.6, 0.6, 50_000), bitRange(1e-12, 1e-3, 997)),
};

/** float32 values nearest to multiples of pi/2 (hardest cases for argument reduction). */
function nearMultiplesOfPiOver2(): Float32Array {
  const out: number[] = [];
  for (let k = 1; k < 4000; k++)
    for (const m of [k, k * 1021, k * 65537, k * 1048573]) {
      const v = Math.fround((m * Math.PI) / 2);
      out.push(v, -v);
    }
  return Float32Array.from(out);
}

for (const fn of Object.keys(DOMAINS) as Exclude<MathFn, "erfInv">[]) {
  test(`${fn}: max error <= ${MAX_ULP} ulp vs float64 reference over its domain`, () => {
    let xs = concat(ALL, EDGES, DOMAINS[fn]);
    if (fn === "sin" || fn === "cos") xs = concat(xs, nearMultiplesOfPiOver2());
    const ys = kernels.map(fn, xs);
    const ref = REF[fn];
    let worst = 0;
    let at = 0;
    for (let i = 0; i < xs.length; i++) {
      const e = ulpError(ys[i], ref(xs[i]));
      if (e > worst) {
        worst = e;
        at = xs[i];
      }
    }
    assert.ok(worst <= MAX_ULP, `${fn}: ${worst.toFixed(3)} ulp at x = ${at} (got ${ys[xs.indexOf(at)]}, want ${ref(at)})`);
  });
}

test("special values (NaN, +-inf, +-0, overflow/underflow, domain errors)", () => {
  const xs = Float32Array.from([NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, -1, -2, 100, -200, 1e30, -1e30]);
  const D = Math.fround(1e-45); // smallest subnormal
  const cases: Record<Exclude<MathFn, "erfInv">, number[]> = {
    exp: [NaN, Infinity, 0, 1, 1, 1, 1, Math.fround(Math.exp(-1)), Math.fround(Math.exp(-2)), Infinity, 0, Infinity, 0],
    expm1: [NaN, Infinity, -1, 0, -0, D, -D, Math.fround(Math.expm1(-1)), Math.fround(Math.expm1(-2)), Infinity, -1, Infinity, -1],
    log: [
      NaN,
      Infinity,
      NaN,
      -Infinity,
      -Infinity,
      Math.fround(Math.log(D)),
      NaN,
      NaN,
      NaN,
      Math.fround(Math.log(100)),
      NaN,
      Math.fround(Math.log(Math.fround(1e30))),
      NaN,
    ],
    log1p: [
      NaN,
      Infinity,
      NaN,
      0,
      -0,
      D,
      -D,
      -Infinity,
      NaN,
      Math.fround(Math.log1p(100)),
      NaN,
      Math.fround(Math.log1p(Math.fround(1e30))),
      NaN,
    ],
    tanh: [NaN, 1, -1, 0, -0, D, -D, Math.fround(Math.tanh(-1)), Math.fround(Math.tanh(-2)), 1, -1, 1, -1],
    sin: [
      NaN,
      NaN,
      NaN,
      0,
      -0,
      D,
      -D,
      Math.fround(Math.sin(-1)),
      Math.fround(Math.sin(-2)),
      Math.fround(Math.sin(100)),
      Math.fround(Math.sin(-200)),
      Math.fround(Math.sin(Math.fround(1e30))),
      Math.fround(Math.sin(Math.fround(-1e30))),
    ],
    cos: [
      NaN,
      NaN,
      NaN,
      1,
      1,
      1,
      1,
      Math.fround(Math.cos(-1)),
      Math.fround(Math.cos(-2)),
      Math.fround(Math.cos(100)),
      Math.fround(Math.cos(-200)),
      Math.fround(Math.cos(Math.fround(1e30))),
      Math.fround(Math.cos(Math.fround(-1e30))),
    ],
    erf: [
      NaN,
      1,
      -1,
      0,
      -0,
      Math.fround(D * 1.1283791670955126),
      -Math.fround(D * 1.1283791670955126),
      Math.fround(erfRef(-1)),
      Math.fround(erfRef(-2)),
      1,
      -1,
      1,
      -1,
    ],
  };
  for (const [fn, want] of Object.entries(cases) as [Exclude<MathFn, "erfInv">, number[]][]) {
    const v = kernels.map(fn, xs);
    const s = kernels.mapScalar(fn, xs);
    for (let i = 0; i < xs.length; i++) {
      assert.ok(Object.is(v[i], want[i]), `${fn}(${Object.is(xs[i], -0) ? "-0" : xs[i]}) = ${v[i]}, want ${want[i]}`);
      assert.ok(Object.is(s[i], want[i]), `scalar ${fn}(${xs[i]}) = ${s[i]}, want ${want[i]}`);
    }
  }
});

test("scalar (tail) functions are bit-identical to the vector lanes; n % 4 tails handled", () => {
  const xs = concat(bitGrid(1_000_003), linGrid(-3, 3, 1001)); // odd length
  for (const fn of MATH_FUNCTIONS) {
    const v = kernels.map(fn, xs);
    const s = kernels.mapScalar(fn, xs);
    for (let i = 0; i < xs.length; i++) assert.ok(Object.is(v[i], s[i]), `${fn}(${xs[i]}): vec ${v[i]} scalar ${s[i]}`);
  }
});

test("math constants re-derived from pi with BigInt", () => {
  const PI_DIGITS = "31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679";
  const TEN = 10n ** BigInt(PI_DIGITS.length - 1);
  const PI = BigInt(PI_DIGITS);
  const N = 300n;
  const twoOverPi = ((2n * TEN) << N) / PI;
  TWO_OVER_PI_CHUNKS.forEach((c, k) => assert.equal(c, Number((twoOverPi >> (N - BigInt(24 * (k + 1)))) & 0xffffffn)));
  // pi/2 = PIO2_1 + PIO2_2 + PIO2_3 (+ < 2^-89), each piece <= 30 significant bits
  const M = 200n;
  const pio2 = (PI << M) / (2n * TEN);
  const exact = (v: number) => BigInt(v * 2 ** 200); // exact: every piece's lowest bit is >= 2^-200
  const rest = pio2 - exact(PIO2_1) - exact(PIO2_2) - exact(PIO2_3);
  assert.ok((rest < 0n ? -rest : rest) < 1n << (M - 88n));
  for (const p of [PIO2_1, PIO2_2, PIO2_3]) {
    const m = p / 2 ** (Math.floor(Math.log2(p)) - 29);
    assert.ok(Number.isInteger(m), `${p} has more than 30 bits`);
  }
  assert.equal(PIO2_HI + PIO2_LO, Math.PI / 2);
  assert.equal(LN2_HI + LN2_LO, Math.LN2);
  assert.ok(Number.isInteger(LN2_HI * 2 ** 32));
  assert.equal(ERFC_R_CHEB.length, 20);
});
