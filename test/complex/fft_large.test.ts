// The wasm FFT kernel at sizes that exercise its passes (radix-4 and the
// radix-2 tail, the transposed first pass, Bluestein, middle axes) against
// real JAX (test/goldens/fft_large.json, scripts/gen_fft_goldens.py) and
// against the float64 reference kernel (the js backend), with JAX's own
// error (pocketfft's, against a float64 FFT) as the scale: the kernel's
// float32 error should be of the same size.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { config, defaultBackend, jit, jnp, lax, type NDArray, setDefaultBackend } from "../../src/index.ts";

interface Case {
  t: "FFT" | "IFFT" | "RFFT" | "IRFFT";
  shape: number[];
  lengths: number[];
  dtype: "complex64" | "complex128" | "float32" | "float64";
  out_shape: number[];
  out_dtype: string;
  data: number[];
  jax_err: number;
}
const CASES = JSON.parse(readFileSync(new URL("../goldens/fft_large.json", import.meta.url), "utf8")) as Case[];

/** The generator's input formula, rounded to the real dtype. */
function part(shape: number[], k: number, real: "float32" | "float64"): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: size }, (_, i) => Math.sin((i + 1) * (0.37 + 0.1 * k)) + 0.25 * Math.cos(0.01 * i * i));
  return jnp.array(v, { dtype: real }).reshape(shape);
}
function make(c: Case): NDArray {
  if (c.dtype === "float32" || c.dtype === "float64") return part(c.shape, 0, c.dtype);
  const real = c.dtype === "complex64" ? "float32" : "float64";
  return lax.complex(part(c.shape, 0, real), part(c.shape, 1, real));
}

function relErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  let err = 0,
    norm = 0;
  for (let i = 0; i < got.length; i++) {
    err = Math.max(err, Math.abs(got[i] - want[i]));
    norm = Math.max(norm, Math.abs(want[i]));
  }
  return err / norm;
}

test("wasm fft: large transforms agree with JAX and the float64 reference", () => {
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    for (const c of CASES) {
      const name = `${c.t} ${c.dtype} ${JSON.stringify(c.shape)} lengths ${c.lengths}`;
      const x = make(c);
      const f = (v: NDArray) => lax.fft(v, c.t, c.lengths);
      const y = jit(f)(x);
      assert.deepEqual(y.shape, c.out_shape, name);
      assert.equal(y.dtype, c.out_dtype, name);
      const got = y.dataSync() as Float32Array | Float64Array;
      const back = defaultBackend();
      setDefaultBackend("js");
      let ref: Float32Array | Float64Array;
      try {
        ref = f(x).dataSync() as Float32Array | Float64Array;
      } finally {
        setDefaultBackend(back);
      }
      const f32 = c.out_dtype === "complex64" || c.out_dtype === "float32";
      // A few roundings of the result: the reference rounds its float64 result once.
      const floor = f32 ? 1.2e-7 : 1e-15;
      const vsJax = relErr(got, c.data);
      const vsRef = relErr(got, ref);
      assert.ok(vsRef <= 2 * c.jax_err + floor, `${name}: error against the reference ${vsRef} (JAX's own error: ${c.jax_err})`);
      assert.ok(vsJax <= 3 * c.jax_err + floor, `${name}: distance to JAX ${vsJax} (JAX's own error: ${c.jax_err})`);
      if (process.env.FFT_ERRORS)
        console.log(
          `${name}: vs reference ${vsRef.toExponential(2)}, vs JAX ${vsJax.toExponential(2)}, JAX's error ${c.jax_err.toExponential(2)}`,
        );
    }
  } finally {
    config.update("enableX64", prev);
  }
});
