// checkGrads, like jax.test_util.check_grads: JVP against central finite
// differences (in float64 when possible), and VJP against JVP through the
// dot-product identity <vjp(u), v> == <u, jvp(v)>.
import assert from "node:assert/strict";
import { config, jnp, jvp, vjp, type NDArray } from "../../src/index.ts";

type Fn = (...xs: NDArray[]) => NDArray;

function randn(shape: number[], seed: number): NDArray {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u1 = (s + 1) / 4294967297;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u2 = (s + 1) / 4294967297;
    out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return jnp.array(out, { dtype: config.enableX64 ? "float64" : "float32" }).reshape(shape);
}

function vdotAll(a: NDArray, b: NDArray): number {
  return Number(jnp.sum(jnp.multiply(a, b)).item());
}

export interface CheckOpts {
  eps?: number;
  rtol?: number;
  atol?: number;
  modes?: Array<"fwd" | "rev">;
  order?: number;
}

/** Checks derivatives of f at args up to `order` (1 or 2). Runs in float64 (x64). */
export function checkGrads(f: Fn, args: unknown[], opts: CheckOpts = {}): void {
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    const xs = args.map((a) => jnp.asarray(a, { dtype: "float64" }));
    checkOrder(f, xs, opts, opts.order ?? 1);
  } finally {
    config.update("enableX64", prev);
  }
}

function checkOrder(f: Fn, xs: NDArray[], opts: CheckOpts, order: number): void {
  const eps = opts.eps ?? 1e-4;
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-6;
  const modes = opts.modes ?? ["fwd", "rev"];
  const ts = xs.map((x, i) => randn(x.shape, 17 + i * 31));
  const [, tOut] = jvp(f, xs, ts) as unknown as [NDArray, NDArray];
  if (modes.includes("fwd")) {
    const plus = f(...xs.map((x, i) => jnp.add(x, jnp.multiply(eps, ts[i]))));
    const minus = f(...xs.map((x, i) => jnp.subtract(x, jnp.multiply(eps, ts[i]))));
    const fd = jnp.divide(jnp.subtract(plus, minus), 2 * eps);
    assertClose(tOut, fd, rtol * 100, atol * 100, "JVP vs finite differences");
  }
  if (modes.includes("rev")) {
    const [out, pullback] = vjp(f, ...xs) as unknown as [NDArray, (ct: NDArray) => NDArray[]];
    const u = randn(out.shape, 99);
    const cts = pullback(u);
    const lhs = cts.reduce((s, c, i) => s + vdotAll(c, ts[i]), 0);
    const rhs = vdotAll(u, tOut);
    assert.ok(Math.abs(lhs - rhs) <= atol + rtol * Math.abs(rhs) * 10, `VJP/JVP dot-product identity: ${lhs} vs ${rhs}`);
  }
  if (order > 1) {
    // Check the JVP function itself (second order, forward over forward/reverse).
    const g = (...ys: NDArray[]) => (jvp(f, ys, ts) as unknown as [NDArray, NDArray])[1];
    checkOrder(g, xs, opts, order - 1);
  }
}

export function assertClose(actual: NDArray, expected: NDArray | number[] | number, rtol = 1e-5, atol = 1e-6, what = ""): void {
  const a = Array.from(actual.dataSync() as ArrayLike<number>, Number);
  const e =
    typeof expected === "number"
      ? [expected]
      : Array.isArray(expected)
        ? (expected.flat(Infinity) as number[])
        : Array.from(expected.dataSync() as ArrayLike<number>, Number);
  assert.equal(a.length, e.length, `${what}: size ${a.length} vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const ok = Number.isNaN(e[i]) ? Number.isNaN(a[i]) : Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    assert.ok(ok, `${what}: element ${i}: got ${a[i]}, expected ${e[i]} (rtol ${rtol}, atol ${atol})`);
  }
}
