// Run by threads.test.ts under a given JAXTS_THREADS: computes kernels and
// GEMMs big enough to be split over the worker threads, and prints their
// outputs (sha256 of their float32 bytes, and their sum) and how many chunks the workers ran, as JSON.
import { createHash } from "node:crypto";
import { jit, jnp, lax, nn, random, type NDArray } from "../../src/index.ts";
import { wasmBackend } from "../../src/backend/wasm/backend.ts";
import { twoThreadLoops } from "../../src/backend/wasm/runtime/loop.ts";

const pool = wasmBackend!.pool;
const normal = (seed: number, shape: number[]) => random.normal(random.key(seed), shape);

// Workers start asynchronously; until they run, the caller does every chunk itself.
if (pool) {
  const warm = normal(0, [1 << 18]);
  const deadline = Date.now() + 20000;
  while (pool.workerChunks === 0 && Date.now() < deadline) jnp.exp(warm).dispose();
}
const before = pool?.workerChunks ?? 0;
// Grow the heap step by step (each growth leaves fresh pages beyond the new block):
// a worker touches them while the cases run.
const held = Array.from({ length: 12 }, () => jnp.zeros([1 << 19]));
for (const h of held) h.dispose();

const x1 = normal(1, [300001]);
const x2 = normal(2, [700, 301]),
  b2 = normal(3, [301]);
const x3 = normal(4, [2000, 300]);
const mlp = jit((x: NDArray, w: NDArray, b: NDArray) => jnp.tanh(jnp.matmul(x, w).add(b)));
// Scans whose steps are big enough to run on two threads (codegen/loop_module.ts run_par):
// a GEMV split by columns, kernels split by range, a barrier after each call.
const [wh, wx, bh, xs] = [normal(19, [256, 256]).mul(0.06), normal(20, [64, 256]).mul(0.1), normal(21, [256]), normal(22, [40, 64])];
const rnn = (reverse: boolean) =>
  jit((wh: NDArray, wx: NDArray, b: NDArray, xs: NDArray) => {
    const cell = (h: NDArray, x: NDArray): [NDArray, NDArray] => {
      const next = jnp.tanh(jnp.matmul(h, wh).add(jnp.matmul(x, wx)).add(b));
      return [next, next.mul(2)];
    };
    const [h, ys] = lax.scan(cell, jnp.zeros([256]), xs, { reverse }) as [NDArray, NDArray];
    return jnp.concatenate([h, ys.reshape([-1])]);
  });
// The GEMM's epilogue has an extra input (the bias), moved with its half of the columns.
const biasScan = jit(
  (w: NDArray, b: NDArray, h0: NDArray) =>
    lax.scan((h: NDArray, _: null) => [jnp.tanh(jnp.matmul(h, w).add(b)), null] as [NDArray, null], h0, null, { length: 30 })[0],
);
// A while loop (its condition's flag read by both threads after the barrier) and a scan of
// kernels over stacked rows (split by rows), both elementwise-heavy steps.
const newtonSqrt = jit(
  (a: NDArray) =>
    lax.whileLoop(
      ([, i]: NDArray[]) => i.lt(25),
      ([v, i]: NDArray[]) => [v.add(a.div(v)).mul(0.5), i.add(1)],
      [a, jnp.array(0)],
    )[0],
);
const lorenz = (s: NDArray) => {
  const [x, y, z] = [s.at(0).get(), s.at(1).get(), s.at(2).get()];
  return jnp.stack([x.sub(y).mul(-10), x.mul(z.neg().add(28)).sub(y), x.mul(y).sub(z.mul(8 / 3))]);
};
const euler = jit((s0: NDArray) =>
  lax.foriLoop(0, 200, (_i: NDArray, s: NDArray) => s.add(lorenz(s.add(lorenz(s).mul(5e-4))).mul(1e-3)), s0),
);
const cases: Record<string, () => NDArray> = {
  selu: () => jit(nn.selu)(x1),
  broadcastTanh: () => jit((x: NDArray, b: NDArray) => jnp.tanh(x.add(b)))(x2, b2),
  rowSums: () => jit((x: NDArray) => jnp.sum(x.mul(x), 1))(x3),
  gemmRows: () => jnp.matmul(normal(5, [300, 200]), normal(6, [200, 150])),
  gemmBatch: () => jnp.matmul(normal(7, [4, 20, 200]), normal(8, [4, 200, 300])),
  gemmCols: () => jnp.matmul(normal(9, [8, 700]), normal(10, [700, 1000])),
  gemmTransposed: () => jnp.matmul(normal(11, [200, 300]).T, normal(12, [200, 150])),
  epilogueRows: () => mlp(normal(13, [256, 300]), normal(14, [300, 200]), normal(15, [200])),
  epilogueCols: () => mlp(normal(16, [8, 700]), normal(17, [700, 1000]), normal(18, [1000])),
  scanGemv: () => rnn(false)(wh, wx, bh, xs),
  scanGemvReverse: () => rnn(true)(wh, wx, bh, xs),
  scanWhile: () => newtonSqrt(jnp.abs(normal(26, [100000])).add(0.1)),
  scanRows: () => euler(normal(27, [3, 3000]).mul(10)),
  scanEpilogue: () => biasScan(normal(23, [4, 512, 512]).mul(0.04).get(0), normal(24, [512]), normal(25, [512])),
};
const outputs: Record<string, string> = {};
/**
 * Calls of each scan case whose steps both threads ran: at least three calls
 * (the first may find the worker instantiating the loop), then calls until
 * one joins, for up to 15 s (thread 0 waits only so long for thread 1, and
 * when other processes hold the cores, as other test files running alongside
 * do, the worker may miss the window for twenty calls in a row).
 */
const scanJoined: Record<string, number> = {};
for (const [name, f] of Object.entries(cases)) {
  if (name.startsWith("scan")) {
    const j0 = twoThreadLoops.joined;
    const t0 = performance.now();
    // (One thread: nothing can join, so three calls.)
    for (let call = 0; call < 3 || (pool && twoThreadLoops.joined === j0 && performance.now() - t0 < 15_000); call++) f().dispose();
    scanJoined[name] = twoThreadLoops.joined - j0;
  }
  const data = f().dataSync() as Float32Array;
  const digest = createHash("sha256")
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest("hex");
  outputs[name] = `${data.length} ${digest} ${data.reduce((a, b) => a + b, 0)}`;
}
// The worker never comes: the pool runs both chunks of each job on this thread, one after the
// other, so run_par's thread 0 waits, then runs the loop alone, and thread 1 returns at once.
let scanAloneRuns = 0;
if (pool) {
  const parallel = pool.parallel;
  pool.parallel = (f, nargs, args) => {
    for (let at = 0; at < args.length; at += nargs) f.local(...Array.from(args).slice(at, at + nargs));
  };
  const a0 = twoThreadLoops.alone;
  const data = cases.scanGemv().dataSync() as Float32Array;
  scanAloneRuns = twoThreadLoops.alone - a0;
  pool.parallel = parallel;
  outputs.scanAlone = `${data.length} ${createHash("sha256")
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest("hex")}`;
} else {
  const data = cases.scanGemv().dataSync() as Float32Array;
  outputs.scanAlone = `${data.length} ${createHash("sha256")
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest("hex")}`;
}
console.log(
  JSON.stringify({
    scanAloneRuns,
    threads: pool?.threads ?? 1,
    workerChunks: (pool?.workerChunks ?? 0) - before,
    prefaulted: pool?.prefaultedPages ?? 0,
    outputs,
    scanJoined,
  }),
);
