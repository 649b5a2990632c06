// gather and the scatter family (scatter, scatter-add, -mul, -min, -max):
// XLA's general indexing primitives with JAX's dimension numbers and
// out-of-bounds modes, declared together because gather's transpose is a
// scatter-add and a scatter's transpose a gather. NumPy indexing, take,
// take_along_axis and the batching of dynamic slices lower to these. JVPs
// and transposes follow jax/_src/lax/slicing.py.
import { ShapedArray } from "../core/aval.ts";
import { type DType, isFloat } from "../core/dtypes.ts";
import { JaxTypeError, NotImplementedError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, type PrimitiveRules, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { prod, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { broadcastInDimP } from "./broadcast.ts";
import { addP, divP, eqP, mulP, selectNP, subP } from "./elementwise.ts";
import { gatherBatch, scatterBatch } from "./gather_scatter_batch.ts";
import {
  defaultFillValue,
  type GatherDimensionNumbers,
  type GatherParams,
  type GatherScatterMode,
  gatherToScatterDnums,
  printGather,
  printScatter,
  range,
  type ScatterDimensionNumbers,
  type ScatterParams,
  scatterSliceSizes,
  scatterToGatherDnums,
} from "./gather_scatter_params.ts";
import { checkIndexDtype, gatherShapeRule, scatterShapeRule } from "./gather_scatter_shapes.ts";
import { addTangents } from "./helpers.ts";
import { reshapeP } from "./layout.ts";
import { iotaP } from "./shape_ops.ts";
import { full, instantiate } from "./zeros.ts";

// ---------- builders ----------

export interface GatherOpts {
  mode?: GatherScatterMode;
  fillValue?: number | null;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

/** lax.gather on arrays: mode defaults to promise_in_bounds; fill mode gets JAX's default fill value. */
export function gatherI(
  operand: NDArray,
  indices: NDArray,
  dn: GatherDimensionNumbers,
  sliceSizes: number[],
  opts: GatherOpts = {},
): NDArray {
  const mode = opts.mode ?? "promise_in_bounds";
  const fill = mode === "fill" ? (opts.fillValue ?? defaultFillValue(operand.dtype)) : null;
  const params: GatherParams = {
    dimension_numbers: dn,
    slice_sizes: [...sliceSizes],
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
    mode,
    fill_value: fill,
  };
  return bind1(gatherP, [operand, indices], params);
}

export interface ScatterOpts {
  mode?: GatherScatterMode;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

/** A scatter-family primitive on arrays; mode defaults to fill (FILL_OR_DROP), as in JAX. */
export function scatterI(
  prim: Primitive<ScatterParams>,
  operand: NDArray,
  indices: NDArray,
  updates: NDArray,
  dn: ScatterDimensionNumbers,
  opts: ScatterOpts = {},
): NDArray {
  const params: ScatterParams = {
    dimension_numbers: dn,
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
    mode: opts.mode ?? "fill",
  };
  return bind1(prim, [operand, indices, updates], params);
}

/** The gather that transposes a scatter onto its updates (fill_value 0, same mode). */
function gatherUpdates(ct: NDArray, indices: NDArray, p: ScatterParams, updatesShape: readonly number[]): NDArray {
  const sizes = scatterSliceSizes(ct.ndim, p.dimension_numbers, updatesShape);
  return gatherI(ct, indices, scatterToGatherDnums(p.dimension_numbers), sizes, { mode: p.mode, fillValue: 0 });
}

const avalOf = (x: NDArray | UndefinedPrimal): ShapedArray => x.aval;
const zerosOf = (shape: readonly number[], dtype: DType): NDArray => full(shape, 0, dtype);
const onesOf = (shape: readonly number[], dtype: DType): NDArray => full(shape, 1, dtype);
/** lax.select(pred, onTrue, onFalse). */
const select = (pred: NDArray, t: NDArray, f: NDArray): NDArray => bind1(selectNP, [pred, f, t], {});
const bin = (p: Primitive, x: NDArray, y: NDArray): NDArray => bind1(p, [x, y], {});

// ---------- gather ----------

export const gatherP: Primitive<GatherParams> = new Primitive("gather", {
  abstractEval([operand, indices], params) {
    checkIndexDtype(indices);
    const shape = gatherShapeRule(operand, indices, params);
    return [new ShapedArray(shape, operand.dtype, operand.weakType)];
  },
  // Linear in the operand; the indices get no tangent.
  jvp([x, indices], [t], p) {
    const ans = bind1(gatherP, [x, indices], p);
    if (t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(gatherP, [t, indices], { ...p, fill_value: p.mode === "fill" ? 0 : null })]];
  },
  // Transpose: scatter-add the cotangent into zeros.
  transpose([ct], [operand, indices], p) {
    if (!(operand instanceof UndefinedPrimal)) return [null, null];
    if (ct instanceof Zero) return [new Zero(operand.aval.strongType()), null];
    const zeros = zerosOf(operand.aval.shape, ct.dtype);
    return [
      scatterI(scatterAddP, zeros, indices as NDArray, ct, gatherToScatterDnums(p.dimension_numbers), {
        mode: p.mode,
        uniqueIndices: p.unique_indices,
        indicesAreSorted: p.indices_are_sorted,
      }),
      null,
    ];
  },
  batch: (args, dims, params) => gatherBatch(gatherP, args, dims, params),
  printParams: printGather,
});

// ---------- scatter family ----------

function defScatter(name: string, rules: Pick<PrimitiveRules<ScatterParams>, "jvp" | "transpose">): Primitive<ScatterParams> {
  const prim: Primitive<ScatterParams> = new Primitive(name, {
    abstractEval([operand, indices, updates], params) {
      checkIndexDtype(indices);
      if (operand.dtype !== updates.dtype) {
        throw new JaxTypeError(
          `lax.${name.replace("-", "_")} requires arguments to have the same dtypes, got ${operand.dtype}, ${updates.dtype}.`,
        );
      }
      scatterShapeRule(name, operand, indices, updates, params);
      return [operand];
    },
    ...rules,
    batch: (args, dims, params) => scatterBatch(prim, args, dims, params),
    printParams: printScatter,
  });
  return prim;
}

function zeroTangentOut(ans: NDArray): Tangent[] {
  return [new Zero(ans.aval.strongType())];
}

// scatter-add: linear in (operand, updates) jointly.
export const scatterAddP: Primitive<ScatterParams> = defScatter("scatter-add", {
  jvp([x, indices, u], [tx, , tu], params) {
    const ans = bind1(scatterAddP, [x, indices, u], params);
    if (tx instanceof Zero && tu instanceof Zero) return [[ans], zeroTangentOut(ans)];
    return [[ans], [bind1(scatterAddP, [instantiate(tx), indices, instantiate(tu)], params)]];
  },
  transpose([ct], [x, indices, u], params) {
    const xUndef = x instanceof UndefinedPrimal,
      uUndef = u instanceof UndefinedPrimal;
    if (ct instanceof Zero) return [xUndef ? new Zero(avalOf(x)) : null, null, uUndef ? new Zero(avalOf(u)) : null];
    return [xUndef ? ct : null, null, uUndef ? gatherUpdates(ct, indices as NDArray, params, avalOf(u).shape) : null];
  },
});

// scatter-mul: linear in the operand; in the updates only with unique indices (as JAX).
export const scatterMulP: Primitive<ScatterParams> = defScatter("scatter-mul", {
  jvp([x, indices, u], [tx, , tu], params) {
    const ans = bind1(scatterMulP, [x, indices, u], params);
    let out: Tangent = new Zero(ans.aval.strongType());
    if (!(tx instanceof Zero)) out = bind1(scatterMulP, [tx, indices, u], params);
    if (!(tu instanceof Zero)) {
      requireUnique(params, "scatter_mul gradients");
      const spread = bind1(scatterAddP, [zerosOf(x.shape, x.dtype), indices, tu], params);
      out = addTangents(out, bin(mulP, x, spread));
    }
    return [[ans], [out]];
  },
  transpose([ct], [x, indices, u], p) {
    const xUndef = x instanceof UndefinedPrimal,
      uUndef = u instanceof UndefinedPrimal;
    if (ct instanceof Zero) return [xUndef ? new Zero(avalOf(x)) : null, null, uUndef ? new Zero(avalOf(u)) : null];
    let xt: NDArray | null = null,
      ut: NDArray | null = null;
    if (xUndef) {
      if (uUndef) throw new Error("scatter_mul transpose: operand and updates cannot both be linear");
      xt = bind1(scatterMulP, [ct, indices as NDArray, u as NDArray], p);
    }
    if (uUndef) {
      requireUnique(p, "scatter_mul gradients");
      ut = gatherUpdates(bin(mulP, ct, x as NDArray), indices as NDArray, p, avalOf(u).shape);
    }
    return [xt, null, ut];
  },
});

function requireUnique(p: ScatterParams, what: string): void {
  if (!p.unique_indices) {
    throw new NotImplementedError(`${what} are only implemented if \`unique_indices=True\``);
  }
}

/**
 * scatter-min / scatter-max JVP (JAX's _scatter_extremal_jvp): where several
 * values tie for the extremum, the tangent is their average.
 */
function extremalJvp(prim: () => Primitive<ScatterParams>): PrimitiveRules<ScatterParams>["jvp"] {
  return ([x, indices, u], [tx, , tu], p) => {
    const ans = bind1(prim(), [x, indices, u], p);
    if ((tx instanceof Zero && tu instanceof Zero) || !isFloat(x.dtype)) return [[ans], zeroTangentOut(ans)];
    const gOp = instantiate(tx),
      gUp = instantiate(tu);
    const gdn = scatterToGatherDnums(p.dimension_numbers);
    const sizes = scatterSliceSizes(x.ndim, p.dimension_numbers, u.shape);
    const gather = (v: NDArray) => gatherI(v, indices, gdn, sizes);
    const scatterAdd = (op: NDArray, upd: NDArray) => scatterI(scatterAddP, op, indices, upd, p.dimension_numbers);
    const dt = x.dtype;
    const zerosX = zerosOf(x.shape, dt),
      zerosU = zerosOf(u.shape, dt),
      onesU = onesOf(u.shape, dt);
    const initial = gather(x);
    const target = gather(ans);
    const successful = bin(eqP, u, target);
    const retained = bin(eqP, initial, target);
    const numUpdates = gather(scatterAdd(zerosX, select(successful, onesU, zerosU)));
    const numRefs = gather(scatterAdd(zerosX, onesU));
    const one = onesOf(u.shape, dt);
    const inv1 = bin(divP, one, bin(addP, numUpdates, one));
    const updatesNormalizer = select(retained, inv1, bin(divP, one, numUpdates));
    const updatesCoef = select(successful, updatesNormalizer, zerosU);
    const operandNormalizer = select(retained, inv1, zerosU);
    const operandCoef = bin(divP, bin(subP, operandNormalizer, one), numRefs);
    const tangentUpdates = bin(addP, bin(mulP, gather(gOp), operandCoef), bin(mulP, gUp, updatesCoef));
    return [
      [ans],
      [
        scatterI(scatterAddP, gOp, indices, tangentUpdates, p.dimension_numbers, {
          mode: p.mode,
          uniqueIndices: p.unique_indices,
          indicesAreSorted: p.indices_are_sorted,
        }),
      ],
    ];
  };
}
export const scatterMinP: Primitive<ScatterParams> = defScatter("scatter-min", { jvp: extremalJvp(() => scatterMinP) });
export const scatterMaxP: Primitive<ScatterParams> = defScatter("scatter-max", { jvp: extremalJvp(() => scatterMaxP) });

// scatter (set). With repeated indices it is unspecified which update wins, so
// the JVP (as JAX's _scatter_jvp) tags each update with an id, scatters the
// ids, and keeps exactly the values whose id survived; the result is then a
// scatter-add, which needs no scatter transpose.
export const scatterP: Primitive<ScatterParams> = defScatter("scatter", {
  jvp([x, indices, u], [tx, , tu], p) {
    if (tx instanceof Zero && tu instanceof Zero) {
      const ans = bind1(scatterP, [x, indices, u], p);
      return [[ans], zeroTangentOut(ans)];
    }
    const gOp = instantiate(tx),
      gUp = instantiate(tu);
    if (p.unique_indices) {
      return [[bind1(scatterP, [x, indices, u], p)], [bind1(scatterP, [gOp, indices, gUp], p)]];
    }
    const dn = p.dimension_numbers;
    const idsShape = u.shape.map((n, d) => (dn.update_window_dims.includes(d) ? 1 : n));
    const numIds = prod(idsShape);
    const iota = bind1(iotaP, [], { dtype: "int32", shape: [numIds], dimension: 0 });
    const ids1 = bin(addP, bind1(reshapeP, [iota], { new_sizes: idsShape, dimensions: null }), onesOf(idsShape, "int32"));
    const updateIds = bind1(broadcastInDimP, [ids1], { shape: [...u.shape], broadcast_dimensions: range(u.ndim) });
    const scatteredIds = scatterI(scatterP, zerosOf(x.shape, "int32"), indices, updateIds, dn, {
      mode: p.mode,
      uniqueIndices: p.unique_indices,
      indicesAreSorted: p.indices_are_sorted,
    });
    const sizes = scatterSliceSizes(x.ndim, dn, u.shape);
    const gatheredIds = gatherI(scatteredIds, indices, scatterToGatherDnums(dn), sizes);
    const keepOperand = bin(eqP, scatteredIds, zerosOf(x.shape, "int32"));
    const keepUpdate = bin(eqP, updateIds, gatheredIds);
    const zx = zerosOf(x.shape, x.dtype),
      zu = zerosOf(u.shape, u.dtype);
    const opts: ScatterOpts = { mode: p.mode, uniqueIndices: p.unique_indices, indicesAreSorted: p.indices_are_sorted };
    const val = scatterI(scatterAddP, select(keepOperand, x, zx), indices, select(keepUpdate, u, zu), dn, opts);
    const tan = scatterI(
      scatterAddP,
      select(keepOperand, gOp, zerosOf(x.shape, gOp.dtype)),
      indices,
      select(keepUpdate, gUp, zerosOf(u.shape, gUp.dtype)),
      dn,
      opts,
    );
    return [[val], [tan]];
  },
  transpose([ct], [x, indices, u], p) {
    const xUndef = x instanceof UndefinedPrimal,
      uUndef = u instanceof UndefinedPrimal;
    if (!p.unique_indices) throw new NotImplementedError("scatter transpose is only implemented where unique_indices=True");
    if (ct instanceof Zero) return [xUndef ? new Zero(avalOf(x)) : null, null, uUndef ? new Zero(avalOf(u)) : null];
    const uShape = avalOf(u).shape;
    return [
      xUndef ? bind1(scatterP, [ct, indices as NDArray, zerosOf(uShape, ct.dtype)], p) : null,
      null,
      uUndef ? gatherUpdates(ct, indices as NDArray, p, uShape) : null,
    ];
  },
});

// ---------- built on gather ----------

/**
 * out[..., i, ...] = x[..., idx[..., i, ...], ...] along `axis`, for idx of
 * x's shape (in-range indices). A gather whose other dims are batching dims.
 */
export function takeAlongAxisLax(x: NDArray, idx: NDArray, axis: number): NDArray {
  if (idx.ndim !== x.ndim || idx.shape.some((n, d) => d !== axis && n !== x.shape[d])) {
    throw new ValueError(
      `takeAlongAxisLax: indices of shape ${shapeStr(idx.shape)} must match operand shape ${shapeStr(x.shape)} except along axis ` +
        `${axis}`,
    );
  }
  const others = range(x.ndim).filter((d) => d !== axis);
  const gi = bind1(reshapeP, [idx], { new_sizes: [...idx.shape, 1], dimensions: null });
  const dn: GatherDimensionNumbers = {
    offset_dims: [],
    collapsed_slice_dims: [axis],
    start_index_map: [axis],
    operand_batching_dims: others,
    start_indices_batching_dims: others,
  };
  const sizes = x.shape.map((n, d) => (d === axis || n !== 0 ? 1 : 0));
  return gatherI(x, gi, dn, sizes, { mode: "promise_in_bounds" });
}
