// A compiled program: the fused steps with their kernels compiled, the slot
// each step reads and writes, and when each intermediate can be freed.
import { ArrayImpl } from "../../../core/array_impl.ts";
import type { Jaxpr } from "../../../core/jaxpr.ts";
import type { NDArray } from "../../../core/ndarray.ts";
import { applyPrimitive } from "../../../core/eval_trace.ts";
import type { ShapedArray } from "../../../core/aval.ts";
import { config } from "../../../core/config.ts";
import { isComplex } from "../../../core/dtypes.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { type Executable, onBackend } from "../../backend.ts";
import { type FusedProgram, fuse, stepReads } from "../../../compiler/fusion.ts";
import { printKernel } from "../../../compiler/kernel.ts";
import { localize } from "../../../compiler/localize.ts";
import { type LoopFrame, type LoopPlan, allFrames } from "../../../compiler/program_ir.ts";
import type { Epilogue } from "../../../compiler/gemm_plan.ts";
import type { Kernel } from "../../../compiler/kernel.ts";
import { precompile } from "./precompile.ts";
import { type CompiledKernel, compileKernel } from "../codegen/kernel_cache.ts";
import { wasmTarget } from "../target.ts";
import { runGemm } from "./gemm.ts";
import { type CompiledLoop, compileLoop, runLoop } from "./loop.ts";

type RunStep =
  | { kind: "kernel"; compiled: CompiledKernel; inSlots: number[]; outSlots: number[]; free: number[] }
  | { kind: "loop"; loop: CompiledLoop; step: Extract<FusedProgram["steps"][number], { kind: "loop" }>; free: number[] }
  | { kind: "gemm"; step: Extract<FusedProgram["steps"][number], { kind: "gemm" }>; free: number[] }
  | {
      kind: "prim";
      step: Extract<FusedProgram["steps"][number], { kind: "prim" }>;
      free: number[];
      /** Whether the backend's kernel may run directly, on the step's own avals (see runsDirectly). */
      direct: boolean;
    };

export class Program implements Executable {
  private readonly steps: RunStep[];
  /** The last step reading each slot. */
  private readonly lastUse = new Map<number, number>();
  constructor(
    private readonly fused: FusedProgram,
    private readonly backend: WasmBackend,
  ) {
    const keep = new Set([...fused.inputSlots, ...fused.constSlots, ...fused.outputSlots, ...fused.literalSlots.keys()]);
    const lastUse = this.lastUse;
    fused.steps.forEach((s, i) => {
      for (const r of stepReads(s)) lastUse.set(r, i);
    });
    const local = fused.steps.map((s) => (s.kind === "kernel" ? localize(s.kernel) : null));
    precompileSteps(backend, fused, local);
    this.steps = fused.steps.map((s, i) => {
      const free = [...lastUse].filter(([slot, at]) => at === i && !keep.has(slot)).map(([slot]) => slot);
      if (s.kind === "prim") return { kind: "prim", step: s, free, direct: runsDirectly(s) };
      if (s.kind === "loop") return { kind: "loop", loop: compileLoop(backend, s.plan), step: s, free };
      if (s.kind === "gemm") return { kind: "gemm", step: s, free };
      const { kernel, inSlots } = local[i]!;
      return { kind: "kernel", compiled: compileKernel(backend, kernel), inSlots, outSlots: s.kernel.outputs.map((o) => o.slot), free };
    });
  }

  /** Number of kernels and of other steps (what fusion tests assert on). */
  get kernelCount(): number {
    return this.steps.filter((s) => s.kind !== "prim").length;
  }
  /** Whether the program is one compiled loop (plus copies). */
  get isSingleLoop(): boolean {
    return this.steps.some((s) => s.kind === "loop") && this.steps.every((s) => s.kind !== "prim");
  }

  /**
   * Runs the program. `donated[i]` hands argument i's buffer to the program
   * (the argument is deleted): it is freed after its last read, so an output
   * allocated later reuses the block, or becomes the output it is returned as.
   */
  run(args: readonly ArrayImpl[], consts: readonly NDArray[], donated: readonly boolean[] | null = null): ArrayImpl[] {
    const f = this.fused;
    const b = this.backend;
    // (Literals are scalars: never deferred.)
    ArrayImpl.computeDeferred(args);
    ArrayImpl.computeDeferred(consts);
    b.residency.beginOperation();
    const slots: (ArrayImpl | null)[] = new Array(f.slotAvals.length).fill(null);
    // Arrays living on another backend are copied over once (the copy is owned by its ArrayImpl).
    const here = (a: ArrayImpl): ArrayImpl => (a.backend === b ? a : new ArrayImpl(a.aval, a.bufferOn(b), b));
    f.inputSlots.forEach((s, i) => {
      slots[s] = here(args[i]);
    });
    const donatedFrees = donated ? this.takeDonated(args, donated, slots) : null;
    f.constSlots.forEach((s, i) => {
      slots[s] = here(consts[i] as ArrayImpl);
    });
    for (const [s, v] of f.literalSlots) slots[s] = here(v);
    const ptr = (s: number): number => (slots[s]!.buffer() as WasmBuffer).ptr;
    for (const st of this.steps) {
      if (st.kind === "kernel") {
        const ptrs = st.inSlots.map(ptr);
        for (const o of st.outSlots) {
          const aval = f.slotAvals[o];
          slots[o] = new ArrayImpl(aval, b.alloc(aval), b);
          ptrs.push(ptr(o));
        }
        st.compiled.run(...ptrs);
      } else if (st.kind === "loop") {
        const outs = runLoop(
          st.loop,
          b,
          st.step.inSlots.map((s) => slots[s]!),
        );
        st.step.outSlots.forEach((o, i) => {
          slots[o] = outs[i];
        });
      } else if (st.kind === "gemm") {
        const o = st.step.outSlots[0];
        slots[o] = new ArrayImpl(f.slotAvals[o], b.alloc(f.slotAvals[o]), b);
        runGemm(
          b,
          st.step.plan,
          ptr(st.step.inSlots[0]),
          ptr(st.step.inSlots[1]),
          ptr(o),
          st.step.epilogue,
          (st.step.extraSlots ?? []).map(ptr),
        );
      } else if (st.direct && !config.checkFloats) {
        runPrim(b, st.step, slots);
      } else {
        const ins = st.step.inSlots.map((s, i) => ArrayImpl.asOperand(slots[s]!, st.step.inAvals[i]));
        const outs = onBackend(b, () => applyPrimitive(st.step.prim, ins, st.step.params, false)) as ArrayImpl[];
        // A primitive may hand an input back (identities); slots own their arrays, so copy it.
        st.step.outSlots.forEach((o, i) => {
          slots[o] = ins.includes(outs[i]) ? copyArray(outs[i], b) : outs[i];
        });
      }
      for (const s of st.free) {
        slots[s]!.dispose();
        slots[s] = null;
      }
      const also = donatedFrees?.get(st);
      if (also)
        for (const s of also) {
          slots[s]!.dispose();
          slots[s] = null;
        }
    }
    return f.outputSlots.map((s) => slots[s]!);
  }

  /**
   * Moves donated arguments' buffers into program-owned arrays (deleting the
   * arguments) and says after which step each is freed; one never read is freed now.
   */
  private takeDonated(args: readonly ArrayImpl[], donated: readonly boolean[], slots: (ArrayImpl | null)[]): Map<RunStep, number[]> {
    const f = this.fused;
    const frees = new Map<RunStep, number[]>();
    f.inputSlots.forEach((s, i) => {
      if (!donated[i]) return;
      const a = args[i];
      if (slots[s] === a) slots[s] = new ArrayImpl(a.aval, a.donate(), a.backend);
      else a.backend.dispose(a.donate()); // a copy from another backend already stands in for it
      const own = slots[s]!;
      if (f.outputSlots.includes(s) || f.constSlots.includes(s)) return;
      const at = this.lastUse.get(s);
      if (at === undefined) {
        own.dispose();
        slots[s] = null;
        return;
      }
      const step = this.steps[at];
      const list = frees.get(step);
      if (list) list.push(s);
      else frees.set(step, [s]);
    });
    return frees;
  }

  /** The fused program as text: one kernel per block, other steps by primitive name. */
  asText(): string {
    return this.fused.steps
      .map((s, i) => {
        if (s.kind === "prim") return `step ${i}: ${s.prim.name} (reference or native kernel) slots ${s.inSlots} -> ${s.outSlots}`;
        if (s.kind === "gemm") {
          const epi = s.epilogue
            ? ` with epilogue ${printKernel({ shape: [s.plan.batch, s.plan.m, s.plan.n], reduced: [false, false, false], inputs: [], outputs: [{ node: s.epilogue.node, reduce: null, type: "f32" }] })}`
            : "";
          return `step ${i}: gemm batch=${s.plan.batch} m=${s.plan.m} n=${s.plan.n} k=${s.plan.k} slots ${s.inSlots} -> ${s.outSlots}${epi}`;
        }
        if (s.kind === "loop") return `step ${i}: ${describeLoop(s.plan)}`;
        return `step ${i}: ${printKernel(localize(s.kernel).kernel)}`;
      })
      .join("\n");
  }
}

function describeLoop(p: LoopPlan): string {
  const call = (c: LoopFrame["calls"][number]): string =>
    c.kind === "kernel"
      ? c.text
      : c.kind === "gemm"
        ? `gemm batch=${c.plan.batch} m=${c.plan.m} n=${c.plan.n} k=${c.plan.k}`
        : c.branches.map((b, k) => `cond branch ${k}:\n${b.calls.map(call).join("\n").replace(/^/gm, "  ")}`).join("\n");
  const calls = (fr: LoopFrame) => fr.calls.map((c) => call(c).replace(/^/gm, "    ")).join("\n");
  const head = p.kind === "scan" ? `scan loop (length ${p.length}${p.reverse ? ", reverse" : ""})` : "while loop";
  return `${head}, one wasm function${p.cond ? `\n  cond:\n${calls(p.cond)}` : ""}\n  body:\n${calls(p.body)}`;
}

type PrimStep = Extract<FusedProgram["steps"][number], { kind: "prim" }>;

/**
 * Whether a primitive step's backend kernel can run without applyPrimitive:
 * no impl rule (control flow, callbacks) and no complex values (which run
 * as real primitives). Its shape rules ran when the program was traced (the
 * step keeps their avals); rerunning them on every call cost more than the
 * kernel for small operands (a gather's rule ~3 µs; solve of 8 x 8 runs
 * four primitive steps).
 */
function runsDirectly(s: PrimStep): boolean {
  return !s.prim.rules.impl && ![...s.inAvals, ...s.outAvals].some((a) => isComplex(a.dtype));
}

/** Runs a primitive step's backend kernel on the slots' buffers; an output that is an input's buffer is copied (slots own theirs). */
function runPrim(b: WasmBackend, step: PrimStep, slots: (ArrayImpl | null)[]): void {
  const ins = step.inSlots.map((s) => slots[s]!.bufferOn(b));
  const outs = onBackend(b, () => b.execute(step.prim, ins, step.inAvals, step.params, step.outAvals));
  step.outSlots.forEach((o, i) => {
    const buf = outs[i] as WasmBuffer;
    const aval = step.outAvals[i];
    slots[o] = new ArrayImpl(aval, ins.includes(buf) ? copyBuffer(b, buf, aval) : buf, b);
  });
}

function copyArray(a: ArrayImpl, b: WasmBackend): ArrayImpl {
  return new ArrayImpl(a.aval, copyBuffer(b, a.buffer() as WasmBuffer, a.aval), b);
}

/** A fresh buffer holding `src`'s bytes. */
function copyBuffer(b: WasmBackend, src: WasmBuffer, aval: ShapedArray): WasmBuffer {
  const from = src.ptr; // first: a reload may grow the memory
  const buf = b.alloc(aval);
  b.heap.copy(buf.ptr, from, src.bytes);
  return buf;
}

/** Every kernel and GEMM epilogue the program runs (loop bodies included), compiled as one module. */
function precompileSteps(backend: WasmBackend, fused: FusedProgram, local: ({ kernel: Kernel } | null)[]): void {
  const kernels: Kernel[] = [];
  const epilogues: Epilogue[] = [];
  fused.steps.forEach((s, i) => {
    if (s.kind === "kernel") kernels.push(local[i]!.kernel);
    else if (s.kind === "gemm" && s.epilogue) epilogues.push(s.epilogue);
    else if (s.kind === "loop")
      for (const fr of allFrames(s.plan.cond ? [s.plan.cond, s.plan.body] : [s.plan.body]))
        for (const c of fr.calls) {
          if (c.kind === "kernel") kernels.push(c.kernel);
          else if (c.kind === "gemm" && c.epilogue) epilogues.push(c.epilogue);
        }
  });
  precompile(backend, kernels, epilogues);
}

export function compileProgram(jaxpr: Jaxpr, backend: WasmBackend): Program {
  return new Program(fuse(jaxpr, wasmTarget), backend);
}
