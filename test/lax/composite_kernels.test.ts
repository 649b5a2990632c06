// The special functions that compile to kernel operations in JAX's float32
// algorithms (compiler/lower.ts COMPOSITE: erfc, erfcx, ndtri, dawsn, log_ndtr
// at several series orders, i0e, i1e, with i0, i1 and ndtr built on them,
// gammaln, digamma) against JAX's own
// values (test/goldens/special_kernels.json, scripts/gen_special_kernel_goldens.py):
// on wasm most bit for bit and the rest a few ulp apart (XLA contracts
// multiply-adds and has its own exp and log), eager and jitted; on the js
// backend the float64 reference kernels, within float32 error of them.
// Jitted programs of these functions on wasm are kernels only; WebGPU keeps
// its WGSL kernels for them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBackend, jit, jnp, lax, makeJaxpr, type NDArray, scipy } from "../../src/index.ts";
import { fuse } from "../../src/compiler/fusion.ts";
import { wasmTarget } from "../../src/backend/wasm/target.ts";
import { webgpuTarget } from "../../src/backend/webgpu/target.ts";
import { loadGoldens } from "../helpers/goldens.ts";
import { ulpDistance } from "../random/compare.ts";

const onWasm = defaultBackend() === "wasm";
const { cases } = loadGoldens<{ cases: Record<string, { args: string[]; y: string }> }>("composite_kernels.json");
const floats = (b64: string) => {
  const bytes = Buffer.from(b64, "base64");
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
};
type Fn = (...args: Array<NDArray | object>) => NDArray;
/** A golden's function: scipy.special's, or jnp's and lax's for names "jnp.<name>" and "lax.<name>". */
const fnOf = (name: string): Fn => {
  if (name.startsWith("jnp.")) return (jnp as unknown as Record<string, Fn>)[name.slice(4)];
  if (name.startsWith("lax.")) return (lax as unknown as Record<string, Fn>)[name.slice(4)];
  return (scipy.special as unknown as Record<string, Fn>)[name];
};
const FLT_MIN = 2 ** -126;

/**
 * Where JAX's float32 answer is not the function's: XLA's CPU code flushes
 * subnormal results to zero, so erfc's subnormal tail (|x| in 9.2..10) is 0
 * there, and erfcx = exp(x^2) erfc(x) with it is 0 or NaN just below its
 * asymptotic branch; jaxts keeps the subnormals (and erfcx's true value).
 * At q = +inf zeta's Euler-Maclaurin term is 0 · inf = NaN in JAX's
 * algorithm (and the kernels', which follow it), 0 in the float64 reference.
 */
function jaxFlushed(name: string, x: number, want: number, got: number): boolean {
  if (want === 0 && Math.abs(got) <= FLT_MIN) return true;
  if ((name === "zeta" || name === "polygamma") && x === Number.POSITIVE_INFINITY && Number.isNaN(want)) return true;
  // XLA's cbrt of a subnormal is garbage (cbrt(9.8e-45) = -5.6e-16 there); jaxts's is the root.
  if (name === "jnp.cbrt" && x !== 0 && Math.abs(x) < FLT_MIN) return true;
  return name === "erfcx" && x > 9.1 && x <= 9.42 && (want === 0 || Number.isNaN(want));
}

/**
 * Largest ulp distances from JAX's values: the kernels' (wasm), the float64
 * reference's (js: JAX's own float32 error, largest where erfc's exp(-x^2)
 * and erfcx's exp(x^2) amplify x's rounding); and an absolute error, times
 * max(1, |x|), allowed instead (the gamma functions' float32 reflection near their negative roots;
 * the reference's ndtri(1/2) = 7e-17).
 */
const TOLERANCE: Record<string, { ulp: [number, number]; atol?: number; jsAtol?: number; bitForBit?: number }> = {
  erfc: { ulp: [4, 64] },
  erfcx: { ulp: [8, 64] },
  ndtri: { ulp: [8, 8], atol: 1e-15 },
  dawsn: { ulp: [8, 16] },
  i0e: { ulp: [8, 16] },
  i1e: { ulp: [16, 32] },
  i0: { ulp: [8, 16] },
  i1: { ulp: [16, 32] },
  gammaln: { ulp: [16, 64], atol: 2e-6 },
  digamma: { ulp: [16, 64], atol: 2e-6 },
  ndtr: { ulp: [8, 64] },
  logNdtr: { ulp: [4, 64], atol: 2e-7 },
  // Cancellation between the series' terms at q < 0 (±128 and more): JAX's own float32 error there
  // reaches 3e-3 (10% at polygamma(6, -3.5)), which the float64 reference does not share.
  zeta: { ulp: [16, 64], atol: 1e-5, jsAtol: 5e-3, bitForBit: 0.45 },
  // JAX's exp2 is exp(x · fl(log 2)): the product's rounding puts it up to ~100 ulp from 2^x at |x| ~ 100.
  "jnp.exp2": { ulp: [4, 128] },
  // JAX's series and continued fraction in float32 against the reference's float64 ones: ~2e-6 absolute.
  gammainc: { ulp: [16, 64], atol: 1e-6, jsAtol: 3e-6 },
  gammaincc: { ulp: [16, 64], atol: 1e-6, jsAtol: 3e-6 },
  // The derivatives (wasm only: the reference's are float64 difference quotients), JAX's loops.
  "lax.igammaGradA": { ulp: [64, 64], atol: 1e-5, bitForBit: 0.3 },
  "lax.randomGammaGrad": { ulp: [64, 64], atol: 1e-5, bitForBit: 0.3 },
  spence: { ulp: [8, 16] },
  "jnp.tan": { ulp: [4, 4] },
  "jnp.arcsin": { ulp: [4, 4] },
  "jnp.arccos": { ulp: [4, 4] },
  "jnp.arctan": { ulp: [4, 4] },
  // JAX's own sinh is 5 ulp from the true value near ±0.4 (its expm1 form); ours within 1.
  // Past |x| = 80, e^(±x + log ½) carries x + log ½'s rounding: JAX's values are 16 ulp from the
  // reference's there, the kernels' (the same expression) 4.
  "jnp.sinh": { ulp: [8, 32] },
  "jnp.cosh": { ulp: [4, 32] },
  "jnp.arcsinh": { ulp: [4, 4] },
  "jnp.arccosh": { ulp: [4, 4] },
  "jnp.arctanh": { ulp: [4, 4] },
  "jnp.cbrt": { ulp: [4, 4] },
  polygamma: { ulp: [16, 64], atol: 1e-5, jsAtol: 5e-3, bitForBit: 0.45 },
};

for (const [name, golden] of Object.entries(cases)) {
  // The reference kernels compute log_ndtr accurately at any series order, where JAX truncates its series,
  // and the incomplete gamma derivatives by difference quotients (NaN where they underflow, 0 at x = inf).
  const skip = !onWasm && (name.includes("seriesOrder") || name.startsWith("lax."));
  test(`${name}: JAX's float32 values, eager and jitted`, { skip }, () => {
    const args = golden.args.map(floats);
    // The last operand is the one ulp-scaled tolerances follow (x of polygamma(n, x); zeta's x and q are both small).
    const x = args[args.length - 1];
    const want = floats(golden.y);
    const [fnName, ...opts] = name.split(" ");
    const options = Object.fromEntries(opts.map((o) => [o.split("=")[0], Number(o.split("=")[1])]));
    const fn = (...a: NDArray[]) => (opts.length ? fnOf(fnName)(...a, options) : fnOf(fnName)(...a));
    for (const [mode, f] of [
      ["eager", fn],
      ["jit", jit(fn)],
    ] as const) {
      // polygamma's order is an integer (stored as float32).
      const operands = args.map((a, k) => (fnName === "polygamma" && k === 0 ? jnp.array(a).astype("int32") : jnp.array(a)));
      const got = f(...operands).dataSync() as Float32Array;
      let exact = 0;
      for (let i = 0; i < x.length; i++) {
        if (jaxFlushed(name, x[i], want[i], got[i])) continue;
        const d = ulpDistance(got[i], want[i]);
        if (d === 0) exact++;
        const { ulp, atol = 0, jsAtol = atol } = TOLERANCE[fnName];
        const close = Math.abs(got[i] - want[i]) <= (onWasm ? atol : jsAtol) * Math.max(1, Math.abs(x[i]));
        const at = args.map((a) => a[i]).join(", ");
        assert.ok(close || d <= ulp[onWasm ? 0 : 1], `${name} ${mode} at (${at}): ${got[i]}, JAX ${want[i]} (${d} ulp apart)`);
      }
      // The kernels follow JAX's algorithm operation for operation: most values are JAX's bit for bit.
      if (onWasm)
        assert.ok(
          exact / x.length > (TOLERANCE[fnName].bitForBit ?? 0.55),
          `${name} ${mode}: only ${((100 * exact) / x.length).toFixed(1)}% bit for bit`,
        );
    }
  });
}

/** Operands to trace each function with: zeta(x, q), gammainc(a, x), polygamma(n: int32, x), one x for the rest. */
const operandsOf = (name: string): NDArray[] =>
  name === "zeta" || name === "gammainc" || name === "gammaincc" || name.startsWith("lax.")
    ? [jnp.ones([64]), jnp.ones([64])]
    : name === "polygamma"
      ? [jnp.ones([64], { dtype: "int32" }), jnp.ones([64])]
      : [jnp.ones([64])];

const kernelNames = ["erfc", "erfcx", "ndtri", "dawsn", "logNdtr", "i0e", "i1e", "zeta", "polygamma", "spence"] as const;
/** Decomposed into JAX's while loops (lax/igamma_impl.ts): kernels and loop steps, no reference step. */
const loopNames = ["gammainc", "gammaincc", "lax.igammaGradA", "lax.randomGammaGrad"] as const;

test("jitted erfc, erfcx, ndtri, dawsn, log_ndtr, i0e, i1e, zeta, polygamma, spence on float32 are kernels only (wasm)", () => {
  for (const name of kernelNames) {
    const steps = fuse(makeJaxpr(fnOf(name))(...operandsOf(name)).jaxpr, wasmTarget).steps;
    assert.ok(
      steps.every((s) => s.kind === "kernel"),
      `${name}: ${steps.map((s) => (s.kind === "prim" ? s.prim.name : s.kind)).join(", ")}`,
    );
  }
});

test("jitted gammainc, gammaincc, igamma_grad_a and random_gamma_grad on float32 are JAX's while loops, compiled whole (wasm)", () => {
  for (const name of loopNames) {
    const steps = fuse(makeJaxpr(fnOf(name))(...operandsOf(name)).jaxpr, wasmTarget).steps;
    assert.ok(
      steps.every((s) => s.kind === "kernel" || s.kind === "loop") && steps.some((s) => s.kind === "loop"),
      `${name}: ${steps.map((s) => (s.kind === "prim" ? s.prim.name : s.kind)).join(", ")}`,
    );
  }
});

test("on WebGPU they stay their own steps (its WGSL kernels)", () => {
  for (const name of [...kernelNames, ...loopNames]) {
    const steps = fuse(makeJaxpr(fnOf(name))(...operandsOf(name)).jaxpr, webgpuTarget(8)).steps;
    assert.ok(
      steps.some((s) => s.kind === "prim"),
      `${name}: ${steps.map((s) => s.kind).join(", ")}`,
    );
  }
});

test("float16 inputs stay on the reference kernels: within a float16 rounding of the float32 kernels' values", () => {
  const x = jnp.array([-3, -0.5, 0.25, 1.5, 4], { dtype: "float16" });
  const wide = scipy.special.erfc(x.astype("float32")).dataSync() as Float32Array;
  const half = scipy.special.erfc(x).astype("float32").dataSync() as Float32Array;
  half.forEach((v, i) =>
    assert.ok(Math.abs(v - wide[i]) <= 2e-3 * Math.max(1, Math.abs(wide[i])), `erfc float16 at ${i}: ${v} vs ${wide[i]}`),
  );
});
