// Kernel IR -> a wasm module exporting `run(in0, ..., out0, ...)` (byte
// pointers into the shared memory). The innermost level runs f32x4 SIMD with
// a scalar tail when every access along it is contiguous or broadcast;
// register reductions keep 4 independent vector accumulators. An innermost
// dim of 2 or 3 (a complex number's parts, a stack on the last axis) runs
// SIMD along the dim outside it instead (narrowWidth).
import { widenNarrowKernel } from "../../../compiler/narrow_widen.ts";
import { type FunctionBuilder, type MemoryImport, ModuleBuilder } from "../emitter/index.ts";
import { type Kernel, type KType, type Node, NodeBuilder, type OpNode, type ReduceOp, rebuild } from "../../../compiler/kernel.ts";
import type { KernelOp } from "../../../compiler/ops.ts";
import { type Access, type LoopNest, planLoops, typeBytes } from "./loops.ts";
import { MathLib } from "./math.ts";
import { STRIDED_LANES, pickLanes } from "./strided_lanes.ts";
import {
  type LocalType,
  type Mode,
  addScaledIndex,
  emitConst,
  emitOp,
  emitScalarLoad,
  emitScalarStore,
  scalarLocal,
  simdSupported,
} from "./ops.ts";
import { type NarrowIntKType, is64Int, isNarrowIntK } from "../../../compiler/ktype.ts";

export interface KernelModule {
  bytes: Uint8Array;
  simd: boolean;
  /** Set when the module also exports `range(ptrs..., lo, hi)`, the kernel over [lo, hi) of its outermost loop. */
  split: KernelSplit | null;
}

const FOLD_EVERY = 64;
/**
 * Vectors per iteration of a kernel with gathered loads. A binary search's
 * probes form one dependent chain per vector (lane extracts, loads, compare,
 * select, next address); interleaving eight chains keeps the core busy:
 * searchsorted of 1e5 in 1e6, 5.2 ms as one chain, 1.40 with 4, 1.21 with 8,
 * 1.59 with 16 (register spills).
 */
const GATHER_UNROLL = 8;
/** Select conditions an innermost loop is unswitched on at most (2^n copies of it). */
const MAX_SWITCHED = 3;
const COMBINE: Record<ReduceOp, KernelOp> = { sum: "add", prod: "mul", max: "max", min: "min", and: "and", or: "or" };

export function identityOf(op: ReduceOp, t: KType): number {
  switch (op) {
    case "sum":
    case "or":
      return 0;
    case "prod":
    case "and":
      return 1;
    case "max":
      if (is64Int(t)) return t === "i64" ? -Infinity : 0; // saturated by the i64 constant
      return t === "f32" || t === "f64" ? -Infinity : t === "i32" ? -2147483648 : 0;
    case "min":
      if (is64Int(t)) return Infinity;
      return t === "f32" || t === "f64" ? Infinity : t === "i32" ? 2147483647 : -1; // u32 max as bits
  }
}

/** How a kernel divides among threads: its outermost loop's trip count, cut at multiples of `align`. */
export interface KernelSplit {
  size: number;
  align: number;
}

/**
 * A kernel whose outermost loop is not a reduction can run as independent
 * ranges of that loop (each range writes its own outputs); a register
 * reduction over everything or an in-memory reduction cannot.
 */
export function kernelSplit(nest: LoopNest): KernelSplit | null {
  if (nest.sizes.length === 0 || nest.reduced[0] || nest.reduceInMemory) return null;
  // One merged level: ranges start on 16-element (cache line) boundaries so that SIMD runs throughout.
  return { size: nest.sizes[0], align: nest.sizes.length === 1 ? 16 : 1 };
}

export function buildKernelModule(k: Kernel, memory: MemoryImport): KernelModule {
  const mb = new ModuleBuilder();
  mb.importMemory(memory);
  const { simd, split } = addKernel(mb, new MathLib(mb), k, "");
  return { bytes: mb.toBytes(), simd, split };
}

/**
 * Adds the kernel to a module as the export `${prefix}run(ptrs...)` and, when
 * it can be split among threads, `${prefix}range(ptrs..., lo, hi)` (run is
 * then range over everything: one body serves both). Kernels sharing a
 * module share its math functions.
 */
export function addKernel(mb: ModuleBuilder, math: MathLib, k: Kernel, prefix: string): { simd: boolean; split: KernelSplit | null } {
  const split = kernelSplit(planLoops(k));
  if (!split) return { simd: emitKernelFunction(mb, `${prefix}run`, k, true, false, math).simd, split };
  const nPtrs = k.inputs.length + k.outputs.length;
  const range = emitKernelFunction(mb, `${prefix}range`, k, true, true, math);
  const run = mb.addFunction(`${prefix}run`, Array(nPtrs).fill("i32"), [], { export: true });
  for (let i = 0; i < nPtrs; i++) run.local_get(i);
  run.i32.const(0).i32.const(split.size).call(range.index);
  return { simd: range.simd, split };
}

/** Adds the kernel as a function (in0, ..., out0, ...[, lo, hi]) -> () to a module. */
export function emitKernelFunction(
  mb: ModuleBuilder,
  name: string,
  k: Kernel,
  exported: boolean,
  ranged = false,
  math: MathLib = new MathLib(mb),
): { index: number; simd: boolean } {
  // float16/bfloat16 as rounded float32, 8/16-bit integers as wrapped int32 (the loop plan is the same either way).
  k = widenNarrowKernel(k);
  const nest = planLoops(k);
  const nPtrs = k.inputs.length + k.outputs.length;
  const params = Array(nPtrs + (ranged ? 2 : 0)).fill("i32" as const);
  const f = mb.addFunction(name, params, [], { export: exported });
  const simd = canSimd(k, nest);
  const narrow = simd ? 0 : narrowWidth(k, nest);
  new KernelEmitter(f, math, k, nest, simd, narrow, ranged ? { lo: nPtrs, hi: nPtrs + 1 } : null).emit();
  return { index: f.index, simd: simd || narrow > 0 };
}

function canSimd(k: Kernel, nest: LoopNest): boolean {
  const nL = nest.sizes.length;
  if (nL === 0 || nest.sizes[nL - 1] < 4) return false;
  const inner = nL - 1;
  for (const a of nest.accesses) {
    if (a.kind === "iota") continue;
    if (a.type === "f64" || is64Int(a.type)) return false;
    const s = a.strides[inner];
    // Strided and gathered loads of 4-byte elements fill their lanes one by one (see point()), strided bytes too (narrowLoad).
    const gathered = a.node?.kind === "load" && a.node.index !== undefined;
    const strided = s !== 0 && s !== 1;
    const bytes = typeBytes(a.type);
    if (a.kind === "load" && bytes !== 4 && (gathered || (strided && bytes !== 1))) return false;
    if (a.kind === "store") {
      const red = k.outputs[a.param].reduce !== null;
      // Bools move four bytes at a time (see point() and store); reductions of bools in registers fold lane masks.
      if (red && a.type === "bool" && nest.reduceInMemory) return false;
      if (!red && s !== 1) return false;
      if (red && nest.reduceInMemory && s !== 1) return false;
    }
  }
  return nest.nodes.every((n) => n.type !== "f64" && !is64Int(n.type) && (n.kind !== "op" || simdSupported(n)));
}

/**
 * The width W of a kernel's innermost dim when it is 2 or 3 and the kernel
 * can run SIMD along the dim outside it (0 otherwise): each vector holds one
 * column of four rows, the W columns are computed as W unrolled copies, and
 * each output's W vectors are interleaved by shuffles into W contiguous
 * stores. Scalar, such a kernel paid its whole expression per element: the
 * product of 1e6 complex64 numbers (a [1e6, 2] kernel) took 0.9 ms.
 */
function narrowWidth(k: Kernel, nest: LoopNest): number {
  const nL = nest.sizes.length;
  if (nL < 2 || nest.reduced.some((r) => r)) return 0;
  const w = nest.sizes[nL - 1];
  if ((w !== 2 && w !== 3) || nest.sizes[nL - 2] < 4) return 0;
  for (const a of nest.accesses) {
    if (a.kind === "iota") continue;
    if (typeBytes(a.type) !== 4) return 0;
    if (a.kind === "store" && (a.strides[nL - 1] !== 1 || a.strides[nL - 2] !== w)) return 0;
  }
  return nest.nodes.every((n) => n.type !== "f64" && !is64Int(n.type) && (n.kind !== "op" || simdSupported(n))) ? w : 0;
}

class KernelEmitter {
  private readonly cur: number[];
  private readonly nL: number;
  private readonly reduceOuts: number[];
  private sacc: number[] = [];
  private vacc: number[][] = [];
  /** float32 sums: f64x2 totals the vector accumulators are folded into every FOLD_EVERY iterations. */
  private dacc: (number | null)[] = [];
  private foldCount = -1;
  private readonly unroll: number;
  /** Each load's and iota's access. */
  private readonly accessOf = new Map<Node, number>();
  /** Inside the innermost loop: the values it does not change, computed before it (see hoist). */
  private hoisted: Map<number, { vector: number | null; scalar: number }> | null = null;
  /** Inside the innermost loop's unswitched copy: the max / min bounds known neither NaN nor zero (see unswitch). */
  private plainBounds: ReadonlySet<number> | null = null;

  constructor(
    private readonly f: FunctionBuilder,
    private readonly math: MathLib,
    private readonly k: Kernel,
    private readonly nest: LoopNest,
    private readonly simd: boolean,
    /** The innermost dim's width where the kernel runs SIMD along the dim outside it (narrowWidth), else 0. */
    private readonly narrow: number,
    /** Parameters holding [lo, hi) of the outermost loop, for ranged kernels. */
    private readonly range: { lo: number; hi: number } | null,
  ) {
    this.nL = nest.sizes.length;
    nest.accesses.forEach((a, j) => {
      if (a.node) this.accessOf.set(a.node, j);
    });
    this.reduceOuts = k.outputs.map((o, i) => (o.reduce ? i : -1)).filter((i) => i >= 0);
    const nIn = k.inputs.length;
    // Base pointer of each access: its buffer parameter plus the view's offset.
    this.cur = nest.accesses.map((a) => {
      const p = f.addLocal("i32");
      if (a.kind === "iota") f.i32.const(a.offset);
      else {
        f.local_get(a.kind === "load" ? a.param : nIn + a.param);
        if (a.offset !== 0) f.i32.const(a.offset * a.bytes).i32.add();
      }
      f.local_set(p);
      return p;
    });
    const innerReduced = this.nL > 0 && nest.reduced[this.nL - 1] && !nest.reduceInMemory;
    // Register reductions unroll into independent accumulators; kernels with gathered loads unroll so that
    // their load chains interleave (see points()).
    const gathers = nest.nodes.some((n) => n.kind === "load" && n.index !== undefined);
    const reduces = this.reduceOuts.length > 0;
    const long = simd && nest.sizes[this.nL - 1] >= 16;
    this.unroll = long && innerReduced && reduces ? 4 : long && gathers && !reduces ? GATHER_UNROLL : 1;
  }

  emit(): void {
    if (this.nest.reduceInMemory) this.initOutputsInMemory();
    this.level(0);
  }

  private tmp = (t: LocalType): number => this.f.addLocal(t);
  private scalarType(t: KType): "f32" | "f64" | "i32" | "i64" {
    return scalarLocal(t);
  }

  /** Register reductions: accumulators live across the reduced levels, which start at `firstReduced`. */
  private get firstReduced(): number {
    if (this.nest.reduceInMemory || this.reduceOuts.length === 0) return -1;
    return this.nest.reduced.indexOf(true);
  }

  private level(l: number): void {
    if (l === this.firstReduced) {
      this.initAccumulators();
      this.levelBody(l);
      this.finishAccumulators();
    } else this.levelBody(l);
  }

  private levelBody(l: number): void {
    if (this.nL === 0) {
      this.point("scalar");
      return;
    }
    if (l === this.nL - 1) {
      this.innerLevel();
      return;
    }
    if (this.narrow && l === this.nL - 2) {
      this.narrowLevel(l);
      return;
    }
    const { f } = this;
    const saved = [...this.cur];
    const moving = this.forkPointers(l);
    const i = this.startCounter(l, moving);
    const out = f.block();
    const lp = f.loop();
    f.local_get(i);
    if (l === 0 && this.range) f.local_get(this.range.hi);
    else f.i32.const(this.nest.sizes[l]);
    f.i32.ge_u().br_if(out);
    this.level(l + 1);
    this.advance(moving, l, 1);
    f.local_get(i).i32.const(1).i32.add().local_set(i).br(lp);
    f.end().end();
    this.cur.splice(0, this.cur.length, ...saved);
  }

  /** Fresh pointer locals for accesses that move along level l (so inner loops do not disturb outer ones). */
  private forkPointers(l: number): number[] {
    const moving: number[] = [];
    this.nest.accesses.forEach((a, j) => {
      if (a.strides[l] === 0) return;
      const p = this.tmp("i32");
      this.f.local_get(this.cur[j]).local_set(p);
      this.cur[j] = p;
      moving.push(j);
    });
    return moving;
  }

  /** The loop counter of level l: from 0, or from `lo` (with the moving pointers advanced to it) for a ranged outermost level. */
  private startCounter(l: number, moving: number[]): number {
    const { f } = this;
    const i = this.tmp("i32");
    if (l !== 0 || !this.range) {
      f.i32.const(0).local_set(i);
      return i;
    }
    f.local_get(this.range.lo).local_set(i);
    for (const j of moving) {
      const a = this.nest.accesses[j];
      f.local_get(this.cur[j])
        .local_get(i)
        .i32.const(a.strides[0] * a.bytes)
        .i32.mul()
        .i32.add()
        .local_set(this.cur[j]);
    }
    return i;
  }

  private advance(moving: number[], l: number, steps: number): void {
    for (const j of moving) {
      const a = this.nest.accesses[j];
      this.f
        .local_get(this.cur[j])
        .i32.const(a.strides[l] * a.bytes * steps)
        .i32.add()
        .local_set(this.cur[j]);
    }
  }

  /** Level l of a narrow kernel: four rows at a time as W vectors each (the innermost level unrolled), then row by row. */
  private narrowLevel(l: number): void {
    const { f } = this;
    const saved = [...this.cur];
    const moving = this.forkPointers(l);
    const i = this.startCounter(l, moving);
    const end = (): void => {
      if (l === 0 && this.range) f.local_get(this.range.hi);
      else f.i32.const(this.nest.sizes[l]);
    };
    const loop = (step: number, body: () => void): void => {
      const out = f.block();
      const lp = f.loop();
      f.local_get(i).i32.const(step).i32.add();
      end();
      f.i32.gt_s().br_if(out);
      body();
      this.advance(moving, l, step);
      f.local_get(i).i32.const(step).i32.add().local_set(i).br(lp);
      f.end().end();
    };
    // Each unrolled copy is one column: selects on the column (a stack or concatenation along the last
    // dim, complex numbers' real and imaginary parts) pick their case at compile time.
    this.columnPicks = Array.from({ length: this.narrow }, (_, c) => {
      const known = this.columnConditions(c);
      return known.size > 0 ? { picked: known, live: this.liveNodes(known) } : null;
    });
    loop(4, () => this.points("simd", this.narrow));
    this.columnPicks = null;
    loop(1, () => this.innerLevel());
    this.cur.splice(0, this.cur.length, ...saved);
  }
  /** In a narrow kernel's four-row loop: each column's known select conditions and the nodes its outputs need (null: none known). */
  private columnPicks: ({ picked: ReadonlyMap<number, boolean>; live: ReadonlySet<number> } | null)[] | null = null;

  /**
   * The select conditions that are constant in column c of a narrow kernel:
   * those whose expression, rebuilt with every iota that moves along the
   * innermost level only replaced by its value at coordinate c, folds to a
   * constant (kernel.ts foldOp); loads or other iotas leave it unknown.
   */
  private columnConditions(c: number): Map<number, boolean> {
    const inner = this.nL - 1;
    const b = new NodeBuilder();
    const known = new Map<number, boolean>();
    for (const n of this.nest.nodes) {
      if (n.kind !== "op" || n.op !== "select" || n.args.length !== 3 || n.args[0].type !== "bool") continue;
      const v = rebuild(n.args[0], b, (leaf) => {
        if (leaf.kind === "const") return b.const(leaf.type, leaf.shape, leaf.value);
        if (leaf.kind !== "iota") return null;
        const a = this.nest.accesses[this.accessOf.get(leaf)!];
        if (!a.strides.every((st, lv) => lv === inner || st === 0)) return null;
        return b.iota(leaf.type, leaf.shape, { strides: leaf.shape.map(() => 0), offset: a.offset + a.strides[inner] * c });
      });
      if (v?.kind === "const") known.set(n.args[0].id, v.value !== 0);
    }
    return known;
  }

  private innerLevel(): void {
    const { f } = this;
    const l = this.nL - 1;
    const n = this.nest.sizes[l];
    const saved = [...this.cur];
    const moving = this.forkPointers(l);
    const i = this.startCounter(l, moving);
    this.hoisted = this.hoist();
    const bounds = this.plainBoundCandidates();
    const ranged = l === 0 && this.range !== null;
    const loop = (step: number, body: () => void, advanceBy: number): void => {
      const out = f.block();
      const lp = f.loop();
      // while (i + step <= n), n = hi for a ranged level
      if (ranged) f.local_get(i).i32.const(step).i32.add().local_get(this.range!.hi).i32.gt_s().br_if(out);
      else
        f.local_get(i)
          .i32.const(n - step + 1)
          .i32.ge_s()
          .br_if(out);
      body();
      this.advance(moving, l, advanceBy);
      f.local_get(i).i32.const(step).i32.add().local_set(i).br(lp);
      f.end().end();
    };
    const loops = (): void => {
      if (this.simd) {
        const u = this.unroll;
        if (u > 1)
          loop(
            4 * u,
            () => {
              this.points("simd", u);
              this.maybeFold();
            },
            4 * u,
          );
        loop(4, () => this.point("simd"), 4);
      }
      loop(1, () => this.point("scalar"), 1);
    };
    const versions = (): void => (bounds.size > 0 ? this.unswitch(bounds, loops) : loops());
    this.unswitchSelects(this.switchConditions(), versions);
    this.hoisted = null;
    this.cur.splice(0, this.cur.length, ...saved);
  }

  /**
   * Conditions the innermost loop does not change of selects it computes (a
   * fused stack or concatenation along an outer dim picks its piece by the
   * row): hoisted bools, at most MAX_SWITCHED.
   */
  private switchConditions(): Node[] {
    const hoisted = this.hoisted;
    if (hoisted === null) return [];
    const conds = new Map<number, Node>();
    for (const n of this.nest.nodes)
      if (
        n.kind === "op" &&
        n.op === "select" &&
        n.args.length === 3 &&
        n.args[0].type === "bool" &&
        hoisted.has(n.args[0].id) &&
        !hoisted.has(n.id)
      )
        conds.set(n.args[0].id, n.args[0]);
    return conds.size <= MAX_SWITCHED ? [...conds.values()] : [];
  }

  /**
   * The innermost loop once per combination of the select conditions it
   * does not change, chosen before it, each computing only the cases its
   * selects pick (see points). A fused select computes every case at every
   * point: the stack of a Lorenz system's three derivatives in an RK4 step
   * computed all three for each row.
   */
  private unswitchSelects(conds: readonly Node[], loops: () => void, known = new Map<number, boolean>()): void {
    if (conds.length === known.size) {
      this.picked = known.size > 0 ? known : null;
      this.live = known.size > 0 ? this.liveNodes(known) : null;
      loops();
      this.picked = this.live = null;
      return;
    }
    const c = conds[known.size];
    this.f.local_get(this.hoisted!.get(c.id)!.scalar).if_();
    this.unswitchSelects(conds, loops, new Map([...known, [c.id, true]]));
    this.f.else_();
    this.unswitchSelects(conds, loops, new Map([...known, [c.id, false]]));
    this.f.end();
  }
  /** In an unswitched copy of the innermost loop: each known select condition's value, and the nodes its outputs need. */
  private picked: ReadonlyMap<number, boolean> | null = null;
  private live: ReadonlySet<number> | null = null;

  /** The nodes the outputs need where the selects on `known` conditions take one case. */
  private liveNodes(known: ReadonlyMap<number, boolean>): Set<number> {
    const live = new Set<number>();
    const visit = (n: Node): void => {
      if (live.has(n.id)) return;
      live.add(n.id);
      if (n.kind === "load" && n.index) visit(n.index);
      if (n.kind !== "op") return;
      const pick = n.op === "select" ? known.get(n.args[0].id) : undefined;
      if (pick === undefined) n.args.forEach(visit);
      else visit(n.args[pick ? 2 : 1]);
    };
    for (const o of this.k.outputs) visit(o.node);
    return live;
  }

  /**
   * Loop-invariant operands of float32 max / min whose other operand moves
   * (an eager clip's bounds, which are arrays): hoisted values, SIMD loops only.
   */
  private plainBoundCandidates(): Set<number> {
    const bounds = new Set<number>();
    if (!this.simd || this.hoisted === null) return bounds;
    const inner = this.nL - 1;
    for (const [bound, other] of this.minMaxOperands)
      if (this.hoisted.has(bound.id) && !this.innerInvariant(other, this.accessOf, inner)) bounds.add(bound.id);
    return bounds;
  }

  /** Each operand of a float32 max / min with the operand beside it. */
  private get minMaxOperands(): Array<[Node, Node]> {
    this.minMaxPairs ??= this.nest.nodes.flatMap(
      (n): Array<[Node, Node]> =>
        n.kind === "op" && (n.op === "max" || n.op === "min") && n.type === "f32"
          ? [
              [n.args[0], n.args[1]],
              [n.args[1], n.args[0]],
            ]
          : [],
    );
    return this.minMaxPairs;
  }
  private minMaxPairs: Array<[Node, Node]> | null = null;

  /**
   * The innermost loop twice, chosen once before it: where every bound is
   * neither NaN nor zero, max / min against them are pmax / pmin (one
   * instruction; V8 lowers the NaN- and zero-exact f32x4.max to eight), else
   * the loop as it is. Eager jnp.clip of 1e6 with its bounds in arrays: 0.17 → 0.07 ms.
   */
  private unswitch(bounds: Set<number>, loops: () => void): void {
    const { f } = this;
    const all = this.tmp("i32");
    f.i32.const(1).local_set(all);
    for (const id of bounds) {
      const s = this.hoisted!.get(id)!.scalar;
      // s == s (not NaN) and s != 0
      f.local_get(all).local_get(s).local_get(s).f32.eq().i32.and();
      f.local_get(s).f32.const(0).f32.ne().i32.and().local_set(all);
    }
    f.local_get(all).if_();
    this.plainBounds = bounds;
    loops();
    this.plainBounds = null;
    f.else_();
    loops();
    f.end();
  }

  /**
   * The operations the innermost loop does not change (a row's statistics
   * under layer normalisation, arithmetic on broadcast operands), computed
   * once before it: as a vector whose lanes are equal where the loop runs
   * SIMD (the scalar tail takes its lane 0, so every point sees the same
   * value), else as a scalar. nn.standardize of 1000² paid a division and
   * an rsqrt per element for values that change once per row (0.46 ms).
   * Null where there is no such operation.
   */
  private hoist(): Map<number, { vector: number | null; scalar: number }> | null {
    const { f } = this;
    const inner = this.nL - 1;
    const invariant = this.nest.nodes.filter((n) => this.innerInvariant(n, this.accessOf, inner));
    // Worth it for an operation, or for a max / min bound (a load) the loop may be unswitched on.
    const bounds = new Set(this.simd ? this.minMaxOperands.map(([a]) => a.id) : []);
    if (!invariant.some((n) => n.kind === "op" || (n.kind === "load" && bounds.has(n.id)))) return null;
    const mode: Mode = this.simd ? "simd" : "scalar";
    const ctx = { f, mode, math: this.math, tmp: this.tmp };
    const vals = new Map<number, number>();
    const hoisted = new Map<number, { vector: number | null; scalar: number }>();
    for (const n of invariant) {
      this.node(n, mode, 0, vals, this.accessOf, ctx, inner);
      const t = this.tmp(mode === "simd" ? "v128" : this.scalarType(n.type));
      f.local_set(t);
      vals.set(n.id, t);
      if (n.kind === "const") continue; // constants stay where they are used: they cost nothing to make
      if (mode === "scalar") {
        hoisted.set(n.id, { vector: null, scalar: t });
        continue;
      }
      const s = this.tmp(this.scalarType(n.type));
      f.local_get(t);
      if (n.type === "f32") f.f32x4.extract_lane(0);
      else f.i32x4.extract_lane(0);
      if (n.type === "bool") f.i32.const(1).i32.and(); // a lane mask (0 / -1) as a bool (0 / 1)
      f.local_set(s);
      hoisted.set(n.id, { vector: t, scalar: s });
    }
    return hoisted;
  }

  /** One point (or 4 lanes) of the iteration space. */
  private point(mode: Mode): void {
    this.points(mode, 1);
  }

  /**
   * `copies` consecutive points (vectors of 4 lanes), unrolled: each node is
   * emitted for every copy before the next node, so the copies' dependency
   * chains interleave (a gathered load's address waits on the lanes before
   * it; one chain alone leaves the core idle between them).
   */
  private points(mode: Mode, copies: number): void {
    const { f, nest } = this;
    const vals = Array.from({ length: copies }, () => new Map<number, number>());
    const plain = this.plainBounds;
    const ctx = { f, mode, math: this.math, tmp: this.tmp, plainBound: plain ? (n: Node) => plain.has(n.id) : undefined };
    const inner = this.laneLevel(mode);
    const accessOf = this.accessOf;
    for (const n of nest.nodes)
      for (let copy = 0; copy < copies; copy++) {
        const h = this.hoisted?.get(n.id);
        if (h) {
          vals[copy].set(n.id, mode === "simd" ? h.vector! : h.scalar);
          continue;
        }
        const column = this.columnPicks?.[copy] ?? null;
        const live = column?.live ?? this.live;
        if (live && !live.has(n.id)) continue;
        const pick = n.kind === "op" && n.op === "select" ? (column?.picked ?? this.picked)?.get(n.args[0].id) : undefined;
        if (pick !== undefined) {
          vals[copy].set(n.id, vals[copy].get((n as OpNode).args[pick ? 2 : 1].id)!);
          continue;
        }
        this.node(n, mode, copy, vals[copy], accessOf, ctx, inner);
        const t = this.tmp(mode === "simd" ? "v128" : this.scalarType(n.type));
        f.local_set(t);
        vals[copy].set(n.id, t);
      }
    if (mode === "simd" && this.narrow) this.interleavedStores(vals);
    else for (let copy = 0; copy < copies; copy++) this.outputs(mode, copy, vals[copy], ctx);
  }

  /** The level a vector's lanes step along: the innermost, or the one outside it in a narrow kernel. */
  private laneLevel(mode: Mode): number {
    return mode === "simd" && this.narrow ? this.nL - 2 : this.nL - 1;
  }

  /**
   * Bytes from an access's pointer to lane `lane` of unrolled copy `copy`:
   * copies are consecutive vectors along the innermost level, or in a narrow
   * kernel its W columns (the innermost coordinate) with lanes along the level outside.
   */
  private laneBytes(a: Access, copy: number, lane: number): number {
    const s = a.strides;
    const inner = this.nL - 1;
    if (this.narrow) return (copy * s[inner] + lane * s[inner - 1]) * a.bytes;
    return (copy * 4 + lane) * (s[inner] ?? 0) * a.bytes;
  }

  /** Each output's W column vectors (one per copy) interleaved into W contiguous vectors of its rows. */
  private interleavedStores(vals: Map<number, number>[]): void {
    const { f, nest } = this;
    const w = this.narrow;
    this.k.outputs.forEach((o, i) => {
      const j = nest.accesses.findIndex((a) => a.kind === "store" && a.param === i);
      const cols = vals.map((v) => v.get(o.node.id)!);
      for (let r = 0; r < w; r++) {
        f.local_get(this.cur[j]);
        this.shuffleLanes(
          cols,
          [0, 1, 2, 3].map((q) => ({ col: (4 * r + q) % w, lane: Math.floor((4 * r + q) / w) })),
        );
        f.v128.store({ offset: 16 * r, align: 4 });
      }
    });
  }

  /** Pushes the vector whose lane q is lane `picks[q].lane` of local `cols[picks[q].col]` (three locals at most). */
  private shuffleLanes(cols: number[], picks: { col: number; lane: number }[]): void {
    const { f } = this;
    const bytes = (laneOf: (q: number) => number): number[] => [0, 1, 2, 3].flatMap((q) => [0, 1, 2, 3].map((b) => 4 * laneOf(q) + b));
    const [a, b = a, c] = [...new Set(picks.map((p) => p.col))];
    f.local_get(cols[a]).local_get(cols[b]);
    f.i8x16.shuffle(bytes((q) => (picks[q].col === a ? picks[q].lane : picks[q].col === b ? 4 + picks[q].lane : 0)));
    if (c === undefined) return;
    f.local_get(cols[c]).i8x16.shuffle(bytes((q) => (picks[q].col === c ? 4 + picks[q].lane : q)));
  }

  /** Pushes node n's value at unrolled copy `copy` (its operands' locals in `vals`). */
  private node(
    n: Node,
    mode: Mode,
    copy: number,
    vals: Map<number, number>,
    accessOf: Map<Node, number>,
    ctx: { f: FunctionBuilder; mode: Mode; math: MathLib; tmp: (t: LocalType) => number },
    inner: number,
  ): void {
    const { f, nest } = this;
    switch (n.kind) {
      case "load": {
        const j = accessOf.get(n)!;
        const a = nest.accesses[j];
        const step = (a.strides[inner] ?? 0) * a.bytes;
        if (n.index && mode === "simd" && this.innerInvariant(n.index, accessOf, inner)) {
          // Every lane's index is the same (a dynamic_slice's start): one address, then the access's own load.
          const at = this.tmp("i32");
          f.local_get(this.cur[j]).local_get(vals.get(n.index.id)!).i32x4.extract_lane(0);
          addScaledIndex(f, a.bytes);
          f.local_set(at);
          this.vectorLoad(at, this.laneBytes(a, copy, 0), step);
          return;
        }
        if (n.index) {
          this.gatheredLoad(mode, this.cur[j], (q) => this.laneBytes(a, copy, q), a.bytes, vals.get(n.index.id)!, n.type);
          return;
        }
        if (mode === "simd" && n.type === "bool") {
          // Four bools (bytes 0 / 1) as i32x4 lane masks 0 / -1.
          this.narrowLoad(this.cur[j], this.laneBytes(a, copy, 0), step, "u8");
          f.v128.const(new Uint8Array(16)).i32x4.ne();
        } else if (mode === "simd" && isNarrowIntK(n.type)) this.narrowLoad(this.cur[j], this.laneBytes(a, copy, 0), step, n.type);
        else if (mode === "simd") this.vectorLoad(this.cur[j], this.laneBytes(a, copy, 0), step);
        else {
          f.local_get(this.cur[j]);
          emitScalarLoad(f, n.type);
        }
        return;
      }
      case "iota": {
        const j = accessOf.get(n)!;
        const a = nest.accesses[j];
        const s = a.strides[inner] ?? 0;
        f.local_get(this.cur[j]);
        if (mode === "simd") {
          const b = this.laneBytes(a, copy, 0);
          f.i32x4
            .splat()
            .i32x4.const([b, b + s, b + 2 * s, b + 3 * s])
            .i32x4.add();
          if (n.type === "f32") f.f32x4.convert_i32x4_s();
        } else if (n.type === "f32") f.f32.convert_i32_s();
        else if (n.type === "f64") f.f64.convert_i32_s();
        else if (is64Int(n.type)) f.i64.extend_i32_s();
        return;
      }
      case "const":
        emitConst(ctx, n.type, n.value);
        return;
      case "op":
        emitOp(ctx, n, (i) => f.local_get(vals.get(n.args[i].id)!));
        return;
    }
  }

  /** Stores (or accumulates) every output at unrolled copy `copy`. */
  private outputs(
    mode: Mode,
    copy: number,
    vals: Map<number, number>,
    ctx: { f: FunctionBuilder; mode: Mode; math: MathLib; tmp: (t: LocalType) => number },
  ): void {
    const { f, nest } = this;
    this.k.outputs.forEach((o, i) => {
      const j = nest.accesses.findIndex((a) => a.kind === "store" && a.param === i);
      const v = vals.get(o.node.id)!;
      if (!o.reduce) {
        this.store(mode, o.type, this.cur[j], () => f.local_get(v), copy);
        return;
      }
      if (nest.reduceInMemory) {
        this.store(
          mode,
          o.type,
          this.cur[j],
          () => {
            this.load(mode, o.type, this.cur[j]);
            const acc = this.tmp(mode === "simd" ? "v128" : this.scalarType(o.type));
            f.local_set(acc);
            this.combine(ctx, o.reduce!, o.type, acc, v);
          },
          0,
        );
        return;
      }
      const r = this.reduceOuts.indexOf(i);
      const acc = mode === "simd" ? this.vacc[r][copy] : this.sacc[r];
      this.combine(ctx, o.reduce, o.type, acc, v);
      f.local_set(acc);
    });
  }

  /**
   * Pushes local `ptr` and returns the memory offset that reaches `bytes`
   * past it (memory offsets are unsigned: a negative one is added first).
   */
  private address(ptr: number, bytes: number): number {
    this.f.local_get(ptr);
    if (bytes >= 0) return bytes;
    this.f.i32.const(bytes).i32.add();
    return 0;
  }

  /**
   * Four 4-byte elements `step` bytes apart from `offset` bytes past local
   * `ptr`: a splat, a vector load, two loads and a shuffle (every second or
   * third element, a complex number's parts; reversed), or lane by lane.
   * Every load stays within the span of the elements read.
   */
  private vectorLoad(ptr: number, offset: number, step: number): void {
    const { f } = this;
    const strided = STRIDED_LANES.get(step);
    if (step === 0) f.v128.load32_splat({ offset: this.address(ptr, offset), align: 4 });
    else if (step === 4) f.v128.load({ offset: this.address(ptr, offset), align: 4 });
    else if (strided) {
      for (const at of strided.loads) f.v128.load({ offset: this.address(ptr, offset + at), align: 4 });
      f.i8x16.shuffle(pickLanes(strided.lanes));
    } else this.gatherLanes(ptr, offset, step);
  }

  /** Four 4-byte elements `step` bytes apart from `offset` bytes past local `ptr`: lane 0 by load32_zero, lanes 1-3 by load32_lane. */
  private gatherLanes(ptr: number, offset: number, step: number): void {
    const { f } = this;
    const v = this.tmp("v128");
    f.v128.load32_zero({ offset: this.address(ptr, offset), align: 4 }).local_set(v);
    for (let lane = 1; lane < 4; lane++) {
      const at = this.address(ptr, offset + lane * step);
      f.local_get(v).v128.load_lane("load32_lane", lane, { offset: at, align: 4 }).local_set(v);
    }
    f.local_get(v);
  }

  /**
   * Four 8- or 16-bit integers `step` bytes apart (one broadcast where
   * `step` is 0; bytes also strided, lane by lane) as i32x4 lanes, sign- or
   * zero-extended.
   */
  private narrowLoad(ptr: number, offset: number, step: number, t: NarrowIntKType): void {
    const { f } = this;
    const byte = t === "i8" || t === "u8";
    if (byte && step !== 0 && step !== 1) this.gatherBytes(ptr, offset, step);
    else {
      const at = this.address(ptr, offset);
      if (step === 0) byte ? f.v128.load8_splat({ offset: at, align: 1 }) : f.v128.load16_splat({ offset: at, align: 2 });
      else byte ? f.v128.load32_zero({ offset: at, align: 1 }) : f.v128.load64_zero({ offset: at, align: 2 });
    }
    if (t === "i8") f.i16x8.extend_low_i8x16_s().i32x4.extend_low_i16x8_s();
    else if (t === "u8") f.i16x8.extend_low_i8x16_u().i32x4.extend_low_i16x8_u();
    else if (t === "i16") f.i32x4.extend_low_i16x8_s();
    else f.i32x4.extend_low_i16x8_u();
  }

  /** Four bytes `step` apart from `offset` bytes past local `ptr`, into the vector's low byte lanes (a strided bool operand). */
  private gatherBytes(ptr: number, offset: number, step: number): void {
    const { f } = this;
    const v = this.tmp("v128");
    f.v128.const(new Uint8Array(16)).local_set(v);
    for (let lane = 0; lane < 4; lane++) {
      const at = this.address(ptr, offset + lane * step);
      f.local_get(v).v128.load_lane("load8_lane", lane, { offset: at, align: 1 }).local_set(v);
    }
    f.local_get(v);
  }

  /** innerInvariant's answers, by loop level and node. */
  private readonly invariant = new Map<number, Map<number, boolean>>();

  /** Whether n has the same value at every point of loop level `inner` (its loads and iotas do not move there). */
  private innerInvariant(n: Node, accessOf: Map<Node, number>, inner: number): boolean {
    let known = this.invariant.get(inner);
    if (known === undefined) this.invariant.set(inner, (known = new Map()));
    const r0 = known.get(n.id);
    if (r0 !== undefined) return r0;
    let r: boolean;
    if (n.kind === "const") r = true;
    else if (n.kind === "op") r = n.args.every((a) => this.innerInvariant(a, accessOf, inner));
    else
      r =
        (this.nest.accesses[accessOf.get(n)!].strides[inner] ?? 0) === 0 &&
        (n.kind !== "load" || n.index === undefined || this.innerInvariant(n.index, accessOf, inner));
    known.set(n.id, r);
    return r;
  }

  /**
   * A gathered load: the element `index` (a local: i32, or i32x4 lanes)
   * elements past the access's address. Lanes load one by one, lane q also
   * `laneBytes(q)` past the address (the access's own stride).
   */
  private gatheredLoad(mode: Mode, ptr: number, laneBytes: (lane: number) => number, bytes: number, index: number, t: KType): void {
    const { f } = this;
    if (mode === "scalar") {
      f.local_get(ptr).local_get(index);
      addScaledIndex(f, bytes);
      emitScalarLoad(f, t);
      return;
    }
    const v = this.tmp("v128");
    for (let lane = 0; lane < 4; lane++) {
      f.local_get(ptr).local_get(index).i32x4.extract_lane(lane);
      addScaledIndex(f, bytes);
      const at = laneBytes(lane);
      if (at !== 0) f.i32.const(at).i32.add();
      if (lane === 0) f.v128.load32_zero({ align: 4 });
      else f.local_get(v).v128.load_lane("load32_lane", lane, { align: 4 });
      f.local_set(v);
    }
    f.local_get(v);
  }

  private load(mode: Mode, t: KType, ptr: number): void {
    const { f } = this;
    f.local_get(ptr);
    if (mode === "simd") f.v128.load({ align: 4 });
    else emitScalarLoad(f, t);
  }

  private store(mode: Mode, t: KType, ptr: number, value: () => void, copy: number): void {
    const { f } = this;
    f.local_get(ptr);
    value();
    if (mode === "simd" && t === "bool") {
      // Lane masks to bytes 0 / 1: narrow twice (-1 stays -1), keep the low bit, store the four bytes.
      const m = this.tmp("v128");
      f.local_set(m).local_get(m).local_get(m).i16x8.narrow_i32x4_s();
      f.local_tee(m).local_get(m).i8x16.narrow_i16x8_s();
      f.v128.const(new Uint8Array(16).fill(1));
      f.v128.and().v128.load_lane("store32_lane", 0, { offset: copy * 4, align: 1 });
    } else if (mode === "simd" && isNarrowIntK(t)) {
      // Lanes already in the format: narrowing (saturating) keeps them; then the low four bytes or shorts.
      const m = this.tmp("v128");
      f.local_set(m).local_get(m).local_get(m);
      if (t === "u16") f.i16x8.narrow_i32x4_u();
      else f.i16x8.narrow_i32x4_s();
      if (t === "i16" || t === "u16") f.v128.load_lane("store64_lane", 0, { offset: copy * 8, align: 2 });
      else {
        f.local_tee(m).local_get(m);
        if (t === "u8") f.i8x16.narrow_i16x8_u();
        else f.i8x16.narrow_i16x8_s();
        f.v128.load_lane("store32_lane", 0, { offset: copy * 4, align: 1 });
      }
    } else if (mode === "simd") f.v128.store({ offset: copy * 16, align: 4 });
    else emitScalarStore(f, t);
  }

  private combine(
    ctx: { f: FunctionBuilder; mode: Mode; math: MathLib; tmp: (t: LocalType) => number },
    op: ReduceOp,
    t: KType,
    a: number,
    b: number,
  ): void {
    if (ctx.mode === "simd" && t === "f32" && (op === "max" || op === "min")) {
      // pmax / pmin are one instruction where NaN-propagating max / min are several. pmax(a, b) keeps a NaN
      // accumulator a, and a NaN b replaces it: NaN-sticky in three instructions. Between +0 and -0 the first met
      // stays, so a zero result's sign may depend on the order, as with XLA's vectorized reductions (jnp.min of
      // one +0 among -0s gives +0 there).
      this.f.local_get(b).local_get(a).local_get(b);
      if (op === "max") this.f.f32x4.pmax();
      else this.f.f32x4.pmin();
      this.f.local_get(b).local_get(b).f32x4.ne().v128.bitselect();
      return;
    }
    const fake = { kind: "const", id: -1, type: t, shape: [], value: 0 } as const;
    const node: OpNode = { kind: "op", id: -1, type: t, shape: [], op: COMBINE[op], args: [fake, fake], param: 0 };
    emitOp(ctx, node, (i) => this.f.local_get(i === 0 ? a : b));
  }

  /**
   * Long float32 sums lose accuracy in a few vector accumulators; every
   * FOLD_EVERY unrolled iterations (1024 elements) they are added into f64 totals.
   */
  private maybeFold(): void {
    if (this.foldCount < 0) return;
    const { f } = this;
    f.local_get(this.foldCount).i32.const(1).i32.add().local_tee(this.foldCount).i32.const(FOLD_EVERY).i32.eq();
    f.if_();
    this.fold();
    f.i32.const(0).local_set(this.foldCount);
    f.end();
  }

  private fold(): void {
    const { f } = this;
    const hiToLo = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
    this.dacc.forEach((d, r) => {
      if (d === null) return;
      for (const v of this.vacc[r]) {
        f.local_get(d).local_get(v).f64x2.promote_low_f32x4().f64x2.add();
        f.local_get(v).local_get(v).i8x16.shuffle(hiToLo).f64x2.promote_low_f32x4().f64x2.add().local_set(d);
        f.f32x4.const([0, 0, 0, 0]).local_set(v);
      }
    });
  }

  private initAccumulators(): void {
    const { f } = this;
    const ctx = { f, mode: "scalar" as Mode, math: this.math, tmp: this.tmp };
    this.sacc = this.reduceOuts.map((i) => {
      const o = this.k.outputs[i];
      const s = this.tmp(this.scalarType(o.type));
      emitConst(ctx, o.type, identityOf(o.reduce!, o.type));
      f.local_set(s);
      return s;
    });
    this.vacc = this.reduceOuts.map((i) => {
      if (!this.simd) return [];
      const o = this.k.outputs[i];
      return Array.from({ length: this.unroll }, () => {
        const v = this.tmp("v128");
        emitConst({ ...ctx, mode: "simd" }, o.type, identityOf(o.reduce!, o.type));
        f.local_set(v);
        return v;
      });
    });
    this.dacc = this.reduceOuts.map((i) => {
      const o = this.k.outputs[i];
      if (!this.simd || this.unroll === 1 || o.reduce !== "sum" || o.type !== "f32") return null;
      const d = this.tmp("v128");
      f.f64x2.const([0, 0]).local_set(d);
      return d;
    });
    this.foldCount = this.dacc.some((d) => d !== null) ? this.tmp("i32") : -1;
    if (this.foldCount >= 0) f.i32.const(0).local_set(this.foldCount);
  }

  private finishAccumulators(): void {
    const { f } = this;
    const ctx = { f, mode: "scalar" as Mode, math: this.math, tmp: this.tmp };
    if (this.foldCount >= 0) this.fold();
    this.reduceOuts.forEach((i, r) => {
      const o = this.k.outputs[i];
      const s = this.sacc[r];
      const d = this.dacc[r];
      if (d !== null && d !== undefined) {
        // total = tail + both f64 lanes, rounded once
        f.local_get(s).f64.promote_f32().local_get(d).f64x2.extract_lane(0).f64.add().local_get(d).f64x2.extract_lane(1).f64.add();
        f.f32.demote_f64().local_set(s);
      }
      const lane = this.tmp(this.scalarType(o.type));
      for (const v of this.vacc[r]) {
        for (let q = 0; q < 4; q++) {
          f.local_get(v);
          if (o.type === "f32") f.f32x4.extract_lane(q);
          else f.i32x4.extract_lane(q);
          if (o.type === "bool") f.i32.const(0).i32.ne(); // a lane mask (0 / -1) as a bool (0 / 1)
          f.local_set(lane);
          this.combine(ctx, o.reduce!, o.type, s, lane);
          f.local_set(s);
        }
      }
      const j = this.nest.accesses.findIndex((a) => a.kind === "store" && a.param === i);
      this.store("scalar", o.type, this.cur[j], () => f.local_get(s), 0);
    });
  }

  /** Memory reductions: fill each reduced output with the identity first. */
  private initOutputsInMemory(): void {
    const { f } = this;
    const ctx = { f, mode: "scalar" as Mode, math: this.math, tmp: this.tmp };
    const nIn = this.k.inputs.length;
    for (const i of this.reduceOuts) {
      const o = this.k.outputs[i];
      const count = this.k.shape.reduce((acc, s, d) => (this.k.reduced[d] ? acc : acc * s), 1);
      const bytes = typeBytes(o.type);
      const p = this.tmp("i32");
      f.local_get(nIn + i).local_set(p);
      const end = this.tmp("i32");
      f.local_get(nIn + i)
        .i32.const(count * bytes)
        .i32.add()
        .local_set(end);
      const out = f.block();
      const lp = f.loop();
      f.local_get(p).local_get(end).i32.ge_u().br_if(out);
      this.store("scalar", o.type, p, () => emitConst(ctx, o.type, identityOf(o.reduce!, o.type)), 0);
      f.local_get(p).i32.const(bytes).i32.add().local_set(p).br(lp);
      f.end().end();
    }
  }
}
