// Eager cumulative reductions (cumsum, cumprod, cummax, cummin) on the wasm
// backend: one compiled module per (op, dtype, layout, direction), cached.
import type { ShapedArray } from "../../../core/aval.ts";
import { type Params, type Primitive, paramsOf } from "../../../core/primitive.ts";
import { cummaxP, cumminP, cumprodP, cumsumP } from "../../../lax/reduce.ts";
import { stridesOf } from "../../../core/shape.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { wasmApi } from "../emitter/index.ts";
import { type CumOp, type CumPlan, type CumType, buildCumulativeModule } from "../codegen/cumulative.ts";

const OPS = new Set<string>(["cumsum", "cumprod", "cummax", "cummin"]);
const TYPES: Record<string, CumType> = { float32: "f32", int32: "i32", uint32: "u32", int64: "i64", uint64: "u64" };
const modules = new Map<string, (inPtr: number, outPtr: number) => void>();

export function runCumulative(
  b: WasmBackend,
  prim: Primitive,
  [x]: WasmBuffer[],
  [a]: ShapedArray[],
  params: Params,
  [o]: ShapedArray[],
): WasmBuffer[] | null {
  const type = TYPES[a.dtype];
  if (!OPS.has(prim.name) || type === undefined || o.dtype !== a.dtype) return null;
  const out = b.alloc(o);
  if (a.size === 0) return [out];
  const { axis, reverse } = paramsOf([cumsumP, cumprodP, cummaxP, cumminP], prim, params);
  const n = a.shape[axis],
    stride = stridesOf(a.shape)[axis];
  const plan: CumPlan = { op: prim.name as CumOp, type, outer: a.size / (n * stride), n, stride, reverse };
  const key = JSON.stringify(plan);
  let run = modules.get(key);
  if (!run) {
    const api = wasmApi();
    run = new api.Instance(new api.Module(buildCumulativeModule(plan, b.heap.memoryImport())), { env: { memory: b.heap.memory } }).exports
      .run as (i: number, o: number) => void;
    modules.set(key, run);
  }
  run(x.ptr, out.ptr);
  return [out];
}

export const isCumulative = (name: string): boolean => OPS.has(name);
