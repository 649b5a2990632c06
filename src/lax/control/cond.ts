// cond: choose one of several branch jaxprs by an int32 index. lax.cond and
// lax.switch build it; JVP, partial evaluation, transposition and batching
// are rules on the branch jaxprs.
import { ShapedArray } from "../../core/aval.ts";
import { ArrayImpl } from "../../core/array_impl.ts";
import { isInteger } from "../../core/dtypes.ts";
import { JaxTypeError } from "../../core/errors.ts";
import { ClosedJaxpr, runClosed } from "../../core/jaxpr.ts";
import type { NDArray } from "../../core/ndarray.ts";
import { Primitive, type Tangent, UndefinedPrimal, Zero } from "../../core/primitive.ts";
import { bind, bind1 } from "../../core/trace.ts";
import { clampP, selectNP } from "../elementwise.ts";
import { broadcastInDimP } from "../shape_ops.ts";
import { full, instantiate, moveaxis, zerosLikeAval } from "../helpers.ts";
import { traceToJaxpr } from "../../transforms/staging.ts";
import { batchJaxpr, evalClosed, jvpJaxpr, partialEvalJaxpr, transposeJaxpr } from "../../transforms/jaxpr_transforms.ts";
import { tangentAval } from "../../transforms/jvp.ts";
import { PETracer, PartialEvalTrace } from "../../transforms/partial_eval.ts";
import { neP as neP_ } from "../elementwise.ts";
import { convert } from "../helpers.ts";

export type CondParams = { branches: ClosedJaxpr[] };

export const condP: Primitive<CondParams> = new Primitive("cond", {
  abstractEval([idx, ...ops], params) {
    if (idx.ndim !== 0 || !isInteger(idx.dtype)) throw new JaxTypeError(`cond index must be an integer scalar, got ${idx.str()}`);
    const br = params.branches;
    br.forEach((b, k) => {
      if (b.inAvals.length !== ops.length || b.inAvals.some((a, i) => !a.sameType(ops[i]))) {
        throw new JaxTypeError(
          `cond branch ${k} takes ${b.inAvals.map((a) => a.str()).join(", ")} but operands are ${ops.map((a) => a.str()).join(", ")}`,
        );
      }
    });
    return br[0].outAvals;
  },
  impl([idx, ...ops], params) {
    const br = params.branches;
    const i = Math.min(Math.max(Number((idx as ArrayImpl).item()), 0), br.length - 1);
    return runClosed(br[i], ops);
  },
  jvp([idx, ...ops], [, ...tans], params) {
    const br = params.branches;
    const nz = tans.map((t) => !(t instanceof Zero));
    // Outputs whose tangent is nonzero in any branch are instantiated in all.
    const outNz = br[0].outAvals.map(() => false);
    for (const b of br) jvpJaxpr(b, nz, outNz).outNonzeros.forEach((v, i) => (outNz[i] = outNz[i] || v));
    const jb = br.map((b) => jvpJaxpr(b, nz, outNz).jaxpr);
    const outs = bind(condP, [idx, ...ops, ...(tans.filter((_, i) => nz[i]) as NDArray[])], { branches: jb });
    const n = br[0].outAvals.length;
    let k = n;
    const touts: Tangent[] = br[0].outAvals.map((a, i) => (outNz[i] ? outs[k++] : new Zero(tangentAval(a))));
    return [outs.slice(0, n), touts];
  },
  partialEval(traceU, tracers, params) {
    const trace = traceU as PartialEvalTrace;
    const [idxT, ...opTs] = tracers as PETracer[];
    const br = params.branches;
    if (!idxT.pval.isKnown) return trace.stageEqn(condP, tracers as PETracer[], params);
    const unknowns = opTs.map((t) => !t.pval.isKnown);
    const outUk = br[0].outAvals.map(() => false);
    for (const b of br) partialEvalJaxpr(b, unknowns, outUk).outUnknown.forEach((v, i) => (outUk[i] = outUk[i] || v));
    const pes = br.map((b) => partialEvalJaxpr(b, unknowns, outUk));
    // Each branch has its own residuals; give every branch all residual slots.
    const resAvals = pes.map((pe) => pe.known.outAvals.slice(pe.known.outAvals.length - pe.numRes));
    const knownIn = opTs.filter((t) => t.pval.isKnown);
    const nKnownOut = outUk.filter((u) => !u).length;
    const knownBranches = pes.map((pe, b) =>
      traceToJaxpr(
        (...xs) => {
          const outs = evalClosed(pe.known, xs);
          const res = resAvals.flatMap((avals, c) => (c === b ? outs.slice(nKnownOut) : avals.map((a) => zerosLikeAval(a))));
          return [...outs.slice(0, nKnownOut), ...res];
        },
        knownIn.map((t) => t.aval),
      ),
    );
    const allRes = resAvals.flat();
    const unknownIn = opTs.filter((t) => !t.pval.isKnown);
    const unknownBranches = pes.map((pe, b) =>
      traceToJaxpr(
        (...xs) => {
          const start = resAvals.slice(0, b).reduce((s, r) => s + r.length, 0);
          const own = xs.slice(start, start + resAvals[b].length);
          return evalClosed(pe.unknown, [...own, ...xs.slice(allRes.length)]);
        },
        [...allRes, ...unknownIn.map((t) => t.aval)],
      ),
    );
    const knownOuts = bind(condP, [idxT.pval.known!, ...knownIn.map((t) => t.pval.known!)], { branches: knownBranches });
    const resTracers = knownOuts.slice(nKnownOut).map((r) => trace.pure(r) as PETracer);
    const ukOuts = trace.stageEqn(condP, [idxT, ...resTracers, ...unknownIn], { branches: unknownBranches });
    let ki = 0;
    let ui = 0;
    return outUk.map((u) => (u ? ukOuts[ui++] : trace.pure(knownOuts[ki++])));
  },
  transpose(cts, [idx, ...ops], params) {
    if (idx instanceof UndefinedPrimal) throw new Error("cond transpose: the index cannot be linear");
    const br = params.branches;
    const linear = ops.map((o) => o instanceof UndefinedPrimal);
    const tb = br.map((b) => transposeJaxpr(b, linear));
    const nonLin = ops.filter((o) => !(o instanceof UndefinedPrimal)) as NDArray[];
    const ctArrs = cts.map((c, i) => instantiate(c instanceof Zero ? new Zero(br[0].outAvals[i].strongType()) : c));
    const res = bind(condP, [idx as NDArray, ...nonLin, ...ctArrs], { branches: tb });
    let k = 0;
    return [null, ...ops.map((o) => (o instanceof UndefinedPrimal ? res[k++] : null))];
  },
  batch([idx, ...ops], [idxDim, ...opDims], params, axisSize) {
    const br = params.branches;
    if (idxDim === null) {
      const outB = br[0].outAvals.map(() => false);
      for (const b of br) batchJaxpr(b, axisSize, opDims, outB).outBatched.forEach((v, i) => (outB[i] = outB[i] || v));
      const bb = br.map((b) => batchJaxpr(b, axisSize, opDims, outB).jaxpr);
      const outs = bind(condP, [idx, ...ops], { branches: bb });
      return [outs, outB.map((v) => (v ? 0 : null))];
    }
    // A batched index: run every branch and select per example (as JAX does).
    const outsPer = br.map((b) =>
      evalClosed(
        batchJaxpr(
          b,
          axisSize,
          opDims,
          b.outAvals.map(() => true),
        ).jaxpr,
        ops,
      ),
    );
    const n = br.length;
    const i0 = moveaxis(idx, idxDim, 0);
    const clamped = bind1(clampP, [full([], 0, i0.dtype), i0, full([], n - 1, i0.dtype)], {});
    const which = n === 2 ? bind1(neP_, [clamped, full(clamped.shape, 0, clamped.dtype)], {}) : convertI32(clamped);
    const outs = outsPer[0].map((_, j) => {
      const shape = outsPer[0][j].shape;
      const w = bind1(broadcastInDimP, [which], { shape, broadcast_dimensions: [0] });
      return bind1(selectNP, [w, ...outsPer.map((o) => o[j])], {});
    });
    return [outs, outs.map(() => 0)];
  },
  printParams: () => "",
});

function convertI32(x: NDArray): NDArray {
  return x.dtype === "int32" ? x : convert(x, "int32");
}
export { ShapedArray };
