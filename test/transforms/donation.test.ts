// jit(f, {donateArgnums}) as in JAX (checked against jax 0.10.2 on CPU): a
// donated argument whose buffer an output can reuse (as many elements of the
// same item size) is deleted by the call; one no output can reuse stays alive,
// with a warning; one array in two donated (or a donated and a kept) position
// is an error that leaves it alive; JS numbers may be donated and nothing
// happens. Runs on both backends; the heap reuse is checked on wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ValueError, defaultBackend, grad, jit, jnp, memoryStats, type NDArray } from "../../src/index.ts";

const deleted = (x: NDArray): boolean => x.isDeleted();

/** Runs `f`, returning the warnings it emitted. */
function warningsOf(f: () => void): string[] {
  const seen: string[] = [];
  const original = process.emitWarning;
  process.emitWarning = ((w: string | Error) => {
    seen.push(typeof w === "string" ? w : w.message);
  }) as typeof process.emitWarning;
  try {
    f();
  } finally {
    process.emitWarning = original;
  }
  return seen;
}

test("a donated argument is deleted; its later use names the donation; outputs are right", () => {
  const f = jit((x: NDArray) => x.mul(2), { donateArgnums: 0 });
  const x = jnp.ones([3]);
  const y = f(x);
  assert.deepEqual([...(y.dataSync() as Float32Array)], [2, 2, 2]);
  assert.equal(deleted(x), true);
  assert.equal(deleted(y), false);
  for (const use of [() => x.add(1), () => x.dataSync(), () => String(x), () => f(x)]) {
    assert.throws(use, (e: Error) => e instanceof ValueError && /donated to a jitted function \(donateArgnums\)/.test(e.message));
  }
  assert.deepEqual(x.shape, [3]);
  assert.equal(x.dtype, "float32");
  x.dispose(); // harmless, as JAX's delete() twice
});

test("returning a donated argument gives a new array with its values", () => {
  const id = jit((x: NDArray) => x, { donateArgnums: 0 });
  const a = jnp.arange(3).astype("float32");
  const b = id(a);
  assert.notEqual(b, a);
  assert.equal(deleted(a), true);
  assert.deepEqual([...(b.dataSync() as Float32Array)], [0, 1, 2]);
  const pair = jit((x: NDArray, y: NDArray) => [x, x.add(y)], { donateArgnums: 0 });
  const u = jnp.arange(3).astype("float32");
  const v = jnp.full([3], 10);
  const [p, q] = pair(u, v) as NDArray[];
  assert.deepEqual([...(p.dataSync() as Float32Array)], [0, 1, 2]);
  assert.deepEqual([...(q.dataSync() as Float32Array)], [10, 11, 12]);
  assert.equal(deleted(u), true);
  assert.equal(deleted(v), false);
});

test("an argument no output can reuse stays alive, with JAX's warning at trace time", () => {
  const s = jit((x: NDArray) => x.sum(), { donateArgnums: 0 });
  const x = jnp.ones([3]);
  const w = warningsOf(() => assert.equal(s(x).item(), 3));
  assert.equal(w.length, 1);
  assert.match(w[0], /Some donated buffers were not usable: float32\[3\]/);
  assert.equal(deleted(x), false);
  assert.deepEqual(
    warningsOf(() => s(x)),
    [],
    "a cached call does not warn again",
  );
  // Same element count and item size: int32[3] -> float32[3] and a reshape are reusable.
  const cast = jit((v: NDArray) => v.astype("float32"), { donateArgnums: 0 });
  const i = jnp.arange(3);
  assert.deepEqual(
    warningsOf(() => cast(i)),
    [],
  );
  assert.equal(deleted(i), true);
  const shrink = jit((v: NDArray) => v.get(jnp.arange(2)), { donateArgnums: 0 });
  const z = jnp.ones([4]);
  warningsOf(() => shrink(z));
  assert.equal(deleted(z), false);
});

test("one array in two positions of a call with donation is an error, and stays alive", () => {
  const two = jit((a: NDArray, b: NDArray) => a.add(b), { donateArgnums: [0, 1] });
  const x = jnp.ones([3]);
  assert.throws(
    () => two(x, x),
    (e: Error) => e instanceof ValueError && /donated .* also passed as leaf 1/.test(e.message),
  );
  assert.equal(deleted(x), false);
  const first = jit((a: NDArray, b: NDArray) => a.add(b), { donateArgnums: 0 });
  assert.throws(() => first(x, x), /can be used only once per call/);
  assert.equal(deleted(x), false);
  const captured = jnp.ones([3]);
  const usesConst = jit((a: NDArray) => a.add(captured), { donateArgnums: 0 });
  assert.throws(() => usesConst(captured), /captures the same array as a constant/);
  assert.equal(
    usesConst(jnp.ones([3]))
      .get(0)
      .item(),
    2,
  );
});

test("donated pytrees, JS numbers, bad argnums and static overlap", () => {
  const f = jit((d: { a: NDArray; b: NDArray[] }) => ({ a: d.a.mul(2), b: d.b.map((v) => v.add(1)) }), { donateArgnums: 0 });
  const d = { a: jnp.ones([2]), b: [jnp.zeros([3]), jnp.arange(4)] };
  const out = f(d);
  assert.ok([d.a, ...d.b].every(deleted));
  assert.deepEqual([...(out.b[1].dataSync() as Int32Array)], [1, 2, 3, 4]);
  const g = jit((v: NDArray) => v.mul(2), { donateArgnums: 0 });
  assert.equal((g(2 as unknown as NDArray) as NDArray).item(), 4);
  const h = jit((a: NDArray) => a, { donateArgnums: 3 });
  assert.throws(
    () => h(jnp.ones([1])),
    (e: Error) => e instanceof ValueError && /donateArgnums=3 but was called with only 1 positional arguments/.test(e.message),
  );
  assert.throws(() => jit((a: NDArray) => a, { donateArgnums: 0, staticArgnums: 0 }), /staticArgnums and donateArgnums cannot intersect/);
  assert.throws(() => jit((a: NDArray) => a, { donateArgnums: "0" as unknown as number }), /donateArgnums must be an integer/);
});

test("under an outer transformation nothing is donated", () => {
  const inner = jit((x: NDArray) => x.mul(x).sum(), { donateArgnums: 0 });
  const x = jnp.arange(3).astype("float32");
  const gx = grad(inner)(x);
  assert.deepEqual(gx.toArray(), [0, 2, 4]);
  assert.equal(deleted(x), false);
});

test("a donated buffer is reused for the output: a donating loop holds one array", { skip: defaultBackend() !== "wasm" }, () => {
  const step = jit((v: NDArray) => v.mul(0.5).add(1), { donateArgnums: 0 });
  let x = jnp.zeros([1 << 18]);
  x = step(x);
  const before = memoryStats()!.bytesInUse;
  for (let i = 0; i < 50; i++) {
    x = step(x);
    assert.equal(memoryStats()!.bytesInUse, before, `step ${i}`);
  }
  assert.ok(Math.abs((x.get(0).item() as number) - 2) < 1e-6);
});
