// The wasm side of compiled loops (see ../loop.ts): a module importing the
// body's compiled kernels and GEMMs as functions and exporting
// `run(params...) -> iterations`, whose parameters are the pointers listed
// in `params`. Per iteration it computes each slot's address (operand,
// ping-pong carry, xs/ys slice at i, fixed array, scratch) and calls the
// steps in order; a while loop first runs its cond steps and stops when the
// flag they write is false.
import type { ArrayImpl } from "../../../core/array_impl.ts";
import type { ShapedArray } from "../../../core/aval.ts";
import { type LoopCall, type LoopFrame, type LoopPlan, allFrames } from "../../../compiler/program_ir.ts";
import { ModuleBuilder, type MemoryImport, type WasmImports, type WasmMemory } from "../emitter/index.ts";

/** A function exported by another instance over the same memory, imported here (calls stay inside wasm). */
export type WasmFn = (...args: number[]) => void;

export type ParamSource =
  | { kind: "operand"; index: number }
  | { kind: "carryA"; index: number }
  | { kind: "carryB"; index: number }
  | { kind: "ys"; index: number }
  | { kind: "fixed"; array: ArrayImpl }
  | { kind: "scratch"; aval: ShapedArray }
  | { kind: "work" };

/** Assigns `run`'s parameters: one per distinct source, in first-use order. */
class Params {
  readonly list: ParamSource[] = [];
  private readonly index = new Map<string, number>();
  of(key: string, source: ParamSource): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(key, i);
      this.list.push(source);
    }
    return i;
  }
}

/** What the module links to: the heap's memory, and the compiled function behind each kernel or GEMM call. */
export interface LoopLinks {
  memoryImport: MemoryImport;
  memory: WasmMemory;
  fnOf(call: Exclude<LoopCall, { kind: "cond" }>): WasmFn;
}

export function buildLoopModule(plan: LoopPlan, links: LoopLinks): { bytes: Uint8Array; imports: WasmImports; params: ParamSource[] } {
  const top = plan.cond ? [plan.cond, plan.body] : [plan.body];
  const frames = allFrames(top);
  const frameId = new Map(frames.map((fr, i) => [fr, i]));
  const mb = new ModuleBuilder();
  mb.importMemory(links.memoryImport);
  // Imports come first (they take the low function indices).
  const env: Record<string, unknown> = { memory: links.memory };
  const importIndex = new Map<WasmFn, number>();
  const fns = new Map<LoopCall, WasmFn>();
  for (const fr of frames) {
    for (const c of fr.calls) {
      if (c.kind === "cond") continue;
      const fn = links.fnOf(c);
      fns.set(c, fn);
      if (importIndex.has(fn)) continue;
      const name = `f${importIndex.size}`;
      const nargs = c.kind === "kernel" ? c.slots.length : 16 + c.extras.length;
      importIndex.set(fn, mb.importFunction("env", name, Array(nargs).fill("i32"), []));
      env[name] = fn;
    }
  }
  // First pass: the parameters every address needs.
  const params = new Params();
  const sourcesOf = (fr: LoopFrame, slot: number): number[] => {
    const r = fr.roles.get(slot);
    if (!r) throw new Error(`internal: loop slot ${slot} has no role`);
    const fi = frameId.get(fr)!;
    switch (r.kind) {
      case "operand":
        return [params.of(`o${r.index}`, { kind: "operand", index: r.index })];
      case "carryIn":
      case "carryOut":
        return [params.of(`a${r.index}`, { kind: "carryA", index: r.index }), params.of(`b${r.index}`, { kind: "carryB", index: r.index })];
      case "xs":
        return [params.of(`o${r.operand}`, { kind: "operand", index: r.operand })];
      case "ys":
        return [params.of(`y${r.index}`, { kind: "ys", index: r.index })];
      case "fixed":
        return [params.of(`f${fi}:${slot}`, { kind: "fixed", array: r.array })];
      case "scratch":
        return [params.of(`s${fi}:${slot}`, { kind: "scratch", aval: r.aval })];
      case "outer":
        return sourcesOf(fr.parent!, r.slot);
    }
  };
  const slotsOf = (c: LoopCall): number[] => (c.kind === "kernel" ? c.slots : c.kind === "gemm" ? [c.a, c.b, c.c, ...c.extras] : [c.index]);
  for (const fr of frames) {
    for (const c of fr.calls) {
      for (const s of slotsOf(c)) sourcesOf(fr, s);
      if (c.kind === "gemm") params.of("work", { kind: "work" });
    }
  }
  if (plan.cond) sourcesOf(plan.cond, plan.cond.program.outputSlots[0]);

  const f = mb.addFunction("run", Array(params.list.length).fill("i32"), ["i32"], { export: true });
  const t = f.addLocal("i32"),
    i = f.addLocal("i32"),
    odd = f.addLocal("i32");
  const address = (fr: LoopFrame, slot: number): void => {
    const r = fr.roles.get(slot)!;
    if (r.kind === "outer") {
      address(fr.parent!, r.slot);
      return;
    }
    const [p, q] = sourcesOf(fr, slot);
    switch (r.kind) {
      case "carryIn":
        f.local_get(q).local_get(p).local_get(odd).select();
        break; // odd ? B : A
      case "carryOut":
        f.local_get(p).local_get(q).local_get(odd).select();
        break; // odd ? A : B
      case "xs":
      case "ys":
        f.local_get(p).local_get(i).i32.const(r.bytes).i32.mul().i32.add();
        break;
      default:
        f.local_get(p);
    }
  };
  const emitCond = (fr: LoopFrame, c: Extract<LoopCall, { kind: "cond" }>): void => {
    // The index clamped to [0, n-1], as lax.cond (negative int32 first, then as unsigned).
    const k = f.addLocal("i32");
    const dtype = fr.program.slotAvals[c.index].dtype;
    address(fr, c.index);
    if (dtype === "bool") f.i32.load8_u();
    else f.i32.load();
    f.local_set(k);
    if (dtype === "int32") f.i32.const(0).local_get(k).local_get(k).i32.const(0).i32.lt_s().select().local_set(k);
    const last = c.branches.length - 1;
    f.i32.const(last).local_get(k).local_get(k).i32.const(last).i32.gt_u().select().local_set(k);
    const branch = (b: number): void => {
      if (b === last) {
        emitCalls(c.branches[b]);
        return;
      }
      f.local_get(k).i32.const(b).i32.eq().if_();
      emitCalls(c.branches[b]);
      f.else_();
      branch(b + 1);
      f.end();
    };
    branch(0);
  };
  const emitCalls = (fr: LoopFrame): void => {
    for (const c of fr.calls) {
      if (c.kind === "cond") {
        emitCond(fr, c);
        continue;
      }
      if (c.kind === "kernel") {
        for (const s of c.slots) address(fr, s);
      } else {
        const { plan: g } = c;
        address(fr, c.a);
        f.i32.const(4 * g.a.offset).i32.add();
        f.i32.const(g.a.bs).i32.const(g.a.rs).i32.const(g.a.cs);
        address(fr, c.b);
        f.i32.const(4 * g.b.offset).i32.add();
        f.i32.const(g.b.bs).i32.const(g.b.rs).i32.const(g.b.cs);
        address(fr, c.c);
        for (const v of [g.m * g.n, g.n, g.batch, g.m, g.n, g.k]) f.i32.const(v);
        f.local_get(params.of("work", { kind: "work" }));
        for (const s of c.extras) address(fr, s);
      }
      f.call(importIndex.get(fns.get(c)!)!);
    }
  };
  const out = f.block();
  const lp = f.loop();
  if (plan.kind === "scan") {
    f.local_get(t).i32.const(plan.length).i32.ge_u().br_if(out);
    if (plan.reverse)
      f.i32
        .const(plan.length - 1)
        .local_get(t)
        .i32.sub()
        .local_set(i);
    else f.local_get(t).local_set(i);
  }
  f.local_get(t).i32.const(1).i32.and().local_set(odd);
  if (plan.cond) {
    emitCalls(plan.cond);
    address(plan.cond, plan.cond.program.outputSlots[0]);
    f.i32.load8_u().i32.eqz().br_if(out);
  }
  emitCalls(plan.body);
  f.local_get(t).i32.const(1).i32.add().local_set(t).br(lp);
  f.end().end();
  f.local_get(t);
  return { bytes: mb.toBytes(), imports: { env }, params: params.list };
}
