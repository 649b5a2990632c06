// A fused program on the webgpu backend: kernels become WGSL dispatches,
// dot_general its kernel, other steps run as primitives (control flow through
// its implementation, still on this backend). Every dispatch is recorded into
// the backend's command encoder: a call queues its work and returns.
import { ArrayImpl } from "../../core/array_impl.ts";
import type { ShapedArray } from "../../core/aval.ts";
import type { NDArray } from "../../core/ndarray.ts";
import { applyPrimitive } from "../../core/eval_trace.ts";
import { localize } from "../../compiler/localize.ts";
import type { FusedProgram } from "../../compiler/program_ir.ts";
import { dotGeneralP } from "../../lax/dot.ts";
import { type Executable, onBackend } from "../backend.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { emitKernel } from "./wgsl.ts";
import { type GemmKernel, gemmDispatches } from "./gemm.ts";

type Step =
  | { kind: "kernel"; code: string; points: number; groups?: [number, number, number]; inSlots: number[]; outSlots: number[] }
  /** A GEMM (its epilogue inside): dispatches over A, B, the epilogue's inputs, then C. */
  | { kind: "gemm"; dispatches: GemmKernel[]; inSlots: number[]; outSlots: number[] }
  | { kind: "other"; index: number };

export class WebGpuProgram implements Executable {
  private readonly steps: Step[];
  constructor(
    private readonly fused: FusedProgram,
    private readonly backend: WebGpuBackend,
  ) {
    this.steps = fused.steps.map((s, index): Step => {
      if (s.kind === "gemm") {
        return {
          kind: "gemm",
          dispatches: gemmDispatches(s.plan, s.epilogue ?? null),
          inSlots: [...s.inSlots, ...(s.extraSlots ?? [])],
          outSlots: s.outSlots,
        };
      }
      if (s.kind !== "kernel") return { kind: "other", index };
      const { kernel, inSlots } = localize(s.kernel);
      const buffers = kernel.inputs.length + kernel.outputs.length;
      if (buffers > (backend.target.maxKernelBuffers ?? Infinity)) {
        throw new Error(`internal: a kernel binds ${buffers} buffers; this device allows ${backend.target.maxKernelBuffers}`);
      }
      const { code, points, groups } = emitKernel(kernel);
      return { kind: "kernel", code, points, groups, inSlots, outSlots: s.kernel.outputs.map((o) => o.slot) };
    });
  }

  get kernelCount(): number {
    return this.steps.filter((s) => s.kind === "kernel" || s.kind === "gemm").length;
  }
  get isSingleLoop(): boolean {
    return false;
  }
  asText(): string {
    return this.steps
      .map((s, i) =>
        s.kind === "kernel"
          ? `step ${i}: kernel\n${s.code}`
          : s.kind === "gemm"
            ? `step ${i}: gemm\n${s.dispatches.map((d) => d.code).join("\n")}`
            : `step ${i}: ${this.fused.steps[s.index].kind}`,
      )
      .join("\n\n");
  }

  run(args: readonly ArrayImpl[], consts: readonly NDArray[]): ArrayImpl[] {
    const f = this.fused;
    const b = this.backend;
    const slots: (ArrayImpl | null)[] = new Array(f.slotAvals.length).fill(null);
    const here = (a: ArrayImpl): ArrayImpl => (a.backend === b ? a : new ArrayImpl(a.aval, a.bufferOn(b), b));
    f.inputSlots.forEach((s, i) => {
      slots[s] = here(args[i]);
    });
    f.constSlots.forEach((s, i) => {
      slots[s] = here(consts[i] as ArrayImpl);
    });
    for (const [s, v] of f.literalSlots) slots[s] = here(v);
    const buf = (s: number) => slots[s]!.buffer() as GpuBuf;
    for (const st of this.steps) {
      if (st.kind === "gemm") {
        const o = st.outSlots[0];
        slots[o] = new ArrayImpl(f.slotAvals[o], b.alloc(f.slotAvals[o]), b);
        const bufs = [...st.inSlots.map(buf), buf(o)];
        for (const d of st.dispatches) b.dispatchGroups(d.code, d.groups, bufs);
        continue;
      }
      if (st.kind === "kernel") {
        const outs = st.outSlots.map((o) => {
          slots[o] = new ArrayImpl(f.slotAvals[o], b.alloc(f.slotAvals[o]), b);
          return buf(o);
        });
        if (st.groups) {
          if (st.points > 0) b.dispatchGroups(st.code, st.groups, [...st.inSlots.map(buf), ...outs]);
        } else b.dispatch(st.code, st.points, [...st.inSlots.map(buf), ...outs]);
        continue;
      }
      const s = f.steps[st.index];
      if (s.kind !== "prim") throw new Error(`internal: a ${s.kind} step on the webgpu backend`);
      const ins = s.inSlots.map((i, k) => ArrayImpl.asOperand(slots[i]!, s.inAvals[k]));
      if (s.prim === dotGeneralP) {
        slots[s.outSlots[0]] = new ArrayImpl(
          s.outAvals[0],
          b.runDot(
            ins.map((a) => a.buffer() as GpuBuf),
            s.inAvals,
            s.params,
            s.outAvals[0],
          ),
          b,
        );
        continue;
      }
      const outs = onBackend(b, () => applyPrimitive(s.prim, ins, s.params, false)) as ArrayImpl[];
      s.outSlots.forEach((o, i) => {
        slots[o] = outs[i];
      });
    }
    // Intermediates are freed now (their destruction waits for the recorded work).
    const keep = new Set([...f.inputSlots, ...f.constSlots, ...f.literalSlots.keys(), ...f.outputSlots]);
    slots.forEach((a, s) => {
      if (a && !keep.has(s)) a.dispose();
    });
    return f.outputSlots.map((s) => slots[s]!);
  }

  /** Runs on bare buffers (an eager primitive), giving bare buffers the caller owns. */
  runBuffers(inputs: GpuBuf[], inAvals: ShapedArray[]): GpuBuf[] {
    const b = this.backend;
    // Views of the caller's buffers, not owners: they must never free them.
    const args = b.untracked(() => inputs.map((buf, i) => new ArrayImpl(inAvals[i], buf, b)));
    return this.run(args, []).map((o) => {
      b.untrack(o.buffer());
      return o.buffer() as GpuBuf;
    });
  }
}
