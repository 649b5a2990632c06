// The JAX column: real JAX (JAX_VERSION, CPU) timed by bench/jax_worker.py in
// a Python process of its own, held to the same inputs and checks as the JS
// libraries. setupJax() (main.ts, once per run) makes or reuses the private
// virtual environment bench/.venv; runJax() (worker.ts) writes the inputs as
// float32 files (bit-exact: the same arrays data.ts gives every library), runs
// the Python worker, and checks the outputs of each case's first run with the
// workload's own check, as harness.ts does before it times anything.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as data from "./data.ts";
import { POLICY, type CaseResult } from "./harness.ts";
import { RUN_ORDER, WORKLOADS } from "./workloads.ts";

export const JAX_VERSION = "0.10.2";
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const venv = path.join(benchDir, ".venv");
const venvPython = path.join(venv, "bin", "python");
/** The interpreter that makes the environment (`PYTHON=... npm run bench` overrides). */
const basePython = process.env.PYTHON ?? "python3";

/** The environment's Python, or why the JAX column is skipped. */
export type JaxSetup = { python: string } | { skip: string };

function run(cmd: string, args: string[], timeoutMs: number) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, env: { ...process.env, JAX_PLATFORMS: "cpu" } });
  const ok = !r.error && r.status === 0;
  const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split("\n").at(-1) ?? ""}`;
  return { ok, out: r.stdout?.trim() ?? "", why };
}

const versions = () => run(venvPython, ["-c", "import jax, jaxlib; print(jax.__version__, jaxlib.__version__)"], 120_000);

/** Reuses bench/.venv when it has jax and jaxlib JAX_VERSION; otherwise makes it (`python3 -m venv`, `pip install`). */
export function setupJax(log: (s: string) => void): JaxSetup {
  const want = `${JAX_VERSION} ${JAX_VERSION}`;
  if (existsSync(venvPython) && versions().out === want) return { python: venvPython };
  if (!existsSync(venvPython)) {
    const py = run(basePython, ["--version"], 30_000);
    if (!py.ok) return { skip: `no Python (${basePython}: ${py.why})` };
    log(`making bench/.venv (${py.out}) for the JAX column\n`);
    const mk = run(basePython, ["-m", "venv", venv], 300_000);
    if (!mk.ok) return { skip: `${basePython} -m venv failed (${mk.why})` };
  }
  log(`pip install jax==${JAX_VERSION} jaxlib==${JAX_VERSION} into bench/.venv (pip's configured index)\n`);
  const pip = run(
    venvPython,
    ["-m", "pip", "install", "--disable-pip-version-check", "--retries", "0", "-q", `jax==${JAX_VERSION}`, `jaxlib==${JAX_VERSION}`],
    900_000,
  );
  if (!pip.ok) return { skip: `pip install jax==${JAX_VERSION} jaxlib==${JAX_VERSION} failed (${pip.why})` };
  const got = versions();
  return got.out === want ? { python: venvPython } : { skip: `bench/.venv has jax/jaxlib '${got.out || got.why}', not ${JAX_VERSION}` };
}

/** The float32 inputs each workload reads, by file name (the shapes are the job's). */
function inputsFor(id: string): Record<string, Float32Array> {
  if (id === "W1" || id === "W1e") return { selu: data.seluInput() };
  if (id.startsWith("W2-")) {
    const n = Number(id.slice(3));
    const [a, b] = data.matmulInputs(n);
    return { [`matmul-${n}-a`]: a, [`matmul-${n}-b`]: b };
  }
  if (id === "W3") return { sum: data.sumInput() };
  if (id.startsWith("W4-")) return { cumsum: data.cumsumInput() };
  if (id === "W5") {
    const d = data.rnnInputs();
    return { "rnn-wh": d.wh, "rnn-wx": d.wx, "rnn-b": d.b, "rnn-xs": d.xs };
  }
  if (id === "W6" || id === "W6e") {
    const d = data.mlpInputs();
    return { ...Object.fromEntries(d.params.map((p, i) => [`mlp-p${i}`, p])), "mlp-x": d.x, "mlp-y": d.y };
  }
  if (id === "W8") return { loop: data.loopCumsumInput() };
  throw new Error(`no JAX inputs for workload ${id}`);
}

interface PyCase extends CaseResult {
  /** How many outputs the first run wrote (`<id>.<k>.f32`). */
  outputs?: number;
}

/** Runs the wanted workloads on JAX; `available: false` with the reason when the Python side cannot run. */
export function runJax(
  python: string,
  wanted: ReadonlySet<string> | null,
  log: (s: string) => void,
  firstOnly = false,
): { available: boolean; describe: string; cases: Record<string, CaseResult> } {
  const order = RUN_ORDER.filter((id) => !wanted || wanted.has(id));
  const tmp = mkdtempSync(path.join(os.tmpdir(), "jaxts-bench-jax-"));
  try {
    const inputDir = path.join(tmp, "in");
    const outputDir = path.join(tmp, "out");
    mkdirSync(inputDir);
    const written = new Set<string>();
    for (const id of order)
      for (const [name, arr] of Object.entries(inputsFor(id)))
        if (!written.has(name)) {
          writeFileSync(path.join(inputDir, `${name}.f32`), new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
          written.add(name);
        }
    const resultPath = path.join(tmp, "result.json");
    const job = {
      inputDir,
      outputDir,
      resultPath,
      policy: { ...POLICY, firstOnly },
      sizes: data.SIZES,
      selu: data.SELU,
      mlpShapes: data.mlpInputs().shapes,
      workloads: order.map((id) => {
        const w = WORKLOADS.find((w) => w.id === id)!;
        return { id, title: w.title, estimateFrom: w.estimateFrom };
      }),
    };
    const jobPath = path.join(tmp, "job.json");
    writeFileSync(jobPath, JSON.stringify(job));
    const r = spawnSync(python, [path.join(benchDir, "jax_worker.py"), jobPath], {
      stdio: ["ignore", "inherit", "inherit"],
      timeout: 280_000,
      env: { ...process.env, JAX_PLATFORMS: "cpu" },
    });
    const failed = r.error ? r.error.message : r.status !== 0 ? `jax_worker.py exited with ${r.status ?? r.signal}` : null;
    let res: { describe: string; cases: Record<string, PyCase> };
    try {
      res = JSON.parse(readFileSync(resultPath, "utf8"));
    } catch {
      return { available: false, describe: `JAX ${JAX_VERSION}: ${failed ?? "no result"}`, cases: {} };
    }
    const cases: Record<string, CaseResult> = {};
    for (const id of order) {
      const c = res.cases[id];
      if (!c) continue;
      const { outputs, ...rest } = c;
      cases[id] = outputs === undefined ? rest : check(id, rest, outputs, outputDir);
      // cases.ts's rule, re-applied after the checks: a case whose predictor failed is skipped.
      const from = WORKLOADS.find((w) => w.id === id)!.estimateFrom;
      const prev = from && cases[from.id];
      if (prev && prev.status !== "ok" && cases[id].status !== "skipped")
        cases[id] = { status: "skipped", note: `skipped (${from.id} was ${prev.status})` };
    }
    log(
      `  JAX cpu, first runs checked against the references (err, in tolerances): ${Object.entries(cases)
        .map(([id, c]) => `${id} ${c.err === undefined ? c.status : `${c.err.toExponential(1)}${c.status === "wrong" ? " WRONG" : ""}`}`)
        .join(", ")}\n`,
    );
    const describe = res.describe + (failed ? ` — worker stopped early (${failed}); cases after the last one shown were not run` : "");
    return { available: true, describe, cases };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** harness.ts's check of the first run: over the tolerance, the case is "wrong" and its times are dropped. */
function check(id: string, r: CaseResult, outputs: number, dir: string): CaseResult {
  const outs = Array.from({ length: outputs }, (_, k) => {
    const bytes = new Uint8Array(readFileSync(path.join(dir, `${id}.${k}.f32`))); // a copy: aligned for Float32Array
    return new Float32Array(bytes.buffer);
  });
  const err = WORKLOADS.find((w) => w.id === id)!.check(outs);
  return err <= 1 ? { ...r, err } : { status: "wrong", firstMs: r.firstMs, err, note: r.note };
}
