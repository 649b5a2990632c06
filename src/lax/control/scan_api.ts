// lax.scan and lax.map.
import { checkBoolOption, checkOptions } from "../../core/options.ts";
import type { CarryIn, Out } from "../../transforms/types.ts";
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../../core/errors.ts";
import { NDArray } from "../../core/ndarray.ts";
import { checkCallable, checkInt } from "../../core/scalar_args.ts";
import { ShapedArray } from "../../core/aval.ts";
import { bind } from "../../core/trace.ts";
import * as tree from "../../tree/index.ts";
import { scanP } from "./scan.ts";
import { leavesOf, traceFlat, traceLoopBody } from "./common.ts";
import { vmap } from "../../transforms/vmap.ts";
import { concatenate } from "../api.ts";
import { s as sl } from "../../numpy/indexing.ts";

export interface ScanOptions {
  length?: number | NDArray;
  reverse?: boolean;
  unroll?: number | boolean;
}

type Body = (carry: any, x: any) => unknown;

/**
 * lax.scan(f, init, xs, {length, reverse, unroll}) → [finalCarry, ys]: `f(carry, x)`
 * returns `[carry, y]` for each leading slice x of xs (a pytree, or null with
 * `length`); the ys are stacked. JS-number leaves of init become (weakly typed) arrays.
 */
export function scan<const C, const X, Y>(
  f: (carry: NoInfer<Out<C>>, x: NoInfer<Out<X>>) => readonly [NoInfer<CarryIn<Out<C>>>, Y],
  init: C,
  xs: X,
  opts?: ScanOptions,
): [Out<C>, Out<Y>];
/** A body whose result TypeScript typed as an array rather than a pair. */
export function scan<const C, const X, Y>(
  f: (carry: NoInfer<Out<C>>, x: NoInfer<Out<X>>) => ReadonlyArray<NoInfer<CarryIn<Out<C>>> | Y>,
  init: C,
  xs: X,
  opts?: ScanOptions,
): [Out<C>, Out<Y>];
export function scan(f: Body, init: unknown, xs: unknown, options?: ScanOptions): [any, any] {
  checkCallable(f, "scan", "f");
  const opts = checkOptions(options, "scan", ["length", "reverse", "unroll"]);
  checkBoolOption(opts.reverse, "scan: reverse");
  if (opts.unroll !== undefined && typeof opts.unroll !== "boolean") checkInt(opts.unroll, "scan: unroll", 1);
  let length: unknown = opts.length;
  if (length instanceof NDArray) {
    if (length.isTracer) {
      throw new ConcretizationTypeError(
        `Abstract tracer value encountered where concrete value is expected: traced array with shape ${length.aval.str()}\n` +
          "The `length` argument to `scan` expects a concrete `int` value. For scan over a traced length, use lax.whileLoop or mark the argument static (staticArgnums).",
      );
    }
    length = Number(length);
  }
  // checkInt shows the value given (a string as a string, not as NaN).
  if (length !== undefined) length = checkInt(length, "scan length", 0);
  const [xLeaves] = leavesOf(xs ?? null, "scan xs");
  const lengths = xLeaves.map((x) => {
    if (x.ndim === 0) throw new ValueError(`scan got value with no leading axis to scan over: ${x.aval.str()}`);
    return x.shape[0];
  });
  if (lengths.some((n) => n !== lengths[0])) {
    throw new ValueError(`scan got values with different leading axis sizes: ${lengths.join(", ")}.`);
  }
  if (length === undefined) {
    if (lengths.length === 0) throw new ValueError("scan got no values to scan over and `length` not provided.");
    length = lengths[0];
  } else if (lengths.length && lengths[0] !== length) {
    throw new ValueError(`scan got \`length\` argument of ${length} which disagrees with leading axis sizes ${lengths[0]}.`);
  }
  const unroll = opts.unroll === true ? length : opts.unroll === false || opts.unroll === undefined ? 1 : opts.unroll;
  let [carry, carryTree] = leavesOf(init, "scan init");
  const xAvals = xLeaves.map((x) => new ShapedArray(x.shape.slice(1), x.dtype, x.weakType));
  const bodyFlat = (...args: unknown[]) => {
    const [c, x] = args as [unknown, unknown];
    const r = f(c, x);
    if (!Array.isArray(r) || r.length !== 2) throw new JaxTypeError("scan body must return a pair [carry, y]");
    return r;
  };
  const inTree = tree.structure([init ?? null, xs ?? null]);
  const nc = carry.length;
  const traced = traceLoopBody(
    "scan body",
    carry,
    carryTree,
    (carryAvals, convertOut) => traceFlat(bodyFlat, inTree, [...carryAvals, ...xAvals], "scan body", convertOut),
    (tt) => tree.treedefChildren(tt.outTree)[0],
  );
  carry = traced.carry;
  const t = traced.traced;
  const outs = bind(scanP, [...t.consts, ...carry, ...xLeaves], {
    jaxpr: t.jaxpr,
    num_consts: t.consts.length,
    num_carry: nc,
    length,
    reverse: opts.reverse ?? false,
    unroll,
    linear: null,
  });
  const [, yTree] = tree.treedefChildren(t.outTree);
  return [tree.unflatten(carryTree, outs.slice(0, nc)), tree.unflatten(yTree, outs.slice(nc))];
}

/**
 * lax.map(f, xs, {batchSize}): f applied to each leading slice, results
 * stacked. With batchSize, f is vmapped over batches of that many slices
 * (a scan over the batches, the remainder mapped after), as JAX's.
 */
export function map<const X, Y>(f: (x: NoInfer<Out<X>>) => Y, xs: X, opts?: { batchSize?: number | null }): Out<Y>;
export function map(f: (x: any) => unknown, xs: unknown, opts: { batchSize?: number | null } = {}): any {
  checkCallable(f, "lax.map", "f");
  const batchSize = checkOptions(opts, "lax.map", ["batchSize"]).batchSize ?? null;
  const scanOf = scan as (f: Body, init: unknown, xs: unknown) => [any, any];
  if (batchSize === null) return scanOf((_c: unknown, x: unknown) => [null, f(x)], null, xs)[1];
  checkInt(batchSize, "lax.map batchSize", 1);
  const [leaves, td] = leavesOf(xs, "lax.map xs");
  if (leaves.length === 0) throw new ValueError("lax.map with batchSize needs at least one array to map over.");
  const n = leaves[0].shape[0];
  const nb = Math.floor(n / batchSize);
  const rest = n - nb * batchSize;
  const batched = (x: unknown) => vmap(f as (x: unknown) => unknown)(x);
  const parts: unknown[] = [];
  if (nb > 0) {
    const scanXs = tree.unflatten(
      td,
      leaves.map((l) => l.get(sl(0, nb * batchSize)).reshape([nb, batchSize, ...l.shape.slice(1)])),
    );
    const ys = scanOf((_c: unknown, x: unknown) => [null, batched(x)], null, scanXs)[1];
    parts.push(tree.map((y: NDArray) => y.reshape([nb * batchSize, ...y.shape.slice(2)]), ys));
  }
  if (rest > 0)
    parts.push(
      batched(
        tree.unflatten(
          td,
          leaves.map((l) => l.get(sl(nb * batchSize, n))),
        ),
      ),
    );
  return parts.length === 1 ? parts[0] : tree.map((a: NDArray, b: NDArray) => concatenate([a, b], 0), parts[0], parts[1]);
}
