// The Backend contract: everything a backend does, in one place. Backends
// know nothing of jnp or of transformations.
//
// - Buffers: created from host data (`fromHost`), by primitives (`execute`)
//   and by compiled programs; released by `dispose` or, for memory the
//   garbage collector cannot see, when their owning array is garbage (`track`).
// - Host transfer: `read` is asynchronous and works on every backend;
//   `readSync` exists where the device allows it (wasm, js; a GPU backend
//   would answer from a staged copy or throw).
// - Eager primitives: `execute` runs one primitive on buffers; a primitive
//   without a native kernel falls back to the reference kernels
//   (src/backend/js) over host views of the buffers.
// - Compiled programs: `compile` turns a jaxpr into an Executable (fusion
//   and planning are the target-neutral compiler's, src/compiler; code
//   generation is the backend's); `runControlFlow` runs an eager scan or
//   while as one compiled loop. A backend without them interprets jaxprs
//   equation by equation through `execute`.
//
// Ordering: operations take effect in the order they are issued. A buffer
// passed to an operation stays valid until that operation completes, even if
// it is disposed right after issuing; a read observes every operation issued
// before it. The backends here complete each operation before returning.
import type { ArrayImpl } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import type { StorageArray } from "../core/dtypes.ts";
import type { Jaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import type { Target } from "../compiler/target.ts";
import { describe } from "../core/describe.ts";
import { JaxTsError, JaxTypeError, ValueError } from "../core/errors.ts";

/** Opaque per-backend buffer handle. */
export type DeviceBuffer = unknown;

export interface Backend {
  readonly name: string;
  /** Takes a host array in the dtype's storage format (see dtypes.storageCtor); may keep it. */
  fromHost(data: StorageArray, aval: ShapedArray): DeviceBuffer;
  /** A host copy (or read-only view the caller must not mutate) in storage format. */
  readSync(buf: DeviceBuffer, aval: ShapedArray): StorageArray;
  /** The same, once every operation issued before it has completed. */
  read(buf: DeviceBuffer, aval: ShapedArray): Promise<StorageArray>;
  /** Whether readSync already returns a fresh copy the caller may keep (else it is the buffer itself). */
  readonly readsCopy?: boolean;
  /** Element `index` (row-major) in storage format (a bigint for int64/uint64), without reading the rest. */
  readAt(buf: DeviceBuffer, aval: ShapedArray, index: number): number | bigint;
  /** A copy of the buffer with element `index` set to `value` (already in storage format: a bigint for int64/uint64). */
  withElement(buf: DeviceBuffer, aval: ShapedArray, index: number, value: number | bigint): DeviceBuffer;
  /** Run one primitive on buffers. */
  execute(prim: Primitive, inputs: DeviceBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): DeviceBuffer[];
  /** Release a buffer early (idempotent). */
  dispose(buf: DeviceBuffer): void;
  /**
   * Called when `owner` (an array) takes a buffer: a backend whose memory the
   * garbage collector cannot see frees the buffer once `owner` is garbage.
   * Backends whose buffers are ordinary JS objects leave this out.
   */
  track?(owner: object, buf: DeviceBuffer): void;
  /** The buffer's owner changed or no longer frees it (donation hands it to a new array). */
  untrack?(buf: DeviceBuffer): void;
  /** Memory in use, as `memoryStats()` reports it; absent where the backend cannot tell (as JAX's CPU client). */
  memoryStats?(): MemoryStats;
  /** Drop compiled kernels (jax.clear_caches); later programs compile again. */
  clearCaches?(): void;
  /** Whether this backend has a kernel for the primitive. */
  supports(prim: Primitive): boolean;
  /** What the compiler may put in this backend's kernels. */
  readonly target?: Target;
  /**
   * Whether eager elementwise chains on this backend wait until their value is
   * needed and then run as one compiled program (backend/deferred.ts): the
   * backend compiles programs for its target and runs them at any moment a
   * value is asked for. (WebGPU's programs would, once measured on a device.)
   */
  readonly defersEager?: boolean;
  /** A jaxpr compiled for this backend, or null where it is interpreted (jit then evaluates it equation by equation). */
  compile?(jaxpr: Jaxpr): Executable | null;
  /** An eager scan or while run as one compiled loop, or null to run the primitive's own implementation. */
  runControlFlow?(prim: Primitive, args: readonly ArrayImpl[], params: Params): ArrayImpl[] | null;
  /** Waits until the buffer's value is computed and readable synchronously (`x.blockUntilReady()`); absent where it always is. */
  ready?(buf: DeviceBuffer, aval: ShapedArray): Promise<void>;
}

/** A compiled jaxpr. */
export interface Executable {
  /**
   * Runs on concrete arrays (constants after the arguments). `donated[i]`
   * hands argument i's buffer to the program: the argument is deleted.
   */
  run(args: readonly ArrayImpl[], consts: readonly NDArray[], donated?: readonly boolean[] | null): ArrayImpl[];
  /** The compiled steps as text (kernels, GEMMs, loops). */
  asText(): string;
  /** Compiled steps (kernels, GEMMs, loops), for tests of fusion. */
  readonly kernelCount: number;
  /** Whether the program is one compiled loop (plus copies). */
  readonly isSingleLoop: boolean;
}

/** A backend's memory, in JAX's spirit (`Device.memory_stats()`), camelCased. */
export interface MemoryStats {
  /** Bytes of the backend's memory held by buffers and workspaces now. */
  bytesInUse: number;
  peakBytesInUse: number;
  /** Past this many bytes in use, least recently used buffers are moved out of device memory. */
  bytesLimit: number;
  /** Device memory reserved from the platform (a wasm memory never shrinks). */
  bytesReserved: number;
  numAllocs: number;
  largestAllocSize: number;
  /** Buffers in device memory (some may belong to arrays already dropped and not yet collected). */
  residentBuffers: number;
  /** Buffers moved to host memory to make room, and their bytes. */
  evictions: number;
  evictedBytes: number;
  /** Evicted buffers brought back because they were used again. */
  reloads: number;
  /** Garbage collections the backend ran to reclaim dropped arrays' memory. */
  collections: number;
  /** Milliseconds spent in those collections. */
  collectionMs: number;
  /** Buffers freed because their arrays were garbage collected (not disposed). */
  collectedBuffers: number;
}

const backends = new Map<string, Backend>();
let defaultName: string | null = null;
const KNOWN = ["wasm", "js", "webgpu"];

export function registerBackend(b: Backend, priority: number): void {
  backends.set(b.name, b);
  priorities.set(b.name, priority);
  if (defaultName === null || priority > (priorities.get(defaultName) ?? -1)) defaultName = b.name;
}
const priorities = new Map<string, number>();

export function getBackend(name?: string): Backend {
  const n = name ?? defaultName;
  if (n === null) throw new JaxTsError("no backend registered");
  const b = backends.get(n);
  if (!b) throw new ValueError(`Backend '${n}' is not available here; available: ${devices().join(", ")}`);
  return b;
}

/** Names of available backends, the default first (it may not be the highest priority: setDefaultBackend, JAXTS_BACKEND), then by priority. */
export function devices(): string[] {
  const names = [...backends.keys()].sort((a, b) => priorities.get(b)! - priorities.get(a)!);
  return defaultName === null ? names : [defaultName, ...names.filter((n) => n !== defaultName)];
}
/**
 * The memory of a backend (the default one when no name is given), as JAX's
 * `Device.memory_stats()`; null for a backend whose buffers are ordinary JS
 * objects (as JAX's CPU client returns None).
 */
export function memoryStats(device?: string): MemoryStats | null {
  if (device !== undefined && typeof device !== "string") {
    throw new JaxTypeError(`memoryStats expects a backend name (one of ${devices().join(", ")}), got ${describe(device)}`);
  }
  return getBackend(device).memoryStats?.() ?? null;
}

export function defaultBackend(): string {
  return getBackend().name;
}
/**
 * fn run with `backend` as the default: a compiled program's reference steps
 * run where the program runs, whatever the default is when the program does
 * (a deferred value computed after setDefaultBackend changed it).
 */
export function onBackend<T>(backend: Backend, fn: () => T): T {
  const prev = defaultName;
  defaultName = backend.name;
  try {
    return fn();
  } finally {
    defaultName = prev;
  }
}

export function setDefaultBackend(name: string): void {
  if (typeof name !== "string")
    throw new JaxTypeError(`setDefaultBackend expects a backend name (one of ${KNOWN.join(", ")}), got ${describe(name)}`);
  if (!KNOWN.includes(name)) throw new ValueError(`Unknown backend '${name}'; known backends: ${KNOWN.join(", ")}`);
  if (!backends.has(name)) throw new ValueError(`Backend '${name}' is not available here; available: ${devices().join(", ")}`);
  defaultName = name;
}
