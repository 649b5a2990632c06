// cumsum / cumprod / cummax / cummin along one axis as a wasm function
// `run(in, out)`: for each outer index, the running value is carried along
// the axis, rounded to the dtype at every step (as the reference kernel).
// When the axis is not the innermost, four neighbouring inner columns run
// together in one f32x4 / i32x4 accumulator. int64/uint64 (exact 64-bit
// storage) accumulate in i64, scalar.
import { type FunctionBuilder, type MemoryImport, ModuleBuilder } from "../emitter/index.ts";

export type CumOp = "cumsum" | "cumprod" | "cummax" | "cummin";
export type CumType = "f32" | "i32" | "u32" | "i64" | "u64";

export interface CumPlan {
  op: CumOp;
  type: CumType;
  outer: number;
  n: number;
  stride: number;
  reverse: boolean;
}

/** acc = op(acc, x) in the op's type (wasm max/min propagate NaN, as jnp.maximum). */
function combine(f: FunctionBuilder, op: CumOp, t: CumType, simd: boolean, acc: number, x: number): void {
  const sign = t === "u32" || t === "u64" ? "_u" : "_s";
  const extremum = op === "cummax" ? "max" : "min";
  const wide = t === "i64" || t === "u64";
  if (!simd && t !== "f32" && (op === "cummax" || op === "cummin")) {
    // acc = (acc > x) ? acc : x, and likewise for min
    f.local_get(acc).local_get(x).local_get(acc).local_get(x);
    ((wide ? f.i64 : f.i32) as unknown as Record<string, () => void>)[(op === "cummax" ? "gt" : "lt") + sign]();
    f.select().local_set(acc);
    return;
  }
  f.local_get(acc).local_get(x);
  const scalar = t === "f32" ? f.f32 : wide ? f.i64 : f.i32;
  const V = (simd ? (t === "f32" ? f.f32x4 : f.i32x4) : scalar) as unknown as Record<string, () => void>;
  if (op === "cumsum") V.add();
  else if (op === "cumprod") V.mul();
  else V[t === "f32" ? extremum : extremum + sign]();
  f.local_set(acc);
}

export function buildCumulativeModule(p: CumPlan, memory: MemoryImport): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory(memory);
  const f = mb.addFunction("run", ["i32", "i32"], [], { export: true });
  const [inP, outP] = [0, 1];
  const i = f.addLocal("i32"),
    j = f.addLocal("i32"),
    k = f.addLocal("i32");
  const src = f.addLocal("i32"),
    dst = f.addLocal("i32");
  const wide = p.type === "i64" || p.type === "u64";
  const scalarType = p.type === "f32" ? "f32" : wide ? "i64" : "i32";
  const sAcc = f.addLocal(scalarType),
    sX = f.addLocal(scalarType);
  const vAcc = f.addLocal("v128"),
    vX = f.addLocal("v128");
  const elem = wide ? 8 : 4;
  const step = (p.reverse ? -1 : 1) * p.stride * elem;
  const first = p.reverse ? (p.n - 1) * p.stride * elem : 0;
  const simd = p.stride >= 4 && !wide;
  const scalarLoad = () => {
    if (p.type === "f32") f.f32.load();
    else if (wide) f.i64.load();
    else f.i32.load();
  };
  const scalarStore = () => {
    if (p.type === "f32") f.f32.store();
    else if (wide) f.i64.store();
    else f.i32.store();
  };
  /** The scan of columns j .. j+lanes-1 of outer row i (pointers set up by the caller). */
  const column = (vec: boolean): void => {
    const acc = vec ? vAcc : sAcc,
      x = vec ? vX : sX;
    f.local_get(src);
    if (vec) f.v128.load({ align: 4 });
    else scalarLoad();
    f.local_set(acc);
    f.local_get(dst).local_get(acc);
    if (vec) f.v128.store({ align: 4 });
    else scalarStore();
    f.i32.const(1).local_set(k);
    const out = f.block(),
      lp = f.loop();
    f.local_get(k).i32.const(p.n).i32.ge_u().br_if(out);
    f.local_get(src).i32.const(step).i32.add().local_set(src);
    f.local_get(dst).i32.const(step).i32.add().local_set(dst);
    f.local_get(src);
    if (vec) f.v128.load({ align: 4 });
    else scalarLoad();
    f.local_set(x);
    combine(f, p.op, p.type, vec, acc, x);
    f.local_get(dst).local_get(acc);
    if (vec) f.v128.store({ align: 4 });
    else scalarStore();
    f.local_get(k).i32.const(1).i32.add().local_set(k).br(lp);
    f.end().end();
  };
  const outerOut = f.block(),
    outerLp = f.loop();
  f.local_get(i).i32.const(p.outer).i32.ge_u().br_if(outerOut);
  f.i32.const(0).local_set(j);
  const columns = (lanes: number, vec: boolean): void => {
    const out = f.block(),
      lp = f.loop();
    f.local_get(j).i32.const(lanes).i32.add().i32.const(p.stride).i32.gt_u().br_if(out);
    // src = in + ((i * n * stride + j) * 4) + first
    f.local_get(i)
      .i32.const(p.n * p.stride * elem)
      .i32.mul()
      .local_get(j)
      .i32.const(elem)
      .i32.mul()
      .i32.add()
      .i32.const(first)
      .i32.add()
      .local_tee(src);
    f.local_get(outP).i32.add().local_set(dst);
    f.local_get(src).local_get(inP).i32.add().local_set(src);
    column(vec);
    f.local_get(j).i32.const(lanes).i32.add().local_set(j).br(lp);
    f.end().end();
  };
  if (simd) columns(4, true);
  columns(1, false);
  f.local_get(i).i32.const(1).i32.add().local_set(i).br(outerLp);
  f.end().end();
  return mb.toBytes();
}
