// lax.cond and lax.switch.
import type { Out, OutArgs } from "../../transforms/types.ts";
import { asOperand, scalarArray } from "../../core/convert.ts";
import { isFloat, isInteger } from "../../core/dtypes.ts";
import { JaxTypeError } from "../../core/errors.ts";
import { NDArray, type ArrayLike } from "../../core/ndarray.ts";
import { bind, bind1 } from "../../core/trace.ts";
import { clampP, convertElementTypeP } from "../elementwise.ts";
import * as tree from "../../tree/index.ts";
import { condP } from "./cond.ts";
import { describeAvals, joinWeak, leavesOf, traceFlat, type Traced } from "./common.ts";
import { hoistConsts } from "../../transforms/jaxpr_transforms.ts";
import { ClosedJaxpr, Jaxpr } from "../../core/jaxpr.ts";
import { Var as VarCtor } from "../../core/jaxpr.ts";
import { neP } from "../elementwise.ts";

type Fn = (...operands: any[]) => unknown;

/** Trace every branch on the operands, check they agree, and bind cond. */
function condFromBranches(index: NDArray, branches: Fn[], operands: unknown[], what: string): unknown {
  const [ops, inTree] = leavesOf(operands, `${what} operands`);
  const avals = ops.map((o) => o.aval);
  let traced: Traced[] = branches.map((b) => traceFlat(b, inTree, avals, what));
  const t0 = traced[0];
  traced.forEach((t, k) => {
    if (!t.outTree.equals(t0.outTree)) {
      const names = branches.length === 2 ? "true_fun and false_fun output" : `branch 0 and ${k} outputs`;
      throw new JaxTypeError(`${names} must have same type structure, got ${traced[branches.length - 1].outTree} and ${t0.outTree}.`);
    }
  });
  // Outputs may differ only in weak types (a JS number in one branch): promote.
  const joined = t0.outAvals.map((_, i) => joinWeak(traced.map((t) => t.outAvals[i])));
  if (joined.some((j) => j === null)) {
    const names = branches.length === 2 ? "true_fun and false_fun output" : "branches outputs";
    throw new JaxTypeError(
      `${names} must have identical types, got\n${traced.map((t) => `(${describeAvals(t.outAvals)})`).join("\nand\n")}.`,
    );
  }
  if (traced.some((t) => t.outAvals.some((a, i) => !a.equals(joined[i]!)))) {
    traced = branches.map((b) => traceFlat(b, inTree, avals, what, joined));
  }
  // Closure conversion: every branch takes all branches' consts, then the operands.
  const allConsts = traced.flatMap((t) => t.consts);
  const constAvals = allConsts.map((c) => c.aval);
  let off = 0;
  const jaxprs = traced.map((t) => {
    const j = t.jaxpr.jaxpr;
    const mine = t.consts.length;
    const before = constAvals.slice(0, off).map((a) => new VarCtor(a));
    const after = constAvals.slice(off + mine).map((a) => new VarCtor(a));
    off += mine;
    const own = j.inBinders.slice(0, mine);
    const rest = j.inBinders.slice(mine);
    return new ClosedJaxpr(new Jaxpr([], [...before, ...own, ...after, ...rest], j.eqns, j.outs), []);
  });
  const outs = bind(condP, [index, ...allConsts, ...ops], { branches: jaxprs });
  return tree.unflatten(t0.outTree, outs);
}

function toIndex(x: ArrayLike, what: string): NDArray {
  if (typeof x === "boolean") return scalarArray(x ? 1 : 0, "int32", false);
  const a = typeof x === "number" ? scalarArray(x, "int32", false) : asOperand(x, what);
  if (a.ndim !== 0)
    throw new JaxTypeError(
      `${what} must be a scalar, got ${what.startsWith("Pred") ? "pred" : "index"} of shape ${JSON.stringify(a.shape)}`,
    );
  if (isFloat(a.dtype)) throw new JaxTypeError(`${what} type must be either boolean or integer, got ${a.dtype}`);
  return a.dtype === "int32" ? a : bind1(convertElementTypeP, [a], { new_dtype: "int32", weak_type: false });
}

/**
 * lax.cond(pred, trueFn, falseFn, ...operands): one branch's result, chosen by
 * the scalar `pred` (boolean or integer; nonzero picks trueFn). Both branches
 * take the operands (JS numbers arrive as arrays) and return the same structure.
 */
export function cond<Ops extends readonly unknown[], R1, R2>(
  pred: ArrayLike,
  trueFn: (...operands: NoInfer<OutArgs<Ops>>) => R1,
  falseFn: (...operands: NoInfer<OutArgs<Ops>>) => R2,
  ...operands: Ops
): Out<R1 | R2>;
export function cond(pred: ArrayLike, trueFn: Fn, falseFn: Fn, ...operands: unknown[]): any {
  if (typeof trueFn !== "function" || typeof falseFn !== "function") throw new JaxTypeError("cond: trueFn and falseFn must be functions");
  if (pred instanceof NDArray && !(pred.dtype === "bool" || isInteger(pred.dtype))) {
    throw new JaxTypeError(`Pred type must be either boolean or number, got ${pred.dtype}.`);
  }
  if (pred instanceof NDArray && pred.ndim !== 0) throw new JaxTypeError(`Pred must be a scalar, got ${pred.aval.str()}.`);
  const idx = toIndex(pred, "Pred");
  // index 1 selects trueFn, as JAX orders branches [false, true].
  // A boolean pred is the index itself once converted (as JAX's jaxpr shows); an integer one is tested against 0.
  const isBool = typeof pred === "boolean" || (pred instanceof NDArray && pred.dtype === "bool");
  const one = isBool
    ? idx
    : bind1(convertElementTypeP, [bind1(neP, [idx, scalarArray(0, "int32", false)], {})], { new_dtype: "int32", weak_type: false });
  return condFromBranches(one, [falseFn, trueFn], operands, "cond");
}

/** lax.switch(index, branches, ...operands): `branches[index](...operands)`, the index clamped into range. */
export function switch_<Ops extends readonly unknown[], R>(
  index: ArrayLike,
  branches: ReadonlyArray<(...operands: NoInfer<OutArgs<Ops>>) => R>,
  ...operands: Ops
): Out<R>;
export function switch_(index: ArrayLike, branches: readonly Fn[], ...operands: unknown[]): any {
  if (!Array.isArray(branches) || branches.length === 0 || branches.some((b) => typeof b !== "function")) {
    throw new JaxTypeError("switch: branches must be a non-empty array of functions");
  }
  const idx = toIndex(index, "switch index");
  if (branches.length === 1) return branches[0](...operands);
  const clamped = bind1(clampP, [scalarArray(0, "int32", false), idx, scalarArray(branches.length - 1, "int32", false)], {});
  return condFromBranches(clamped, branches, operands, "switch");
}
export { hoistConsts };
