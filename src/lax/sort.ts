// sort: XLA's multi-operand Sort. Sorts along `dimension` lexicographically by
// the first `num_keys` operands and applies the same permutation to the rest.
// Floats use JAX's order: -0.0 and 0.0 compare equal, NaNs go last.
//
// Sort is linear in its non-key operands once the keys are known, and that is
// how tangents are permuted: the JVP sorts the tangents along with the primal
// keys, and the transpose rule un-sorts cotangents by sorting them with the
// permutation as key. (JAX gathers with the permutation instead; sorting keeps
// this family free of a gather dependency and costs the same O(n log n).)
import { ShapedArray } from "../core/aval.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, Primitive, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind } from "../core/trace.ts";
import { matchBatch, moveaxis } from "./helpers.ts";
import { iotaP } from "./shape_ops.ts";

export type SortParams = {
  dimension: number;
  is_stable: boolean;
  num_keys: number;
};

export const sortP: Primitive<SortParams> = new Primitive(
  "sort",
  {
    abstractEval(avals, params) {
      const { dimension, num_keys } = params;
      if (avals.length === 0) throw new JaxTypeError("Sort requires at least one operand");
      if (!(num_keys >= 1 && num_keys <= avals.length)) {
        throw new ValueError(`num_keys=${num_keys} must be between 1 and len(operand)=${avals.length}`);
      }
      const a0 = avals[0];
      if (avals.some((a) => shapeStr(a.shape) !== shapeStr(a0.shape))) {
        throw new JaxTypeError(`Arguments to sort must have equal shapes, got: ${avals.map((a) => shapeStr(a.shape)).join(" ")}`);
      }
      if (!(dimension >= 0 && dimension < Math.max(a0.ndim, 1)) || a0.ndim === 0) {
        throw new ValueError(`sort dimension ${dimension} is out of bounds for operands of shape ${shapeStr(a0.shape)}`);
      }
      return avals;
    },
    jvp(primals, tangents, params) {
      const outs = bind(sortP, primals, params);
      const k = params.num_keys;
      const live = tangents.map((t, i) => (t instanceof Zero ? -1 : i)).filter((i) => i >= 0);
      const tOut: Tangent[] = outs.map((o) => new Zero(o.aval.strongType()));
      if (live.length) {
        // Same keys, same (deterministic) permutation: the tangents come out permuted like the primals.
        const sorted = bind(sortP, [...primals.slice(0, k), ...live.map((i) => tangents[i] as NDArray)], params);
        live.forEach((i, j) => (tOut[i] = sorted[k + j]));
      }
      return [outs, tOut];
    },
    transpose(cts, args, p) {
      const keys = args.slice(0, p.num_keys);
      if (keys.some((a) => a instanceof UndefinedPrimal)) {
        throw new Error("sort transpose: sort is not linear in its keys (only non-key operands may be linear)");
      }
      const linear = args.map((a, i) => (a instanceof UndefinedPrimal && !(cts[i] instanceof Zero) ? i : -1)).filter((i) => i >= 0);
      const res: Array<Tangent | null> = args.map((a) => (a instanceof UndefinedPrimal ? new Zero(a.aval) : null));
      if (!linear.length) return res;
      const keyArrs = keys as NDArray[];
      const iota = bind(iotaP, [], { dtype: "int32", shape: [...keyArrs[0].shape], dimension: p.dimension })[0];
      const perm = bind(sortP, [...keyArrs, iota], p).at(-1)!;
      // Sorting by the permutation sends each cotangent entry back to where its operand entry came from.
      const unsorted = bind(sortP, [perm, ...linear.map((i) => cts[i] as NDArray)], { ...p, num_keys: 1 });
      linear.forEach((i, j) => (res[i] = unsorted[1 + j]));
      return res;
    },
    batch(args, dims, p) {
      const first = dims.findIndex((d) => d !== null);
      const bdim = dims[first]!;
      const size = args[first].shape[bdim];
      const moved = args.map((a, i) => (dims[i] === null ? matchBatch(a, null, size, bdim) : moveaxis(a, dims[i]!, bdim)));
      const dimension = p.dimension + (bdim <= p.dimension ? 1 : 0);
      const outs = bind(sortP, moved, { ...p, dimension });
      return [outs, outs.map((): BatchDim => bdim)];
    },
    printParams: (p) => `dimension=${p.dimension} is_stable=${p.is_stable ? "True" : "False"} num_keys=${p.num_keys}`,
  },
  true,
);

/** Shape check shared by the public wrappers. */
export function canonicalSortDim(dimension: number, a: ShapedArray | NDArray, what = "sort"): number {
  const nd = a.shape.length;
  if (nd === 0) throw new ValueError(`${what} requires an operand of rank >= 1, got shape ()`);
  if (!Number.isInteger(dimension)) throw new ValueError(`${what}: dimension must be an integer, got ${describe(dimension)}`);
  if (dimension < -nd || dimension >= nd) {
    throw new ValueError(`${what}: dimension ${dimension} is out of bounds for array of rank ${nd} (shape ${shapeStr(a.shape)})`);
  }
  return dimension < 0 ? dimension + nd : dimension;
}
