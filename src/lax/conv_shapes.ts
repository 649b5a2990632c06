// Convolution helpers of jax.lax beyond the primitive: the shape and
// permutation utilities (conv_shape_tuple, conv_general_permutations, ...)
// and conv_general_dilated_patches (a grouped convolution with one-hot
// filters, as JAX builds it).
import { asOperand } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import { broadcastInDim, convertElementType, convGeneralDilated, eq, reshape, transpose } from "./api.ts";
import { type ConvDimensionNumbersLike, convDimensionNumbers, convTransposePadding, type PaddingLike, padtypeToPads } from "./conv.ts";
import { iotaP } from "./shape_ops.ts";

const strideDim = (d: number, w: number, s: number) => (d < w ? 0 : Math.floor((d - w) / s) + 1);

/** convShapeTuple(lhsShape, rhsShape, strides, pads, batchGroupCount = 1): the output shape in canonical (N, C, spatial) order. */
export function convShapeTuple(
  lhsShape: number[],
  rhsShape: number[],
  strides: number[],
  pads: PaddingLike,
  batchGroupCount = 1,
): number[] {
  const p =
    typeof pads === "string" ? padtypeToPads(lhsShape.slice(2), rhsShape.slice(2), strides, pads) : (pads as Array<[number, number]>);
  if (p.length !== lhsShape.length - 2) {
    throw new JaxTypeError(`Wrong number of explicit pads for convolution: expected ${lhsShape.length - 2}, got ${p.length}.`);
  }
  const padded = lhsShape.slice(2).map((d, i) => d + p[i][0] + p[i][1]);
  if (padded.some((d) => d < 0)) {
    throw new ValueError(
      `Negative padding is larger than the size of the corresponding dimension: got padding=${JSON.stringify(p)} for lhs_shape[2:]=${JSON.stringify(lhsShape.slice(2))}`,
    );
  }
  const out = padded.map((d, i) => strideDim(d, rhsShape[2 + i], strides[i]));
  return [batchGroupCount > 1 ? Math.floor(lhsShape[0] / batchGroupCount) : lhsShape[0], rhsShape[0], ...out];
}

/** convGeneralPermutations([lhsSpec, rhsSpec, outSpec]) (strings such as "NHWC"): each spec's permutation to canonical order. */
export function convGeneralPermutations(dimensionNumbers: [string, string, string]): [number[], number[], number[]] {
  const pairs: Array<[string, string]> = [
    ["N", "C"],
    ["O", "I"],
    ["N", "C"],
  ];
  dimensionNumbers.forEach((spec, i) => {
    const [a, b] = pairs[i];
    if ([...spec].filter((c) => c === a).length !== 1 || [...spec].filter((c) => c === b).length !== 1) {
      throw new JaxTypeError(
        `convolution dimension_numbers[${i}] must contain the characters '${a}' and '${b}' exactly once, got ${spec}.`,
      );
    }
    if (new Set(spec).size !== spec.length) {
      throw new JaxTypeError(`convolution dimension_numbers[${i}] cannot have duplicate characters, got ${spec}.`);
    }
  });
  const [lhsSpec, rhsSpec, outSpec] = dimensionNumbers;
  const spatialSet = (spec: string, [a, b]: [string, string]) =>
    [...spec]
      .filter((c) => c !== a && c !== b)
      .sort()
      .join("");
  const sets = dimensionNumbers.map((s, i) => spatialSet(s, pairs[i]));
  if (!(sets[0] === sets[1] && sets[1] === sets[2])) {
    throw new JaxTypeError(
      `convolution dimension_numbers elements must each have the same set of spatial characters, got ${JSON.stringify(dimensionNumbers)}.`,
    );
  }
  const perm = (spec: string, [a, b]: [string, string], isRhs: boolean) => {
    let spatial = [...spec].map((c, i) => (c !== a && c !== b ? i : -1)).filter((i) => i >= 0);
    if (!isRhs) spatial = spatial.sort((x, y) => rhsSpec.indexOf(spec[x]) - rhsSpec.indexOf(spec[y]));
    return [spec.indexOf(a), spec.indexOf(b), ...spatial];
  };
  return [perm(lhsSpec, pairs[0], false), perm(rhsSpec, pairs[1], true), perm(outSpec, pairs[2], false)];
}

const take = (shape: number[], perm: number[]) => perm.map((p) => shape[p]);
const argsort = (perm: number[]) => perm.map((_, i) => i).sort((a, b) => perm[a] - perm[b]);

/** convGeneralShapeTuple(lhsShape, rhsShape, windowStrides, padding, dimensionNumbers). */
export function convGeneralShapeTuple(
  lhsShape: number[],
  rhsShape: number[],
  windowStrides: number[],
  padding: PaddingLike,
  dimensionNumbers: [string, string, string],
): number[] {
  const [lp, rp, op] = convGeneralPermutations(dimensionNumbers);
  const out = convShapeTuple(take(lhsShape, lp), take(rhsShape, rp), windowStrides, padding);
  return take(out, argsort(op));
}

/** convTransposeShapeTuple(lhsShape, rhsShape, windowStrides, padding, dimensionNumbers). */
export function convTransposeShapeTuple(
  lhsShape: number[],
  rhsShape: number[],
  windowStrides: number[],
  padding: PaddingLike,
  dimensionNumbers: [string, string, string],
): number[] {
  const [lp, rp, op] = convGeneralPermutations(dimensionNumbers);
  const l = take(lhsShape, lp);
  const r = take(rhsShape, rp);
  const pads =
    typeof padding === "string"
      ? r.slice(2).map((k, i) => convTransposePadding(k, windowStrides[i], padding))
      : (padding as Array<[number, number]>);
  const space = l.slice(2).map((d, i) => (d - 1) * windowStrides[i] - r[2 + i] + 2 + pads[i][0] + pads[i][1]);
  return take([l[0], r[0], ...space], argsort(op));
}

export interface PatchesOptions {
  lhsDilation?: number[] | null;
  rhsDilation?: number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  preferredElementType?: DType | null;
}

/**
 * convGeneralDilatedPatches(lhs, filterShape, windowStrides, padding, {lhsDilation,
 * rhsDilation, dimensionNumbers, preferredElementType}): each output position's
 * receptive field, flattened into the feature dimension (channel-major).
 */
export function convGeneralDilatedPatches(
  lhs: ArrayLike,
  filterShape: number[],
  windowStrides: number[],
  padding: PaddingLike,
  opts: PatchesOptions = {},
): NDArray {
  const x = asOperand(lhs, "conv_general_dilated_patches lhs");
  const fs = [...filterShape];
  const dn = convDimensionNumbers(x.shape, [1, 1, ...fs], opts.dimensionNumbers);
  const spatial = fs.reduce((p, d) => p * d, 1);
  const channels = x.shape[dn.lhs_spec[1]];
  const rows = bind1(iotaP, [], { dtype: "int32", shape: [spatial, spatial], dimension: 0 });
  const cols = bind1(iotaP, [], { dtype: "int32", shape: [spatial, spatial], dimension: 1 });
  const eye = convertElementType(eq(rows, cols), x.dtype);
  let rhs = broadcastInDim(eye, [channels, spatial, spatial], [1, 2]);
  rhs = reshape(rhs, [channels * spatial, 1, ...fs]);
  // numpy.moveaxis(rhs, (0, 1), (rhs_spec[0], rhs_spec[1])).
  const order = rhs.shape.map((_, i) => i).filter((i) => i > 1);
  const moves = [
    [dn.rhs_spec[0], 0],
    [dn.rhs_spec[1], 1],
  ].sort((a, b) => a[0] - b[0]);
  for (const [dest, src] of moves) order.splice(dest, 0, src);
  rhs = transpose(rhs, order);
  return convGeneralDilated(x, rhs, windowStrides, padding, {
    lhsDilation: opts.lhsDilation,
    rhsDilation: opts.rhsDilation,
    dimensionNumbers: dn,
    featureGroupCount: channels,
    preferredElementType: opts.preferredElementType,
  });
}
