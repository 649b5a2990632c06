// Arguments of the public gather / scatter wrappers: dimension numbers as
// users write them (camelCase, or JAX's snake_case keys) and index arrays.
import { arrayFromJs, asOperand, scalarArray } from "../core/convert.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import type { GatherDimensionNumbers, ScatterDimensionNumbers } from "./gather_scatter_params.ts";

/** Dimension numbers as users write them: camelCase (JAX's snake_case keys accepted too). */
export interface GatherDimensionNumbersArg {
  offsetDims?: number[];
  collapsedSliceDims?: number[];
  startIndexMap?: number[];
  operandBatchingDims?: number[];
  startIndicesBatchingDims?: number[];
  offset_dims?: number[];
  collapsed_slice_dims?: number[];
  start_index_map?: number[];
  operand_batching_dims?: number[];
  start_indices_batching_dims?: number[];
}
export interface ScatterDimensionNumbersArg {
  updateWindowDims?: number[];
  insertedWindowDims?: number[];
  scatterDimsToOperandDims?: number[];
  operandBatchingDims?: number[];
  scatterIndicesBatchingDims?: number[];
  update_window_dims?: number[];
  inserted_window_dims?: number[];
  scatter_dims_to_operand_dims?: number[];
  operand_batching_dims?: number[];
  scatter_indices_batching_dims?: number[];
}

function dimList(o: Record<string, unknown>, camel: string, snake: string, what: string, required: boolean): number[] {
  const v = o[camel] ?? o[snake];
  if (v === undefined || v === null) {
    if (required) throw new JaxTypeError(`${what}: missing field ${camel}`);
    return [];
  }
  if (!Array.isArray(v) || v.some((d) => !Number.isInteger(d))) {
    throw new JaxTypeError(`${what}.${camel} must be an array of integers, got ${JSON.stringify(v)}`);
  }
  return [...v] as number[];
}

export function parseGatherDnums(dn: GatherDimensionNumbersArg): GatherDimensionNumbers {
  if (typeof dn !== "object" || dn === null) throw new JaxTypeError(`gather dimension_numbers must be an object, got ${describe(dn)}`);
  const o = dn as Record<string, unknown>,
    w = "GatherDimensionNumbers";
  return {
    offset_dims: dimList(o, "offsetDims", "offset_dims", w, true),
    collapsed_slice_dims: dimList(o, "collapsedSliceDims", "collapsed_slice_dims", w, true),
    start_index_map: dimList(o, "startIndexMap", "start_index_map", w, true),
    operand_batching_dims: dimList(o, "operandBatchingDims", "operand_batching_dims", w, false),
    start_indices_batching_dims: dimList(o, "startIndicesBatchingDims", "start_indices_batching_dims", w, false),
  };
}

export function parseScatterDnums(dn: ScatterDimensionNumbersArg): ScatterDimensionNumbers {
  if (typeof dn !== "object" || dn === null) throw new JaxTypeError(`scatter dimension_numbers must be an object, got ${describe(dn)}`);
  const o = dn as Record<string, unknown>,
    w = "ScatterDimensionNumbers";
  return {
    update_window_dims: dimList(o, "updateWindowDims", "update_window_dims", w, true),
    inserted_window_dims: dimList(o, "insertedWindowDims", "inserted_window_dims", w, true),
    scatter_dims_to_operand_dims: dimList(o, "scatterDimsToOperandDims", "scatter_dims_to_operand_dims", w, true),
    operand_batching_dims: dimList(o, "operandBatchingDims", "operand_batching_dims", w, false),
    scatter_indices_batching_dims: dimList(o, "scatterIndicesBatchingDims", "scatter_indices_batching_dims", w, false),
  };
}

/** Index arrays given as JS data are int32 when every entry is an integer (JS arrays otherwise default to float32). */
export function asIndexOperand(x: ArrayLike, what: string): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x === "number" && Number.isInteger(x)) return scalarArray(x, "int32", false);
  const integral = (v: unknown): boolean => (Array.isArray(v) ? v.every(integral) : typeof v === "number" && Number.isInteger(v));
  if (Array.isArray(x) && integral(x)) {
    return arrayFromJs(x, "int32", what);
  }
  return asOperand(x, what);
}
