// Call-like primitives only matter to transformations: custom_jvp_call,
// custom_vjp_call and remat2 run their jaxpr, `name` is the identity. The
// compiler inlines them so their bodies fuse with their neighbours. (CSE,
// cse.ts, runs before inlining, so a checkpoint's recomputation stays one.)
// A target may also have primitives decomposed (decompositions.ts): their
// decomposition is inlined the same way.
import { ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var, type Atom } from "../core/jaxpr.ts";

type Decompose = (e: JaxprEqn) => ClosedJaxpr | null;

/** The body of an inlinable call equation (or of a decomposed primitive's), or null. */
function bodyOf(e: JaxprEqn, decompose?: Decompose): ClosedJaxpr | null {
  const n = e.primitive.name;
  const body =
    n === "custom_jvp_call" || n === "custom_vjp_call" ? e.params.call_jaxpr : n === "remat2" ? e.params.jaxpr : (decompose?.(e) ?? null);
  // Bodies with constants of their own stay calls (the program's constants are fixed).
  return body instanceof ClosedJaxpr && body.consts.length === 0 ? body : null;
}

function needsInlining(j: Jaxpr, decompose?: Decompose): boolean {
  return j.eqns.some((e) => e.primitive.name === "name" || bodyOf(e, decompose) !== null);
}

export function inlineCalls(jaxpr: Jaxpr, decompose?: Decompose): Jaxpr {
  if (!needsInlining(jaxpr, decompose)) return jaxpr;
  const eqns: JaxprEqn[] = [];
  const sub = new Map<Var, Atom>();
  const emit = (j: Jaxpr, env: Map<Var, Atom>): void => {
    const read = (a: Atom): Atom => (a instanceof Literal ? a : (env.get(a) ?? a));
    for (const e of j.eqns) {
      const ins = e.inputs.map(read);
      if (e.primitive.name === "name") {
        env.set(e.outBinders[0], ins[0]);
        continue;
      }
      const body = bodyOf(e, decompose);
      if (body) {
        const inner = new Map<Var, Atom>();
        body.jaxpr.inBinders.forEach((v, i) => inner.set(v, ins[i]));
        emit(body.jaxpr, inner);
        const outs = body.jaxpr.outs.map((o) => (o instanceof Literal ? o : (inner.get(o) ?? o)));
        e.outBinders.forEach((v, i) => env.set(v, outs[i]));
        continue;
      }
      // Fresh binders for equations of inlined bodies (a body may be inlined twice).
      const outs = j === jaxpr ? e.outBinders : e.outBinders.map((v) => new Var(v.aval));
      if (j !== jaxpr) e.outBinders.forEach((v, i) => env.set(v, outs[i]));
      eqns.push(new JaxprEqn(e.primitive, ins, e.params, outs));
    }
  };
  emit(jaxpr, sub);
  const outs = jaxpr.outs.map((o) => (o instanceof Literal ? o : (sub.get(o) ?? o)));
  return new Jaxpr(jaxpr.constvars, jaxpr.inBinders, eqns, outs);
}
