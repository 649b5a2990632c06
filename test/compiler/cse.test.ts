// Common subexpression elimination before fusion (compiler/cse.ts): repeated
// pure equations on the same operands compute once; effects, a checkpoint's
// recomputation and literals that differ only in the sign of zero stay
// apart. Values against eager evaluation, structure by the compiled steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkpoint, debug, grad, hessian, jit, valueAndGrad, jnp, nn, defaultBackend, type NDArray } from "../../src/index.ts";
import { agree, assertSameAsReference, rand } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";
const gemms = (f: (...a: NDArray[]) => unknown, ...args: NDArray[]) =>
  (
    jit(f as (...a: NDArray[]) => NDArray)
      .lower(...args)
      .compile()
      .asText()
      .match(/: gemm /g) ?? []
  ).length;

test("repeated products compute once, and the values are unchanged", () => {
  const a = rand([40, 30], 1);
  const b = rand([30, 20], 2);
  const twice = (x: NDArray, y: NDArray) => jnp.matmul(x, y).add(jnp.matmul(x, y).mul(2));
  agree("a product used twice", twice, [a, b], 1e-5, 1e-5);
  if (onWasm) assert.equal(gemms(twice, a, b), 1);
  // Newton's step: hessian and grad of one loss trace X·w twice.
  const X = rand([200, 8], 3);
  const y = rand([200], 4).gt(0).astype("float32");
  const nll = (w: NDArray, x: NDArray, t: NDArray) => {
    const z = jnp.matmul(x, w);
    return jnp.mean(nn.softplus(z).sub(t.mul(z)));
  };
  const step = (w: NDArray, x: NDArray, t: NDArray) => w.sub(jnp.linalg.solve(hessian(nll)(w, x, t) as NDArray, grad(nll)(w, x, t)));
  agree("Newton's step", step, [rand([8], 5, 0.1), X, y], 1e-4, 1e-5);
  if (onWasm) assert.equal(gemms(step, rand([8], 5, 0.1), X, y), 4, "X·w once, X·I, the Hessian's and the gradient's products");
});

test("effects, checkpoints and literals of another sign stay apart", () => {
  const x = rand([16], 6);
  let calls = 0;
  const logged = jit((v: NDArray) => {
    debug.callback(() => {
      calls++;
    }, v);
    debug.callback(() => {
      calls++;
    }, v);
    return v.mul(2);
  });
  logged(x).blockUntilReady();
  assert.equal(calls, 2, "both callbacks ran");
  // A checkpointed layer's forward product is recomputed in the backward pass, not shared.
  const w = rand([16, 16], 7);
  const loss = (v: NDArray, m: NDArray) => jnp.sum(checkpoint((u: NDArray) => jnp.tanh(jnp.matmul(u.reshape([1, 16]), m)))(v));
  const both = (v: NDArray, m: NDArray) => {
    const [value, g] = valueAndGrad(loss)(v, m);
    return jnp.concatenate([value.reshape([1]), g]);
  };
  agree("value and grad through a checkpoint", both, [x, w], 1e-5, 1e-5);
  if (onWasm) assert.equal(gemms(both, x, w), 3, "the forward product, its recomputation and the backward one");
  const zeros = jnp.array([-0, 0, 1]);
  assertSameAsReference("x + 0 and x + (−0)", () => jit((v: NDArray) => jnp.stack([v.add(0), v.add(jnp.array(-0))]))(zeros));
});
