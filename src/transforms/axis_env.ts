// Named vmap axes (vmap's axisName): lax.axisIndex, lax.axisSize and the
// collectives (lax.psum, ...) look up the innermost vmap that bound a name, as
// JAX's axis environment does. A frame knows the batch traces that batch along
// its axis: the vmap's own, and those that batch a control-flow body or a
// custom rule for it (a batch rule running for the vmap's trace batches them
// along the same axis).
import { JaxTsError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { MainTrace } from "../core/trace.ts";

interface AxisFrame {
  name: string;
  size: number;
  /** The position along this vmap's axis, as a value batched along it. */
  index: () => NDArray;
  /** The batch traces along this axis, innermost last. */
  mains: MainTrace[];
}

const frames: AxisFrame[] = [];

/** Runs `fn` with `name` bound to the vmap axis of `size` that `main` batches along. */
export function withAxisName<T>(name: string | undefined, size: number, index: () => NDArray, main: MainTrace, fn: () => T): T {
  if (name === undefined) return fn();
  frames.push({ name, size, index, mains: [main] });
  try {
    return fn();
  } finally {
    frames.pop();
  }
}

/** The batch trace whose batch rule is running (its nested batch traces batch along the same axis). */
let batching: MainTrace | null = null;

/** Runs a batch rule of `main`'s trace. */
export function whileBatching<T>(main: MainTrace, fn: () => T): T {
  const prev = batching;
  batching = main;
  try {
    return fn();
  } finally {
    batching = prev;
  }
}

/** Runs `fn` with `main` (a batch trace made by a batch rule) batching along the running rule's named axis, if any. */
export function withBatchAlias<T>(main: MainTrace, fn: () => T): T {
  const frame = batching === null ? undefined : frames.find((f) => f.mains.includes(batching!));
  if (!frame) return fn();
  frame.mains.push(main);
  const prev = batching;
  batching = null;
  try {
    return fn();
  } finally {
    batching = prev;
    frame.mains.pop();
  }
}

/** The axis name `main` batches along, if it has one. */
export function axisNameOf(main: MainTrace): string | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.mains.includes(main)) return frames[i]!.name;
  return undefined;
}

/** Python's NameError, as JAX raises for an unbound axis name. */
export class NameError extends JaxTsError {
  override name = "NameError";
}

export function lookupAxis(name: unknown, what: string): AxisFrame & { main: MainTrace } {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    if (f.name === name) return { ...f, main: f.mains[f.mains.length - 1]! };
  }
  throw new NameError(`Found an unbound axis name: ${String(name)}. To fix this, please call ${what} under \`vmap\` with axisName.`);
}
