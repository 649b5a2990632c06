// allclose / isclose / arrayEqual, as in NumPy (NaNs unequal unless equalNan).
import { checkBoolOption, checkOptions } from "../core/options.ts";
import { defaultFloat, isInexact } from "../core/dtypes.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { compiledEager, traceable } from "../transforms/eager_compiled.ts";
import { checkNumber } from "../core/scalar_args.ts";
import { broadcastShapes } from "../core/shape.ts";
import { abs, add, astype, equal, isfinite, isnan, lessEqual, logicalAnd, logicalOr, multiply, subtract, where } from "./elementwise.ts";
import { all } from "./reductions.ts";
import { asArray, promoteArgs } from "./util.ts";

export interface CloseOpts {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

/** isclose under the caller's name (allclose reports its own). */
function iscloseNamed(name: string, a: ArrayLike, b: ArrayLike, o: CloseOpts): NDArray {
  let [x, y] = promoteArgs(name, a, b);
  if (!isInexact(x.dtype)) {
    x = astype(x, defaultFloat());
    y = astype(y, defaultFloat());
  }
  const rtol = checkNumber(o.rtol ?? 1e-5, `${name}: rtol`);
  const atol = checkNumber(o.atol ?? 1e-8, `${name}: atol`);
  const finite = logicalAnd(isfinite(x), isfinite(y));
  const close = lessEqual(abs(subtract(x, y)), add(atol, multiply(rtol, abs(y))));
  // Infinities are close only to themselves.
  let r = where(finite, close, equal(x, y));
  if (o.equalNan) r = logicalOr(r, logicalAnd(isnan(x), isnan(y)));
  return r;
}

export function isclose(a: ArrayLike, b: ArrayLike, o: CloseOpts = {}): NDArray {
  checkOptions(o, "isclose", ["rtol", "atol", "equalNan"]);
  return iscloseC("isclose", a, b, o);
}

export function allclose(a: ArrayLike, b: ArrayLike, o: CloseOpts = {}): NDArray {
  checkOptions(o, "allclose", ["rtol", "atol", "equalNan"]);
  return allcloseC("allclose", a, b, o);
}

const jitArgs = (_: string, a: ArrayLike, b: ArrayLike): boolean => traceable(a, b);
/** Compiled when eager, as JAX jits isclose and allclose: one program rather than a dozen dispatches. */
const iscloseC = compiledEager(iscloseNamed, [0, 3], jitArgs);
const allcloseC = compiledEager(
  (name: string, a: ArrayLike, b: ArrayLike, o: CloseOpts) => all(iscloseNamed(name, a, b, o)),
  [0, 3],
  jitArgs,
);

/** jnp.array_equal(a, b, {equalNan}): same shape and equal elements (NaNs equal to each other with equalNan). */
export function arrayEqual(a: ArrayLike, b: ArrayLike, opts: { equalNan?: boolean } = {}): NDArray {
  const equalNan = checkBoolOption(checkOptions(opts, "array_equal", ["equalNan"]).equalNan, "array_equal equalNan") ?? false;
  const x = asArray(a, "array_equal argument 0");
  const y = asArray(b, "array_equal argument 1");
  if (x.ndim !== y.ndim || x.shape.some((d, i) => d !== y.shape[i])) return asArray(false);
  const eq = equal(x, y);
  return all(equalNan ? logicalOr(eq, logicalAnd(isnan(x), isnan(y))) : eq);
}

export function arrayEquiv(a: ArrayLike, b: ArrayLike): NDArray {
  const x = asArray(a);
  const y = asArray(b);
  try {
    broadcastShapes(x.shape, y.shape);
  } catch {
    return asArray(false);
  }
  return all(equal(x, y));
}
