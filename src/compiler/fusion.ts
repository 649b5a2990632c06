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
import { gatherP, scatterAddP } from "../lax/gather_scatter.ts";
import { dynamicSliceP } from "../lax/dynamic_slice.ts";
import type { GatherParams, ScatterParams } from "../lax/gather_scatter_params.ts";
import { stridesOf } from "../core/shape.ts";
import { castScalar } from "../core/dtypes.ts";
import { broadcastInDimP, concatenateP, iotaP, padP, revP, sliceP, squeezeP, transposeP } from "../lax/shape_ops.ts";
import { fuseEpilogues } from "./epilogues.ts";
import { planDot } from "./gemm_plan.ts";
import { type Node, NodeBuilder, type View, dtypeOfKType, hasGatheredLoads, isExpensive, opCount, rebuild, topoOrder } from "./kernel.ts";
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

/**
 * A concatenation along its output's innermost dim reads its pieces lane by
 * lane when fused; past this many elements (outside loop bodies) it stays a
 * move, row copies by memory.copy: two [1000, 500] pieces, 0.10 ms as a move
 * against 0.35 fused.
 */
const MAX_INNER_CONCAT = 16384;

/** `loopBody`: the jaxpr is a scan or while body (fusion keeps it kernels only where it can, so the loop compiles whole). */
export function fuse(jaxpr: Jaxpr, target: Target, loopBody = false): FusedProgram {
  return new Fuser(precomputeScans(inlineCalls(jaxpr)), target, loopBody).run();
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
    private readonly loopBody: boolean,
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

  /**
   * dynamic_slice as a gathered load: the window's elements through the
   * operand's own strides, plus Σ clamp(start_d, 0, dim_d − size_d)·stride_d
   * (XLA's clamp) from the start scalars. Its readers fuse with it, and a
   * loop body that indexes an array by its counter (`x[i]` in a fori_loop)
   * stays kernels only, so the loop compiles whole.
   */
  fuseDynamicSlice(e: JaxprEqn): boolean {
    const [operand, ...starts] = e.inputs;
    const xa = operand.aval;
    const out = e.outBinders[0];
    const t = ktypeFor(this.target, xa.dtype);
    if (!this.target.gatherLoads || (t !== "f32" && t !== "i32" && t !== "u32") || out.aval.size === 0) return false;
    if (!starts.every((a) => a.aval.dtype === "int32")) return false;
    const shape = out.aval.shape;
    const sizes = paramsOf(dynamicSliceP, e).slice_sizes;
    const strides = stridesOf(xa.shape);
    const i32 = (v: number) => this.b.const("i32", shape, v);
    let offset: Node | null = null;
    for (let d = 0; d < starts.length; d++) {
      if (xa.shape[d] === sizes[d]) continue; // the start clamps to 0
      const start = this.node(starts[d]);
      if (start === null) return false;
      const s = this.mapLeaves(start, shape, (v) => ({ strides: shape.map(() => 0), offset: v.offset }));
      if (s === null) return false;
      const clamped = this.b.op("clamp", "i32", [i32(0), s, i32(xa.shape[d] - sizes[d])]);
      const term = strides[d] === 1 ? clamped : this.b.op("mul", "i32", [clamped, i32(strides[d])]);
      offset = offset ? this.b.op("add", "i32", [offset, term]) : term;
    }
    const slot = this.toSlot(operand);
    const view = { strides: [...strides], offset: 0 };
    const n = offset ? this.b.load(slot, t, shape, view, offset) : this.b.load(slot, t, shape, view);
    this.lazy.set(out, n);
    const ops = opCount([n]);
    if (((this.uses.get(out) ?? 0) > 1 && ops > MAX_SHARED_OPS) || ops > MAX_OPS_PER_VALUE || this.tooManyBuffers(n)) this.toSlot(out);
    return true;
  }

  /**
   * dynamic_update_slice as an expression over the operand's shape: the
   * update where a point lies in the window (its starts clamped, as XLA
   * does), the operand elsewhere (windowUpdate). A loop body that writes a
   * window of its carry by its counter stays kernels only and compiles whole.
   */
  fuseDynamicUpdateSlice(e: JaxprEqn): boolean {
    const [operand, update, ...starts] = e.inputs;
    if (!starts.every((a) => a.aval.dtype === "int32")) return false;
    const ua = update.aval;
    const shape = operand.aval.shape;
    // Each start, a scalar, broadcast over the operand's shape.
    const startNodes = starts.map((a) => {
      const n = this.node(a);
      return n && this.mapLeaves(n, shape, (v) => ({ strides: shape.map(() => 0), offset: v.offset }));
    });
    if (startNodes.some((n) => n === null)) return false;
    return this.windowUpdate(
      e,
      operand,
      update,
      startNodes,
      ua.shape,
      ua.shape.map((_, d) => d),
      "clamp",
      "set",
    );
  }

  /**
   * A scatter (set or add) of one update window, as `x.at[i].set(v)` and
   * `x.at[i].add(v)` give: windowUpdate with the window's starts from the
   * single index vector. Mode clip clamps the window; the others drop an
   * update whose window leaves the operand (XLA's scatter).
   */
  fuseScatter(e: JaxprEqn): boolean {
    const p = e.params as ScatterParams; // scatter and scatter-add share their params
    const [operand, indices, update] = e.inputs;
    const xa = operand.aval;
    const ia = indices.aval;
    const ua = update.aval;
    const dn = p.dimension_numbers;
    // One index vector (every batch dim of the indices is 1), int32, no batching dims.
    if (ia.dtype !== "int32" || ia.ndim === 0 || ia.size !== ia.shape[ia.ndim - 1] || dn.operand_batching_dims.length > 0) return false;
    const winDims = xa.shape.map((_, d) => d).filter((d) => !dn.inserted_window_dims.includes(d));
    if (winDims.length !== dn.update_window_dims.length) return false;
    const sizes = xa.shape.map(() => 1);
    const updateDim = xa.shape.map(() => -1);
    winDims.forEach((d, k) => {
      sizes[d] = ua.shape[dn.update_window_dims[k]];
      updateDim[d] = dn.update_window_dims[k];
    });
    const idx = this.node(indices);
    if (idx === null) return false;
    const last = ia.ndim - 1;
    const shape = xa.shape;
    const starts: (Node | null)[] = xa.shape.map(() => null);
    dn.scatter_dims_to_operand_dims.forEach((d, k) => {
      starts[d] = this.mapLeaves(idx, shape, (v) => ({ strides: shape.map(() => 0), offset: v.offset + k * v.strides[last] }));
    });
    if (dn.scatter_dims_to_operand_dims.some((d) => starts[d] === null)) return false;
    return this.windowUpdate(
      e,
      operand,
      update,
      starts,
      sizes,
      updateDim,
      p.mode === "clip" ? "clamp" : "drop",
      e.primitive === scatterAddP ? "add" : "set",
    );
  }

  /**
   * out[p] = the operand's element p, replaced by (or, for "add", plus) the
   * update's element p − start where p lies in the window [start, start +
   * size) of every dim. `starts[d]` is a scalar expression (null: 0),
   * `updateDim[d]` the update's dim that spans operand dim d (-1: a dim of
   * one the update does not have). "clamp" moves a window that does not fit
   * inside; "drop" leaves the operand as it is. The update is read at
   * Σ clamp(p_d − start_d, 0, size_d − 1)·stride (a gathered load; a
   * one-element update is a broadcast). The rest of the operand is copied, as
   * the native moves do: loop carries are not updated in place.
   */
  private windowUpdate(
    e: JaxprEqn,
    operand: Var | Literal,
    update: Var | Literal,
    starts: readonly (Node | null)[],
    sizes: readonly number[],
    updateDim: readonly number[],
    mode: "clamp" | "drop",
    combine: "set" | "add",
  ): boolean {
    const xa = operand.aval;
    const ua = update.aval;
    const t = ktypeFor(this.target, xa.dtype);
    if (!this.target.gatherLoads || (t !== "f32" && t !== "i32" && t !== "u32") || xa.size === 0 || ua.size === 0) return false;
    if (sizes.some((s, d) => s > xa.shape[d])) return false;
    const shape = xa.shape;
    const x = this.node(operand);
    if (x === null) return false;
    const i32 = (v: number) => this.b.const("i32", shape, v);
    const and = (a: Node | null, b: Node): Node => (a ? this.b.op("and", "bool", [a, b]) : b);
    const uStrides = stridesOf(ua.shape);
    let inside: Node | null = null;
    let fits: Node | null = null;
    let offset: Node | null = null;
    for (let d = 0; d < shape.length; d++) {
      const p = this.b.iota("i32", shape, { strides: shape.map((_, k) => (k === d ? 1 : 0)), offset: 0 });
      let at: Node = p;
      const start = starts[d];
      if (sizes[d] < shape[d] || (start !== null && mode === "drop")) {
        if (start === null) {
          // A window narrower than its dim, starting at 0.
          inside = and(inside, this.b.op("lt", "bool", [p, i32(sizes[d])]));
        } else {
          const hi = shape[d] - sizes[d];
          let lo: Node = start;
          if (mode === "clamp") lo = this.b.op("clamp", "i32", [i32(0), start, i32(hi)]);
          else
            fits = and(
              fits,
              this.b.op("and", "bool", [this.b.op("ge", "bool", [start, i32(0)]), this.b.op("le", "bool", [start, i32(hi)])]),
            );
          at = this.b.op("sub", "i32", [p, lo]);
          inside = and(
            inside,
            this.b.op("and", "bool", [this.b.op("ge", "bool", [at, i32(0)]), this.b.op("lt", "bool", [at, i32(sizes[d])])]),
          );
        }
      }
      const ud = updateDim[d];
      if (ud < 0 || ua.shape[ud] === 1) continue;
      const q = at === p && sizes[d] === shape[d] ? p : this.b.op("clamp", "i32", [i32(0), at, i32(sizes[d] - 1)]);
      const term = uStrides[ud] === 1 ? q : this.b.op("mul", "i32", [q, i32(uStrides[ud])]);
      offset = offset ? this.b.op("add", "i32", [offset, term]) : term;
    }
    let u: Node | null;
    if (ua.size === 1) {
      const un = this.node(update);
      u = un && this.mapLeaves(un, shape, (v) => ({ strides: shape.map(() => 0), offset: v.offset }));
    } else u = this.b.load(this.toSlot(update), t, shape, { strides: shape.map(() => 0), offset: 0 }, offset ?? i32(0));
    if (u === null) return false;
    if (combine === "add") u = this.b.op("add", t, [x, u]);
    const where = fits ? and(inside, fits) : inside;
    const n = where ? this.b.op("select", t, [where, x, u]) : u;
    const out = e.outBinders[0];
    this.lazy.set(out, n);
    const ops = opCount([n]);
    if (((this.uses.get(out) ?? 0) > 1 && ops > MAX_SHARED_OPS) || ops > MAX_OPS_PER_VALUE || this.tooManyBuffers(n)) this.toSlot(out);
    return true;
  }

  /**
   * concatenate as an expression: piece k where the point's coordinate along
   * the axis lies in its range, each piece shifted to its place. A piece's
   * iotas shift by their view's offset (any value computes safely), its
   * loads become gathered loads whose coordinate along the axis is clamped
   * into the piece (the other coordinates stay the view's), so points of
   * other pieces read a valid element that is selected away. A piece holding
   * gathered loads is stored first. Concatenations in loop bodies (an RNN
   * cell's [h, x]) then leave the loop kernels only, and concatenated
   * operands fuse with what reads them.
   */
  fuseConcatenate(e: JaxprEqn): boolean {
    const out = e.outBinders[0];
    const shape = out.aval.shape;
    const axis = paramsOf(concatenateP, e).dimension;
    const t = ktypeFor(this.target, out.aval.dtype);
    if (!this.target.gatherLoads || (t !== "f32" && t !== "i32" && t !== "u32") || out.aval.size === 0) return false;
    const innermost = shape.slice(axis + 1).every((d) => d === 1);
    if (innermost && !this.loopBody && out.aval.size > MAX_INNER_CONCAT) return false;
    const i32 = (v: number) => this.b.const("i32", shape, v);
    const p = this.b.iota("i32", shape, { strides: shape.map((_, d) => (d === axis ? 1 : 0)), offset: 0 });
    let result: Node | null = null;
    let end = shape[axis];
    for (let k = e.inputs.length - 1; k >= 0; k--) {
      const a = e.inputs[k];
      const n = a.aval.shape[axis];
      if (n === 0) continue;
      const start = end - n;
      let piece = this.node(a);
      if (piece === null) return false;
      if (hasGatheredLoads([piece])) piece = this.nodeOfSlot(this.toSlot(a));
      const at = this.b.op("clamp", "i32", [i32(0), this.b.op("sub", "i32", [p, i32(start)]), i32(n - 1)]);
      const shifted = rebuild(
        piece,
        this.b,
        (leaf) => {
          if (leaf.kind === "const") return this.b.const(leaf.type, shape, leaf.value);
          const strides = [...leaf.view.strides];
          if (leaf.kind === "iota") return this.b.iota(leaf.type, shape, { strides, offset: leaf.view.offset - start * strides[axis] });
          const step = strides[axis];
          if (step === 0) return this.b.load(leaf.input, leaf.type, shape, { strides, offset: leaf.view.offset }); // broadcast along the axis
          strides[axis] = 0;
          const index = step === 1 ? at : this.b.op("mul", "i32", [at, i32(step)]);
          return this.b.load(leaf.input, leaf.type, shape, { strides, offset: leaf.view.offset }, index);
        },
        shape,
      );
      if (shifted === null) return false;
      result = result === null ? shifted : this.b.op("select", t, [this.b.op("lt", "bool", [p, i32(end)]), result, shifted]);
      end = start;
    }
    if (result === null) return false;
    this.lazy.set(out, result);
    const ops = opCount([result]);
    if (((this.uses.get(out) ?? 0) > 1 && ops > MAX_SHARED_OPS) || ops > MAX_OPS_PER_VALUE || this.tooManyBuffers(result)) this.toSlot(out);
    return true;
  }

  /**
   * pad as an expression: the padding value, or the operand's element where
   * the point lands on one (q_d = p_d − lo_d a multiple of interior_d + 1,
   * inside). Unpadded dims read through the operand's strides; padded ones
   * add clamp(q_d / (interior_d + 1), 0, n_d − 1)·stride_d to a gathered
   * load's index. Interior padding (associative_scan's interleaving, the
   * gradients of strided ops) was an element loop in JS. Outside loop
   * bodies, a large pad of the innermost dim without interior padding stays
   * the row-copy move (native_pad_concat.ts), as for concatenate.
   */
  fusePad(e: JaxprEqn): boolean {
    const [operand, value] = e.inputs;
    const out = e.outBinders[0];
    const xa = operand.aval;
    const shape = out.aval.shape;
    const cfg = paramsOf(padP, e).padding_config;
    const t = ktypeFor(this.target, xa.dtype);
    if (!this.target.gatherLoads || (t !== "f32" && t !== "i32" && t !== "u32") || xa.ndim === 0 || xa.size === 0 || out.aval.size === 0)
      return false;
    const padded = (d: number) => cfg[d][0] !== 0 || cfg[d][1] !== 0 || cfg[d][2] !== 0;
    const interior = cfg.some(([, , i]) => i > 0);
    const inner = shape.length - 1;
    if (!this.loopBody && !interior && padded(inner) && out.aval.size > MAX_INNER_CONCAT) return false;
    const pv = this.node(value);
    if (pv === null) return false;
    const fill = this.mapLeaves(pv, shape, (v) => ({ strides: shape.map(() => 0), offset: v.offset }));
    if (fill === null) return false;
    const i32 = (v: number) => this.b.const("i32", shape, v);
    const and = (a: Node | null, b: Node): Node => (a ? this.b.op("and", "bool", [a, b]) : b);
    const strides = stridesOf(xa.shape);
    const view = { strides: shape.map(() => 0), offset: 0 };
    let valid: Node | null = null;
    let offset: Node | null = null;
    for (let d = 0; d < shape.length; d++) {
      const n = xa.shape[d];
      if (!padded(d)) {
        view.strides[d] = strides[d];
        continue;
      }
      const [lo, , gap] = cfg[d];
      const step = gap + 1;
      const p = this.b.iota("i32", shape, { strides: shape.map((_, k) => (k === d ? 1 : 0)), offset: 0 });
      const q = lo === 0 ? p : this.b.op("sub", "i32", [p, i32(lo)]);
      valid = and(
        valid,
        this.b.op("and", "bool", [this.b.op("ge", "bool", [q, i32(0)]), this.b.op("le", "bool", [q, i32((n - 1) * step)])]),
      );
      let src = q;
      if (step > 1) {
        valid = and(valid, this.b.op("eq", "bool", [this.b.op("rem", "i32", [q, i32(step)]), i32(0)]));
        src = this.b.op("div", "i32", [q, i32(step)]);
      }
      const clamped = this.b.op("clamp", "i32", [i32(0), src, i32(n - 1)]);
      const term = strides[d] === 1 ? clamped : this.b.op("mul", "i32", [clamped, i32(strides[d])]);
      offset = offset ? this.b.op("add", "i32", [offset, term]) : term;
    }
    const slot = this.toSlot(operand);
    const x = offset ? this.b.load(slot, t, shape, view, offset) : this.b.load(slot, t, shape, view);
    const n = valid ? this.b.op("select", t, [valid, fill, x]) : x;
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
    const fuseBody = (j: Jaxpr) => fuse(j, this.target, true);
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
  dynamic_slice: Fuser.prototype.fuseDynamicSlice,
  dynamic_update_slice: Fuser.prototype.fuseDynamicUpdateSlice,
  scatter: Fuser.prototype.fuseScatter,
  "scatter-add": Fuser.prototype.fuseScatter,
  concatenate: Fuser.prototype.fuseConcatenate,
  pad: Fuser.prototype.fusePad,
  scan: Fuser.prototype.fuseLoop,
  while: Fuser.prototype.fuseLoop,
};

/** A literal's value for the kernel IR: a number, or a bigint for an int64/uint64 value beyond 2^53 (kept exact). */
function constValue(v: number | bigint): number | bigint {
  return typeof v === "bigint" && !Number.isSafeInteger(Number(v)) ? v : Number(v);
}
