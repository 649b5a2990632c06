// scan and while loops whose bodies compile to kernels and GEMMs only run as
// one wasm function with the loop inside (codegen/loop_module.ts): every
// iteration calls the body's compiled kernels directly, wasm to wasm, with
// pointers into the stacked xs/ys, fixed scratch buffers for intermediates,
// and the carry ping-ponging between two buffers (so a body may read any
// element of the old carry while it writes the new one). No JS runs per
// iteration. Bodies with other steps (nested loops, reference primitives)
// return null here and run as host loops over compiled programs.
import { ArrayImpl } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import type { ClosedJaxpr } from "../core/jaxpr.ts";
import type { Params } from "../core/primitive.ts";
import type { WasmBackend } from "../backend/wasm/backend.ts";
import { type WasmBuffer, storageBytes } from "../backend/wasm/buffer.ts";
import { sgemmWorkspaceBytes } from "../backend/wasm/gemm/index.ts";
import { type FusedProgram, fuse } from "./fusion.ts";
import { compileKernel, localize } from "./kernel_cache.ts";
import { gemmEntry } from "./gemm.ts";
import { type LoopCall, type LoopFrame, type ParamSource, type SlotRole, allFrames, buildLoopModule } from "./codegen/loop_module.ts";
import { wasmApi } from "../backend/wasm/emitter/index.ts";

export interface LoopPlan {
  kind: "scan" | "while";
  body: LoopFrame;
  cond: LoopFrame | null;
  carryAvals: ShapedArray[];
  /** Loop operands holding the initial carry. */
  carryOperands: number[];
  /** Avals of the stacked ys outputs (scan). */
  ysAvals: ShapedArray[];
  length: number;
  reverse: boolean;
  workBytes: number;
}

export interface CompiledLoop {
  readonly plan: LoopPlan;
  /** What each parameter of `run` is, in order. */
  readonly params: ParamSource[];
  /** Returns the number of iterations run (the final carry is in buffer A when it is even). */
  readonly run: (...ptrs: number[]) => number;
}

const bytesOf = (a: ShapedArray): number => a.size * storageBytes(a.dtype);

/**
 * The frame of one fused program inside the loop: the role of every slot
 * (operand, carry in/out, xs/ys slice, fixed array, scratch) and the calls.
 * `inputRole(k)` says what the program's k-th input is; outputs are carries
 * then ys for a body, scratch for a cond.
 */
function frameOf(cj: ClosedJaxpr, inputRole: (k: number) => SlotRole, outputRole: (j: number) => SlotRole, parent: LoopFrame | null = null): LoopFrame | null {
  if (!cj.consts.every((c) => c instanceof ArrayImpl)) return null;
  const program: FusedProgram = fuse(cj.jaxpr);
  const roles = new Map<number, SlotRole>();
  const calls: LoopCall[] = [];
  const frame: LoopFrame = { program, roles, calls, parent };
  program.inputSlots.forEach((s, k) => roles.set(s, inputRole(k)));
  program.constSlots.forEach((s, k) => roles.set(s, { kind: "fixed", array: cj.consts[k] as ArrayImpl }));
  for (const [s, a] of program.literalSlots) roles.set(s, { kind: "fixed", array: a });
  program.outputSlots.forEach((s, j) => roles.set(s, outputRole(j)));
  for (const st of program.steps) {
    if (st.kind === "kernel") {
      const { kernel, inSlots } = localize(st.kernel);
      const compiled = compileKernel(kernel);
      calls.push({ kind: "kernel", fn: compiled.wasmRun, text: compiled.text, slots: [...inSlots, ...st.kernel.outputs.map((o) => o.slot)] });
    } else if (st.kind === "gemm") {
      calls.push({ kind: "gemm", fn: gemmEntry(st.epilogue), plan: st.plan, a: st.inSlots[0], b: st.inSlots[1], c: st.outSlots[0], extras: st.extraSlots ?? [] });
    } else if (st.kind === "prim" && st.prim.name === "cond") {
      // Each branch is a frame whose operands and results are this frame's slots.
      const branches = (st.params.branches as ClosedJaxpr[]).map((br) =>
        frameOf(br, (k) => ({ kind: "outer", slot: st.inSlots[k + 1] }), (j) => ({ kind: "outer", slot: st.outSlots[j] }), frame));
      if (branches.some((b) => b === null)) return null;
      calls.push({ kind: "cond", index: st.inSlots[0], branches: branches as LoopFrame[] });
    } else return null;
    const written = st.kind === "kernel" ? st.kernel.outputs.map((o) => o.slot) : st.outSlots;
    for (const s of written) if (!roles.has(s)) roles.set(s, { kind: "scratch", aval: program.slotAvals[s] });
  }
  return frame;
}

function workBytesOf(frames: LoopFrame[]): number {
  let most = 0;
  for (const f of allFrames(frames)) for (const c of f.calls) if (c.kind === "gemm") most = Math.max(most, sgemmWorkspaceBytes(c.plan.m, c.plan.n, c.plan.k));
  return most;
}

/** scan operands: [consts, init carry, xs]; the body reads them in the same order and returns [carry, ys]. */
export function planScanLoop(params: Params, outAvals: ShapedArray[]): LoopPlan | null {
  const body = params.jaxpr as ClosedJaxpr;
  const nc = params.num_consts as number, nk = params.num_carry as number;
  const length = params.length as number;
  const frame = frameOf(body,
    (k) => (k < nc ? { kind: "operand", index: k } : k < nc + nk ? { kind: "carryIn", index: k - nc } : { kind: "xs", index: k - nc - nk, operand: k, bytes: bytesOf(body.jaxpr.inBinders[k].aval) }),
    (j) => (j < nk ? { kind: "carryOut", index: j } : { kind: "ys", index: j - nk, bytes: bytesOf(body.jaxpr.outs[j].aval) }));
  if (!frame) return null;
  return {
    kind: "scan", body: frame, cond: null, carryAvals: outAvals.slice(0, nk), carryOperands: [...Array(nk).keys()].map((k) => nc + k),
    ysAvals: outAvals.slice(nk), length, reverse: params.reverse as boolean, workBytes: workBytesOf([frame]),
  };
}

/** while operands: [cond consts, body consts, init carry]; cond reads [cond consts, carry], body [body consts, carry]. */
export function planWhileLoop(params: Params, outAvals: ShapedArray[]): LoopPlan | null {
  const ncc = params.cond_nconsts as number, nbc = params.body_nconsts as number;
  const nk = outAvals.length;
  const cond = frameOf(params.cond_jaxpr as ClosedJaxpr,
    (k) => (k < ncc ? { kind: "operand", index: k } : { kind: "carryIn", index: k - ncc }),
    () => ({ kind: "scratch", aval: (params.cond_jaxpr as ClosedJaxpr).jaxpr.outs[0].aval }));
  if (!cond) return null;
  const body = frameOf(params.body_jaxpr as ClosedJaxpr,
    (k) => (k < nbc ? { kind: "operand", index: ncc + k } : { kind: "carryIn", index: k - nbc }),
    (j) => ({ kind: "carryOut", index: j }));
  if (!body) return null;
  return {
    kind: "while", body, cond, carryAvals: outAvals, carryOperands: [...Array(nk).keys()].map((k) => ncc + nbc + k),
    ysAvals: [], length: 0, reverse: false, workBytes: workBytesOf([cond, body]),
  };
}

export function compileLoop(plan: LoopPlan): CompiledLoop {
  const mod = buildLoopModule(plan);
  const api = wasmApi();
  const instance = new api.Instance(new api.Module(mod.bytes), mod.imports);
  return { plan, params: mod.params, run: instance.exports.run as (...p: number[]) => number };
}

/** Runs the loop on the wasm backend: operands in, [final carry, ys] out (new arrays). */
export function runLoop(loop: CompiledLoop, b: WasmBackend, inputs: readonly ArrayImpl[]): ArrayImpl[] {
  const { plan } = loop;
  const here = (a: ArrayImpl): ArrayImpl => (a.backend === b ? a : new ArrayImpl(a.aval, a.bufferOn(b), b));
  // Operands on another backend are copied over once (not once per use).
  const operands = inputs.map(here);
  const owned: ArrayImpl[] = [];
  const fresh = (aval: ShapedArray): ArrayImpl => { const a = new ArrayImpl(aval, b.alloc(aval), b); owned.push(a); return a; };
  const ptr = (a: ArrayImpl): number => (a.buffer() as WasmBuffer).ptr;
  // Buffer A starts as a copy of the initial carry (the operands stay untouched); B is written first.
  const carryA = plan.carryOperands.map((i, k) => {
    const a = fresh(plan.carryAvals[k]);
    const src = operands[i];
    b.heap.u8.copyWithin(ptr(a), ptr(src), ptr(src) + bytesOf(src.aval));
    return a;
  });
  const carryB = plan.carryAvals.map((a) => fresh(a));
  const ys = plan.ysAvals.map((a) => fresh(a));
  let work = 0;
  const args = loop.params.map((p) => {
    switch (p.kind) {
      case "operand": return ptr(operands[p.index]);
      case "carryA": return ptr(carryA[p.index]);
      case "carryB": return ptr(carryB[p.index]);
      case "ys": return ptr(ys[p.index]);
      case "fixed": return ptr(here(p.array));
      case "scratch": return ptr(fresh(p.aval));
      case "work": work = b.heap.alloc(plan.workBytes); return work;
    }
  });
  let count: number;
  try {
    count = loop.run(...args);
  } catch (e) {
    for (const a of owned) a.dispose();
    throw e;
  } finally {
    if (work) b.heap.release(work, plan.workBytes);
  }
  const outputs = [...(count % 2 === 0 ? carryA : carryB), ...ys];
  for (const a of owned) if (!outputs.includes(a)) a.dispose();
  return outputs;
}
