// Shared plumbing of the control-flow primitives: tracing user functions on
// pytrees into closed jaxprs, joining weak types, reordering jaxpr signatures.
import { ShapedArray } from "../../core/aval.ts";
import { asOperand } from "../../core/convert.ts";
import { describe } from "../../core/describe.ts";
import { promoteTypes } from "../../core/dtypes.ts";
import { ClosedJaxpr } from "../../core/jaxpr.ts";
import { NDArray } from "../../core/ndarray.ts";
import { JaxTypeError } from "../../core/errors.ts";
import { convert } from "../helpers.ts";
import { traceToJaxpr } from "../../transforms/staging.ts";
import { evalClosed, hoistConsts } from "../../transforms/jaxpr_transforms.ts";
import * as tree from "../../tree/index.ts";

export type TreeDef = tree.TreeDef;

/** Pytree leaves as arrays (JS numbers → weak scalars). */
export function leavesOf(t: unknown, what: string): [NDArray[], TreeDef] {
  const [ls, td] = tree.flatten(t);
  return [
    ls.map((l, i) => {
      if (l instanceof NDArray) return l;
      try {
        return asOperand(l as number, `${what} leaf ${i}`);
      } catch {
        throw new JaxTypeError(`${what}: leaf ${i} is not an array or a JS number (got ${describe(l)})`);
      }
    }),
    td,
  ];
}

export interface Traced {
  /** Consts hoisted to leading inputs. */
  jaxpr: ClosedJaxpr;
  consts: NDArray[];
  outTree: TreeDef;
  outAvals: ShapedArray[];
}

/** Trace f(...unflatten(inTree, leaves)) to a jaxpr over flat leaves; consts are hoisted. */
export function traceFlat(
  f: (...args: any[]) => unknown,
  inTree: TreeDef,
  avals: ShapedArray[],
  what: string,
  convertOut?: Array<ShapedArray | null>,
): Traced {
  let outTree: TreeDef | null = null;
  const cj = traceToJaxpr((...xs) => {
    const args = tree.unflatten(inTree, xs) as unknown[];
    const [outs, td] = leavesOf(f(...args), `${what} output`);
    outTree = td;
    if (!convertOut) return outs;
    return outs.map((o, i) => {
      const t = convertOut[i];
      return t && (o.dtype !== t.dtype || o.weakType !== t.weakType) ? convert(o, t.dtype, t.weakType) : o;
    });
  }, avals);
  const { closed, consts } = hoistConsts(cj);
  return { jaxpr: closed, consts, outTree: outTree!, outAvals: cj.outAvals };
}

/**
 * The common type of several avals that may differ only through weak types
 * (a JS number in one branch, an array in another), or null if they differ
 * in a way promotion must not paper over.
 */
export function joinWeak(avals: ShapedArray[]): ShapedArray | null {
  const a0 = avals[0];
  if (avals.some((a) => a.shape.length !== a0.shape.length || a.shape.some((d, i) => d !== a0.shape[i]))) return null;
  if (avals.every((a) => a.dtype === a0.dtype && a.weakType === a0.weakType)) return a0;
  const strong = avals.filter((a) => !a.weakType);
  if (strong.some((a) => a.dtype !== strong[0].dtype)) return null;
  const t = promoteTypes(avals);
  if (strong.length && t.dtype !== strong[0].dtype) return null;
  return new ShapedArray(a0.shape, t.dtype, t.weakType);
}

/** A jaxpr with inputs and outputs permuted: new input j is old input inPerm[j]; new output j is old output outPerm[j]. */
export function permuteJaxpr(cj: ClosedJaxpr, inPerm: number[], outPerm: number[]): ClosedJaxpr {
  const avals = inPerm.map((i) => cj.inAvals[i]);
  return traceToJaxpr((...xs) => {
    const args = new Array<NDArray>(xs.length);
    inPerm.forEach((old, j) => (args[old] = xs[j]));
    const outs = evalClosed(cj, args);
    return outPerm.map((o) => outs[o]);
  }, avals);
}

export function describeAvals(avals: readonly ShapedArray[]): string {
  return avals.map((a) => a.str() + (a.weakType ? "{weak_type=True}" : "")).join(", ");
}

export function sameAvals(a: readonly ShapedArray[], b: readonly ShapedArray[]): boolean {
  return a.length === b.length && a.every((x, i) => x.sameType(b[i]));
}
