// namedTuple: the analogue of Python's typing.NamedTuple. JAX treats every
// namedtuple as a pytree node without registration; so do we, via a marker on
// the prototype (subclasses included, as JAX's `_fields` check does).
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { NAMEDTUPLE_FIELDS } from "./registry.ts";
import { pyRepr } from "./pyrepr.ts";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

interface NamedTupleMethods<T> {
  /** The field names, in order (Python's `_fields`). */
  readonly _fields: readonly string[];
  /** A copy with some fields replaced (Python's `_replace`). */
  _replace(changes: Partial<T>): NamedTupleInstance<T>;
  /** The fields as a plain object (Python's `_asdict`). */
  _asdict(): T;
  /** Iterates the field values in order, so `const [w, b] = params` works like tuple unpacking. */
  [Symbol.iterator](): IterableIterator<T[keyof T]>;
}

export type NamedTupleInstance<T> = Readonly<T> & NamedTupleMethods<T>;

/** The class namedTuple returns. Its construct signature is not generic, so it can be extended. */
export interface NamedTupleClass<T extends object> {
  new (values: T): NamedTupleInstance<T>;
  readonly _fields: ReadonlyArray<keyof T & string>;
  readonly prototype: NamedTupleInstance<T>;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A record class whose instances are pytree nodes with one child per field,
 * in field order: `const P = namedTuple("MLPParams", ["w1", "b1"])`,
 * `new P({ w1, b1 })`, `p.w1`, `p instanceof P`. Its treedef prints as JAX
 * prints a NamedTuple: `PyTreeDef(CustomNode(namedtuple[MLPParams], [*, *]))`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function namedTuple<const F extends readonly string[]>(name: string, fields: F): NamedTupleClass<{ [K in F[number]]: any }>;
/** With field types: `namedTuple<{ w: NDArray; b: NDArray }>("Params", ["w", "b"])`. */
export function namedTuple<T extends object>(name: string, fields: ReadonlyArray<keyof T & string>): NamedTupleClass<T>;
export function namedTuple(name: string, fields: readonly string[]): unknown {
  if (typeof name !== "string" || !IDENT.test(name))
    throw new ValueError(`namedTuple: type names must be valid identifiers: ${pyRepr(name)}`);
  if (!Array.isArray(fields)) throw new ValueError(`namedTuple(${name}): fields must be an array of names, got ${pyRepr(fields)}`);
  const seen = new Set<string>();
  for (const f of fields) {
    if (typeof f !== "string" || !IDENT.test(f))
      throw new ValueError(`namedTuple(${name}): field names must be valid identifiers: ${pyRepr(f)}`);
    if (f.startsWith("_")) throw new ValueError(`namedTuple(${name}): field names cannot start with an underscore: ${pyRepr(f)}`);
    if (seen.has(f)) throw new ValueError(`namedTuple(${name}): encountered duplicate field name: ${pyRepr(f)}`);
    seen.add(f);
  }
  const fieldList: readonly string[] = Object.freeze([...fields]);

  // The computed key names the class, so `cls.name === name` (printed in treedefs).
  const cls = {
    [name]: class {
      constructor(values: Record<string, unknown>) {
        if (values === null || typeof values !== "object") {
          throw new JaxTypeError(`${name}() takes an object with the fields ${fieldList.join(", ")}, got ${pyRepr(values)}`);
        }
        const missing = fieldList.filter((f) => !(f in values));
        if (missing.length > 0) {
          throw new JaxTypeError(
            `${name}.__new__() missing ${missing.length} required argument${missing.length > 1 ? "s" : ""}: ${missing.map((f) => `'${f}'`).join(", ")}`,
          );
        }
        for (const k of Object.keys(values)) {
          if (!seen.has(k)) throw new JaxTypeError(`${name}.__new__() got an unexpected keyword argument '${k}'`);
        }
        for (const f of fieldList) (this as Record<string, unknown>)[f] = values[f];
      }
    },
  }[name];

  const methods = {
    _replace(this: Record<string, unknown>, changes: Record<string, unknown>): unknown {
      for (const k of Object.keys(changes ?? {})) {
        if (!seen.has(k)) throw new ValueError(`Got unexpected field names: ['${k}']`);
      }
      const out = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown>;
      for (const f of fieldList) out[f] = changes && f in changes ? changes[f] : this[f];
      return out;
    },
    _asdict(this: Record<string, unknown>): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const f of fieldList) out[f] = this[f];
      return out;
    },
    *[Symbol.iterator](this: Record<string, unknown>): IterableIterator<unknown> {
      for (const f of fieldList) yield this[f];
    },
    toString(this: Record<string, unknown>): string {
      const cname = (Object.getPrototypeOf(this) as { constructor: { name: string } }).constructor.name;
      return `${cname}(${fieldList.map((f) => `${f}=${pyRepr(this[f])}`).join(", ")})`;
    },
    [inspectSymbol](this: { toString(): string }): string {
      return this.toString();
    },
  };
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(cls.prototype, key, {
      value: (methods as Record<PropertyKey, unknown>)[key],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  Object.defineProperty(cls.prototype, "_fields", { get: () => fieldList, configurable: true, enumerable: false });
  Object.defineProperty(cls.prototype, NAMEDTUPLE_FIELDS, { value: fieldList, enumerable: false });
  Object.defineProperty(cls, "_fields", { value: fieldList, enumerable: false });
  return cls;
}

/** The field names if `x` is a namedTuple instance. */
export function namedTupleFields(x: unknown): readonly string[] | undefined {
  if (x === null || typeof x !== "object") return undefined;
  return (x as { [NAMEDTUPLE_FIELDS]?: readonly string[] })[NAMEDTUPLE_FIELDS];
}
