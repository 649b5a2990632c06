// TreeDef printing (exactly JAX's), equality, children, compose, prefixes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tree from "../../src/tree/index.ts";

const s = (t: unknown): string => tree.structure(t).toString();

describe("treedef strings match JAX", () => {
  it("goldens 001_seed_pytree_examples", () => {
    // Texts printed by JAX 0.11.2 for the seed notebook's pytrees.
    assert.equal(s([1, 2, 3]), "PyTreeDef([*, *, *])");
    assert.equal(s({ a: [1], b: [2] }), "PyTreeDef({'a': [*], 'b': [*]})");
    assert.equal(s({ a: 1, b: 2 }), "PyTreeDef({'a': *, 'b': *})");
    assert.equal(s({ weights: 1, bias: 2 }), "PyTreeDef({'bias': *, 'weights': *})");
    assert.equal(
      s([
        { W: 1, b: 0 },
        { W: 1, b: 0 },
      ]),
      "PyTreeDef([{'W': *, 'b': *}, {'W': *, 'b': *}])",
    );
  });

  it("goldens 002_seed_tree_flatten_unflatten", () => {
    const params = {
      weights: [
        [1, 2],
        [3, 4],
      ],
      bias: [0.5, 1.5],
    };
    const [, treedef] = tree.flatten(params, Array.isArray);
    assert.equal(treedef.toString(), "PyTreeDef({'bias': *, 'weights': *})");
    assert.equal(treedef.numLeaves, 2);
  });

  it("leaf, None, empty containers", () => {
    assert.equal(s(1), "PyTreeDef(*)");
    assert.equal(s("str"), "PyTreeDef(*)");
    assert.equal(s(null), "PyTreeDef(None)");
    assert.equal(s(undefined), "PyTreeDef(None)");
    assert.equal(s([]), "PyTreeDef([])");
    assert.equal(s({}), "PyTreeDef({})");
    assert.equal(s([1, null, [undefined, 2]]), "PyTreeDef([*, None, [None, *]])");
  });

  it("dict keys print with Python repr quoting", () => {
    assert.equal(s({ "it's": 1 }), `PyTreeDef({"it's": *})`);
    assert.equal(s({ 'a"b': 1 }), `PyTreeDef({'a"b': *})`);
    assert.equal(s({ "x\ny": 1 }), "PyTreeDef({'x\\ny': *})");
    assert.equal(s({ 10: 1, 9: 2 }), "PyTreeDef({'10': *, '9': *})");
  });

  it("namedTuple prints as JAX prints a NamedTuple", () => {
    const MLPParams = tree.namedTuple("MLPParams", ["w1", "b1", "w2", "b2"]);
    const p = new MLPParams({ w1: 1, b1: 2, w2: 3, b2: 4 });
    assert.equal(s(p), "PyTreeDef(CustomNode(namedtuple[MLPParams], [*, *, *, *]))");
    assert.equal(
      s({ p, q: [p] }),
      "PyTreeDef({'p': CustomNode(namedtuple[MLPParams], [*, *, *, *]), 'q': [CustomNode(namedtuple[MLPParams], [*, *, *, *])]})",
    );
  });

  it("registered node prints str(aux) like JAX's CustomNode", () => {
    class Box {
      constructor(
        readonly a: unknown,
        readonly b: unknown,
        readonly meta: unknown,
      ) {}
    }
    tree.registerNode(
      Box,
      (x) => [[x.a, x.b], x.meta] as const,
      (meta, [a, b]) => new Box(a, b, meta),
    );
    assert.equal(s(new Box(1, 2, "tag")), "PyTreeDef(CustomNode(Box[tag], [*, *]))");
    assert.equal(s(new Box(1, 2, null)), "PyTreeDef(CustomNode(Box[None], [*, *]))");
    assert.equal(s(new Box(1, 2, [1, "x", true])), "PyTreeDef(CustomNode(Box[[1, 'x', True]], [*, *]))");
    assert.equal(s(new Box(1, [2, 3], { k: 0.5 })), "PyTreeDef(CustomNode(Box[{'k': 0.5}], [*, [*, *]]))");
  });

  it("dataclass prints its meta fields as a tuple", () => {
    class MyStruct {
      constructor(
        public x: unknown,
        public y: unknown,
        public op: string,
      ) {}
    }
    tree.registerDataclass(MyStruct, ["x", "y"], ["op"]);
    assert.equal(s(new MyStruct(1, 2, "add")), "PyTreeDef(CustomNode(MyStruct[('add',)], [*, *]))");
    class NoMeta {
      constructor(public x: unknown) {}
    }
    tree.registerDataclass(NoMeta, ["x"], []);
    assert.equal(s(new NoMeta(1)), "PyTreeDef(CustomNode(NoMeta[()], [*]))");
    class TwoMeta {
      constructor(
        public x: unknown,
        public n: number,
        public name: string,
      ) {}
    }
    tree.registerDataclass(TwoMeta, ["x"], ["n", "name"]);
    assert.equal(s(new TwoMeta(1, 3, "a")), "PyTreeDef(CustomNode(TwoMeta[(3, 'a')], [*]))");
  });

  it("console.log shows the JAX string", async () => {
    const { inspect } = await import("node:util");
    assert.equal(inspect(tree.structure({ a: 1 })), "PyTreeDef({'a': *})");
  });
});

describe("treedef properties", () => {
  it("numLeaves and numNodes count like JAX", () => {
    const td = tree.structure([1, { a: 2, b: null }]);
    assert.equal(td.numLeaves, 2);
    // list, leaf, dict, leaf, None
    assert.equal(td.numNodes, 5);
    assert.equal(tree.structure(null).numNodes, 1);
    assert.equal(tree.structure(null).numLeaves, 0);
  });

  it("children", () => {
    const td = tree.structure([[1, 2], 3, { a: 4 }]);
    assert.deepEqual(td.children().map(String), ["PyTreeDef([*, *])", "PyTreeDef(*)", "PyTreeDef({'a': *})"]);
    assert.deepEqual(tree.treedefChildren(tree.structure(1)), []);
    assert.ok(td.children()[0].equals(tree.structure([5, 6])));
  });

  it("treedefIsLeaf / treedefIsStrictLeaf", () => {
    assert.equal(tree.treedefIsLeaf(tree.structure(1)), true);
    assert.equal(tree.treedefIsLeaf(tree.structure(null)), true); // as in JAX: one node
    assert.equal(tree.treedefIsStrictLeaf(tree.structure(null)), false);
    assert.equal(tree.treedefIsLeaf(tree.structure([1])), false);
    assert.equal(tree.structure(1).isLeaf(), true);
  });

  it("equals is structural", () => {
    assert.ok(tree.structure({ a: 1, b: [2, 3] }).equals(tree.structure({ b: ["x", "y"], a: 0 })));
    assert.ok(!tree.structure({ a: 1 }).equals(tree.structure({ b: 1 })));
    assert.ok(!tree.structure([1, 2]).equals(tree.structure([1, 2, 3])));
    assert.ok(!tree.structure([1]).equals(tree.structure({ 0: 1 })));
    assert.ok(!tree.structure([1]).equals("PyTreeDef([*])"));
    assert.ok(!tree.structure([1, [2]]).equals(tree.structure([1, 2])));
  });

  it("equals compares registered class identity and aux data by value", () => {
    class A {
      constructor(
        readonly v: unknown,
        readonly aux: unknown,
      ) {}
    }
    class B {
      constructor(
        readonly v: unknown,
        readonly aux: unknown,
      ) {}
    }
    for (const C of [A, B])
      tree.registerNode(
        C,
        (x) => [[x.v], x.aux] as const,
        (aux, [v]) => new C(v, aux),
      );
    assert.ok(tree.structure(new A(1, { k: [1, 2] })).equals(tree.structure(new A(2, { k: [1, 2] }))));
    assert.ok(!tree.structure(new A(1, { k: [1, 2] })).equals(tree.structure(new A(1, { k: [1, 3] }))));
    assert.ok(!tree.structure(new A(1, "x")).equals(tree.structure(new B(1, "x"))));
    assert.ok(tree.structure(new A(1, NaN)).equals(tree.structure(new A(1, NaN))));
  });

  it("equals: namedtuple classes with the same name and fields differ", () => {
    const P1 = tree.namedTuple("P", ["a"]);
    const P2 = tree.namedTuple("P", ["a"]);
    assert.equal(String(tree.structure(new P1({ a: 1 }))), String(tree.structure(new P2({ a: 1 }))));
    assert.ok(!tree.structure(new P1({ a: 1 })).equals(tree.structure(new P2({ a: 1 }))));
    assert.ok(tree.structure(new P1({ a: 1 })).equals(tree.structure(new P1({ a: 2 })._replace({ a: 5 }))));
  });

  it("null and undefined print alike but are distinct structures", () => {
    assert.equal(String(tree.structure(null)), String(tree.structure(undefined)));
    assert.ok(!tree.structure(null).equals(tree.structure(undefined)));
    assert.ok(tree.structure([null]).equals(tree.structure([null])));
  });

  it("hash agrees with equals", () => {
    const a = tree.structure({ x: [1, 2], y: null });
    const b = tree.structure({ y: null, x: ["p", "q"] });
    assert.equal(a.hash(), b.hash());
    assert.notEqual(a.hash(), tree.structure({ x: [1, 2], y: undefined }).hash());
    assert.notEqual(a.hash(), tree.structure({ x: [1, 2, 3], y: null }).hash());
    assert.ok(a.equals(b));
  });

  it("compose replaces leaves with the inner structure", () => {
    const outer = tree.structure([0, 0]);
    const inner = tree.structure({ a: 0, b: 0 });
    const c = outer.compose(inner);
    assert.equal(c.toString(), "PyTreeDef([{'a': *, 'b': *}, {'a': *, 'b': *}])");
    assert.equal(c.numLeaves, 4);
    assert.ok(
      c.equals(
        tree.structure([
          { a: 1, b: 1 },
          { a: 1, b: 1 },
        ]),
      ),
    );
  });

  it("treedefTuple builds a list of structures", () => {
    const td = tree.treedefTuple([tree.structure([1, 2]), tree.structure({ a: 1 })]);
    assert.ok(td.equals(tree.structure([[1, 2], { a: 1 }])));
  });

  it("treedefIsPrefix", () => {
    const full = tree.structure([{ a: 1, b: [2, 3] }, 4, null]);
    assert.ok(tree.treedefIsPrefix(tree.structure(0), full));
    assert.ok(tree.treedefIsPrefix(tree.structure([0, 0, null]), full));
    assert.ok(tree.treedefIsPrefix(tree.structure([{ a: 0, b: 0 }, 0, undefined]), full));
    assert.ok(tree.treedefIsPrefix(full, full));
    assert.ok(!tree.treedefIsPrefix(tree.structure([0, 0]), full));
    assert.ok(!tree.treedefIsPrefix(tree.structure([{ a: 0 }, 0, null]), full));
    assert.ok(!tree.treedefIsPrefix(full, tree.structure([0, 0, null])));
  });
});
