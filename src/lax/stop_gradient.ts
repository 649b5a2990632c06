// stop_gradient: identity on values, zero tangent.
import type { NDArray } from "../core/ndarray.ts";
import { type NoParams, Primitive, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";

export const stopGradientP: Primitive<NoParams> = new Primitive("stop_gradient", {
  abstractEval([a]) {
    return [a];
  },
  impl: (args) => args,
  jvp([x]) {
    const y = bind1(stopGradientP, [x], {});
    return [[y], [new Zero(y.aval.strongType())]];
  },
  batch: (args, dims) => [[bind1(stopGradientP, args, {})], dims],
});

export function stopGradientArray(x: NDArray): NDArray {
  return bind1(stopGradientP, [x], {});
}
