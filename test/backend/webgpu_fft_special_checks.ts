// The checks of webgpu_fft_special.test.ts, run in a child process: the
// webgpu backend's FFT (fft.ts), complex64 storage and the special-function
// kernels (special.ts) against the default backend (wasm, or js), eagerly and
// under jit, on Dawn with whatever adapter the platform gives (SwiftShader
// when no GPU driver is configured).
import assert from "node:assert/strict";
import { checkList, compareOnWebGpu, type Fn, home, jax, rand, runChecks, values } from "./webgpu_check_runner.ts";

const { setDefaultBackend, devicePut, grad, vmap, jnp, lax, random } = jax;
type NDArray = import("../../src/index.ts").NDArray;

const { checks, check } = checkList();

/**
 * Runs f on the default backend and on webgpu (eager and jitted) and compares
 * every output: |webgpu - want| ≤ rtol·|want| + scale·max|want| + FLT_MIN
 * (GPUs may flush subnormals; NaN where the other is NaN; infinities
 * exactly).
 */
async function agree(
  name: string,
  f: Fn,
  args: NDArray[],
  rtol: number,
  scale = 0,
  modes: Array<"eager" | "jit"> = ["eager", "jit"],
): Promise<void> {
  const inVals = await Promise.all(args.map(values));
  let atol = 0;
  let atolOf: readonly number[] | null = null;
  await compareOnWebGpu(name, f, args, {
    modes,
    accept: (v, w, want) => {
      if (want !== atolOf) {
        atolOf = want;
        atol = scale * Math.max(0, ...want.filter(Number.isFinite).map(Math.abs)) + 1.1754944e-38;
      }
      return (
        Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w)) || (Number.isFinite(w) && Math.abs(v - w) <= atol + rtol * Math.abs(w))
      );
    },
    at: (j, want) => (inVals.length && inVals[0].length === want.length ? ` at (${inVals.map((x) => x[j]).join(", ")})` : ""),
  });
}

const crand = (shape: number[], seed: number) => lax.complex(rand(shape, seed), rand(shape, seed + 1));

// float32 FFTs: the error grows like log2(n)·eps of the largest output (measured ≤ 2.5e-7 of it here).
const FFT_TOL = 2e-6;

check("complex64 storage and elementwise complex ops", async () => {
  const z = crand([3, 5], 1);
  const w = crand([3, 5], 3);
  await agree(
    "complex",
    (a, b) => [a.add(b), a.sub(b), a.mul(b), a.div(b), jnp.conj(a), jnp.real(a), jnp.imag(a), jnp.abs(a), a.mul(2), jnp.exp(a), a.sum(1)],
    [z, w],
    1e-5,
    1e-6,
  );
  setDefaultBackend("webgpu");
  try {
    const g = devicePut(z, "webgpu") as NDArray;
    assert.equal(g.dtype, "complex64");
    assert.deepEqual(await values(g), await values(z));
    assert.deepEqual(await values(jnp.array([1, 2]).astype("complex64")), [1, 0, 2, 0]);
  } finally {
    setDefaultBackend(home);
  }
});

check("fft/ifft/rfft/irfft over the last axis, batched, Stockham and Bluestein lengths", async () => {
  for (const n of [8, 12, 15, 17, 64]) {
    await agree(`fft ${n}`, (x) => [jnp.fft.fft(x), jnp.fft.ifft(x)], [crand([3, n], n)], 1e-5, FFT_TOL);
    await agree(`rfft ${n}`, (x) => jnp.fft.rfft(x), [rand([2, n], n + 2)], 1e-5, FFT_TOL);
    await agree(`irfft ${n}`, (x) => jnp.fft.irfft(x, { n }), [crand([2, Math.floor(n / 2) + 1], n + 4)], 1e-5, FFT_TOL);
  }
});

check("fft2/fftn/ifftn/rfft2/irfftn over 2 and 3 axes, and along a leading axis", async () => {
  await agree("fft2", (x) => [jnp.fft.fft2(x), jnp.fft.ifft2(x)], [crand([2, 6, 8], 1)], 1e-5, FFT_TOL);
  await agree("fftn", (x) => [jnp.fft.fftn(x), jnp.fft.ifftn(x)], [crand([3, 5, 4], 2)], 1e-5, FFT_TOL);
  await agree("rfft2", (x) => jnp.fft.rfft2(x), [rand([2, 6, 7], 3)], 1e-5, FFT_TOL);
  await agree("irfftn", (x) => jnp.fft.irfftn(x, { s: [3, 5, 8] }), [crand([3, 5, 5], 4)], 1e-5, FFT_TOL);
  await agree("fft axis 0", (x) => jnp.fft.fft(x, { axis: 0 }), [crand([17, 3], 5)], 1e-5, FFT_TOL);
});

check("fft under grad and vmap", async () => {
  const w = rand([12], 7);
  await agree(
    "grad",
    (x) => [
      grad((v: NDArray) => jnp.square(jnp.abs(jnp.fft.rfft(v.mul(w)))).sum())(x),
      grad((v: NDArray) =>
        jnp
          .real(jnp.fft.ifft(jnp.fft.fft(v).mul(w)))
          .mul(w)
          .sum(),
      )(x),
      grad((v: NDArray) => jnp.square(jnp.fft.irfft(jnp.fft.rfft(v).mul(jnp.arange(7)))).sum())(x),
    ],
    [rand([2, 12], 8)],
    1e-4,
    1e-5,
  );
  await agree("vmap", (x) => vmap((r: NDArray) => jnp.fft.fft(r.mul(2)))(x), [crand([4, 15], 9)], 1e-5, FFT_TOL);
});

/** Every (a, x) of the two lists, as two arrays. */
function grid(as: number[], xs: number[]): [NDArray, NDArray] {
  const a: number[] = [];
  const x: number[] = [];
  for (const u of as)
    for (const v of xs) {
      a.push(u);
      x.push(v);
    }
  return [jnp.array(a), jnp.array(x)];
}
const EDGES = [0, 1e-3, 0.1, 0.5, 1, 1.5, 2, 3.7, 10, 25, 100, Number.POSITIVE_INFINITY, -1, Number.NaN];
const XS = [0, 1e-4, 0.1, 0.5, 1, 2, 3, 9.5, 10, 30, 120, Number.POSITIVE_INFINITY, -1, Number.NaN];

check("incomplete gamma family matches, edges included", async () => {
  // float32 throughout (JAX's own algorithms): exp(a log x - x - lgamma(a)) carries ~2e-5 where it is tiny; ~50 ulp elsewhere.
  const [a, x] = grid(EDGES, XS);
  await agree("igamma", (u, v) => [lax.igamma(u, v), lax.igammaGradA(u, v)], [a, x], 5e-5, 1e-7);
  // wasm computes igammac as JAX does (jax's igammac_impl, lax/igamma_impl.ts), 1 - P below x = max(1, a): at tiny a,
  // where P is near 1, that leaves ~1e-6 absolute (JAX's own values there); the WGSL kernel keeps more digits.
  await agree("igammac", (u, v) => lax.igammac(u, v), [a, x], 5e-5, 1.5e-6);
  // Not at large a with tiny x, where the float64 reference's difference quotient underflows to NaN.
  const [b, y] = grid([1e-3, 0.1, 0.5, 1, 1.5, 3.7, 10, 25, Number.POSITIVE_INFINITY, -1, 0, Number.NaN], XS);
  await agree("random_gamma_grad", (u, v) => lax.randomGammaGrad(u, v), [b, y], 5e-5, 1e-7);
  await agree(
    "gammainc",
    (u, v) => [jax.scipy.special.gammainc(u, v), jax.scipy.special.gammaincc(u, v)],
    grid([0.5, 2, 7], [0.3, 2.5, 9]),
    5e-5,
  );
});

check("regularized incomplete beta matches, edges included", async () => {
  // JAX's float32 algorithm: exp(a log x + b log1p(-x) - lbeta(a, b)) in float32 leaves up to ~2e-5 (lgamma(50) alone is 144.6).
  const ab = [0, 1e-3, 0.1, 0.5, 1, 3.5, 10, 50, Number.POSITIVE_INFINITY, -1, Number.NaN];
  const xs = [0, 1e-4, 0.1, 0.5, 0.7, 0.999, 1, 1.5, -0.1, Number.NaN];
  const [a, b, x]: number[][] = [[], [], []];
  for (const u of ab)
    for (const v of ab)
      for (const w of xs) {
        a.push(u);
        b.push(v);
        x.push(w);
      }
  await agree("betainc", (u, v, w) => lax.betainc(u, v, w), [jnp.array(a), jnp.array(b), jnp.array(x)], 1e-5, 3e-5);
});

check("lgamma keeps its digits near its zeros at 1 and 2", async () => {
  const x = jnp.array([0.999, 1, 1.001, 1.25, 1.5, 1.999, 2, 2.001, 2.6, 0.25, 1e-3, 1e-30, 3.3, 7.9, 8.1, -0.3, -2.5]);
  await agree("lgamma", (v) => lax.lgamma(v), [x], 2e-6, 1e-7);
});

check("zeta (and its derivative in x), polygamma, bessel_i0e, bessel_i1e match, edges included", async () => {
  await agree(
    "zeta",
    (u, v) => lax.zeta(u, v),
    grid([1, 1.5, 2, 3, 4.5, 10, 30, 0.5, Number.NaN], [0.1, 0.5, 1, 2, 7, 20, 1e3, 1e9, 0, -1, -1.5, Number.NaN]),
    1e-5,
  );
  // zeta's derivative in x (jaxts's zeta_grad_x): not within 2e-4 of x = 1, where the reference's difference quotient is NaN.
  await agree(
    "zeta grad",
    (u, v) => vmap(grad((x: NDArray, q: NDArray) => lax.zeta(x, q)))(u, v),
    grid([1, 1.5, 2, 3, 4.5, 10, 0.5, Number.NaN], [0.1, 0.5, 1, 2, 7, 20, 1e3, 1e9, 0, -1.5, Number.NaN]),
    2e-5,
  );
  await agree(
    "polygamma",
    (u, v) => lax.polygamma(u, v),
    grid([0, 1, 2, 3, 4, 1.5, -1, Number.NaN], [0.1, 0.5, 1, 2.5, 10, -1.5, 0, Number.NaN]),
    2e-5,
  );
  const s = [0, 1e-6, 0.1, 0.5, 1, 2, 5, 7.9, 8, 8.1, 10, 30, 100, 1e4, 1e30, Number.POSITIVE_INFINITY, Number.NaN];
  await agree("bessel", (v) => [lax.besselI0e(v), lax.besselI1e(v)], [jnp.array([...s, ...s.map((v) => -v)])], 2e-6, 1e-7);
});

check("erfcx, log_ndtr, ndtri, entr (xlogx) match, edges included", async () => {
  const sp = jax.scipy.special;
  const v = [0, 1e-6, 0.1, 0.5, 0.999, 1, 1.5, 2, 3, 5, 9, 10, 26, 30, 100, 1e4, 1e30, Number.POSITIVE_INFINITY, Number.NaN];
  const x = jnp.array([...v, ...v.map((u) => -u)]);
  await agree("erfcx, entr", (u) => [sp.erfcx(u), sp.entr(u)], [x], 5e-6);
  // wasm computes log_ndtr as JAX does, log(ndtr(x)) up to x = 5 (an ulp of ndtr near 1 is 6e-8 of the log);
  // the WGSL kernel as the reference, log1p(-ndtr(-x)): within 1.1e-7 absolute (2.5e-10 of log_ndtr(-30)).
  const moderate = jnp.array([...v, ...v.map((u) => -u)].filter((u) => !(Math.abs(u) > 30)));
  await agree("log_ndtr", (u) => sp.logNdtr(u), [moderate], 5e-6, 2.5e-10);
  // Deep tails; ndtri(1/2) is 0 here and 7e-17 in the reference's Newton steps. (A subnormal p is out:
  // wasm's log takes XLA's algorithm, which clamps subnormals to the least normal, and JAX's CPU flushes them to 0.)
  const p = [0, 1e-37, 1e-30, 1e-10, 1e-4, 0.01, 0.1, 0.25, 0.3, 0.4999, 0.5, 0.5001, 0.75, 0.9, 0.99, 0.9999, 1, 1.5, -0.1, Number.NaN];
  await agree("ndtri", (u) => sp.ndtri(u), [jnp.array(p)], 2e-6, 1e-15);
});

check("expi, exp1, expn, dawsn, spence match, edges included", async () => {
  const sp = jax.scipy.special;
  const v = [0, 1e-6, 0.1, 0.5, 0.999, 1, 1.5, 2, 3, 5, 9, 26, 40, 41, 60, 88, 93, 100, 1e4, 1e30, Number.POSITIVE_INFINITY, Number.NaN];
  const x = jnp.array([...v, ...v.map((u) => -u)]);
  // Ei has a root near 0.3725, where its sum cancels: 1e-10 absolute there.
  await agree("expi, exp1, dawsn, spence", (u) => [sp.expi(u), sp.exp1(u), sp.dawsn(u), sp.spence(u)], [x], 2e-6, 1e-11);
  await agree(
    "expn",
    (n, u) => sp.expn(n, u),
    grid([0, 1, 2, 3, 5], [0, 1e-3, 0.5, 1, 2, 10, 50, Number.POSITIVE_INFINITY, -1, Number.NaN]),
    2e-6,
  );
});

check("sici, owens_t match, edges included", async () => {
  const sp = jax.scipy.special;
  const v = [0, 1e-6, 0.1, 0.5, 0.6165, 1, 1.5, 2, 2.001, 3, 5, 9, 26, 100, 1e4, 1.0001e4, 1e7, 1e30, Number.POSITIVE_INFINITY, Number.NaN];
  // Ci has a root near 0.6165, where its series plus log t cancels: 2e-8 absolute there.
  await agree("sici", (u) => sp.sici(u), [jnp.array([...v, ...v.map((u) => -u)])], 2e-6, 2e-8);
  const hs = [0, 0.1, 0.5, 1, 2, 5, 10, 50, Number.POSITIVE_INFINITY, Number.NaN];
  const as = [0, 0.3, 1, 2, 10, Number.POSITIVE_INFINITY, Number.NaN];
  const sym = (xs: number[]) => [...xs, ...xs.map((u) => -u)];
  await agree("owens_t", (h, a) => sp.owensT(h, a), grid(sym(hs), sym(as)), 5e-6, 1e-9);
});

check("special functions under grad (igamma's in a and x), random.gamma", async () => {
  const key = random.key(3);
  await agree(
    "grads",
    (a, x) => [
      grad((u: NDArray) => lax.igamma(u, x).sum())(a),
      grad((u: NDArray) => lax.igammac(a, u).sum())(x),
      grad((u: NDArray) => jax.scipy.special.gammainc(u, x).sum())(a),
      random.gamma(key, a),
    ],
    [jnp.array([0.5, 1.5, 4]), jnp.array([0.7, 2, 3])],
    1e-4,
    1e-6,
  );
});

await runChecks(checks);
