// jnp's polynomial helpers (coefficients highest power first, as NumPy's
// poly1d): polyval, polyadd, polysub, polymul, polydiv, polyder, polyint, poly.
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../core/errors.ts";
import { isFloat } from "../core/dtypes.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { compiledEager, traceable } from "../transforms/eager_compiled.ts";
import { checkOptions } from "../core/options.ts";
import { rejectBool } from "../lax/api_args.ts";
import { checkInt } from "../core/scalar_args.ts";
import { broadcastShapes, shapeStr } from "../core/shape.ts";
import { arange, full, ones, zeros } from "./creation.ts";
import { abs, add, astype, divide, maximum, multiply, negative, power, sqrt, subtract } from "./elementwise.ts";
import { s } from "./indexing.ts";
import { all, argmin, prod, sum } from "./reductions.ts";
import * as linalg from "./linalg.ts";
import { matmul, outer } from "./linalg_basic.ts";
import { atleast1d, concatenate, reshape, stack, transpose } from "./shape.ts";
import { convolve } from "./signal.ts";
import { promoteToFloatSame, trimZeros } from "./numeric.ts";
import { asArray, broadcastTo, isConcrete, namedResultType, toType } from "./util.ts";

/** jnp's promote_dtypes: one dtype for all, without broadcasting. */
function promoteSame(name: string, xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  return xs.map((x, i) => toType(x, t.dtype, t.weakType, `${name} argument ${i}`));
}

/** jnp.polyval(p, x, {unroll}): p[0]*x**(n-1) + ... + p[n-1], by Horner's rule. */
export function polyval(p: ArrayLike, x: ArrayLike, opts: { unroll?: number } = {}): NDArray {
  checkOptions(opts, "polyval", ["unroll"]);
  // Compiled when eager, as JAX jits polyval (Horner's steps and the coefficients' reads one program).
  if (traceable(x)) return polyvalC(asArray(p, "polyval argument p"), x);
  return polyvalBody(p, x);
}
const polyvalC = compiledEager((p: NDArray, x: ArrayLike) => polyvalBody(p, x), []);

function polyvalBody(p: ArrayLike, x: ArrayLike): NDArray {
  const [pa, xa] = promoteSame("polyval", [p, x]);
  if (pa.ndim === 0) throw new ValueError(`polyval: p must be at least 1-dimensional, got shape ${shapeStr(pa.shape)}`);
  const shape = broadcastShapes(pa.shape.slice(1), xa.shape);
  // Horner's accumulator starts as zeros like x (weak when x is).
  let y = broadcastTo(toType(0, xa.dtype, xa.weakType), shape);
  for (let i = 0; i < pa.shape[0]; i++) y = add(multiply(y, xa), pa.get(i));
  // JAX scans over p's rows, whose slices are strongly typed.
  return y.weakType ? astype(y, y.dtype) : y;
}

/** jnp.polyadd(a1, a2): the sum of two polynomials (aligned at the constant term). */
export function polyadd(a1: ArrayLike, a2: ArrayLike): NDArray {
  const [a, b] = promoteSame("polyadd", [a1, a2]).map((x) => rejectBool("add", x));
  if (b.shape[0] <= a.shape[0]) return a.at(s(-b.shape[0], null)).add(b);
  return b.at(s(-a.shape[0], null)).add(a);
}

/** jnp.polysub(a1, a2): the difference of two polynomials. */
export function polysub(a1: ArrayLike, a2: ArrayLike): NDArray {
  const [a, b] = promoteSame("polysub", [a1, a2]);
  return polyadd(a, negative(b));
}

/** jnp.polymul(a1, a2, {trimLeadingZeros}): the product of two polynomials. */
export function polymul(a1: ArrayLike, a2: ArrayLike, opts: { trimLeadingZeros?: boolean } = {}): NDArray {
  checkOptions(opts, "polymul", ["trimLeadingZeros"]);
  let [a, b] = promoteToFloatSame("polymul", [a1, a2]);
  if (opts.trimLeadingZeros && (a.shape[0] > 1 || b.shape[0] > 1)) {
    a = trimZeros(a, "f");
    b = trimZeros(b, "f");
  }
  if (a.shape[0] === 0) a = zeros([1], { dtype: b.dtype });
  if (b.shape[0] === 0) b = zeros([1], { dtype: a.dtype });
  return convolve(a, b, { mode: "full" });
}

/** jnp.polydiv(u, v, {trimLeadingZeros}) → [quotient, remainder]. */
export function polydiv(u: ArrayLike, v: ArrayLike, opts: { trimLeadingZeros?: boolean } = {}): [NDArray, NDArray] {
  checkOptions(opts, "polydiv", ["trimLeadingZeros"]);
  let [ua, va] = promoteToFloatSame("polydiv", [u, v]);
  const m = ua.shape[0] - 1;
  const n = va.shape[0] - 1;
  const scale = divide(1.0, va.get(0));
  let q = zeros([Math.max(m - n + 1, 1)], { dtype: ua.dtype });
  for (let k = 0; k < m - n + 1; k++) {
    const d = multiply(scale, ua.get(k));
    q = q.at(k).set(d);
    ua = ua.at(s(k, k + n + 1)).add(multiply(negative(d), va));
  }
  if (opts.trimLeadingZeros)
    ua = trimZerosTol(ua, Math.sqrt(ua.dtype === "float64" ? 2 ** -52 : ua.dtype === "float16" ? 2 ** -10 : 2 ** -23));
  return [q, ua];
}

function trimZerosTol(f: NDArray, tol: number): NDArray {
  if (!isConcrete(f)) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: traced array with shape ${f.dtype}${shapeStr(f.shape)}. Error arose in the \`filt\` argument of trim_zeros_tol()`,
    );
  }
  const small = abs(f).lt(tol);
  if (all(small).item()) return zeros([0], { dtype: f.dtype });
  return f.get(s(Number(argmin(small).item()), null));
}

/** jnp.polyder(p, {m}): the m-th derivative's coefficients. */
export function polyder(p: ArrayLike, opts: { m?: number } = {}): NDArray {
  checkOptions(opts, "polyder", ["m"]);
  const [pa] = promoteToFloatSame("polyder", [p]);
  const m = checkInt(opts.m ?? 1, "polyder: m");
  if (m < 0) throw new ValueError("Order of derivative must be positive");
  if (m === 0) return pa;
  const len = pa.shape[0];
  const grid = subtract(reshape(arange(m, Math.max(m, len)), [1, Math.max(0, len - m)]), reshape(arange(m), [m, 1]));
  const coeff = astype(prod(astype(grid, pa.dtype), 0), pa.dtype);
  return multiply(pa.get(s(null, -m)), coeff.get(s(null, null, -1)));
}

/** jnp.polyint(p, {m, k}): the m-th antiderivative, integration constants k (scalar or m of them). */
export function polyint(p: ArrayLike, opts: { m?: number; k?: ArrayLike | null } = {}): NDArray {
  checkOptions(opts, "polyint", ["m", "k"]);
  const m = checkInt(opts.m ?? 1, "polyint: m");
  let [pa, ka] = promoteToFloatSame("polyint", [p, opts.k ?? 0]);
  if (m < 0) throw new ValueError("Order of integral must be positive (see polyder)");
  ka = atleast1d(ka);
  if (ka.shape[0] === 1) ka = full([m], ka.get(0), { dtype: ka.dtype });
  if (ka.ndim !== 1 || ka.shape[0] !== m) throw new ValueError("k must be a scalar or a rank-1 array of length 1 or m.");
  if (m === 0) return pa;
  const len = pa.shape[0];
  const grid = subtract(reshape(astype(arange(len + m), pa.dtype), [1, len + m]), reshape(astype(arange(m), pa.dtype), [m, 1]));
  const coeff = prod(maximum(1, grid), 0).get(s(null, null, -1));
  return divide(concatenate([pa, ka], 0), coeff);
}

/** jnp.poly(zeros): the coefficients of the monic polynomial with those roots (1-D roots). */
export function poly(seqOfZeros: ArrayLike): NDArray {
  const [z0] = promoteToFloatSame("poly", [seqOfZeros]);
  let z = atleast1d(z0);
  // A square matrix stands for its eigenvalues (complex coefficients then, as JAX's).
  if (z.ndim === 2 && z.shape[0] === z.shape[1] && z.shape[0] !== 0) z = linalg.eigvals(z);
  if (z.ndim !== 1) throw new ValueError("input must be 1d or non-empty square 2d array.");
  const dt = z.dtype;
  if (z.shape[0] === 0) return ones([], { dtype: dt });
  let a = ones([1], { dtype: dt });
  for (let k = 0; k < z.shape[0]; k++) a = convolve(a, stack([ones([], { dtype: dt }), negative(z.get(k))]), { mode: "full" });
  return a;
}

export interface PolyfitOpts {
  rcond?: number | null;
  full?: boolean;
  w?: ArrayLike | null;
  cov?: boolean | "unscaled";
}

/**
 * jnp.polyfit(x, y, deg, {rcond, full, w, cov}): least-squares polynomial coefficients
 * (highest power first); `full` gives [c, residuals, rank, sv, rcond], `cov` [c, covariance].
 * Solved by jnp.linalg.lstsq on the column-scaled Vandermonde matrix, as JAX does.
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOpts = {}): NDArray | NDArray[] {
  checkOptions(opts, "polyfit", ["rcond", "full", "w", "cov"]);
  const xa = asArray(x, "polyfit argument x");
  const ya = asArray(y, "polyfit argument y");
  const d = checkInt(deg, "polyfit: deg");
  const order = d + 1;
  if (d < 0) throw new ValueError("expected deg >= 0");
  if (xa.ndim !== 1) throw new JaxTypeError("expected 1D vector for x");
  if (xa.size === 0) throw new JaxTypeError("expected non-empty vector for x");
  if (ya.ndim < 1 || ya.ndim > 2) throw new JaxTypeError("expected 1D or 2D array for y");
  if (xa.shape[0] !== ya.shape[0]) throw new JaxTypeError("expected x and y to have same length");
  const eps = xa.dtype === "float64" ? 2 ** -52 : xa.dtype === "float16" ? 2 ** -10 : 2 ** -23;
  // The default rcond reads finfo(x.dtype), which JAX refuses for integer x.
  if ((opts.rcond === undefined || opts.rcond === null) && !isFloat(xa.dtype)) throw new ValueError(`data type ${xa.dtype} not inexact`);
  const rcond = opts.rcond ?? xa.shape[0] * eps;
  // vander(x, order): columns x**(order-1) ... x**0.
  const powers = subtract(toType(order - 1, xa.dtype, false), astype(arange(order), xa.dtype));
  let lhs = power(reshape(xa, [xa.shape[0], 1]), reshape(powers, [1, order]));
  let rhs = ya;
  if (opts.w !== undefined && opts.w !== null) {
    const [w] = promoteToFloatSame("polyfit", [opts.w]);
    if (w.ndim !== 1) throw new JaxTypeError("expected a 1-d array for weights");
    if (w.shape[0] !== ya.shape[0]) throw new JaxTypeError("expected w and y to have the same length");
    const wc = reshape(w, [w.shape[0], 1]);
    lhs = multiply(lhs, wc);
    rhs = multiply(rhs, rhs.ndim === 2 ? wc : w);
  }
  const scale = sqrt(sum(multiply(lhs, lhs), 0));
  lhs = divide(lhs, reshape(scale, [1, order]));
  const [c0, resids, rank, s] = linalg.lstsq(lhs, rhs, { rcond });
  const c = c0.ndim > 1 ? divide(c0, reshape(scale, [order, 1])) : divide(c0, scale);
  if (opts.full) return [c, resids, rank, s, toType(rcond, lhs.dtype, true)];
  if (!opts.cov) return c;
  const vbase = divide(linalg.inv(matmul(transpose(lhs), lhs)), outer(scale, scale));
  let fac: NDArray;
  if (opts.cov === "unscaled") fac = full([], 1, { dtype: vbase.dtype });
  else {
    if (xa.shape[0] <= order) throw new ValueError("the number of data points must exceed order to scale the covariance matrix");
    fac = divide(resids, xa.shape[0] - order);
  }
  if (ya.ndim === 1) return [c, multiply(vbase, reshape(atleast1d(fac), [1, -1]))];
  return [c, multiply(reshape(vbase, [order, order, 1]), reshape(atleast1d(fac), [1, 1, -1]))];
}
