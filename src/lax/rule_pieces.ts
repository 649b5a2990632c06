// Rule pieces shared across primitive families: the JVP of a primitive with
// no derivative (a zero tangent), and the JVP / transpose of primitives linear
// in their single operand (the shape primitives), whose transpose is a given
// map from the cotangent back to the operand.
import type { ShapedArray } from "../core/aval.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Params, type Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";

/** jvp of a primitive whose output does not vary with its inputs' tangents (JAX's ad.defjvp_zero). */
export function zeroJvp(prim: Primitive) {
  return (primals: NDArray[], _tangents: Tangent[], params: Params): [NDArray[], Tangent[]] => {
    const ans = bind1(prim, primals, params);
    return [[ans], [new Zero(ans.aval.strongType())]];
  };
}

/** jvp for primitives linear in their (single) operand. */
export function linearJvp<P extends Params>(prim: Primitive<P>) {
  return ([x]: NDArray[], [t]: Tangent[], params: P): [NDArray[], Tangent[]] => {
    const ans = bind1(prim, [x], params);
    return [[ans], [t instanceof Zero ? new Zero(ans.aval.strongType()) : bind1(prim, [t], params)]];
  };
}

/** transpose for primitives linear in their (single) operand, from the map ct → operand cotangent. */
export function linearTranspose<P extends Params>(f: (ct: NDArray, operandAval: ShapedArray, params: P) => NDArray) {
  return ([ct]: Tangent[], [x]: Array<NDArray | UndefinedPrimal>, params: P): Array<Tangent | null> => {
    const aval = x instanceof UndefinedPrimal ? x.aval : x.aval;
    return [ct instanceof Zero ? new Zero(aval) : f(ct, aval, params)];
  };
}
