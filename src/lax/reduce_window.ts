// lax.reduce_window: a reduction over sliding windows (pooling), composed
// from pad and strided slices as XLA defines it: the operand is dilated and
// padded with the init value, and each output is init combined, in window
// order, with the window's elements. Max and min keep the first extremum of a
// window (as XLA's select-and-scatter), so their derivatives route each
// cotangent to one element, as JAX's; sums differentiate through pad/slice.
// jit, grad and vmap follow from the ops used.
import { ArrayImpl } from "../core/array_impl.ts";
import { asOperand, scalarArray } from "../core/convert.ts";
import { isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkIntList } from "../core/scalar_args.ts";
import { shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as tree from "../tree/index.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { add, max, min } from "./api.ts";
import { padtypeToPads, type PaddingLike } from "./conv.ts";
import * as E from "./elementwise.ts";
import { broadcastInDimP } from "./broadcast.ts";
import { padP, sliceP } from "./shape_ops.ts";

export interface WindowGeometry {
  dims: number[];
  strides: number[];
  padding: Array<[number, number]>;
  baseDilation: number[];
  windowDilation: number[];
}

/** The output shape of a window reduction (JAX's reduce_window_shape_tuple). */
export function windowOutShape(shape: readonly number[], g: WindowGeometry): number[] {
  return shape.map((n, i) => {
    const padded = (n === 0 ? 0 : (n - 1) * g.baseDilation[i] + 1) + g.padding[i][0] + g.padding[i][1];
    const win = (g.dims[i] - 1) * g.windowDilation[i] + 1;
    return padded < win ? 0 : Math.floor((padded - win) / g.strides[i]) + 1;
  });
}

/** Checked window geometry; string padding resolved against the (dilated) window. */
export function windowGeometry(
  name: string,
  shape: readonly number[],
  dims: unknown,
  strides: unknown,
  padding: PaddingLike | undefined,
  baseDilation: unknown,
  windowDilation: unknown,
): WindowGeometry {
  const n = shape.length;
  const list = (v: unknown, what: string, dflt: number[]): number[] => {
    if (v === undefined || v === null) return dflt;
    const l = checkIntList(v, `${name} ${what}`);
    if (l.length !== n) {
      throw new JaxTypeError(`${name}: ${what} must have one entry per operand dimension (${n}), got ${shapeStr(l)}`);
    }
    return l;
  };
  const ones = shape.map(() => 1);
  const d = list(dims, "window_dimensions", []);
  if (d.length !== n) throw new JaxTypeError(`${name}: window_dimensions must have one entry per operand dimension (${n})`);
  if (d.some((x) => x < 1)) throw new ValueError(`${name}: window_dimensions must be positive, got ${shapeStr(d)}`);
  const s = list(strides, "window_strides", ones);
  const bd = list(baseDilation, "base_dilation", ones);
  const wd = list(windowDilation, "window_dilation", ones);
  for (const [v, what] of [
    [s, "window_strides"],
    [bd, "base_dilation"],
    [wd, "window_dilation"],
  ] as const) {
    if (v.some((x) => x < 1)) throw new ValueError(`${name}: ${what} must be positive, got ${shapeStr(v)}`);
  }
  let pads: Array<[number, number]>;
  if (padding === undefined || padding === null) pads = shape.map(() => [0, 0]);
  else if (typeof padding === "string") {
    const dilatedWindow = d.map((w, i) => (w - 1) * wd[i] + 1);
    pads = padtypeToPads(shape, dilatedWindow, s, padding);
  } else {
    if (!Array.isArray(padding) || padding.length !== n) {
      throw new JaxTypeError(`${name}: padding must be a string or one (low, high) pair per dimension, got ${JSON.stringify(padding)}`);
    }
    pads = padding.map((p) => {
      const [lo, hi] = checkIntList(p, `${name} padding`);
      return [lo, hi];
    });
  }
  return { dims: d, strides: s, padding: pads, baseDilation: bd, windowDilation: wd };
}

/** Every window offset, in row-major window order. */
function windowOffsets(dims: number[]): number[][] {
  let out: number[][] = [[]];
  for (const w of dims) out = out.flatMap((o) => Array.from({ length: w }, (_, k) => [...o, k]));
  return out;
}

/** The operand dilated and padded with init, and the strided slice for each window offset. */
function windowSlices(x: NDArray, init: NDArray, g: WindowGeometry): NDArray[] {
  const cfg = x.shape.map((_, i) => [g.padding[i][0], g.padding[i][1], g.baseDilation[i] - 1]);
  const needsPad = cfg.some(([lo, hi, interior]) => lo !== 0 || hi !== 0 || interior !== 0);
  const padded = needsPad ? bind1(padP, [x, init], { padding_config: cfg }) : x;
  const out = windowOutShape(x.shape, g);
  return windowOffsets(g.dims).map((o) => {
    const start = o.map((k, i) => k * g.windowDilation[i]);
    const limit = start.map((s, i) => (out[i] === 0 ? s : s + (out[i] - 1) * g.strides[i] + 1));
    return bind1(sliceP, [padded], { start_indices: start, limit_indices: limit, strides: [...g.strides] });
  });
}

const bcast = (v: NDArray, shape: number[]) => bind1(broadcastInDimP, [v], { shape, broadcast_dimensions: [] });

type Kind = "sum" | "max" | "min";

/** max/min over windows, keeping the first extremum (NaN wins, as in max). */
function chooseChain(x: NDArray, init: NDArray, g: WindowGeometry, kind: "max" | "min"): NDArray {
  const better = kind === "max" ? E.gtP : E.ltP;
  const float = isFloat(x.dtype);
  let best = bcast(init, windowOutShape(x.shape, g));
  for (const cand of windowSlices(x, init, g)) {
    let pred = bind1(better, [cand, best], {});
    if (float) {
      // A NaN candidate replaces a number; a NaN already chosen stays.
      const candNan = bind1(E.neP, [cand, cand], {});
      const bestNum = bind1(E.eqP, [best, best], {});
      pred = bind1(E.orP, [pred, bind1(E.andP, [candNan, bestNum], {})], {});
    }
    best = bind1(E.selectNP, [pred, best, cand], {});
  }
  return best;
}

function monoidWindow(x: NDArray, init: NDArray, g: WindowGeometry, kind: Kind): NDArray {
  if (kind !== "sum") return chooseChain(x, init, g, kind);
  let acc = bcast(init, windowOutShape(x.shape, g));
  for (const s of windowSlices(x, init, g)) acc = bind1(E.addP, [acc, s], {});
  return acc;
}
const monoidWindowC = compiledEager(
  (
    x: NDArray,
    init: NDArray,
    dims: number[],
    strides: number[],
    padding: Array<[number, number]>,
    bd: number[],
    wd: number[],
    kind: Kind,
  ) => monoidWindow(x, init, { dims, strides, padding, baseDilation: bd, windowDilation: wd }, kind),
  [2, 3, 4, 5, 6, 7],
);

/** A binary combining function; its parameter types are the caller's (arrays or pytrees of arrays). */
type Computation = (a: never, b: never) => unknown;
const call = (f: Computation, a: unknown, b: unknown): unknown => (f as (a: unknown, b: unknown) => unknown)(a, b);

/** The fused kind for lax.add / max / min with their identity as init (as JAX's monoid reducers), or null. */
function monoidKind(computation: Computation, init: NDArray): Kind | null {
  if (!(init instanceof ArrayImpl)) return null;
  const v = Number(init.item());
  const dt = init.dtype;
  const lowest = isFloat(dt) ? -Infinity : dt === "uint32" || dt === "bool" ? 0 : -2147483648;
  const highest = isFloat(dt) ? Infinity : dt === "uint32" ? 4294967295 : dt === "bool" ? 1 : 2147483647;
  if ((computation as unknown) === add && v === 0) return "sum";
  if ((computation as unknown) === max && v === lowest) return "max";
  if ((computation as unknown) === min && v === highest) return "min";
  return null;
}

/**
 * For each window offset, where the window element is an operand element
 * (not padding or a base-dilation hole), or null when every one is: XLA
 * skips the others, so a general computation sees init once per window.
 */
function windowValidity(x: NDArray, g: WindowGeometry): Array<NDArray | null> {
  const padded = x.shape.some((_, i) => g.padding[i][0] !== 0 || g.padding[i][1] !== 0 || g.baseDilation[i] !== 1);
  if (!padded) return windowOffsets(g.dims).map(() => null);
  const ones = bcast(scalarArray(1, "bool", false), [...x.shape]);
  return windowSlices(ones, scalarArray(0, "bool", false), g);
}

export interface ReduceWindowOptions {
  baseDilation?: number[] | null;
  windowDilation?: number[] | null;
}

/**
 * reduceWindow(operand, initValue, computation, windowDimensions, windowStrides?,
 * padding = "VALID", {baseDilation, windowDilation}). Operand and init may be
 * matching pytrees; `computation(acc, x)` combines them (lax.add, lax.max,
 * lax.min are recognised and run as one fused program).
 */
export function reduceWindow<T = NDArray>(
  operand: T,
  initValue: unknown,
  computation: Computation,
  windowDimensions: number[],
  windowStrides?: number[] | null,
  padding: PaddingLike = "VALID",
  opts: ReduceWindowOptions = {},
): T {
  const o = checkOptions(opts, "reduce_window", ["baseDilation", "windowDilation"]);
  if (typeof computation !== "function") throw new JaxTypeError(`reduce_window computation must be a function, got ${typeof computation}`);
  const [xs, tdef] = tree.flatten<ArrayLike>(operand);
  const [inits, itdef] = tree.flatten<ArrayLike>(initValue);
  if (!tdef.equals(itdef)) {
    throw new ValueError(`Operands must have the same tree structure as init_values: ${tdef} vs. ${itdef}`);
  }
  if (xs.length === 0) throw new ValueError("reduce_window must have at least one operand.");
  const arrays = xs.map((x, i) => asOperand(x, `reduce_window operand ${i}`));
  const initArrays = inits.map((v, i) =>
    typeof v === "number" ? scalarArray(v, arrays[i].dtype, false) : asOperand(v, `reduce_window init_value ${i}`),
  );
  initArrays.forEach((v, i) => {
    if (v.ndim !== 0) throw new JaxTypeError(`reduce_window init_value ${i} must be a scalar, got shape ${shapeStr(v.shape)}`);
    if (v.dtype !== arrays[i].dtype) {
      throw new JaxTypeError(`reduce_window: operand ${i} has dtype ${arrays[i].dtype} but its init_value has dtype ${v.dtype}`);
    }
  });
  const g = windowGeometry("reduce_window", arrays[0].shape, windowDimensions, windowStrides, padding, o.baseDilation, o.windowDilation);
  arrays.forEach((a) => {
    if (shapeStr(a.shape) !== shapeStr(arrays[0].shape)) throw new ValueError("reduce_window operands must all have the same shape");
  });
  const kind = arrays.length === 1 ? monoidKind(computation, initArrays[0]) : null;
  if (kind) {
    const r = monoidWindowC(arrays[0], initArrays[0], g.dims, g.strides, g.padding, g.baseDilation, g.windowDilation, kind);
    return tree.unflatten(tdef, [r]);
  }
  // A general computation: init combined with each window element in turn.
  const outShape = windowOutShape(arrays[0].shape, g);
  const slices = arrays.map((a, i) => windowSlices(a, initArrays[i], g));
  let acc: unknown = tree.unflatten(
    tdef,
    initArrays.map((v) => bcast(v, outShape)),
  );
  const valid = windowValidity(arrays[0], g);
  for (let k = 0; k < slices[0].length; k++) {
    const r = call(
      computation,
      acc,
      tree.unflatten(
        tdef,
        slices.map((s) => s[k]),
      ),
    );
    const [outs, otdef] = tree.flatten<ArrayLike>(r);
    if (!otdef.equals(tdef)) {
      throw new ValueError(`reduce_window output must have the same tree structure as the operands ${tdef} vs. ${otdef}`);
    }
    const prev = tree.leaves(acc) as NDArray[];
    const mask = valid[k];
    const next = outs.map((v, i) => {
      const a = asOperand(v);
      return mask ? bind1(E.selectNP, [mask, prev[i], a], {}) : a;
    });
    acc = tree.unflatten(tdef, next);
  }
  return acc as T;
}

/** reduceWindowShapeTuple(operandShape, windowDimensions, windowStrides, padding, baseDilation?, windowDilation?). */
export function reduceWindowShapeTuple(
  operandShape: number[],
  windowDimensions: number[],
  windowStrides: number[],
  padding: Array<[number, number]>,
  baseDilation?: number[] | null,
  windowDilation?: number[] | null,
): number[] {
  const g = windowGeometry(
    "reduce_window_shape_tuple",
    operandShape,
    windowDimensions,
    windowStrides,
    padding,
    baseDilation,
    windowDilation,
  );
  return windowOutShape(operandShape, g);
}
