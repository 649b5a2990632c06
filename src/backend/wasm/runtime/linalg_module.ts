// The reference kernels' LU, triangular solve and Cholesky (backend/js/linalg.ts)
// in wasm, on float64 work matrices in the heap: the same operations in the
// same order, so the same bits, with the row updates (all of their work) two
// lanes at a time and no typed-array checks (~4x the JS loops). LU and the
// triangular solve also come in float32 (four lanes), in place on blocks of
// a larger matrix (a row stride per operand), for blocked_linalg.ts.
import { forLanes, forLoop, type FunctionBuilder, type ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import type { WasmHeap } from "../heap.ts";

/**
 * (w, ld, m, n, perm, piv): LU with partial pivoting of the m×n matrix at w
 * (row stride ld elements) in place, rows swapped across its n columns only;
 * perm (m int32) and piv (min(m, n) int32) written.
 */
export type LuFn = (w: number, ld: number, m: number, n: number, perm: number, piv: number) => void;
/**
 * (M, rsm, csm, W, ldw, m, nVec, lower, unit): solves M X = W in place for
 * the m×m triangle M (element strides rsm, csm: a transpose is a swap) and
 * the m×nVec W (row stride ldw).
 */
export type TrsmFn = (
  M: number,
  rsm: number,
  csm: number,
  W: number,
  ldw: number,
  m: number,
  nVec: number,
  lower: number,
  unit: number,
) => void;
/**
 * (A, Lc, s, n): the Cholesky factor of the row-major float64 A (its lower
 * triangle read) into Lc, column-major and zeroed by the caller; s is n
 * float64s of scratch. Returns 0 where A is not positive definite.
 */
export type CholeskyFn = (A: number, Lc: number, s: number, n: number) => number;

/**
 * (z, n, lo, cnt, c, s, forward): steqr's plane rotations (eigh_syevd.ts) on
 * the rows of the row-major float64 n×n z (the transposed eigenvectors):
 * rotation j (float64 c[j], s[j]) in the plane of rows lo+j and lo+j+1, j
 * ascending (forward) or descending; each element as the reference's column
 * rotation computes it.
 */
export type RotateFn = (z: number, n: number, lo: number, cnt: number, c: number, s: number, forward: number) => void;

interface LinalgFunctions {
  /** float64 */
  lu: LuFn;
  trsm: TrsmFn;
  cholesky: CholeskyFn;
  rotate: RotateFn;
  /** float32 */
  lu32: LuFn;
  trsm32: TrsmFn;
}

const modules = new WeakMap<WasmHeap, LinalgFunctions>();

export function linalgFunctions(heap: WasmHeap): LinalgFunctions {
  return heapModule(
    modules,
    heap,
    (mb) => {
      addLu(mb, F64, "lu");
      addTrsm(mb, F64, "trsm");
      addCholesky(mb);
      addRotate(mb);
      addLu(mb, F32, "lu32");
      addTrsm(mb, F32, "trsm32");
    },
    (e) => ({
      lu: e.lu as LuFn,
      trsm: e.trsm as TrsmFn,
      cholesky: e.cholesky as CholeskyFn,
      rotate: e.rotate as RotateFn,
      lu32: e.lu32 as LuFn,
      trsm32: e.trsm32 as TrsmFn,
    }),
  );
}

/** The element type a kernel computes in: its scalar and vector instructions, and log2 of its size. */
interface Precision {
  shift: number;
  lanes: number;
  scalar: (f: FunctionBuilder) => FunctionBuilder["f64"] | FunctionBuilder["f32"];
  vector: (f: FunctionBuilder) => FunctionBuilder["f64x2"] | FunctionBuilder["f32x4"];
  local: "f64" | "f32";
}
const F64: Precision = { shift: 3, lanes: 2, scalar: (f) => f.f64, vector: (f) => f.f64x2, local: "f64" };
const F32: Precision = { shift: 2, lanes: 4, scalar: (f) => f.f32, vector: (f) => f.f32x4, local: "f32" };

/** Address of element i (pushed by `index`) of an array of p's elements at base. */
function elemAt(f: FunctionBuilder, p: Precision, base: number, index: () => void): void {
  f.local_get(base);
  index();
  f.i32.const(p.shift).i32.shl().i32.add();
}

/** Address of element (i, j) of a matrix at base with row stride ld (i, j, ld: i32 locals). */
function entryAt(f: FunctionBuilder, p: Precision, base: number, i: number, ld: number, j: number): void {
  elemAt(f, p, base, () => f.local_get(i).local_get(ld).i32.mul().local_get(j).i32.add());
}

/**
 * row[from..to) -= s * other[from..to) (pointers to element 0 of each row;
 * from, to element indices): a vector of lanes while one fits, then one at
 * a time. Each element gets exactly the scalar `row[j] - s * other[j]`.
 */
function emitAxpy(f: FunctionBuilder, p: Precision, row: number, other: number, from: number, to: number, s: number): void {
  const j = f.addLocal("i32");
  const sv = f.addLocal("v128");
  const addr = f.addLocal("i32");
  f.local_get(s);
  p.vector(f).splat();
  f.local_set(sv);
  forLanes(
    f,
    j,
    () => f.local_get(from),
    () => f.local_get(to),
    p.lanes,
    (vector) => {
      elemAt(f, p, row, () => f.local_get(j));
      f.local_tee(addr);
      f.local_get(addr);
      if (vector) f.v128.load();
      else p.scalar(f).load();
      elemAt(f, p, other, () => f.local_get(j));
      if (vector) {
        f.v128.load().local_get(sv);
        p.vector(f).mul();
        p.vector(f).sub();
        f.v128.store();
      } else {
        p.scalar(f).load();
        f.local_get(s);
        p.scalar(f).mul();
        p.scalar(f).sub();
        p.scalar(f).store();
      }
    },
  );
}

function addLu(mb: ModuleBuilder, p: Precision, name: string): void {
  const [W, LD, M, N, PERM, PIV] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction(name, ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [k, c, piv, i, j, rowC, rowI, next] = [0, 0, 0, 0, 0, 0, 0, 0].map(() => f.addLocal("i32"));
  const [best, v, d, fac, t] = [0, 0, 0, 0, 0].map(() => f.addLocal(p.local));
  const ti = f.addLocal("i32");
  const num = () => p.scalar(f);
  // k = min(m, n); perm = identity
  f.local_get(M).local_get(N).local_get(M).local_get(N).i32.lt_s().select().local_set(k);
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(M),
    1,
    () => {
      f.local_get(PERM).local_get(i).i32.const(2).i32.shl().i32.add().local_get(i).i32.store();
    },
  );
  forLoop(
    f,
    c,
    () => f.i32.const(0),
    () => f.local_get(k),
    1,
    () => {
      // Pivot: the first row of largest magnitude in column c.
      f.local_get(c).local_set(piv);
      entryAt(f, p, W, c, LD, c);
      num().load();
      num().abs();
      f.local_set(best);
      forLoop(
        f,
        i,
        () => f.local_get(c).i32.const(1).i32.add(),
        () => f.local_get(M),
        1,
        () => {
          entryAt(f, p, W, i, LD, c);
          num().load();
          num().abs();
          f.local_tee(v).local_get(best);
          num().gt();
          f.if_();
          f.local_get(v).local_set(best);
          f.local_get(i).local_set(piv);
          f.end();
        },
      );
      f.local_get(PIV).local_get(c).i32.const(2).i32.shl().i32.add().local_get(piv).i32.store();
      elemAt(f, p, W, () => f.local_get(c).local_get(LD).i32.mul());
      f.local_set(rowC);
      // Swap rows c and piv (and their permutation entries).
      f.local_get(piv).local_get(c).i32.ne();
      f.if_();
      elemAt(f, p, W, () => f.local_get(piv).local_get(LD).i32.mul());
      f.local_set(rowI);
      forLoop(
        f,
        j,
        () => f.i32.const(0),
        () => f.local_get(N),
        1,
        () => {
          elemAt(f, p, rowC, () => f.local_get(j));
          num().load();
          f.local_set(t);
          elemAt(f, p, rowC, () => f.local_get(j));
          elemAt(f, p, rowI, () => f.local_get(j));
          num().load();
          num().store();
          elemAt(f, p, rowI, () => f.local_get(j));
          f.local_get(t);
          num().store();
        },
      );
      f.local_get(PERM).local_get(c).i32.const(2).i32.shl().i32.add().i32.load().local_set(ti);
      f.local_get(PERM).local_get(c).i32.const(2).i32.shl().i32.add();
      f.local_get(PERM).local_get(piv).i32.const(2).i32.shl().i32.add().i32.load().i32.store();
      f.local_get(PERM).local_get(piv).i32.const(2).i32.shl().i32.add().local_get(ti).i32.store();
      f.end();
      // Scale column c below the diagonal by 1 / w[c][c] (a division each, as the reference), unless it is 0.
      elemAt(f, p, rowC, () => f.local_get(c));
      num().load();
      f.local_set(d);
      f.local_get(d);
      num().const(0);
      num().ne();
      f.if_();
      forLoop(
        f,
        i,
        () => f.local_get(c).i32.const(1).i32.add(),
        () => f.local_get(M),
        1,
        () => {
          entryAt(f, p, W, i, LD, c);
          f.local_tee(ti);
          f.local_get(ti);
          num().load();
          f.local_get(d);
          num().div();
          num().store();
        },
      );
      f.end();
      // Trailing update: row i -= w[i][c] * row c over columns c+1.., skipping zero factors.
      f.local_get(c).i32.const(1).i32.add().local_set(next);
      forLoop(
        f,
        i,
        () => f.local_get(next),
        () => f.local_get(M),
        1,
        () => {
          elemAt(f, p, W, () => f.local_get(i).local_get(LD).i32.mul());
          f.local_set(rowI);
          elemAt(f, p, rowI, () => f.local_get(c));
          num().load();
          f.local_tee(fac);
          num().const(0);
          num().ne();
          f.if_();
          emitAxpy(f, p, rowI, rowC, next, N, fac);
          f.end();
        },
      );
    },
  );
}

function addTrsm(mb: ModuleBuilder, p: Precision, name: string): void {
  const [MAT, RSM, CSM, W, LDW, M, NVEC, LOWER, UNIT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const f = mb.addFunction(name, ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [step, i, j, from, to, row, other, v, zero] = [0, 0, 0, 0, 0, 0, 0, 0, 0].map(() => f.addLocal("i32"));
  const [fac, d] = [0, 0].map(() => f.addLocal(p.local));
  const num = () => p.scalar(f);
  forLoop(
    f,
    step,
    () => f.i32.const(0),
    () => f.local_get(M),
    1,
    () => {
      // i = lower ? step : m - 1 - step; the rows solved before it: [0, i) or [i + 1, m).
      f.local_get(step);
      f.local_get(M).i32.const(1).i32.sub().local_get(step).i32.sub();
      f.local_get(LOWER).select().local_set(i);
      f.i32.const(0).local_get(i).i32.const(1).i32.add().local_get(LOWER).select().local_set(from);
      f.local_get(i).local_get(M).local_get(LOWER).select().local_set(to);
      elemAt(f, p, W, () => f.local_get(i).local_get(LDW).i32.mul());
      f.local_set(row);
      forLoop(
        f,
        j,
        () => f.local_get(from),
        () => f.local_get(to),
        1,
        () => {
          elemAt(f, p, MAT, () => f.local_get(i).local_get(RSM).i32.mul().local_get(j).local_get(CSM).i32.mul().i32.add());
          num().load();
          f.local_set(fac);
          elemAt(f, p, W, () => f.local_get(j).local_get(LDW).i32.mul());
          f.local_set(other);
          emitAxpy(f, p, row, other, zero, NVEC, fac);
        },
      );
      // Divide the row by the diagonal (unless unit).
      f.local_get(UNIT).i32.eqz();
      f.if_();
      elemAt(f, p, MAT, () => f.local_get(i).local_get(RSM).local_get(CSM).i32.add().i32.mul());
      num().load();
      f.local_set(d);
      forLoop(
        f,
        v,
        () => f.i32.const(0),
        () => f.local_get(NVEC),
        1,
        () => {
          elemAt(f, p, row, () => f.local_get(v));
          f.local_tee(j);
          f.local_get(j);
          num().load();
          f.local_get(d);
          num().div();
          num().store();
        },
      );
      f.end();
    },
  );
}

/** Address of element i (an i32 local or value already pushed) of a float64 array at base: base + 8 i. */
function f64At(f: FunctionBuilder, base: number, index: () => void): void {
  elemAt(f, F64, base, index);
}

/**
 * Cholesky, column by column: d = A[j][j] - sum L[j][k]^2 and, for each row
 * i below, s_i = A[i][j] - sum L[i][k] L[j][k], both with k ascending (the
 * reference's order). The s_i are updated for one k at a time over all i
 * (contiguous in the column-major Lc), so each keeps its term order.
 */
function addCholesky(mb: ModuleBuilder): void {
  const [A, LC, S, N] = [0, 1, 2, 3];
  const f = mb.addFunction("cholesky", ["i32", "i32", "i32", "i32"], ["i32"], { export: true });
  const [j, k, i, col, next] = [0, 0, 0, 0, 0].map(() => f.addLocal("i32"));
  const [d, ljk, ljj] = [0, 0, 0].map(() => f.addLocal("f64"));
  forLoop(
    f,
    j,
    () => f.i32.const(0),
    () => f.local_get(N),
    1,
    () => {
      // d = A[j][j] - sum_k Lc[k][j]^2
      f64At(f, A, () => f.local_get(j).local_get(N).i32.mul().local_get(j).i32.add());
      f.f64.load().local_set(d);
      forLoop(
        f,
        k,
        () => f.i32.const(0),
        () => f.local_get(j),
        1,
        () => {
          f64At(f, LC, () => f.local_get(k).local_get(N).i32.mul().local_get(j).i32.add());
          f.f64.load().local_set(ljk);
          f.local_get(d).local_get(ljk).local_get(ljk).f64.mul().f64.sub().local_set(d);
        },
      );
      // Not positive definite (NaN included): fail.
      f.local_get(d).f64.const(0).f64.gt().i32.eqz();
      f.if_();
      f.i32.const(0).return_();
      f.end();
      f.local_get(d).f64.sqrt().local_set(ljj);
      f64At(f, LC, () => f.local_get(j).local_get(N).i32.mul().local_get(j).i32.add());
      f.local_get(ljj).f64.store();
      // s[i] = A[i][j] for the rows below.
      f.local_get(j).i32.const(1).i32.add().local_set(next);
      forLoop(
        f,
        i,
        () => f.local_get(next),
        () => f.local_get(N),
        1,
        () => {
          f64At(f, S, () => f.local_get(i));
          f64At(f, A, () => f.local_get(i).local_get(N).i32.mul().local_get(j).i32.add());
          f.f64.load().f64.store();
        },
      );
      // s[i] -= Lc[k][i] * Lc[k][j], k ascending, all rows at once.
      forLoop(
        f,
        k,
        () => f.i32.const(0),
        () => f.local_get(j),
        1,
        () => {
          f64At(f, LC, () => f.local_get(k).local_get(N).i32.mul().local_get(j).i32.add());
          f.f64.load().local_set(ljk);
          f64At(f, LC, () => f.local_get(k).local_get(N).i32.mul());
          f.local_set(col);
          emitAxpy(f, F64, S, col, next, N, ljk);
        },
      );
      // Lc[j][i] = s[i] / L[j][j]
      f64At(f, LC, () => f.local_get(j).local_get(N).i32.mul());
      f.local_set(col);
      forLoop(
        f,
        i,
        () => f.local_get(next),
        () => f.local_get(N),
        1,
        () => {
          f64At(f, col, () => f.local_get(i));
          f64At(f, S, () => f.local_get(i));
          f.f64.load().local_get(ljj).f64.div().f64.store();
        },
      );
    },
  );
  f.i32.const(1);
}

function addRotate(mb: ModuleBuilder): void {
  const [Z, N, LO, CNT, C, S, FORWARD] = [0, 1, 2, 3, 4, 5, 6];
  const f = mb.addFunction("rotate", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [jj, j, j2, i, rowA, rowB, rowC] = Array.from({ length: 7 }, () => f.addLocal("i32"));
  const [c1, s1, c2, s2] = [0, 0, 0, 0].map(() => f.addLocal("f64"));
  const [c1v, s1v, c2v, s2v] = [0, 0, 0, 0].map(() => f.addLocal("v128"));
  const vals = { v128: [0, 0, 0, 0, 0].map(() => f.addLocal("v128")), f64: [0, 0, 0, 0, 0].map(() => f.addLocal("f64")) };
  const at = (row: number) => f64At(f, row, () => f.local_get(i));
  /** (lo, hi) <- (s hi + c lo, c hi - s lo) on value locals: the reference's rotation of a plane, "t = hi; hi = c t - s lo; lo = s t + c lo". */
  const rot = (vector: boolean, lo: number, hi: number, c: number, sn: number, tmp: number) => {
    const ns = vector ? f.f64x2 : f.f64;
    /** p·q ∓ r·t into `into`. */
    const twoProducts = (p: number, q: number, r: number, t: number, combine: "sub" | "add", into: number) => {
      f.local_get(p).local_get(q);
      ns.mul();
      f.local_get(r).local_get(t);
      ns.mul();
      ns[combine]();
      f.local_set(into);
    };
    twoProducts(c, hi, sn, lo, "sub", tmp);
    twoProducts(sn, hi, c, lo, "add", lo);
    f.local_get(tmp).local_set(hi);
  };
  /**
   * One pass over the columns: `rows` (2 or 3 row addresses) loaded, `steps`
   * (rotations on value indices into rows) applied in order, stored back:
   * two rotations sharing a row cost three loads and stores, not four.
   */
  const pass = (rows: number[], steps: [number, number, "1" | "2"][]) => {
    forLanes(
      f,
      i,
      () => f.i32.const(0),
      () => f.local_get(N),
      2,
      (vector) => {
        const v = vector ? vals.v128 : vals.f64;
        rows.forEach((row, k) => {
          at(row);
          if (vector) f.v128.load();
          else f.f64.load();
          f.local_set(v[k]);
        });
        for (const [lo, hi, which] of steps) {
          const [c, sn] = which === "1" ? (vector ? [c1v, s1v] : [c1, s1]) : vector ? [c2v, s2v] : [c2, s2];
          rot(vector, v[lo], v[hi], c, sn, v[4]);
        }
        rows.forEach((row, k) => {
          at(row);
          f.local_get(v[k]);
          if (vector) f.v128.store();
          else f.f64.store();
        });
      },
    );
  };
  const isIdentity = (c: number, sn: number) => f.local_get(c).f64.const(1).f64.eq().local_get(sn).f64.const(0).f64.eq().i32.and();
  /** row = Z + 8 n (lo + index). */
  const rowAt = (row: number, index: () => void) => {
    f64At(f, Z, () => {
      f.local_get(LO);
      index();
      f.i32.add().local_get(N).i32.mul();
    });
    f.local_set(row);
  };
  f.i32.const(0).local_set(jj);
  const done = f.block();
  const loop = f.loop();
  f.local_get(jj).local_get(CNT).i32.ge_s().br_if(done);
  // j = forward ? jj : cnt - 1 - jj; the next rotation in order, j2 = j ± 1, if any.
  f.local_get(jj).local_get(CNT).i32.const(1).i32.sub().local_get(jj).i32.sub().local_get(FORWARD).select().local_set(j);
  f64At(f, C, () => f.local_get(j));
  f.f64.load().local_set(c1);
  f64At(f, S, () => f.local_get(j));
  f.f64.load().local_set(s1);
  f.f64.const(1).local_set(c2);
  f.f64.const(0).local_set(s2);
  f.local_get(jj).i32.const(1).i32.add().local_get(CNT).i32.lt_s();
  f.if_();
  f.local_get(j).i32.const(1).i32.add().local_get(j).i32.const(1).i32.sub().local_get(FORWARD).select().local_set(j2);
  f64At(f, C, () => f.local_get(j2));
  f.f64.load().local_set(c2);
  f64At(f, S, () => f.local_get(j2));
  f.f64.load().local_set(s2);
  f.end();
  for (const [c, sn, cv, sv] of [
    [c1, s1, c1v, s1v],
    [c2, s2, c2v, s2v],
  ]) {
    f.local_get(c).f64x2.splat().local_set(cv);
    f.local_get(sn).f64x2.splat().local_set(sv);
  }
  // Identity rotations are skipped, as the reference skips them; two others in a row share a pass.
  isIdentity(c1, s1).i32.eqz();
  isIdentity(c2, s2).i32.eqz().i32.and();
  f.if_();
  {
    // Rows lo+min(j, j2) .. +2. Forward: rotation 1 on (A, B), then 2 on (B, C); backward: 1 on (B, C), then 2 on (A, B).
    rowAt(rowA, () => f.local_get(j).local_get(j2).local_get(FORWARD).select());
    f64At(f, rowA, () => f.local_get(N));
    f.local_set(rowB);
    f64At(f, rowB, () => f.local_get(N));
    f.local_set(rowC);
    f.local_get(FORWARD);
    f.if_();
    pass(
      [rowA, rowB, rowC],
      [
        [0, 1, "1"],
        [1, 2, "2"],
      ],
    );
    f.else_();
    pass(
      [rowA, rowB, rowC],
      [
        [1, 2, "1"],
        [0, 1, "2"],
      ],
    );
    f.end();
    f.local_get(jj).i32.const(2).i32.add().local_set(jj);
  }
  f.else_();
  {
    isIdentity(c1, s1).i32.eqz();
    f.if_();
    rowAt(rowA, () => f.local_get(j));
    f64At(f, rowA, () => f.local_get(N));
    f.local_set(rowB);
    pass([rowA, rowB], [[0, 1, "1"]]);
    f.end();
    f.local_get(jj).i32.const(1).i32.add().local_set(jj);
  }
  f.end();
  f.br(loop);
  f.end().end();
}
