// The columns of the table, in order. Adapters load lazily so a worker
// process imports only the library it measures. "jax" (real JAX, in Python)
// has no adapter: worker.ts hands it to bench/jax.ts.
import type { Lib } from "./types.ts";

// jaxts-js / jaxts-wasm drop their outputs (no dispose(), as users write it);
// the -disposed variants dispose every output and dropped intermediate.
export const LIB_IDS = [
  "jaxts-js",
  "jaxts-wasm",
  "jaxts-js-disposed",
  "jaxts-wasm-disposed",
  "jax",
  "jaxjs-wasm",
  "tfjs-wasm",
  "tfjs-cpu",
] as const;
export type LibId = (typeof LIB_IDS)[number];

/** What `npm run bench` runs without --libs (jaxts-js-disposed is slow and only says what jaxts-wasm-disposed does). */
export const DEFAULT_LIB_IDS: readonly LibId[] = LIB_IDS.filter((id) => id !== "jaxts-js-disposed");

export const LIB_LABELS: Record<LibId, string> = {
  "jaxts-js": "jaxts js",
  "jaxts-wasm": "jaxts wasm",
  "jaxts-js-disposed": "jaxts js (disposed)",
  "jaxts-wasm-disposed": "jaxts wasm (disposed)",
  jax: "JAX cpu",
  "jaxjs-wasm": "jax-js wasm",
  "tfjs-wasm": "tfjs wasm",
  "tfjs-cpu": "tfjs cpu",
};

export async function loadLib(id: LibId): Promise<Lib> {
  switch (id) {
    case "jaxts-js":
      return (await import("./jaxts.ts")).jaxtsLib("js", "drop", (await import("../jaxts_package.ts")).jaxts);
    case "jaxts-wasm":
      return (await import("./jaxts.ts")).jaxtsLib("wasm", "drop", (await import("../jaxts_package.ts")).jaxts);
    case "jaxts-js-disposed":
      return (await import("./jaxts.ts")).jaxtsLib("js", "dispose", (await import("../jaxts_package.ts")).jaxts);
    case "jaxts-wasm-disposed":
      return (await import("./jaxts.ts")).jaxtsLib("wasm", "dispose", (await import("../jaxts_package.ts")).jaxts);
    case "jax":
      throw new Error("JAX is timed in Python (bench/jax.ts), not through a Lib adapter");
    case "jaxjs-wasm":
      return (await import("./jaxjs.ts")).jaxjsLib();
    case "tfjs-wasm":
      return (await import("./tfjs.ts")).tfjsLib("wasm");
    case "tfjs-cpu":
      return (await import("./tfjs.ts")).tfjsLib("cpu");
  }
}
