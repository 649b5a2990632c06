// JAX's device API over backends: each backend is one device, named by the
// backend ("wasm", "js", "webgpu"). devicePut moves arrays between them.
import { ArrayImpl } from "../core/array_impl.ts";
import { arrayFromData, asOperand } from "../core/convert.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike } from "../core/ndarray.ts";
import { type DTypeLike, parseDType } from "../core/dtypes.ts";
import { checkOptions } from "../core/options.ts";
import { shapeEqual, shapeStr } from "../core/shape.ts";
import { NDArray } from "../core/ndarray.ts";
import { isTracer } from "../core/trace.ts";
import { map } from "../tree/ops.ts";
import type { MapLeaves } from "../tree/types.ts";
import { defaultBackend, getBackend } from "./backend.ts";

/** Devices of the default backend (JAX's `jax.device_count()`): one per backend here. */
export function deviceCount(): number {
  return 1;
}
export function localDeviceCount(): number {
  return 1;
}
/** The default backend's devices, as JAX's `jax.local_devices()`. */
export function localDevices(): string[] {
  return [defaultBackend()];
}
/** Processes taking part in the computation (JAX's multi-host API): always one. */
export function processCount(): number {
  return 1;
}
export function processIndex(): number {
  return 0;
}

function moveLeaf(x: unknown, device: string): unknown {
  if (isTracer(x)) return x; // inside a transformation, placement is the program's (JAX's device_put is the identity there)
  if (!(x instanceof NDArray) && typeof x !== "number" && typeof x !== "boolean") {
    throw new JaxTypeError(`devicePut: a leaf is ${describe(x)}; expected an array or a JS number.`);
  }
  const a = asOperand(x as number) as ArrayImpl;
  const backend = getBackend(device);
  if (a.backend === backend) return a;
  return new ArrayImpl(a.aval, a.bufferOn(backend), backend);
}

/**
 * jax.device_put: the arrays of `x` (a pytree; JS numbers become arrays) on
 * `device` (a backend name; the default backend when omitted).
 */
export function devicePut<T>(x: T, device?: string): MapLeaves<T, NDArray> {
  if (device !== undefined && typeof device !== "string") {
    throw new JaxTypeError(`devicePut: device must be a backend name, got ${describe(device)}`);
  }
  const name = getBackend(device).name;
  return map((l: unknown) => moveLeaf(l, name), x) as MapLeaves<T, NDArray>;
}

/** jax.device_get: the arrays of a pytree, ready to read on the host (arrays stay NDArrays). */
export function deviceGet<T>(x: T): T {
  return map((l: unknown) => {
    if (isTracer(l)) throw new JaxTypeError("deviceGet was called on a traced array inside a transformation; its value is not known yet.");
    return l;
  }, x) as T;
}

/** JAX's host (process) queries, single-process here. */
export function hostCount(): number {
  return 1;
}
export function hostId(): number {
  return 0;
}
export function hostIds(): number[] {
  return [0];
}
export function processIndices(): number[] {
  return [0];
}

/**
 * jax.copy_to_host_async: starts reading the arrays of `x` to the host (on
 * an asynchronous backend, submits their pending work) and returns `x`.
 */
export function copyToHostAsync<T>(x: T): T {
  map((l: unknown) => {
    if (l instanceof NDArray && !isTracer(l)) void l.data();
    return l;
  }, x);
  return x;
}

/**
 * jax.make_array_from_callback on one device: `dataCallback` receives the
 * index of the whole array (a full slice per dimension) and returns its data;
 * `sharding` names the backend (a device name, or null for the default).
 */
export function makeArrayFromCallback(
  shape: readonly number[],
  sharding: string | null | undefined,
  dataCallback: (index: unknown[]) => ArrayLike,
  options?: { dtype?: DTypeLike },
): NDArray {
  const opts = checkOptions(options, "makeArrayFromCallback", ["dtype"]);
  if (typeof dataCallback !== "function")
    throw new JaxTypeError(`makeArrayFromCallback: dataCallback must be a function, got ${describe(dataCallback)}`);
  // The index of the whole array: one full slice per dimension (what jnp.s() builds).
  const index = shape.map(() => ({ start: null, stop: null, step: null }));
  const dtype = opts.dtype === undefined ? undefined : parseDType(opts.dtype, "makeArrayFromCallback dtype");
  const arr = arrayFromData(dataCallback(index), dtype, "makeArrayFromCallback data");
  if (!shapeEqual(arr.shape, shape)) {
    throw new ValueError(`makeArrayFromCallback: the callback returned shape ${shapeStr(arr.shape)}, expected ${shapeStr(shape)}`);
  }
  return devicePut(arr, sharding ?? undefined) as NDArray;
}
