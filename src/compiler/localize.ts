// A fused kernel reads program slots; the kernel a backend compiles reads its
// own inputs 0..n-1, so equal computations on different slots print (and
// cache) alike.
import type { FusedKernel } from "./program_ir.ts";
import { type Kernel, NodeBuilder, rebuild, topoOrder } from "./kernel.ts";

/** Renumbers a fused kernel's loads from program slots to kernel inputs 0..n-1. */
export function localize(k: FusedKernel): { kernel: Kernel; inSlots: number[] } {
  const roots = k.outputs.map((o) => o.node);
  const inSlots: number[] = [];
  const local = new Map<number, number>();
  const types = new Map<number, Kernel["inputs"][number]>();
  for (const n of topoOrder(roots)) {
    if (n.kind !== "load" || local.has(n.input)) continue;
    local.set(n.input, inSlots.length);
    inSlots.push(n.input);
    types.set(n.input, { type: n.type });
  }
  const b = new NodeBuilder();
  const outputs = k.outputs.map((o) => ({
    node: rebuild(o.node, b, (n) =>
      n.kind === "load"
        ? b.load(local.get(n.input)!, n.type, n.shape, n.view)
        : n.kind === "iota"
          ? b.iota(n.type, n.shape, n.view)
          : b.const(n.type, n.shape, n.value),
    )!,
    reduce: o.reduce,
    type: o.type,
  }));
  const inputs = inSlots.map((s) => types.get(s)!);
  return { kernel: { shape: k.shape, reduced: k.reduced, inputs, outputs }, inSlots };
}
