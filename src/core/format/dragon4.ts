// Exact port of NumPy's Dragon4 float printing (numpy/_core/src/multiarray/dragon4.c),
// using BigInt arithmetic, for IEEE binary16 / binary32 / binary64 values.
//
// NumPy prints every float through this code: `np.format_float_positional`,
// `np.format_float_scientific`, the array printer's FloatingFormat and the str()/repr()
// of float scalars. Porting it (rather than approximating it with toPrecision) makes the
// shortest-round-trip digits, the fractional cutoff rounding and the padding/trim rules
// identical to NumPy's, including its corner cases.

/** IEEE formats understood by the printer. */
export type FloatKind = "float16" | "float32" | "float64";

/**
 * Trim modes, spelled as NumPy's Python API spells them:
 * - "k": keep trailing zeros, keep the decimal point (TrimMode_None)
 * - ".": trim trailing zeros, keep the decimal point (TrimMode_Zeros)
 * - "0": trim trailing zeros but leave one zero after the point (TrimMode_LeaveOneZero)
 * - "-": trim trailing zeros and the decimal point (TrimMode_DptZeros)
 */
export type TrimMode = "k" | "." | "0" | "-";

// ---------------------------------------------------------------------------
// float16 / float32 rounding helpers
// ---------------------------------------------------------------------------

function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** IEEE binary16 bit pattern of `x`, rounded to nearest, ties to even. */
export function float16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a === 0) return sign;
  if (a < 2 ** -14) {
    // Subnormal range: quantum 2^-24. A result of 1024 is the smallest normal (0x0400).
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let q = roundHalfEven(a / 2 ** (e - 10)); // in [1024, 2048]
  if (q === 2048) {
    q = 1024;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | (q - 1024);
}

/** The number whose binary16 bit pattern is `bits`. */
export function float16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const man = bits & 0x3ff;
  if (exp === 0x1f) return man === 0 ? sign * Infinity : NaN;
  if (exp === 0) return sign * man * 2 ** -24;
  return sign * (1024 + man) * 2 ** (exp - 25);
}

/** Round `x` to the nearest float16 value (ties to even), as `np.float16(x)` does. */
export function roundFloat16(x: number): number {
  return float16FromBits(float16Bits(x));
}

/** Round a double to the value it has in the given float format. */
export function castFloat(x: number, kind: FloatKind): number {
  switch (kind) {
    case "float64":
      return x;
    case "float32":
      return Math.fround(x);
    case "float16":
      return roundFloat16(x);
  }
}

// ---------------------------------------------------------------------------
// Decomposition into mantissa * 2^exponent
// ---------------------------------------------------------------------------

interface Decomposed {
  negative: boolean;
  /** "inf" / "nan" for special values, otherwise null. */
  special: "inf" | "nan" | null;
  mantissa: bigint;
  exponent: number;
  /** Index of the highest set mantissa bit. */
  mantissaBit: number;
  /** Whether the high margin is twice the low margin (exact powers of two). */
  unequalMargins: boolean;
}

const scratch = new DataView(new ArrayBuffer(8));

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

function decompose(x: number, kind: FloatKind): Decomposed {
  let negative: boolean;
  let expField: number;
  let manField: bigint;
  let manBits: number;
  let bias: number;
  let expMax: number;
  if (kind === "float64") {
    scratch.setFloat64(0, x);
    const hi = scratch.getUint32(0);
    const lo = scratch.getUint32(4);
    negative = hi >>> 31 !== 0;
    expField = (hi >>> 20) & 0x7ff;
    manField = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    manBits = 52;
    bias = 1023;
    expMax = 0x7ff;
  } else if (kind === "float32") {
    scratch.setFloat32(0, x);
    const b = scratch.getUint32(0);
    negative = b >>> 31 !== 0;
    expField = (b >>> 23) & 0xff;
    manField = BigInt(b & 0x7fffff);
    manBits = 23;
    bias = 127;
    expMax = 0xff;
  } else {
    const b = float16Bits(x);
    negative = b >>> 15 !== 0;
    expField = (b >>> 10) & 0x1f;
    manField = BigInt(b & 0x3ff);
    manBits = 10;
    bias = 15;
    expMax = 0x1f;
  }
  if (expField === expMax) {
    return {
      negative,
      special: manField === 0n ? "inf" : "nan",
      mantissa: 0n,
      exponent: 0,
      mantissaBit: 0,
      unequalMargins: false,
    };
  }
  if (expField !== 0) {
    return {
      negative,
      special: null,
      mantissa: (1n << BigInt(manBits)) | manField,
      exponent: expField - bias - manBits,
      mantissaBit: manBits,
      unequalMargins: expField !== 1 && manField === 0n,
    };
  }
  return {
    negative,
    special: null,
    mantissa: manField,
    exponent: 1 - bias - manBits,
    mantissaBit: manField === 0n ? 0 : bitLength(manField) - 1,
    unequalMargins: false,
  };
}

// ---------------------------------------------------------------------------
// Dragon4 digit generation
// ---------------------------------------------------------------------------

/** NumPy's scratch buffer size (sizeof(Dragon4_Scratch.repr)). */
const BUFFER_SIZE = 16384;
const LOG10_2 = 0.30102999566398119521373889472449;

const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache.push(pow10Cache[i - 1]! * 10n);
  return pow10Cache[n]!;
}

interface Digits {
  digits: number[];
  /** Base-10 exponent of the first digit. */
  exponent: number;
}

function dragon4(
  mantissa: bigint,
  exponent: number,
  mantissaBit: number,
  hasUnequalMargins: boolean,
  unique: boolean,
  fractionCutoff: boolean,
  cutoffMax: number,
  cutoffMin: number,
  bufferSize: number,
): Digits {
  if (mantissa === 0n) return { digits: [0], exponent: 0 };

  const isEven = (mantissa & 1n) === 0n;
  let scale: bigint;
  let scaledValue: bigint;
  let marginLow: bigint;
  if (hasUnequalMargins) {
    if (exponent > 0) {
      scaledValue = mantissa << BigInt(exponent + 2);
      scale = 4n;
      marginLow = 1n << BigInt(exponent);
    } else {
      scaledValue = mantissa << 2n;
      scale = 1n << BigInt(-exponent + 2);
      marginLow = 1n;
    }
  } else {
    if (exponent > 0) {
      scaledValue = mantissa << BigInt(exponent + 1);
      scale = 2n;
      marginLow = 1n << BigInt(exponent);
    } else {
      scaledValue = mantissa << 1n;
      scale = 1n << BigInt(-exponent + 1);
      marginLow = 1n;
    }
  }
  const highFactor = hasUnequalMargins ? 2n : 1n;

  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && fractionCutoff && digitExponent <= -cutoffMax) {
    digitExponent = -cutoffMax + 1;
  }
  if (digitExponent > 0) {
    scale *= pow10(digitExponent);
  } else if (digitExponent < 0) {
    const p = pow10(-digitExponent);
    scaledValue *= p;
    marginLow *= p;
  }
  if (scaledValue >= scale) {
    digitExponent += 1;
  } else {
    scaledValue *= 10n;
    marginLow *= 10n;
  }

  let cutoffMaxExponent = digitExponent - bufferSize;
  if (cutoffMax >= 0) {
    const desired = fractionCutoff ? -cutoffMax : digitExponent - cutoffMax;
    if (desired > cutoffMaxExponent) cutoffMaxExponent = desired;
  }
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) {
    const desired = fractionCutoff ? -cutoffMin : digitExponent - cutoffMin;
    if (desired < cutoffMinExponent) cutoffMinExponent = desired;
  }

  let outExponent = digitExponent - 1;
  const digits: number[] = [];
  let low = false;
  let high = false;
  let outputDigit = 0;

  if (unique) {
    for (;;) {
      digitExponent -= 1;
      outputDigit = Number(scaledValue / scale);
      scaledValue %= scale;
      const marginHigh = marginLow * highFactor;
      const scaledValueHigh = scaledValue + marginHigh;
      low = isEven ? scaledValue <= marginLow : scaledValue < marginLow;
      high = isEven ? scaledValueHigh >= scale : scaledValueHigh > scale;
      if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
      digits.push(outputDigit);
      scaledValue *= 10n;
      marginLow *= 10n;
    }
  } else {
    for (;;) {
      digitExponent -= 1;
      outputDigit = Number(scaledValue / scale);
      scaledValue %= scale;
      if (scaledValue === 0n || digitExponent === cutoffMaxExponent) break;
      digits.push(outputDigit);
      scaledValue *= 10n;
    }
  }

  let roundDown = low;
  if (low === high) {
    const twice = scaledValue * 2n;
    roundDown = twice < scale;
    if (twice === scale) roundDown = (outputDigit & 1) === 0;
  }

  if (roundDown) {
    digits.push(outputDigit);
  } else if (outputDigit === 9) {
    for (;;) {
      if (digits.length === 0) {
        digits.push(1);
        outExponent += 1;
        break;
      }
      const d = digits.pop()!;
      if (d !== 9) {
        digits.push(d + 1);
        break;
      }
    }
  } else {
    digits.push(outputDigit + 1);
  }
  return { digits, exponent: outExponent };
}

// ---------------------------------------------------------------------------
// Positional / scientific layout (FormatPositional / FormatScientific)
// ---------------------------------------------------------------------------

export interface PositionalOptions {
  /** Maximum digits (after the point when `fractional`); -1 for none. */
  precision?: number;
  unique?: boolean;
  fractional?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  padLeft?: number;
  padRight?: number;
  minDigits?: number;
}

export interface ScientificOptions {
  precision?: number;
  unique?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  padLeft?: number;
  expDigits?: number;
  minDigits?: number;
}

function signString(d: Decomposed, sign: boolean): string {
  return d.negative ? "-" : sign ? "+" : "";
}

function infNan(d: Decomposed, sign: boolean): string {
  if (d.special === "inf") return signString(d, sign) + "inf";
  return "nan";
}

function digitString(ds: number[], from = 0, to = ds.length): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(48 + ds[i]!);
  return s;
}

function stripTrailingZeros(s: string): { s: string; removed: number } {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return { s: s.slice(0, end), removed: s.length - end };
}

/** `np.format_float_positional` semantics (same defaults as NumPy's C entry point). */
export function dragon4Positional(x: number, kind: FloatKind, opts: PositionalOptions = {}): string {
  const precision = opts.precision ?? -1;
  const unique = opts.unique ?? true;
  const fractional = opts.fractional ?? false;
  const trim = opts.trim ?? "k";
  const padLeft = opts.padLeft ?? -1;
  const padRight = opts.padRight ?? -1;
  const minDigits = opts.minDigits ?? -1;
  const d = decompose(x, kind);
  if (d.special) return infNan(d, opts.sign ?? false);
  const signStr = signString(d, opts.sign ?? false);
  const hasSign = signStr.length;

  const { digits, exponent: printExponent } = dragon4(
    d.mantissa,
    d.exponent,
    d.mantissaBit,
    d.unequalMargins,
    unique,
    fractional,
    precision,
    minDigits,
    BUFFER_SIZE - 1 - hasSign,
  );
  const numDigits = digits.length;
  let body: string;
  let numWholeDigits: number;
  let numFractionDigits = 0;
  if (printExponent >= 0) {
    numWholeDigits = printExponent + 1;
    if (numDigits <= numWholeDigits) {
      body = digitString(digits) + "0".repeat(numWholeDigits - numDigits);
    } else {
      numFractionDigits = numDigits - numWholeDigits;
      body = digitString(digits, 0, numWholeDigits) + "." + digitString(digits, numWholeDigits);
    }
  } else {
    const numFractionZeros = -(printExponent + 1);
    body = "0." + "0".repeat(numFractionZeros) + digitString(digits);
    numFractionDigits = numDigits + numFractionZeros;
    numWholeDigits = 1;
  }

  if (trim !== "-" && numFractionDigits === 0) body += ".";

  const addDigits = unique ? minDigits : precision;
  let desiredFractionalDigits = addDigits < 0 ? 0 : addDigits;
  if (!fractional) desiredFractionalDigits = addDigits - numWholeDigits;

  if (trim === "0") {
    if (numFractionDigits === 0) {
      body += "0";
      numFractionDigits++;
    }
  } else if (trim === "k" && desiredFractionalDigits > numFractionDigits) {
    body += "0".repeat(desiredFractionalDigits - numFractionDigits);
    numFractionDigits = desiredFractionalDigits;
  }

  if (trim !== "k" && numFractionDigits > 0) {
    const st = stripTrailingZeros(body);
    body = st.s;
    numFractionDigits -= st.removed;
    if (body.endsWith(".")) {
      if (trim === "0") {
        body += "0";
        numFractionDigits++;
      } else if (trim === "-") {
        body = body.slice(0, -1);
      }
    }
  }

  if (padRight >= numFractionDigits) {
    if (trim === "-" && numFractionDigits === 0) body += " ";
    body += " ".repeat(padRight - numFractionDigits);
  }
  let out = signStr + body;
  if (padLeft > numWholeDigits + hasSign) out = " ".repeat(padLeft - (numWholeDigits + hasSign)) + out;
  return out;
}

/** `np.format_float_scientific` semantics (same defaults as NumPy's C entry point). */
export function dragon4Scientific(x: number, kind: FloatKind, opts: ScientificOptions = {}): string {
  const precision = opts.precision ?? -1;
  const unique = opts.unique ?? true;
  const trim = opts.trim ?? "k";
  const padLeft = opts.padLeft ?? -1;
  let expDigits = opts.expDigits ?? -1;
  const minDigits = opts.minDigits ?? -1;
  const d = decompose(x, kind);
  if (d.special) return infNan(d, opts.sign ?? false);
  const signStr = signString(d, opts.sign ?? false);

  const leftChars = 1 + signStr.length;
  let out = padLeft > leftChars ? " ".repeat(padLeft - leftChars) : "";
  out += signStr;

  const { digits, exponent: printExponent } = dragon4(
    d.mantissa,
    d.exponent,
    d.mantissaBit,
    d.unequalMargins,
    unique,
    false,
    precision < 0 ? -1 : precision + 1,
    minDigits < 0 ? -1 : minDigits + 1,
    BUFFER_SIZE - out.length,
  );
  let body = digitString(digits, 0, 1);
  let numFractionDigits = digits.length - 1;
  if (numFractionDigits > 0) body += "." + digitString(digits, 1);
  if (trim !== "-" && numFractionDigits === 0) body += ".";

  const addDigits = Math.max(0, unique ? minDigits : precision);
  if (trim === "0") {
    if (numFractionDigits === 0) {
      body += "0";
      numFractionDigits++;
    }
  } else if (trim === "k") {
    if (addDigits > numFractionDigits) {
      body += "0".repeat(addDigits - numFractionDigits);
      numFractionDigits = addDigits;
    }
  }
  if (trim !== "k" && numFractionDigits > 0) {
    const st = stripTrailingZeros(body);
    body = st.s;
    numFractionDigits -= st.removed;
    if (trim === "0" && body.endsWith(".")) {
      body += "0";
      numFractionDigits++;
    }
  }

  if (expDigits > 5) expDigits = 5;
  if (expDigits < 0) expDigits = 2;
  const expSign = printExponent >= 0 ? "+" : "-";
  const expAbs = String(Math.abs(printExponent)).padStart(expDigits, "0");
  return out + body + "e" + expSign + expAbs;
}

/**
 * C's `printf("%.<p>g")` (what `std::ostream << float` prints with its default precision 6),
 * with exact round-half-even rounding of the binary value as glibc does.
 */
export function formatG(x: number, kind: FloatKind, p = 6): string {
  const d = decompose(x, kind);
  if (d.special === "nan") return "nan";
  if (d.special === "inf") return (d.negative ? "-" : "") + "inf";
  const signStr = d.negative ? "-" : "";
  if (p === 0) p = 1;
  const { digits, exponent } = dragon4(d.mantissa, d.exponent, d.mantissaBit, d.unequalMargins, false, false, p, -1, BUFFER_SIZE);
  // Exact mode stops early once the remainder is zero, so `digits` has no padding zeros.
  let ds = digitString(digits);
  ds = stripTrailingZeros(ds).s || "0";
  if (exponent < -4 || exponent >= p) {
    const mant = ds.length > 1 ? ds[0] + "." + ds.slice(1) : ds;
    const e = Math.abs(exponent);
    return signStr + mant + "e" + (exponent < 0 ? "-" : "+") + String(e).padStart(2, "0");
  }
  let s: string;
  if (exponent >= 0) {
    const whole = exponent + 1;
    s = ds.length <= whole ? ds + "0".repeat(whole - ds.length) : ds.slice(0, whole) + "." + ds.slice(whole);
  } else {
    s = "0." + "0".repeat(-exponent - 1) + ds;
  }
  return signStr + s;
}
