// jax.nn.initializers: factories returning `(key, shape, dtype?) => array`,
// computed with the same random draws and the same float32 arithmetic as JAX
// (scale constants rounded to the dtype first), so that the same key gives
// the same weights bit for bit.
import { type DType, type DTypeLike, canonicalize, defaultFloat, isFloat, parseDType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkShape } from "../core/shape.ts";
import * as jnp from "../numpy/index.ts";
import * as random from "../random/index.ts";
import type { KeyLike } from "../random/index.ts";

/** An initializer: `(key, shape, dtype?) => array` of that shape and dtype (default float32). */
export type Initializer = (key: KeyLike, shape: number[], dtype?: DTypeLike) => NDArray;

function dtypeOf(dtype: DTypeLike | null | undefined, what: string): DType {
  if (dtype === undefined || dtype === null) return defaultFloat();
  return canonicalize(parseDType(dtype, `${what} dtype`));
}
const cst = (v: number, dtype: DType): NDArray => jnp.full([], v, { dtype });

/** Options of a factory whose first optional argument may also come positionally (`normal(0.02)`). */
function factoryOpts<O extends object>(arg: number | O | undefined, what: string, first: string, keys: string[]): O {
  if (arg === undefined) return {} as O;
  if (typeof arg === "number" || arg instanceof NDArray) return { [first]: arg } as O;
  return checkOptions(arg, what, keys);
}

export const zeros: Initializer = (_key, shape, dtype) => jnp.zeros(checkShape(shape), { dtype: dtypeOf(dtype, "zeros") });
export const ones: Initializer = (_key, shape, dtype) => jnp.ones(checkShape(shape), { dtype: dtypeOf(dtype, "ones") });

/** constant(value, {dtype}): every element `value`. */
export function constant(value: ArrayLike, opts: { dtype?: DTypeLike | null } = {}): Initializer {
  const o = checkOptions(opts, "constant", ["dtype"]);
  return (_key, shape, dtype) => jnp.full(checkShape(shape), value, { dtype: dtypeOf(dtype ?? o.dtype, "constant") });
}

/** uniform({scale = 1e-2, dtype}): U[0, scale). */
export function uniform(opts?: number | { scale?: number; dtype?: DTypeLike | null }): Initializer {
  const o = factoryOpts(opts, "uniform", "scale", ["scale", "dtype"]);
  return (key, shape, dtype) => {
    const dt = dtypeOf(dtype ?? o.dtype, "uniform");
    return jnp.multiply(random.uniform(key, shape, { dtype: dt }), cst(o.scale ?? 1e-2, dt));
  };
}

/** normal({stddev = 1e-2, dtype}). */
export function normal(opts?: number | { stddev?: number; dtype?: DTypeLike | null }): Initializer {
  const o = factoryOpts(opts, "normal", "stddev", ["stddev", "dtype"]);
  return (key, shape, dtype) => {
    const dt = dtypeOf(dtype ?? o.dtype, "normal");
    return jnp.multiply(random.normal(key, shape, { dtype: dt }), cst(o.stddev ?? 1e-2, dt));
  };
}

/** truncatedNormal({stddev = 1e-2, dtype, lower = -2, upper = 2}). */
export function truncatedNormal(
  opts?: number | { stddev?: number; dtype?: DTypeLike | null; lower?: number; upper?: number },
): Initializer {
  const o = factoryOpts(opts, "truncated_normal", "stddev", ["stddev", "dtype", "lower", "upper"]);
  return (key, shape, dtype) => {
    const dt = dtypeOf(dtype ?? o.dtype, "truncated_normal");
    const t = random.truncatedNormal(key, o.lower ?? -2, o.upper ?? 2, shape, { dtype: dt });
    return jnp.multiply(t, cst(o.stddev ?? 1e-2, dt));
  };
}

type Axes = number | number[];
export interface FanOptions {
  inAxis?: Axes;
  outAxis?: Axes;
  batchAxis?: Axes;
  dtype?: DTypeLike | null;
}
const FAN_KEYS = ["inAxis", "outAxis", "batchAxis", "dtype"];

function axisSize(shape: number[], axes: Axes, what: string): number {
  const at = (a: number) => {
    const i = a < 0 ? a + shape.length : a;
    if (!Number.isInteger(i) || i < 0 || i >= shape.length) {
      throw new ValueError(`${what} ${a} is out of bounds for a weights shape of rank ${shape.length}`);
    }
    return shape[i];
  };
  return typeof axes === "number" ? at(axes) : axes.reduce((p, a) => p * at(a), 1);
}

/** [fan_in, fan_out] of a weights shape, as JAX's _compute_fans (in float64). */
export function computeFans(shape: number[], inAxis: Axes = -2, outAxis: Axes = -1, batchAxis: Axes = []): [number, number] {
  if (inAxis === -2 && shape.length <= 1) {
    throw new ValueError(
      `Can't compute input and output sizes of a ${shape.length}-dimensional weights tensor with default in_axis. ` +
        "Must be at least 2D or specify in_axis explicitly.",
    );
  }
  const inSize = axisSize(shape, inAxis, "in_axis");
  const outSize = axisSize(shape, outAxis, "out_axis");
  const batchSize = axisSize(shape, batchAxis, "batch_axis");
  const receptive = shape.reduce((p, d) => p * d, 1) / inSize / outSize / batchSize;
  return [inSize * receptive, outSize * receptive];
}

export type FanMode = "fan_in" | "fan_out" | "fan_avg" | "fan_geo_avg";
export type Distribution = "truncated_normal" | "normal" | "uniform";

/**
 * varianceScaling(scale, mode, distribution, {inAxis = -2, outAxis = -1, batchAxis = [], dtype}):
 * samples with variance scale / n, n the fan chosen by `mode`.
 */
export function varianceScaling(scale: number, mode: FanMode, distribution: Distribution, opts: FanOptions = {}): Initializer {
  const o = checkOptions(opts, "variance_scaling", FAN_KEYS);
  return (key, shape, dtype) => {
    const s = checkShape(shape, "variance_scaling shape");
    const dt = dtypeOf(dtype ?? o.dtype, "variance_scaling");
    if (!isFloat(dt)) throw new JaxTypeError(`variance_scaling: dtype must be a float dtype, got ${dt}`);
    const [fanIn, fanOut] = computeFans(s, o.inAxis, o.outAxis, o.batchAxis);
    let denominator: number;
    if (mode === "fan_in") denominator = fanIn;
    else if (mode === "fan_out") denominator = fanOut;
    else if (mode === "fan_avg") denominator = (fanIn + fanOut) / 2;
    else if (mode === "fan_geo_avg") denominator = Math.sqrt(fanIn * fanOut);
    else throw new ValueError(`invalid mode for variance scaling initializer: ${String(mode)}`);
    const variance = cst(scale / denominator, dt);
    if (distribution === "truncated_normal") {
      // The stddev of a unit normal truncated to [-2, 2].
      const stddev = jnp.divide(jnp.sqrt(variance), cst(0.87962566103423978, dt));
      return jnp.multiply(random.truncatedNormal(key, -2, 2, s, { dtype: dt }), stddev);
    }
    if (distribution === "normal") return jnp.multiply(random.normal(key, s, { dtype: dt }), jnp.sqrt(variance));
    if (distribution === "uniform") {
      return jnp.multiply(random.uniform(key, s, { dtype: dt, minval: -1 }), jnp.sqrt(jnp.multiply(3, variance)));
    }
    throw new ValueError(`invalid distribution for variance scaling initializer: ${String(distribution)}`);
  };
}

const fanFactory =
  (scale: number, mode: FanMode, distribution: Distribution, what: string) =>
  (opts: FanOptions = {}) =>
    varianceScaling(scale, mode, distribution, checkOptions(opts, what, FAN_KEYS));

export const glorotUniform: (opts?: FanOptions) => Initializer = fanFactory(1, "fan_avg", "uniform", "glorot_uniform");
export const glorotNormal: (opts?: FanOptions) => Initializer = fanFactory(1, "fan_avg", "truncated_normal", "glorot_normal");
export const lecunUniform: (opts?: FanOptions) => Initializer = fanFactory(1, "fan_in", "uniform", "lecun_uniform");
export const lecunNormal: (opts?: FanOptions) => Initializer = fanFactory(1, "fan_in", "truncated_normal", "lecun_normal");
export const heUniform: (opts?: FanOptions) => Initializer = fanFactory(2, "fan_in", "uniform", "he_uniform");
export const heNormal: (opts?: FanOptions) => Initializer = fanFactory(2, "fan_in", "truncated_normal", "he_normal");
export const xavierUniform = glorotUniform;
export const xavierNormal = glorotNormal;
export const kaimingUniform = heUniform;
export const kaimingNormal = heNormal;

type OrthogonalSampler = (key: KeyLike, n: number, shape: number[], opts: { dtype: DType; m: number }) => NDArray;
/** random.orthogonal, which comes with the linalg decompositions (QR); null in builds without it. */
function orthogonalSampler(): OrthogonalSampler | null {
  const f = (random as unknown as Record<string, unknown>).orthogonal;
  return typeof f === "function" ? (f as OrthogonalSampler) : null;
}

export interface OrthogonalOptions {
  scale?: number;
  columnAxis?: number;
  dtype?: DTypeLike | null;
}

/** orthogonal({scale = 1, columnAxis = -1, dtype}): a (scaled) uniformly random orthogonal matrix, reshaped. */
export function orthogonal(opts?: number | OrthogonalOptions): Initializer {
  const o = factoryOpts<OrthogonalOptions>(opts, "orthogonal", "scale", ["scale", "columnAxis", "dtype"]);
  return (key, shape, dtype) => {
    const s = checkShape(shape, "orthogonal shape");
    const dt = dtypeOf(dtype ?? o.dtype, "orthogonal");
    if (s.length < 2) throw new ValueError("orthogonal initializer requires at least a 2D shape");
    if (s.some((d) => d === 0)) return jnp.zeros(s, { dtype: dt });
    const col = o.columnAxis ?? -1;
    const c = col < 0 ? col + s.length : col;
    if (!(c >= 0 && c < s.length)) throw new ValueError(`orthogonal: column_axis ${col} is out of bounds for shape (${s.join(", ")})`);
    const nCols = s[c];
    const nRows = s.reduce((p, d) => p * d, 1) / nCols;
    const sample = orthogonalSampler();
    if (!sample) throw new JaxTypeError("nn.initializers.orthogonal needs random.orthogonal (QR), which this build lacks");
    const q = sample(key, nRows, [], { dtype: dt, m: nCols });
    const rest = s.filter((_, i) => i !== c);
    const moved = jnp.moveaxis(jnp.reshape(q, [...rest, nCols]), -1, c);
    return jnp.multiply(cst(o.scale ?? 1, dt), moved);
  };
}

/** deltaOrthogonal({scale = 1, columnAxis = -1, dtype}): zeros with an orthogonal matrix at the spatial centre (3-5D shapes). */
export function deltaOrthogonal(opts?: number | OrthogonalOptions): Initializer {
  const o = factoryOpts<OrthogonalOptions>(opts, "delta_orthogonal", "scale", ["scale", "columnAxis", "dtype"]);
  return (key, shape, dtype) => {
    const s = checkShape(shape, "delta_orthogonal shape");
    const dt = dtypeOf(dtype ?? o.dtype, "delta_orthogonal");
    if (s.length < 3 || s.length > 5) throw new ValueError("Delta orthogonal initializer requires a 3D, 4D or 5D shape.");
    if (s[s.length - 1] < s[s.length - 2]) throw new ValueError("`fan_in` must be less or equal than `fan_out`. ");
    const ortho = orthogonal({ scale: o.scale, columnAxis: o.columnAxis, dtype: dt })(key, s.slice(-2));
    const centre = s.slice(0, -2).map((k) => Math.floor((k - 1) / 2));
    return jnp
      .zeros(s, { dtype: dt })
      .at(...centre)
      .set(ortho);
  };
}
