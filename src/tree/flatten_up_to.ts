// flattenUpTo (JAX's treedef.flatten_up_to): cut a value at the leaves of a
// treedef that must be a prefix of the value's structure. tree.map, vmap's
// inAxes and every "prefix" argument go through here, so mismatches raise
// JAX's messages, naming the expected node and the value found.
import { ValueError } from "../core/errors.ts";
import { deepEqual } from "./equality.ts";
import { pyRepr, reprClass, reprTuple, sortedKeys } from "./pyrepr.ts";
import { NAMEDTUPLE_FIELDS, nodeTypeOf, type Registration } from "./registry.ts";
import type { TreeDef } from "./treedef.ts";

/** repr for error messages, capped so a big array does not swamp the message. */
function shortRepr(x: unknown): string {
  const s = pyRepr(x);
  return s.length > 400 ? `${s.slice(0, 400)}...` : s;
}

function auxRepr(reg: Registration, aux: unknown): string {
  return reg.kind === "dataclass" ? reprTuple(aux as unknown[]) : pyRepr(aux);
}

export function flattenUpToImpl(td: TreeDef, t: unknown): unknown[] {
  const out: unknown[] = [];
  walk(td, t, out);
  return out;
}

function walk(td: TreeDef, x: unknown, out: unknown[]): void {
  const kids = td.childDefs;
  switch (td.kind) {
    case "leaf":
      out.push(x);
      return;
    case "none":
      if (x !== null && x !== undefined) {
        throw new ValueError(
          `Expected None, got ${shortRepr(x)}.\n\n` +
            "In previous releases of JAX, flatten-up-to used to consider None to be a tree-prefix of non-None values. " +
            "To obtain the previous behavior, you can usually write:\n" +
            "  tree.mapWithOptions((x, y) => x == null ? null : f(x, y), [a, b], { isLeaf: (x) => x == null })",
        );
      }
      return;
    case "list": {
      if (nodeTypeOf(x) !== "list") throw new ValueError(`Expected list, got ${shortRepr(x)}.`);
      const xs = x as unknown[];
      if (xs.length !== kids.length) {
        throw new ValueError(`List arity mismatch: ${xs.length} != ${kids.length}; list: ${shortRepr(x)}.`);
      }
      for (let i = 0; i < xs.length; i++) walk(kids[i], xs[i], out);
      return;
    }
    case "dict": {
      if (nodeTypeOf(x) !== "dict") throw new ValueError(`Expected dict, got ${shortRepr(x)}.`);
      const keys = sortedKeys(x as object);
      const expected = td.dictKeys!;
      if (keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) {
        throw new ValueError(`Dict key mismatch; expected keys: ${pyRepr(expected)}; present keys: ${pyRepr(keys)}.`);
      }
      for (let i = 0; i < keys.length; i++) walk(kids[i], (x as Record<string, unknown>)[keys[i]], out);
      return;
    }
    case "namedtuple": {
      if (nodeTypeOf(x) !== "namedtuple") throw new ValueError(`Expected named tuple, got ${shortRepr(x)}.`);
      const fields = (x as { [NAMEDTUPLE_FIELDS]: readonly string[] })[NAMEDTUPLE_FIELDS];
      if (fields.length !== kids.length) {
        throw new ValueError(`Named tuple arity mismatch: ${fields.length} != ${kids.length}; tuple: ${shortRepr(x)}.`);
      }
      if (Object.getPrototypeOf(x) !== td.nodeData) {
        const cls = (td.nodeData as { constructor?: unknown }).constructor;
        throw new ValueError(`Named tuple type mismatch: expected type: ${reprClass(cls)}, tuple: ${shortRepr(x)}.`);
      }
      for (let i = 0; i < fields.length; i++) walk(kids[i], (x as Record<string, unknown>)[fields[i]], out);
      return;
    }
    case "custom": {
      const reg = td.registration!;
      const dc = reg.kind === "dataclass" ? " dataclass" : "";
      if (nodeTypeOf(x) !== reg) {
        throw new ValueError(`Custom${dc} node type mismatch: expected type: ${reprClass(reg.cls)}, value: ${shortRepr(x)}.`);
      }
      const [children, aux] = reg.flatten(x);
      if (!deepEqual(td.nodeData, aux)) {
        throw new ValueError(
          `Mismatch custom${dc} node data: ${auxRepr(reg, td.nodeData)} != ${auxRepr(reg, aux)}; value: ${shortRepr(x)}.`,
        );
      }
      if (children.length !== kids.length) {
        throw new ValueError(`Custom type arity mismatch: ${children.length} != ${kids.length}; value: ${shortRepr(x)}.`);
      }
      for (let i = 0; i < children.length; i++) walk(kids[i], children[i], out);
      return;
    }
  }
}
