// scipy.special's gamma family: gamma, gammaln, gammasgn, loggamma, beta,
// betaln, betainc, gammainc/gammaincc, digamma, polygamma, zeta, factorial,
// comb, poch, multigammaln, bernoulli. Compositions follow JAX's.
import { defaultFloat, isInteger } from "../../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { bind1 } from "../../core/trace.ts";
import * as E from "../../lax/elementwise.ts";
import * as SP from "../../lax/special.ts";
import * as jnp from "../../numpy/index.ts";
import { fullLike } from "../../lax/zeros.ts";
import { asArray } from "../../numpy/util.ts";
import { inexact, viaPrim } from "./common.ts";

const lgammaI = (x: NDArray) => bind1(E.lgammaP, [x], {});

export const gammaln = viaPrim("gammaln", E.lgammaP);
export const digamma = viaPrim("digamma", E.digammaP);
export const gammainc = viaPrim("gammainc", SP.igammaP);
export const gammaincc = viaPrim("gammaincc", SP.igammacP);
export const betainc = viaPrim("betainc", SP.regularizedIncompleteBetaP);

function gammasgnI(x: NDArray): NDArray {
  const fl = jnp.floor(x);
  const neg = jnp.less(x, 0);
  const nan = jnp.logicalOr(jnp.logicalAnd(neg, jnp.equal(x, fl)), jnp.isnan(x));
  const minus = jnp.logicalOr(
    jnp.logicalAnd(neg, jnp.notEqual(jnp.mod(fl, 2), 0)),
    jnp.logicalAnd(jnp.equal(x, 0), jnp.less(jnp.divide(1, x), 0)),
  ); // -0: negative reciprocal
  return jnp.where(nan, NaN, jnp.where(minus, -1, jnp.onesLike(x, x.dtype)));
}

export function gammasgn(x: ArrayLike): NDArray {
  return gammasgnI(inexact("gammasgn", x)[0]);
}

export function gamma(x: ArrayLike): NDArray {
  const a = inexact("gamma", x)[0];
  return jnp.multiply(gammasgnI(a), jnp.exp(lgammaI(a)));
}

export function loggamma(x: ArrayLike): NDArray {
  const a = inexact("loggamma", x)[0];
  return jnp.where(jnp.greater(a, 0), lgammaI(a), NaN);
}

/** log Gamma(a) - log Gamma(a + b) for b >= 8 (a <= b): JAX's series (after cdflib's algdiv), constants and all. */
function algdiv(a: NDArray, b: NDArray): NDArray {
  const [c0, c1, c2, c3, c4, c5] = [
    0.833333333333333e-1, -0.277777777760991e-2, 0.79365066682539e-3, -0.59520293135187e-3, 0.837308034031215e-3, -0.165322962780713e-2,
  ];
  const { add, subtract: sub, multiply: mul, divide: div } = jnp;
  const h = div(a, b);
  const c = div(h, add(1, h));
  const x = c;
  const d = add(b, sub(a, 0.5));
  const x2 = mul(x, x);
  const s3 = add(1, add(x, x2));
  const s5 = add(1, add(x, mul(x2, s3)));
  const s7 = add(1, add(x, mul(x2, s5)));
  const s9 = add(1, add(x, mul(x2, s7)));
  const s11 = add(1, add(x, mul(x2, s9)));
  const t = jnp.square(div(1, b));
  let w = add(
    mul(add(mul(add(mul(add(mul(add(mul(mul(c5, s11), t), mul(c4, s9)), t), mul(c3, s7)), t), mul(c2, s5)), t), mul(c1, s3)), t),
    c0,
  );
  w = mul(w, div(c, b));
  const u = mul(d, jnp.log1p(div(a, b)));
  const v = mul(a, sub(jnp.log(b), 1));
  return jnp.where(jnp.lessEqual(u, v), sub(sub(w, v), u), sub(sub(w, u), v));
}

/** log|B(a, b)| as JAX computes it: lgamma differences for b < 8, algdiv beyond. */
function betalnI(a0: NDArray, b0: NDArray): NDArray {
  const a = jnp.minimum(a0, b0);
  const b = jnp.maximum(a0, b0);
  const small = jnp.add(lgammaI(a), jnp.subtract(lgammaI(b), lgammaI(jnp.add(a, b))));
  const large = jnp.add(lgammaI(a), algdiv(a, b));
  return jnp.where(jnp.less(b, 8), small, large);
}

export function betaln(a: ArrayLike, b: ArrayLike): NDArray {
  const [x, y] = inexact("betaln", a, b);
  return betalnI(x, y);
}

export function beta(a: ArrayLike, b: ArrayLike): NDArray {
  const [x, y] = inexact("beta", a, b);
  const sign = jnp.multiply(jnp.multiply(gammasgnI(x), gammasgnI(y)), gammasgnI(jnp.add(x, y)));
  return jnp.multiply(sign, jnp.exp(betalnI(x, y)));
}

export function factorial(n: ArrayLike, exact = false): NDArray {
  if (exact) throw new JaxTypeError("factorial with exact=True is not implemented (as in JAX)");
  const a = inexact("factorial", n)[0];
  return jnp.where(jnp.less(a, 0), 0, jnp.exp(lgammaI(jnp.add(a, 1))));
}

export interface CombOptions {
  repetition?: boolean;
}

export function comb(N: ArrayLike, k: ArrayLike, opts?: CombOptions): NDArray {
  const { repetition = false } = checkOptions(opts, "comb", ["repetition"]);
  const [n, kk] = inexact("comb", N, k);
  if (repetition) {
    const cond = jnp.logicalAnd(jnp.equal(kk, 0), jnp.greaterEqual(n, 0));
    return jnp.where(cond, 1, comb(jnp.subtract(jnp.add(n, kk), 1), kk));
  }
  const cond = jnp.logicalAnd(jnp.logicalAnd(jnp.lessEqual(kk, n), jnp.greaterEqual(n, 0)), jnp.greaterEqual(kk, 0));
  const sn = jnp.where(cond, n, 0);
  const sk = jnp.where(cond, kk, 0);
  const r = jnp.exp(
    jnp.subtract(jnp.subtract(lgammaI(jnp.add(sn, 1)), lgammaI(jnp.add(sk, 1))), lgammaI(jnp.subtract(jnp.add(sn, 1), sk))),
  );
  return jnp.where(cond, r, 0);
}

export function poch(z: ArrayLike, m: ArrayLike): NDArray {
  const [a, b] = inexact("poch", z, m);
  const g = (x: NDArray) => jnp.multiply(gammasgnI(x), jnp.exp(lgammaI(x)));
  return jnp.where(jnp.equal(b, 0), fullLike(a, 1), jnp.divide(g(jnp.add(a, b)), g(a)));
}

export function multigammaln(a: ArrayLike, d: number): NDArray {
  if (typeof d !== "number" || !Number.isInteger(d)) {
    throw new JaxTypeError(`multigammaln: the d argument must be a concrete integer, got ${String(d)}`);
  }
  const [x, dd] = inexact("multigammaln", a, d);
  const constant = jnp.multiply(jnp.multiply(jnp.multiply(0.25, dd), jnp.subtract(dd, 1)), Math.log(Math.PI));
  const b = jnp.divide(jnp.arange(d, undefined, undefined, { dtype: dd.dtype }), 2);
  const lead = Array.from({ length: x.ndim }, (_, i) => i);
  const res = jnp.sum(lgammaI(jnp.subtract(jnp.expandDims(x, -1), jnp.expandDims(b, lead))), -1);
  return jnp.add(res, constant);
}

export function polygamma(n: ArrayLike, x: ArrayLike): NDArray {
  const nd = asArray(n, "polygamma argument n").dtype;
  if (!isInteger(nd)) throw new ValueError(`Argument \`n\` to polygamma must be of integer type. Got dtype ${nd}.`);
  return bind1(SP.polygammaP, inexact("polygamma", n, x), {});
}

/** Hurwitz zeta(x, q); JAX has no Riemann zeta (q = None) either. */
export function zeta(x: ArrayLike, q?: ArrayLike | null): NDArray {
  if (q === undefined || q === null) {
    throw new JaxTypeError("Riemann zeta function not implemented; pass q != None to compute the Hurwitz Zeta function.");
  }
  return bind1(SP.zetaP, inexact("zeta", x, q), {});
}

/** B_0 .. B_n (B_1 = -1/2) in the default float dtype, as JAX (Chowla and Hartung). */
export function bernoulli(n: number): NDArray {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new JaxTypeError(`Argument n of bernoulli must be an integer, got ${String(n)}`);
  if (n < 0) throw new ValueError("n must be a non-negative integer.");
  const out = [1, -1 / 2, 1 / 6].slice(0, n + 1);
  for (let m = 3; m <= n; m++) {
    if (m % 2 === 1) {
      out.push(0);
      continue;
    }
    // B_m = (-1)^(m/2 + 1) 2 m! zeta(m) / (2 pi)^m, by the running product of JAX's recurrence.
    let q1 = 1 / Math.PI ** 2;
    for (let j = 4; j <= m; j += 2) q1 *= (-(j - 1) * j) / 4 / Math.PI ** 2;
    let q2 = 0;
    for (let kk = 2; kk < 50; kk++) q2 += kk ** -m;
    out.push(q1 * (1 + q2));
  }
  return jnp.array(out, { dtype: defaultFloat() });
}
