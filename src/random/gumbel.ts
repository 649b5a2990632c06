// Gumbel samples and the samplers built on them: categorical (Gumbel-max
// trick, or Gumbel-top-k without replacement), as JAX's _gumbel/_categorical.
import type { DTypeLike } from "../core/dtypes.ts";
import { checkOptions } from "../core/options.ts";
import { asOperand } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, checkShape, finfo, floatDtype, optsOf, pyShape } from "./args.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { uniformData } from "./uniform.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

export type GumbelMode = "low" | "high";

/** _gumbel on key data, compiled when eager as JAX jits it (the bits, the bounds' multiply-add and the logs one program). */
export function gumbelData(data: NDArray, shape: readonly number[], dtype: DType, mode: GumbelMode = "low"): NDArray {
  return gumbelCompiled(data, shape, dtype, mode);
}
const gumbelCompiled = compiledEager(gumbelBody, [1, 2, 3]);

function gumbelBody(data: NDArray, shape: readonly number[], dtype: DType, mode: GumbelMode): NDArray {
  const info = finfo(dtype);
  if (mode === "high") {
    // Two uniforms per sample: the second refines the first below 0.5 (log1p keeps the precision).
    const u = uniformData(data, [2, ...shape], dtype, 0, 1);
    const row = (i: number) => lax.reshape(lax.slice(u, [i, ...shape.map(() => 0)], [i + 1, ...shape]), [...shape]);
    const high = row(0);
    const refined = lax.add(lax.add(high, lax.mul(row(1), 2 ** -info.nmant)), Math.max(2 ** -(2 * info.nmant + 1), info.tiny));
    const x = lax.select(lax.ge(high, 0.5), high, refined);
    return lax.neg(lax.log(lax.neg(lax.log1p(lax.neg(x)))));
  }
  if (mode !== "low") throw new ValueError(`Must provide valid mode for gumbel got: ${String(mode)}`);
  const u = uniformData(data, shape, dtype, info.tiny, 1);
  return lax.neg(lax.log(lax.neg(lax.log(u))));
}

export interface GumbelOpts {
  dtype?: DTypeLike;
  mode?: GumbelMode;
}

/** jax.random.gumbel(key, shape = [], {dtype, mode}): standard Gumbel samples. */
export function gumbel(k: KeyLike, shape?: ShapeArg, opts?: GumbelOpts | DType): NDArray {
  const { data } = checkKey("gumbel", k);
  const o = optsOf(opts, "gumbel", ["dtype", "mode"]);
  const dtype = floatDtype(o.dtype, "gumbel");
  return gumbelData(data, canonicalShape(shape, "gumbel"), dtype, o.mode ?? "low");
}

/** lax.top_k along the last axis: the k largest values (ties: lower index first) and their indices. */
export function topK(x: NDArray, k: number): [NDArray, NDArray] {
  const last = x.ndim - 1;
  const n = x.shape[last];
  const iota = lax.broadcastedIota("int32", [...x.shape], last);
  // Sort ascending by -x; the stable sort keeps equal values in index order.
  const [negSorted, idx] = lax.sort([lax.neg(x), iota], { dimension: last, isStable: true, numKeys: 1 });
  const start = x.shape.map(() => 0);
  const limit = [...x.shape.slice(0, last), Math.min(k, n)];
  return [lax.neg(lax.slice(negSorted, start, limit)), lax.slice(idx, start, limit)];
}

export interface CategoricalOpts {
  axis?: number;
  shape?: ShapeArg | null;
  replace?: boolean;
  mode?: GumbelMode;
}

/**
 * jax.random.categorical(key, logits, {axis = -1, shape, replace = true, mode}):
 * indices drawn with probabilities softmax(logits, axis). The third argument may
 * also be the axis as a number.
 */
export function categorical(k: KeyLike, logits: ArrayLike, opts: CategoricalOpts | number = {}): NDArray {
  const o: CategoricalOpts =
    typeof opts === "number" ? { axis: opts } : checkOptions(opts, "categorical", ["axis", "shape", "replace", "mode"]);
  const { data } = checkKey("categorical", k);
  const lg = asOperand(logits, "categorical logits");
  const nd = lg.ndim;
  let axis = o.axis ?? -1;
  if (!Number.isInteger(axis) || axis < -nd || axis >= nd) {
    throw new ValueError(`categorical: axis ${axis} is out of bounds for logits of shape ${pyShape(lg.shape)}`);
  }
  const axisPos = axis < 0 ? axis + nd : axis;
  const batchShape = lg.shape.filter((_, i) => i !== axisPos);
  let shape: number[];
  if (o.shape === undefined || o.shape === null) shape = batchShape;
  else {
    shape = canonicalShape(o.shape, "categorical");
    checkShape("categorical", shape, batchShape);
  }
  const dtype = floatDtype(lg.dtype, "gumbel");
  const prefix = shape.slice(0, shape.length - batchShape.length);
  const mode = o.mode ?? "low";

  if (o.replace ?? true) {
    if (axis >= 0) axis -= nd;
    const logitsShape = shape.slice(shape.length - batchShape.length);
    logitsShape.splice(((axis % nd) + nd) % nd, 0, lg.shape[axis + nd]);
    const g = gumbelData(data, [...prefix, ...logitsShape], dtype, mode);
    const expanded = lax.reshape(lg, [...prefix.map(() => 1), ...lg.shape]);
    return jnp.argmax(jnp.add(g, expanded), axis);
  }

  const perturbed = jnp.add(lg, gumbelData(data, lg.shape, dtype, mode));
  const count = prefix.reduce((a, b) => a * b, 1);
  if (count > lg.shape[axisPos]) {
    throw new ValueError(`Number of samples without replacement (${count}) cannot exceed number of categories (${lg.shape[axisPos]}).`);
  }
  const [, indices] = topK(jnp.moveaxis(perturbed, axisPos, -1), count);
  // indices: batch_shape + (k,); bring k to the front, then lay it out as the prefix shape.
  const r = indices.ndim;
  const perm = [r - 1, ...Array.from({ length: r - 1 }, (_, i) => i)];
  return lax.reshape(lax.transpose(indices, perm), shape);
}
