// int64 read out: float64 slots (integers) → BigInt64Array, written as two
// 32-bit words per element (building a BigInt per element is ~20x slower).
const TWO32 = 2 ** 32;
const TWO63 = 2 ** 63;

/** The int64 values of float64 slots; 2^63 (int64's max, rounded) reads as INT64_MAX. */
export function toBigInt64Array(data: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(data.length);
  // Little-endian words: [lo, hi] per element (typed arrays use the platform's order; every supported host is little-endian).
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v >= TWO63) {
      w[2 * i] = -1;
      w[2 * i + 1] = 0x7fffffff;
      continue;
    }
    // Exact for every integer double in [-2^63, 2^63): scaling by 2^32 and flooring lose nothing.
    const hi = Math.floor(v / TWO32);
    w[2 * i] = (v - hi * TWO32) | 0;
    w[2 * i + 1] = hi | 0;
  }
  return out;
}
