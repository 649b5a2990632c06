// The IR: typed variables, equations with params, sub-jaxprs for control flow.
// Printed in JAX's style: { lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }
import { ArrayImpl } from "./array_impl.ts";
import type { ShapedArray } from "./aval.ts";
import { NDArray } from "./ndarray.ts";
import type { Params, Primitive } from "./primitive.ts";
import { bind } from "./trace.ts";
import { type Backend, type Executable, getBackend } from "../backend/backend.ts";
import { config } from "./config.ts";
import { compileJaxpr } from "./complex_hooks.ts";

export class Var {
  constructor(readonly aval: ShapedArray) {}
}

/** A scalar constant written inline in the jaxpr (JAX's Literal). */
export class Literal {
  constructor(readonly value: ArrayImpl) {}
  get aval(): ShapedArray {
    return this.value.aval;
  }
}

export type Atom = Var | Literal;

export class JaxprEqn {
  constructor(
    readonly primitive: Primitive,
    readonly inputs: Atom[],
    readonly params: Params,
    readonly outBinders: Var[],
  ) {}
}

export class Jaxpr {
  constructor(
    readonly constvars: Var[],
    readonly inBinders: Var[],
    readonly eqns: JaxprEqn[],
    readonly outs: Atom[],
  ) {}
  get inAvals(): ShapedArray[] {
    return this.inBinders.map((v) => v.aval);
  }
  get outAvals(): ShapedArray[] {
    return this.outs.map((v) => v.aval);
  }
  toString(): string {
    return printJaxpr(this, []);
  }
}

/** A jaxpr with its constants bound (JAX's ClosedJaxpr). */
export class ClosedJaxpr {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: NDArray[],
  ) {
    if (jaxpr.constvars.length !== consts.length) throw new Error("ClosedJaxpr: consts do not match constvars");
  }
  get inAvals(): ShapedArray[] {
    return this.jaxpr.inAvals;
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outAvals;
  }
  toString(): string {
    return printJaxpr(this.jaxpr, this.consts);
  }
}

/** Evaluate a jaxpr by binding each primitive: works under any transformation. */
export function evalJaxpr(jaxpr: Jaxpr, consts: readonly NDArray[], args: readonly NDArray[]): NDArray[] {
  const env = new Map<Var, NDArray>();
  const read = (a: Atom): NDArray => (a instanceof Literal ? a.value : env.get(a)!);
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]));
  if (args.length !== jaxpr.inBinders.length) {
    throw new Error(`evalJaxpr: expected ${jaxpr.inBinders.length} arguments, got ${args.length}`);
  }
  jaxpr.inBinders.forEach((v, i) => env.set(v, args[i]));
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive, eqn.inputs.map(read), eqn.params);
    eqn.outBinders.forEach((v, i) => env.set(v, outs[i]));
  }
  return jaxpr.outs.map(read);
}

export function evalClosed(cj: ClosedJaxpr, args: readonly NDArray[]): NDArray[] {
  return evalJaxpr(cj.jaxpr, cj.consts, args);
}

const allConcrete = (xs: readonly unknown[]): boolean => xs.every((x) => x instanceof ArrayImpl);

/** Executables of control-flow bodies, per jaxpr (kept as long as it lives) and backend. */
const executables = new WeakMap<ClosedJaxpr, Map<Backend, Executable | null>>();

/**
 * Runs a control-flow body: compiled when every operand is concrete and the
 * default backend compiles (as jit's own calls), else evaluated equation by
 * equation (which also serves tracers, e.g. under an outer transformation).
 */
export function runClosed(cj: ClosedJaxpr, args: readonly NDArray[]): NDArray[] {
  const b = getBackend();
  if (b.compile && !config.checkFloats && allConcrete(args) && allConcrete(cj.consts)) {
    let byBackend = executables.get(cj);
    if (!byBackend) {
      byBackend = new Map();
      executables.set(cj, byBackend);
    }
    let e = byBackend.get(b);
    if (e === undefined) {
      e = compileJaxpr(b, cj.jaxpr);
      byBackend.set(b, e);
    }
    if (e) return e.run(args as ArrayImpl[], cj.consts);
  }
  return evalJaxpr(cj.jaxpr, cj.consts, args);
}

// ---------------- printing ----------------

class Namer {
  private names = new Map<Var, string>();
  private next = 0;
  name(v: Var): string {
    let n = this.names.get(v);
    if (n === undefined) {
      n = Namer.ident(this.next++);
      this.names.set(v, n);
    }
    return n;
  }
  // a, b, ..., z, ba, bb, ... as JAX does.
  static ident(i: number): string {
    const letters = "abcdefghijklmnopqrstuvwxyz";
    let s = "";
    do {
      s = letters[i % 26] + s;
      i = Math.floor(i / 26);
    } while (i > 0);
    return s;
  }
}

function printLiteral(l: Literal): string {
  const v = l.value;
  // Complex literals print as Python complex numbers: (1+2j):c64[].
  if (v.dtype === "complex64" || v.dtype === "complex128") return `${String(v)}:${v.aval.str()}`;
  const x = v.item();
  if (typeof x === "boolean") return x ? "True" : "False";
  let s: string;
  if (v.dtype.startsWith("float")) {
    s = Number.isInteger(x) ? `${x}.0` : String(x);
    if (x === Infinity) s = "inf";
    else if (x === -Infinity) s = "-inf";
    else if (Number.isNaN(x)) s = "nan";
  } else s = String(x);
  return `${s}:${v.aval.str()}`;
}

function formatParam(v: unknown, indent: string, namer: () => Namer, col = 0): string {
  // Sub-jaxprs continue the outer names, as JAX prints them (e, f, ... after the outer d).
  if (v instanceof ClosedJaxpr) return printJaxprBody(v.jaxpr, indent + "  ", namer(), col);
  if (v instanceof Jaxpr) return printJaxprBody(v, indent + "  ", namer(), col);
  if (Array.isArray(v)) {
    if (v.length && (v[0] instanceof ClosedJaxpr || v[0] instanceof Jaxpr)) {
      return (
        "(\n" + v.map((j) => indent + "    " + formatParam(j, indent + "  ", namer, indent.length + 4)).join("\n") + "\n" + indent + "  )"
      );
    }
    return `(${v.map((e) => formatParam(e, indent, namer)).join(", ")}${v.length === 1 ? "," : ""})`;
  }
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && "toString" in v && (v as object).toString !== Object.prototype.toString) return String(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function containsJaxpr(v: unknown): boolean {
  return v instanceof ClosedJaxpr || v instanceof Jaxpr || (Array.isArray(v) && v.some(containsJaxpr));
}

/** `col`: the column the jaxpr starts at (after its parameter name), for the one-line check. */
function printJaxprBody(jaxpr: Jaxpr, indent: string, namer: Namer, col = 0): string {
  const decl = (v: Var) => `${namer.name(v)}:${v.aval.str()}`;
  const atom = (a: Atom) => (a instanceof Literal ? printLiteral(a) : namer.name(a));
  const head = `{ lambda ${jaxpr.constvars.map(decl).join(" ")}; ${jaxpr.inBinders.map(decl).join(" ")}. let`;
  const lines: string[] = [];
  let nested = false;
  for (const eqn of jaxpr.eqns) {
    const lhs = eqn.outBinders.map(decl).join(" ");
    const keys = Object.keys(eqn.params).filter((k) => !k.startsWith("_"));
    const hasJaxpr = keys.some((k) => containsJaxpr(eqn.params[k]));
    nested ||= hasJaxpr;
    const ps =
      eqn.primitive.rules.printParams && !hasJaxpr
        ? eqn.primitive.rules.printParams(eqn.params)
        : keys
            .map((k) => `${k}=${formatParam(eqn.params[k], indent + "    ", () => namer, indent.length + 6 + k.length + 1)}`)
            .join(hasJaxpr ? "\n" + indent + "      " : " ");
    // Short params print inline, as JAX does; sub-jaxprs go on their own lines.
    const pstr = !ps ? "" : hasJaxpr ? `[\n${indent}      ${ps}\n${indent}    ]` : `[${ps}]`;
    // An equation with no outputs (an effect) prints without `=`, as JAX's.
    const head = lhs ? `${lhs} = ` : "";
    lines.push(`${indent}    ${head}${eqn.primitive.name}${pstr} ${eqn.inputs.map(atom).join(" ")}`);
  }
  const outs = jaxpr.outs.map(atom);
  const outStr = `(${outs.join(", ")}${outs.length === 1 ? "," : ""})`;
  // A jaxpr that fits the line (80 columns, as JAX's pretty-printer) prints on one line.
  const oneLine = `${head} ${lines.map((l) => l.trimStart()).join("; ")}${lines.length ? " " : ""}in ${outStr} }`;
  if (!nested && col + oneLine.length <= 80) return oneLine;
  return `${head}\n${lines.join("\n")}${lines.length ? "\n" : ""}${indent}  in ${outStr} }`;
}

function printJaxpr(jaxpr: Jaxpr, _consts: readonly NDArray[]): string {
  return printJaxprBody(jaxpr, "", new Namer());
}

export { NDArray };
