// One library, all workloads, in a process of its own (so first calls are
// really first, and no library's memory or warm caches affect another).
// Usage: node bench/.worker.mjs <lib-id> <out.json> [workload ids, comma-separated] [--first-only] [--share k]
// (bench/main.ts bundles this file into bench/.worker.mjs; `tsx bench/worker.ts` runs it too)
// (--first-only: the last case's checked first run alone, for W7's samples,
// the cases before it run in full as in a main process;
// --share k: one of k processes whose timed runs bench/main.ts pools)
import { writeFileSync } from "node:fs";
import os from "node:os";
import { runCases } from "./cases.ts";
import type { CaseResult } from "./harness.ts";
import { runJax, type JaxSetup } from "./jax.ts";
import { LIB_IDS, loadLib, type LibId } from "./libs/registry.ts";

export interface LibResult {
  id: LibId;
  available: boolean;
  describe: string;
  cases: Record<string, CaseResult>;
  /** 1-minute load average before and after this library's run (other processes skew timings). */
  load?: [number, number];
}

const args = process.argv.slice(2);
const firstOnly = args.includes("--first-only");
const shareAt = args.indexOf("--share");
const share = shareAt >= 0 ? Number(args.splice(shareAt, 2)[1]) : 1;
const [id, outPath, only] = args.filter((a) => a !== "--first-only") as [LibId, string, string | undefined];
if (!LIB_IDS.includes(id) || !outPath) throw new Error(`usage: worker.ts <${LIB_IDS.join("|")}> <out.json> [ids]`);
const wanted = only ? new Set(only.split(",")) : null;

const log = (s: string) => process.stderr.write(s);

if (id === "jax") {
  // main.ts made (or found) bench/.venv and passes its Python, or why there is none.
  const setup = JSON.parse(process.env.JAXTS_BENCH_JAX ?? '{"skip": "run through bench/main.ts"}') as JaxSetup;
  const load0 = os.loadavg()[0];
  const res =
    "python" in setup ? runJax(setup.python, wanted, log, firstOnly) : { available: false, describe: `skipped: ${setup.skip}`, cases: {} };
  if (!res.available) log(`  JAX cpu: ${res.describe}\n`);
  writeFileSync(outPath, JSON.stringify({ id, ...res, load: [load0, os.loadavg()[0]] } satisfies LibResult));
  process.exit(0);
}

const lib = await loadLib(id);
const why = await lib.init();
const result: LibResult = { id, available: why === null, describe: why ?? lib.describe(), cases: {}, load: [os.loadavg()[0], NaN] };

if (why === null) {
  result.cases = await runCases(
    lib,
    wanted,
    (_id, _r, cases) => {
      result.cases = cases;
      writeFileSync(outPath, JSON.stringify(result)); // after every case, so a killed worker still reports what it did
    },
    log,
    { firstOnly, share },
  );
} else log(`  ${lib.label}: ${why}\n`);

result.load![1] = os.loadavg()[0];
writeFileSync(outPath, JSON.stringify(result));
// Peers may keep handles (wasm threads, timers) open; the result is written, so leave.
process.exit(0);
