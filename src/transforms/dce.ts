// Dead-code elimination on jaxprs: drop equations whose outputs are unused
// (effects, such as debug prints, stay).
import { Jaxpr, Var, type JaxprEqn } from "../core/jaxpr.ts";

export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const o of jaxpr.outs) if (o instanceof Var) live.add(o);
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i];
    if (eqn.primitive.rules.effectful || eqn.outBinders.some((v) => live.has(v))) {
      kept.push(eqn);
      for (const a of eqn.inputs) if (a instanceof Var) live.add(a);
    }
  }
  kept.reverse();
  const constvars = jaxpr.constvars.filter((v) => live.has(v));
  return new Jaxpr(constvars, jaxpr.inBinders, kept, jaxpr.outs);
}
