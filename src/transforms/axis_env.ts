// Named vmap axes (vmap's axisName): lax.axisIndex and lax.axisSize look up the
// innermost vmap that bound a name, as JAX's axis environment does.
import { JaxTsError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";

interface AxisFrame {
  name: string;
  size: number;
  /** The position along this vmap's axis, as a value batched along it. */
  index: () => NDArray;
}

const frames: AxisFrame[] = [];

/** Runs `fn` with `name` bound to a vmap axis of `size`. */
export function withAxisName<T>(name: string | undefined, size: number, index: () => NDArray, fn: () => T): T {
  if (name === undefined) return fn();
  frames.push({ name, size, index });
  try {
    return fn();
  } finally {
    frames.pop();
  }
}

/** Python's NameError, as JAX raises for an unbound axis name. */
export class NameError extends JaxTsError {
  override name = "NameError";
}

export function lookupAxis(name: unknown, what: string): AxisFrame {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.name === name) return frames[i]!;
  throw new NameError(`Found an unbound axis name: ${String(name)}. To fix this, please call ${what} under \`vmap\` with axisName.`);
}
