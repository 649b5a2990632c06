// Options objects at the API boundary: an unknown key (a typo, a snake_case
// spelling, an option another function has) throws instead of doing nothing.
import { describe } from "./describe.ts";
import { JaxTypeError } from "./errors.ts";

/** A plain object literal (prototype Object.prototype or null): how an API tells a trailing options object from arrays, NDArrays and class instances. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

const camel = (k: string): string => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * `opts` as an options object whose keys are among `keys` (undefined gives {}).
 * `what` names the function: "jit() got an unexpected option 'static_argnums' (did you mean 'staticArgnums'?)".
 */
export function checkOptions<T extends object>(opts: T | undefined, what: string, keys: readonly string[]): T {
  if (opts === undefined) return {} as T;
  if (!isPlainObject(opts)) {
    const allowed = keys.length ? `{${keys.join(", ")}}` : "{}";
    throw new JaxTypeError(`${what}: the options argument must be a plain object ${allowed}, got ${describe(opts)}`);
  }
  for (const k of Object.keys(opts)) {
    // A key set to undefined asks for the default: whatever its name, it changes nothing.
    if (keys.includes(k) || (opts as Record<string, unknown>)[k] === undefined) continue;
    const squash = (x: string) => x.replace(/_/g, "").toLowerCase();
    const near = keys.includes(camel(k)) ? camel(k) : keys.find((x) => squash(x) === squash(k));
    const hint = near !== undefined ? ` (did you mean '${near}'?)` : "";
    const list = keys.length ? `; its options are ${keys.map((x) => `'${x}'`).join(", ")}` : "; it takes no options";
    throw new JaxTypeError(`${what}() got an unexpected option '${k}'${hint}${list}`);
  }
  return opts;
}

/** An optional boolean option. */
export function checkBoolOption(x: unknown, what: string): boolean | undefined {
  if (x === undefined || typeof x === "boolean") return x;
  throw new JaxTypeError(`${what} must be a boolean, got ${describe(x)}`);
}
