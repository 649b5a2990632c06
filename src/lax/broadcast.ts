// broadcast_in_dim and reduce_sum, declared together because each is the
// other's transpose (and so neither can import the other's module).
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, Zero } from "../core/primitive.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { checkShape, shapeEqual, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { moveaxis, reshapeP } from "./layout.ts";
import { linearJvp, linearTranspose } from "./rule_pieces.ts";
import { tuple } from "./print_params.ts";
import { type AxesParams, defReduce } from "./reduce_def.ts";

export type BroadcastInDimParams = { shape: number[]; broadcast_dimensions: number[] };

// ---------- broadcast_in_dim ----------
export const broadcastInDimP: Primitive<BroadcastInDimParams> = new Primitive("broadcast_in_dim", {
  abstractEval([a], params) {
    const shape = checkShape(params.shape, "broadcast_in_dim shape");
    const bd = checkIntList(params.broadcast_dimensions, "broadcast_in_dim broadcast_dimensions");
    if (bd.length !== a.ndim) {
      throw new JaxTypeError(
        "broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; " +
          `got broadcast_dimensions ${shapeStr(bd)} for operand ndim ${a.ndim}.`,
      );
    }
    for (let i = 0; i < bd.length; i++) {
      if (bd[i] < 0 || bd[i] >= shape.length || (i > 0 && bd[i] <= bd[i - 1])) {
        throw new JaxTypeError(
          "broadcast_in_dim broadcast_dimensions must be strictly increasing and within the output rank; " +
            `got ${shapeStr(bd)} for shape ${shapeStr(shape)}`,
        );
      }
      if (a.shape[i] !== 1 && a.shape[i] !== shape[bd[i]]) {
        throw new JaxTypeError(
          "broadcast_in_dim operand dimension sizes must either be 1, or be equal to their corresponding " +
            `dimensions in the target broadcast shape; got operand of shape ${shapeStr(a.shape)}, ` +
            `target broadcast shape ${shapeStr(shape)}, broadcast_dimensions ${shapeStr(bd)}`,
        );
      }
    }
    return [new ShapedArray(shape, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(broadcastInDimP)(...a),
  transpose: linearTranspose((ct, aval, params) => {
    const bd = params.broadcast_dimensions;
    const shape = params.shape;
    const unit = aval.shape.map((s, i) => (s === 1 && shape[bd[i]] !== 1 ? i : -1)).filter((i) => i >= 0);
    const keptBd = bd.filter((_, i) => !unit.includes(i));
    const axes = shape.map((_, i) => i).filter((i) => !keptBd.includes(i));
    let r = axes.length ? bind1(reduceSumP, [ct], { axes }) : ct;
    if (!shapeEqual(r.shape, aval.shape)) r = bind1(reshapeP, [r], { new_sizes: [...aval.shape], dimensions: null });
    return r;
  }),
  batch([x], [d], params) {
    const xm = moveaxis(x, d!, 0);
    const shape = [xm.shape[0], ...params.shape];
    const bd = [0, ...params.broadcast_dimensions.map((i) => i + 1)];
    return [[bind1(broadcastInDimP, [xm], { shape, broadcast_dimensions: bd })], [0]];
  },
  printParams: (p) => `broadcast_dimensions=${tuple(p.broadcast_dimensions)} shape=${tuple(p.shape)}`,
});

// ---------- reduce_sum ----------
export const reduceSumP: Primitive<AxesParams> = defReduce("reduce_sum", {
  jvp([x], [t], params) {
    const ans = bind1(reduceSumP, [x], params);
    return [[ans], [t instanceof Zero ? new Zero(ans.aval.strongType()) : bind1(reduceSumP, [t], params)]];
  },
  transpose([ct], [x], params) {
    const aval = (x as { aval: ShapedArray }).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    return [unreduce(ct, aval.shape, params.axes)];
  },
});

/** Broadcast a reduced array back to the operand shape. */
export function unreduce(r: NDArray, shape: readonly number[], axes: number[]): NDArray {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  return bind1(broadcastInDimP, [r], { shape: [...shape], broadcast_dimensions: kept });
}
