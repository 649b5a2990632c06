// jax.scipy.special: JAX's names in camelCase.
import * as erf from "./erf.ts";
import * as gam from "./gamma.ts";
import * as misc from "./misc.ts";
import { sphHarmY } from "./sph_harm.ts";
import { wofz } from "./wofz.ts";

export const special = {
  // gamma family
  gamma: gam.gamma,
  gammaln: gam.gammaln,
  gammasgn: gam.gammasgn,
  loggamma: gam.loggamma,
  digamma: gam.digamma,
  polygamma: gam.polygamma,
  zeta: gam.zeta,
  beta: gam.beta,
  betaln: gam.betaln,
  betainc: gam.betainc,
  gammainc: gam.gammainc,
  gammaincc: gam.gammaincc,
  factorial: gam.factorial,
  comb: gam.comb,
  poch: gam.poch,
  multigammaln: gam.multigammaln,
  bernoulli: gam.bernoulli,
  // error functions and the normal distribution
  erf: erf.erf,
  erfc: erf.erfc,
  erfinv: erf.erfinv,
  erfcx: erf.erfcx,
  dawsn: erf.dawsn,
  ndtr: erf.ndtr,
  ndtri: erf.ndtri,
  logNdtr: erf.logNdtr,
  // logs, entropies, transforms
  xlogy: misc.xlogy,
  xlog1py: misc.xlog1py,
  entr: misc.entr,
  relEntr: misc.relEntr,
  klDiv: misc.klDiv,
  boxcox: misc.boxcox,
  boxcox1p: misc.boxcox1p,
  expit: misc.expit,
  logit: misc.logit,
  logsumexp: misc.logsumexp,
  softmax: misc.softmax,
  logSoftmax: misc.logSoftmax,
  // Bessel functions and integrals
  i0: misc.i0,
  i0e: misc.i0e,
  i1: misc.i1,
  i1e: misc.i1e,
  expi: misc.expi,
  exp1: misc.exp1,
  expn: misc.expn,
  sici: misc.sici,
  fresnel: misc.fresnel,
  spence: misc.spence,
  owensT: misc.owensT,
  hyp1f1: misc.hyp1f1,
  hyp2f1: misc.hyp2f1,
  besselJn: misc.besselJn,
  // Faddeeva function and spherical harmonics
  wofz,
  sphHarmY,
};
