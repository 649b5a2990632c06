// Primitives a target computes as a jaxpr of other primitives when it has
// no kernel of their own: JAX's while-loop algorithms for igamma and igammac
// (lax/igamma_impl.ts registers them), lhs-dilated convolutions by phases
// (lax/conv_phases.ts). fuse inlines the decomposition in
// place of the equation (inline_calls.ts), so the loop compiles whole and
// its bodies fuse; transformations still see the primitive, with its rules.
import type { ShapedArray } from "../core/aval.ts";
import type { ClosedJaxpr, JaxprEqn } from "../core/jaxpr.ts";
import { type Params, paramsKey } from "../core/primitive.ts";
import { lruGet } from "../core/lru.ts";

/** A primitive's decomposition for these operand avals, or null where it has none (another dtype); decompositionOf caches it. */
export type Decomposition = (inAvals: ShapedArray[], params: Params) => ClosedJaxpr | null;

const table = new Map<string, Decomposition>();

export function registerDecomposition(primitive: string, d: Decomposition): void {
  table.set(primitive, d);
}

/** Whether a primitive has a decomposition registered (for some avals). */
export function hasDecomposition(primitive: string): boolean {
  return table.has(primitive);
}

/** Decompositions traced (or found to be none) per primitive, operand avals and params. */
const traced = new Map<string, ClosedJaxpr | null>();
const MAX_TRACED = 256;

/** The decomposition of an equation, or null; each is traced once per primitive, avals and params. */
export function decompositionOf(e: JaxprEqn): ClosedJaxpr | null {
  const d = table.get(e.primitive.name);
  if (!d) return null;
  const avals = e.inputs.map((a) => a.aval);
  const params = paramsKey(e.params);
  if (params === null) return d(avals, e.params);
  const key = `${e.primitive.name}(${avals.map((a) => `${a.dtype}[${a.shape}]${a.weakType ? "w" : ""}`).join(",")})${params}`;
  return lruGet(traced, key, MAX_TRACED, () => d(avals, e.params));
}
