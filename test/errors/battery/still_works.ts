// After a batch of errors, a small program through every transformation must
// still give the right answer: no leaked trace state, no corrupted caches.
import assert from "node:assert/strict";
import { currentLevel } from "../../../src/core/trace.ts";
import { grad, jit, jnp, vmap, type NDArray } from "../../../src/index.ts";

// One jitted function for the whole run: its cache must keep one entry and its answer.
const cached = jit((x: NDArray) => jnp.sum(jnp.sin(x).mul(x)));

export function stillWorks(): void {
  assert.equal(currentLevel(), 0, "no transformation left on the trace stack");
  const x = jnp.array([0.5, 1.0]);
  assert.ok(!x.add(1).isTracer, "eager ops run eagerly (no staging trace left active)");
  const want = 0.5 * Math.sin(0.5) + Math.sin(1);
  assert.ok(Math.abs(Number(cached(x).item()) - want) < 1e-5, "jit cache gives the right answer");
  assert.equal(cached.cacheSize(), 1, "jit cache holds one variant");
  const f = jit((v: NDArray) => jnp.sum(jnp.sin(v).mul(v)));
  const g = grad(f)(x) as NDArray;
  assert.ok(Math.abs(Number(g.get(0).item()) - (Math.cos(0.5) * 0.5 + Math.sin(0.5))) < 1e-5, "grad of jit");
  const v = vmap((y: NDArray) => y.mul(2))(jnp.array([1, 2, 3])) as NDArray;
  assert.deepEqual(v.toArray(), [2, 4, 6], "vmap");
}
