// The indexing family in one import: gather / scatter (gather_scatter.ts),
// their params and shape rules, dynamic_slice / dynamic_update_slice
// (dynamic_slice.ts) and the argument parsing of the public wrappers
// (indexing_args.ts). Code outside lax/ imports from here.
export { dynamicSliceP, dynamicUpdateSliceP } from "./dynamic_slice.ts";
export {
  gatherI,
  type GatherOpts,
  gatherP,
  scatterAddP,
  scatterI,
  scatterMaxP,
  scatterMinP,
  scatterMulP,
  type ScatterOpts,
  scatterP,
  takeAlongAxisLax,
} from "./gather_scatter.ts";
export {
  defaultFillValue,
  type GatherDimensionNumbers,
  type GatherParams,
  type GatherScatterMode,
  gatherToScatterDnums,
  parseMode,
  type ScatterDimensionNumbers,
  type ScatterParams,
  scatterToGatherDnums,
} from "./gather_scatter_params.ts";
export {
  asIndexOperand,
  type GatherDimensionNumbersArg,
  parseGatherDnums,
  parseScatterDnums,
  type ScatterDimensionNumbersArg,
} from "./indexing_args.ts";
