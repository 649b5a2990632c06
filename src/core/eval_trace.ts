// The bottom of the trace stack: run primitives now, on the default backend.
import { type Backend, getBackend } from "../backend/backend.ts";
import type { ShapedArray } from "./aval.ts";
import { ArrayImpl } from "./array_impl.ts";
import { anyComplex, complexHooks, paramsHaveComplex } from "./complex_hooks.ts";
import { config } from "./config.ts";
import { FloatingPointError } from "./errors.ts";
import { isFloat } from "./dtypes.ts";
import type { NDArray } from "./ndarray.ts";
import type { Params, Primitive } from "./primitive.ts";
import { noteMade, userCode } from "./temporaries.ts";
import { Trace, type Tracer, initEvalTrace } from "./trace.ts";

export class EvalTrace extends Trace {
  override pure(x: NDArray): NDArray {
    return x;
  }
  override lift(x: Tracer): NDArray {
    return x;
  }
  override processPrimitive(prim: Primitive, args: NDArray[], params: Params): NDArray[] {
    return applyPrimitive(prim, args as ArrayImpl[], params);
  }
}

/** Defers an eager primitive where the backend fuses eager chains (backend/deferred.ts), or null to run it now. */
type Deferral = (
  prim: Primitive,
  args: readonly ArrayImpl[],
  params: Params,
  outAvals: readonly ShapedArray[],
  backend: Backend,
) => ArrayImpl[] | null;
let deferral: Deferral | null = null;

/** Installs the deferral of eager chains (set once, by backend/deferred.ts). */
export function setDeferral(d: Deferral): void {
  deferral = d;
}

/**
 * Run one primitive eagerly on concrete arrays (control flow as a compiled
 * loop where the backend can). `deferrable`: false inside a running program,
 * whose steps must produce their values now.
 */
export function applyPrimitive(prim: Primitive, args: ArrayImpl[], params: Params, deferrable = true): NDArray[] {
  const avals = args.map((a) => a.aval);
  const outAvals = prim.rules.abstractEval(avals, params);
  const backend = getBackend();
  // Backends compute on real numbers: complex operands run as real primitives (src/lax/complex_eval.ts).
  const cplx = complexHooks();
  if (cplx && !prim.rules.impl && (anyComplex(avals) || anyComplex(outAvals))) return cplx.eager(prim, args, params, avals, outAvals);
  const impl = prim.rules.impl;
  // An impl may run user code (a callback) or hand back an input: what it makes is not a grad's temporary.
  if (impl && cplx && (anyComplex(avals) || paramsHaveComplex(params))) return userCode(args, () => impl(args, params));
  if (impl) return userCode(args, () => (!config.checkFloats && backend.runControlFlow?.(prim, args, params)) || impl(args, params));
  const deferred = deferrable && deferral !== null ? deferral(prim, args, params, outAvals, backend) : null;
  if (deferred) {
    noteMade(deferred);
    return deferred;
  }
  const bufs = backend.execute(
    prim,
    args.map((a) => a.bufferOn(backend)),
    avals,
    params,
    outAvals,
  );
  const outs = bufs.map((b, i) => new ArrayImpl(outAvals[i], b, backend));
  noteMade(outs);
  if (config.checkFloats) checkFloats(prim, outs);
  return outs;
}

/** debugNans / debugInfs: the first primitive whose output holds a NaN (or an infinity) raises, as JAX's. */
function checkFloats(prim: Primitive, outs: ArrayImpl[]): void {
  const nans = config.debugNans;
  const infs = config.debugInfs;
  for (const o of outs) {
    if (!isFloat(o.dtype)) continue;
    const d = o.hostData();
    for (let i = 0; i < d.length; i++) {
      const v = d[i] as number;
      if (nans && Number.isNaN(v)) {
        throw new FloatingPointError(`invalid value (nan) encountered in ${prim.name} (output ${o.aval.str()})`);
      }
      if (infs && (v === Infinity || v === -Infinity)) {
        throw new FloatingPointError(`invalid value (inf) encountered in ${prim.name} (output ${o.aval.str()})`);
      }
    }
  }
}

initEvalTrace(EvalTrace);
