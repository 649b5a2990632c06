// Why one pytree is not a prefix of another, worded as JAX's _prefix_error:
// the first key path where their types, lengths, child keys or metadata
// differ. tree.map and mapWithPath raise it where a tree after the first
// does not have the first's structure as its prefix.
import { ValueError } from "../core/errors.ts";
import { structure, type IsLeafFn } from "./flatten.ts";
import { keystr, type KeyEntry } from "./keys.ts";
import { flattenOneLevelWithKeys } from "./one_level.ts";
import { pyRepr, pyStr, reprClass } from "./pyrepr.ts";
import { nodeTypeOf } from "./registry.ts";

/** Python's type(x) as JAX's message prints it: `<class 'list'>`, `<class 'NoneType'>`, a class's name. */
function pyType(x: unknown): string {
  const kind = nodeTypeOf(x);
  if (kind === "none") return "<class 'NoneType'>";
  if (kind === "list") return "<class 'list'>";
  if (kind === "dict") return "<class 'dict'>";
  if (typeof x === "number") return Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>";
  if (typeof x === "boolean") return "<class 'bool'>";
  if (typeof x === "string") return "<class 'str'>";
  return reprClass(typeof x === "object" && x !== null ? x.constructor : x);
}

/** The key an entry names (SequenceKey's index, DictKey's key, GetAttrKey's name). */
function entryName(k: KeyEntry): string {
  const e = k as { idx?: unknown; key?: unknown; name?: unknown };
  return pyStr(e.idx ?? e.key ?? e.name);
}

/** The first disagreement of `prefixTree` with `fullTree`, as a ValueError for a tree called `name`; null where it is a prefix. */
export function prefixError(
  prefixTree: unknown,
  fullTree: unknown,
  isLeaf?: IsLeafFn,
  keyPath: KeyEntry[] = [],
): ((name: string) => ValueError) | null {
  // A leaf is a prefix of any tree.
  if (structure(prefixTree, isLeaf).numNodes === 1 && nodeTypeOf(prefixTree) !== "none") return null;
  const at = (name: string) => `    ${name}${keystr(keyPath)}\n`;
  const [pt, ft] = [pyType(prefixTree), pyType(fullTree)];
  if (pt !== ft || nodeTypeOf(fullTree) === "leaf") {
    return (name) =>
      new ValueError(
        `pytree structure error: different types at key path\n${at(name)}At that key path, the prefix pytree ${name} has a subtree of type\n    ${pt}\nbut at the same key path the full pytree has a subtree of different type\n    ${ft}.`,
      );
  }
  const [pKids, pMeta] = flattenOneLevelWithKeys(prefixTree);
  const [fKids, fMeta] = flattenOneLevelWithKeys(fullTree);
  if (nodeTypeOf(prefixTree) === "list") {
    if (pKids.length !== fKids.length) {
      return (name) =>
        new ValueError(
          `pytree structure error: different lengths of list at key path\n${at(name)}At that key path, the prefix pytree ${name} has a subtree of type list of length ${pKids.length}, but the full pytree has a subtree of the same type but of length ${fKids.length}.`,
        );
    }
  } else if (pKids.length !== fKids.length) {
    const keys = (kids: Array<[KeyEntry, unknown]>) => kids.map(([k]) => entryName(k));
    const [pk, fk] = [keys(pKids), keys(fKids)];
    const diff = [...pk.filter((k) => !fk.includes(k)), ...fk.filter((k) => !pk.includes(k))];
    return (name) =>
      new ValueError(
        `pytree structure error: different numbers of pytree children at key path\n${at(name)}At that key path, the prefix pytree ${name} has a subtree of type\n    ${pt}\nwith ${pKids.length} child keys\n    ${pk.join(" ")}\nbut at the same key path the full pytree has a subtree of the same type but with ${fKids.length} child keys\n    ${fk.join(" ")}\nso the symmetric difference on key sets is\n    ${diff.join(" ")}`,
      );
  }
  const [pm, fm] = [metaString(pMeta), metaString(fMeta)];
  if (pm !== fm) {
    return (name) =>
      new ValueError(
        `pytree structure error: different pytree metadata at key path\n${at(name)}At that key path, the prefix pytree ${name} has a subtree of type\n    ${pt}\nwith metadata\n    ${pm}\nbut at the same key path the full pytree has a subtree of the same type but with metadata\n    ${fm}`,
      );
  }
  for (let i = 0; i < pKids.length; i++) {
    const err = prefixError(pKids[i][1], fKids[i][1], isLeaf, [...keyPath, pKids[i][0]]);
    if (err) return err;
  }
  return null;
}

/** A node's metadata as Python's str prints it (a dict's keys, a dataclass's metadata fields: tuples). */
function metaString(meta: unknown): string {
  if (Array.isArray(meta)) return `(${meta.map((k) => pyRepr(k)).join(", ")}${meta.length === 1 ? "," : ""})`;
  return typeof meta === "function" ? reprClass(meta) : pyStr(meta);
}
