// Jaxpr -> a program of steps (program_ir.ts). Elementwise equations and
// views stay lazy (expression nodes over buffers) until something needs the
// value in memory: an output, an opaque equation, or a reduction (which
// absorbs its producers). Lazy values used twice are recomputed unless
// expensive. Each primitive's fusion rule is a handler in one table
// (`ruleOf`); the rest are opaque steps. Kernels over the same iteration space
// are then merged (merge.ts) and GEMM epilogues fused (epilogues.ts).
import type { ArrayImpl } from "../core/array_impl.ts";
import { ShapedArray } from "../core/aval.ts";
import { type Jaxpr, type JaxprEqn, Literal, type Var } from "../core/jaxpr.ts";
import { getPrimitive, isPrim, paramsOf } from "../core/primitive.ts";
import { scanP } from "../lax/control/scan.ts";
import { whileP } from "../lax/control/while.ts";
import { dotGeneralP } from "../lax/dot.ts";
import { gatherP } from "../lax/gather_scatter.ts";
import type { GatherParams } from "../lax/gather_scatter_params.ts";
import { stridesOf } from "../core/shape.ts";
import { castScalar } from "../core/dtypes.ts";
import { broadcastInDimP, iotaP, revP, sliceP, squeezeP, transposeP } from "../lax/shape_ops.ts";
import { fuseEpilogues } from "./epilogues.ts";
import { planDot } from "./gemm_plan.ts";
import { type Node, NodeBuilder, type View, dtypeOfKType, isExpensive, opCount, rebuild, topoOrder } from "./kernel.ts";
import { ktypeFor } from "./ktype.ts";
import { planScanLoop, planWhileLoop } from "./loop_plan.ts";
import { REDUCTIONS, VIEW_PRIMS, isElementwise, isReduction, lowerElementwise, reduceOpOf } from "./lower.ts";
import { lowerThreefry } from "./lower_threefry.ts";
import { inlineCalls } from "./inline_calls.ts";
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

export function fuse(jaxpr: Jaxpr, target: Target): FusedProgram {
  return new Fuser(precomputeScans(inlineCalls(jaxpr)), target).run();
}

class Fuser {
  private readonly b = new NodeBuilder();
  private readonly slotAvals: ShapedArray[] = [];
  private readonly slotOf = new Map<Var, number>();
  private readonly lazy = new Map<Var, Node>();
  private readonly uses = new Map<Var, number>();
  private readonly steps: Step[] = [];
  private readonly literalSlots = new Map<number, ArrayImpl>();

  constructor(
    private readonly jaxpr: Jaxpr,
    private readonly target: Target,
  ) {
    const count = (a: unknown) => {
      if (!(a instanceof Literal)) this.uses.set(a as Var, (this.uses.get(a as Var) ?? 0) + 1);
    };
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

  private nodeOfSlot(slot: number): Node {
    const aval = this.slotAvals[slot];
    return this.b.load(slot, ktypeFor(this.target, aval.dtype)!, aval.shape, contiguousView(aval.shape));
  }

  /** The expression for an operand, or null if its dtype cannot be computed in a kernel. */
  private node(a: Var | Literal): Node | null {
    const t = ktypeFor(this.target, a.aval.dtype);
    if (t === null) return null;
    if (a instanceof Literal) return this.b.const(t, a.aval.shape, constValue(a.value.hostData()[0]));
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

  private materialize(node: Node): number {
    const slot = this.newSlot(avalOf(node));
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
    let r = this.view(x, e);
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
    e.outBinders.forEach((v, i) => {
      this.lazy.set(v, words[i]);
      this.toSlot(v);
    });
    return true;
  }

  fuseElementwise(e: JaxprEqn): boolean {
    const out = e.outBinders[0];
    if (e.outBinders.length !== 1) return false;
    // select_n and clamp take scalar operands next to arrays: broadcast them.
    const args = e.inputs.map((a) => {
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
    this.lazy.set(out, n);
    const many = (this.uses.get(out) ?? 0) > 1;
    // Scalar-only types (float64 on wasm) stay in their own kernel, so their vector consumers keep SIMD.
    const scalar = this.target.scalarTypes;
    const leavesScalar = !scalar.has(n.type) && (args as Node[]).some((a) => scalar.has(a.type));
    const ops = opCount([n]);
    if ((many && (ops > MAX_SHARED_OPS || isExpensive([n]))) || ops > MAX_OPS_PER_VALUE || leavesScalar || this.tooManyBuffers(n))
      this.toSlot(out);
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
   * A gather of single elements (every operand dim collapsed or a batching
   * dim, slices of one element: take, x[idx], take_along_axis, a binary
   * search's probes) as a gathered load: the element offset Σ clamp(index_k)·stride_k joins the
   * kernel that computes the indices and the one that reads the values, so
   * neither the indices nor the gathered values reach memory. Fill mode
   * selects the fill value where an index is out of bounds; the others clamp,
   * as XLA does. Other gathers stay opaque steps (native_gather.ts).
   */
  fuseGather(e: JaxprEqn): boolean {
    const p = paramsOf(gatherP, e);
    const [operand, indices] = e.inputs;
    const out = e.outBinders[0];
    const xa = operand.aval;
    const ia = indices.aval;
    const dn = p.dimension_numbers;
    const nVec = ia.shape[ia.ndim - 1];
    const t = gatheredLoadType(this.target, p, xa, ia);
    if (t === null || out.aval.size === 0) return false;
    const idx = this.node(indices);
    if (idx === null) return false;
    const shape = out.aval.shape;
    const last = ia.ndim - 1;
    const i32 = (v: number) => this.b.const("i32", shape, v);
    const strides = stridesOf(xa.shape);
    let offset: Node | null = null;
    let inBounds: Node | null = null;
    for (let k = 0; k < nVec; k++) {
      const starts = ia.shape.map((_, d) => (d === last ? k : 0));
      const component = this.mapLeaves(idx, shape, (v) => squeezeView(sliceView(v, starts, null), [last]));
      if (component === null) return false;
      const dim = dn.start_index_map[k];
      const hi = i32(xa.shape[dim] - 1);
      if (p.mode === "fill") {
        const ok = this.b.op("and", "bool", [this.b.op("ge", "bool", [component, i32(0)]), this.b.op("le", "bool", [component, hi])]);
        inBounds = inBounds ? this.b.op("and", "bool", [inBounds, ok]) : ok;
      }
      const clamped = this.b.op("clamp", "i32", [i32(0), component, hi]);
      const term = strides[dim] === 1 ? clamped : this.b.op("mul", "i32", [clamped, i32(strides[dim])]);
      offset = offset ? this.b.op("add", "i32", [offset, term]) : term;
    }
    // Batching dims (take_along_axis, vmap of take) pair an operand dim with an output dim: an affine part of the address.
    const view = { strides: shape.map(() => 0), offset: 0 };
    dn.operand_batching_dims.forEach((d, k) => {
      view.strides[dn.start_indices_batching_dims[k]] += strides[d];
    });
    let n: Node = this.b.load(this.toSlot(operand), t, shape, view, offset ?? i32(0));
    if (inBounds) n = this.b.op("select", t, [inBounds, this.b.const(t, shape, castScalar(p.fill_value ?? 0, xa.dtype) as number), n]);
    this.lazy.set(out, n);
    const ops = opCount([n]);
    if (((this.uses.get(out) ?? 0) > 1 && ops > MAX_SHARED_OPS) || ops > MAX_OPS_PER_VALUE || this.tooManyBuffers(n)) this.toSlot(out);
    return true;
  }

  /** dot_general as a GEMM step; operands that are views of buffers (transposes included) are read in place. */
  fuseDot(e: JaxprEqn): boolean {
    if (!e.inputs.every((a) => this.target.gemmDtypes.has(a.aval.dtype))) return false;
    const operand = (a: Var | Literal): { slot: number; view?: View } => {
      const n = a instanceof Literal ? null : this.lazy.get(a);
      // A gathered load is no view of its buffer: it is computed first.
      if (n && n.kind === "load" && !n.index) return { slot: n.input, view: n.view };
      return { slot: this.toSlot(a) };
    };
    const [l, r] = [operand(e.inputs[0]), operand(e.inputs[1])];
    const plan = planDot(e.inputs[0].aval, e.inputs[1].aval, e.outBinders[0].aval, paramsOf(dotGeneralP, e), l.view, r.view);
    if (!plan) return false;
    this.steps.push({ kind: "gemm", plan, inSlots: [l.slot, r.slot], outSlots: [this.bind(e.outBinders[0])] });
    return true;
  }

  /** scan and while whose bodies are kernels and GEMMs: one loop step. */
  fuseLoop(e: JaxprEqn): boolean {
    if (!this.target.loops) return false;
    const outAvals = e.outBinders.map((v) => v.aval);
    const fuseBody = (j: Jaxpr) => fuse(j, this.target);
    const plan = isPrim(e, scanP) ? planScanLoop(fuseBody, e.params, outAvals) : planWhileLoop(fuseBody, paramsOf(whileP, e), outAvals);
    if (!plan) return false;
    const inSlots = e.inputs.map((a) => this.toSlot(a));
    this.steps.push({ kind: "loop", plan, inSlots, outSlots: e.outBinders.map((v) => this.bind(v)) });
    return true;
  }

  /** Its own step on materialised operands. */
  private opaque(e: JaxprEqn): void {
    const inSlots = e.inputs.map((a) => this.toSlot(a));
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
  private mapLeaves(x: Node, outShape: readonly number[], f: (v: View) => View | null): Node | null {
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
 * The kernel type of a gather that fusion makes a gathered load (fuseGather),
 * or null: single elements (every operand dim collapsed or batched, slices of
 * one), int32 indices, a four-byte element type (those gather into vector
 * lanes; others would make their kernel scalar), on a target with gathered
 * loads. Eager fusion (backend/deferred.ts) defers exactly these gathers.
 */
export function gatheredLoadType(target: Target, p: GatherParams, xa: ShapedArray, ia: ShapedArray): "f32" | "i32" | "u32" | null {
  if (!target.gatherLoads || ia.dtype !== "int32" || ia.ndim === 0 || xa.size === 0) return null;
  const dn = p.dimension_numbers;
  const single =
    dn.offset_dims.length === 0 &&
    dn.collapsed_slice_dims.length + dn.operand_batching_dims.length === xa.ndim &&
    dn.start_index_map.length === ia.shape[ia.ndim - 1] &&
    p.slice_sizes.every((s) => s === 1);
  const t = ktypeFor(target, xa.dtype);
  return single && (t === "f32" || t === "i32" || t === "u32") ? t : null;
}

function avalOf(n: Node): ShapedArray {
  return new ShapedArray(n.shape, dtypeOfKType(n.type));
}

type FusionRule = (this: Fuser, e: JaxprEqn) => boolean;

/** Fusion rules by primitive name (views, elementwise ops and reductions are recognised by kind in `ruleOf`). */
const RULES: Record<string, FusionRule> = {
  iota: Fuser.prototype.fuseIota,
  threefry2x32: Fuser.prototype.fuseThreefry,
  dot_general: Fuser.prototype.fuseDot,
  gather: Fuser.prototype.fuseGather,
  scan: Fuser.prototype.fuseLoop,
  while: Fuser.prototype.fuseLoop,
};

/** A literal's value for the kernel IR: a number, or a bigint for an int64/uint64 value beyond 2^53 (kept exact). */
function constValue(v: number | bigint): number | bigint {
  return typeof v === "bigint" && !Number.isSafeInteger(Number(v)) ? v : Number(v);
}
