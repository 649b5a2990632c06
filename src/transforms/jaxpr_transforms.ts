// Transformations of closed jaxprs into closed jaxprs (jvp, vmap, partial
// evaluation, transposition). Control-flow primitives apply these to their
// bodies; each works by re-tracing an evaluation of the jaxpr under the
// corresponding trace, so every primitive rule is reused.
import { ShapedArray } from "../core/aval.ts";
import { ClosedJaxpr, Jaxpr, evalJaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { fullRaise, withNewMain } from "../core/trace.ts";
import { broadcastBatch, instantiate, moveaxis } from "../lax/helpers.ts";
import { jvpFlat, tangentAval } from "./jvp.ts";
import { PartialVal, partialEvalFlat } from "./partial_eval.ts";
import { traceToJaxpr } from "./staging.ts";
import { backwardPass } from "./transpose.ts";
import { BatchTrace, BatchTracer } from "./vmap_trace.ts";
import { withBatchAlias } from "./axis_env.ts";

export function evalClosed(cj: ClosedJaxpr, args: readonly NDArray[]): NDArray[] {
  return evalJaxpr(cj.jaxpr, cj.consts, args);
}

/** Closure conversion: the jaxpr's constants become its leading inputs. */
export function hoistConsts(cj: ClosedJaxpr): { closed: ClosedJaxpr; consts: NDArray[] } {
  const j = cj.jaxpr;
  return { closed: new ClosedJaxpr(new Jaxpr([], [...j.constvars, ...j.inBinders], j.eqns, j.outs), []), consts: cj.consts };
}

/**
 * JVP of a jaxpr. Inputs of the result: primals, then tangents of the inputs
 * marked nonzero. Outputs: primal outputs, then tangents of outputs that are
 * nonzero (or forced by `instantiate`).
 */
export function jvpJaxpr(cj: ClosedJaxpr, nonzeros: boolean[], instantiateOut: boolean[]): { jaxpr: ClosedJaxpr; outNonzeros: boolean[] } {
  const n = cj.inAvals.length;
  const avals = [...cj.inAvals, ...cj.inAvals.filter((_, i) => nonzeros[i]).map(tangentAval)];
  let outNz: boolean[] = [];
  const jaxpr = traceToJaxpr((...xs) => {
    let k = n;
    const tangents: Tangent[] = cj.inAvals.map((a, i) => (nonzeros[i] ? xs[k++] : new Zero(tangentAval(a))));
    const [po, to] = jvpFlat((...ps) => evalClosed(cj, ps), xs.slice(0, n), tangents);
    outNz = to.map((t, i) => !(t instanceof Zero) || instantiateOut[i]);
    return [...po, ...to.filter((_, i) => outNz[i]).map(instantiate)];
  }, avals);
  return { jaxpr, outNonzeros: outNz };
}

/** Aval with a batch dim of `size` inserted at `dim`. */
export function batchedAval(a: ShapedArray, size: number, dim: number): ShapedArray {
  const s = [...a.shape];
  s.splice(dim, 0, size);
  return new ShapedArray(s, a.dtype, a.weakType);
}

/**
 * vmap of a jaxpr. `inDims[i]` is the batch dim of input i (null = unbatched).
 * Outputs come back batched at dim 0, except unbatched ones not forced.
 */
export function batchJaxpr(
  cj: ClosedJaxpr,
  axisSize: number,
  inDims: Array<number | null>,
  forceOut: boolean[],
): { jaxpr: ClosedJaxpr; outBatched: boolean[] } {
  const avals = cj.inAvals.map((a, i) => (inDims[i] === null ? a : batchedAval(a, axisSize, inDims[i]!)));
  let outBatched: boolean[] = [];
  const jaxpr = traceToJaxpr(
    (...xs) =>
      withNewMain(BatchTrace, axisSize, (main) => {
        const trace = new BatchTrace(main);
        const outs = withBatchAlias(main, () =>
          evalClosed(
            cj,
            xs.map((x, i) => new BatchTracer(trace, x, inDims[i])),
          ),
        );
        outBatched = [];
        return outs.map((o, i) => {
          const t = fullRaise(trace, o) as BatchTracer;
          if (t.bdim === null && !forceOut[i]) {
            outBatched.push(false);
            return t.val;
          }
          outBatched.push(true);
          return t.bdim === null ? broadcastBatch(t.val, axisSize, 0) : moveaxis(t.val, t.bdim, 0);
        });
      }),
    avals,
  );
  return { jaxpr, outBatched };
}

export interface PartialEvalResult {
  /** known inputs → [known outputs..., residuals...] */
  known: ClosedJaxpr;
  /** [residuals..., unknown inputs...] → unknown outputs */
  unknown: ClosedJaxpr;
  outUnknown: boolean[];
  numRes: number;
  /** For each residual: the index (among known inputs) it simply forwards, or null. */
  resForward: Array<number | null>;
}

/** Split a jaxpr into the part computable from known inputs and the rest. */
export function partialEvalJaxpr(cj: ClosedJaxpr, unknowns: boolean[], instantiateOut: boolean[]): PartialEvalResult {
  const knownAvals = cj.inAvals.filter((_, i) => !unknowns[i]);
  let unknownJ: Jaxpr | null = null;
  let outUnknown: boolean[] = [];
  let numRes = 0;
  let resForward: Array<number | null> = [];
  const known = traceToJaxpr((...knownXs) => {
    let k = 0;
    const pvals = cj.inAvals.map((a, i) => (unknowns[i] ? PartialVal.unknown(a) : PartialVal.known(knownXs[k++])));
    const { pvalsOut, jaxpr, consts } = partialEvalFlat(
      (...xs) => evalClosed(cj, xs),
      pvals,
      (i) => instantiateOut[i],
    );
    outUnknown = pvalsOut.map((p) => !p.isKnown);
    unknownJ = jaxpr;
    numRes = consts.length;
    resForward = consts.map((c) => {
      const j = knownXs.indexOf(c);
      return j >= 0 ? j : null;
    });
    return [...pvalsOut.filter((p) => p.isKnown).map((p) => p.known!), ...consts];
  }, knownAvals);
  const uj = unknownJ! as Jaxpr;
  const unknown = new ClosedJaxpr(new Jaxpr([], [...uj.constvars, ...uj.inBinders], uj.eqns, uj.outs), []);
  return { known, unknown, outUnknown, numRes, resForward };
}

/**
 * Transpose of a jaxpr that is linear in the inputs marked `linear`: the
 * result takes [non-linear inputs..., output cotangents...] and returns the
 * cotangents of the linear inputs (zeros instantiated).
 */
export function transposeJaxpr(cj: ClosedJaxpr, linear: boolean[]): ClosedJaxpr {
  const nonLinAvals = cj.inAvals.filter((_, i) => !linear[i]);
  const ctAvals = cj.outAvals.map((a) => a.strongType());
  return traceToJaxpr(
    (...xs) => {
      let k = 0;
      const args = cj.inAvals.map((a, i) => (linear[i] ? new UndefinedPrimal(a) : xs[k++]));
      const cts = xs.slice(k);
      const res = backwardPass(cj.jaxpr, cj.consts, args, cts);
      return res.map((r, i) => instantiate(r instanceof Zero ? r : r)).map((r, i) => r ?? (i as never));
    },
    [...nonLinAvals, ...ctAvals],
  );
}
