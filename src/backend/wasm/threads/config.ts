// How many threads the wasm backend computes with, and on what. In Node:
// worker_threads. In browsers: Web Workers, when the page (or worker) is
// cross-origin isolated (served with COOP/COEP headers, so SharedArrayBuffer
// exists) and has Atomics.waitAsync. Elsewhere one thread. JAXTS_THREADS
// overrides the count (1 turns threads off): an environment variable in Node,
// `globalThis.JAXTS_THREADS` set before jaxts loads in a page.
type WorkerThreads = typeof import("node:worker_threads");
type Os = typeof import("node:os");

interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

interface BrowserGlobals {
  Worker?: unknown;
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  JAXTS_THREADS?: unknown;
}

const proc = (globalThis as { process?: NodeProcess }).process;
const web = globalThis as BrowserGlobals;

/** Node's worker_threads module, or null where there is none (browsers, old Node). */
export function workerThreads(): WorkerThreads | null {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return null;
  return (proc?.getBuiltinModule?.("node:worker_threads") as WorkerThreads | undefined) ?? null;
}

/** Why Web Workers cannot share the wasm memory here, or null when they can (a cross-origin isolated browser context). */
export function webWorkersUnavailable(): string | null {
  if (typeof web.Worker !== "function") return "no Worker (not a browser, or a context without workers)";
  if (web.crossOriginIsolated !== true || typeof SharedArrayBuffer !== "function")
    return "the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)";
  if (typeof Atomics !== "object" || typeof (Atomics as { waitAsync?: unknown }).waitAsync !== "function") return "no Atomics.waitAsync";
  return null;
}

/** At most this many threads: beyond it the GEMM's shared B panels stop fitting in cache. */
const MAX_THREADS = 8;

function parseThreads(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`JAXTS_THREADS must be a positive integer, got "${raw}"`);
  return n;
}

/** What the threads run on: Node's worker_threads, Web Workers, or nothing (one thread, with the reason). */
export type ThreadHost = { kind: "worker_threads" | "web-workers" } | { kind: "none"; reason: string };

export function threadHost(): ThreadHost {
  if (workerThreads()) return { kind: "worker_threads" };
  const why = webWorkersUnavailable();
  return why === null ? { kind: "web-workers" } : { kind: "none", reason: why };
}

/** Threads including the caller's: 1 means everything runs on the calling thread. */
export function threadCount(): number {
  const host = threadHost();
  if (host.kind === "none") return 1;
  const raw = host.kind === "worker_threads" ? proc?.env?.JAXTS_THREADS : web.JAXTS_THREADS;
  if (raw !== undefined && raw !== "") return Math.min(parseThreads(String(raw)), 64);
  if (host.kind === "web-workers") return Math.max(1, Math.min(MAX_THREADS, web.navigator?.hardwareConcurrency ?? 1));
  const os = proc?.getBuiltinModule?.("node:os") as Os | undefined;
  const cores = os?.availableParallelism?.() ?? os?.cpus().length ?? 1;
  return Math.max(1, Math.min(MAX_THREADS, cores));
}
