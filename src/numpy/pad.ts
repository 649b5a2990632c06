// jnp.pad: the pad width as one (before, after) pair per axis, and every
// mode of JAX's (constant, edge, wrap, reflect, symmetric in pad_modes.ts;
// the others in pad_more.ts), each checking the options JAX gives it.
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt, checkIntList } from "../core/scalar_args.ts";
import { bind1 } from "../core/trace.ts";
import { convert } from "../lax/helpers.ts";
import * as S from "../lax/shape_ops.ts";
import { type IndexPadMode, padByIndex } from "./pad_modes.ts";
import { padConstantPairs, padEmpty, padLinearRamp, padReflectOdd, padStats, padWithFunction, valuePairs } from "./pad_more.ts";
import { asArray } from "./util.ts";

/** NumPy's pad_width forms (n, (lo, hi), ((lo, hi), ...)) as one (lo, hi) pair per axis. */
function padConfig(padWidth: unknown, ndim: number): Array<[number, number]> {
  const bad = () =>
    new JaxTypeError(`pad: pad_width must be an integer, a (before, after) pair or one pair per axis; got ${describe(padWidth)}`);
  let cfg: unknown[];
  if (typeof padWidth === "number") cfg = Array.from({ length: ndim }, () => [padWidth, padWidth]);
  else if (!Array.isArray(padWidth)) throw bad();
  else if (padWidth.every((p) => typeof p === "number")) cfg = Array.from({ length: ndim }, () => padWidth);
  else cfg = padWidth;
  if (cfg.length === 1 && ndim > 1) cfg = Array.from({ length: ndim }, () => cfg[0]);
  if (cfg.length !== ndim) throw new ValueError(`pad: pad_width has ${cfg.length} entries for an array of rank ${ndim}`);
  return cfg.map((p) => {
    if (!Array.isArray(p) || p.length > 2 || p.length === 0) throw bad();
    const [lo, hi] = checkIntList(p, "pad: pad widths", 0);
    return [lo, hi ?? lo];
  });
}

export type PadMode =
  | "constant"
  | IndexPadMode
  | "linear_ramp"
  | "maximum"
  | "minimum"
  | "mean"
  | "median"
  | "empty"
  | ((vector: NDArray, padWidth: [number, number], axis: number, kwargs: Record<string, unknown>) => ArrayLike);

/** Values given per axis and side: a scalar, a (before, after) pair, or one pair per axis. */
type PerSide<T> = T | [T, T] | Array<[T, T]> | T[];

export interface PadOptions {
  mode?: PadMode;
  /** mode "constant": the fill value(s). */
  constantValues?: PerSide<ArrayLike>;
  /** modes "reflect" and "symmetric": "odd" reflects about the edge value (2·edge − x). */
  reflectType?: "even" | "odd";
  /** modes "maximum", "minimum", "mean", "median": how many elements at each end the statistic reads. */
  statLength?: PerSide<number> | null;
  /** mode "linear_ramp": the values the ramps start from. */
  endValues?: PerSide<ArrayLike>;
  /** A function mode's keyword arguments. */
  [kwarg: string]: unknown;
}

/** The options each mode takes (JAX raises for the others). */
const PAD_MODE_OPTIONS: Record<string, string[]> = {
  constant: ["constantValues"],
  edge: [],
  wrap: [],
  empty: [],
  reflect: ["reflectType"],
  symmetric: ["reflectType"],
  linear_ramp: ["endValues"],
  maximum: ["statLength"],
  minimum: ["statLength"],
  mean: ["statLength"],
  median: ["statLength"],
};

/** jnp.pad(x, padWidth, {mode, constantValues, reflectType, statLength, endValues}): every mode of JAX's. */
export function pad(x: ArrayLike, padWidth: number | [number, number] | Array<[number, number]>, opts: PadOptions = {}): NDArray {
  const a = asArray(x, "pad argument");
  const cfg = padConfig(padWidth, a.ndim);
  const mode = opts.mode ?? "constant";
  if (typeof mode === "function") {
    const { mode: _m, ...kwargs } = opts;
    return padWithFunction(a, cfg, mode, kwargs);
  }
  const allowed = PAD_MODE_OPTIONS[mode as string];
  if (allowed === undefined) throw new ValueError(`Unimplemented padding mode '${String(mode)}' for np.pad.`);
  // A key no mode takes (a typo) gets checkOptions' message; another mode's option JAX's.
  checkOptions(opts, "pad", ["mode", "constantValues", "reflectType", "statLength", "endValues"]);
  const unsupported = Object.keys(opts).filter((k) => k !== "mode" && !allowed.includes(k) && opts[k] !== undefined);
  if (unsupported.length) {
    throw new ValueError(`pad: unsupported keyword arguments for mode '${mode}': {${unsupported.map((k) => `'${k}'`).join(", ")}}`);
  }
  switch (mode) {
    case "constant": {
      let cv: unknown = opts.constantValues ?? 0;
      if (!Array.isArray(cv)) {
        const v = asArray(cv as ArrayLike, "pad constantValues");
        if (v.ndim === 0) return bind1(S.padP, [a, convert(v, a.dtype)], { padding_config: cfg.map(([lo, hi]) => [lo, hi, 0]) });
        cv = v.toArray();
      }
      return padConstantPairs(a, cfg, valuePairs(cv as ArrayLike, a.ndim, "pad constantValues"));
    }
    case "reflect":
    case "symmetric": {
      const rt = opts.reflectType ?? "even";
      if (rt !== "even" && rt !== "odd") throw new ValueError(`reflect_type must be 'even' or 'odd', got ${String(rt)}`);
      return rt === "odd" ? padReflectOdd(a, cfg, mode) : padByIndex(a, cfg, mode);
    }
    case "edge":
    case "wrap":
      return padByIndex(a, cfg, mode);
    case "empty":
      return padEmpty(a, cfg);
    case "linear_ramp":
      return padLinearRamp(a, cfg, valuePairs((opts.endValues ?? 0) as ArrayLike, a.ndim, "pad endValues"));
    default: {
      const sl = opts.statLength ?? null;
      const lengths =
        sl === null
          ? null
          : valuePairs(sl as number, a.ndim, "pad statLength").map(
              ([b, e]) => [checkInt(b, "pad statLength", 0), checkInt(e, "pad statLength", 0)] as [number, number],
            );
      return padStats(a, cfg, mode as "maximum" | "minimum" | "mean" | "median", lengths);
    }
  }
}
