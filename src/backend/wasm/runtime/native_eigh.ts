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
import { orgqrBlocked } from "./blocked_qr.ts";
import { householderFunctions } from "./householder_module.ts";
import { linalgFunctions } from "./linalg_module.ts";
import type { Move } from "./native_moves.ts";

/** Matrices this large or larger take this path. */
export const EIGH_BLOCKED_MIN = 64;

/** steqr's rotations on the rows of the float64 n×n zt in the heap, with c and s staged in `cs` (2 n float64s). */
function rowRotations(b: WasmBackend, zt: number, n: number, cs: number): Rotations {
  const { rotate } = linalgFunctions(b.heap);
  const { swap } = blockedHelpers(b.heap);
  return {
    rotate(lo, c, s, forward) {
      const f64 = b.heap.f64;
      f64.set(c, cs >> 3);
      f64.set(s, (cs >> 3) + n);
      rotate(zt, n, lo, c.length, cs, cs + 8 * n, forward ? 1 : 0);
    },
    // A float64 row is 2 n float32 words: swapped as words, bit for bit.
    swap: (i, k) => swap(zt + 8 * i * n, zt + 8 * k * n, 2 * n),
  };
}

/**
 * Eigenvalues (ascending, float32 at w) and eigenvectors (columns of the
 * n×n float32 at v) of the symmetric float32 matrix at a (both triangles
 * filled); false where steqr does not converge.
 */
function eighOne(b: WasmBackend, a: number, n: number, w: number, v: number): boolean {
  const heap = b.heap;
  // float32: the matrix, Q, the reflectors transposed, d, e, taus, x; float64: Zᵀ, its rotations.
  // (float32s rounded up to a cache line: the float64s after them are indexed through a Float64Array.)
  const f32s = Math.ceil((3 * n * n + 4 * n) / 16) * 16;
  const bytes = 4 * f32s + 8 * (n * n + 2 * n);
  const base = heap.alloc(bytes);
  try {
    const at = (elems: number) => base + 4 * elems;
    const [q, refl, work] = [at(0), at(n * n), at(2 * n * n)];
    const [d, e, taus, x] = [at(3 * n * n), at(3 * n * n + n), at(3 * n * n + 2 * n), at(3 * n * n + 3 * n)];
    const zt = base + 4 * f32s;
    const cs = zt + 8 * n * n;
    heap.copy(work, a, 4 * n * n);
    householderFunctions(heap).sytd2(work, n, d, e, taus, x);
    // Q = diag(1, orgqr of the reflectors): reflector i lives in row i from column i + 1, a column of their transpose.
    blockedHelpers(heap).transpose(work + 4, n, refl, n - 1, n - 1, n - 1);
    let f32 = heap.f32;
    f32.fill(0, q >> 2, (q >> 2) + n);
    f32[q >> 2] = 1;
    for (let i = 1; i < n; i++) f32[(q >> 2) + i * n] = 0;
    orgqrBlocked(b, refl, n - 1, n - 1, n - 1, taus, q + 4 * (n + 1), n, n - 1);
    f32 = heap.f32;
    const D = Float64Array.from(f32.subarray(d >> 2, (d >> 2) + n));
    const E = Float64Array.from(f32.subarray(e >> 2, (e >> 2) + n - 1));
    const f64 = heap.f64;
    f64.fill(0, zt >> 3, (zt >> 3) + n * n);
    for (let i = 0; i < n; i++) f64[(zt >> 3) + i * n + i] = 1;
    if (!steqr(D, E, rowRotations(b, zt, n, cs), n, true)) return false;
    // v = Q Z = Q (Zᵀ)ᵀ, Zᵀ rounded to float32 in the reflectors' place.
    blockedHelpers(heap).narrow(zt, n, n, refl, n, 0);
    product(b, n, n, n, { at: q, rs: n, cs: 1 }, { at: refl, rs: 1, cs: n }, v);
    heap.f32.set(D, w >> 2);
    return true;
  } finally {
    heap.release(base, bytes);
  }
}

export const eigh: Move = (b, prim, [x], [a], params, [vo, wo]) => {
  const n = a.shape[a.ndim - 1];
  if (a.dtype !== "float32" || n < EIGH_BLOCKED_MIN) return null;
  const { lower } = paramsOf(eighP, prim, params);
  const heap = b.heap;
  const batches = prod(a.shape.slice(0, -2));
  const [v, w] = [b.alloc(vo), b.alloc(wo)];
  const bytes = 4 * n * n;
  const sym = heap.alloc(bytes);
  try {
    for (let bi = 0; bi < batches; bi++) {
      // Both triangles from the one `lower` names.
      const f32 = heap.f32;
      const src = (x.ptr >> 2) + bi * n * n;
      let finite = true;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const value = i >= j === lower ? f32[src + i * n + j] : f32[src + j * n + i];
          if (!Number.isFinite(value)) finite = false;
          f32[(sym >> 2) + i * n + j] = value;
        }
      if (!finite || !eighOne(b, sym, n, w.ptr + 4 * bi * n, v.ptr + 4 * bi * n * n)) {
        b.dispose(v);
        b.dispose(w);
        return null;
      }
    }
  } finally {
    heap.release(sym, bytes);
  }
  return [v, w];
};
