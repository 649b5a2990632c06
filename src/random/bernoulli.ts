// jax.random.bernoulli: uniform(key, shape, dtype(p)) < p.
import { checkOptions } from "../core/options.ts";
import { asOperand, scalarArray } from "../core/convert.ts";
import { defaultFloat, isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import { type ShapeArg, canonicalShape, checkShape, finfo } from "./args.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import * as B from "./lax_bcast.ts";
import { uniformData } from "./uniform.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

/**
 * jax.random.bernoulli(key, p = 0.5, shape?, {mode}): booleans that are true with
 * probability p (shape defaults to p's shape). A JS number p is a probability,
 * so it is taken as a float even when integer-valued (bernoulli(key, 1)).
 * mode "high" draws two uniforms per sample for accuracy at tiny p, as JAX.
 */
export function bernoulli(k: KeyLike, p: ArrayLike = 0.5, shape?: ShapeArg | null, opts: { mode?: "low" | "high" } = {}): NDArray {
  checkOptions(opts, "bernoulli", ["mode"]);
  const mode = opts.mode ?? "low";
  if (mode !== "low" && mode !== "high") throw new ValueError(`got mode=${JSON.stringify(mode)}, expected 'high' or 'low'`);
  const { data } = checkKey("bernoulli", k);
  let prob: NDArray;
  if (typeof p === "number") prob = scalarArray(p, defaultFloat(), false);
  else {
    prob = p instanceof NDArray ? p : lax.convertElementType(asOperand(p, "bernoulli p"), defaultFloat());
    if (!isFloat(prob.dtype)) throw new JaxTypeError(`bernoulli probability \`p\` must have a floating dtype, got ${prob.dtype}.`);
  }
  let s: number[];
  if (shape === undefined || shape === null) s = [...prob.shape];
  else {
    s = canonicalShape(shape, "bernoulli");
    checkShape("bernoulli", s, prob.shape);
  }
  return bernoulliData(data, s, prob, mode);
}

/** The sampler's body, compiled when eager (one program per shape, dtype and mode, as JAX jits _bernoulli). */
const bernoulliData = compiledEager(
  (data: NDArray, s: number[], prob: NDArray, mode: "low" | "high"): NDArray => {
    const dtype = prob.dtype;
    if (mode === "high") {
      const u = uniformData(data, [2, ...s], dtype, 0, 1);
      const row = (i: number) => lax.reshape(lax.slice(u, [i, ...s.map(() => 0)], [i + 1, ...s]), s);
      const u2 = lax.mul(row(1), 2 ** -finfo(dtype).nmant);
      return B.lt(u2, B.sub(prob, row(0)));
    }
    return B.lt(uniformData(data, s, dtype, 0, 1), prob);
  },
  [1, 3],
);
