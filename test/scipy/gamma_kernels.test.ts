// lgamma and digamma on float32 compile to kernel operations
// (compiler/special_lowering.ts, XLA's float32 algorithm): values agree with
// the reference kernels' float64 series within float32 error away from the
// functions' roots, poles and infinities exactly (lgamma +inf, digamma NaN at
// zero and the negative integers), lgamma(1) = lgamma(2) = 0, eager and
// jitted; jitted programs hold no reference step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jnp, lax, makeJaxpr, type NDArray, scipy } from "../../src/index.ts";
import { fuse } from "../../src/compiler/fusion.ts";
import { wasmTarget } from "../../src/backend/wasm/target.ts";
import { webgpuTarget } from "../../src/backend/webgpu/target.ts";
import { agree } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";

test("lgamma and digamma: poles, infinities and exact zeros exactly; elsewhere within float32 error", () => {
  const special = jnp.array([0, -0, -1, -2, -7, 1, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
  // (The reference's float64 series gives lgamma(1) = -8.9e-16: within atol of the kernels' exact 0.)
  agree("lgamma special values", (x) => lax.lgamma(x), [special], 0, 1e-12, true);
  if (onWasm) assert.deepEqual(Array.from(lax.lgamma(jnp.array([1, 2])).dataSync() as Float32Array), [0, 0], "lgamma(1) = lgamma(2) = 0");
  agree(
    "digamma special values",
    (x) => lax.digamma(x.add(0)),
    [jnp.array([0, -1, -2, -7, Number.NaN, Number.POSITIVE_INFINITY])],
    0,
    0,
    true,
  );
  // Away from lgamma's roots at 1, 2, -2.457..., and digamma's at 1.4616... and the negative ones, relative error.
  const positive = jnp.array(Float32Array.from({ length: 997 }, (_, i) => 2.5 + i * 0.73));
  const small = jnp.array(Float32Array.from({ length: 300 }, (_, i) => 0.01 + i * 0.003));
  const negative = jnp.array(
    Float32Array.from({ length: 200 }, (_, i) => -9.8 + i * 0.049).filter((v) => Math.abs(v - Math.round(v)) > 0.05),
  );
  for (const [name, x] of [
    ["positive", positive],
    ["small", small],
  ] as const) {
    agree(`lgamma ${name}`, (a) => lax.lgamma(a), [x], 4e-6, 1e-6, true);
    agree(`gammaln ${name}`, (a) => scipy.special.gammaln(a), [x], 4e-6, 1e-6, true);
  }
  agree("lgamma negative", (a) => lax.lgamma(a), [negative], 2e-4, 2e-5, true);
  agree("digamma positive", (a) => lax.digamma(a), [positive], 4e-6, 1e-6, true);
  agree("digamma negative", (a) => lax.digamma(a), [negative], 1e-4, 1e-5, true);
});

test("lgamma and digamma stay their own steps on a target without gamma kernels (WebGPU's WGSL kernels)", () => {
  const steps = fuse(makeJaxpr((a: NDArray) => lax.lgamma(a).add(lax.digamma(a)))(jnp.ones([64])).jaxpr, webgpuTarget(8)).steps;
  assert.deepEqual(
    steps.filter((s) => s.kind === "prim").map((s) => (s.kind === "prim" ? s.prim.name : "")),
    ["lgamma", "digamma"],
  );
});

test("jitted lgamma and digamma on float32 are kernels only", { skip: !onWasm }, () => {
  for (const f of [(a: NDArray) => lax.lgamma(a), (a: NDArray) => lax.digamma(a), (a: NDArray) => scipy.special.gammaln(a)]) {
    const steps = fuse(makeJaxpr(f)(jnp.ones([64])).jaxpr, wasmTarget).steps;
    assert.ok(
      steps.every((s) => s.kind === "kernel"),
      steps.map((s) => (s.kind === "prim" ? s.prim.name : s.kind)).join(", "),
    );
  }
});
