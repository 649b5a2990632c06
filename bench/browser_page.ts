// The page side of `npm run bench -- --browser` (browser.ts bundles it with
// esbuild, jaxts's source imports rewritten to the page's "jaxts", the built
// dist/index.js, through an import map). It runs jaxts wasm with outputs
// dropped (the jaxts-wasm library of libs/jaxts.ts) through the same runCases
// and harness as the Node worker.
import * as jaxts from "../src/index.ts";
import { jnp, threadInfo, type ThreadInfo } from "../src/index.ts";
import { runCases } from "./cases.ts";
import type { CaseResult } from "./harness.ts";
import { jaxtsLib } from "./libs/jaxts.ts";

export interface PageResult {
  describe: string;
  available: boolean;
  cases: Record<string, CaseResult>;
  /** Before the cases (after the Web Workers' warm-up) and after them. */
  threads: [ThreadInfo, ThreadInfo];
  /** Milliseconds until the Web Workers ran a first chunk (null: one thread). */
  workersReadyMs: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Web Workers start asynchronously and need the page's event loop (Node's
 * worker_threads do not): until one has run a chunk, yield to it, so that
 * the timed runs see the pool Node sees.
 */
async function warmWorkers(): Promise<number | null> {
  if (threadInfo().threads === 1) return null;
  const t0 = performance.now();
  const x = jnp.ones([1 << 18]);
  while (threadInfo().workerChunks === 0) {
    if (performance.now() - t0 > 20_000) throw new Error(`the Web Workers ran no chunk in 20 s: ${JSON.stringify(threadInfo())}`);
    // Computed, not just built: an eager chain disposed unread is dropped unrun (eager fusion), and no worker would see a chunk.
    const y = jnp.exp(x);
    await y.blockUntilReady();
    y.dispose();
    await sleep(5);
  }
  x.dispose();
  return performance.now() - t0;
}

export async function runBench(only: readonly string[]): Promise<PageResult> {
  const lib = jaxtsLib("wasm", "drop", jaxts);
  const why = await lib.init();
  const workersReadyMs = await warmWorkers();
  const before = threadInfo();
  let line = "";
  const log = (s: string) => {
    line += s;
    if (line.endsWith("\n")) {
      console.log(line.trimEnd());
      line = "";
    }
  };
  const cases = why === null ? await runCases(lib, new Set(only), () => {}, log) : {};
  const describe = why ?? lib.describe().replace("dist/index.js built from this checkout", "dist/index.js");
  return { describe, available: why === null, cases, threads: [before, threadInfo()], workersReadyMs };
}
