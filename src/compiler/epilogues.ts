// GEMM epilogue fusion (see the function's comment).
import type { ShapedArray } from "../core/aval.ts";
import { type Epilogue, collapseToGroups } from "./gemm_plan.ts";
import { NodeBuilder, hasGatheredLoads, rebuild } from "./kernel.ts";
import { isIdentity } from "./merge.ts";
import { type Step, stepReads, stepWrites } from "./program_ir.ts";

/**
 * GEMM epilogue fusion: an elementwise float32 kernel that is the only reader
 * of a GEMM's result, reads it at the same index, and otherwise reads only
 * values that exist before the GEMM, runs inside the GEMM on each finished
 * block, writing in place. `maxBuffers` (Target.maxKernelBuffers) bounds
 * the buffers the GEMM then binds: A, B, the epilogue's inputs and C.
 */
export function fuseEpilogues(steps: Step[], outputSlots: number[], slotAvals: ShapedArray[], maxBuffers = Infinity): Step[] {
  const out = [...steps];
  for (let g = 0; g < out.length; g++) {
    const G = out[g];
    if (G.kind !== "gemm" || G.epilogue) continue;
    const d = G.outSlots[0];
    if (outputSlots.includes(d)) continue;
    const readers = out.map((s, i) => (i > g && stepReads(s).has(d) ? i : -1)).filter((i) => i >= 0);
    if (readers.length !== 1) continue;
    const j = readers[0];
    const K = out[j];
    if (K.kind !== "kernel" || K.kernel.outputs.length !== 1) continue;
    const o = K.kernel.outputs[0];
    const shape = slotAvals[d].shape;
    // The epilogue code reads its inputs through views only: a gathered load stays in its kernel.
    if (o.reduce || o.type !== "f32" || !sameShape(K.kernel.shape, shape) || hasGatheredLoads([o.node])) continue;
    const producedSince = new Set<number>();
    for (const s of out.slice(g, j)) for (const w of stepWrites(s)) producedSince.add(w);
    const extras: number[] = [];
    const views: Epilogue["inputs"] = [];
    const eb = new NodeBuilder();
    // Input 0 of the epilogue is C itself; others are read through [batch, m, n] strides.
    const node = rebuild(o.node, eb, (n) => {
      if (n.kind === "const") return eb.const(n.type, n.shape, n.value);
      if (n.kind === "iota") return null;
      if (n.input === d) return isIdentity(n, shape) ? eb.load(0, n.type, n.shape, n.view) : null;
      const v = collapseToGroups(G.plan, n.shape, n.view);
      if (!v || producedSince.has(n.input)) return null;
      let k = extras.findIndex((s, i) => s === n.input && JSON.stringify(views[i]) === JSON.stringify(v));
      if (k < 0) {
        extras.push(n.input);
        views.push(v);
        k = extras.length - 1;
      }
      return eb.load(k + 1, n.type, n.shape, n.view);
    });
    if (!node || extras.length + 3 > maxBuffers) continue;
    out[g] = { ...G, epilogue: { node, inputs: views }, extraSlots: extras, outSlots: [o.slot] };
    out.splice(j, 1);
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
