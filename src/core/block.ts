// blockUntilReady for pytrees: CPU backends are synchronous, so this settles at once.
import * as tree from "../tree/index.ts";
import { ArrayImpl } from "./array_impl.ts";
import { NDArray } from "./ndarray.ts";

/** Settled at once where nothing is pending (no continuation left holding the tree: see ArrayImpl.blockUntilReady). */
export function blockUntilReady<T>(t: T): Promise<T> {
  try {
    const waits: Promise<unknown>[] = [];
    for (const l of tree.leaves(t)) {
      const wait = l instanceof ArrayImpl ? l.whenReady() : l instanceof NDArray ? l.blockUntilReady() : null;
      if (wait) waits.push(wait);
    }
    return waits.length > 0 ? Promise.all(waits).then(() => t) : Promise.resolve(t);
  } catch (e) {
    return Promise.reject(e);
  }
}
