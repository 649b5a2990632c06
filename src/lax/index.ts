// The lax namespace.
export * from "./api.ts";
export * from "./control/index.ts";
export * from "./special_api.ts";
