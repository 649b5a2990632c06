import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { erfInvF32, fma32 } from "../../../src/backend/wasm/math/erfinv_ref.ts";
import { buildMathKernels, bitGrid, concat, linGrid } from "./harness.ts";
import { fusedMadd } from "../../../src/backend/wasm/emitter/features.ts";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/erfinv_jax.json", import.meta.url), "utf8")) as {
  erf_inv: { x: string[]; y: string[] };
  normal: { u: string[]; z: string[] };
};
const fromHex = (hs: string[]) => new Float32Array(Uint32Array.from(hs, (h) => parseInt(h, 16)).buffer);

test("erfInvF32 matches jax.lax.erf_inv bit for bit (3544 inputs incl. specials, |x|~1, branch edges)", () => {
  const x = fromHex(fixture.erf_inv.x);
  const y = fromHex(fixture.erf_inv.y);
  const bad: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const r = Math.fround(erfInvF32(x[i]));
    if (!Object.is(r, y[i])) bad.push(`erfinv(${x[i]}) = ${r}, JAX ${y[i]}`);
  }
  assert.deepEqual(bad.slice(0, 10), []);
});

test("erfInvF32 reproduces jax.random.normal goldens (1019 samples)", () => {
  const u = fromHex(fixture.normal.u);
  const z = fromHex(fixture.normal.z);
  const s2 = Math.fround(Math.SQRT2);
  let bad = 0;
  for (let i = 0; i < u.length; i++) if (Math.fround(s2 * erfInvF32(u[i])) !== z[i]) bad++;
  assert.equal(bad, 0);
});

test("erfInvF32 special values", () => {
  assert.equal(erfInvF32(1), Infinity);
  assert.equal(erfInvF32(-1), -Infinity);
  assert.ok(Object.is(erfInvF32(0), 0));
  assert.ok(Object.is(erfInvF32(-0), -0));
  for (const v of [NaN, 1.0000001, -2, Infinity, -Infinity]) assert.ok(Number.isNaN(erfInvF32(v)), `erfinv(${v})`);
  assert.ok(Object.is(erfInvF32(1e-40), 0)); // XLA CPU flushes subnormals
});

test("fma32 is a correctly rounded float32 fused multiply-add", () => {
  const f = Math.fround;
  const a = f(1 + 2 ** -12); // a*a = 1 + 2^-11 + 2^-24: a tie between two floats
  assert.equal(fma32(a, a, 0), f(1 + 2 ** -11)); // tie -> even
  assert.equal(fma32(a, a, 2 ** -60), f(1 + 2 ** -11 + 2 ** -23)); // just above the tie -> up
  assert.equal(fma32(a, a, -(2 ** -60)), f(1 + 2 ** -11)); // just below -> down
  assert.equal(fma32(-a, a, -(2 ** -60)), -f(1 + 2 ** -11 + 2 ** -23));
  assert.equal(fma32(2, 3, 4), 10);
  assert.equal(fma32(f(3.4e38), 2, 0), Infinity);
  // Random checks against exact integer arithmetic (values scaled by 2^149).
  const S = 2 ** 149;
  const big = (v: number) => BigInt(v * S);
  const u = new Uint32Array(1),
    fv = new Float32Array(u.buffer);
  const next = (v: number, dir: 1 | -1) => {
    fv[0] = v;
    u[0] += v >= 0 === dir > 0 ? 1 : -1;
    return fv[0];
  };
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < 20000; i++) {
    const x = f(rnd()),
      y = f(rnd()),
      z = f(rnd() * 2 ** -(i % 40));
    const exact = big(x) * big(y) + big(z) * BigInt(S); // scale 2^298
    const r = fma32(x, y, z);
    const dist = (v: number) => {
      const d = exact - big(v) * BigInt(S);
      return d < 0n ? -d : d;
    };
    const d0 = dist(r),
      dUp = dist(next(r, 1)),
      dDn = dist(next(r, -1));
    fv[0] = r;
    const ok = (d0 < dUp && d0 < dDn) || (d0 <= dUp && d0 <= dDn && (u[0] & 1) === 0);
    assert.ok(ok, `fma32(${x}, ${y}, ${z}) = ${r}`);
  }
});

// Native f32x4 with fused multiply-adds where the engine fuses relaxed_madd, and the f64x2 emulation everywhere.
for (const emulatedXla of fusedMadd() ? [false, true] : [true])
  test(`Wasm erfInv (vector and scalar tail${emulatedXla ? ", f64x2 emulation" : ", native f32x4 with fused madd"}) equals erfInvF32 bit for bit`, () => {
    const kernels = buildMathKernels(["erfInv"], { emulatedXla });
    const xs = concat(bitGrid(40009), linGrid(-1.25, 1.25, 200_003), fromHex(fixture.erf_inv.x), fromHex(fixture.normal.u), [
      Infinity,
      -Infinity,
      NaN,
      1,
      -1,
      0,
      -0,
    ]);
    const v = kernels.map("erfInv", xs);
    const s = kernels.mapScalar("erfInv", xs);
    const bad: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const r = Math.fround(erfInvF32(xs[i]));
      if (!Object.is(v[i], r) || !Object.is(s[i], r)) bad.push(`x=${xs[i]}: vec ${v[i]} scalar ${s[i]} ref ${r}`);
    }
    assert.deepEqual(bad.slice(0, 10), []);
  });
