// lax binary ops with JAX's lax broadcasting of size-1 (and rank-0) operands:
// samplers combine parameters of shape [1, ..., 1] with samples of `shape`.
import type { NDArray } from "../core/ndarray.ts";
import { broadcastShapes } from "../core/shape.ts";
import * as lax from "../lax/api.ts";
import { broadcastTo } from "../numpy/util.ts";

type Binary = (a: NDArray, b: NDArray) => NDArray;

function broadcasting(op: Binary): Binary {
  return (a, b) => {
    const shape = broadcastShapes(a.shape, b.shape);
    return op(broadcastTo(a, shape), broadcastTo(b, shape));
  };
}

export const add = broadcasting(lax.add);
export const sub = broadcasting(lax.sub);
export const mul = broadcasting(lax.mul);
export const rem = broadcasting(lax.rem);
export const lt = broadcasting(lax.lt);
export const le = broadcasting(lax.le);
export const gt = broadcasting(lax.gt);
export const and = broadcasting(lax.bitwiseAnd);

/** lax.select(pred, onTrue, onFalse) with all three broadcast to one shape. */
export function select(pred: NDArray, onTrue: NDArray, onFalse: NDArray): NDArray {
  const shape = broadcastShapes(pred.shape, onTrue.shape, onFalse.shape);
  return lax.select(broadcastTo(pred, shape), broadcastTo(onTrue, shape), broadcastTo(onFalse, shape));
}
