// permutation and choice, as JAX's _shuffle / permutation / choice: shuffles
// are repeated stable sorts by fresh 32-bit random keys (enough rounds that
// key collisions are negligible), weighted choice inverts the cumulative
// distribution, and weighted choice without replacement uses Gumbel-top-k.
import { checkOptions } from "../core/options.ts";
import { asOperand, scalarArray } from "../core/convert.ts";
import { defaultFloat, isFloat, isInteger } from "../core/dtypes.ts";
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, pyShape } from "./args.ts";
import { randomBits32 } from "./bits.ts";
import { type GumbelMode, gumbelData, topK } from "./gumbel.ts";
import { type KeyLike, checkKey, splitData } from "./keys.ts";
import { randintData } from "./randint.ts";
import { uniformData } from "./uniform.ts";

function keyRow(keys: NDArray, i: number): NDArray {
  return lax.reshape(lax.slice(keys, [i, 0], [i + 1, 2]), [2]);
}

/** _shuffle: sort x along axis by random uint32 keys, in as many rounds as JAX uses. */
export function shuffleData(data: NDArray, x: NDArray, axis: number): NDArray {
  const exponent = 3;
  const uint32max = 2 ** 32 - 1;
  const rounds = Math.ceil((exponent * Math.log(Math.max(1, x.size))) / Math.log(uint32max));
  let key = data;
  let out = x;
  for (let r = 0; r < rounds; r++) {
    const keys = splitData(key, [2]);
    key = keyRow(keys, 0);
    const sortKeys = randomBits32(keyRow(keys, 1), out.shape);
    out = lax.sortKeyVal(sortKeys, out, axis, true)[1];
  }
  return out;
}

function normAxis(axis: number, ndim: number, name: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ValueError(`${name}: axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** A concrete integer from a JS number or a 0-d integer array. */
function concreteInt(x: number | NDArray, what: string): number {
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new JaxTypeError(`${what} must be an integer or at least 1-dimensional, got ${x}`);
    return x;
  }
  if (!isInteger(x.dtype)) throw new JaxTypeError(`${what} must be an integer or at least 1-dimensional`);
  if (x.isTracer) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: ${what} must be a concrete integer (it sets the output shape).`,
    );
  }
  return Number(x.item());
}

export interface PermutationOpts {
  axis?: number;
  independent?: boolean;
}

/**
 * jax.random.permutation(key, x, {axis = 0, independent = false}): a shuffled
 * arange(x) for an integer x, else x shuffled along axis (each slice
 * independently when `independent`). The third argument may be the axis.
 */
export function permutation(k: KeyLike, x: number | ArrayLike, opts: PermutationOpts | number = {}): NDArray {
  const o: PermutationOpts = typeof opts === "number" ? { axis: opts } : checkOptions(opts, "permutation", ["axis", "independent"]);
  const { data } = checkKey("permutation", k);
  return permutationData(data, x, o.axis ?? 0, o.independent ?? false);
}

function permutationData(data: NDArray, x: number | ArrayLike, axis: number, independent: boolean): NDArray {
  const arr = typeof x === "number" ? null : asOperand(x, "permutation x");
  if (arr === null || arr.ndim === 0) {
    const n = concreteInt(arr ?? (x as number), "x");
    normAxis(axis, 1, "permutation");
    return shuffleData(data, jnp.arange(n), 0);
  }
  const ax = normAxis(axis, arr.ndim, "permutation");
  if (independent || arr.ndim === 1) return shuffleData(data, arr, ax);
  const ind = shuffleData(data, jnp.arange(arr.shape[ax]), 0);
  return jnp.take(arr, ind, ax, { uniqueIndices: true });
}

export interface ChoiceOpts {
  replace?: boolean;
  p?: ArrayLike | null;
  axis?: number;
  mode?: GumbelMode;
}

/**
 * jax.random.choice(key, a, shape = [], {replace = true, p, axis = 0}): a sample
 * of `shape` from the entries of `a` along `axis` (from arange(a) for an integer a).
 */
export function choice(k: KeyLike, a: number | ArrayLike, shape: ShapeArg = [], opts: ChoiceOpts = {}): NDArray {
  checkOptions(opts, "choice", ["replace", "p", "axis", "mode"]);
  const { data } = checkKey("choice", k);
  if (!Array.isArray(shape) && typeof shape !== "number") {
    throw new JaxTypeError(`shape argument of jax.random.choice must be a sequence, got ${String(shape)}`);
  }
  const s = canonicalShape(shape, "choice");
  const replace = opts.replace ?? true;
  const arr = asOperand(a, "choice a");
  let axis = opts.axis ?? 0;
  let nInputs: number;
  if (arr.ndim === 0) nInputs = concreteInt(typeof a === "number" ? a : arr, "a");
  else {
    axis = normAxis(axis, arr.ndim, "choice");
    nInputs = arr.shape[axis];
  }
  const nDraws = s.reduce((x, y) => x * y, 1);
  if (nDraws === 0) return jnp.zeros(s, { dtype: arr.dtype });
  if (nInputs <= 0) throw new ValueError("choice: a must be greater than 0 unless no samples are taken");
  if (!replace && nDraws > nInputs) {
    throw new ValueError(`choice: Cannot take a larger sample (size ${nDraws}) than population (size ${nInputs}) when 'replace=False'`);
  }

  let result: NDArray;
  const pick = (ind: NDArray) => (arr.ndim === 0 ? ind : jnp.take(arr, ind, axis));
  if (opts.p === undefined || opts.p === null) {
    if (replace) result = pick(randintData(data, s, 0, nInputs, "int32"));
    else {
      const perm = permutationData(data, arr.ndim === 0 ? nInputs : arr, axis, false);
      const start = perm.shape.map(() => 0);
      const limit = perm.shape.map((d, i) => (i === axis ? nDraws : d));
      result = lax.slice(perm, start, limit);
    }
  } else {
    let p = asOperand(opts.p, "choice p");
    if (!isFloat(p.dtype)) p = jnp.astype(p, defaultFloat());
    if (p.ndim !== 1 || p.shape[0] !== nInputs) {
      throw new ValueError(
        `choice: p must be None or a 1D vector with the same size as a.shape[axis]. p has shape ${pyShape(p.shape)} and a.shape[axis] is ${nInputs}.`,
      );
    }
    let ind: NDArray;
    if (replace) {
      const cuml = jnp.cumsum(p);
      const total = lax.reshape(lax.slice(cuml, [nInputs - 1], [nInputs]), []);
      const u = uniformData(data, s, p.dtype, 0, 1);
      const r = jnp.multiply(total, jnp.subtract(scalarArray(1, p.dtype, false), u));
      // As JAX: a binary search of the cumulative sums (a comparison against every one cost O(n·k)).
      ind = jnp.astype(jnp.searchsorted(cuml, r), "int32");
    } else {
      const g = jnp.add(gumbelData(data, [nInputs], p.dtype, opts.mode ?? "low"), jnp.log(p));
      ind = topK(g, nDraws)[1];
    }
    result = pick(ind);
  }
  const outShape = arr.ndim === 0 ? s : [...arr.shape.slice(0, axis), ...s, ...arr.shape.slice(axis + 1)];
  return lax.reshape(result, outShape);
}
