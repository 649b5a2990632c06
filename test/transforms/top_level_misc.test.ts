// typeof, printEnvironmentInfo, fwdAndBwd (checked against vjp; JAX's printed forms probed from 0.10.2).
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import * as jax from "../../src/index.ts";

const { jnp, jit, vjp } = jax;

test("typeof gives shape, dtype, weak type; prints as JAX's ShapedArray", () => {
  const t = jax.typeof(jnp.ones([2, 3]));
  assert.equal(String(t), "float32[2,3]");
  assert.equal(inspect(t), "ShapedArray(float32[2,3])");
  assert.deepEqual([t.shape, t.dtype, t.weakType, t.ndim, t.size], [[2, 3], "float32", false, 2, 6]);
  assert.equal(inspect(jax.typeof(1.5)), "ShapedArray(float32[], weak_type=True)");
  assert.equal(String(jax.typeof(jnp.array(1, { dtype: "int32" }))), "int32[]");
  // Traced values have types too.
  let seen = "";
  jit((x: jax.NDArray) => {
    seen = String(jax.typeOf(x));
    return x;
  })(jnp.zeros([4]));
  assert.equal(seen, "float32[4]");
});

test("printEnvironmentInfo returns or prints the environment", () => {
  const s = jax.printEnvironmentInfo({ returnString: true })!;
  assert.match(s, /^jaxts\n/);
  assert.match(s, /backends: /);
  assert.throws(() => jax.printEnvironmentInfo({ bogus: true } as never), TypeError);
});

test("fwdAndBwd matches vjp; residuals pass through the jitted bwd", () => {
  const f = (x: jax.NDArray, W: jax.NDArray) => jnp.tanh(jnp.matmul(x, W));
  const x = jnp.array([
    [0.1, 0.2],
    [0.3, -0.4],
  ]);
  const W = jnp.array([
    [1, -2],
    [0.5, 3],
  ]);
  const ct = jnp.array([
    [1, 2],
    [3, 4],
  ]);
  const [yRef, pull] = vjp(f, x, W);
  const want = (pull(ct) as jax.NDArray[]).map((g) => g.toArray());
  for (const jitted of [true, false]) {
    const [fwd, bwd] = jax.fwdAndBwd(f, [0, 1], { jitted });
    const [y, res] = fwd(x, W);
    assert.deepEqual(y.toArray(), yRef.toArray());
    const got = (bwd(res, ct) as jax.NDArray[]).map((g) => g.toArray());
    got.forEach((g, i) => assert.ok(jnp.allclose(jnp.array(g as number[][]), jnp.array(want[i] as number[][]), { atol: 1e-6 }).item()));
  }
  const [fwd1, bwd1] = jax.fwdAndBwd(f, 1);
  const [, r1] = fwd1(x, W);
  assert.ok(jnp.allclose(bwd1(r1, ct), jnp.array(want[1] as number[][]), { atol: 1e-6 }).item());
  // With aux: fwd returns [out, residuals, aux].
  const g = (x: jax.NDArray) => [x.mul(x).sum(), x.mean()] as const;
  const [fwdA, bwdA] = jax.fwdAndBwd(g, 0, { hasAux: true });
  const [out, rA, aux] = fwdA(jnp.array([1, 2, 3]));
  assert.equal(out.item(), 14);
  assert.equal(aux.item(), 2);
  assert.deepEqual(bwdA(rA, jnp.array(1)).toArray(), [2, 4, 6]);
  assert.throws(() => jax.fwdAndBwd(f, 0, { bogus: 1 } as never), TypeError);
});
