// Jaxpr -> a program of steps (program_ir.ts). Elementwise equations and
// views stay lazy (expression nodes over buffers) until something needs the
// value in memory: an output, an opaque equation, or a reduction (which
// absorbs its producers). Lazy values used twice are recomputed unless
// expensive. Each primitive's fusion rule is a handler in one table
// (`ruleOf`); the rest are opaque steps. Kernels over the same iteration space
// are then merged (merge.ts) and GEMM epilogues fused (epilogues.ts).
import type { ArrayImpl } from "../core/array_impl.ts";
import { ShapedArray } from "../core/aval.ts";
import { shapeEqual } from "../core/shape.ts";
import { type Jaxpr, type JaxprEqn, Literal, type Var } from "../core/jaxpr.ts";
import { getPrimitive, isPrim, paramsOf } from "../core/primitive.ts";
import { scanP } from "../lax/control/scan.ts";
import { whileP } from "../lax/control/while.ts";
import { dotGeneralP } from "../lax/dot.ts";
import { broadcastInDimP, iotaP, revP, sliceP, squeezeP, transposeP } from "../lax/shape_ops.ts";
import {
  type FusionContext,
  fuseConcatenate,
  fuseDynamicSlice,
  fuseDynamicUpdateSlice,
  fuseGather,
  fuseInterleave,
  fusePad,
  fuseScatter,
} from "./fuse_moves.ts";
import { addP, orP } from "../lax/elementwise.ts";
import { fuseEpilogues } from "./epilogues.ts";
import { planDot, relayoutDot } from "./gemm_plan.ts";
import { type LoadNode, type Node, NodeBuilder, type View, dtypeOfKType, isExpensive, opCount, rebuild, topoOrder } from "./kernel.ts";
import { ktypeFor } from "./ktype.ts";
import { planScanLoop, planWhileLoop } from "./loop_plan.ts";
import { REDUCTIONS, VIEW_PRIMS, isElementwise, isReduction, lowerElementwise, reduceOpOf } from "./lower.ts";
import { lowerThreefry } from "./lower_threefry.ts";
import { cse } from "./cse.ts";
import { inlineCalls } from "./inline_calls.ts";
import { decompositionOf, everyTargetDecompositionOf } from "./decompositions.ts";
import { precomputeScans } from "./scan_precompute.ts";
import { mergeKernels } from "./merge.ts";
import type { FusedProgram, Step } from "./program_ir.ts";
import type { Target } from "./target.ts";
import { broadcastView, contiguousView, reshapeView, revView, sliceView, squeezeView, transposeView } from "./views.ts";

export type { FusedKernel, FusedProgram, Step } from "./program_ir.ts";
export { stepReads } from "./program_ir.ts";

const MAX_OPS_PER_VALUE = 64;
/**
 * A value read by more than one equation is stored once it has this many
 * operations, cheap ones included: its readers may land in different kernels
 * (an opaque step such as a gather between them), each recomputing it, and a
 * chain of such values (a binary search's bounds, one level per gather)
 * recomputes every earlier level in every later kernel. A store and a load
 * cost about as much as a few vector operations.
 */
const MAX_SHARED_OPS = 16;
/**
 * A vector operand of a scalar-only computation (float64 on wasm) with more
 * operations than this is stored first: inside the scalar kernel its
 * operations would run one element at a time (the random bits under
 * normal's float64 multiply-add: a whole threefry hash).
 */
const MAX_OPS_INTO_SCALAR = 8;

/** `loopBody`: the jaxpr is a scan or while body (fusion keeps it kernels only where it can, so the loop compiles whole). */
export function fuse(jaxpr: Jaxpr, target: Target, loopBody = false): FusedProgram {
  return new Fuser(
    precomputeScans(inlineCalls(cse(jaxpr), target.specialKernels ? decompositionOf : everyTargetDecompositionOf)),
    target,
    loopBody,
  ).run();
}

class Fuser implements FusionContext {
  readonly b = new NodeBuilder();
  private readonly slotAvals: ShapedArray[] = [];
  private readonly slotOf = new Map<Var, number>();
  private readonly lazy = new Map<Var, Node>();
  private readonly uses = new Map<Var, number>();
  private readonly defs = new Map<Var, JaxprEqn>();
  private readonly steps: Step[] = [];
  private readonly literalSlots = new Map<number, ArrayImpl>();

  constructor(
    private readonly jaxpr: Jaxpr,
    readonly target: Target,
    readonly loopBody: boolean,
  ) {
    const count = (a: unknown) => {
      if (!(a instanceof Literal)) this.uses.set(a as Var, (this.uses.get(a as Var) ?? 0) + 1);
    };
    for (const e of jaxpr.eqns) {
      e.inputs.forEach(count);
      for (const v of e.outBinders) this.defs.set(v, e);
    }
    jaxpr.outs.forEach(count);
  }

  run(): FusedProgram {
    const j = this.jaxpr;
    const constSlots = j.constvars.map((v) => this.bind(v));
    const inputSlots = j.inBinders.map((v) => this.bind(v));
    for (const e of j.eqns) this.equation(e);
    const seen = new Set<number>();
    const outputSlots = j.outs.map((a) => {
      let s = this.reshapedKernelOutput(a) ?? this.toSlot(a);
      // Outputs never alias inputs, constants or each other: each array owns its buffer.
      if (seen.has(s) || inputSlots.includes(s) || constSlots.includes(s) || this.literalSlots.has(s)) s = this.copy(s);
      seen.add(s);
      return s;
    });
    // Output arrays carry the jaxpr's avals (weak types included).
    outputSlots.forEach((s, i) => {
      this.slotAvals[s] = j.outs[i].aval;
    });
    const steps = fuseEpilogues(
      mergeKernels(this.steps, outputSlots, this.b, this.target),
      outputSlots,
      this.slotAvals,
      this.target.maxKernelBuffers,
    );
    return { slotAvals: this.slotAvals, inputSlots, constSlots, literalSlots: this.literalSlots, steps, outputSlots };
  }

  private newSlot(aval: ShapedArray): number {
    this.slotAvals.push(aval);
    return this.slotAvals.length - 1;
  }
  private bind(v: Var): number {
    const s = this.newSlot(v.aval);
    this.slotOf.set(v, s);
    return s;
  }

  nodeOfSlot(slot: number): Node {
    const aval = this.slotAvals[slot];
    return this.b.load(slot, ktypeFor(this.target, aval.dtype)!, aval.shape, contiguousView(aval.shape));
  }

  /** The expression for an operand, or null if its dtype cannot be computed in a kernel. */
  node(a: Var | Literal): Node | null {
    const t = ktypeFor(this.target, a.aval.dtype);
    if (t === null) return null;
    if (a instanceof Literal) return this.b.const(t, a.aval.shape, constValue(a.value.hostData()[0]));
    const lz = this.lazy.get(a);
    if (lz) return lz;
    return this.nodeOfSlot(this.slotOf.get(a)!);
  }

  toSlot(a: Var | Literal): number {
    if (a instanceof Literal) {
      const s = this.newSlot(a.aval);
      this.literalSlots.set(s, a.value);
      return s;
    }
    const s = this.slotOf.get(a);
    if (s !== undefined) return s;
    const lz = this.lazy.get(a)!;
    // A view that is its slot as it is (a reshape to the same shape, a ravel of a vector): the slot itself.
    const same = this.wholeSlot(lz, a.aval);
    if (same !== null) {
      this.lazy.delete(a);
      this.slotOf.set(a, same);
      return same;
    }
    const slot = this.materialize(lz);
    this.lazy.delete(a);
    this.slotOf.set(a, slot);
    return slot;
  }

  /**
   * The slot `n` loads whole, in order, with `aval`'s shape and dtype (so a
   * reader may take the slot itself), or null. With `reshaped`, the slot may
   * have another shape of the same size (a step reading it as `aval`).
   */
  private wholeSlot(n: Node, aval: ShapedArray, reshaped = false): number | null {
    if (n.kind !== "load" || n.index || n.view.offset !== 0) return null;
    const slotAval = this.slotAvals[n.input];
    if (slotAval.dtype !== aval.dtype || !(shapeEqual(slotAval.shape, aval.shape) || (reshaped && slotAval.size === aval.size)))
      return null;
    const strides = contiguousView(aval.shape).strides;
    return n.view.strides.every((st, i) => st === strides[i] || aval.shape[i] === 1) ? n.input : null;
  }

  /** A fresh copy of a slot: a kernel where the dtype allows, else the reference copy. */
  private copy(s: number): number {
    const aval = this.slotAvals[s];
    if (ktypeFor(this.target, aval.dtype) !== null) return this.materialize(this.nodeOfSlot(s));
    const out = this.newSlot(aval);
    this.steps.push({
      kind: "prim",
      prim: getPrimitive("copy")!,
      params: {},
      inSlots: [s],
      outSlots: [out],
      inAvals: [aval],
      outAvals: [aval],
    });
    return out;
  }

  /** A kernel storing `node` whole into `slot` (a fresh one by default). */
  private materialize(node: Node, slot = this.newSlot(avalOf(node))): number {
    this.steps.push({
      kind: "kernel",
      kernel: { shape: [...node.shape], reduced: node.shape.map(() => false), outputs: [{ node, reduce: null, type: node.type, slot }] },
    });
    return slot;
  }

  private equation(e: JaxprEqn): void {
    if (!this.ruleOf(e.primitive.name)?.call(this, e)) this.opaque(e);
  }

  /** The fusion rule of a primitive: it returns false to leave the equation an opaque step. */
  private ruleOf(name: string): FusionRule | undefined {
    if (VIEW_PRIMS.has(name)) return Fuser.prototype.fuseView;
    if (isElementwise(name)) return Fuser.prototype.fuseElementwise;
    if (isReduction(name)) return Fuser.prototype.fuseReduction;
    return RULES[name];
  }

  /** Movement (broadcast, transpose, slice, reshape, ...): a new index map on the operand's expression. */
  fuseView(e: JaxprEqn): boolean {
    const out = e.outBinders[0];
    if (ktypeFor(this.target, out.aval.dtype) === null) return false;
    const x = this.node(e.inputs[0])!;
    let r = recomputesOuter(e) && isExpensive([x]) ? null : this.view(x, e);
    if (r === null) r = this.view(this.nodeOfSlot(this.toSlot(e.inputs[0])), e)!;
    this.lazy.set(out, r);
    return true;
  }

  fuseIota(e: JaxprEqn): boolean {
    const out = e.outBinders[0];
    const t = ktypeFor(this.target, out.aval.dtype);
    if (t === null) return false;
    const { shape, dimension } = paramsOf(iotaP, e);
    const strides = shape.map((_, d) => (d === dimension ? 1 : 0));
    this.lazy.set(out, this.b.iota(t, shape, { strides, offset: 0 }));
    return true;
  }

  /** threefry2x32 as uint32 kernel IR; operands are scalars or share the output's rank with dims of 1 or full size. */
  fuseThreefry(e: JaxprEqn): boolean {
    const shape = e.outBinders[0].aval.shape;
    const args = e.inputs.map((a) => {
      const n = this.node(a);
      if (n === null) return null;
      const dims = n.shape.map((_, d) => d);
      return this.mapLeaves(n, shape, (v) => broadcastView(v, n.shape, shape, dims));
    });
    if (!args.every((a) => a !== null)) return false;
    const words = lowerThreefry(this.b, args as Node[], shape);
    const [w0, w1] = e.outBinders;
    // Both words read once, by one elementwise equation (random bits: w0 ^ w1): that equation computes the hash in
    // its kernel. Otherwise each word is stored: readers in other kernels would each compute the whole hash.
    const paired =
      this.uses.get(w0) === 1 &&
      this.uses.get(w1) === 1 &&
      this.jaxpr.eqns.some((q) => q.inputs.includes(w0) && q.inputs.includes(w1) && isElementwise(q.primitive.name));
    e.outBinders.forEach((v, i) => {
      this.lazy.set(v, words[i]);
      if (!paired) this.toSlot(v);
    });
    return true;
  }

  definition(v: Var): JaxprEqn | null {
    return this.defs.get(v) ?? null;
  }
  usesOf(v: Var): number {
    return this.uses.get(v) ?? 0;
  }
  storeAs(out: Var, n: Node): void {
    this.materialize(n, this.bind(out));
  }

  fuseElementwise(e: JaxprEqn): boolean {
    const out = e.outBinders[0];
    if (e.outBinders.length !== 1) return false;
    if ((e.primitive === addP || e.primitive === orP) && fuseInterleave(this, e)) return true;
    const scalar = this.target.scalarTypes;
    const outType = ktypeFor(this.target, out.aval.dtype);
    // select_n and clamp take scalar operands next to arrays: broadcast them.
    const args = e.inputs.map((a) => {
      const lz = a instanceof Literal ? undefined : this.lazy.get(a);
      if (outType && scalar.has(outType) && lz && !scalar.has(lz.type) && opCount([lz]) > MAX_OPS_INTO_SCALAR) this.toSlot(a);
      const n = this.node(a);
      if (n === null || n.shape.length === out.aval.shape.length) return n;
      return this.mapLeaves(n, out.aval.shape, (v) => ({ strides: out.aval.shape.map(() => 0), offset: v.offset }));
    });
    if (!args.every((a) => a !== null)) return false;
    const n = lowerElementwise(
      this.target,
      this.b,
      e,
      args as Node[],
      e.inputs.map((a) => a.aval),
      out.aval,
    );
    if (!n) return false;
    // Scalar-only types (float64 on wasm) stay in their own kernel, so their vector consumers keep SIMD.
    this.define(out, n, !scalar.has(n.type) && (args as Node[]).some((a) => scalar.has(a.type)));
    return true;
  }

  /** Whether a kernel computing `n` (plus one more input and its output) would bind more buffers than the target allows. */
  private tooManyBuffers(n: Node): boolean {
    const max = this.target.maxKernelBuffers;
    if (max === undefined) return false;
    const slots = new Set<number>();
    for (const m of topoOrder([n])) if (m.kind === "load") slots.add(m.input);
    return slots.size + 2 > max;
  }

  /**
   * `n` as out's lazy value, stored where `store` says so, where it is read
   * twice and has more than MAX_SHARED_OPS operations or an expensive one,
   * where it has more than MAX_OPS_PER_VALUE, or where a kernel computing it
   * would bind too many buffers: the one rule for every lazy value.
   */
  define(out: Var, n: Node, store = false): void {
    this.lazy.set(out, n);
    const ops = opCount([n]);
    const many = (this.uses.get(out) ?? 0) > 1;
    if (store || (many && (ops > MAX_SHARED_OPS || isExpensive([n]))) || ops > MAX_OPS_PER_VALUE || this.tooManyBuffers(n))
      this.toSlot(out);
  }

  /** A reduction absorbs its operand's expression into one kernel. */
  fuseReduction(e: JaxprEqn): boolean {
    const red = reduceOpOf(e.primitive.name, e.inputs[0]?.aval.dtype, this.target);
    if (!red || e.inputs[0].aval.size === 0) return false;
    const x = this.node(e.inputs[0])!;
    const axes = paramsOf(REDUCTIONS, e).axes;
    const slot = this.bind(e.outBinders[0]);
    this.steps.push({
      kind: "kernel",
      kernel: {
        shape: [...x.shape],
        reduced: x.shape.map((_, d) => axes.includes(d)),
        outputs: [{ node: x, reduce: red.op, type: red.type, slot }],
      },
    });
    return true;
  }

  /**
   * dot_general as a GEMM step; operands that are views of buffers
   * (transposes included) are read in place, and those whose batch, free or
   * contracting dims are no single strided dim there are stored transposed
   * first, their producers fused into that copy.
   */
  fuseDot(e: JaxprEqn): boolean {
    if (!e.inputs.every((a) => this.target.gemmDtypes.has(a.aval.dtype))) return false;
    // A gathered load is no view of its buffer: it is computed first.
    const loadOf = (a: Var | Literal): LoadNode | null => {
      const n = a instanceof Literal ? null : this.lazy.get(a);
      return n && n.kind === "load" && !n.index ? n : null;
    };
    const operand = (a: Var | Literal, perm: number[] | null): { slot: number; view?: View; aval: ShapedArray } | null => {
      const load = loadOf(a);
      if (perm === null) return load ? { slot: load.input, view: load.view, aval: a.aval } : { slot: this.toSlot(a), aval: a.aval };
      const x = this.node(a);
      const shape = perm.map((d) => a.aval.shape[d]);
      const t = x && this.mapLeaves(x, shape, (v) => transposeView(v, perm));
      return t && { slot: this.materialize(t), aval: new ShapedArray(shape, a.aval.dtype) };
    };
    const [lhs, rhs] = e.inputs;
    const relayout = relayoutDot(lhs.aval.shape, rhs.aval.shape, paramsOf(dotGeneralP, e), loadOf(lhs)?.view, loadOf(rhs)?.view);
    const l = operand(lhs, relayout?.lhsPerm ?? null);
    const r = operand(rhs, relayout?.rhsPerm ?? null);
    if (!l || !r) return false;
    const plan = planDot(l.aval, r.aval, e.outBinders[0].aval, relayout?.params ?? paramsOf(dotGeneralP, e), l.view, r.view);
    if (!plan) return false;
    this.steps.push({ kind: "gemm", plan, inSlots: [l.slot, r.slot], outSlots: [this.bind(e.outBinders[0])] });
    return true;
  }

  /** scan and while whose bodies are kernels and GEMMs: one loop step. */
  fuseLoop(e: JaxprEqn): boolean {
    if (!this.target.loops) return false;
    const outAvals = e.outBinders.map((v) => v.aval);
    const fuseBody = (j: Jaxpr) => fuse(j, this.target, true);
    const plan = isPrim(e, scanP) ? planScanLoop(fuseBody, e.params, outAvals) : planWhileLoop(fuseBody, paramsOf(whileP, e), outAvals);
    if (!plan) return false;
    const inSlots = e.inputs.map((a) => this.toSlot(a));
    this.steps.push({ kind: "loop", plan, inSlots, outSlots: e.outBinders.map((v) => this.bind(v)) });
    return true;
  }

  /**
   * An operand of a primitive step: a reshape of a slot (stack's
   * expand_dims) is that slot, which the step reads as its operand's aval,
   * rather than a copy. (Loop bodies keep their frames' avals exact.)
   */
  private stepOperand(a: Var | Literal): number {
    const lz = a instanceof Literal || this.loopBody ? undefined : this.lazy.get(a);
    return (lz && this.wholeSlot(lz, a.aval, true)) ?? this.toSlot(a);
  }

  /**
   * An output that is a reshape of a slot a kernel stores (one the reshape
   * cannot see through as a view, such as conv_transpose's interleaved
   * phases): the slot itself, which takes the output's aval (run), rather
   * than a copy. Primitive steps and inputs keep their arrays' avals.
   */
  private reshapedKernelOutput(a: Var | Literal): number | null {
    const lz = a instanceof Literal || this.loopBody ? undefined : this.lazy.get(a);
    const s = lz ? this.wholeSlot(lz, a.aval, true) : null;
    if (s === null || !this.steps.some((st) => st.kind === "kernel" && st.kernel.outputs.some((o) => o.slot === s))) return null;
    return s;
  }

  /** Its own step on materialised operands. */
  private opaque(e: JaxprEqn): void {
    const inSlots = e.inputs.map((a) => this.stepOperand(a));
    const outSlots = e.outBinders.map((v) => this.bind(v));
    this.steps.push({
      kind: "prim",
      prim: e.primitive,
      params: e.params,
      inSlots,
      outSlots,
      inAvals: e.inputs.map((a) => a.aval),
      outAvals: e.outBinders.map((v) => v.aval),
    });
  }

  /** Applies a movement equation to an expression by pushing its index map into every leaf; null if a reshape cannot be a view. */
  private view(x: Node, e: JaxprEqn): Node | null {
    const outShape = e.outBinders[0].aval.shape;
    const inShape = x.shape;
    const f = (v: View): View | null => {
      switch (e.primitive.name) {
        case "broadcast_in_dim":
          return broadcastView(v, inShape, outShape, paramsOf(broadcastInDimP, e).broadcast_dimensions);
        case "transpose":
          return transposeView(v, paramsOf(transposeP, e).permutation);
        case "rev":
          return revView(v, inShape, paramsOf(revP, e).dimensions);
        case "slice": {
          const p = paramsOf(sliceP, e);
          return sliceView(v, p.start_indices, p.strides ?? null);
        }
        case "squeeze":
          return squeezeView(v, paramsOf(squeezeP, e).dimensions);
        case "reshape":
          return reshapeView(v, inShape, outShape);
        default:
          return null;
      }
    };
    return this.mapLeaves(x, outShape, f);
  }

  /** Rebuilds an expression with every leaf's view mapped by f (null if f fails anywhere). */
  mapLeaves(x: Node, outShape: readonly number[], f: (v: View) => View | null): Node | null {
    return rebuild(
      x,
      this.b,
      (n) => {
        if (n.kind === "const") return this.b.const(n.type, outShape, n.value);
        const v = f(n.view);
        if (!v) return null;
        return n.kind === "load" ? this.b.load(n.input, n.type, outShape, v) : this.b.iota(n.type, outShape, v);
      },
      outShape,
    );
  }
}

/**
 * Whether a broadcast repeats its operand along a dim outside one the
 * operand varies along: a kernel reading it would compute the operand's
 * expression again for every element of that dim, where a broadcast along
 * inner dims only is computed once per row (the emitter hoists it). An
 * expensive operand is then stored first: a Hessian by jacfwd of jacrev
 * broadcast exp of [1000] across its 20 basis vectors (40000 exps for 2000).
 */
function recomputesOuter(e: JaxprEqn): boolean {
  if (e.primitive !== broadcastInDimP) return false;
  const inShape = e.inputs[0].aval.shape;
  const outShape = e.outBinders[0].aval.shape;
  const dims = paramsOf(broadcastInDimP, e).broadcast_dimensions;
  const varying = dims.filter((d, i) => inShape[i] > 1);
  if (varying.length === 0) return false;
  const innermostVarying = Math.max(...varying);
  return outShape.some((n, d) => n > 1 && d < innermostVarying && !varying.includes(d));
}

function avalOf(n: Node): ShapedArray {
  return new ShapedArray(n.shape, dtypeOfKType(n.type));
}

type FusionRule = (this: Fuser, e: JaxprEqn) => boolean;

/** A data-movement rule of fuse_moves.ts as a fusion rule. */
const moveRule = (rule: (c: FusionContext, e: JaxprEqn) => boolean): FusionRule =>
  function (this: Fuser, e: JaxprEqn) {
    return rule(this, e);
  };

/** Fusion rules by primitive name (views, elementwise ops and reductions are recognised by kind in `ruleOf`). */
const RULES: Record<string, FusionRule> = {
  iota: Fuser.prototype.fuseIota,
  threefry2x32: Fuser.prototype.fuseThreefry,
  dot_general: Fuser.prototype.fuseDot,
  gather: moveRule(fuseGather),
  dynamic_slice: moveRule(fuseDynamicSlice),
  dynamic_update_slice: moveRule(fuseDynamicUpdateSlice),
  scatter: moveRule(fuseScatter),
  "scatter-add": moveRule(fuseScatter),
  concatenate: moveRule(fuseConcatenate),
  pad: moveRule(fusePad),
  scan: Fuser.prototype.fuseLoop,
  while: Fuser.prototype.fuseLoop,
};

/** A literal's value for the kernel IR: a number, or a bigint for an int64/uint64 value beyond 2^53 (kept exact). */
function constValue(v: number | bigint): number | bigint {
  return typeof v === "bigint" && !Number.isSafeInteger(Number(v)) ? v : Number(v);
}
