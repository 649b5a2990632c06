// Python's format-spec mini-language for numbers (`{:>8.3f}`, `{:+e}`, `{:,d}`),
// the part of str.format that jax.debug.print's format strings use on scalars.
import { ValueError } from "../core/errors.ts";
import { reprNumber } from "../tree/pyrepr.ts";

interface Spec {
  fill: string;
  align: "<" | ">" | "^" | "=" | "";
  sign: "+" | "-" | " ";
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: "," | "_" | "";
  precision: number | null;
  type: string;
}

const SPEC_RE = /^(?:(.)?([<>^=]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function parseSpec(spec: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier '${spec}'`);
  return {
    fill: m[1] ?? (m[5] && !m[2] ? "0" : " "),
    align: (m[2] as Spec["align"]) ?? (m[5] ? "=" : ""),
    sign: (m[3] as Spec["sign"]) ?? "-",
    alternate: m[4] !== undefined,
    zero: m[5] !== undefined,
    width: m[6] === undefined ? 0 : Number(m[6]),
    grouping: (m[7] as Spec["grouping"]) ?? "",
    precision: m[8] === undefined ? null : Number(m[8]),
    type: m[9] ?? "",
  };
}

function group(digits: string, sep: string): string {
  if (!sep) return digits;
  const [int, frac] = digits.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Python's exponent form: at least two exponent digits (`1e-07`). */
function pyExponential(x: number, precision: number, upper: boolean): string {
  const [mant, exp] = x.toExponential(precision).split("e");
  const e = Number(exp);
  const out = `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return upper ? out.toUpperCase() : out;
}

/** Python's `g`: fixed or exponent by the exponent, trailing zeros dropped unless `#`. */
function pyGeneral(x: number, precision: number, upper: boolean, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alternate ? (0).toFixed(p - 1) : "0";
  const exp = Number(x.toExponential(p - 1).split("e")[1]);
  let out = exp >= -4 && exp < p ? x.toFixed(Math.max(p - 1 - exp, 0)) : pyExponential(x, p - 1, upper);
  if (!alternate) {
    const [mant, e] = out.split(/(?=[eE])/);
    out = (mant.includes(".") ? mant.replace(/\.?0+$/, "") : mant) + (e ?? "");
  }
  return out;
}

function nonFinite(x: number, upper: boolean): string | null {
  if (Number.isNaN(x)) return upper ? "NAN" : "nan";
  if (!Number.isFinite(x)) return upper ? "INF" : "inf";
  return null;
}

/** The digits of |x| for a spec's type (no sign). */
function body(x: number, s: Spec, isInt: boolean): string {
  const upper = s.type === s.type.toUpperCase() && s.type !== "" && s.type !== "%";
  const special = nonFinite(x, upper);
  if (special !== null) return special;
  switch (s.type) {
    case "d":
    case "n":
      if (!isInt) throw new ValueError(`Unknown format code '${s.type}' for object of type 'float'`);
      return group(String(x), s.grouping);
    case "b":
    case "o":
    case "x":
    case "X": {
      if (!isInt) throw new ValueError(`Unknown format code '${s.type}' for object of type 'float'`);
      const radix = { b: 2, o: 8, x: 16, X: 16 }[s.type]!;
      const digits = x.toString(radix);
      const prefix = s.alternate ? `0${s.type}` : "";
      return prefix + (s.type === "X" ? digits.toUpperCase() : digits);
    }
    case "c":
      return String.fromCodePoint(x);
    case "f":
    case "F":
      return group(x.toFixed(s.precision ?? 6), s.grouping);
    case "e":
    case "E":
      return pyExponential(x, s.precision ?? 6, upper);
    case "g":
    case "G":
      return group(pyGeneral(x, s.precision ?? 6, upper, s.alternate), s.grouping);
    case "%":
      return `${group((x * 100).toFixed(s.precision ?? 6), s.grouping)}%`;
    default:
      // No type: ints print as ints; floats as repr, or as `g` with at least one digit after the point.
      if (isInt) return group(String(x), s.grouping);
      if (s.precision === null) return group(reprNumber(x).replace(/^-/, ""), s.grouping);
      return group(pyGeneral(x, s.precision, false, false), s.grouping);
  }
}

/** `format(x, spec)` for a Python number (`isInt` tells an int from a float: JS has one number type). */
export function formatNumber(x: number, spec: string, isInt: boolean): string {
  const s = parseSpec(spec);
  const negative = x < 0 || Object.is(x, -0);
  const digits = body(Math.abs(x), s, isInt);
  const sign = negative ? "-" : s.sign === "+" ? "+" : s.sign === " " ? " " : "";
  return pad(sign, digits, s, ">");
}

/** `format(s, spec)` for a str: only fill, alignment, width and precision (truncation) apply. */
export function formatString(str: string, spec: string): string {
  const s = parseSpec(spec);
  if (s.type !== "" && s.type !== "s") throw new ValueError(`Unknown format code '${s.type}' for object of type 'str'`);
  return pad("", s.precision === null ? str : str.slice(0, s.precision), s, "<");
}

function pad(sign: string, digits: string, s: Spec, defaultAlign: "<" | ">"): string {
  const n = sign.length + digits.length;
  if (n >= s.width) return sign + digits;
  const fill = s.fill.repeat(s.width - n);
  switch (s.align || defaultAlign) {
    case "<":
      return sign + digits + fill;
    case "^": {
      const left = Math.floor(fill.length / 2);
      return fill.slice(0, left) + sign + digits + fill.slice(left);
    }
    case "=":
      return sign + fill + digits;
    default:
      return fill + sign + digits;
  }
}
