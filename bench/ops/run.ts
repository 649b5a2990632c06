// npm run bench:ops: a sweep of common operations, eager as users call them,
// jaxts (wasm, outputs disposed once ready, so collections stay out of it)
// against JAX on the same machine (bench/.venv, as the main bench sets it
// up; skipped with a note without it). Medians in ms and the ratio; the
// table goes to stdout and bench/results/ops_latest.md. Not the issue
// workloads (bench/main.ts): a map of where jaxts stands op by op.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jaxts } from "../jaxts_package.ts";
import { setupJax } from "../jax.ts";
import { makeCases } from "./cases.ts";

const { devices, setDefaultBackend } = jaxts;

const RUNS = 15;
const BUDGET_MS = 3000;
const here = path.dirname(fileURLToPath(import.meta.url));

async function timeJaxts(): Promise<Record<string, number>> {
  if (devices().includes("wasm")) setDefaultBackend("wasm");
  const out: Record<string, number> = {};
  for (const [name, f] of Object.entries(makeCases())) {
    for (let i = 0; i < 3; i++) (await f().blockUntilReady()).dispose();
    const ts: number[] = [];
    const start = performance.now();
    while (ts.length < 3 || (ts.length < RUNS && performance.now() - start < BUDGET_MS)) {
      const t = performance.now();
      const y = await f().blockUntilReady();
      ts.push(performance.now() - t);
      y.dispose();
    }
    ts.sort((a, b) => a - b);
    out[name] = ts[ts.length >> 1];
    process.stderr.write(`jaxts ${name}: ${out[name].toFixed(3)} ms\n`);
  }
  return out;
}

function timeJax(): Record<string, number> | string {
  const setup = setupJax((s) => process.stderr.write(s));
  if ("skip" in setup) return setup.skip;
  const r = spawnSync(setup.python, [path.join(here, "cases.py"), String(RUNS), String(BUDGET_MS)], {
    encoding: "utf8",
    env: { ...process.env, JAX_PLATFORMS: "cpu" },
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return `cases.py failed: ${(r.stderr || "").trim().split("\n").at(-1)}`;
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
}

const load0 = os.loadavg()[0];
const ours = await timeJaxts();
const jax = timeJax();
const rows = Object.entries(ours).map(([name, ms]) => {
  const theirs = typeof jax === "string" ? undefined : jax[name];
  return `| ${name} | ${ms.toFixed(3)} | ${theirs === undefined ? "–" : theirs.toFixed(3)} | ${theirs ? `${(ms / theirs).toFixed(2)}×` : "–"} |`;
});
const md = [
  `Operation sweep ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${os.cpus()[0]?.model.trim()}, ${os.cpus().length} cores, Node ${process.versions.node}; load ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}.`,
  `Eager calls, medians of up to ${RUNS} runs (ms); jaxts on wasm, each output disposed once ready.${typeof jax === "string" ? ` JAX skipped: ${jax}.` : ""}`,
  "",
  "| operation | jaxts | JAX cpu | jaxts ÷ JAX |",
  "| --- | ---: | ---: | ---: |",
  ...rows,
  "",
].join("\n");
writeFileSync(path.join(here, "..", "results", "ops_latest.md"), md);
process.stdout.write(md);
