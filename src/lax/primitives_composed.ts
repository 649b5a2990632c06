// JAX primitives that jaxts builds from other operations (lax.split_p,
// lax.tile_p, ...): objects with JAX's bind, forwarding to the lax function.
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import type { Params } from "../core/primitive.ts";
import * as lax from "./api.ts";
import { split, stack, tile, unstack } from "./api_extra.ts";
import { axisIndex } from "./axis.ts";
import type { RandomAlgorithmLike } from "./enums.ts";
import { PublicPrimitive } from "./public_primitive.ts";
import { reduceWindow } from "./reduce_window.ts";
import { rngBitGenerator } from "./rng_bit_generator.ts";

function need<T>(params: Params, key: string, prim: string): T {
  if (!(key in params)) throw new JaxTypeError(`${prim}.bind is missing the parameter ${key}`);
  return params[key] as T;
}

function one(ops: NDArray[], prim: string): NDArray {
  if (ops.length !== 1) throw new JaxTypeError(`${prim}.bind takes 1 operand, got ${ops.length}`);
  return ops[0]!;
}

export const splitP: PublicPrimitive = new PublicPrimitive("split", {
  multipleResults: true,
  fn: (ops, p) => split(one(ops, "split"), [...need<number[]>(p, "sizes", "split")], need<number>(p, "axis", "split")),
});
export const tileP: PublicPrimitive = new PublicPrimitive("tile", {
  multipleResults: false,
  fn: (ops, p) => tile(one(ops, "tile"), [...need<number[]>(p, "reps", "tile")]),
});
export const stackP: PublicPrimitive = new PublicPrimitive("stack", {
  multipleResults: false,
  fn: (ops, p) => stack(ops, need<number>(p, "axis", "stack")),
});
export const unstackP: PublicPrimitive = new PublicPrimitive("unstack", {
  multipleResults: true,
  fn: (ops, p) => unstack(one(ops, "unstack"), need<number>(p, "axis", "unstack")),
});
export const optimizationBarrierP: PublicPrimitive = new PublicPrimitive("optimization_barrier", {
  multipleResults: true,
  fn: (ops) => [...ops],
});
export const rngBitGeneratorP: PublicPrimitive = new PublicPrimitive("rng_bit_generator", {
  multipleResults: true,
  fn: (ops, p) =>
    rngBitGenerator(
      one(ops, "rng_bit_generator"),
      need<number[]>(p, "shape", "rng_bit_generator"),
      (p.dtype as never) ?? "uint32",
      (p.algorithm as RandomAlgorithmLike | undefined) ?? "RNG_DEFAULT",
    ),
});
export const axisIndexP: PublicPrimitive = new PublicPrimitive("axis_index", {
  multipleResults: false,
  fn: (ops, p) => {
    if (ops.length !== 0) throw new JaxTypeError("axis_index.bind takes no operands");
    return axisIndex(need<string>(p, "axis_name", "axis_index"));
  },
});

function windowed(name: string, init: (x: NDArray) => number, op: (a: NDArray, b: NDArray) => NDArray): PublicPrimitive {
  return new PublicPrimitive(name, {
    multipleResults: false,
    fn: (ops, p) => {
      const x = one(ops, name);
      return reduceWindow(
        x,
        init(x),
        op,
        [...need<number[]>(p, "window_dimensions", name)],
        [...need<number[]>(p, "window_strides", name)],
        need<Array<[number, number]>>(p, "padding", name),
        { baseDilation: p.base_dilation as number[] | undefined, windowDilation: p.window_dilation as number[] | undefined },
      );
    },
  });
}
const lowest = (x: NDArray) => (x.dtype.startsWith("float") ? -Infinity : x.dtype.startsWith("uint") ? 0 : -(2 ** 31));
const highest = (x: NDArray) => (x.dtype.startsWith("float") ? Infinity : x.dtype.startsWith("uint") ? 2 ** 32 - 1 : 2 ** 31 - 1);
export const reduceWindowSumP: PublicPrimitive = windowed("reduce_window_sum", () => 0, lax.add);
export const reduceWindowMaxP: PublicPrimitive = windowed("reduce_window_max", lowest, lax.max);
export const reduceWindowMinP: PublicPrimitive = windowed("reduce_window_min", highest, lax.min);
