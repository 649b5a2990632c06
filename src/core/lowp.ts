// The low-precision dtypes JAX takes from ml_dtypes: the float8, float6 and
// float4 formats and the 2- and 4-bit integers. They live in host storage as
// float32 (the floats, holding values already rounded to the format) or as
// int8/uint8 (the integers, holding wrapped values), and compute on the
// reference kernels, whose outputs are rounded back to the format.

/** The small float formats. */
export type LowpFloat =
  | "float8_e4m3fn"
  | "float8_e5m2"
  | "float8_e4m3"
  | "float8_e3m4"
  | "float8_e4m3fnuz"
  | "float8_e5m2fnuz"
  | "float8_e4m3b11fnuz"
  | "float8_e8m0fnu"
  | "float6_e2m3fn"
  | "float6_e3m2fn"
  | "float4_e2m1fn";
/** The sub-byte integers. */
export type LowpInt = "int4" | "uint4" | "int2" | "uint2" | "int1" | "uint1";
export type LowpDType = LowpFloat | LowpInt;

/** How a small float format encodes numbers (ml_dtypes' definitions). */
interface FloatFormat {
  readonly bits: number;
  /** Exponent and explicit mantissa bits. */
  readonly ebits: number;
  readonly mbits: number;
  readonly bias: number;
  /** Largest finite value. */
  readonly max: number;
  readonly hasInf: boolean;
  /** Without NaN (float6/float4) an overflow saturates and NaN becomes -0, as ml_dtypes converts. */
  readonly hasNaN: boolean;
  /** "fnuz" formats have one zero (+0); e8m0 has no zero and no sign at all. */
  readonly negZero: boolean;
}

function fmt(
  bits: number,
  ebits: number,
  mbits: number,
  bias: number,
  max: number,
  hasInf: boolean,
  hasNaN: boolean,
  negZero: boolean,
): FloatFormat {
  return { bits, ebits, mbits, bias, max, hasInf, hasNaN, negZero };
}

export const FLOAT_FORMATS: Readonly<Record<LowpFloat, FloatFormat>> = {
  float8_e4m3fn: fmt(8, 4, 3, 7, 448, false, true, true),
  float8_e5m2: fmt(8, 5, 2, 15, 57344, true, true, true),
  float8_e4m3: fmt(8, 4, 3, 7, 240, true, true, true),
  float8_e3m4: fmt(8, 3, 4, 3, 15.5, true, true, true),
  float8_e4m3fnuz: fmt(8, 4, 3, 8, 240, false, true, false),
  float8_e5m2fnuz: fmt(8, 5, 2, 16, 57344, false, true, false),
  float8_e4m3b11fnuz: fmt(8, 4, 3, 11, 30, false, true, false),
  float8_e8m0fnu: fmt(8, 8, 0, 127, 2 ** 127, false, true, false),
  float6_e2m3fn: fmt(6, 2, 3, 1, 7.5, false, false, true),
  float6_e3m2fn: fmt(6, 3, 2, 3, 28, false, false, true),
  float4_e2m1fn: fmt(4, 2, 1, 1, 6, false, false, true),
};

/** Value ranges of the sub-byte integers. */
export const INT_RANGES: Readonly<Record<LowpInt, { readonly bits: number; readonly min: number; readonly max: number }>> = {
  int4: { bits: 4, min: -8, max: 7 },
  uint4: { bits: 4, min: 0, max: 15 },
  int2: { bits: 2, min: -2, max: 1 },
  uint2: { bits: 2, min: 0, max: 3 },
  // JAX exposes these too, though XLA on CPU cannot run them.
  int1: { bits: 1, min: -1, max: 0 },
  uint1: { bits: 1, min: 0, max: 1 },
};

export const LOWP_FLOATS: readonly LowpFloat[] = Object.keys(FLOAT_FORMATS) as LowpFloat[];
export const LOWP_INTS: readonly LowpInt[] = Object.keys(INT_RANGES) as LowpInt[];
export const LOWP_DTYPES: readonly LowpDType[] = [...LOWP_FLOATS, ...LOWP_INTS];

export function isLowpFloat(d: string): d is LowpFloat {
  return Object.hasOwn(FLOAT_FORMATS, d);
}
export function isLowpInt(d: string): d is LowpInt {
  return Object.hasOwn(INT_RANGES, d);
}
export function isLowp(d: string): d is LowpDType {
  return isLowpFloat(d) || isLowpInt(d);
}

/** floor(log2(a)) for a finite a > 0, exact (Math.log2 can be off by one next to powers of two). */
function floorLog2(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return e;
}

// e8m0 holds powers of two only: a mantissa at or above 1.5 rounds up (ties
// away, as ml_dtypes and XLA do); no zero, sign, or infinity (all NaN).
function roundE8m0(x: number): number {
  // ml_dtypes converts through float32 first (2^-150 is 0 there, hence NaN).
  const a = Math.fround(x);
  if (!(a > 0) || a === Infinity) return NaN;
  // float32 subnormals: anything above 2^-127 goes up to 2^-126 (ml_dtypes' and XLA's quirk), the rest to 2^-127.
  if (a < 2 ** -126) return a > 2 ** -127 ? 2 ** -126 : 2 ** -127;
  let e = floorLog2(a);
  if (a / 2 ** e >= 1.5) e += 1;
  if (e > 127) return NaN;
  return 2 ** Math.max(e, -127);
}

/** Round a JS number to a small float format (round to nearest even), returned as a JS number. */
export function roundToLowpFloat(x: number, d: LowpFloat): number {
  const f = FLOAT_FORMATS[d];
  if (f.mbits === 0) return roundE8m0(x);
  if (Number.isNaN(x)) return f.hasNaN ? NaN : -0;
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let v: number;
  if (a === Infinity) v = Infinity;
  else {
    // Spacing of the format's numbers around a (subnormals share the smallest normal exponent's).
    const ulp = 2 ** (Math.max(a === 0 ? 0 : floorLog2(a), 1 - f.bias) - f.mbits);
    const q = a / ulp;
    let r = Math.floor(q);
    const frac = q - r;
    if (frac > 0.5 || (frac === 0.5 && r % 2 === 1)) r += 1;
    v = r * ulp;
  }
  if (v > f.max) v = f.hasInf ? Infinity : f.hasNaN ? NaN : f.max;
  if (v === 0) return neg && f.negZero ? -0 : 0;
  return neg ? -v : v;
}

/** Wrap an integer into a sub-byte integer's range (two's complement); non-integers truncate first. */
export function wrapLowpInt(x: number, d: LowpInt): number {
  const { bits, min } = INT_RANGES[d];
  const m = 2 ** bits;
  const t = Math.trunc(x);
  const w = (((t - min) % m) + m) % m;
  return w + min;
}

/** Saturating float → sub-byte integer conversion (NaN → 0), as XLA converts. */
export function saturateLowpInt(x: number, d: LowpInt): number {
  if (Number.isNaN(x)) return 0;
  const { min, max } = INT_RANGES[d];
  const t = Math.trunc(x);
  return t < min ? min : t > max ? max : t;
}

/** The rounding a kernel's output of dtype `d` needs, or null for dtypes other than these. */
export function lowpOutputRounding(d: string): ((x: number) => number) | null {
  if (isLowpFloat(d)) return (x) => roundToLowpFloat(x, d);
  if (isLowpInt(d)) return (x) => wrapLowpInt(x, d);
  return null;
}

/** Bits of one element (float6: 6, int4: 4; the byte-sized formats: 8). */
export function lowpBitWidth(d: LowpDType): number {
  return isLowpFloat(d) ? FLOAT_FORMATS[d].bits : INT_RANGES[d].bits;
}

/** The value a bit pattern of a small float format stands for (sign-magnitude, as ml_dtypes lays them out). */
function decodeBits(b: number, d: LowpFloat): number {
  const f = FLOAT_FORMATS[d];
  if (f.mbits === 0) return b === 255 ? NaN : 2 ** (b - f.bias);
  const sign = (b >> (f.bits - 1)) & 1;
  const e = (b >> f.mbits) & ((1 << f.ebits) - 1);
  const m = b & ((1 << f.mbits) - 1);
  const eMax = (1 << f.ebits) - 1;
  if (f.hasInf && e === eMax) return m === 0 ? (sign ? -Infinity : Infinity) : NaN;
  if (!f.hasInf && f.hasNaN && f.negZero && e === eMax && m === (1 << f.mbits) - 1) return NaN;
  if (!f.negZero && sign && e === 0 && m === 0) return NaN;
  const mag = e === 0 ? m * 2 ** (1 - f.bias - f.mbits) : (1 + m / (1 << f.mbits)) * 2 ** (e - f.bias);
  return sign ? -mag : mag;
}

// The NaN pattern a conversion produces: the quiet NaN of the IEEE-like formats, 0x7f for
// "fn", 0x80 for "fnuz", 0xff for e8m0; the float6/float4 ones (no NaN) store -0.
function nanBits(d: LowpFloat): number {
  const f = FLOAT_FORMATS[d];
  if (f.mbits === 0) return 0xff;
  if (f.hasInf) return (((1 << f.ebits) - 1) << f.mbits) | (1 << (f.mbits - 1));
  if (!f.hasNaN) return 1 << (f.bits - 1);
  return f.negZero ? (1 << (f.bits - 1)) - 1 : 1 << (f.bits - 1);
}

const decodeTables = new Map<LowpFloat, Float64Array>();
const encodeTables = new Map<LowpFloat, Map<number | string, number>>();
// -0 and NaN as map keys of their own (a Map treats -0 as 0).
const key = (v: number): number | string => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "nan" : v);

function tablesOf(d: LowpFloat): [Float64Array, Map<number | string, number>] {
  let dec = decodeTables.get(d);
  let enc = encodeTables.get(d);
  if (!dec || !enc) {
    const n = 2 ** FLOAT_FORMATS[d].bits;
    dec = new Float64Array(n);
    enc = new Map();
    for (let b = 0; b < n; b++) {
      dec[b] = decodeBits(b, d);
      const k = key(dec[b]);
      if (!enc.has(k)) enc.set(k, b);
    }
    enc.set("nan", nanBits(d));
    decodeTables.set(d, dec);
    encodeTables.set(d, enc);
  }
  return [dec, enc];
}

/** The bit pattern of a value (already rounded to the format) of a small float, or of a sub-byte integer. */
export function lowpToBits(v: number, d: LowpDType): number {
  if (isLowpInt(d)) return v & ((1 << INT_RANGES[d].bits) - 1);
  return tablesOf(d)[1].get(key(v)) ?? 0;
}

/** The value of a bit pattern (only the low lowpBitWidth(d) bits count). */
export function lowpFromBits(b: number, d: LowpDType): number {
  if (isLowpInt(d)) return wrapLowpInt(b & ((1 << INT_RANGES[d].bits) - 1), d);
  return tablesOf(d)[0][b & (2 ** FLOAT_FORMATS[d].bits - 1)];
}

/** lax.nextafter in a small float format: the neighbouring value of x towards y. */
export function lowpNextafter(x: number, y: number, d: LowpFloat): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  const f = FLOAT_FORMATS[d];
  if (f.mbits === 0) return lowpFromBits(lowpToBits(x, d) + (y > x ? 1 : -1), d);
  // Sign-magnitude: stepping the pattern moves away from zero, except across zero itself.
  if (x === 0) return lowpFromBits(y > 0 ? 1 : (1 << (f.bits - 1)) | 1, d);
  return lowpFromBits(lowpToBits(x, d) + (y > x === x > 0 ? 1 : -1), d);
}
