// The seed notebook "JAX Advanced Concepts: PyTree, LAX, XLA, and Scan",
// ported to jaxts (`npm start`). Prints what the notebook prints, times what
// it times, and writes the running-statistics figure to out/running_stats.svg.
import { mkdirSync, writeFileSync } from "node:fs";
import { blockUntilReady, defaultBackend, jit, jnp, lax, random, type NDArray } from "jaxts";
import { cells, fibLoop, fibScanStatic, fusedOps, parallelScanSum, regularScanSum, runningStats, selu } from "./notebook/cells.ts";
import { runningStatsSvg } from "./notebook/figure.ts";

const print = (...parts: unknown[]) => console.log(...parts);
const ms = (t: number) => `${t.toFixed(2)} ms`;
async function time(f: () => NDArray | NDArray[]): Promise<number> {
  const t0 = performance.now();
  await blockUntilReady(f());
  return performance.now() - t0;
}

print(`jaxts on the '${defaultBackend()}' backend\n`);
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
    print(`First JIT call (compile + execute): ${ms(compileTime)}`);
    print(`Second JIT call (cached): ${ms(cachedTime)}`);
    print(`No JIT: ${ms(noJitTime)}`);
    print(`\nSpeedup (cached): ${(noJitTime / cachedTime).toFixed(1)}x`);
  }
  if (cell.id === "015_seed_fused_ops") {
    const x = jnp.arange(1000000, null, null, { dtype: "float32" });
    await time(() => fusedOps(x));
    print(`Fused operations: ${ms(await time(() => fusedOps(x)))}`);
    print(
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
    print(`\nFor n=${nLarge}:`);
    print(`Loop: ${ms(loopTime)}`);
    print(`Scan: ${ms(scanTime)}`);
    print(`Speedup: ${(loopTime / scanTime).toFixed(1)}x`);
  }
  if (cell.id === "021_seed_associative_scan") {
    const largeXs = jnp.arange(100000, null, null, { dtype: "float32" });
    const regularTime = await time(() => regularScanSum(largeXs));
    const parallelTime = await time(() => parallelScanSum(largeXs));
    print(`\nFor ${largeXs.shape[0]} elements:`);
    print(`Regular scan: ${ms(regularTime)}`);
    print(`Parallel scan: ${ms(parallelTime)}`);
    print(`Speedup: ${(regularTime / parallelTime).toFixed(1)}x`);
  }
}

// The running-statistics figure (section 4.5).
const xs = random.normal(random.PRNGKey(42), [100]).mul(2.0).add(5.0);
const { means, variances } = runningStats(xs);
const svg = await runningStatsSvg(
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
);
mkdirSync("out", { recursive: true });
writeFileSync("out/running_stats.svg", svg);
void lax;
print("\nThe running mean/variance figure is at out/running_stats.svg");
