// fft_real on the webgpu backend: complex values as vec2<f32> in scratch
// buffers, transformed one axis at a time in place of a strided line (no
// transposes: an axis of length n with `inner` elements after it is read at
// stride `inner`). Lengths 2^a·3^b·5^c run Stockham passes (radix 4, 2, 3, 5:
// one dispatch each, ping-pong buffers, autosorting so no bit reversal);
// other lengths run Bluestein's chirp-z convolution through power-of-two
// passes of the same kernels. RFFT transforms the zero-extended signal and
// keeps the first n/2 + 1 bins of the last axis; IRFFT extends the half
// spectrum by Hermitian symmetry before the last axis (as the reference
// kernel, src/backend/js/fft.ts). IFFT and IRFFT scale by 1/N when the parts
// are written out. Twiddle and chirp tables are computed in float64 on the
// host (WGSL's sin and cos promise only 2^-11 absolute error) and cached as
// buffers per length; pass parameters come from small cached buffers, so
// every pass of one radix and direction shares a pipeline.
import { ShapedArray } from "../../core/aval.ts";
import { prod } from "../../core/shape.ts";
import type { FftParams } from "../../lax/fft.ts";
import { dft } from "../js/fft.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { WORKGROUP } from "./wgsl.ts";

const CMUL = "fn cmul(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }";

function shader(bindings: [string, string, boolean][], body: string[], helpers: string[] = []): string {
  return [
    ...bindings.map(
      ([name, type, write], i) => `@group(0) @binding(${i}) var<storage, ${write ? "read_write" : "read"}> ${name}: array<${type}>;`,
    ),
    ...helpers,
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) g: vec3u) {",
    `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
    "  if (p >= prm[0]) { return; }",
    ...body.map((l) => `  ${l}`),
    "}",
  ].join("\n");
}

const C = "vec2<f32>";
const f32Bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0];
const lit = (x: number) => {
  const s = Math.fround(x).toString();
  return /[.e]/.test(s) ? s : `${s}.0`;
};

/**
 * One Stockham pass of radix r (dir -1 forward, +1 inverse), on lines of
 * length n at stride `inner`. prm: [count, n, ns, inner], count =
 * lines · n / r invocations; ns is the product of the radices before.
 */
function passCode(r: number, dir: number): string {
  const key = r * dir;
  let code = passCodes.get(key);
  if (!code) passCodes.set(key, (code = emitPass(r, dir)));
  return code;
}
const passCodes = new Map<number, string>();

function emitPass(r: number, dir: number): string {
  const body = [
    "let n = prm[1]; let ns = prm[2]; let inner = prm[3];",
    `let q = n / ${r}u;`,
    "let i = p % inner; let t = p / inner; let j = t % q; let o = t / q;",
    "let base = o * n * inner + i;",
    "let jm = j % ns;",
    `let step = n / (ns * ${r}u);`,
    `let v0 = src[base + j * inner];`,
  ];
  for (let k = 1; k < r; k++) body.push(`let v${k} = cmul(src[base + (j + ${k}u * q) * inner], tw(${k}u * jm * step));`);
  // The radix-r DFT with exact constants where the root is ±1 or ±i.
  for (let k = 0; k < r; k++) {
    const terms: string[] = [];
    for (let m = 0; m < r; m++) {
      const a = (2 * Math.PI * ((m * k) % r)) / r;
      let c = Math.cos(a);
      let s = dir * Math.sin(a);
      if (Math.abs(c) < 1e-12) c = 0;
      if (Math.abs(s) < 1e-12) s = 0;
      if (s === 0) terms.push(c > 0 ? `v${m}` : `-v${m}`);
      else if (c === 0) terms.push(s > 0 ? `${C}(-v${m}.y, v${m}.x)` : `${C}(v${m}.y, -v${m}.x)`);
      else terms.push(`cmul(v${m}, ${C}(${lit(c)}, ${lit(s)}))`);
    }
    body.push(`let y${k} = ${terms.join(" + ")};`);
  }
  body.push(`let d = (j / ns) * ns * ${r}u + jm;`);
  for (let k = 0; k < r; k++) body.push(`dst[base + (d + ${k}u * ns) * inner] = y${k};`);
  const tw = `fn tw(k: u32) -> ${C} { let w = tws[k]; return ${C}(w.x, ${dir < 0 ? "w.y" : "-w.y"}); }`;
  return shader(
    [
      ["prm", "u32", false],
      ["tws", C, false],
      ["src", C, false],
      ["dst", C, true],
    ],
    body,
    [CMUL, tw],
  );
}

/** Complex values from the parts (im absent: zero). prm: [count]. */
const loadCode = (withIm: boolean) =>
  shader(
    [["prm", "u32", false], ["re", "f32", false], ...(withIm ? [["im", "f32", false] as [string, string, boolean]] : []), ["dst", C, true]],
    [`dst[p] = ${C}(re[p], ${withIm ? "im[p]" : "0.0"});`],
  );

/** The parts of rows of width w from rows of width ws ≥ w, times a scale. prm: [count, w, ws, scale bits]. */
const storeCode = (withIm: boolean) =>
  shader(
    [["prm", "u32", false], ["src", C, false], ["re", "f32", true], ...(withIm ? [["im", "f32", true] as [string, string, boolean]] : [])],
    [
      "let w = prm[1]; let s = bitcast<f32>(prm[3]);",
      "let v = src[(p / w) * prm[2] + p % w] * s;",
      "re[p] = v.x;",
      ...(withIm ? ["im[p] = v.y;"] : []),
    ],
  );

/** Rows of m half-spectrum bins extended to n by Hermitian symmetry. prm: [count, n, m]. */
const EXTEND = shader(
  [
    ["prm", "u32", false],
    ["src", C, false],
    ["dst", C, true],
  ],
  [
    "let n = prm[1]; let m = prm[2];",
    "let row = p / n; let j = p % n;",
    `if (j < m) { dst[p] = src[row * m + j]; } else { let v = src[row * m + n - j]; dst[p] = ${C}(v.x, -v.y); }`,
  ],
);

/** Bluestein's input: rows (one per line) of M, the line times the chirp, zero-padded. prm: [count, n, inner, M]. */
const BLUE_PRE = shader(
  [
    ["prm", "u32", false],
    ["chirp", C, false],
    ["src", C, false],
    ["dst", C, true],
  ],
  [
    "let n = prm[1]; let inner = prm[2]; let M = prm[3];",
    "let k = p % M; let line = p / M;",
    "let o = line / inner; let i = line % inner;",
    `if (k < n) { dst[p] = cmul(src[o * n * inner + k * inner + i], chirp[k]); } else { dst[p] = ${C}(0.0, 0.0); }`,
  ],
  [CMUL],
);

/** Pointwise product with the chirp's spectrum (one row of M, scaled by 1/M). prm: [count, M]. */
const BLUE_MUL = shader(
  [
    ["prm", "u32", false],
    ["spec", C, false],
    ["src", C, false],
    ["dst", C, true],
  ],
  ["dst[p] = cmul(src[p], spec[p % prm[1]]);"],
  [CMUL],
);

/** The line back at stride inner: the convolution's first n points times the chirp. prm: [count, n, inner, M]. */
const BLUE_POST = shader(
  [
    ["prm", "u32", false],
    ["chirp", C, false],
    ["src", C, false],
    ["dst", C, true],
  ],
  [
    "let n = prm[1]; let inner = prm[2]; let M = prm[3];",
    "let i = p % inner; let t = p / inner; let k = t % n; let o = t / n;",
    "dst[p] = cmul(src[(o * inner + i) * M + k], chirp[k]);",
  ],
  [CMUL],
);

/** Radices of a Stockham plan (4s first), or null where n has another prime factor. */
function radices(n: number): number[] | null {
  const out: number[] = [];
  for (const r of [4, 2, 3, 5])
    while (n % r === 0) {
      out.push(r);
      n /= r;
    }
  return n === 1 ? out : null;
}

/** Host tables uploaded once per backend (twiddles, chirps), as vec2<f32> buffers. */
const tables = new WeakMap<WebGpuBackend, Map<string, GpuBuf>>();
function table(b: WebGpuBackend, key: string, make: () => [Float64Array, Float64Array]): GpuBuf {
  let m = tables.get(b);
  if (!m) tables.set(b, (m = new Map()));
  let buf = m.get(key);
  if (!buf) {
    const [re, im] = make();
    const data = new Float32Array(2 * re.length);
    re.forEach((v, k) => {
      data[2 * k] = v;
      data[2 * k + 1] = im[k];
    });
    buf = b.fromHost(data, new ShapedArray([data.length], "float32"));
    m.set(key, buf);
  }
  return buf;
}

/** exp(-2πik/n), k < n. */
const twiddles = (b: WebGpuBackend, n: number) =>
  table(b, `tw${n}`, () => {
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      re[k] = Math.cos(a);
      im[k] = -Math.sin(a);
    }
    return [re, im];
  });

/** Bluestein's chirp exp(dir·iπk²/n), k < n. */
function chirpF64(n: number, dir: number): [Float64Array, Float64Array] {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k² mod 2n keeps the angle small (exact for n < 2^26).
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    re[k] = Math.cos(a);
    im[k] = dir * Math.sin(a);
  }
  return [re, im];
}

/** The transform of the conjugate chirp wrapped to length M, over M (the convolution's scale folded in). */
function spectrumF64(n: number, dir: number, M: number): [Float64Array, Float64Array] {
  const [wr, wi] = chirpF64(n, dir);
  const re = new Float64Array(M);
  const im = new Float64Array(M);
  for (let k = 0; k < n; k++) {
    re[k] = wr[k];
    im[k] = -wi[k];
    if (k > 0) {
      re[M - k] = wr[k];
      im[M - k] = -wi[k];
    }
  }
  dft(re, im, -1);
  for (let k = 0; k < M; k++) {
    re[k] /= M;
    im[k] /= M;
  }
  return [re, im];
}

/** Two complex scratch buffers and which one holds the data. */
interface Work {
  cur: GpuBuf;
  other: GpuBuf;
}
const flip = (w: Work) => {
  [w.cur, w.other] = [w.other, w.cur];
};

/** Stockham passes over lines of length n (radices only 2, 3, 4, 5) at stride inner; the result ends in w.cur. */
function stockham(b: WebGpuBackend, w: Work, lines: number, n: number, inner: number, dir: number): void {
  const tw = twiddles(b, n);
  let ns = 1;
  for (const r of radices(n)!) {
    const count = (lines * n) / r;
    b.dispatch(passCode(r, dir), count, [b.constWords(count, n, ns, inner), tw, w.cur, w.other]);
    flip(w);
    ns *= r;
  }
}

/** The (unscaled) DFT of every line of `shape` along `axis`, in w.cur. */
function alongAxis(b: WebGpuBackend, w: Work, shape: readonly number[], axis: number, dir: number): void {
  const n = shape[axis];
  if (n <= 1) return;
  const inner = prod(shape.slice(axis + 1));
  const lines = prod(shape) / n;
  if (radices(n)) return stockham(b, w, lines, n, inner, dir);
  let M = 1;
  while (M < 2 * n - 1) M *= 2;
  const chirp = table(b, `chirp${n},${dir}`, () => chirpF64(n, dir));
  const spec = table(b, `spec${n},${dir}`, () => spectrumF64(n, dir, M));
  const size = lines * M;
  const conv: Work = { cur: b.allocWords(2 * size), other: b.allocWords(2 * size) };
  b.dispatch(BLUE_PRE, size, [b.constWords(size, n, inner, M), chirp, w.cur, conv.cur]);
  stockham(b, conv, lines, M, 1, -1);
  b.dispatch(BLUE_MUL, size, [b.constWords(size, M), spec, conv.cur, conv.other]);
  flip(conv);
  stockham(b, conv, lines, M, 1, 1);
  const count = lines * n;
  b.dispatch(BLUE_POST, count, [b.constWords(count, n, inner, M), chirp, conv.cur, w.other]);
  flip(w);
  b.freeWords(conv.cur);
  b.freeWords(conv.other);
}

/** fft_real's outputs (re, im; y alone for IRFFT) from its inputs (re, im; x alone for RFFT). */
export function runFft(b: WebGpuBackend, ins: GpuBuf[], inAvals: ShapedArray[], p: FftParams, outAvals: ShapedArray[]): GpuBuf[] {
  const outs = outAvals.map((a) => b.alloc(a));
  const L = p.fft_lengths;
  const k = L.length;
  const x = inAvals[0];
  const first = x.ndim - k;
  const N = prod(L);
  const inverse = p.fft_type === "IFFT" || p.fft_type === "IRFFT";
  const dir = inverse ? 1 : -1;
  // The complex shape transformed (IRFFT: the spectrum extended to n on the last axis before the last transform).
  let shape = [...x.shape];
  if (x.size === 0 || outAvals[0].size === 0) return outs;
  const words = 2 * Math.max(x.size, outAvals[0].size);
  const w: Work = { cur: b.allocWords(words), other: b.allocWords(words) };
  b.dispatch(loadCode(ins.length === 2), x.size, [b.constWords(x.size), ...ins, w.cur]);
  if (p.fft_type === "IRFFT") {
    for (let d = first; d < x.ndim - 1; d++) alongAxis(b, w, shape, d, dir);
    const m = shape[x.ndim - 1];
    const n = L[k - 1];
    shape = [...shape.slice(0, -1), n];
    const count = prod(shape);
    b.dispatch(EXTEND, count, [b.constWords(count, n, m), w.cur, w.other]);
    flip(w);
    alongAxis(b, w, shape, x.ndim - 1, dir);
  } else for (let d = first; d < x.ndim; d++) alongAxis(b, w, shape, d, dir);
  const o = outAvals[0];
  const width = o.shape[o.ndim - 1] ?? 1;
  const scale = inverse ? 1 / N : 1;
  b.dispatch(storeCode(outs.length === 2), o.size, [
    b.constWords(o.size, width, shape[shape.length - 1] ?? 1, f32Bits(scale)),
    w.cur,
    ...outs,
  ]);
  b.freeWords(w.cur);
  b.freeWords(w.other);
  return outs;
}
