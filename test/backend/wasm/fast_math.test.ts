import { test } from "node:test";
import assert from "node:assert/strict";
import { fusedMadd, hasRelaxedSimd } from "../../../src/backend/wasm/emitter/index.ts";
import { PIO2_F32, SINCOS_BIG } from "../../../src/backend/wasm/math/fast.ts";
import { FAST_MATH_FUNCTIONS, xlaLog1pF32, xlaLogF32, type FastMathFn } from "../../../src/backend/wasm/math/index.ts";
import { FAST_REF, bitGrid, bitRange, buildMathKernels, concat, linGrid, logisticRef, ulpError, type MathKernels } from "./harness.ts";

const kernels = buildMathKernels(FAST_MATH_FUNCTIONS, { fast: true });
const MAX_ULP = 2;
const f = Math.fround;

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

/** float32 values within a few ulps of multiples of pi/2, and at |r| ~ 2^-16..2^-12 around them (the fallback threshold). */
function nearMultiplesOfPiOver2(): Float32Array {
  const out: number[] = [];
  const u = new Uint32Array(1),
    v = new Float32Array(u.buffer);
  for (let k = 1; k < 4000; k++)
    for (const m of [k, k * 1021, k * 65537, k * 1048573]) {
      v[0] = (m * Math.PI) / 2;
      for (let d = -2; d <= 2; d++) {
        const b = u[0];
        u[0] = b + d;
        out.push(v[0], -v[0]);
        u[0] = b;
      }
    }
  for (let k = 1; (k * Math.PI) / 2 < SINCOS_BIG + 2; k += 3) {
    for (let e = -16; e <= -12; e++) for (const s of [-1, 1]) out.push(f((k * Math.PI) / 2 + s * 2 ** e));
  }
  return Float32Array.from(out);
}

const TRIG = concat(
  linGrid(-100, 100, 200_000),
  linGrid(-4, 4, 50_000),
  bitRange(SINCOS_BIG - 64, SINCOS_BIG + 64),
  bitRange(1, SINCOS_BIG, 997),
  bitRange(1e5, 1e8, 9973),
  bitRange(1e8, 3.4e38, 99991),
  nearMultiplesOfPiOver2(),
);

const DOMAINS: Record<FastMathFn, Float32Array> = {
  exp: concat(linGrid(-104, 89, 200_000), linGrid(-1e-3, 1e-3, 20_000), linGrid(87, 89, 20_000), linGrid(-104, -87, 20_000)),
  expm1: concat(linGrid(-20, 89, 150_000), linGrid(-0.8, 0.8, 100_000), bitRange(1e-10, 1e-3, 997), bitRange(-1e-3, -1e-10, 997)),
  log: concat(bitRange(1e-45, 3.4e38, 9973), linGrid(0, 4, 100_000), linGrid(0.9, 1.1, 100_000), bitRange(0.99999, 1.00001)),
  log1p: concat(
    linGrid(-1, 4, 150_000),
    linGrid(-1e-3, 1e-3, 50_000),
    bitRange(1e-12, 1e-3, 997),
    bitRange(-0.9999999, -0.999, 7),
    bitRange(1e4, 3.4e38, 9973),
  ),
  tanh: concat(linGrid(-10, 10, 200_000), linGrid(-0.7, 0.7, 50_000), bitRange(1e-12, 1e-3, 997)),
  logistic: concat(linGrid(-20, 20, 200_000), linGrid(-104, -80, 20_000), linGrid(80, 104, 2_000), bitRange(1e-12, 1e-3, 997)),
  sin: TRIG,
  cos: TRIG,
  erf: concat(linGrid(-5, 5, 200_000), linGrid(-1, 1, 50_000), bitRange(1e-12, 1e-3, 997)),
};

function worstUlp(k: MathKernels, fn: FastMathFn, xs: Float32Array): { worst: number; at: number; got: number } {
  const ys = k.map(fn, xs);
  const ref = FAST_REF[fn];
  let worst = 0,
    at = 0,
    got = 0;
  for (let i = 0; i < xs.length; i++) {
    const e = ulpError(ys[i], ref(xs[i]));
    if (e > worst) {
      worst = e;
      at = xs[i];
      got = ys[i];
    }
  }
  return { worst, at, got };
}

for (const fn of FAST_MATH_FUNCTIONS) {
  test(`fast ${fn}: max error <= ${MAX_ULP} ulp vs float64 reference over its domain`, () => {
    const { worst, at, got } = worstUlp(kernels, fn, concat(ALL, EDGES, DOMAINS[fn]));
    assert.ok(worst <= MAX_ULP, `${fn}: ${worst.toFixed(3)} ulp at x = ${at} (got ${got}, want ${FAST_REF[fn](at)})`);
  });
}

test("fast special values (NaN, +-inf, signed zeros, overflow/underflow, domain errors)", () => {
  const D = 1.401298464324817e-45; // smallest subnormal
  const cases: Record<FastMathFn, [number, number][]> = {
    exp: [
      [NaN, NaN],
      [Infinity, Infinity],
      [-Infinity, 0],
      [0, 1],
      [-0, 1],
      [D, 1],
      [88.7229, Infinity],
      [100, Infinity],
      [1e30, Infinity],
      [-104, 0],
      [-200, 0],
      [-1e30, 0],
    ],
    expm1: [
      [NaN, NaN],
      [Infinity, Infinity],
      [-Infinity, -1],
      [0, 0],
      [-0, -0],
      [D, D],
      [-D, -D],
      [88.7229, Infinity],
      [100, Infinity],
      [-18, -1],
      [-200, -1],
      [1e30, Infinity],
      [-1e30, -1],
    ],
    log: [
      [NaN, NaN],
      [Infinity, Infinity],
      [-Infinity, NaN],
      [0, -Infinity],
      [-0, -Infinity],
      [1, 0],
      [-D, NaN],
      [-1, NaN],
      [-1e30, NaN],
    ],
    log1p: [
      [NaN, NaN],
      [Infinity, Infinity],
      [-Infinity, NaN],
      [0, 0],
      [-0, -0],
      [D, D],
      [-D, -D],
      [-1, -Infinity],
      [-1.0000001, NaN],
      [-2, NaN],
      [-1e30, NaN],
    ],
    tanh: [
      [NaN, NaN],
      [Infinity, 1],
      [-Infinity, -1],
      [0, 0],
      [-0, -0],
      [D, D],
      [-D, -D],
      [9.2, 1],
      [-9.2, -1],
      [100, 1],
      [-1e30, -1],
      [3.4e38, 1],
    ],
    logistic: [
      [NaN, NaN],
      [Infinity, 1],
      [-Infinity, 0],
      [0, 0.5],
      [-0, 0.5],
      [D, 0.5],
      [-D, 0.5],
      [17.5, 1],
      [100, 1],
      [-104, 0],
      [-200, 0],
      [1e30, 1],
      [-1e30, 0],
    ],
    sin: [
      [NaN, NaN],
      [Infinity, NaN],
      [-Infinity, NaN],
      [0, 0],
      [-0, -0],
      [D, D],
      [-D, -D],
      [1e-20, f(1e-20)],
      [-1e-20, -f(1e-20)],
    ],
    cos: [
      [NaN, NaN],
      [Infinity, NaN],
      [-Infinity, NaN],
      [0, 1],
      [-0, 1],
      [D, 1],
      [-D, 1],
      [1e-20, 1],
    ],
    erf: [
      [NaN, NaN],
      [Infinity, 1],
      [-Infinity, -1],
      [0, 0],
      [-0, -0],
      [4, 1],
      [-4, -1],
      [10, 1],
      [-1e30, -1],
    ],
  };
  for (const fn of FAST_MATH_FUNCTIONS) {
    const xs = Float32Array.from(cases[fn], ([x]) => x);
    const v = kernels.map(fn, xs);
    const s = kernels.mapScalar(fn, xs);
    cases[fn].forEach(([x, want], i) => {
      const name = `${fn}(${Object.is(x, -0) ? "-0" : x})`;
      assert.ok(Object.is(v[i], want), `${name} = ${v[i]}, want ${want}`);
      assert.ok(Object.is(s[i], want), `scalar ${name} = ${s[i]}, want ${want}`);
    });
  }
  // Subnormal results are produced (and accurate), not flushed: exp, logistic, log of subnormals.
  const sub = kernels.map("exp", Float32Array.from([-90, -100, -103]));
  [-90, -100, -103].forEach((x, i) => assert.ok(sub[i] > 0 && ulpError(sub[i], Math.exp(x)) <= MAX_ULP, `exp(${x}) = ${sub[i]}`));
  const lsub = kernels.map("logistic", Float32Array.from([-90, -100]));
  [-90, -100].forEach((x, i) => assert.ok(lsub[i] > 0 && ulpError(lsub[i], logisticRef(x)) <= MAX_ULP, `logistic(${x}) = ${lsub[i]}`));
  const logs = kernels.map("log", Float32Array.from([D, 1e-40, 1.1754942e-38]));
  [D, 1e-40, 1.1754942e-38].forEach((x, i) => assert.ok(ulpError(logs[i], Math.log(f(x))) <= MAX_ULP, `log(${x}) = ${logs[i]}`));
});

function assertLaneIdentity(k: MathKernels, label: string): void {
  // Mixed lanes: sin/cos fallback lanes (|x| > 16384, near multiples of pi/2) next to fast ones.
  const xs = concat(bitGrid(1_000_003), linGrid(-3, 3, 1001), [1e5, 0.5, f(Math.PI), 3, 2e4, -1e-3, f(Math.PI / 2), 7, NaN]);
  for (const fn of FAST_MATH_FUNCTIONS) {
    const v = k.map(fn, xs);
    const s = k.mapScalar(fn, xs);
    for (let i = 0; i < xs.length; i++) assert.ok(Object.is(v[i], s[i]), `${label} ${fn}(${xs[i]}): vec ${v[i]} scalar ${s[i]}`);
  }
}

test("fastScalar (tail) is bit-identical to the fastVec lanes; n % 4 tails handled", () => {
  assertLaneIdentity(kernels, "fast");
});

test("emitFast (inlined in the loop) gives the same bits as fastVec", () => {
  const inl = buildMathKernels(FAST_MATH_FUNCTIONS, { fast: true, inline: true });
  const xs = concat(bitGrid(400_009), linGrid(-20, 20, 10_001), [1e5, 0.5, f(Math.PI), NaN, -0, 1e-40, -1e-40, -1, Infinity]);
  for (const fn of FAST_MATH_FUNCTIONS) {
    const a = kernels.map(fn, xs),
      b = inl.map(fn, xs);
    for (let i = 0; i < xs.length; i++) assert.ok(Object.is(a[i], b[i]), `${fn}(${xs[i]}): fastVec ${a[i]} emitFast ${b[i]}`);
  }
});

test("fast odd functions are odd; sin/cos agree with the accurate path where they fall back", () => {
  const xs = concat(linGrid(0, 20, 20_001), bitRange(1e-30, 1e3, 99991));
  const neg = xs.map((x) => -x);
  for (const fn of ["tanh", "sin", "erf"] as const) {
    const a = kernels.map(fn, xs),
      b = kernels.map(fn, neg);
    for (let i = 0; i < xs.length; i++) assert.ok(Object.is(a[i], -b[i]), `${fn}(-${xs[i]}) = ${b[i]}, ${fn}(${xs[i]}) = ${a[i]}`);
  }
  const accurate = buildMathKernels(["sin", "cos"]);
  const big = concat(bitRange(SINCOS_BIG * 1.0001, 1e9, 99991), [f(Math.PI), f(Math.PI / 2), f((3 * Math.PI) / 2), 3.4e38]);
  for (const fn of ["sin", "cos"] as const) assert.deepEqual(kernels.map(fn, big), accurate.map(fn, big));
});

test("pi/2 split for the f32 sin/cos reduction, re-derived from pi with BigInt", () => {
  const PI_DIGITS = "31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679";
  const TEN = 10n ** BigInt(PI_DIGITS.length - 1);
  const M = 200n;
  const pio2 = (BigInt(PI_DIGITS) << M) / (2n * TEN);
  const exact = (v: number) => BigInt(v * 2 ** 200); // exact: every piece's lowest bit is >= 2^-200
  let rest = pio2;
  PIO2_F32.forEach((p, i) => {
    assert.equal(f(p), p);
    if (i < 3) assert.ok(Number.isInteger(p / 2 ** (Math.floor(Math.log2(p)) - 9)), `${p} has more than 10 bits`); // n * p exact for n < 2^14
    rest -= exact(p);
  });
  assert.ok((rest < 0n ? -rest : rest) < 1n << (M - 59n));
  assert.ok(Math.round((SINCOS_BIG * 2) / Math.PI) < 2 ** 14);
});

/** Every `stride`-th bit pattern in [lo, hi) (as uint32), plus the given extras. */
function patterns(lo: number, hi: number, stride: number): Float32Array {
  const n = Math.ceil((hi - lo) / stride);
  const u = new Uint32Array(n);
  for (let i = 0; i < n; i++) u[i] = lo + i * stride;
  return new Float32Array(u.buffer);
}

for (const emulatedXla of fusedMadd() ? [false, true] : [true])
  test(`xlaLog / xlaLog1p (vector and scalar tail${emulatedXla ? ", f64x2 emulation" : ", native f32x4 with fused madd"}) equal xlaLogF32 / xlaLog1pF32 bit for bit (~8M inputs)`, () => {
    const xla = buildMathKernels(["xlaLog", "xlaLog1p"], { emulatedXla });
    const specials = [
      0,
      -0,
      Infinity,
      -Infinity,
      NaN,
      1,
      -1,
      1.401298464324817e-45,
      1.1754943508222875e-38,
      3.4028234663852886e38,
      f(0.4142135623730950488),
      -f(0.4142135623730950488),
      f(Math.SQRT1_2),
      -1.0000001,
      -0.99999994,
      1e-40,
      -1e-40,
    ];
    const near = (c: number, n: number) => {
      const b = new Uint32Array(new Float32Array([c]).buffer)[0];
      return patterns(b - n, b + n, 1);
    };
    const inputs = {
      xlaLog: concat(
        patterns(0, 0x7f800001, 487),
        patterns(0, 0x00800000, 4099),
        near(1, 100_000),
        near(f(Math.SQRT1_2), 50_000),
        patterns(0x80000000, 0xff800001, 99991),
        specials,
      ),
      xlaLog1p: concat(
        patterns(0, 0x7f800001, 1009),
        patterns(0x80000000, 0xbf800001, 487),
        near(0.41421356, 50_000),
        near(-0.41421356, 50_000),
        near(-1, 1000),
        patterns(0xbf800001, 0xff800001, 99991),
        specials,
      ),
    };
    for (const [fn, ref] of [
      ["xlaLog", xlaLogF32],
      ["xlaLog1p", xlaLog1pF32],
    ] as const) {
      const xs = inputs[fn];
      const v = xla.map(fn, xs);
      const s = xla.mapScalar(fn, xs.subarray(0, 400_000));
      const bad: string[] = [];
      for (let i = 0; i < xs.length && bad.length < 10; i++) {
        const r = f(ref(xs[i]));
        if (!Object.is(v[i], r) || (i < s.length && !Object.is(s[i], r))) bad.push(`${fn}(${xs[i]}): vec ${v[i]} scalar ${s[i]} ref ${r}`);
      }
      assert.deepEqual(bad, [], `${xs.length} inputs`);
    }
  });

test("relaxed-SIMD FMA variants: <= 2 ulp and lane/scalar identity", {
  skip: hasRelaxedSimd() ? false : "no relaxed SIMD in this engine",
}, () => {
  const k = buildMathKernels(FAST_MATH_FUNCTIONS, { fast: true, fma: true });
  for (const fn of FAST_MATH_FUNCTIONS) {
    const { worst, at, got } = worstUlp(k, fn, concat(ALL, EDGES, DOMAINS[fn]));
    assert.ok(worst <= MAX_ULP, `fma ${fn}: ${worst.toFixed(3)} ulp at x = ${at} (got ${got})`);
  }
  assertLaneIdentity(k, "fma");
});
