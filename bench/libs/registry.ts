// The columns of the table, in order. Adapters load lazily so a worker
// process imports only the library it measures.
import type { Lib } from "./types.ts";

export const LIB_IDS = ["jaxts-js", "jaxts-wasm", "jaxjs-wasm", "tfjs-wasm", "tfjs-cpu"] as const;
export type LibId = (typeof LIB_IDS)[number];

export const LIB_LABELS: Record<LibId, string> = {
  "jaxts-js": "jaxts js",
  "jaxts-wasm": "jaxts wasm",
  "jaxjs-wasm": "jax-js wasm",
  "tfjs-wasm": "tfjs wasm",
  "tfjs-cpu": "tfjs cpu",
};

export async function loadLib(id: LibId): Promise<Lib> {
  switch (id) {
    case "jaxts-js": return (await import("./jaxts.ts")).jaxtsLib("js");
    case "jaxts-wasm": return (await import("./jaxts.ts")).jaxtsLib("wasm");
    case "jaxjs-wasm": return (await import("./jaxjs.ts")).jaxjsLib();
    case "tfjs-wasm": return (await import("./tfjs.ts")).tfjsLib("wasm");
    case "tfjs-cpu": return (await import("./tfjs.ts")).tfjsLib("cpu");
  }
}
