// npm run bench: every library in its own worker process, then one table.
// Options: --libs jaxts-wasm,jax,tfjs-wasm   --only W1,W1e,W2-256   (for quick looks)
// Default libraries: all but jaxts-js-disposed (registry.ts DEFAULT_LIB_IDS);
// "jax" is real JAX in Python (bench/jax.ts sets up bench/.venv on first use).
// --browser: jaxts wasm in headless Chromium next to Node (browser.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setupJax } from "./jax.ts";
import { DEFAULT_LIB_IDS, LIB_IDS, type LibId } from "./libs/registry.ts";
import { renderMarkdown, type BenchRun } from "./report.ts";
import type { LibResult } from "./worker.ts";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);

if (process.argv.includes("--browser")) {
  await (await import("./browser.ts")).runBrowserBench();
  process.exit(0);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const libs = (option("--libs")?.split(",") ?? [...DEFAULT_LIB_IDS]) as LibId[];
for (const id of libs) if (!LIB_IDS.includes(id)) throw new Error(`unknown library '${id}'; known: ${LIB_IDS.join(", ")}`);
const only = option("--only");

const cpus = os.cpus();
const machine = `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.arch()}`;
const started = performance.now();
/** The machine's load (1, 5, 15 min averages) when the run starts and ends: other processes skew timings. */
const loadavg = () => {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
  }
};
const loadAtStart = loadavg();
// The JAX column's Python environment, made or reused before any timing starts.
const jaxSetup = libs.includes("jax") ? setupJax((s) => process.stderr.write(s)) : undefined;
const tmp = mkdtempSync(path.join(os.tmpdir(), "jaxts-bench-"));
const results: LibResult[] = [];

for (const id of libs) {
  const out = path.join(tmp, `${id}.json`);
  process.stderr.write(`${id}\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(benchDir, "worker.ts"), id, out, ...(only ? [only] : [])], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 300_000,
    env: { ...process.env, ...(jaxSetup ? { JAXTS_BENCH_JAX: JSON.stringify(jaxSetup) } : {}) },
  });
  const failed = r.error ? r.error.message : r.status !== 0 ? `worker exited with ${r.status ?? r.signal}` : null;
  let res: LibResult;
  try {
    res = JSON.parse(readFileSync(out, "utf8")) as LibResult;
    if (failed) res.describe += ` — worker stopped early (${failed}); cases after the last one shown were not run`;
  } catch {
    res = { id, available: false, describe: `crashed: ${failed}`, cases: {} };
  }
  results.push(res);
}
rmSync(tmp, { recursive: true, force: true });

const run: BenchRun = {
  date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
  machine,
  node: process.versions.node,
  wallSeconds: (performance.now() - started) / 1000,
  load: [loadAtStart, loadavg()],
  libs: results,
};
const md = renderMarkdown(run);
process.stdout.write("\n" + md);
if (option("--libs") || only) {
  process.stderr.write("\n(a partial run: bench/results/latest.* are kept as they were)\n");
} else {
  const resultsDir = path.join(benchDir, "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(run, null, 2) + "\n");
  writeFileSync(path.join(resultsDir, "latest.md"), md);
  process.stderr.write("\nwrote bench/results/latest.json and bench/results/latest.md\n");
}
