// jax.scipy.stats top-level functions: mode, rankdata, sem. Ties and ranks
// come from pairwise comparisons along the axis (n^2 work, no sort or
// unique needed), which traces to a fixed shape under jit.
import { type DType, defaultFloat, isFloat } from "../../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { normalizeAxis } from "../../core/shape.ts";
import * as jnp from "../../numpy/index.ts";
import { asArray } from "../../numpy/util.ts";
import { inexact } from "../special/common.ts";

type NanPolicy = "propagate" | "omit" | "raise";

function checkNanPolicy(name: string, p: string): void {
  if (!["propagate", "omit", "raise"].includes(p)) {
    throw new ValueError(`Illegal nan_policy value '${p}'; expected one of {'propagate', 'omit', 'raise'}`);
  }
  if (p === "omit") throw new JaxTypeError(`Logic for \`nan_policy\` of omit is not implemented (${name}, as in JAX)`);
  if (p === "raise") {
    throw new JaxTypeError(
      `In order to best JIT compile \`${name}\`, we cannot know whether \`x\` contains nans. Please check if nans exist in \`x\` outside of the \`${name}\` function.`,
    );
  }
}

const iinfoMax = (d: DType): number => (d === "uint32" ? 4294967295 : d === "int64" ? Number.MAX_SAFE_INTEGER : 2147483647);

/** [x[..., :, None], x[..., None, :]]: all pairs along the last axis. */
const pairs = (x: NDArray): [NDArray, NDArray] => [jnp.expandDims(x, -1), jnp.expandDims(x, -2)];

export interface ModeOptions {
  nanPolicy?: NanPolicy;
  keepdims?: boolean;
}

/** [mode, count] along `axis` (default 0; null flattens); the smallest of tied modes, as SciPy and JAX. */
export function mode(a: ArrayLike, axis: number | null = 0, opts?: ModeOptions): [NDArray, NDArray] {
  const { nanPolicy = "propagate", keepdims = false } = checkOptions(opts, "mode", ["nanPolicy", "keepdims"]);
  checkNanPolicy("mode", nanPolicy);
  let x = jnp.atleast1d(asArray(a, "mode argument")) as NDArray;
  const inShape = x.shape;
  let outShape: number[];
  if (axis === null) {
    outShape = keepdims ? inShape.map(() => 1) : [];
    x = jnp.ravel(x);
  } else {
    const ax = normalizeAxis(axis, x.ndim, "mode axis");
    outShape = keepdims ? inShape.map((s, i) => (i === ax ? 1 : s)) : inShape.filter((_, i) => i !== ax);
    x = jnp.moveaxis(x, ax, -1);
  }
  const [xi, xj] = pairs(x);
  const counts = jnp.sum(jnp.equal(xi, xj), -1).astype("int32");
  const best = jnp.max(counts, -1, { keepdims: true });
  const top = x.dtype === "bool" ? 1 : isFloat(x.dtype) ? Infinity : iinfoMax(x.dtype);
  const val = jnp.min(jnp.where(jnp.equal(counts, best), x, top), -1);
  return [jnp.reshape(val, outShape), jnp.reshape(jnp.squeeze(best, -1), outShape)];
}

export interface RankdataOptions {
  axis?: number | null;
  nanPolicy?: NanPolicy;
}

type RankMethod = "average" | "min" | "max" | "dense" | "ordinal";

/** Ranks from 1 along `axis` (flattened when null), ties by `method`; NaN anywhere gives all NaN. */
export function rankdata(a: ArrayLike, method: RankMethod = "average", opts?: RankdataOptions): NDArray {
  const { axis = null, nanPolicy = "propagate" } = checkOptions(opts, "rankdata", ["axis", "nanPolicy"]);
  checkNanPolicy("rankdata", nanPolicy);
  if (!["average", "min", "max", "dense", "ordinal"].includes(method)) throw new ValueError(`unknown method '${method}'`);
  let x = asArray(a, "rankdata argument");
  const out = defaultFloat();
  if (axis === null) x = jnp.ravel(x);
  else x = jnp.moveaxis(x, normalizeAxis(axis, x.ndim, "rankdata axis"), -1);
  const n = x.shape[x.ndim - 1];
  const [xi, xj] = pairs(x);
  const less = jnp.sum(jnp.less(xj, xi), -1);
  const equal = jnp.sum(jnp.equal(xj, xi), -1);
  let r: NDArray;
  if (method === "ordinal") {
    const before = jnp.tril(jnp.ones([n, n], { dtype: "bool" }), -1);
    r = jnp.add(jnp.add(less, jnp.sum(jnp.logicalAnd(jnp.equal(xj, xi), before), -1)), 1);
  } else if (method === "min") r = jnp.add(less, 1);
  else if (method === "max") r = jnp.add(less, equal);
  else if (method === "average") r = jnp.add(less.astype(out), jnp.divide(jnp.add(equal, 1).astype(out), 2));
  else {
    // dense: distinct values below, counting each value at its first occurrence.
    const earlier = jnp.tril(jnp.ones([n, n], { dtype: "bool" }), -1);
    const first = jnp.logicalNot(jnp.any(jnp.logicalAnd(jnp.equal(xi, xj), earlier), -1));
    r = jnp.add(jnp.sum(jnp.logicalAnd(jnp.less(xj, xi), jnp.expandDims(first, -2)), -1), 1);
  }
  r = r.astype(out);
  const anyNan = jnp.any(jnp.isnan(x), -1, { keepdims: true });
  r = jnp.where(anyNan, NaN, r);
  return axis === null ? r : jnp.moveaxis(r, -1, normalizeAxis(axis, x.ndim, "rankdata axis"));
}

export interface SemOptions {
  ddof?: number;
  nanPolicy?: "propagate" | "omit";
  keepdims?: boolean;
}

/** Standard error of the mean along `axis` (default 0; null flattens). */
export function sem(a: ArrayLike, axis: number | null = 0, opts?: SemOptions): NDArray {
  const { ddof = 1, nanPolicy = "propagate", keepdims = false } = checkOptions(opts, "sem", ["ddof", "nanPolicy", "keepdims"]);
  const b = inexact("sem", a)[0];
  if (nanPolicy === "propagate") {
    const size = axis === null ? b.size : b.shape[normalizeAxis(axis, b.ndim, "sem axis")];
    return jnp.divide(jnp.std(b, axis, { ddof, keepdims }), Math.fround(Math.sqrt(size)));
  }
  if (nanPolicy === "omit") {
    const ok = jnp.logicalNot(jnp.isnan(b));
    const count = jnp.sum(ok, axis, { keepdims: true });
    const mean = jnp.divide(jnp.sum(jnp.where(ok, b, 0), axis, { keepdims: true }), count);
    const ss = jnp.sum(jnp.where(ok, jnp.square(jnp.subtract(b, mean)), 0), axis, { keepdims });
    const c = keepdims ? count : jnp.sum(ok, axis);
    const sd = jnp.sqrt(jnp.divide(ss, jnp.subtract(c, ddof)));
    return jnp.divide(sd, jnp.sqrt(c).astype(b.dtype));
  }
  throw new ValueError(`${String(nanPolicy)} is not supported`);
}
