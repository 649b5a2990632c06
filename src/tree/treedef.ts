// TreeDef (JAX's PyTreeDef): the structure of a pytree without its leaves.
// Immutable; compared structurally with `equals`, printed exactly as JAX prints.
import { ValueError } from "../core/errors.ts";
import { deepEqual } from "./equality.ts";
import { flattenUpToImpl } from "./flatten_up_to.ts";
import { pyStr, reprString, reprTuple } from "./pyrepr.ts";
import { NAMEDTUPLE_FIELDS, type Registration } from "./registry.ts";

/** Node kinds. "custom" covers registerNode / registerDataclass classes. */
export type NodeKind = "leaf" | "none" | "list" | "dict" | "namedtuple" | "custom";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

// Class identities for hash(): namedtuple prototypes get small ids.
const protoIds = new WeakMap<object, number>();
let nextProtoId = 1;

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x9e3779b1) >>> 0;
}

function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

export class TreeDef {
  /** Number of leaves (`*`) in the structure. */
  readonly numLeaves: number;
  /** Number of nodes, leaves and None included (JAX's num_nodes). */
  readonly numNodes: number;
  private str: string | undefined;
  private hashValue: number | undefined;

  private constructor(
    readonly kind: NodeKind,
    private readonly kids: readonly TreeDef[],
    /** dict: the keys in sorted order. */
    readonly dictKeys: readonly string[] | undefined,
    /** custom: how the class flattens. */
    readonly registration: Registration | undefined,
    /** custom: the aux data; namedtuple: the instance prototype (the class identity). */
    readonly nodeData: unknown,
    /** none: which of null/undefined it was, so unflatten gives back the same. */
    readonly noneValue: null | undefined,
  ) {
    let leaves = kind === "leaf" ? 1 : 0;
    let nodes = 1;
    for (const k of kids) {
      leaves += k.numLeaves;
      nodes += k.numNodes;
    }
    this.numLeaves = leaves;
    this.numNodes = nodes;
  }

  // Constructors used by flatten (internal; build treedefs by flattening values).
  static readonly LEAF: TreeDef = new TreeDef("leaf", [], undefined, undefined, undefined, undefined);
  private static readonly NULL: TreeDef = new TreeDef("none", [], undefined, undefined, undefined, null);
  private static readonly UNDEFINED: TreeDef = new TreeDef("none", [], undefined, undefined, undefined, undefined);
  /** @internal */
  static none(value: null | undefined): TreeDef {
    return value === null ? TreeDef.NULL : TreeDef.UNDEFINED;
  }
  /** @internal */
  static list(children: readonly TreeDef[]): TreeDef {
    return new TreeDef("list", children, undefined, undefined, undefined, undefined);
  }
  /** @internal `keys` must be sorted as sortedKeys sorts them. */
  static dict(keys: readonly string[], children: readonly TreeDef[]): TreeDef {
    return new TreeDef("dict", children, keys, undefined, undefined, undefined);
  }
  /** @internal */
  static namedTuple(proto: object, children: readonly TreeDef[]): TreeDef {
    return new TreeDef("namedtuple", children, undefined, undefined, proto, undefined);
  }
  /** @internal */
  static custom(reg: Registration, aux: unknown, children: readonly TreeDef[]): TreeDef {
    return new TreeDef("custom", children, undefined, reg, aux, undefined);
  }

  /** The treedefs of the root's immediate children (JAX's treedef.children()). */
  children(): TreeDef[] {
    return [...this.kids];
  }

  /** The children without a copy (for walkers in this module). */
  get childDefs(): readonly TreeDef[] {
    return this.kids;
  }

  /** True for the structure of a single leaf, `PyTreeDef(*)`. */
  isLeaf(): boolean {
    return this.kind === "leaf";
  }

  /** The class name printed for namedtuple/custom nodes. */
  get typeName(): string | undefined {
    if (this.kind === "namedtuple") return (this.nodeData as { constructor?: { name?: string } }).constructor?.name ?? "namedtuple";
    if (this.kind === "custom") return this.registration!.name;
    return undefined;
  }

  /**
   * Structural equality: node kinds, arities, dict keys, class identity of
   * namedtuple/registered nodes, and their aux data compared by value. A
   * `null` and an `undefined` None are distinct (both print `None`), so caches
   * keyed on treedefs never hand one back for the other.
   */
  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof TreeDef)) return false;
    if (
      this.kind !== other.kind ||
      this.numLeaves !== other.numLeaves ||
      this.numNodes !== other.numNodes ||
      this.kids.length !== other.kids.length
    )
      return false;
    if (this.hashValue !== undefined && other.hashValue !== undefined && this.hashValue !== other.hashValue) return false;
    if (!this.sameNode(other)) return false;
    for (let i = 0; i < this.kids.length; i++) if (!this.kids[i].equals(other.kids[i])) return false;
    return true;
  }

  /** The root nodes agree (kind, arity, keys, class, aux data), children aside. */
  private sameNode(other: TreeDef): boolean {
    if (this.kind !== other.kind || this.kids.length !== other.kids.length) return false;
    switch (this.kind) {
      case "none":
        return this.noneValue === other.noneValue;
      case "dict": {
        const a = this.dictKeys!;
        const b = other.dictKeys!;
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
        return true;
      }
      case "namedtuple":
        return this.nodeData === other.nodeData;
      case "custom":
        return this.registration === other.registration && deepEqual(this.nodeData, other.nodeData);
      default:
        return true;
    }
  }

  /**
   * A structural hash consistent with `equals` (aux data is left out, since it
   * is compared by value). For bucketing cache entries; confirm with `equals`.
   */
  hash(): number {
    if (this.hashValue !== undefined) return this.hashValue;
    let h = mix(0x811c9dc5, ["leaf", "none", "list", "dict", "namedtuple", "custom"].indexOf(this.kind));
    h = mix(h, this.kids.length);
    if (this.kind === "none") h = mix(h, this.noneValue === null ? 1 : 2);
    if (this.dictKeys) for (const k of this.dictKeys) h = hashString(mix(h, 0x2f), k);
    if (this.registration) h = mix(h, this.registration.id);
    if (this.kind === "namedtuple") {
      const proto = this.nodeData as object;
      let id = protoIds.get(proto);
      if (id === undefined) protoIds.set(proto, (id = nextProtoId++));
      h = mix(h, id);
    }
    for (const k of this.kids) h = mix(h, k.hash());
    return (this.hashValue = h);
  }

  /** Prints as JAX does: `PyTreeDef({'bias': *, 'weights': *})`. */
  toString(): string {
    return (this.str ??= `PyTreeDef(${this.repr()})`);
  }

  [inspectSymbol](): string {
    return this.toString();
  }

  private repr(): string {
    const kids = (): string => this.kids.map((k) => k.repr()).join(", ");
    switch (this.kind) {
      case "leaf":
        return "*";
      case "none":
        return "None";
      case "list":
        return `[${kids()}]`;
      case "dict":
        return `{${this.dictKeys!.map((k, i) => `${reprString(k)}: ${this.kids[i].repr()}`).join(", ")}}`;
      case "namedtuple":
        return `CustomNode(namedtuple[${this.typeName}], [${kids()}])`;
      case "custom": {
        // JAX prints str(aux) for register_pytree_node and the meta tuple for dataclasses.
        const reg = this.registration!;
        const data = reg.kind === "dataclass" ? reprTuple(this.nodeData as unknown[]) : pyStr(this.nodeData);
        return `CustomNode(${reg.name}[${data}], [${kids()}])`;
      }
    }
  }

  /** Rebuilds a value of this structure from leaves (JAX's treedef.unflatten). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  unflatten(leaves: Iterable<unknown>): any {
    const arr = Array.isArray(leaves) ? leaves : Array.from(leaves);
    if (arr.length < this.numLeaves) {
      throw new ValueError(`Too few leaves for PyTreeDef; expected ${this.numLeaves}, got ${arr.length}`);
    }
    if (arr.length > this.numLeaves) {
      throw new ValueError(`Too many leaves for PyTreeDef; expected ${this.numLeaves}.`);
    }
    const pos = { i: 0 };
    return this.build(arr, pos);
  }

  private build(leaves: readonly unknown[], pos: { i: number }): unknown {
    switch (this.kind) {
      case "leaf":
        return leaves[pos.i++];
      case "none":
        return this.noneValue;
      case "list":
        return this.kids.map((k) => k.build(leaves, pos));
      case "dict": {
        const out: Record<string, unknown> = {};
        const keys = this.dictKeys!;
        for (let i = 0; i < keys.length; i++) {
          const v = this.kids[i].build(leaves, pos);
          // "__proto__" must become an own property, not the prototype.
          if (keys[i] === "__proto__")
            Object.defineProperty(out, keys[i], { value: v, writable: true, enumerable: true, configurable: true });
          else out[keys[i]] = v;
        }
        return out;
      }
      case "namedtuple": {
        const proto = this.nodeData as object;
        const fields = (proto as { [NAMEDTUPLE_FIELDS]: readonly string[] })[NAMEDTUPLE_FIELDS];
        // Built without calling the constructor, so subclasses with other constructor signatures rebuild too.
        const out = Object.create(proto) as Record<string, unknown>;
        for (let i = 0; i < fields.length; i++) out[fields[i]] = this.kids[i].build(leaves, pos);
        return out;
      }
      case "custom":
        return this.registration!.unflatten(
          this.nodeData,
          this.kids.map((k) => k.build(leaves, pos)),
        );
    }
  }

  /**
   * The subtrees of `t` at the positions of this treedef's leaves (JAX's
   * treedef.flatten_up_to): this structure must be a prefix of t's.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  flattenUpTo(t: unknown): any[] {
    return flattenUpToImpl(this, t);
  }

  /** This structure with every leaf replaced by `inner` (JAX's treedef.compose). */
  compose(inner: TreeDef): TreeDef {
    switch (this.kind) {
      case "leaf":
        return inner;
      case "none":
        return this;
      default:
        return new TreeDef(
          this.kind,
          this.kids.map((k) => k.compose(inner)),
          this.dictKeys,
          this.registration,
          this.nodeData,
          this.noneValue,
        );
    }
  }

  /** True if this structure is a prefix of `full`: equal down to this treedef's leaves. */
  isPrefixOf(full: TreeDef): boolean {
    if (this.kind === "leaf") return true;
    // Either None (null or undefined) is a prefix of either, as flattenUpTo accepts.
    if (this.kind === "none") return full.kind === "none";
    if (!this.sameNode(full)) return false;
    return this.kids.every((k, i) => k.isPrefixOf(full.kids[i]));
  }
}
