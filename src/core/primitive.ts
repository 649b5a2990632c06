// Primitive: the unit every transformation interprets. Each primitive is
// declared once (in src/lax/) with all of its rules side by side.
//
// Params conventions. Every primitive states its params type: a type alias
// (not an interface, so that it stays assignable to `Params`) exported next to
// the primitive and named after it (`IntegerPowParams`, `GatherParams`), or
// `NoParams`; the declaration reads `export const fooP: Primitive<FooParams> =
// new Primitive("foo", ...)`, so its rules read params without casts.
// test/lax/params.test.ts fails if a registered primitive's params are untyped.
// Code that meets params with only the primitive in hand (the compiler, the
// reference kernels, the wasm runtime) narrows once through the primitive:
// `isPrim(eqn, integerPowP)` is a type guard on an equation or step, and
// `paramsOf(integerPowP, eqn)` returns typed params after checking the primitive.
import type { ShapedArray } from "./aval.ts";
import type { NDArray } from "./ndarray.ts";

/** A symbolic zero tangent/cotangent: costs nothing until instantiated. */
export class Zero {
  constructor(readonly aval: ShapedArray) {}
}
/** A primal input that is unknown during transposition (the linear input). */
export class UndefinedPrimal {
  constructor(readonly aval: ShapedArray) {}
}

export type Params = Record<string, unknown>;

/** Params as part of a cache key: "" when there are none, null when they do not serialize (a jaxpr, a function). */
export function paramsKey(params: Params): string | null {
  let any = false;
  for (const k in params) {
    // JSON leaves functions out: two solvers' params would read alike.
    if (typeof params[k] === "function") return null;
    any = true;
  }
  if (!any) return "";
  try {
    return JSON.stringify(params);
  } catch {
    return null;
  }
}
/** The params of a primitive that takes none. */
export type NoParams = Record<never, never>;
export type Tangent = NDArray | Zero;
export type BatchDim = number | null;

export interface PrimitiveRules<P extends Params = Params> {
  /** Output avals from input avals; also validates arguments. */
  abstractEval(avals: ShapedArray[], params: P): ShapedArray[];
  /** Forward mode: primal outputs and tangents. Zero tangents are symbolic. */
  jvp?(primals: NDArray[], tangents: Tangent[], params: P): [NDArray[], Tangent[]];
  /** For linear primitives: cotangents of the inputs that are UndefinedPrimal. */
  transpose?(cts: Tangent[], args: Array<NDArray | UndefinedPrimal>, params: P): Array<Tangent | null>;
  /** vmap: outputs and their batch dims, given inputs with batch dims (null = unbatched). */
  batch?(args: NDArray[], dims: BatchDim[], params: P, axisSize: number): [NDArray[], BatchDim[]];
  /** A collective (lax.psum, ...) under the vmap whose axis it names (`params.axis_name`): it acts across the batch. */
  batchNamed?(args: NDArray[], dims: BatchDim[], params: P, axisSize: number): [NDArray[], BatchDim[]];
  /**
   * Partial evaluation with some inputs known (control flow): split into a known
   * computation run now and an unknown one staged, instead of staging the whole
   * equation. `trace` is the PartialEvalTrace; inputs are its tracers.
   */
  partialEval?(trace: unknown, tracers: NDArray[], params: P): NDArray[];
  /** Eager implementation in terms of other primitives (control flow); otherwise the backend runs it. */
  impl?(args: NDArray[], params: P): NDArray[];
  /**
   * A side effect (a host callback): the equation is kept though nothing uses
   * its outputs, and runs in program order.
   */
  effectful?: boolean;
  /** Print params in jaxprs (default: key=value). */
  printParams?(params: P): string;
}

export class Primitive<P extends Params = Params> {
  constructor(
    readonly name: string,
    readonly rules: PrimitiveRules<P>,
    readonly multipleResults = false,
  ) {
    registry.set(name, this as unknown as Primitive);
  }
  toString(): string {
    return this.name;
  }
}

const registry = new Map<string, Primitive>();
export function allPrimitives(): Primitive[] {
  return [...registry.values()];
}
export function getPrimitive(name: string): Primitive | undefined {
  return registry.get(name);
}

/** The params type a primitive was declared with: `ParamsOf<typeof integerPowP>`. */
export type ParamsOf<Pr> = Pr extends Primitive<infer P> ? P : never;

/** Anything that applies a primitive to params: a jaxpr equation. */
export interface Application {
  readonly primitive: Primitive;
  readonly params: Params;
}

/**
 * Whether `e` applies `prim` (or one of `prim`, primitives sharing a params
 * type); narrows `e.params` to the params type they were declared with.
 */
export function isPrim<P extends Params, E extends Application>(
  e: E,
  prim: Primitive<P> | readonly Primitive<P>[],
): e is E & { readonly params: P } {
  return Array.isArray(prim) ? prim.includes(e.primitive) : e.primitive === prim;
}

/**
 * The params of an application of `prim`, typed by its declaration, for a
 * consumer that already dispatched on the primitive (a table or a switch
 * keyed by name): the one checked narrowing that replaces a cast per read.
 * Takes an equation, or the applied primitive and its params (program steps,
 * backends' execute).
 */
export function paramsOf<P extends Params>(prim: Primitive<P> | readonly Primitive<P>[], e: Application): P;
export function paramsOf<P extends Params>(prim: Primitive<P> | readonly Primitive<P>[], applied: Primitive, params: Params): P;
export function paramsOf<P extends Params>(prim: Primitive<P> | readonly Primitive<P>[], e: Application | Primitive, params?: Params): P {
  const a: Application = e instanceof Primitive ? { primitive: e, params: params! } : e;
  if (!isPrim(a, prim)) {
    const want = Array.isArray(prim) ? prim.map((p) => p.name).join(" or ") : (prim as Primitive<P>).name;
    throw new Error(`expected params of ${want}, got params of ${a.primitive.name}`);
  }
  return a.params;
}
