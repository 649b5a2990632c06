// The Markdown report: one row per workload, one column per library, the
// jaxts ÷ peer ratios from the same run (JAX, jax-js, tfjs), the issue's targets, and jaxts's
// dropped ÷ disposed ratio (outputs dropped as users write it, or disposed).
import { type CaseResult, median } from "./harness.ts";
import { LIB_IDS, LIB_LABELS, type LibId } from "./libs/registry.ts";
import { FIRST_CALL, FIRST_CALL_PROCESSES, WORKLOADS, type Target } from "./workloads.ts";
import type { LibResult } from "./worker.ts";

export interface BenchRun {
  date: string;
  machine: string;
  node: string;
  wallSeconds: number;
  /** /proc/loadavg's 1, 5 and 15 minute load averages when the run started and ended. */
  load?: [string, string];
  libs: LibResult[];
}

interface Row {
  id: string;
  title: string;
  target?: Target;
  flops?: number;
  cell(lib: LibResult): CaseResult | undefined;
}

/** The user-style jaxts columns (outputs dropped): peer ratios and targets use these. */
const JAXTS: LibId[] = ["jaxts-js", "jaxts-wasm"];
/** Each dropped jaxts column and its disposed twin, for the dropped ÷ disposed check. */
const TWINS: { backend: string; dropped: LibId; disposed: LibId }[] = [
  { backend: "js", dropped: "jaxts-js", disposed: "jaxts-js-disposed" },
  { backend: "wasm", dropped: "jaxts-wasm", disposed: "jaxts-wasm-disposed" },
];
const PEERS = LIB_IDS.filter((id) => !JAXTS.includes(id) && !TWINS.some((t) => t.disposed === id));
/** How far dropped and disposed may differ before the report lists the row. */
const TWIN_TOLERANCE = 0.1;

function rows(): Row[] {
  const out: Row[] = WORKLOADS.map((w) => ({
    id: w.id,
    title: w.title,
    target: w.target,
    flops: w.flops,
    cell: (l: LibResult) => l.cases[w.id],
  }));
  // W7 is the first call of W1 / W6: same status, the first run's time.
  const firstCalls: Row[] = FIRST_CALL.map((f) => ({
    id: f.id,
    title: f.title,
    target: f.target,
    cell: (l: LibResult) => {
      const c = l.cases[f.of];
      if (!c) return undefined;
      if (c.firstMs === undefined || c.status === "wrong") return c;
      const samples = c.firstSamples ?? [c.firstMs];
      return { status: "ok", medianMs: median(samples), minMs: Math.min(...samples), runs: samples.length };
    },
  }));
  const w8 = out.findIndex((r) => r.id === "W8");
  out.splice(w8, 0, ...firstCalls);
  return out;
}

export const fmtMs = (ms: number): string =>
  ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
const gflops = (flops: number, ms: number) => flops / (ms * 1e6);

/** The figure a row compares: the median (W7: of the first calls). */
const figure = (c: CaseResult | undefined) => (c && (c.status === "ok" || c.status === "slow") ? c.medianMs : undefined);

function cellText(r: Row, c: CaseResult | undefined, lib: LibResult): string {
  if (!lib.available) return lib.describe.startsWith("skipped") ? "skipped (see Libraries)" : "not available";
  if (!c) return "–";
  const peerStandIn = /\(no (lax\.)?(scan|associativeScan)\)/.test(c.note ?? "") ? "†" : "";
  switch (c.status) {
    case "ok":
    case "slow": {
      const t =
        c.runs === 1 ? `${fmtMs(c.medianMs!)}${c.status === "slow" ? " (1 run)" : ""}` : `${fmtMs(c.medianMs!)} (${fmtMs(c.minMs!)})`;
      return (r.flops ? `${t} · ${gflops(r.flops, c.medianMs!).toFixed(1)} GF/s` : t) + peerStandIn;
    }
    case "wrong":
      return `wrong (err ${c.err?.toExponential(1)}× tol)`;
    default:
      return c.status;
  }
}

function bestJaxts(r: Row, libs: Map<LibId, LibResult>): { ms: number; lib: LibId } | undefined {
  let best: { ms: number; lib: LibId } | undefined;
  for (const id of JAXTS) {
    const l = libs.get(id);
    const ms = l && figure(r.cell(l));
    if (ms !== undefined && (!best || ms < best.ms)) best = { ms, lib: id };
  }
  return best;
}

function targetText(t: Target | undefined): string {
  if (!t) return "";
  return t.kind === "maxMs" ? `≤ ${t.value} ms` : `≥ ${t.value} GFLOP/s`;
}
function meets(t: Target, ms: number, flops?: number): boolean {
  return t.kind === "maxMs" ? ms <= t.value : gflops(flops!, ms) >= t.value;
}

export function renderMarkdown(run: BenchRun): string {
  const libs = new Map(run.libs.map((l) => [l.id, l]));
  const present = LIB_IDS.filter((id) => libs.has(id));
  const peers = PEERS.filter((id) => libs.get(id)?.available);
  const twins = TWINS.filter((t) => libs.get(t.dropped)?.available && libs.get(t.disposed)?.available);
  const head = [
    "Workload",
    "Target",
    ...present.map((id) => LIB_LABELS[id]),
    ...peers.map((id) => `jaxts ÷ ${LIB_LABELS[id]}`),
    ...twins.map((t) => `${t.backend} dropped ÷ disposed`),
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < 2 ? " --- " : " ---: ")).join("|")}|`];
  const missed: string[] = [];
  const apart: string[] = [];
  const notes = new Map<string, string[]>();

  for (const r of rows()) {
    if (!present.some((id) => r.cell(libs.get(id)!))) continue;
    const best = bestJaxts(r, libs);
    let target = targetText(r.target);
    if (r.target && best) {
      const ok = meets(r.target, best.ms, r.flops);
      target += ok ? " ✓" : " ✗";
      if (!ok)
        missed.push(
          `${r.title}: target ${targetText(r.target)}, measured ${r.flops ? `${gflops(r.flops, best.ms).toFixed(1)} GFLOP/s` : `${fmtMs(best.ms)} ms`} (${LIB_LABELS[best.lib]})`,
        );
    } else if (r.target) {
      const why = JAXTS.filter((id) => libs.has(id)).map(
        (id) =>
          `${LIB_LABELS[id]}: ${libs.get(id)!.available ? (r.cell(libs.get(id)!)?.note ?? r.cell(libs.get(id)!)?.status ?? "not run") : "not available"}`,
      );
      missed.push(`${r.title}: target ${targetText(r.target)}, not measured (${why.join("; ") || "no jaxts column in this run"})`);
    }
    const cells = present.map((id) => cellText(r, r.cell(libs.get(id)!), libs.get(id)!));
    const ratios = peers.map((id) => {
      const peer = figure(r.cell(libs.get(id)!));
      return best && peer ? `${(best.ms / peer).toFixed(2)}×` : "–";
    });
    const twinRatios = twins.map((t) => {
      const [d, k] = [figure(r.cell(libs.get(t.dropped)!)), figure(r.cell(libs.get(t.disposed)!))];
      if (d === undefined || k === undefined) return "–";
      if (Math.abs(d / k - 1) > TWIN_TOLERANCE)
        apart.push(`${r.title}: ${t.backend} dropped ${fmtMs(d)} ms, disposed ${fmtMs(k)} ms (${(d / k).toFixed(2)}×)`);
      return `${(d / k).toFixed(2)}×`;
    });
    lines.push(`| ${r.title} | ${target} | ${[...cells, ...ratios, ...twinRatios].join(" | ")} |`);
    for (const id of present) {
      const c = r.cell(libs.get(id)!);
      if (c?.note && !r.id.startsWith("W7"))
        (notes.get(r.title) ?? notes.set(r.title, []).get(r.title)!).push(`${LIB_LABELS[id]}: ${c.note}`);
    }
  }

  const out = [
    `Run ${run.date} on ${run.machine}, Node ${run.node}; whole run ${run.wallSeconds.toFixed(0)} s.`,
    ...(run.load ? [`Machine load (1, 5, 15 min load averages): ${run.load[0]} at the start, ${run.load[1]} at the end.`] : []),
    "",
    "Cells: median ms (min ms) over ≥ 10 timed runs after warm-up (jaxts columns: pooled from 3 processes run in turn); each run ends by reading every output back (`await data()`; JAX: `jax.block_until_ready`, then `np.asarray`).",
    "jaxts js / jaxts wasm drop their outputs (never dispose(), as users write it); jaxts … (disposed) dispose each output once read and each array the workload drops; tfjs disposes its tensors; jax-js's data() consumes its array.",
    "W1e / W6e: W1 / W6 without jit (jnp ops and grad run eagerly; tfjs is always eager).",
    `W7 cells: the median first call (trace + compile + run) of ${FIRST_CALL_PROCESSES} fresh processes per library (min in parentheses). Ratios: best dropped jaxts column ÷ each peer of this run, medians; < 1 means jaxts is faster.`,
    ...(twins.length
      ? [`Dropped ÷ disposed: the same backend's medians (W7: first calls); they should agree within ${TWIN_TOLERANCE * 100}%.`]
      : []),
    "† the library has no scan: its cumsum op stands in. Targets are checked against the best dropped jaxts column (✓ met, ✗ missed).",
    "",
    ...lines,
    "",
    "Libraries:",
    ...run.libs.map(
      (l) => `- ${LIB_LABELS[l.id]}: ${l.describe}${l.load ? ` (load average ${l.load.map((x) => x.toFixed(2)).join(" → ")})` : ""}`,
    ),
    "",
    "What each library runs, and cases not timed normally:",
    ...[...notes].map(([title, ns]) => `- ${title}: ${ns.join("; ")}`),
    "",
    missed.length ? "Targets missed (best jaxts figure):" : "All targets met.",
    ...missed.map((m) => `- ${m}`),
    ...(twins.length
      ? [
          "",
          apart.length
            ? `Dropped and disposed differ by more than ${TWIN_TOLERANCE * 100}%:`
            : `Dropped and disposed agree within ${TWIN_TOLERANCE * 100}% on every row.`,
          ...apart.map((m) => `- ${m}`),
        ]
      : []),
  ];
  return out.join("\n") + "\n";
}
