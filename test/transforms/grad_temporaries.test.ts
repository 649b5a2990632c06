// An eager grad frees its own temporaries (primal intermediates, residuals,
// cotangents) when it returns, so a training step leaves only its results in
// memory; nothing user code can reach is freed: what custom rules and
// callbacks make or are handed, values returned through hasAux, and grads
// taken inside other transformations.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customJvp,
  customVjp,
  debug,
  grad,
  jit,
  jnp,
  lax,
  memoryStats,
  type NDArray,
  nn,
  pureCallback,
  ShapeDtypeStruct,
  valueAndGrad,
  vmap,
} from "../../src/index.ts";
import { getBackend } from "../../src/backend/backend.ts";
import { rand } from "../helpers/backends.ts";

type A = any;
const bytesOf = (xs: NDArray[]) => xs.reduce((s, x) => s + x.size * 4, 0);

function mlp() {
  const params = [rand([64, 48], 1), rand([48], 2), rand([48, 10], 3), rand([10], 4)];
  const x = rand([32, 64], 5);
  const y = nn.oneHot(jnp.arange(32).mod(10), 10);
  const loss = (p: NDArray[], x: NDArray, y: NDArray) => {
    const h = jnp.tanh(jnp.matmul(x, p[0]).add(p[1]));
    const logits = jnp.matmul(h, p[2]).add(p[3]);
    return jnp.sum(nn.logSoftmax(logits).mul(y)).mul(-1 / 32);
  };
  return { params, x, y, loss };
}

test("an eager grad leaves only its gradients in memory", () => {
  const { params, x, y, loss } = mlp();
  const g0 = grad(loss)(params, x, y) as NDArray[]; // warm-up (compiles kernels)
  const backend = getBackend();
  const dispose = backend.dispose;
  let freed = 0;
  backend.dispose = (buf) => {
    freed++;
    dispose.call(backend, buf);
  };
  const before = memoryStats()?.bytesInUse;
  const g = grad(loss)(params, x, y) as NDArray[];
  const after = memoryStats()?.bytesInUse;
  backend.dispose = dispose;
  // The forward pass makes ~15 arrays and the backward pass ~10 (wasm: each kernel's output; js: each primitive's).
  assert.ok(freed >= 15, `grad freed ${freed} arrays`);
  if (before !== undefined && after !== undefined) {
    assert.ok(after - before <= bytesOf(g), `grad left ${after - before} bytes in use; its gradients hold ${bytesOf(g)}`);
  }
  for (let i = 0; i < g.length; i++) assert.ok(jnp.allclose(g[i], g0[i]).item(), `gradient ${i} changed`);
});

test("valueAndGrad's value and hasAux's intermediates stay usable", () => {
  const { params, x, y, loss } = mlp();
  const withAux = (p: NDArray[]) => {
    const h = jnp.tanh(jnp.matmul(x, p[0]).add(p[1]));
    return [loss(p, x, y), { h, logits: jnp.matmul(h, p[2]) }];
  };
  const [[value, aux], g] = valueAndGrad(withAux, { hasAux: true })(params) as A;
  assert.ok(Number.isFinite(value.item()));
  assert.deepEqual(aux.h.shape, [32, 48]);
  assert.ok(jnp.allclose(aux.logits, jnp.matmul(aux.h, params[2])).item());
  assert.equal((g as NDArray[]).length, 4);
});

test("a value traced inside grad and used after it raises an error naming grad", () => {
  let leaked: NDArray | null = null;
  const f = (w: NDArray) => {
    const h = jnp.tanh(w.mul(w));
    leaked = h;
    return h.sum();
  };
  grad(f)(rand([300], 6));
  assert.throws(() => leaked!.dataSync(), /intermediate value of grad|unexpected tracer/i);
});

test("constants that custom rules and callbacks make and keep survive grad", () => {
  let cachedRes: NDArray | null = null;
  const scaled = customVjp((x: NDArray) => x.mul(3));
  scaled.defvjp(
    (x: NDArray) => {
      cachedRes ??= jnp.full([2000], 3);
      return [x.mul(cachedRes), cachedRes];
    },
    (res: NDArray, ct: NDArray) => [ct.mul(res)],
  );
  let cachedTangentScale: NDArray | null = null;
  const cube = customJvp((x: NDArray) => x.mul(x).mul(x));
  cube.defjvp(([x]: A[], [t]: A[]) => {
    cachedTangentScale ??= jnp.full([2000], 3);
    return [cube(x), t.mul(cachedTangentScale).mul(x).mul(x)];
  });
  let table: NDArray | null = null;
  const lookup = (x: NDArray) => {
    table ??= jnp.linspace(0, 1, 2000);
    return table;
  };
  const seen: NDArray[] = [];
  const f = (x: NDArray) => {
    const t = pureCallback(lookup, new ShapeDtypeStruct([2000], "float32"), lax.stopGradient(x)) as NDArray;
    const y = scaled(x).add(cube(x)).add(lax.stopGradient(t));
    debug.callback((v: NDArray) => seen.push(v), y);
    return y.sum();
  };
  const x = rand([2000], 7);
  const g1 = grad(f)(x);
  const g2 = grad(f)(x);
  assert.ok(jnp.allclose(g1, g2).item());
  assert.ok(jnp.allclose(g1, jnp.full([2000], 3).add(x.mul(x).mul(3)), { rtol: 1e-5 }).item());
  assert.equal(cachedRes!.sum().item(), 6000);
  assert.equal(cachedTangentScale!.sum().item(), 6000);
  assert.ok(table!.max().item() === 1);
  assert.equal(seen.length, 2);
  for (const v of seen) assert.deepEqual(v.shape, [2000]);
  assert.ok(jnp.allclose(seen[0], seen[1]).item(), "arrays handed to a callback stay readable");
});

test("grads inside jit and vmap, and grad of grad, keep every value they need", () => {
  const f = (w: NDArray) => jnp.sum(jnp.tanh(w.mul(w)).mul(w));
  const w = rand([3000], 8);
  const eager = grad(f)(w);
  assert.ok(jnp.allclose(jit(grad(f))(w), eager, { rtol: 1e-5 }).item());
  const rows = rand([4, 3000], 9);
  const batched = vmap(grad(f))(rows);
  for (let i = 0; i < 4; i++) assert.ok(jnp.allclose(batched.at(i).get(), grad(f)(rows.at(i).get()), { rtol: 1e-5 }).item());
  const second = grad((w: NDArray) => grad(f)(w).sum())(w);
  assert.deepEqual(second.shape, [3000]);
  assert.ok(jnp.all(jnp.isfinite(second)).item());
  // A jitted function and an eager scan inside grad, twice (their caches hold no freed array).
  const c = jnp.linspace(0, 1, 3000);
  const inner = jit((v: NDArray) => jnp.sin(v.mul(c)));
  const h = (v: NDArray) => lax.scan((s: NDArray, r: NDArray) => [s.add(r), null], jnp.zeros([3000]), jnp.stack([inner(v), v]))[0].sum();
  assert.ok(jnp.allclose(grad(h)(w), grad(h)(w)).item());
});
