// jax.nn.standardize and jax.nn.logmeanexp: reductions with an optional
// `where` mask, written as JAX writes them.
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxes } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import * as jnp from "../numpy/index.ts";
import { asArray, promoteToFloat } from "../numpy/util.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { logsumexp } from "./index.ts";

type Axis = number | number[] | null;

/** mean over axes (keepdims) of the elements where `mask` holds, as jnp.mean(..., where=mask). */
function maskedMean(a: NDArray, axes: number[], mask: NDArray | null): NDArray {
  if (!mask) return jnp.mean(a, axes, { keepdims: true });
  const m = jnp.broadcastTo(mask, a.shape);
  const s = jnp.sum(jnp.where(m, a, 0), axes, { keepdims: true });
  return jnp.divide(s, jnp.sum(m.astype(a.dtype), axes, { keepdims: true }));
}

const standardizeC = compiledEager(
  (a: NDArray, axes: number[], mean: NDArray | null, variance: NDArray | null, eps: NDArray, where: NDArray | null, stable: boolean) => {
    const mu = mean ?? maskedMean(a, axes, where);
    let v = variance;
    if (!v) {
      v = stable
        ? maskedMean(jnp.square(jnp.subtract(a, mu)), axes, where)
        : // JAX's "fast" variance, E[x²] - E[x]², clipped at 0 before the rsqrt.
          jnp.clip(jnp.subtract(maskedMean(jnp.square(a), axes, where), jnp.square(mu)), 0);
    }
    return jnp.multiply(jnp.subtract(a, mu), bind1(E.rsqrtP, [jnp.add(v, eps)], {}));
  },
  [1, 6],
);

export interface StandardizeOptions {
  mean?: ArrayLike | null;
  variance?: ArrayLike | null;
  epsilon?: ArrayLike;
  where?: ArrayLike | null;
  algorithm?: "fast" | "stable";
}

/** standardize(x, axis = -1, {mean, variance, epsilon = 1e-5, where, algorithm = "fast"}). */
export function standardize(x: ArrayLike, axis: Axis = -1, opts: StandardizeOptions = {}): NDArray {
  const o = checkOptions(opts, "standardize", ["mean", "variance", "epsilon", "where", "algorithm"]);
  const algorithm = o.algorithm ?? "fast";
  if (algorithm !== "fast" && algorithm !== "stable") {
    throw new ValueError(`Unknown algorithm '${String(algorithm)}'. Expected 'fast' or 'stable'.`);
  }
  const a = asArray(x, "standardize argument");
  const axes = normalizeAxes(axis, a.ndim, "standardize axis");
  const opt = (v: ArrayLike | null | undefined, what: string) => (v === undefined || v === null ? null : asArray(v, `standardize ${what}`));
  const af = promoteToFloat("standardize", a)[0];
  return standardizeC(
    af,
    axes,
    opt(o.mean, "mean"),
    opt(o.variance, "variance"),
    asArray(o.epsilon ?? 1e-5, "standardize epsilon"),
    opt(o.where, "where"),
    algorithm === "stable",
  );
}

const logmeanexpC = compiledEager(
  (a: NDArray, axes: number[], where: NDArray | null, keepdims: boolean) => {
    if (!where) {
      const lse = logsumexp(a, axes, { keepdims });
      const n = axes.reduce((p, ax) => p * a.shape[ax], 1);
      return jnp.subtract(lse, jnp.log(jnp.full([], n, { dtype: lse.dtype })));
    }
    const m = jnp.broadcastTo(where, a.shape);
    const lse = logsumexp(jnp.where(m, a, -Infinity), axes, { keepdims });
    return jnp.subtract(lse, jnp.log(jnp.sum(m.astype(lse.dtype), axes, { keepdims })));
  },
  [1, 3],
);

/** logmeanexp(x, axis = null, {where, keepdims}) = logsumexp(x) - log(count). */
export function logmeanexp(x: ArrayLike, axis: Axis = null, opts: { where?: ArrayLike | null; keepdims?: boolean } = {}): NDArray {
  const o = checkOptions(opts, "logmeanexp", ["where", "keepdims"]);
  const a = promoteToFloat("logmeanexp", x)[0];
  const axes = normalizeAxes(axis, a.ndim, "logmeanexp axis");
  const w = o.where === undefined || o.where === null ? null : asArray(o.where, "logmeanexp where");
  return logmeanexpC(a, axes, w, o.keepdims ?? false);
}
