// Forward-mode autodiff: a JVPTrace carries (primal, tangent) pairs. Tangents
// may be symbolic Zero, so inputs that do not influence an output cost nothing.
import { NotImplementedError } from "../core/errors.ts";
import type { ShapedArray } from "../core/aval.ts";
import type { ArrayImpl } from "../core/array_impl.ts";
import { owning } from "../core/temporaries.ts";
import { type Complex, NDArray } from "../core/ndarray.ts";
import { type Params, type Primitive, type Tangent, Zero } from "../core/primitive.ts";
import { Trace, Tracer, bind, withNewMain } from "../core/trace.ts";
import { zerosLikeAval } from "../lax/helpers.ts";

export class JVPTracer extends Tracer {
  constructor(
    readonly _trace: Trace,
    readonly primal: NDArray,
    readonly tangent: Tangent,
  ) {
    super();
  }
  override get aval(): ShapedArray {
    return this.primal.aval;
  }
  override dataSync() {
    return this.primal.dataSync();
  }
  override toArray() {
    return this.primal.toArray();
  }
  override item<T extends number | boolean | Complex = number>(): T {
    return this.primal.item<T>();
  }
  override [Symbol.toPrimitive](hint: string) {
    return (this.primal as ArrayImpl)[Symbol.toPrimitive](hint);
  }
  override toString(): string {
    return `JVPTracer(primal=${String(this.primal)})`;
  }
}

export class JVPTrace extends Trace {
  override pure(x: NDArray): NDArray {
    return new JVPTracer(this, x, new Zero(tangentAval(x.aval)));
  }
  override lift(x: Tracer): NDArray {
    return this.pure(x);
  }
  override processPrimitive(prim: Primitive, tracers: NDArray[], params: Params): NDArray[] {
    // A top-level eager grad owns what its rules make (see core/temporaries.ts).
    const owned = this.main.globalData as ArrayImpl[] | null;
    return owned ? owning(owned, () => this.applyRule(prim, tracers, params)) : this.applyRule(prim, tracers, params);
  }
  private applyRule(prim: Primitive, tracers: NDArray[], params: Params): NDArray[] {
    const ts = tracers as JVPTracer[];
    const primals = ts.map((t) => t.primal);
    const tangents = ts.map((t) => t.tangent);
    if (tangents.every((t) => t instanceof Zero)) {
      const outs = bind(prim, primals, params);
      return outs.map((o) => new JVPTracer(this, o, new Zero(tangentAval(o.aval))));
    }
    const rule = prim.rules.jvp;
    if (!rule) throw new NotImplementedError(`Differentiation rule for '${prim.name}' not implemented`);
    const [po, to] = rule(primals, tangents, params);
    return po.map((p, i) => new JVPTracer(this, p, to[i]));
  }
}

/** The aval of a tangent for a primal of this aval (strong type, same dtype). */
export function tangentAval(a: ShapedArray): ShapedArray {
  return a.strongType();
}

export function instantiateZero(t: Tangent): NDArray {
  return t instanceof Zero ? zerosLikeAval(t.aval) : t;
}

/** jvp on flat lists of arrays; where `owned` is given, what the rules make is recorded there. */
export function jvpFlat(
  f: (...xs: NDArray[]) => NDArray[],
  primals: NDArray[],
  tangents: Tangent[],
  owned: ArrayImpl[] | null = null,
): [NDArray[], Tangent[]] {
  return withNewMain(JVPTrace, owned, (main) => {
    const trace = new JVPTrace(main);
    const tracersIn = primals.map((p, i) => new JVPTracer(trace, p, tangents[i]));
    const outs = f(...tracersIn);
    const po: NDArray[] = [];
    const to: Tangent[] = [];
    for (const o of outs) {
      if (o instanceof JVPTracer && o._trace.main === main) {
        po.push(o.primal);
        to.push(o.tangent);
      } else {
        po.push(o);
        to.push(new Zero(tangentAval(o.aval)));
      }
    }
    return [po, to];
  });
}
