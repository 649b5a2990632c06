// The lax namespace.
export * from "./api.ts";
export * from "./control/index.ts";
export * from "./api_extra.ts";
export { reduceWindow, reduceWindowShapeTuple, type ReduceWindowOptions } from "./reduce_window.ts";
export * from "./conv_shapes.ts";
