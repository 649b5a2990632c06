// The wasm FFT kernels (runtime/fft.ts drives them): passes of a Stockham
// autosort FFT over split complex storage (real and imaginary parts in
// separate arrays, as complex values reach backends), in f32 (complex64) or
// f64 (complex128), f32x4 / f64x2 SIMD across the interleaved transforms.
//
// Data of one row is `s0` interleaved transforms of length N, element (k, q)
// at k·s0 + q (q < s0): an FFT along a middle axis of a row-major array is
// the same thing with s0 = the product of the dims after it, so no transpose
// is needed. A radix-r pass of the current length n with stride s
// (s = s0·N/n) reads x[q + s·(p + j·n/r)], j < r, and writes
// y[q + s·(rp + j)] times the twiddle w^(j·p), w = exp(-2πi/n): after the
// passes (radix 4, 3, 5, and a last radix-2 pass of n = 2 where needed) the
// transform sits in natural order. Each pass is SIMD over q, the contiguous
// index (scalar for q tails); the radix-4 pass with s = 1 (the first pass
// of a single transform) is SIMD over p, its outputs transposed in
// registers. Inverse transforms run the forward passes on swapped
// (imaginary, real) pointers. Helpers: Bluestein's pointwise products
// (cmul), scaling, and the passes that turn a real row of even length into
// a complex row of half the length and back (deinterleave, rpost; ipre,
// interleave).
import { type FunctionBuilder, forLoop, type MemoryImport, ModuleBuilder } from "../emitter/index.ts";

export type FftFloat = "f32" | "f64";

/** Arguments of `radix4`: (xr, xi, yr, yi, n, s, p0, p1, rows, rowLen, twr, twi). */
export const RADIX4_ARGS = 12;
/** Arguments of `radix2`: (xr, xi, yr, yi, s, q0, q1, rows, rowLen). */
export const RADIX2_ARGS = 9;
/** Arguments of `cmul`: (xr, xi, yr, yi, wr, wi, rows, inLen, outLen, nCopy, s). */
export const CMUL_ARGS = 11;

interface Num {
  add(): unknown;
  sub(): unknown;
  mul(): unknown;
}

/** The element type's scalar and vector instructions. */
class Kind {
  readonly E: number;
  readonly lanes: number;
  constructor(
    readonly f: FunctionBuilder,
    readonly t: FftFloat,
  ) {
    this.E = t === "f32" ? 4 : 8;
    this.lanes = 16 / this.E;
  }
  ns(vec: boolean): Num {
    const f = this.f;
    return vec ? (this.t === "f32" ? f.f32x4 : f.f64x2) : this.t === "f32" ? f.f32 : f.f64;
  }
  load(vec: boolean): void {
    if (vec) this.f.v128.load({ align: this.E });
    else if (this.t === "f32") this.f.f32.load();
    else this.f.f64.load();
  }
  store(vec: boolean): void {
    if (vec) this.f.v128.store({ align: this.E });
    else if (this.t === "f32") this.f.f32.store();
    else this.f.f64.store();
  }
  splat(): void {
    if (this.t === "f32") this.f.f32x4.splat();
    else this.f.f64x2.splat();
  }
  local(vec: boolean): number {
    return this.f.addLocal(vec ? "v128" : this.t);
  }
}

/** dst = a op b on locals. */
function bin(f: FunctionBuilder, n: Num, op: "add" | "sub" | "mul", a: number, b: number, dst: number): void {
  f.local_get(a).local_get(b);
  n[op]();
  f.local_set(dst);
}

/** The radix-4 pass (see the file comment); p ranges over [p0, p1) of the pass's n/4 butterfly columns. */
function emitRadix4(mb: ModuleBuilder, t: FftFloat): void {
  const f = mb.addFunction("radix4", new Array(RADIX4_ARGS).fill("i32"), [], { export: true });
  const [xr, xi, yr, yi, n, s, p0, p1, rows, rowLen, twr, twi] = f.type.params.map((_, i) => i);
  const K = new Kind(f, t);
  const E = K.E;
  const r = f.addLocal("i32"),
    base = f.addLocal("i32"),
    p = f.addLocal("i32"),
    pStart = f.addLocal("i32"),
    m = f.addLocal("i32"),
    sE = f.addLocal("i32"),
    mS = f.addLocal("i32"),
    m2S = f.addLocal("i32"),
    m3S = f.addLocal("i32"),
    inOff = f.addLocal("i32"),
    outOff = f.addLocal("i32"),
    vecEnd = f.addLocal("i32"),
    end = f.addLocal("i32");
  const ws = { s: [0, 0, 0, 0, 0, 0].map(() => K.local(false)), v: [0, 0, 0, 0, 0, 0].map(() => K.local(true)) };
  const locals = (vec: boolean) => Array.from({ length: 32 }, () => K.local(vec));
  const L = { s: locals(false), v: locals(true) };

  f.local_get(n).i32.const(2).i32.shr_u().local_set(m);
  f.local_get(s).i32.const(E).i32.mul().local_set(sE);
  f.local_get(sE).local_get(m).i32.mul().local_tee(mS).i32.const(1).i32.shl().local_set(m2S);
  f.local_get(mS).local_get(m2S).i32.add().local_set(m3S);

  /** The butterfly on loaded a, b, c, d (locals ar … di): outputs j times w^(jp) into y[2j], y[2j + 1]. */
  const compute = (vec: boolean) => {
    const N = K.ns(vec);
    const w = vec ? ws.v : ws.s;
    const [ar, ai, br, bi, cr, ci, dr, di, t1r, t1i, t2r, t2i, t3r, t3i, t4r, t4i, ur, ui, tmp, tmp2] = vec ? L.v : L.s;
    const y = (vec ? L.v : L.s).slice(24, 32);
    bin(f, N, "add", ar, cr, t1r);
    bin(f, N, "add", ai, ci, t1i);
    bin(f, N, "sub", ar, cr, t2r);
    bin(f, N, "sub", ai, ci, t2i);
    bin(f, N, "add", br, dr, t3r);
    bin(f, N, "add", bi, di, t3i);
    bin(f, N, "sub", br, dr, t4r);
    bin(f, N, "sub", bi, di, t4i);
    /** y[j] = (re, im) times twiddle j (none for j = 0). */
    const put = (j: number, re: number, im: number) => {
      if (j === 0) {
        f.local_get(re).local_set(y[0]);
        f.local_get(im).local_set(y[1]);
        return;
      }
      const wr = w[2 * (j - 1)],
        wi = w[2 * (j - 1) + 1];
      bin(f, N, "mul", re, wr, tmp);
      bin(f, N, "mul", im, wi, tmp2);
      bin(f, N, "sub", tmp, tmp2, y[2 * j]);
      bin(f, N, "mul", re, wi, tmp);
      bin(f, N, "mul", im, wr, tmp2);
      bin(f, N, "add", tmp, tmp2, y[2 * j + 1]);
    };
    bin(f, N, "add", t1r, t3r, ur);
    bin(f, N, "add", t1i, t3i, ui);
    put(0, ur, ui);
    // (a - c) - i(b - d), to output 1
    bin(f, N, "add", t2r, t4i, ur);
    bin(f, N, "sub", t2i, t4r, ui);
    put(1, ur, ui);
    bin(f, N, "sub", t1r, t3r, ur);
    bin(f, N, "sub", t1i, t3i, ui);
    put(2, ur, ui);
    // (a - c) + i(b - d), to output 3
    bin(f, N, "sub", t2r, t4i, ur);
    bin(f, N, "add", t2i, t4r, ui);
    put(3, ur, ui);
    return y;
  };
  /** Loads a, b, c, d at byte offset inOff (apart by m·s elements). */
  const loadInputs = (vec: boolean) => {
    const [ar, ai, br, bi, cr, ci, dr, di] = vec ? L.v : L.s;
    const load = (ptr: number, off: number | null, dst: number) => {
      f.local_get(ptr).local_get(inOff).i32.add();
      if (off !== null) f.local_get(off).i32.add();
      K.load(vec);
      f.local_set(dst);
    };
    load(xr, null, ar);
    load(xi, null, ai);
    load(xr, mS, br);
    load(xi, mS, bi);
    load(xr, m2S, cr);
    load(xi, m2S, ci);
    load(xr, m3S, dr);
    load(xi, m3S, di);
  };

  /** Butterflies at byte offsets inOff / outOff until inOff reaches `stop`, `vec` lanes of q at a time. */
  const butterflies = (vec: boolean, stop: number) => {
    const step = vec ? 16 : E;
    const out = f.block();
    const lp = f.loop();
    f.local_get(inOff).local_get(stop).i32.ge_u().br_if(out);
    loadInputs(vec);
    const y = compute(vec);
    for (let j = 0; j < 4; j++)
      for (const [ptr, v] of [
        [yr, y[2 * j]],
        [yi, y[2 * j + 1]],
      ]) {
        f.local_get(ptr).local_get(outOff).i32.add();
        if (j > 0) f.local_get(sE).i32.const(j).i32.mul().i32.add();
        f.local_get(v);
        K.store(vec);
      }
    f.local_get(inOff).i32.const(step).i32.add().local_set(inOff);
    f.local_get(outOff).i32.const(step).i32.add().local_set(outOff);
    f.br(lp);
    f.end().end();
  };

  /** Lane shuffle of two vectors by element lanes (0 … lanes-1 from a, lanes … from b). */
  const shuffle = (a: number, b: number, lanes: number[], dst: number) => {
    f.local_get(a).local_get(b);
    f.i8x16.shuffle(lanes.flatMap((l) => Array.from({ length: E }, (_, k) => l * E + k)));
    f.local_set(dst);
  };
  /**
   * s = 1 (the first pass of a single transform): SIMD over p instead, the
   * twiddles loaded as vectors, and the four outputs of `lanes` neighbouring
   * butterflies (y[4p + j]) transposed into contiguous vectors.
   */
  const transposed = () => {
    const out = f.block();
    const lp = f.loop();
    f.local_get(p).i32.const(K.lanes).i32.add().local_get(p1).i32.gt_u().br_if(out);
    for (let j = 0; j < 3; j++)
      for (const [k, tw] of [
        [0, twr],
        [1, twi],
      ]) {
        f.local_get(tw).local_get(m).i32.const(j).i32.mul().local_get(p).i32.add().i32.const(E).i32.mul().i32.add();
        K.load(true);
        f.local_set(ws.v[2 * j + k]);
      }
    f.local_get(base).local_get(p).i32.const(E).i32.mul().i32.add().local_set(inOff);
    f.local_get(base)
      .local_get(p)
      .i32.const(4 * E)
      .i32.mul()
      .i32.add()
      .local_set(outOff);
    loadInputs(true);
    const y = compute(true);
    const [t0, t1, t2, t3] = L.v.slice(8, 12);
    for (const [part, ptr] of [
      [0, yr],
      [1, yi],
    ]) {
      const [y0, y1, y2, y3] = [0, 1, 2, 3].map((j) => y[2 * j + part]);
      const stores: number[] = [];
      if (K.lanes === 4) {
        shuffle(y0, y1, [0, 4, 1, 5], t0);
        shuffle(y0, y1, [2, 6, 3, 7], t1);
        shuffle(y2, y3, [0, 4, 1, 5], t2);
        shuffle(y2, y3, [2, 6, 3, 7], t3);
        const o = L.v.slice(12, 16);
        shuffle(t0, t2, [0, 1, 4, 5], o[0]);
        shuffle(t0, t2, [2, 3, 6, 7], o[1]);
        shuffle(t1, t3, [0, 1, 4, 5], o[2]);
        shuffle(t1, t3, [2, 3, 6, 7], o[3]);
        stores.push(...o);
      } else {
        shuffle(y0, y1, [0, 2], t0);
        shuffle(y2, y3, [0, 2], t1);
        shuffle(y0, y1, [1, 3], t2);
        shuffle(y2, y3, [1, 3], t3);
        stores.push(t0, t1, t2, t3);
      }
      stores.forEach((v, k) => {
        f.local_get(ptr).local_get(outOff).i32.add().local_get(v);
        f.v128.store({ offset: 16 * k, align: E });
      });
    }
    f.local_get(p).i32.const(K.lanes).i32.add().local_set(p);
    f.br(lp);
    f.end().end();
  };

  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      f.local_get(r).local_get(rowLen).i32.mul().i32.const(E).i32.mul().local_set(base);
      f.local_get(p0).local_set(pStart);
      f.local_get(s).i32.const(1).i32.eq().if_();
      f.local_get(p0).local_set(p);
      transposed();
      f.local_get(p).local_set(pStart);
      f.end();
      forLoop(
        f,
        p,
        () => f.local_get(pStart),
        () => f.local_get(p1),
        1,
        () => {
          // Twiddles w^p, w^2p, w^3p: tables [w^p (p < m), w^2p, w^3p] of real and imaginary parts.
          for (let j = 0; j < 3; j++)
            for (const [k, tw] of [
              [0, twr],
              [1, twi],
            ]) {
              f.local_get(tw).local_get(m).i32.const(j).i32.mul().local_get(p).i32.add().i32.const(E).i32.mul().i32.add();
              if (t === "f32") f.f32.load();
              else f.f64.load();
              f.local_tee(ws.s[2 * j + k]);
              K.splat();
              f.local_set(ws.v[2 * j + k]);
            }
          f.local_get(base).local_get(sE).local_get(p).i32.mul().i32.add().local_set(inOff);
          f.local_get(inOff).local_get(sE).i32.add().local_set(end);
          f.local_get(base).local_get(sE).local_get(p).i32.const(2).i32.shl().i32.mul().i32.add().local_set(outOff);
          f.local_get(inOff).local_get(s).i32.const(-K.lanes).i32.and().i32.const(E).i32.mul().i32.add().local_set(vecEnd);
          butterflies(true, vecEnd);
          butterflies(false, end);
        },
      );
    },
  );
}

/**
 * A radix-3 or radix-5 pass (same arguments as radix4, twiddle tables
 * [w^(jp) for p < n/r] for j = 1 … r − 1): SIMD over q, scalar tails (and
 * scalar throughout when s < lanes, a single transform's first pass).
 */
function emitRadixOdd(mb: ModuleBuilder, t: FftFloat, radix: 3 | 5): void {
  const f = mb.addFunction(`radix${radix}`, new Array(RADIX4_ARGS).fill("i32"), [], { export: true });
  const [xr, xi, yr, yi, n, s, p0, p1, rows, rowLen, twr, twi] = f.type.params.map((_, i) => i);
  const K = new Kind(f, t);
  const E = K.E;
  const r = f.addLocal("i32"),
    base = f.addLocal("i32"),
    p = f.addLocal("i32"),
    m = f.addLocal("i32"),
    sE = f.addLocal("i32"),
    mS = f.addLocal("i32"),
    inOff = f.addLocal("i32"),
    outOff = f.addLocal("i32"),
    vecEnd = f.addLocal("i32"),
    end = f.addLocal("i32");
  const tws = {
    s: Array.from({ length: 2 * (radix - 1) }, () => K.local(false)),
    v: Array.from({ length: 2 * (radix - 1) }, () => K.local(true)),
  };
  const pool = { s: Array.from({ length: 64 }, () => K.local(false)), v: Array.from({ length: 64 }, () => K.local(true)) };
  const c1 = Math.cos((2 * Math.PI) / radix),
    s1 = Math.sin((2 * Math.PI) / radix),
    c2 = Math.cos((4 * Math.PI) / radix),
    s2 = Math.sin((4 * Math.PI) / radix);

  f.local_get(n).i32.const(radix).i32.div_u().local_set(m);
  f.local_get(s).i32.const(E).i32.mul().local_set(sE);
  f.local_get(sE).local_get(m).i32.mul().local_set(mS);

  const butterflies = (vec: boolean, stop: number) => {
    const N = K.ns(vec);
    const w = vec ? tws.v : tws.s;
    const locals = [...(vec ? pool.v : pool.s)];
    const take = () => locals.shift()!;
    const constant = (c: number) => {
      if (vec) {
        if (t === "f32") f.f32x4.const([c, c, c, c]);
        else f.f64x2.const([c, c]);
      } else if (t === "f32") f.f32.const(c);
      else f.f64.const(c);
    };
    /** dst = a + c·b (c a constant; c = null: a + b, c = -1: a − b). */
    const axpy = (a: number, c: number | null, b: number): number => {
      const d = take();
      f.local_get(a);
      if (c === -1) {
        f.local_get(b);
        N.sub();
      } else {
        if (c === null) f.local_get(b);
        else {
          constant(c);
          f.local_get(b);
          N.mul();
        }
        N.add();
      }
      f.local_set(d);
      return d;
    };
    const scaled = (c: number, a: number): number => {
      const d = take();
      constant(c);
      f.local_get(a);
      N.mul();
      f.local_set(d);
      return d;
    };
    const step = vec ? 16 : E;
    const out = f.block();
    const lp = f.loop();
    f.local_get(inOff).local_get(stop).i32.ge_u().br_if(out);
    const a: [number, number][] = [];
    for (let j = 0; j < radix; j++) {
      const pair: [number, number] = [take(), take()];
      for (const [k, ptr] of [
        [0, xr],
        [1, xi],
      ]) {
        f.local_get(ptr).local_get(inOff).i32.add();
        if (j > 0) f.local_get(mS).i32.const(j).i32.mul().i32.add();
        K.load(vec);
        f.local_set(pair[k]);
      }
      a.push(pair);
    }
    // y[j] as (re, im) locals, before twiddles
    const y: [number, number][] = [];
    /** (t ∓ i·u): returns [t − i·u, t + i·u]. */
    const minusPlusI = (tt: [number, number], u: [number, number]): [[number, number], [number, number]] => [
      [axpy(tt[0], null, u[1]), axpy(tt[1], -1, u[0])],
      [axpy(tt[0], -1, u[1]), axpy(tt[1], null, u[0])],
    ];
    if (radix === 3) {
      const t1 = [axpy(a[1][0], null, a[2][0]), axpy(a[1][1], null, a[2][1])] as [number, number];
      const t2 = [axpy(a[0][0], -0.5, t1[0]), axpy(a[0][1], -0.5, t1[1])] as [number, number];
      const d = [axpy(a[1][0], -1, a[2][0]), axpy(a[1][1], -1, a[2][1])];
      const u = [scaled(s1, d[0]), scaled(s1, d[1])] as [number, number];
      const [y1, y2] = minusPlusI(t2, u);
      y.push([axpy(a[0][0], null, t1[0]), axpy(a[0][1], null, t1[1])], y1, y2);
    } else {
      const part = (k: 0 | 1) => {
        const b1 = axpy(a[1][k], null, a[4][k]),
          b2 = axpy(a[2][k], null, a[3][k]),
          d1 = axpy(a[1][k], -1, a[4][k]),
          d2 = axpy(a[2][k], -1, a[3][k]);
        const y0 = axpy(axpy(a[0][k], null, b1), null, b2);
        const ta = axpy(axpy(a[0][k], c1, b1), c2, b2);
        const tb = axpy(axpy(a[0][k], c2, b1), c1, b2);
        const sa = axpy(scaled(s1, d1), s2, d2);
        const sb = axpy(scaled(s2, d1), -s1, d2);
        return { y0, ta, tb, sa, sb };
      };
      const R = part(0),
        I = part(1);
      const [y1, y4] = minusPlusI([R.ta, I.ta], [R.sa, I.sa]);
      const [y2, y3] = minusPlusI([R.tb, I.tb], [R.sb, I.sb]);
      y.push([R.y0, I.y0], y1, y2, y3, y4);
    }
    const tmp = take(),
      tmp2 = take();
    y.forEach(([re, im], j) => {
      const addr = (ptr: number) => {
        f.local_get(ptr).local_get(outOff).i32.add();
        if (j > 0) f.local_get(sE).i32.const(j).i32.mul().i32.add();
      };
      if (j === 0) {
        addr(yr);
        f.local_get(re);
        K.store(vec);
        addr(yi);
        f.local_get(im);
        K.store(vec);
        return;
      }
      const wr = w[2 * (j - 1)],
        wi = w[2 * (j - 1) + 1];
      addr(yr);
      bin(f, N, "mul", re, wr, tmp);
      bin(f, N, "mul", im, wi, tmp2);
      f.local_get(tmp).local_get(tmp2);
      N.sub();
      K.store(vec);
      addr(yi);
      bin(f, N, "mul", re, wi, tmp);
      bin(f, N, "mul", im, wr, tmp2);
      f.local_get(tmp).local_get(tmp2);
      N.add();
      K.store(vec);
    });
    f.local_get(inOff).i32.const(step).i32.add().local_set(inOff);
    f.local_get(outOff).i32.const(step).i32.add().local_set(outOff);
    f.br(lp);
    f.end().end();
  };

  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      f.local_get(r).local_get(rowLen).i32.mul().i32.const(E).i32.mul().local_set(base);
      forLoop(
        f,
        p,
        () => f.local_get(p0),
        () => f.local_get(p1),
        1,
        () => {
          for (let j = 0; j < radix - 1; j++)
            for (const [k, tw] of [
              [0, twr],
              [1, twi],
            ]) {
              f.local_get(tw).local_get(m).i32.const(j).i32.mul().local_get(p).i32.add().i32.const(E).i32.mul().i32.add();
              if (t === "f32") f.f32.load();
              else f.f64.load();
              f.local_tee(tws.s[2 * j + k]);
              K.splat();
              f.local_set(tws.v[2 * j + k]);
            }
          f.local_get(base).local_get(sE).local_get(p).i32.mul().i32.add().local_set(inOff);
          f.local_get(inOff).local_get(sE).i32.add().local_set(end);
          f.local_get(base).local_get(sE).local_get(p).i32.const(radix).i32.mul().i32.mul().i32.add().local_set(outOff);
          f.local_get(inOff).local_get(s).i32.const(-K.lanes).i32.and().i32.const(E).i32.mul().i32.add().local_set(vecEnd);
          butterflies(true, vecEnd);
          butterflies(false, end);
        },
      );
    },
  );
}

/** The last pass when log2 n is odd (n = 2, twiddles 1): y[q] = x[q] + x[q + s], y[q + s] = x[q] - x[q + s] for q in [q0, q1). */
function emitRadix2(mb: ModuleBuilder, t: FftFloat): void {
  const f = mb.addFunction("radix2", new Array(RADIX2_ARGS).fill("i32"), [], { export: true });
  const [xr, xi, yr, yi, s, q0, q1, rows, rowLen] = f.type.params.map((_, i) => i);
  const K = new Kind(f, t);
  const E = K.E;
  const r = f.addLocal("i32"),
    off = f.addLocal("i32"),
    sE = f.addLocal("i32"),
    vecEnd = f.addLocal("i32"),
    end = f.addLocal("i32");
  f.local_get(s).i32.const(E).i32.mul().local_set(sE);
  const pass = (vec: boolean, stop: number) => {
    const N = K.ns(vec);
    const [a, b, c] = [K.local(vec), K.local(vec), K.local(vec)];
    const out = f.block();
    const lp = f.loop();
    f.local_get(off).local_get(stop).i32.ge_u().br_if(out);
    for (const [x, y] of [
      [xr, yr],
      [xi, yi],
    ]) {
      f.local_get(x).local_get(off).i32.add();
      K.load(vec);
      f.local_set(a);
      f.local_get(x).local_get(off).i32.add().local_get(sE).i32.add();
      K.load(vec);
      f.local_set(b);
      bin(f, N, "add", a, b, c);
      f.local_get(y).local_get(off).i32.add().local_get(c);
      K.store(vec);
      bin(f, N, "sub", a, b, c);
      f.local_get(y).local_get(off).i32.add().local_get(sE).i32.add().local_get(c);
      K.store(vec);
    }
    f.local_get(off)
      .i32.const(vec ? 16 : E)
      .i32.add()
      .local_set(off);
    f.br(lp);
    f.end().end();
  };
  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      // off runs over row r's bytes [q0·E, q1·E)
      f.local_get(r).local_get(rowLen).i32.mul().local_get(q0).i32.add().i32.const(E).i32.mul().local_set(off);
      f.local_get(r).local_get(rowLen).i32.mul().local_get(q1).i32.add().i32.const(E).i32.mul().local_set(end);
      f.local_get(off)
        .local_get(q1)
        .local_get(q0)
        .i32.sub()
        .i32.const(-K.lanes)
        .i32.and()
        .i32.const(E)
        .i32.mul()
        .i32.add()
        .local_set(vecEnd);
      pass(true, vecEnd);
      pass(false, end);
    },
  );
}

/**
 * y[r, k, q] = x[r, k, q]·w[k] for k < nCopy and 0 for nCopy ≤ k < outLen
 * (rows of inLen·s elements in, outLen·s out): Bluestein's chirp products
 * and the pointwise product with the chirp's transform (x may be y).
 */
function emitCmul(mb: ModuleBuilder, t: FftFloat): void {
  const f = mb.addFunction("cmul", new Array(CMUL_ARGS).fill("i32"), [], { export: true });
  const [xr, xi, yr, yi, wr, wi, rows, inLen, outLen, nCopy, s] = f.type.params.map((_, i) => i);
  const K = new Kind(f, t);
  const E = K.E;
  const r = f.addLocal("i32"),
    k = f.addLocal("i32"),
    inOff = f.addLocal("i32"),
    outOff = f.addLocal("i32"),
    vecEnd = f.addLocal("i32"),
    end = f.addLocal("i32"),
    sE = f.addLocal("i32");
  const ws = [K.local(false), K.local(false)];
  const wv = [K.local(true), K.local(true)];
  f.local_get(s).i32.const(E).i32.mul().local_set(sE);
  const pass = (vec: boolean, stop: number) => {
    const N = K.ns(vec);
    const [w0, w1] = vec ? wv : ws;
    const [a, b, c, d] = [K.local(vec), K.local(vec), K.local(vec), K.local(vec)];
    const out = f.block();
    const lp = f.loop();
    f.local_get(inOff).local_get(stop).i32.ge_u().br_if(out);
    f.local_get(xr).local_get(inOff).i32.add();
    K.load(vec);
    f.local_set(a);
    f.local_get(xi).local_get(inOff).i32.add();
    K.load(vec);
    f.local_set(b);
    f.local_get(yr).local_get(outOff).i32.add();
    bin(f, N, "mul", a, w0, c);
    bin(f, N, "mul", b, w1, d);
    f.local_get(c).local_get(d);
    N.sub();
    K.store(vec);
    f.local_get(yi).local_get(outOff).i32.add();
    bin(f, N, "mul", a, w1, c);
    bin(f, N, "mul", b, w0, d);
    f.local_get(c).local_get(d);
    N.add();
    K.store(vec);
    f.local_get(inOff)
      .i32.const(vec ? 16 : E)
      .i32.add()
      .local_set(inOff);
    f.local_get(outOff)
      .i32.const(vec ? 16 : E)
      .i32.add()
      .local_set(outOff);
    f.br(lp);
    f.end().end();
  };
  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      forLoop(
        f,
        k,
        () => f.i32.const(0),
        () => f.local_get(nCopy),
        1,
        () => {
          for (const [j, w] of [
            [0, wr],
            [1, wi],
          ]) {
            f.local_get(w).local_get(k).i32.const(E).i32.mul().i32.add();
            if (t === "f32") f.f32.load();
            else f.f64.load();
            f.local_tee(ws[j]);
            K.splat();
            f.local_set(wv[j]);
          }
          // inOff = ((r·inLen + k)·s)·E, outOff likewise with outLen
          f.local_get(r).local_get(inLen).i32.mul().local_get(k).i32.add().local_get(sE).i32.mul().local_tee(inOff);
          f.local_get(s).i32.const(-K.lanes).i32.and().i32.const(E).i32.mul().i32.add().local_set(vecEnd);
          f.local_get(inOff).local_get(sE).i32.add().local_set(end);
          f.local_get(r).local_get(outLen).i32.mul().local_get(k).i32.add().local_get(sE).i32.mul().local_set(outOff);
          pass(true, vecEnd);
          pass(false, end);
        },
      );
      // zeros after the copied part of the row
      for (const y of [yr, yi]) {
        f.local_get(y).local_get(r).local_get(outLen).i32.mul().local_get(nCopy).i32.add().local_get(sE).i32.mul().i32.add();
        f.i32.const(0);
        f.local_get(outLen).local_get(nCopy).i32.sub().local_get(sE).i32.mul();
        f.memory_fill();
      }
    },
  );
}

/** x[i] *= factor for i < count (a scalar parameter of the element type). */
function emitScale(mb: ModuleBuilder, t: FftFloat): void {
  const f = mb.addFunction("scale", ["i32", "i32", t], [], { export: true });
  const K = new Kind(f, t);
  const E = K.E;
  const i = f.addLocal("i32"),
    vecEnd = f.addLocal("i32"),
    v = K.local(true);
  f.local_get(2);
  K.splat();
  f.local_set(v);
  f.local_get(1).i32.const(-K.lanes).i32.and().i32.const(E).i32.mul().local_set(vecEnd);
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(vecEnd),
    16,
    () => {
      f.local_get(0).local_get(i).i32.add();
      f.local_get(0).local_get(i).i32.add();
      K.load(true);
      f.local_get(v);
      K.ns(true).mul();
      K.store(true);
    },
  );
  forLoop(
    f,
    i,
    () => f.local_get(vecEnd),
    () => f.local_get(1).i32.const(E).i32.mul(),
    E,
    () => {
      f.local_get(0).local_get(i).i32.add();
      f.local_get(0).local_get(i).i32.add();
      K.load(false);
      f.local_get(2);
      K.ns(false).mul();
      K.store(false);
    },
  );
}

/**
 * Splits interleaved pairs into two arrays (`deinterleave(src, a, b, count)`:
 * a[k] = src[2k], b[k] = src[2k + 1]) or joins them (`interleave(a, b, dst,
 * count)`): a real row of even length as the complex row of half its length.
 */
function emitInterleave(mb: ModuleBuilder, t: FftFloat, split: boolean): void {
  const f = mb.addFunction(split ? "deinterleave" : "interleave", ["i32", "i32", "i32", "i32"], [], { export: true });
  const K = new Kind(f, t);
  const E = K.E;
  const [P, A, B] = split ? [0, 1, 2] : [2, 0, 1];
  const count = 3;
  const k = f.addLocal("i32"),
    vecEnd = f.addLocal("i32"),
    u = K.local(true),
    v = K.local(true);
  const bytes = (l: readonly number[]) => l.flatMap((x) => Array.from({ length: E }, (_, j) => x * E + j));
  const four = K.lanes === 4;
  const pairAt = (extra = 0) =>
    f
      .local_get(P)
      .local_get(k)
      .i32.const(2 * E)
      .i32.mul()
      .i32.add()
      .i32.const(extra)
      .i32.add();
  const partAt = (ptr: number) => f.local_get(ptr).local_get(k).i32.const(E).i32.mul().i32.add();
  f.local_get(count).i32.const(-K.lanes).i32.and().local_set(vecEnd);
  forLoop(
    f,
    k,
    () => f.i32.const(0),
    () => f.local_get(vecEnd),
    K.lanes,
    () => {
      if (split) {
        pairAt();
        f.v128.load({ align: E }).local_set(u);
        pairAt(16);
        f.v128.load({ align: E }).local_set(v);
        partAt(A);
        f.local_get(u)
          .local_get(v)
          .i8x16.shuffle(bytes(four ? [0, 2, 4, 6] : [0, 2]));
        f.v128.store({ align: E });
        partAt(B);
        f.local_get(u)
          .local_get(v)
          .i8x16.shuffle(bytes(four ? [1, 3, 5, 7] : [1, 3]));
        f.v128.store({ align: E });
      } else {
        partAt(A);
        f.v128.load({ align: E }).local_set(u);
        partAt(B);
        f.v128.load({ align: E }).local_set(v);
        pairAt();
        f.local_get(u)
          .local_get(v)
          .i8x16.shuffle(bytes(four ? [0, 4, 1, 5] : [0, 2]));
        f.v128.store({ align: E });
        pairAt(16);
        f.local_get(u)
          .local_get(v)
          .i8x16.shuffle(bytes(four ? [2, 6, 3, 7] : [1, 3]));
        f.v128.store({ align: E });
      }
    },
  );
  forLoop(
    f,
    k,
    () => f.local_get(vecEnd),
    () => f.local_get(count),
    1,
    () => {
      for (const [part, ptr] of [
        [0, A],
        [1, B],
      ]) {
        if (split) {
          partAt(ptr);
          pairAt(part * E);
        } else {
          pairAt(part * E);
          partAt(ptr);
        }
        K.load(false);
        K.store(false);
      }
    },
  );
}

/**
 * The real transform of even length n = 2h from the complex transform Z of
 * its pairs (rpost: X_k = (A + B)/2 − i·w^k·(A − B)/2, A = Z_k,
 * B = conj(Z_{(h−k) mod h}), k ≤ h) and its inverse (ipre: Z'_k = (X_k + B') +
 * i·conj(w^k)·(X_k − B'), B' = conj(X_{h−k}), k < h; twice Z, whose inverse
 * transform over n is the signal's pairs; DC and Nyquist count by their real
 * parts). Arguments (src re, src im, dst re, dst im, rows, h, w re, w im),
 * w^k for k ≤ h.
 */
function emitRealPass(mb: ModuleBuilder, t: FftFloat, forward: boolean): void {
  const f = mb.addFunction(forward ? "rpost" : "ipre", new Array(8).fill("i32"), [], { export: true });
  const [sr, si, dr, di, rows, h, wr, wi] = [0, 1, 2, 3, 4, 5, 6, 7];
  const K = new Kind(f, t);
  const E = K.E;
  const N = K.ns(false);
  const r = f.addLocal("i32"),
    k = f.addLocal("i32"),
    j = f.addLocal("i32"),
    ka = f.addLocal("i32"),
    inRow = f.addLocal("i32"),
    outRow = f.addLocal("i32"),
    end = f.addLocal("i32");
  const [ar, ai, br, bi, er, ei, or, oi, tr, ti, cr, ci, half] = Array.from({ length: 13 }, () => K.local(false));
  const ld = (ptr: number, row: number, idx: number) => {
    f.local_get(ptr).local_get(row).i32.add().local_get(idx).i32.const(E).i32.mul().i32.add();
    K.load(false);
  };
  const st = (ptr: number, row: number, idx: number, v: () => void) => {
    f.local_get(ptr).local_get(row).i32.add().local_get(idx).i32.const(E).i32.mul().i32.add();
    v();
    K.store(false);
  };
  const neg = () => {
    if (t === "f32") f.f32.neg();
    else f.f64.neg();
  };
  const ldTwiddle = (ptr: number) => {
    f.local_get(ptr).local_get(k).i32.const(E).i32.mul().i32.add();
    K.load(false);
  };
  if (t === "f32") f.f32.const(0.5).local_set(half);
  else f.f64.const(0.5).local_set(half);
  // forward: rows of h in, h + 1 out; inverse: h + 1 in, h out
  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      f.local_get(r)
        .local_get(h)
        .i32.const(forward ? 0 : 1)
        .i32.add()
        .i32.mul()
        .i32.const(E)
        .i32.mul()
        .local_set(inRow);
      f.local_get(r)
        .local_get(h)
        .i32.const(forward ? 1 : 0)
        .i32.add()
        .i32.mul()
        .i32.const(E)
        .i32.mul()
        .local_set(outRow);
      f.local_get(h)
        .i32.const(forward ? 1 : 0)
        .i32.add()
        .local_set(end);
      forLoop(
        f,
        k,
        () => f.i32.const(0),
        () => f.local_get(end),
        1,
        () => {
          // j = (h - k) mod h (forward; the input has h elements), h - k (inverse)
          f.local_get(h).local_get(k).i32.sub().local_set(j);
          // ka = k mod h (forward: Z_h is Z_0)
          f.local_get(k).local_set(ka);
          if (forward) {
            f.local_get(j).local_get(h).i32.eq().if_();
            f.i32.const(0).local_set(j);
            f.end();
            f.local_get(k).local_get(h).i32.eq().if_();
            f.i32.const(0).local_set(ka);
            f.end();
          }
          ld(sr, inRow, ka);
          f.local_set(ar);
          ld(si, inRow, ka);
          f.local_set(ai);
          ld(sr, inRow, j);
          f.local_set(br);
          ld(si, inRow, j);
          neg();
          f.local_set(bi);
          if (!forward) {
            // DC (k = 0, B' = conj(X_h)): real parts only
            f.local_get(k).i32.eqz().if_();
            if (t === "f32") f.f32.const(0).local_tee(ai).local_set(bi);
            else f.f64.const(0).local_tee(ai).local_set(bi);
            f.end();
          }
          bin(f, N, "add", ar, br, er);
          bin(f, N, "add", ai, bi, ei);
          bin(f, N, "sub", ar, br, or);
          bin(f, N, "sub", ai, bi, oi);
          ldTwiddle(wr);
          f.local_set(cr);
          ldTwiddle(wi);
          f.local_set(ci);
          if (forward) {
            // t = w^k·O; X = (E − i·t)/2 = ((Er + ti)/2, (Ei − tr)/2)
            bin(f, N, "mul", or, cr, tr);
            f.local_get(tr).local_get(oi).local_get(ci);
            N.mul();
            N.sub();
            f.local_set(tr);
            bin(f, N, "mul", or, ci, ti);
            f.local_get(ti).local_get(oi).local_get(cr);
            N.mul();
            N.add();
            f.local_set(ti);
            st(dr, outRow, k, () => {
              f.local_get(er).local_get(ti);
              N.add();
              f.local_get(half);
              N.mul();
            });
            st(di, outRow, k, () => {
              f.local_get(ei).local_get(tr);
              N.sub();
              f.local_get(half);
              N.mul();
            });
          } else {
            // t = conj(w^k)·O; Z' = E + i·t = (Er − ti, Ei + tr)
            bin(f, N, "mul", or, cr, tr);
            f.local_get(tr).local_get(oi).local_get(ci);
            N.mul();
            N.add();
            f.local_set(tr);
            bin(f, N, "mul", oi, cr, ti);
            f.local_get(ti).local_get(or).local_get(ci);
            N.mul();
            N.sub();
            f.local_set(ti);
            st(dr, outRow, k, () => {
              f.local_get(er).local_get(ti);
              N.sub();
            });
            st(di, outRow, k, () => {
              f.local_get(ei).local_get(tr);
              N.add();
            });
          }
        },
      );
    },
  );
}

/**
 * `transpose(src, dst, r, c)`: dst[j·r + i] = src[i·c + j] (an r×c block of
 * one part, for batches of short rows): lanes×lanes tiles transposed in
 * registers, scalar edges.
 */
function emitTranspose(mb: ModuleBuilder, t: FftFloat): void {
  const f = mb.addFunction("transpose", ["i32", "i32", "i32", "i32"], [], { export: true });
  const [src, dst, r, c] = [0, 1, 2, 3];
  const K = new Kind(f, t);
  const E = K.E;
  const L = K.lanes;
  const i = f.addLocal("i32"),
    j = f.addLocal("i32"),
    rEnd = f.addLocal("i32"),
    cEnd = f.addLocal("i32"),
    from = f.addLocal("i32"),
    to = f.addLocal("i32");
  const v = Array.from({ length: L }, () => K.local(true));
  const w = Array.from({ length: L }, () => K.local(true));
  const bytes = (l: readonly number[]) => l.flatMap((x) => Array.from({ length: E }, (_, k) => x * E + k));
  const shuffle = (a: number, b: number, lanes: number[], d: number) => {
    f.local_get(a).local_get(b).i8x16.shuffle(bytes(lanes)).local_set(d);
  };
  /** One element: dst[j·r + i] = src[i·c + j]. */
  const one = () => {
    f.local_get(dst).local_get(j).local_get(r).i32.mul().local_get(i).i32.add().i32.const(E).i32.mul().i32.add();
    f.local_get(src).local_get(i).local_get(c).i32.mul().local_get(j).i32.add().i32.const(E).i32.mul().i32.add();
    K.load(false);
    K.store(false);
  };
  f.local_get(r).i32.const(-L).i32.and().local_set(rEnd);
  f.local_get(c).i32.const(-L).i32.and().local_set(cEnd);
  // tiles
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(rEnd),
    L,
    () => {
      forLoop(
        f,
        j,
        () => f.i32.const(0),
        () => f.local_get(cEnd),
        L,
        () => {
          f.local_get(src).local_get(i).local_get(c).i32.mul().local_get(j).i32.add().i32.const(E).i32.mul().i32.add().local_set(from);
          for (let k = 0; k < L; k++) {
            f.local_get(from);
            if (k > 0)
              f.local_get(c)
                .i32.const(k * E)
                .i32.mul()
                .i32.add();
            f.v128.load({ align: E }).local_set(v[k]);
          }
          if (L === 4) {
            shuffle(v[0], v[1], [0, 4, 1, 5], w[0]);
            shuffle(v[0], v[1], [2, 6, 3, 7], w[1]);
            shuffle(v[2], v[3], [0, 4, 1, 5], w[2]);
            shuffle(v[2], v[3], [2, 6, 3, 7], w[3]);
            shuffle(w[0], w[2], [0, 1, 4, 5], v[0]);
            shuffle(w[0], w[2], [2, 3, 6, 7], v[1]);
            shuffle(w[1], w[3], [0, 1, 4, 5], v[2]);
            shuffle(w[1], w[3], [2, 3, 6, 7], v[3]);
          } else {
            shuffle(v[0], v[1], [0, 2], w[0]);
            shuffle(v[0], v[1], [1, 3], w[1]);
            f.local_get(w[0]).local_set(v[0]);
            f.local_get(w[1]).local_set(v[1]);
          }
          f.local_get(dst).local_get(j).local_get(r).i32.mul().local_get(i).i32.add().i32.const(E).i32.mul().i32.add().local_set(to);
          for (let k = 0; k < L; k++) {
            f.local_get(to);
            if (k > 0)
              f.local_get(r)
                .i32.const(k * E)
                .i32.mul()
                .i32.add();
            f.local_get(v[k]);
            f.v128.store({ align: E });
          }
        },
      );
      // the columns past the last tile, for these rows
      forLoop(
        f,
        from,
        () => f.i32.const(0),
        () => f.i32.const(L),
        1,
        () => {
          f.local_get(i).local_get(from).i32.add().local_set(to);
          forLoop(
            f,
            j,
            () => f.local_get(cEnd),
            () => f.local_get(c),
            1,
            () => {
              f.local_get(dst).local_get(j).local_get(r).i32.mul().local_get(to).i32.add().i32.const(E).i32.mul().i32.add();
              f.local_get(src).local_get(to).local_get(c).i32.mul().local_get(j).i32.add().i32.const(E).i32.mul().i32.add();
              K.load(false);
              K.store(false);
            },
          );
        },
      );
    },
  );
  // the rows past the last tile
  forLoop(
    f,
    i,
    () => f.local_get(rEnd),
    () => f.local_get(r),
    1,
    () => {
      forLoop(
        f,
        j,
        () => f.i32.const(0),
        () => f.local_get(c),
        1,
        one,
      );
    },
  );
}

export function buildFftModule(t: FftFloat, memory: MemoryImport): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory(memory);
  emitRadix4(mb, t);
  emitRadix2(mb, t);
  emitRadixOdd(mb, t, 3);
  emitRadixOdd(mb, t, 5);
  emitCmul(mb, t);
  emitScale(mb, t);
  emitInterleave(mb, t, true);
  emitInterleave(mb, t, false);
  emitRealPass(mb, t, true);
  emitRealPass(mb, t, false);
  emitTranspose(mb, t);
  return mb.toBytes();
}
