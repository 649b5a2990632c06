// scipy.signal.fftconvolve, convolve/correlate with method "fft", and
// scipy.linalg.dft against JAX 0.10.2 (scripts/gen_complex_linalg_goldens.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { grad, jnp, lax, scipy, vmap, type NDArray } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

interface CEnc {
  shape: number[];
  dtype: string;
  data?: Array<number | null>;
  re?: Array<number | null>;
  im?: Array<number | null>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const G: any = JSON.parse(readFileSync(fileURLToPath(new URL("../goldens/complex_linalg.json", import.meta.url)), "utf8"));
const nums = (xs: Array<number | null>) => xs.map((v) => (v === null ? NaN : v));
function carr(e: CEnc): NDArray {
  const part = (xs: Array<number | null>) => jnp.array(nums(xs), { dtype: "float32" }).reshape(e.shape);
  return e.re ? lax.complex(part(e.re), part(e.im!)) : part(e.data!);
}
function closeC(got: NDArray, want: NDArray, tol: number, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assertClose(jnp.real(got), jnp.real(want), tol, tol, `${what} (re)`);
  if (want.dtype.startsWith("complex")) assertClose(jnp.imag(got), jnp.imag(want), tol, tol, `${what} (im)`);
}
const S: Record<string, CEnc> = G.signal;
const sig = scipy.signal;

test("fftconvolve: every mode, swapped operands, 2-d, complex, axes; convolve/correlate method fft", () => {
  const [x1, y1] = [carr(S.x1), carr(S.y1)];
  for (const mode of ["full", "same", "valid"] as const) {
    closeC(sig.fftconvolve(x1, y1, { mode }), carr(S[`fft1_${mode}`]), 1e-5, `1-d ${mode}`);
    closeC(sig.fftconvolve(y1, x1, { mode }), carr(S[`fft1s_${mode}`]), 1e-5, `1-d swapped ${mode}`);
    closeC(sig.fftconvolve(carr(S.x2), carr(S.y2), { mode }), carr(S[`fft2_${mode}`]), 1e-5, `2-d ${mode}`);
    closeC(sig.fftconvolve(carr(S.xc), carr(S.yc), { mode }), carr(S[`fftc_${mode}`]), 1e-5, `complex ${mode}`);
    closeC(sig.convolve(x1, y1, { mode, method: "fft" }), carr(S[`conv_fft_${mode}`]), 1e-5, `convolve fft ${mode}`);
    closeC(sig.correlate(x1, y1, { mode, method: "fft" }), carr(S[`corr_fft_${mode}`]), 1e-5, `correlate fft ${mode}`);
  }
  const [xb, yb] = [carr(S.xb), carr(S.yb)];
  closeC(sig.fftconvolve(xb, yb, { axes: 1 }), carr(S.fft_axes), 1e-5, "axes");
  const loop = jnp.stack([0, 1, 2].map((i) => sig.fftconvolve(xb.at(i).get(), yb.at(i).get())));
  closeC(vmap((a: NDArray, b: NDArray) => sig.fftconvolve(a, b))(xb, yb), loop, 1e-5, "vmap");
  assert.throws(() => sig.fftconvolve(xb, jnp.ones([2, 4]), { axes: 1 }), /mapped axes must have same shape/);
  assert.throws(() => sig.fftconvolve(x1, y1, { mode: "bad" as "full" }), /mode must be one of/);
});

test("fftconvolve: gradients (JAX's and finite differences), jit vs eager on both backends", () => {
  const [x1, y1] = [carr(S.x1), carr(S.y1)];
  closeC(grad((a: NDArray) => jnp.sum(jnp.square(sig.fftconvolve(a, y1, { mode: "same" }))))(x1), carr(S.grad_fft), 1e-4, "grad");
  checkGrads((a, b) => sig.fftconvolve(a, b, { mode: "full" }), [x1, y1], { rtol: 1e-4, atol: 1e-5 });
  agree("fftconvolve", (a, b) => sig.fftconvolve(a, b, { mode: "valid" }), [x1, y1], 1e-5, 1e-5, true);
});

test("scipy.linalg.dft as JAX's", () => {
  closeC(scipy.linalg.dft(4), carr(G.dft.d4), 1e-6, "dft(4)");
  closeC(scipy.linalg.dft(5, { scale: "sqrtn" }), carr(G.dft.d5_sqrtn), 1e-6, "dft(5, sqrtn)");
  closeC(scipy.linalg.dft(3, { scale: "n" }), carr(G.dft.d3_n), 1e-6, "dft(3, n)");
  assert.throws(() => scipy.linalg.dft(3, { scale: "x" as "n" }), /scale must be/);
});
