// JAX's lax enums and parameter classes: Precision, DotAlgorithmPreset,
// DotAlgorithm, RoundingMethod, FftType, RandomAlgorithm, AccuracyMode,
// Tolerance, ConvDimensionNumbers, RaggedDotDimensionNumbers. Enum members are
// the strings (or, for RoundingMethod, the numbers) the lax functions take, so
// `lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN)` and
// `lax.fft(x, lax.FftType.RFFT, [8])` work as in JAX.
import type { DType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import { checkOptions } from "../core/options.ts";
import type { ConvDimensionNumbersLike } from "./conv.ts";
import type { DotDims } from "./dot.ts";
import { DOT_ALGORITHM_PRESETS } from "../core/dot_algorithms.ts";

/** lax.Precision: DEFAULT, HIGH, HIGHEST (float32 products are computed in full precision on every backend here). */
export const Precision = Object.freeze({ DEFAULT: "DEFAULT", HIGH: "HIGH", HIGHEST: "HIGHEST" } as const);
export type Precision = (typeof Precision)[keyof typeof Precision];

const PRESETS = DOT_ALGORITHM_PRESETS;
export type DotAlgorithmPreset = (typeof PRESETS)[number];
/** lax.DotAlgorithmPreset: named dot algorithms (accepted as `precision`). */
export const DotAlgorithmPreset: Readonly<{ [K in DotAlgorithmPreset]: K }> = Object.freeze(
  Object.fromEntries(PRESETS.map((p) => [p, p])) as { [K in DotAlgorithmPreset]: K },
);

/** lax.DotAlgorithm: an explicit dot algorithm (accepted as `precision`). */
export class DotAlgorithm {
  readonly lhsComponentCount: number;
  readonly rhsComponentCount: number;
  readonly numPrimitiveOperations: number;
  readonly allowImpreciseAccumulation: boolean;
  constructor(
    readonly lhsPrecisionType: DType,
    readonly rhsPrecisionType: DType,
    readonly accumulationType: DType,
    options?: {
      lhsComponentCount?: number;
      rhsComponentCount?: number;
      numPrimitiveOperations?: number;
      allowImpreciseAccumulation?: boolean;
    },
  ) {
    const o = checkOptions(options, "DotAlgorithm", [
      "lhsComponentCount",
      "rhsComponentCount",
      "numPrimitiveOperations",
      "allowImpreciseAccumulation",
    ]);
    this.lhsComponentCount = o.lhsComponentCount ?? 1;
    this.rhsComponentCount = o.rhsComponentCount ?? 1;
    this.numPrimitiveOperations = o.numPrimitiveOperations ?? 1;
    this.allowImpreciseAccumulation = o.allowImpreciseAccumulation ?? false;
  }
}

/** What lax functions accept as `precision` (JAX's PrecisionLike). */
export type PrecisionLike =
  | null
  | undefined
  | Precision
  | "default"
  | "high"
  | "highest"
  | "bfloat16"
  | "tensorfloat32"
  | "float32"
  | "bfloat16_3x"
  | "fastest"
  | DotAlgorithmPreset
  | readonly [Precision | string, Precision | string]
  | DotAlgorithm;

const PRECISION_STRINGS: Record<string, Precision> = {
  highest: "HIGHEST",
  float32: "HIGHEST",
  high: "HIGH",
  bfloat16_3x: "HIGH",
  tensorfloat32: "HIGH",
  default: "DEFAULT",
  bfloat16: "DEFAULT",
  fastest: "DEFAULT",
};

function onePrecision(p: unknown): Precision | undefined {
  if (p === "DEFAULT" || p === "HIGH" || p === "HIGHEST") return p;
  return typeof p === "string" ? PRECISION_STRINGS[p] : undefined;
}

/**
 * JAX's canonicalize_precision: null, a Precision or its string spellings, a pair of them,
 * a DotAlgorithmPreset (or its name) or a DotAlgorithm; anything else raises ValueError.
 */
export function canonicalizePrecision(p: unknown): null | [Precision, Precision] | DotAlgorithmPreset | DotAlgorithm {
  if (p === null || p === undefined) return null;
  if (p instanceof DotAlgorithm) return p;
  const one = onePrecision(p);
  if (one) return [one, one];
  if (typeof p === "string" && (PRESETS as readonly string[]).includes(p)) return p as DotAlgorithmPreset;
  if (Array.isArray(p) && p.length === 2) {
    const [a, b] = p.map(onePrecision);
    if (a && b) return [a, b];
  }
  throw new ValueError(
    "Precision argument must be one of:\n- None,\n- a string in ['highest', 'float32', 'high', 'bfloat16_3x', 'tensorfloat32', 'default', 'bfloat16', 'fastest', None],\n" +
      "- a lax.Precision value,\n- a tuple of two lax.Precision values or strings,\n- a lax.DotAlgorithmPreset or the name of one of these presets, or\n" +
      `- a lax.DotAlgorithm value;\nbut got ${JSON.stringify(p) ?? String(p)}.`,
  );
}

/** lax.RoundingMethod, as lax.round's second argument. */
export const RoundingMethod = Object.freeze({ AWAY_FROM_ZERO: 0, TO_NEAREST_EVEN: 1 } as const);
export type RoundingMethod = (typeof RoundingMethod)[keyof typeof RoundingMethod];

/** lax.FftType, as lax.fft's second argument. */
export const FftType = Object.freeze({ FFT: "FFT", IFFT: "IFFT", RFFT: "RFFT", IRFFT: "IRFFT" } as const);
export type FftType = (typeof FftType)[keyof typeof FftType];

/** lax.RandomAlgorithm, as rngBitGenerator's algorithm (RNG_DEFAULT is Philox, as on JAX's CPU). */
export const RandomAlgorithm = Object.freeze({
  RNG_DEFAULT: "RNG_DEFAULT",
  RNG_THREE_FRY: "RNG_THREE_FRY",
  RNG_PHILOX: "RNG_PHILOX",
} as const);
export type RandomAlgorithm = (typeof RandomAlgorithm)[keyof typeof RandomAlgorithm];
/** A RandomAlgorithm or its IntEnum value (0, 1, 2). */
export type RandomAlgorithmLike = RandomAlgorithm | 0 | 1 | 2;

/** lax.AccuracyMode (for transcendental functions' accuracy; results here are the same either way). */
export const AccuracyMode = Object.freeze({ HIGHEST: "HIGHEST", DEFAULT: "DEFAULT" } as const);
export type AccuracyMode = (typeof AccuracyMode)[keyof typeof AccuracyMode];

/** lax.Tolerance({atol, rtol, ulps}): a requested accuracy for transcendental functions. */
export class Tolerance {
  readonly atol: number;
  readonly rtol: number;
  readonly ulps: number;
  constructor(options?: { atol?: number; rtol?: number; ulps?: number }) {
    const o = checkOptions(options, "Tolerance", ["atol", "rtol", "ulps"]);
    this.atol = o.atol ?? 0;
    this.rtol = o.rtol ?? 0;
    this.ulps = o.ulps ?? 0;
  }
}

/** lax.ConvDimensionNumbers(lhsSpec, rhsSpec, outSpec): explicit convolution layouts (dimension indices). */
export class ConvDimensionNumbers {
  constructor(
    readonly lhsSpec: number[],
    readonly rhsSpec: number[],
    readonly outSpec: number[],
  ) {}
  *[Symbol.iterator](): Iterator<number[]> {
    yield this.lhsSpec;
    yield this.rhsSpec;
    yield this.outSpec;
  }
}

/** lax.DotDimensionNumbers: `[[lhsContract, rhsContract], [lhsBatch, rhsBatch]]`. */
export type DotDimensionNumbers = DotDims;
/** lax.ConvGeneralDilatedDimensionNumbers: null, `[lhs, rhs, out]` layout strings, or ConvDimensionNumbers. */
export type ConvGeneralDilatedDimensionNumbers = ConvDimensionNumbersLike | ConvDimensionNumbers;

/** lax.RaggedDotDimensionNumbers(dotDimensionNumbers, lhsRaggedDimensions, rhsGroupDimensions). */
export class RaggedDotDimensionNumbers {
  constructor(
    readonly dotDimensionNumbers: DotDims,
    readonly lhsRaggedDimensions: number[],
    readonly rhsGroupDimensions: number[],
  ) {}
}
