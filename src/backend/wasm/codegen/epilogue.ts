// GEMM with a fused elementwise epilogue that rewrites each finished block of
// C in place (bias + tanh while the block is in cache). The sgemm is one
// module, emitted and compiled once, that imports its epilogue; each
// epilogue is a small module exporting `epilogue` (a kernel over
// [batch, m, n] whose load of C is the block itself; other inputs such as a
// bias are read through their [batch, m, n] strides from pointers kept in
// globals) and `setExtras` (sets those pointers); a tiny glue module's `run`
// sets the pointers and calls the sgemm instance linked to that epilogue.
import { widenNarrowNode } from "../../../compiler/narrow_widen.ts";
import { type FunctionBuilder, type MemoryImport, ModuleBuilder } from "../emitter/index.ts";
import type { Epilogue } from "../../../compiler/gemm_plan.ts";
import { SGEMM_PARAMS, emitSgemm } from "../gemm/index.ts";
import { topoOrder } from "../../../compiler/kernel.ts";
import { MathLib } from "./math.ts";
import { type LocalType, type Mode, emitConst, emitOp, simdSupported } from "./ops.ts";

const EPILOGUE_PARAMS = 7; // (cBlock, ldc, batchIndex, row0, col0, rows, cols)

/** Exports `sgemm(...SGEMM_PARAMS)`, calling the imported `env.epilogue` on every finished block. */
export function buildSgemmModule(memory: MemoryImport): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory(memory);
  const epi = mb.importFunction("env", "epilogue", Array(EPILOGUE_PARAMS).fill("i32"), []);
  mb.exportFunction("sgemm", emitSgemm(mb, "sgemm", { epilogue: epi }));
  return mb.toBytes();
}

/** Exports `epilogue` (the block rewrite; a no-op without an epilogue) and `setExtras(extra1, ...)`. */
export function buildEpilogueModule(e: Epilogue | null, memory: MemoryImport): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory(memory);
  addEpilogue(mb, new MathLib(mb), e, "");
  return mb.toBytes();
}

/** Adds `${prefix}epilogue` and `${prefix}setExtras` to a module (a program's epilogues share one, see runtime/precompile.ts). */
export function addEpilogue(mb: ModuleBuilder, math: MathLib, e: Epilogue | null, prefix: string): void {
  const inputs = e?.inputs ?? [];
  const globals = inputs.map(() => mb.addGlobal("i32", true, 0));
  const epi = mb.addFunction(`${prefix}epilogue`, Array(EPILOGUE_PARAMS).fill("i32"), [], { export: true });
  const set = mb.addFunction(`${prefix}setExtras`, Array(inputs.length).fill("i32"), [], { export: true });
  globals.forEach((g, i) => set.local_get(i).global_set(g));
  if (e) emitEpilogue(epi, math, { ...e, node: widenNarrowNode(e.node) }, globals);
}

/** Exports `run(...SGEMM_PARAMS, extra1, ...)`: `env.setExtras(extras)`, then `env.sgemm(params)`. */
export function buildGemmGlueModule(extras: number, memory: MemoryImport): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory(memory);
  const n = SGEMM_PARAMS.length;
  const set = mb.importFunction("env", "setExtras", Array(extras).fill("i32"), []);
  const sgemm = mb.importFunction("env", "sgemm", Array(n).fill("i32"), []);
  const run = mb.addFunction("run", Array(n + extras).fill("i32"), [], { export: true });
  for (let i = 0; i < extras; i++) run.local_get(n + i);
  run.call(set);
  for (let i = 0; i < n; i++) run.local_get(i);
  run.call(sgemm);
  return mb.toBytes();
}

function epilogueSimd(e: Epilogue): boolean {
  const nodes = topoOrder([e.node]);
  if (nodes.some((n) => n.kind === "iota" || (n.kind === "op" && !simdSupported(n)) || (n.type === "bool" && n.kind === "load")))
    return false;
  return e.inputs.every((x) => x.cs === 0 || x.cs === 1);
}

function emitEpilogue(f: FunctionBuilder, math: MathLib, e: Epilogue, globals: number[]): void {
  const [cBlock, ldc, bi, row0, col0, rows, cols] = [0, 1, 2, 3, 4, 5, 6];
  const nodes = topoOrder([e.node]);
  const simd = epilogueSimd(e);
  const tmp = (t: LocalType) => f.addLocal(t);
  const i = tmp("i32"),
    j = tmp("i32"),
    cRow = tmp("i32");
  const base = e.inputs.map(() => tmp("i32"));
  const rowLoop = f.block();
  const rl = f.loop();
  f.local_get(i).local_get(rows).i32.ge_s().br_if(rowLoop);
  f.local_get(cBlock).local_get(i).local_get(ldc).i32.mul().i32.const(4).i32.mul().i32.add().local_set(cRow);
  // Each extra input's address of (batch, row0 + i, col0).
  e.inputs.forEach((x, k) => {
    f.global_get(globals[k])
      .i32.const(4 * x.offset)
      .i32.add();
    f.local_get(bi)
      .i32.const(4 * x.bs)
      .i32.mul()
      .i32.add();
    f.local_get(row0)
      .local_get(i)
      .i32.add()
      .i32.const(4 * x.rs)
      .i32.mul()
      .i32.add();
    f.local_get(col0)
      .i32.const(4 * x.cs)
      .i32.mul()
      .i32.add()
      .local_set(base[k]);
  });
  const point = (mode: Mode): void => {
    const vals = new Map<number, number>();
    const ctx = { f, mode, math, tmp };
    for (const n of nodes) {
      if (n.kind === "load") {
        const addr = n.input === 0 ? cRow : base[n.input - 1];
        const cs = n.input === 0 ? 1 : e.inputs[n.input - 1].cs;
        f.local_get(addr)
          .local_get(j)
          .i32.const(4 * cs)
          .i32.mul()
          .i32.add();
        if (mode === "simd") {
          if (cs === 0) f.v128.load32_splat({ align: 4 });
          else f.v128.load({ align: 4 });
        } else if (n.type === "f32") f.f32.load();
        else if (n.type === "bool") f.i32.load8_u();
        else f.i32.load();
      } else if (n.kind === "const") emitConst(ctx, n.type, n.value);
      else if (n.kind === "op") emitOp(ctx, n, (a) => f.local_get(vals.get(n.args[a].id)!));
      else throw new Error("internal: iota in a GEMM epilogue");
      const t = tmp(mode === "simd" ? "v128" : n.type === "f32" ? "f32" : "i32");
      f.local_set(t);
      vals.set(n.id, t);
    }
    f.local_get(cRow).local_get(j).i32.const(4).i32.mul().i32.add().local_get(vals.get(e.node.id)!);
    if (mode === "simd") f.v128.store({ align: 4 });
    else f.f32.store();
  };
  const colLoop = (step: number, mode: Mode): void => {
    const out = f.block();
    const lp = f.loop();
    f.local_get(j).i32.const(step).i32.add().local_get(cols).i32.gt_s().br_if(out);
    point(mode);
    f.local_get(j).i32.const(step).i32.add().local_set(j).br(lp);
    f.end().end();
  };
  f.i32.const(0).local_set(j);
  if (simd) colLoop(4, "simd");
  colLoop(1, "scalar");
  f.local_get(i).i32.const(1).i32.add().local_set(i).br(rl);
  f.end().end();
}
