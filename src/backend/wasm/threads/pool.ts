// Worker threads sharing the wasm heap. `parallel` runs one exported wasm
// function over chunks (each with its own arguments) on the calling thread
// and the workers together, and returns when every chunk is done: callers
// stay synchronous. Chunks are claimed dynamically, so the caller does all
// of them itself while the workers are still starting (no first-call wait)
// or busy. In Node the workers are worker_threads, unref'd (they never keep a
// process alive); in a cross-origin isolated page they are Web Workers
// started from a Blob URL, and the caller (a page's main thread may not
// block) spins on the last chunks instead of waiting.
import type { WasmMemory, WasmModule } from "../emitter/index.ts";
import {
  ARGS,
  SPIN_MS,
  CONTROL_INTS,
  DONE,
  ERROR,
  FN,
  GEN,
  MAX_ARG_INTS,
  MAX_CHUNKS,
  NARGS,
  NEXT,
  PREFAULTED,
  PREFAULT_FROM,
  PREFAULT_TO,
  WORKED,
  claimChunk,
  openJob,
} from "./protocol.ts";
import { threadCount, threadHost, workerThreads } from "./config.ts";
import { WEB_WORKER_SOURCE, WORKER_SOURCE } from "./worker_source.ts";

type Fn = (...args: number[]) => void;
type WorkerThreads = NonNullable<ReturnType<typeof workerThreads>>;
type Port = InstanceType<WorkerThreads["MessageChannel"]>["port1"];

/** The browser's Worker, as far as the pool uses it. */
interface WebWorker {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
}
type WebWorkerClass = new (url: string, options?: { name?: string }) => WebWorker;
interface BlobUrls {
  Blob: new (parts: string[], options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string };
}

/**
 * A wasm export the pool can run: its module goes to each worker once, and
 * is instantiated there with `links` (import name -> an export of a module
 * registered earlier), so instances that call each other are rebuilt alike.
 */
export interface PoolFunction {
  readonly id: number;
  readonly module: WasmModule;
  readonly name: string;
  readonly local: Fn;
  readonly links: Record<string, [PoolFunction, string]>;
}

export class ThreadPool {
  private readonly c = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  private ports: Port[] = [];
  private webWorkers: WebWorker[] = [];
  /** Web Workers (browsers) rather than worker_threads (Node). */
  private readonly web = threadHost().kind === "web-workers";
  private lastWebError = "";
  private started = false;
  private tag = 0;
  private fns: PoolFunction[] = [];
  /** How many registered functions every worker has been sent. */
  private sent = 0;

  constructor(
    private readonly memory: WasmMemory,
    readonly threads: number,
  ) {}

  /** Chunks run by the workers so far (the rest ran on the calling thread). */
  get workerChunks(): number {
    return Atomics.load(this.c, WORKED);
  }
  /** Heap pages the workers have touched ahead of use so far. */
  get prefaultedPages(): number {
    return Atomics.load(this.c, PREFAULTED);
  }

  /**
   * Asks a worker to touch the heap's bytes [from, to) in the background:
   * first touches of fresh pages are slow (~15 µs each in VMs), and the
   * caller's thread then finds them ready. Starts the workers if needed.
   */
  prefault(from: number, to: number): void {
    const first = Math.ceil(from / 4096),
      end = Math.floor(to / 4096);
    if (end <= first) return;
    this.start();
    Atomics.store(this.c, PREFAULT_FROM, first);
    Atomics.store(this.c, PREFAULT_TO, end);
    Atomics.add(this.c, GEN, 1);
    Atomics.notify(this.c, GEN, 1);
  }

  register(module: WasmModule, name: string, local: Fn, links: Record<string, [PoolFunction, string]> = {}): PoolFunction {
    const f = { id: this.fns.length, module, name, local, links };
    this.fns.push(f);
    return f;
  }

  /** Runs f over chunks: chunk i gets args[i * nargs .. (i + 1) * nargs). */
  parallel(f: PoolFunction, nargs: number, args: Int32Array | number[]): void {
    const count = args.length / nargs;
    if (!Number.isInteger(count) || count > MAX_CHUNKS || args.length > MAX_ARG_INTS)
      throw new Error(`internal: bad parallel job (${args.length} args, ${nargs} per chunk)`);
    if (count === 0) return;
    this.start();
    this.sendModules();
    const { c } = this;
    c.set(args, ARGS);
    c[FN] = f.id;
    c[NARGS] = nargs;
    c[ERROR] = 0;
    Atomics.store(c, DONE, 0);
    this.tag++;
    Atomics.store(c, NEXT, openJob(this.tag, count));
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    let failure: unknown = null;
    const one: number[] = new Array(nargs);
    for (let chunk = claimChunk(c); chunk >= 0; chunk = claimChunk(c)) {
      for (let j = 0; j < nargs; j++) one[j] = c[ARGS + chunk * nargs + j];
      try {
        f.local(...one);
      } catch (e) {
        failure ??= e;
      }
      Atomics.add(c, DONE, 1);
    }
    if (this.web) while (Atomics.load(c, DONE) < count);
    else {
      const end = performance.now() + SPIN_MS;
      for (let i = 1; Atomics.load(c, DONE) < count && ((i & 255) !== 0 || performance.now() < end); i++);
      for (let d = Atomics.load(c, DONE); d < count; d = Atomics.load(c, DONE)) Atomics.wait(c, DONE, d);
    }
    if (failure) throw failure;
    if (Atomics.load(c, ERROR)) throw new Error(`a worker thread failed: ${this.workerError()}`);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.web) return this.startWeb();
    const wt = workerThreads()!;
    for (let i = 1; i < this.threads; i++) {
      const { port1, port2 } = new wt.MessageChannel();
      const w = new wt.Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { memory: this.memory, control: this.c.buffer, port: port2 },
        transferList: [port2],
      });
      w.unref();
      port1.unref();
      this.ports.push(port1);
    }
  }

  private startWeb(): void {
    const g = globalThis as unknown as BlobUrls & { Worker: WebWorkerClass };
    const url = g.URL.createObjectURL(new g.Blob([WEB_WORKER_SOURCE], { type: "text/javascript" }));
    for (let i = 1; i < this.threads; i++) {
      const w = new g.Worker(url, { name: `jaxts-${i}` });
      w.onmessage = (e) => {
        this.lastWebError = String(e.data);
      };
      w.postMessage({ memory: this.memory, control: this.c.buffer });
      this.webWorkers.push(w);
    }
  }

  /**
   * Sends the functions registered since the last job, as one message per
   * worker: each message costs ~0.1 ms, and a module in it (a program's
   * kernels, the sgemm linked to each epilogue) is cloned once however many
   * of its functions it carries.
   */
  private sendModules(): void {
    if (this.sent === this.fns.length) return;
    const message = this.fns.slice(this.sent).map(({ id, module, name, links }) => ({
      id,
      module,
      name,
      links: Object.fromEntries(Object.entries(links).map(([imp, [f, exp]]) => [imp, [f.id, exp]])),
    }));
    this.sent = this.fns.length;
    for (const p of this.ports) p.postMessage(message);
    for (const w of this.webWorkers) w.postMessage(message);
  }

  private workerError(): string {
    // A Web Worker's message arrives once the caller's task ends: the last one seen, if any.
    if (this.web) return this.lastWebError || "(its message goes to the page's console)";
    const wt = workerThreads()!;
    for (const p of this.ports) {
      const m = wt.receiveMessageOnPort(p);
      if (m) return String(m.message);
    }
    return "(no message)";
  }
}

let pool: ThreadPool | null | undefined;

/** The process's (or page's) pool over `memory`, or null when threads are off (one thread, no SharedArrayBuffer, no workers). */
export function threadPool(memory: WasmMemory): ThreadPool | null {
  if (pool === undefined) {
    const n = threadCount();
    pool = n > 1 && memory.buffer instanceof SharedArrayBuffer ? new ThreadPool(memory, n) : null;
  }
  return pool;
}

/** How the wasm backend computes: with how many threads, on what, and why one thread when it is one. */
export interface ThreadInfo {
  /** Threads including the calling one (1: everything runs on the calling thread). */
  threads: number;
  /** What the other threads are: Node's worker_threads, a page's Web Workers, or none. */
  host: "worker_threads" | "web-workers" | "none";
  /** Why there is one thread, when there is one. */
  reason?: string;
  /** Chunks of kernels and GEMMs the other threads have run so far. */
  workerChunks: number;
}

/** The wasm backend's threads (see README, Browsers: a page needs COOP/COEP headers for more than one). */
export function threadInfo(): ThreadInfo {
  const host = threadHost();
  const threads = threadCount();
  const workerChunks = pool?.workerChunks ?? 0;
  if (host.kind === "none") return { threads, host: "none", reason: host.reason, workerChunks };
  if (threads === 1) return { threads, host: "none", reason: "JAXTS_THREADS is 1, or there is one core", workerChunks };
  return { threads, host: host.kind, workerChunks };
}
