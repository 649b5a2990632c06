// jax.scipy.stats: distributions (JAX's modules as objects of functions)
// and the top-level mode, rankdata, sem.
export {
  beta,
  cauchy,
  chi2,
  expon,
  gamma,
  gennorm,
  gumbelL,
  gumbelR,
  laplace,
  logistic,
  norm,
  pareto,
  t,
  uniform,
  vonmises,
  wrapcauchy,
} from "./continuous.ts";
export { bernoulli, betabinom, binom, geom, multinomial, nbinom, poisson } from "./discrete.ts";
export { dirichlet, multivariateNormal } from "./multivariate.ts";
export { truncnorm } from "./truncnorm.ts";
export { mode, rankdata, sem } from "./core.ts";
export { GaussianKde, gaussianKde } from "./kde.ts";
