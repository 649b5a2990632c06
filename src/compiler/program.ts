// A compiled program: the fused steps with their kernels compiled, the slot
// each step reads and writes, and when each intermediate can be freed.
import { ArrayImpl } from "../core/array_impl.ts";
import type { Jaxpr } from "../core/jaxpr.ts";
import type { NDArray } from "../core/ndarray.ts";
import { applyPrimitive } from "../core/eval_trace.ts";
import type { WasmBackend } from "../backend/wasm/backend.ts";
import type { WasmBuffer } from "../backend/wasm/buffer.ts";
import { type FusedKernel, type FusedProgram, fuse } from "./fusion.ts";
import { type CompiledKernel, compileKernel, localize } from "./kernel_cache.ts";
import { printKernel } from "./kernel.ts";

type RunStep =
  | { kind: "kernel"; compiled: CompiledKernel; inSlots: number[]; outSlots: number[]; free: number[] }
  | { kind: "prim"; step: Extract<FusedProgram["steps"][number], { kind: "prim" }>; free: number[] };

export class Program {
  private readonly steps: RunStep[];
  constructor(private readonly fused: FusedProgram, private readonly backend: WasmBackend) {
    const keep = new Set([...fused.inputSlots, ...fused.constSlots, ...fused.outputSlots, ...fused.literalSlots.keys()]);
    const lastUse = new Map<number, number>();
    fused.steps.forEach((s, i) => {
      const reads = s.kind === "kernel" ? kernelReads(s.kernel) : s.inSlots;
      for (const r of reads) lastUse.set(r, i);
    });
    this.steps = fused.steps.map((s, i) => {
      const free = [...lastUse].filter(([slot, at]) => at === i && !keep.has(slot)).map(([slot]) => slot);
      if (s.kind === "prim") return { kind: "prim", step: s, free };
      const { kernel, inSlots } = localize(s.kernel);
      return { kind: "kernel", compiled: compileKernel(kernel), inSlots, outSlots: s.kernel.outputs.map((o) => o.slot), free };
    });
  }

  /** Number of kernels and of other steps (what fusion tests assert on). */
  get kernelCount(): number { return this.steps.filter((s) => s.kind === "kernel").length; }
  get stepCount(): number { return this.steps.length; }

  run(args: readonly ArrayImpl[], consts: readonly NDArray[]): ArrayImpl[] {
    const f = this.fused;
    const b = this.backend;
    const slots: (ArrayImpl | null)[] = new Array(f.slotAvals.length).fill(null);
    f.inputSlots.forEach((s, i) => { slots[s] = args[i]; });
    f.constSlots.forEach((s, i) => { slots[s] = consts[i] as ArrayImpl; });
    for (const [s, v] of f.literalSlots) slots[s] = v;
    const ptr = (s: number): number => (slots[s]!.bufferOn(b) as WasmBuffer).ptr;
    for (const st of this.steps) {
      if (st.kind === "kernel") {
        const ptrs = st.inSlots.map(ptr);
        for (const o of st.outSlots) {
          const aval = f.slotAvals[o];
          slots[o] = new ArrayImpl(aval, b.alloc(aval), b);
          ptrs.push(ptr(o));
        }
        st.compiled.run(...ptrs);
      } else {
        const ins = st.step.inSlots.map((s) => slots[s]!);
        const outs = applyPrimitive(st.step.prim, ins, st.step.params) as ArrayImpl[];
        // A primitive may hand an input back (identities); slots own their arrays, so copy it.
        st.step.outSlots.forEach((o, i) => { slots[o] = ins.includes(outs[i]) ? copyArray(outs[i], b) : outs[i]; });
      }
      for (const s of st.free) { slots[s]!.dispose(); slots[s] = null; }
    }
    return f.outputSlots.map((s) => slots[s]!);
  }

  /** The fused program as text: one kernel per block, other steps by primitive name. */
  asText(): string {
    return this.fused.steps.map((s, i) => {
      if (s.kind === "prim") return `step ${i}: ${s.prim.name} (reference or native kernel) slots ${s.inSlots} -> ${s.outSlots}`;
      return `step ${i}: ${printKernel(localize(s.kernel).kernel)}`;
    }).join("\n");
  }
}

function copyArray(a: ArrayImpl, b: WasmBackend): ArrayImpl {
  const buf = b.alloc(a.aval);
  b.view(buf, a.aval).set(b.view(a.bufferOn(b) as WasmBuffer, a.aval));
  return new ArrayImpl(a.aval, buf, b);
}

function kernelReads(k: FusedKernel): number[] { return localize(k).inSlots; }

export function compileProgram(jaxpr: Jaxpr, backend: WasmBackend): Program {
  return new Program(fuse(jaxpr), backend);
}
