// while: loop a body jaxpr while a cond jaxpr says so. Inputs: [cond consts,
// body consts, init]. Forward-mode and batching only (as in JAX).
import type { ArrayImpl } from "../../core/array_impl.ts";
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import { ClosedJaxpr, runClosed } from "../../core/jaxpr.ts";
import type { NDArray } from "../../core/ndarray.ts";
import { Primitive, type Tangent, Zero } from "../../core/primitive.ts";
import { bind, bind1 } from "../../core/trace.ts";
import { selectNP } from "../elementwise.ts";
import { reduceOrP } from "../reduce.ts";
import { broadcastInDimP } from "../shape_ops.ts";
import { broadcastBatch, instantiate, moveaxis, withWeakOf } from "../helpers.ts";
import { traceToJaxpr } from "../../transforms/staging.ts";
import { batchJaxpr, evalClosed, jvpJaxpr, partialEvalJaxpr } from "../../transforms/jaxpr_transforms.ts";
import { tangentAval } from "../../transforms/jvp.ts";
import { PETracer, PartialEvalTrace } from "../../transforms/partial_eval.ts";
import { permuteJaxpr } from "./common.ts";

export type WhileParams = {
  cond_jaxpr: ClosedJaxpr;
  body_jaxpr: ClosedJaxpr;
  cond_nconsts: number;
  body_nconsts: number;
};
function split<T>(xs: readonly T[], p: WhileParams): [T[], T[], T[]] {
  return [
    xs.slice(0, p.cond_nconsts),
    xs.slice(p.cond_nconsts, p.cond_nconsts + p.body_nconsts),
    xs.slice(p.cond_nconsts + p.body_nconsts),
  ];
}
function range(n: number): number[] {
  return [...Array(n).keys()];
}

export const REVERSE_MODE_ERROR =
  "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with dynamic start/stop values. Try using lax.scan, or using fori_loop with static start/stop.";

export const whileP: Primitive<WhileParams> = new Primitive("while", {
  abstractEval(avals, p) {
    const [, , init] = split(avals, p);
    const c = p.cond_jaxpr.outAvals;
    if (c.length !== 1 || c[0].ndim !== 0 || c[0].dtype !== "bool") {
      throw new JaxTypeError(`cond_fun must return a boolean scalar, but got output type(s) [${c.map((a) => a.str()).join(", ")}].`);
    }
    // The body's output types, as JAX's: a weak init may leave strongly typed.
    return init.map((a, i) => a.withWeak(p.body_jaxpr.outAvals[i].weakType));
  },
  impl(args, p) {
    const [cc, bc, init] = split(args, p);
    let carry = init;
    while ((runClosed(p.cond_jaxpr, [...cc, ...carry])[0] as ArrayImpl).item()) carry = runClosed(p.body_jaxpr, [...bc, ...carry]);
    // Typed as the body's outputs, also where the loop ran no step and the init was weak.
    return carry.map((c, i) => withWeakOf(c, p.body_jaxpr.outAvals[i]));
  },
  jvp(primals, tangents, p) {
    const [cc, bc, init] = split(primals, p);
    const [, bct, initT] = split(tangents, p);
    const bcNz = bct.map((t) => !(t instanceof Zero));
    let carryNz = initT.map((t) => !(t instanceof Zero));
    let jj: ReturnType<typeof jvpJaxpr>;
    for (;;) {
      jj = jvpJaxpr(p.body_jaxpr, [...bcNz, ...carryNz], carryNz);
      if (jj.outNonzeros.every((v, i) => v === carryNz[i])) break;
      carryNz = carryNz.map((v, i) => v || jj.outNonzeros[i]);
    }
    const nb = bc.length,
      nk = init.length;
    const nbt = bcNz.filter(Boolean).length,
      nkt = carryNz.filter(Boolean).length;
    // body jvp inputs [bc, k, bct, kt] → [bc, bct, k, kt]; outputs [k, kt] already in order.
    const body = permuteJaxpr(
      jj!.jaxpr,
      [...range(nb), ...range(nbt).map((i) => nb + nk + i), ...range(nk).map((i) => nb + i), ...range(nkt).map((i) => nb + nk + nbt + i)],
      range(nk + nkt),
    );
    const condAvals = [...p.cond_jaxpr.inAvals, ...init.filter((_, i) => carryNz[i]).map((a) => tangentAval(a.aval))];
    const cond = traceToJaxpr((...xs) => evalClosed(p.cond_jaxpr, xs.slice(0, p.cond_nconsts + nk)), condAvals);
    const outs = bind(
      whileP,
      [...cc, ...bc, ...(bct.filter((_, i) => bcNz[i]) as NDArray[]), ...init, ...initT.filter((_, i) => carryNz[i]).map(instantiate)],
      {
        cond_jaxpr: cond,
        body_jaxpr: body,
        cond_nconsts: p.cond_nconsts,
        body_nconsts: nb + nbt,
      },
    );
    let k = nk;
    const tOut: Tangent[] = init.map((a, i) => (carryNz[i] ? outs[k++] : new Zero(tangentAval(a.aval))));
    return [outs.slice(0, nk), tOut];
  },
  partialEval(traceU, tracers, p) {
    const trace = traceU as PartialEvalTrace;
    const ts = tracers as PETracer[];
    const uk = ts.map((t) => !t.pval.isKnown);
    const known = (xs: PETracer[]) => xs.map((t) => t.pval.known!);
    if (!uk.some(Boolean)) return bind(whileP, known(ts), p);
    // As JAX: the known carries come from a loop over the known part of the
    // body; the unknown ones from the whole loop, staged (recomputing the
    // known part). Reverse mode fails when that loop is transposed.
    const [ccUk, bcUk, initUk] = split(uk, p);
    let carryUk = initUk;
    let bodyPe: ReturnType<typeof partialEvalJaxpr>;
    for (;;) {
      bodyPe = partialEvalJaxpr(p.body_jaxpr, [...bcUk, ...carryUk], carryUk);
      const out = bodyPe.outUnknown;
      if (out.every((v, i) => v === carryUk[i])) break;
      carryUk = carryUk.map((v, i) => v || out[i]);
    }
    const condPe = partialEvalJaxpr(p.cond_jaxpr, [...ccUk, ...carryUk], [false]);
    const whole = () => trace.stageEqn(whileP, ts, p);
    if (condPe.outUnknown[0] || carryUk.every(Boolean)) return whole();
    const [cc, bc, init] = split(ts, p);
    const keepKnown = <T>(xs: T[], flags: boolean[]) => xs.filter((_, i) => !flags[i]);
    const nKnownCarry = carryUk.filter((u) => !u).length;
    // Known loop: cond and body over the known consts and carries (residuals dropped).
    const dropRes = (j: ClosedJaxpr, nOut: number) => traceToJaxpr((...xs) => evalClosed(j, xs).slice(0, nOut), j.inAvals);
    const knownOuts = bind(whileP, known([...keepKnown(cc, ccUk), ...keepKnown(bc, bcUk), ...keepKnown(init, carryUk)]), {
      cond_jaxpr: dropRes(condPe.known, 1),
      body_jaxpr: dropRes(bodyPe!.known, nKnownCarry),
      cond_nconsts: keepKnown(cc, ccUk).length,
      body_nconsts: keepKnown(bc, bcUk).length,
    });
    const staged = whole();
    let k = 0;
    return carryUk.map((u, i) => (u ? staged[i] : (trace.pure(knownOuts[k++]) as PETracer)));
  },
  transpose() {
    throw new ValueError(REVERSE_MODE_ERROR);
  },
  batch(args, dims, p, axisSize) {
    const [cc, bc, init] = split(args, p);
    const [ccd, bcd, initd] = split(dims, p);
    const ccDims = ccd.map((d) => (d === null ? null : 0));
    const bcDims = bcd.map((d) => (d === null ? null : 0));
    let carryB = initd.map((d) => d !== null);
    let predB = false;
    let bb: ReturnType<typeof batchJaxpr>;
    for (;;) {
      bb = batchJaxpr(p.body_jaxpr, axisSize, [...bcDims, ...carryB.map((b) => (b ? 0 : null))], carryB);
      const cb = batchJaxpr(p.cond_jaxpr, axisSize, [...ccDims, ...carryB.map((b) => (b ? 0 : null))], [false]);
      predB = cb.outBatched[0];
      // With a batched predicate every lane's carry must be batched (lanes stop at different times).
      const next = carryB.map((v, i) => v || bb.outBatched[i] || predB);
      if (next.every((v, i) => v === carryB[i])) break;
      carryB = next;
    }
    const ccArgs = cc.map((a, i) => (ccd[i] === null ? a : moveaxis(a, ccd[i]!, 0)));
    const bcArgs = bc.map((a, i) => (bcd[i] === null ? a : moveaxis(a, bcd[i]!, 0)));
    const kArgs = init.map((a, i) => (!carryB[i] ? a : initd[i] === null ? broadcastBatch(a, axisSize, 0) : moveaxis(a, initd[i]!, 0)));
    const carryDims = carryB.map((b) => (b ? 0 : null));
    const condB = batchJaxpr(p.cond_jaxpr, axisSize, [...ccDims, ...carryDims], [predB]).jaxpr;
    if (!predB) {
      const outs = bind(whileP, [...ccArgs, ...bcArgs, ...kArgs], { ...p, cond_jaxpr: condB, body_jaxpr: bb!.jaxpr });
      return [outs, carryDims];
    }
    // Batched predicate: loop while any lane runs; lanes that are done keep their carry.
    const nCc = cc.length;
    const anyCond = traceToJaxpr((...xs) => [bind1(reduceOrP, evalClosed(condB, xs), { axes: [0] })], condB.inAvals);
    const maskedBody = traceToJaxpr(
      (...xs) => {
        const ccs = xs.slice(0, nCc);
        const bcs = xs.slice(nCc, nCc + bc.length);
        const ks = xs.slice(nCc + bc.length);
        const pred = evalClosed(condB, [...ccs, ...ks])[0];
        const nk = evalClosed(bb!.jaxpr, [...bcs, ...ks]);
        return nk.map((v, i) => {
          const pb = bind1(broadcastInDimP, [pred], { shape: v.shape, broadcast_dimensions: [0] });
          return bind1(selectNP, [pb, ks[i], v], {});
        });
      },
      [...condB.inAvals.slice(0, nCc), ...bb!.jaxpr.inAvals],
    );
    const outs = bind(whileP, [...ccArgs, ...ccArgs, ...bcArgs, ...kArgs], {
      cond_jaxpr: anyCond,
      body_jaxpr: maskedBody,
      cond_nconsts: nCc,
      body_nconsts: nCc + bc.length,
    });
    return [outs, carryDims];
  },
});
export { instantiate };
