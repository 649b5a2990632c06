// Work in a scan body that does not depend on the carry is done for every
// iteration at once, before the loop. An RNN step h' = tanh(h·Wh + x·Wx + b)
// computes x·Wx, a matrix-vector product per step; batched over the scanned
// xs it becomes one matrix-matrix product, several times faster per flop, and
// the loop keeps only h·Wh. The split is the scan's own partial evaluation
// with the carry unknown: its known part (consts and xs only) is vmapped over
// the scanned axis, and the loop reads its per-iteration results as new xs.
//
// Applied where it pays: the carry-independent part holds a dot_general on a
// per-iteration operand, and the stacked results stay small. (XLA keeps such
// products inside its while loops.)
import type { ShapedArray } from "../core/aval.ts";
import { type Atom, Jaxpr, JaxprEqn, Literal, Var } from "../core/jaxpr.ts";
import { isPrim, paramsOf } from "../core/primitive.ts";
import { permuteJaxpr } from "../lax/control/common.ts";
import { scanP } from "../lax/control/scan.ts";
import { dotGeneralP } from "../lax/dot.ts";
import { batchJaxpr, partialEvalJaxpr } from "../transforms/jaxpr_transforms.ts";
import { storageBytes } from "../core/dtypes.ts";

/** Stacked per-iteration results above this many bytes stay inside the loop. */
const MAX_STACKED_BYTES = 64 * 2 ** 20;

const bytesOf = (a: ShapedArray) => a.size * storageBytes(a.dtype);

/** The jaxpr with each profitable scan split into a batched precomputation and a smaller loop. */
export function precomputeScans(jaxpr: Jaxpr): Jaxpr {
  if (!jaxpr.eqns.some((e) => isPrim(e, scanP))) return jaxpr;
  let changed = false;
  const eqns: JaxprEqn[] = [];
  for (const e of jaxpr.eqns) {
    const split = isPrim(e, scanP) ? trySplit(e) : null;
    if (split) changed = true;
    eqns.push(...(split ?? [e]));
  }
  return changed ? new Jaxpr(jaxpr.constvars, jaxpr.inBinders, eqns, jaxpr.outs) : jaxpr;
}

/** The split, or null where it does not pay or a body primitive cannot be partially evaluated (a while loop's carry, say). */
function trySplit(e: JaxprEqn): JaxprEqn[] | null {
  try {
    return splitScan(e);
  } catch {
    return null;
  }
}

function splitScan(e: JaxprEqn): JaxprEqn[] | null {
  const p = paramsOf(scanP, e);
  const body = p.jaxpr;
  if (body.consts.length > 0 || p.length < 2) return null;
  const nC = p.num_consts,
    nK = p.num_carry;
  const nX = e.inputs.length - nC - nK;
  if (nX === 0) return null;
  const unknowns = e.inputs.map((_, i) => i >= nC && i < nC + nK);
  const pe = partialEvalJaxpr(
    body,
    unknowns,
    body.outAvals.map(() => true),
  );
  if (!pe.known.jaxpr.eqns.some((k) => isPrim(k, dotGeneralP)) || pe.known.consts.length > 0) return null;
  if (pe.known.outAvals.length !== pe.numRes) return null;
  // Known inputs: consts, then xs (one iteration's slices).
  const knownIns = [...e.inputs.slice(0, nC), ...e.inputs.slice(nC + nK)];
  const batched = batchJaxpr(
    pe.known,
    p.length,
    knownIns.map((_, i) => (i < nC ? null : 0)),
    pe.known.outAvals.map(() => false),
  );
  if (batched.jaxpr.consts.length > 0) return null;
  const res = range(pe.numRes); // every known output is a residual (all outputs were instantiated unknown)
  const perIteration = res.filter((r) => batched.outBatched[r]);
  // Per-iteration residuals computed before the loop (not xs slices passed along).
  const computed = perIteration.filter((r) => (pe.resForward[r] ?? -1) < nC);
  if (computed.length === 0) return null;
  const stackedBytes = computed.reduce((s, r) => s + bytesOf(batched.jaxpr.outAvals[r]), 0);
  if (stackedBytes > MAX_STACKED_BYTES) return null;

  // The precomputation, inlined with fresh binders.
  const pre = batched.jaxpr.jaxpr;
  const env = new Map<Var, Atom>();
  pre.inBinders.forEach((v, i) => env.set(v, knownIns[i]));
  const read = (a: Atom): Atom => (a instanceof Literal ? a : (env.get(a) ?? a));
  const out: JaxprEqn[] = pre.eqns.map((q) => {
    const outs = q.outBinders.map((v) => new Var(v.aval));
    const inputs = q.inputs.map(read);
    q.outBinders.forEach((v, i) => env.set(v, outs[i]));
    return new JaxprEqn(q.primitive, inputs, q.params, outs);
  });
  const resAtom = (r: number): Atom => {
    const f = pe.resForward[r];
    if (f !== null && f !== undefined) return knownIns[f];
    return read(pre.outs[r]);
  };

  // The loop: consts [loop-invariant residuals], carry, xs [per-iteration residuals].
  const invariant = res.filter((r) => !batched.outBatched[r]);
  const nRes = pe.numRes;
  const order = [...invariant, ...range(nK).map((k) => nRes + k), ...perIteration];
  const loopBody = permuteJaxpr(pe.unknown, order, range(pe.unknown.outAvals.length));
  if (loopBody.consts.length > 0) return null;
  const inputs = [...invariant.map(resAtom), ...e.inputs.slice(nC, nC + nK), ...perIteration.map(resAtom)];
  const params = { ...p, jaxpr: loopBody, num_consts: invariant.length };
  out.push(new JaxprEqn(e.primitive, inputs, params, e.outBinders));
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
