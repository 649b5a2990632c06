// eigh of float32 matrices from EIGH_BLOCKED_MIN rows, in the reference
// kernel's steps (eigh_syevd.ts) with its O(n³) parts in wasm: the
// tridiagonal reduction in float32 (householder_module.ts), its reflectors'
// product Q by block reflectors on the GEMM (blocked_qr.ts), the implicit
// QL/QR iterations in JS with their plane rotations on the rows of Zᵀ in
// wasm (the reference's float64 arithmetic, element for element), and the
// eigenvectors Q Z as one product. Non-finite input, or iterations that do
// not converge, leave the batch to the reference kernel (null).
import { paramsOf } from "../../../core/primitive.ts";
import { prod } from "../../../core/shape.ts";
import { eighP } from "../../../lax/linalg.ts";
import { type Rotations, steqr } from "../../js/eigh_syevd.ts";
import type { WasmBackend } from "../backend.ts";
import { blockedHelpers } from "./blocked_module.ts";
import { product } from "./blocked_linalg.ts";
import { rowReflectorsProduct } from "./blocked_qr.ts";
import { withScratch } from "./heap_scratch.ts";
import { householderFunctions } from "./householder_module.ts";
import { linalgFunctions } from "./linalg_module.ts";
import type { Move } from "./native_moves.ts";

/**
 * Matrices this large or larger take this path (smaller ones the reference
 * kernel, whose JS loops cost less than this path's setup): a batch of 100
 * 32 × 32 matrices 22.5 ms on the reference, 9.2 here.
 */
export const EIGH_BLOCKED_MIN = 16;

/**
 * The rows of the float64 n×n matrix at z in the heap as steqr and bdsqr
 * move them (transposed eigenvectors or singular vectors): plane rotations
 * in wasm (c and s staged in `cs`, 2 n float64s), swaps, negations.
 */
export function heapRows(b: WasmBackend, z: number, n: number, cs: number) {
  const heap = b.heap;
  const { rotate } = linalgFunctions(heap);
  const { swap } = blockedHelpers(heap);
  const row = (i: number) => (z >> 3) + i * n;
  return {
    /** The identity. */
    reset(): void {
      const f64 = heap.f64;
      f64.fill(0, z >> 3, (z >> 3) + n * n);
      for (let i = 0; i < n; i++) f64[row(i) + i] = 1;
    },
    /** Rotations j < count (cosine c[j], sine s[j]) in the planes of rows lo+j, lo+j+1, in order or reversed. */
    rotate(lo: number, c: number[], s: number[], count: number, forward: boolean): void {
      if (count === 0) return;
      const f64 = heap.f64;
      for (let j = 0; j < count; j++) {
        f64[(cs >> 3) + j] = c[j];
        f64[(cs >> 3) + n + j] = s[j];
      }
      rotate(z, n, lo, count, cs, cs + 8 * n, forward ? 1 : 0);
    },
    // A float64 row is 2 n float32 words: swapped as words, bit for bit.
    swap: (i: number, k: number) => swap(z + 8 * i * n, z + 8 * k * n, 2 * n),
    negate(i: number): void {
      const f64 = heap.f64;
      for (let j = row(i); j < row(i) + n; j++) f64[j] = -f64[j];
    },
  };
}

/**
 * Eigenvalues (ascending, float32 at w) and eigenvectors (columns of the
 * n×n float32 at v) of the symmetric float32 matrix at a, from the
 * triangle `lower` names; false where that triangle is not finite or steqr
 * does not converge (the reference kernel then takes the matrix).
 */
function eighOne(b: WasmBackend, a: number, n: number, lower: boolean, w: number, v: number): boolean {
  const heap = b.heap;
  return withScratch(heap, (s) => {
    const [work, q, vecs] = [s.take(4 * n * n), s.take(4 * n * n), s.take(4 * n * n)];
    const [d, e, taus, x] = [s.take(4 * n), s.take(4 * n), s.take(4 * n), s.take(4 * n)];
    const [zt, cs] = [s.take(8 * n * n), s.take(16 * n)];
    // The reduction reads the lower triangle: the matrix itself, or its transpose for the upper one.
    if (lower) heap.copy(work, a, 4 * n * n);
    else blockedHelpers(heap).transpose(a, n, work, n, n, n);
    const f32 = heap.f32;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (!Number.isFinite(f32[(work >> 2) + i * n + j])) return false;
    householderFunctions(heap).sytd2(work, n, d, e, taus, x);
    rowReflectorsProduct(b, work, n, taus, q);
    const D = Float64Array.from(heap.f32.subarray(d >> 2, (d >> 2) + n));
    const E = Float64Array.from(heap.f32.subarray(e >> 2, (e >> 2) + n - 1));
    const rows = heapRows(b, zt, n, cs);
    rows.reset();
    const rotations: Rotations = { rotate: (lo, c, sn, forward) => rows.rotate(lo, c, sn, c.length, forward), swap: rows.swap };
    if (!steqr(D, E, rotations, n, true)) return false;
    // v = Q Z = Q (Zᵀ)ᵀ, Zᵀ rounded to float32.
    blockedHelpers(heap).narrow(zt, n, n, vecs, n, 0);
    product(b, n, n, n, { at: q, rs: n, cs: 1 }, { at: vecs, rs: 1, cs: n }, v);
    heap.f32.set(D, w >> 2);
    return true;
  });
}

export const eigh: Move = (b, prim, [x], [a], params, [vo, wo]) => {
  const n = a.shape[a.ndim - 1];
  if (a.dtype !== "float32" || n < EIGH_BLOCKED_MIN) return null;
  const { lower } = paramsOf(eighP, prim, params);
  const [v, w] = [b.alloc(vo), b.alloc(wo)];
  for (let bi = 0; bi < prod(a.shape.slice(0, -2)); bi++) {
    if (!eighOne(b, x.ptr + 4 * bi * n * n, n, lower, w.ptr + 4 * bi * n, v.ptr + 4 * bi * n * n)) {
      b.dispose(v);
      b.dispose(w);
      return null;
    }
  }
  return [v, w];
};
