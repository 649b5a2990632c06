// Buffer lifetime on the wasm backend: dispose() and `using` free at once,
// double dispose is harmless, use after dispose is a clear error, and a
// compiled program frees its intermediates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jit, jnp, nn, lax, ValueError, defaultBackend, type NDArray } from "../../src/index.ts";
import { wasmBackend } from "../../src/backend/wasm/backend.ts";

const onWasm = defaultBackend() === "wasm" && wasmBackend !== null;
const live = () => wasmBackend!.heap.liveBytes;

test("dispose() frees at once; double dispose is harmless; use after dispose throws", { skip: !onWasm }, () => {
  const x = jnp.ones([1024]);
  const before = live();
  x.dispose();
  assert.equal(live(), before - 4096);
  x.dispose();
  assert.equal(live(), before - 4096);
  assert.throws(
    () => x.add(1),
    (e: Error) => e instanceof ValueError && /disposed/.test(e.message),
  );
  assert.throws(() => x.dataSync(), /disposed; it cannot be used after dispose\(\)/);
  assert.match(String((x as unknown as { [k: symbol]: () => string })[Symbol.for("nodejs.util.inspect.custom")]()), /disposed/);
});

test("`using` frees at the end of the block", { skip: !onWasm }, () => {
  let inside = 0;
  {
    using y = jnp.zeros([256, 4]);
    inside = live();
    assert.equal(y.shape[0], 256);
  }
  assert.equal(live(), inside - 4096);
});

test("a compiled program frees every intermediate; only its outputs stay live", { skip: !onWasm }, () => {
  const x = jnp.ones([64, 32]);
  const w = jnp.ones([32, 16]);
  const f = jit((x, w) => nn.softmax(jnp.tanh(jnp.matmul(x, w)).mul(2), -1).sum(0));
  f(x, w).dispose(); // compile outside the measurement
  const before = live();
  const out = f(x, w);
  assert.equal(live(), before + 64, "only the 16 float32 outputs remain");
  out.dispose();
  const g = jit((xs) => lax.scan((c, v) => [c.add(v), c.mul(v)], jnp.zeros([32]), xs));
  const [c0, y0] = g(x) as [NDArray, NDArray];
  c0.dispose();
  y0.dispose();
  const b2 = live();
  const [c, ys] = g(x) as [NDArray, NDArray];
  assert.equal(live(), b2 + 32 * 4 + 64 * 32 * 4, "the final carry and ys only");
  c.dispose();
  ys.dispose();
  assert.equal(live(), b2);
});

test("eager library functions free their temporaries at once (promoted operands, reshapes, slices)", { skip: !onWasm }, () => {
  const x = jnp.ones([16, 16]);
  const grows = (f: () => NDArray, expected: number): void => {
    f().dispose(); // a first call may compile and keep constants in its cache
    const before = live();
    const y = f();
    assert.equal(live() - before, expected, `${f}`);
    y.dispose();
  };
  grows(() => x.add(1), 1024); // the scalar and its broadcast are gone
  grows(() => jnp.multiply(2, x), 1024);
  grows(() => jnp.cumsum(x), 1024); // the flattened copy is gone
  grows(() => x.get(3, 5), 64); // slice then reshape: only the scalar stays (one cache line)
  grows(() => x.at(2, 3).set(7), 0); // a small array's element update is made in host memory (its home)
  grows(() => nn.softmax(x), 1024); // a compiled program: its intermediates are freed by the program
  grows(() => nn.gelu(x), 1024);
  // Under jit the same functions are traced: their constants must survive for the next call.
  const f = jit((a: NDArray) => jnp.cumsum(a.add(1)).get(1));
  assert.equal(f(x).item(), 4);
  assert.equal(f(x).item(), 4);
});

test("dataSync and data return arrays the caller owns", async () => {
  const x = jnp.arange(6).astype("float32");
  const d = x.dataSync() as Float32Array;
  d[0] = 42;
  const e = (await x.data()) as Float32Array;
  e[1] = 43;
  assert.deepEqual(Array.from(x.dataSync() as Float32Array), [0, 1, 2, 3, 4, 5]);
  assert.notEqual(d.buffer, e.buffer);
});

test("x.at[i].set(v) on a small array is made in host memory: values right, the source kept, nothing left in the heap", {
  skip: !onWasm,
}, () => {
  for (const dtype of ["float32", "int32", "uint8", "int16"] as const) {
    const n = 16;
    const src = jnp.arange(n).astype(dtype);
    const expected = src.toArray() as unknown[];
    // The first update reads a heap visitor (an op's output); the later ones read host memory.
    let x = src.mul(1);
    const before = live();
    for (let i = 0; i < n; i++) {
      const v = 100 + i;
      x = x.at(i).set(v);
      expected[i] = v;
    }
    assert.ok(live() <= before, `${dtype}: the updates took no heap memory (${live()} > ${before} bytes)`);
    assert.deepEqual(x.toArray(), expected, dtype);
    assert.deepEqual(src.toArray(), jnp.arange(n).astype(dtype).toArray(), `${dtype}: source unchanged`);
    // An updated array is an operand like any other (it visits the heap).
    assert.deepEqual(
      x.astype("float32").add(1).toArray(),
      expected.map((e) => Number(e) + 1),
      dtype,
    );
  }
});
