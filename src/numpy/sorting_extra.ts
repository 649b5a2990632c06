// Partial sorts and lexicographic sorting: partition, argpartition (laid out
// exactly as JAX's top_k-based versions leave them) and lexsort.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxis, shapeEqual } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { sortP } from "../lax/sort.ts";
import { iotaP } from "../lax/shape_ops.ts";
import { arange, zeros } from "./creation.ts";
import * as el from "./elementwise.ts";
import { argsort, sort } from "./sorting.ts";
import { concatenate, flip, swapaxes } from "./shape.ts";
import { asArray } from "./util.ts";

/** The last axis split at k: [..., :k] and [..., k:]. */
function splitLast(a: NDArray, k: number): [NDArray, NDArray] {
  const n = a.shape[a.ndim - 1];
  return [a.get("...", arange(k)), a.get("...", arange(k, n))];
}

function partitionArgs(name: string, a: ArrayLike, kth: number, axis: number): [NDArray, number, number] {
  const x = asArray(a, `${name} argument`);
  const ax = normalizeAxis(axis, x.ndim, `${name} axis`);
  const k = normalizeAxis(checkInt(kth, `${name} kth`), x.shape[ax], `${name} kth`);
  return [swapaxes(x, ax, -1), ax, k];
}

/** jnp.partition(a, kth, axis = -1): the kth element in place, the k smallest (ascending) before it, the rest (descending) after. */
export function partition(a: ArrayLike, kth: number, axis = -1): NDArray {
  const [x, ax, k] = partitionArgs("partition", a, kth, axis);
  const [bottom, rest] = splitLast(sort(x, -1), k + 1);
  return swapaxes(concatenate([bottom, flip(rest, -1)], -1), -1, ax);
}

/** jnp.argpartition(a, kth, axis = -1): indices that partition a; the ones after kth in increasing order, as JAX gives them. */
export function argpartition(a: ArrayLike, kth: number, axis = -1): NDArray {
  const [x, ax, k] = partitionArgs("argpartition", a, kth, axis);
  const order = argsort(x, -1);
  const [bottom] = splitLast(order, k + 1);
  // Everything not among the k+1 smallest, by position: a stable sort of "is among them".
  const rank = argsort(order, -1);
  const inBottom = el.astype(el.lessEqual(rank, k), "int32");
  const [top] = splitLast(argsort(inBottom, -1), x.shape[x.ndim - 1] - k - 1);
  return swapaxes(concatenate([bottom, top], -1), -1, ax);
}

/** jnp.lexsort(keys, axis = -1): indices sorting by the last key, ties broken by the ones before it. */
export function lexsort(keys: ArrayLike[], axis = -1): NDArray {
  if (!Array.isArray(keys) || keys.length === 0) throw new JaxTypeError("need sequence of keys with len > 0 in lexsort");
  const ks = keys.map((k, i) => asArray(k, `lexsort key ${i}`));
  if (ks.some((k) => !shapeEqual(k.shape, ks[0].shape))) throw new ValueError("all keys need to be the same shape");
  if (ks[0].ndim === 0) return zeros([], { dtype: "int32" });
  const ax = normalizeAxis(axis, ks[0].ndim, "lexsort axis");
  const iota = bind1(iotaP, [], { dtype: "int32", shape: [...ks[0].shape], dimension: ax });
  const out = bind(sortP, [...ks.reverse(), iota], { dimension: ax, is_stable: true, num_keys: ks.length });
  return out[out.length - 1];
}
