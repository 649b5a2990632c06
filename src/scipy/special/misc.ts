// scipy.special beyond the gamma and error-function families: xlogy,
// entropies, boxcox, expit/logit, logsumexp, softmax, Bessel i0/i1,
// exponential and trigonometric integrals, Spence, Owen's T, 1F1 and 2F1.
import { isComplex } from "../../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { normalizeAxes } from "../../core/shape.ts";
import { bind1 } from "../../core/trace.ts";
import * as E from "../../lax/elementwise.ts";
import * as SP from "../../lax/special.ts";
import { fullLike } from "../../lax/zeros.ts";
import { customJvp } from "../../transforms/custom_jvp.ts";
import * as jnp from "../../numpy/index.ts";
import { asArray } from "../../numpy/util.ts";
import { logSoftmax as nnLogSoftmax, softmax as nnSoftmax } from "../../nn/index.ts";
import { strong } from "../../nn/logsumexp.ts";
import { inexact, promoteDtypesInexact, viaPrim } from "./common.ts";

const un = (p: typeof SP.erfcP, x: NDArray) => bind1(p, [x], {});

/** x * log(y) (x * log1p(y)), 0 where x is 0; the complex forms composed as JAX writes them (x != 0 selects). */
function xlogFamily(name: string, prim: typeof SP.xlogyP, log: (y: NDArray) => NDArray) {
  const real = viaPrim(name, prim);
  return (x: ArrayLike, y: ArrayLike): NDArray => {
    const [a, b] = inexact(name, x, y);
    if (!isComplex(a.dtype)) return real(a, b);
    const ok = jnp.notEqual(a, 0);
    return jnp.where(ok, jnp.multiply(jnp.where(ok, a, 1), log(jnp.where(ok, b, 1))), jnp.zerosLike(a));
  };
}
export const xlogy = xlogFamily("xlogy", SP.xlogyP, jnp.log);
export const xlog1py = xlogFamily("xlog1py", SP.xlog1pyP, jnp.log1p);
export const i0e = viaPrim("i0e", SP.besselI0eP);
export const i1e = viaPrim("i1e", SP.besselI1eP);
export const expi = viaPrim("expi", SP.expiP);
export const owensT = viaPrim("owens_t", SP.owensTP);
export const hyp1f1 = viaPrim("hyp1f1", SP.hyp1f1P);
export const hyp2f1 = viaPrim("hyp2f1", SP.hyp2f1P);
export const expit = viaPrim("expit", E.logisticP);

// JAX's logit is a custom_jvp: d logit = g / (x (1 - x)), finite where the
// quotient rule of log(x / (1 - x)) is not (x = 0 gives inf, not nan).
const logitCustom = customJvp(function logit(a: NDArray): NDArray {
  return jnp.log(jnp.divide(a, jnp.subtract(1, a)));
});
logitCustom.defjvps((g: NDArray, _ans: NDArray, a: NDArray) => jnp.divide(g, jnp.multiply(a, jnp.subtract(1, a))));

export function logit(x: ArrayLike): NDArray {
  return logitCustom(inexact("logit", x)[0]);
}

export function i0(x: ArrayLike): NDArray {
  const a = inexact("i0", x)[0];
  return jnp.multiply(jnp.exp(jnp.abs(a)), un(SP.besselI0eP, a));
}

export function i1(x: ArrayLike): NDArray {
  const a = inexact("i1", x)[0];
  return jnp.multiply(jnp.exp(jnp.abs(a)), un(SP.besselI1eP, a));
}

export function entr(x: ArrayLike): NDArray {
  const a = inexact("entr", x)[0];
  if (isComplex(a.dtype)) throw new ValueError("entr does not support complex-valued inputs.");
  return jnp.where(jnp.less(a, 0), -Infinity, jnp.negative(un(SP.xlogxP, a)));
}

export function relEntr(p: ArrayLike, q: ArrayLike): NDArray {
  const [a, b] = inexact("rel_entr", p, q);
  const both = jnp.logicalAnd(jnp.greater(a, 0), jnp.greater(b, 0));
  const oneZero = jnp.logicalAnd(jnp.equal(a, 0), jnp.greaterEqual(b, 0));
  const sa = jnp.where(both, a, 1);
  const sb = jnp.where(both, b, 1);
  const v = jnp.subtract(un(SP.xlogxP, sa), bind1(SP.xlogyP, [sa, sb], {}));
  return jnp.where(both, v, jnp.where(oneZero, fullLike(a, 0), Infinity));
}

export function klDiv(p: ArrayLike, q: ArrayLike): NDArray {
  const [a, b] = inexact("kl_div", p, q);
  return jnp.add(jnp.subtract(relEntr(a, b), a), b);
}

function boxcoxWith(name: string, logf: (x: NDArray) => NDArray, x: ArrayLike, lmbda: ArrayLike): NDArray {
  const [a, l] = inexact(name, x, lmbda);
  const zero = jnp.equal(l, 0);
  const safe = jnp.where(zero, fullLike(l, 1), l);
  const lx = logf(a);
  return jnp.where(zero, lx, jnp.divide(jnp.expm1(jnp.multiply(safe, lx)), safe));
}
export const boxcox = (x: ArrayLike, lmbda: ArrayLike): NDArray => boxcoxWith("boxcox", jnp.log, x, lmbda);
export const boxcox1p = (x: ArrayLike, lmbda: ArrayLike): NDArray => boxcoxWith("boxcox1p", jnp.log1p, x, lmbda);

export function expn(n: ArrayLike, x: ArrayLike): NDArray {
  return bind1(SP.expnP, inexact("expn", n, x), {});
}

export function exp1(x: ArrayLike): NDArray {
  const a = inexact("exp1", x)[0];
  return bind1(SP.expnP, [fullLike(a, 1), a], {});
}

/** [Si(x), Ci(x)]. */
export function sici(x: ArrayLike): [NDArray, NDArray] {
  const a = inexact("sici", x)[0];
  return [un(SP.siciSiP, a), un(SP.siciCiP, a)];
}

/** [S(x), C(x)]. */
export function fresnel(x: ArrayLike): [NDArray, NDArray] {
  const a = inexact("fresnel", x)[0];
  return [un(SP.fresnelSP, a), un(SP.fresnelCP, a)];
}

export function spence(x: ArrayLike): NDArray {
  const a = asArray(x, "spence argument");
  if (a.dtype !== "float32" && a.dtype !== "float64") {
    throw new JaxTypeError(`spence: x.dtype=${a.dtype} is not supported, see docstring for supported types.`);
  }
  return un(SP.spenceP, a);
}

export { logsumexp, type LogsumexpOptions } from "../../nn/logsumexp.ts";

export interface SoftmaxOptions {
  axis?: number | number[] | null;
}

function softmaxAxes(x: NDArray, opts: SoftmaxOptions | undefined, name: string): number[] {
  const { axis = null } = checkOptions(opts, name, ["axis"]);
  return normalizeAxes(axis, x.ndim, `${name} axis`);
}

/** scipy's softmax: over every axis unless `{axis}` says otherwise. */

export function softmax(x: ArrayLike, opts?: SoftmaxOptions): NDArray {
  const a = asArray(x, "softmax argument");
  return strong(nnSoftmax(a, softmaxAxes(a, opts, "softmax")));
}

export function logSoftmax(x: ArrayLike, opts?: SoftmaxOptions): NDArray {
  const a = asArray(x, "log_softmax argument");
  return strong(nnLogSoftmax(a, softmaxAxes(a, opts, "log_softmax")));
}

export interface BesselJnOptions {
  v: number;
  nIter?: number;
}

/**
 * J_0(z) .. J_v(z) stacked on a new leading axis, by JAX's backward recurrence
 * (Miller's algorithm, `nIter` steps, normalised by J_0 + 2 J_2 + 2 J_4 + ... = 1).
 */
export function besselJn(z: ArrayLike, opts: BesselJnOptions): NDArray {
  const { v, nIter = 50 } = checkOptions(opts, "bessel_jn", ["v", "nIter"]);
  if (typeof v !== "number" || !Number.isInteger(v)) throw new JaxTypeError(`Argument v of bessel_jn must be an integer, got ${String(v)}`);
  if (!Number.isInteger(nIter)) throw new JaxTypeError(`Argument n_iter of bessel_jn must be an integer, got ${String(nIter)}`);
  const x = promoteDtypesInexact("bessel_jn", z)[0];
  const c = (val: number) => jnp.full(x.shape, val, { dtype: x.dtype });
  let f0 = c(0);
  let f1 = c(1e-16);
  let bs = c(0);
  const vals: NDArray[] = new Array(nIter + 1);
  for (let k = nIter; k >= 0; k--) {
    const f = jnp.subtract(jnp.divide(jnp.multiply(c(2 * (k + 1)), f1), x), f0);
    if (k % 2 === 0) bs = jnp.add(bs, jnp.multiply(c(2), f));
    [f0, f1] = [f1, f];
    vals[k] = f;
  }
  const norm = jnp.subtract(bs, vals[0]);
  return jnp.stack(vals.slice(0, v + 1).map((j) => jnp.divide(j, norm)));
}
