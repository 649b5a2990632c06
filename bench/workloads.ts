// The workloads (issue: "npm run bench"), each with its float64 reference and
// tolerance. W7 has no runner of its own: it is the first call of W1 and W6.
// W1e / W6e are W1 / W6 written without jit (jnp ops and grad run eagerly).
import * as data from "./data.ts";
import * as ref from "./reference.ts";
import type { Lib, Prepared } from "./libs/types.ts";

export interface Target {
  kind: "maxMs" | "minGflops";
  value: number;
}

export interface Workload {
  id: string;
  title: string;
  prepare(lib: Lib): Prepared;
  /** Worst scaled error of the outputs against the reference (≤ 1 passes). */
  check(outs: ArrayLike<number>[]): number;
  /** For GFLOP/s. */
  flops?: number;
  target?: Target;
  /** Skip without running when `from`'s time × factor predicts more than the slow limit. */
  estimateFrom?: { id: string; factor: number };
}

/** Each input and reference is built once per process, on first use. */
function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}

const maxAbs = (xs: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]));
  return m;
};
const tol = (rtol: number, atol: number): ref.Tolerance => ({ rtol, atol });
const worst = (outs: ArrayLike<number>[], wants: ArrayLike<number>[], t: ref.Tolerance) =>
  outs.length !== wants.length ? Infinity : Math.max(...wants.map((w, i) => ref.scaledError(outs[i], w, t)));

const selu = lazy(data.seluInput);
const seluRef = lazy(() => ref.selu(selu()));
const sum = lazy(data.sumInput);
const sumRef = lazy(() => ref.sum(sum()));
const cum = lazy(data.cumsumInput);
const cumRef = lazy(() => ref.cumsum(cum()));
const rnn = lazy(data.rnnInputs);
const rnnRef = lazy(() => ref.rnn(rnn()));
const mlp = lazy(data.mlpInputs);
const mlpRef = lazy(() => ref.mlpUpdates(mlp()));
const loop = lazy(data.loopCumsumInput);
const loopRef = lazy(() => ref.cumsum(loop()));

function matmul(n: number, prev?: number): Workload {
  const inputs = lazy(() => data.matmulInputs(n));
  const samples = ref.matmulSamples(n);
  const want = lazy(() => ref.matmulAt(inputs()[0], inputs()[1], n, samples));
  return {
    id: `W2-${n}`,
    title: `W2 matmul ${n}×${n}`,
    prepare: (lib) => lib.matmul(inputs()[0], inputs()[1], n),
    check: (outs) =>
      outs.length !== 1 || outs[0].length !== n * n
        ? Infinity
        : ref.scaledError(
            samples.map((f) => outs[0][f]),
            want(),
            tol(1e-4, 1e-3),
          ),
    flops: 2 * n ** 3,
    target: n === 1024 ? { kind: "minGflops", value: 60 } : undefined,
    estimateFrom: prev ? { id: `W2-${prev}`, factor: (n / prev) ** 3 } : undefined,
  };
}

/** Compares the updates (new − old = −lr·grad), which checks the gradient itself. */
const mlpCheck = (outs: ArrayLike<number>[]) => {
  const d = mlp();
  if (outs.length !== d.params.length) return Infinity;
  const updates = outs.map((o, i) => Float64Array.from(o, (v, k) => v - d.params[i][k]));
  return Math.max(...mlpRef().map((w, i) => ref.scaledError(updates[i], w, tol(1e-3, 1e-3 * maxAbs(w)))));
};

const cumsumCheck = (outs: ArrayLike<number>[]) => worst(outs, [cumRef()], tol(1e-4, 1e-3));

export const WORKLOADS: Workload[] = [
  {
    id: "W1",
    title: "W1 selu, 1e6 elements, jit",
    prepare: (lib) => lib.selu(selu()),
    check: (outs) => worst(outs, [seluRef()], tol(1e-5, 1e-5)),
    target: { kind: "maxMs", value: 1.5 },
  },
  {
    id: "W1e",
    title: "W1e selu, 1e6 elements, eager (no jit)",
    prepare: (lib) => lib.seluEager(selu()),
    check: (outs) => worst(outs, [seluRef()], tol(1e-5, 1e-5)),
  },
  matmul(256),
  matmul(512, 256),
  matmul(1024, 512),
  {
    id: "W3",
    title: "W3 sum of 1e7",
    prepare: (lib) => lib.sum(sum()),
    // A float32 sum of 1e7 values of ~0.5 legitimately drifts ~1e-4 (order of accumulation).
    check: (outs) => worst(outs, [sumRef()], tol(1e-3, 0)),
    target: { kind: "maxMs", value: 3 },
  },
  {
    id: "W4-scan",
    title: "W4 cumsum 1e5 by lax.scan",
    prepare: (lib) => lib.cumsumScan(cum()),
    check: cumsumCheck,
    target: { kind: "maxMs", value: 0.5 },
  },
  {
    id: "W4-assoc",
    title: "W4 cumsum 1e5 by lax.associativeScan",
    prepare: (lib) => lib.cumsumAssociative(cum()),
    check: cumsumCheck,
  },
  {
    id: "W4-op",
    title: "W4 cumsum 1e5 by the cumsum op",
    prepare: (lib) => lib.cumsumOp(cum()),
    check: cumsumCheck,
  },
  {
    id: "W5",
    title: "W5 RNN by scan, hidden 256, input 256, 1000 steps",
    prepare: (lib) => lib.rnn(rnn()),
    check: (outs) => worst(outs, [rnnRef()], tol(1e-3, 1e-4)),
    target: { kind: "maxMs", value: 15 },
  },
  {
    id: "W6",
    title: "W6 MLP 784-512-512-10 tanh, batch 128, jit(grad + SGD) step",
    prepare: (lib) => lib.mlpStep(mlp()),
    check: mlpCheck,
    target: { kind: "maxMs", value: 8 },
  },
  {
    id: "W6e",
    title: "W6e MLP 784-512-512-10 tanh, batch 128, eager grad + SGD step (no jit)",
    prepare: (lib) => lib.mlpStepEager(mlp()),
    check: mlpCheck,
  },
  {
    id: "W8",
    title: "W8 eager loop cumsum, 1000 steps of result.at[i].set(total)",
    prepare: (lib) => lib.loopCumsum(loop()),
    check: (outs) => worst(outs, [loopRef()], tol(1e-5, 1e-4)),
    target: { kind: "maxMs", value: 5 },
  },
];

/** W7 samples: a first call happens once per process, so it is timed in this many fresh processes per library (bench/main.ts). */
export const FIRST_CALL_PROCESSES = 5;

/** W7 rows: the first call (trace + compile + run) of these workloads. */
export const FIRST_CALL = [
  { id: "W7-W1", of: "W1", title: "W7 first call of W1 (trace + compile + run)", target: undefined as Target | undefined },
  { id: "W7-W6", of: "W6", title: "W7 first call of W6 (trace + compile + run)", target: { kind: "maxMs", value: 30 } as Target },
];

/** Run order inside a worker: W1 and W6 first, so their first calls are cold; their eager twins next. */
export const RUN_ORDER = ["W1", "W6", "W1e", "W6e", "W2-256", "W2-512", "W2-1024", "W3", "W4-scan", "W4-assoc", "W4-op", "W5", "W8"];
