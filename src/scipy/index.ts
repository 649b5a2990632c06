// jax.scipy: special functions, statistics, signal processing.
export { special } from "./special/index.ts";
