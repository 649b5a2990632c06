// The seed notebook "JAX Advanced Concepts: PyTree, LAX, XLA, and Scan",
// ported to jaxts (`npm start`). Prints what the notebook prints, times what
// it times, and writes the running-statistics figure to out/running_stats.svg.
// The same notebook runs in a browser: `npm run playground`.
import { mkdirSync, writeFileSync } from "node:fs";
import { runningStatsSvg } from "./notebook/figure.ts";
import { runNotebook } from "./notebook/run.ts";

const print = (...parts: unknown[]) => console.log(...parts);
const [mean, variance] = await runNotebook({ print, timing: print });
mkdirSync("out", { recursive: true });
writeFileSync("out/running_stats.svg", await runningStatsSvg(mean, variance));
print("\nThe running mean/variance figure is at out/running_stats.svg");
