// Python's str.format, the subset jax.debug.print's format strings use:
// `{}` (automatic numbering), `{0}`, `{name}`, `!r`/`!s` conversions and a
// format spec after `:`; `{{` and `}}` are literal braces.
import { JaxTypeError, IndexError, ValueError } from "../core/errors.ts";
import { isFloat, isInteger } from "../core/dtypes.ts";
import { NDArray } from "../core/ndarray.ts";
import { pyRepr, pyStr } from "../tree/pyrepr.ts";
import { formatNumber, formatString } from "./format_spec.ts";

export interface Field {
  /** Positional index or keyword name. */
  key: number | string;
  conversion: "r" | "s" | null;
  spec: string;
}

export type Part = string | Field;

const FIELD_RE = /^([A-Za-z_][A-Za-z0-9_]*|\d+)?(?:!([rsa]))?(?::(.*))?$/su;

/** Split a format string into literal text and replacement fields (errors as Python's). */
export function parseFormat(fmt: string): Part[] {
  const parts: Part[] = [];
  let text = "";
  let auto = 0;
  let numbering: "auto" | "manual" | null = null;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === "}") {
      if (fmt[i + 1] !== "}") throw new ValueError("Single '}' encountered in format string");
      text += "}";
      i++;
      continue;
    }
    if (c !== "{") {
      text += c;
      continue;
    }
    if (fmt[i + 1] === "{") {
      text += "{";
      i++;
      continue;
    }
    const end = fmt.indexOf("}", i);
    if (end < 0) throw new ValueError("Single '{' encountered in format string");
    const m = FIELD_RE.exec(fmt.slice(i + 1, end));
    if (!m) throw new ValueError(`unsupported replacement field '${fmt.slice(i, end + 1)}' in format string`);
    const [, name, conv, spec] = m;
    let key: number | string;
    if (name === undefined) {
      if (numbering === "manual") throw new ValueError("cannot switch from manual field specification to automatic field numbering");
      numbering = "auto";
      key = auto++;
    } else if (/^\d+$/.test(name)) {
      if (numbering === "auto") throw new ValueError("cannot switch from automatic field numbering to manual field specification");
      numbering = "manual";
      key = Number(name);
    } else {
      key = name;
    }
    if (text) parts.push(text);
    text = "";
    parts.push({ key, conversion: conv === "a" ? "r" : ((conv as "r" | "s" | undefined) ?? null), spec: spec ?? "" });
    i = end;
  }
  if (text) parts.push(text);
  return parts;
}

/** Check that every field names an argument that exists. */
export function checkFields(parts: Part[], positional: number, names: readonly string[]): void {
  for (const p of parts) {
    if (typeof p === "string") continue;
    if (typeof p.key === "number" && p.key >= positional) {
      throw new IndexError(`Replacement index ${p.key} out of range for positional args tuple (${positional} positional arguments given)`);
    }
    if (typeof p.key === "string" && !names.includes(p.key)) {
      throw new JaxTypeError(
        `format string names the field '${p.key}', but no keyword argument has that name (given: ${names.join(", ") || "none"})`,
      );
    }
  }
}

/** Python's `format(value, spec)` for the values a debug print receives. */
function formatValue(v: unknown, spec: string): string {
  if (spec === "") return pyStr(v);
  if (v instanceof NDArray) {
    if (v.ndim !== 0) throw new JaxTypeError("unsupported format string passed to numpy.ndarray.__format__");
    const x = v.item() as number | boolean;
    if (typeof x === "boolean") return formatNumber(x ? 1 : 0, spec, true);
    return formatNumber(x, spec, isInteger(v.dtype) || !isFloat(v.dtype));
  }
  if (typeof v === "number") return formatNumber(v, spec, Number.isInteger(v));
  if (typeof v === "string") return formatString(v, spec);
  return formatString(pyStr(v), spec);
}

/** Fill the fields of a parsed format string. */
export function applyFormat(parts: Part[], positional: readonly unknown[], named: Readonly<Record<string, unknown>>): string {
  let out = "";
  for (const p of parts) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    const v = typeof p.key === "number" ? positional[p.key] : named[p.key];
    const converted = p.conversion === "r" ? pyRepr(v) : p.conversion === "s" ? pyStr(v) : v;
    out += formatValue(converted, p.spec);
  }
  return out;
}
