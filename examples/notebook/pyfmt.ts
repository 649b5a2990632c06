// Python-style printing for the notebook port: repr of containers holding
// arrays (as `print(f"{tree}")` shows them) and `{x:.4f}`-style formats.
import { NDArray } from "jaxts";

/** An array's repr (`Array([1., 2.], dtype=float32)`), through the inspect hook Node's console uses too. */
const inspectHook = Symbol.for("nodejs.util.inspect.custom");
const arrayRepr = (x: NDArray) => String((x as unknown as Record<symbol, (depth: number, opts: object) => unknown>)[inspectHook](2, {}));

/** repr() of a pytree as Python prints it: lists, dicts with quoted keys, arrays via their repr. */
export function pyRepr(x: unknown): string {
  if (x instanceof NDArray) return arrayRepr(x);
  if (x === null || x === undefined) return "None";
  if (typeof x === "boolean") return x ? "True" : "False";
  if (typeof x === "number") return Number.isInteger(x) ? String(x) : String(x);
  if (typeof x === "string") return `'${x}'`;
  if (Array.isArray(x)) return `[${x.map(pyRepr).join(", ")}]`;
  const fields = (x as { constructor?: { fields?: string[]; name?: string } }).constructor;
  if (fields && Array.isArray(fields.fields)) {
    return `${fields.name}(${fields.fields.map((f) => `${f}=${pyRepr((x as Record<string, unknown>)[f])}`).join(", ")})`;
  }
  const keys = Object.keys(x as object).sort();
  return `{${keys.map((k) => `'${k}': ${pyRepr((x as Record<string, unknown>)[k])}`).join(", ")}}`;
}

/** str() of a value: arrays print like print(array). */
export function pyStr(x: unknown): string {
  if (x instanceof NDArray) return String(x);
  return pyRepr(x);
}

/** Python's format(value, ".Nf"). */
export function fixed(x: NDArray | number, digits: number): string {
  const v = typeof x === "number" ? x : Number(x.item());
  return v.toFixed(digits);
}
