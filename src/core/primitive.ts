// Primitive: the unit every transformation interprets. Each primitive is
// declared once (in src/lax/) with all of its rules side by side.
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
  /**
   * Partial evaluation with some inputs known (control flow): split into a known
   * computation run now and an unknown one staged, instead of staging the whole
   * equation. `trace` is the PartialEvalTrace; inputs are its tracers.
   */
  partialEval?(trace: unknown, tracers: NDArray[], params: P): NDArray[];
  /** Eager implementation in terms of other primitives (control flow); otherwise the backend runs it. */
  impl?(args: NDArray[], params: P): NDArray[];
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
