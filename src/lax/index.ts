// The lax namespace.
export * from "./api.ts";
export * from "./control/index.ts";
export { complex, real, imag, conj } from "./complex_api.ts";
export { fft } from "./fft_api.ts";
export { customLinearSolve, customRoot, type CustomLinearSolveOptions, type CustomRootOptions } from "./custom_solve.ts";
