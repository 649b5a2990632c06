// lax.whileLoop and lax.foriLoop.
import type { CarryIn, Out } from "../../transforms/types.ts";
import { ArrayImpl } from "../../core/array_impl.ts";
import { scalarArray } from "../../core/convert.ts";
import { JaxTypeError } from "../../core/errors.ts";
import { NDArray, type ArrayLike } from "../../core/ndarray.ts";
import { bind } from "../../core/trace.ts";
import { convert } from "../helpers.ts";
import * as tree from "../../tree/index.ts";
import { whileP } from "./while.ts";
import { leavesOf, traceFlat, traceLoopBody } from "./common.ts";
import { scan } from "./scan_api.ts";
import { asOperand } from "../../core/convert.ts";
import { type DType, isSigned } from "../../core/dtypes.ts";
import { checkCallable } from "../../core/scalar_args.ts";

/**
 * lax.whileLoop(condFn, bodyFn, initVal): `while (condFn(val)) val = bodyFn(val)`.
 * The carry is a pytree; JS-number leaves of initVal become (weakly typed) arrays.
 */
export function whileLoop<const T>(
  condFn: (val: NoInfer<Out<T>>) => NDArray | boolean,
  bodyFn: (val: NoInfer<Out<T>>) => NoInfer<CarryIn<Out<T>>>,
  initVal: T,
): Out<T>;
export function whileLoop(condFn: (v: any) => unknown, bodyFn: (v: any) => unknown, initVal: unknown): any {
  checkCallable(condFn, "whileLoop", "condFn");
  checkCallable(bodyFn, "whileLoop", "bodyFn");
  let [carry, carryTree] = leavesOf(initVal, "while_loop init_val");
  const traced = traceLoopBody(
    "while_loop body",
    carry,
    carryTree,
    (avals, convertOut) =>
      traceFlat(bodyFn as (...a: unknown[]) => unknown, tree.structure([initVal]), avals, "while_loop body", convertOut),
    (body) => body.outTree,
  );
  carry = traced.carry;
  const body = traced.traced;
  const cond = traceFlat(
    condFn as (...a: unknown[]) => unknown,
    tree.structure([initVal]),
    carry.map((c) => c.aval),
    "while_loop cond",
  );
  const c = cond.outAvals;
  if (c.length !== 1 || c[0].ndim !== 0 || c[0].dtype !== "bool") {
    throw new JaxTypeError(`cond_fun must return a boolean scalar, but got output type(s) [${c.map((a) => a.str()).join(", ")}].`);
  }
  const outs = bind(whileP, [...cond.consts, ...body.consts, ...carry], {
    cond_jaxpr: cond.jaxpr,
    body_jaxpr: body.jaxpr,
    cond_nconsts: cond.consts.length,
    body_nconsts: body.consts.length,
  });
  return tree.unflatten(carryTree, outs);
}

type AnyWhile = (condFn: (v: any) => unknown, bodyFn: (v: any) => unknown, initVal: unknown) => any;
type AnyScan = (f: (c: any, x: any) => unknown, init: unknown, xs: unknown, opts: object) => any;

/**
 * The loop index dtype, by JAX's rule: lower and upper must have equal dtypes,
 * except that a weak signed integer (a JS number) takes the other's signed integer dtype.
 */
function boundsDtype(lower: NDArray, upper: NDArray): DType {
  if (lower.dtype === upper.dtype) return lower.dtype;
  if (isSigned(lower.dtype) && isSigned(upper.dtype) && lower.weakType !== upper.weakType)
    return lower.weakType ? upper.dtype : lower.dtype;
  throw new JaxTypeError(`lower and upper arguments to fori_loop must have equal types, got ${lower.dtype} and ${upper.dtype}`);
}

function concreteInt(x: ArrayLike): number | null {
  if (typeof x === "number") return Number.isInteger(x) ? x : null;
  if (x instanceof ArrayImpl && x.ndim === 0) {
    x.buffer(); // a disposed bound raises here
    try {
      return Number(x.item());
    } catch {
      return null; // held only by a GPU (no synchronous read): a traced bound
    }
  }
  return null;
}

/**
 * lax.foriLoop(lower, upper, bodyFn(i, val), initVal). With concrete bounds it
 * lowers to scan (so reverse-mode differentiation works), otherwise to whileLoop.
 */
export function foriLoop<const T>(
  lower: ArrayLike,
  upper: ArrayLike,
  bodyFn: (i: NDArray, val: NoInfer<Out<T>>) => NoInfer<CarryIn<Out<T>>>,
  initVal: T,
): Out<T>;
export function foriLoop<T>(lower: ArrayLike, upper: ArrayLike, bodyFn: (i: NDArray, val: T) => T, initVal: T): T {
  checkCallable(bodyFn, "foriLoop", "bodyFn");
  const lowerA = asOperand(lower, "fori_loop lower");
  const upperA = asOperand(upper, "fori_loop upper");
  const idxDtype = boundsDtype(lowerA, upperA);
  // Checked here, or a bad leaf would be reported as the init of the scan or while loop below.
  leavesOf(initVal, "foriLoop initVal");
  const lo = concreteInt(lower);
  const hi = concreteInt(upper);
  if (lo !== null && hi !== null) {
    const start = scalarArray(lo, idxDtype, lowerA.weakType && upperA.weakType);
    const [[, v]] = (scan as AnyScan)(([i, v]: [NDArray, T]) => [[i.add(1), bodyFn(i, v)], null], [start, initVal], null, {
      length: Math.max(0, hi - lo),
    });
    return v as T;
  }
  const l = typeof lower === "number" ? scalarArray(lower, idxDtype, false) : convert(lowerA, idxDtype);
  const u = typeof upper === "number" ? scalarArray(upper, idxDtype, false) : convert(upperA, idxDtype);
  const [, , v] = (whileLoop as AnyWhile)(
    ([i, up]: [NDArray, NDArray, T]) => i.lt(up),
    ([i, up, x]: [NDArray, NDArray, T]) => [i.add(1), up, bodyFn(i, x)] as [NDArray, NDArray, T],
    [l, u, initVal] as [NDArray, NDArray, T],
  );
  return v;
}
