// Matrix-vector products for m = 1 or n = 1, without packing (packing would
// cost as much as the product itself): y[t] = Σ_p x[p]·M[p, t], t < T, p < k.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { advance, CAT_HI, CAT_LO, incr, mulAdd, shuffle, toBytes, whileLoop, ZIP_HI, ZIP_LO } from "./emit.ts";

const AXPY_NV = 4; // vectors of outputs per axpy block (16 floats) where y is strided
/** Rows of M per pass over a contiguous y (see emitRowPasses). */
const ROWS_PER_PASS = 8;
const ZERO = new Uint8Array(16);

/** Stores the 4 lanes of v128 local v at yp, yp + ys, … (ys in bytes; one v128.store when ys = 4). */
function store4(f: FunctionBuilder, v: number, yp: number, ys: number, q: number): void {
  f.local_get(ys).i32.const(4).i32.eq();
  f.if_();
  f.local_get(yp).local_get(v).v128.store({ align: 4 });
  f.else_();
  f.local_get(yp).local_set(q);
  for (let lane = 0; lane < 4; lane++) {
    f.local_get(q).local_get(v).f32x4.extract_lane(lane).f32.store();
    advance(f, q, ys);
  }
  f.end();
}

/**
 * Adds `axpy(x, xs, M, mp, y, ys, T, k)` for M's rows contiguous in t:
 * M[p, t] at M + 4·(p·mp + t), x[p] at x + 4·p·xs, y[t] at y + 4·t·ys.
 * A block of outputs stays in registers while M's rows stream past.
 */
export function emitGemvAxpy(mb: ModuleBuilder, fma: boolean): FunctionBuilder {
  const f = mb.addFunction(`sgemm.gemv_axpy${fma ? "_fma" : ""}`, Array(8).fill("i32"), []);
  const [x, xs, m, mp, y, ys, T, k] = [0, 1, 2, 3, 4, 5, 6, 7];
  const local = () => f.addLocal("i32");
  const t = local(),
    p = local(),
    xp = local(),
    row = local(),
    q = local();
  const acc = Array.from({ length: AXPY_NV }, () => f.addLocal("v128"));
  const mv = f.addLocal("v128");
  const xv = f.addLocal("v128");
  const sum = f.addLocal("f32");
  for (const stride of [xs, mp, ys]) toBytes(f, stride);
  f.local_get(ys).i32.const(4).i32.eq();
  f.if_();
  emitRowPasses(f, fma, { x, xs, m, mp, y, T, k });
  f.return_();
  f.end();

  // body() once per k step, with xp → x[p] and row → M[p, t].
  const overK = (body: () => void) => {
    f.local_get(x).local_set(xp);
    f.local_get(m).local_get(t).i32.const(4).i32.mul().i32.add().local_set(row);
    f.local_get(k).local_set(p);
    whileLoop(
      f,
      () => f.local_get(p),
      () => {
        body();
        advance(f, xp, xs);
        advance(f, row, mp);
        incr(f, p, -1);
      },
    );
  };
  // Blocks of nv vectors while whole ones fit, then single floats.
  for (const nv of [AXPY_NV, 1]) {
    whileLoop(
      f,
      () =>
        f
          .local_get(t)
          .i32.const(4 * nv)
          .i32.add()
          .local_get(T)
          .i32.le_s(),
      () => {
        for (let v = 0; v < nv; v++) f.v128.const(ZERO).local_set(acc[v]);
        overK(() => {
          f.local_get(xp).v128.load32_splat().local_set(xv);
          for (let v = 0; v < nv; v++) {
            f.local_get(row)
              .v128.load({ offset: 16 * v, align: 4 })
              .local_set(mv);
            mulAdd(f, fma, acc[v], xv, mv);
          }
        });
        for (let v = 0; v < nv; v++) {
          store4(f, acc[v], y, ys, q);
          f.local_get(y).local_get(ys).i32.const(4).i32.mul().i32.add().local_set(y);
        }
        incr(f, t, 4 * nv);
      },
    );
  }
  whileLoop(
    f,
    () => f.local_get(t).local_get(T).i32.lt_s(),
    () => {
      f.f32.const(0).local_set(sum);
      overK(() => f.local_get(sum).local_get(xp).f32.load().local_get(row).f32.load().f32.mul().f32.add().local_set(sum));
      f.local_get(y).local_get(sum).f32.store();
      advance(f, y, ys);
      incr(f, t, 1);
    },
  );
  return f;
}

/**
 * axpy for a contiguous y (strides in bytes): y = 0, then for each pass over
 * ROWS_PER_PASS rows of M, y[t] += Σ x[p]·M[p, t] a vector of t at a time.
 * M streams by rows (contiguous, prefetched) and y stays in L1; the column
 * blocks of the strided path read M with a stride of a whole row, which the
 * L1 cache holds badly (1×256 · 256×256: 40.9 → 42.8 GFLOP/s; with relaxed madd
 * 34.7 → 41.7). Eight rows per pass measured best (4: no gain; 12: spills).
 */
function emitRowPasses(
  f: FunctionBuilder,
  fma: boolean,
  a: { x: number; xs: number; m: number; mp: number; y: number; T: number; k: number },
): void {
  const local = () => f.addLocal("i32");
  const p = local(),
    xp = local(),
    row = local(),
    to = local(),
    vecBytes = local(),
    allBytes = local();
  const rows = Array.from({ length: ROWS_PER_PASS }, local);
  const xv = Array.from({ length: ROWS_PER_PASS }, () => f.addLocal("v128"));
  const acc = f.addLocal("v128");
  const mv = f.addLocal("v128");
  const sum = f.addLocal("f32");
  f.local_get(a.T).i32.const(2).i32.shl().local_set(allBytes);
  f.local_get(allBytes).i32.const(-16).i32.and().local_set(vecBytes);
  f.local_get(a.y).i32.const(0).local_get(allBytes).memory_fill();
  f.local_get(a.x).local_set(xp);
  f.local_get(a.m).local_set(row);
  // One pass over `n` rows starting at `row`, x[p..p+n) at xp.
  const pass = (n: number) => {
    for (let r = 0; r < n; r++) {
      if (r === 0) f.local_get(row).local_set(rows[0]);
      else
        f.local_get(rows[r - 1])
          .local_get(a.mp)
          .i32.add()
          .local_set(rows[r]);
      f.local_get(xp);
      if (r > 0) f.local_get(a.xs).i32.const(r).i32.mul().i32.add();
      f.v128.load32_splat().local_set(xv[r]);
    }
    f.i32.const(0).local_set(to);
    whileLoop(
      f,
      () => f.local_get(to).local_get(vecBytes).i32.lt_s(),
      () => {
        f.local_get(a.y).local_get(to).i32.add().v128.load({ align: 4 }).local_set(acc);
        for (let r = 0; r < n; r++) {
          f.local_get(rows[r]).local_get(to).i32.add().v128.load({ align: 4 }).local_set(mv);
          mulAdd(f, fma, acc, xv[r], mv);
        }
        f.local_get(a.y).local_get(to).i32.add().local_get(acc).v128.store({ align: 4 });
        incr(f, to, 16);
      },
    );
    whileLoop(
      f,
      () => f.local_get(to).local_get(allBytes).i32.lt_s(),
      () => {
        f.local_get(a.y).local_get(to).i32.add().f32.load().local_set(sum);
        for (let r = 0; r < n; r++)
          f.local_get(sum)
            .local_get(xv[r])
            .f32x4.extract_lane(0)
            .local_get(rows[r])
            .local_get(to)
            .i32.add()
            .f32.load()
            .f32.mul()
            .f32.add()
            .local_set(sum);
        f.local_get(a.y).local_get(to).i32.add().local_get(sum).f32.store();
        incr(f, to, 4);
      },
    );
    f.local_get(xp).local_get(a.xs).i32.const(n).i32.mul().i32.add().local_set(xp);
    f.local_get(row).local_get(a.mp).i32.const(n).i32.mul().i32.add().local_set(row);
    incr(f, p, n);
  };
  for (const n of [ROWS_PER_PASS, 1])
    whileLoop(
      f,
      () => f.local_get(p).i32.const(n).i32.add().local_get(a.k).i32.le_s(),
      () => pass(n),
    );
}

/**
 * Adds `dot(x, M, mt, y, ys, T, k)` for x and M's columns contiguous in p:
 * M[p, t] at M + 4·(t·mt + p), x[p] at x + 4·p, y[t] at y + 4·t·ys.
 * Four outputs at a time share each load of x.
 */
export function emitGemvDot(mb: ModuleBuilder, fma: boolean): FunctionBuilder {
  const f = mb.addFunction(`sgemm.gemv_dot${fma ? "_fma" : ""}`, Array(7).fill("i32"), []);
  const [x, m, mt, y, ys, T, k] = [0, 1, 2, 3, 4, 5, 6];
  const local = () => f.addLocal("i32");
  const t = local(),
    po = local(),
    kBytes = local(),
    kVec = local(),
    q = local();
  const rows = Array.from({ length: 4 }, local);
  const acc = Array.from({ length: 4 }, () => f.addLocal("v128"));
  const mv = Array.from({ length: 4 }, () => f.addLocal("v128"));
  const xv = f.addLocal("v128");
  const sum = f.addLocal("f32");
  toBytes(f, mt);
  toBytes(f, ys);
  f.local_get(k).i32.const(4).i32.mul().local_set(kBytes);
  f.local_get(kBytes).i32.const(-16).i32.and().local_set(kVec); // the whole f32x4 steps
  f.local_get(m).local_set(rows[0]);

  // body() for po (byte offset of p) from `start` (0 or kVec) to `end` in steps of `step` bytes.
  const overP = (start: number | null, end: number, step: number, body: () => void) => {
    if (start === null) f.i32.const(0);
    else f.local_get(start);
    f.local_set(po);
    whileLoop(
      f,
      () => f.local_get(po).local_get(end).i32.lt_s(),
      () => {
        body();
        incr(f, po, step);
      },
    );
  };
  const load = (base: number) => f.local_get(base).local_get(po).i32.add();

  // Four rows of M at a time; the p tail gathers one element of each row into a vector.
  whileLoop(
    f,
    () => f.local_get(t).i32.const(4).i32.add().local_get(T).i32.le_s(),
    () => {
      for (let c = 1; c < 4; c++)
        f.local_get(rows[c - 1])
          .local_get(mt)
          .i32.add()
          .local_set(rows[c]);
      for (const a of acc) f.v128.const(ZERO).local_set(a);
      overP(null, kVec, 16, () => {
        load(x).v128.load({ align: 4 }).local_set(xv);
        for (let c = 0; c < 4; c++) load(rows[c]).v128.load({ align: 4 }).local_set(mv[c]);
        for (let c = 0; c < 4; c++) mulAdd(f, fma, acc[c], xv, mv[c]);
      });
      // Transpose-and-add: acc[c]'s lanes → lane c of acc[0].
      shuffle(f, acc[0], acc[1], ZIP_LO, mv[0]);
      shuffle(f, acc[0], acc[1], ZIP_HI, mv[1]);
      shuffle(f, acc[2], acc[3], ZIP_LO, mv[2]);
      shuffle(f, acc[2], acc[3], ZIP_HI, mv[3]);
      f.local_get(mv[0]).local_get(mv[1]).f32x4.add().local_set(mv[0]);
      f.local_get(mv[2]).local_get(mv[3]).f32x4.add().local_set(mv[2]);
      shuffle(f, mv[0], mv[2], CAT_LO, acc[0]);
      shuffle(f, mv[0], mv[2], CAT_HI, acc[1]);
      f.local_get(acc[0]).local_get(acc[1]).f32x4.add().local_set(acc[0]);
      overP(kVec, kBytes, 4, () => {
        load(x).v128.load32_splat().local_set(xv);
        load(rows[0]).v128.load32_splat();
        for (let c = 1; c < 4; c++) load(rows[c]).f32.load().f32x4.replace_lane(c);
        f.local_set(mv[0]);
        mulAdd(f, fma, acc[0], xv, mv[0]);
      });
      store4(f, acc[0], y, ys, q);
      f.local_get(y).local_get(ys).i32.const(4).i32.mul().i32.add().local_set(y);
      f.local_get(rows[3]).local_get(mt).i32.add().local_set(rows[0]);
      incr(f, t, 4);
    },
  );
  // The last rows one at a time: a vector partial sum reduced across lanes, then the scalar p tail.
  whileLoop(
    f,
    () => f.local_get(t).local_get(T).i32.lt_s(),
    () => {
      f.v128.const(ZERO).local_set(acc[0]);
      overP(null, kVec, 16, () => {
        load(x).v128.load({ align: 4 }).local_set(xv);
        load(rows[0]).v128.load({ align: 4 }).local_set(mv[0]);
        mulAdd(f, fma, acc[0], xv, mv[0]);
      });
      f.local_get(acc[0]).local_get(acc[0]).local_get(acc[0]).i8x16.shuffle(CAT_HI).f32x4.add().local_set(acc[0]);
      f.local_get(acc[0]).f32x4.extract_lane(0).local_get(acc[0]).f32x4.extract_lane(1).f32.add().local_set(sum);
      overP(kVec, kBytes, 4, () => {
        f.local_get(sum);
        load(x).f32.load();
        load(rows[0]).f32.load().f32.mul().f32.add().local_set(sum);
      });
      f.local_get(y).local_get(sum).f32.store();
      advance(f, y, ys);
      advance(f, rows[0], mt);
      incr(f, t, 1);
    },
  );
  return f;
}
