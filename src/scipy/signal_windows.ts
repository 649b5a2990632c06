// scipy.signal.get_window for the windows of the spectral functions: the
// named windows (aliases as SciPy's), parameters through a tuple
// (["kaiser", 8] here), periodic ("fftbins") by default. Computed in float64
// as SciPy does; the caller casts.
import { ValueError } from "../core/errors.ts";
import { warn } from "../core/warn.ts";

type Win = (M: number, ...p: number[]) => number[];

const range = (M: number) => Array.from({ length: M }, (_, i) => i);
const linspace = (a: number, b: number, M: number) => range(M).map((i) => (M === 1 ? a : a + ((b - a) * i) / (M - 1)));

function generalCosine(M: number, a: number[]): number[] {
  return linspace(-Math.PI, Math.PI, M).map((f) => a.reduce((s, c, k) => s + c * Math.cos(k * f), 0));
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));

function triang(M: number): number[] {
  const h = range(Math.floor((M + 1) / 2)).map((i) => i + 1);
  if (M % 2 === 0) {
    const w = h.map((n) => (2 * n - 1) / M);
    return [...w, ...[...w].reverse()];
  }
  const w = h.map((n) => (2 * n) / (M + 1));
  return [...w, ...w.slice(0, -1).reverse()];
}

function parzen(M: number): number[] {
  const c = (M - 1) / 2;
  return range(M).map((i) => {
    const a = Math.abs(i - c);
    const r = a / (M / 2);
    return a <= (M - 1) / 4 ? 1 - 6 * r * r + 6 * r * r * r : 2 * (1 - r) ** 3;
  });
}

function bohman(M: number): number[] {
  const fac = linspace(-1, 1, M).slice(1, -1).map(Math.abs);
  return [0, ...fac.map((f) => (1 - f) * Math.cos(Math.PI * f) + Math.sin(Math.PI * f) / Math.PI), 0];
}

function tukey(M: number, alpha = 0.5): number[] {
  if (alpha <= 0) return range(M).map(() => 1);
  if (alpha >= 1) return generalCosine(M, [0.5, 0.5]);
  const width = Math.floor((alpha * (M - 1)) / 2);
  return range(M).map((n) => {
    if (n <= width) return 0.5 * (1 + Math.cos(Math.PI * (-1 + (2 * n) / alpha / (M - 1))));
    if (n < M - width - 1) return 1;
    return 0.5 * (1 + Math.cos(Math.PI * (-2 / alpha + 1 + (2 * n) / alpha / (M - 1))));
  });
}

function lanczos(M: number): number[] {
  const right = (n0: number) => range(M - n0).map((i) => sinc((2 * (i + n0)) / (M - 1) - 1));
  if (M % 2 === 0) {
    const wh = right(M / 2);
    return [...[...wh].reverse(), ...wh];
  }
  const wh = right((M + 1) / 2);
  return [...[...wh].reverse(), 1, ...wh];
}

function taylor(M: number, nbar = 4, sll = 30, norm: number | boolean = true): number[] {
  const B = 10 ** (sll / 20);
  const A = Math.acosh(B) / Math.PI;
  const s2 = (nbar * nbar) / (A * A + (nbar - 0.5) ** 2);
  const ma = range(nbar - 1).map((i) => i + 1);
  const m2 = ma.map((m) => m * m);
  const Fm = ma.map((_, mi) => {
    const sign = mi % 2 === 0 ? 1 : -1;
    const numer = sign * ma.reduce((p, m) => p * (1 - m2[mi] / s2 / (A * A + (m - 0.5) ** 2)), 1);
    const denom = 2 * m2.reduce((p, v, j) => (j === mi ? p : p * (1 - m2[mi] / v)), 1);
    return numer / denom;
  });
  const W = (n: number) => 1 + 2 * Fm.reduce((acc, f, i) => acc + f * Math.cos((2 * Math.PI * ma[i] * (n - M / 2 + 0.5)) / M), 0);
  const w = range(M).map(W);
  if (!norm) return w;
  const scale = 1 / W((M - 1) / 2);
  return w.map((v) => v * scale);
}

/** Real part of the DFT of p (direct: windows are short). */
function dftReal(re: number[], im: number[]): number[] {
  const M = re.length;
  return range(M).map((k) =>
    re.reduce((acc, r, n) => acc + r * Math.cos((2 * Math.PI * k * n) / M) + im[n] * Math.sin((2 * Math.PI * k * n) / M), 0),
  );
}

function chebwin(M: number, at: number): number[] {
  if (Math.abs(at) < 45) {
    warn(
      "This window is not suitable for spectral analysis for attenuation values lower than about 45dB because the equivalent noise bandwidth of a Chebyshev window does not grow monotonically with increasing sidelobe attenuation when the attenuation is smaller than about 45 dB.",
    );
  }
  const order = M - 1;
  const beta = Math.cosh((1 / order) * Math.acosh(10 ** (Math.abs(at) / 20)));
  const p = range(M).map((k) => {
    const x = beta * Math.cos((Math.PI * k) / M);
    if (x > 1) return Math.cosh(order * Math.acosh(x));
    if (x < -1) return (2 * (M % 2) - 1) * Math.cosh(order * Math.acosh(-x));
    return Math.cos(order * Math.acos(x));
  });
  let w: number[];
  if (M % 2) {
    const n = (M + 1) / 2;
    const f = dftReal(
      p,
      p.map(() => 0),
    ).slice(0, n);
    w = [...f.slice(1).reverse(), ...f];
  } else {
    const ph = range(M).map((k) => (Math.PI / M) * k);
    const f = dftReal(
      p.map((v, k) => v * Math.cos(ph[k])),
      p.map((v, k) => v * Math.sin(ph[k])),
    );
    const n = M / 2 + 1;
    w = [...f.slice(1, n).reverse(), ...f.slice(1, n)];
  }
  const mx = Math.max(...w);
  return w.map((v) => v / mx);
}

const kaiser = (M: number, beta: number) =>
  range(M).map((n) => besselI0(beta * Math.sqrt(1 - ((n - (M - 1) / 2) / ((M - 1) / 2)) ** 2)) / besselI0(beta));

/** Symmetric windows of length M (M >= 2); the periodic ones are the M + 1 window truncated. */
const WINDOWS: Record<string, Win> = {
  boxcar: (M) => range(M).map(() => 1),
  triang,
  parzen,
  bohman,
  blackman: (M) => generalCosine(M, [0.42, 0.5, 0.08]),
  nuttall: (M) => generalCosine(M, [0.3635819, 0.4891775, 0.1365995, 0.0106411]),
  blackmanharris: (M) => generalCosine(M, [0.35875, 0.48829, 0.14128, 0.01168]),
  flattop: (M) => generalCosine(M, [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368]),
  bartlett: (M) => range(M).map((n) => (n <= (M - 1) / 2 ? (2 * n) / (M - 1) : 2 - (2 * n) / (M - 1))),
  hann: (M) => generalCosine(M, [0.5, 0.5]),
  hamming: (M) => generalCosine(M, [0.54, 0.46]),
  barthann: (M) =>
    range(M).map((n) => {
      const f = Math.abs(n / (M - 1) - 0.5);
      return 0.62 - 0.48 * f + 0.38 * Math.cos(2 * Math.PI * f);
    }),
  cosine: (M) => range(M).map((n) => Math.sin((Math.PI / M) * (n + 0.5))),
  lanczos,
  tukey,
  kaiser,
  gaussian: (M, std) => range(M).map((n) => Math.exp(-((n - (M - 1) / 2) ** 2) / (2 * std * std))),
  general_gaussian: (M, p, sig) => range(M).map((n) => Math.exp(-0.5 * Math.abs((n - (M - 1) / 2) / sig) ** (2 * p))),
  general_hamming: (M, alpha) => generalCosine(M, [alpha, 1 - alpha]),
  exponential: (M, center = NaN, tau = 1) =>
    range(M).map((n) => Math.exp(-Math.abs(n - (Number.isNaN(center) ? (M - 1) / 2 : center)) / tau)),
  taylor,
  chebwin,
};

// SciPy's names: [canonical, ...aliases] and whether parameters are needed (true), allowed ("optional") or not (false).
const TABLE: Array<[string[], boolean | "optional"]> = [
  [["barthann", "brthan", "bth"], false],
  [["bartlett", "bart", "brt"], false],
  [["blackman", "black", "blk"], false],
  [["blackmanharris", "blackharr", "bkh"], false],
  [["bohman", "bman", "bmn"], false],
  [["boxcar", "box", "ones", "rect", "rectangular"], false],
  [["chebwin", "cheb"], true],
  [["cosine", "halfcosine"], false],
  [["dpss"], true],
  [["exponential", "poisson"], "optional"],
  [["flattop", "flat", "flt"], false],
  [["gaussian", "gauss", "gss"], true],
  [["general_cosine", "general cosine"], true],
  [["general_gaussian", "general gaussian", "general gauss", "general_gauss", "ggs"], true],
  [["general_hamming", "general hamming"], true],
  [["hamming", "hamm", "ham"], false],
  [["hann", "han"], false],
  [["kaiser", "ksr"], true],
  [["kaiser_bessel_derived", "kaiser bessel derived", "kbd"], true],
  [["lanczos", "sinc"], false],
  [["nuttall", "nutl", "nut"], false],
  [["parzen", "parz", "par"], false],
  [["taylor", "taylorwin"], "optional"],
  [["triang", "triangle", "tri"], false],
  [["tukey", "tuk"], "optional"],
];
const NAMES = new Map<string, [string, boolean | "optional"]>(
  TABLE.flatMap(([names, args]) => names.map((n) => [n, [names[0], args]] as const)),
);

/** A window: a name, or a tuple [name, ...parameters]. */
export type WindowSpec = string | [string, ...(number | number[] | boolean | null)[]];

const pyRepr = (w: WindowSpec) =>
  typeof w === "string"
    ? `'${w}'`
    : `(${w.map((v) => (typeof v === "string" ? `'${v}'` : v === null ? "None" : Array.isArray(v) ? `[${v.join(", ")}]` : typeof v === "boolean" ? (v ? "True" : "False") : String(v))).join(", ")}${w.length === 1 ? "," : ""})`;

/** The window of length Nx as SciPy's get_window (periodic unless the name ends in "_symmetric"), in float64 numbers. */
export function getWindow(window: WindowSpec, Nx: number): number[] {
  let [name, ...params] = typeof window === "string" ? [window] : window;
  let sym = false;
  if (name.endsWith("_symmetric")) [sym, name] = [true, name.slice(0, -10)];
  else if (name.endsWith("_periodic")) name = name.slice(0, -9);
  const entry = NAMES.get(name);
  if (!entry) throw new ValueError(`Invalid window name '${name}' in parameter window=${pyRepr(window)}!`);
  const [canon, hasArgs] = entry;
  if (params.length > 0 && hasArgs === false) throw new ValueError(`'${name}' does not allow parameters, but window=${pyRepr(window)}!`);
  if (params.length === 0 && hasArgs === true) throw new ValueError(`'${name}' must have parameters, but window=${pyRepr(window)}!`);
  if (canon === "dpss") throw new ValueError("jaxts does not implement the 'dpss' window; pass the window as an array.");
  if (canon === "kaiser_bessel_derived") {
    if (!sym) throw new ValueError("Kaiser-Bessel Derived windows are only defined for symmetric shapes");
    if (Nx % 2) throw new ValueError("Kaiser-Bessel Derived windows are only defined for even number of points");
    const k = kaiser(Nx / 2 + 1, params[0] as number);
    const cs: number[] = [];
    k.reduce((acc, v) => {
      cs.push(acc + v);
      return acc + v;
    }, 0);
    const half = cs.slice(0, -1).map((v) => Math.sqrt(v / cs[cs.length - 1]));
    return [...half, ...[...half].reverse()];
  }
  if (canon === "exponential" && sym && params[0] !== undefined && params[0] !== null) {
    throw new ValueError("If sym==True, center must be None.");
  }
  if (Nx <= 1) return range(Nx).map(() => 1);
  const M = sym ? Nx : Nx + 1;
  let w: number[];
  if (canon === "general_cosine") {
    const a = params[0];
    if (!Array.isArray(a)) throw new ValueError("general_cosine needs a list of weights: ['general_cosine', [a0, a1, ...]]");
    w = generalCosine(M, a);
  } else {
    const nums = params.map((p) => (p === null ? NaN : typeof p === "boolean" ? Number(p) : (p as number)));
    w = WINDOWS[canon](M, ...nums);
  }
  return sym ? w : w.slice(0, Nx);
}
