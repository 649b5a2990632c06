// One library's run over the workloads, in RUN_ORDER: shared by the Node
// worker (worker.ts, one process per library) and the browser page
// (browser_page.ts, bundled with esbuild), so both apply the same harness:
// same inputs, the check against the reference before timing, warm-up, medians.
// No Node imports here: this module also runs in the page.
import { measure, POLICY, type CaseResult, type MeasureOptions } from "./harness.ts";
import { isNA, type Lib } from "./libs/types.ts";
import { RUN_ORDER, WORKLOADS } from "./workloads.ts";

/** Runs every workload of RUN_ORDER (those in `wanted`, when given) and reports each case as it finishes. */
export async function runCases(
  lib: Lib,
  wanted: ReadonlySet<string> | null,
  onCase: (id: string, r: CaseResult, cases: Record<string, CaseResult>) => void,
  log: (s: string) => void,
  opts: MeasureOptions = {},
): Promise<Record<string, CaseResult>> {
  const cases: Record<string, CaseResult> = {};
  const last = RUN_ORDER.filter((id) => !wanted || wanted.has(id)).at(-1);
  for (const wid of RUN_ORDER) {
    if (wanted && !wanted.has(wid)) continue;
    const w = WORKLOADS.find((w) => w.id === wid)!;
    log(`  ${lib.label.padEnd(21)} ${w.title} ... `);
    let r: CaseResult;
    const prev = w.estimateFrom && cases[w.estimateFrom.id];
    const prevMs = prev && (prev.medianMs ?? prev.firstMs);
    if (prev && prev.status !== "ok") {
      r = { status: "skipped", note: `skipped (${w.estimateFrom!.id} was ${prev.status})` };
    } else if (prevMs !== undefined && prevMs * w.estimateFrom!.factor > POLICY.slowMs) {
      r = { status: "skipped", note: `skipped: est. ${((prevMs * w.estimateFrom!.factor) / 1000).toFixed(1)} s per run` };
    } else {
      try {
        const p = w.prepare(lib);
        r = isNA(p) ? { status: "n/a", note: p.na } : await measure(p, w.check, { ...opts, firstOnly: opts.firstOnly && wid === last });
      } catch (e) {
        r = {
          status: "error",
          note: String((e as Error)?.message ?? e)
            .split("\n")[0]
            .slice(0, 200),
        };
      }
    }
    cases[wid] = r;
    onCase(wid, r, cases);
    log(
      `${r.status}${r.medianMs !== undefined ? ` ${r.medianMs.toFixed(3)} ms` : r.firstMs !== undefined ? ` ${r.firstMs.toFixed(1)} ms (first)` : ""}${r.err !== undefined ? ` err ${r.err.toExponential(1)}` : ""}${r.note ? ` [${r.note}]` : ""}\n`,
    );
  }
  return cases;
}
