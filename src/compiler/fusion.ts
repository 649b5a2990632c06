// Jaxpr -> a program of steps. Elementwise equations and views stay lazy
// (expression nodes over buffers) until something needs the value in memory:
// an output, an opaque equation, or a reduction (which absorbs its producers).
// Lazy values used twice are recomputed unless expensive. Kernels over the
// same iteration space are then merged (sibling and producer-consumer fusion).
import { ArrayImpl } from "../core/array_impl.ts";
import { ShapedArray } from "../core/aval.ts";
import { type ClosedJaxpr, type Jaxpr, type JaxprEqn, Literal, type Var } from "../core/jaxpr.ts";
import { localize } from "./kernel_cache.ts";
import { storageBytes } from "../backend/wasm/buffer.ts";
import { type LoopPlan, planScanLoop, planWhileLoop } from "./loop.ts";
import { type GemmPlan, collapseToGroups, planDot } from "./gemm.ts";
import type { Epilogue } from "./codegen/epilogue.ts";
import { type Params, type Primitive, getPrimitive } from "../core/primitive.ts";
import { type KType, type Leaf, type Node, NodeBuilder, type ReduceOp, type View, dtypeOfKType, isExpensive, ktypeOf, opCount, rebuild, topoOrder } from "./kernel.ts";
import { VIEW_PRIMS, isElementwise, lowerElementwise, reduceOpOf } from "./lower.ts";
import { lowerThreefry } from "./lower_threefry.ts";
import { broadcastView, contiguousView, reshapeView, revView, sliceView, squeezeView, transposeView } from "./views.ts";

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
  | { kind: "prim"; prim: Primitive; params: Params; inSlots: number[]; outSlots: number[]; inAvals: ShapedArray[]; outAvals: ShapedArray[] };

export interface FusedProgram {
  slotAvals: ShapedArray[];
  inputSlots: number[];
  constSlots: number[];
  /** Arrays created at compile time (literals fed to opaque steps), by slot. */
  literalSlots: Map<number, ArrayImpl>;
  steps: Step[];
  outputSlots: number[];
}

const MAX_OPS_PER_VALUE = 64;

export function fuse(jaxpr: Jaxpr): FusedProgram {
  return new Fuser(jaxpr).run();
}

class Fuser {
  private readonly b = new NodeBuilder();
  private readonly slotAvals: ShapedArray[] = [];
  private readonly slotOf = new Map<Var, number>();
  private readonly lazy = new Map<Var, Node>();
  private readonly uses = new Map<Var, number>();
  private readonly steps: Step[] = [];
  private readonly literalSlots = new Map<number, ArrayImpl>();

  constructor(private readonly jaxpr: Jaxpr) {
    const count = (a: unknown) => { if (!(a instanceof Literal)) this.uses.set(a as Var, (this.uses.get(a as Var) ?? 0) + 1); };
    for (const e of jaxpr.eqns) e.inputs.forEach(count);
    jaxpr.outs.forEach(count);
  }

  run(): FusedProgram {
    const j = this.jaxpr;
    const constSlots = j.constvars.map((v) => this.bind(v));
    const inputSlots = j.inBinders.map((v) => this.bind(v));
    for (const e of j.eqns) this.equation(e);
    const seen = new Set<number>();
    const outputSlots = j.outs.map((a) => {
      let s = this.toSlot(a);
      // Outputs never alias inputs, constants or each other: each array owns its buffer.
      if (seen.has(s) || inputSlots.includes(s) || constSlots.includes(s) || this.literalSlots.has(s)) s = this.copy(s);
      seen.add(s);
      return s;
    });
    // Output arrays carry the jaxpr's avals (weak types included).
    outputSlots.forEach((s, i) => { this.slotAvals[s] = j.outs[i].aval; });
    const steps = fuseEpilogues(mergeKernels(this.steps, outputSlots, this.b), outputSlots, this.slotAvals);
    return { slotAvals: this.slotAvals, inputSlots, constSlots, literalSlots: this.literalSlots, steps, outputSlots };
  }

  private newSlot(aval: ShapedArray): number { this.slotAvals.push(aval); return this.slotAvals.length - 1; }
  private bind(v: Var): number { const s = this.newSlot(v.aval); this.slotOf.set(v, s); return s; }

  private nodeOfSlot(slot: number): Node {
    const aval = this.slotAvals[slot];
    return this.b.load(slot, ktypeOf(aval.dtype)!, aval.shape, contiguousView(aval.shape));
  }

  /** The expression for an operand, or null if its dtype cannot be computed in a kernel. */
  private node(a: Var | Literal): Node | null {
    const t = ktypeOf(a.aval.dtype);
    if (t === null) return null;
    if (a instanceof Literal) return this.b.const(t, a.aval.shape, Number(a.value.hostData()[0]));
    const lz = this.lazy.get(a);
    if (lz) return lz;
    return this.nodeOfSlot(this.slotOf.get(a)!);
  }

  private toSlot(a: Var | Literal): number {
    if (a instanceof Literal) {
      const s = this.newSlot(a.aval);
      this.literalSlots.set(s, a.value);
      return s;
    }
    const s = this.slotOf.get(a);
    if (s !== undefined) return s;
    const slot = this.materialize(this.lazy.get(a)!);
    this.lazy.delete(a);
    this.slotOf.set(a, slot);
    return slot;
  }

  /** A fresh copy of a slot: a kernel where the dtype allows, else the reference copy. */
  private copy(s: number): number {
    const aval = this.slotAvals[s];
    if (ktypeOf(aval.dtype) !== null) return this.materialize(this.nodeOfSlot(s));
    const out = this.newSlot(aval);
    this.steps.push({ kind: "prim", prim: getPrimitive("copy")!, params: {}, inSlots: [s], outSlots: [out], inAvals: [aval], outAvals: [aval] });
    return out;
  }

  private materialize(node: Node): number {
    const slot = this.newSlot(avalOf(node));
    this.steps.push({ kind: "kernel", kernel: { shape: [...node.shape], reduced: node.shape.map(() => false), outputs: [{ node, reduce: null, type: node.type, slot }] } });
    return slot;
  }

  private equation(e: JaxprEqn): void {
    const name = e.primitive.name;
    const out = e.outBinders[0];
    if (VIEW_PRIMS.has(name) && ktypeOf(out.aval.dtype) !== null) {
      const x = this.node(e.inputs[0])!;
      let r = this.view(x, e);
      if (r === null) r = this.view(this.nodeOfSlot(this.toSlot(e.inputs[0])), e)!;
      this.lazy.set(out, r);
      return;
    }
    if (name === "iota" && ktypeOf(out.aval.dtype) !== null) {
      const shape = e.params.shape as number[];
      const strides = shape.map((_, d) => (d === (e.params.dimension as number) ? 1 : 0));
      this.lazy.set(out, this.b.iota(ktypeOf(out.aval.dtype)!, shape, { strides, offset: 0 }));
      return;
    }
    if (name === "threefry2x32") {
      // Operands are scalars or share the output's rank with dims of 1 or full size.
      const shape = out.aval.shape;
      const args = e.inputs.map((a) => {
        const n = this.node(a);
        if (n === null) return null;
        const dims = n.shape.map((_, d) => d);
        return this.mapLeaves(n, shape, (v) => broadcastView(v, n.shape, shape, dims));
      });
      if (args.every((a) => a !== null)) {
        const words = lowerThreefry(this.b, args as Node[], shape);
        e.outBinders.forEach((v, i) => { this.lazy.set(v, words[i]); this.toSlot(v); });
        return;
      }
    }
    if (isElementwise(name) && e.outBinders.length === 1) {
      // select_n and clamp take scalar operands next to arrays: broadcast them.
      const args = e.inputs.map((a) => {
        const n = this.node(a);
        if (n === null || n.shape.length === out.aval.shape.length) return n;
        return this.mapLeaves(n, out.aval.shape, (v) => ({ strides: out.aval.shape.map(() => 0), offset: v.offset }));
      });
      if (args.every((a) => a !== null)) {
        const n = lowerElementwise(this.b, name, args as Node[], e.inputs.map((a) => a.aval), out.aval, e.params);
        if (n) {
          this.lazy.set(out, n);
          const many = (this.uses.get(out) ?? 0) > 1;
          // float64 stays in its own (scalar) kernel, so its float32 consumers keep SIMD.
          const leavesF64 = n.type !== "f64" && (args as Node[]).some((a) => a.type === "f64");
          if ((many && isExpensive([n])) || opCount([n]) > MAX_OPS_PER_VALUE || leavesF64) this.toSlot(out);
          return;
        }
      }
    }
    const red = reduceOpOf(name, e.inputs[0]?.aval.dtype);
    if (red && e.inputs[0].aval.size > 0) {
      const x = this.node(e.inputs[0])!;
      const axes = e.params.axes as number[];
      const slot = this.bind(out);
      this.steps.push({ kind: "kernel", kernel: { shape: [...x.shape], reduced: x.shape.map((_, d) => axes.includes(d)), outputs: [{ node: x, reduce: red.op, type: red.type, slot }] } });
      return;
    }
    if (name === "dot_general") {
      // Operands that are views of buffers (transposes included) are read in place.
      const operand = (a: Var | Literal): { slot: number; view?: View } => {
        const n = a instanceof Literal ? null : this.lazy.get(a);
        if (n && n.kind === "load") return { slot: n.input, view: n.view };
        return { slot: this.toSlot(a) };
      };
      const [l, r] = [operand(e.inputs[0]), operand(e.inputs[1])];
      const plan = planDot(e.inputs[0].aval, e.inputs[1].aval, out.aval, e.params, l.view, r.view);
      if (plan) {
        this.steps.push({ kind: "gemm", plan, inSlots: [l.slot, r.slot], outSlots: [this.bind(out)] });
        return;
      }
    }
    if (name === "scan" || name === "while") {
      const outAvals = e.outBinders.map((v) => v.aval);
      const plan = name === "scan" ? planScanLoop(e.params, outAvals) : planWhileLoop(e.params, outAvals);
      if (plan) {
        const inSlots = e.inputs.map((a) => this.toSlot(a));
        this.steps.push({ kind: "loop", plan, inSlots, outSlots: e.outBinders.map((v) => this.bind(v)) });
        return;
      }
    }
    // Opaque: its own step on materialised operands.
    const inSlots = e.inputs.map((a) => this.toSlot(a));
    const outSlots = e.outBinders.map((v) => this.bind(v));
    this.steps.push({ kind: "prim", prim: e.primitive, params: e.params, inSlots, outSlots, inAvals: e.inputs.map((a) => a.aval), outAvals: e.outBinders.map((v) => v.aval) });
  }

  /** Applies a movement equation to an expression by pushing its index map into every leaf; null if a reshape cannot be a view. */
  private view(x: Node, e: JaxprEqn): Node | null {
    const outShape = e.outBinders[0].aval.shape;
    const p = e.params;
    const inShape = x.shape;
    const f = (v: View): View | null => {
      switch (e.primitive.name) {
        case "broadcast_in_dim": return broadcastView(v, inShape, outShape, p.broadcast_dimensions as number[]);
        case "transpose": return transposeView(v, p.permutation as number[]);
        case "rev": return revView(v, inShape, p.dimensions as number[]);
        case "slice": return sliceView(v, p.start_indices as number[], (p.strides as number[] | null) ?? null);
        case "squeeze": return squeezeView(v, p.dimensions as number[]);
        case "reshape": return reshapeView(v, inShape, outShape);
        default: return null;
      }
    };
    return this.mapLeaves(x, outShape, f);
  }

  /** Rebuilds an expression with every leaf's view mapped by f (null if f fails anywhere). */
  private mapLeaves(x: Node, outShape: readonly number[], f: (v: View) => View | null): Node | null {
    return rebuild(x, this.b, (n) => {
      if (n.kind === "const") return this.b.const(n.type, outShape, n.value);
      const v = f(n.view);
      if (!v) return null;
      return n.kind === "load" ? this.b.load(n.input, n.type, outShape, v) : this.b.iota(n.type, outShape, v);
    }, outShape);
  }
}

function avalOf(n: Node): ShapedArray {
  return new ShapedArray(n.shape, dtypeOfKType(n.type));
}

/** Slots each kernel reads. */
function kernelInputs(k: FusedKernel): Set<number> {
  const s = new Set<number>();
  for (const n of topoOrder(k.outputs.map((o) => o.node))) if (n.kind === "load") s.add(n.input);
  return s;
}

export function stepReads(s: Step): Set<number> {
  if (s.kind === "kernel") return kernelInputs(s.kernel);
  return new Set(s.kind === "gemm" ? [...s.inSlots, ...(s.extraSlots ?? [])] : s.inSlots);
}

function stepWrites(s: Step): number[] { return s.kind === "kernel" ? s.kernel.outputs.map((o) => o.slot) : s.outSlots; }

const sameSpace = (a: FusedKernel, b: FusedKernel): boolean =>
  a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i]) &&
  (a.reduced.every((r, i) => r === b.reduced[i]) || !a.outputs.some((o) => o.reduce) || !b.outputs.some((o) => o.reduce));

/**
 * Merges a later kernel B into an earlier kernel A over the same iteration
 * space when everything B reads exists before A, or is one of A's elementwise
 * outputs read at the same index (then B uses A's value directly). Outputs no
 * longer read by anyone are dropped.
 */
function mergeKernels(steps: Step[], outputSlots: number[], b: NodeBuilder): Step[] {
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
        const merged = tryMerge(A.kernel, B.kernel, out.slice(i + 1, j), b);
        if (!merged) continue;
        out[i] = { kind: "kernel", kernel: merged };
        out.splice(j, 1);
        changed = true;
      }
    }
  }
  return pruneOutputs(out, outputSlots);
}

function tryMerge(A: FusedKernel, B: FusedKernel, between: Step[], b: NodeBuilder): FusedKernel | null {
  // float64 kernels run scalar code: joining one to a float32 kernel would take its SIMD away.
  if (usesF64(A) !== usesF64(B)) return null;
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
  return { shape: A.shape, reduced, outputs: [...A.outputs, ...outputs] };
}

function usesF64(k: FusedKernel): boolean {
  return topoOrder(k.outputs.map((o) => o.node)).some((n) => n.type === "f64");
}

function isIdentity(n: Extract<Node, { kind: "load" }>, shape: readonly number[]): boolean {
  const c = contiguousView(shape);
  return n.view.offset === 0 && n.shape.length === shape.length && n.shape.every((s, i) => s === shape[i]) &&
    n.view.strides.every((s, i) => s === c.strides[i] || shape[i] === 1);
}

/** Drops kernel outputs nobody reads (values that merging made internal). */
function pruneOutputs(steps: Step[], outputSlots: number[]): Step[] {
  const read = new Set<number>(outputSlots);
  for (const s of steps) for (const r of stepReads(s)) read.add(r);
  const out: Step[] = [];
  for (const s of steps) {
    if (s.kind !== "kernel") { out.push(s); continue; }
    const outputs = s.kernel.outputs.filter((o) => read.has(o.slot));
    if (outputs.length) out.push({ kind: "kernel", kernel: { ...s.kernel, outputs } });
  }
  return out;
}

/**
 * GEMM epilogue fusion: an elementwise float32 kernel that is the only reader
 * of a GEMM's result, reads it at the same index, and otherwise reads only
 * values that exist before the GEMM, runs inside the GEMM on each finished
 * block, writing in place.
 */
function fuseEpilogues(steps: Step[], outputSlots: number[], slotAvals: ShapedArray[]): Step[] {
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
    if (o.reduce || o.type !== "f32" || !sameShape(K.kernel.shape, shape)) continue;
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
      if (k < 0) { extras.push(n.input); views.push(v); k = extras.length - 1; }
      return eb.load(k + 1, n.type, n.shape, n.view);
    });
    if (!node) continue;
    out[g] = { ...G, epilogue: { node, inputs: views }, extraSlots: extras, outSlots: [o.slot] };
    out.splice(j, 1);
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
