// Argument counts of transformed functions, reported as JAX reports them
// ("f() missing 1 required positional argument: 'y'", "f() takes 2 positional
// arguments but 3 were given"), with the transformation's name in front.
//
// JS has no reliable arity: `f.length` counts the parameters before the first
// default or rest parameter, and TypeScript's optional parameters (`y?: T`)
// count as required. So:
//   - too many arguments is an error only when the function's source shows
//     plain parameters (no default, no rest, no `arguments`);
//   - a missing (or undefined) argument among the first `f.length` is not an
//     error by itself (it may be optional); when the call then fails on an
//     undefined value, the error says which argument was missing, with the
//     original error as its cause.
import { JaxTypeError } from "../core/errors.ts";

interface Signature {
  /** Parameter names (null where destructured or unknown). */
  names: Array<string | null>;
  /** f.length: parameters before the first default or rest parameter. */
  required: number;
  /** Whether `required` is the exact number of parameters the function takes. */
  exact: boolean;
}

const signatures = new WeakMap<object, Signature>();

/** The text between the parenthesis at `open` and its match, or null. */
function matching(src: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'" || c === "`") return null; // quoted text: give up (only names and exactness depend on it)
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return src.slice(open + 1, i);
    }
  }
  return null;
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function parse(f: (...args: never[]) => unknown): Signature {
  const required = f.length;
  const unknown: Signature = { names: [], required, exact: false };
  let src: string;
  try {
    src = Function.prototype.toString.call(f);
  } catch {
    return unknown;
  }
  if (src.includes("[native code]") || /^class\b/.test(src)) return unknown;
  let params: string | null;
  const single = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (single) params = single[1];
  else {
    const open = src.indexOf("(");
    params = open < 0 ? null : matching(src, open);
  }
  if (params === null || params.includes("/")) return unknown;
  const parts = splitTopLevel(params);
  const names = parts.map((p) => (/^[A-Za-z_$][\w$]*$/.test(p) ? p : null));
  const plain = !params.includes("=") && !params.includes("...") && !/\barguments\b/.test(src);
  return { names, required, exact: plain && parts.length === required };
}

function signatureOf(f: (...args: never[]) => unknown): Signature {
  let s = signatures.get(f);
  if (!s) {
    s = parse(f);
    signatures.set(f, s);
  }
  return s;
}

const fnName = (f: { name: string }): string => `${f.name || "<lambda>"}()`;
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;

/** Throws when `args` are more than `f` takes (where that is known). */
export function checkTooMany(what: string, f: (...args: never[]) => unknown, nargs: number, s: Signature = signatureOf(f)): void {
  if (s.exact && nargs > s.required) {
    throw new JaxTypeError(
      `${what}: ${fnName(f)} takes ${plural(s.required, "positional argument")} but ${nargs} ${nargs === 1 ? "was" : "were"} given`,
    );
  }
}

/**
 * Runs `run` (which calls or traces `f` on `args`); when it fails on an
 * undefined value and one of f's leading parameters got none, the error names
 * that argument. `what` names the transformation ("jit", "grad").
 */
export function withArgCheck<R>(what: string, f: (...args: never[]) => unknown, args: readonly unknown[], run: () => R): R {
  const s = signatureOf(f);
  checkTooMany(what, f, args.length, s);
  const missing: number[] = [];
  for (let i = 0; i < s.required; i++) if (i >= args.length || args[i] === undefined) missing.push(i);
  if (missing.length === 0) return run();
  try {
    return run();
  } catch (e) {
    if (!(e instanceof Error) || !/undefined/.test(e.message)) throw e;
    const names = missing.map((i) => (s.names[i] ? `'${s.names[i]}'` : `argument ${i}`));
    const given = missing.every((i) => i >= args.length)
      ? `it was called with ${plural(args.length, "argument")}`
      : `${missing.map((i) => `argument ${i}`).join(" and ")} ${missing.length === 1 ? "is" : "are"} undefined`;
    const err = new JaxTypeError(
      `${what}: ${fnName(f)} missing ${plural(missing.length, "required positional argument")}: ${names.join(" and ")} ` +
        `(${fnName(f)} takes ${s.exact ? "" : "at least "}${plural(s.required, "positional argument")}; ${given}). ` +
        `The call failed with: ${e.name}: ${e.message}`,
      { cause: e },
    );
    throw err;
  }
}
