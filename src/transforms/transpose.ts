// Transposition of linear jaxprs (reverse mode). Equations that do not touch
// a linear input are evaluated forward first (residual computations); the rest
// run backwards through their primitives' transpose rules.
import { NotImplementedError } from "../core/errors.ts";
import { Jaxpr, Literal, Var, type Atom } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import { addTangents } from "../lax/helpers.ts";

export function backwardPass(jaxpr: Jaxpr, consts: readonly NDArray[], args: Array<NDArray | UndefinedPrimal>, cts: Tangent[]): Tangent[] {
  const primalEnv = new Map<Var, NDArray>();
  const linear = new Set<Var>();
  const readPrimal = (a: Atom): NDArray | UndefinedPrimal => {
    if (a instanceof Literal) return a.value;
    if (linear.has(a)) return new UndefinedPrimal(a.aval);
    const v = primalEnv.get(a);
    if (v === undefined) return new UndefinedPrimal(a.aval);
    return v;
  };
  jaxpr.constvars.forEach((v, i) => primalEnv.set(v, consts[i]));
  jaxpr.inBinders.forEach((v, i) => {
    const a = args[i];
    if (a instanceof UndefinedPrimal) linear.add(v);
    else primalEnv.set(v, a);
  });

  // Forward: evaluate non-linear equations; mark outputs of linear ones.
  const linearEqns = [];
  for (const eqn of jaxpr.eqns) {
    const isLinear = eqn.inputs.some((a) => a instanceof Var && linear.has(a));
    if (isLinear) {
      linearEqns.push(eqn);
      for (const o of eqn.outBinders) linear.add(o);
    } else {
      const outs = bind(
        eqn.primitive,
        eqn.inputs.map((a) => readPrimal(a) as NDArray),
        eqn.params,
      );
      eqn.outBinders.forEach((v, i) => primalEnv.set(v, outs[i]));
    }
  }

  const ctEnv = new Map<Var, Tangent>();
  const writeCt = (a: Atom, ct: Tangent | null): void => {
    if (!(a instanceof Var) || ct === null || !linear.has(a)) return;
    if (ct instanceof Zero) {
      if (!ctEnv.has(a)) ctEnv.set(a, ct);
      return;
    }
    const prev = ctEnv.get(a);
    ctEnv.set(a, prev === undefined ? ct : addTangents(prev, ct));
  };
  const readCt = (v: Var): Tangent => {
    const ct = ctEnv.get(v);
    ctEnv.delete(v);
    return ct ?? new Zero(v.aval);
  };
  jaxpr.outs.forEach((o, i) => writeCt(o, cts[i]));

  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const eqn = linearEqns[k];
    const ctsIn = eqn.outBinders.map(readCt);
    if (ctsIn.every((c) => c instanceof Zero)) continue;
    const rule = eqn.primitive.rules.transpose;
    if (!rule)
      throw new NotImplementedError(`Transpose rule (for reverse-mode differentiation) for '${eqn.primitive.name}' not implemented`);
    const primalsIn = eqn.inputs.map(readPrimal);
    const ctsOut = rule(ctsIn, primalsIn, eqn.params);
    eqn.inputs.forEach((a, i) => writeCt(a, ctsOut[i] ?? null));
  }
  return jaxpr.inBinders.filter((_, i) => args[i] instanceof UndefinedPrimal).map(readCt);
}
