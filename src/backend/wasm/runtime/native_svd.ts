// svd of float32 matrices from SVD_BLOCKED_MIN rows and columns, in the
// reference kernel's steps (svd_gesdd.ts: gesdd's paths, its signs) with
// the O(n³) parts in wasm: a QR (LQ) first where the matrix is much taller
// (wider) (blocked_qr.ts), the bidiagonal reduction in float32
// (householder_module.ts), the reflectors' products Q and P by block
// reflectors, the reference's bidiagonal QR iterations in JS with their
// rotations on the rows of Uᵀ and VT in wasm (float64, element for element
// the reference's), and the singular vectors as products on the GEMM.
// Non-finite input or no convergence leaves the batch to the reference (null).
import { paramsOf } from "../../../core/primitive.ts";
import { prod } from "../../../core/shape.ts";
import { svdP } from "../../../lax/linalg_decomp.ts";
import { type BidiagVectors, bidiagSvd } from "../../js/svd_gesdd.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { blockedHelpers } from "./blocked_module.ts";
import { type Operand, product } from "./blocked_linalg.ts";
import { orgqrBlocked, qrBlocked, rowReflectorsProduct } from "./blocked_qr.ts";
import { type Scratch, withScratch } from "./heap_scratch.ts";
import { householderFunctions } from "./householder_module.ts";
import { heapRows } from "./native_eigh.ts";
import { columnRotations } from "../../js/eigh_syevd.ts";
import type { Move } from "./native_moves.ts";

/**
 * Matrices this large or larger (both dims) take this path (smaller ones the
 * reference kernel): a batch of 100 32 × 32 matrices with their vectors 46
 * ms on the reference, 18 here.
 */
export const SVD_BLOCKED_MIN = 16;

/** The upper bidiagonal reduction of the rows×cols (rows ≥ cols) float32 w in place: d, e, and the taus in the heap. */
function bidiagonalize(
  b: WasmBackend,
  s: Scratch,
  w: number,
  rows: number,
  cols: number,
): { d: Float64Array; e: Float64Array; tauq: number; taup: number } {
  const [d, e, tauq, taup, sums] = [0, 0, 0, 0, 0].map(() => s.take(4 * cols));
  householderFunctions(b.heap).gebd2(w, rows, cols, d, e, tauq, taup, sums);
  const f32 = b.heap.f32;
  return {
    d: Float64Array.from(f32.subarray(d >> 2, (d >> 2) + cols)),
    e: Float64Array.from(f32.subarray(e >> 2, (e >> 2) + cols - 1)),
    tauq,
    taup,
  };
}

/** Q (rows × rows) from the left reflectors in w's columns (cols of them). */
function leftQ(b: WasmBackend, s: Scratch, w: number, rows: number, cols: number, tauq: number): number {
  const q = s.take(4 * rows * rows);
  orgqrBlocked(b, w, cols, rows, cols, tauq, q, rows, rows);
  return q;
}

/** P (cols × cols) from the right reflectors in w's rows. */
function rightP(b: WasmBackend, s: Scratch, w: number, cols: number, taup: number): number {
  const p = s.take(4 * cols * cols);
  rowReflectorsProduct(b, w, cols, taup, p);
  return p;
}

/** U (as Uᵀ) and VT, n×n float64s in the heap from the identity, rotated in wasm. */
function heapVectors(b: WasmBackend, s: Scratch, n: number): BidiagVectors & { ut: number; vt: number } {
  const [ut, vt, cs] = [s.take(8 * n * n), s.take(8 * n * n), s.take(16 * n)];
  const [U, V] = [heapRows(b, ut, n, cs), heapRows(b, vt, n, cs)];
  U.reset();
  V.reset();
  return {
    ut,
    vt,
    rotate(which, forward, c, sn, lo, cnt) {
      if (cnt < 2) return;
      if (which !== "uRows") return (which === "vtRows" ? V : U).rotate(lo, c, sn, cnt - 1, forward);
      // U's rows are Uᵀ's columns: the reference's column rotation, once (a lower bidiagonal made upper).
      const f64 = b.heap.f64.subarray(ut >> 3, (ut >> 3) + n * n);
      columnRotations(f64, n).rotate(lo, c.slice(0, cnt - 1), sn.slice(0, cnt - 1), forward);
    },
    negateVtRow: (i) => V.negate(i),
    negateUColumn: (i) => U.negate(i),
    swap(i, k) {
      V.swap(i, k);
      U.swap(i, k);
    },
  };
}

/** The n×n float64 matrix at z as float32 (a fresh block). */
function toF32(b: WasmBackend, s: Scratch, z: number, n: number): number {
  const at = s.take(4 * n * n);
  blockedHelpers(b.heap).narrow(z, n, n, at, n, 0);
  return at;
}

/** C (rows × cols, row stride ldc) = A·B, through scratch when C's rows are strided. */
function productInto(b: WasmBackend, s: Scratch, m: number, n: number, k: number, A: Operand, B: Operand, c: number, ldc: number): void {
  if (ldc === n) return product(b, m, n, k, A, B, c);
  const t = s.take(4 * m * n);
  product(b, m, n, k, A, B, t);
  blockedHelpers(b.heap).copy(t, n, c, ldc, m, n);
}

/** Copies columns [from, to) of the rows-row float32 matrix at src (row stride lds) into dst (row stride ldd) at the same columns. */
function copyColumns(b: WasmBackend, src: number, lds: number, dst: number, ldd: number, rows: number, from: number, to: number): void {
  if (to > from) blockedHelpers(b.heap).copy(src + 4 * from, lds, dst + 4 * from, ldd, rows, to - from);
}

/** Where the singular vectors go: u (m × uCols) and vt (vtRows × n), float32, full or reduced. */
interface VectorsOut {
  u: number;
  vt: number;
  uCols: number;
  vtRows: number;
}

/**
 * The SVD of the m×n float32 matrix at a: s (min(m, n), float32 at sOut)
 * and, with `out`, the singular vectors. False where the bidiagonal
 * iterations do not converge.
 */
function svdOne(b: WasmBackend, a: number, m: number, n: number, out: VectorsOut | null, sOut: number): boolean {
  const heap = b.heap;
  return withScratch(heap, (s) => {
    const k = Math.min(m, n);
    const vectors = out !== null;
    const { copy } = blockedHelpers(heap);
    // gesdd's paths: square-ish (m ≥ n), much taller (QR first), wider (the reduction of aᵀ, a lower bidiagonal), much wider (LQ first).
    const tall = m >= n && m >= Math.trunc((n * 11) / 6);
    const wideLower = m < n && n < Math.trunc((m * 11) / 6);
    // The matrix reduced (rows × cols, rows ≥ cols), and the QR's Q when one came first.
    let w: number;
    let [rows, cols] = [m, n];
    let qqr = 0;
    let kq = 0;
    if (m >= n && !tall) {
      w = s.take(4 * m * n);
      heap.copy(w, a, 4 * m * n);
    } else {
      // QR of a (tall) or of aᵀ (wider, wideLower: the reduction of aᵀ itself).
      const [tm, tn] = m >= n ? [m, n] : [n, m];
      const src = s.take(4 * tm * tn);
      if (m >= n) heap.copy(src, a, 4 * m * n);
      else blockedHelpers(heap).transpose(a, n, src, m, m, n);
      if (wideLower) {
        w = src;
        [rows, cols] = [n, m];
      } else {
        // The QR's Q in full (tm × tm) only where the full vectors need its other columns; else tm × tn.
        kq = out !== null && (m >= n ? out.uCols > n : out.vtRows > m) ? tm : tn;
        const r = s.take(4 * kq * tn);
        qqr = vectors ? s.take(4 * tm * kq) : 0;
        qrBlocked(b, src, tm, tn, qqr, r, kq);
        // The k×k triangle reduced: R (tall) or L = Rᵀ (wider).
        w = s.take(4 * k * k);
        if (tall) copy(r, tn, w, k, k, k);
        else blockedHelpers(heap).transpose(r, tn, w, k, k, k);
        const f32 = heap.f32;
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (tall ? j < i : j > i) f32[(w >> 2) + i * k + j] = 0;
        [rows, cols] = [k, k];
      }
    }
    const { d, e, tauq, taup } = bidiagonalize(b, s, w, rows, cols);
    const vecs = vectors ? heapVectors(b, s, cols) : null;
    const sv = bidiagSvd(Array.from(d), Array.from(e), true, wideLower, vecs);
    if (!sv) return false;
    heap.f32.set(sv, sOut >> 2);
    if (!out || !vecs) return true;
    // U = (Uᵀ)ᵀ and VT (cols × cols), float32.
    const [ut, vt] = [toF32(b, s, vecs.ut, cols), toF32(b, s, vecs.vt, cols)];
    const U: Operand = { at: ut, rs: 1, cs: cols };
    const q = leftQ(b, s, w, rows, cols, tauq);
    const p = rightP(b, s, w, cols, taup);
    const { u: ku, vt: kv, uCols, vtRows } = out;
    if (m >= n) {
      // u = Qqr [Q U, Q₂] (tall) or [Q U, Q₂]; vt = VT Pᵀ.
      if (!tall) {
        productInto(b, s, m, n, n, { at: q, rs: m, cs: 1 }, U, ku, uCols);
        copyColumns(b, q, m, ku, uCols, m, n, uCols);
      } else {
        const small = s.take(4 * n * n);
        product(b, n, n, n, { at: q, rs: n, cs: 1 }, U, small);
        productInto(b, s, m, n, n, { at: qqr, rs: kq, cs: 1 }, { at: small, rs: n, cs: 1 }, ku, uCols);
        copyColumns(b, qqr, kq, ku, uCols, m, n, uCols);
      }
      product(b, n, n, n, { at: vt, rs: n, cs: 1 }, { at: p, rs: 1, cs: n }, kv);
      return true;
    }
    if (wideLower) {
      // The reduction of aᵀ = Q B Pᵀ: u = P U; vt = [VT Q₁ᵀ; Q₂ᵀ] (Q n×n).
      product(b, m, m, m, { at: p, rs: m, cs: 1 }, U, ku);
      product(b, m, n, m, { at: vt, rs: m, cs: 1 }, { at: q, rs: 1, cs: n }, kv);
      if (vtRows > m) blockedHelpers(heap).transpose(q + 4 * m, n, kv + 4 * m * n, n, n, vtRows - m);
      return true;
    }
    // LQ first: u = Q U; vt = [VT Pᵀ Qqr₁ᵀ; Qqr₂ᵀ] (Qqr n×n).
    product(b, m, m, m, { at: q, rs: m, cs: 1 }, U, ku);
    const small = s.take(4 * m * m);
    product(b, m, m, m, { at: vt, rs: m, cs: 1 }, { at: p, rs: 1, cs: m }, small);
    product(b, m, n, m, { at: small, rs: m, cs: 1 }, { at: qqr, rs: 1, cs: kq }, kv);
    if (vtRows > m) blockedHelpers(heap).transpose(qqr + 4 * m, n, kv + 4 * m * n, n, n, vtRows - m);
    return true;
  });
}

export const svd: Move = (b, prim, [x], [a], params, outAvals) => {
  const p = paramsOf(svdP, prim, params);
  const [m, n] = a.shape.slice(-2);
  if (a.dtype !== "float32" || Math.min(m, n) < SVD_BLOCKED_MIN) return null;
  const k = Math.min(m, n);
  const [ku, kv] = p.full_matrices ? [m, n] : [k, k];
  const outs: WasmBuffer[] = outAvals.map((o) => b.alloc(o));
  const heap = b.heap;
  for (let bi = 0; bi < prod(a.shape.slice(0, -2)); bi++) {
    const at = x.ptr + 4 * bi * m * n;
    if (!heap.f32.subarray(at >> 2, (at >> 2) + m * n).every(Number.isFinite)) return giveBack(b, outs);
    const vectors = p.compute_uv ? { u: outs[1].ptr + 4 * bi * m * ku, vt: outs[2].ptr + 4 * bi * kv * n, uCols: ku, vtRows: kv } : null;
    if (!svdOne(b, at, m, n, vectors, outs[0].ptr + 4 * bi * k)) return giveBack(b, outs);
  }
  return outs;
};

/** Frees what a move allocated before leaving the operation to the reference kernel. */
function giveBack(b: WasmBackend, outs: WasmBuffer[]): null {
  for (const o of outs) b.dispose(o);
  return null;
}
