// LU, Cholesky and triangular solves of large float32 matrices, recursively
// (as LAPACK's getrf2 and ReLAPACK): each splits its matrix in halves,
// solves the first, updates the second with one product, and solves that.
// Nearly all of the O(n³) work is then products with a long inner dimension,
// which the sgemm (runtime/gemm.ts) runs near its peak; blocks of up to
// LEAF columns go to the unblocked kernels of linalg_module.ts. LU and the
// solves work in float32 in place, as LAPACK's sgetrf/strsm give JAX; a
// Cholesky leaf is factored in float64 (the kernel the reference shares).
// Results are float32's, not the reference kernels' float64 bits
// (native_linalg.ts keeps those below LU_BLOCKED_MIN and CHOLESKY_BLOCKED_MIN). Matrices are row-major
// float32 in the heap, addressed in bytes, with row strides in elements.
import type { WasmBackend } from "../backend.ts";
import { runGemm } from "./gemm.ts";
import { linalgFunctions } from "./linalg_module.ts";
import { blockedHelpers } from "./blocked_module.ts";
import { withScratch } from "./heap_scratch.ts";

/** Blocks this narrow go to the unblocked kernels. */
const LEAF = 32;
/**
 * LU and triangular solves of matrices at least this large (the smaller of
 * their two dims) take the float32 path (a single leaf below 2 LEAF); smaller
 * ones the float64 kernels, whose setup costs less. A batch of 100 32 × 32
 * inverses: 1.8 ms in float64, 0.9 here.
 */
export const LU_BLOCKED_MIN = LEAF;
/** Cholesky factors of matrices at least this large take the recursive path (below it, the float64 kernel is faster). */
export const CHOLESKY_BLOCKED_MIN = 2 * LEAF;

/** Where a recursion splits k rows or columns: about half, on a multiple of LEAF. */
function half(k: number): number {
  return Math.min(k - 1, LEAF * Math.max(1, Math.round(k / 2 / LEAF)));
}

/** A float32 matrix operand: byte address of element [0, 0] and element strides. */
export interface Operand {
  at: number;
  rs: number;
  cs: number;
}

/** C = A·B for the m×k A and k×n B (float32), C contiguous at c (m×n; it must not overlap A or B). */
export function product(b: WasmBackend, m: number, n: number, k: number, A: Operand, B: Operand, c: number): void {
  const plan = {
    batch: 1,
    m,
    n,
    k,
    a: { bs: 0, rs: A.rs, cs: A.cs, offset: 0 },
    b: { bs: 0, rs: B.rs, cs: B.cs, offset: 0 },
    outGroups: [0, 1, 1] as [number, number, number],
  };
  runGemm(b, plan, A.at, B.at, c);
}

/** C -= A·B for the m×k A and k×n B (float32), C at `c` with row stride ldc: the product into scratch, then subtracted. */
export function subtractProduct(b: WasmBackend, m: number, n: number, k: number, A: Operand, B: Operand, c: number, ldc: number): void {
  if (m === 0 || n === 0 || k === 0) return;
  withScratch(b.heap, (s) => {
    const t = s.take(4 * m * n);
    product(b, m, n, k, A, B, t);
    blockedHelpers(b.heap).subtract(c, ldc, t, m, n);
  });
}

/** Swaps rows r and piv[r] (int32s at piv, rows relative to base) for r in [from, to), over `cols` columns at base. */
function applySwaps(b: WasmBackend, base: number, ld: number, cols: number, piv: number, from: number, to: number): void {
  if (cols === 0) return;
  const { swap } = blockedHelpers(b.heap);
  const i32 = b.heap.i32;
  for (let r = from; r < to; r++) {
    const p = i32[(piv >> 2) + r];
    if (p !== r) swap(base + 4 * r * ld, base + 4 * p * ld, cols);
  }
}

/** Scratch of the LU recursion: a contiguous panel (m × LEAF float32) and its row permutation (m int32). */
interface LuScratch {
  panel: number;
  perm: number;
}

/** getrf2 on the m×n block at w (row stride ld): pivots (relative to the block) into piv, rows swapped across the block only. */
function luRec(b: WasmBackend, w: number, ld: number, m: number, n: number, piv: number, s: LuScratch): void {
  const { lu32 } = linalgFunctions(b.heap);
  if (n <= LEAF) {
    // A narrow panel: factored contiguous (rows ld apart would thrash the cache), then copied back.
    const { copy } = blockedHelpers(b.heap);
    copy(w, ld, s.panel, n, m, n);
    lu32(s.panel, n, m, n, s.perm, piv);
    copy(s.panel, n, w, ld, m, n);
    return;
  }
  if (m <= LEAF) {
    lu32(w, ld, m, n, s.perm, piv);
    return;
  }
  const k = Math.min(m, n);
  const n1 = half(k),
    n2 = n - n1;
  luRec(b, w, ld, m, n1, piv, s);
  const right = w + 4 * n1;
  applySwaps(b, right, ld, n2, piv, 0, n1);
  trsmRec(b, { at: w, rs: ld, cs: 1 }, right, ld, n1, n2, true, true);
  const below = w + 4 * n1 * ld;
  subtractProduct(b, m - n1, n2, n1, { at: below, rs: ld, cs: 1 }, { at: right, rs: ld, cs: 1 }, below + 4 * n1, ld);
  luRec(b, below + 4 * n1, ld, m - n1, n2, piv + 4 * n1, s);
  const i32 = b.heap.i32;
  for (let r = n1; r < k; r++) i32[(piv >> 2) + r] += n1;
  applySwaps(b, w, ld, n1, piv, n1, k);
}

/**
 * LU with partial pivoting of the m×n float32 matrix at w (row stride n), in
 * place; perm (m int32) and piv (min(m, n) int32) written as the lu
 * primitive's. Pivots are LAPACK's: the first row of largest magnitude.
 */
export function luBlocked(b: WasmBackend, w: number, m: number, n: number, perm: number, piv: number): void {
  const heap = b.heap;
  withScratch(heap, (s) => luRec(b, w, n, m, n, piv, { panel: s.take(4 * m * LEAF), perm: s.take(4 * m) }));
  const i32 = heap.i32;
  for (let i = 0; i < m; i++) i32[(perm >> 2) + i] = i;
  for (let r = 0; r < Math.min(m, n); r++) {
    const p = i32[(piv >> 2) + r];
    const t = i32[(perm >> 2) + r];
    i32[(perm >> 2) + r] = i32[(perm >> 2) + p];
    i32[(perm >> 2) + p] = t;
  }
}

/**
 * Solves M X = V in place for the m×m float32 triangle M (element [0, 0] at
 * M.at, strides M.rs and M.cs; lower or upper, unit diagonal or not) and the
 * m×r V at v (row stride ldv): the half substitution reaches first, then the
 * other half less its product with the first.
 */
export function trsmRec(b: WasmBackend, M: Operand, v: number, ldv: number, m: number, r: number, lower: boolean, unit: boolean): void {
  const { rs, cs } = M;
  if (m <= LEAF) {
    linalgFunctions(b.heap).trsm32(M.at, rs, cs, v, ldv, m, r, lower ? 1 : 0, unit ? 1 : 0);
    return;
  }
  const h = half(m);
  const [vTop, vBottom] = [v, v + 4 * h * ldv];
  const [mTop, mBottom] = [M, { at: M.at + 4 * h * (rs + cs), rs, cs }];
  if (lower) {
    trsmRec(b, mTop, vTop, ldv, h, r, lower, unit);
    subtractProduct(b, m - h, r, h, { at: M.at + 4 * h * rs, rs, cs }, { at: vTop, rs: ldv, cs: 1 }, vBottom, ldv);
    trsmRec(b, mBottom, vBottom, ldv, m - h, r, lower, unit);
  } else {
    trsmRec(b, mBottom, vBottom, ldv, m - h, r, lower, unit);
    subtractProduct(b, h, r, m - h, { at: M.at + 4 * h * cs, rs, cs }, { at: vBottom, rs: ldv, cs: 1 }, vTop, ldv);
    trsmRec(b, mTop, vTop, ldv, h, r, lower, unit);
  }
}

/** Scratch of the Cholesky recursion: a leaf's float64 block, factor and sums, and a float32 transpose (LEAF × n). */
interface CholScratch {
  diag: number;
  factor: number;
  sums: number;
  transposed: number;
}

/** X := X L⁻ᵀ for the rows×k float32 X at x (row stride ldx) and the k×k lower L at l (row stride ldl). */
function solveRightTransposed(
  b: WasmBackend,
  l: number,
  ldl: number,
  x: number,
  ldx: number,
  rows: number,
  k: number,
  s: CholScratch,
): void {
  if (k <= LEAF) {
    // L Xᵀ = Xᵀ, substituted on a transposed copy (its rows contiguous).
    const { transpose } = blockedHelpers(b.heap);
    transpose(x, ldx, s.transposed, rows, rows, k);
    trsmRec(b, { at: l, rs: ldl, cs: 1 }, s.transposed, rows, k, rows, true, false);
    transpose(s.transposed, rows, x, ldx, k, rows);
    return;
  }
  const h = half(k);
  solveRightTransposed(b, l, ldl, x, ldx, rows, h, s);
  // X2 -= X1 Lbᵀ, Lb = L[h:, :h] (its transpose by strides).
  const lb = l + 4 * h * ldl;
  subtractProduct(b, rows, k - h, h, { at: x, rs: ldx, cs: 1 }, { at: lb, rs: 1, cs: ldl }, x + 4 * h, ldx);
  solveRightTransposed(b, l + 4 * (h * ldl + h), ldl, x + 4 * h, ldx, rows, k - h, s);
}

/** The lower triangle of the n×n C at c (row stride ld) less A Aᵀ, A n×k at a (row stride ld): squares below 2 LEAF whole, else halves and their corner. */
function subtractGram(b: WasmBackend, c: number, a: number, ld: number, n: number, k: number): void {
  const A1 = { at: a, rs: ld, cs: 1 };
  if (n < 2 * LEAF) {
    subtractProduct(b, n, n, k, A1, { at: a, rs: 1, cs: ld }, c, ld);
    return;
  }
  const h = half(n);
  const a2 = a + 4 * h * ld;
  subtractGram(b, c, a, ld, h, k);
  subtractProduct(b, n - h, h, k, { at: a2, rs: ld, cs: 1 }, { at: a, rs: 1, cs: ld }, c + 4 * h * ld, ld);
  subtractGram(b, c + 4 * h * (ld + 1), a2, ld, n - h, k);
}

/** potrf2 on the n×n block at a (row stride ld), lower triangle: false where it is not positive definite. */
function cholRec(b: WasmBackend, a: number, ld: number, n: number, s: CholScratch): boolean {
  const heap = b.heap;
  if (n <= LEAF) {
    const { widen, narrow } = blockedHelpers(heap);
    widen(a, ld, n, n, s.diag, 0);
    heap.f64.fill(0, s.factor >> 3, (s.factor >> 3) + n * n);
    if (!linalgFunctions(heap).cholesky(s.diag, s.factor, s.sums, n)) return false;
    // The factor is column-major: read as a transpose it is L row-major.
    narrow(s.factor, n, n, a, ld, 1);
    return true;
  }
  const h = half(n);
  if (!cholRec(b, a, ld, h, s)) return false;
  const a21 = a + 4 * h * ld;
  solveRightTransposed(b, a, ld, a21, ld, n - h, h, s);
  // A22 -= L21 L21ᵀ (its lower triangle: the upper one is never read).
  subtractGram(b, a21 + 4 * h, a21, ld, n - h, h);
  return cholRec(b, a21 + 4 * h, ld, n - h, s);
}

/**
 * The lower Cholesky factor of the n×n float32 matrix at `a` (row stride n;
 * its lower triangle read), in place, the strict upper triangle zeroed.
 * Returns false where the matrix is not positive definite.
 */
export function choleskyBlocked(b: WasmBackend, a: number, n: number): boolean {
  const heap = b.heap;
  const ok = withScratch(heap, (s) =>
    cholRec(b, a, n, n, {
      diag: s.take(8 * LEAF * LEAF),
      factor: s.take(8 * LEAF * LEAF),
      sums: s.take(8 * LEAF),
      transposed: s.take(4 * LEAF * n),
    }),
  );
  if (!ok) return false;
  const f32 = heap.f32;
  for (let i = 0; i < n; i++) f32.fill(0, (a >> 2) + i * n + i + 1, (a >> 2) + (i + 1) * n);
  return true;
}
