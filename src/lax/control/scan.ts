// scan: a loop over the leading axis of `xs` carrying state, whose body is a
// closed jaxpr (so a compiler can emit one loop). Inputs: [consts, init, xs];
// outputs: [final carry, stacked ys].
import { ShapedArray } from "../../core/aval.ts";
import { ArrayImpl } from "../../core/array_impl.ts";
import { lanesOf, storageCtor } from "../../core/dtypes.ts";
import { JaxTypeError } from "../../core/errors.ts";
import { ClosedJaxpr, runClosed } from "../../core/jaxpr.ts";
import type { NDArray } from "../../core/ndarray.ts";
import { Primitive, type Tangent, UndefinedPrimal, Zero } from "../../core/primitive.ts";
import { bind } from "../../core/trace.ts";
import { addI } from "../elementwise.ts";
import { broadcastBatch, instantiate, moveaxis, withWeakOf, zerosLikeAval } from "../helpers.ts";
import { traceToJaxpr } from "../../transforms/staging.ts";
import { batchJaxpr, batchedAval, evalClosed, jvpJaxpr, partialEvalJaxpr, transposeJaxpr } from "../../transforms/jaxpr_transforms.ts";
import { tangentAval } from "../../transforms/jvp.ts";
import { PETracer, PartialEvalTrace } from "../../transforms/partial_eval.ts";
import { permuteJaxpr } from "./common.ts";
import { getBackend } from "../../backend/backend.ts";

export type ScanParams = {
  jaxpr: ClosedJaxpr;
  num_consts: number;
  num_carry: number;
  length: number;
  reverse: boolean;
  unroll: number;
  /** Always None (as JAX prints it). */
  linear: null;
};

function split<T>(xs: readonly T[], p: ScanParams): [T[], T[], T[]] {
  return [xs.slice(0, p.num_consts), xs.slice(p.num_consts, p.num_consts + p.num_carry), xs.slice(p.num_consts + p.num_carry)];
}
const sliceAval = (a: ShapedArray) => new ShapedArray(a.shape.slice(1), a.dtype, a.weakType);
const stackAval = (a: ShapedArray, n: number) => new ShapedArray([n, ...a.shape], a.dtype, a.weakType);

export const scanP: Primitive<ScanParams> = new Primitive("scan", {
  abstractEval(avals, p) {
    const [consts, carry, xs] = split(avals, p);
    const body = p.jaxpr;
    const want = [...consts, ...carry, ...xs.map(sliceAval)];
    for (const x of xs) {
      if (x.ndim === 0 || x.shape[0] !== p.length)
        throw new JaxTypeError(`scan got xs with leading axis ${x.ndim ? x.shape[0] : "(scalar)"} but length ${p.length}`);
    }
    if (body.inAvals.length !== want.length || body.inAvals.some((a, i) => !a.sameType(want[i]))) {
      throw new JaxTypeError(
        `scan body takes (${body.inAvals.map((a) => a.str()).join(", ")}) but is given (${want.map((a) => a.str()).join(", ")})`,
      );
    }
    const outs = body.outAvals;
    return [...outs.slice(0, p.num_carry), ...outs.slice(p.num_carry).map((a) => stackAval(a, p.length))];
  },
  impl(args, p) {
    const [consts, init, xs] = split(args, p);
    const backend = getBackend();
    const xsHost = xs.map((x) => (x as ArrayImpl).hostData());
    const xsAvals = xs.map((x) => sliceAval(x.aval));
    const ysAvals = p.jaxpr.outAvals.slice(p.num_carry);
    // Storage slots per element (2 for complex).
    const slots = (a: ShapedArray) => a.size * lanesOf(a.dtype);
    const ysHost = ysAvals.map((a) => new (storageCtor(a.dtype))(slots(a) * p.length));
    let carry = init;
    for (let t = 0; t < p.length; t++) {
      const i = p.reverse ? p.length - 1 - t : t;
      const xSlices = xsAvals.map((a, j) =>
        ArrayImpl.fromHost(xsHost[j].slice(i * slots(a), (i + 1) * slots(a)), a.shape, a.dtype, a.weakType, backend),
      );
      const outs = runClosed(p.jaxpr, [...consts, ...carry, ...xSlices]);
      carry = outs.slice(0, p.num_carry);
      // Same storage type on both sides (bigints for int64/uint64): set copies exactly.
      outs
        .slice(p.num_carry)
        .forEach((y, j) => (ysHost[j] as Float64Array).set((y as ArrayImpl).hostData() as Float64Array, i * slots(ysAvals[j])));
    }
    const ys = ysAvals.map((a, j) => ArrayImpl.fromHost(ysHost[j], [p.length, ...a.shape], a.dtype, a.weakType, backend));
    // Typed as the body's outputs, also where the scan had no step and the init was weak.
    return [...carry.map((c, i) => withWeakOf(c, p.jaxpr.outAvals[i])), ...ys];
  },
  jvp(primals, tangents, p) {
    const nz = tangents.map((t) => !(t instanceof Zero));
    const [cNz, carryNz0, xNz] = split(nz, p);
    let carryNz = carryNz0;
    let jj: ReturnType<typeof jvpJaxpr>;
    // Fixpoint: a carry tangent is nonzero if it starts nonzero or the body makes it so.
    for (;;) {
      const inst = [...carryNz, ...p.jaxpr.outAvals.slice(p.num_carry).map(() => false)];
      jj = jvpJaxpr(p.jaxpr, [...cNz, ...carryNz, ...xNz], inst);
      const out = jj.outNonzeros.slice(0, p.num_carry);
      if (out.every((v, i) => v === carryNz[i])) break;
      carryNz = carryNz.map((v, i) => v || out[i]);
    }
    const nc = p.num_consts,
      nk = p.num_carry,
      nx = primals.length - nc - nk;
    const nct = cNz.filter(Boolean).length,
      nkt = carryNz.filter(Boolean).length,
      nxt = xNz.filter(Boolean).length;
    // jvp jaxpr inputs: [c, k, x, ct, kt, xt] → scan order [c, ct, k, kt, x, xt].
    const base = nc + nk + nx;
    const inPerm = [
      ...range(nc),
      ...range(nct).map((i) => base + i),
      ...range(nk).map((i) => nc + i),
      ...range(nkt).map((i) => base + nct + i),
      ...range(nx).map((i) => nc + nk + i),
      ...range(nxt).map((i) => base + nct + nkt + i),
    ];
    const ny = p.jaxpr.outAvals.length - nk;
    const yNz = jj!.outNonzeros.slice(nk);
    const nyt = yNz.filter(Boolean).length;
    const outBase = nk + ny;
    const outPerm = [
      ...range(nk),
      ...range(nkt).map((i) => outBase + i),
      ...range(ny).map((i) => nk + i),
      ...range(nyt).map((i) => outBase + nkt + i),
    ];
    const body = permuteJaxpr(jj!.jaxpr, inPerm, outPerm);
    const [c, k, x] = split(primals, p);
    const [ct, kt, xt] = split(tangents, p);
    const carryT = kt.map((t, i) => (carryNz[i] ? instantiate(t) : null)).filter((t): t is NDArray => t !== null);
    const args = [
      ...c,
      ...(ct.filter((t) => !(t instanceof Zero)) as NDArray[]),
      ...k,
      ...carryT,
      ...x,
      ...(xt.filter((t) => !(t instanceof Zero)) as NDArray[]),
    ];
    const outs = bind(scanP, args, { ...p, jaxpr: body, num_consts: nc + nct, num_carry: nk + nkt });
    const carryOut = outs.slice(0, nk);
    const carryTOut = outs.slice(nk, nk + nkt);
    const ys = outs.slice(nk + nkt, nk + nkt + ny);
    const ysT = outs.slice(nk + nkt + ny);
    let a = 0,
      b2 = 0;
    const outAvals = scanP.rules.abstractEval(
      primals.map((q) => q.aval),
      p,
    );
    const tOut: Tangent[] = [
      ...carryNz.map((v, i) => (v ? carryTOut[a++] : new Zero(tangentAval(outAvals[i])))),
      ...yNz.map((v, i) => (v ? ysT[b2++] : new Zero(tangentAval(outAvals[nk + i])))),
    ];
    return [[...carryOut, ...ys], tOut];
  },
  partialEval(traceU, tracers, p) {
    const trace = traceU as PartialEvalTrace;
    const ts = tracers as PETracer[];
    const uk = ts.map((t) => !t.pval.isKnown);
    const [cUk, carryUk0, xUk] = split(uk, p);
    let carryUk = carryUk0;
    let pe: ReturnType<typeof partialEvalJaxpr>;
    for (;;) {
      pe = partialEvalJaxpr(p.jaxpr, [...cUk, ...carryUk, ...xUk], [...carryUk, ...p.jaxpr.outAvals.slice(p.num_carry).map(() => false)]);
      const out = pe.outUnknown.slice(0, p.num_carry);
      if (out.every((v, i) => v === carryUk[i])) break;
      carryUk = carryUk.map((v, i) => v || out[i]);
    }
    const [cT, kT, xT] = split(ts, p);
    const knownC = cT.filter((_, i) => !cUk[i]);
    const knownK = kT.filter((_, i) => !carryUk[i]);
    const knownX = xT.filter((_, i) => !xUk[i]);
    const nKc = knownC.length,
      nKk = knownK.length;
    const yUk = pe!.outUnknown.slice(p.num_carry);
    const nKnownOut = pe!.outUnknown.filter((u) => !u).length;
    const nKy = yUk.filter((u) => !u).length;
    // Residuals that just forward a known const or xs input are passed straight to the
    // unknown scan; the others are stacked as extra ys of the known scan.
    const fwdConst = pe!.resForward.map((f) => (f !== null && f < nKc ? f : null));
    const fwdXs = pe!.resForward.map((f) => (f !== null && f >= nKc + nKk ? f - nKc - nKk : null));
    const stackedRes = pe!.resForward.map((_, r) => fwdConst[r] === null && fwdXs[r] === null);
    const knownBody = traceToJaxpr((...xs) => {
      const outs = evalClosed(pe!.known, xs);
      return [...outs.slice(0, nKnownOut), ...outs.slice(nKnownOut).filter((_, r) => stackedRes[r])];
    }, pe!.known.inAvals);
    const knownOuts = bind(
      scanP,
      [...knownC, ...knownK, ...knownX].map((t) => t.pval.known!),
      {
        ...p,
        jaxpr: knownBody,
        num_consts: nKc,
        num_carry: nKk,
      },
    );
    const knownCarryOut = knownOuts.slice(0, nKk);
    const knownYs = knownOuts.slice(nKk, nKk + nKy);
    const stacked = knownOuts.slice(nKk + nKy);
    // Unknown scan: consts [forwarded consts, unknown consts], carry [unknown carry], xs [residual xs, unknown xs].
    const constRes = range(pe!.numRes).filter((r) => fwdConst[r] !== null);
    const xsRes = range(pe!.numRes).filter((r) => fwdConst[r] === null);
    const ukC = cT.filter((_, i) => cUk[i]);
    const ukK = kT.filter((_, i) => carryUk[i]).map((t) => trace.instantiateConst(t));
    const ukX = xT.filter((_, i) => xUk[i]);
    const order = [
      ...constRes,
      ...ukC.map((_, i) => pe!.numRes + i),
      ...ukK.map((_, i) => pe!.numRes + ukC.length + i),
      ...xsRes,
      ...ukX.map((_, i) => pe!.numRes + ukC.length + ukK.length + i),
    ];
    const unknownBody = permuteJaxpr(pe!.unknown, order, range(pe!.unknown.outAvals.length));
    // Stacked residuals were counted in order of r; recompute in that order.
    let si = 0;
    const stackedByR = new Map<number, NDArray>();
    range(pe!.numRes).forEach((r) => {
      if (stackedRes[r]) stackedByR.set(r, stacked[si++]);
    });
    const resXsTracers = xsRes.map((r) => (fwdXs[r] !== null ? knownX[fwdXs[r]!] : (trace.pure(stackedByR.get(r)!) as PETracer)));
    const ukArgs = [...constRes.map((r) => knownC[fwdConst[r]!]), ...ukC, ...ukK, ...resXsTracers, ...ukX];
    const ukOuts = trace.stageEqn(scanP, ukArgs, {
      ...p,
      jaxpr: unknownBody,
      num_consts: constRes.length + ukC.length,
      num_carry: ukK.length,
    });
    let kc = 0,
      uc = 0,
      ky = 0;
    const nUkCarry = ukK.length;
    const carryOuts = carryUk.map((u) => (u ? ukOuts[uc++] : trace.pure(knownCarryOut[kc++])));
    let uy = nUkCarry;
    const yOuts = yUk.map((u) => (u ? ukOuts[uy++] : trace.pure(knownYs[ky++])));
    return [...carryOuts, ...yOuts];
  },
  transpose(cts, args, p) {
    const [c, k, x] = split(args, p);
    const cLin = c.map((a) => a instanceof UndefinedPrimal);
    const xLin = x.map((a) => a instanceof UndefinedPrimal);
    const avalOf = (a: NDArray | UndefinedPrimal) => (a instanceof UndefinedPrimal ? a.aval : a.aval);
    const linear = [...cLin, ...k.map(() => true), ...xLin];
    const tb = transposeJaxpr(p.jaxpr, linear); // [nonlin c, nonlin x, ct carry, ct ys] → [ct c lin, ct carry, ct x lin]
    const cNon = c.filter((a) => !(a instanceof UndefinedPrimal)) as NDArray[];
    const xNon = x.filter((a) => !(a instanceof UndefinedPrimal)) as NDArray[];
    const cLinAvals = c.filter((a) => a instanceof UndefinedPrimal).map((a) => avalOf(a).strongType());
    const kAvals = k.map((a) => avalOf(a).strongType());
    const ysAvals = p.jaxpr.outAvals.slice(p.num_carry).map((a) => a.strongType());
    const nCL = cLinAvals.length,
      nK = kAvals.length;
    // Transposed scan: consts = nonlinear consts; carry = [ct consts acc, ct carry]; xs = [nonlinear xs, ct ys].
    const body = traceToJaxpr(
      (...zs) => {
        const cn = zs.slice(0, cNon.length);
        const acc = zs.slice(cNon.length, cNon.length + nCL);
        const ctK = zs.slice(cNon.length + nCL, cNon.length + nCL + nK);
        const rest = zs.slice(cNon.length + nCL + nK);
        const xn = rest.slice(0, xNon.length);
        const ctY = rest.slice(xNon.length);
        const outs = evalClosed(tb, [...cn, ...xn, ...ctK, ...ctY]);
        const ctC = outs.slice(0, nCL);
        return [...acc.map((a, i) => addI(a, ctC[i])), ...outs.slice(nCL, nCL + nK), ...outs.slice(nCL + nK)];
      },
      [...cNon.map((v) => v.aval), ...cLinAvals, ...kAvals, ...xNon.map((v) => sliceAval(v.aval)), ...ysAvals],
    );
    const ctCarry = cts.slice(0, p.num_carry).map((ct, i) => instantiate(ct instanceof Zero ? new Zero(kAvals[i]) : ct));
    const ctYs = cts.slice(p.num_carry).map((ct, i) => instantiate(ct instanceof Zero ? new Zero(stackAval(ysAvals[i], p.length)) : ct));
    const outs = bind(scanP, [...cNon, ...cLinAvals.map((a) => zerosLikeAval(a)), ...ctCarry, ...xNon, ...ctYs], {
      ...p,
      jaxpr: body,
      num_consts: cNon.length,
      num_carry: nCL + nK,
      reverse: !p.reverse,
    });
    const ctCOut = outs.slice(0, nCL);
    const ctKOut = outs.slice(nCL, nCL + nK);
    const ctXOut = outs.slice(nCL + nK);
    let ci = 0,
      xi = 0;
    return [
      ...c.map((a) => (a instanceof UndefinedPrimal ? ctCOut[ci++] : null)),
      ...k.map((a, i) => (a instanceof UndefinedPrimal ? ctKOut[i] : null)),
      ...x.map((a) => (a instanceof UndefinedPrimal ? ctXOut[xi++] : null)),
    ];
  },
  batch(args, dims, p, axisSize) {
    const [c, k, x] = split(args, p);
    const [cd, kd, xd] = split(dims, p);
    let carryB = kd.map((d) => d !== null);
    let bj: ReturnType<typeof batchJaxpr>;
    const constDims = cd.map((d) => (d === null ? null : 0));
    const xDims = xd.map((d) => (d === null ? null : 0));
    for (;;) {
      bj = batchJaxpr(
        p.jaxpr,
        axisSize,
        [...constDims, ...carryB.map((b) => (b ? 0 : null)), ...xDims],
        [...carryB, ...p.jaxpr.outAvals.slice(p.num_carry).map(() => false)],
      );
      const out = bj.outBatched.slice(0, p.num_carry);
      if (out.every((v, i) => v === carryB[i])) break;
      carryB = carryB.map((v, i) => v || out[i]);
    }
    const cArgs = c.map((a, i) => (cd[i] === null ? a : moveaxis(a, cd[i]!, 0)));
    const kArgs = k.map((a, i) => (!carryB[i] ? a : kd[i] === null ? broadcastBatch(a, axisSize, 0) : moveaxis(a, kd[i]!, 0)));
    const xArgs = x.map((a, i) => (xd[i] === null ? a : moveaxis(a, xd[i]!, 1)));
    const outs = bind(scanP, [...cArgs, ...kArgs, ...xArgs], { ...p, jaxpr: bj!.jaxpr });
    const yB = bj!.outBatched.slice(p.num_carry);
    return [outs, [...carryB.map((b) => (b ? 0 : null)), ...yB.map((b) => (b ? 1 : null))]];
  },
});

function range(n: number): number[] {
  return [...Array(n).keys()];
}
export { batchedAval };
