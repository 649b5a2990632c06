// conv_general_dilated: XLA's N-D convolution with padding, strides, lhs/rhs
// dilation, feature and batch grouping and arbitrary dimension layouts.
// Rules ported from jax/_src/lax/convolution.py: the shape rule with its
// errors, bilinear JVP, both transposes (themselves convolutions) and the
// batching rule that folds the vmapped axis into batch or feature dims.
import { ShapedArray } from "../core/aval.ts";
import type { DType } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkIntList } from "../core/scalar_args.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { addI } from "./elementwise.ts";
import { convert } from "./helpers.ts";
import { reshapeP, revP, transposeP, tuple } from "./shape_ops.ts";

/** Canonical layout: each spec lists (batch|out-feature, feature|in-feature, spatial...) dims. */
export interface ConvDimensionNumbers {
  lhs_spec: number[];
  rhs_spec: number[];
  out_spec: number[];
}

/** The params of conv_general_dilated (canonical: explicit padding, dimension numbers as specs). */
export type ConvParams = {
  window_strides: number[];
  padding: Array<[number, number]>;
  lhs_dilation: number[];
  rhs_dilation: number[];
  dimension_numbers: ConvDimensionNumbers;
  feature_group_count: number;
  batch_group_count: number;
  precision: null;
  preferred_element_type: DType | null;
};

const take = (xs: readonly number[], idx: readonly number[]) => idx.map((i) => xs[i]);
const dilateDim = (d: number, r: number) => (r === 1 ? d : Math.max(0, 1 + r * (d - 1)));
const strideDim = (d: number, w: number, s: number) => Math.max(0, Math.floor((d - w) / s) + 1);
const pyTuple = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

function dilateShape(shape: readonly number[], dilation: readonly number[]): number[] {
  if (!dilation.every((d) => d > 0)) throw new JaxTypeError(`All dilations must be positive, got ${pyTuple(dilation)}.`);
  const full = [...Array(shape.length - dilation.length).fill(1), ...dilation];
  return shape.map((d, i) => dilateDim(d, full[i]));
}

/** Output shape in canonical (N, C, spatial...) order. */
function convShapeTuple(
  lhs: number[],
  rhs: number[],
  strides: readonly number[],
  pads: ReadonlyArray<readonly [number, number]>,
  batchGroupCount: number,
): number[] {
  if (pads.length !== lhs.length - 2) {
    throw new JaxTypeError(`Wrong number of explicit pads for convolution: expected ${lhs.length - 2}, got ${pads.length}.`);
  }
  const padded = lhs.slice(2).map((d, i) => d + pads[i][0] + pads[i][1]);
  if (padded.some((d) => d < 0)) {
    throw new ValueError(
      `Negative padding is larger than the size of the corresponding dimension: got padding=${JSON.stringify(pads)} for lhs_shape[2:]=${pyTuple(lhs.slice(2))}`,
    );
  }
  const space = padded.map((d, i) => strideDim(d, rhs[2 + i], strides[i]));
  return [batchGroupCount > 1 ? lhs[0] / batchGroupCount : lhs[0], rhs[0], ...space];
}

/** The output shape of a conv_general_dilated (its shape rule: errors name the bad argument). */
export function convOutputShape(lhs: ShapedArray, rhs: ShapedArray, p: ConvParams): number[] {
  const dn = p.dimension_numbers;
  const F = p.feature_group_count;
  const G = p.batch_group_count;
  if (lhs.ndim !== rhs.ndim) {
    throw new ValueError(
      `conv_general_dilated lhs and rhs must have the same number of dimensions, but got ${shapeStr(lhs.shape)} and ${shapeStr(rhs.shape)}.`,
    );
  }
  if (!(F > 0) || !Number.isInteger(F))
    throw new ValueError(`conv_general_dilated feature_group_count must be a positive integer, got ${F}.`);
  const lhsFeat = lhs.shape[dn.lhs_spec[1]];
  if (lhsFeat % F)
    throw new ValueError(
      `conv_general_dilated feature_group_count must divide lhs feature dimension size, but ${F} does not divide ${lhsFeat}.`,
    );
  const rhsIn = rhs.shape[dn.rhs_spec[1]];
  if (lhsFeat / F !== rhsIn) {
    throw new ValueError(
      `conv_general_dilated lhs feature dimension size divided by feature_group_count must equal the rhs input feature dimension size, but ${lhsFeat} // ${F} != ${rhsIn}.`,
    );
  }
  const rhsOut = rhs.shape[dn.rhs_spec[0]];
  if (rhsOut % F)
    throw new ValueError(
      `conv_general_dilated rhs output feature dimension size must be a multiple of feature_group_count, but ${rhsOut} is not a multiple of ${F}.`,
    );
  if (!(G > 0) || !Number.isInteger(G))
    throw new ValueError(`conv_general_dilated batch_group_count must be a positive integer, got ${G}.`);
  const lhsBatch = lhs.shape[dn.lhs_spec[0]];
  if (G > 1 && lhsBatch % G)
    throw new ValueError(
      `conv_general_dilated batch_group_count must divide lhs batch dimension size, but ${G} does not divide ${lhsBatch}.`,
    );
  if (rhsOut % G)
    throw new ValueError(
      `conv_general_dilated rhs output feature dimension size must be a multiple of batch_group_count, but ${rhsOut} is not a multiple of ${G}.`,
    );
  if (G > 1 && F > 1)
    throw new ValueError(
      `At most one of batch_group_count and feature_group_count may be > 1, got batch_group_count=${G} and feature_group_count=${F}`,
    );
  const nSpatial = dn.rhs_spec.length - 2;
  if (nSpatial !== p.window_strides.length) {
    throw new ValueError(
      `conv_general_dilated window and window_strides must have the same number of dimensions, but got ${nSpatial} and ${p.window_strides.length}`,
    );
  }
  for (const [name, v] of [
    ["lhs_dilation", p.lhs_dilation],
    ["rhs_dilation", p.rhs_dilation],
  ] as const) {
    if (v.length !== nSpatial)
      throw new ValueError(`conv_general_dilated ${name} must have ${nSpatial} entries (one per spatial dimension), got ${pyTuple(v)}`);
  }
  if (p.window_strides.some((s) => !(s > 0)))
    throw new ValueError(`conv_general_dilated window_strides must be positive, got ${pyTuple(p.window_strides)}`);
  const lhsT = dilateShape(take(lhs.shape, dn.lhs_spec), p.lhs_dilation);
  const rhsT = dilateShape(take(rhs.shape, dn.rhs_spec), p.rhs_dilation);
  const outT = convShapeTuple(lhsT, rhsT, p.window_strides, p.padding, G);
  const inv = argsort(dn.out_spec);
  return inv.map((i) => outT[i]);
}

function argsort(xs: readonly number[]): number[] {
  return xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
}

export const convGeneralDilatedP: Primitive<ConvParams> = new Primitive("conv_general_dilated", {
  abstractEval([lhs, rhs], p) {
    if (lhs.dtype !== rhs.dtype) {
      throw new JaxTypeError(`conv_general_dilated requires arguments to have the same dtypes, got ${lhs.dtype}, ${rhs.dtype}.`);
    }
    if (lhs.dtype === "bool") throw new JaxTypeError("conv_general_dilated does not accept dtype bool.");
    const shape = convOutputShape(lhs, rhs, p);
    return [new ShapedArray(shape, p.preferred_element_type ?? lhs.dtype, lhs.weakType && rhs.weakType)];
  },
  jvp([l, r], [tl, tr], params) {
    const ans = bind1(convGeneralDilatedP, [l, r], params);
    const a = tl instanceof Zero ? null : bind1(convGeneralDilatedP, [tl, r], params);
    const b = tr instanceof Zero ? null : bind1(convGeneralDilatedP, [l, tr], params);
    return [[ans], [a && b ? addI(a, b) : (a ?? b ?? new Zero(ans.aval.strongType()))]];
  },
  transpose([ct], [l, r], p) {
    if (l instanceof UndefinedPrimal && r instanceof UndefinedPrimal)
      throw new Error("conv_general_dilated transpose: both operands linear");
    if (l instanceof UndefinedPrimal) return [ct instanceof Zero ? new Zero(l.aval) : transposeLhs(ct, l.aval, r as NDArray, p), null];
    const ra = (r as UndefinedPrimal).aval;
    return [null, ct instanceof Zero ? new Zero(ra) : transposeRhs(ct, l as NDArray, ra, p)];
  },
  batch([lhs, rhs], [lb, rb], p) {
    const out = batchRule(lhs, rhs, lb, rb, p);
    return [[out[0]], [out[1]]];
  },
  printParams: (p) => {
    const dn = p.dimension_numbers;
    return (
      `batch_group_count=${p.batch_group_count} ` +
      `dimension_numbers=ConvDimensionNumbers(lhs_spec=${tuple(dn.lhs_spec)}, rhs_spec=${tuple(dn.rhs_spec)}, out_spec=${tuple(dn.out_spec)}) ` +
      `feature_group_count=${p.feature_group_count} lhs_dilation=${tuple(p.lhs_dilation)} ` +
      `padding=(${p.padding.map((q) => `(${q[0]}, ${q[1]})`).join(", ")}${p.padding.length === 1 ? "," : ""}) precision=None ` +
      `preferred_element_type=${p.preferred_element_type ?? "None"} rhs_dilation=${tuple(p.rhs_dilation)} window_strides=${tuple(p.window_strides)}`
    );
  },
});

/** Bind with canonical params (used by the rules, which always pass explicit padding). */
export function convBind(lhs: NDArray, rhs: NDArray, p: ConvParams): NDArray {
  return bind1(convGeneralDilatedP, [lhs, rhs], p);
}

// ---------- transposes ----------
// Ignoring spatial dims, with m = batch, j = in feature, k = out feature:
// forward [m, j] [j, k] -> [m, k]; lhs transpose [m, k] [k, j] -> [m, j];
// rhs transpose [j, m] [m, k] -> [j, k]. Feature groups become batch groups
// in the rhs transpose and vice versa (see the JAX source for the derivation).

const specT = (s: number[]) => [s[1], s[0], ...s.slice(2)];
const sdims = (s: number[]) => s.slice(2);

function vjpLhsPadding(
  inShape: number[],
  window: number[],
  strides: number[],
  outShape: number[],
  padding: Array<[number, number]>,
  lhsDil: number[],
  rhsDil: number[],
): Array<[number, number]> {
  const ld = dilateShape(inShape, lhsDil);
  const rd = dilateShape(window, rhsDil);
  const od = dilateShape(outShape, strides);
  return ld.map((_, i) => {
    const before = rd[i] - padding[i][0] - 1;
    const after = ld[i] + rd[i] - 1 - od[i] - before;
    return [before, after];
  });
}

function vjpRhsPadding(
  inShape: number[],
  window: number[],
  strides: number[],
  outShape: number[],
  padding: Array<[number, number]>,
  lhsDil: number[],
  rhsDil: number[],
): Array<[number, number]> {
  if (inShape.length === 0) return [];
  const ld = dilateShape(inShape, lhsDil);
  const rd = dilateShape(window, rhsDil);
  const od = dilateShape(outShape, strides);
  return ld.map((_, i) => {
    const lo = padding[i][0];
    return [lo, od[i] - ld[i] + (rd[i] - lo - 1)];
  });
}

function transposeLhs(g: NDArray, lhsAval: ShapedArray, rhs: NDArray, p: ConvParams): NDArray {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  let F = p.feature_group_count;
  const G = p.batch_group_count;
  const rhsShape = [...rhs.shape];
  if (F > 1) {
    // Move the feature group axis into the transposed rhs's output feature dim.
    rhs = reshapeAxisOutOf(rhs_spec[0], F, rhs);
    rhs = reshapeAxisInto(rhs_spec[0], rhs_spec[1], rhs);
  } else if (G > 1) {
    rhs = reshapeAxisOutOf(rhs_spec[0], G, rhs);
    rhs = reshapeAxisInto(rhs_spec[0], rhs_spec[1], rhs);
    F = G;
  }
  const padding = vjpLhsPadding(
    take(lhsAval.shape, sdims(lhs_spec)),
    take(rhsShape, sdims(rhs_spec)),
    p.window_strides,
    take(g.shape, sdims(out_spec)),
    p.padding,
    p.lhs_dilation,
    p.rhs_dilation,
  );
  let w = bind1(revP, [rhs], { dimensions: sdims(rhs_spec) });
  if (w.dtype !== g.dtype) w = convert(w, g.dtype);
  let out = convBind(g, w, {
    ...p,
    window_strides: p.lhs_dilation,
    padding,
    lhs_dilation: p.window_strides,
    dimension_numbers: { lhs_spec: out_spec, rhs_spec: specT(rhs_spec), out_spec: lhs_spec },
    feature_group_count: F,
    batch_group_count: 1,
  });
  if (out.dtype !== lhsAval.dtype) out = convert(out, lhsAval.dtype);
  if (G > 1) {
    out = reshapeAxisOutOf(lhs_spec[1], G, out);
    out = reshapeAxisInto(lhs_spec[1], lhs_spec[0], out);
  }
  return out;
}

function transposeRhs(g: NDArray, lhs: NDArray, rhsAval: ShapedArray, p: ConvParams): Tangent {
  // Avoids forming degenerate convolutions where the rhs has spatial size 0.
  if (g.size === 0) return new Zero(rhsAval);
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  let F = p.feature_group_count;
  let G = p.batch_group_count;
  if (G > 1) {
    F = G;
    G = 1;
  } else if (F > 1) {
    G = F;
    F = 1;
  }
  const padding = vjpRhsPadding(
    take(lhs.shape, sdims(lhs_spec)),
    take(rhsAval.shape, sdims(rhs_spec)),
    p.window_strides,
    take(g.shape, sdims(out_spec)),
    p.padding,
    p.lhs_dilation,
    p.rhs_dilation,
  );
  if (lhs.dtype !== g.dtype) lhs = convert(lhs, g.dtype);
  let out = convBind(lhs, g, {
    ...p,
    window_strides: p.rhs_dilation,
    padding,
    lhs_dilation: p.lhs_dilation,
    rhs_dilation: p.window_strides,
    dimension_numbers: { lhs_spec: specT(lhs_spec), rhs_spec: specT(out_spec), out_spec: specT(rhs_spec) },
    feature_group_count: F,
    batch_group_count: G,
  });
  if (out.dtype !== rhsAval.dtype) out = convert(out, rhsAval.dtype);
  return out;
}

// ---------- batching ----------

/** Merge axis `src` into axis `dst` (numbered after removing src), src the major part. */
function reshapeAxisInto(src: number, dst: number, x: NDArray): NDArray {
  const perm = [...Array(x.ndim).keys()].filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] *= x.shape[src];
  const t = perm.every((q, i) => q === i) ? x : bind1(transposeP, [x], { permutation: perm });
  return bind1(reshapeP, [t], { new_sizes: shape, dimensions: null });
}

/** Split axis `src` into (size1, rest). */
function reshapeAxisOutOf(src: number, size1: number, x: NDArray): NDArray {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src] / size1);
  return bind1(reshapeP, [x], { new_sizes: shape, dimensions: null });
}

function batchRule(lhs: NDArray, rhs: NDArray, lb: number | null, rb: number | null, p: ConvParams): [NDArray, number] {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  let F = p.feature_group_count;
  let G = p.batch_group_count;
  const conv = (l: NDArray, r: NDArray, f = F, g = G) => convBind(l, r, { ...p, feature_group_count: f, batch_group_count: g });
  if (lb !== null && rb !== null) {
    const B = lhs.shape[lb];
    let newLhs: NDArray;
    if (G > 1) {
      newLhs = reshapeAxisInto(lb, lhs_spec[0], lhs);
      G *= B;
    } else {
      newLhs = reshapeAxisInto(lb, lhs_spec[1], lhs);
      F *= B;
    }
    const newRhs = reshapeAxisInto(rb, rhs_spec[0], rhs);
    const out = conv(newLhs, newRhs, F, G);
    return [reshapeAxisOutOf(out_spec[1], B, out), out_spec[1]];
  }
  if (lb !== null) {
    const B = lhs.shape[lb];
    if (G === 1) {
      const out = conv(reshapeAxisInto(lb, lhs_spec[0], lhs), rhs);
      return [reshapeAxisOutOf(out_spec[0], B, out), out_spec[0]];
    }
    let nl = reshapeAxisOutOf(lhs_spec[0] + (lb <= lhs_spec[0] ? 1 : 0), G, lhs);
    nl = reshapeAxisInto(lb + (lhs_spec[0] < lb ? 1 : 0), lhs_spec[0] + 1, nl);
    nl = reshapeAxisInto(lhs_spec[0], lhs_spec[0], nl);
    const out = conv(nl, rhs);
    return [reshapeAxisOutOf(out_spec[0], B, out), out_spec[0]];
  }
  const B = rhs.shape[rb!];
  if (F === 1 && G === 1) {
    const out = conv(lhs, reshapeAxisInto(rb!, rhs_spec[0], rhs));
    return [reshapeAxisOutOf(out_spec[1], B, out), out_spec[1]];
  }
  // Groups must stay outermost in the rhs output feature dim: factor them out,
  // fold the batch in, and put them back; likewise on the output.
  const groups = F > 1 ? F : G;
  let nr = reshapeAxisOutOf(rhs_spec[0] + (rb! <= rhs_spec[0] ? 1 : 0), groups, rhs);
  nr = reshapeAxisInto(rb! + (rhs_spec[0] < rb! ? 1 : 0), rhs_spec[0] + 1, nr);
  nr = reshapeAxisInto(rhs_spec[0], rhs_spec[0], nr);
  let out = conv(lhs, nr);
  out = reshapeAxisOutOf(out_spec[1], groups, out);
  out = reshapeAxisOutOf(out_spec[1] + 1, B, out);
  out = reshapeAxisInto(out_spec[1], out_spec[1] + 1, out);
  return [out, out_spec[1]];
}

// ---------- argument canonicalization (public API helpers) ----------

export type ConvDimensionNumbersLike =
  | null
  | undefined
  | [string, string, string]
  | { lhsSpec: number[]; rhsSpec: number[]; outSpec: number[] }
  | ConvDimensionNumbers;

/** JAX's conv_dimension_numbers: None, ("NCHW", "OIHW", "NCHW")-style strings, or explicit specs. */
export function convDimensionNumbers(
  lhsShape: readonly number[],
  rhsShape: readonly number[],
  dn: ConvDimensionNumbersLike,
): ConvDimensionNumbers {
  if (dn && !Array.isArray(dn) && typeof dn === "object") {
    const o = dn as Record<string, number[]>;
    const lhs = o.lhs_spec ?? o.lhsSpec;
    const rhs = o.rhs_spec ?? o.rhsSpec;
    const out = o.out_spec ?? o.outSpec;
    if (!lhs || !rhs || !out)
      throw new JaxTypeError(`convolution dimension_numbers object must have lhsSpec, rhsSpec and outSpec, got ${JSON.stringify(dn)}`);
    return { lhs_spec: [...lhs], rhs_spec: [...rhs], out_spec: [...out] };
  }
  if (lhsShape.length !== rhsShape.length) {
    throw new JaxTypeError(`convolution requires lhs and rhs ndim to be equal, got ${lhsShape.length} and ${rhsShape.length}.`);
  }
  if (dn === null || dn === undefined) {
    const iota = [...lhsShape.keys()];
    return { lhs_spec: iota, rhs_spec: [...iota], out_spec: [...iota] };
  }
  if (!Array.isArray(dn)) throw new JaxTypeError(`convolution dimension_numbers must be tuple/list or None, got ${typeof dn}.`);
  if (dn.length !== 3)
    throw new JaxTypeError(`convolution dimension_numbers list/tuple must be length 3, got ${(dn as unknown[]).length}.`);
  if (!dn.every((e) => typeof e === "string")) throw new JaxTypeError("convolution dimension_numbers elements must be strings");
  dn.forEach((e, i) => {
    if (e.length !== lhsShape.length) {
      throw new JaxTypeError(
        `convolution dimension_numbers[${i}] must have len equal to the ndim of lhs and rhs, got ${e.length} for lhs and rhs shapes ${shapeStr(lhsShape)} and ${shapeStr(rhsShape)}.`,
      );
    }
  });
  const [lhs, rhs, out] = convGeneralPermutations(dn);
  return { lhs_spec: lhs, rhs_spec: rhs, out_spec: out };
}

function convGeneralPermutations(dn: [string, string, string]): [number[], number[], number[]] {
  const [lhsS, rhsS] = dn;
  const pairs: Array<[string, string]> = [
    ["N", "C"],
    ["O", "I"],
    ["N", "C"],
  ];
  pairs.forEach(([a, b], i) => {
    const s = dn[i];
    const count = (ch: string) => [...s].filter((c) => c === ch).length;
    if (count(a) !== 1 || count(b) !== 1) {
      throw new JaxTypeError(`convolution dimension_numbers[${i}] must contain the characters '${a}' and '${b}' exactly once, got ${s}.`);
    }
    if (new Set(s).size !== s.length)
      throw new JaxTypeError(`convolution dimension_numbers[${i}] cannot have duplicate characters, got ${s}.`);
  });
  const spatial = (s: string, pair: [string, string]) =>
    [...s]
      .filter((c) => !pair.includes(c))
      .sort()
      .join("");
  if (!(spatial(lhsS, pairs[0]) === spatial(rhsS, pairs[1]) && spatial(rhsS, pairs[1]) === spatial(dn[2], pairs[2]))) {
    throw new JaxTypeError(
      `convolution dimension_numbers elements must each have the same set of spatial characters, got ('${dn.join("', '")}').`,
    );
  }
  const getperm = (s: string, pair: [string, string], isRhs: boolean): number[] => {
    let sp = [...s].map((c, i) => (pair.includes(c) ? -1 : i)).filter((i) => i >= 0);
    if (!isRhs) sp = sp.sort((x, y) => rhsS.indexOf(s[x]) - rhsS.indexOf(s[y]));
    return [s.indexOf(pair[0]), s.indexOf(pair[1]), ...sp];
  };
  return [getperm(dn[0], pairs[0], false), getperm(dn[1], pairs[1], true), getperm(dn[2], pairs[2], false)];
}

export type PaddingLike = "VALID" | "SAME" | "SAME_LOWER" | string | ReadonlyArray<readonly [number, number]>;

/** JAX's padtype_to_pads: explicit (lo, hi) pairs for "VALID" / "SAME" / "SAME_LOWER". */
export function padtypeToPads(
  inShape: readonly number[],
  windowShape: readonly number[],
  strides: readonly number[],
  padding: string,
): Array<[number, number]> {
  const kind = padding.toUpperCase();
  if (kind === "VALID") return inShape.map(() => [0, 0]);
  if (kind === "SAME" || kind === "SAME_LOWER") {
    return inShape.map((d, i) => {
      const out = Math.ceil(d / strides[i]);
      const size = Math.max(0, (out - 1) * strides[i] + windowShape[i] - d);
      const small = Math.floor(size / 2);
      return kind === "SAME" ? [small, size - small] : [size - small, small];
    });
  }
  throw new ValueError(`Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got ${padding}.`);
}

export interface ConvOpts {
  lhsDilation?: number[] | null;
  rhsDilation?: number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  featureGroupCount?: number;
  batchGroupCount?: number;
  preferredElementType?: DType | null;
}

/** Resolve public arguments into canonical params (JAX's conv_general_dilated wrapper). */
export function convParams(
  lhs: NDArray,
  rhs: NDArray,
  windowStrides: readonly number[],
  padding: PaddingLike,
  opts: ConvOpts = {},
): ConvParams {
  const dn = convDimensionNumbers(lhs.shape, rhs.shape, opts.dimensionNumbers);
  const nSpatial = lhs.ndim - 2;
  if (nSpatial < 0) throw new JaxTypeError(`conv_general_dilated requires lhs of rank >= 2, got shape ${shapeStr(lhs.shape)}`);
  const checkSeq = (v: unknown, name: string): number[] => [...checkIntList(v, `conv_general_dilated ${name}`)];
  const strides = checkSeq(windowStrides, "window_strides");
  let lhsDil = opts.lhsDilation ?? null;
  if (lhsDil === null) lhsDil = Array(nSpatial).fill(1);
  else if (typeof padding === "string" && !lhsDil.every((d) => d === 1)) {
    throw new ValueError(
      "String padding is not implemented for transposed convolution using this op. Please either exactly specify the required padding or use conv_transpose.",
    );
  }
  const rhsDil = opts.rhsDilation ?? Array(rhs.ndim - 2).fill(1);
  let pads: Array<[number, number]>;
  if (typeof padding === "string") {
    const rhsShape = take(rhs.shape, dn.rhs_spec).slice(2);
    const eff = rhsShape.map((k, i) => dilateDim(k, rhsDil[i] ?? 1));
    pads = padtypeToPads(take(lhs.shape, dn.lhs_spec).slice(2), eff, strides, padding);
  } else {
    if (!Array.isArray(padding) || !padding.every((q) => Array.isArray(q) && q.length === 2 && q.every((v) => Number.isInteger(v)))) {
      throw new ValueError(
        `padding argument to conv_general_dilated should be a string or a sequence of (low, high) pairs, got ${Array.isArray(padding) ? JSON.stringify(padding) : describe(padding)}`,
      );
    }
    pads = padding.map((q) => [q[0], q[1]] as [number, number]);
  }
  return {
    window_strides: strides,
    padding: pads,
    lhs_dilation: checkSeq(lhsDil, "lhs_dilation"),
    rhs_dilation: checkSeq(rhsDil, "rhs_dilation"),
    dimension_numbers: dn,
    feature_group_count: opts.featureGroupCount ?? 1,
    batch_group_count: opts.batchGroupCount ?? 1,
    precision: null,
    preferred_element_type: opts.preferredElementType ?? null,
  };
}

/** Padding of a transposed convolution for one dim (JAX's _conv_transpose_padding). */
export function convTransposePadding(k: number, s: number, padding: string | readonly [number, number]): [number, number] {
  let padA: number;
  let padLen: number;
  if (padding === "SAME") {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else if (padding === "VALID") {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  } else if (Array.isArray(padding)) {
    const pads = padding.map((q) => k - q - 1);
    padA = pads[0];
    padLen = pads[0] + pads[1];
  } else {
    throw new ValueError(`Invalid padding mode: ${String(padding)}`);
  }
  return [padA, padLen - padA];
}
