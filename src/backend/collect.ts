// Collecting garbage on demand, where the platform allows it.
//
// Memory outside the JS heap (a wasm heap, GPU buffers) is invisible to the
// engine's collection heuristics, and a finalizer normally runs only after a
// collection found its object dead and only between tasks: never inside a
// synchronous loop. Node lets a program set V8 flags at run time (documented,
// set once) and read the `gc` function and a FinalizationRegistry with
// `cleanupSome` from a fresh context, so the user's globals are untouched.
// With both, `collectNow` runs a full collection and the finalizers of what
// it found dead, synchronously. Browsers have neither: their registries are
// the ordinary kind, and memory managers fall back on eviction and on
// external-memory pressure (see wasm/residency.ts).
//
// One more flag: V8 frees dead ArrayBuffers' memory (every read is one) in the
// collection's pause instead of on a helper thread. The wasm backend computes
// on every core; a helper thread that takes one mid-kernel leaves the other
// threads waiting for its chunk, so each collection cost ~3 ms of slower
// kernels afterwards (W1 with dropped outputs: median 1.0-1.5 ms between
// processes, 0.96-0.99 with the flag; measured 2026-12-06).

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}
type RegistryCtor = typeof FinalizationRegistry;
interface Collector {
  gc: () => void;
  Registry: RegistryCtor;
}

let collector: Collector | null | undefined;

function findCollector(): Collector | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const v8 = proc?.getBuiltinModule?.("node:v8") as typeof import("node:v8") | undefined;
  const vm = proc?.getBuiltinModule?.("node:vm") as typeof import("node:vm") | undefined;
  if (!v8 || !vm) return null;
  try {
    v8.setFlagsFromString("--expose-gc");
    v8.setFlagsFromString("--harmony-weak-refs-with-cleanup-some");
    v8.setFlagsFromString("--no-concurrent-array-buffer-sweeping");
    const context = vm.createContext({});
    const gc = vm.runInContext("gc", context) as unknown;
    const Registry = vm.runInContext("FinalizationRegistry", context) as RegistryCtor;
    if (typeof gc !== "function" || typeof (Registry.prototype as { cleanupSome?: unknown }).cleanupSome !== "function") return null;
    return { gc: gc as () => void, Registry };
  } catch {
    return null;
  }
}

function getCollector(): Collector | null {
  if (collector === undefined) collector = findCollector();
  return collector;
}

/** Registries whose finalizers `collectNow` runs. */
const registries: Array<{ cleanupSome(): void }> = [];

/** A FinalizationRegistry whose finalizers `collectNow` can run synchronously where the platform allows. */
export function finalizationRegistry<T>(cleanup: (held: T) => void): FinalizationRegistry<T> {
  const c = getCollector();
  if (!c) return new FinalizationRegistry<T>(cleanup);
  const r = new c.Registry(cleanup) as FinalizationRegistry<T>;
  registries.push(r as unknown as { cleanupSome(): void });
  return r;
}

/** Whether `collectNow` can collect here. */
export function canCollectNow(): boolean {
  return getCollector() !== null;
}

/**
 * A full collection, then the finalizers of everything it found dead, before
 * returning. False where the platform cannot.
 */
export function collectNow(): boolean {
  const c = getCollector();
  if (!c) return false;
  c.gc();
  for (const r of registries) r.cleanupSome();
  return true;
}

/**
 * Runs the finalizers of what the engine's own collections found dead since
 * they last ran (cheap: no collection). False where the platform cannot.
 */
export function finalizeNow(): boolean {
  if (!getCollector()) return false;
  for (const r of registries) r.cleanupSome();
  return true;
}
