// top_k: the k largest entries along an axis, in descending order, with their
// indices (int32). Floats order as XLA's total order (NaN above +inf, +0
// above -0); ties keep the lower index first. Differentiable in the values
// (the tangent is gathered at the indices), batched by moving the axis.
import { ShapedArray } from "../core/aval.ts";
import { ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind } from "../core/trace.ts";
import { takeAlongAxisLax } from "./gather_scatter.ts";

export type TopKParams = { k: number; axis: number };

export const topKP: Primitive<TopKParams> = new Primitive("top_k", {
  abstractEval([a], { k, axis }) {
    if (!Number.isInteger(k) || k < 0) throw new ValueError(`k argument to top_k must be nonnegative, got ${k}`);
    if (!Number.isInteger(axis) || axis < 0 || axis >= a.ndim) {
      throw new ValueError(`top_k axis ${axis} is out of bounds for an operand of shape ${shapeStr(a.shape)}`);
    }
    if (k > a.shape[axis]) {
      throw new ValueError(
        `k argument to top_k must be no larger than size along axis; got k=${k} with shape=[${a.shape.join(", ")}] and axis=${axis}`,
      );
    }
    const shape = a.shape.map((d, i) => (i === axis ? k : d));
    return [new ShapedArray(shape, a.dtype, a.weakType), new ShapedArray(shape, "int32", false)];
  },
  jvp([x], [t], params) {
    const [vals, idx] = bind(topKP, [x], params);
    const idxZero = new Zero(idx.aval.strongType());
    if (t instanceof Zero)
      return [
        [vals, idx],
        [new Zero(vals.aval.strongType()), idxZero],
      ];
    return [
      [vals, idx],
      [takeAlongAxisLax(t, idx, params.axis), idxZero],
    ];
  },
  batch([x], [d], params) {
    const axis = params.axis >= d! ? params.axis + 1 : params.axis;
    return [bind(topKP, [x as NDArray], { ...params, axis }), [d, d]];
  },
  printParams: (p) => `axis=${p.axis} k=${p.k}`,
});
