// Integer-valued samplers built from uniforms: rademacher and geometric, as
// JAX's _rademacher and _geometric.
import { asOperand } from "../core/convert.ts";
import { type DType, type DTypeLike, defaultFloat, defaultInt, isFloat } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, intDtype, optsOf } from "./args.ts";
import { bernoulli } from "./bernoulli.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { broadcastParam, sampleShape, shapeOf } from "./params.ts";
import { uniformData } from "./uniform.ts";
import { compiledSampler } from "./compiled.ts";
import { dtypeOfLike, canonicalize } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";

/** _rademacher on key data: 2 * bernoulli(½) - 1 in `dtype`. */
export function rademacherData(data: NDArray, shape: readonly number[], dtype: DType): NDArray {
  const b = lax.convertElementType(bernoulli(data, 0.5, [...shape]), dtype);
  return jnp.astype(jnp.subtract(jnp.multiply(2, b), 1), dtype);
}

/** jax.random.rademacher(key, shape = [], {dtype = int}): -1 or +1 with equal probability. */
export function rademacher(k: KeyLike, shape?: ShapeArg, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("rademacher", k);
  const raw = optsOf(opts, "rademacher").dtype;
  let dtype = defaultInt();
  if (raw !== undefined && raw !== null) {
    const named = dtypeOfLike(raw);
    if (named === null) throw new JaxTypeError(`rademacher: unknown dtype ${JSON.stringify(raw)}`);
    dtype = canonicalize(named);
  }
  return rademacherC(data, canonicalShape(shape, "rademacher"), dtype);
}
const rademacherC = compiledSampler(rademacherData);

/** jax.random.geometric(key, p, shape?, {dtype = int}): trials until the first success (≥ 1). */
export function geometric(k: KeyLike, p: ArrayLike, shape?: ShapeArg | null, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("geometric", k);
  const dtype = intDtype(optsOf(opts, "geometric").dtype, "geometric", defaultInt());
  const s = sampleShape("geometric", shape, shapeOf(p, "geometric p"));
  // promote_dtypes_inexact: integer p becomes the default float.
  let pp = typeof p === "number" ? jnp.asarray(p, defaultFloat()) : asOperand(p, "geometric p");
  if (!isFloat(pp.dtype)) pp = jnp.astype(pp, defaultFloat());
  return geometricC(data, s, dtype, pp);
}
/** The uniforms are in p's float dtype; `dtype` is the integer result's. */
const geometricC = compiledSampler((data, s, dtype, pp: NDArray) => {
  let u = uniformData(data, s, pp.dtype, 0, 1);
  u = jnp.where(jnp.equal(u, 0), 1, u);
  const logU = lax.log(u);
  const log1mP = broadcastParam(lax.log1p(lax.neg(pp)), s);
  const g = jnp.add(lax.floor(lax.div(logU, log1mP)), 1);
  return lax.convertElementType(g, dtype);
});
