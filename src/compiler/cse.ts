// Common subexpression elimination on jaxprs: an equation with the same
// primitive, params and operands as an earlier one reuses its outputs. A
// program that calls f and grad(f), or hessian and grad of one loss, traces
// the shared forward work twice (Newton's step for a logistic regression
// computed X·w twice, as two GEMMs). Runs before call primitives are inlined
// (inline_calls.ts), so a checkpoint's recomputation, inside its remat
// equation, stays a recomputation. Effectful equations and params that are
// not plain data (functions, jaxprs, arrays) are never merged.
import { Jaxpr, JaxprEqn, Literal, Var, type Atom } from "../core/jaxpr.ts";

export function cse(jaxpr: Jaxpr): Jaxpr {
  const seen = new Map<string, Var[]>();
  const sub = new Map<Var, Var>();
  const ids = new Map<Var, number>();
  const idOf = (v: Var): number => {
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    return id;
  };
  const read = (a: Atom): Atom => (a instanceof Var ? (sub.get(a) ?? a) : a);
  const eqns: JaxprEqn[] = [];
  let merged = false;
  for (const e of jaxpr.eqns) {
    const inputs = e.inputs.map(read);
    const key = e.primitive.rules.effectful ? null : eqnKey(e, inputs, idOf);
    const earlier = key === null ? undefined : seen.get(key);
    if (earlier) {
      e.outBinders.forEach((v, i) => sub.set(v, earlier[i]));
      merged = true;
      continue;
    }
    if (key !== null) seen.set(key, e.outBinders);
    eqns.push(inputs.some((a, i) => a !== e.inputs[i]) ? new JaxprEqn(e.primitive, inputs, e.params, e.outBinders) : e);
  }
  return merged ? new Jaxpr(jaxpr.constvars, jaxpr.inBinders, eqns, jaxpr.outs.map(read)) : jaxpr;
}

/** The equation's identity: primitive, params and operands (vars by identity, literals by dtype and value), or null. */
function eqnKey(e: JaxprEqn, inputs: readonly Atom[], idOf: (v: Var) => number): string | null {
  const params = plainKey(e.params);
  if (params === null) return null;
  const operands: string[] = [];
  for (const a of inputs) {
    if (a instanceof Var) operands.push(`v${idOf(a)}`);
    else {
      const lit = literalKey(a);
      if (lit === null) return null;
      operands.push(lit);
    }
  }
  return `${e.primitive.name}|${params}|${operands.join(",")}`;
}

function literalKey(l: Literal): string | null {
  const a = l.aval;
  if (a.size !== 1) return null;
  const v = l.value.hostData()[0] as unknown;
  return `${a.dtype}${a.weakType ? "w" : ""}:${numberKey(v)}`;
}

const numberKey = (v: unknown): string => (Object.is(v, -0) ? "-0" : String(v));

/** Params as text where they are plain data (numbers, strings, booleans, null, arrays, plain objects), else null. */
function plainKey(v: unknown): string | null {
  if (v === null || v === undefined) return String(v);
  switch (typeof v) {
    case "number":
    case "bigint":
      return numberKey(v);
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return String(v);
    case "object": {
      const proto = Object.getPrototypeOf(v);
      if (Array.isArray(v)) {
        const parts = v.map(plainKey);
        return parts.includes(null) ? null : `[${parts.join(",")}]`;
      }
      if (proto !== Object.prototype && proto !== null) return null;
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v)) {
        const s = plainKey(x);
        if (s === null) return null;
        parts.push(`${k}:${s}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      return null;
  }
}
