// One library, all workloads, in a process of its own (so first calls are
// really first, and no library's memory or warm caches affect another).
// Usage: tsx bench/worker.ts <lib-id> <out.json> [workload ids, comma-separated]
import { writeFileSync } from "node:fs";
import os from "node:os";
import { measure, POLICY, type CaseResult } from "./harness.ts";
import { isNA } from "./libs/types.ts";
import { LIB_IDS, loadLib, type LibId } from "./libs/registry.ts";
import { RUN_ORDER, WORKLOADS } from "./workloads.ts";

export interface LibResult {
  id: LibId;
  available: boolean;
  describe: string;
  cases: Record<string, CaseResult>;
  /** 1-minute load average before and after this library's run (other processes skew timings). */
  load?: [number, number];
}

const [id, outPath, only] = process.argv.slice(2) as [LibId, string, string | undefined];
if (!LIB_IDS.includes(id) || !outPath) throw new Error(`usage: worker.ts <${LIB_IDS.join("|")}> <out.json> [ids]`);
const wanted = only ? new Set(only.split(",")) : null;

const lib = await loadLib(id);
const why = await lib.init();
const result: LibResult = { id, available: why === null, describe: why ?? lib.describe(), cases: {}, load: [os.loadavg()[0], NaN] };
const log = (s: string) => process.stderr.write(s);

if (why === null) {
  for (const wid of RUN_ORDER) {
    if (wanted && !wanted.has(wid)) continue;
    const w = WORKLOADS.find((w) => w.id === wid)!;
    log(`  ${lib.label.padEnd(21)} ${w.title} ... `);
    let r: CaseResult;
    const prev = w.estimateFrom && result.cases[w.estimateFrom.id];
    const prevMs = prev && (prev.medianMs ?? prev.firstMs);
    if (prev && prev.status !== "ok") {
      r = { status: "skipped", note: `skipped (${w.estimateFrom!.id} was ${prev.status})` };
    } else if (prevMs !== undefined && prevMs * w.estimateFrom!.factor > POLICY.slowMs) {
      r = { status: "skipped", note: `skipped: est. ${((prevMs * w.estimateFrom!.factor) / 1000).toFixed(1)} s per run` };
    } else {
      try {
        const p = w.prepare(lib);
        r = isNA(p) ? { status: "n/a", note: p.na } : await measure(p, w.check);
      } catch (e) {
        r = {
          status: "error",
          note: String((e as Error)?.message ?? e)
            .split("\n")[0]
            .slice(0, 200),
        };
      }
    }
    result.cases[wid] = r;
    writeFileSync(outPath, JSON.stringify(result)); // after every case, so a killed worker still reports what it did
    log(
      `${r.status}${r.medianMs !== undefined ? ` ${r.medianMs.toFixed(3)} ms` : r.firstMs !== undefined ? ` ${r.firstMs.toFixed(1)} ms (first)` : ""}${r.err !== undefined ? ` err ${r.err.toExponential(1)}` : ""}${r.note ? ` [${r.note}]` : ""}\n`,
    );
  }
} else log(`  ${lib.label}: ${why}\n`);

result.load![1] = os.loadavg()[0];
writeFileSync(outPath, JSON.stringify(result));
// Peers may keep handles (wasm threads, timers) open; the result is written, so leave.
process.exit(0);
