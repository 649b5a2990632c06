// Timing: one checked run (it doubles as the first call), warm-up runs (at
// least 2, and at least half a second: JIT tiers and memory pools, such as a
// heap that grows until garbage collection keeps up, reach their steady
// state), then at least 10 timed runs; median and min in ms. Cases slower than POLICY.slowMs
// per run get one timed run (none past 5× that), to keep `npm run bench` short.
import type { Runner } from "./libs/types.ts";

export type Status = "ok" | "slow" | "n/a" | "skipped" | "wrong" | "error" | "unavailable";

export interface CaseResult {
  status: Status;
  medianMs?: number;
  minMs?: number;
  runs?: number;
  /** The first run: trace + compile + run for jitted code (W7 reads it). */
  firstMs?: number;
  /** First runs of the same case in more fresh processes (bench/main.ts), this process's included: W7 is their median. */
  firstSamples?: number[];
  /** The timed runs (ms), for pooling processes (bench/main.ts drops them once pooled). */
  samples?: number[];
  /** Worst error against the reference, in units of the tolerance (≤ 1 passes). */
  err?: number;
  /** What the library runs here, or why it was skipped / failed. */
  note?: string;
}

export const POLICY = {
  /** A case whose first run takes longer is reported from that run alone. */
  slowMs: 2000,
  warmups: 2,
  /** Warm-up continues until this much time has passed (cases slower than slowMs / 4 warm up once). */
  warmupMs: 500,
  minRuns: 10,
  maxRuns: 200,
  /** Aim for about this much timed work per case (beyond the 10-run minimum). */
  targetTotalMs: 800,
};

const now = () => performance.now();

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** How one process's measurement fits in a bench run (worker.ts options). */
export interface MeasureOptions {
  /**
   * The last case run measures its checked first run alone (a fresh process
   * sampling W7); the cases before it run in full, as in the main process, so
   * that first call meets the library as warm as there (cases.ts).
   */
  firstOnly?: boolean;
  /** This process is one of `share` whose timed runs are pooled: it does 1 / share of the timed work. */
  share?: number;
}

export async function measure(
  runner: Runner,
  check: (outs: ArrayLike<number>[]) => number,
  opts: MeasureOptions = {},
): Promise<CaseResult> {
  const { firstOnly = false, share = 1 } = opts;
  const note = runner.note;
  let t = now();
  const outs = await runner.run();
  const firstMs = now() - t;
  const err = check(outs);
  if (!(err <= 1)) return { status: "wrong", firstMs, err, note };
  if (firstOnly) return { status: "ok", firstMs, err, note };
  if (firstMs > POLICY.slowMs * 5)
    return {
      status: "slow",
      firstMs,
      medianMs: firstMs,
      minMs: firstMs,
      runs: 1,
      err,
      note: `${note ? note + "; " : ""}first run only (> ${(POLICY.slowMs * 5) / 1000} s)`,
    };
  let last = firstMs;
  if (firstMs > POLICY.slowMs) {
    // The first run may be mostly compilation: a second run tells whether the case itself is slow.
    t = now();
    await runner.run();
    last = now() - t;
    if (last > POLICY.slowMs)
      return {
        status: "slow",
        firstMs,
        medianMs: last,
        minMs: last,
        runs: 1,
        err,
        note: `${note ? note + "; " : ""}1 timed run only (> ${POLICY.slowMs / 1000} s per run)`,
      };
  }
  const warmups = last > POLICY.slowMs / 4 ? 1 : POLICY.warmups;
  const warmStart = now();
  for (let i = 0; i < warmups || (warmups > 1 && now() - warmStart < POLICY.warmupMs); i++) {
    t = now();
    await runner.run();
    last = now() - t;
  }
  const budget = Math.ceil(POLICY.targetTotalMs / share / Math.max(last, 1e-3));
  const runs = Math.max(Math.ceil(POLICY.minRuns / share), Math.min(Math.ceil(POLICY.maxRuns / share), budget));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = now();
    await runner.run();
    times.push(now() - t);
  }
  return { status: "ok", medianMs: median(times), minMs: Math.min(...times), runs, firstMs, err, note, samples: times };
}
