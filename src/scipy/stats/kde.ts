// jax.scipy.stats.gaussian_kde: a weighted Gaussian kernel density
// estimate, a pytree (dataset, weights, covariance, ...) as in JAX.
import { JaxTypeError, ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import { checkOptions } from "../../core/options.ts";
import { cholesky, triangularSolve } from "../../lax/linalg_api.ts";
import * as jnp from "../../numpy/index.ts";
import * as random from "../../random/index.ts";
import { registerPytreeNodeClass } from "../../tree/registry.ts";
import { promoteDtypesInexact } from "../special/common.ts";
import { ndtr } from "../special/erf.ts";
import { logsumexp } from "../special/misc.ts";

export type BwMethod = "scott" | "silverman" | number | ((kde: GaussianKde) => ArrayLike);

export interface GaussianKdeOptions {
  bwMethod?: BwMethod | null;
  weights?: ArrayLike | null;
}

const diag = (m: NDArray): NDArray => jnp.sum(jnp.multiply(m, jnp.eye(m.shape[0], undefined, undefined, { dtype: m.dtype })), -1);

/** Solves (L L^T) x = b for x, given the lower Cholesky factor L. */
function choSolve(L: NDArray, b: NDArray): NDArray {
  const y = triangularSolve(L, b, { leftSide: true, lower: true });
  return triangularSolve(L, y, { leftSide: true, lower: true, transposeA: true });
}

export class GaussianKde {
  constructor(
    readonly neff: NDArray,
    readonly dataset: NDArray,
    readonly weights: NDArray,
    readonly covariance: NDArray,
    readonly invCov: NDArray,
  ) {}

  get d(): number {
    return this.dataset.shape[0];
  }
  get n(): number {
    return this.dataset.shape[1];
  }

  treeFlatten(): [NDArray[], null] {
    return [[this.neff, this.dataset, this.weights, this.covariance, this.invCov], null];
  }
  static treeUnflatten(_aux: unknown, children: unknown[]): GaussianKde {
    const [neff, dataset, weights, covariance, invCov] = children as NDArray[];
    return new GaussianKde(neff, dataset, weights, covariance, invCov);
  }

  private points(x: ArrayLike): NDArray {
    let p = jnp.atleast2d(x) as NDArray;
    const [d, m] = p.shape;
    if (d !== this.d) {
      if (d === 1 && m === this.d) p = jnp.reshape(p, [this.d, 1]);
      else throw new ValueError(`points have dimension ${d}, dataset has dimension ${this.d}`);
    }
    return p;
  }

  /** The weighted kernel sum at each column of `points`, or its log. */
  private kernelEval(inLog: boolean, points: ArrayLike): NDArray {
    const [data, xi0, prec] = promoteDtypesInexact("gaussian_kde", this.dataset, this.points(points), this.invCov);
    const w = cholesky(prec);
    const train = jnp.matmul(jnp.transpose(data), w); // (n, d)
    const xi = jnp.matmul(jnp.transpose(xi0), w); // (m, d)
    const logNorm = jnp.subtract(jnp.sum(jnp.log(diag(w))), 0.5 * this.d * Math.log(2 * Math.PI));
    const diff = jnp.subtract(jnp.expandDims(xi, 1), jnp.expandDims(train, 0)); // (m, n, d)
    const arg = jnp.subtract(logNorm, jnp.multiply(0.5, jnp.sum(jnp.square(diff), -1))); // (m, n)
    const wts = this.weights.astype(arg.dtype);
    if (inLog) return logsumexp(jnp.add(jnp.log(wts), arg), 1);
    return jnp.sum(jnp.multiply(wts, jnp.exp(arg)), 1);
  }

  evaluate(points: ArrayLike): NDArray {
    return this.kernelEval(false, points);
  }
  pdf(x: ArrayLike): NDArray {
    return this.evaluate(x);
  }
  logpdf(x: ArrayLike): NDArray {
    return this.kernelEval(true, x);
  }

  /** The integral of the estimate times the Gaussian N(mean, cov). */
  integrateGaussian(mean: ArrayLike, cov: ArrayLike): NDArray {
    const m = jnp.atleast1d(jnp.squeeze(jnp.asarray(mean))) as NDArray;
    const c = jnp.atleast2d(cov) as NDArray;
    if (m.ndim !== 1 || m.shape[0] !== this.d) throw new ValueError(`mean does not have dimension ${this.d}`);
    if (c.shape[0] !== this.d || c.shape[1] !== this.d) throw new ValueError(`covariance does not have dimension ${this.d}`);
    return this.convolve(jnp.add(this.covariance, c), this.dataset, this.weights, m);
  }

  /** The mass of a 1-d estimate between low and high. */
  integrateBox1d(low: number, high: number): NDArray {
    if (this.d !== 1) throw new ValueError("integrate_box_1d() only handles 1D pdfs");
    if (typeof low !== "number" || typeof high !== "number") {
      throw new ValueError("the limits of integration in integrate_box_1d must be scalars");
    }
    const sigma = jnp.squeeze(jnp.sqrt(this.covariance));
    const lo = jnp.squeeze(jnp.divide(jnp.subtract(low, this.dataset), sigma));
    const hi = jnp.squeeze(jnp.divide(jnp.subtract(high, this.dataset), sigma));
    return jnp.sum(jnp.multiply(this.weights, jnp.subtract(ndtr(hi), ndtr(lo))));
  }

  /** The integral of the product of two estimates. */
  integrateKde(other: GaussianKde): NDArray {
    if (other.d !== this.d) throw new ValueError("KDEs are not the same dimensionality");
    const [sm, lg] = this.n < other.n ? [this, other] : [other, this];
    const cov = jnp.add(this.covariance, other.covariance);
    const per = Array.from({ length: sm.n }, (_, j) => this.convolve(cov, lg.dataset, lg.weights, sm.dataset.get("...", j)));
    return jnp.sum(jnp.multiply(jnp.stack(per), sm.weights));
  }

  private convolve(cov: NDArray, data: NDArray, weights: NDArray, mean: NDArray): NDArray {
    const L = cholesky(cov);
    const norm = jnp.divide(1, jnp.multiply(Math.sqrt(2 * Math.PI) ** this.d, jnp.prod(diag(L))));
    const diff = jnp.subtract(data, jnp.expandDims(mean, 1));
    const alpha = choSolve(L, diff);
    const arg = jnp.multiply(0.5, jnp.sum(jnp.multiply(diff, alpha), 0));
    return jnp.multiply(norm, jnp.sum(jnp.multiply(jnp.exp(jnp.negative(arg)), weights)));
  }

  /** `shape` draws: a data point chosen by weight plus N(0, covariance) noise; shape (d, ...shape). */
  resample(key: random.KeyLike, shape: number[] = []): NDArray {
    const keys = random.split(key as random.KeyLike) as NDArray;
    const [indKey, epsKey] = [keys.get(0), keys.get(1)];
    const ind = random.choice(indKey, this.n, shape, { p: this.weights });
    const factor = cholesky(this.covariance);
    const z = random.normal(epsKey, [...shape, this.d], { dtype: this.dataset.dtype });
    const eps = jnp.matmul(z, jnp.transpose(factor));
    const picked = jnp.take(this.dataset, ind, 1);
    return jnp.add(picked, jnp.moveaxis(eps, -1, 0));
  }

  integrateBox(): never {
    throw new JaxTypeError("only 1D box integrations are supported; use `integrateBox1d`");
  }
  setBandwidth(): never {
    throw new JaxTypeError("dynamically changing the bandwidth method is not supported");
  }
}
registerPytreeNodeClass(GaussianKde);

/** jax.scipy.stats.gaussian_kde(dataset, {bwMethod, weights}); dataset is (d, n) or (n,). */
export function gaussianKde(dataset: ArrayLike, opts?: GaussianKdeOptions): GaussianKde {
  const o = checkOptions(opts, "gaussian_kde", ["bwMethod", "weights"]);
  let data = jnp.atleast2d(dataset) as NDArray;
  if (!(data.size > 1)) throw new ValueError("`dataset` input should have multiple elements.");
  const [d, n] = data.shape;
  let weights: NDArray;
  if (o.weights !== undefined && o.weights !== null) {
    [data, weights] = promoteDtypesInexact("gaussian_kde", data, o.weights);
    weights = jnp.atleast1d(weights) as NDArray;
    weights = jnp.divide(weights, jnp.sum(weights));
    if (weights.ndim !== 1) throw new ValueError("`weights` input should be one-dimensional.");
    if (weights.shape[0] !== n) throw new ValueError("`weights` input should be of length n");
  } else {
    data = promoteDtypesInexact("gaussian_kde", data)[0];
    weights = jnp.full([n], 1 / n, { dtype: data.dtype });
  }
  const neff = jnp.divide(1, jnp.sum(jnp.square(weights)));
  const bw = o.bwMethod ?? "scott";
  let factor: ArrayLike;
  if (bw === "scott") factor = jnp.power(neff, -1 / (d + 4));
  else if (bw === "silverman") factor = jnp.power(jnp.divide(jnp.multiply(neff, d + 2), 4), -1 / (d + 4));
  else if (typeof bw === "number") factor = bw;
  else if (typeof bw === "function") factor = bw(new GaussianKde(neff, data, weights, data, data));
  else throw new ValueError("`bw_method` should be 'scott', 'silverman', a scalar, or a callable.");
  // Weighted covariance with ddof 1 (jnp.cov with aweights; the weights sum to 1).
  const mean = jnp.sum(jnp.multiply(data, weights), 1, { keepdims: true });
  const xc = jnp.subtract(data, mean);
  const fact = jnp.subtract(1, jnp.sum(jnp.square(weights)));
  const dataCov = jnp.divide(jnp.matmul(jnp.multiply(xc, weights), jnp.transpose(xc)), fact);
  const dataInvCov = jnp.linalg.inv(dataCov);
  const f2 = jnp.square(factor);
  const shape = [d, d];
  return new GaussianKde(
    neff,
    data,
    weights,
    jnp.reshape(jnp.multiply(dataCov, f2), shape),
    jnp.reshape(jnp.divide(dataInvCov, f2), shape),
  );
}
