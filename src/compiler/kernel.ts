// The kernel IR: one loop nest over an iteration space, loads through strided
// views, an expression DAG, and stores or reductions into output buffers.
// Printable (the text is the compiled-module cache key) and small.
import { type KType } from "./ktype.ts";
import { type KernelOp, OPS, operandAllowed } from "./ops.ts";
import { shapeEqual } from "../core/shape.ts";

export { type KType, dtypeOfKType, ktypeOf } from "./ktype.ts";

/** An affine map from a node's index to an element offset: offset + Σ strides[d]·i[d]. */
export interface View {
  readonly strides: readonly number[];
  readonly offset: number;
}

export type Node = LoadNode | IotaNode | ConstNode | OpNode;

interface Base {
  readonly id: number;
  readonly type: KType;
  readonly shape: readonly number[];
}
/**
 * An element of input buffer `input` (elements addressed through `view`).
 * A gathered load also adds `index`, an int32 value computed per point, to the
 * element offset: a gather fused into the kernel. Fusion builds the index
 * clamped into the buffer; backends read there without checking.
 */
export interface LoadNode extends Base {
  readonly kind: "load";
  readonly input: number;
  readonly view: View;
  readonly index?: Node;
}
/** The affine index value itself (lax.iota and its views), as an integer converted to `type`. */
export interface IotaNode extends Base {
  readonly kind: "iota";
  readonly view: View;
}
export interface ConstNode extends Base {
  readonly kind: "const";
  /** A bigint only for an i64/u64 constant beyond 2^53 (an int64 literal's exact value). */
  readonly value: number | bigint;
}
/** An elementwise operation; `param` carries an integer attribute (integer_pow's exponent, round's method). */
export interface OpNode extends Base {
  readonly kind: "op";
  readonly op: KernelOp;
  readonly args: readonly Node[];
  readonly param: number;
}

export type ReduceOp = "sum" | "max" | "min" | "prod" | "and" | "or";

/**
 * A kernel output: the value of `node` at every point of the iteration space,
 * stored (reduce = null) or combined over the reduced dimensions.
 */
export interface KernelOutput {
  readonly node: Node;
  readonly reduce: ReduceOp | null;
  readonly type: KType;
}

export interface Kernel {
  /** The iteration space. */
  readonly shape: readonly number[];
  /** Which dimensions of the iteration space are reduced (all outputs with reduce != null share them). */
  readonly reduced: readonly boolean[];
  readonly inputs: readonly { type: KType }[];
  readonly outputs: readonly KernelOutput[];
}

/** Builds nodes with structural sharing, so equal subexpressions are one node (CSE). */
export class NodeBuilder {
  private interned = new Map<string, Node>();
  private nextId = 0;

  private intern<N extends Node>(key: string, make: (id: number) => N): N {
    const hit = this.interned.get(key);
    if (hit) return hit as N;
    const n = make(this.nextId++);
    this.interned.set(key, n);
    return n;
  }
  load(input: number, type: KType, shape: readonly number[], view: View, index?: Node): LoadNode {
    return this.intern(`L${input}|${shape}|${view.strides}|${view.offset}|${index?.id ?? ""}`, (id) =>
      index ? { kind: "load", id, type, shape, input, view, index } : { kind: "load", id, type, shape, input, view },
    );
  }
  iota(type: KType, shape: readonly number[], view: View): IotaNode | ConstNode {
    // The same index at every point (a row picked out of a fused stack) is a constant, which folds further.
    if (view.strides.every((s) => s === 0) && FOLDED_IOTA.has(type))
      return this.const(type, shape, type === "f32" ? Math.fround(view.offset) : view.offset);
    return this.intern(`I${type}|${shape}|${view.strides}|${view.offset}`, (id) => ({ kind: "iota", id, type, shape, view }));
  }
  const(type: KType, shape: readonly number[], value: number | bigint): ConstNode {
    return this.intern(`C${type}|${shape}|${Object.is(value, -0) ? "-0" : value}`, (id) => ({ kind: "const", id, type, shape, value }));
  }
  op(op: KernelOp, type: KType, args: readonly Node[], param = 0, shape: readonly number[] = args[0].shape): Node {
    const folded = foldOp(op, type, args, param, shape);
    if (folded !== null) return folded.kind === "const" ? this.const(folded.type, shape, folded.value) : folded;
    return this.intern(`O${op}|${type}|${param}|${shape}|${args.map((a) => a.id)}`, (id) => ({
      kind: "op",
      id,
      type,
      shape,
      op,
      args,
      param,
    }));
  }
}

/** Iota types whose constant value is exactly the offset (converted). */
const FOLDED_IOTA = new Set<KType>(["i32", "u32", "f32", "f64"]);

const isConst = (n: Node): n is ConstNode => n.kind === "const" && typeof n.value === "number";
/** A (number) constant's value; bools are 0 and 1. */
const value = (n: Node): number => (n as ConstNode).value as number;
const truth = (v: boolean): ConstNode => ({ kind: "const", id: -1, type: "bool", shape: [], value: v ? 1 : 0 });

/**
 * What an op folds to, exactly as every target computes it, or null: index
 * arithmetic, comparisons and logic on constants, selects on a known
 * condition, and and/or with a known side. A fused concatenation, pad or
 * slice of a stack leaves such ops wherever a coordinate is known (a row
 * of a stack read back), and a select on a constant still computes every
 * case. A returned constant is re-made at the op's shape by the caller;
 * another node is returned only where its shape is the op's.
 */
function foldOp(op: KernelOp, type: KType, args: readonly Node[], param: number, shape: readonly number[]): Node | null {
  const keep = (n: Node): Node | null => (isConst(n) || shapeEqual(n.shape, shape) ? n : null);
  if (op === "select" && isConst(args[0])) {
    const which = args[0].type === "bool" ? (value(args[0]) ? 1 : 0) : value(args[0]);
    return which >= 0 && which < args.length - 1 ? keep(args[1 + which]) : null;
  }
  if (op === "select" && args.length === 3 && args[1] === args[2]) return keep(args[1]);
  if ((op === "and" || op === "or") && type === "bool") {
    const k = args.findIndex(isConst);
    if (k < 0) return null;
    const known = value(args[k]) !== 0;
    if (known === (op === "or")) return truth(known);
    return keep(args[1 - k]);
  }
  const t = args[0].type;
  if (op === "eq" || op === "ne" || op === "lt" || op === "le" || op === "gt" || op === "ge") return compareRanges(op, args[0], args[1]);
  const identity = identityOperand(op, args, param);
  if (identity !== null) return keep(identity);
  if (!args.every(isConst)) return null;
  const v = args.map(value);
  if (op === "not") return t === "bool" ? truth(v[0] === 0) : null;
  const r = t === "f32" || t === "f64" ? floatArithmetic(op, v) : t === "i32" ? int32Arithmetic(op, v) : null;
  if (r === null) return null;
  // A double result rounded once is float32's own (53 ≥ 2·24 + 2 bits).
  return { kind: "const", id: -1, type: t, shape, value: t === "f32" ? Math.fround(r) : r };
}

/**
 * The operand an op returns unchanged, bit for bit (autodiff's x·1, x^1 and
 * x − 0 on every cotangent), or null. x + 0 is not x for x = −0; x + (−0) is.
 */
function identityOperand(op: KernelOp, args: readonly Node[], param: number): Node | null {
  if (op === "integer_pow" && param === 1) return args[0];
  if (args.length !== 2 || args[0].type === "bool") return null;
  const [a, b] = args;
  const is = (n: Node, v: number): boolean => isConst(n) && Object.is(value(n), v);
  const int = !operandAllowed("float", a.type);
  const zero = (n: Node): boolean => is(n, -0) || (int && is(n, 0));
  if (op === "mul") return is(b, 1) ? a : is(a, 1) ? b : null;
  if (op === "div") return is(b, 1) ? a : null;
  if (op === "sub") return is(b, 0) ? a : null; // −0 − (−0) is +0
  if (op === "add") return zero(b) ? a : zero(a) ? b : null;
  return null;
}

/** The values an integer or bool node takes: a constant's, or an iota's over its shape; null if unknown. */
function rangeOf(n: Node): [number, number] | null {
  if (n.type !== "i32" && n.type !== "u32" && n.type !== "bool") return null;
  if (isConst(n)) return [value(n), value(n)];
  if (n.kind === "op" && (n.op === "max" || n.op === "min" || n.op === "clamp") && n.type !== "bool") {
    // An index normalised or clamped: max(i, 0) is never negative.
    const full: [number, number] = n.type === "i32" ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
    const [a, b, c] = n.args.map((x) => rangeOf(x) ?? full);
    const hull = (f: (...v: number[]) => number, x: [number, number], y: [number, number]): [number, number] => [
      f(x[0], y[0]),
      f(x[1], y[1]),
    ];
    const r = n.op === "max" ? hull(Math.max, a, b) : n.op === "min" ? hull(Math.min, a, b) : hull(Math.min, hull(Math.max, b, a), c);
    return r[0] === full[0] && r[1] === full[1] ? null : r;
  }
  if (n.kind !== "iota") return null;
  let [lo, hi] = [n.view.offset, n.view.offset];
  n.view.strides.forEach((s, d) => {
    const reach = s * (n.shape[d] - 1);
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  return [lo, hi];
}

/** A comparison decided over both operands' ranges (a row index against a bound, an arange's index against 0), else null. */
function compareRanges(op: "eq" | "ne" | "lt" | "le" | "gt" | "ge", a: Node, b: Node): ConstNode | null {
  const [x, y] = [rangeOf(a), rangeOf(b)];
  if (x === null || y === null) return null;
  const [[alo, ahi], [blo, bhi]] = [x, y];
  const decided = (yes: boolean, no: boolean): ConstNode | null => (yes ? truth(true) : no ? truth(false) : null);
  switch (op) {
    case "lt":
      return decided(ahi < blo, alo >= bhi);
    case "le":
      return decided(ahi <= blo, alo > bhi);
    case "gt":
      return decided(alo > bhi, ahi <= blo);
    case "ge":
      return decided(alo >= bhi, ahi < blo);
    case "eq":
      return decided(alo === ahi && blo === bhi && alo === blo, ahi < blo || alo > bhi);
    case "ne":
      return decided(ahi < blo || alo > bhi, alo === ahi && blo === bhi && alo === blo);
  }
}

function floatArithmetic(op: KernelOp, v: readonly number[]): number | null {
  if (op === "neg") return -v[0];
  if (op === "add") return v[0] + v[1];
  if (op === "sub") return v[0] - v[1];
  if (op === "mul") return v[0] * v[1];
  if (op === "div") return v[0] / v[1];
  return null;
}

function int32Arithmetic(op: KernelOp, v: readonly number[]): number | null {
  if (op === "add") return (v[0] + v[1]) | 0;
  if (op === "sub") return (v[0] - v[1]) | 0;
  if (op === "mul") return Math.imul(v[0], v[1]);
  if (op === "min") return Math.min(v[0], v[1]);
  if (op === "max") return Math.max(v[0], v[1]);
  if (op === "clamp") return Math.min(Math.max(v[1], v[0]), v[2]);
  return null;
}

export type Leaf = LoadNode | IotaNode | ConstNode;

/**
 * Rebuilds an expression in builder `b`, bottom up: `leaf` maps each load,
 * iota and constant (null aborts the whole rebuild); operations keep their
 * op and take `shape` when given, else their own. A gathered load's index is
 * rebuilt first and given to the load `leaf` returns for it (anything but a
 * load aborts). Shared by view pushing, kernel merging, localisation and
 * epilogue extraction.
 */
export function rebuild(root: Node, b: NodeBuilder, leaf: (n: Leaf) => Node | null, shape?: readonly number[]): Node | null {
  const memo = new Map<number, Node | null>();
  const rec = (n: Node): Node | null => {
    if (memo.has(n.id)) return memo.get(n.id)!;
    let r: Node | null;
    if (n.kind === "op") {
      const args = n.args.map(rec);
      r = args.every((a) => a !== null) ? b.op(n.op, n.type, args as Node[], n.param, shape ?? n.shape) : null;
    } else if (n.kind === "load" && n.index) {
      const index = rec(n.index);
      const base = index && leaf(n);
      r = base?.kind === "load" ? b.load(base.input, base.type, base.shape, base.view, index!) : null;
    } else r = leaf(n);
    memo.set(n.id, r);
    return r;
  };
  return rec(root);
}

/** Every node reachable from the roots, dependencies first. */
export function topoOrder(roots: readonly Node[]): Node[] {
  const seen = new Set<number>();
  const out: Node[] = [];
  const visit = (n: Node): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (n.kind === "op") n.args.forEach(visit);
    else if (n.kind === "load" && n.index) visit(n.index);
    out.push(n);
  };
  roots.forEach(visit);
  return out;
}

/** Number of elementwise operations (loads and constants excluded). */
export function opCount(roots: readonly Node[]): number {
  return topoOrder(roots).filter((n) => n.kind === "op").length;
}

/** Whether an expression reads memory at computed addresses (a fused gather). */
export function hasGatheredLoads(roots: readonly Node[]): boolean {
  return topoOrder(roots).some((n) => n.kind === "load" && n.index !== undefined);
}

/** Whether an expression holds an op worth computing once (a division or a transcendental: see ops.ts). */
export function isExpensive(roots: readonly Node[]): boolean {
  return topoOrder(roots).some((n) => n.kind === "op" && OPS[n.op].cost !== "cheap" && n.op !== "rem");
}

const printed = new WeakMap<Kernel, string>();

/** printKernel, once per kernel object (compilation keys caches by it several times). */
export function kernelText(k: Kernel): string {
  let text = printed.get(k);
  if (text === undefined) {
    text = printKernel(k);
    printed.set(k, text);
  }
  return text;
}

/** The kernel as text: `kernel[shape, reduced] (inputs) { nodes; outputs }`, local numbering. */
export function printKernel(k: Kernel): string {
  const nodes = topoOrder(k.outputs.map((o) => o.node));
  const name = new Map<number, string>();
  nodes.forEach((n, i) => name.set(n.id, `%${i}`));
  const dims = k.shape.map((s, d) => (k.reduced[d] ? `r${s}` : `${s}`)).join(",");
  const lines = nodes.map((n) => {
    const lhs = `${name.get(n.id)}:${n.type}`;
    switch (n.kind) {
      case "load":
        return `${lhs} = load in${n.input}[${n.view.offset}; ${n.view.strides.join(",")}]${n.index ? ` + ${name.get(n.index.id)}` : ""}`;
      case "iota":
        return `${lhs} = iota[${n.view.offset}; ${n.view.strides.join(",")}]`;
      case "const":
        return `${lhs} = ${Object.is(n.value, -0) ? "-0" : n.value}`;
      case "op":
        return `${lhs} = ${n.op}${n.param ? `{${n.param}}` : ""} ${n.args.map((a) => name.get(a.id)).join(" ")}`;
    }
  });
  const outs = k.outputs.map((o, i) => `out${i}:${o.type} = ${o.reduce ? `${o.reduce} ` : ""}${name.get(o.node.id)}`);
  const ins = k.inputs.map((x, i) => `in${i}:${x.type}`).join(", ");
  return `kernel[${dims}](${ins}) {\n  ${[...lines, ...outs].join("\n  ")}\n}`;
}
