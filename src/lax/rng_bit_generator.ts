// lax.rng_bit_generator: XLA's RngBitGenerator on a uint32[4] key, bit-exact
// with JAX on CPU. Key words (w0, w1) are the generator's key and (w2, w3) its
// 64-bit counter state. THREE_FRY hashes counters with threefry2x32 (two words
// per counter, laid out as XLA splits the shape into halves); PHILOX (the CPU's
// RNG_DEFAULT) runs Philox4x32-10 over 128-bit counters whose high half is the
// key, emitting four words per counter round-robin. Composed from lax ops, so it
// works under jit, vmap and grad (no derivative: integer outputs).
import { scalarArray } from "../core/convert.ts";
import { type DType, canonicalize, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { asOperand } from "../core/convert.ts";
import { threefry2x32 } from "../random/threefry.ts";
import * as lax from "./api.ts";
import { mulhi } from "./api_extra.ts";
import { RandomAlgorithm, type RandomAlgorithmLike } from "./enums.ts";

const u32 = (n: number): NDArray => scalarArray(n >>> 0, "uint32", false);
const word = (key: NDArray, i: number): NDArray => lax.reshape(lax.slice(key, [i], [i + 1]), []);
const carryOf = (sum: NDArray, addend: NDArray): NDArray => lax.convertElementType(lax.lt(sum, addend), "uint32");

/** (lo, hi) + inc as 64-bit numbers (inc a uint32 array), broadcast to inc's shape. */
function add64(lo: NDArray, hi: NDArray, inc: NDArray): [NDArray, NDArray] {
  const l = lax.add(lax.broadcastInDim(lo, inc.shape, []), inc);
  return [l, lax.add(lax.broadcastInDim(hi, inc.shape, []), carryOf(l, inc))];
}

/** XLA's SplitShapeIntoHalves: the first even dimension (else the largest) is halved with a new unit axis after it. */
function splitHalves(shape: readonly number[]): { half: number[]; splitDim: number; concatDim: number } {
  if (shape.length === 0) return { half: [1], splitDim: 0, concatDim: 0 };
  let sd = shape.findIndex((d) => d % 2 === 0);
  if (sd < 0) sd = shape.reduce((best, d, i) => (d > shape[best]! ? i : best), 0);
  const half: number[] = [];
  shape.forEach((d, i) => {
    if (i === sd) half.push(Math.ceil(d / 2), 1);
    else half.push(d);
  });
  return { half, splitDim: sd, concatDim: sd + 1 };
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Two uint32 halves joined into uint64 (lo | hi << 32). */
function join64(lo: NDArray, hi: NDArray): NDArray {
  const c = (x: NDArray) => lax.convertElementType(x, "uint64");
  return lax.bitwiseOr(c(lo), lax.shiftLeft(c(hi), scalarArray(32, "uint64", false)));
}

function threeFry(key: NDArray, shape: readonly number[], bits: number): [NDArray, NDArray] {
  const [k0, k1, s0, s1] = [0, 1, 2, 3].map((i) => word(key, i)) as [NDArray, NDArray, NDArray, NDArray];
  const counters = (n: number) => add64(s0, s1, lax.iota("uint32", n));
  let out: NDArray;
  let n: number;
  if (bits === 64) {
    n = sizeOf(shape);
    const [lo, hi] = counters(n);
    const [o0, o1] = threefry2x32(k0, k1, lo, hi);
    out = lax.reshape(join64(o0, o1), [...shape]);
  } else {
    const { half, splitDim, concatDim } = splitHalves(shape);
    n = sizeOf(half);
    const [lo, hi] = counters(n);
    const [o0, o1] = threefry2x32(k0, k1, lo, hi);
    if (shape.length === 0) out = lax.reshape(o0, []);
    else {
      const joined = lax.concatenate([lax.reshape(o0, half), lax.reshape(o1, half)], concatDim);
      const dims = [...shape];
      dims[splitDim] = Math.ceil(shape[splitDim]! / 2) * 2;
      out = lax.reshape(joined, dims);
      if (dims[splitDim] !== shape[splitDim])
        out = lax.slice(
          out,
          shape.map(() => 0),
          [...shape],
        );
    }
  }
  const [ns0, ns1] = add64(s0, s1, u32(n));
  return [newKey(k0, k1, ns0, ns1), out];
}

function newKey(...words: NDArray[]): NDArray {
  return lax.concatenate(
    words.map((w) => lax.reshape(w, [1])),
    0,
  );
}

/** Philox4x32 with 10 rounds on uint32 arrays. */
function philox4x32(x: NDArray[], key: [NDArray, NDArray]): NDArray[] {
  const [MA, MB] = [u32(0xd2511f53), u32(0xcd9e8d57)];
  let [k0, k1] = key;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(x[0]!, MA);
    const lo0 = lax.mul(x[0]!, MA);
    const hi1 = mulhi(x[2]!, MB);
    const lo1 = lax.mul(x[2]!, MB);
    x = [lax.bitwiseXor(lax.bitwiseXor(hi1, x[1]!), k0), lo1, lax.bitwiseXor(lax.bitwiseXor(hi0, x[3]!), k1), lo0];
    k0 = lax.add(k0, u32(0x9e3779b9));
    k1 = lax.add(k1, u32(0xbb67ae85));
  }
  return x;
}

function philox(key: NDArray, shape: readonly number[], bits: number): [NDArray, NDArray] {
  const [k0, k1, s0, s1] = [0, 1, 2, 3].map((i) => word(key, i)) as [NDArray, NDArray, NDArray, NDArray];
  const n = sizeOf(shape);
  const words = bits === 64 ? 2 * n : n;
  const nv = Math.ceil(words / 4);
  // The 128-bit counter (s0, s1, k0, k1) + i, carried word by word.
  const i = lax.iota("uint32", nv);
  const a0 = lax.add(lax.broadcastInDim(s0, [nv], []), i);
  const c0 = carryOf(a0, i);
  const a1 = lax.add(lax.broadcastInDim(s1, [nv], []), c0);
  const c1 = lax.convertElementType(lax.bitwiseAnd(lax.eq(a1, u32(0)), lax.eq(c0, u32(1))), "uint32");
  const a2 = lax.add(lax.broadcastInDim(k0, [nv], []), c1);
  const c2 = lax.convertElementType(lax.bitwiseAnd(lax.eq(a2, u32(0)), lax.eq(c1, u32(1))), "uint32");
  const a3 = lax.add(lax.broadcastInDim(k1, [nv], []), c2);
  const b = philox4x32([a0, a1, a2, a3], [k0, k1]);
  const lanes = bits === 64 ? [join64(b[0]!, b[1]!), join64(b[2]!, b[3]!)] : b;
  const flat = lax.reshape(
    lax.concatenate(
      lanes.map((w) => lax.reshape(w, [nv, 1])),
      1,
    ),
    [nv * lanes.length],
  );
  const out = lax.reshape(lax.slice(flat, [0], [n]), [...shape]);
  const [ns0, ns1] = add64(s0, s1, u32(nv));
  return [newKey(k0, k1, ns0, ns1), out];
}

const ALGORITHMS: Record<string, "threefry" | "philox"> = {
  RNG_DEFAULT: "philox",
  RNG_THREE_FRY: "threefry",
  RNG_PHILOX: "philox",
};

/**
 * lax.rngBitGenerator(key, shape, dtype = "uint32", algorithm = RandomAlgorithm.RNG_DEFAULT) →
 * `[newKey, bits]`: XLA's stateless bit generator on a uint32[4] key (RNG_DEFAULT is Philox, as on
 * JAX's CPU). dtype is uint8, uint16, uint32 or uint64 (narrow types keep the low bits of 32-bit words).
 */
export function rngBitGenerator(
  key: ArrayLike,
  shape: number | readonly number[],
  dtype: DType = "uint32",
  algorithm: RandomAlgorithmLike = RandomAlgorithm.RNG_DEFAULT,
): [NDArray, NDArray] {
  const k = asOperand(key, "rng_bit_generator key");
  if (k.dtype !== "uint32" || k.ndim !== 1 || k.shape[0] !== 4) {
    throw new JaxTypeError(`rng_bit_generator: key must be a uint32[4] array, got ${k.dtype}[${k.shape.join(",")}]`);
  }
  const dims = typeof shape === "number" ? [shape] : [...shape];
  if (!dims.every((d) => Number.isInteger(d) && d >= 0))
    throw new JaxTypeError(`rng_bit_generator: invalid shape ${JSON.stringify(shape)}`);
  const dt = canonicalize(parseDType(dtype, "rng_bit_generator dtype"));
  if (!["uint8", "uint16", "uint32", "uint64"].includes(dt)) throw new JaxTypeError(`rng_bit_generator: unsupported dtype ${dt}`);
  const name = typeof algorithm === "number" ? ["RNG_DEFAULT", "RNG_THREE_FRY", "RNG_PHILOX"][algorithm] : algorithm;
  const alg = name === undefined ? undefined : ALGORITHMS[name];
  if (!alg) throw new ValueError(`rng_bit_generator: unknown algorithm ${String(algorithm)}`);
  const bits = dt === "uint64" ? 64 : 32;
  const [nk, out] = alg === "threefry" ? threeFry(k, dims, bits) : philox(k, dims, bits);
  return [nk, dt === "uint32" || dt === "uint64" ? out : lax.convertElementType(out, dt)];
}
