// Scalar hypergeometric functions 1F1 and 2F1 in float64, by JAX's method
// (Pearson, Olver & Porter 2014): the same branches and the same 250-term
// caps, so values agree with JAX's also where a series is cut short.
import { gamma } from "./special_fns.ts";

const EPS = 2.220446049250313e-16;

function hyp1f1Series(a: number, b: number, x: number): number {
  let sum = 1;
  let term = (a / b) * x;
  for (let k = 1; k < 250 && Math.abs(term) / Math.abs(sum) > EPS; k++) {
    sum += term;
    term *= (((a + k) / (b + k)) * x) / (k + 1);
  }
  return sum;
}

function hyp1f1Asymptotic(a: number, b: number, x: number): number {
  let sum = 1;
  let term = ((b - a) * (1 - a)) / x;
  for (let k = 1; k < 250 && Math.abs(term) / Math.abs(sum) > EPS; k++) {
    sum += term;
    term *= ((b - a + k) * (1 - a + k)) / (k + 1) / x;
  }
  return (gamma(b) / gamma(a)) * Math.exp(x) * x ** (a - b) * sum;
}

export function hyp1f1(a: number, b: number, x: number): number {
  if (a === 0) return 1;
  if (a === b) return Math.exp(x);
  if (b === 0) return Infinity;
  return Math.abs(x) < 100 ? hyp1f1Series(a, b, x) : hyp1f1Asymptotic(a, b, x);
}

function hyp2f1Series(a: number, b: number, c: number, x: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 1; k < 250 && !(Math.abs(term) <= EPS * Math.abs(sum)); k++) {
    sum += term;
    term *= (((a + k - 1) * (b + k - 1)) / (c + k - 1) / k) * x;
  }
  return sum;
}

function hyp2f1Terminal(a: number, b: number, c: number, x: number): number {
  const eps = EPS * 50;
  const ib = Math.round(b);
  if (b < a && Math.abs(b - ib) < eps && !(c % 1 === 0 && c <= 0 && c > b)) [a, b] = [b, a];
  a = Math.abs(a);
  let sum = 1;
  let term = 1;
  for (let i = 1; i < a + 1; i++) {
    term *= (((-(a - i + 1) / (c + i - 1)) * (b + i - 1)) / i) * x;
    sum += term;
  }
  return sum;
}

function hyp2f1TerminalOrSeries(a: number, b: number, c: number, x: number): number {
  const eps = EPS * 50;
  const negIntA = a <= 0 && Math.abs(a - Math.round(a)) < eps;
  const negIntB = b <= 0 && Math.abs(b - Math.round(b)) < eps;
  if (negIntA || negIntB) return hyp2f1Terminal(a, b, c, x);
  // JAX takes a digamma transformation where c - a - b is an integer and x > 0.9; the series stands in here.
  return hyp2f1Series(a, b, c, x);
}

export function hyp2f1(a: number, b: number, c: number, x: number): number {
  if ([a, b, c, x].some(Number.isNaN)) return NaN;
  const eps = EPS * 50;
  const d = c - a - b;
  const s = 1 - x;
  if (x === 0 || ((a === 0 || b === 0) && c !== 0)) return 1;
  if (c === 0 || (c < 0 && c % 1 === 0)) return Infinity;
  if (d <= -1 && !(Math.abs(d - Math.round(d)) >= eps && s < 0)) return s ** d * hyp2f1TerminalOrSeries(c - a, c - b, c, x);
  if (d <= 0 && x === 1) return Infinity;
  if (x < 1 && b === c) return s ** -a;
  if (x < 1 && a === c) return s ** -b;
  if (x > 1) return Infinity;
  if (x === 1) return (gamma(c) * gamma(d)) / (gamma(c - a) * gamma(c - b));
  return hyp2f1TerminalOrSeries(a, b, c, x);
}
