// scipy.signal.get_window for the windows of the spectral functions: the
// named windows (aliases as SciPy's), parameters through a tuple
// (["kaiser", 8] here), periodic ("fftbins") by default. Computed in float64
// as SciPy does; the caller casts.
import { ValueError } from "../core/errors.ts";

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
  kaiser: (M, beta) => range(M).map((n) => besselI0(beta * Math.sqrt(1 - ((n - (M - 1) / 2) / ((M - 1) / 2)) ** 2)) / besselI0(beta)),
  gaussian: (M, std) => range(M).map((n) => Math.exp(-((n - (M - 1) / 2) ** 2) / (2 * std * std))),
  general_gaussian: (M, p, sig) => range(M).map((n) => Math.exp(-0.5 * Math.abs((n - (M - 1) / 2) / sig) ** (2 * p))),
  general_hamming: (M, alpha) => generalCosine(M, [alpha, 1 - alpha]),
  exponential: (M, center = NaN, tau = 1) =>
    range(M).map((n) => Math.exp(-Math.abs(n - (Number.isNaN(center) ? (M - 1) / 2 : center)) / tau)),
};

const ALIASES: Record<string, string> = {
  brthan: "barthann",
  bth: "barthann",
  bart: "bartlett",
  brt: "bartlett",
  black: "blackman",
  blk: "blackman",
  blackharr: "blackmanharris",
  bkh: "blackmanharris",
  bman: "bohman",
  bmn: "bohman",
  box: "boxcar",
  ones: "boxcar",
  rect: "boxcar",
  rectangular: "boxcar",
  halfcosine: "cosine",
  poisson: "exponential",
  flat: "flattop",
  flt: "flattop",
  gauss: "gaussian",
  gss: "gaussian",
  "general gaussian": "general_gaussian",
  "general gauss": "general_gaussian",
  general_gauss: "general_gaussian",
  ggs: "general_gaussian",
  hamm: "hamming",
  ham: "hamming",
  han: "hann",
  ksr: "kaiser",
  nutl: "nuttall",
  nut: "nuttall",
  parz: "parzen",
  par: "parzen",
  sinc: "lanczos",
  triangle: "triang",
  tri: "triang",
  tuk: "tukey",
};
const NEEDS_PARAMS = new Set(["kaiser", "gaussian", "general_gaussian", "general_hamming", "general_cosine"]);
const UNSUPPORTED = new Set(["chebwin", "cheb", "dpss", "taylor", "taylorwin", "kaiser_bessel_derived", "kbd"]);

/** A window: a name, or a tuple [name, ...parameters]. */
export type WindowSpec = string | [string, ...(number | number[])[]];

/** The periodic window of length Nx (SciPy's get_window with fftbins=True), in float64 numbers. */
export function getWindow(window: WindowSpec, Nx: number): number[] {
  const [rawName, ...params] = typeof window === "string" ? [window] : window;
  const name = ALIASES[rawName] ?? rawName;
  if (UNSUPPORTED.has(name)) throw new ValueError(`jaxts does not implement the '${rawName}' window; pass the window as an array.`);
  if (typeof window === "string" && NEEDS_PARAMS.has(name)) {
    throw new ValueError(`'${window}' must have parameters, but window='${window}'!`);
  }
  if (Nx === 0) return [];
  if (name === "general_cosine") {
    const a = params[0];
    if (!Array.isArray(a)) throw new ValueError("general_cosine needs a list of weights: ['general_cosine', [a0, a1, ...]]");
    return Nx === 1 ? [1] : generalCosine(Nx + 1, a).slice(0, Nx);
  }
  const f = WINDOWS[name];
  if (!f) {
    const shown =
      typeof window === "string" ? `'${window}'` : `(${window.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ")})`;
    throw new ValueError(`Invalid window name '${rawName}' in parameter window=${shown}!`);
  }
  const nums = params.map((p) => {
    if (typeof p !== "number") throw new ValueError(`window parameters must be numbers, got ${JSON.stringify(p)}`);
    return p;
  });
  if (Nx === 1) return [1];
  // Periodic: the symmetric window one longer, its last sample dropped.
  return f(Nx + 1, ...nums).slice(0, Nx);
}
