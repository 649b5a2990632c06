// Selecting and placing by condition or index: select, piecewise, choose,
// compress, extract, flatnonzero, place, put, putAlongAxis. Functions whose
// output length depends on values take `size` (and `fillValue`) so that they
// work under jit, as in JAX; without it they need concrete values.
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../core/errors.ts";
import { isInteger } from "../core/dtypes.ts";
import { arrayFromJs } from "../core/convert.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { selectNP } from "../lax/elementwise.ts";
import { switch_ } from "../lax/control/cond_api.ts";
import { arange, array, full } from "./creation.ts";
import * as el from "./elementwise.ts";
import { argmax, any as anyR, cumsum, sum } from "./reductions.ts";
import { broadcastArrays, broadcastTo, concatenate, expandDims, moveaxis, ravel, reshape, stack, tile } from "./shape.ts";
import { argsort } from "./sorting.ts";
import { takeAlongAxis } from "./take.ts";
import { asArray, promoteArgs } from "./util.ts";
import { vectorize } from "./vectorize.ts";

/** An index argument as an array: JS integers as int32. */
export function indexArray(obj: ArrayLike, what: string): NDArray {
  if (obj instanceof NDArray) return obj;
  const flat = [obj].flat(Infinity as 1);
  const ints = flat.length > 0 && flat.every((v) => typeof v === "number" && Number.isInteger(v));
  return arrayFromJs(obj, ints ? "int32" : undefined, what);
}

/** A concrete integer from a value that sets an output shape, or JAX's ConcretizationTypeError. */
function concreteCount(x: NDArray, what: string): number {
  if (x.isTracer) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: ${what}. Pass a static \`size\` to use it under jit.`,
    );
  }
  return Number(x.item());
}

/**
 * Positions of the true entries of a 1-d mask, in order: exactly `size` of
 * them (padded with fillValue, default 0) when size is given, else all of
 * them (the count read from concrete values).
 */
export function nonzeroSized(mask: NDArray, size: number | null, fillValue: ArrayLike | null, name: string): NDArray {
  const m = mask.dtype === "bool" ? mask : el.notEqual(mask, 0);
  const n = m.shape[0];
  const count = sum(m);
  const k = size ?? concreteCount(count, `the output size of ${name} depends on the values of its argument`);
  checkInt(k, `${name} size`, 0);
  // A stable sort of "not true" puts the true positions first, in order.
  let idx = argsort(el.astype(el.logicalNot(m), "int32"));
  if (k <= n) idx = idx.get(arange(k));
  else idx = concatenate([idx, full([k - n], 0, { dtype: "int32" })]);
  if (size === null) return idx;
  return el.where(el.greaterEqual(arange(k), count), el.astype(fillValue ?? 0, "int32"), idx);
}

export interface SizeOpts {
  size?: number | null;
  fillValue?: ArrayLike | null;
}

/** jnp.flatnonzero(a, {size, fillValue}): indices of the nonzero entries of the flattened array. */
export function flatnonzero(x: ArrayLike, opts: SizeOpts = {}): NDArray {
  checkOptions(opts, "flatnonzero", ["size", "fillValue"]);
  return nonzeroSized(ravel(asArray(x, "flatnonzero argument")), opts.size ?? null, opts.fillValue ?? null, "flatnonzero");
}

export interface CompressOpts extends SizeOpts {
  axis?: number | null;
}
function compressNamed(name: string, condition: ArrayLike, x: ArrayLike, axis: number | null, opts: SizeOpts): NDArray {
  let c = el.astype(asArray(condition, `${name} condition`), "bool");
  let a = asArray(x, `${name} argument`);
  if (c.ndim !== 1) throw new ValueError("condition must be a 1D array");
  const ax = axis === null ? 0 : normalizeAxis(axis, a.ndim, `${name} axis`);
  a = axis === null ? ravel(a) : moveaxis(a, ax, 0);
  const n = a.shape[0];
  const extra = c.shape[0] > n ? c.get(arange(n, c.shape[0])) : null;
  if (extra) c = c.get(arange(n));
  if (c.shape[0] < n) a = a.get(arange(c.shape[0]));
  const size = opts.size ?? null;
  let result: NDArray;
  if (size === null) {
    if (extra && concreteCount(anyR(extra), `${name}: the condition's entries past the array`)) {
      throw new ValueError("condition contains entries that are out of bounds");
    }
    result = a.get(nonzeroSized(c, null, null, name));
  } else {
    checkInt(size, `${name} size`);
    if (size < 0 || size > a.shape[0]) {
      throw new ValueError(
        `size must be positive and not greater than the size of the array axis; got size=${size} for a.shape[axis]=${a.shape[0]}`,
      );
    }
    const mask = reshape(c, [c.shape[0], ...Array(a.ndim - 1).fill(1)]);
    const filled = el.where(mask, a, array(opts.fillValue ?? 0, { dtype: a.dtype }));
    const order = argsort(c, -1, { stable: true, descending: true });
    result = filled.get(order.get(arange(size)));
  }
  return moveaxis(result, 0, ax);
}

/** jnp.compress(condition, a, axis?, {size, fillValue}): the slices of a along axis where condition holds. */
export function compress(condition: ArrayLike, x: ArrayLike, axis: number | null = null, opts: SizeOpts = {}): NDArray {
  checkOptions(opts, "compress", ["size", "fillValue"]);
  return compressNamed("compress", condition, x, axis, opts);
}

/** jnp.extract(condition, arr, {size, fillValue}): the entries of arr where condition holds, flattened. */
export function extract(condition: ArrayLike, x: ArrayLike, opts: SizeOpts = {}): NDArray {
  checkOptions(opts, "extract", ["size", "fillValue"]);
  return compressNamed("extract", ravel(condition), ravel(x), null, opts);
}

export interface SelectOpts {
  default?: ArrayLike;
}
/** jnp.select(condlist, choicelist, {default = 0}): per element, the choice of the first true condition. */
export function select(condlist: ArrayLike[], choicelist: ArrayLike[], opts: SelectOpts = {}): NDArray {
  checkOptions(opts, "select", ["default"]);
  if (!Array.isArray(condlist) || !Array.isArray(choicelist)) throw new JaxTypeError("select: condlist and choicelist must be lists");
  if (condlist.length !== choicelist.length) {
    throw new ValueError(`condlist must have length equal to choicelist (${condlist.length} vs ${choicelist.length})`);
  }
  if (condlist.length === 0) throw new ValueError("condlist must be non-empty");
  const choices = promoteArgs("select", opts.default ?? 0, ...choicelist);
  const conds = broadcastArrays(false, ...condlist.map((c, i) => asArray(c, `select condition ${i}`)));
  const idx = argmax(el.astype(stack(conds), "bool"), 0);
  const all = broadcastArrays(idx, ...choices);
  return bind1(selectNP, all, {});
}

/** jnp.piecewise(x, condlist, funclist, ...args): each element through the function (or constant) of its condition. */
export function piecewise(
  x: ArrayLike,
  condlist: ArrayLike[] | NDArray,
  funclist: Array<ArrayLike | ((x: NDArray, ...args: unknown[]) => ArrayLike)>,
  ...args: unknown[]
): NDArray {
  const a = asArray(x, "piecewise argument");
  const conds = el.astype(condlist instanceof NDArray ? condlist : stack(condlist.map((c) => asArray(c))), "bool");
  const nc = conds.shape[0];
  const nf = funclist.length;
  let fs: typeof funclist;
  if (nf === nc + 1) fs = [funclist[nf - 1], ...funclist.slice(0, -1)];
  else if (nf === nc) fs = [0, ...funclist];
  else throw new ValueError(`with ${nc} condition(s), either ${nc} or ${nc + 1} functions are expected; got ${nf}`);
  // The last true condition wins, 0 (the default) where none is true.
  const zeros1 = full([1, ...conds.shape.slice(1)], false, { dtype: "bool" });
  const indices = argmax(cumsum(concatenate([zeros1, conds], 0), 0), 0);
  const branches = fs.map((f) =>
    typeof f === "function" ? (v: NDArray) => el.astype(f(v, ...args), a.dtype) : () => array(f as ArrayLike, { dtype: a.dtype }),
  );
  const pick = vectorize((i: NDArray, v: NDArray) => switch_(i, branches, v) as NDArray);
  return pick(indices, a) as NDArray;
}

export interface ChooseOpts {
  mode?: "raise" | "wrap" | "clip";
}
/** jnp.choose(a, choices, {mode = "raise"}): per element, choices[a] (broadcast together). */
export function choose(a: ArrayLike, choices: ArrayLike[] | NDArray, opts: ChooseOpts = {}): NDArray {
  checkOptions(opts, "choose", ["mode"]);
  let idx = asArray(a, "choose argument a");
  if (!isInteger(idx.dtype)) throw new ValueError("`a` array must be integer typed");
  const cs = choices instanceof NDArray ? [...choices] : choices.map((c, i) => asArray(c, `choose choice ${i}`));
  const n = cs.length;
  const mode = opts.mode ?? "raise";
  if (mode === "raise") {
    const bad = anyR(el.logicalOr(el.less(idx, 0), el.greaterEqual(idx, n)));
    if (bad.isTracer) {
      throw new ConcretizationTypeError(
        "Abstract tracer value encountered where concrete value is expected: The error occurred because jnp.choose was jit-compiled with mode='raise'. Use mode='wrap' or mode='clip' instead.",
      );
    }
    if (bad.item()) throw new ValueError("invalid entry in choice array");
  } else if (mode === "wrap") idx = el.remainder(idx, n);
  else if (mode === "clip") idx = el.clip(idx, 0, n - 1);
  else throw new ValueError(`mode='${String(mode)}' not understood. Must be 'raise', 'wrap', or 'clip'`);
  const [i0, ...rest] = broadcastArrays(idx, ...promoteArgs("choose", ...cs));
  return reshape(takeAlongAxis(stack(rest), expandDims(i0, 0), 0), i0.shape);
}

/** vals repeated cyclically to length n, as JAX's _tile_to_size. */
function tileToSize(v: NDArray, n: number): NDArray {
  let t = v.size < n ? tile(v, Math.ceil(n / v.size)) : v;
  if (t.size > n) t = t.get(arange(n));
  return t;
}

/** jnp.place(arr, mask, vals, {inplace: false}): arr with the masked entries set from vals in order, cycling. */
export function place(x: ArrayLike, mask: ArrayLike, vals: ArrayLike, opts: { inplace?: boolean } = {}): NDArray {
  checkOptions(opts, "place", ["inplace"]);
  const a = asArray(x, "place argument");
  const m = asArray(mask, "place mask");
  const v = ravel(asArray(vals, "place vals"));
  if (opts.inplace ?? true) {
    throw new ValueError(
      "jax.numpy.place cannot modify arrays in-place, because JAX arrays are immutable. Pass inplace=False to instead return an updated array.",
    );
  }
  if (a.size !== m.size) throw new ValueError("place: arr and mask must be the same size");
  if (v.size === 0) throw new ValueError("Cannot place values from an empty array");
  if (a.size === 0) return a;
  const idx = nonzeroSized(ravel(m), m.size, m.size, "place");
  return reshape(ravel(a).at(idx).set(tileToSize(v, idx.size)), a.shape);
}

export interface PutOpts {
  mode?: "clip" | "wrap" | null;
  inplace?: boolean;
}
/** jnp.put(a, ind, v, {mode, inplace: false}): a with the flat positions ind set to v (cycled). */
export function put(x: ArrayLike, ind: ArrayLike, v: ArrayLike, opts: PutOpts = {}): NDArray {
  checkOptions(opts, "put", ["mode", "inplace"]);
  if (opts.inplace ?? true) {
    throw new ValueError(
      "jax.numpy.put cannot modify arrays in-place, because JAX arrays are immutable. Pass inplace=False to instead return an updated array.",
    );
  }
  const a = asArray(x, "put argument");
  let i = ravel(indexArray(ind, "put ind"));
  const vals = ravel(asArray(v, "put v"));
  if (a.size === 0 || i.size === 0 || vals.size === 0) return a;
  const n = a.size;
  const mode = opts.mode ?? null;
  if (mode === "clip") i = el.clip(i, 0, n - 1);
  else if (mode === "wrap") i = el.remainder(i, n);
  else if (mode === null) {
    // unravel_index's clamping: past the end → the last element; below -n → the first.
    i = el.where(el.greaterEqual(i, n), n - 1, el.where(el.less(i, -n), 0, el.where(el.less(i, 0), el.add(i, n), i)));
  } else throw new ValueError(`mode should be one of 'wrap' or 'clip'; got mode='${String(mode)}'`);
  return reshape(ravel(a).at(i).set(tileToSize(vals, i.size)), a.shape);
}

/** jnp.put_along_axis(arr, indices, values, axis, {inplace: false}): the inverse of takeAlongAxis. */
export function putAlongAxis(
  x: ArrayLike,
  indices: ArrayLike,
  values: ArrayLike,
  axis: number | null,
  opts: { inplace?: boolean; mode?: string | null } = {},
): NDArray {
  checkOptions(opts, "put_along_axis", ["inplace", "mode"]);
  if (opts.inplace ?? true) {
    throw new ValueError(
      "jax.numpy.put_along_axis cannot modify arrays in-place, because JAX arraysare immutable. Pass inplace=False to instead return an updated array.",
    );
  }
  let a = asArray(x, "put_along_axis argument");
  const idx = asArray(indices, "put_along_axis indices");
  const shape0 = a.shape;
  if (axis === null || axis === undefined) {
    a = ravel(a);
    axis = 0;
  }
  if (a.ndim !== idx.ndim) {
    throw new ValueError(
      `put_along_axis arguments 'arr' and 'indices' must have same ndim. Got arr.ndim=${a.ndim} and indices.ndim=${idx.ndim}.`,
    );
  }
  const ax = normalizeAxis(axis, a.ndim, "put_along_axis axis");
  let vals: NDArray;
  try {
    vals = broadcastTo(values, idx.shape);
  } catch {
    throw new ValueError(
      `put_along_axis argument 'values' must be broadcastable to 'indices'. Got values.shape=${JSON.stringify(asArray(values).shape)} and indices.shape=${JSON.stringify(idx.shape)}.`,
    );
  }
  // Open-mesh indices on every other axis, the given indices on this one.
  const ix = a.shape.map((d, k) =>
    k === ax
      ? idx
      : reshape(
          arange(d),
          a.shape.map((_, j) => (j === k ? d : 1)),
        ),
  );
  const r = a.at(...ix).set(vals);
  return r.ndim === shape0.length ? r : reshape(r, shape0);
}
