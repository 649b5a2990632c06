// The params of gather and scatter: dimension numbers (JAX's, including
// operand / indices batching dims), out-of-bounds modes, conversions between
// gather and scatter dimension numbers, and their printing in jaxprs.
import { type DType, isFloat, isUnsigned } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import { pyBool, tuple as tup } from "./print_params.ts";

/** How out-of-bounds indices are handled (JAX's GatherScatterMode). */
export type GatherScatterMode = "clip" | "fill" | "promise_in_bounds";

export interface GatherDimensionNumbers {
  offset_dims: number[];
  collapsed_slice_dims: number[];
  start_index_map: number[];
  operand_batching_dims: number[];
  start_indices_batching_dims: number[];
}

export interface ScatterDimensionNumbers {
  update_window_dims: number[];
  inserted_window_dims: number[];
  scatter_dims_to_operand_dims: number[];
  operand_batching_dims: number[];
  scatter_indices_batching_dims: number[];
}

/** The params of gather. */
export type GatherParams = {
  dimension_numbers: GatherDimensionNumbers;
  slice_sizes: number[];
  indices_are_sorted: boolean;
  unique_indices: boolean;
  mode: GatherScatterMode;
  /** Used in "fill" mode only (null otherwise), as in JAX. */
  fill_value: number | null;
};

/** The params of scatter and every scatter-* primitive. */
export type ScatterParams = {
  dimension_numbers: ScatterDimensionNumbers;
  indices_are_sorted: boolean;
  unique_indices: boolean;
  mode: GatherScatterMode;
};

/** GatherScatterMode.from_any: null/"fill"/"drop" → fill. */
export function parseMode(mode: unknown): GatherScatterMode {
  if (mode === "clip") return "clip";
  if (mode === null || mode === undefined || mode === "fill" || mode === "drop") return "fill";
  if (mode === "promise_in_bounds") return "promise_in_bounds";
  throw new ValueError(`Unknown gather mode "${String(mode)}" (expected "clip", "fill", "drop" or "promise_in_bounds")`);
}

/** JAX's default gather fill value: NaN, the most negative int, the largest uint, or True. */
export function defaultFillValue(dtype: DType): number {
  if (isFloat(dtype)) return NaN;
  if (dtype === "int32") return -2147483648;
  if (dtype === "int64") return -(2 ** 63);
  if (isUnsigned(dtype)) return 4294967295;
  return 1; // bool: True
}

export const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);
export const plus1 = (xs: readonly number[]): number[] => xs.map((x) => x + 1);

// ---------- dimension-number conversions ----------

export function gatherToScatterDnums(dn: GatherDimensionNumbers): ScatterDimensionNumbers {
  return {
    update_window_dims: [...dn.offset_dims],
    inserted_window_dims: [...dn.collapsed_slice_dims],
    scatter_dims_to_operand_dims: [...dn.start_index_map],
    operand_batching_dims: [...dn.operand_batching_dims],
    scatter_indices_batching_dims: [...dn.start_indices_batching_dims],
  };
}

/** The gather that reads back what a scatter with these dnums writes. */
export function scatterToGatherDnums(dn: ScatterDimensionNumbers): GatherDimensionNumbers {
  return {
    offset_dims: [...dn.update_window_dims],
    collapsed_slice_dims: [...dn.inserted_window_dims],
    start_index_map: [...dn.scatter_dims_to_operand_dims],
    operand_batching_dims: [...dn.operand_batching_dims],
    start_indices_batching_dims: [...dn.scatter_indices_batching_dims],
  };
}

/** Window size per operand dim of a scatter (1 for inserted / batching dims). */
export function scatterSliceSizes(operandRank: number, dn: ScatterDimensionNumbers, updatesShape: readonly number[]): number[] {
  let pos = 0;
  return range(operandRank).map((i) =>
    dn.inserted_window_dims.includes(i) || dn.operand_batching_dims.includes(i) ? 1 : updatesShape[dn.update_window_dims[pos++]],
  );
}

// ---------- printing ----------

export function printGather(g: GatherParams): string {
  const dn = g.dimension_numbers;
  const fv = g.fill_value === null ? "None" : Number.isNaN(g.fill_value) ? "nan" : String(g.fill_value);
  const dnums =
    `GatherDimensionNumbers(offset_dims=${tup(dn.offset_dims)}, collapsed_slice_dims=${tup(dn.collapsed_slice_dims)}, ` +
    `start_index_map=${tup(dn.start_index_map)}, operand_batching_dims=${tup(dn.operand_batching_dims)}, ` +
    `start_indices_batching_dims=${tup(dn.start_indices_batching_dims)})`;
  return (
    `dimension_numbers=${dnums} fill_value=${fv} indices_are_sorted=${pyBool(g.indices_are_sorted)} ` +
    `mode=${modeName(g.mode)} slice_sizes=${tup(g.slice_sizes)} unique_indices=${pyBool(g.unique_indices)}`
  );
}

export function printScatter(s: ScatterParams): string {
  const dn = s.dimension_numbers;
  const dnums =
    `ScatterDimensionNumbers(update_window_dims=${tup(dn.update_window_dims)}, ` +
    `inserted_window_dims=${tup(dn.inserted_window_dims)}, scatter_dims_to_operand_dims=${tup(dn.scatter_dims_to_operand_dims)}, ` +
    `operand_batching_dims=${tup(dn.operand_batching_dims)}, scatter_indices_batching_dims=${tup(dn.scatter_indices_batching_dims)})`;
  return (
    `dimension_numbers=${dnums} indices_are_sorted=${pyBool(s.indices_are_sorted)} mode=${modeName(s.mode)} ` +
    `unique_indices=${pyBool(s.unique_indices)} update_consts=() update_jaxpr=None`
  );
}

const modeName = (m: GatherScatterMode): string =>
  `GatherScatterMode.${m === "clip" ? "CLIP" : m === "fill" ? "FILL_OR_DROP" : "PROMISE_IN_BOUNDS"}`;
