// jax.scipy: special functions, statistics, signal processing.
export { special } from "./special/index.ts";
export * as stats from "./stats/index.ts";
export * as signal from "./signal.ts";
export * as linalg from "./linalg.ts";
