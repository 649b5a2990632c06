// Printing of arrays exactly as NumPy / JAX print them.
//
// - formatArrayStr:  str(np.asarray(x)) / print(jax_array)
// - formatArrayRepr: repr(jax_array), i.e. jax/_src/array.py ArrayImpl.__repr__, which calls
//                    np.array2string(x, prefix='Array(', suffix=',', separator=', ')
// - formatScalar:    str() of a NumPy scalar of the dtype
//
// The layout code is a port of numpy/_core/arrayprint.py (array2string, _formatArray,
// _extendLine, FloatingFormat, IntegerFormat, BoolFormat) with NumPy's default print
// options: precision=8, floatmode='maxprec', suppress=False, threshold=1000, edgeitems=3,
// linewidth=75, sign='-', legacy=False. Float digits come from an exact port of NumPy's
// Dragon4 (./format/dragon4.ts), run in the array's own float format, so float32 and
// float16 values print their shortest round-trip representation in that format.

import { castFloat, dragon4Positional, dragon4Scientific, formatG, type FloatKind } from "./format/dragon4.ts";
import { isLowpFloat, isLowpInt } from "./lowp.ts";

/** NumPy's default print options. */
/** NumPy's print options that array printing honours (np.set_printoptions). */
export interface PrintOptions {
  /** Digits after the point at most (floatmode "maxprec"). */
  precision: number;
  /** Arrays with more elements than this are summarised with "...". */
  threshold: number;
  /** Items kept at each edge of a summarised dimension. */
  edgeitems: number;
  /** Characters per line before wrapping. */
  linewidth: number;
}
const DEFAULT_OPTIONS: PrintOptions = { precision: 8, threshold: 1000, edgeitems: 3, linewidth: 75 };
const options: PrintOptions = { ...DEFAULT_OPTIONS };

/** The print options in effect (a copy). */
export function getPrintOptions(): PrintOptions {
  return { ...options };
}
/** Sets some print options (NumPy's set_printoptions); `null` restores an option's default. */
export function setPrintOptions(changes: { [K in keyof PrintOptions]?: number | null }): void {
  for (const [k, v] of Object.entries(changes) as [keyof PrintOptions, number | null | undefined][]) {
    if (v === undefined) continue;
    if (v !== null && !(Number.isInteger(v) && v >= 0))
      throw new RangeError(`print option ${k} must be a non-negative integer, got ${String(v)}`);
    options[k] = v ?? DEFAULT_OPTIONS[k];
  }
}

type Elem = number | bigint | boolean;
type Data = ArrayLike<number> | ArrayLike<bigint> | ArrayLike<boolean>;

type DKind = { cls: "float"; kind: FloatKind } | { cls: "bfloat16" } | { cls: "int" } | { cls: "bool" };

const INT_DTYPES = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);

function dtypeKind(dtype: string): DKind {
  if (dtype === "float16" || dtype === "float32" || dtype === "float64") return { cls: "float", kind: dtype };
  // The ml_dtypes types print as bfloat16 does, unpadded (their values are exact in bfloat16).
  if (dtype === "bfloat16" || isLowpFloat(dtype) || isLowpInt(dtype)) return { cls: "bfloat16" };
  if (dtype === "bool") return { cls: "bool" };
  if (INT_DTYPES.has(dtype)) return { cls: "int" };
  throw new Error(`format: unsupported dtype ${dtype}`);
}

// ---------------------------------------------------------------------------
// Element access / conversion to the dtype's values
// ---------------------------------------------------------------------------

/** Round a number to bfloat16 (via float32, round-to-nearest-even on the top 16 bits). */
function roundBFloat16(x: number): number {
  const f = Math.fround(x);
  if (Number.isNaN(f)) return NaN;
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  let bits = view.getUint32(0);
  if ((bits & 0x7f800000) === 0x7f800000) return f; // inf
  bits = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 0;
  view.setUint32(0, (bits & 0xffff0000) >>> 0);
  return view.getFloat32(0);
}

function toNumber(v: Elem | undefined): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return NaN;
}

function toBigInt(v: Elem | undefined): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  return 0n;
}

function elemValue(v: Elem | undefined, dk: DKind): Elem {
  switch (dk.cls) {
    case "float":
      return castFloat(toNumber(v), dk.kind);
    case "bfloat16":
      return roundBFloat16(toNumber(v));
    case "int":
      return toBigInt(v);
    case "bool":
      return typeof v === "bigint" ? v !== 0n : Boolean(v);
  }
}

// ---------------------------------------------------------------------------
// Element formatters (FloatingFormat, IntegerFormat, BoolFormat, bfloat16's repr)
// ---------------------------------------------------------------------------

type ElemFormatter = (x: Elem) => string;

function floatExpCutoff(kind: FloatKind): number {
  // 10.**min(8, np.finfo(dtype).precision); finfo precision: f16 3, f32 6, f64 15.
  return kind === "float16" ? 1e3 : kind === "float32" ? 1e6 : 1e8;
}

/** Port of arrayprint.FloatingFormat (floatmode='maxprec', suppress=False, sign='-'). */
function floatingFormat(values: number[], kind: FloatKind, plus = false): ElemFormatter {
  const finite = values.filter((v) => Number.isFinite(v));
  let expFormat = false;
  let maxVal = -Infinity;
  let minVal = Infinity;
  for (const v of finite) {
    if (v === 0) continue;
    const a = Math.abs(v);
    if (a > maxVal) maxVal = a;
    if (a < minVal) minVal = a;
  }
  if (maxVal !== -Infinity) {
    // NumPy compares numpy scalars of the array's dtype with Python floats, which NEP 50
    // casts to that dtype; the division is also performed in the dtype.
    if (maxVal >= castFloat(floatExpCutoff(kind), kind) || minVal < castFloat(0.0001, kind) || castFloat(maxVal / minVal, kind) > 1000) {
      expFormat = true;
    }
  }

  let padLeft: number;
  let padRight: number;
  let precision = options.precision;
  let minDigits = -1;
  let expSize = -1;
  if (finite.length === 0) {
    padLeft = 0;
    padRight = 0;
  } else if (expFormat) {
    let maxExp = 0;
    let maxInt = 0;
    let maxFrac = 0;
    for (const x of finite) {
      const s = dragon4Scientific(x, kind, { precision: options.precision, unique: true, trim: ".", sign: plus });
      const e = s.indexOf("e");
      const mant = s.slice(0, e);
      maxExp = Math.max(maxExp, s.length - e - 1);
      const dot = mant.indexOf(".");
      maxInt = Math.max(maxInt, dot);
      maxFrac = Math.max(maxFrac, mant.length - dot - 1);
    }
    expSize = maxExp - 1;
    precision = maxFrac;
    minDigits = maxFrac;
    padLeft = maxInt;
    padRight = expSize + 2 + precision;
  } else {
    let maxInt = 0;
    let maxFrac = 0;
    for (const x of finite) {
      const s = dragon4Positional(x, kind, { precision: options.precision, unique: true, fractional: true, trim: ".", sign: plus });
      const dot = s.indexOf(".");
      maxInt = Math.max(maxInt, dot);
      maxFrac = Math.max(maxFrac, s.length - dot - 1);
    }
    padLeft = maxInt;
    padRight = maxFrac;
    minDigits = 0;
  }

  if (finite.length !== values.length) {
    const negInf = plus || values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }

  return (xe: Elem): string => {
    const x = xe as number;
    if (!Number.isFinite(x)) {
      const ret = Number.isNaN(x) ? (plus ? "+nan" : "nan") : x < 0 ? "-inf" : plus ? "+inf" : "inf";
      return " ".repeat(Math.max(0, padLeft + padRight + 1 - ret.length)) + ret;
    }
    if (expFormat) {
      return dragon4Scientific(x, kind, {
        precision,
        minDigits,
        unique: true,
        trim: "k",
        padLeft,
        expDigits: expSize,
        sign: plus,
      });
    }
    return dragon4Positional(x, kind, {
      precision,
      minDigits,
      unique: true,
      fractional: true,
      trim: ".",
      padLeft,
      padRight,
      sign: plus,
    });
  };
}

// ---------------------------------------------------------------------------
// Complex numbers (ComplexFloatingFormat; data is interleaved re, im pairs)
// ---------------------------------------------------------------------------

const COMPLEX_PARTS: Readonly<Record<string, FloatKind>> = { complex64: "float32", complex128: "float64" };

/** Port of arrayprint.ComplexFloatingFormat: `1.+2.j`, the imaginary part always signed. */
function complexFormatter(re: number[], im: number[], kind: FloatKind): (r: number, i: number) => string {
  const fr = floatingFormat(re, kind);
  const fi = floatingFormat(im, kind, true);
  return (r, i) => {
    const s = fi(i);
    const sp = s.trimEnd().length;
    return fr(r) + s.slice(0, sp) + "j" + s.slice(sp);
  };
}

/** One part of a complex scalar as Python prints it: `1`, `2.5`, `1e-05`, `+inf`. */
function complexPartStr(x: number, kind: FloatKind, sign: boolean): string {
  if (!Number.isFinite(x))
    return (Number.isNaN(x) ? (sign ? "+" : "") + "nan" : x < 0 ? "-" : sign ? "+" : "") + (Number.isNaN(x) ? "" : "inf");
  const maxPositional = kind === "float32" ? 1e6 : 1e16;
  const a = Math.abs(x);
  if (x === 0 || (a < maxPositional && a >= 1e-4)) return dragon4Positional(x, kind, { unique: true, fractional: false, trim: "-", sign });
  return dragon4Scientific(x, kind, { unique: true, trim: "-", sign });
}

/** str() of a NumPy complex scalar: `(1+2j)`, or `2j` when the real part is +0. */
function complexScalarStr(re: number, im: number, kind: FloatKind): string {
  if (re === 0 && !Object.is(re, -0)) return `${complexPartStr(im, kind, false)}j`;
  return `(${complexPartStr(re, kind, false)}${complexPartStr(im, kind, true)}j)`;
}

function complexArray2string(
  data: ArrayLike<number>,
  shape: readonly number[],
  kind: FloatKind,
  separator: string,
  prefix: string,
  suffixLen: number,
): string {
  const size = sizeOf(shape);
  if (size === 0) return "[]";
  const strides = cStrides(shape);
  const summarize = size > options.threshold;
  const shown = summarize ? leadingTrailingIndices(shape, strides, options.edgeitems) : Array.from({ length: size }, (_, i) => i);
  const part = (i: number, k: number) => castFloat(data[2 * i + k], kind);
  const f = complexFormatter(
    shown.map((i) => part(i, 0)),
    shown.map((i) => part(i, 1)),
    kind,
  );
  const nextLinePrefix = " " + " ".repeat(prefix.length);
  return formatArray(
    shape,
    strides,
    (i) => f(part(i, 0), part(i, 1)),
    options.linewidth - suffixLen,
    nextLinePrefix,
    separator,
    options.edgeitems,
    summarize ? "..." : "",
  );
}

/** Port of arrayprint.IntegerFormat with sign='-'. */
function integerFormat(values: bigint[]): ElemFormatter {
  let width = 0;
  if (values.length > 0) {
    let mx = values[0]!;
    let mn = values[0]!;
    for (const v of values) {
      if (v > mx) mx = v;
      if (v < mn) mn = v;
    }
    width = Math.max(String(mx).length, String(mn).length);
  }
  return (x: Elem) => String(x).padStart(width, " ");
}

/** Port of arrayprint.BoolFormat. */
function boolFormat(is0d: boolean): ElemFormatter {
  const trueStr = is0d ? "True" : " True";
  return (x: Elem) => (x ? trueStr : "False");
}

/** ml_dtypes' bfloat16 scalar repr (`std::ostream << float`), used unpadded by NumPy. */
function bfloat16Repr(x: number): string {
  return formatG(x, "float32", 6);
}

function makeFormatter(values: Elem[], dk: DKind, is0d: boolean): ElemFormatter {
  switch (dk.cls) {
    case "float":
      return floatingFormat(values as number[], dk.kind);
    case "bfloat16":
      return (x: Elem) => bfloat16Repr(x as number);
    case "int":
      return integerFormat(values as bigint[]);
    case "bool":
      return boolFormat(is0d);
  }
}

// ---------------------------------------------------------------------------
// Layout: array2string / _formatArray / _extendLine
// ---------------------------------------------------------------------------

function extendLine(s: string, line: string, word: string, lineWidth: number, nextLinePrefix: string): [string, string] {
  let needsWrap = line.length + word.length > lineWidth;
  // Don't wrap lines if it won't help.
  if (line.length <= nextLinePrefix.length) needsWrap = false;
  if (needsWrap) {
    s += line.trimEnd() + "\n";
    line = nextLinePrefix;
  }
  line += word;
  return [s, line];
}

function formatArray(
  shape: readonly number[],
  strides: readonly number[],
  fmt: (flat: number) => string,
  lineWidth: number,
  nextLinePrefix: string,
  separator: string,
  edgeItems: number,
  summaryInsert: string,
): string {
  const ndim = shape.length;
  const sepStripped = separator.trimEnd();

  const recurser = (offset: number, axis: number, hangingIndent: string, currWidth: number): string => {
    const axesLeft = ndim - axis;
    if (axesLeft === 0) return fmt(offset);

    const nextHangingIndent = hangingIndent + " ";
    const nextWidth = currWidth - 1; // len(']')
    const aLen = shape[axis]!;
    const stride = strides[axis]!;
    const showSummary = summaryInsert !== "" && 2 * edgeItems < aLen;
    const leadingItems = showSummary ? edgeItems : 0;
    const trailingItems = showSummary ? edgeItems : aLen;
    const child = (i: number) => recurser(offset + i * stride, axis + 1, nextHangingIndent, nextWidth);

    let s = "";
    if (axesLeft === 1) {
      const elemWidth = currWidth - Math.max(sepStripped.length, 1);
      let line = hangingIndent;
      for (let i = 0; i < leadingItems; i++) {
        [s, line] = extendLine(s, line, child(i), elemWidth, hangingIndent);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, summaryInsert, elemWidth, hangingIndent);
        line += separator;
      }
      for (let i = trailingItems; i > 1; i--) {
        [s, line] = extendLine(s, line, child(aLen - i), elemWidth, hangingIndent);
        line += separator;
      }
      [s, line] = extendLine(s, line, child(aLen - 1), elemWidth, hangingIndent);
      s += line;
    } else {
      const lineSep = sepStripped + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leadingItems; i++) s += hangingIndent + child(i) + lineSep;
      if (showSummary) s += hangingIndent + summaryInsert + lineSep;
      for (let i = trailingItems; i > 1; i--) s += hangingIndent + child(aLen - i) + lineSep;
      s += hangingIndent + child(aLen - 1);
    }
    return "[" + s.slice(hangingIndent.length) + "]";
  };

  return recurser(0, 0, nextLinePrefix, lineWidth);
}

function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i]!;
  }
  return strides;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Flat indices of the N-d corners kept by arrayprint._leading_trailing. */
function leadingTrailingIndices(shape: readonly number[], strides: readonly number[], edge: number): number[] {
  const out: number[] = [];
  const rec = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(offset);
      return;
    }
    const n = shape[axis]!;
    const st = strides[axis]!;
    if (n > 2 * edge) {
      for (let i = 0; i < edge; i++) rec(axis + 1, offset + i * st);
      for (let i = n - edge; i < n; i++) rec(axis + 1, offset + i * st);
    } else {
      for (let i = 0; i < n; i++) rec(axis + 1, offset + i * st);
    }
  };
  rec(0, 0);
  return out;
}

/** np.array2string with default options (`suffixLen` is len(suffix)). */
function array2string(data: Data, shape: readonly number[], dtype: string, separator: string, prefix: string, suffixLen: number): string {
  const ck = COMPLEX_PARTS[dtype];
  if (ck) return complexArray2string(data as ArrayLike<number>, shape, ck, separator, prefix, suffixLen);
  const dk = dtypeKind(dtype);
  const lineWidth = options.linewidth - suffixLen;
  const size = sizeOf(shape);
  if (size === 0) return "[]";
  const strides = cStrides(shape);
  const get = (i: number): Elem => elemValue((data as ArrayLike<Elem>)[i], dk);

  const summarize = size > options.threshold;
  const shown = summarize ? leadingTrailingIndices(shape, strides, options.edgeitems) : null;
  const values: Elem[] = shown ? shown.map(get) : Array.from({ length: size }, (_, i) => get(i));
  const formatter = makeFormatter(values, dk, shape.length === 0);
  const nextLinePrefix = " " + " ".repeat(prefix.length);
  return formatArray(
    shape,
    strides,
    (i) => formatter(get(i)),
    lineWidth,
    nextLinePrefix,
    separator,
    options.edgeitems,
    summarize ? "..." : "",
  );
}

// ---------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------

function floatScalarStr(x: number, kind: FloatKind): string {
  // scalartypes.c.src: positional when 1e-4 <= |x| < max_positional (or x is 0 / nan),
  // otherwise scientific; max_positional is 1e3 (half), 1e6 (float), 1e16 (double).
  const maxPositional = kind === "float16" ? 1e3 : kind === "float32" ? 1e6 : 1e16;
  const a = Math.abs(x);
  const positional = Number.isNaN(x) || x === 0 || (a < maxPositional && a >= 1e-4);
  if (positional) return dragon4Positional(x, kind, { unique: true, fractional: false, trim: "0" });
  return dragon4Scientific(x, kind, { unique: true, trim: "-" });
}

function scalarStrOf(v: Elem, dk: DKind): string {
  switch (dk.cls) {
    case "float":
      return floatScalarStr(v as number, dk.kind);
    case "bfloat16":
      return bfloat16Repr(v as number);
    case "int":
      return String(v);
    case "bool":
      return v ? "True" : "False";
  }
}

/**
 * How Python prints a NumPy scalar of `dtype` with str(), e.g. `np.float32(0.1)` → `0.1`,
 * `np.float32(3)` → `3.0`, `np.float32(1e6)` → `1e+06`, `np.int32(3)` → `3`, `np.bool_(1)` → `True`.
 */
export function formatScalar(value: number | bigint | boolean, dtype: string): string {
  const dk = dtypeKind(dtype);
  return scalarStrOf(elemValue(value, dk), dk);
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * What `str(np.asarray(x))` / `print(jax_array)` prints for a C-contiguous array with flat
 * `data`, `shape` and `dtype` (float16/bfloat16/float32/float64, (u)int8..64, bool).
 */
export function formatArrayStr(data: ArrayLike<number> | ArrayLike<bigint>, shape: readonly number[], dtype: string): string {
  const ck = COMPLEX_PARTS[dtype];
  if (ck && shape.length === 0) {
    const d = data as ArrayLike<number>;
    return complexScalarStr(castFloat(d[0], ck), castFloat(d[1], ck), ck);
  }
  if (shape.length === 0) {
    const dk = dtypeKind(dtype);
    return scalarStrOf(elemValue((data as ArrayLike<Elem>)[0], dk), dk);
  }
  return array2string(data, shape, dtype, " ", "", 0);
}

function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** What `repr(jax_array)` prints (jax/_src/array.py ArrayImpl.__repr__). */
export function formatArrayRepr(
  data: ArrayLike<number> | ArrayLike<bigint>,
  shape: readonly number[],
  dtype: string,
  weakType = false,
): string {
  const prefix = "Array(";
  const dtypeStr = weakType ? `dtype=${dtype}, weak_type=True` : `dtype=${dtype}`;
  const s = sizeOf(shape) === 0 ? `[], shape=${pyShape(shape)}` : array2string(data, shape, dtype, ", ", prefix, 1);
  // Mirrors JAX exactly, including its arithmetic (`len(s) - s.rfind('\n') + 1`) and the
  // fact that the overflow separator is len(prefix) spaces rather than a newline.
  const lastLineLen = s.length - s.lastIndexOf("\n") + 1;
  const sep = lastLineLen + dtypeStr.length + 2 > options.linewidth ? " ".repeat(prefix.length) : " ";
  return `${prefix}${s},${sep}${dtypeStr})`;
}

/** For jnp.arrayRepr/arrayStr, which lay arrays out as NumPy does for other prefixes. */
export { array2string };
