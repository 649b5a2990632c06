// The array API's cumulative_sum and cumulative_prod: an explicit axis (optional
// for 1-D input) and an optional leading identity row (includeInitial).
import { type DTypeLike, parseDType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { full } from "./creation.ts";
import { astype } from "./elementwise.ts";
import { cumprod, cumsum } from "./reductions.ts";
import { concatenate } from "./shape.ts";
import { asArray } from "./util.ts";

export interface CumulativeOpts {
  axis?: number | null;
  dtype?: DTypeLike | null;
  includeInitial?: boolean;
}

function cumulative(name: string, what: string, op: typeof cumsum, identity: number) {
  return (x: ArrayLike, opts: CumulativeOpts = {}): NDArray => {
    checkOptions(opts, name, ["axis", "dtype", "includeInitial"]);
    let a = asArray(x, `${name} argument`);
    if (a.ndim === 0) {
      throw new ValueError(`The input must be non-scalar to take a ${what}, however a scalar value or scalar array was given.`);
    }
    if ((opts.axis === undefined || opts.axis === null) && a.ndim > 1) {
      throw new ValueError(
        `The input array has rank ${a.ndim}, however axis was not set to an explicit value. The axis argument is only optional for one-dimensional arrays.`,
      );
    }
    const axis = normalizeAxis(opts.axis ?? 0, a.ndim, `${name} axis`);
    if (opts.dtype !== undefined && opts.dtype !== null) a = astype(a, parseDType(opts.dtype, `${name} dtype`));
    let out = op(a, axis);
    if (opts.includeInitial) {
      const first = full(
        a.shape.map((d, i) => (i === axis ? 1 : d)),
        identity,
        { dtype: out.dtype },
      );
      out = concatenate([first, out], axis);
    }
    return out;
  };
}

/** jnp.cumulativeSum(x, {axis, dtype, includeInitial}): the running sum (axis required beyond 1-D). */
export const cumulativeSum = cumulative("cumulative_sum", "cumulative sum", cumsum, 0);
/** jnp.cumulativeProd(x, {axis, dtype, includeInitial}): the running product (axis required beyond 1-D). */
export const cumulativeProd = cumulative("cumulative_prod", "cumulative product", cumprod, 1);
