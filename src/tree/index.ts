// jaxts.tree: pytrees (jax.tree and jax.tree_util). Containers are JS arrays
// (lists), plain objects (dicts, keys sorted), null/undefined (None),
// namedTuple classes and registered classes; everything else is a leaf.
export { TreeDef, TreeDef as PyTreeDef, type NodeKind } from "./treedef.ts";
export {
  flatten,
  unflatten,
  leaves,
  structure,
  flattenUpTo,
  flattenWithPath,
  leavesWithPath,
  type IsLeafFn,
  type IsLeafWithPathFn,
} from "./flatten.ts";
export {
  map,
  mapWithOptions,
  mapWithPath,
  mapWithPathOptions,
  reduce,
  all,
  transpose,
  broadcast,
  broadcastPrefix,
  allLeaves,
  treedefChildren,
  treedefIsLeaf,
  treedefIsStrictLeaf,
  treedefTuple,
  treedefIsPrefix,
  type MapOptions,
  type MapWithPathOptions,
} from "./ops.ts";
export {
  registerNode,
  registerNode as registerPytreeNode,
  registerPytreeWithKeys,
  registerPytreeNodeClass,
  registerDataclass,
  registerStatic,
  type Constructor,
  type FlattenFn,
  type FlattenWithKeysFn,
  type UnflattenFn,
} from "./registry.ts";
export { namedTuple, type NamedTupleClass, type NamedTupleInstance } from "./namedtuple.ts";
export {
  SequenceKey,
  DictKey,
  GetAttrKey,
  FlattenedIndexKey,
  keystr,
  type KeyEntry,
  type KeyPath,
  type BuiltInKeyEntry,
  type KeystrOptions,
} from "./keys.ts";
export type { LeafOf, MapLeaves } from "./types.ts";
export { Partial } from "./partial.ts";
export {
  flattenOneLevel,
  flattenOneLevelWithKeys,
  isTreeNode,
  reduceAssociative,
  registerPytreeWithKeysClass,
  defaultRegistry,
  type ReduceAssociativeOptions,
} from "./one_level.ts";
