// Python-style repr/str of JS values. Treedefs, key paths and error messages
// print what JAX prints, and JAX prints Python reprs ('a', None, True, [1, 2]).

const objectToString = Object.prototype.toString;
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** Python's repr of a str: single quotes unless only double quotes avoid escaping. */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + quote;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/**
 * Python's repr of a number. JS has one number type: integral values print as
 * Python ints (what a JAX user wrote as `1`), others as Python floats.
 */
export function reprNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
  // Same shortest digits as JS; Python switches to exponent form outside
  // 1e-4 <= |x| < 1e16 and writes at least two exponent digits.
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? "-" : "+";
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(x);
}

function className(x: object): string {
  const ctor = (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor;
  return ctor?.name || "object";
}

/** `<class 'Name'>`, how Python prints a type in JAX's error messages. */
export function reprClass(cls: unknown): string {
  const name = typeof cls === "function" ? cls.name || "anonymous" : String(cls);
  return `<class '${name}'>`;
}

/** Python's repr(x) for the JS value x. */
export function pyRepr(x: unknown, depth = 0): string {
  if (x === null || x === undefined) return "None";
  switch (typeof x) {
    case "boolean":
      return x ? "True" : "False";
    case "number":
      return reprNumber(x);
    case "bigint":
      return x.toString();
    case "string":
      return reprString(x);
    case "symbol":
      return x.toString();
    case "function":
      return `<function ${x.name || "<lambda>"}>`;
  }
  if (depth > 20) return "...";
  const obj = x as object;
  const proto = Object.getPrototypeOf(obj);
  if (Array.isArray(obj)) return `[${obj.map((e) => pyRepr(e, depth + 1)).join(", ")}]`;
  if (proto === Object.prototype || proto === null) {
    const entries = Object.keys(obj).map((k) => `${reprString(k)}: ${pyRepr((obj as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(", ")}}`;
  }
  // Classes that print themselves (TreeDef, key entries, namedtuples, arrays).
  const repr = (obj as { __repr__?: unknown }).__repr__;
  if (typeof repr === "function") return String(repr.call(obj));
  // Node's inspect hook is where NDArray keeps its repr, `Array([1., 2.], dtype=float32)`.
  const custom = (obj as { [inspectSymbol]?: unknown })[inspectSymbol];
  if (typeof custom === "function") {
    try {
      const out: unknown = custom.call(obj, 2, {});
      if (typeof out === "string") return out;
    } catch {
      // fall through to toString
    }
  }
  if (typeof (obj as { toString?: unknown }).toString === "function" && obj.toString !== objectToString) {
    // A traced array may refuse to print its value; an error message must not throw for that.
    try {
      return String(obj);
    } catch {
      // fall through
    }
  }
  return `<${className(obj)} object>`;
}

/** Python's str(x): like repr except that a str prints without quotes. */
export function pyStr(x: unknown): string {
  if (typeof x === "string") return x;
  if (x !== null && typeof x === "object" && !Array.isArray(x)) {
    const proto = Object.getPrototypeOf(x);
    const own = proto !== Object.prototype && proto !== null;
    // A class's own toString plays the part of Python's __str__.
    if (own && typeof (x as { toString?: unknown }).toString === "function" && x.toString !== objectToString) return String(x);
  }
  return pyRepr(x);
}

/** Python's repr of a tuple, e.g. `()`, `('add',)`, `(1, 2)`. */
export function reprTuple(xs: readonly unknown[]): string {
  if (xs.length === 1) return `(${pyRepr(xs[0])},)`;
  return `(${xs.map((e) => pyRepr(e)).join(", ")})`;
}

/**
 * Python's `<` on str: code point order. (JS's default sort compares UTF-16
 * code units, which disagrees for characters outside the BMP.)
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Only surrogates (0xD800-0xDFFF) sort differently from code points:
    // they stand for code points above every other BMP unit.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/** Sorted keys of a plain object, as JAX sorts a dict's keys. */
export function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  // Already-sorted input is the common case (objects built by unflatten).
  for (let i = 1; i < keys.length; i++) {
    if (compareKeys(keys[i - 1], keys[i]) > 0) return keys.sort(compareKeys);
  }
  return keys;
}

/** Python truthiness for tree.all: arrays convert through Symbol.toPrimitive like bool(x). */
export function pyTruthy(x: unknown): boolean {
  if (x !== null && typeof x === "object") {
    const prim = (x as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive];
    if (typeof prim === "function") return Boolean(prim.call(x, "number"));
    if (Array.isArray(x)) return x.length > 0;
    const proto = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) return Object.keys(x).length > 0;
  }
  return Boolean(x);
}
