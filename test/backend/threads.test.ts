// Worker threads: kernels, GEMMs and scan steps split over threads give bit-for-bit the
// results of one thread (each output element is computed by the same code in
// the same order), and the workers really ran part of them, while another
// worker touched freshly grown heap pages in the background. Each setting runs
// in its own process, since the thread count is fixed when the backend loads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { defaultBackend } from "../../src/index.ts";
import { PREFAULTED, PREFAULT_FROM, PREFAULT_TO } from "../../src/backend/wasm/threads/protocol.ts";
import { PREFAULT_SOURCE } from "../../src/backend/wasm/threads/worker_source.ts";

interface ChildResult {
  threads: number;
  workerChunks: number;
  prefaulted: number;
  outputs: Record<string, string>;
  scanJoined: Record<string, number>;
  scanAloneRuns: number;
}

function runChild(threads: number): ChildResult {
  const child = fileURLToPath(new URL("./threads_child.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--conditions=source", "--import", "tsx", child], {
    env: { ...process.env, JAXTS_THREADS: String(threads), JAXTS_BACKEND: "wasm" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out) as ChildResult;
}

test("threaded kernels and GEMMs equal single-threaded ones bit for bit", { skip: defaultBackend() !== "wasm" }, () => {
  const single = runChild(1);
  const multi = runChild(3);
  assert.equal(single.threads, 1);
  assert.equal(single.workerChunks, 0);
  assert.equal(multi.threads, 3);
  assert.ok(multi.workerChunks > 0, "the workers ran no chunk");
  // A worker touched grown heap pages while the kernels ran: the results above are still bit-exact.
  assert.ok(multi.prefaulted > 0, "no heap page was touched ahead of use");
  // Each scan's steps ran on two threads (codegen/loop_module.ts run_par) in some of its calls.
  for (const [name, joined] of Object.entries(multi.scanJoined)) assert.ok(joined > 0, `${name}: the scan never ran on two threads`);
  for (const [name, joined] of Object.entries(single.scanJoined)) assert.equal(joined, 0, `${name}: one thread, yet two ran the scan`);
  // A worker that never joins: the first thread ran the scan alone (outputs.scanAlone, compared below).
  assert.equal(multi.scanAloneRuns, 1, "run_par did not fall back to one thread");
  for (const name of Object.keys(single.outputs)) {
    assert.ok(single.outputs[name].length > 0);
    assert.equal(multi.outputs[name], single.outputs[name], `${name}: threaded result differs`);
  }
});

test("JAXTS_THREADS must be a positive integer", { skip: defaultBackend() !== "wasm" }, () => {
  assert.throws(() => runChild(0), /JAXTS_THREADS must be a positive integer, got "0"/);
});

test("a worker that does not see a heap growth yet touches only the pages it sees, and the rest later", () => {
  // The worker's prefault loop, run here over a control block and a "memory"
  // whose buffer is shorter than the range asked for (as a worker's view is
  // until the engine tells it of a growth made on another thread).
  const c = new Int32Array(new SharedArrayBuffer(64 * 4));
  const memory = { buffer: new SharedArrayBuffer(8 * 4096) };
  const prefault = new Function("c", "memory", `${PREFAULT_SOURCE}\nreturn prefault;`)(c, memory) as () => void;
  Atomics.store(c, PREFAULT_FROM, 2);
  Atomics.store(c, PREFAULT_TO, 20);
  prefault();
  assert.equal(c[PREFAULTED], 6, "pages 2..7 are the ones this view has");
  assert.deepEqual([c[PREFAULT_FROM], c[PREFAULT_TO]], [8, 20], "the rest stays asked for");
  memory.buffer = new SharedArrayBuffer(32 * 4096);
  prefault();
  assert.equal(c[PREFAULTED], 18);
  assert.equal(c[PREFAULT_TO], 0, "nothing left to touch");
});
