// jnp.ufunc: NumPy's universal-function methods (reduce, accumulate, at,
// reduceat, outer) on a jnp elementwise function, and jnp.frompyfunc /
// jnp.ufunc for user functions, as JAX's. A ufunc may bring dedicated
// implementations (the builtins in ufuncs.ts: jnp.add.reduce is a sum); any
// other falls back to JAX's generic loops: foriLoop for reduce and reduceat,
// scan for accumulate and at.
import { type DType, type DTypeLike, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, NotImplementedError, ValueError } from "../core/errors.ts";
import { type ArrayLike, type Index, NDArray, Slice } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { broadcastShapes, normalizeAxis } from "../core/shape.ts";
import { dynamicIndexInDim } from "../lax/api.ts";
import { foriLoop } from "../lax/control/loops_api.ts";
import { scan } from "../lax/control/scan_api.ts";
import { evalShape } from "../transforms/eval_shape.ts";
import * as el from "./elementwise.ts";
import { arange, full } from "./creation.ts";
import { broadcastTo, concatenate, moveaxis, ravel } from "./shape.ts";
import { append } from "./shape_extra.ts";
import { indexArray, take } from "./take.ts";
import { asArray } from "./util.ts";
import { vectorize } from "./vectorize.ts";

type Fn = (...args: never[]) => NDArray;
type Call = (...args: ArrayLike[]) => NDArray;

export interface UfuncReduceOptions {
  /** The axis reduced (default 0); null reduces every axis; the builtins also take a list. */
  axis?: number | number[] | null;
  dtype?: DTypeLike | null;
  keepdims?: boolean;
  /** The value the reduction starts from. */
  initial?: ArrayLike | null;
  /** Which elements take part (needs an identity or `initial`). */
  where?: ArrayLike | null;
}
export interface UfuncAxisOptions {
  axis?: number;
  dtype?: DTypeLike | null;
}
/** JAX arrays are immutable: `at` returns the updated array and asks for `{ inplace: false }`, as JAX does. */
export interface UfuncAtOptions {
  inplace: false;
}

/** An index for `at`: one index (a number, a list or array of them, a slice, ...) or a list of such, one per axis. */
export type UfuncIndex = Index | readonly Index[];

/** A parameter list with every entry widened to ArrayLike (a ufunc broadcasts arrays and JS numbers alike). */
type ArrayLikeArgs<P extends readonly unknown[]> = { [K in keyof P]: ArrayLike };

/** A jnp ufunc: callable as its function, with NumPy's ufunc methods. */
export interface Ufunc<F extends Fn = Call> {
  /** f itself, elementwise with broadcasting (a user function is vectorized): every argument may be an array or a JS number. */
  (...args: ArrayLikeArgs<Parameters<F>>): NDArray;
  readonly nin: number;
  readonly nout: number;
  readonly nargs: number;
  /** The x with f(x, y) = y for every y, or null. */
  readonly identity: number | boolean | null;
  reduce(a: ArrayLike, options?: UfuncReduceOptions): NDArray;
  accumulate(a: ArrayLike, options?: UfuncAxisOptions): NDArray;
  at(a: ArrayLike, indices: UfuncIndex, b: ArrayLike, options: UfuncAtOptions): NDArray;
  at(a: ArrayLike, indices: UfuncIndex, options: UfuncAtOptions): NDArray;
  reduceat(a: ArrayLike, indices: ArrayLike, options?: UfuncAxisOptions): NDArray;
  outer(a: ArrayLike, b: ArrayLike): NDArray;
}

/** Dedicated implementations (JAX's `reduce=`, `accumulate=`, `at=` of its builtins). */
export interface UfuncImpls {
  name?: string;
  nargs?: number;
  identity?: number | boolean | null;
  /** The elementwise call (default: `func` vectorized). */
  call?: Call;
  /** Reduces `a` over `axes` (dtype and mask already applied). */
  reduce?: (a: NDArray, axes: number[], keepdims: boolean) => NDArray;
  accumulate?: (a: NDArray, axis: number) => NDArray;
  at?: (a: NDArray, indices: Index[], b: NDArray | undefined) => NDArray;
}

const AT_INPLACE =
  "jax.numpy.ufunc.at() cannot be performed in-place, because JAX arrays are immutable. Pass { inplace: false } to get the updated array.";

/** JAX's `jnp.ufunc(func, nin, nout, {name, nargs, identity, call, reduce, accumulate, at})`. */
export function makeUfunc<F extends Fn>(func: F, nin: number, nout: number, impls: UfuncImpls = {}): Ufunc<F> {
  if (typeof func !== "function") throw new JaxTypeError(`ufunc: func must be a function, got ${typeof func}`);
  for (const [k, v] of [
    ["nin", nin],
    ["nout", nout],
  ] as const)
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`ufunc: ${k} must be a positive integer, got ${String(v)}`);
  const name = impls.name ?? (func.name || "<lambda>");
  const call: Call = impls.call ?? (vectorize(func as never) as Call);
  const identity = impls.identity ?? null;
  const binaryOnly = (what: string) => {
    if (nin !== 2) throw new ValueError(`${what} only supported for binary ufuncs`);
    if (nout !== 1) throw new ValueError(`${what} only supported for functions returning a single value`);
  };
  /** The dtype f gives for two elements of x (JAX's eval_shape of func on ones). */
  const resultDtype = (x: NDArray, y: NDArray = x): DType => {
    const one = (a: NDArray) => full([], 1, a.dtype);
    return (evalShape(call as never, one(x), one(y)) as { dtype: DType }).dtype;
  };
  const dtypeOpt = (d: DTypeLike | null | undefined, what: string): DType | null =>
    d === undefined || d === null ? null : parseDType(d, `${name}.${what} dtype`);

  const f = ((...args: ArrayLike[]) => call(...args)) as unknown as Ufunc<F>;
  Object.defineProperty(f, "name", { value: name });
  return Object.assign(f, {
    nin,
    nout,
    nargs: impls.nargs ?? nin,
    identity,
    toString: () => `<jnp.ufunc '${name}'>`,

    reduce(a: ArrayLike, options: UfuncReduceOptions = {}): NDArray {
      binaryOnly("reduce");
      const o = checkOptions(options, `${name}.reduce`, ["axis", "dtype", "keepdims", "initial", "where"]);
      let x = asArray(a, `${name}.reduce argument`);
      const hasInitial = o.initial !== undefined && o.initial !== null;
      let mask: NDArray | null = null;
      if (o.where !== undefined && o.where !== null) {
        if (identity === null && !hasInitial)
          throw new ValueError(
            `reduction operation '${name}' does not have an identity, so to use a where mask one has to specify 'initial'.`,
          );
        mask = asArray(o.where, `${name}.reduce where`);
        if (mask.dtype !== "bool") throw new ValueError(`where argument must have dtype=bool; got dtype=${mask.dtype}`);
        mask = broadcastTo(mask, x.shape);
      }
      const dtype = dtypeOpt(o.dtype, "reduce");
      const axisList = o.axis === null ? null : typeof o.axis === "number" || o.axis === undefined ? [o.axis ?? 0] : o.axis;
      const axes = axisList === null ? x.shape.map((_, i) => i) : axisList.map((ax) => normalizeAxis(ax, x.ndim, `${name}.reduce axis`));
      const keepdims = o.keepdims ?? false;
      if (impls.reduce) {
        if (dtype) x = el.astype(x, dtype);
        // Masked elements become the identity (maximum and minimum, which have none, repeat the initial value).
        if (mask) x = el.where(mask, x, identity ?? (o.initial as ArrayLike));
        if (axes.some((ax) => x.shape[ax] === 0)) {
          // Nothing to reduce: the initial value, else the identity.
          const start = hasInitial ? (o.initial as ArrayLike) : identity;
          if (start === null) throw new ValueError(`zero-size array to reduction operation ${name} which has no identity`);
          const shape = keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
          return full(shape, el.astype(asArray(start, `${name}.reduce initial`), x.dtype), x.dtype);
        }
        let r = impls.reduce(x, axes, keepdims);
        if (hasInitial) r = call(r, o.initial as ArrayLike);
        return dtype ? el.astype(r, dtype) : r;
      }
      if (axisList !== null && axes.length !== 1) throw new NotImplementedError(`${name}.reduce over a tuple of axes`);
      const finalShape =
        axisList === null
          ? keepdims
            ? x.shape.map(() => 1)
            : []
          : x.shape.map((d, i) => (i === axes[0] ? 1 : d)).filter((_, i) => keepdims || i !== axes[0]);
      if (axisList === null) {
        x = ravel(x);
        if (mask) mask = ravel(mask);
      } else {
        x = moveaxis(x, axes[0]!, 0);
        if (mask) mask = moveaxis(mask, axes[0]!, 0);
      }
      const dt = dtype ?? resultDtype(x);
      const initial = hasInitial ? (o.initial as ArrayLike) : identity;
      if (x.shape[0] === 0) {
        if (initial === null) throw new ValueError(`zero-size array to reduction operation ${name} which has no identity`);
        return full(finalShape, initial, dt);
      }
      const row = (i: ArrayLike) => el.astype(dynamicIndexInDim(x, i, 0, false), dt);
      const start = initial === null ? row(0) : broadcastTo(el.astype(asArray(initial, `${name}.reduce initial`), dt), x.shape.slice(1));
      const m = mask;
      const r = foriLoop(
        initial === null ? 1 : 0,
        x.shape[0]!,
        (i: NDArray, acc: NDArray) => {
          const next = call(acc, row(i));
          return m ? el.where(dynamicIndexInDim(m, i, 0, false), next, acc) : next;
        },
        start,
      );
      return r.reshape(finalShape);
    },

    accumulate(a: ArrayLike, options: UfuncAxisOptions = {}): NDArray {
      binaryOnly("accumulate");
      const o = checkOptions(options, `${name}.accumulate`, ["axis", "dtype"]);
      let x = asArray(a, `${name}.accumulate argument`);
      const axis = normalizeAxis(o.axis ?? 0, x.ndim, `${name}.accumulate axis`);
      const dtype = dtypeOpt(o.dtype, "accumulate");
      if (impls.accumulate) {
        if (dtype) x = el.astype(x, dtype);
        const r = impls.accumulate(x, axis);
        return dtype ? el.astype(r, dtype) : r;
      }
      const dt = dtype ?? resultDtype(x);
      if (x.size === 0) return el.astype(x, dt);
      const xs = el.astype(moveaxis(x, axis, 0), dt);
      const first = xs.get(0);
      const [, rest] = scan(
        (acc: NDArray, row: NDArray) => {
          const y = call(acc, row);
          return [y, y];
        },
        first,
        xs.get(new Slice(1)),
      );
      return moveaxis(concatenate([first.reshape([1, ...first.shape]), rest], 0), 0, axis);
    },

    at(a: ArrayLike, indices: UfuncIndex, bOrOptions?: ArrayLike | UfuncAtOptions, maybeOptions?: UfuncAtOptions): NDArray {
      if (nin > 2) throw new ValueError(`${name}.at supports unary and binary ufuncs`);
      const options = (nin === 1 ? bOrOptions : maybeOptions) as UfuncAtOptions | undefined;
      checkOptions(options ?? {}, `${name}.at`, ["inplace"]);
      if (options?.inplace !== false) throw new NotImplementedError(AT_INPLACE);
      const x = asArray(a, `${name}.at argument`);
      const b = nin === 2 ? asArray(bOrOptions as ArrayLike, `${name}.at value`) : undefined;
      const idx = indexEntries(indices);
      if (impls.at) return impls.at(x, idx, b);
      const dt = b ? resultDtype(x, b) : (evalShape(call as never, full([], 1, x.dtype)) as { dtype: DType }).dtype;
      return atViaScan(call, el.astype(x, dt), idx, b && el.astype(b, dt));
    },

    reduceat(a: ArrayLike, indices: ArrayLike, options: UfuncAxisOptions = {}): NDArray {
      binaryOnly("reduceat");
      const o = checkOptions(options, `${name}.reduceat`, ["axis", "dtype"]);
      const x = asArray(a, `${name}.reduceat argument`);
      const ind = asArray(indices, `${name}.reduceat indices`);
      if (x.ndim === 0) throw new ValueError("reduceat: a must have 1 or more dimension, got a.shape=()");
      if (ind.ndim !== 1) throw new ValueError(`reduceat: indices must be one-dimensional, got indices.shape=(${ind.shape.join(", ")})`);
      const axis = normalizeAxis(o.axis ?? 0, x.ndim, `${name}.reduceat axis`);
      const dt = dtypeOpt(o.dtype, "reduceat") ?? x.dtype;
      // As JAX: each segment starts from a[indices[k]] and folds in a[i] for indices[k] < i < indices[k + 1].
      const out0 = el.astype(take(x, ind, axis), dt);
      const bounds = append(ind, x.shape[axis]!);
      const along = (v: NDArray) => v.reshape(out0.shape.map((d, i) => (i === axis ? d : 1)));
      const lo = along(bounds.get(new Slice(0, -1)));
      const hi = along(bounds.get(new Slice(1)));
      return foriLoop(
        0,
        x.shape[axis]!,
        (i: NDArray, out: NDArray) => {
          const inside = el.logicalAnd(el.greater(i, lo), el.less(i, hi));
          return el.where(inside, call(out, el.astype(take(x, i.reshape([1]), axis), dt)), out);
        },
        out0,
      );
    },

    outer(a: ArrayLike, b: ArrayLike): NDArray {
      binaryOnly("outer");
      const x = asArray(a, `${name}.outer argument`);
      const y = asArray(b, `${name}.outer argument`);
      return call(x.reshape([...x.shape, ...y.shape.map(() => 1)]), y);
    },
  });
}

/** jnp.frompyfunc(func, nin, nout, {identity}): a ufunc applying `func` elementwise (vectorized). */
export function frompyfunc<F extends Fn>(
  func: F,
  nin: number,
  nout: number,
  options: { identity?: number | boolean | null } = {},
): Ufunc<F> {
  const o = checkOptions(options, "frompyfunc", ["identity"]);
  return makeUfunc(func, nin, nout, { identity: o.identity ?? null });
}

/** The ufunc constructor (`new jnp.ufunc(func, nin, nout, {...})` or without `new`). */
export interface UfuncConstructor {
  new <F extends Fn>(func: F, nin: number, nout: number, options?: UfuncImpls): Ufunc<F>;
  <F extends Fn>(func: F, nin: number, nout: number, options?: UfuncImpls): Ufunc<F>;
}
export const ufunc = function ufunc<F extends Fn>(func: F, nin: number, nout: number, options: UfuncImpls = {}): Ufunc<F> {
  return makeUfunc(func, nin, nout, checkOptions(options, "ufunc", ["name", "nargs", "identity", "call", "reduce", "accumulate", "at"]));
} as UfuncConstructor;

/** `indices` as index entries: a list of numbers or booleans (nested) is one array index; another list holds one entry per axis. */
function indexEntries(indices: UfuncIndex): Index[] {
  const arrayLike = (v: unknown): boolean => typeof v === "number" || typeof v === "boolean" || (Array.isArray(v) && v.every(arrayLike));
  if (Array.isArray(indices) && !arrayLike(indices)) return [...(indices as Index[])];
  return [indices as Index];
}

/** JAX's generic `at`: one update per index (broadcast together), in order, so repeated indices compound. */
function atViaScan(call: Call, x: NDArray, idx: Index[], b: NDArray | undefined): NDArray {
  const isArray = (i: Index) => i instanceof NDArray || typeof i === "number" || Array.isArray(i);
  const arrays = idx.map((i) => (isArray(i) ? indexArray(i as ArrayLike, "at index") : null));
  const shape = broadcastShapes(...arrays.filter((a): a is NDArray => a !== null).map((a) => a.shape));
  const apply = (acc: NDArray, at: Index[], v: NDArray | undefined) =>
    acc.at(...at).set(v ? call(acc.get(...at), v) : call(acc.get(...at)));
  if (shape.length === 0) return apply(x, idx, b);
  const n = shape.reduce((p, d) => p * d, 1);
  const flat = arrays.map((a) => (a === null ? null : broadcastTo(a, shape).reshape([n])));
  const vals = b ? broadcastTo(b, [...shape, ...b.shape.slice(shape.length)]).reshape([n, ...b.shape.slice(shape.length)]) : undefined;
  const [out] = scan(
    (acc: NDArray, k: NDArray) => {
      const at = idx.map((i, j) => (flat[j] ? dynamicIndexInDim(flat[j]!, k, 0, false) : i));
      return [apply(acc, at, vals && dynamicIndexInDim(vals, k, 0, false)), k];
    },
    x,
    arange(n),
  );
  return out;
}
