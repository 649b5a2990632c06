// jnp's finite differences and friends: diff, gradient, trapezoid, cross,
// kron, interp, unwrap, trimZeros, meshgrid (JAX's definitions, composed of jnp ops).
import { isInteger, toInexactDType } from "../core/dtypes.ts";
import { ConcretizationTypeError, JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions, isPlainObject } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import { normalizeAxes, normalizeAxis, shapeStr } from "../core/shape.ts";
import { broadcastInDim } from "../lax/api.ts";
import { rejectBool } from "../lax/api_args.ts";
import { zeros } from "./creation.ts";
import {
  abs,
  add,
  clip,
  divide,
  equal,
  floorDivide,
  greater,
  less,
  logicalAnd,
  mod,
  multiply,
  notEqual,
  subtract,
  where,
} from "./elementwise.ts";
import { s } from "./indexing.ts";
import { any, argmax, cumsum, sum } from "./reductions.ts";
import { searchsorted } from "./searching.ts";
import { broadcastTo, concatenate, moveaxis, reshape, stack } from "./shape.ts";
import { lexsort } from "./searching.ts";
import { take } from "./take.ts";
import { compiledEager, traceable } from "../transforms/eager_compiled.ts";
import { asArray, isConcrete, namedResultType, promoteToFloat, toType } from "./util.ts";

/** x[..., start:stop, ...] along `axis` (Python slice semantics). */
export function sliceAxis(x: NDArray, axis: number, start: number | null, stop: number | null): NDArray {
  const idx = [...Array(axis).fill(s()), s(start, stop)];
  return x.get(...idx);
}

/** Promote without broadcasting (jnp's promote_dtypes). */
function promoteSame(name: string, xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  return xs.map((x, i) => toType(x, t.dtype, t.weakType, `${name} argument ${i}`));
}

export interface DiffOpts {
  n?: number;
  axis?: number;
  prepend?: ArrayLike | null;
  append?: ArrayLike | null;
}

/** jnp.diff(a, {n, axis, prepend, append}): the n-th discrete difference along axis (-1 by default). */
export function diff(a: ArrayLike, opts: DiffOpts = {}): NDArray {
  checkOptions(opts, "diff", ["n", "axis", "prepend", "append"]);
  let arr = asArray(a, "diff argument");
  const n = checkInt(opts.n ?? 1, "diff: n");
  if (n === 0) return arr;
  if (n < 0) throw new ValueError(`order must be non-negative but got ${n}`);
  if (arr.ndim === 0) throw new ValueError(`diff requires input that is at least one dimensional; got ${String(a)}`);
  const axis = normalizeAxis(opts.axis ?? -1, arr.ndim, "diff axis");
  const edge = (v: ArrayLike): NDArray => {
    const e = asArray(v, "diff prepend/append");
    return e.ndim
      ? e
      : broadcastTo(
          e,
          arr.shape.map((d, i) => (i === axis ? 1 : d)),
        );
  };
  const parts = [
    ...(opts.prepend === undefined || opts.prepend === null ? [] : [edge(opts.prepend)]),
    arr,
    ...(opts.append === undefined || opts.append === null ? [] : [edge(opts.append)]),
  ];
  if (parts.length > 1) arr = concatenate(parts, axis);
  for (let i = 0; i < n; i++) {
    const hi = sliceAxis(arr, axis, 1, null);
    const lo = sliceAxis(arr, axis, null, -1);
    arr = arr.dtype === "bool" ? notEqual(hi, lo) : subtract(hi, lo);
  }
  return arr;
}

export interface GradientOpts {
  axis?: number | number[] | null;
  edgeOrder?: number | null;
}

/**
 * jnp.gradient(f, ...spacings, {axis, edgeOrder}): central differences inside,
 * one-sided at the edges; one array per axis (a single array for one axis).
 */
export function gradient(f: ArrayLike, ...rest: Array<ArrayLike | GradientOpts>): NDArray | NDArray[] {
  const opts = rest.length && isPlainObject(rest[rest.length - 1]) ? (rest.pop() as GradientOpts) : {};
  checkOptions(opts, "gradient", ["axis", "edgeOrder"]);
  // Compiled when eager where the spacings are JS numbers (static), as JAX jits gradient.
  if (f instanceof NDArray && rest.every((r) => typeof r === "number")) return gradientC(f, rest as number[], opts);
  return gradientBody(f, rest, opts);
}
const gradientC = compiledEager((f: NDArray, spacing: number[], opts: GradientOpts) => gradientBody(f, spacing, opts), [1, 2]);

function gradientBody(f: ArrayLike, rest: Array<ArrayLike | GradientOpts>, opts: GradientOpts): NDArray | NDArray[] {
  if (opts.edgeOrder !== undefined && opts.edgeOrder !== null) {
    throw new JaxTypeError("The 'edge_order' argument to jnp.gradient is not supported.");
  }
  const [a, ...spacing] = promoteToFloatSame("gradient", [f, ...(rest as ArrayLike[])]);
  const axes =
    opts.axis === undefined || opts.axis === null ? [...Array(a.ndim).keys()] : normalizeAxes(opts.axis, a.ndim, "gradient axis");
  if (axes.length === 0) return [];
  if (Math.min(...axes.map((ax) => a.shape[ax])) < 2) {
    throw new ValueError("Shape of array too small to calculate a numerical gradient, at least 2 elements are required.");
  }
  let dx: Array<NDArray | number>;
  if (spacing.length === 0) dx = axes.map(() => 1.0);
  else if (spacing.length === 1) dx = axes.map(() => spacing[0]);
  else if (spacing.length === axes.length) dx = spacing;
  else throw new JaxTypeError(`Invalid number of spacing arguments ${spacing.length} for axis=${JSON.stringify(opts.axis ?? null)}`);
  const out = axes.map((ax, i) => gradientAlong(a, dx[i], ax));
  return out.length === 1 ? out[0] : out;
}

/** jnp's promote_dtypes_inexact: one float dtype for all, without broadcasting. */
export function promoteToFloatSame(name: string, xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  const dtype = toInexactDType(t.dtype, t.weakType);
  return xs.map((x, i) => toType(x, dtype, t.weakType, `${name} argument ${i}`));
}

function gradientAlong(a: NDArray, h: NDArray | number, axis: number): NDArray {
  const sl = (x: NDArray, lo: number | null, hi: number | null) => sliceAxis(x, axis, lo, hi);
  let upper = subtract(sl(a, 1, 2), sl(a, 0, 1));
  let lower = subtract(sl(a, -1, null), sl(a, -2, -1));
  let inner: NDArray;
  const hn = typeof h === "number" ? h : h.ndim === 0 ? h : null;
  if (hn !== null) {
    inner = divide(multiply(subtract(sl(a, 2, null), sl(a, null, -2)), 0.5), hn);
    lower = divide(lower, hn);
    upper = divide(upper, hn);
  } else {
    const harr = h as NDArray;
    if (harr.ndim !== 1) throw new ValueError("Spacing arrays must be 1D arrays or scalars.");
    if (harr.shape[0] !== a.shape[axis]) {
      throw new ValueError("Spacing arrays must have the same length as the dimension along which the gradient is calculated.");
    }
    const hs = reshape(
      harr,
      a.shape.map((d, i) => (i === axis ? d : 1)),
    );
    upper = divide(upper, subtract(sl(hs, 1, 2), sl(hs, 0, 1)));
    lower = divide(lower, subtract(sl(hs, -1, null), sl(hs, -2, -1)));
    const dx1 = subtract(sl(hs, 1, -1), sl(hs, 0, -2));
    const dx2 = subtract(sl(hs, 2, null), sl(hs, 1, -1));
    const ca = divide(dx2.neg(), multiply(dx1, add(dx1, dx2)));
    const cb = divide(subtract(dx2, dx1), multiply(dx1, dx2));
    const cc = divide(dx1, multiply(dx2, add(dx1, dx2)));
    inner = add(add(multiply(ca, sl(a, 0, -2)), multiply(cb, sl(a, 1, -1))), multiply(cc, sl(a, 2, null)));
  }
  return concatenate([upper, inner, lower], axis);
}

export interface TrapezoidOpts {
  x?: ArrayLike | null;
  dx?: ArrayLike;
  axis?: number;
}

/** jnp.trapezoid(y, x?, {x, dx, axis}): the integral of y by the trapezoidal rule. */
export function trapezoid(y: ArrayLike, xOrOpts?: ArrayLike | TrapezoidOpts | null, opts: TrapezoidOpts = {}): NDArray {
  if (isPlainObject(xOrOpts)) opts = xOrOpts as TrapezoidOpts;
  else if (xOrOpts !== undefined && xOrOpts !== null) opts = { ...opts, x: xOrOpts as ArrayLike };
  checkOptions(opts, "trapezoid", ["x", "dx", "axis"]);
  const axis = opts.axis ?? -1;
  let yArr: NDArray;
  let dxArr: NDArray | number;
  if (opts.x === undefined || opts.x === null) {
    yArr = promoteToFloat("trapezoid", y)[0];
    const dx = opts.dx ?? 1.0;
    if (typeof dx === "number") dxArr = dx;
    else {
      let d = asArray(dx, "trapezoid dx");
      if (d.ndim > 0) {
        d = reshape(d, [...Array(yArr.ndim - d.ndim).fill(1), ...d.shape]);
        d = moveaxis(d, axis, -1);
      }
      dxArr = d;
    }
  } else {
    const [ya, xa] = promoteToFloatSame("trapezoid", [y, opts.x]);
    yArr = ya;
    dxArr = xa.ndim === 1 ? diff(xa) : moveaxis(diff(xa, { axis }), axis, -1);
  }
  yArr = moveaxis(yArr, axis, -1);
  const last = yArr.ndim - 1;
  const first = sliceAxis(yArr, last, 0, 1).get("...", 0);
  const final = sliceAxis(yArr, last, -1, null).get("...", 0);
  if (typeof dxArr === "number" || dxArr.ndim === 0 || dxArr.shape[dxArr.ndim - 1] === 1) {
    const dr = typeof dxArr === "number" || dxArr.ndim === 0 ? dxArr : dxArr.get("...", 0);
    return multiply(dr, subtract(sum(yArr, -1), multiply(0.5, add(first, final))));
  }
  return multiply(0.5, sum(multiply(dxArr, add(sliceAxis(yArr, last, 1, null), sliceAxis(yArr, last, null, -1))), -1));
}

export interface CrossOpts {
  axisa?: number;
  axisb?: number;
  axisc?: number;
  axis?: number | null;
}

/** jnp.cross(a, b, {axisa, axisb, axisc, axis}): the cross product of 2- or 3-vectors. */
export function cross(a: ArrayLike, b: ArrayLike, opts: CrossOpts = {}): NDArray {
  checkOptions(opts, "cross", ["axisa", "axisb", "axisc", "axis"]);
  let [aa, ba] = promoteSame("cross", [a, b]);
  const ax = opts.axis;
  const axisa = ax ?? opts.axisa ?? -1;
  const axisb = ax ?? opts.axisb ?? -1;
  const axisc = ax ?? opts.axisc ?? -1;
  aa = moveaxis(aa, axisa, -1);
  ba = moveaxis(ba, axisb, -1);
  const na = aa.shape[aa.ndim - 1];
  const nb = ba.shape[ba.ndim - 1];
  if (![2, 3].includes(na) || ![2, 3].includes(nb)) throw new ValueError("Dimension must be either 2 or 3 for cross product");
  const comp = (x: NDArray, i: number): NDArray => x.get("...", i);
  if (na === 2 && nb === 2) return subtract(multiply(comp(aa, 0), comp(ba, 1)), multiply(comp(aa, 1), comp(ba, 0)));
  const [a0, a1] = [comp(aa, 0), comp(aa, 1)];
  const a2 = na === 3 ? comp(aa, 2) : zeros(a0.shape, { dtype: a0.dtype });
  const [b0, b1] = [comp(ba, 0), comp(ba, 1)];
  const b2 = nb === 3 ? comp(ba, 2) : zeros(b0.shape, { dtype: b0.dtype });
  const c = stack([
    subtract(multiply(a1, b2), multiply(a2, b1)),
    subtract(multiply(a2, b0), multiply(a0, b2)),
    subtract(multiply(a0, b1), multiply(a1, b0)),
  ]);
  return moveaxis(c, 0, axisc);
}

/** jnp.kron(a, b): the Kronecker product. */
export function kron(a: ArrayLike, b: ArrayLike): NDArray {
  let [aa, ba] = promoteSame("kron", [a, b]);
  if (aa.ndim < ba.ndim) aa = reshape(aa, [...Array(ba.ndim - aa.ndim).fill(1), ...aa.shape]);
  else if (ba.ndim < aa.ndim) ba = reshape(ba, [...Array(aa.ndim - ba.ndim).fill(1), ...ba.shape]);
  const ar = reshape(
    aa,
    aa.shape.flatMap((d) => [d, 1]),
  );
  const br = reshape(
    ba,
    ba.shape.flatMap((d) => [1, d]),
  );
  return reshape(
    multiply(rejectBool("mul", ar), br),
    aa.shape.map((d, i) => d * ba.shape[i]),
  );
}

export interface InterpOpts {
  left?: ArrayLike | "extrapolate" | null;
  right?: ArrayLike | "extrapolate" | null;
  period?: ArrayLike | null;
}

/** jnp.interp(x, xp, fp, {left, right, period}): piecewise-linear interpolation of (xp, fp) at x. */
export function interp(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, opts: InterpOpts = {}): NDArray {
  checkOptions(opts, "interp", ["left", "right", "period"]);
  return interpCompiled(x, xp, fp, opts);
}

/**
 * Compiled when eager, as JAX jits interp: the search and the dozen
 * operations after it as one program (1e5 points in 1e6: 2.8 → 1.2 ms).
 * Options static, so JS numbers and strings only (an array option runs as it is).
 */
const interpCompiled = compiledEager(
  interpBody,
  [3],
  (x, xp, fp, opts) => traceable(x, xp, fp) && Object.values(opts).every((v) => v === null || v === undefined || typeof v !== "object"),
);

function interpBody(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, opts: InterpOpts): NDArray {
  const xpa0 = asArray(xp, "interp argument xp");
  const fpa0 = asArray(fp, "interp argument fp");
  if (shapeStr(xpa0.shape) !== shapeStr(fpa0.shape) || xpa0.ndim !== 1) {
    throw new ValueError("xp and fp must be one-dimensional arrays of equal size");
  }
  let [xa, xpa] = promoteToFloatSame("interp", [x, xpa0]);
  let fpa = promoteToFloat("interp", fpa0)[0];
  const { left, right, period } = opts;
  for (const [name, v] of [
    ["left", left],
    ["right", right],
  ] as const) {
    if (typeof v === "string" && v !== "extrapolate") {
      throw new ValueError(`the only valid string value of \`${name}\` is 'extrapolate', but got: '${v}'`);
    }
  }
  if (period !== undefined && period !== null) {
    const p = abs(asArray(period, "interp period"));
    if (p.ndim !== 0) throw new ValueError(`period must be a scalar; got ${String(period)}`);
    xa = mod(xa, p);
    xpa = mod(xpa, p);
    const order = lexsort([xpa]);
    xpa = take(xpa, order, 0, { mode: "clip" });
    fpa = take(fpa, order, 0, { mode: "clip" });
    xpa = concatenate([subtract(xpa.get(s(-1, null)), p), xpa, add(xpa.get(s(null, 1)), p)], 0);
    fpa = concatenate([fpa.get(s(-1, null)), fpa, fpa.get(s(null, 1))], 0);
  }
  const n = xpa.shape[0];
  const i = clip(searchsorted(xpa, xa, { side: "right" }), 1, n - 1);
  const im1 = subtract(i, 1);
  const at = (v: NDArray, k: NDArray) => take(v, k, 0, { mode: "clip" });
  const df = subtract(at(fpa, i), at(fpa, im1));
  const dx = subtract(at(xpa, i), at(xpa, im1));
  const delta = subtract(xa, at(xpa, im1));
  // The spacing of eps: dx this small counts as a repeated xp.
  const eps = xpa.dtype === "float64" ? 2 ** -104 : xpa.dtype === "float16" ? 2 ** -20 : 2 ** -46;
  const dx0 = abs(dx).le(eps);
  let f = where(dx0, at(fpa, im1), add(at(fpa, im1), multiply(divide(delta, where(dx0, 1, dx)), df)));
  const noPeriod = period === undefined || period === null;
  if (left !== "extrapolate" && noPeriod) f = where(less(xa, xpa.get(0)), left ?? fpa.get(0), f);
  if (right !== "extrapolate" && noPeriod) f = where(greater(xa, xpa.get(-1)), right ?? fpa.get(-1), f);
  return f;
}

export interface UnwrapOpts {
  discont?: ArrayLike | null;
  axis?: number;
  period?: ArrayLike;
}

/** jnp.unwrap(p, {discont, axis, period}): removes jumps larger than period/2 by adding multiples of period. */
export function unwrap(p: ArrayLike, opts: UnwrapOpts = {}): NDArray {
  checkOptions(opts, "unwrap", ["discont", "axis", "period"]);
  const [pa, period] = promoteSame("unwrap", [p, opts.period ?? 2 * Math.PI]);
  const axis = normalizeAxis(opts.axis ?? -1, pa.ndim, "unwrap axis");
  if (pa.shape[axis] === 0) return pa;
  const interval = isInteger(pa.dtype) ? floorDivide(period, 2) : divide(period, 2);
  const discont = opts.discont ?? divide(period, 2);
  const dd = diff(pa, { axis });
  let ddmod = subtract(mod(add(dd, interval), period), interval);
  ddmod = where(logicalAnd(equal(ddmod, interval.neg()), greater(dd, 0)), interval, ddmod);
  const correct = where(less(abs(dd), discont), 0, subtract(ddmod, dd));
  return concatenate([sliceAxis(pa, axis, 0, 1), add(sliceAxis(pa, axis, 1, null), cumsum(correct, axis))], axis);
}

export interface TrimZerosOpts {
  trim?: string;
  axis?: number | number[] | null;
}

/** jnp.trimZeros(filt, trim?, {axis}): drops leading ("f") and/or trailing ("b") zeros; needs concrete values. */
export function trimZeros(filt: ArrayLike, trimOrOpts?: string | TrimZerosOpts, opts: TrimZerosOpts = {}): NDArray {
  if (typeof trimOrOpts === "string") opts = { ...opts, trim: trimOrOpts };
  else if (trimOrOpts !== undefined) opts = trimOrOpts;
  checkOptions(opts, "trim_zeros", ["trim", "axis"]);
  const f = asArray(filt, "trim_zeros argument");
  if (!isConcrete(f)) {
    throw new ConcretizationTypeError(
      `Abstract tracer value encountered where concrete value is expected: traced array with shape ${f.dtype}${shapeStr(f.shape)}. Error arose in the \`filt\` argument of trim_zeros()`,
    );
  }
  const trim = (opts.trim ?? "fb").toLowerCase();
  const axes = new Set(normalizeAxes(opts.axis, f.ndim, "trim_zeros axis"));
  if (axes.size === 0 || (!trim.includes("f") && !trim.includes("b"))) return f;
  const idx = [...Array(f.ndim).keys()].map((ax) => {
    if (!axes.has(ax)) return s();
    const others = [...Array(f.ndim).keys()].filter((i) => i !== ax);
    const nz = notEqual(f, 0);
    const mask = others.length ? any(nz, others) : nz;
    if (!any(mask).item()) return s(0, 0);
    const start = trim.includes("f") ? Number(argmax(mask).item()) : null;
    const stop = trim.includes("b") ? f.shape[ax] - Number(argmax(mask.get(s(null, null, -1))).item()) : null;
    return s(start, stop);
  });
  return f.get(...idx);
}

export interface MeshgridOpts {
  indexing?: "xy" | "ij";
  sparse?: boolean;
  copy?: boolean;
}

/** jnp.meshgrid(...xs, {indexing, sparse}): coordinate arrays from 1-D arrays ("xy" swaps the first two axes). */
export function meshgrid(...args: Array<ArrayLike | MeshgridOpts>): NDArray[] {
  const opts = args.length && isPlainObject(args[args.length - 1]) ? (args.pop() as MeshgridOpts) : {};
  checkOptions(opts, "meshgrid", ["indexing", "sparse", "copy"]);
  const xs = args.map((a, i) => asArray(a as ArrayLike, `meshgrid argument ${i}`));
  if (opts.copy === false) throw new ValueError("jax.numpy.meshgrid only supports copy=True");
  const indexing = opts.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new ValueError(`Valid values for indexing are 'xy' and 'ij', got ${indexing}`);
  if (xs.some((a) => a.ndim !== 1)) {
    throw new ValueError(`Arguments to jax.numpy.meshgrid must be 1D, got shapes ${JSON.stringify(xs.map((a) => a.shape))}`);
  }
  const swap = indexing === "xy" && xs.length >= 2;
  if (swap) [xs[0], xs[1]] = [xs[1], xs[0]];
  const sparse = opts.sparse ?? false;
  const shape = xs.map((a) => (sparse ? 1 : a.shape[0]));
  const out = xs.map((a, i) => {
    const sh = sparse ? shape.map((d, j) => (j === i ? a.shape[0] : d)) : shape;
    return broadcastInDim(a, sh, [i]);
  });
  if (swap) [out[0], out[1]] = [out[1], out[0]];
  return out;
}
