// int64/uint64 in the number kernels: they see 64-bit values only as
// stand-in doubles (see int64_boundary.ts), for which the range's ends are
// the identities of max and min.

/** The least and greatest values of int64/uint64 as doubles (the identities of max and min). */
export function range64(d: string): [number, number] {
  return d === "uint64" ? [0, 2 ** 64] : [-(2 ** 63), 2 ** 63];
}
