// Argument checks for the public lax wrappers (api.ts) that the primitives'
// abstract evaluation does not make: dtype classes JAX restricts at the API,
// dimension-number structure, start-index lists.
import { describe } from "../core/describe.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { checkIntList } from "../core/scalar_args.ts";
import type { DotDims } from "./dot.ts";

/** JAX's arithmetic primitives (add, neg, sign, ...) take numbers, not bool; `name` is the lax op. */
export function rejectBool<T extends NDArray>(name: string, a: T): T {
  if (a.dtype === "bool") {
    throw new JaxTypeError(`${name} does not accept dtype bool. Accepted dtypes are subtypes of integer, floating, complexfloating.`);
  }
  return a;
}

/** One axis or a list of axes as a list (lax takes sequences; a lone integer is accepted as [axis]). */
export function axesList(axes: unknown, what: string): number[] {
  return checkIntList(typeof axes === "number" ? [axes] : axes, what);
}

/** dot_general's ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch)). */
export function checkDotDims(dn: unknown): DotDims {
  const isPair = (p: unknown): p is [unknown, unknown] => Array.isArray(p) && p.length === 2;
  if (!isPair(dn) || !isPair(dn[0]) || !isPair(dn[1])) {
    throw new JaxTypeError(
      `dot_general dimension_numbers must be ((lhs_contracting_dims, rhs_contracting_dims), (lhs_batch_dims, rhs_batch_dims)), got ${Array.isArray(dn) ? JSON.stringify(dn) : describe(dn)}`,
    );
  }
  const [[lc, rc], [lb, rb]] = dn;
  const w = "dot_general dimension_numbers";
  return [
    [checkIntList(lc, w), checkIntList(rc, w)],
    [checkIntList(lb, w), checkIntList(rb, w)],
  ];
}
