// Multivariate distributions of jax.scipy.stats: multivariate_normal and
// dirichlet.
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { broadcastShapes, shapeStr } from "../../core/shape.ts";
import { cholesky, triangularSolve } from "../../lax/linalg_api.ts";
import * as jnp from "../../numpy/index.ts";
import { promoteDtypesInexact } from "../special/common.ts";
import { gammaln } from "../special/gamma.ts";
import { xlogy } from "../special/misc.ts";
import { exp, mul, sub, where } from "./common.ts";

const LOG_2PI = Math.log(2 * Math.PI);

export interface MultivariateNormalOptions {
  allowSingular?: null;
}

function mvnLogpdf(x0: ArrayLike, mean0: ArrayLike, cov0: ArrayLike, opts?: MultivariateNormalOptions): NDArray {
  const { allowSingular } = checkOptions(opts, "multivariate_normal.logpdf", ["allowSingular"]);
  if (allowSingular !== undefined && allowSingular !== null) {
    throw new JaxTypeError("allow_singular argument of multivariate_normal.logpdf is not implemented (as in JAX)");
  }
  const [x, mean, cov] = promoteDtypesInexact("multivariate_normal.logpdf", x0, mean0, cov0);
  if (mean.ndim === 0) {
    return sub(mul(-0.5, jnp.divide(jnp.square(sub(x, mean)), cov)), mul(0.5, jnp.add(LOG_2PI, jnp.log(cov))));
  }
  const n = mean.shape[mean.ndim - 1];
  const y0 = sub(x, mean);
  if (cov.ndim === 0) {
    const q = jnp.sum(mul(y0, y0), -1);
    return sub(mul(-0.5, jnp.divide(q, cov)), mul(n / 2, jnp.add(LOG_2PI, jnp.log(cov))));
  }
  const cs = cov.shape;
  if (cov.ndim < 2 || cs[cs.length - 1] !== n || cs[cs.length - 2] !== n) {
    throw new ValueError(`multivariate_normal.logpdf got incompatible shapes: mean ${shapeStr(mean.shape)}, cov ${shapeStr(cs)}`);
  }
  const L = cholesky(cov);
  const batch = broadcastShapes(y0.shape.slice(0, -1), cs.slice(0, -2));
  const Lb = jnp.broadcastTo(L, [...batch, n, n]);
  const yb = jnp.broadcastTo(y0, [...batch, n]);
  const y = triangularSolve(Lb, yb, { lower: true, transposeA: true });
  const logDiag = jnp.sum(jnp.log(jnp.sum(mul(L, jnp.eye(n, undefined, undefined, { dtype: L.dtype })), -1)), -1);
  return sub(sub(mul(-0.5, jnp.sum(mul(y, y), -1)), (n / 2) * LOG_2PI), logDiag);
}

export const multivariateNormal = {
  logpdf: mvnLogpdf,
  pdf: (x: ArrayLike, mean: ArrayLike, cov: ArrayLike): NDArray => exp(mvnLogpdf(x, mean, cov)),
};

function dirichletLogpdf(x0: ArrayLike, alpha0: ArrayLike): NDArray {
  let [x, alpha] = promoteDtypesInexact("dirichlet.logpdf", x0, alpha0);
  if (alpha.ndim !== 1) throw new ValueError(`\`alpha\` must be one-dimensional; got alpha.shape=${shapeStr(alpha.shape)}`);
  const k = alpha.shape[0];
  if (x.ndim === 0 || (x.shape[0] !== k && x.shape[0] !== k - 1)) {
    throw new ValueError(
      `\`x\` must have either the same number of entries as \`alpha\` or one entry fewer; got x.shape=${shapeStr(x.shape)}, alpha.shape=${shapeStr(alpha.shape)}`,
    );
  }
  if (x.shape[0] !== k) x = jnp.concatenate([x, sub(1, jnp.sum(x, 0, { keepdims: true }))], 0);
  const normalize = sub(jnp.sum(gammaln(alpha)), gammaln(jnp.sum(alpha)));
  const a = x.ndim > 1 ? jnp.reshape(alpha, [k, ...Array(x.ndim - 1).fill(1)]) : alpha;
  const lp = sub(jnp.sum(xlogy(sub(a, 1), x), 0), normalize);
  const simplex = jnp.logicalAnd(jnp.all(jnp.greater(x, 0), 0), jnp.less(jnp.abs(sub(jnp.sum(x, 0), 1)), 1e-6));
  return where(simplex, lp, -Infinity);
}

export const dirichlet = {
  logpdf: dirichletLogpdf,
  pdf: (x: ArrayLike, alpha: ArrayLike): NDArray => exp(dirichletLogpdf(x, alpha)),
};
