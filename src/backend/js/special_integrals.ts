// Scalar integral functions in float64 for the reference kernels: exponential
// integrals, Fresnel and sine/cosine integrals, Dawson's integral, Spence's
// function and Owen's T. Series where they converge without cancellation,
// continued fractions (Lentz) or asymptotic series elsewhere.
import { B2K, GAUSS_LEGENDRE_20 as GL } from "../../core/cephes_tables.ts";
import { erfc } from "./special_fns.ts";

const EULER = 0.5772156649015329;
const EPS = 1e-16;
const TINY = 1e-300;

/** E_n(x) for integer n >= 0, x >= 0. */
export function expn(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x) || n < 0 || x < 0 || n !== Math.floor(n)) return NaN;
  // JAX's values: NaN at x = inf, and 1/n (not 1/(n-1)) at x = 0.
  if (x === Infinity) return NaN;
  if (x === 0) return n < 2 ? Infinity : 1 / n;
  if (n === 0) return Math.exp(-x) / x;
  const nm1 = n - 1;
  if (x > 1) {
    let b = x + n;
    let c = 1 / TINY;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 10000; i++) {
      const an = -i * (nm1 + i);
      b += 2;
      d = 1 / (an * d + b);
      c = b + an / c;
      const del = c * d;
      h *= del;
      if (Math.abs(del - 1) < EPS) break;
    }
    return h * Math.exp(-x);
  }
  let ans = nm1 !== 0 ? 1 / nm1 : -Math.log(x) - EULER;
  let fact = 1;
  for (let i = 1; i < 10000; i++) {
    fact *= -x / i;
    let del: number;
    if (i !== nm1) del = -fact / (i - nm1);
    else {
      let psi = -EULER;
      for (let k = 1; k <= nm1; k++) psi += 1 / k;
      del = fact * (-Math.log(x) + psi);
    }
    ans += del;
    if (Math.abs(del) < Math.abs(ans) * EPS) break;
  }
  return ans;
}

/** E_1(x); NaN for x < 0 as SciPy's real exp1. */
export function exp1(x: number): number {
  if (x < 0) return NaN;
  return expn(1, x);
}

/** Ei(x): -E_1(-x) below zero, the positive series to 40, the asymptotic series above. */
export function expi(x: number): number {
  if (Number.isNaN(x)) return NaN;
  // JAX gives NaN at 0 and at both infinities.
  if (x === 0 || !Number.isFinite(x)) return NaN;
  if (x < 0) return -expn(1, -x);
  if (x <= 40) {
    let sum = 0;
    let fact = 1;
    for (let k = 1; k < 500; k++) {
      fact *= x / k;
      const term = fact / k;
      sum += term;
      if (term < EPS * sum) break;
    }
    return EULER + Math.log(x) + sum;
  }
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 100; k++) {
    const next = (term * k) / x;
    if (next >= term) break;
    term = next;
    sum += term;
    if (term < EPS * sum) break;
  }
  return (Math.exp(x) / x) * sum;
}

// Complex helpers for the continued fractions of fresnel and sici.
type C = [number, number];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: C, b: C): C => {
  const den = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / den, (a[1] * b[0] - a[0] * b[1]) / den];
};

/** [S(x), C(x)] with SciPy's normalisation (integrands sin/cos(pi t^2 / 2)). */
export function fresnel(x: number): [number, number] {
  if (Number.isNaN(x)) return [NaN, NaN];
  const ax = Math.abs(x);
  let s: number;
  let c: number;
  if (ax === Infinity) {
    s = 0.5;
    c = 0.5;
  } else if (ax > 1e7) {
    // Asymptotic: the continued fraction's phase is not representable out here.
    const arg = (Math.PI / 2) * ax * ax;
    c = 0.5 + Math.sin(arg) / (Math.PI * ax);
    s = 0.5 - Math.cos(arg) / (Math.PI * ax);
  } else if (ax <= 1.5) {
    const fact = (Math.PI / 2) * ax * ax;
    let sum = 0;
    let sums = 0;
    let sumc = ax;
    let sign = 1;
    let odd = true;
    let term = ax;
    let n = 3;
    for (let k = 1; k < 200; k++) {
      term *= fact / k;
      sum += (sign * term) / n;
      const test = Math.abs(sum) * EPS;
      if (odd) {
        sign = -sign;
        sums = sum;
        sum = sumc;
      } else {
        sumc = sum;
        sum = sums;
      }
      if (term < test) break;
      odd = !odd;
      n += 2;
    }
    s = sums;
    c = sumc;
  } else {
    const pix2 = Math.PI * ax * ax;
    let b: C = [1, -pix2];
    let cc: C = [1 / TINY, 0];
    let d: C = cdiv([1, 0], b);
    let h = d;
    let n = -1;
    for (let k = 2; k < 1000; k++) {
      n += 2;
      const a = -n * (n + 1);
      b = [b[0] + 4, b[1]];
      d = cdiv([1, 0], [a * d[0] + b[0], a * d[1] + b[1]]);
      const q = cdiv([a, 0], cc);
      cc = [b[0] + q[0], b[1] + q[1]];
      const del = cmul(cc, d);
      h = cmul(h, del);
      if (Math.abs(del[0] - 1) + Math.abs(del[1]) < EPS) break;
    }
    h = cmul([ax, -ax], h);
    const ph: C = [Math.cos(0.5 * pix2), Math.sin(0.5 * pix2)];
    const t = cmul(ph, h);
    const cs = cmul([0.5, 0.5], [1 - t[0], -t[1]]);
    c = cs[0];
    s = cs[1];
  }
  return x < 0 ? [-s, -c] : [s, c];
}

/** [Si(x), Ci(x)]; Ci is even (the real part), NaN at -inf as JAX's. */
export function sici(x: number): [number, number] {
  if (Number.isNaN(x)) return [NaN, NaN];
  const t = Math.abs(x);
  let si: number;
  let ci: number;
  if (t === 0) return [x, -Infinity];
  if (x === -Infinity) return [-Math.PI / 2, NaN];
  if (t === Infinity) {
    si = Math.PI / 2;
    ci = 0;
  } else if (t > 2) {
    let b: C = [1, t];
    let c: C = [1 / TINY, 0];
    let d: C = cdiv([1, 0], b);
    let h = d;
    for (let i = 2; i < 1000; i++) {
      const a = -(i - 1) * (i - 1);
      b = [b[0] + 2, b[1]];
      d = cdiv([1, 0], [a * d[0] + b[0], a * d[1] + b[1]]);
      const q = cdiv([a, 0], c);
      c = [b[0] + q[0], b[1] + q[1]];
      const del = cmul(c, d);
      h = cmul(h, del);
      if (Math.abs(del[0] - 1) + Math.abs(del[1]) < EPS) break;
    }
    h = cmul([Math.cos(t), -Math.sin(t)], h);
    ci = -h[0];
    si = Math.PI / 2 + h[1];
  } else {
    let sum = 0;
    let sums = 0;
    let sumc = 0;
    let sign = 1;
    let fact = 1;
    let odd = true;
    for (let k = 1; k < 200; k++) {
      fact *= t / k;
      const term = fact / k;
      sum += sign * term;
      const err = term / Math.abs(sum);
      if (odd) {
        sign = -sign;
        sums = sum;
        sum = sumc;
      } else {
        sumc = sum;
        sum = sums;
      }
      if (err < EPS) break;
      odd = !odd;
    }
    si = sums;
    ci = sumc + Math.log(t) + EULER;
  }
  return x < 0 ? [-si, ci] : [si, ci];
}

/** Dawson's integral: the Taylor series near 0, Rybicki's exponentially convergent sum beyond, asymptotic far out. */
export function dawsn(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  const sgn = x < 0 ? -1 : 1;
  if (ax < 0.2) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 50; n++) {
      term *= (-2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < EPS * Math.abs(sum)) break;
    }
    return sum;
  }
  if (ax > 50) {
    const y = 1 / (2 * ax * ax);
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 30; k++) {
      term *= (2 * k - 1) * y;
      sum += term;
      if (term < EPS * sum) break;
    }
    return (sgn * sum) / (2 * ax);
  }
  // D(x) = lim_{h->0} (1/sqrt(pi)) sum_{n odd} exp(-(x - n h)^2) / n; the error falls as exp(-(pi / 2h)^2).
  const h = 0.2;
  const n0 = 2 * Math.round(ax / (2 * h));
  const x0 = n0 * h;
  const xp = ax - x0;
  let sum = 0;
  for (let n = 1; n < 80; n += 2) {
    const e1 = Math.exp(-((xp - n * h) ** 2));
    const e2 = Math.exp(-((xp + n * h) ** 2));
    sum += e1 / (n0 + n) + e2 / (n0 - n);
  }
  return (sgn * sum) / Math.sqrt(Math.PI);
}

/** Li2(z) for real z <= 1. */
function dilog(z: number): number {
  if (z === 1) return (Math.PI * Math.PI) / 6;
  if (z < -1) {
    const l = Math.log(-z);
    return -(Math.PI * Math.PI) / 6 - 0.5 * l * l - dilog(1 / z);
  }
  if (z > 0.5) return (Math.PI * Math.PI) / 6 - Math.log(z) * Math.log1p(-z) - dilog(1 - z);
  // Li2(z) = sum_n B_n u^(n+1) / (n+1)!, u = -log(1 - z), |u| <= log 2.
  const u = -Math.log1p(-z);
  let sum = u - (u * u) / 4;
  let pow = u;
  let fact = 1;
  for (let k = 1; k <= B2K.length; k++) {
    pow *= u * u;
    fact *= 2 * k * (2 * k + 1);
    const term = (B2K[k - 1] * pow) / fact;
    sum += term;
    if (Math.abs(term) < EPS * Math.abs(sum)) break;
  }
  return sum;
}

/** SciPy's spence(x) = Li2(1 - x), for x >= 0. */
export function spence(x: number): number {
  if (Number.isNaN(x) || x < 0 || x === Infinity) return NaN;
  return dilog(1 - x);
}

/** Upper tail Q(h) = 1 - ndtr(h). */
const normQ = (h: number) => 0.5 * erfc(h / Math.SQRT2);

/** T(h, a) for h >= 0, 0 <= a <= 1: exp(-h^2/2)/(2 pi) int_0^a exp(-h^2 x^2/2)/(1 + x^2) dx in y = h x panels. */
function owensTSmall(h: number, a: number): number {
  if (a === 0) return 0;
  // Panels of width <= 1 in y = h x resolve the Gaussian factor; beyond y = 40 it is below float64.
  const span = h * a;
  const panels = Math.max(1, Math.ceil(Math.min(span, 40)));
  const top = span > 40 ? 40 / h : a;
  const w = top / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    for (let i = 0; i < GL.xs.length; i++) {
      const x = (p + GL.xs[i]) * w;
      sum += (GL.ws[i] * Math.exp(-0.5 * h * h * x * x)) / (1 + x * x);
    }
  }
  return (Math.exp(-0.5 * h * h) * sum * w) / (2 * Math.PI);
}

/** Owen's T function T(h, a). */
export function owensT(h: number, a: number): number {
  if (Number.isNaN(h) || Number.isNaN(a)) return NaN;
  const sa = a < 0 ? -1 : 1;
  const ah = Math.abs(h);
  const aa = Math.abs(a);
  if (aa === Infinity) return (sa * normQ(ah)) / 2;
  if (ah === Infinity) return 0;
  if (aa <= 1) return sa * owensTSmall(ah, aa);
  // T(h, a) + T(a h, 1/a) = (Q(h) + Q(a h)) / 2 - Q(h) Q(a h) for h >= 0.
  const q1 = normQ(ah);
  const q2 = normQ(aa * ah);
  return sa * (0.5 * (q1 + q2) - q1 * q2 - owensTSmall(aa * ah, 1 / aa));
}
