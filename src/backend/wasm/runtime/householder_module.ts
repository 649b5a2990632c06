// Unblocked Householder QR (LAPACK's sgeqr2), tridiagonalization (ssytd2)
// and bidiagonalization (sgebd2) on float32 in wasm, for blocked_qr.ts,
// eigh and svd: each reflector as
// slarfg builds it (the norm's sum of squares and the square roots in
// float64, as the reference kernel computes them), applied a row at a time
// (four lanes: the rows are contiguous, the columns are not).
import { forLanes, forLoop, type FunctionBuilder, type ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import type { WasmHeap } from "../heap.ts";

/**
 * (P, ld, m, n, taus, s): QR of the m×n float32 block at P (row stride ld)
 * in place: R on and above the diagonal, reflector j's v below entry (j, j)
 * (v[0] = 1 implicit), tau j at taus + 4 j (float32); s is n float32s of scratch.
 */
export type Geqr2Fn = (P: number, ld: number, m: number, n: number, taus: number, s: number) => void;

/**
 * (W, n, d, e, taus, x): the symmetric n×n float32 W (row-major; its lower
 * triangle read and kept, as ssytd2's 'L') reduced to tridiagonal form
 * T = Qᵀ W Q, as the reference kernel reduces it: d (n) and e (n - 1)
 * float32s; reflector i (acting on entries i+1..n-1) in row i of W from
 * column i+1 on, with its leading 1 stored; taus (n - 1 float32); x is n
 * float32s of scratch. Each step reads and updates half the trailing block
 * (its symmetric product as a dot and an axpy per row, both contiguous).
 */
export type Sytd2Fn = (W: number, n: number, d: number, e: number, taus: number, x: number) => void;

/**
 * (A, m, n, d, e, tauq, taup, s), m ≥ n: the m×n float32 A (row-major)
 * reduced to upper bidiagonal form B = Qᵀ A P, as the reference kernel's
 * gebrd: d (n) and e (n - 1) float32s; left reflector i in column i from
 * row i (a 1 stored at (i, i)), right reflector i in row i from column i + 1
 * (a 1 stored at (i, i + 1)); taus tauq (n) and taup (n - 1, float32); s is
 * n float32s of scratch.
 */
export type Gebd2Fn = (A: number, m: number, n: number, d: number, e: number, tauq: number, taup: number, s: number) => void;

interface HouseholderFunctions {
  geqr2: Geqr2Fn;
  sytd2: Sytd2Fn;
  gebd2: Gebd2Fn;
}

const modules = new WeakMap<WasmHeap, HouseholderFunctions>();

export function householderFunctions(heap: WasmHeap): HouseholderFunctions {
  return heapModule(
    modules,
    heap,
    (mb) => {
      addGeqr2(mb);
      addSytd2(mb);
      addGebd2(mb);
    },
    (e) => ({ geqr2: e.geqr2 as Geqr2Fn, sytd2: e.sytd2 as Sytd2Fn, gebd2: e.gebd2 as Gebd2Fn }),
  );
}

/** Pushes base + 4 · index (the address of float32 element `index` of the array at the i32 local base). */
function f32At(f: FunctionBuilder, base: number, index: () => void): void {
  f.local_get(base);
  index();
  f.i32.const(2).i32.shl().i32.add();
}

/**
 * H = I - tau v vᵀ from the left on rows [rowFrom, rowTo) and columns
 * [colFrom, colTo) of the float32 matrix at base (row stride ld), v in
 * column `col` of those rows (its 1 stored): s = sum_r v_r row_r, then
 * row_r -= tau v_r s; s is scratch indexed by column. All operands i32
 * locals but tau (f32).
 */
function emitLeftReflection(
  f: FunctionBuilder,
  at: { base: number; ld: number; rowFrom: number; rowTo: number; col: number; colFrom: number; colTo: number },
  tau: number,
  s: number,
): void {
  const { base, ld, rowFrom, rowTo, col, colFrom, colTo } = at;
  const [r, row] = [f.addLocal("i32"), f.addLocal("i32")];
  const k = f.addLocal("f32");
  const rows = (body: () => void) =>
    forLoop(
      f,
      r,
      () => f.local_get(rowFrom),
      () => f.local_get(rowTo),
      1,
      () => {
        f32At(f, base, () => f.local_get(r).local_get(ld).i32.mul());
        f.local_set(row);
        f32At(f, row, () => f.local_get(col));
        f.f32.load().local_set(k);
        body();
      },
    );
  forLoop(
    f,
    r,
    () => f.local_get(colFrom),
    () => f.local_get(colTo),
    1,
    () => {
      f32At(f, s, () => f.local_get(r));
      f.f32.const(0).f32.store();
    },
  );
  rows(() => emitAddScaled(f, s, row, colFrom, colTo, k));
  rows(() => {
    f.local_get(k).local_get(tau).f32.mul().f32.neg().local_set(k);
    emitAddScaled(f, row, s, colFrom, colTo, k);
  });
}

/** dst[from..to) += k · src[from..to) (float32 rows at byte addresses dst, src; k an f32 local): four lanes, then one. */
function emitAddScaled(f: FunctionBuilder, dst: number, src: number, from: number, to: number, k: number): void {
  const [j, a] = [f.addLocal("i32"), f.addLocal("i32")];
  const kv = f.addLocal("v128");
  f.local_get(k).f32x4.splat().local_set(kv);
  const elem = (base: number) => f.local_get(base).local_get(j).i32.const(2).i32.shl().i32.add();
  forLanes(
    f,
    j,
    () => f.local_get(from),
    () => f.local_get(to),
    4,
    (vector) => {
      elem(dst).local_tee(a);
      if (vector) {
        f.local_get(a).v128.load();
        elem(src).v128.load().local_get(kv).f32x4.mul().f32x4.add().v128.store();
      } else {
        f.local_get(a).f32.load();
        elem(src).f32.load().local_get(k).f32.mul().f32.add().f32.store();
      }
    },
  );
}

function addGeqr2(mb: ModuleBuilder): void {
  const [P, LD, M, N, TAUS, S] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("geqr2", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [k, j, next, len, colBase, colStride] = Array.from({ length: 6 }, () => f.addLocal("i32"));
  const [tau, beta] = [f.addLocal("f32"), f.addLocal("f32")];
  f.local_get(M).local_get(N).local_get(M).local_get(N).i32.lt_s().select().local_set(k);
  f.local_get(LD).i32.const(2).i32.shl().local_set(colStride);
  forLoop(
    f,
    j,
    () => f.i32.const(0),
    () => f.local_get(k),
    1,
    () => {
      f.local_get(j).i32.const(1).i32.add().local_set(next);
      // The reflector of column j from row j; H on the columns right of it; R's diagonal entry beta.
      f32At(f, P, () => f.local_get(j).local_get(LD).i32.mul().local_get(j).i32.add());
      f.local_set(colBase);
      f.local_get(M).local_get(j).i32.sub().local_set(len);
      emitReflector(f, colBase, colStride, len, tau, beta);
      f.local_get(tau).f32.const(0).f32.ne();
      f.if_();
      emitLeftReflection(f, { base: P, ld: LD, rowFrom: j, rowTo: M, col: j, colFrom: next, colTo: N }, tau, S);
      f.end();
      f.local_get(colBase).local_get(beta).f32.store();
      f32At(f, TAUS, () => f.local_get(j));
      f.local_get(tau).f32.store();
    },
  );
}

/** Pushes sum_{c < len} a[c] b[c] (float32 rows at byte addresses a, b): four lanes, their sum, then the tail. */
function emitDot(f: FunctionBuilder, a: number, b: number, len: number): void {
  const c = f.addLocal("i32");
  const acc = f.addLocal("v128");
  const sum = f.addLocal("f32");
  const elem = (base: number) => f.local_get(base).local_get(c).i32.const(2).i32.shl().i32.add();
  f.f32x4.const([0, 0, 0, 0]).local_set(acc);
  f.f32.const(0).local_set(sum);
  forLanes(
    f,
    c,
    () => f.i32.const(0),
    () => f.local_get(len),
    4,
    (vector) => {
      if (vector) {
        elem(a).v128.load();
        elem(b).v128.load().f32x4.mul().local_get(acc).f32x4.add().local_set(acc);
      } else {
        elem(a).f32.load();
        elem(b).f32.load().f32.mul().local_get(sum).f32.add().local_set(sum);
      }
    },
  );
  f.local_get(acc).f32x4.extract_lane(0).local_get(acc).f32x4.extract_lane(1).f32.add();
  f.local_get(acc).f32x4.extract_lane(2).local_get(acc).f32x4.extract_lane(3).f32.add().f32.add();
  f.local_get(sum).f32.add();
}

/** row[c] -= vr x[c] + xr v[c] for c < len (float32 rows at byte addresses; vr, xr f32 locals). */
function emitRank2(f: FunctionBuilder, row: number, x: number, v: number, len: number, vr: number, xr: number): void {
  const [c, a] = [f.addLocal("i32"), f.addLocal("i32")];
  const [vrv, xrv] = [f.addLocal("v128"), f.addLocal("v128")];
  const elem = (base: number) => f.local_get(base).local_get(c).i32.const(2).i32.shl().i32.add();
  f.local_get(vr).f32x4.splat().local_set(vrv);
  f.local_get(xr).f32x4.splat().local_set(xrv);
  forLanes(
    f,
    c,
    () => f.i32.const(0),
    () => f.local_get(len),
    4,
    (vector) => {
      elem(row).local_tee(a);
      if (vector) {
        f.local_get(a).v128.load();
        f.local_get(vrv);
        elem(x).v128.load().f32x4.mul();
        f.local_get(xrv);
        elem(v).v128.load().f32x4.mul().f32x4.add().f32x4.sub().v128.store();
      } else {
        f.local_get(a).f32.load();
        f.local_get(vr);
        elem(x).f32.load().f32.mul();
        f.local_get(xr);
        elem(v).f32.load().f32.mul().f32.add().f32.sub().f32.store();
      }
    },
  );
}

function addSytd2(mb: ModuleBuilder): void {
  const [W, N, D, E, TAUS, X] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("sytd2", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [i, k, r, len, lenR, v, brow, a, zero, four] = Array.from({ length: 10 }, () => f.addLocal("i32"));
  const [beta, xv] = [f.addLocal("f32"), f.addLocal("f64")];
  const [tau, scale, vr, xr] = [0, 0, 0, 0].map(() => f.addLocal("f32"));
  /** brow = row k + r of the trailing block, from its column k. */
  const trailingRow = () => {
    f32At(f, W, () => f.local_get(k).local_get(r).i32.add().local_get(N).i32.mul().local_get(k).i32.add());
    f.local_set(brow);
  };
  const each = (body: () => void) =>
    forLoop(
      f,
      r,
      () => f.i32.const(0),
      () => f.local_get(len),
      1,
      body,
    );
  f.i32.const(4).local_set(four);
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(N).i32.const(1).i32.sub(),
    1,
    () => {
      f.local_get(i).i32.const(1).i32.add().local_set(k);
      f.local_get(N).local_get(k).i32.sub().local_set(len);
      // Only the lower triangle is kept: column i below the diagonal is copied into row i, where the reflector is built and kept.
      f32At(f, W, () => f.local_get(i).local_get(N).i32.mul().local_get(k).i32.add());
      f.local_set(v);
      each(() => {
        f32At(f, v, () => f.local_get(r));
        f32At(f, W, () => f.local_get(k).local_get(r).i32.add().local_get(N).i32.mul().local_get(i).i32.add());
        f.f32.load().f32.store();
      });
      emitReflector(f, v, four, len, tau, beta);
      f32At(f, E, () => f.local_get(i));
      f.local_get(beta).f32.store();
      f.local_get(tau).f32.const(0).f32.ne();
      f.if_();
      {
        // x = tau B v from the lower triangle, a row r at a time: x[r] += B[r][:r+1]·v[:r+1]; x[:r] += v[r] B[r][:r].
        each(() => {
          f32At(f, X, () => f.local_get(r));
          f.f32.const(0).f32.store();
        });
        each(() => {
          trailingRow();
          f.local_get(r).i32.const(1).i32.add().local_set(lenR);
          f32At(f, X, () => f.local_get(r));
          f.local_tee(a).local_get(a).f32.load();
          emitDot(f, brow, v, lenR);
          f.f32.add().f32.store();
          f32At(f, v, () => f.local_get(r));
          f.f32.load().local_set(vr);
          emitAddScaled(f, X, brow, zero, r, vr);
        });
        // x *= tau; xv = xᵀv
        f.f64.const(0).local_set(xv);
        each(() => {
          f32At(f, X, () => f.local_get(r));
          f.local_tee(a).local_get(a).f32.load().local_get(tau).f32.mul().local_tee(xr).f32.store();
          f.local_get(xr).f64.promote_f32();
          f32At(f, v, () => f.local_get(r));
          f.f32.load().f64.promote_f32().f64.mul().local_get(xv).f64.add().local_set(xv);
        });
        // x += -(tau / 2)(xᵀv) v
        f.f64.const(-0.5).local_get(tau).f64.promote_f32().f64.mul().local_get(xv).f64.mul().f32.demote_f64().local_set(scale);
        emitAddScaled(f, X, v, zero, len, scale);
        // B -= v xᵀ + x vᵀ on the lower triangle, a row at a time.
        each(() => {
          trailingRow();
          f32At(f, v, () => f.local_get(r));
          f.f32.load().local_set(vr);
          f32At(f, X, () => f.local_get(r));
          f.f32.load().local_set(xr);
          f.local_get(r).i32.const(1).i32.add().local_set(lenR);
          emitRank2(f, brow, X, v, lenR, vr, xr);
        });
      }
      f.end();
      f32At(f, TAUS, () => f.local_get(i));
      f.local_get(tau).f32.store();
      f32At(f, D, () => f.local_get(i));
      f32At(f, W, () => f.local_get(i).local_get(N).i32.mul().local_get(i).i32.add());
      f.f32.load().f32.store();
    },
  );
  // d[n-1] = W[n-1][n-1]
  f32At(f, D, () => f.local_get(N).i32.const(1).i32.sub());
  f32At(f, W, () => f.local_get(N).local_get(N).i32.mul().i32.const(1).i32.sub());
  f.f32.load().f32.store();
}

/**
 * slarfg on the float32 vector x_k = base[k · stride] (byte stride), k < len:
 * leaves tau in `tau` and beta in `beta` (x_0 unchanged when there is no
 * reflector: tau 0, beta = x_0), scales x_1.. into v, and stores 1 at x_0.
 */
function emitReflector(f: FunctionBuilder, base: number, stride: number, len: number, tau: number, beta: number): void {
  const [k, a] = [f.addLocal("i32"), f.addLocal("i32")];
  const [alpha, norm2, x] = [f.addLocal("f64"), f.addLocal("f64"), f.addLocal("f64")];
  const scale = f.addLocal("f32");
  const elem = () => f.local_get(base).local_get(k).local_get(stride).i32.mul().i32.add();
  f.local_get(base).f32.load().f64.promote_f32().local_set(alpha);
  f.f64.const(0).local_set(norm2);
  forLoop(
    f,
    k,
    () => f.i32.const(1),
    () => f.local_get(len),
    1,
    () => {
      elem().f32.load().f64.promote_f32().local_tee(x).local_get(x).f64.mul().local_get(norm2).f64.add().local_set(norm2);
    },
  );
  f.f32.const(0).local_set(tau);
  f.local_get(alpha).f32.demote_f64().local_set(beta);
  f.local_get(norm2).f64.const(0).f64.gt();
  f.if_();
  {
    f.local_get(alpha).local_get(alpha).f64.mul().local_get(norm2).f64.add().f64.sqrt().local_set(x);
    f.local_get(x).f64.neg().local_get(x).local_get(alpha).f64.const(0).f64.ge().select().local_set(x);
    f.local_get(x).local_get(alpha).f64.sub().local_get(x).f64.div().f32.demote_f64().local_set(tau);
    f.f64.const(1).local_get(alpha).local_get(x).f64.sub().f64.div().f32.demote_f64().local_set(scale);
    f.local_get(x).f32.demote_f64().local_set(beta);
    forLoop(
      f,
      k,
      () => f.i32.const(1),
      () => f.local_get(len),
      1,
      () => {
        elem().local_tee(a).local_get(a).f32.load().local_get(scale).f32.mul().f32.store();
      },
    );
  }
  f.end();
  f.local_get(base).f32.const(1).f32.store();
}

function addGebd2(mb: ModuleBuilder): void {
  const [A, M, N, D, E, TAUQ, TAUP, S] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = mb.addFunction("gebd2", ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [i, r, next, len, rowStride, colBase, row, rowI, rowTail, four] = Array.from({ length: 10 }, () => f.addLocal("i32"));
  const [tau, beta, k] = [0, 0, 0].map(() => f.addLocal("f32"));
  const rowOf = (index: number) => f32At(f, A, () => f.local_get(index).local_get(N).i32.mul());
  /**
   * The reflector of row i's elements from column `col` on (byte stride
   * `stride`: down the column or along the row), len of them: beta into
   * betaOut[i], tau into tauOut[i], colBase at its first element; opens
   * `if (tau != 0)` for the caller's update, which closes it.
   */
  const reflect = (col: number, stride: number, length: () => void, betaOut: number, tauOut: number) => {
    f32At(f, rowI, () => f.local_get(col));
    f.local_set(colBase);
    length();
    f.local_set(len);
    emitReflector(f, colBase, stride, len, tau, beta);
    f32At(f, betaOut, () => f.local_get(i));
    f.local_get(beta).f32.store();
    f32At(f, tauOut, () => f.local_get(i));
    f.local_get(tau).f32.store();
    f.local_get(tau).f32.const(0).f32.ne();
    f.if_();
  };
  f.local_get(N).i32.const(2).i32.shl().local_set(rowStride);
  f.i32.const(4).local_set(four);
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(N),
    1,
    () => {
      f.local_get(i).i32.const(1).i32.add().local_set(next);
      rowOf(i);
      f.local_set(rowI);
      // Left reflector: column i from row i (stride n). H A[i:, i+1:]: s = sum_r v_r row_r; row_r -= tau v_r s (v_i = 1 stored).
      reflect(i, rowStride, () => f.local_get(M).local_get(i).i32.sub(), D, TAUQ);
      emitLeftReflection(f, { base: A, ld: N, rowFrom: i, rowTo: M, col: i, colFrom: next, colTo: N }, tau, S);
      f.end();
      // Right reflector: row i from column i + 1, when there is one.
      f.local_get(next).local_get(N).i32.lt_s();
      f.if_();
      {
        // A[i+1:, i+1:] G: row_r -= tau (row_r · u) u (u_0 = 1 stored).
        reflect(next, four, () => f.local_get(N).local_get(next).i32.sub(), E, TAUP);
        forLoop(
          f,
          r,
          () => f.local_get(next),
          () => f.local_get(M),
          1,
          () => {
            rowOf(r);
            f.local_set(row);
            f32At(f, row, () => f.local_get(next));
            f.local_set(rowTail);
            emitDot(f, rowTail, colBase, len);
            f.local_get(tau).f32.mul().f32.neg().local_set(k);
            emitAddScaled(f, row, rowI, next, N, k);
          },
        );
        f.end();
      }
      f.end();
    },
  );
}
