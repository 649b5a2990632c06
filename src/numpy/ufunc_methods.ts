// The methods JAX's binary ufuncs carry (jnp.add.outer, jnp.multiply.reduce,
// jnp.maximum.accumulate): outer broadcasts x's axes against y's; reduce and
// accumulate fold the function along an axis, in order, as NumPy's.
import { ValueError } from "../core/errors.ts";
import { type ArrayLike, type NDArray, ops } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { asArray } from "./util.ts";

export interface Ufunc {
  (x: ArrayLike, y: ArrayLike): NDArray;
  /** f(x[i, ...], y[j, ...]) for every pair: shape x.shape + y.shape. */
  outer(x: ArrayLike, y: ArrayLike): NDArray;
  /** f folded along `axis` (default 0): f(f(x[0], x[1]), x[2])... */
  reduce(x: ArrayLike, axis?: number, opts?: { keepdims?: boolean }): NDArray;
  /** The running fold along `axis` (default 0), the same shape as x. */
  accumulate(x: ArrayLike, axis?: number): NDArray;
}

const moveToFront = (a: NDArray, ax: number): NDArray =>
  ax === 0 ? a : a.transpose([ax, ...a.shape.map((_, i) => i).filter((i) => i !== ax)]);
const insertAxis = (a: NDArray, ax: number): NDArray => a.reshape([...a.shape.slice(0, ax), 1, ...a.shape.slice(ax)]);

export function withUfuncMethods(name: string, f: (x: ArrayLike, y: ArrayLike) => NDArray): Ufunc {
  const slices = (x: ArrayLike, axis: number | undefined, what: string): NDArray[] => {
    const a = asArray(x, `${name}.${what} argument`);
    if (a.ndim === 0) throw new ValueError(`${name}.${what}: cannot ${what} a 0-d array`);
    const ax = normalizeAxis(axis ?? 0, a.ndim, `${name}.${what} axis`);
    const m = moveToFront(a, ax);
    if (m.shape[0] === 0) throw new ValueError(`${name}.${what}: zero-size array along axis ${ax} (the fold has no initial value)`);
    return [...m];
  };
  return Object.assign(f, {
    outer(x: ArrayLike, y: ArrayLike): NDArray {
      const a = asArray(x, `${name}.outer argument`);
      const b = asArray(y, `${name}.outer argument`);
      return f(a.reshape([...a.shape, ...b.shape.map(() => 1)]), b);
    },
    reduce(x: ArrayLike, axis?: number, opts: { keepdims?: boolean } = {}): NDArray {
      checkOptions(opts, `${name}.reduce`, ["keepdims"]);
      const parts = slices(x, axis, "reduce");
      let acc = parts[0];
      for (const p of parts.slice(1)) acc = f(acc, p);
      if (!opts.keepdims) return acc;
      const a = asArray(x);
      return insertAxis(acc, normalizeAxis(axis ?? 0, a.ndim, `${name}.reduce axis`));
    },
    accumulate(x: ArrayLike, axis?: number): NDArray {
      const parts = slices(x, axis, "accumulate");
      const outs = [parts[0]];
      for (const p of parts.slice(1)) outs.push(f(outs[outs.length - 1], p));
      const a = asArray(x);
      return ops.stack(outs, normalizeAxis(axis ?? 0, a.ndim, `${name}.accumulate axis`));
    },
  });
}
