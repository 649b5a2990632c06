// The wasm backend's FFT kernel (src/backend/wasm/runtime/fft.ts) against
// the float64 reference kernel on the js backend: powers of two (radix-4
// passes, odd and even log2), 2^a·3^b·5^c lengths (radix-3/5 passes),
// Bluestein lengths (other primes), transforms along middle
// axes (interleaved columns, SIMD tails), every transform type, complex64
// and complex128, and sizes big enough to be split over the worker threads.
// Errors are measured against the reference's norm, as FFT errors scale.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clearCaches, config, defaultBackend, jit, jnp, lax, type NDArray, setDefaultBackend } from "../../src/index.ts";

type T = "FFT" | "IFFT" | "RFFT" | "IRFFT";

function input(shape: number[], seed: number, real: "float32" | "float64", complex: boolean): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const part = (k: number) =>
    jnp
      .array(
        Float64Array.from({ length: size }, (_, i) => Math.sin((i + 1) * (1.3 + 0.1 * k + seed)) + 0.25 * Math.cos(i * i * 0.01)),
        { dtype: real },
      )
      .reshape(shape);
  return complex ? lax.complex(part(0), part(1)) : part(0);
}

function onJs<R>(f: () => R): R {
  const prev = defaultBackend();
  setDefaultBackend("js");
  try {
    return f();
  } finally {
    setDefaultBackend(prev);
  }
}

function relErr(got: NDArray, want: NDArray): number {
  assert.deepEqual(got.shape, want.shape);
  assert.equal(got.dtype, want.dtype);
  const a = got.dataSync() as Float32Array | Float64Array;
  const b = want.dataSync() as Float32Array | Float64Array;
  let err = 0,
    norm = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    norm = Math.max(norm, Math.abs(b[i]));
  }
  return err / Math.max(norm, 1e-300);
}

function check(t: T, xShape: number[], lengths: number[], real: "float32" | "float64", eager = false): number {
  const prev = config.enableX64;
  config.update("enableX64", real === "float64");
  try {
    return checkIn(t, xShape, lengths, real, eager);
  } finally {
    config.update("enableX64", prev);
  }
}

function checkIn(t: T, xShape: number[], lengths: number[], real: "float32" | "float64", eager: boolean): number {
  const x = input(xShape, lengths.length + xShape.length, real, t !== "RFFT");
  const f = (v: NDArray) => lax.fft(v, t, lengths);
  const want = onJs(() => f(x));
  const got = eager ? f(x) : jit(f)(x);
  const e = relErr(got, want);
  // float32: about eps·log2(n) (pocketfft's accuracy); float64 likewise at its eps.
  const n = lengths.reduce((a, b) => a * b, 1);
  const tol = (real === "float32" ? 2e-7 : 4e-16) * (4 + 2 * Math.log2(Math.max(2, n)));
  assert.ok(e <= tol, `${t} ${real} x${JSON.stringify(xShape)} lengths ${lengths}: relative error ${e} > ${tol}`);
  return e;
}

test("wasm fft: powers of two and other lengths, rows of one transform", () => {
  for (const real of ["float32", "float64"] as const)
    for (const n of [1, 2, 4, 8, 16, 32, 64, 128, 512, 2048, 3, 5, 6, 7, 12, 15, 17, 30, 100, 243, 625, 1000, 1001])
      for (const t of ["FFT", "IFFT"] as const) check(t, [3, n], [n], real);
});

test("wasm fft: batches of short rows (transposed blocks)", () => {
  for (const real of ["float32", "float64"] as const) {
    for (const n of [2, 8, 30, 243, 7, 100]) {
      check("FFT", [67, n], [n], real);
      check("IFFT", [9, n], [n], real);
    }
    check("RFFT", [33, 16], [16], real);
    check("IRFFT", [33, 9], [16], real);
    check("RFFT", [20, 6, 10], [6, 10], real);
  }
});

test("wasm fft: middle axes (interleaved transforms, SIMD tails) and several axes", () => {
  for (const real of ["float32", "float64"] as const) {
    check("FFT", [2, 8, 3], [8, 3], real);
    check("FFT", [2, 16, 5], [16, 5], real);
    check("IFFT", [4, 32, 7], [4, 32, 7], real);
    check("FFT", [6, 10, 9], [6, 10, 9], real, true);
    check("FFT", [64, 4], [64, 4], real);
    check("IFFT", [3, 2, 2], [2, 2], real);
  }
});

test("wasm fft: rfft and irfft", () => {
  for (const real of ["float32", "float64"] as const) {
    const c = real === "float32" ? "float32" : "float64";
    for (const n of [1, 2, 8, 9, 16, 64, 100, 128]) {
      check("RFFT", [3, n], [n], c);
      check("IRFFT", [3, Math.floor(n / 2) + 1], [n], c);
    }
    check("RFFT", [4, 6, 8], [6, 8], c, true);
    check("IRFFT", [2, 8, 5], [8, 8], c);
    check("IRFFT", [5, 3, 4], [5, 3, 7], c);
  }
});

test("wasm fft: sizes split over the worker threads", () => {
  check("FFT", [1, 1 << 19], [1 << 19], "float32");
  check("FFT", [128, 4096], [4096], "float32");
  check("IFFT", [64, 8100], [8100], "float32");
  check("FFT", [256, 1009], [1009], "float32");
});

test("wasm fft: clearCaches frees the cached tables and transforms still agree", () => {
  check("FFT", [2, 1000], [1000], "float32");
  check("FFT", [2, 1009], [1009], "float32");
  clearCaches();
  check("FFT", [2, 1000], [1000], "float32");
  check("FFT", [2, 1009], [1009], "float32");
});
