// The compiler's program form: a jaxpr becomes slots (buffers) and steps that
// read and write them: fused kernels, GEMMs, compiled loops, and opaque
// primitives. Pure data: a backend compiles and runs it.
import type { ArrayImpl } from "../core/array_impl.ts";
import type { ShapedArray } from "../core/aval.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import type { Epilogue, GemmPlan } from "./gemm_plan.ts";
import { type KType, type Kernel, type Node, type ReduceOp, topoOrder } from "./kernel.ts";

/** A kernel whose loads name program slots (global form, before merging). */
export interface FusedKernel {
  shape: number[];
  reduced: boolean[];
  outputs: { node: Node; reduce: ReduceOp | null; type: KType; slot: number }[];
}

export type Step =
  | { kind: "kernel"; kernel: FusedKernel }
  | { kind: "loop"; plan: LoopPlan; inSlots: number[]; outSlots: number[] }
  | { kind: "gemm"; plan: GemmPlan; inSlots: number[]; outSlots: number[]; epilogue?: Epilogue; extraSlots?: number[] }
  | {
      kind: "prim";
      prim: Primitive;
      params: Params;
      inSlots: number[];
      outSlots: number[];
      inAvals: ShapedArray[];
      outAvals: ShapedArray[];
    };

export interface FusedProgram {
  slotAvals: ShapedArray[];
  inputSlots: number[];
  constSlots: number[];
  /** Arrays created at compile time (literals fed to opaque steps), by slot. */
  literalSlots: Map<number, ArrayImpl>;
  steps: Step[];
  outputSlots: number[];
}

/** Slots each kernel reads. */
export function kernelInputs(k: FusedKernel): Set<number> {
  const s = new Set<number>();
  for (const n of topoOrder(k.outputs.map((o) => o.node))) if (n.kind === "load") s.add(n.input);
  return s;
}

export function stepReads(s: Step): Set<number> {
  if (s.kind === "kernel") return kernelInputs(s.kernel);
  return new Set(s.kind === "gemm" ? [...s.inSlots, ...(s.extraSlots ?? [])] : s.inSlots);
}

export function stepWrites(s: Step): number[] {
  return s.kind === "kernel" ? s.kernel.outputs.map((o) => o.slot) : s.outSlots;
}

// Loops compiled whole: a plan of frames (the body's program, a role for every
// slot, the calls to make each iteration). Types only; loop_plan.ts plans.

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
}

export type SlotRole =
  | { kind: "operand"; index: number }
  | { kind: "carryIn"; index: number }
  | { kind: "carryOut"; index: number }
  | { kind: "xs"; index: number; operand: number; bytes: number }
  | { kind: "ys"; index: number; bytes: number }
  | { kind: "fixed"; array: ArrayImpl }
  | { kind: "scratch"; aval: ShapedArray }
  /** A cond branch's operand or result: that slot of the enclosing frame. */
  | { kind: "outer"; slot: number };

export type LoopCall =
  /** A kernel over slots (its inputs then outputs), localized: input k is slots[k]. */
  | { kind: "kernel"; kernel: Kernel; text: string; slots: number[] }
  | { kind: "gemm"; plan: GemmPlan; epilogue: Epilogue | null; a: number; b: number; c: number; extras: number[] }
  /** lax.cond: the branch chosen by the (clamped) integer in slot `index` runs. */
  | { kind: "cond"; index: number; branches: LoopFrame[] };

export interface LoopFrame {
  program: FusedProgram;
  roles: Map<number, SlotRole>;
  calls: LoopCall[];
  parent: LoopFrame | null;
}

/** Every frame: the loop's own, then cond branches, depth first. */
export function allFrames(frames: LoopFrame[]): LoopFrame[] {
  const out: LoopFrame[] = [];
  const visit = (fr: LoopFrame): void => {
    out.push(fr);
    for (const c of fr.calls) if (c.kind === "cond") c.branches.forEach(visit);
  };
  frames.forEach(visit);
  return out;
}
