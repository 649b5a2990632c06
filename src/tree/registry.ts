// The node type registry: which values are pytree containers and how to take
// them apart. Like JAX's registry, a registered class is looked up by its exact
// type (the instance's prototype), so subclasses are not containers unless
// they are registered themselves.
import { ValueError } from "../core/errors.ts";
import { FlattenedIndexKey, GetAttrKey, type KeyEntry } from "./keys.ts";
import { pyRepr, reprClass } from "./pyrepr.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = object> = abstract new (...args: any[]) => T;

/** How a registered class is flattened; shared by every treedef node of that class. */
export interface Registration {
  readonly cls: Constructor;
  /** "node": registerNode (printed with str(aux)); "dataclass": registerDataclass (aux is a tuple). */
  readonly kind: "node" | "dataclass";
  readonly name: string;
  /** Distinguishes registrations in TreeDef.hash. */
  readonly id: number;
  flatten(x: unknown): [unknown[], unknown];
  flattenWithKeys(x: unknown): [Array<[KeyEntry, unknown]>, unknown];
  unflatten(aux: unknown, children: unknown[]): unknown;
}

/** Marker on namedTuple prototypes: the field names (inherited by subclasses, as JAX's namedtuple check is). */
export const NAMEDTUPLE_FIELDS: unique symbol = Symbol("jaxts.namedTupleFields");

const byPrototype = new Map<object, Registration>();
let nextId = 1;

export type NodeType = "leaf" | "none" | "list" | "dict" | "namedtuple" | Registration;

/** The kind of pytree node `x` is (before any isLeaf predicate). */
export function nodeTypeOf(x: unknown): NodeType {
  if (x === null || x === undefined) return "none";
  if (typeof x !== "object") return typeof x === "function" ? (byPrototype.get(Object.getPrototypeOf(x)) ?? "leaf") : "leaf";
  const proto = Object.getPrototypeOf(x) as object | null;
  if (proto === Array.prototype) return "list";
  if (proto === Object.prototype || proto === null) return "dict";
  const reg = byPrototype.get(proto);
  if (reg !== undefined) return reg;
  if ((x as { [NAMEDTUPLE_FIELDS]?: unknown })[NAMEDTUPLE_FIELDS] !== undefined) return "namedtuple";
  return "leaf";
}

/** The registration for instances of exactly `cls`, if any. */
export function lookupRegistration(cls: Constructor): Registration | undefined {
  return byPrototype.get(cls.prototype as object);
}

function prototypeToRegister(cls: unknown, what: string): object {
  const proto = typeof cls === "function" ? (cls as { prototype?: unknown }).prototype : undefined;
  if (proto === null || typeof proto !== "object") {
    throw new ValueError(`${what} expects a class (a constructor function), got ${pyRepr(cls)}.`);
  }
  // Lists, dicts and None are built in, as in JAX.
  if (proto === Array.prototype || proto === Object.prototype || byPrototype.has(proto)) {
    throw new ValueError(`Duplicate custom PyTreeDef type registration for ${reprClass(cls)}.`);
  }
  return proto;
}

/** Validates what a user flatten function returned: `[children, aux]`. */
function checkFlattenResult(out: unknown, fnName: string): [unknown[], unknown] {
  if (!Array.isArray(out) || out.length !== 2) {
    throw new ValueError(`The ${fnName} function for a custom PyTree node should return a (children, aux_data) tuple, got ${pyRepr(out)}`);
  }
  const children = out[0] as unknown;
  if (Array.isArray(children)) return [children, out[1]];
  if (children !== null && typeof children === "object" && Symbol.iterator in children) {
    return [Array.from(children as Iterable<unknown>), out[1]];
  }
  throw new ValueError(
    `The ${fnName} function for a custom PyTree node should return a (children, aux_data) tuple where 'children' is iterable, got ${pyRepr(out)}`,
  );
}

export type FlattenFn<T, A> = (x: T) => readonly [Iterable<unknown>, A];
export type FlattenWithKeysFn<T, A> = (x: T) => readonly [Iterable<readonly [KeyEntry, unknown]>, A];
export type UnflattenFn<T, A> = (aux: A, children: unknown[]) => T;

/**
 * jax.tree_util.register_pytree_node: instances of exactly `cls` become pytree
 * nodes. `flatten(x)` returns `[children, aux]` (aux is static data kept in the
 * treedef and compared by value); `unflatten(aux, children)` rebuilds the value.
 * Key paths of the children are FlattenedIndexKey(i).
 */
export function registerNode<T extends object, A = unknown>(
  cls: Constructor<T>,
  flatten: FlattenFn<T, A>,
  unflatten: UnflattenFn<T, A>,
): void {
  registerImpl(cls, "registerNode", flatten, unflatten, undefined);
}

/**
 * jax.tree_util.register_pytree_with_keys: like registerNode, but
 * `flattenWithKeys(x)` returns `[[key, child][], aux]` so key paths name the
 * children. `flatten` is an optional faster version without keys.
 */
export function registerPytreeWithKeys<T extends object, A = unknown>(
  cls: Constructor<T>,
  flattenWithKeys: FlattenWithKeysFn<T, A>,
  unflatten: UnflattenFn<T, A>,
  flatten?: FlattenFn<T, A>,
): void {
  const plain: FlattenFn<T, A> =
    flatten ??
    ((x) => {
      const [kc, aux] = flattenWithKeys(x);
      return [Array.from(kc, (p) => p[1]), aux];
    });
  registerImpl(cls, "registerPytreeWithKeys", plain, unflatten, flattenWithKeys);
}

function registerImpl<T extends object, A>(
  cls: Constructor<T>,
  what: string,
  flatten: FlattenFn<T, A>,
  unflatten: UnflattenFn<T, A>,
  flattenWithKeys: FlattenWithKeysFn<T, A> | undefined,
): void {
  const proto = prototypeToRegister(cls, what);
  if (typeof flatten !== "function" || typeof unflatten !== "function") {
    throw new ValueError(`${what}(${cls.name}, flatten, unflatten): flatten and unflatten must be functions.`);
  }
  const fnName = flattenWithKeys ? "to_iterable_with_keys" : "to_iterable";
  byPrototype.set(proto, {
    cls,
    kind: "node",
    name: cls.name,
    id: nextId++,
    flatten: (x) => checkFlattenResult(flatten(x as T), "to_iterable"),
    flattenWithKeys: (x) => {
      if (!flattenWithKeys) {
        const [children, aux] = checkFlattenResult(flatten(x as T), "to_iterable");
        return [children.map((c, i) => [new FlattenedIndexKey(i), c]), aux];
      }
      const [pairs, aux] = checkFlattenResult(flattenWithKeys(x as T), fnName);
      return [
        pairs.map((p) => {
          if (!Array.isArray(p) || p.length !== 2) {
            throw new ValueError(
              `The ${fnName} function for a custom PyTree node should return a (key_leaf_pairs, aux_data) tuple where each child is a (key, leaf) pair, got ${pyRepr(p)}`,
            );
          }
          return [p[0] as KeyEntry, p[1]];
        }),
        aux,
      ];
    },
    unflatten: (aux, children) => unflatten(aux as A, children),
  });
}

/** jax.tree_util.register_pytree_node_class: `x.treeFlatten()` and static `cls.treeUnflatten(aux, children)`. */
export function registerPytreeNodeClass<C extends Constructor & { treeUnflatten(aux: unknown, children: unknown[]): unknown }>(cls: C): C {
  registerImpl(
    cls,
    "registerPytreeNodeClass",
    (x: object) => (x as { treeFlatten(): readonly [Iterable<unknown>, unknown] }).treeFlatten(),
    (aux, children) => cls.treeUnflatten(aux, children) as object,
    undefined,
  );
  return cls;
}

/** jax.tree_util.register_static: instances are pytrees with no leaves, kept whole as aux data. */
export function registerStatic<C extends Constructor>(cls: C): C {
  registerImpl(
    cls,
    "registerStatic",
    (x: object) => [[], x] as const,
    (aux) => aux as object,
    undefined,
  );
  return cls;
}

/**
 * jax.tree_util.register_dataclass: `dataFields` are children (pytrees),
 * `metaFields` are static aux data. Unflattening builds the instance WITHOUT
 * calling the constructor (a new object with the class's prototype and the
 * fields), so constructors with other signatures or side effects still work.
 */
export function registerDataclass<C extends Constructor>(cls: C, dataFields: readonly string[], metaFields: readonly string[] = []): C {
  const proto = prototypeToRegister(cls, "registerDataclass");
  const data = checkFields(dataFields, "dataFields");
  const meta = checkFields(metaFields, "metaFields");
  const both = data.filter((f) => meta.includes(f));
  if (both.length > 0)
    throw new ValueError(`registerDataclass(${cls.name}): fields ${pyRepr(both)} are listed in both dataFields and metaFields.`);
  const get = (x: unknown, f: string): unknown => (x as Record<string, unknown>)[f];
  byPrototype.set(proto, {
    cls,
    kind: "dataclass",
    name: cls.name,
    id: nextId++,
    flatten: (x) => [data.map((f) => get(x, f)), Object.freeze(meta.map((f) => get(x, f)))],
    flattenWithKeys: (x) => [data.map((f) => [new GetAttrKey(f), get(x, f)]), Object.freeze(meta.map((f) => get(x, f)))],
    unflatten: (aux, children) => {
      const obj = Object.create(proto) as Record<string, unknown>;
      const auxVals = aux as readonly unknown[];
      // Own data properties, so accessors on the prototype are not triggered.
      meta.forEach((f, i) => Object.defineProperty(obj, f, { value: auxVals[i], writable: true, enumerable: true, configurable: true }));
      data.forEach((f, i) => Object.defineProperty(obj, f, { value: children[i], writable: true, enumerable: true, configurable: true }));
      return obj;
    },
  });
  return cls;
}

function checkFields(fields: readonly string[], what: string): readonly string[] {
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === "string")) {
    throw new ValueError(`registerDataclass: ${what} must be an array of field names, got ${pyRepr(fields)}.`);
  }
  if (new Set(fields).size !== fields.length) throw new ValueError(`registerDataclass: duplicate names in ${what}: ${pyRepr(fields)}.`);
  return Object.freeze([...fields]);
}
