// The Backend interface: buffers plus execution of primitives (and, later,
// compiled programs). Backends know nothing of jnp or of transformations.
import type { ShapedArray } from "../core/aval.ts";
import type { TypedArray } from "../core/dtypes.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import { describe } from "../core/describe.ts";
import { JaxTsError, JaxTypeError, ValueError } from "../core/errors.ts";

/** Opaque per-backend buffer handle. */
export type DeviceBuffer = unknown;

export interface Backend {
  readonly name: string;
  /** Takes a host array in the dtype's storage format (see dtypes.storageCtor); may keep it. */
  fromHost(data: TypedArray, aval: ShapedArray): DeviceBuffer;
  /** A host copy (or read-only view the caller must not mutate) in storage format. */
  readSync(buf: DeviceBuffer, aval: ShapedArray): TypedArray;
  /** Whether readSync already returns a fresh copy the caller may keep (else it is the buffer itself). */
  readonly readsCopy?: boolean;
  /** Element `index` (row-major) in storage format, without reading the rest. */
  readAt(buf: DeviceBuffer, aval: ShapedArray, index: number): number;
  /** A copy of the buffer with element `index` set to `value` (already in storage format). */
  withElement(buf: DeviceBuffer, aval: ShapedArray, index: number, value: number): DeviceBuffer;
  /** Run one primitive on buffers. */
  execute(prim: Primitive, inputs: DeviceBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]): DeviceBuffer[];
  /** Release a buffer early (idempotent). */
  dispose(buf: DeviceBuffer): void;
  /** Whether this backend has a kernel for the primitive. */
  supports(prim: Primitive): boolean;
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
  const names = [...backends.keys()].sort((a, b) => (priorities.get(b)! - priorities.get(a)!));
  return defaultName === null ? names : [defaultName, ...names.filter((n) => n !== defaultName)];
}
export function defaultBackend(): string { return getBackend().name; }
export function setDefaultBackend(name: string): void {
  if (typeof name !== "string") throw new JaxTypeError(`setDefaultBackend expects a backend name (one of ${KNOWN.join(", ")}), got ${describe(name)}`);
  if (!KNOWN.includes(name)) throw new ValueError(`Unknown backend '${name}'; known backends: ${KNOWN.join(", ")}`);
  if (!backends.has(name)) throw new ValueError(`Backend '${name}' is not available here; available: ${devices().join(", ")}`);
  defaultName = name;
}
