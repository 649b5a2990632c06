// Scalar special functions in float64 for the reference kernels of lax's
// special-function primitives (igamma, zeta, bessel_i0e, ...) and the scipy
// functions computed by a kernel. Results are rounded once to the output
// dtype, so float32 outputs are within an ulp or two of the exact value.
import { ZETA_A } from "../../core/cephes_tables.ts";
import { digamma, erf, erfcFraction, erfcPos, lgamma } from "./special.ts";

const EPS = 1e-16;
const TINY = 1e-300;
const SQRTPI = Math.sqrt(Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -0.5) return 2 - erfcPos(-x);
  if (x < 0.5) return 1 - erf(x);
  return erfcPos(x);
}

/** exp(x^2) erfc(x) for x >= 0.5 without overflow: erfc's continued fraction alone. */
function erfcxPos(x: number): number {
  if (x > 1e8) return 1 / (SQRTPI * x);
  return 1 / (SQRTPI * erfcFraction(x));
}

export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0.5) return erfcxPos(x);
  if (x > -26.7) return Math.exp(x * x) * erfc(x);
  return Infinity;
}

export function ndtr(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function logNdtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > -1) return Math.log1p(-0.5 * erfc(x / Math.SQRT2));
  if (x === -Infinity) return -Infinity;
  return Math.log(0.5 * erfcx(-x / Math.SQRT2)) - 0.5 * x * x;
}

/** Inverse of ndtr: a rational first guess refined by Newton steps on log ndtr. */
export function ndtri(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -ndtri(1 - p);
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  const lp = Math.log(p);
  for (let i = 0; i < 8; i++) {
    // d/dx log ndtr(x) = pdf(x) / ndtr(x) = exp(-x^2/2 - log sqrt(2 pi) - log ndtr(x)).
    const ln = logNdtr(x);
    const dx = (ln - lp) / Math.exp(-0.5 * x * x - LOG_SQRT_2PI - ln);
    x -= dx;
    if (Math.abs(dx) <= 1e-15 * Math.abs(x)) break;
  }
  return x;
}

/** Gamma(x), with the sign. */
export function gamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (Number.isInteger(x) && x <= 171) {
    let r = 1;
    for (let i = 2; i < x; i++) r *= i;
    return r;
  }
  const sign = x > 0 || Math.floor(-x) % 2 === 1 ? 1 : -1;
  return sign * Math.exp(lgamma(x));
}

// ---------- zeta and polygamma ----------

/** Hurwitz zeta(x, q) = sum_k (k + q)^-x by Euler-Maclaurin summation (as Cephes). */
export function zeta(x: number, q: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 1) return Infinity; // for any q, NaN included (JAX's order)
  if (Number.isNaN(q)) return NaN;
  if (x < 1) return NaN;
  if (q <= 0) {
    // JAX's poles: +inf at the integers q <= 0 for even integer x, NaN otherwise (Cephes gives +inf for all x).
    if (q === Math.floor(q)) return x === Math.floor(x) && x % 2 === 0 ? Infinity : NaN;
    if (x !== Math.floor(x)) return NaN;
  }
  if (q > 1e8) return (1 / (x - 1) + 1 / (2 * q)) * q ** (1 - x);
  let s = q ** -x;
  let a = q;
  let b = 0;
  let i = 0;
  while (i < 9 || a <= 9) {
    i++;
    a += 1;
    b = a ** -x;
    s += b;
    if (Math.abs(b / s) < EPS) return s;
  }
  const w = a;
  s += (b * w) / (x - 1);
  s -= 0.5 * b;
  let fac = 1;
  let k = 0;
  for (let j = 0; j < 12; j++) {
    fac *= x + k;
    b /= w;
    const t = (fac * b) / ZETA_A[j];
    s += t;
    if (Math.abs(t / s) < EPS) break;
    k += 1;
    fac *= x + k;
    b /= w;
    k += 1;
  }
  return s;
}

/** polygamma(n, x) for integer n >= 0: (-1)^(n+1) n! zeta(n + 1, x). */
export function polygamma(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x) || n !== Math.floor(n) || n < 0) return NaN;
  if (n === 0) return digamma(x);
  const sign = n % 2 === 1 ? 1 : -1;
  return sign * Math.exp(lgamma(n + 1)) * zeta(n + 1, x);
}

// ---------- incomplete gamma ----------

/** P(a, x) by its power series (x < a + 1). */
function igammaSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 2000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(a * Math.log(x) - x - lgamma(a));
}

/** Q(a, x) by its continued fraction (x >= a + 1), Lentz's method. */
function igammacFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 2000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(a * Math.log(x) - x - lgamma(a)) * h;
}

/** JAX's domain: NaN for x < 0, a < 0, a = x = 0 or a NaN operand. */
function igammaDomainError(a: number, x: number): boolean {
  return Number.isNaN(a) || Number.isNaN(x) || x < 0 || a < 0 || (a === 0 && x === 0);
}

/** Regularized lower incomplete gamma P(a, x), with JAX's values at the edges. */
export function igamma(a: number, x: number): number {
  if (igammaDomainError(a, x)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  // a = 0 and a = inf: what JAX's series and continued fraction give there.
  if (a === 0) return x >= 1 ? 1 : NaN;
  if (a === Infinity) return x < 1 ? 0 : NaN;
  return x < a + 1 ? igammaSeries(a, x) : 1 - igammacFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x), with JAX's values at the edges. */
export function igammac(a: number, x: number): number {
  if (igammaDomainError(a, x)) return NaN;
  if (x === Infinity || a === 0) return 0;
  if (x === 0) return 1;
  if (a === Infinity) return x < 1 ? 1 : NaN;
  return x < a + 1 ? 1 - igammaSeries(a, x) : igammacFraction(a, x);
}

/** d/da P(a, x): a five-point difference of the float64 P, far below float32 resolution in error. */
export function igammaGradA(a: number, x: number): number {
  if (igammaDomainError(a, x) || a === 0 || a === Infinity) return NaN;
  if (x === 0 || x === Infinity) return 0;
  const h = 1e-3 * Math.min(a, 1);
  // Work with whichever of P and Q is smaller: the other is 1 minus it, and its derivative the negation.
  const useQ = x >= a + 1;
  const f = (s: number) => (useQ ? -igammac(s, x) : igamma(s, x));
  return (f(a - 2 * h) - 8 * f(a - h) + 8 * f(a + h) - f(a + 2 * h)) / (12 * h);
}

/** d sample / d a of a Gamma(a, 1) sample x: -(dP/da) / (dP/dx). */
export function randomGammaGrad(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 0;
  const logPdf = (a - 1) * Math.log(x) - x - lgamma(a);
  return -igammaGradA(a, x) / Math.exp(logPdf);
}

// ---------- incomplete beta ----------

export function betaln(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 5000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function betainc(a: number, b: number, x: number): number {
  // JAX's edges: a = 0 or b = inf make I 1 (0 at x = 0); b = 0 or a = inf make it 0 (1 at x = 1).
  const aZero = a === 0 || b === Infinity;
  const bZero = b === 0 || a === Infinity;
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x)) return NaN;
  if (a < 0 || b < 0 || x < 0 || x > 1 || (aZero && bZero)) return NaN;
  if ((aZero && x !== 0) || (bZero && x === 1)) return 1;
  if (bZero || (aZero && x === 0)) return 0;
  if (x === 0) return 0;
  if (x === 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - betaln(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

// ---------- modified Bessel functions, exponentially scaled ----------

/** exp(-|x|) I_nu(x) for nu in {0, 1}: the power series below 30, the asymptotic series above. */
function besselIe(nu: 0 | 1, x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  const sgn = nu === 1 && x < 0 ? -1 : 1;
  if (ax === Infinity) return nu === 0 ? 0 : sgn * 0;
  if (ax <= 30) {
    const q = (ax * ax) / 4;
    let term = nu === 0 ? 1 : ax / 2;
    let sum = term;
    for (let k = 1; k < 200; k++) {
      term *= q / (k * (k + nu));
      sum += term;
      if (term < sum * EPS) break;
    }
    return sgn * sum * Math.exp(-ax);
  }
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100; k++) {
    const next = (-term * (mu - (2 * k - 1) ** 2)) / (k * 8 * ax);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
    if (Math.abs(term) < EPS * Math.abs(sum)) break;
  }
  return (sgn * sum) / Math.sqrt(2 * Math.PI * ax);
}

export const besselI0e = (x: number): number => besselIe(0, x);
export const besselI1e = (x: number): number => besselIe(1, x);

/** d/dx zeta(x, q): a five-point difference of the float64 zeta. */
export function zetaGradX(x: number, q: number): number {
  if (Number.isNaN(x) || Number.isNaN(q)) return NaN;
  const h = 1e-4 * Math.max(1, Math.min(x - 1, 1));
  if (x - 2 * h <= 1) return x === 1 ? -Infinity : NaN;
  return (zeta(x - 2 * h, q) - 8 * zeta(x - h, q) + 8 * zeta(x + h, q) - zeta(x + 2 * h, q)) / (12 * h);
}
