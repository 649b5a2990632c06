// jax.scipy: special functions.
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import { logsumexp as lse } from "../nn/index.ts";
import { promoteToFloat } from "../numpy/util.ts";
import * as jnp from "../numpy/index.ts";

export const special = {
  erf: (x: ArrayLike): NDArray => bind1(E.erfP, [promoteToFloat("erf", x)[0]], {}),
  erfinv: (x: ArrayLike): NDArray => bind1(E.erfInvP, [promoteToFloat("erfinv", x)[0]], {}),
  erfc: (x: ArrayLike): NDArray => {
    const a = promoteToFloat("erfc", x)[0];
    return jnp.subtract(1, bind1(E.erfP, [a], {}));
  },
  logsumexp: (x: ArrayLike, axis?: number | number[] | null, opts: { keepdims?: boolean } = {}): NDArray => lse(x, axis, opts),
  gammaln: (x: ArrayLike): NDArray => bind1(E.lgammaP, [promoteToFloat("gammaln", x)[0]], {}),
  digamma: (x: ArrayLike): NDArray => bind1(E.digammaP, [promoteToFloat("digamma", x)[0]], {}),
  expit: (x: ArrayLike): NDArray => bind1(E.logisticP, [promoteToFloat("expit", x)[0]], {}),
  logit: (x: ArrayLike): NDArray => {
    const a = promoteToFloat("logit", x)[0];
    return jnp.log(jnp.divide(a, jnp.subtract(1, a)));
  },
};
export * as linalg from "./linalg.ts";
