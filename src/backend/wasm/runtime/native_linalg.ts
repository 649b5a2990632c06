// lu, triangular_solve and cholesky on float32 / float64 matrices, by the reference
// kernels' algorithms in wasm (linalg_module.ts) on float64 work copies in
// the heap, batch by batch: the reference kernels' results, bit for bit,
// at about four times their speed. Float32 matrices of LU_BLOCKED_MIN rows
// and columns or more (CHOLESKY_BLOCKED_MIN for cholesky) are blocked as
// LAPACK does (blocked_linalg.ts): float32
// results, their O(n³) work on the GEMM. Other dtypes (complex) keep the
// reference kernels (null).
import type { ShapedArray } from "../../../core/aval.ts";
import { type Primitive, paramsOf } from "../../../core/primitive.ts";
import { prod } from "../../../core/shape.ts";
import { triangularSolveP } from "../../../lax/linalg.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { linalgFunctions } from "./linalg_module.ts";
import { CHOLESKY_BLOCKED_MIN, LU_BLOCKED_MIN, choleskyBlocked, luBlocked, trsmRec } from "./blocked_linalg.ts";
import { blockedHelpers } from "./blocked_module.ts";
import { QR_BLOCKED_MIN, qrBlocked } from "./blocked_qr.ts";
import { qrP } from "../../../lax/linalg_decomp.ts";
import type { Move } from "./native_moves.ts";
import { withScratch } from "./heap_scratch.ts";

const realFloat = (a: ShapedArray) => a.dtype === "float32" || a.dtype === "float64";

/**
 * Copies the rows×cols block of a float32 or float64 buffer (from element
 * `at`, row stride ld; its transpose when `transpose`: then dst is
 * cols×rows) into contiguous float64s at dst: the float64 work copies of the
 * reference's algorithms. Whole batches go in one call where they can.
 */
function load64(
  b: WasmBackend,
  buf: WasmBuffer,
  dtype: string,
  at: number,
  ld: number,
  rows: number,
  cols: number,
  dst: number,
  transpose = false,
): void {
  if (dtype === "float32") return blockedHelpers(b.heap).widen(buf.ptr + 4 * at, ld, rows, cols, dst, transpose ? 1 : 0);
  if (!transpose && ld === cols) return b.heap.copy(dst, buf.ptr + 8 * at, 8 * rows * cols);
  const f64 = b.heap.f64;
  const [s, d] = [(buf.ptr >> 3) + at, dst >> 3];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) f64[d + (transpose ? j * rows + i : i * cols + j)] = f64[s + i * ld + j];
}

/** The inverse of load64: contiguous float64s at src (read as a cols×rows transpose when `transpose`) into the block of buf. */
function store64(
  b: WasmBackend,
  src: number,
  rows: number,
  cols: number,
  buf: WasmBuffer,
  dtype: string,
  at: number,
  ld: number,
  transpose = false,
): void {
  if (dtype === "float32") return blockedHelpers(b.heap).narrow(src, rows, cols, buf.ptr + 4 * at, ld, transpose ? 1 : 0);
  if (!transpose && ld === cols) return b.heap.copy(buf.ptr + 8 * at, src, 8 * rows * cols);
  const f64 = b.heap.f64;
  const [s, d] = [src >> 3, (buf.ptr >> 3) + at];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) f64[d + i * ld + j] = f64[s + (transpose ? j * rows + i : i * cols + j)];
}

export const lu: Move = (b, _prim, [x], [a], _params, [o, po, permo]) => {
  if (!realFloat(a)) return null;
  const nd = a.ndim;
  const [m, n] = [a.shape[nd - 2], a.shape[nd - 1]];
  const k = Math.min(m, n);
  const batches = prod(a.shape.slice(0, -2));
  const out = b.alloc(o);
  const piv = b.alloc(po);
  const perm = b.alloc(permo);
  if (m * n === 0) {
    const i32 = b.heap.i32;
    for (let bi = 0; bi < batches; bi++) for (let i = 0; i < m; i++) i32[(perm.ptr >> 2) + bi * m + i] = i;
    return [out, piv, perm];
  }
  const heap = b.heap;
  if (a.dtype === "float32" && k >= LU_BLOCKED_MIN) {
    heap.copy(out.ptr, x.ptr, 4 * a.size);
    for (let bi = 0; bi < batches; bi++) luBlocked(b, out.ptr + 4 * bi * m * n, m, n, perm.ptr + 4 * bi * m, piv.ptr + 4 * bi * k);
    return [out, piv, perm];
  }
  withScratch(heap, (s) => {
    const w = s.take(8 * batches * m * n);
    const { lu: luFn } = linalgFunctions(heap);
    load64(b, x, a.dtype, 0, n, batches * m, n, w);
    for (let bi = 0; bi < batches; bi++) luFn(w + 8 * bi * m * n, n, m, n, perm.ptr + 4 * bi * m, piv.ptr + 4 * bi * k);
    store64(b, w, batches * m, n, out, o.dtype, 0, n);
  });
  return [out, piv, perm];
};

export const triangularSolve: Move = (b, prim: Primitive, [A, B], [aa, ba], params, [o]) => {
  if (!realFloat(aa) || !realFloat(ba)) return null;
  const p = paramsOf(triangularSolveP, prim, params);
  const left = p.left_side;
  const nd = ba.ndim;
  const [rows, cols] = [ba.shape[nd - 2], ba.shape[nd - 1]];
  const m = aa.shape[aa.ndim - 1];
  const out = b.alloc(o);
  if (ba.size === 0) return [out];
  // op(A)[i][j] = A[i][j] or A[j][i]; for the right side M = op(A)^T (see the reference kernel).
  const flip = p.transpose_a !== !left;
  const lower = p.lower !== flip;
  const nVec = left ? cols : rows;
  const heap = b.heap;
  if (aa.dtype === "float32" && ba.dtype === "float32" && m >= LU_BLOCKED_MIN) {
    triangularSolveBlocked(b, A, B, out, m, rows, cols, prod(ba.shape.slice(0, -2)), { left, flip, lower, unit: p.unit_diagonal });
    return [out];
  }
  const batches = prod(ba.shape.slice(0, -2));
  withScratch(heap, (s) => {
    const M = s.take(8 * m * m);
    const W = s.take(8 * batches * m * nVec);
    const { trsm } = linalgFunctions(heap);
    // W: B's vectors as columns, every batch element at once on the left.
    if (left) load64(b, B, ba.dtype, 0, cols, batches * rows, cols, W);
    for (let bi = 0; bi < batches; bi++) {
      const w = W + 8 * bi * m * nVec;
      load64(b, A, aa.dtype, bi * m * m, m, m, m, M, flip);
      if (!left) load64(b, B, ba.dtype, bi * rows * cols, cols, rows, cols, w, true);
      trsm(M, m, 1, w, nVec, m, nVec, lower ? 1 : 0, p.unit_diagonal ? 1 : 0);
      if (!left) store64(b, w, rows, cols, out, o.dtype, bi * rows * cols, cols, true);
    }
    if (left) store64(b, W, batches * rows, cols, out, o.dtype, 0, cols);
  });
  return [out];
};

export const cholesky: Move = (b, _prim, [x], [a], _params, [o]) => {
  if (!realFloat(a)) return null;
  const n = a.shape[a.ndim - 1];
  const out = b.alloc(o);
  if (a.size === 0) return [out];
  const heap = b.heap;
  const batches = prod(a.shape.slice(0, -2));
  if (a.dtype === "float32" && n >= CHOLESKY_BLOCKED_MIN) {
    heap.copy(out.ptr, x.ptr, 4 * a.size);
    for (let bi = 0; bi < batches; bi++) {
      const at = out.ptr + 4 * bi * n * n;
      // NaNs where A is not positive definite (as JAX).
      if (!choleskyBlocked(b, at, n)) heap.f32.fill(Number.NaN, at >> 2, (at >> 2) + n * n);
    }
    return [out];
  }
  const bytes = 8 * n * n;
  withScratch(heap, (s) => {
    const [A, Lc, S] = [s.take(batches * bytes), s.take(bytes), s.take(8 * n)];
    const { cholesky: factor } = linalgFunctions(heap);
    load64(b, x, a.dtype, 0, n, batches * n, n, A);
    for (let bi = 0; bi < batches; bi++) {
      heap.f64.fill(0, Lc >> 3, (Lc >> 3) + n * n);
      // L[i][j] = Lc[j][i]; NaNs where A is not positive definite (as JAX).
      if (factor(A + bi * bytes, Lc, S, n)) store64(b, Lc, n, n, out, o.dtype, bi * n * n, n, true);
      else {
        const shift = o.dtype === "float32" ? 2 : 3;
        (shift === 2 ? heap.f32 : heap.f64).fill(Number.NaN, (out.ptr >> shift) + bi * n * n, (out.ptr >> shift) + (bi + 1) * n * n);
      }
    }
  });
  return [out];
};

/**
 * triangular_solve on float32, recursively: per batch element, op(A) as the
 * triangle M read in place through strides (a transpose swaps them), and B's
 * vectors as the columns of W (m×nVec: B itself on the left, solved in the
 * output; a transposed copy of B on the right; see the reference kernel).
 */
function triangularSolveBlocked(
  b: WasmBackend,
  A: WasmBuffer,
  B: WasmBuffer,
  out: WasmBuffer,
  m: number,
  rows: number,
  cols: number,
  batches: number,
  how: { left: boolean; flip: boolean; lower: boolean; unit: boolean },
): void {
  const heap = b.heap;
  const nVec = how.left ? cols : rows;
  withScratch(heap, (s) => {
    const W = how.left ? 0 : s.take(4 * m * nVec);
    for (let bi = 0; bi < batches; bi++) {
      const M = { at: A.ptr + 4 * bi * m * m, rs: how.flip ? 1 : m, cs: how.flip ? m : 1 };
      const [src, dst] = [B.ptr + 4 * bi * rows * cols, out.ptr + 4 * bi * rows * cols];
      if (how.left) {
        heap.copy(dst, src, 4 * rows * cols);
        trsmRec(b, M, dst, nVec, m, nVec, how.lower, how.unit);
        continue;
      }
      const { transpose } = blockedHelpers(heap);
      transpose(src, cols, W, nVec, rows, cols);
      trsmRec(b, M, W, nVec, m, nVec, how.lower, how.unit);
      transpose(W, nVec, dst, cols, m, nVec);
    }
  });
}

/** qr of float32 matrices from QR_BLOCKED_MIN rows and columns, by panels (blocked_qr.ts); others keep the reference kernel. */
export const qr: Move = (b, prim, [x], [a], params, [qo, ro]) => {
  const p = paramsOf(qrP, prim, params);
  const [m, n] = a.shape.slice(-2);
  if (a.dtype !== "float32" || p.pivoting || Math.min(m, n) < QR_BLOCKED_MIN) return null;
  const kq = p.full_matrices ? m : Math.min(m, n);
  const [q, r] = [b.alloc(qo), b.alloc(ro)];
  const heap = b.heap;
  const bytes = 4 * m * n;
  withScratch(heap, (s) => {
    const w = s.take(bytes);
    for (let bi = 0; bi < prod(a.shape.slice(0, -2)); bi++) {
      heap.copy(w, x.ptr + bi * bytes, bytes);
      qrBlocked(b, w, m, n, q.ptr + 4 * bi * m * kq, r.ptr + 4 * bi * kq * n, kq);
    }
  });
  return [q, r];
};
