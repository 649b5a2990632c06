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
export { scaledDot, type ScaledDotOptions } from "./scaled_dot.ts";
