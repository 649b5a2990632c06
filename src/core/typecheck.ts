// A type checker for jaxprs: every variable bound once and before use, and
// every equation's output types equal to what its primitive's abstractEval
// says for its input types. Sub-jaxprs in params are checked too.
import { ClosedJaxpr, Jaxpr, Literal, Var } from "./jaxpr.ts";
import { JaxTypeError } from "./errors.ts";

export function typecheckJaxpr(jaxpr: Jaxpr): void {
  const env = new Set<Var>();
  const bindVar = (v: Var, where: string) => {
    if (env.has(v)) throw new JaxTypeError(`typecheck: variable of type ${v.aval.str()} bound twice (${where})`);
    env.add(v);
  };
  jaxpr.constvars.forEach((v) => bindVar(v, "constvar"));
  jaxpr.inBinders.forEach((v) => bindVar(v, "input binder"));
  jaxpr.eqns.forEach((eqn, k) => {
    const where = `equation ${k} (${eqn.primitive.name})`;
    for (const a of eqn.inputs) {
      if (a instanceof Var && !env.has(a))
        throw new JaxTypeError(`typecheck: ${where} uses a variable of type ${a.aval.str()} before it is bound`);
    }
    for (const p of Object.values(eqn.params)) {
      for (const sub of Array.isArray(p) ? p : [p]) {
        if (sub instanceof ClosedJaxpr) typecheckJaxpr(sub.jaxpr);
        else if (sub instanceof Jaxpr) typecheckJaxpr(sub);
      }
    }
    const outAvals = eqn.primitive.rules.abstractEval(
      eqn.inputs.map((a) => a.aval),
      eqn.params,
    );
    if (outAvals.length !== eqn.outBinders.length) {
      throw new JaxTypeError(`typecheck: ${where} has ${eqn.outBinders.length} outputs but its rule gives ${outAvals.length}`);
    }
    outAvals.forEach((a, i) => {
      const b = eqn.outBinders[i].aval;
      if (!a.sameType(b)) throw new JaxTypeError(`typecheck: ${where} output ${i} is declared ${b.str()} but the rule gives ${a.str()}`);
    });
    eqn.outBinders.forEach((v) => bindVar(v, where));
  });
  for (const o of jaxpr.outs) {
    if (o instanceof Var && !env.has(o)) throw new JaxTypeError(`typecheck: output of type ${o.aval.str()} is never bound`);
    void Literal;
  }
}
