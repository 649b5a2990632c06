// int64/uint64 arithmetic on their float64 slots (exact to 2^53): a double
// result within 2^53 is exact; beyond, the sum or product is redone on
// BigInts so it wraps at 2^64 as XLA's, then rounds to a double once.
const LIMIT = 2 ** 53;

/** The exact 64-bit result of dtype d (int64 or uint64), wrapped and rounded to a double. */
export function wrap64(v: bigint, d: string): number {
  return Number(d === "uint64" ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v));
}

/** A slot's integer: 2^63 (uint64: 2^64) is the type's max rounded, read back saturated as the wasm kernels' loads do. */
export function slotBig(x: number, d: string): bigint {
  const top = d === "uint64" ? 2 ** 64 : 2 ** 63;
  return x >= top ? BigInt(top) - 1n : BigInt(x);
}

export function add64(x: number, y: number, d: string): number {
  const s = x + y;
  return Math.abs(s) <= LIMIT ? s : wrap64(slotBig(x, d) + slotBig(y, d), d);
}

export function mul64(x: number, y: number, d: string): number {
  const p = x * y;
  return Math.abs(p) <= LIMIT ? p : wrap64(slotBig(x, d) * slotBig(y, d), d);
}

/** The least and greatest values of int64/uint64 as doubles (the identities of max and min). */
export function range64(d: string): [number, number] {
  return d === "uint64" ? [0, 2 ** 64] : [-(2 ** 63), 2 ** 63];
}
