// Key entries and keystr print exactly as jax.tree_util does.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import * as tree from "../../src/tree/index.ts";

describe("key entries", () => {
  it("str of each key class", () => {
    assert.equal(String(new tree.SequenceKey(0)), "[0]");
    assert.equal(String(new tree.DictKey("a")), "['a']");
    assert.equal(String(new tree.DictKey(3)), "[3]");
    assert.equal(String(new tree.DictKey("it's")), `["it's"]`);
    assert.equal(String(new tree.GetAttrKey("field")), ".field");
    assert.equal(String(new tree.FlattenedIndexKey(2)), "[<flat index 2>]");
  });

  it("repr of each key class", () => {
    assert.equal(inspect(new tree.SequenceKey(1)), "SequenceKey(idx=1)");
    assert.equal(inspect(new tree.DictKey("k")), "DictKey(key='k')");
    assert.equal(inspect(new tree.GetAttrKey("w")), "GetAttrKey(name='w')");
    assert.equal(inspect(new tree.FlattenedIndexKey(0)), "FlattenedIndexKey(key=0)");
  });

  it("equals", () => {
    assert.ok(new tree.DictKey("a").equals(new tree.DictKey("a")));
    assert.ok(!new tree.DictKey("a").equals(new tree.GetAttrKey("a")));
    assert.ok(new tree.SequenceKey(2).equals(new tree.SequenceKey(2)));
  });
});

describe("keystr", () => {
  const P = tree.namedTuple("P", ["field", "other"]);

  it("joins entries as JAX prints them", () => {
    const t = { a: [new P({ field: 1, other: 2 })], b: { W: 3 } };
    const [pairs] = tree.flattenWithPath(t);
    assert.deepEqual(
      pairs.map(([k, v]) => [tree.keystr(k), v]),
      [
        ["['a'][0].field", 1],
        ["['a'][0].other", 2],
        ["['b']['W']", 3],
      ],
    );
  });

  it("goldens 001: labels of pytree5", () => {
    const [pairs] = tree.flattenWithPath([
      { W: 1, b: 2 },
      { W: 3, b: 4 },
    ]);
    assert.deepEqual(
      pairs.map(([k]) => `pytree5${tree.keystr(k)}`),
      ["pytree5[0]['W']", "pytree5[0]['b']", "pytree5[1]['W']", "pytree5[1]['b']"],
    );
  });

  it("a root leaf has the empty path", () => {
    const [pairs] = tree.flattenWithPath(5);
    assert.deepEqual(pairs, [[[], 5]]);
    assert.equal(tree.keystr([]), "");
  });

  it("simple and separator options (newer JAX's keystr)", () => {
    const path = [new tree.DictKey("a"), new tree.SequenceKey(0), new tree.GetAttrKey("field")];
    assert.equal(tree.keystr(path, { simple: true, separator: "/" }), "a/0/field");
    assert.equal(tree.keystr(path, { separator: "," }), "['a'],[0],.field");
  });

  it("plain values as keys print with str, as JAX's keystr((0, 1, 'a', 'b'))", () => {
    assert.equal(tree.keystr([0, 1, "a", "b"]), "01ab");
  });

  it("paths are fresh arrays, safe to keep", () => {
    const pairs = tree.leavesWithPath({ a: [1, 2] });
    assert.notEqual(pairs[0][0], pairs[1][0]);
    assert.equal(pairs[0][0].length, 2);
  });
});
