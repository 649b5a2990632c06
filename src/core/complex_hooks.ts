// Where complex values meet the backends. Backends compute on real numbers
// only; src/lax/complex_eval.ts installs hooks that run a primitive on complex
// operands as real primitives (eagerly) and rewrite a jaxpr holding complex
// values into a real one before it is compiled. Core calls them through here
// (core cannot import lax).
import type { Backend, Executable } from "../backend/backend.ts";
import type { ArrayImpl } from "./array_impl.ts";
import type { ShapedArray } from "./aval.ts";
import { isComplex } from "./dtypes.ts";
import { ClosedJaxpr, Jaxpr } from "./jaxpr.ts";
import type { NDArray } from "./ndarray.ts";
import type { Params, Primitive } from "./primitive.ts";

export interface ComplexHooks {
  /** Runs `prim` eagerly where an operand or result is complex. */
  eager(prim: Primitive, args: ArrayImpl[], params: Params, inAvals: ShapedArray[], outAvals: ShapedArray[]): NDArray[];
  /** Compiles a jaxpr holding complex values for `b`, or null where it must be interpreted. */
  compile(b: Backend, jaxpr: Jaxpr): Executable | null;
}

let hooks: ComplexHooks | null = null;
export function setComplexHooks(h: ComplexHooks): void {
  hooks = h;
}
export function complexHooks(): ComplexHooks | null {
  return hooks;
}

export const anyComplex = (avals: readonly ShapedArray[]): boolean => avals.some((a) => isComplex(a.dtype));

function paramHasComplex(v: unknown): boolean {
  if (v instanceof ClosedJaxpr) return jaxprHasComplex(v.jaxpr);
  if (v instanceof Jaxpr) return jaxprHasComplex(v);
  return Array.isArray(v) && v.some(paramHasComplex);
}

/** Whether a primitive's params hold a sub-jaxpr with complex values (control flow). */
export function paramsHaveComplex(params: Params): boolean {
  return Object.values(params).some(paramHasComplex);
}

const seen = new WeakMap<Jaxpr, boolean>();
/** Whether any value of the jaxpr (or of its sub-jaxprs) is complex. */
export function jaxprHasComplex(j: Jaxpr): boolean {
  let r = seen.get(j);
  if (r === undefined) {
    r =
      anyComplex(j.constvars.map((v) => v.aval)) ||
      anyComplex(j.inAvals) ||
      anyComplex(j.outAvals) ||
      j.eqns.some(
        (e) => anyComplex(e.outBinders.map((v) => v.aval)) || anyComplex(e.inputs.map((a) => a.aval)) || paramsHaveComplex(e.params),
      );
    seen.set(j, r);
  }
  return r;
}

/** `b.compile(jaxpr)`, through the complex rewrite where the jaxpr holds complex values. */
export function compileJaxpr(b: Backend, jaxpr: Jaxpr): Executable | null {
  if (!b.compile) return null;
  if (jaxprHasComplex(jaxpr)) return hooks ? hooks.compile(b, jaxpr) : null;
  return b.compile(jaxpr);
}
