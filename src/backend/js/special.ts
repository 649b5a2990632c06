// Special functions in float64 for the reference backend.

/** erf, accurate to ~1e-15 (W. J. Cody's rational approximations via erfc). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Math.sign(x);
  const ax = Math.abs(x);
  if (ax < 0.5) {
    // Taylor series: converges fast for small |x|.
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 40; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x) * (1 - erfcPos(ax));
}

/**
 * The continued fraction K(x) = x + 1/2/(x + 1/(x + 3/2/(x + ...))) with
 * erfc(x) = exp(-x^2)/sqrt(pi)/K(x), for x >= 0.5 (Lentz), precise in float64.
 * erfcx(x) = exp(x^2) erfc(x) = 1/(sqrt(pi) K(x)) shares it.
 */
export function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    D = x + an * D;
    D = D === 0 ? tiny : D;
    C = x + an / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/** erfc for x >= 0.5. */
export function erfcPos(x: number): number {
  if (x > 27) return 0;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / erfcFraction(x);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  let r = 0;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}
