// The lax namespace.
export * from "./api.ts";
export * from "./control/index.ts";
export { customLinearSolve, customRoot, type CustomLinearSolveOptions, type CustomRootOptions } from "./custom_solve.ts";
