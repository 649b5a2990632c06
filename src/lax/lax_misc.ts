// Small lax names: tokens (createToken, afterAll), shapeAsValue, stage and
// convGeneralDilatedLocal (an unshared-weights convolution).
import { asOperand } from "../core/convert.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { map as treeMap } from "../tree/ops.ts";
import { registerStatic } from "../tree/registry.ts";
import { dotGeneral, transpose } from "./api.ts";
import { type ConvDimensionNumbersLike, type PaddingLike, convDimensionNumbers } from "./conv.ts";
import { convGeneralDilatedPatches } from "./conv_shapes.ts";
import { canonicalizePrecision, type PrecisionLike } from "./enums.ts";
import { array } from "../numpy/creation.ts";

/** JAX's Token: orders side effects in XLA; a value with no data here (a pytree with no leaves). */
export class Token {
  toString(): string {
    return "Token()";
  }
}
registerStatic(Token);
const TOKEN = new Token();

/** lax.createToken(): a fresh token (tokens carry no data, so all are the same). */
export function createToken(_?: unknown): Token {
  return TOKEN;
}

/** lax.afterAll(...tokens): a token after all of `tokens`. */
export function afterAll(...tokens: Token[]): Token {
  if (!tokens.every((t) => t instanceof Token)) throw new JaxTypeError("Arguments to after_all must be tokens");
  return TOKEN;
}

/** lax.shapeAsValue(shape): the shape as an int32 array. */
export function shapeAsValue(shape: readonly number[]): NDArray {
  return array([...shape], { dtype: "int32" });
}

/** lax.stage(x): x lifted into the current trace (JS numbers become weakly typed arrays). */
export function stage<T>(x: T): unknown {
  return treeMap((v: unknown) => asOperand(v as ArrayLike, "stage argument"), x as never);
}

/** Options of convGeneralDilatedLocal. */
export interface ConvLocalOptions {
  lhsDilation?: number[] | null;
  rhsDilation?: number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  precision?: PrecisionLike;
}

/** numpy.moveaxis of the last two axes to `dests`. */
function moveLastTwo(x: NDArray, dests: [number, number]): NDArray {
  const n = x.ndim;
  const order = [...Array(n - 2).keys()];
  const moves = [
    [dests[0], n - 2],
    [dests[1], n - 1],
  ].sort((a, b) => a[0]! - b[0]!);
  for (const [dest, src] of moves) order.splice(dest!, 0, src!);
  return transpose(x, order);
}

/**
 * lax.convGeneralDilatedLocal(lhs, rhs, windowStrides, padding, filterShape, {lhsDilation,
 * rhsDilation, dimensionNumbers, precision}): a convolution whose filter differs at every output
 * position; rhs has the output's spatial shape, in-features × filter size and out-features (as JAX's).
 */
export function convGeneralDilatedLocal(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: number[],
  padding: PaddingLike,
  filterShape: number[],
  options?: ConvLocalOptions,
): NDArray {
  const opts = checkOptions(options, "convGeneralDilatedLocal", ["lhsDilation", "rhsDilation", "dimensionNumbers", "precision"]);
  const p = canonicalizePrecision(opts.precision);
  if (p !== null && !Array.isArray(p))
    throw new ValueError(`Unsupported precision for conv_general_dilated_local: ${String(opts.precision)}`);
  const x = asOperand(lhs, "conv_general_dilated_local lhs");
  const w = asOperand(rhs, "conv_general_dilated_local rhs");
  const patches = convGeneralDilatedPatches(x, filterShape, windowStrides, padding, {
    lhsDilation: opts.lhsDilation,
    rhsDilation: opts.rhsDilation,
    dimensionNumbers: opts.dimensionNumbers,
  });
  const dn = convDimensionNumbers(x.shape, [1, 1, ...filterShape], opts.dimensionNumbers);
  const lhsBatch0 = dn.out_spec.slice(2);
  const rhsBatch0 = dn.rhs_spec.slice(2);
  const byLhs = [...lhsBatch0.keys()].sort((a, b) => lhsBatch0[a]! - lhsBatch0[b]!);
  const rhsBatch = byLhs.map((k) => rhsBatch0[k]!);
  const lhsBatch = [...lhsBatch0].sort((a, b) => a - b);
  const out = dotGeneral(patches, w, [
    [[dn.out_spec[1]!], [dn.rhs_spec[1]!]],
    [lhsBatch, rhsBatch],
  ]);
  return moveLastTwo(out, [dn.out_spec[0]!, dn.out_spec[1]!]);
}
