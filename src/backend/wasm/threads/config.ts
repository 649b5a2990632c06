// How many threads the wasm backend computes with. Threads need Node's
// worker_threads (browsers would need cross-origin isolation and a worker
// script URL: they run single-threaded) and SharedArrayBuffer; JAXTS_THREADS
// overrides the count (1 turns threads off).
type WorkerThreads = typeof import("node:worker_threads");
type Os = typeof import("node:os");

interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

const proc = (globalThis as { process?: NodeProcess }).process;

/** Node's worker_threads module, or null where there is none (browsers, old Node). */
export function workerThreads(): WorkerThreads | null {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return null;
  return (proc?.getBuiltinModule?.("node:worker_threads") as WorkerThreads | undefined) ?? null;
}

/** At most this many threads: beyond it the GEMM's shared B panels stop fitting in cache. */
const MAX_THREADS = 8;

function parseThreads(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`JAXTS_THREADS must be a positive integer, got "${raw}"`);
  return n;
}

/** Threads including the caller's: 1 means everything runs on the calling thread. */
export function threadCount(): number {
  if (!workerThreads()) return 1;
  const raw = proc?.env?.JAXTS_THREADS;
  if (raw !== undefined && raw !== "") return Math.min(parseThreads(raw), 64);
  const os = proc?.getBuiltinModule?.("node:os") as Os | undefined;
  const cores = os?.availableParallelism?.() ?? os?.cpus().length ?? 1;
  return Math.max(1, Math.min(MAX_THREADS, cores));
}
