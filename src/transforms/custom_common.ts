// Plumbing shared by customJvp, customVjp and checkpoint: splitting the
// non-differentiated arguments off, flat vmap of a rule, names as JAX prints them.
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError } from "../core/errors.ts";
import { NDArray } from "../core/ndarray.ts";
import { type MainTrace, findTopTrace, fullRaise, withNewMain } from "../core/trace.ts";
import { UnexpectedTracerError } from "../core/errors.ts";
import { broadcastBatch, moveaxis } from "../lax/helpers.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import { argnumList, leavesAsArrays, tree, type TreeDef } from "./args.ts";
import { BatchTrace, BatchTracer } from "./vmap_trace.ts";
import { withBatchAlias } from "./axis_env.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import { hoistConsts } from "./jaxpr_transforms.ts";
import { traceToJaxpr } from "./staging.ts";

/** A function's name as JAX prints it in a jaxpr (`<lambda>` for anonymous ones). */
export function fnName(f: unknown): string {
  const n = typeof f === "function" ? f.name : "";
  return n || "<lambda>";
}

/** Normalised, sorted-as-given argument numbers of `nondiffArgnums`. */
export function nondiffList(x: unknown, what: string): number[] {
  return x === undefined ? [] : argnumList(x, `${what}: nondiffArgnums`);
}

/**
 * The arguments of one call split into the non-differentiated ones (in
 * `nondiffArgnums` order; arrays among them are stop-gradient'ed and travel as
 * inputs, other values stay static) and the flat leaves of the rest.
 */
export interface SplitArgs {
  /** Arrays among the non-differentiated arguments (primitive inputs). */
  dynNondiff: NDArray[];
  leaves: NDArray[];
  inTree: TreeDef;
  /** The full argument list from (dynamic non-diff arrays, diff leaves). */
  rebuild(dyn: readonly NDArray[], leaves: readonly NDArray[]): unknown[];
  /** The non-differentiated arguments, in `nondiffArgnums` order, given the dynamic ones. */
  nondiff(dyn: readonly NDArray[]): unknown[];
  /** The differentiated arguments as a list, given their leaves. */
  diffArgs(leaves: readonly unknown[]): unknown[];
}

export function splitArgs(args: unknown[], nondiffArgnums: number[], what: string): SplitArgs {
  const n = args.length;
  const nd = nondiffArgnums.map((i) => {
    const j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) throw new JaxTypeError(`${what}: nondiffArgnums ${i} is out of range for a call with ${n} arguments`);
    return j;
  });
  const isNd = (i: number) => nd.includes(i);
  const dynPos = nd.filter((i) => args[i] instanceof NDArray);
  const dynNondiff = dynPos.map((i) => stopGradientArray(args[i] as NDArray));
  const diff = args.filter((_, i) => !isNd(i));
  const [raw, inTree] = tree.flatten(diff);
  const leaves = leavesAsArrays(raw, `${what} argument`);
  const nondiff = (dyn: readonly NDArray[]): unknown[] => nd.map((i) => (dynPos.includes(i) ? dyn[dynPos.indexOf(i)] : args[i]));
  const diffArgs = (ls: readonly unknown[]): unknown[] => tree.unflatten(inTree, [...ls]) as unknown[];
  const rebuild = (dyn: readonly NDArray[], ls: readonly NDArray[]): unknown[] => {
    const d = diffArgs(ls);
    let k = 0;
    return args.map((a, i) => (isNd(i) ? (dynPos.includes(i) ? dyn[dynPos.indexOf(i)] : a) : d[k++]));
  };
  return { dynNondiff, leaves, inTree, rebuild, nondiff, diffArgs };
}

/** Flatten a rule's output and check it has the primal function's structure. */
export function flattenLike(x: unknown, want: TreeDef, what: string): NDArray[] {
  const [ls, td] = tree.flatten(x);
  if (!td.equals(want)) {
    throw new JaxTypeError(
      `${what} must produce the same container (pytree) structure as the primal function: expected ${want}, got ${td}`,
    );
  }
  return leavesAsArrays(ls, what);
}

/**
 * vmap of a flat function: `args[i]` is batched at `dims[i]` (null: not
 * batched); every output comes back batched at 0.
 */
export function vmapFlat(f: (...xs: NDArray[]) => NDArray[], axisSize: number, args: NDArray[], dims: Array<number | null>): NDArray[] {
  return withNewMain(BatchTrace, axisSize, (main) => {
    const trace = new BatchTrace(main);
    const outs = withBatchAlias(main, () => f(...args.map((a, i) => new BatchTracer(trace, a, dims[i]))));
    return outs.map((o) => {
      const t = fullRaise(trace, o) as BatchTracer;
      return t.bdim === null ? broadcastBatch(t.val, axisSize, 0) : moveaxis(t.val, t.bdim, 0);
    });
  });
}

/** Batched arguments moved to dim 0 (unbatched ones stay). */
export function batchToFront(args: NDArray[], dims: Array<number | null>): [NDArray[], Array<0 | null>] {
  return [args.map((a, i) => (dims[i] === null || dims[i] === 0 ? a : moveaxis(a, dims[i]!, 0))), dims.map((d) => (d === null ? null : 0))];
}

/** The aval with the leading batch axis dropped. */
export function unbatchedAval(a: ShapedArray): ShapedArray {
  return new ShapedArray(a.shape.slice(1), a.dtype, a.weakType);
}

/** The transformations whose custom rule is being applied (a custom_jvp/custom_vjp call they process is running). */
const applying: MainTrace[] = [];

/**
 * Binds a custom-rule call on `ins`. A function or rule that uses a tracer of
 * the very transformation applying its rule (closed over) would call back
 * into itself without end; JAX reports the escaped tracer, and so do we.
 */
export function bindApplying<T>(ins: readonly NDArray[], name: string, kind: string, bindIt: () => T): T {
  const main = findTopTrace(ins).main;
  if (applying.includes(main)) {
    throw new UnexpectedTracerError(
      `Encountered an unexpected tracer: ${kind} function ${name} or its rule closes over a value that the transformation applying the rule is tracing; pass it as an argument instead.`,
    );
  }
  applying.push(main);
  try {
    return bindIt();
  } finally {
    applying.pop();
  }
}

/**
 * The user's function of a custom_jvp/custom_vjp call traced on its dynamic
 * arguments (non-differentiated ones first, `k` of them, then the
 * differentiated leaves), its constants hoisted to leading inputs (`nc`).
 */
export function traceUserFunction(
  fn: (...args: never[]) => unknown,
  sp: SplitArgs,
  name: string,
): { closed: ClosedJaxpr; consts: NDArray[]; outTree: TreeDef; k: number; nc: number } {
  const k = sp.dynNondiff.length;
  let outTree: TreeDef | null = null;
  const traced = traceToJaxpr(
    (...ins) => {
      const out = (fn as (...a: unknown[]) => unknown)(...sp.rebuild(ins.slice(0, k), ins.slice(k)));
      outTree = tree.flatten(out)[1];
      return flattenLike(out, outTree, name);
    },
    [...sp.dynNondiff, ...sp.leaves].map((x) => x.aval),
  );
  const { closed, consts } = hoistConsts(traced);
  return { closed, consts, outTree: outTree!, k, nc: consts.length };
}
