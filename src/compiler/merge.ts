// Kernel merging: kernels over the same iteration space are joined (siblings
// whose inputs exist earlier: mean and var in one loop; consumers reading a
// producer's elementwise output at the same index: softmax's exp and sum),
// then outputs nobody reads are dropped.
import type { NodeBuilder } from "./kernel.ts";
import { type Leaf, type Node, rebuild, topoOrder } from "./kernel.ts";
import { type FusedKernel, type Step, kernelInputs, stepReads, stepWrites } from "./program_ir.ts";
import type { Target } from "./target.ts";
import { contiguousView } from "./views.ts";

const sameSpace = (a: FusedKernel, b: FusedKernel): boolean =>
  a.shape.length === b.shape.length &&
  a.shape.every((s, i) => s === b.shape[i]) &&
  (a.reduced.every((r, i) => r === b.reduced[i]) || !a.outputs.some((o) => o.reduce) || !b.outputs.some((o) => o.reduce));

/**
 * Merges a later kernel B into an earlier kernel A over the same iteration
 * space when everything B reads exists before A, or is one of A's elementwise
 * outputs read at the same index (then B uses A's value directly). Outputs no
 * longer read by anyone are dropped.
 */
export function mergeKernels(steps: Step[], outputSlots: number[], b: NodeBuilder, target: Target): Step[] {
  const out = [...steps];
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < out.length && !changed; i++) {
      const A = out[i];
      if (A.kind !== "kernel") continue;
      for (let j = i + 1; j < out.length && !changed; j++) {
        const B = out[j];
        if (B.kind !== "kernel" || !sameSpace(A.kernel, B.kernel)) continue;
        const merged = tryMerge(A.kernel, B.kernel, out.slice(i + 1, j), b, target);
        if (!merged) continue;
        out[i] = { kind: "kernel", kernel: merged };
        out.splice(j, 1);
        changed = true;
      }
    }
  }
  return pruneOutputs(out, outputSlots);
}

function tryMerge(A: FusedKernel, B: FusedKernel, between: Step[], b: NodeBuilder, target: Target): FusedKernel | null {
  // Kernels with scalar-only types run scalar code: joining one to a vector kernel would take its SIMD away.
  if (usesScalarTypes(A, target) !== usesScalarTypes(B, target)) return null;
  const producedBetween = new Set<number>();
  for (const s of between) for (const w of stepWrites(s)) producedBetween.add(w);
  const fromA = new Map<number, Node>();
  for (const o of A.outputs) if (!o.reduce) fromA.set(o.slot, o.node);
  const aReduced = new Set(A.outputs.filter((o) => o.reduce).map((o) => o.slot));
  // B must not read anything made between A and B, nor A's reductions.
  for (const r of kernelInputs(B)) if (producedBetween.has(r) || aReduced.has(r)) return null;
  // B's loads of A's elementwise outputs become A's expressions (only at the same index).
  const leaf = (n: Leaf): Node | null => {
    if (n.kind !== "load" || !fromA.has(n.input)) return n;
    const src = fromA.get(n.input)!;
    return isIdentity(n, src.shape) ? src : null;
  };
  const outputs = [];
  for (const o of B.outputs) {
    const node = rebuild(o.node, b, leaf);
    if (!node) return null;
    outputs.push({ ...o, node });
  }
  // A's reductions need A's reduced mask; B's likewise; they agree or one side has none (sameSpace).
  const reduced = A.outputs.some((o) => o.reduce) ? A.reduced : B.reduced;
  const merged = { shape: A.shape, reduced, outputs: [...A.outputs, ...outputs] };
  if (target.maxKernelBuffers !== undefined && kernelInputs(merged).size + merged.outputs.length > target.maxKernelBuffers) return null;
  return merged;
}

function usesScalarTypes(k: FusedKernel, target: Target): boolean {
  return topoOrder(k.outputs.map((o) => o.node)).some((n) => target.scalarTypes.has(n.type));
}

export function isIdentity(n: Extract<Node, { kind: "load" }>, shape: readonly number[]): boolean {
  const c = contiguousView(shape);
  return (
    n.view.offset === 0 &&
    n.shape.length === shape.length &&
    n.shape.every((s, i) => s === shape[i]) &&
    n.view.strides.every((s, i) => s === c.strides[i] || shape[i] === 1)
  );
}

/** Drops kernel outputs nobody reads (values that merging made internal). */
function pruneOutputs(steps: Step[], outputSlots: number[]): Step[] {
  const read = new Set<number>(outputSlots);
  for (const s of steps) for (const r of stepReads(s)) read.add(r);
  const out: Step[] = [];
  for (const s of steps) {
    if (s.kind !== "kernel") {
      out.push(s);
      continue;
    }
    const outputs = s.kernel.outputs.filter((o) => read.has(o.slot));
    if (outputs.length) out.push({ kind: "kernel", kernel: { ...s.kernel, outputs } });
  }
  return out;
}
