// Data movement fused: gathers of single elements, dynamic slices,
// one-window updates (dynamic_update_slice, scatter and scatter-add of one
// index), concatenations and pads become expressions over their output's
// points whose reads at computed offsets are gathered loads (kernel.ts
// LoadNode.index), each offset clamped into its buffer so every address is
// valid, out-of-bounds points selecting the fill, the padding value or the
// operand. Their readers fuse with them, and loop bodies that index, update
// or concatenate by their counter stay kernels only, so the loop compiles
// whole. Each rule returns false to leave its equation an opaque step (the
// native moves and kernels of the backends).
import type { ShapedArray } from "../core/aval.ts";
import { type DType, castScalar } from "../core/dtypes.ts";
import { type JaxprEqn, Literal, type Var } from "../core/jaxpr.ts";
import { paramsOf } from "../core/primitive.ts";
import { stridesOf, unravel } from "../core/shape.ts";
import { dynamicSliceP } from "../lax/dynamic_slice.ts";
import { gatherP, scatterAddP } from "../lax/gather_scatter.ts";
import type { GatherParams, ScatterParams } from "../lax/gather_scatter_params.ts";
import { concatenateP, padP } from "../lax/shape_ops.ts";
import { type Node, type NodeBuilder, type View, hasGatheredLoads, rebuild } from "./kernel.ts";
import { type LowpFloatKType, isLowpFloatK, ktypeFor } from "./ktype.ts";
import { broadcastView, sliceView, squeezeView } from "./views.ts";
import type { Target } from "./target.ts";

/**
 * A concatenation or pad of its output's innermost dim reads lane by lane
 * when fused; past this many elements (outside loop bodies) it stays a move,
 * row copies by memory.copy: two [1000, 500] pieces, 0.10 ms as a move
 * against 0.35 fused.
 */
const MAX_INNER_CONCAT = 16384;
/**
 * Concatenations into an innermost dim this narrow stay fused at any size:
 * their rows are too short to copy (a stack of two 1e6 vectors on the last
 * axis: 1.0 ms as two strided moves, 0.3 as one kernel).
 */
const NARROW_INNER = 3;
/**
 * A fused concatenation computes every piece at every element and selects
 * one (k loads per element): past this many pieces, outside loop bodies, it
 * is a move of the pieces computed first. A jitted stack of 200 products of
 * [20000]: 146 ms fused, 4.7 as a move; four [200, 500] pieces: 0.078 against
 * 0.037.
 */
const MAX_FUSED_PIECES = 4;

/** What the rules need of the fuser (fusion.ts). */
export interface FusionContext {
  readonly b: NodeBuilder;
  readonly target: Target;
  /** Whether the jaxpr is a scan or while body. */
  readonly loopBody: boolean;
  /** An operand's expression (null where its dtype has no kernel type). */
  node(a: Var | Literal): Node | null;
  /** A load of a whole slot. */
  nodeOfSlot(slot: number): Node;
  /** The operand in memory (its expression stored first where it is lazy). */
  toSlot(a: Var | Literal): number;
  /** An expression with every leaf's view mapped by f, over `outShape` (null if f fails). */
  mapLeaves(x: Node, outShape: readonly number[], f: (v: View) => View | null): Node | null;
  /** `n` as the value of `out`, stored where fusion's rules say a value is stored. */
  define(out: Var, n: Node): void;
  /** The equation that computes `v` (null for the jaxpr's inputs and constants). */
  definition(v: Var): JaxprEqn | null;
  /** How many equations (and outputs) read `v`. */
  usesOf(v: Var): number;
  /** `out` stored by a kernel over `shape` computing `n`: the same elements in the same order as out's own shape. */
  storeAs(out: Var, n: Node): void;
}

/**
 * A gather (take, x[idx], take_along_axis, a binary search's probes, rows
 * or columns picked by an index array) as a gathered load: the element
 * offset Σ clamp(index_k)·stride_k, plus the window's own offset through
 * the operand's strides where slices are wider than one element, joins the
 * kernel that computes the indices and the one that reads the values, so
 * neither reaches memory. Starts are clamped so the window stays in bounds,
 * as XLA does; fill mode selects the fill value where a window would not.
 * Columns picked from a [1000, 1000] matrix (take along axis 1) took 8.4 ms
 * as the native gather's strided copies, 0.5 as a gathered load.
 */
export function fuseGather(c: FusionContext, e: JaxprEqn): boolean {
  const p = paramsOf(gatherP, e);
  const [operand, indices] = e.inputs;
  const out = e.outBinders[0];
  const xa = operand.aval;
  const ia = indices.aval;
  const dn = p.dimension_numbers;
  const nVec = ia.shape[ia.ndim - 1];
  const t = gatheredLoadType(c.target, p, xa, ia);
  if (t === null || out.aval.size === 0) return false;
  const idx = c.node(indices);
  if (idx === null) return false;
  const shape = out.aval.shape;
  const last = ia.ndim - 1;
  const m = new PointMath(c.b, shape);
  const strides = stridesOf(xa.shape);
  // The output's batch dims (those not in the window), in the order of the indices' dims.
  const batchDims = shape.map((_, d) => d).filter((d) => !dn.offset_dims.includes(d));
  const batchShape = ia.shape.slice(0, last);
  let offset: Node | null = null;
  let inBounds: Node | null = null;
  for (let k = 0; k < nVec; k++) {
    const starts = ia.shape.map((_, d) => (d === last ? k : 0));
    const component = c.mapLeaves(idx, shape, (v) =>
      broadcastView(squeezeView(sliceView(v, starts, null), [last]), batchShape, shape, batchDims),
    );
    if (component === null) return false;
    const dim = dn.start_index_map[k];
    const highest = xa.shape[dim] - p.slice_sizes[dim];
    if (p.mode === "fill") inBounds = m.and(inBounds, m.within(component, 0, highest));
    offset = m.plus(offset, m.clamp(component, highest), strides[dim]);
  }
  // Window dims and batching dims (take_along_axis, vmap of take) are affine parts of the address.
  const view = { strides: shape.map(() => 0), offset: 0 };
  windowDims(dn, xa.ndim).forEach((d, i) => {
    view.strides[dn.offset_dims[i]] += strides[d];
  });
  dn.operand_batching_dims.forEach((d, k) => {
    view.strides[batchDims[dn.start_indices_batching_dims[k]]] += strides[d];
  });
  let n: Node = c.b.load(c.toSlot(operand), t, shape, view, offset ?? m.int(0));
  if (inBounds) n = c.b.op("select", t, [inBounds, c.b.const(t, shape, castScalar(p.fill_value ?? 0, xa.dtype) as number), n]);
  c.define(out, n);
  return true;
}

/** The operand dims a gather's window spans (neither collapsed nor batching), in order: offset_dims' partners. */
function windowDims(dn: GatherParams["dimension_numbers"], rank: number): number[] {
  return [...Array(rank).keys()].filter((d) => !dn.collapsed_slice_dims.includes(d) && !dn.operand_batching_dims.includes(d));
}

/**
 * dynamic_slice as a gathered load: the window's elements through the
 * operand's own strides, plus Σ clamp(start_d, 0, dim_d − size_d)·stride_d
 * (XLA's clamp) from the start scalars. Its readers fuse with it, and a
 * loop body that indexes an array by its counter (`x[i]` in a fori_loop)
 * stays kernels only, so the loop compiles whole.
 */
export function fuseDynamicSlice(c: FusionContext, e: JaxprEqn): boolean {
  const [operand, ...starts] = e.inputs;
  const xa = operand.aval;
  const out = e.outBinders[0];
  const t = moveType(c, xa.dtype);
  if (t === null || out.aval.size === 0) return false;
  if (!starts.every((a) => a.aval.dtype === "int32")) return false;
  const shape = out.aval.shape;
  const sizes = paramsOf(dynamicSliceP, e).slice_sizes;
  const strides = stridesOf(xa.shape);
  const m = new PointMath(c.b, shape);
  let offset: Node | null = null;
  for (let d = 0; d < starts.length; d++) {
    if (xa.shape[d] === sizes[d]) continue; // the start clamps to 0
    const start = c.node(starts[d]);
    const s = start && spread(c, start, shape);
    if (s === null) return false;
    offset = m.plus(offset, m.clamp(s, xa.shape[d] - sizes[d]), strides[d]);
  }
  const slot = c.toSlot(operand);
  const view = { strides: [...strides], offset: 0 };
  const n = offset ? c.b.load(slot, t, shape, view, offset) : c.b.load(slot, t, shape, view);
  c.define(out, n);
  return true;
}

/**
 * dynamic_update_slice as an expression over the operand's shape: the
 * update where a point lies in the window (its starts clamped, as XLA
 * does), the operand elsewhere (windowUpdate). A loop body that writes a
 * window of its carry by its counter stays kernels only and compiles whole.
 */
export function fuseDynamicUpdateSlice(c: FusionContext, e: JaxprEqn): boolean {
  const [operand, update, ...starts] = e.inputs;
  if (!starts.every((a) => a.aval.dtype === "int32")) return false;
  const ua = update.aval;
  const shape = operand.aval.shape;
  // Each start, a scalar, broadcast over the operand's shape.
  const startNodes = starts.map((a) => {
    const n = c.node(a);
    return n && spread(c, n, shape);
  });
  if (startNodes.some((n) => n === null)) return false;
  return windowUpdate(
    c,
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
export function fuseScatter(c: FusionContext, e: JaxprEqn): boolean {
  const p = e.params as ScatterParams; // scatter and scatter-add share their params
  const [operand, indices, update] = e.inputs;
  const xa = operand.aval;
  const ia = indices.aval;
  const ua = update.aval;
  const dn = p.dimension_numbers;
  if (ia.dtype !== "int32" || ia.ndim === 0) return false;
  // One index vector (every batch dim of the indices is 1), no batching dims; else a few elements per batch row.
  if (ia.size !== ia.shape[ia.ndim - 1] || dn.operand_batching_dims.length > 0) return fuseRowScatter(c, e);
  const winDims = xa.shape.map((_, d) => d).filter((d) => !dn.inserted_window_dims.includes(d));
  if (winDims.length !== dn.update_window_dims.length) return false;
  const sizes = xa.shape.map(() => 1);
  const updateDim = xa.shape.map(() => -1);
  winDims.forEach((d, k) => {
    sizes[d] = ua.shape[dn.update_window_dims[k]];
    updateDim[d] = dn.update_window_dims[k];
  });
  const idx = c.node(indices);
  if (idx === null) return false;
  const last = ia.ndim - 1;
  const shape = xa.shape;
  const starts: (Node | null)[] = xa.shape.map(() => null);
  dn.scatter_dims_to_operand_dims.forEach((d, k) => {
    starts[d] = spread(c, idx, shape, { dim: last, at: k });
  });
  if (dn.scatter_dims_to_operand_dims.some((d) => starts[d] === null)) return false;
  return windowUpdate(
    c,
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
 * Updates per batch row past which a batched scatter of single elements
 * stays the native scatter: the fused form tests every update of its row
 * at every point.
 */
const MAX_ROW_UPDATES = 4;

/**
 * A scatter of single elements along batching dims (the transpose of
 * take_along_axis: cross-entropy's gradient with integer labels, vmap of
 * x.at[i].add(v)): every operand dim is a batching dim or one an index
 * addresses, so point p receives the updates of its batch row whose
 * indices equal its coordinates. As an expression, each of the row's k
 * updates in order: acc = select(match_j, acc + u_j, acc) (or u_j for a
 * set), so no zeros are written and scattered into, and the result fuses
 * with what reads it. Out-of-bounds indices match no point (dropped, as
 * XLA's fill mode); clip mode clamps them first.
 */
function fuseRowScatter(c: FusionContext, e: JaxprEqn): boolean {
  const p = e.params as ScatterParams;
  const [operand, indices, update] = e.inputs;
  const xa = operand.aval;
  const ia = indices.aval;
  const dn = p.dimension_numbers;
  const last = ia.ndim - 1;
  if (ia.shape[last] !== dn.scatter_dims_to_operand_dims.length) return false;
  // Windows of one element along dims an index addresses (vmap of x.at[i]) are single elements too.
  const windowDims = [...Array(xa.ndim).keys()].filter(
    (d) => !dn.inserted_window_dims.includes(d) && !dn.operand_batching_dims.includes(d),
  );
  if (windowDims.length !== dn.update_window_dims.length || dn.update_window_dims.some((d) => update.aval.shape[d] !== 1)) return false;
  const single = [...dn.inserted_window_dims, ...windowDims];
  if (single.length !== dn.scatter_dims_to_operand_dims.length || !single.every((d) => dn.scatter_dims_to_operand_dims.includes(d)))
    return false;
  const combine = e.primitive === scatterAddP ? "add" : "set";
  const t = moveType(c, xa.dtype);
  if (t === null || (t === "bool" && combine === "add") || xa.size === 0) return false;
  const x = c.node(operand);
  const idx = c.node(indices);
  const u = c.node(update);
  if (x === null || idx === null || u === null) return false;
  // Operand dim ↔ indices dim pairs that follow each other, and the index components left to match.
  const batching = dn.operand_batching_dims.map((d, i) => ({ operand: d, index: dn.scatter_indices_batching_dims[i] }));
  const addressed: { k: number; dim: number }[] = [];
  dn.scatter_dims_to_operand_dims.forEach((d, k) => {
    // A component that is its point's own coordinate along an indices dim (x[arange(n), labels]) is a batching dim too.
    const b = identityDim(c, idx, ia.shape, k);
    if (b >= 0 && xa.shape[d] === ia.shape[b] && !batching.some((x) => x.index === b)) batching.push({ operand: d, index: b });
    else addressed.push({ k, dim: d });
  });
  // The indices' dims other than the vector: batching ones follow the operand's point, the rest enumerate its updates.
  const batchIndexDims = [...Array(last).keys()].filter((d) => batching.some((x) => x.index === d));
  const rowDims = [...Array(last).keys()].filter((d) => !batchIndexDims.includes(d));
  const perRow = rowDims.reduce((n, d) => n * ia.shape[d], 1);
  if (perRow > MAX_ROW_UPDATES || perRow === 0) return false;
  const shape = xa.shape;
  const m = new PointMath(c.b, shape);
  const batchShape = batchIndexDims.map((d) => ia.shape[d]);
  const toOperand = batchIndexDims.map((d) => batching.find((x) => x.index === d)!.operand);
  // The element at row position `rowAt` (and vector component `k`) of an [indices' dims...] array, over the operand's points.
  const rowElement = (v: View, rowAt: readonly number[], k: number | null, rank: number): View => {
    const starts = Array<number>(rank).fill(0);
    rowDims.forEach((d, i) => {
      starts[d] = rowAt[i];
    });
    if (k !== null) starts[last] = k;
    return broadcastView(squeezeView(sliceView(v, starts, null), k !== null ? [...rowDims, last] : rowDims), batchShape, shape, toOperand);
  };
  let acc = x;
  for (let j = 0; j < perRow; j++) {
    const rowAt = unravel(
      j,
      rowDims.map((d) => ia.shape[d]),
    );
    let match: Node | null = null;
    for (const { k, dim } of addressed) {
      let at = c.mapLeaves(idx, shape, (v) => rowElement(v, rowAt, k, ia.ndim));
      if (at === null) return false;
      if (p.mode === "clip") at = m.clamp(at, shape[dim] - 1);
      match = m.and(match, c.b.op("eq", "bool", [at, m.coord(dim)]));
    }
    const uj = c.mapLeaves(u, shape, (v) => rowElement(squeezeView(v, dn.update_window_dims), rowAt, null, last));
    if (uj === null) return false;
    const updated = combine === "add" ? c.b.op("add", t, [acc, uj]) : uj;
    acc = match === null ? updated : c.b.op("select", t, [match, acc, updated]);
  }
  c.define(e.outBinders[0], acc);
  return true;
}

/**
 * The indices dim along which index component k is its point's own
 * coordinate (an iota with unit stride along that dim alone), or -1.
 */
function identityDim(c: FusionContext, idx: Node, shape: readonly number[], k: number): number {
  const last = shape.length - 1;
  const starts = shape.map((_, d) => (d === last ? k : 0));
  const comp = c.mapLeaves(idx, shape.slice(0, last), (v) => squeezeView(sliceView(v, starts, null), [last]));
  if (comp?.kind !== "iota" || comp.type !== "i32" || comp.view.offset !== 0) return -1;
  const dims = comp.view.strides.flatMap((s, d) => (s === 0 || shape[d] === 1 ? [] : [[d, s]]));
  return dims.length === 1 && dims[0][1] === 1 ? dims[0][0] : -1;
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
function windowUpdate(
  c: FusionContext,
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
  const t = moveType(c, xa.dtype);
  if (t === null || (t === "bool" && combine === "add") || xa.size === 0 || ua.size === 0) return false;
  if (sizes.some((s, d) => s > xa.shape[d])) return false;
  const shape = xa.shape;
  const x = c.node(operand);
  if (x === null) return false;
  const m = new PointMath(c.b, shape);
  const uStrides = stridesOf(ua.shape);
  let inside: Node | null = null;
  let fits: Node | null = null;
  let offset: Node | null = null;
  for (let d = 0; d < shape.length; d++) {
    const p = m.coord(d);
    let at: Node = p;
    const start = starts[d];
    if (sizes[d] < shape[d] || (start !== null && mode === "drop")) {
      if (start === null) {
        // A window narrower than its dim, starting at 0.
        inside = m.and(inside, m.within(p, 0, sizes[d] - 1));
      } else {
        const hi = shape[d] - sizes[d];
        if (mode === "drop") fits = m.and(fits, m.within(start, 0, hi));
        at = c.b.op("sub", "i32", [p, mode === "clamp" ? m.clamp(start, hi) : start]);
        inside = m.and(inside, m.within(at, 0, sizes[d] - 1));
      }
    }
    const ud = updateDim[d];
    if (ud < 0 || ua.shape[ud] === 1) continue;
    offset = m.plus(offset, at === p && sizes[d] === shape[d] ? p : m.clamp(at, sizes[d] - 1), uStrides[ud]);
  }
  let u: Node | null;
  if (ua.size === 1) {
    const un = c.node(update);
    u = un && spread(c, un, shape);
  } else u = c.b.load(c.toSlot(update), t, shape, { strides: shape.map(() => 0), offset: 0 }, offset ?? m.int(0));
  if (u === null) return false;
  if (combine === "add") u = c.b.op("add", t, [x, u]);
  const where = fits ? m.and(inside, fits) : inside;
  const n = where ? c.b.op("select", t, [where, x, u]) : u;
  const out = e.outBinders[0];
  c.define(out, n);
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
export function fuseConcatenate(c: FusionContext, e: JaxprEqn): boolean {
  const out = e.outBinders[0];
  const shape = out.aval.shape;
  const axis = paramsOf(concatenateP, e).dimension;
  const t = moveType(c, out.aval.dtype);
  if (t === null || out.aval.size === 0) return false;
  if (!c.loopBody && !concatenationFuses(c.target, out.aval, axis, e.inputs.length)) return false;
  const m = new PointMath(c.b, shape);
  const p = m.coord(axis);
  let result: Node | null = null;
  let end = shape[axis];
  for (let k = e.inputs.length - 1; k >= 0; k--) {
    const a = e.inputs[k];
    const n = a.aval.shape[axis];
    if (n === 0) continue;
    const start = end - n;
    let piece = c.node(a);
    if (piece === null) return false;
    if (hasGatheredLoads([piece])) piece = c.nodeOfSlot(c.toSlot(a));
    const at = m.clamp(c.b.op("sub", "i32", [p, m.int(start)]), n - 1);
    const shifted = rebuild(
      piece,
      c.b,
      (leaf) => {
        if (leaf.kind === "const") return c.b.const(leaf.type, shape, leaf.value);
        const strides = [...leaf.view.strides];
        if (leaf.kind === "iota") return c.b.iota(leaf.type, shape, { strides, offset: leaf.view.offset - start * strides[axis] });
        const step = strides[axis];
        if (step === 0) return c.b.load(leaf.input, leaf.type, shape, { strides, offset: leaf.view.offset }); // broadcast along the axis
        strides[axis] = 0;
        return c.b.load(leaf.input, leaf.type, shape, { strides, offset: leaf.view.offset }, m.plus(null, at, step));
      },
      shape,
    );
    if (shifted === null) return false;
    result = result === null ? shifted : c.b.op("select", t, [c.b.op("lt", "bool", [p, m.int(end)]), result, shifted]);
    end = start;
  }
  if (result === null) return false;
  c.define(out, result);
  return true;
}

/**
 * Whether a concatenation of `pieces` operands outside loop bodies becomes
 * an expression: a large one into a wide innermost dim, or one of many
 * pieces, stays a move (row copies).
 */
export function concatenationFuses(target: Target, out: ShapedArray, axis: number, pieces: number): boolean {
  if (laneType(target, out.dtype) === null) return false;
  if (pieces > MAX_FUSED_PIECES) return false;
  const innermost = out.shape.slice(axis + 1).every((d) => d === 1);
  return !innermost || out.size <= MAX_INNER_CONCAT || out.shape[axis] <= NARROW_INNER;
}

/**
 * JAX's interleave (associative_scan's last step at every level):
 * pad(a, 0, (0, 1, 1)) + pad(b, 0, (1, 0, 1)) along the last dim, a and b of
 * one shape [..., n], is stack([a + 0, 0 + b], -1) laid out as [..., 2n].
 * Fused as the two pads it read each element lane by lane at a halved
 * index (associative_scan of 1e5: 85 µs for the last level alone); as a
 * kernel over [..., n, 2] it is a narrow kernel the emitter vectorises.
 * The additions with zero stay (-0 + 0 is +0, as the pads' sum gives).
 * Outside loop bodies, each pad read only here; else false.
 */
export function fuseInterleave(c: FusionContext, e: JaxprEqn): boolean {
  if (c.loopBody || e.inputs.length !== 2) return false;
  const [pa, pb] = e.inputs;
  if (pa instanceof Literal || pb instanceof Literal || c.usesOf(pa) !== 1 || c.usesOf(pb) !== 1) return false;
  const [da, db] = [c.definition(pa), c.definition(pb)];
  if (!da || !db || da.primitive !== padP || db.primitive !== padP) return false;
  const [a, va] = da.inputs;
  const [b, vb] = db.inputs;
  const zero = (v: Var | Literal) => v instanceof Literal && Number(v.value.hostData()[0]) === 0;
  if (!zero(va) || !zero(vb)) return false;
  const shape = a.aval.shape;
  const r = shape.length;
  if (r === 0 || b.aval.shape.length !== r || shape.some((d, i) => d !== b.aval.shape[i])) return false;
  const [ca, cb] = [paramsOf(padP, da).padding_config, paramsOf(padP, db).padding_config];
  const last = (cfg: readonly (readonly number[])[], lo: number, hi: number) =>
    cfg.every((p, d) => (d === r - 1 ? p[0] === lo && p[1] === hi && p[2] === 1 : p[0] === 0 && p[1] === 0 && p[2] === 0));
  if (!last(ca, 0, 1) || !last(cb, 1, 0)) return false;
  const out = e.outBinders[0];
  const t = laneType(c.target, out.aval.dtype);
  const [na, nb] = [c.node(a), c.node(b)];
  if (t === null || na === null || nb === null) return false;
  const kshape = [...shape, 2];
  const widen = (n: Node) => c.mapLeaves(n, kshape, (v) => ({ strides: [...v.strides, 0], offset: v.offset }));
  const [wa, wb] = [widen(na), widen(nb)];
  if (wa === null || wb === null) return false;
  const op = e.primitive.name === "or" ? "or" : "add";
  const z = c.b.const(t, kshape, 0);
  const even = c.b.op(op, t, [wa, z]);
  const odd = c.b.op(op, t, [z, wb]);
  const m = new PointMath(c.b, kshape);
  c.storeAs(out, c.b.op("select", t, [c.b.op("eq", "bool", [m.coord(r), m.int(0)]), odd, even]));
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
export function fusePad(c: FusionContext, e: JaxprEqn): boolean {
  const [operand, value] = e.inputs;
  const out = e.outBinders[0];
  const xa = operand.aval;
  const shape = out.aval.shape;
  const cfg = paramsOf(padP, e).padding_config;
  const t = moveType(c, xa.dtype);
  if (t === null || xa.ndim === 0 || xa.size === 0 || out.aval.size === 0) return false;
  const padded = (d: number) => cfg[d][0] !== 0 || cfg[d][1] !== 0 || cfg[d][2] !== 0;
  const interior = cfg.some(([, , i]) => i > 0);
  const inner = shape.length - 1;
  if (!c.loopBody && !interior && padded(inner) && out.aval.size > MAX_INNER_CONCAT) return false;
  const pv = c.node(value);
  if (pv === null) return false;
  const fill = spread(c, pv, shape);
  if (fill === null) return false;
  const m = new PointMath(c.b, shape);
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
    const p = m.coord(d);
    const q = lo === 0 ? p : c.b.op("sub", "i32", [p, m.int(lo)]);
    valid = m.and(valid, m.within(q, 0, (n - 1) * step));
    let src = q;
    if (step > 1) {
      valid = m.and(valid, c.b.op("eq", "bool", [c.b.op("rem", "i32", [q, m.int(step)]), m.int(0)]));
      src = c.b.op("div", "i32", [q, m.int(step)]);
    }
    offset = m.plus(offset, m.clamp(src, n - 1), strides[d]);
  }
  const slot = c.toSlot(operand);
  const x = offset ? c.b.load(slot, t, shape, view, offset) : c.b.load(slot, t, shape, view);
  const n = valid ? c.b.op("select", t, [valid, fill, x]) : x;
  c.define(out, n);
  return true;
}

/**
 * The kernel type of a gather that fusion makes a gathered load (fuseGather),
 * or null: single elements (every operand dim collapsed or batched, slices of
 * one), int32 indices, a four-byte element type (those gather into vector
 * lanes; others would make their kernel scalar), on a target with gathered
 * loads. Eager fusion (backend/deferred.ts) defers exactly these gathers.
 */
export function gatheredLoadType(target: Target, p: GatherParams, xa: ShapedArray, ia: ShapedArray): LaneType | null {
  if (ia.dtype !== "int32" || ia.ndim === 0 || xa.size === 0) return null;
  const dn = p.dimension_numbers;
  const plain =
    dn.start_index_map.length === ia.shape[ia.ndim - 1] &&
    windowDims(dn, xa.ndim).length === dn.offset_dims.length &&
    [...dn.collapsed_slice_dims, ...dn.operand_batching_dims].every((d) => p.slice_sizes[d] === 1) &&
    p.slice_sizes.every((s, d) => s <= xa.shape[d]);
  return plain ? laneType(target, xa.dtype) : null;
}

/** Integer arithmetic over the points of `shape` (i32 nodes): the rules' offsets and masks. */
class PointMath {
  constructor(
    private readonly b: NodeBuilder,
    private readonly shape: readonly number[],
  ) {}
  int(v: number): Node {
    return this.b.const("i32", this.shape, v);
  }
  /** The point's coordinate along dim d. */
  coord(d: number): Node {
    return this.b.iota("i32", this.shape, { strides: this.shape.map((_, k) => (k === d ? 1 : 0)), offset: 0 });
  }
  /** lo ≤ x ≤ hi. */
  within(x: Node, lo: number, hi: number): Node {
    return this.b.op("and", "bool", [this.b.op("ge", "bool", [x, this.int(lo)]), this.b.op("le", "bool", [x, this.int(hi)])]);
  }
  /** x clamped into [0, hi]. */
  clamp(x: Node, hi: number): Node {
    return this.b.op("clamp", "i32", [this.int(0), x, this.int(hi)]);
  }
  /** offset + x·stride (x·stride where there is no offset yet). */
  plus(offset: Node | null, x: Node, stride: number): Node {
    const term = stride === 1 ? x : this.b.op("mul", "i32", [x, this.int(stride)]);
    return offset ? this.b.op("add", "i32", [offset, term]) : term;
  }
  /** a ∧ b (b where there is no a yet). */
  and(a: Node | null, b: Node): Node {
    return a ? this.b.op("and", "bool", [a, b]) : b;
  }
}

/**
 * A scalar expression, or element `at` of dim `dim` of a vector one (an index
 * vector's component), as the same value at every point of `shape`.
 */
function spread(c: FusionContext, n: Node, shape: readonly number[], pick?: { dim: number; at: number }): Node | null {
  return c.mapLeaves(n, shape, (v) => ({ strides: shape.map(() => 0), offset: v.offset + (pick ? pick.at * v.strides[pick.dim] : 0) }));
}

/**
 * The kernel type a moved element has in a fused move: a four-byte one
 * (laneType), or in a loop body a bool too (a bool read at a computed
 * offset makes its kernel scalar, which a loop body's one-point kernels are
 * anyway, and the loop then compiles whole).
 */
function moveType(c: FusionContext, dtype: DType): LaneType | "bool" | null {
  const t = laneType(c.target, dtype);
  if (t !== null || !c.loopBody || !c.target.gatherLoads) return t;
  return ktypeFor(c.target, dtype) === "bool" ? "bool" : null;
}

/** Kernel types of four-byte storage (float16/bfloat16 are stored as float32 values). */
type LaneType = "f32" | "i32" | "u32" | LowpFloatKType;

/** The kernel type of a dtype whose elements gathered loads read into vector lanes (four bytes), or null. */
function laneType(target: Target, dtype: DType): LaneType | null {
  if (!target.gatherLoads) return null;
  const t = ktypeFor(target, dtype);
  return t === "f32" || t === "i32" || t === "u32" || (t !== null && isLowpFloatK(t)) ? t : null;
}
