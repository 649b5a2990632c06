// scipy.stats promotes its operands as JAX's promote_args_inexact does: one
// float dtype and one rank, no broadcast. Work on scalar shape parameters
// stays scalar (a beta's betaln, a gamma's gammaln are one element, not one
// per x), results broadcast as before, and mismatched shapes still raise.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jnp, makeJaxpr, type NDArray, scipy } from "../../src/index.ts";

const st = scipy.stats;

/** The largest output size among a jaxpr's lgamma equations. */
function largestLgamma(f: (x: NDArray) => NDArray, x: NDArray): number {
  const { jaxpr } = makeJaxpr(f)(x);
  const sizes = jaxpr.eqns.filter((e) => e.primitive.name === "lgamma").map((e) => e.outBinders[0].aval.shape.reduce((a, b) => a * b, 1));
  assert.ok(sizes.length > 0, "the program computes lgamma");
  return Math.max(...sizes);
}

test("scalar shape parameters are not broadcast to x's shape before their own functions", () => {
  const x = jnp.linspace(0.1, 0.9, 1000);
  assert.equal(
    largestLgamma((v) => st.beta.logpdf(v, 2, 3), x),
    1,
  );
  assert.equal(
    largestLgamma((v) => st.gamma.logpdf(v, 2.5), x),
    1,
  );
  assert.equal(
    largestLgamma((v) => st.t.logpdf(v, 3), x),
    1,
  );
});

test("results still broadcast over x, the parameters and loc / scale", () => {
  const x = jnp.linspace(0.1, 0.9, 6).reshape([2, 3]);
  assert.deepEqual(st.beta.logpdf(x, jnp.array([2, 3, 4]), 3).shape, [2, 3]);
  assert.deepEqual(st.norm.logpdf(jnp.array([0.5]), { loc: jnp.zeros([4, 1]), scale: 2 }).shape, [4, 1]);
  assert.deepEqual(st.norm.logpdf(0.5).shape, []);
  const a = st.gamma.logpdf(x, 2.5, { scale: jnp.array([1, 2, 3]) }).dataSync() as Float32Array;
  const b = st.gamma.logpdf(x, jnp.full([2, 3], 2.5), { scale: jnp.broadcastTo(jnp.array([1, 2, 3]), [2, 3]) }).dataSync() as Float32Array;
  assert.deepEqual(Array.from(a), Array.from(b), "the same values as with everything broadcast first");
  assert.throws(() => st.norm.logpdf(jnp.ones([3]), { loc: jnp.ones([4]) }), /shapes|broadcast/i);
});
