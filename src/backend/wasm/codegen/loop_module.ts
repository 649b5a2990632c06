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
import { type FunctionBuilder, ModuleBuilder, type MemoryImport, type WasmImports, type WasmMemory } from "../emitter/index.ts";
import type { KType } from "../../../compiler/kernel.ts";
import { emitInlineScalarKernel, isInlineScalarKernel, loadOffset } from "./inline_scalar.ts";
import { typeBytes } from "./loops.ts";
import { MathLib } from "./math.ts";
import { addScaledIndex, emitScalarLoad, emitScalarStore, scalarLocal } from "./ops.ts";

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
  /**
   * For `run_par` (see buildLoopModule): a kernel's range function
   * `(ptrs..., lo, hi)` over its split dimension, or null when it has none.
   */
  rangeOf?(call: Extract<LoopCall, { kind: "kernel" }>): { fn: WasmFn; size: number; align: number } | null;
  /** Bytes of GEMM workspace per thread (`run_par`'s second thread uses the next block). */
  workBytes?: number;
}

/** The module's function imports, in order: each is a call's function (`range` for a split kernel's). */
export interface LoopImport {
  name: string;
  fn: WasmFn;
  call: Exclude<LoopCall, { kind: "cond" }>;
  range: boolean;
}

/**
 * Spins the first thread of `run_par` waits for the second before it runs
 * every call itself (`run`): a millisecond or two of atomic loads. A worker
 * sleeping between jobs wakes in tens of µs and one instantiating the new
 * module in about a millisecond; one that cannot come (a Web Worker still
 * receiving the module) must not hang the loop.
 */
/** Loops built with their body inline (inline_scalar.ts), ever: tests check that the loops meant to inline do. */
export const loopModuleStats = { inlined: 0 };

const JOIN_SPINS = 1 << 21;
/** Columns per GEMM half, in multiples of this (four vectors). */
const GEMM_SPLIT_ALIGN = 16;

/**
 * Whether a loop can run as `run_par` on two threads: a scan or while loop of
 * kernels and GEMMs (no lax.cond). A while loop's condition runs as calls
 * too, each followed by the barrier, so both threads read its flag after it
 * was written and take the same exit.
 */
export function canRunOnTwoThreads(plan: LoopPlan): boolean {
  return [plan.body, ...(plan.cond ? [plan.cond] : [])].every((fr) => fr.calls.every((c) => c.kind !== "cond"));
}

/**
 * With `parallel`, the module also exports `run_par(params..., tid, ctl)`, the
 * same loop run by two threads at once (tid 0 and 1): each GEMM computes half
 * of its columns and each split kernel half of its range, other calls run on
 * thread 0, and the threads meet at a barrier after every call (the next one
 * may read anything the last wrote). `ctl` points at two zeroed i32s: the
 * join state (0 waiting, 1 joined, 2 thread 0 went alone) and the barrier
 * count. Thread 1 joins by compare-and-swap; thread 0 waits JOIN_SPINS for
 * it, then claims the loop for itself and runs `run`, and a late thread 1
 * returns at once, so the loop never waits on a thread that cannot come.
 */
export function buildLoopModule(
  plan: LoopPlan,
  links: LoopLinks,
  parallel = false,
): { bytes: Uint8Array; imports: WasmImports; params: ParamSource[]; importList: LoopImport[] } {
  const top = plan.cond ? [plan.cond, plan.body] : [plan.body];
  const frames = allFrames(top);
  const frameId = new Map(frames.map((fr, i) => [fr, i]));
  const mb = new ModuleBuilder();
  mb.importMemory(links.memoryImport);
  // Imports come first (they take the low function indices).
  const env: Record<string, unknown> = { memory: links.memory };
  const importIndex = new Map<WasmFn, number>();
  const importList: LoopImport[] = [];
  const fns = new Map<LoopCall, WasmFn>();
  const ranges = new Map<LoopCall, { fn: WasmFn; size: number; align: number }>();
  const importFn = (fn: WasmFn, call: Exclude<LoopCall, { kind: "cond" }>, nargs: number, range: boolean): void => {
    if (importIndex.has(fn)) return;
    const name = `f${importIndex.size}`;
    importIndex.set(fn, mb.importFunction("env", name, Array(nargs).fill("i32"), []));
    importList.push({ name, fn, call, range });
    env[name] = fn;
  };
  for (const fr of frames) {
    for (const c of fr.calls) {
      if (c.kind === "cond") continue;
      const fn = links.fnOf(c);
      fns.set(c, fn);
      importFn(fn, c, c.kind === "kernel" ? c.slots.length : 16 + c.extras.length, false);
      if (parallel && c.kind === "kernel") {
        const r = links.rangeOf?.(c) ?? null;
        const mid = r ? Math.round(r.size / 2 / r.align) * r.align : 0;
        if (r && mid > 0 && mid < r.size) {
          ranges.set(c, r);
          importFn(r.fn, c, c.slots.length + 2, true);
        }
      }
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

  let math: MathLib | null = null;
  const inlineMath = (): MathLib => (math ??= new MathLib(mb));
  const nParams = params.list.length;
  const workParam = params.list.findIndex((p) => p.kind === "work");
  const run = mb.addFunction("run", Array(nParams).fill("i32"), ["i32"], { export: true });
  emitLoop(run, null);
  if (parallel) {
    // run_par(params..., tid, ctl): the join handshake, then the loop with split calls.
    const g = mb.addFunction("run_par", Array(nParams + 2).fill("i32"), ["i32"], { export: true });
    const [tid, ctl] = [nParams, nParams + 1];
    const spins = g.addLocal("i32");
    const joined = g.block();
    g.local_get(tid);
    g.if_();
    // Thread 1: join, unless thread 0 went alone.
    g.local_get(ctl).i32.const(0).i32.const(1).i32_atomic_rmw_cmpxchg();
    g.if_();
    g.i32.const(0).return_();
    g.end();
    g.br(joined);
    g.end();
    // Thread 0: wait for thread 1, or claim the loop and run it alone.
    g.i32.const(JOIN_SPINS).local_set(spins);
    const waiting = g.loop();
    g.local_get(ctl).i32_atomic_load().i32.const(1).i32.eq().br_if(joined);
    g.local_get(spins).i32.const(1).i32.sub().local_tee(spins).br_if(waiting);
    g.end();
    g.local_get(ctl).i32.const(0).i32.const(2).i32_atomic_rmw_cmpxchg().i32.eqz();
    g.if_();
    for (let k = 0; k < nParams; k++) g.local_get(k);
    g.call(run).return_();
    g.end();
    g.end(); // joined (thread 1 joined meanwhile when the exchange failed)
    emitLoop(g, { tid, ctl, bar: g.addLocal("i32") });
  }
  return { bytes: mb.toBytes(), imports: { env }, params: params.list, importList };

  /**
   * The loop, into function `f` (its first parameters are `run`'s). With
   * `par`, as thread `tid` of two: split calls do this thread's half, the
   * rest run on thread 0, and a barrier follows every call.
   */
  function emitLoop(f: FunctionBuilder, par: { tid: number; ctl: number; bar: number } | null): void {
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
    /** Pushes `first` on thread 0 and `second` on thread 1 (constants). */
    const byThread = (first: number, second: number): void => {
      f.i32.const(second).i32.const(first).local_get(par!.tid).select();
    };
    const barrier = (): void => {
      const { ctl, bar } = par!;
      f.local_get(bar).i32.const(2).i32.add().local_set(bar);
      f.local_get(ctl).i32.const(1).i32_atomic_rmw_add(4).drop();
      const wait = f.loop();
      f.local_get(ctl).i32_atomic_load(4).local_get(bar).i32.lt_u().br_if(wait);
      f.end();
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
    const gemmArgs = (fr: LoopFrame, c: Extract<LoopCall, { kind: "gemm" }>, split: number): void => {
      const { plan: g } = c;
      address(fr, c.a);
      f.i32.const(4 * g.a.offset).i32.add();
      f.i32.const(g.a.bs).i32.const(g.a.rs).i32.const(g.a.cs);
      address(fr, c.b);
      f.i32.const(4 * g.b.offset).i32.add();
      if (split) {
        byThread(0, 4 * split * g.b.cs);
        f.i32.add();
      }
      f.i32.const(g.b.bs).i32.const(g.b.rs).i32.const(g.b.cs);
      address(fr, c.c);
      if (split) {
        byThread(0, 4 * split);
        f.i32.add();
      }
      for (const v of [g.m * g.n, g.n, g.batch, g.m]) f.i32.const(v);
      if (split) byThread(split, g.n - split);
      else f.i32.const(g.n);
      f.i32.const(g.k);
      f.local_get(workParam);
      if (split) {
        byThread(0, links.workBytes ?? 0);
        f.i32.add();
      }
      c.extras.forEach((sl, j) => {
        address(fr, sl);
        if (split) {
          byThread(0, 4 * split * c.epilogue!.inputs[j].cs);
          f.i32.add();
        }
      });
    };
    const emitCalls = (fr: LoopFrame): void => {
      for (const c of fr.calls) {
        if (c.kind === "cond") {
          emitCond(fr, c);
          continue;
        }
        const fn = importIndex.get(fns.get(c)!)!;
        if (!par) {
          if (c.kind === "kernel") for (const sl of c.slots) address(fr, sl);
          else gemmArgs(fr, c, 0);
          f.call(fn);
          continue;
        }
        const range = c.kind === "kernel" ? ranges.get(c) : undefined;
        const gemmSplit = c.kind === "gemm" ? Math.round(c.plan.n / 2 / GEMM_SPLIT_ALIGN) * GEMM_SPLIT_ALIGN : 0;
        if (c.kind === "kernel" && range) {
          const mid = Math.round(range.size / 2 / range.align) * range.align;
          for (const sl of c.slots) address(fr, sl);
          byThread(0, mid);
          byThread(mid, range.size);
          f.call(importIndex.get(range.fn)!);
        } else if (c.kind === "gemm" && c.plan.batch === 1 && gemmSplit > 0 && gemmSplit < c.plan.n) {
          gemmArgs(fr, c, gemmSplit);
          f.call(fn);
        } else {
          f.local_get(par.tid).i32.eqz();
          f.if_();
          if (c.kind === "kernel") for (const sl of c.slots) address(fr, sl);
          else gemmArgs(fr, c, 0);
          f.call(fn);
          f.end();
        }
        barrier();
      }
    };
    const inline = inlinePlan();
    if (inline) loopModuleStats.inlined++;
    if (inline)
      for (const { local, type, a } of inline.carries.values()) {
        f.local_get(a);
        emitScalarLoad(f, type);
        f.local_set(local);
      }
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
    const emitFrame = (fr: LoopFrame): void => (inline ? emitInline(inline, fr) : emitCalls(fr));
    if (plan.cond) {
      emitFrame(plan.cond);
      address(plan.cond, plan.cond.program.outputSlots[0]);
      f.i32.load8_u().i32.eqz().br_if(out);
    }
    emitFrame(plan.body);
    f.local_get(t).i32.const(1).i32.add().local_set(t).br(lp);
    f.end().end();
    if (inline) {
      // The final carries where the runtime reads them: buffer A after an even number of steps, B after an odd one.
      for (const { local, type, a, b } of inline.carries.values()) {
        f.local_get(b).local_get(a).local_get(t).i32.const(1).i32.and().select();
        f.local_get(local);
        emitScalarStore(f, type);
      }
    }
    f.local_get(t);

    /**
     * A loop whose body (and while-cond) is one kernel over one point each,
     * with its carries in locals (see inline_scalar.ts); null otherwise.
     */
    function inlinePlan(): InlinePlan | null {
      if (par) return null;
      const calls = new Map<LoopFrame, Extract<LoopCall, { kind: "kernel" }>>();
      for (const fr of plan.cond ? [plan.cond, plan.body] : [plan.body]) {
        const c = fr.calls[0];
        if (fr.calls.length !== 1 || c.kind !== "kernel" || !isInlineScalarKernel(c.kernel)) return null;
        calls.set(fr, c);
      }
      const carries = new Map<number, { local: number; type: KType; a: number; b: number }>();
      for (const [fr, c] of calls) {
        const nIn = c.kernel.inputs.length;
        const carryOf = (slot: number, type: KType): boolean => {
          const r = fr.roles.get(slot);
          if (r?.kind !== "carryIn" && r?.kind !== "carryOut") return true;
          if (fr.program.slotAvals[slot].size !== 1) return false;
          if (!carries.has(r.index)) {
            const [a, b] = sourcesOf(fr, slot);
            carries.set(r.index, { local: f.addLocal(scalarLocal(type)), type, a, b });
          }
          return carries.get(r.index)!.type === type;
        };
        if (!c.kernel.inputs.every((inp, j) => carryOf(c.slots[j], inp.type))) return null;
        if (!c.kernel.outputs.every((o, i) => carryOf(c.slots[nIn + i], o.type))) return null;
      }
      return { calls, carries };
    }

    function emitInline({ calls, carries }: InlinePlan, fr: LoopFrame): void {
      const c = calls.get(fr)!;
      const nIn = c.kernel.inputs.length;
      const carryLocal = (slot: number): number | null => {
        const r = fr.roles.get(slot)!;
        return r.kind === "carryIn" || r.kind === "carryOut" ? carries.get(r.index)!.local : null;
      };
      emitInlineScalarKernel(
        f,
        inlineMath(),
        c.kernel,
        (n, index) => {
          const slot = c.slots[n.input];
          const local = carryLocal(slot);
          if (local !== null) {
            f.local_get(local); // a one-element carry: a gathered index is clamped to 0
            return;
          }
          address(fr, slot);
          if (index !== undefined) addScaledIndex(f.local_get(index), typeBytes(n.type));
          emitScalarLoad(f, n.type, loadOffset(n));
        },
        (i, push) => {
          const slot = c.slots[nIn + i];
          const local = carryLocal(slot);
          if (local !== null) {
            push();
            f.local_set(local);
            return;
          }
          address(fr, slot);
          push();
          emitScalarStore(f, c.kernel.outputs[i].type);
        },
      );
    }
  }
}

interface InlinePlan {
  /** Each frame's one kernel (the body's, and a while loop's cond's). */
  calls: Map<LoopFrame, Extract<LoopCall, { kind: "kernel" }>>;
  /** Carries held in locals, by carry index, with the A and B buffers' parameters. */
  carries: Map<number, { local: number; type: KType; a: number; b: number }>;
}
