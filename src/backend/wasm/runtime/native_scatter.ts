// The scatter family as a copy of the operand and a wasm loop over the
// updates (scatter_module.ts), for the common form: one int32 index per
// update window, no batching dims, the window dims trailing in the updates,
// and a window that is one contiguous run of the operand (x.at[idx].op(v),
// segment sums, the gradients of take and of embedding lookups). Anything
// else is left to the reference kernel (null), with the same results.
import type { ShapedArray } from "../../../core/aval.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import { type Primitive, paramsOf } from "../../../core/primitive.ts";
import { stridesOf } from "../../../core/shape.ts";
import { scatterAddP, scatterMaxP, scatterMinP, scatterMulP, scatterP } from "../../../lax/gather_scatter.ts";
import type { Move } from "./native_moves.ts";
import { type ScatterElem, type ScatterOp, scatterFunction } from "./scatter_module.ts";

const OPS = new Map<Primitive, ScatterOp>([
  [scatterP, "set"],
  [scatterAddP, "add"],
  [scatterMulP, "mul"],
  [scatterMinP, "min"],
  [scatterMaxP, "max"],
]);

function elemOf(a: ShapedArray): ScatterElem | null {
  if (a.dtype === "float32") return "f32";
  if (a.dtype === "int32") return "i32";
  if (a.dtype === "uint32") return "u32";
  return storageBytes(a.dtype) === 1 ? "byte" : null;
}

export const scatter: Move = (b, prim, [x, idx, upd], [xa, ia, ua], params, [o]) => {
  const op = OPS.get(prim);
  const elem = elemOf(xa);
  if (op === undefined || elem === null) return null;
  const p = paramsOf(prim as typeof scatterP, prim, params);
  const dn = p.dimension_numbers;
  if (ia.dtype !== "int32" || ia.ndim === 0 || ia.shape[ia.ndim - 1] !== 1 || dn.operand_batching_dims.length > 0) return null;
  // The window dims are the updates' last ones, in order.
  const nWin = dn.update_window_dims.length;
  if (dn.update_window_dims.some((d, i) => d !== ua.ndim - nWin + i)) return null;
  // Window extent per operand dim: 1 for inserted dims, the updates' sizes for the others (in order).
  const winDims = xa.shape.map((_, d) => d).filter((d) => !dn.inserted_window_dims.includes(d));
  if (winDims.length !== nWin) return null;
  const sizes = xa.shape.map(() => 1);
  winDims.forEach((d, k) => {
    sizes[d] = ua.shape[dn.update_window_dims[k]];
  });
  // One contiguous run: every dim after the first non-unit one is whole.
  const first = sizes.findIndex((s) => s > 1);
  if (first >= 0 && sizes.some((s, d) => d > first && s !== xa.shape[d])) return null;
  const d = dn.scatter_dims_to_operand_dims[0];
  const hi = xa.shape[d] - sizes[d];
  if (hi < 0) return null;
  const fn = scatterFunction(b.heap, op, elem);
  if (!fn) return null;
  const out = b.alloc(o);
  const bytes = storageBytes(xa.dtype);
  b.heap.copy(out.ptr, x.ptr, xa.size * bytes);
  if (ua.size === 0) return [out];
  const win = sizes.reduce((a, s) => a * s, 1);
  fn(out.ptr, upd.ptr, idx.ptr, ia.size, hi, stridesOf(xa.shape)[d], p.mode === "clip" ? 1 : 0, win);
  return [out];
};
