// The lax namespace.
export * from "./api.ts";
export * from "./control/index.ts";
export { complex, real, imag, conj } from "./complex_api.ts";
export { fft } from "./fft_api.ts";
export { customLinearSolve, customRoot, type CustomLinearSolveOptions, type CustomRootOptions } from "./custom_solve.ts";
export * from "./special_api.ts";
export * from "./api_extra.ts";
export { reduceWindow, reduceWindowShapeTuple, type ReduceWindowOptions } from "./reduce_window.ts";
export * from "./conv_shapes.ts";
export {
  Precision,
  DotAlgorithmPreset,
  DotAlgorithm,
  RoundingMethod,
  FftType,
  RandomAlgorithm,
  AccuracyMode,
  Tolerance,
  ConvDimensionNumbers,
  RaggedDotDimensionNumbers,
  type PrecisionLike,
  type RandomAlgorithmLike,
  type DotDimensionNumbers,
  type ConvGeneralDilatedDimensionNumbers,
} from "./enums.ts";
export { rngBitGenerator } from "./rng_bit_generator.ts";
export { axisIndex, axisSize, type AxisName } from "./axis.ts";
export {
  allGather,
  allToAll,
  pbroadcast,
  pmax,
  pmean,
  pmin,
  ppermute,
  pshuffle,
  psum,
  psumScatter,
  pswapaxes,
  allGatherP,
  allToAllP,
  pmaxP,
  pminP,
  ppermuteP,
  psumP,
  psumScatterP,
} from "./collectives.ts";
export {
  Token,
  createToken,
  afterAll,
  shapeAsValue,
  stage,
  convGeneralDilatedLocal,
  type ConvLocalOptions,
} from "./lax_misc.ts";
export * from "./primitives_public.ts";
export { PublicPrimitive } from "./public_primitive.ts";
export { raggedDotGeneral, type RaggedDotGeneralOptions } from "./ragged_dot_general.ts";
export * from "./primitives_composed.ts";
export { scaledDot, type ScaledDotOptions } from "./scaled_dot.ts";
