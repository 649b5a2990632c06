// The seed notebook, run start to end: every cell's printed output, the
// notebook's timing cells, and the running-statistics figure's data. Shared by
// `npm start` (Node, writes the SVG) and the playground page (draws it live).
import { type NDArray, blockUntilReady, defaultBackend, jit, jnp, random } from "jaxts";
import { type Print, cells, fibLoop, fibScanStatic, fusedOps, parallelScanSum, regularScanSum, runningStats, selu } from "./cells.ts";
import type { Panel } from "./figure.ts";

export interface NotebookIO {
  /** Output of the notebook's cells (deterministic: the same on every platform). */
  print: Print;
  /** Timings and notes about them (they differ from run to run). */
  timing: Print;
}

const ms = (t: number) => `${t.toFixed(2)} ms`;
async function time(f: () => NDArray | NDArray[]): Promise<number> {
  const t0 = performance.now();
  await blockUntilReady(f());
  return performance.now() - t0;
}

/** Runs every cell; resolves to the two panels of the running mean/variance figure. */
export async function runNotebook({ print, timing }: NotebookIO): Promise<[Panel, Panel]> {
  timing(`jaxts on the '${defaultBackend()}' backend\n`);
  for (const cell of cells) {
    if (cell.heading) print(`\n${cell.heading}\n`);
    cell.run(print);
    if (cell.id === "012_seed_selu_jit") {
      // The notebook's timing cell: first call (trace + compile), cached call, no jit.
      const seluJit = jit((x: NDArray) => selu(x));
      const x = jnp.arange(1000000, null, null, { dtype: "float32" });
      const compileTime = await time(() => seluJit(x));
      const cachedTime = await time(() => seluJit(x));
      const noJitTime = await time(() => selu(x));
      timing(`First JIT call (compile + execute): ${ms(compileTime)}`);
      timing(`Second JIT call (cached): ${ms(cachedTime)}`);
      timing(`No JIT: ${ms(noJitTime)}`);
      timing(`\nSpeedup (cached): ${(noJitTime / cachedTime).toFixed(1)}x`);
    }
    if (cell.id === "015_seed_fused_ops") {
      const x = jnp.arange(1000000, null, null, { dtype: "float32" });
      await time(() => fusedOps(x));
      timing(`Fused operations: ${ms(await time(() => fusedOps(x)))}`);
      timing(
        defaultBackend() === "js"
          ? "jaxts's jit traces (x + 1) * 2 - 3 into one program; on the js backend it still runs op by op (the fusing compiler is the wasm backend's job)"
          : `jaxts's jit traces (x + 1) * 2 - 3 into one program; the ${defaultBackend()} backend fuses it into one kernel`,
      );
    }
    if (cell.id === "017_seed_fibonacci_scan") {
      const nLarge = 1000;
      const loopTime = await time(() => fibLoop(nLarge));
      await time(() => fibScanStatic(nLarge));
      const scanTime = await time(() => fibScanStatic(nLarge));
      timing(`\nFor n=${nLarge}:`);
      timing(`Loop: ${ms(loopTime)}`);
      timing(`Scan: ${ms(scanTime)}`);
      timing(`Speedup: ${(loopTime / scanTime).toFixed(1)}x`);
    }
    if (cell.id === "021_seed_associative_scan") {
      const largeXs = jnp.arange(100000, null, null, { dtype: "float32" });
      const regularTime = await time(() => regularScanSum(largeXs));
      const parallelTime = await time(() => parallelScanSum(largeXs));
      timing(`\nFor ${largeXs.shape[0]} elements:`);
      timing(`Regular scan: ${ms(regularTime)}`);
      timing(`Parallel scan: ${ms(parallelTime)}`);
      timing(`Speedup: ${(regularTime / parallelTime).toFixed(1)}x`);
    }
  }
  return runningStatsPanels();
}

/** The two panels of the running mean/variance figure (section 4.5). */
export function runningStatsPanels(): [Panel, Panel] {
  const xs = random.normal(random.PRNGKey(42), [100]).mul(2.0).add(5.0);
  const { means, variances } = runningStats(xs);
  return [
    {
      title: "Running Mean",
      ylabel: "Mean",
      values: Array.from(means.dataSync() as Float32Array),
      truth: Number(xs.mean().item()),
      truthLabel: "True mean",
    },
    {
      title: "Running Variance",
      ylabel: "Variance",
      values: Array.from(variances.dataSync() as Float32Array),
      truth: Number(xs.var().item()),
      truthLabel: "True variance",
    },
  ];
}
