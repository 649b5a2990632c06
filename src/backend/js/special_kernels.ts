// Reference kernels of the special-function primitives (src/lax/special.ts):
// one float64 scalar function per primitive, applied elementwise.
import { alloc, defKernel } from "./kernel.ts";
import * as F from "./special_fns.ts";
import * as H from "./special_hyper.ts";
import * as I from "./special_integrals.ts";

type Scalar = (...xs: number[]) => number;

/** x * log(...) with 0 at x = 0, unless the log's argument is NaN (as JAX's xlogy). */
const xlog = (x: number, y: number, l: number) => (x === 0 && !Number.isNaN(y) ? 0 : x * l);

const SCALAR: Record<string, Scalar> = {
  erfc: F.erfc,
  polygamma: F.polygamma,
  igamma: F.igamma,
  igammac: F.igammac,
  igamma_grad_a: F.igammaGradA,
  random_gamma_grad: F.randomGammaGrad,
  zeta: F.zeta,
  zeta_grad_x: F.zetaGradX,
  bessel_i0e: F.besselI0e,
  bessel_i1e: F.besselI1e,
  regularized_incomplete_beta: F.betainc,
  erfcx: F.erfcx,
  log_ndtr: F.logNdtr,
  ndtri: F.ndtri,
  dawsn: I.dawsn,
  expi: I.expi,
  expn: I.expn,
  sici_si: (x) => I.sici(x)[0],
  sici_ci: (x) => I.sici(x)[1],
  fresnel_s: (x) => I.fresnel(x)[0],
  fresnel_c: (x) => I.fresnel(x)[1],
  spence: I.spence,
  owens_t: I.owensT,
  hyp1f1: H.hyp1f1,
  hyp2f1: H.hyp2f1,
  xlogy: (x, y) => xlog(x, y, Math.log(y)),
  xlog1py: (x, y) => xlog(x, y, Math.log1p(y)),
  xlogx: (x) => xlog(x, x, Math.log(x)),
};

for (const [name, f] of Object.entries(SCALAR)) {
  defKernel(name, (xs, _avals, _p, [o]) => {
    const out = alloc(o);
    const args = new Array<number>(xs.length);
    for (let i = 0; i < out.length; i++) {
      for (let j = 0; j < xs.length; j++) args[j] = xs[j][i];
      out[i] = f(...args);
    }
    return [out];
  });
}
