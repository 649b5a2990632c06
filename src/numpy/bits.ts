// packbits/unpackbits: bits packed eight to a uint8 byte, as JAX's.
import { isInteger } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { arrayFromJs } from "../core/convert.ts";
import * as el from "./elementwise.ts";
import { sum } from "./reductions.ts";
import { ravel, reshape, swapaxes } from "./shape.ts";
import { pad } from "./pad.ts";
import { asArray } from "./util.ts";

type BitOrder = "big" | "little";
function bitWeights(order: BitOrder | undefined): NDArray {
  if (order !== undefined && order !== "big" && order !== "little") throw new ValueError("'order' must be either 'little' or 'big'");
  const w = [1, 2, 4, 8, 16, 32, 64, 128];
  return arrayFromJs(order === "little" ? w : w.reverse(), "uint8");
}

/** jnp.packbits(a, axis?, {bitorder = "big"}): nonzero entries as bits, eight to a byte along axis. */
export function packbits(a: ArrayLike, axis: number | null = null, opts: { bitorder?: BitOrder } = {}): NDArray {
  checkOptions(opts, "packbits", ["bitorder"]);
  let x = asArray(a, "packbits argument");
  if (!isInteger(x.dtype) && x.dtype !== "bool") throw new JaxTypeError("Expected an input array of integer or boolean data type");
  const w = bitWeights(opts.bitorder);
  x = el.astype(el.notEqual(x, 0), "uint8");
  if (axis === null || axis === undefined) {
    x = ravel(x);
    axis = 0;
  }
  x = swapaxes(x, axis, -1);
  const n = x.shape[x.ndim - 1];
  if (n % 8) x = pad(x, [...Array(x.ndim - 1).fill([0, 0]), [0, 8 - (n % 8)]] as Array<[number, number]>);
  x = reshape(x, [...x.shape.slice(0, -1), x.shape[x.ndim - 1] / 8, 8]);
  // Sum in uint32 (the weights add up to at most 255), then narrow to bytes.
  return el.astype(swapaxes(sum(el.multiply(x, w), -1), axis, -1), "uint8");
}

/** jnp.unpackbits(a, axis?, {count, bitorder = "big"}): each byte (0..255) as eight 0/1 entries along axis. */
export function unpackbits(a: ArrayLike, axis: number | null = null, opts: { count?: number | null; bitorder?: BitOrder } = {}): NDArray {
  checkOptions(opts, "unpackbits", ["count", "bitorder"]);
  let x = asArray(a, "unpackbits argument");
  if (x.dtype !== "uint8") throw new JaxTypeError("Expected an input array of unsigned byte data type");
  const w = bitWeights(opts.bitorder);
  if (axis === null || axis === undefined) {
    x = ravel(x);
    axis = 0;
  }
  x = swapaxes(x, axis, -1);
  const bits = el.astype(el.greater(el.bitwiseAnd(reshape(x, [...x.shape, 1]), w), 0), "uint8");
  let u = reshape(bits, [...x.shape.slice(0, -1), -1]);
  const count = opts.count ?? null;
  if (count !== null) {
    checkInt(count, "unpackbits count");
    const m = u.shape[u.ndim - 1];
    if (count > m) u = pad(u, [...Array(u.ndim - 1).fill([0, 0]), [0, count - m]] as Array<[number, number]>);
    else u = u.get("...", arrayFromJs([...Array(Math.max(count < 0 ? m + count : count, 0)).keys()], "int32"));
  }
  return swapaxes(u, axis, -1);
}
