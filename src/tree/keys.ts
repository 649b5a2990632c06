// Key path entries (jax.tree_util.SequenceKey, DictKey, GetAttrKey,
// FlattenedIndexKey) and keystr. Each prints exactly as JAX's str/repr.
import { describe } from "../core/describe.ts";
import { JaxTypeError } from "../core/errors.ts";
import { pyRepr, pyStr } from "./pyrepr.ts";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** An element of a list: prints `[0]`. */
export class SequenceKey {
  constructor(readonly idx: number) {}
  toString(): string {
    return `[${pyRepr(this.idx)}]`;
  }
  __repr__(): string {
    return `SequenceKey(idx=${pyRepr(this.idx)})`;
  }
  equals(other: unknown): boolean {
    return other instanceof SequenceKey && other.idx === this.idx;
  }
  [inspectSymbol](): string {
    return this.__repr__();
  }
}

/** An entry of a dict (plain object): prints `['key']` (the key's Python repr). */
export class DictKey {
  constructor(readonly key: unknown) {}
  toString(): string {
    return `[${pyRepr(this.key)}]`;
  }
  __repr__(): string {
    return `DictKey(key=${pyRepr(this.key)})`;
  }
  equals(other: unknown): boolean {
    return other instanceof DictKey && other.key === this.key;
  }
  [inspectSymbol](): string {
    return this.__repr__();
  }
}

/** A named field (namedTuple, dataclass): prints `.name`. */
export class GetAttrKey {
  constructor(readonly name: string) {}
  toString(): string {
    return `.${this.name}`;
  }
  __repr__(): string {
    return `GetAttrKey(name='${this.name}')`;
  }
  equals(other: unknown): boolean {
    return other instanceof GetAttrKey && other.name === this.name;
  }
  [inspectSymbol](): string {
    return this.__repr__();
  }
}

/** A child of a node registered without keys: prints `[<flat index 0>]`. */
export class FlattenedIndexKey {
  constructor(readonly key: number) {}
  toString(): string {
    return `[<flat index ${this.key}>]`;
  }
  __repr__(): string {
    return `FlattenedIndexKey(key=${this.key})`;
  }
  equals(other: unknown): boolean {
    return other instanceof FlattenedIndexKey && other.key === this.key;
  }
  [inspectSymbol](): string {
    return this.__repr__();
  }
}

export type BuiltInKeyEntry = SequenceKey | DictKey | GetAttrKey | FlattenedIndexKey;
/** Any key entry: the built-in ones, or whatever a registered node's flattenWithKeys returns. */
export type KeyEntry = BuiltInKeyEntry | { toString(): string } | string | number;
export type KeyPath = KeyEntry[];

export interface KeystrOptions {
  /** Print each key's bare value (`a/0/field` with separator "/") instead of its accessor form. */
  simple?: boolean;
  separator?: string;
}

function simpleEntry(k: unknown): string {
  if (k instanceof SequenceKey) return pyStr(k.idx);
  if (k instanceof DictKey) return pyStr(k.key);
  if (k instanceof GetAttrKey) return k.name;
  if (k instanceof FlattenedIndexKey) return pyStr(k.key);
  return pyStr(k);
}

/** Pretty-prints a key path exactly as jax.tree_util.keystr: `['a'][0].field`. */
export function keystr(path: readonly unknown[], opts: KeystrOptions = {}): string {
  if (!Array.isArray(path)) throw new JaxTypeError(`keystr expects a key path (a list of key entries), got ${describe(path)}`);
  const str = opts.simple ? simpleEntry : pyStr;
  return path.map(str).join(opts.separator ?? "");
}
