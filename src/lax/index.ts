// The lax namespace.
export * from "./api.ts";
