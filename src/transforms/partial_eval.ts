// Partial evaluation: run what is known now, stage what depends on unknown
// inputs into a jaxpr. With JVP on top, known = primals, unknown = tangents:
// this is how linearize (and so vjp/grad) is built.
import type { ShapedArray } from "../core/aval.ts";
import { ConcretizationTypeError } from "../core/errors.ts";
import { Jaxpr, JaxprEqn, Var } from "../core/jaxpr.ts";
import type { Complex, NDArray } from "../core/ndarray.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import { Trace, Tracer, bind, fullRaise, withNewMain } from "../core/trace.ts";

export class PartialVal {
  private constructor(
    readonly aval: ShapedArray,
    readonly known: NDArray | null,
  ) {}
  static known(x: NDArray): PartialVal {
    return new PartialVal(x.aval, x);
  }
  static unknown(aval: ShapedArray): PartialVal {
    return new PartialVal(aval, null);
  }
  get isKnown(): boolean {
    return this.known !== null;
  }
}

type Recipe = { kind: "lambda" } | { kind: "const"; val: NDArray } | { kind: "eqn"; eqn: EqnRecipe };

class EqnRecipe {
  constructor(
    readonly prim: Primitive,
    readonly inputs: PETracer[],
    readonly params: Params,
    readonly outAvals: ShapedArray[],
    /**
     * Strong references (JAX's recipes hold weak ones to break reference
     * cycles, which JS's collector handles): `new WeakRef` keeps its target
     * alive to the end of the job, so a synchronous loop of eager grads
     * would keep every step's residuals.
     */
    readonly outs: PETracer[],
  ) {}
}

export class PETracer extends Tracer {
  constructor(
    readonly _trace: Trace,
    readonly pval: PartialVal,
    public recipe: Recipe | null,
  ) {
    super();
  }
  override get aval(): ShapedArray {
    return this.pval.aval;
  }
  private fail(what: string): never {
    if (this.pval.known) throw new Error("unreachable");
    throw new ConcretizationTypeError(`${what} on a value that depends on the linearized (unknown) input, of type ${this.aval.str()}`);
  }
  override dataSync() {
    return this.pval.known ? this.pval.known.dataSync() : this.fail("dataSync()");
  }
  override toArray() {
    return this.pval.known ? this.pval.known.toArray() : this.fail("toArray()");
  }
  override item<T extends number | boolean | Complex = number>(): T {
    return this.pval.known ? this.pval.known.item<T>() : this.fail("item()");
  }
  override [Symbol.toPrimitive](hint: string): number | string {
    if (this.pval.known)
      return (this.pval.known as unknown as { [Symbol.toPrimitive](h: string): number | string })[Symbol.toPrimitive](hint);
    return this.fail("conversion to a JS number");
  }
  override fullLower(): NDArray {
    return this.pval.known ?? this;
  }
}

export class PartialEvalTrace extends Trace {
  newArg(pval: PartialVal): PETracer {
    return new PETracer(this, pval, pval.isKnown ? null : { kind: "lambda" });
  }
  override pure(x: NDArray): NDArray {
    return new PETracer(this, PartialVal.known(x), null);
  }
  override lift(x: Tracer): NDArray {
    return this.pure(x);
  }
  instantiateConst(t: PETracer): PETracer {
    if (!t.pval.isKnown) return t;
    return new PETracer(this, PartialVal.unknown(t.aval), { kind: "const", val: t.pval.known! });
  }
  override processPrimitive(prim: Primitive, tracers: NDArray[], params: Params): NDArray[] {
    const ts = tracers as PETracer[];
    if (ts.every((t) => t.pval.isKnown)) {
      return bind(
        prim,
        ts.map((t) => t.pval.known!),
        params,
      ).map((o) => this.pure(o));
    }
    if (prim.rules.partialEval) return prim.rules.partialEval(this, ts, params);
    return this.stageEqn(prim, ts, params);
  }

  /** Stage one equation whose inputs are instantiated as unknowns (known inputs become constants). */
  stageEqn(prim: Primitive, ts: PETracer[], params: Params): PETracer[] {
    const inputs = ts.map((t) => this.instantiateConst(t));
    const outAvals = prim.rules.abstractEval(
      inputs.map((t) => t.aval),
      params,
    );
    const outs = outAvals.map((a) => new PETracer(this, PartialVal.unknown(a), null));
    const eqn = new EqnRecipe(prim, inputs, params, outAvals, outs);
    for (const o of outs) o.recipe = { kind: "eqn", eqn };
    return outs;
  }
}

/** Build a jaxpr from the unknown tracers: constvars are the known values it uses. */
function tracersToJaxpr(tracersIn: PETracer[], tracersOut: PETracer[]): { jaxpr: Jaxpr; consts: NDArray[] } {
  const tracerToVar = new Map<PETracer, Var>();
  const varOf = (t: PETracer): Var => {
    let v = tracerToVar.get(t);
    if (!v) {
      v = new Var(t.aval);
      tracerToVar.set(t, v);
    }
    return v;
  };
  const inBinders = tracersIn.map(varOf);
  const constvars: Var[] = [];
  const consts: NDArray[] = [];
  const constOf = new Map<NDArray, Var>();
  const eqns: JaxprEqn[] = [];
  const processed = new Set<EqnRecipe>();
  // Iterative post-order DFS so deep graphs (long unrolled loops) don't overflow the stack.
  const visitedT = new Set<PETracer>();
  for (const root of tracersOut) {
    const stack: Array<[PETracer, boolean]> = [[root, false]];
    while (stack.length) {
      const [t, expanded] = stack.pop()!;
      const r = t.recipe;
      if (!r || r.kind === "lambda") continue;
      if (r.kind === "const") {
        if (!tracerToVar.has(t)) {
          let v = constOf.get(r.val);
          if (!v) {
            v = new Var(t.aval);
            constOf.set(r.val, v);
            constvars.push(v);
            consts.push(r.val);
          }
          tracerToVar.set(t, v);
        }
        continue;
      }
      const eqn = r.eqn;
      if (processed.has(eqn)) continue;
      if (!expanded) {
        if (visitedT.has(t)) continue;
        visitedT.add(t);
        stack.push([t, true]);
        for (const i of eqn.inputs) stack.push([i, false]);
      } else {
        processed.add(eqn);
        const outVars = eqn.outs.map(varOf);
        eqns.push(new JaxprEqn(eqn.prim, eqn.inputs.map(varOf), eqn.params, outVars));
      }
    }
  }
  return { jaxpr: new Jaxpr(constvars, inBinders, eqns, tracersOut.map(varOf)), consts };
}

/**
 * Partially evaluate a flat function. Returns the known outputs (null where
 * unknown), and a jaxpr computing the unknown outputs from (consts, unknown inputs).
 * Outputs listed in `instantiate` are forced unknown (known values become constants).
 */
export function partialEvalFlat(
  f: (...xs: NDArray[]) => NDArray[],
  pvalsIn: PartialVal[],
  instantiate: (i: number, n: number) => boolean,
): { pvalsOut: PartialVal[]; jaxpr: Jaxpr; consts: NDArray[] } {
  return withNewMain(PartialEvalTrace, null, (main) => {
    const trace = new PartialEvalTrace(main);
    const tracersIn = pvalsIn.map((p) => trace.newArg(p));
    const outs = f(...tracersIn);
    const tracersOut = outs.map((o, i) => {
      const t = fullRaise(trace, o) as PETracer;
      return instantiate(i, outs.length) ? trace.instantiateConst(t) : t;
    });
    const unkIn = tracersIn.filter((t) => !t.pval.isKnown);
    const unkOut = tracersOut.filter((t) => !t.pval.isKnown);
    const { jaxpr, consts } = tracersToJaxpr(unkIn, unkOut);
    return { pvalsOut: tracersOut.map((t) => t.pval), jaxpr, consts };
  });
}
