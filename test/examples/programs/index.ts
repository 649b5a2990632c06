// Every program port, by the name scripts/gen_programs_goldens.py gives it.
import type { Rec } from "./rec.ts";
import * as training from "./training.ts";
import * as sampling from "./sampling.ts";
import * as indexing from "./indexing.ts";
import * as numpyA from "./numpy_a.ts";
import * as numpyB from "./numpy_b.ts";
import * as misc from "./misc.ts";
import * as more from "./more.ts";
import * as edges from "./edges.ts";

export const programs: Record<string, (o: Rec) => void> = {};
for (const mod of [training, sampling, indexing, numpyA, numpyB, misc, more, edges] as Record<string, unknown>[]) {
  for (const [name, fn] of Object.entries(mod))
    if (typeof fn === "function" && !name.startsWith("_") && name !== "i32") programs[name] = fn as (o: Rec) => void;
}
