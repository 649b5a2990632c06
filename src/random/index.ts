// jaxts.random: JAX's PRNG, bit-exact with JAX's default threefry2x32
// (jax_threefry_partitionable = True). Keys are typed (random.key) or legacy
// uint32[2] arrays (random.PRNGKey); every sampler takes either.
export { PRNGKeyArray } from "./key_array.ts";
export { key, PRNGKey, keyData, wrapKeyData, split, foldIn, bits, type KeyLike } from "./keys.ts";
export { uniform, type UniformOpts } from "./uniform.ts";
export { normal, truncatedNormal } from "./normal.ts";
export { bernoulli } from "./bernoulli.ts";
export { randint } from "./randint.ts";
export { permutation, choice, type PermutationOpts, type ChoiceOpts } from "./shuffle.ts";
export { gumbel, categorical, type GumbelOpts, type CategoricalOpts } from "./gumbel.ts";
export { exponential, laplace } from "./exponential.ts";
export { cauchy, logistic, pareto, rayleigh, weibullMin, triangular, lognormal, wald, maxwell, doubleSidedMaxwell } from "./continuous.ts";
export { rademacher, geometric } from "./discrete.ts";
export { gamma, loggamma, randomGammaPublic as randomGammaP } from "./gamma.ts";
export { beta, dirichlet, chisquare, f, t, generalizedNormal, ball } from "./gamma_family.ts";
export { poisson } from "./poisson.ts";
export { binomial, multinomial, type MultinomialOpts } from "./binomial.ts";
export { multivariateNormal, orthogonal, type MultivariateNormalOpts, type OrthogonalOpts } from "./multivariate.ts";
export { keyImpl, keyDtype, clone } from "./key_info.ts";
