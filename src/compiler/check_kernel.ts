// The kernel IR's invariants, checked: what every backend may assume of a
// kernel it is asked to compile. Backends run it on each new kernel (cheap
// next to compiling one), so a lowering or fusion bug surfaces as a named
// problem instead of wrong numbers or a trap deep inside generated code.
import { type Kernel, type Node, topoOrder } from "./kernel.ts";
import type { KType } from "./ktype.ts";
import { OPS, type OpInfo, operandAllowed } from "./ops.ts";

const WIDTH: Record<KType, number> = {
  f32: 32,
  f64: 64,
  i32: 32,
  u32: 32,
  bool: 8,
  i64: 64,
  u64: 64,
  f16: 16,
  bf16: 16,
  i8: 8,
  u8: 8,
  i16: 16,
  u16: 16,
};

/** Every problem found in `k` (empty when it is well formed). */
export function kernelProblems(k: Kernel): string[] {
  const problems: string[] = [];
  const say = (n: Node | null, msg: string) =>
    problems.push(n ? `node #${n.id} (${n.kind}${n.kind === "op" ? ` ${n.op}` : ""}): ${msg}` : msg);
  if (k.reduced.length !== k.shape.length) say(null, `reduced has ${k.reduced.length} dims for a ${k.shape.length}-d iteration space`);
  if (k.shape.some((s) => !Number.isInteger(s) || s < 0)) say(null, `iteration space [${k.shape}] is not a shape`);
  if (k.outputs.length === 0) say(null, "no outputs");
  for (const o of k.outputs) {
    if (!sameShape(o.node.shape, k.shape)) say(o.node, `output of shape [${o.node.shape}] in a [${k.shape}] kernel`);
    if (o.reduce === null && o.type !== o.node.type) say(o.node, `stored as ${o.type} but computed as ${o.node.type}`);
    if (o.reduce !== null) {
      const boolOp = o.reduce === "and" || o.reduce === "or";
      if (boolOp !== (o.type === "bool")) say(o.node, `reduction ${o.reduce} over ${o.type}`);
    }
  }
  for (const n of topoOrder(k.outputs.map((o) => o.node))) {
    if (n.kind === "load") {
      if (!(n.input >= 0 && n.input < k.inputs.length)) {
        say(n, `reads input ${n.input} of ${k.inputs.length}`);
        continue;
      }
      if (k.inputs[n.input].type !== n.type) say(n, `loads ${n.type} from a ${k.inputs[n.input].type} input`);
      if (n.index && (n.index.type !== "i32" || !sameShape(n.index.shape, n.shape)))
        say(n, `gathered at an index of type ${n.index.type} and shape [${n.index.shape}] for a [${n.shape}] value`);
    }
    if (n.kind === "load" || n.kind === "iota") {
      if (n.view.strides.length !== n.shape.length) say(n, `view with ${n.view.strides.length} strides for a ${n.shape.length}-d node`);
      if (!Number.isInteger(n.view.offset) || n.view.strides.some((s) => !Number.isInteger(s)))
        say(n, "view with a non-integer stride or offset");
    }
    if (n.kind !== "op") continue;
    const info: OpInfo = OPS[n.op];
    if (!info) {
      say(n, "unknown op");
      continue;
    }
    if (info.variadic ? n.args.length < info.arity : n.args.length !== info.arity)
      say(n, `${n.args.length} operands, expects ${info.variadic ? "at least " : ""}${info.arity}`);
    for (const a of n.args) if (!sameShape(a.shape, n.shape)) say(n, `operand #${a.id} of shape [${a.shape}] for a [${n.shape}] value`);
    // select's predicate is bool and its cases share the result type; clamp's bounds share it too.
    const data = n.op === "select" ? n.args.slice(1) : n.args;
    const which = n.args[0]?.type;
    if (n.op === "select" && !(which === "bool" ? n.args.length === 3 : which === "i32" || which === "u32"))
      say(n, `case index of type ${which} for ${n.args.length - 1} cases`);
    for (const a of data) if (!operandAllowed(info.operands, a.type)) say(n, `operand of type ${a.type} (allowed: ${info.operands})`);
    if (info.arity > 1 && data.some((a) => a.type !== data[0].type) && !n.op.startsWith("sh"))
      say(n, `operands of mixed types ${data.map((a) => a.type)}`);
    const t = data[0]?.type;
    if (info.result === "bool" && n.type !== "bool") say(n, `result ${n.type}, expects bool`);
    if (info.result === "same" && t !== undefined && n.type !== t) say(n, `result ${n.type} from ${t} operands`);
    if (n.op === "bitcast" && t !== undefined && WIDTH[t] !== WIDTH[n.type])
      say(n, `bitcast between ${t} and ${n.type} (different widths)`);
  }
  return problems;
}

/** Throws an internal error naming every problem of a malformed kernel. */
export function checkKernel(k: Kernel): void {
  const problems = kernelProblems(k);
  if (problems.length > 0) throw new Error(`internal: malformed kernel:\n  ${problems.join("\n  ")}`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
