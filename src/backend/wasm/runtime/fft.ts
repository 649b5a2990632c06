// fft_real on the wasm backend: the Stockham passes of codegen/fft.ts over
// the heap, one axis at a time (the innermost first for RFFT, last for
// IRFFT, as the reference kernel), in the operands' own precision (f32 for
// complex64, f64 for complex128). Lengths 2^a·3^b·5^c run radix-4/3/5/2
// passes; others run Bluestein's chirp-z convolution through power-of-two
// transforms of the same kernel, with the chirp's transform computed in
// float64. Even-length RFFT / IRFFT run a complex transform of half the
// length on the signal's pairs. Inverse transforms are forward ones over
// swapped real and imaginary parts, then scaled by 1/N. Twiddle and chirp
// tables live in the heap, cached per length. Big passes are split over the
// worker threads (by rows, else by butterfly columns).
import type { ShapedArray } from "../../../core/aval.ts";
import { type Params, type Primitive, paramsOf } from "../../../core/primitive.ts";
import { fftRealP } from "../../../lax/fft.ts";
import { dft } from "../../js/fft.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { CMUL_ARGS, type FftFloat, buildFftModule } from "../codegen/fft.ts";
import { wasmApi } from "../emitter/index.ts";
import type { PoolFunction } from "../threads/pool.ts";

type Fn = (...args: number[]) => void;

interface Kernels {
  radix4: Fn;
  radix2: Fn;
  radix3: Fn;
  radix5: Fn;
  cmul: Fn;
  scale: (ptr: number, count: number, factor: number) => void;
  deinterleave: Fn;
  interleave: Fn;
  rpost: Fn;
  ipre: Fn;
  transpose: Fn;
  pooled: Record<"radix4" | "radix2" | "radix3" | "radix5" | "cmul", PoolFunction> | null;
}

const kernels = new Map<FftFloat, Kernels>();

function kernelsFor(b: WasmBackend, t: FftFloat): Kernels {
  let k = kernels.get(t);
  if (k) return k;
  const api = wasmApi();
  const module = new api.Module(buildFftModule(t, b.heap.memoryImport()));
  const e = new api.Instance(module, { env: { memory: b.heap.memory } }).exports as unknown as Omit<Kernels, "pooled">;
  const pool = b.pool;
  const pooled = pool
    ? {
        radix4: pool.register(module, "radix4", e.radix4),
        radix2: pool.register(module, "radix2", e.radix2),
        radix3: pool.register(module, "radix3", e.radix3),
        radix5: pool.register(module, "radix5", e.radix5),
        cmul: pool.register(module, "cmul", e.cmul),
      }
    : null;
  k = { ...e, pooled };
  kernels.set(t, k);
  return k;
}

const bytesOf = (t: FftFloat) => (t === "f32" ? 4 : 8);

/** Heap tables, cached per (type, kind, length); they stay allocated until the cache is cleared. */
const tables = new Map<string, { re: number; im: number; bytes: number }>();
let tableBytes = 0;
/** Tables kept at most, checked before each transform (never during one: its tables are in use). */
const MAX_TABLE_BYTES = 64 << 20;

function table(b: WasmBackend, t: FftFloat, key: string, make: () => [Float64Array, Float64Array]): { re: number; im: number } {
  const full = `${t}|${key}`;
  const hit = tables.get(full);
  if (hit) return hit;
  const [re, im] = make();
  const bytes = re.length * bytesOf(t);
  const e = { re: b.heap.alloc(bytes), im: b.heap.alloc(bytes), bytes };
  const view = (p: number) => (t === "f32" ? b.heap.f32 : b.heap.f64).subarray(p / bytesOf(t), p / bytesOf(t) + re.length);
  view(e.re).set(re);
  view(e.im).set(im);
  tables.set(full, e);
  tableBytes += 2 * bytes;
  return e;
}

/** Frees the cached twiddle and chirp tables (the backend's clearCaches). */
export function clearFftTables(b: WasmBackend): void {
  for (const v of tables.values()) {
    b.heap.release(v.re, v.bytes);
    b.heap.release(v.im, v.bytes);
  }
  tables.clear();
  tableBytes = 0;
}

/** A radix-r pass's twiddles: w^(jp) for j = 1 … r − 1 and p < n/r, w = exp(-2πi/n), as [j][p]. */
function twiddles(b: WasmBackend, t: FftFloat, n: number, radix: number) {
  return table(b, t, `tw${radix}:${n}`, () => {
    const m = n / radix;
    const re = new Float64Array((radix - 1) * m);
    const im = new Float64Array((radix - 1) * m);
    for (let j = 1; j < radix; j++)
      for (let p = 0; p < m; p++) {
        const a = (2 * Math.PI * ((j * p) % n)) / n;
        re[(j - 1) * m + p] = Math.cos(a);
        im[(j - 1) * m + p] = -Math.sin(a);
      }
    return [re, im];
  });
}

/** w^k = exp(-2πik/n) for k ≤ n/2 (the real transforms' tables), exact at the quarter and half turn. */
function halfTwiddles(b: WasmBackend, t: FftFloat, n: number) {
  return table(b, t, `half${n}`, () => {
    const h = n >> 1;
    const re = new Float64Array(h + 1);
    const im = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      const a = (2 * Math.PI * k) / n;
      re[k] = 4 * k === n ? 0 : Math.cos(a);
      im[k] = k === h ? 0 : -Math.sin(a);
    }
    return [re, im];
  });
}

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(n));

/** Bluestein's chirp w_k = exp(-iπk²/n), k < n. */
function chirp(b: WasmBackend, t: FftFloat, n: number) {
  return table(b, t, `chirp${n}`, () => chirpF64(n));
}
function chirpF64(n: number): [Float64Array, Float64Array] {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle small (exact for n < 2^26).
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    re[k] = Math.cos(a);
    im[k] = -Math.sin(a);
  }
  return [re, im];
}

/** The transform of the conjugate chirp wrapped to length m, over m (the convolution's scale folded in). */
function chirpSpectrum(b: WasmBackend, t: FftFloat, n: number, m: number) {
  return table(b, t, `spec${n}`, () => {
    const [wr, wi] = chirpF64(n);
    const re = new Float64Array(m);
    const im = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      re[k] = wr[k];
      im[k] = -wi[k];
      if (k > 0) {
        re[m - k] = wr[k];
        im[m - k] = -wi[k];
      }
    }
    dft(re, im, -1);
    for (let k = 0; k < m; k++) {
      re[k] /= m;
      im[k] /= m;
    }
    return [re, im];
  });
}

/** Real and imaginary parts' byte addresses. */
interface Cx {
  re: number;
  im: number;
}
const swap = (c: Cx): Cx => ({ re: c.im, im: c.re });
const same = (a: Cx, b: Cx) => a.re === b.re && a.im === b.im;

/** Elements per pass below which a pass stays on the calling thread (a pass of 2^19 complex64 takes ~0.2 ms). */
const PARALLEL_ELEMENTS = 1 << 19;

/**
 * Runs one pass over `rows` rows: split over the pool's threads by rows when
 * there are enough, else by `cols` (the pass's independent columns, whose
 * range is arguments `colArg`, `colArg + 1`).
 */
function runPass(
  b: WasmBackend,
  fn: Fn,
  pooled: PoolFunction | null,
  args: number[],
  rowsArg: number,
  ptrArgs: number[],
  rowBytes: number,
  colArg: number,
  elements: number,
): void {
  const pool = pooled ? b.pool : null;
  const threads = pool?.threads ?? 1;
  if (!pool || threads < 2 || elements < PARALLEL_ELEMENTS) return fn(...args);
  const rows = args[rowsArg];
  const chunks: number[] = [];
  if (rows >= threads) {
    const parts = Math.min(rows, 4 * threads);
    for (let i = 0; i < parts; i++) {
      const r0 = Math.floor((i * rows) / parts),
        r1 = Math.floor(((i + 1) * rows) / parts);
      const a = [...args];
      for (const j of ptrArgs) a[j] += r0 * rowBytes;
      a[rowsArg] = r1 - r0;
      chunks.push(...a);
    }
  } else {
    const c0 = args[colArg],
      c1 = args[colArg + 1];
    const parts = Math.min(c1 - c0, 4 * threads);
    if (parts < 2) return fn(...args);
    for (let i = 0; i < parts; i++) {
      const a = [...args];
      a[colArg] = c0 + Math.floor((i * (c1 - c0)) / parts);
      a[colArg + 1] = c0 + Math.floor(((i + 1) * (c1 - c0)) / parts);
      chunks.push(...a);
    }
  }
  pool.parallel(pooled!, args.length, chunks);
}

/**
 * The radices of the passes for n = 2^a·3^b·5^c: fours, threes, fives, then
 * a two (the last pass has no twiddles, so radix2 is only ever last); null
 * for other n.
 */
function radices(n: number): number[] | null {
  const out: number[] = [];
  let rest = n;
  for (; rest % 4 === 0; rest /= 4) out.push(4);
  const two = rest % 2 === 0;
  if (two) rest /= 2;
  for (const r of [3, 5]) for (; rest % r === 0; rest /= r) out.push(r);
  if (rest !== 1) return null;
  if (two) out.push(2);
  return out;
}

/**
 * Forward transforms of length n (radices(n) not null) along rows of n·s
 * elements (s interleaved transforms per row): src -> dst, with `work` (the
 * same size; src may be dst, never work).
 */
function smoothAxis(b: WasmBackend, t: FftFloat, src: Cx, dst: Cx, work: Cx, rows: number, n: number, s: number, passes: number[]): void {
  const K = kernelsFor(b, t);
  const E = bytesOf(t);
  const rowLen = n * s;
  const k = passes.length;
  if (k === 0) {
    if (!same(src, dst)) copy(b, src, dst, rows * rowLen * E);
    return;
  }
  const target = (i: number): Cx => ((k - 1 - i) % 2 === 0 ? dst : work);
  let from = src;
  if (same(src, dst) && same(target(0), dst)) {
    copy(b, src, work, rows * rowLen * E);
    from = work;
  }
  let stride = s;
  let nc = n;
  passes.forEach((radix, i) => {
    const to = target(i);
    if (radix === 2) {
      const args = [from.re, from.im, to.re, to.im, stride, 0, stride, rows, rowLen];
      runPass(b, K.radix2, K.pooled?.radix2 ?? null, args, 7, [0, 1, 2, 3], rowLen * E, 5, rows * rowLen);
    } else {
      const tw = twiddles(b, t, nc, radix);
      const args = [from.re, from.im, to.re, to.im, nc, stride, 0, nc / radix, rows, rowLen, tw.re, tw.im];
      const fn = radix === 4 ? "radix4" : radix === 3 ? "radix3" : "radix5";
      runPass(b, K[fn], K.pooled?.[fn] ?? null, args, 8, [0, 1, 2, 3], rowLen * E, 6, rows * rowLen);
    }
    stride *= radix;
    nc /= radix;
    from = to;
  });
}

function copy(b: WasmBackend, src: Cx, dst: Cx, bytes: number): void {
  b.heap.copy(dst.re, src.re, bytes);
  b.heap.copy(dst.im, src.im, bytes);
}

/** Allocates complex scratch of `count` elements; `release` frees everything taken. */
class Scratch {
  private blocks: [number, number][] = [];
  constructor(
    private readonly b: WasmBackend,
    private readonly E: number,
  ) {}
  take(count: number): Cx {
    const bytes = Math.max(1, count) * this.E;
    const re = this.b.heap.alloc(bytes);
    const im = this.b.heap.alloc(bytes);
    this.blocks.push([re, bytes], [im, bytes]);
    return { re, im };
  }
  /** How many blocks are taken (for releaseTo). */
  mark(): number {
    return this.blocks.length;
  }
  /** Frees the blocks taken since `mark`. */
  releaseTo(mark: number): void {
    for (const [p, n] of this.blocks.splice(mark)) this.b.heap.release(p, n);
  }
  release(): void {
    this.releaseTo(0);
  }
}

/** Forward transforms of any length n along rows of n·s elements: src -> dst (src may be dst). */
function forwardAxis(b: WasmBackend, t: FftFloat, scratch: Scratch, src: Cx, dst: Cx, rows: number, n: number, s: number): void {
  const passes = radices(n);
  if (passes) {
    const work = scratch.take(rows * n * s);
    smoothAxis(b, t, src, dst, work, rows, n, s, passes);
    return;
  }
  // Bluestein: X_k = w_k Σ_j (x_j w_j) conj(w_{k-j}), a circular convolution of length m.
  const m = nextPow2(2 * n - 1);
  const K = kernelsFor(b, t);
  const E = bytesOf(t);
  const w = chirp(b, t, n);
  const spec = chirpSpectrum(b, t, n, m);
  const P = scratch.take(rows * m * s);
  const Q = scratch.take(rows * m * s);
  const cmul = (x: Cx, y: Cx, tw: Cx, inLen: number, outLen: number, nCopy: number) => {
    const args = [x.re, x.im, y.re, y.im, tw.re, tw.im, rows, inLen, outLen, nCopy, s];
    if (args.length !== CMUL_ARGS) throw new Error("internal: cmul arguments");
    const pool = K.pooled && b.pool;
    const elements = rows * outLen * s;
    if (!pool || pool.threads < 2 || elements < PARALLEL_ELEMENTS || rows < 2) return K.cmul(...args);
    // by rows only (cmul's inner loops are per row)
    const parts = Math.min(rows, 4 * pool.threads);
    const chunks: number[] = [];
    for (let i = 0; i < parts; i++) {
      const r0 = Math.floor((i * rows) / parts),
        r1 = Math.floor(((i + 1) * rows) / parts);
      chunks.push(
        x.re + r0 * inLen * s * E,
        x.im + r0 * inLen * s * E,
        y.re + r0 * outLen * s * E,
        y.im + r0 * outLen * s * E,
        tw.re,
        tw.im,
        r1 - r0,
        inLen,
        outLen,
        nCopy,
        s,
      );
    }
    pool.parallel(K.pooled!.cmul, CMUL_ARGS, chunks);
  };
  cmul(src, P, w, n, m, n);
  const mPasses = radices(m)!;
  smoothAxis(b, t, P, P, Q, rows, m, s, mPasses);
  cmul(P, P, spec, m, m, m);
  // The inverse (unscaled: 1/m is in the spectrum) as a forward transform of swapped parts.
  smoothAxis(b, t, swap(P), swap(P), swap(Q), rows, m, s, mPasses);
  cmul(P, dst, w, m, n, n);
}

/** Elements of one block of a batch of short rows (both parts fit in L2). */
const BLOCK_ELEMENTS = 1 << 15;

/** A transform along axis `axis` of `shape` (inverse unscaled). */
function axis(
  b: WasmBackend,
  t: FftFloat,
  scratch: Scratch,
  src: Cx,
  dst: Cx,
  shape: readonly number[],
  ax: number,
  inverse: boolean,
): void {
  const n = shape[ax];
  const s = shape.slice(ax + 1).reduce((a, c) => a * c, 1);
  const rows = shape.slice(0, ax).reduce((a, c) => a * c, 1);
  if (inverse) transformRows(b, t, scratch, swap(src), swap(dst), rows, n, s);
  else transformRows(b, t, scratch, src, dst, rows, n, s);
}

/** Forward transforms of `rows` rows of n·s elements; many short rows (s = 1) go in transposed blocks. */
function transformRows(b: WasmBackend, t: FftFloat, scratch: Scratch, src: Cx, dst: Cx, rows: number, n: number, s: number): void {
  const lanes = 16 / bytesOf(t);
  // Blocks of rows transposed so that the rows are the interleaved transforms
  // (every pass SIMD, no per-butterfly overhead, in cache), and back.
  // Long smooth rows keep the per-row passes (the first one SIMD over butterflies): faster from n = 256.
  const smooth = radices(n) !== null;
  const block = Math.floor(BLOCK_ELEMENTS / (smooth ? n : 2 * nextPow2(2 * n - 1)) / lanes) * lanes;
  if (s === 1 && n > 1 && (!smooth || n < 256) && rows >= 2 * lanes && block >= lanes)
    return blocked(b, t, scratch, src, dst, rows, n, block);
  forwardAxis(b, t, scratch, src, dst, rows, n, s);
}

/** Rows of n (s = 1) in blocks of `block` rows: each transposed to n × block, transformed with s = block, transposed back. */
function blocked(b: WasmBackend, t: FftFloat, scratch: Scratch, src: Cx, dst: Cx, rows: number, n: number, block: number): void {
  const K = kernelsFor(b, t);
  const E = bytesOf(t);
  const T = scratch.take(block * n);
  for (let r0 = 0; r0 < rows; r0 += block) {
    const bl = Math.min(block, rows - r0);
    const x = { re: src.re + r0 * n * E, im: src.im + r0 * n * E };
    const y = { re: dst.re + r0 * n * E, im: dst.im + r0 * n * E };
    K.transpose(x.re, T.re, bl, n);
    K.transpose(x.im, T.im, bl, n);
    const mark = scratch.mark();
    forwardAxis(b, t, scratch, T, T, 1, n, bl);
    scratch.releaseTo(mark);
    K.transpose(T.re, y.re, n, bl);
    K.transpose(T.im, y.im, n, bl);
  }
}

const FLOATS: Record<string, FftFloat> = { float32: "f32", float64: "f64" };

export function runFft(
  b: WasmBackend,
  prim: Primitive,
  inputs: WasmBuffer[],
  inAvals: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
): WasmBuffer[] | null {
  const p = paramsOf([fftRealP], prim, params);
  const a = inAvals[0];
  const t = FLOATS[a.dtype];
  const L = p.fft_lengths;
  const k = L.length;
  const n = L[k - 1];
  const m = Math.floor(n / 2) + 1;
  if (t === undefined || a.size === 0 || outAvals[0].size === 0 || k === 0) return null;
  if (p.fft_type === "IRFFT" && a.shape[a.ndim - 1] !== m) return null;
  if (tableBytes > MAX_TABLE_BYTES) clearFftTables(b);
  const E = bytesOf(t);
  const first = a.ndim - k;
  const ptrs = inputs.map((x) => x.ptr);
  const outs = outAvals.map((o) => b.alloc(o));
  const outPtrs = outs.map((o) => o.ptr);
  const scratch = new Scratch(b, E);
  try {
    const shape = [...a.shape];
    if (p.fft_type === "FFT" || p.fft_type === "IFFT") {
      const inv = p.fft_type === "IFFT";
      const out = { re: outPtrs[0], im: outPtrs[1] };
      let src: Cx = { re: ptrs[0], im: ptrs[1] };
      for (let d = first; d < a.ndim; d++) {
        axis(b, t, scratch, src, out, shape, d, inv);
        src = out;
      }
      if (inv) scaleBoth(b, t, out, a.size, L);
    } else if (p.fft_type === "RFFT") {
      const out = { re: outPtrs[0], im: outPtrs[1] };
      const rows = a.size / n;
      if (n % 2 === 0) {
        // The signal's pairs as a complex row of n/2, transformed, then untangled into the m bins.
        const h = n / 2;
        const K = kernelsFor(b, t);
        const z = scratch.take(rows * h);
        K.deinterleave(ptrs[0], z.re, z.im, rows * h);
        transformRows(b, t, scratch, z, z, rows, h, 1);
        const w = halfTwiddles(b, t, n);
        K.rpost(z.re, z.im, out.re, out.im, rows, h, w.re, w.im);
      } else {
        // The innermost axis in full on (x, 0), cut to its m bins.
        const zeros = scratch.take(a.size);
        b.heap.u8.fill(0, zeros.im, zeros.im + a.size * E);
        const full = scratch.take(a.size);
        axis(b, t, scratch, { re: ptrs[0], im: zeros.im }, full, shape, a.ndim - 1, false);
        for (let r = 0; r < rows; r++) {
          b.heap.copy(out.re + r * m * E, full.re + r * n * E, m * E);
          b.heap.copy(out.im + r * m * E, full.im + r * n * E, m * E);
        }
      }
      shape[a.ndim - 1] = m;
      for (let d = first; d < a.ndim - 1; d++) axis(b, t, scratch, out, out, shape, d, false);
    } else {
      // IRFFT: the outer axes on the half spectrum, then its Hermitian extension to n, inverted; the real part.
      const rows = a.size / m;
      const half = scratch.take(a.size);
      let src: Cx = { re: ptrs[0], im: ptrs[1] };
      for (let d = first; d < a.ndim - 1; d++) {
        axis(b, t, scratch, src, half, shape, d, true);
        src = half;
      }
      if (n % 2 === 0) {
        // The pairs' spectrum (twice it) from the half spectrum, inverted over n/2, interleaved.
        const h = n / 2;
        const K = kernelsFor(b, t);
        const w = halfTwiddles(b, t, n);
        const z = scratch.take(rows * h);
        K.ipre(src.re, src.im, z.re, z.im, rows, h, w.re, w.im);
        transformRows(b, t, scratch, swap(z), swap(z), rows, h, 1);
        K.interleave(z.re, z.im, outPtrs[0], rows * h);
      } else {
        const ext = scratch.take(rows * n);
        hermitian(b, t, src, ext, rows, m, n);
        const res = scratch.take(rows * n);
        shape[a.ndim - 1] = n;
        axis(b, t, scratch, ext, { re: outPtrs[0], im: res.im }, shape, a.ndim - 1, true);
      }
      scaleBoth(b, t, { re: outPtrs[0], im: -1 }, rows * n, L);
    }
  } finally {
    scratch.release();
  }
  return outs;
}

/** Multiplies by 1/prod(L) (the inverse transforms' scale); im = -1 for none. */
function scaleBoth(b: WasmBackend, t: FftFloat, c: Cx, count: number, L: readonly number[]): void {
  const N = L.reduce((x, y) => x * y, 1);
  const K = kernelsFor(b, t);
  K.scale(c.re, count, 1 / N);
  if (c.im >= 0) K.scale(c.im, count, 1 / N);
}

/** Rows of the half spectrum (m bins) extended to n by Hermitian symmetry: bin j ≥ m is conj(bin n - j). */
function hermitian(b: WasmBackend, t: FftFloat, src: Cx, dst: Cx, rows: number, m: number, n: number): void {
  const E = bytesOf(t);
  const v = t === "f32" ? b.heap.f32 : b.heap.f64;
  const sr = src.re / E,
    si = src.im / E,
    dr = dst.re / E,
    di = dst.im / E;
  for (let r = 0; r < rows; r++) {
    const so = r * m,
      dO = r * n;
    b.heap.copy(dst.re + dO * E, src.re + so * E, m * E);
    b.heap.copy(dst.im + dO * E, src.im + so * E, m * E);
    for (let j = m; j < n; j++) {
      v[dr + dO + j] = v[sr + so + n - j];
      v[di + dO + j] = -v[si + so + n - j];
    }
  }
}

export const isFft = (name: string): boolean => name === "fft_real";
