// The lax namespace.
export * from "./api.ts";
export * from "./control/index.ts";
export * from "./api_extra.ts";
