// lu, triangular_solve and cholesky on float32 / float64 matrices, by the reference
// kernels' algorithms in wasm (linalg_module.ts) on float64 work copies in
// the heap, batch by batch: the reference kernels' results, bit for bit,
// at about four times their speed. Float32 matrices of BLOCKED_MIN rows and
// columns or more are blocked as LAPACK does (blocked_linalg.ts): float32
// results, their O(n³) work on the GEMM. Other dtypes (complex) keep the
// reference kernels (null).
import type { ShapedArray } from "../../../core/aval.ts";
import { type Primitive, paramsOf } from "../../../core/primitive.ts";
import { prod } from "../../../core/shape.ts";
import { triangularSolveP } from "../../../lax/linalg.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { linalgFunctions } from "./linalg_module.ts";
import { BLOCKED_MIN, choleskyBlocked, luBlocked, trsmRec } from "./blocked_linalg.ts";
import { blockedHelpers } from "./blocked_module.ts";
import { QR_BLOCKED_MIN, qrBlocked } from "./blocked_qr.ts";
import { qrP } from "../../../lax/linalg_decomp.ts";
import type { Move } from "./native_moves.ts";

const realFloat = (a: ShapedArray) => a.dtype === "float32" || a.dtype === "float64";

/** Element i of a float32/float64 buffer, as a number (views taken fresh: the heap may have grown). */
function reader(b: WasmBackend, buf: WasmBuffer, a: ShapedArray): (i: number) => number {
  const heap = b.heap;
  if (a.dtype === "float64") {
    const f64 = heap.f64;
    const at = buf.ptr >> 3;
    return (i) => f64[at + i];
  }
  const f32 = heap.f32;
  const at = buf.ptr >> 2;
  return (i) => f32[at + i];
}

function writer(b: WasmBackend, buf: WasmBuffer, a: ShapedArray): (i: number, v: number) => void {
  const heap = b.heap;
  if (a.dtype === "float64") {
    const f64 = heap.f64;
    const at = buf.ptr >> 3;
    return (i, v) => {
      f64[at + i] = v;
    };
  }
  const f32 = heap.f32;
  const at = buf.ptr >> 2;
  return (i, v) => {
    f32[at + i] = v;
  };
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
  if (a.dtype === "float32" && k >= BLOCKED_MIN) {
    heap.copy(out.ptr, x.ptr, 4 * a.size);
    for (let bi = 0; bi < batches; bi++) luBlocked(b, out.ptr + 4 * bi * m * n, m, n, perm.ptr + 4 * bi * m, piv.ptr + 4 * bi * k);
    return [out, piv, perm];
  }
  const wBytes = 8 * m * n;
  const w = heap.alloc(wBytes);
  try {
    const { lu: luFn } = linalgFunctions(heap);
    for (let bi = 0; bi < batches; bi++) {
      const read = reader(b, x, a);
      let f64 = heap.f64;
      for (let i = 0; i < m * n; i++) f64[(w >> 3) + i] = read(bi * m * n + i);
      luFn(w, n, m, n, perm.ptr + 4 * bi * m, piv.ptr + 4 * bi * k);
      const write = writer(b, out, o);
      f64 = heap.f64;
      for (let i = 0; i < m * n; i++) write(bi * m * n + i, f64[(w >> 3) + i]);
    }
  } finally {
    heap.release(w, wBytes);
  }
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
  if (aa.dtype === "float32" && ba.dtype === "float32" && m >= BLOCKED_MIN) {
    triangularSolveBlocked(b, A, B, out, m, rows, cols, prod(ba.shape.slice(0, -2)), { left, flip, lower, unit: p.unit_diagonal });
    return [out];
  }
  const mBytes = 8 * m * m,
    wBytes = 8 * m * nVec;
  const M = heap.alloc(mBytes);
  const W = heap.alloc(wBytes);
  try {
    const { trsm } = linalgFunctions(heap);
    const batches = prod(ba.shape.slice(0, -2));
    for (let bi = 0; bi < batches; bi++) {
      const aBase = bi * m * m,
        bBase = bi * rows * cols;
      const readA = reader(b, A, aa),
        readB = reader(b, B, ba);
      let f64 = heap.f64;
      const mp = M >> 3,
        wp = W >> 3;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) f64[mp + i * m + j] = flip ? readA(aBase + j * m + i) : readA(aBase + i * m + j);
      if (left) for (let i = 0; i < m * nVec; i++) f64[wp + i] = readB(bBase + i);
      else for (let v = 0; v < nVec; v++) for (let i = 0; i < m; i++) f64[wp + i * nVec + v] = readB(bBase + v * cols + i);
      trsm(M, m, 1, W, nVec, m, nVec, lower ? 1 : 0, p.unit_diagonal ? 1 : 0);
      const write = writer(b, out, o);
      f64 = heap.f64;
      if (left) for (let i = 0; i < m * nVec; i++) write(bBase + i, f64[wp + i]);
      else for (let v = 0; v < nVec; v++) for (let i = 0; i < m; i++) write(bBase + v * cols + i, f64[wp + i * nVec + v]);
    }
  } finally {
    heap.release(W, wBytes);
    heap.release(M, mBytes);
  }
  return [out];
};

export const cholesky: Move = (b, _prim, [x], [a], _params, [o]) => {
  if (!realFloat(a)) return null;
  const n = a.shape[a.ndim - 1];
  const out = b.alloc(o);
  if (a.size === 0) return [out];
  const heap = b.heap;
  const batches = prod(a.shape.slice(0, -2));
  if (a.dtype === "float32" && n >= BLOCKED_MIN) {
    heap.copy(out.ptr, x.ptr, 4 * a.size);
    for (let bi = 0; bi < batches; bi++) {
      const at = out.ptr + 4 * bi * n * n;
      // NaNs where A is not positive definite (as JAX).
      if (!choleskyBlocked(b, at, n)) heap.f32.fill(Number.NaN, at >> 2, (at >> 2) + n * n);
    }
    return [out];
  }
  const bytes = 8 * n * n;
  const A = heap.alloc(bytes);
  const Lc = heap.alloc(bytes);
  const S = heap.alloc(8 * n);
  try {
    const { cholesky: factor } = linalgFunctions(heap);
    for (let bi = 0; bi < batches; bi++) {
      const base = bi * n * n;
      const read = reader(b, x, a);
      let f64 = heap.f64;
      for (let i = 0; i < n * n; i++) f64[(A >> 3) + i] = read(base + i);
      f64.fill(0, Lc >> 3, (Lc >> 3) + n * n);
      const ok = factor(A, Lc, S, n);
      const write = writer(b, out, o);
      f64 = heap.f64;
      // L[i][j] = Lc[j][i]; NaNs where A is not positive definite (as JAX).
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) write(base + i * n + j, ok ? f64[(Lc >> 3) + j * n + i] : Number.NaN);
    }
  } finally {
    heap.release(S, 8 * n);
    heap.release(Lc, bytes);
    heap.release(A, bytes);
  }
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
  const wBytes = how.left ? 0 : 4 * m * nVec;
  const W = wBytes ? heap.alloc(wBytes) : 0;
  try {
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
  } finally {
    if (W) heap.release(W, wBytes);
  }
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
  const w = heap.alloc(bytes);
  try {
    for (let bi = 0; bi < prod(a.shape.slice(0, -2)); bi++) {
      heap.copy(w, x.ptr + bi * bytes, bytes);
      qrBlocked(b, w, m, n, q.ptr + 4 * bi * m * kq, r.ptr + 4 * bi * kq * n, kq);
    }
  } finally {
    heap.release(w, bytes);
  }
  return [q, r];
};
