// Primitives a target computes as a jaxpr of other primitives when it has
// no kernel of their own: JAX's while-loop algorithms for igamma and igammac
// (lax/igamma_impl.ts registers them), lhs-dilated convolutions by phases
// (lax/conv_phases.ts). fuse inlines the decomposition in
// place of the equation (inline_calls.ts), so the loop compiles whole and
// its bodies fuse; transformations still see the primitive, with its rules.
// Some are decomposed on every target: custom_linear_solve is its solver
// (lax/custom_solve.ts), which no target has a kernel for.
import type { ShapedArray } from "../core/aval.ts";
import type { ClosedJaxpr, JaxprEqn } from "../core/jaxpr.ts";
import { type Params, paramsKey } from "../core/primitive.ts";
import { lruGet } from "../core/lru.ts";

/** A primitive's decomposition for these operand avals, or null where it has none (another dtype); decompositionOf caches it. */
export type Decomposition = (inAvals: ShapedArray[], params: Params) => ClosedJaxpr | null;

const table = new Map<string, Decomposition>();
/** The primitives decomposed on targets without special kernels too. */
const everyTarget = new Set<string>();

export function registerDecomposition(primitive: string, d: Decomposition, options?: { everyTarget?: boolean }): void {
  table.set(primitive, d);
  if (options?.everyTarget) everyTarget.add(primitive);
}

/** Whether a primitive has a decomposition registered (for some avals). */
export function hasDecomposition(primitive: string): boolean {
  return table.has(primitive);
}

/** Decompositions traced (or found to be none) per primitive, operand avals and params. */
const traced = new Map<string, ClosedJaxpr | null>();
const MAX_TRACED = 256;

/** Decompositions of equations whose params have no key (functions), per equation. */
const tracedEqns = new WeakMap<JaxprEqn, ClosedJaxpr | null>();

/** The decomposition of an equation, or null; each is traced once per primitive, avals and params (or per equation). */
export function decompositionOf(e: JaxprEqn): ClosedJaxpr | null {
  const d = table.get(e.primitive.name);
  if (!d) return null;
  const avals = e.inputs.map((a) => a.aval);
  const params = paramsKey(e.params);
  if (params === null) {
    let body = tracedEqns.get(e);
    if (body === undefined) tracedEqns.set(e, (body = d(avals, e.params)));
    return body;
  }
  const key = `${e.primitive.name}(${avals.map((a) => `${a.dtype}[${a.shape}]${a.weakType ? "w" : ""}`).join(",")})${params}`;
  return lruGet(traced, key, MAX_TRACED, () => d(avals, e.params));
}

/** decompositionOf for targets without special kernels: only the primitives decomposed on every target. */
export function everyTargetDecompositionOf(e: JaxprEqn): ClosedJaxpr | null {
  return everyTarget.has(e.primitive.name) ? decompositionOf(e) : null;
}
