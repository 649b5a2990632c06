// blockUntilReady for pytrees: CPU backends are synchronous, so this settles at once.
import * as tree from "../tree/index.ts";
import { NDArray } from "./ndarray.ts";

export async function blockUntilReady<T>(t: T): Promise<T> {
  await Promise.all(tree.leaves(t).map((l: unknown) => (l instanceof NDArray ? l.blockUntilReady() : null)));
  return t;
}
