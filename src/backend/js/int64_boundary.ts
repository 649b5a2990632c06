// The reference kernels and int64/uint64 storage. Storage holds the exact
// 64-bit integers (BigInt64Array / BigUint64Array); most reference kernels
// compute on JS numbers (an int64 is a double there). A primitive touching a
// 64-bit operand or result runs one of three ways:
// - its 64-bit kernel (int64_kernels.ts): arithmetic, bitwise, shifts,
//   comparisons, conversions, bitcasts, wrapping reductions and cumulative sums;
// - data movement and orderings (reshape, gather, scatter, sort, argmax,
//   reduce_max, ...): the number kernel runs on stand-ins, each 64-bit data
//   element replaced by a distinct double (its position, or its rank among
//   the values where the kernel compares them), and the results map back to
//   the original bits, so these are exact too. Doubles the kernel makes up
//   itself (a gather's fill value, an empty max's identity) convert as numbers;
// - anything else: the operands as doubles (exact to 2^53), the number
//   kernel, and its results back to 64 bits (truncated and saturated). This
//   is left to conv, pow, the decompositions and other float-minded kernels.
import type { ShapedArray } from "../../core/aval.ts";
import { type BigIntArray, type StorageArray, type TypedArray, isBigIntDType } from "../../core/dtypes.ts";
import { alloc64, numbersOf64, putNumber, words } from "../../core/int64_bits.ts";
import type { Params } from "../../core/primitive.ts";
import { kernels64 } from "./int64_kernels.ts";
import type { Kernel } from "./kernel.ts";

/** Which operands carry data (moved or compared) rather than indices, counts or predicates. */
type DataOperands = number[] | "all" | "rest";

/** Primitives that only move their data operands' elements. */
const MOVES: Record<string, DataOperands> = {
  broadcast_in_dim: [0],
  reshape: [0],
  squeeze: [0],
  transpose: [0],
  rev: [0],
  slice: [0],
  pad: [0, 1],
  concatenate: "all",
  dynamic_slice: [0],
  dynamic_update_slice: [0, 1],
  gather: [0],
  scatter: [0, 2],
};

/** Primitives that move elements chosen by comparing them (ranks keep the order). */
const ORDERS: Record<string, DataOperands> = {
  argmax: [0],
  argmin: [0],
  reduce_max: [0],
  reduce_min: [0],
  cummax: [0],
  cummin: [0],
  sort: "all",
  top_k: [0],
  "scatter-max": [0, 2],
  "scatter-min": [0, 2],
};

/** Stand-ins start here: above every integer the kernels make up for 64-bit results but their ±2^63, 2^64 bounds. */
const BASE = 2 ** 52;

const is64 = (a: ShapedArray): boolean => isBigIntDType(a.dtype);

/** Runs a reference kernel on storage arrays (see the file comment for int64/uint64). */
export function runKernel(
  name: string,
  k: Kernel,
  ins: StorageArray[],
  inAvals: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
): StorageArray[] {
  if (!inAvals.some(is64) && !outAvals.some(is64)) return k(ins as TypedArray[], inAvals, params, outAvals);
  const native = kernels64.get(name)?.(ins, inAvals, params, outAvals);
  if (native) return native;
  const moved = MOVES[name];
  if (moved) return standIns(k, ins, inAvals, params, outAvals, moved, () => false);
  const ordered = ORDERS[name];
  // sort compares its keys only; its other operands ride along.
  const keys = name === "sort" ? (params as { num_keys: number }).num_keys : ins.length;
  if (ordered) return standIns(k, ins, inAvals, params, outAvals, ordered, (i) => i < keys);
  const outs = k(ins.map(asNumbers), inAvals, params, outAvals);
  return outs.map((o, i) => (is64(outAvals[i]) ? from64Numbers(o, outAvals[i]) : o));
}

/** 64-bit storage as doubles (correctly rounded); other storage as it is. */
function asNumbers(a: StorageArray): TypedArray {
  return a instanceof BigInt64Array || a instanceof BigUint64Array ? numbersOf64(a) : a;
}

function from64Numbers(o: TypedArray, aval: ShapedArray): BigIntArray {
  const out = alloc64(o.length, aval.dtype);
  const w = words(out);
  const u = aval.dtype === "uint64";
  for (let i = 0; i < o.length; i++) putNumber(w, i, o[i], u);
  return out;
}

function isData(spec: DataOperands, i: number): boolean {
  return spec === "all" || (spec === "rest" ? i > 0 : spec.includes(i));
}

/**
 * The number kernel over stand-ins of the 64-bit data operands, offset by
 * BASE: the dense ranks of the values for the operands it compares
 * (`compared`), then distinct ids for the ones it only moves; results map
 * back to the elements they stand for.
 */
function standIns(
  k: Kernel,
  ins: StorageArray[],
  inAvals: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
  spec: DataOperands,
  compared: (i: number) => boolean,
): StorageArray[] {
  const data = ins.map((a, i) => (is64(inAvals[i]) && isData(spec, i) ? (a as BigIntArray) : null));
  const [ranks, distinct] = rank(data.map((d, i) => (d && compared(i) ? d : null)));
  const movedCount = data.reduce((n, d, i) => n + (d && !compared(i) ? d.length : 0), 0);
  const total = distinct + movedCount;
  // The original elements (as raw words) by code.
  const byCode = new Int32Array(2 * total);
  let r = 0;
  let m = distinct;
  const args = ins.map((a, i) => {
    const d = data[i];
    if (!d) return asNumbers(a);
    const w = words(d);
    const s = new Float64Array(d.length);
    for (let j = 0; j < d.length; j++) {
      const code = compared(i) ? ranks[r++] : m++;
      byCode[2 * code] = w[2 * j];
      byCode[2 * code + 1] = w[2 * j + 1];
      s[j] = BASE + code;
    }
    return s;
  });
  const outs = k(args, inAvals, params, outAvals);
  return outs.map((o, i) => {
    if (!is64(outAvals[i])) return o;
    const out = alloc64(o.length, outAvals[i].dtype);
    const w = words(out);
    const u = outAvals[i].dtype === "uint64";
    for (let j = 0; j < o.length; j++) {
      const c = o[j] - BASE;
      if (c >= 0 && c < total && Number.isInteger(c)) {
        w[2 * j] = byCode[2 * c];
        w[2 * j + 1] = byCode[2 * c + 1];
      } else putNumber(w, j, o[j], u);
    }
    return out;
  });
}

/** Dense ranks (equal values share one) of the elements of the given arrays, in order, and how many distinct values. */
function rank(data: (BigIntArray | null)[]): [number[], number] {
  const values: bigint[] = [];
  for (const d of data) if (d) for (let j = 0; j < d.length; j++) values.push(d[j]);
  const order = values.map((_, j) => j);
  order.sort((p, q) => (values[p] < values[q] ? -1 : values[p] > values[q] ? 1 : 0));
  const ranks: number[] = new Array(values.length);
  let r = -1;
  for (let j = 0; j < order.length; j++) {
    if (j === 0 || values[order[j]] !== values[order[j - 1]]) r++;
    ranks[order[j]] = r;
  }
  return [ranks, r + 1];
}
