// npm run bench: every library in its own worker process, then one table.
// Options: --libs jaxts-wasm,jax,tfjs-wasm   --only W1,W1e,W2-256   (for quick looks)
// Default libraries: all but jaxts-js-disposed (registry.ts DEFAULT_LIB_IDS);
// "jax" is real JAX in Python (bench/jax.ts sets up bench/.venv on first use).
// --browser: jaxts wasm in headless Chromium next to Node (browser.ts).
import { spawnSync } from "node:child_process";
import { buildSync } from "esbuild";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setupJax } from "./jax.ts";
import { DEFAULT_LIB_IDS, LIB_IDS, type LibId } from "./libs/registry.ts";
import { type CaseResult, median } from "./harness.ts";
import { renderMarkdown, type BenchRun } from "./report.ts";
import type { LibResult } from "./worker.ts";
import { FIRST_CALL, FIRST_CALL_PROCESSES } from "./workloads.ts";

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
// Workers run as users run the package: plain node, no TypeScript loader. The
// worker is bundled (the libraries stay imports) next to its sources, so the
// paths it resolves from its own URL (the package, bench/node_modules) hold.
// Under tsx, its hooks and caches made the JS heap ~2.5x larger, and with it
// every full collection (9-17 ms instead of 4-7).
const workerScript = path.join(benchDir, ".worker.mjs");
buildSync({
  entryPoints: [path.join(benchDir, "worker.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: workerScript,
  logLevel: "warning",
});

/** One worker process: `id`'s cases (those of `ids`, when given), or their first runs alone. */
function runWorker(id: LibId, ids: string | undefined, opts: { firstOnly?: boolean; share?: number }): LibResult {
  const out = path.join(tmp, `${id}.json`);
  rmSync(out, { force: true });
  const flags = [...(opts.firstOnly ? ["--first-only"] : []), ...(opts.share ? ["--share", String(opts.share)] : [])];
  const args = [workerScript, id, out, ...(ids ? [ids] : []), ...flags];
  const r = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 300_000,
    env: { ...process.env, ...(jaxSetup ? { JAXTS_BENCH_JAX: JSON.stringify(jaxSetup) } : {}) },
  });
  const failed = r.error ? r.error.message : r.status !== 0 ? `worker exited with ${r.status ?? r.signal}` : null;
  try {
    const res = JSON.parse(readFileSync(out, "utf8")) as LibResult;
    if (failed) res.describe += ` — worker stopped early (${failed}); cases after the last one shown were not run`;
    return res;
  } catch {
    return { id, available: false, describe: `crashed: ${failed}`, cases: {} };
  }
}

/**
 * jaxts's columns pool the timed runs of this many processes, run in turn with
 * the other jaxts columns (dropped, disposed, dropped, ...), each doing a
 * third of the timed work: between processes the same code's medians differ
 * by up to ~20% on this VM (measured on W2, W4 and W5, where outputs cost
 * nothing), more than the 10% the dropped ÷ disposed check allows.
 */
const JAXTS_PROCESSES = 3;
const pooled = (id: LibId) => id.startsWith("jaxts-");

/** One library's processes as one result: timed runs pooled, first calls kept as W7's samples. */
function pool(runs: LibResult[]): LibResult {
  const [base] = runs;
  if (runs.length === 1 || !base.available) return base;
  const cases: Record<string, CaseResult> = {};
  for (const [id, c] of Object.entries(base.cases)) {
    const all = runs.map((r) => r.cases[id]);
    const bad = all.findIndex((x) => !x || x.status !== "ok" || !x.samples);
    if (bad >= 0) {
      cases[id] = all[bad] ?? { status: "error", note: `missing from process ${bad + 1} of ${runs.length}` };
      continue;
    }
    const samples = all.flatMap((x) => x.samples!);
    cases[id] = {
      ...c,
      medianMs: median(samples),
      minMs: Math.min(...samples),
      runs: samples.length,
      err: Math.max(...all.map((x) => x.err ?? 0)),
      firstSamples: all.map((x) => x.firstMs!),
    };
  }
  const load: [number, number] = [base.load?.[0] ?? NaN, runs.at(-1)!.load?.[1] ?? NaN];
  return { ...base, cases, load, describe: `${base.describe}; ${runs.length} processes pooled` };
}

const rounds: LibResult[][] = libs.map(() => []);
for (let round = 0; round < JAXTS_PROCESSES; round++) {
  libs.forEach((id, k) => {
    if (round > 0 && (!pooled(id) || !rounds[k][0].available)) return;
    process.stderr.write(`${id}${pooled(id) ? ` (process ${round + 1} of ${JAXTS_PROCESSES})` : ""}\n`);
    rounds[k].push(runWorker(id, only, { share: pooled(id) ? JAXTS_PROCESSES : undefined }));
  });
}
const results = rounds.map(pool);

// W7: a first call happens once per process; more fresh processes, round by
// round over the libraries (so a drift in the machine's state touches all),
// give each library FIRST_CALL_PROCESSES first calls. Each runs W1 in full,
// then W6's first call alone: W6's first call meets the library as warm as in
// a main process (measured: 25-31 ms there, 35-39 ms after W1's first call
// alone, the tracing and autodiff code still cold).
const firstIds = FIRST_CALL.map((f) => f.of).filter((id) => !only || only.split(",").includes(id));
for (let round = 1; firstIds.length > 0 && round < FIRST_CALL_PROCESSES; round++) {
  for (const res of results) {
    const cs = firstIds.map((id) => res.cases[id]).filter((c) => c && c.status === "ok" && c.firstMs !== undefined);
    if (!res.available || cs.every((c) => (c.firstSamples?.length ?? 1) > round)) continue;
    process.stderr.write(`${res.id}: first calls, process ${round + 1} of ${FIRST_CALL_PROCESSES}\n`);
    const more = runWorker(res.id, firstIds.join(","), { firstOnly: true });
    for (const id of firstIds) {
      const c = res.cases[id];
      const first = more.cases[id]?.firstMs;
      if (!c || c.firstMs === undefined || first === undefined || more.cases[id].status !== "ok") continue;
      (c.firstSamples ??= [c.firstMs]).push(first);
    }
  }
}
for (const res of results) for (const c of Object.values(res.cases)) delete c.samples;
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
