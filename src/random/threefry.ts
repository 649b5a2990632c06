// threefry2x32: the counter-based hash behind jax.random, as a primitive on
// uint32 (JAX's threefry2x32_p). Four operands (key0, key1, x0, x1) broadcast
// against each other; two outputs of the broadcast shape. Random bits carry no
// derivative, so tangents are symbolic zeros; vmap moves batch dims to the front.
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, type NoParams, Primitive, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { moveaxis } from "../lax/helpers.ts";
import { reshapeP } from "../lax/shape_ops.ts";

/** JAX's broadcasting_shape_rule: rank-0 operands are scalars; the rest share a rank, dims equal or 1. */
function broadcastingShape(name: string, avals: ShapedArray[]): number[] {
  const shapes = avals.map((a) => a.shape).filter((s) => s.length > 0);
  if (shapes.length === 0) return [];
  const rank = shapes[0].length;
  if (shapes.some((s) => s.length !== rank)) {
    throw new JaxTypeError(`${name}: arrays must have same number of dimensions, got ${avals.map((a) => shapeStr(a.shape)).join(", ")}.`);
  }
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    const sizes = new Set(shapes.map((s) => s[d]).filter((n) => n !== 1));
    if (sizes.size > 1) {
      throw new JaxTypeError(`${name} got incompatible shapes for broadcasting: ${avals.map((a) => shapeStr(a.shape)).join(", ")}.`);
    }
    out.push(sizes.size === 0 ? 1 : [...sizes][0]);
  }
  return out;
}

export const threefry2x32P: Primitive<NoParams> = new Primitive(
  "threefry2x32",
  {
    abstractEval(avals) {
      if (avals.length !== 4) throw new JaxTypeError(`threefry2x32 takes 4 operands (key0, key1, x0, x1), got ${avals.length}`);
      if (avals.some((a) => a.dtype !== "uint32")) {
        throw new JaxTypeError(`Arguments to threefry2x32 must have uint32 type, got ${avals.map((a) => a.str()).join(", ")}`);
      }
      const shape = broadcastingShape("threefry2x32", avals);
      const out = new ShapedArray(shape, "uint32", false);
      return [out, out];
    },
    jvp(primals, _tangents, params) {
      const outs = bind(threefry2x32P, primals, params);
      return [outs, outs.map((o) => new Zero(o.aval.strongType()))];
    },
    batch(args, dims, params) {
      // Output rank (without the batch dim): the largest unbatched operand rank.
      const rank = Math.max(...args.map((a, i) => a.ndim - (dims[i] === null ? 0 : 1)));
      const moved = args.map((a, i) => {
        const d = dims[i];
        if (d === null) {
          // Scalars broadcast as they are; other operands get a size-1 batch axis.
          return a.ndim === 0 ? a : bind1(reshapeP, [a], { new_sizes: [1, ...a.shape], dimensions: null });
        }
        let x = moveaxis(a, d, 0);
        if (x.ndim === 1 && rank > 0) {
          // A batched scalar: [B] → [B, 1, ..., 1] so it broadcasts over the example shape.
          x = bind1(reshapeP, [x], { new_sizes: [x.shape[0], ...new Array<number>(rank).fill(1)], dimensions: null });
        }
        return x;
      });
      const outs = bind(threefry2x32P, moved, params);
      return [outs, outs.map((): BatchDim => 0)];
    },
  },
  true,
);

/** threefry2x32(key0, key1, x0, x1) → [y0, y1] on uint32 arrays (broadcasting scalars). */
export function threefry2x32(key0: NDArray, key1: NDArray, x0: NDArray, x1: NDArray): [NDArray, NDArray] {
  const [y0, y1] = bind(threefry2x32P, [key0, key1, x0, x1], {});
  return [y0, y1];
}
