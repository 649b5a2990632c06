// checkpoint/remat: printing, policies, compositions, and the point of it:
// fewer residuals stored for the backward pass.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkpoint,
  checkpointName,
  checkpointPolicies,
  defaultBackend,
  grad,
  jit,
  jnp,
  lax,
  makeJaxpr,
  type NDArray,
  remat,
  vmap,
} from "../../src/index.ts";
import { itemsize } from "../../src/core/dtypes.ts";

import { wasmBackend } from "../../src/backend/wasm/backend.ts";
import { linearizeFlat } from "../../src/transforms/linearize.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { rand } from "../helpers/backends.ts";
type A = any;

const LAYERS = 20;
const W = 32;
const ws = Array.from({ length: LAYERS }, (_, i) => jnp.multiply(rand([W, W], 100 + i), 0.2));
const x0 = rand([8, W], 7);
const layer = (x: A, w: A) => jnp.tanh(jnp.matmul(x, w));
const mlp = (x: A, lay: (x: A, w: A) => A, wl: A[] = ws) => {
  for (const w of wl) x = lay(x, w);
  return jnp.sum(x);
};

/** Bytes of the residuals linearize keeps for the backward pass of (x, weights) (the weights themselves excluded: they live anyway). */
function residualBytes(f: (x: NDArray, wl: NDArray[]) => NDArray): number {
  const lin = linearizeFlat((x, ...wl) => [f(x, wl)], [x0, ...ws]);
  const weights = new Set<unknown>(ws);
  return lin.consts.filter((c) => !weights.has(c)).reduce((s, c) => s + c.size * itemsize(c.dtype), 0);
}

test("checkpoint: a 20-layer MLP's gradient stores fewer residual bytes", () => {
  const plain = residualBytes((x, wl) => mlp(x, layer, wl));
  const perLayer = residualBytes((x, wl) => mlp(x, checkpoint(layer), wl));
  const dots = residualBytes((x, wl) => mlp(x, checkpoint(layer, { policy: checkpointPolicies.dotsSaveable }), wl));
  const whole = residualBytes(checkpoint((x: NDArray, wl: NDArray[]) => mlp(x, layer, wl)));
  const act = 8 * W * 4;
  // Without checkpoint: per layer its input (for the weight gradient) and tanh's derivative factor.
  assert.equal(plain, 2 * LAYERS * act);
  // Per-layer checkpoint: only each layer's input; the rest is recomputed in the backward pass.
  assert.equal(perLayer, LAYERS * act);
  // Saving the dots: each layer's input and its matmul output (tanh recomputed from it).
  assert.equal(dots, 2 * LAYERS * act);
  // The whole network under one checkpoint: only its input.
  assert.equal(whole, act);
  const g0 = grad((x: A) => mlp(x, layer))(x0);
  assertClose(grad((x: A) => mlp(x, checkpoint(layer)))(x0), g0, 1e-4, 1e-5);
  assertClose(jit(grad(checkpoint((x: NDArray) => mlp(x, layer))))(x0), g0, 1e-4, 1e-5);
});

test("checkpoint: the compiled gradient of a 20-layer MLP peaks at fewer live bytes", {
  skip: defaultBackend() !== "wasm" || !wasmBackend,
}, () => {
  const heap = wasmBackend!.heap;
  const wide = (x: A, w: A) => jnp.add(x, jnp.tanh(jnp.matmul(jnp.tanh(jnp.matmul(x, w)), w)));
  const peak = (f: (x: A) => A): number => {
    const g = jit(grad(f));
    g(x0);
    const before = heap.liveBytes;
    // Peak bytes since now (the heap's peak is process-wide).
    (heap as unknown as { peak: number }).peak = before;
    g(x0);
    return heap.peakBytes - before;
  };
  const plain = peak((x) => mlp(x, wide));
  const remat = peak((x) => mlp(x, checkpoint(wide)));
  // Plain keeps each layer's input and both tanh outputs for the backward pass;
  // with checkpoint only the inputs stay live and a layer's tanhs are recomputed.
  assert.ok(remat < 0.7 * plain, `peak live bytes: ${remat} with checkpoint vs ${plain} without`);
});

test("checkpoint: makeJaxpr shows remat2 as JAX, and its transposed recomputation under grad", () => {
  const h = checkpoint((x: A) => jnp.sin(jnp.sin(x)));
  const txt = String(makeJaxpr(h)(1.5));
  assert.match(
    txt,
    /remat2\[\n\s+differentiated=False\n\s+jaxpr=\{ lambda ; c:f32\[\]\. let d:f32\[\] = sin c; e:f32\[\] = sin d in \(e,\) \}/,
  );
  assert.match(txt, /policy=None\n\s+prevent_cse=True\n\s+\] a/);
  const gtxt = String(makeJaxpr(grad(h))(1.5));
  assert.match(gtxt, /remat2\[\n\s+differentiated=True/);
  // Recomputed inside the backward remat: sin, cos, cos.
  assert.equal((gtxt.match(/ sin /g) ?? []).length, 1);
  assert.equal((gtxt.match(/ cos /g) ?? []).length, 2);
  const named = checkpoint((x: A) => jnp.sin(checkpointName(jnp.sin(x), "a")), { policy: checkpointPolicies.saveOnlyTheseNames("a") });
  const ntxt = String(makeJaxpr(grad(named))(1.5));
  assert.match(ntxt, /name\[name=a\]/);
  assert.match(ntxt, /policy=SaveOnlyTheseNames\(saveable_names=frozenset\(\{'a'\}\)\)/);
  assert.match(
    String(makeJaxpr(checkpoint(jnp.sin, { policy: checkpointPolicies.nothingSaveable }))(1.5)),
    /policy=<function nothing_saveable at 0xXXXXXXXXXXXX>/,
  );
  assert.match(
    String(makeJaxpr(checkpoint(jnp.sin, { policy: checkpointPolicies.dotsSaveable }))(1.5)),
    /policy=DotsSaveable\(only_if_no_batch_dims=False\)/,
  );
});

test("checkpoint: names decide what is saved", () => {
  const f = (x: A) => {
    const a = checkpointName(jnp.sin(x), "a");
    const b = checkpointName(jnp.sin(a), "b");
    return jnp.sum(jnp.sin(b));
  };
  const x = rand([64], 3);
  const bytes = (pol: A) => {
    const lin = linearizeFlat((y) => [checkpoint(f, { policy: pol })(y)], [x]);
    return lin.consts.reduce((s, c) => s + c.size * 4, 0);
  };
  const none = bytes(checkpointPolicies.nothingSaveable);
  const onlyA = bytes(checkpointPolicies.saveOnlyTheseNames("a"));
  const allNames = bytes(checkpointPolicies.saveAnyNamesButThese());
  const butA = bytes(checkpointPolicies.saveAnyNamesButThese("a"));
  const both = bytes(
    checkpointPolicies.saveFromBothPolicies(checkpointPolicies.saveOnlyTheseNames("a"), checkpointPolicies.saveOnlyTheseNames("b")),
  );
  assert.ok(none < onlyA && onlyA < allNames, `${none} ${onlyA} ${allNames}`);
  assert.equal(butA, onlyA);
  assert.equal(both, allNames);
  const want = grad(f)(x);
  for (const p of [checkpointPolicies.nothingSaveable, checkpointPolicies.everythingSaveable, checkpointPolicies.saveOnlyTheseNames("b")]) {
    assertClose(grad(checkpoint(f, { policy: p }))(x), want, 1e-5, 1e-6);
  }
});

test("checkpoint composes with vmap, jit, grad of grad, staticArgnums; remat is the same", () => {
  const f = (x: A, n: number) => {
    let y = x;
    for (let i = 0; i < n; i++) y = jnp.sin(jnp.multiply(y, 1.5));
    return y;
  };
  const c = checkpoint(f, { staticArgnums: [1] });
  const xs = jnp.array([0.1, 0.4, -0.3]);
  assertClose(vmap((x: A) => c(x, 3))(xs), f(xs, 3), 1e-6, 1e-6);
  assertClose(vmap(grad((x: A) => c(x, 3)))(xs), vmap(grad((x: A) => f(x, 3)))(xs), 1e-5, 1e-6);
  assertClose(jit(vmap(grad(grad((x: A) => c(x, 2)))))(xs), vmap(grad(grad((x: A) => f(x, 2))))(xs), 1e-4, 1e-5);
  assertClose(
    grad((x: A) => jnp.sum(vmap((y: A) => remat(f, { staticArgnums: 1 })(y, 2))(x)))(xs),
    vmap(grad((x: A) => f(x, 2)))(xs),
    1e-5,
    1e-6,
  );
  checkGrads((x: NDArray) => c(x, 2), [xs], { order: 2 });
});

test("checkpoint inside scan and cond bodies under grad, jit and vmap", () => {
  const body = (c: A, x: A) => [jnp.sin(jnp.multiply(jnp.tanh(jnp.multiply(c, x)), 1.5)), c];
  const loss = (wrap: (f: A) => A) => (c0: A, xs: A) => jnp.sum(lax.scan(wrap(body), c0, xs)[0]);
  const c0 = rand([3], 11);
  const xs = rand([4, 3], 12);
  const want = grad(loss((f) => f))(c0, xs);
  assertClose(grad(loss((f) => checkpoint(f)))(c0, xs), want, 1e-5, 1e-6);
  assertClose(jit(grad(loss((f) => checkpoint(f, { policy: checkpointPolicies.dotsSaveable }))))(c0, xs), want, 1e-5, 1e-6);
  assertClose(vmap(grad(loss((f) => checkpoint(f))), { inAxes: [0, null] })(jnp.stack([c0, c0]), xs), jnp.stack([want, want]), 1e-5, 1e-6);
  const condLoss = (wrap: (f: A) => A) => (x: A) =>
    lax.cond(
      jnp.greater(jnp.sum(x), 0),
      wrap((v: A) => jnp.sum(jnp.sin(jnp.sin(v)))),
      (v: A) => jnp.sum(v),
      x,
    );
  assertClose(grad(condLoss((f) => checkpoint(f)))(jnp.abs(c0)), grad(condLoss((f) => f))(jnp.abs(c0)), 1e-5, 1e-6);
});
