// Bit-level primitives as integer kernel operations: population_count and
// clz (int32/uint32) by the classic SWAR reductions, and float32's
// nextafter and reduce_precision on the value's bits, as the reference
// kernels compute them (backend/js elementwise.ts, nnlax.ts). On the
// reference they ran one element at a time in JS: reduce_precision of 1e6
// took 246 ms (a BigInt per value), nextafter 240, population_count 19.
import type { KType, Node, NodeBuilder } from "./kernel.ts";
import type { KernelOp } from "./ops.ts";
import { F32 } from "./f32_nodes.ts";

/** 32-bit integer arithmetic on nodes of one type and shape (i32 or u32: wrapping, shifts logical). */
class Bits {
  constructor(
    private readonly b: NodeBuilder,
    readonly type: KType,
    readonly shape: readonly number[],
  ) {}
  k(v: number): Node {
    return this.b.const(this.type, this.shape, this.type === "u32" ? v >>> 0 : v | 0);
  }
  op(op: KernelOp, a: Node, c: Node | number): Node {
    return this.b.op(op, this.type, [a, typeof c === "number" ? this.k(c) : c], 0, this.shape);
  }
  /** a >>> n, a logical shift by a constant. */
  shr(a: Node, n: number): Node {
    return this.op("shr_l", a, n);
  }
  and(a: Node, m: Node | number): Node {
    return this.op("and", a, m);
  }
  or(a: Node, m: Node | number): Node {
    return this.op("or", a, m);
  }
  add(a: Node, c: Node | number): Node {
    return this.op("add", a, c);
  }
  sub(a: Node, c: Node | number): Node {
    return this.op("sub", a, c);
  }
  pick(pred: Node, onTrue: Node, onFalse: Node): Node {
    return this.b.op("select", this.type, [pred, onFalse, onTrue], 0, this.shape);
  }
  cmp(op: KernelOp, a: Node, c: Node | number): Node {
    return this.b.op(op, "bool", [a, typeof c === "number" ? this.k(c) : c], 0, this.shape);
  }
}

/** The set bits of each 32-bit value: pairs, nibbles and bytes summed in place, the bytes then by one product. */
export function popcountOf(b: NodeBuilder, x: Node): Node {
  const w = new Bits(b, x.type, x.shape);
  let v = w.sub(x, w.and(w.shr(x, 1), 0x55555555));
  v = w.add(w.and(v, 0x33333333), w.and(w.shr(v, 2), 0x33333333));
  v = w.and(w.add(v, w.shr(v, 4)), 0x0f0f0f0f);
  return w.shr(w.op("mul", v, 0x01010101), 24);
}

/** Leading zero bits of each 32-bit value: the bits below the highest set one filled, then 32 minus their count. */
export function clzOf(b: NodeBuilder, x: Node): Node {
  const w = new Bits(b, x.type, x.shape);
  let v = x;
  for (const n of [1, 2, 4, 8, 16]) v = w.or(v, w.shr(v, n));
  return w.op("sub", w.k(32), popcountOf(b, v));
}

/** float32 bits as u32 and back. */
const toBits = (b: NodeBuilder, x: Node) => b.op("bitcast", "u32", [x], 0, x.shape);
const fromBits = (b: NodeBuilder, u: Node) => b.op("bitcast", "f32", [u], 0, u.shape);

/**
 * The float32 after x toward y: y where they are equal, the smallest
 * subnormal of y's side from zero, else x's bits stepped by one (up in
 * magnitude where y lies beyond x away from zero); NaN where either is.
 */
export function nextafterOf(b: NodeBuilder, x: Node, y: Node): Node {
  const w = new Bits(b, "u32", x.shape);
  const f = new F32(b, x.shape);
  const xb = toBits(b, x);
  const away = b.op("eq", "bool", [f.cmp("gt", y, x), f.cmp("gt", x, 0)], 0, x.shape);
  const stepped = fromBits(b, w.pick(away, w.add(xb, 1), w.sub(xb, 1)));
  const fromZero = f.pick(f.cmp("eq", x, 0), f.pick(f.cmp("gt", y, 0), 1.401298464324817e-45, -1.401298464324817e-45), stepped);
  const nan = f.or(f.cmp("ne", x, x), f.cmp("ne", y, y));
  return f.pick(nan, Number.NaN, f.pick(f.cmp("eq", x, y), y, fromZero));
}

/**
 * float32 rounded to `exponentBits` and `mantissaBits` (XLA's
 * ReducePrecision): the mantissa to nearest even on the bits, exponents
 * past the format's range to infinity or zero, signs kept, NaN as it is.
 */
export function reducePrecisionOf(b: NodeBuilder, x: Node, exponentBits: number, mantissaBits: number): Node {
  const w = new Bits(b, "u32", x.shape);
  const exp = Math.min(exponentBits, 8);
  const mant = Math.min(mantissaBits, 23);
  let v: Node = toBits(b, x);
  if (mant < 23) {
    const shift = 23 - mant;
    const lastBit = 2 ** shift;
    const last = w.shr(w.and(v, lastBit), shift);
    v = w.and(w.add(w.add(v, last), lastBit / 2 - 1), ~(lastBit - 1) >>> 0);
  }
  if (exp < 8) {
    const sign = 0x80000000;
    const expMask = 0x7f800000;
    const reducedBias = 2 ** (exp - 1) - 1;
    const maxExp = (127 + reducedBias) * 2 ** 23;
    const minExp = (127 - reducedBias) * 2 ** 23;
    const e = w.and(v, expMask);
    const signed = w.and(v, sign);
    v = w.pick(w.cmp("gt", e, maxExp), w.or(signed, expMask), w.pick(w.cmp("le", e, minExp), signed, v));
  }
  const f = new F32(b, x.shape);
  return f.pick(f.cmp("ne", x, x), x, fromBits(b, v));
}
