// dot_general on the wasm GEMM: the batch, free and contracting dimensions
// of each operand are collapsed into one strided dimension each (operands
// may be strided views such as transposes: no copy), and C is the contiguous
// [batch, M, N] result that dot_general's output layout already is.
import type { ShapedArray } from "../core/aval.ts";
import type { Params } from "../core/primitive.ts";
import { stridesOf } from "../core/shape.ts";
import { wasmApi, ModuleBuilder } from "../backend/wasm/emitter/index.ts";
import { emitSgemm, sgemmWorkspaceBytes } from "../backend/wasm/gemm/index.ts";
import { wasmBackend, type WasmBackend } from "../backend/wasm/backend.ts";
import type { View } from "./kernel.ts";

type DotDims = [[number[], number[]], [number[], number[]]];

export interface GemmPlan {
  batch: number; m: number; n: number; k: number;
  /** Element strides (batch, row, col) and offset of A (m×k) and B (k×n). */
  a: { bs: number; rs: number; cs: number; offset: number };
  b: { bs: number; rs: number; cs: number; offset: number };
}

/** Size and stride of a group of dims as one dim, or null if they are not one strided dim. */
function collapse(dims: readonly number[], shape: readonly number[], strides: readonly number[]): { size: number; stride: number } | null {
  const live = dims.filter((d) => shape[d] !== 1);
  const size = dims.reduce((acc, d) => acc * shape[d], 1);
  if (live.length === 0) return { size, stride: 0 };
  for (let i = 0; i + 1 < live.length; i++) {
    if (strides[live[i]] !== strides[live[i + 1]] * shape[live[i + 1]]) return null;
  }
  return { size, stride: strides[live[live.length - 1]] };
}

/** The GEMM for a float32 dot_general over operands seen through views (contiguous when omitted), or null. */
export function planDot(lhs: ShapedArray, rhs: ShapedArray, out: ShapedArray, params: Params, lv?: View, rv?: View): GemmPlan | null {
  if (lhs.dtype !== "float32" || rhs.dtype !== "float32" || out.dtype !== "float32") return null;
  const [[lc, rc], [lb, rb]] = params.dimension_numbers as DotDims;
  const lViews = lv ?? { strides: stridesOf(lhs.shape), offset: 0 };
  const rViews = rv ?? { strides: stridesOf(rhs.shape), offset: 0 };
  const lFree = lhs.shape.map((_, d) => d).filter((d) => !lc.includes(d) && !lb.includes(d));
  const rFree = rhs.shape.map((_, d) => d).filter((d) => !rc.includes(d) && !rb.includes(d));
  const parts = [
    collapse(lb, lhs.shape, lViews.strides), collapse(lFree, lhs.shape, lViews.strides), collapse(lc, lhs.shape, lViews.strides),
    collapse(rb, rhs.shape, rViews.strides), collapse(rc, rhs.shape, rViews.strides), collapse(rFree, rhs.shape, rViews.strides),
  ];
  if (parts.some((p) => p === null)) return null;
  const [ab, am, ak, bb, bk, bn] = parts as { size: number; stride: number }[];
  return {
    batch: ab.size, m: am.size, n: bn.size, k: ak.size,
    a: { bs: ab.stride, rs: am.stride, cs: ak.stride, offset: lViews.offset },
    b: { bs: bb.stride, rs: bk.stride, cs: bn.stride, offset: rViews.offset },
  };
}

let sgemm: ((...args: number[]) => void) | null = null;

function sgemmFn(): (...args: number[]) => void {
  if (sgemm) return sgemm;
  if (!wasmBackend) throw new Error("internal: GEMM needs the wasm backend");
  const mb = new ModuleBuilder();
  mb.importMemory({ min: 1 });
  const f = emitSgemm(mb, "sgemm");
  mb.exportFunction("sgemm", f);
  const api = wasmApi();
  const inst = new api.Instance(new api.Module(mb.toBytes()), { env: { memory: wasmBackend.heap.memory } });
  sgemm = inst.exports.sgemm as (...args: number[]) => void;
  return sgemm;
}

/** C = A·B for the plan; pointers in bytes (A and B at their views' element 0). */
export function runGemm(backend: WasmBackend, p: GemmPlan, aPtr: number, bPtr: number, cPtr: number): void {
  const run = sgemmFn();
  const work = backend.heap.alloc(sgemmWorkspaceBytes(p.m, p.n, p.k));
  try {
    run(aPtr + 4 * p.a.offset, p.a.bs, p.a.rs, p.a.cs, bPtr + 4 * p.b.offset, p.b.bs, p.b.rs, p.b.cs,
      cPtr, p.m * p.n, p.n, p.batch, p.m, p.n, p.k, work);
  } finally {
    backend.heap.release(work);
  }
}
