// vmap: a function mapped over an axis of its arguments, by batching
// tracers (vmap_trace.ts); in_axes and out_axes as JAX spells them.
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { fullRaise, withNewMain } from "../core/trace.ts";
import { shapeStr } from "../core/shape.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { moveaxis, broadcastBatch } from "../lax/helpers.ts";
import { describe, leavesAsArrays, tree } from "./args.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { BatchTrace, BatchTracer } from "./vmap_trace.ts";
import { withArgCheck } from "./arity.ts";
import { withAxisName } from "./axis_env.ts";
import { iota } from "../lax/api.ts";
import type { AnyFn, Transformed } from "./types.ts";

/** in_axes: a number, null (unmapped), or one entry per positional argument (each a pytree prefix of axes). */
export type InAxes = number | null | readonly unknown[];
export interface VmapOptions {
  /** Which axis of each argument to map over (default 0). */
  inAxes?: InAxes;
  /** Where the mapped axis goes in each output (default 0): a number, null, or a pytree prefix of the output. */
  outAxes?: unknown;
  /** The mapped size, needed when no argument is mapped. */
  axisSize?: number;
  /** A name for the mapped axis, for lax.axisIndex / lax.axisSize inside `f`. */
  axisName?: string;
}

/** Per-leaf axes from a pytree prefix of axis specs (null = unmapped). */
function broadcastPrefix(spec: unknown, value: unknown, what: string): Array<number | null> {
  if (spec === null || typeof spec === "number") return tree.leaves(value).map(() => spec as number | null);
  const specDef = tree.structure(spec, (x: unknown) => x === null);
  const specLeaves = tree.leaves(spec, (x: unknown) => x === null) as Array<number | null>;
  let subtrees: unknown[];
  try {
    subtrees = tree.flattenUpTo(specDef, value);
  } catch (e) {
    throw new ValueError(
      `vmap ${what} specification must be a tree prefix of the corresponding value, got specification ${JSON.stringify(spec)} for value tree ${tree.structure(value)}. (${(e as Error).message})`,
    );
  }
  return subtrees.flatMap((s, i) => tree.leaves(s).map(() => specLeaves[i]));
}

/** A spec for messages: a leaf as describe() shows it, a container as JSON with its bad leaf. */
function showAxes(spec: unknown, bad: unknown): string {
  if (spec === bad) return describe(spec);
  let json: string | undefined;
  try {
    json = JSON.stringify(spec);
  } catch {
    /* e.g. a BigInt leaf */
  }
  return `${json ?? describe(spec)} (bad leaf: ${describe(bad)})`;
}

/** JAX's checks on in_axes / out_axes, when vmap is called: leaves must be integers or null. */
function checkAxesSpec(spec: unknown, what: "in_axes" | "out_axes"): void {
  if (what === "in_axes" && !(spec === null || typeof spec === "number" || Array.isArray(spec))) {
    throw new JaxTypeError(
      `vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, but got ${describe(spec)}.`,
    );
  }
  const bad = tree.leaves(spec, (x: unknown) => x === null).find((l) => l !== null && !Number.isInteger(l));
  if (bad !== undefined) {
    throw new JaxTypeError(
      `vmap ${what} must be an int, None, or (nested) container with those types as leaves, but got ${showAxes(spec, bad)}.`,
    );
  }
}

/**
 * jax.vmap: `f` mapped over an axis of its arguments; keeps `f`'s signature
 * (array arguments also accept JS numbers; number leaves of the result come back as arrays).
 */
export function vmap<F extends AnyFn>(f: F, options?: VmapOptions): Transformed<F> {
  checkCallable(f, "vmap");
  const opts = checkOptions(options, "vmap", ["inAxes", "outAxes", "axisSize", "axisName"]);
  if (opts.axisSize !== undefined) checkInt(opts.axisSize, "vmap: axisSize", 0);
  const inAxesOpt = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxesOpt = opts.outAxes === undefined ? 0 : opts.outAxes;
  checkAxesSpec(inAxesOpt, "in_axes");
  checkAxesSpec(outAxesOpt, "out_axes");
  return ((...args: unknown[]) =>
    withArgCheck("vmap", f, args, () => {
      let axes: Array<number | null>;
      if (Array.isArray(inAxesOpt)) {
        if (inAxesOpt.length !== args.length) {
          throw new ValueError(
            `vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, but got len(in_axes)=${inAxesOpt.length}, len(args)=${args.length}`,
          );
        }
        axes = args.flatMap((a, i) => broadcastPrefix(inAxesOpt[i], a, "in_axes"));
      } else axes = broadcastPrefix(inAxesOpt, args, "in_axes");
      const [rawLeaves, argTree] = tree.flatten(args);
      const leaves = leavesAsArrays(rawLeaves, "vmap argument");
      const argIndexOfLeaf: number[] = [];
      args.forEach((a, i) => tree.leaves(a).forEach(() => argIndexOfLeaf.push(i)));
      const norm = leaves.map((l, i) => {
        const ax = axes[i];
        if (ax === null) return null;
        if (!Number.isInteger(ax) || ax < -l.ndim || ax >= Math.max(l.ndim, 1) || l.ndim === 0) {
          throw new ValueError(
            `vmap was requested to map its argument along axis ${ax}, which implies that its rank should be at least ${ax < 0 ? -ax : ax + 1}, but is only ${l.ndim} (its shape is ${shapeStr(l.shape)})`,
          );
        }
        return ax < 0 ? ax + l.ndim : ax;
      });
      const sizes = leaves.map((l, i) => (norm[i] === null ? null : l.shape[norm[i]!]));
      const mapped = sizes.filter((s): s is number => s !== null);
      let axisSize = opts.axisSize;
      if (axisSize === undefined) {
        if (mapped.length === 0)
          throw new ValueError("vmap must have at least one non-None value in in_axes or axisSize must be specified");
        axisSize = mapped[0];
      }
      if (mapped.some((s) => s !== axisSize)) {
        const lines = leaves
          .map((l, i) =>
            norm[i] === null
              ? null
              : `  * one axis had size ${sizes[i]}: axis ${norm[i]} of argument ${argIndexOfLeaf[i]} of type ${l.aval.str()}`,
          )
          .filter(Boolean);
        throw new ValueError(`vmap got inconsistent sizes for array axes to be mapped:\n${lines.join(";\n")}`);
      }
      const size = axisSize;
      return withNewMain(BatchTrace, size, (main) => {
        const trace = new BatchTrace(main);
        const tracers = leaves.map((l, i) => new BatchTracer(trace, l, norm[i]));
        // Made here, outside any transformation `f` starts, so it lives at this vmap's level.
        const positions = opts.axisName === undefined ? null : iota("int32", size);
        const index = () => new BatchTracer(trace, positions!, 0);
        const out = withAxisName(opts.axisName, size, index, main, () => f(...(tree.unflatten(argTree, tracers) as unknown[])));
        const [ol, otree] = tree.flatten(out);
        const outArrs = leavesAsArrays(ol, "vmap output");
        const outAxes = broadcastPrefix(outAxesOpt, out, "out_axes");
        const res = outArrs.map((o, i) => {
          const t = fullRaise(trace, o) as BatchTracer;
          const dst = outAxes[i];
          if (dst === null) {
            if (t.bdim !== null) throw new ValueError("vmap has mapped output but out_axes is None");
            return t.val;
          }
          const nd = t.val.ndim + (t.bdim === null ? 1 : 0);
          const d = dst < 0 ? dst + nd : dst;
          return t.bdim === null ? broadcastBatch(t.val, size, d) : moveaxis(t.val, t.bdim, d);
        });
        return tree.unflatten(otree, res);
      });
    })) as Transformed<F>;
}
