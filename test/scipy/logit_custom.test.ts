// scipy.special.logit's custom JVP (JAX's defjvps rule g / (x (1 - x))):
// values from JAX 0.10.2 (grad at 0 and 1 is inf, not nan).
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, scipy, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

const logit = (x: NDArray | number): NDArray => scipy.special.logit(x);

test("logit: JAX's custom derivative, at the ends too, under jit and vmap", () => {
  const g = grad(logit) as (x: NDArray | number) => NDArray;
  assert.equal(Number(g(0).item()), Infinity);
  assert.equal(Number(g(1).item()), Infinity);
  assertClose(g(0.3), 4.7619047, 1e-6, 1e-6, "grad at 0.3");
  assertClose(grad(grad(logit))(0.3), -9.070293, 1e-5, 1e-5, "second derivative");
  assertClose(jit(g)(0.3), 4.7619047, 1e-6, 1e-6, "jit");
  assertClose(vmap(g)(jnp.array([0.3, 0.5])), [4.7619047, 4], 1e-6, 1e-6, "vmap");
  checkGrads((x) => logit(x), [jnp.array([0.2, 0.7])], { order: 2 });
});
