// Shared plumbing of the control-flow primitives: tracing user functions on
// pytrees into closed jaxprs, joining weak types, reordering jaxpr signatures.
import { ShapedArray } from "../../core/aval.ts";
import { asOperand } from "../../core/convert.ts";
import { describe } from "../../core/describe.ts";
import { promoteTypes } from "../../core/dtypes.ts";
import { shapeEqual } from "../../core/shape.ts";
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
  convertOut?: Array<ShapedArray | null> | ((out: NDArray, i: number) => NDArray),
): Traced {
  let outTree: TreeDef | null = null;
  const cj = traceToJaxpr((...xs) => {
    const args = tree.unflatten(inTree, xs) as unknown[];
    const [outs, td] = leavesOf(f(...args), `${what} output`);
    outTree = td;
    if (!convertOut) return outs;
    if (typeof convertOut === "function") return outs.map(convertOut);
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

/**
 * Trace a loop body over its carry as JAX does (`_promote_weak_typed_input`):
 * a weakly typed init (a JS number) whose dtype the body changes is converted
 * to the joint dtype and the body traced again; a weak type alone may differ
 * between the carry's input and output (so a scan of a weak float init
 * stacks weak ys while its final carry is strong). A weakly typed carry
 * output takes its carry's dtype where promotion keeps it, since a JS number
 * cannot say `5.0`. `trace` gets the carry's avals and the conversion to
 * apply to its outputs (the carry's are the first); `carryOutTree` reads
 * the output carry's structure, which must be the input's.
 */
export function traceLoopBody(
  what: string,
  carry: NDArray[],
  carryTree: TreeDef,
  trace: (carryAvals: ShapedArray[], convertOut: (out: NDArray, i: number) => NDArray) => Traced,
  carryOutTree: (t: Traced) => TreeDef,
): { traced: Traced; carry: NDArray[] } {
  const settle = (cs: NDArray[]) => {
    const t = trace(
      cs.map((c) => c.aval),
      (o, i) => {
        const c = cs[i];
        if (!c || !o.weakType || o.dtype === c.dtype) return o;
        return promoteTypes([o.aval, c.aval.strongType()]).dtype === c.dtype ? convert(o, c.dtype, true) : o;
      },
    );
    const outTree = carryOutTree(t);
    if (!outTree.equals(carryTree)) {
      throw new JaxTypeError(
        `${what} function carry input and carry output must have the same pytree structure, but they differ:\n  the input carry is ${carryTree}\n  the output carry is ${outTree}`,
      );
    }
    return t;
  };
  let traced = settle(carry);
  const outs = () => traced.outAvals.slice(0, carry.length);
  let changed = false;
  const promoted = carry.map((c, i) => {
    const o = outs()[i];
    if (!o || !c.weakType || c.aval.sameType(o) || !shapeEqual(c.shape, o.shape)) return c;
    changed = true;
    // JAX converts strongly; a weak output keeps it weak, since the JS number
    // (1) may be the float JAX's program wrote (1.0), whose dtype would match.
    return convert(c, promoteTypes([c.aval, o]).dtype, o.weakType);
  });
  if (changed) {
    carry = promoted;
    traced = settle(carry);
  }
  if (outs().length !== carry.length || outs().some((a, i) => !a.sameType(carry[i].aval))) {
    throw new JaxTypeError(
      `${what} function carry input and carry output must have equal types, but they differ:\n  the input carry has type ${describeAvals(carry.map((c) => c.aval))}\n  the output carry has type ${describeAvals(outs())}`,
    );
  }
  return { traced, carry };
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
