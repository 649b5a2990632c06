// Eager chains deferred and fused (src/backend/deferred.ts): the values agree
// bit for bit with running each operation when called, intermediates that are
// never read never reach memory, and dispose, donation and deletion keep
// their meaning.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ValueError,
  config,
  defaultBackend,
  grad,
  jit,
  jnp,
  lax,
  memoryStats,
  nn,
  type NDArray,
  setDefaultBackend,
} from "../../src/index.ts";
import { ArrayImpl } from "../../src/core/array_impl.ts";

const onWasm = defaultBackend() === "wasm";
const skip = !onWasm;
const N = 10_000; // 40 KB float32 results: large enough to be deferred

const data = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 3);
const isDeferred = (x: NDArray): boolean => (x as ArrayImpl).deferred !== null;

/** `f` with deferral on and off, as storage-format arrays. */
function bothWays(f: () => NDArray): [ArrayLike<number>, ArrayLike<number>] {
  const on = f().dataSync() as ArrayLike<number>;
  config.update("eagerFusion", false);
  try {
    return [on, f().dataSync() as ArrayLike<number>];
  } finally {
    config.update("eagerFusion", true);
  }
}

function assertSameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++)
    if (!Object.is(a[i], b[i])) assert.fail(`${what}: element ${i}: ${a[i]} deferred, ${b[i]} when run at once`);
}

test("deferred chains agree bit for bit with operations run when called", { skip }, () => {
  const x = jnp.array(data(N, 1));
  const y = jnp.array(data(N, 2));
  const m = jnp.array(data(N, 3)).reshape([100, 100]);
  // Indices past both ends (take's fill and clip modes) and within rows (take_along_axis).
  const idx = jnp.array(Int32Array.from({ length: N }, (_, i) => ((i * 7919) % (N + 50)) - 20));
  const cols = jnp.array(Int32Array.from({ length: N }, (_, i) => (i * 31) % 100)).reshape([100, 100]);
  const cases: Array<[string, () => NDArray]> = [
    ["gathers of single elements", () => jnp.take(x.mul(2), idx).add(jnp.take(y, idx, 0, { mode: "clip" }).mul(3))],
    ["take_along_axis in a chain", () => jnp.takeAlongAxis(m.mul(3), cols, 1).reshape([N]).add(x)],
    ["one operation, an operand twice", () => x.mul(x)],
    ["selu", () => jnp.where(x.gt(0), x, jnp.exp(x).sub(1).mul(1.6732632)).mul(1.0507009)],
    [
      "transcendentals",
      () =>
        jnp
          .tanh(jnp.log1p(jnp.abs(x)))
          .add(jnp.sin(y).mul(jnp.cos(x)))
          .sub(jnp.sqrt(jnp.square(y))),
    ],
    [
      "divisions and powers",
      () =>
        x
          .div(y.add(10))
          .add(jnp.power(jnp.abs(y), 1.5))
          .mul(jnp.exp2(x.mul(0.1))),
    ],
    ["integers", () => x.astype("int32").mul(7).add(y.astype("int32")).sub(3).astype("float32")],
    ["comparisons and clips", () => jnp.clip(x, -1, 2).add(jnp.maximum(x, y)).mul(x.lt(y).astype("float32"))],
    ["views", () => m.transpose().mul(2).add(jnp.flip(m, 0)).reshape([N]).add(x)],
    ["sum of a chain", () => jnp.sum(x.mul(y).add(1))],
    [
      "reductions along axes",
      () => jnp.concatenate([jnp.max(jnp.exp(m.mul(0.5)), 0), jnp.mean(jnp.square(m.sub(1)), 1), jnp.min(m.add(m.transpose()), 1)]),
    ],
    ["integer and boolean reductions", () => jnp.sum(m.astype("int32").mul(3), 0).add(jnp.any(m.gt(2.9), 1).astype("int32"))],
    [
      // Composites take a deferred operand into its chain (jitted, when run at once).
      "jax.nn activations in a chain",
      () => {
        const [a, b] = [x.mul(1.5), y.sub(1)];
        return nn
          .softplus(a)
          .add(nn.gelu(b))
          .add(nn.gelu(a, { approximate: false }))
          .add(nn.selu(b))
          .add(nn.relu(a.sub(1)))
          .add(nn.mish(b))
          .add(nn.celu(a))
          .add(nn.silu(b));
      },
    ],
    [
      "logaddexp and hypot",
      () =>
        jnp
          .logaddexp(x.mul(2), y.mul(0.5))
          .add(jnp.hypot(x.add(1), y))
          .add(jnp.logaddexp2(x.sub(2), 0)),
    ],
    [
      "slices and broadcasts",
      () =>
        m
          .get(jnp.s(10, 60), jnp.s(null, null, 2))
          .add(m.get(jnp.s(0, 50), 0).reshape([50, 1]))
          .mul(3),
    ],
  ];
  for (const [name, f] of cases) {
    const [deferred, atOnce] = bothWays(f);
    assertSameBits(deferred, atOnce, name);
  }
});

test("a chain's intermediates never reach memory; its result is one buffer", { skip }, () => {
  const x = jnp.array(data(N, 4));
  const before = memoryStats()!.bytesInUse;
  // Kept in variables (not dropped), still never computed: nothing reads them.
  const gt = x.gt(0);
  const e = jnp.exp(x);
  const em1 = e.sub(1);
  const w = jnp.where(gt, x, em1.mul(1.67));
  const out = w.mul(1.05);
  for (const t of [gt, e, em1, w, out]) assert.ok(isDeferred(t), "deferred until read");
  // (Scalar operands visit the heap in small blocks: under 4 KiB in all.)
  const grew = () => memoryStats()!.bytesInUse - before;
  assert.ok(grew() < 4096, `nothing large allocated yet (${grew()} bytes)`);
  const v = out.dataSync();
  assert.equal(v.length, N);
  assert.ok(Math.abs(grew() - 40960) < 4096, `one 40 KB result (its size class), no intermediates (${grew()} bytes)`);
  for (const t of [gt, e, em1, w]) assert.ok(isDeferred(t), "intermediates stay deferred");
  // Read later, an intermediate is computed from the arrays it reads, with the same value.
  const [again, atOnce] = bothWays(() => jnp.exp(x).sub(1));
  assertSameBits(em1.dataSync() as Float32Array, atOnce, "em1");
  assertSameBits(again, atOnce, "em1 again");
});

test("a stack of many arrays is one computation: their expand_dims are read in place, not copied", { skip }, () => {
  const parts = Array.from({ length: 40 }, (_, i) => jnp.array(data(N, i)));
  const before = memoryStats()!.bytesInUse;
  const s = jnp.stack(parts, 0);
  assert.ok(isDeferred(s), "deferred");
  s.blockUntilReady();
  const grew = memoryStats()!.bytesInUse - before;
  assert.ok(Math.abs(grew - 40 * N * 4) < 8192, `the 1.6 MB result only (${grew} bytes)`);
  const [deferred, atOnce] = bothWays(() => jnp.stack(parts, 0));
  assertSameBits(deferred, atOnce, "stack");
  assertSameBits(s.dataSync() as Float32Array, atOnce, "stack read later");
});

test("a sum over a transposed bool operand sums as the materialized array's (the kernel stays vectorized)", { skip }, () => {
  // The comparison (4 KB) runs at once and the where over its transpose is deferred: read byte by byte, the kernel
  // had run scalar and summed in another order than the vector kernel over the materialized where.
  const R = 64;
  const x = jnp.array(data(R * R, 1)).reshape([R, R]);
  const y = jnp.array(data(R * R, 2)).reshape([R, R]);
  const [deferred, atOnce] = bothWays(() => jnp.sum(jnp.where(x.gt(y), x, y.mul(0.5)).transpose()));
  assertSameBits(deferred, atOnce, "sum");
});

test("an operand read by two computations is computed once, as a second output", { skip }, () => {
  const x = jnp.array(data(N, 5));
  const e = jnp.exp(x);
  const a = e.add(1);
  const b = e.mul(2);
  a.dataSync();
  assert.ok(!isDeferred(e), "e came out of a's computation, since b reads it too");
  assert.ok(isDeferred(b));
  const [bv, ref] = bothWays(() => jnp.exp(x).mul(2));
  assertSameBits(b.dataSync() as Float32Array, ref, "b");
  assertSameBits(bv, ref, "b again");
});

test("a value taken into one computation is kept by the next that reads it: computed twice at most, not once per reader", { skip }, () => {
  const x = jnp.array(data(N, 7));
  const e = jnp.sin(x); // read later by computations made one after another, as a loop would
  const first = e.mul(2);
  first.dataSync();
  assert.ok(isDeferred(e), "the first computation takes e in without storing it");
  const second = e.add(1);
  second.dataSync();
  assert.ok(!isDeferred(e), "the second keeps it: later readers read it from memory");
  const third = e.sub(3);
  const [v, ref] = bothWays(() => jnp.sin(x).sub(3));
  assertSameBits(third.dataSync() as Float32Array, ref, "third");
  assertSameBits(v, ref, "third again");
  assertSameBits(second.dataSync() as Float32Array, bothWays(() => jnp.sin(x).add(1))[1], "second");
});

test("dispose: operands and intermediates of a deferred chain", { skip }, () => {
  const x = jnp.array(data(N, 6));
  const y = x.mul(3).add(2); // one deferred computation reads x (mul); add reads mul
  const held = memoryStats()!.bytesInUse;
  x.dispose();
  assert.throws(
    () => x.add(1),
    (e: Error) => e instanceof ValueError && /disposed/.test(e.message),
    "a disposed operand raises at the call",
  );
  const near = (what: string) =>
    assert.ok(Math.abs(memoryStats()!.bytesInUse - held) < 4096, `${what} (${memoryStats()!.bytesInUse - held} bytes)`);
  near("x's buffer stays while a deferred computation reads it");
  // Computing y ran mul with it; mul is still deferred (y inlined it) and may be read later, so x stays until mul is garbage.
  const [yRef] = bothWays(() => jnp.array(data(N, 6)).mul(3).add(2));
  assertSameBits(y.dataSync() as Float32Array, yRef, "y");
  // An operand whose only reader ran is freed then.
  const w = jnp.array(data(N, 6));
  const v = jnp.exp(w);
  const before = memoryStats()!.bytesInUse;
  w.dispose();
  v.dataSync();
  assert.ok(Math.abs(memoryStats()!.bytesInUse - before) < 4096, "w freed as v took its own buffer");
  // A disposed intermediate: its readers still compute; using it raises.
  const z = jnp.array(data(N, 7));
  const t = z.mul(3);
  const u = t.sub(1);
  t.dispose();
  assert.throws(() => t.dataSync(), /disposed/);
  assert.throws(() => t.mul(2), /disposed/);
  const [uv, uref] = bothWays(() => z.mul(3).sub(1));
  assertSameBits(u.dataSync() as Float32Array, uref, "u");
  assertSameBits(uv, uref, "u again");
});

test("long eager loops stay bounded chains and agree with running each step", { skip }, () => {
  const x0 = jnp.array(data(N, 8));
  const run = () => {
    let x = x0;
    for (let i = 0; i < 500; i++) x = x.mul(1.0001).add(1e-3);
    return x;
  };
  let chain = 0;
  for (let x = run() as ArrayImpl; x.deferred; x = x.deferred.inputs[0]) chain++;
  assert.ok(chain <= 64, `a deferred chain of ${chain} operations`);
  const [on, off] = bothWays(run);
  assertSameBits(on, off, "500 steps");
});

test("operations read on several paths count once toward a chain's bound: jnp.remainder is one computation", { skip }, () => {
  // remainder reads its divisor and zeros in several operations; counted once per path, its chain passed the bound
  // and was computed as three programs with int32 and bool intermediates in memory.
  const x = jnp.array(Int32Array.from(data(N, 9), (v) => Math.round(v * 1000)));
  const before = memoryStats()!.bytesInUse;
  const r = jnp.remainder(x.mul(3).add(1), 7);
  assert.ok(isDeferred(r));
  r.blockUntilReady();
  const grew = memoryStats()!.bytesInUse - before;
  assert.ok(Math.abs(grew - 40960) < 4096, `one 40 KB result, no intermediates (${grew} bytes)`);
  const [on, off] = bothWays(() => jnp.remainder(x.mul(3).add(1), 7));
  assertSameBits(on, off, "remainder");
  // A chain past the bound still stops there: its operands are computed first.
  let y: NDArray = x;
  for (let i = 0; i < 40; i++) y = y.add(i);
  let chain = 0;
  for (let a = y as ArrayImpl; a.deferred; a = a.deferred.inputs[0]) chain++;
  assert.ok(chain <= 32, `a chain of ${chain}`);
});

test("an iota is deferred and fuses with what reads it: jnp.trace and jnp.eye compute no index arrays", { skip }, () => {
  const i = lax.iota("int32", N);
  assert.ok(isDeferred(i), "an iota of 40 KB waits");
  const m = jnp.array(data(100 * 100, 10)).reshape([100, 100]);
  const before = memoryStats()!.bytesInUse;
  const t = jnp.trace(m);
  t.blockUntilReady();
  const grew = memoryStats()!.bytesInUse - before;
  assert.ok(grew < 4096, `no [100, 100] iotas or mask in memory (${grew} bytes)`);
  const [on, off] = bothWays(() => jnp.trace(jnp.array(data(100 * 100, 10)).reshape([100, 100])).reshape([1]));
  assertSameBits(on, off, "trace");
  const [eyeOn, eyeOff] = bothWays(() => jnp.eye(70, 90, 3));
  assertSameBits(eyeOn, eyeOff, "eye");
});

test("deferred arrays as jit arguments, closed-over constants, scan operands, donated arrays and grad inputs", { skip }, () => {
  const x = jnp.array(data(N, 9));
  const c = jnp.cos(x); // deferred, captured by the jitted function below
  const f = jit((a: NDArray) => a.mul(c).sum());
  const cumsum = jit(
    (a: NDArray) => lax.scan((s: NDArray, v: NDArray) => [s.add(v), s] as [NDArray, NDArray], jnp.zeros([100]), a.reshape([100, 100]))[0],
  );
  const loss = (a: NDArray) => jnp.sum(jnp.tanh(a).mul(a));
  const check = (name: string, g: () => NDArray) => {
    const [on, off] = bothWays(g);
    assertSameBits(on, off, name);
  };
  check("jit argument", () => f(jnp.sin(x).add(1)));
  check("scan operand", () => cumsum(jnp.sin(x)));
  check("eager grad", () => grad(loss)(jnp.sin(x).mul(0.5)));
  // Donating an array a deferred computation still reads: the reader keeps its value.
  const a = jnp.sin(x).add(0); // computed below, then donated
  a.dataSync();
  const reader = a.mul(2);
  const g = jit((v: NDArray) => v.add(1), { donateArgnums: 0 });
  const out = g(a);
  assert.throws(() => a.add(1), /donated/);
  const [ref] = bothWays(() => jnp.sin(x).add(0).mul(2));
  assertSameBits(reader.dataSync() as Float32Array, ref, "reader of a donated array");
  const [outRef] = bothWays(() => jnp.sin(x).add(0).add(1));
  assertSameBits(out.dataSync() as Float32Array, outRef, "donated call");
});

test("blockUntilReady computes a deferred array; dispose of a deferred array drops its computation", { skip }, async () => {
  const x = jnp.array(data(N, 11));
  const y = jnp.exp(x);
  assert.ok(isDeferred(y));
  assert.equal(await y.blockUntilReady(), y);
  assert.ok(!isDeferred(y), "computed");
  const z = jnp.exp(x);
  z.dispose();
  assert.ok(!isDeferred(z) && z.isDeleted(), "nothing reads it: its computation is gone");
  await assert.rejects(() => z.blockUntilReady(), /disposed/);
});

test("small results run at once; eagerFusion false runs every operation when called", { skip }, () => {
  const s = jnp.arange(100).mul(2);
  assert.ok(!isDeferred(s), "a 400-byte result is not deferred");
  const x = jnp.array(data(N, 10));
  assert.ok(isDeferred(x.mul(2)));
  assert.ok(isDeferred(jnp.sum(x.mul(2))), "a reduction of a deferred chain waits to take it in");
  assert.ok(!isDeferred(jnp.sum(x)), "a reduction of a computed array runs now");
  assert.ok(isDeferred(nn.relu(x.mul(2))), "a composite joins the chain of a deferred operand");
  assert.ok(!isDeferred(nn.relu(x)), "a composite of a computed operand runs jitted");
  config.update("eagerFusion", false);
  try {
    assert.ok(!isDeferred(x.mul(2)));
  } finally {
    config.update("eagerFusion", true);
  }
});

test("a deferred gather keeps its disposed operand and indices until it runs", { skip }, () => {
  const make = () => [jnp.array(data(N, 4)), jnp.array(Int32Array.from({ length: N }, (_, i) => (i * 13) % N))] as const;
  const [x0, i0] = make();
  config.update("eagerFusion", false);
  let want: ArrayLike<number>;
  try {
    want = jnp.take(x0, i0).dataSync() as ArrayLike<number>;
  } finally {
    config.update("eagerFusion", true);
  }
  const [x, i] = make();
  const g = jnp.take(x, i);
  assert.ok(isDeferred(g), "the gather waits");
  x.dispose();
  i.dispose();
  assertSameBits(g.dataSync() as ArrayLike<number>, want, "gather after its operands were disposed");
});

test("a deferred chain computed after the default backend changed runs its reference steps on its own backend", { skip }, () => {
  // float16 tanh and sums run as reference steps inside the chain's program (compiler/lowp_widen.ts).
  const h = jnp.array(data(N, 9)).astype("float16");
  const outs = [jnp.tanh(h.mul(h).add(0.3)), jnp.sum(h.reshape([100, 100]), 1), h.astype("bfloat16").mul(3)];
  assert.ok(isDeferred(outs[0]) && isDeferred(outs[2]));
  const want = (() => {
    config.update("eagerFusion", false);
    try {
      return [jnp.tanh(h.mul(h).add(0.3)), jnp.sum(h.reshape([100, 100]), 1), h.astype("bfloat16").mul(3)].map((o) =>
        Array.from(o.dataSync() as ArrayLike<number>),
      );
    } finally {
      config.update("eagerFusion", true);
    }
  })();
  setDefaultBackend("js");
  try {
    outs.forEach((o, i) => {
      assert.equal(o.devices()[0], "wasm");
      assertSameBits(o.dataSync() as ArrayLike<number>, want[i], `output ${i}`);
    });
  } finally {
    setDefaultBackend("wasm");
  }
});
