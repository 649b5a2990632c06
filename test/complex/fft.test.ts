// lax.fft: the four transform types under jit (against the js reference
// kernel), vmap against a loop, the transpose rules against the jvp
// (Re Σ u·jvp(v) = Re Σ vjp(u)·v, JAX's bilinear pairing), and Bluestein
// lengths against a direct DFT.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, jvp, lax, type NDArray, vjp, vmap } from "../../src/index.ts";
import { agree, rand } from "../helpers/backends.ts";

const cplx = (shape: number[], seed: number) => lax.complex(rand(shape, seed), rand(shape, seed + 1));
const reSum = (a: NDArray, b: NDArray) => jnp.sum(jnp.real(jnp.multiply(a, b))).item();

const CASES: Array<{ t: "FFT" | "IFFT" | "RFFT" | "IRFFT"; lengths: number[]; input: () => NDArray }> = [
  { t: "FFT", lengths: [8], input: () => cplx([3, 8], 1) },
  { t: "FFT", lengths: [5, 6], input: () => cplx([2, 5, 6], 2) },
  { t: "IFFT", lengths: [7], input: () => cplx([2, 7], 3) },
  { t: "RFFT", lengths: [9], input: () => rand([2, 9], 4) },
  { t: "RFFT", lengths: [3, 4], input: () => rand([3, 4], 5) },
  { t: "IRFFT", lengths: [10], input: () => cplx([2, 6], 6) },
  { t: "IRFFT", lengths: [3, 7], input: () => cplx([3, 4], 7) },
];

test("lax.fft: jit on the default backend agrees with the js reference", () => {
  for (const c of CASES) agree(`fft ${c.t} ${c.lengths}`, (x) => lax.fft(x, c.t, c.lengths), [c.input()], 1e-5, 1e-5, true);
});

test("lax.fft: transpose rules are the transpose of the jvp", () => {
  for (const c of CASES) {
    const x = c.input();
    const f = (v: NDArray) => lax.fft(v, c.t, c.lengths);
    const y = f(x);
    const v = x.dtype === "complex64" ? cplx(x.shape, 11) : rand(x.shape, 11);
    const u = y.dtype === "complex64" ? cplx(y.shape, 12) : rand(y.shape, 12);
    const [, jv] = jvp(f, [x], [v]) as [NDArray, NDArray];
    const [, pb] = vjp(f, x);
    const [vu] = pb(u) as NDArray[];
    const lhs = reSum(u, jv);
    const rhs = reSum(vu, v);
    assert.ok(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(lhs)), `${c.t} ${c.lengths}: ${lhs} vs ${rhs}`);
  }
});

test("lax.fft: vmap agrees with a loop", () => {
  const x = cplx([3, 2, 5], 21);
  const f = (r: NDArray) => lax.fft(r, "FFT", [5]);
  const v = vmap(f, { inAxes: 1 })(x);
  const xt = jnp.transpose(x, [1, 0, 2]);
  const loop = jnp.stack([0, 1].map((i) => f(xt.get(i))));
  assert.deepEqual(v.shape, [2, 3, 5]);
  const a = v.dataSync() as Float32Array;
  const b = loop.dataSync() as Float32Array;
  a.forEach((val, k) => assert.ok(Math.abs(val - b[k]) < 1e-5, `vmap[${k}]`));
});

test("lax.fft: Bluestein lengths match a direct DFT", () => {
  for (const n of [3, 17, 100, 243]) {
    const re = Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + 0.1 * i);
    const im = Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
    const got = jit((x: NDArray) => lax.fft(x, "FFT", [n]))(lax.complex(jnp.array(re), jnp.array(im))).dataSync() as Float32Array;
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * ((j * k) % n)) / n;
        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
      const tol = 2e-5 * n;
      assert.ok(Math.abs(got[2 * k] - sr) < tol && Math.abs(got[2 * k + 1] - si) < tol, `n=${n} k=${k}`);
    }
  }
});

test("lax.fft: types, errors and the jaxpr", () => {
  assert.equal(lax.fft(jnp.ones([4]), "fft", [4]).dtype, "complex64");
  assert.equal(lax.fft(jnp.ones([4], "int32"), "RFFT", [4]).dtype, "complex64");
  assert.throws(() => lax.fft(jnp.ones([4]), "FFT", [5]), /minor dimensions must be equal to fft_lengths/);
  assert.throws(() => lax.fft(cplx([4], 1), "RFFT", [4]), /only real valued inputs/);
  assert.throws(() => lax.fft(jnp.ones([4]), "DCT" as "FFT", [4]), /Unknown FFT type/);
});
