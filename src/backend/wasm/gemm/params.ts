// Blocking parameters (BLIS/GotoBLAS terms) and the workspace layout they imply.
//
// MR×NR micro-tile: V8 (x64) keeps 15 xmm registers for wasm and its scheduler
// hoists every load of a loop iteration to the top, so one k step needs
// MR·NR/4 accumulators + NR/4 B vectors + MR A splats + 1 product ≤ 15.
// 2×16 (8 + 4 + 2 + 1) measured fastest; 4×8 and 3×12 were 5–20% slower and
// unrolling k made TurboFan spill.
export const MR = 2;
export const NR = 16;
/** K-panel depth: a packed KC×NR B micro-panel (16 KiB) stays in L1. */
export const KC = 256;
/** Rows of A packed per block: the MC×KC A block (128 KiB) stays in L2. */
export const MC = 128;
/** Columns of B packed per panel: KC×NC (1 MiB) in L2/L3; MC×NC is also the epilogue block. */
export const NC = 1024;

/**
 * Up to this many rows of A, whole NR-column panels of a row-major B are read
 * in place instead of packed (packing costs as much as the product there). At
 * more rows, reusing the strided panel from L1 suffers set conflicts
 * (power-of-two row strides) and packing wins: 1×2 rows 2.7× faster in place,
 * 4 rows 1.5×, 8 rows even, 16 rows 0.8× (k = 256, n = 1024).
 */
export const DIRECT_B_MAX_M = 4;

/** Bytes of the edge-tile scratch (an MR×NR tile, rounded to a cache line). */
export const TILE_BYTES = Math.ceil((4 * MR * NR) / 64) * 64;

const roundUp = (x: number, q: number) => Math.ceil(x / q) * q;

/**
 * Bytes of 16-byte-aligned scratch that sgemm's workPtr needs for an m×k by k×n
 * product. Layout: [edge tile | packed A block | packed B panel]. The blocked path emits
 * the same computation at run time (blocked.ts); keep them equal.
 */
export function sgemmWorkspaceBytes(m: number, n: number, k: number): number {
  const kc = Math.min(k, KC);
  const aBytes = roundUp(4 * kc * roundUp(Math.min(m, MC), MR), 64);
  return TILE_BYTES + aBytes + 4 * kc * roundUp(Math.min(n, NC), NR);
}
