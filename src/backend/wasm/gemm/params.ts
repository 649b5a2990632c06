// Blocking parameters (BLIS/GotoBLAS terms) and the workspace layout they imply.
//
// MR×NR micro-tile: V8 on x64 gives wasm 15 xmm registers, and TurboFan
// schedules arithmetic late, so every load of a loop iteration comes first:
// one k step holds MR·NR/4 accumulators + NR/4 B vectors + MR A splats + one
// product ≤ 15. 2×16 (8 + 4 + 2 + 1) runs the kernel at ~57 GFLOP/s from L1
// on the development machine (Node 20, 2-core x86-64 VM); 4×8 reached 43 GFLOP/s
// in the full GEMM against 53 for 2×16, and unrolling k spilled.
export const MR = 2;
export const NR = 16;
/** K-panel depth: a packed KC×NR B micro-panel (16 KiB) stays in L1. */
export const KC = 256;
/** Rows of A packed per block: the MC×KC A block (128 KiB) stays in L2. */
export const MC = 128;
/** Columns of B packed per panel: KC×NC (1 MiB) in L2/L3; MC×NC is also the epilogue block. */
export const NC = 1024;

/**
 * With few rows of A, packing B costs as much as using it, so whole NR-column
 * panels of a row-major B are read in place instead. Each panel is then reused
 * from L1 once per MR rows, which only works when its rows spread over the L1
 * sets: not when the row stride is a multiple of 64 floats (power-of-two
 * widths). Measured in place vs packed, k = 256: n = 1024: 2 rows 2.7×
 * faster, 4 rows 1.5×, 8 rows even, 16 rows 0.8×; n = 1000: 8 rows 1.3×,
 * 16 rows 1.1×, 32 rows even, 64 rows 0.95×.
 */
export const IN_PLACE_B_MAX_M = 4;
/** The same for row strides that are not a multiple of 64 floats. */
export const IN_PLACE_B_MAX_M_SPREAD = 16;

/** Bytes of the edge-tile scratch (an MR×NR tile, rounded to a cache line). */
export const TILE_BYTES = Math.ceil((4 * MR * NR) / 64) * 64;

const roundUp = (x: number, q: number) => Math.ceil(x / q) * q;

/**
 * Bytes of 16-byte-aligned scratch that sgemm's workPtr needs for an m×k by
 * k×n product: [edge tile | packed A block | packed B panel]. blocked.ts
 * computes the same layout at run time; keep the two equal.
 */
export function sgemmWorkspaceBytes(m: number, n: number, k: number): number {
  const kc = Math.min(k, KC);
  const aBytes = roundUp(4 * kc * roundUp(Math.min(m, MC), MR), 64);
  return TILE_BYTES + aBytes + 4 * kc * roundUp(Math.min(n, NC), NR);
}
