// A kernel over a single point (shape [], or [1], [1, 1], ...), emitted inline in a compiled
// loop's body rather than called (loop_module.ts). A scan whose body is one
// such kernel (a cumsum, a scalar recurrence) then keeps its carries in
// locals: called, each step stored its carry and the next loaded it back,
// and that store-to-load round trip through memory was the loop's critical
// path (~8 cycles a step; an add alone takes 3).
import { widenNarrowKernel } from "../../../compiler/narrow_widen.ts";
import type { FunctionBuilder } from "../emitter/index.ts";
import type { Kernel, KType, LoadNode } from "../../../compiler/kernel.ts";
import type { MathLib } from "./math.ts";
import { type LocalType, emitConst, emitOp, scalarLocal } from "./ops.ts";
import { typeBytes } from "./loops.ts";

/** Value types inline kernels handle (those whose scalar loads and stores are plain). */
const TYPES: ReadonlySet<KType> = new Set(["f32", "i32", "u32", "bool"]);

/** Whether `k` can be emitted inline: one point, no reduction, plain types, no iota. */
export function isInlineScalarKernel(k: Kernel): boolean {
  // Every index is 0 over a point: a load is its view's offset, whatever the rank.
  if (k.shape.some((d) => d !== 1) || k.outputs.some((o) => o.reduce !== null || !TYPES.has(o.type))) return false;
  if (!k.inputs.every((i) => TYPES.has(i.type))) return false;
  const seen = new Set<number>();
  const ok = (n: Kernel["outputs"][number]["node"]): boolean => {
    if (seen.has(n.id)) return true;
    seen.add(n.id);
    if (!TYPES.has(n.type) || n.kind === "iota") return false;
    if (n.kind === "load" && n.index) return ok(n.index);
    return n.kind !== "op" || n.args.every(ok);
  };
  return k.outputs.every((o) => ok(o.node));
}

/**
 * Emits `k` inline: `load(node, index)` pushes an input's value (a local's,
 * or a load from memory; a gathered load's index, an i32, is in local
 * `index`), then every node is computed into a local, then `store(i, push)`
 * stores output i (`push` pushes its value).
 */
export function emitInlineScalarKernel(
  f: FunctionBuilder,
  math: MathLib,
  k: Kernel,
  load: (n: LoadNode, index: number | undefined) => void,
  store: (output: number, push: () => void) => void,
): void {
  k = widenNarrowKernel(k);
  const tmp = (t: LocalType) => f.addLocal(t);
  const ctx = { f, mode: "scalar" as const, math, tmp };
  const vals = new Map<number, number>();
  const emit = (n: Kernel["outputs"][number]["node"]): number => {
    const have = vals.get(n.id);
    if (have !== undefined) return have;
    if (n.kind === "op") for (const a of n.args) emit(a);
    if (n.kind === "load") load(n, n.index ? emit(n.index) : undefined);
    else if (n.kind === "const") emitConst(ctx, n.type, n.value);
    else if (n.kind === "op") emitOp(ctx, n, (i) => f.local_get(vals.get(n.args[i].id)!));
    else throw new Error(`internal: ${n.kind} in an inline kernel`);
    const local = tmp(scalarLocal(n.type));
    f.local_set(local);
    vals.set(n.id, local);
    return local;
  };
  const outs = k.outputs.map((o) => emit(o.node));
  outs.forEach((local, i) => store(i, () => f.local_get(local)));
}

/** Byte offset of a load node's element within its input (a view's offset). */
export function loadOffset(n: LoadNode): number {
  return n.view.offset * typeBytes(n.type);
}
