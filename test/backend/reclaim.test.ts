// Memory that manages itself: loops written as in JAX, with no dispose(),
// run in bounded memory on the default backend, synchronous or not, eager or
// jitted. The wasm heap's budget is made small here so that a few hundred
// steps cross it many times; RSS growth after warm-up must stay under 64 MiB
// (the arrays dropped in each loop add up to 0.5-2 GiB).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  blockUntilReady,
  config,
  defaultBackend,
  grad,
  jit,
  jnp,
  lax,
  memoryStats,
  random,
  tree,
  vmap,
  type NDArray,
} from "../../src/index.ts";

const MiB = 2 ** 20;
const BUDGET = 16 * MiB;
config.update("wasmMemoryBudget", BUDGET);

const BOUND = 64 * MiB;
/** The js reference backend is ~100x slower: fewer steps (its arrays are plain typed arrays, collected by V8 alone). */
const steps = (n: number) => (defaultBackend() === "js" ? Math.ceil(n / 4) : n);
const rss = () => process.memoryUsage().rss;
const tick = () => new Promise<void>((r) => setImmediate(r));

/** Runs `warm` steps, then `steps` more, and returns the RSS growth over the second part. */
async function growth(steps: number, step: (i: number) => void, awaitEach = false, warm = Math.max(50, steps / 4)): Promise<number> {
  for (let i = 0; i < warm; i++) {
    step(i);
    if (awaitEach) await tick();
  }
  const before = rss();
  let peak = before;
  for (let i = 0; i < steps; i++) {
    step(warm + i);
    if (awaitEach) await tick();
    if (i % 16 === 0) peak = Math.max(peak, rss());
  }
  return Math.max(peak, rss()) - before;
}

/** On wasm, the heap stays within its hard limit (plus the running step's own arrays). */
function heapWithinLimit(slack: number): void {
  const s = memoryStats();
  if (s === null) return; // the js backend's buffers are ordinary garbage-collected typed arrays
  assert.ok(s.bytesInUse <= s.bytesLimit + slack, `bytes in use ${s.bytesInUse} within the limit ${s.bytesLimit}`);
  assert.ok(s.collections + s.evictions > 0, "the loop crossed the budget and memory was reclaimed");
}

test("x = step(x) with a jitted step, synchronous, 1 MB arrays: bounded", async () => {
  let x = jnp.ones([250_000]);
  const step = jit((v: NDArray) => v.mul(1.0001).add(1e-6));
  const g = await growth(steps(1200), () => {
    x = step(x);
  });
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
  heapWithinLimit(2 * MiB);
  // The values are right: 1 * 1.0001^n + 1e-6 * (1.0001^n - 1) / 0.0001 after n steps.
  const n = steps(1200) + Math.max(50, steps(1200) / 4);
  const want = 1.0001 ** n + (1e-6 * (1.0001 ** n - 1)) / 1e-4;
  assert.ok(Math.abs((x.get(0).item() as number) - want) < 1e-3 * want);
});

test("blockUntilReady() called and not awaited in a synchronous loop keeps nothing alive: collected, not evicted", async () => {
  let x = jnp.ones([250_000]);
  const step = jit((v: NDArray) => v.mul(1.0001).add(1e-6));
  const before = memoryStats();
  const g = await growth(steps(600), () => {
    x = step(x);
    void x.blockUntilReady(); // as a port of JAX's x.block_until_ready() writes it
    void blockUntilReady({ x, y: x.add(1) });
  });
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
  heapWithinLimit(2 * MiB);
  const after = memoryStats();
  // Pending promises used to hold every array until the loop's job ended: the heap filled and each output was copied out.
  if (before && after) assert.equal(after.evictions - before.evictions, 0, "no buffer was evicted");
  assert.equal(await x.blockUntilReady(), x);
});

test("x = step(x) awaiting a task after every step: bounded", async () => {
  let x = jnp.ones([250_000]);
  const step = jit((v: NDArray) => v.mul(0.5).add(1));
  const g = await growth(
    steps(600),
    () => {
      x = step(x);
    },
    true,
  );
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
  heapWithinLimit(2 * MiB);
  assert.ok(Math.abs((x.get(7).item() as number) - 2) < 1e-6);
});

test("eager ops in a synchronous loop: bounded", async () => {
  let x = jnp.ones([65_536]);
  const g = await growth(steps(3000), () => {
    x = jnp.tanh(x.mul(0.999)).add(0.001);
  });
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
  heapWithinLimit(1 * MiB);
});

test("an MLP trained with params = step(params, x, y), no dispose: bounded and learning", async () => {
  const sizes = [128, 256, 256, 10];
  const keys = random.split(random.PRNGKey(0), 3);
  type Params = { w: NDArray; b: NDArray }[];
  let params: Params = sizes
    .slice(1)
    .map((n, i) => ({ w: random.normal(keys.get(i), [sizes[i], n]).mul(1 / Math.sqrt(sizes[i])), b: jnp.zeros([n]) }));
  const x = random.normal(random.PRNGKey(1), [64, sizes[0]]);
  const y = random.normal(random.PRNGKey(2), [64, 10]);
  const loss = (ps: Params, xb: NDArray, yb: NDArray): NDArray => {
    let h = xb;
    ps.forEach((p, i) => {
      h = jnp.dot(h, p.w).add(p.b);
      if (i < ps.length - 1) h = jnp.tanh(h);
    });
    return jnp.mean(jnp.square(h.sub(yb)));
  };
  const step = jit((ps: Params, xb: NDArray, yb: NDArray) =>
    tree.map((p: NDArray, d: NDArray) => p.sub(d.mul(0.05)), ps, grad(loss)(ps, xb, yb)),
  );
  const first = loss(params, x, y).item() as number;
  const g = await growth(steps(400), () => {
    params = step(params, x, y);
  });
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
  assert.ok((loss(params, x, y).item() as number) < first * 0.9, "the loss went down");
});

test("outputs of grad, vmap, tree.map, scan, whileLoop and random keys, all dropped: bounded", async () => {
  const w = jnp.ones([64, 64]).mul(0.01);
  const xs = jnp.ones([32, 64]);
  const f = (v: NDArray) => jnp.sum(jnp.tanh(jnp.dot(v, w)));
  const gradF = grad(f);
  const perRow = vmap(gradF);
  const scanned = jit((rows: NDArray) => lax.scan((c: NDArray, r: NDArray) => [c.add(r), c.mul(2)], jnp.zeros([64]), rows));
  const looped = (v: NDArray) =>
    lax.whileLoop(
      (s: [NDArray, NDArray]) => s[0].lt(4),
      (s: [NDArray, NDArray]) => [s[0].add(1), s[1].mul(1.5)],
      [jnp.array(0), v],
    );
  let key = random.PRNGKey(3);
  const g = await growth(steps(300), () => {
    gradF(xs.get(0));
    perRow(xs);
    tree.map((a: NDArray) => a.mul(2), { a: xs, b: [xs, w] });
    scanned(xs);
    looped(xs);
    [key] = random.split(key, 2);
    random.uniform(key, [4096]);
  });
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
});

test("x = x - lr * grad(f)(x), eagerly, synchronous, 1 MB arrays: bounded", async () => {
  // Eager grad partially evaluates the function; its recipes must not hold the residuals for the rest of the job.
  const f = (v: NDArray) => jnp.sum(jnp.tanh(v).mul(v));
  const gradF = grad(f);
  let x = jnp.ones([250_000]).mul(0.5);
  const g = await growth(steps(300), () => {
    x = x.sub(gradF(x).mul(0.01));
  });
  assert.ok(g < BOUND, `RSS grew ${(g / MiB).toFixed(1)} MiB`);
  heapWithinLimit(4 * MiB);
});
