// QR of float32 matrices by panels, as LAPACK's sgeqrf and sorgqr: each
// panel of NB columns is factored by the unblocked Householder kernel
// (householder_module.ts), its reflectors gathered into the compact WY form
// I - V T Vᵀ (larft), and that block reflector applied to the rest of the
// matrix, and later to Q, by three products each (runtime/gemm.ts). The
// reference kernel applies one reflector at a time to every column in
// float64; here all but the panels' O(m n NB) work is GEMM.
import type { WasmBackend } from "../backend.ts";
import { blockedHelpers } from "./blocked_module.ts";
import { type Operand, product, subtractProduct } from "./blocked_linalg.ts";
import { householderFunctions } from "./householder_module.ts";
import { type Scratch, withScratch } from "./heap_scratch.ts";

/** Columns per panel. */
const NB = 32;
/**
 * Matrices at least this large (the smaller of their two dims) are factored
 * here (one panel below NB); smaller ones keep the reference kernel, whose
 * JS loops cost less than a factorization's setup there. A batch of 100 32 × 32
 * matrices: 9.6 ms on the reference, 3.1 here.
 */
export const QR_BLOCKED_MIN = 8;

/** Scratch of one factorization, in bytes from its base. */
interface QrScratch {
  /** The panel, contiguous (rows × NB). */
  panel: number;
  /** V with its unit diagonal and zeros above it (rows × NB). */
  v: number;
  /** VᵀV (NB × NB). */
  gram: number;
  /** Each panel's T (NB × NB), kept from geqrf for orgqr. */
  ts: number;
  /** Vᵀ X and T Vᵀ X (NB × cols each). */
  w1: number;
  w2: number;
  /** The Householder kernel's row of sums (NB). */
  sums: number;
}

/**
 * T of larft (forward, columnwise) for the jb reflectors in V: upper
 * triangular with T[i][i] = tau_i and T[0:i, i] = -tau_i T[0:i, 0:i] (VᵀV)[0:i, i];
 * written as float32 at tOut (jb × jb, row-major). Float64 in between.
 */
function formT(b: WasmBackend, s: QrScratch, taus: number, rows: number, jb: number, tOut: number): void {
  product(b, jb, jb, rows, { at: s.v, rs: 1, cs: jb }, { at: s.v, rs: jb, cs: 1 }, s.gram);
  const f32 = b.heap.f32;
  const [g, t, tau0] = [s.gram >> 2, tOut >> 2, taus >> 2];
  const T = new Float64Array(jb * jb);
  for (let i = 0; i < jb; i++) {
    const tau = f32[tau0 + i];
    for (let r = 0; r < i; r++) {
      let sum = 0;
      for (let c = r; c < i; c++) sum += T[r * jb + c] * f32[g + c * jb + i];
      T[r * jb + i] = -tau * sum;
    }
    T[i * jb + i] = tau;
  }
  for (let i = 0; i < jb * jb; i++) f32[t + i] = T[i];
}

/**
 * X -= V T' (Vᵀ X) for the rows×cols X at x (row stride ld), with T' = Tᵀ
 * (`transposeT`: Qᵀ X, as geqrf applies it) or T (Q X, as orgqr does).
 */
function applyBlockReflector(
  b: WasmBackend,
  s: QrScratch,
  t: number,
  x: number,
  ld: number,
  rows: number,
  cols: number,
  jb: number,
  transposeT: boolean,
): void {
  if (cols === 0) return;
  const X: Operand = { at: x, rs: ld, cs: 1 };
  product(b, jb, cols, rows, { at: s.v, rs: 1, cs: jb }, X, s.w1);
  product(b, jb, cols, jb, { at: t, rs: transposeT ? 1 : jb, cs: transposeT ? jb : 1 }, { at: s.w1, rs: cols, cs: 1 }, s.w2);
  subtractProduct(b, rows, cols, jb, { at: s.v, rs: jb, cs: 1 }, { at: s.w2, rs: cols, cs: 1 }, x, ld);
}

/** V from the factored contiguous panel: its reflectors, a 1 on the diagonal, zeros above. */
function explicitV(b: WasmBackend, s: QrScratch, rows: number, jb: number): void {
  blockedHelpers(b.heap).copy(s.panel, jb, s.v, jb, rows, jb);
  const f32 = b.heap.f32;
  const v = s.v >> 2;
  for (let i = 0; i < jb; i++) {
    f32[v + i * jb + i] = 1;
    f32.fill(0, v + i * jb + i + 1, v + (i + 1) * jb);
  }
}

/** The scratch of m rows, k reflectors and block reflectors applied to up to `wide` columns (float32s). */
function qrScratch(s: Scratch, m: number, k: number, wide: number): QrScratch {
  const take = (elems: number) => s.take(4 * elems);
  return {
    panel: take(m * NB),
    v: take(m * NB),
    gram: take(NB * NB),
    ts: take(NB * NB * Math.ceil(k / NB)),
    w1: take(NB * wide),
    w2: take(NB * wide),
    sums: take(NB),
  };
}

/**
 * orgqr: Q = H_0 ... H_{k-1} I[:, :kq] (m × kq at q, row stride ldq) for
 * reflector j in column j of the m×k w (row stride ld; rows j.., its 1 at
 * row j implicit) and float32 taus; panels last to first, each on
 * Q[j0:, j0:]. Each panel's T is formed here unless geqrf left it in s.ts.
 */
function orgqrPanels(
  b: WasmBackend,
  s: QrScratch,
  w: number,
  ld: number,
  m: number,
  k: number,
  taus: number,
  q: number,
  ldq: number,
  kq: number,
  haveT: boolean,
): void {
  const f32 = b.heap.f32;
  for (let i = 0; i < m; i++) f32.fill(0, (q >> 2) + i * ldq, (q >> 2) + i * ldq + kq);
  for (let i = 0; i < Math.min(m, kq); i++) f32[(q >> 2) + i * ldq + i] = 1;
  const { copy } = blockedHelpers(b.heap);
  for (let j0 = Math.floor((k - 1) / NB) * NB; j0 >= 0; j0 -= NB) {
    const jb = Math.min(NB, k - j0);
    const rows = m - j0;
    copy(w + 4 * (j0 * ld + j0), ld, s.panel, jb, rows, jb);
    explicitV(b, s, rows, jb);
    const t = s.ts + 4 * NB * j0;
    if (!haveT) formT(b, s, taus + 4 * j0, rows, jb, t);
    applyBlockReflector(b, s, t, q + 4 * (j0 * ldq + j0), ldq, rows, kq - j0, jb, false);
  }
}

/** orgqr alone (see orgqrPanels), for reflectors from another factorization (eigh's tridiagonalization). */
export function orgqrBlocked(
  b: WasmBackend,
  w: number,
  ld: number,
  m: number,
  k: number,
  taus: number,
  q: number,
  ldq: number,
  kq: number,
): void {
  withScratch(b.heap, (s) => orgqrPanels(b, qrScratch(s, m, k, kq), w, ld, m, k, taus, q, ldq, kq, false));
}

/**
 * Q = diag(1, H_0 ... H_{n-2}) (n×n float32 at q) for reflectors kept in
 * rows, as the tridiagonal and bidiagonal reductions keep them: reflector i
 * in row i of the n×n w from column i + 1 (its 1 stored), tau i at taus + 4 i.
 * They are the columns of the transpose of w's block from (0, 1).
 */
export function rowReflectorsProduct(b: WasmBackend, w: number, n: number, taus: number, q: number): void {
  const k = n - 1;
  withScratch(b.heap, (s) => {
    const t = s.take(4 * k * k);
    blockedHelpers(b.heap).transpose(w + 4, n, t, k, k, k);
    const f32 = b.heap.f32;
    f32.fill(0, q >> 2, (q >> 2) + n);
    for (let i = 1; i < n; i++) f32[(q >> 2) + i * n] = 0;
    f32[q >> 2] = 1;
    orgqrBlocked(b, t, k, k, k, taus, q + 4 * (n + 1), n, k);
  });
}

/**
 * Q (m × kq, row stride kq; not formed when q is 0) and R (kq × n) of the
 * m×n float32 matrix at w (overwritten: R above the diagonal, reflectors
 * below), kq = m for full matrices and min(m, n) otherwise.
 */
export function qrBlocked(b: WasmBackend, w: number, m: number, n: number, q: number, r: number, kq: number): void {
  const k = Math.min(m, n);
  withScratch(b.heap, (scratch) => {
    const s = qrScratch(scratch, m, k, Math.max(n, kq));
    const taus = scratch.take(4 * k);
    const heap = b.heap;
    const { geqr2 } = householderFunctions(heap);
    const { copy } = blockedHelpers(heap);
    // geqrf: each panel factored, then its block reflector applied to the columns right of it.
    for (let j0 = 0; j0 < k; j0 += NB) {
      const jb = Math.min(NB, k - j0);
      const rows = m - j0;
      const corner = w + 4 * (j0 * n + j0);
      copy(corner, n, s.panel, jb, rows, jb);
      geqr2(s.panel, jb, rows, jb, taus + 4 * j0, s.sums);
      copy(s.panel, jb, corner, n, rows, jb);
      explicitV(b, s, rows, jb);
      const t = s.ts + 4 * NB * j0;
      formT(b, s, taus + 4 * j0, rows, jb, t);
      applyBlockReflector(b, s, t, corner + 4 * jb, n, rows, n - j0 - jb, jb, true);
    }
    // R: the upper triangle of the first kq rows (rows past m are zero).
    const f32 = heap.f32;
    f32.fill(0, r >> 2, (r >> 2) + kq * n);
    copy(w, n, r, n, Math.min(m, kq), n);
    for (let i = 1; i < Math.min(m, kq); i++) f32.fill(0, (r >> 2) + i * n, (r >> 2) + i * n + Math.min(i, n));
    if (q !== 0) orgqrPanels(b, s, w, n, m, k, taus, q, kq, kq, true);
  });
}
