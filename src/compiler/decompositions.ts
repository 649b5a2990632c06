// Primitives a target computes as a jaxpr of other primitives when it has
// no kernel of their own: JAX's while-loop algorithms for igamma and igammac
// (lax/igamma_impl.ts registers them). fuse inlines the decomposition in
// place of the equation (inline_calls.ts), so the loop compiles whole and
// its bodies fuse; transformations still see the primitive, with its rules.
import type { ShapedArray } from "../core/aval.ts";
import type { ClosedJaxpr, JaxprEqn } from "../core/jaxpr.ts";
import type { Params } from "../core/primitive.ts";

/** A primitive's decomposition for these operand avals, or null where it has none (another dtype). */
export type Decomposition = (inAvals: ShapedArray[], params: Params) => ClosedJaxpr | null;

const table = new Map<string, Decomposition>();

export function registerDecomposition(primitive: string, d: Decomposition): void {
  table.set(primitive, d);
}

/** Whether a primitive has a decomposition registered (for some avals). */
export function hasDecomposition(primitive: string): boolean {
  return table.has(primitive);
}

/** The decomposition of an equation, or null. */
export function decompositionOf(e: JaxprEqn): ClosedJaxpr | null {
  const d = table.get(e.primitive.name);
  return d
    ? d(
        e.inputs.map((a) => a.aval),
        e.params,
      )
    : null;
}
