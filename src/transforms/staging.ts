// Staging: record primitives into a Jaxpr instead of running them (jit,
// makeJaxpr, and the bodies of control-flow primitives).
import { ArrayImpl, arraysMade, markInternal } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import { ConcretizationTypeError, TracerArrayConversionError } from "../core/errors.ts";
import { ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var, type Atom } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import { Trace, Tracer, fullRaise, withNewDynamic } from "../core/trace.ts";
import { dce } from "./dce.ts";

export class StagingTracer extends Tracer {
  constructor(
    readonly _trace: Trace,
    readonly _aval: ShapedArray,
  ) {
    super();
  }
  override get aval(): ShapedArray {
    return this._aval;
  }
  private fail(what: string, Err: new (m: string) => Error = ConcretizationTypeError): never {
    throw new Err(
      `Abstract tracer value encountered where concrete value is expected: ${what} on a traced array with shape ${this.aval.str()}.\n` +
        `The problem arose with ${what} inside a transformed function (jit, a control-flow body, makeJaxpr). ` +
        `Use lax.cond/lax.select instead of JS control flow on traced values, or mark the argument static (staticArgnums).`,
    );
  }
  override dataSync(): never {
    return this.fail("dataSync()", TracerArrayConversionError);
  }
  override toArray(): never {
    return this.fail("toArray()", TracerArrayConversionError);
  }
  override item(): never {
    return this.fail("item()");
  }
  override [Symbol.toPrimitive](hint: string): string {
    // Printing a tracer is fine (debugging inside jit); using it as a number is not.
    if (hint === "string") return this.toString();
    return this.fail("conversion to a JS number (Number(x), x > 0, if (x))");
  }
  override toString(): string {
    return `Traced<${this.aval.str()}>with<StagingTrace>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export class JaxprBuilder {
  readonly eqns: JaxprEqn[] = [];
  readonly tracerToVar = new Map<StagingTracer, Var>();
  readonly constTracers = new Map<NDArray, StagingTracer>();
  readonly constVals = new Map<Var, NDArray>();
  readonly literals = new Map<StagingTracer, Literal>();

  newVar(t: StagingTracer): Var {
    const v = new Var(t.aval);
    this.tracerToVar.set(t, v);
    return v;
  }
  atom(t: StagingTracer): Atom {
    const lit = this.literals.get(t);
    if (lit) return lit;
    const v = this.tracerToVar.get(t);
    if (!v) throw new Error("internal: tracer not in builder");
    return v;
  }
  build(inTracers: StagingTracer[], outTracers: StagingTracer[]): ClosedJaxpr {
    const constvars = [...this.constVals.keys()];
    const jaxpr = new Jaxpr(
      constvars,
      inTracers.map((t) => this.tracerToVar.get(t)!),
      this.eqns,
      outTracers.map((t) => this.atom(t)),
    );
    const pruned = dce(jaxpr);
    return new ClosedJaxpr(
      pruned,
      pruned.constvars.map((v) => this.constVals.get(v)!),
    );
  }
}

export class StagingTrace extends Trace {
  get builder(): JaxprBuilder {
    return this.main.globalData as JaxprBuilder;
  }
  newArg(aval: ShapedArray): StagingTracer {
    const t = new StagingTracer(this, aval);
    this.builder.newVar(t);
    return t;
  }
  override pure(x: NDArray): NDArray {
    return this.getConst(x);
  }
  override lift(x: Tracer): NDArray {
    return this.getConst(x);
  }
  private getConst(x: NDArray): StagingTracer {
    const b = this.builder;
    let t = b.constTracers.get(x);
    if (t) return t;
    t = new StagingTracer(this, x.aval);
    b.constTracers.set(x, t);
    // Scalar constants print inline as literals, as in JAX.
    if (x instanceof ArrayImpl && x.ndim === 0) {
      b.literals.set(t, new Literal(x));
    } else {
      const v = b.newVar(t);
      b.constVals.set(v, x);
    }
    return t;
  }
  override processPrimitive(prim: Primitive, tracers: NDArray[], params: Params): NDArray[] {
    const ts = tracers as StagingTracer[];
    const avals = ts.map((t) => t.aval);
    const outAvals = prim.rules.abstractEval(avals, params);
    const outs = outAvals.map((a) => new StagingTracer(this, a));
    const b = this.builder;
    b.eqns.push(
      new JaxprEqn(
        prim,
        ts.map((t) => b.atom(t)),
        params,
        outs.map((o) => b.newVar(o)),
      ),
    );
    return outs;
  }
}

/**
 * Trace a flat function to a closed jaxpr. Every primitive is staged, even on
 * constants (the trace is dynamic), like jax.make_jaxpr.
 */
export function traceToJaxpr(f: (...xs: NDArray[]) => NDArray[], inAvals: ShapedArray[]): ClosedJaxpr {
  const builder = new JaxprBuilder();
  const before = arraysMade();
  return withNewDynamic(StagingTrace, builder, (main) => {
    const trace = new StagingTrace(main);
    const inTracers = inAvals.map((a) => trace.newArg(a));
    const outs = f(...inTracers);
    const outTracers = outs.map((o) => fullRaise(trace, o) as StagingTracer);
    const closed = builder.build(inTracers, outTracers);
    // Constants and literals this trace made are the library's (liveArrays leaves them out).
    const atoms = [...closed.jaxpr.outs, ...closed.jaxpr.eqns.flatMap((e) => e.inputs)];
    markInternal([...closed.consts, ...atoms.map((a) => (a instanceof Literal ? a.value : null))], before);
    return closed;
  });
}
